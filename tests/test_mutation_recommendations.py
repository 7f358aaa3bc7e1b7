"""Recommendation conditions evaluated one by one on computed answers: whether each holds at its
limit, and the evidence, trigger and strength it gives, word for word."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.questionnaire import Condition
from alignment_cli.scoring.compute import compute
from alignment_cli.scoring.recommendations import Hit, evaluate, fallback_for, figure, recommend
from alignment_cli.scoring.types import Scored
from tests.scoring_cases import build, dimension, number, respondent, scored_pair, yes_no

EVIDENCE = {"contested_fact": 2.5, "absent": 1.25, "low_view": 1.75, "team_gap": 0.5}
TWO = [
    dimension(
        "d",
        number("d.a"),
        yes_no("d.y"),
        number("d.s", roles=["sales"], mirror="d.m"),
        number("d.m", roles=["marketing"]),
    )
]
DEFAULTS: dict[str, Any] = {"d.a": 70, "d.y": "yes", "d.s": 80, "d.m": 80}


def scored(sales: dict[str, Any], marketing: dict[str, Any]) -> Scored:
    q = build(TWO, rules={"evidence": EVIDENCE, "min_completeness": 0})
    return scored_pair(q, DEFAULTS | sales, DEFAULTS | marketing)


def check(
    when: dict[str, Any],
    sales: dict[str, Any] | None = None,
    marketing: dict[str, Any] | None = None,
    s: Scored | None = None,
) -> Hit | None:
    s = s or scored(sales or {}, marketing or {})
    return evaluate(Condition.model_validate(when), s.dimension("d"), s)


@pytest.mark.parametrize(
    ("value", "threshold", "shown"),
    [
        (49.8, 50, "49.8"),  # would read "50 is under 50"
        (49.4, 50, "49"),
        (50.0, 50, "50"),
        (50.2, 50, "50.2"),
        (60.6, 50, "61"),
    ],
)
def test_figure_keeps_a_decimal_only_where_rounding_would_meet_the_threshold(
    value: float, threshold: float, shown: str
) -> None:
    assert figure(value, threshold) == shown


@pytest.mark.parametrize(
    ("limit", "evidence"),
    [
        (79.7, None),  # the alignment as shown, 79.7, is not under 79.7
        (79.8, "D: alignment 80, under 79.8"),
        (80, "D: alignment 79.7, under 80"),
    ],
)
def test_alignment_below_word_for_word(limit: float, evidence: str | None) -> None:
    # Sales (59 + 100 + 80) / 3 = 79.67, Marketing (80 + 100 + 80) / 3 = 86.67: the alignment
    # is the lower side's score
    hit = check({"alignment_below": limit}, {"d.a": 59}, {"d.a": 80})
    if evidence is None:
        assert hit is None
    else:
        assert hit == Hit((evidence,), ("alignment_below",), 0.0, False)


def test_alignment_below_on_one_side_reads_score() -> None:
    q = build(TWO, rules={"min_completeness": 0})
    s = compute(q, [respondent("sales", DEFAULTS | {"d.a": 0, "d.y": "no"})])
    hit = check({"alignment_below": 30}, s=s)
    # one side: (0 + 0 + 80) / 3 = 26.7
    assert hit == Hit(("D: score 27, under 30",), ("alignment_below",), 0.0, False)
    assert check({"alignment_below": 26.6}, s=s) is None


@pytest.mark.parametrize(
    ("marketing", "limit", "evidence"),
    [
        (30, 20.1, ("D: Sales scores it 20, under 20.1", "D: Marketing scores it 20, under 20.1")),
        (33, 20.1, ("D: Sales scores it 20, under 20.1",)),
        (30, 20, ()),  # exactly at the limit is not under it
    ],
)
def test_score_below_names_every_side_under_the_limit(
    marketing: float, limit: float, evidence: tuple[str, ...]
) -> None:
    # Sales (30 + 0 + 30) / 3 = 20; Marketing (30 + 0 + 30) / 3 = 20 or (33 + 0 + 33) / 3 = 22
    s = scored({"d.a": 30, "d.y": "no", "d.s": 30}, {"d.a": marketing, "d.y": "no", "d.m": marketing})
    hit = check({"score_below": limit}, s=s)
    assert hit == (Hit(evidence, ("score_below",)) if evidence else None)


@pytest.mark.parametrize(("limit", "holds"), [(19.9, True), (20, True), (20.1, False)])
def test_gap_at_least_word_for_word(limit: float, holds: bool) -> None:
    # (40 + 0 + 40) / 3 = 26.7 and (70 + 0 + 70) / 3 = 46.7
    s = scored({"d.a": 40, "d.y": "no", "d.s": 40}, {"d.a": 70, "d.y": "no", "d.m": 70})
    assert s.dimension("d").gap == 20.0
    hit = check({"gap_at_least": limit}, s=s)
    if holds:
        assert hit == Hit(
            (f"D: Sales scores it 27 and Marketing 47, {figure(20, limit)} points apart",), ("gap_at_least",)
        )
    else:
        assert hit is None


def test_contested_word_for_word_and_its_weight() -> None:
    hit = check({"contested": "d.y"}, {"d.y": "no"}, {"d.y": "yes"})
    assert hit == Hit(
        ("Asked “Is there d.y?”, Sales answered “No” and Marketing “Yes”",), ("contested:d.y",), 2.5, True
    )
    assert check({"contested": "d.y"}, {"d.y": "yes"}, {"d.y": "yes"}) is None


def test_no_contested_fact_with_one_side() -> None:
    q = build(TWO, rules={"min_completeness": 0})
    s = compute(q, [respondent("sales", DEFAULTS | {"d.y": "no"})])
    assert check({"contested": "d.y"}, s=s) is None


@pytest.mark.parametrize(
    ("answer", "sales", "marketing", "said"),
    [
        ({"in": ["no"]}, "no", "no", "Sales answered “No” and Marketing answered “No”"),
        ({"in": ["no"]}, "no", "yes", None),
        ({"in": ["no"]}, "yes", "no", None),
        ({"in": ["no"], "side": "either"}, "yes", "no", "Marketing answered “No”"),
        ({"in": ["no"], "side": "either"}, "yes", "yes", None),
        ({"in": ["no"], "side": "sales"}, "no", "yes", "Sales answered “No”"),
        ({"in": ["no"], "side": "marketing"}, "no", "yes", None),
    ],
)
def test_an_answer_condition_on_a_fact(
    answer: dict[str, Any], sales: str, marketing: str, said: str | None
) -> None:
    hit = check({"answer": {"question": "d.y"} | answer}, {"d.y": sales}, {"d.y": marketing})
    if said is None:
        assert hit is None
    else:
        assert hit == Hit((f"Asked “Is there d.y?”, {said}",), ("answer:d.y",), 1.25, True)


@pytest.mark.parametrize(
    ("answer", "value", "holds"),
    [
        ({"below": 50}, 49.9, True),
        ({"below": 50}, 50, False),
        ({"at_least": 50}, 50, True),
        ({"at_least": 50}, 49.9, False),
        ({"below": 60, "at_least": 50}, 55, True),
        ({"below": 60, "at_least": 50}, 60, False),
        ({"below": 60, "at_least": 50}, 45, False),
        ({"in": [55]}, 55, True),
        ({"in": [55], "below": 50}, 55, False),
    ],
)
def test_an_answer_condition_on_a_number(answer: dict[str, Any], value: float, holds: bool) -> None:
    hit = check({"answer": {"question": "d.a"} | answer}, {"d.a": value}, {"d.a": value})
    assert (hit is not None) is holds


def test_a_side_that_did_not_answer_is_not_asked_to_match() -> None:
    hit = check({"answer": {"question": "d.a", "below": 50}}, {"d.a": 10}, {"d.a": None})
    assert hit is not None and hit.evidence == ("Asked “Share d.a.”, Sales answered “10”",)
    assert check({"answer": {"question": "d.a", "below": 50}}, {"d.a": None}, {"d.a": None}) is None


def split_side(q_answers: list[Any], other: Any) -> Scored:
    q = build(TWO, rules={"min_completeness": 0})
    sales = [respondent("sales", DEFAULTS | {"d.y": a}, name=f"s{i}") for i, a in enumerate(q_answers)]
    return compute(q, [*sales, respondent("marketing", DEFAULTS | {"d.y": other})])


def test_a_split_side_has_no_answer_to_match() -> None:
    s = split_side(["no", "yes"], "no")
    assert check({"answer": {"question": "d.y", "in": ["no"]}}, s=s) is None
    hit = check({"answer": {"question": "d.y", "in": ["no"], "side": "either"}}, s=s)
    assert hit is not None and hit.evidence == ("Asked “Is there d.y?”, Marketing answered “No”",)
    assert check({"agreed": {"question": "d.y", "in": ["no", "yes"]}}, s=s) is None


@pytest.mark.parametrize(
    ("sales", "marketing", "holds"),
    [
        ("yes", "yes", True),
        ("yes", "no", False),
        ("no", "yes", False),
        ("no", "no", False),
    ],
)
def test_agreed_needs_both_sides_in_the_list(sales: str, marketing: str, holds: bool) -> None:
    hit = check({"agreed": {"question": "d.y", "in": ["yes"]}}, {"d.y": sales}, {"d.y": marketing})
    if holds:
        assert hit == Hit(("Both sides answered “Yes” to “Is there d.y?”",), ("agreed:d.y",), 0.0, True)
    else:
        assert hit is None


def test_agreed_needs_an_answer_from_each_side() -> None:
    assert check({"agreed": {"question": "d.y", "in": ["yes"]}}, {"d.y": "yes"}, {"d.y": None}) is None


@pytest.mark.parametrize(
    ("item", "sales", "marketing", "holds"),
    [
        ("d.s", 80, 50, False),
        ("d.s", 80, 49, True),
        ("d.s", 49, 80, True),
        ("d.m", 80, 49, True),  # named by the other item of the pair
        ("d.m", 50, 50, False),
    ],
)
def test_low_view_on_either_item_of_the_pair(item: str, sales: float, marketing: float, holds: bool) -> None:
    hit = check({"low_view": item}, {"d.s": sales}, {"d.m": marketing})
    if not holds:
        assert hit is None
        return
    first, second = (("Sales", "d.s", sales), ("Marketing", "d.m", marketing))
    if item == "d.m":
        first, second = second, first
    words = " and ".join(
        f"{side} rates “Share {qid}.” {value:.0f}/100" for side, qid, value in (first, second)
    )
    assert hit == Hit((words,), (f"low_view:{item}",), 1.75, True)


def test_low_view_needs_both_answers() -> None:
    assert check({"low_view": "d.s"}, {"d.s": 10}, {"d.m": None}) is None
    assert check({"low_view": "d.m"}, {"d.s": None}, {"d.m": 10}) is None


def with_teams(sales_head: float, sales_rest: float, marketing_head: float, marketing_rest: float) -> Scored:
    q = build(TWO, rules={"evidence": EVIDENCE, "min_completeness": 0})
    people = []
    for role, head, rest in (
        ("sales", sales_head, sales_rest),
        ("marketing", marketing_head, marketing_rest),
    ):
        people.append(respondent(role, DEFAULTS | {"d.a": head}, head=True, name=f"{role}-h"))
        people += [respondent(role, DEFAULTS | {"d.a": rest}, name=f"{role}{i}") for i in range(3)]
    return compute(q, people)


def test_team_gap_names_each_side_and_weighs_per_side() -> None:
    # d.a is one of the three items each side answers: (100 + 100 + 80) / 3 = 93.3 against
    # (40 + 100 + 80) / 3 = 73.3, exactly the large gap
    s = with_teams(100, 40, 100, 40)
    hit = check({"team_gap": True}, s=s)
    assert hit == Hit(
        (
            "D: the head of Sales sees it at 93, the rest of Sales at 73",
            "D: the head of Marketing sees it at 93, the rest of Marketing at 73",
        ),
        ("team_gap",),
        1.0,
        True,
    )
    assert check({"team_gap": False}, s=s) is None


@pytest.mark.parametrize(("rest", "one_side"), [(40.3, False), (40, True)])
def test_team_gap_at_its_limit(rest: float, one_side: bool) -> None:
    s = with_teams(100, rest, 100, 100)
    hit = check({"team_gap": True}, s=s)
    assert (hit is not None) is one_side
    if hit is not None:
        assert hit.strength == 0.5 and len(hit.evidence) == 1
    quiet = check({"team_gap": False}, s=s)
    assert (quiet == Hit((), ("team_gap",), 0.0, False)) is not one_side


def test_team_gap_false_holds_without_heads() -> None:
    assert check({"team_gap": False}) == Hit((), ("team_gap",), 0.0, False)
    assert check({"team_gap": True}) is None


def test_any_gives_the_first_that_holds_and_all_adds_them_up() -> None:
    s = scored({"d.y": "no"}, {"d.y": "yes"})
    contested = check({"contested": "d.y"}, s=s)
    agreed_no = {"agreed": {"question": "d.y", "in": ["maybe"]}}
    assert check({"any": [agreed_no, {"contested": "d.y"}, {"gap_at_least": 0}]}, s=s) == contested
    assert check({"any": [agreed_no]}, s=s) is None
    assert check({"all": [{"contested": "d.y"}, {"team_gap": False}]}, s=s) == Hit(
        ("Asked “Is there d.y?”, Sales answered “No” and Marketing “Yes”",),
        ("contested:d.y", "team_gap"),
        2.5,
        True,
    )
    assert check({"all": [{"contested": "d.y"}, agreed_no]}, s=s) is None


def test_every_part_of_a_condition_must_hold() -> None:
    s = scored({"d.y": "no"}, {"d.y": "yes"})
    both = check({"contested": "d.y", "gap_at_least": 0}, s=s)
    assert both is not None and both.trigger == ("gap_at_least", "contested:d.y")
    assert both.strength == 2.5 and both.specific is True
    assert check({"contested": "d.y", "gap_at_least": 90}, s=s) is None


def test_hits_add_up() -> None:
    a = Hit(("a",), ("x",), 1.5, False)
    b = Hit(("b", "c"), ("y",), 0.25, True)
    assert a + b == Hit(("a", "b", "c"), ("x", "y"), 1.75, True)
    assert (a + a).specific is False


RULES = [
    {"id": "threshold", "dimension": "d", "when": {"gap_at_least": 0}, "title": "T", "actions": ["A"]},
    {"id": "named", "dimension": "d", "when": {"contested": "d.y"}, "title": "N", "actions": ["B"]},
    {"id": "other", "dimension": "e", "when": {"gap_at_least": 0}, "title": "O", "actions": ["C"]},
]


def test_a_threshold_rule_gives_way_to_a_specific_one_in_its_own_area_only() -> None:
    q = build([*TWO, dimension("e", number("e.a"))], recommendations=RULES, rules={"min_completeness": 0})
    contested = scored_pair(q, DEFAULTS | {"d.y": "no", "e.a": 1}, DEFAULTS | {"e.a": 1})
    assert [(f.rule.id, f.order, f.fallback) for f in recommend(contested)] == [
        ("named", 1, False),
        ("other", 2, True),
    ]
    agreed = scored_pair(q, DEFAULTS | {"e.a": 1}, DEFAULTS | {"e.a": 1})
    assert [(f.rule.id, f.order, f.fallback) for f in recommend(agreed)] == [
        ("threshold", 0, True),
        ("other", 2, True),
    ]


def test_the_fallback_step_is_the_marked_rule_or_else_the_first() -> None:
    marked = [RULES[1], RULES[0] | {"fallback": True}]
    for recs, expected in ((RULES, ("threshold", 0)), (marked, ("threshold", 1))):
        q = build([*TWO, dimension("e", number("e.a"))], recommendations=recs, rules={"min_completeness": 0})
        s = scored_pair(q, DEFAULTS | {"e.a": 1}, DEFAULTS | {"e.a": 1})
        step = fallback_for(s, s.dimension("d"), 74.96, 75)
        assert step is not None
        assert (step.rule.id, step.order, step.fallback) == (*expected, True)
        assert step.hit == Hit(
            ("D: alignment 75.0 of 100, with no single answer that points to a more specific step",),
            ("priority",),
            0.0,
            False,
        )


def test_the_fallback_step_without_a_figure_or_a_rule() -> None:
    q = build(
        [*TWO, dimension("e", number("e.a"))], recommendations=[RULES[0]], rules={"min_completeness": 0}
    )
    one_side = compute(q, [respondent("sales", DEFAULTS | {"e.a": 1})])
    step = fallback_for(one_side, one_side.dimension("d"), None, 75)
    assert step is not None and step.hit.evidence == (
        "D: score – of 100, with no single answer that points to a more specific step",
    )
    assert fallback_for(one_side, one_side.dimension("e"), 10, 75) is None


def test_agreed_on_two_accepted_answers_quotes_each_side() -> None:
    q = build(
        [
            dimension(
                "d",
                number("d.a"),
                {
                    "id": "d.c",
                    "kind": "choice",
                    "fact": True,
                    "text": "How often?",
                    "options": [
                        {"value": "daily", "label": "Daily", "score": 100},
                        {"value": "weekly", "label": "Weekly", "score": 80},
                        {"value": "never", "label": "Never", "score": 0},
                    ],
                },
            )
        ]
    )
    s = scored_pair(q, {"d.a": 1, "d.c": "weekly"}, {"d.a": 1, "d.c": "daily"})
    hit = check({"agreed": {"question": "d.c", "in": ["daily", "weekly"]}}, s=s)
    assert hit == Hit(
        ("Sales answered “Weekly” and Marketing “Daily” to “How often?”",), ("agreed:d.c",), 0.0, True
    )


def test_an_answer_condition_reads_the_second_side_when_the_first_is_silent() -> None:
    hit = check({"answer": {"question": "d.a", "below": 50}}, {"d.a": None}, {"d.a": 10})
    assert hit is not None and hit.evidence == ("Asked “Share d.a.”, Marketing answered “10”",)


@pytest.mark.parametrize(("sales", "marketing", "holds"), [(50, 60, False), (50, 60.5, True)])
def test_a_contested_number_fact_within_the_tolerance(sales: float, marketing: float, holds: bool) -> None:
    q = build([dimension("d", number("d.a"), number("d.f", fact=True))])
    s = scored_pair(q, {"d.a": 1, "d.f": sales}, {"d.a": 1, "d.f": marketing})
    assert (check({"contested": "d.f"}, s=s) is not None) is holds


def test_alignment_below_needs_an_alignment_when_both_sides_answered() -> None:
    q = build(
        [dimension("d", number("d.a"), number("d.b")), dimension("e", number("e.a"))],
        rules={"min_completeness": 0, "measurable_share": 0.5},
    )
    s = scored_pair(q, {"d.a": 10, "d.b": 10, "e.a": 1}, {"e.a": 1})
    # Sales scores d at 10, Marketing not at all: no alignment, so nothing is under 60
    assert s.dimension("d").scores == {"sales": 10.0, "marketing": None}
    assert check({"alignment_below": 60}, s=s) is None


def test_figures_keep_a_decimal_at_the_limit_in_scores_and_gaps() -> None:
    s = scored({"d.a": 49.4, "d.y": "no", "d.s": 100}, {"d.a": 100, "d.y": "no", "d.m": 100})
    # Sales (49.4 + 0 + 100) / 3 = 49.8: "49.8 is under 50", not "50 is under 50"
    assert check({"score_below": 50}, s=s) == Hit(("D: Sales scores it 49.8, under 50",), ("score_below",))
    # Sales (20 + 0 + 100) / 3 = 40, Marketing (71.9 + 0 + 100) / 3 = 57.3: 17.3 apart
    s = scored({"d.a": 20, "d.y": "no", "d.s": 100}, {"d.a": 71.9, "d.y": "no", "d.m": 100})
    assert check({"gap_at_least": 17}, s=s) == Hit(
        ("D: Sales scores it 40 and Marketing 57, 17.3 points apart",), ("gap_at_least",)
    )


def test_team_gap_on_the_second_side_only() -> None:
    # no head on the Sales side, so no head and team figures there to compare
    q = build(TWO, rules={"evidence": EVIDENCE, "min_completeness": 0})
    people = [respondent("sales", DEFAULTS, name=f"s{i}") for i in range(4)]
    people.append(respondent("marketing", DEFAULTS | {"d.a": 100}, head=True, name="mh"))
    people += [respondent("marketing", DEFAULTS | {"d.a": 40}, name=f"m{i}") for i in range(3)]
    hit = check({"team_gap": True}, s=compute(q, people))
    assert hit is not None and hit.evidence == (
        "D: the head of Marketing sees it at 93, the rest of Marketing at 73",
    )
