"""What computing gives for given answers, checked by hand: each side's view of an area (score,
spread, agreement, head and team figures and their suppression), the area's status, Cronbach's
alpha and its notes, own-focus items in words, who answered, comments, dates and stages.

These pin the outputs only, so they hold for any way of computing them."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest

from alignment_cli.model.result import SideDimension, SideSummary, StageBand
from alignment_cli.scoring.compute import compute, dates, organization_of, stage_bands
from alignment_cli.scoring.pipeline import score
from tests.scoring_cases import build, dimension, heads, number, respondent, yes_no

LIKERT = {"kind": "likert"}
SCALE = {"min": 1, "max": 5, "labels": {1: "No", 3: "Mid", 5: "Yes"}}


def likert(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "text": f"We {qid}."} | LIKERT | extra


TWO_LIKERT = [dimension("d", likert("d.l1"), likert("d.l2"))]


def side_of_five(east_has_x: bool) -> list[Any]:
    """A head (100), three of team east (50, 75, 62.5) and x (25), on a 1-5 scale."""
    return [
        respondent("sales", {"d.l1": 5, "d.l2": 5}, head=True, name="H"),
        respondent("sales", {"d.l1": 3, "d.l2": 3}, team="east", name="E1"),
        respondent("sales", {"d.l1": 4, "d.l2": 4}, team="east", name="E2"),
        respondent("sales", {"d.l1": 3, "d.l2": 4}, team="east", name="E3"),
        respondent("sales", {"d.l1": 2, "d.l2": 2}, team="east" if east_has_x else "west", name="X"),
    ]


@pytest.mark.parametrize(
    ("east_has_x", "teams"),
    [
        (True, {"east": 53.1}),  # (50 + 75 + 62.5 + 25) / 4
        (False, {"east": None}),  # the rest less east would be X alone: east is withheld
    ],
)
def test_a_sides_view_by_hand(east_has_x: bool, teams: dict[str, float | None]) -> None:
    q = build(TWO_LIKERT, scale=SCALE)
    s = compute(q, [*side_of_five(east_has_x), respondent("marketing", {"d.l1": 4, "d.l2": 4})])
    (d,) = s.dimensions
    # rwg: both items have variance 1.3 against the uniform 2: ratio 0.65, J = 2:
    # 2 * 0.35 / (2 * 0.35 + 0.65) = 0.52; sd of 100, 50, 75, 62.5, 25 is sqrt(781.25) = 28.0
    assert d.sides["sales"] == SideDimension(
        score=62.5,
        respondents=5,
        answered=10,
        asked=10,
        dont_know=0,
        sd=28.0,
        rwg=0.52,
        head_score=100.0,
        team_score=53.1,
        teams=teams,
    )
    assert d.sides["marketing"] == SideDimension(score=75.0, respondents=1, answered=2, asked=2, teams={})
    assert (d.status, d.scores, d.gap, d.alignment) == (
        "scored",
        {"sales": 62.5, "marketing": 75.0},
        12.5,
        62.5,
    )
    assert d.answered == {"sales": 10, "marketing": 2}
    assert s.index == 62.5
    assert s.respondents["sales"] == SideSummary(
        respondents=5,
        complete=5,
        heads=1,
        teams={"east": 4} if east_has_x else {"east": 3},
        folded_teams=[] if east_has_x else ["west"],
        names=None,
    )
    assert s.respondents["marketing"].names == [] and s.respondents["marketing"].heads == 0


@pytest.mark.parametrize(("others", "shown"), [(3, True), (2, False)])
def test_head_and_rest_only_with_enough_others(others: int, shown: bool) -> None:
    q = build([dimension("d", number("d.a"))])
    people = [respondent("sales", {"d.a": 90}, head=True)]
    people += [respondent("sales", {"d.a": 30 + i}) for i in range(others)]
    view = compute(q, [*people, respondent("marketing", {"d.a": 1})]).dimensions[0].sides["sales"]
    assert (view.head_score, view.team_score) == ((90.0, 31.0) if shown else (None, None))


def test_a_team_under_the_minimum_is_folded_and_one_at_it_is_shown() -> None:
    q = build([dimension("d", number("d.a"))])
    people = [
        respondent("sales", {"d.a": 10 * i}, team="a" if i < 3 else "b", name=f"s{i}") for i in range(6)
    ]
    s = compute(q, [*people, respondent("marketing", {"d.a": 1})], min_group_size=3)
    assert s.dimensions[0].sides["sales"].teams == {"a": 10.0, "b": 40.0}
    s = compute(q, [*people, respondent("marketing", {"d.a": 1})], min_group_size=4)
    assert s.dimensions[0].sides["sales"].teams == {}
    assert s.respondents["sales"].folded_teams == ["a", "b"]


def test_names_with_show_names_or_a_single_respondent() -> None:
    q = build([dimension("d", number("d.a"))])
    people = [
        respondent("sales", {"d.a": 1}, name="Zed"),
        respondent("sales", {"d.a": 1}),
        respondent("sales", {"d.a": 1}, name="Amy"),
        respondent("marketing", {"d.a": 1}, name="Mo"),
    ]
    assert compute(q, people, show_names=True).respondents["sales"].names == ["Amy", "Zed"]
    hidden = compute(q, people)
    assert hidden.respondents["sales"].names is None
    assert hidden.respondents["marketing"].names == ["Mo"]


def test_a_respondent_without_a_score_counts_for_nothing() -> None:
    q = build([dimension("d", number("d.a"), number("d.b"), number("d.c"))], rules={"min_completeness": 0})
    people = [
        respondent("sales", {"d.a": 20, "d.b": 40}),
        respondent("sales", {"d.a": 60, "d.b": None, "d.c": None}),
        respondent("marketing", {"d.a": 50, "d.b": 50, "d.c": 50}),
    ]
    view = compute(q, people).dimensions[0].sides["sales"]
    # the second answered one of three (under half): no score, but its answers are counted
    assert view == SideDimension(
        score=30.0, respondents=1, answered=3, asked=6, dont_know=2, sd=None, rwg=None, teams={}
    )


def test_not_applicable_is_neither_answered_nor_asked() -> None:
    q = build([dimension("d", number("d.a"), yes_no("d.b", fact=False, allow_na=True))])
    s = compute(
        q,
        [respondent("sales", {"d.a": 40, "d.b": "n/a"}), respondent("marketing", {"d.a": 60, "d.b": "yes"})],
    )
    d = s.dimensions[0]
    assert (d.sides["sales"].answered, d.sides["sales"].asked) == (1, 1)
    assert d.scores == {"sales": 40.0, "marketing": 80.0}


def test_each_status() -> None:
    q = build(
        [
            dimension("d", number("d.a"), number("d.b")),
            dimension("p", number("p.a", gap_expected=True)),
            dimension("e", number("e.a")),
        ],
        rules={"min_completeness": 0},
    )
    both = compute(
        q,
        [
            respondent("sales", {"d.a": 1, "p.a": 1, "e.a": 5}),
            respondent("marketing", {"d.a": 1, "d.b": 1, "p.a": 1, "e.a": 9}),
        ],
    )
    assert [(d.status, d.gap, d.alignment) for d in both.dimensions] == [
        ("scored", 0.0, 1.0),
        ("profile", None, None),
        ("scored", 4.0, 5.0),
    ]
    half = compute(
        q, [respondent("sales", {"e.a": 5}), respondent("marketing", {"d.a": 1, "d.b": 1, "e.a": 9})]
    )
    assert half.dimensions[0].status == "insufficient"
    assert half.index == 5.0
    one = compute(q, [respondent("sales", {"d.a": 1, "e.a": 5})])
    assert [d.status for d in one.dimensions] == ["one-side", "profile", "one-side"]
    assert one.index is None


def test_the_gap_and_alignment_keep_their_decimals_until_shown() -> None:
    q = build([dimension("d", number("d.a"), number("d.b"), number("d.c"))])
    s = compute(
        q,
        [
            respondent("sales", {"d.a": 10, "d.b": 10, "d.c": 11}),
            respondent("marketing", {"d.a": 20, "d.b": 20, "d.c": 20}),
        ],
    )
    # 10.333 and 20: the gap 9.667, shown 9.7; the alignment 10.333, shown 10.3
    d = s.dimensions[0]
    assert (d.scores["sales"], d.gap, d.alignment) == (10.3, 9.7, 10.3)
    assert s.index == pytest.approx(31 / 3)


# --- alpha ---------------------------------------------------------------------------------------

THREE_LIKERT = [
    dimension(
        "d",
        likert("d.l1"),
        likert("d.l2"),
        likert("d.l3"),
        likert("d.own", gap_expected=True),
        likert("d.s", roles=["sales"]),
    )
]


def alpha_of(rows: list[tuple[int, int, int]], marketing: int = 1, **rules: Any) -> Any:
    q = build(THREE_LIKERT, scale=SCALE, rules={"min_completeness": 0} | rules)
    people = [
        respondent("sales", {"d.l1": a, "d.l2": b, "d.l3": c, "d.own": 3, "d.s": 3}, name=f"s{i}")
        for i, (a, b, c) in enumerate(rows)
    ]
    people += [
        respondent("marketing", {"d.l1": 3, "d.l2": 3, "d.l3": 3}, name=f"m{i}") for i in range(marketing)
    ]
    d = compute(q, people).dimensions[0]
    return d.alpha, d.alpha_note


CONSISTENT = [(1, 2, 2), (2, 2, 3), (3, 3, 3), (4, 4, 5), (5, 4, 5)]


def test_alpha_over_both_sides_with_its_value() -> None:
    # the five sales rows and one marketing row (3, 3, 3), on 0-100: 0.9628 on the five alone
    alpha, note = alpha_of(CONSISTENT)
    assert note is None and alpha == 0.96


@pytest.mark.parametrize(
    ("rows", "rules", "note"),
    [
        (CONSISTENT[:4], {}, "fewer than 5 respondents on either side"),
        ([*CONSISTENT[:4], (3, 3, 3)], {"alpha_min_items": 4}, "fewer than 4 statements asked of both sides"),
        ([(3, 3, 3)] * 5, {}, "answers do not vary, so reliability cannot be computed"),
        (
            [(1, 5, 3), (5, 1, 3), (2, 4, 3), (4, 2, 3), (3, 3, 4)],
            {},
            "the items pull in different directions here (alpha is below zero): read them one by one "
            "rather than as one score",
        ),
    ],
)
def test_alpha_notes(rows: list[tuple[int, int, int]], rules: dict[str, Any], note: str) -> None:
    alpha, given = alpha_of(rows, marketing=0 if "vary" in note else 1, **rules)
    assert given == note
    assert (alpha is not None and alpha < 0) is ("below zero" in note)


def test_alpha_counts_only_respondents_who_answered_every_item() -> None:
    q = build(THREE_LIKERT, scale=SCALE, rules={"min_completeness": 0})
    people = [
        respondent("sales", {"d.l1": a, "d.l2": b, "d.l3": c}, name=f"s{i}")
        for i, (a, b, c) in enumerate(CONSISTENT)
    ]
    people[0] = respondent("sales", {"d.l1": 1, "d.l2": 2, "d.l3": None}, name="s0")
    d = compute(q, people).dimensions[0]
    assert (d.alpha, d.alpha_note) == (None, "only 4 respondents answered every item; 5 needed")


def test_alpha_with_the_minimum_respondents_lowered() -> None:
    alpha, note = alpha_of(CONSISTENT[:4], marketing=0, alpha_min_respondents=4)
    assert note is None and alpha is not None and alpha > 0.9


# --- own-focus items -----------------------------------------------------------------------------


def test_own_focus_items_in_words() -> None:
    q = build(
        [
            dimension(
                "d",
                number("d.a"),
                likert("d.own", gap_expected=True),
                {
                    "id": "d.kind",
                    "kind": "choice",
                    "gap_expected": True,
                    "text": "Which?",
                    "options": [
                        {"value": "x", "label": "Ex", "score": 10},
                        {"value": "y", "label": "Why", "score": 30},
                    ],
                },
            )
        ],
        scale=SCALE,
        rules={"min_completeness": 0},
    )
    people = [
        respondent("sales", {"d.a": 1, "d.own": 5, "d.kind": "x"}, name="a"),
        respondent("sales", {"d.a": 1, "d.own": 4, "d.kind": "y"}, name="b"),
        respondent("marketing", {"d.a": 1, "d.own": None, "d.kind": "y"}),
    ]
    own, kind = compute(q, people).dimensions[0].expected_differences
    assert (own.question, own.text) == ("d.own", "We d.own.")
    assert own.views == {"sales": "Yes (4.5)", "marketing": "Don't know"}
    assert own.means == {"sales": 4.5, "marketing": None}
    assert own.scores == {"sales": 87.5, "marketing": None}
    assert kind.views == {"sales": "split", "marketing": "Why"}
    assert kind.means == {"sales": None, "marketing": None}
    assert kind.scores == {"sales": 20.0, "marketing": 30.0}


@pytest.mark.parametrize(
    ("answers", "view"),
    [
        ([4, 2], "Mid (3.0)"),
        ([4, 5], "Yes (4.5)"),
        ([4, 4], "Mid (4.0)"),  # halfway between two labels: the lower
        ([], "no answer"),
    ],
)
def test_own_focus_nearest_label(answers: list[int], view: str) -> None:
    q = build(
        [dimension("d", number("d.a"), likert("d.own", gap_expected=True))],
        scale=SCALE,
        rules={"min_completeness": 0},
    )
    people = [respondent("sales", {"d.a": 1, "d.own": a}, name=f"s{i}") for i, a in enumerate(answers)]
    people.append(respondent("marketing", {"d.a": 1}))
    if not answers:
        people.append(respondent("sales", {"d.a": 1}))
    (own,) = compute(q, people).dimensions[0].expected_differences
    assert own.views["sales"] == view


def test_own_focus_mean_to_one_decimal() -> None:
    q = build(
        [dimension("d", number("d.a"), likert("d.own", gap_expected=True))],
        scale=SCALE,
        rules={"min_completeness": 0},
    )
    people = [respondent("sales", {"d.a": 1, "d.own": a}, name=f"s{i}") for i, a in enumerate([4, 5, 5])]
    (own,) = compute(q, [*people, respondent("marketing", {"d.a": 1})]).dimensions[0].expected_differences
    assert own.means["sales"] == 4.7 and own.views["sales"] == "Yes (4.7)"


def test_own_focus_without_labels_is_the_number() -> None:
    q = build(
        [dimension("d", number("d.a"), likert("d.own", gap_expected=True))],
        scale={"min": 1, "max": 5},
        rules={"min_completeness": 0},
    )
    (own,) = (
        compute(q, [respondent("sales", {"d.a": 1, "d.own": 2}), respondent("marketing", {"d.a": 1})])
        .dimensions[0]
        .expected_differences
    )
    assert own.views == {"sales": "2.0", "marketing": "no answer"}


# --- around the scores ---------------------------------------------------------------------------


def test_stage_bands_with_their_upper_ends_and_colours() -> None:
    q = build([dimension("d", number("d.a"))], rules={"stage_colours": ["red", "green"]})
    assert stage_bands(q, q.rules) == [
        StageBand(name="Low", from_=0, to=50, summary="Apart.", colour="red"),
        StageBand(name="Mid", from_=50, to=75, summary="Closer.", colour="green"),
        StageBand(name="Top", from_=75, to=100, summary="Together.", colour="green"),
    ]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_comments_by_area_then_side_names_only_where_allowed() -> None:
    q = build([dimension("d", number("d.a")), dimension("e", number("e.a"))])
    people = [
        respondent(
            "sales",
            {"d.a": 1, "e.a": 1},
            name="S1",
            comments={"e": "  later  ", "d": "first", "zz": "unknown area"},
        ),
        respondent("sales", {"d.a": 1, "e.a": 1}, name="S2", comments={"d": "   ", "e": "after a blank one"}),
        respondent("marketing", {"d.a": 1, "e.a": 1}, name="M", comments={"e": "theirs", "d": "m first"}),
    ]
    result = score(q, people)
    assert [(c.dimension, c.side, c.text, c.author) for c in result.comments] == [
        ("d", "marketing", "m first", "M"),
        ("d", "sales", "first", None),
        ("e", "marketing", "theirs", "M"),
        *sorted(
            [("e", "sales", "later", None), ("e", "sales", "after a blank one", None)],
            key=lambda c: sha(c[2]),
        ),
        ("zz", "sales", "unknown area", None),
    ]
    shown = score(q, people, show_names=True)
    assert {c.author for c in shown.comments if c.side == "sales"} == {"S1", "S2"}


def test_comments_on_one_side_keep_a_fixed_order_by_text() -> None:
    q = build([dimension("d", number("d.a"))])
    texts = ["alpha", "beta", "gamma", "delta"]
    people = [respondent("sales", {"d.a": 1}, comments={"d": t}) for t in texts]
    first = [c.text for c in score(q, people).comments]
    assert sorted(first) == sorted(texts)
    assert [c.text for c in score(q, people[::-1]).comments] == first


def dated(
    completed: datetime | None, started: datetime | None = None, organization: str | None = "Acme"
) -> Any:
    return respondent("sales", {}, organization=organization).model_copy(
        update={"completed_at": completed, "started_at": started}
    )


def test_dates_from_completion_or_else_the_start() -> None:
    march, may = datetime(2026, 3, 1, 12, tzinfo=UTC), datetime(2026, 5, 2, tzinfo=UTC)
    assert dates([dated(may), dated(None, march), dated(None)]) == ["2026-03-01", "2026-05-02"]


@pytest.mark.parametrize(
    ("names", "organization"),
    [
        (["B", "A", "B"], "B"),
        (["B", "A"], "A"),  # a tie: the first alphabetically
        ([None, None], None),
        ([None, "C"], "C"),
    ],
)
def test_the_organization_most_files_name(names: list[str | None], organization: str | None) -> None:
    assert organization_of([dated(None, organization=n) for n in names]) == organization


# --- edges a refactor could lose ------------------------------------------------------------------


def test_each_not_applicable_answer_leaves_the_count_of_asked_items() -> None:
    q = build(
        [
            dimension(
                "d",
                number("d.a"),
                yes_no("d.b", fact=False, allow_na=True),
                yes_no("d.c", fact=False, allow_na=True),
            )
        ]
    )
    s = compute(
        q,
        [
            respondent("sales", {"d.a": 40, "d.b": "n/a", "d.c": "n/a"}),
            respondent("marketing", {"d.a": 60, "d.b": "yes", "d.c": "n/a"}),
        ],
    )
    sides = s.dimensions[0].sides
    assert (sides["sales"].answered, sides["sales"].asked) == (1, 1)
    assert (sides["marketing"].answered, sides["marketing"].asked) == (2, 2)


def test_a_shown_team_in_which_nobody_scored_the_area_has_no_figure() -> None:
    q = build([dimension("d", number("d.a")), dimension("e", number("e.a"))], rules={"min_completeness": 0})
    east = [respondent("sales", {"d.a": None, "e.a": 10}, team="east", name=f"e{i}") for i in range(3)]
    west = [respondent("sales", {"d.a": 20 * i, "e.a": 10}, team="west", name=f"w{i}") for i in range(3)]
    s = compute(q, [*east, *west, respondent("marketing", {"d.a": 50, "e.a": 50})])
    assert s.dimensions[0].sides["sales"].teams["east"] is None
    assert s.dimensions[0].sides["sales"].score == 20.0


@pytest.mark.parametrize(
    ("answers", "sd"),
    [
        ([20], None),  # one score: no spread
        ([20, 60], 28.3),  # two: sqrt(((20 - 40)^2 + (60 - 40)^2) / 1)
        ([20, 60, 40], 20.0),
    ],
)
def test_a_spread_from_two_scores_on(answers: list[int], sd: float | None) -> None:
    q = build([dimension("d", number("d.a"))])
    people = [respondent("sales", {"d.a": a}, name=f"s{i}") for i, a in enumerate(answers)]
    view = compute(q, [*people, respondent("marketing", {"d.a": 1})]).dimensions[0].sides
    assert view["sales"].sd == sd


def test_an_own_focus_area_says_so_in_its_result() -> None:
    q = build([dimension("d", number("d.a")), dimension("p", number("p.a"), gap_expected=True)])
    s = compute(q, heads({"d.a": 1, "p.a": 1}, {"d.a": 1, "p.a": 9}))
    assert [d.gap_expected for d in s.dimensions] == [False, True]


def test_alpha_of_exactly_zero_is_shown_without_the_below_zero_note() -> None:
    # items one and two vary independently (their covariance is exactly 0) and item three
    # not at all: the items' variances add up to the totals' variance, so alpha is 0
    alpha, note = alpha_of([(1, 1, 3), (1, 5, 3), (5, 1, 3), (5, 5, 3), (3, 3, 3)])
    assert (alpha, note) == (0.0, None)


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (-0.001, 2, "0.0"),
        (-0.04, 1, "0.0"),
        (-0.0, 1, "0.0"),
        (-0.05, 2, "-0.05"),
        (0.04, 1, "0.0"),
        (2.25, 1, "2.2"),
    ],
)
def test_a_rounded_figure_is_never_minus_zero(value: float, digits: int, shown: str) -> None:
    from alignment_cli.scoring.compute import _round

    assert str(_round(value, digits)) == shown


def test_two_equal_answers_are_said_as_given() -> None:
    """The middle of two answers of 5 is 5 in words ("5 (Yes)"), not 5.0; two different
    answers give the point between them."""
    q = build(TWO_LIKERT, scale=SCALE)
    people = [
        respondent("sales", {"d.l1": 5, "d.l2": 4}, name="a"),
        respondent("sales", {"d.l1": 5, "d.l2": 5}, name="b"),
        respondent("marketing", {"d.l1": 1, "d.l2": 1}),
    ]
    s = compute(q, people)
    first, second = q.dimensions[0].questions
    assert s.answers[first.id].typical("sales") == 5
    assert s.said(first, "sales") == first.label(5, q.scale)
    assert s.answers[second.id].typical("sales") == 4.5
