"""Priorities by evidence: each term of a dimension's evidence, the reasons in words, the
minimum, the ranking and its tie-breakers, and the plan's first steps and order."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.result import Evidence
from alignment_cli.scoring.pipeline import score
from tests.scoring_cases import build, dimension, number, pair, respondent, yes_no

# distinct weights, so that a term counted with the wrong weight shows
WEIGHTS = {
    "shortfall": 1.0,
    "large_gap": 3.0,
    "contested_fact": 2.5,
    "low_view": 1.75,
    "team_gap": 0.5,
    "absent": 1.25,
    "few_items": 2.0,
}
ONE = [dimension("d", number("d.a"))]


@pytest.mark.parametrize(
    ("sales", "marketing", "expected"),
    [
        # alignment 50 - 10 = 40: (75 - 40) / 10 = 3.5 short, 3.0 * 20 / 20 for the gap; one item
        (
            60,
            40,
            Evidence(
                score=round(6.5 / 3, 2),
                items=1,
                reasons=[
                    "alignment 40 of 100",
                    "the two sides are 20 points apart",
                    "measured by 1 scored item",
                ],
            ),
        ),
        # 19.9 apart: no gap term; alignment 50.05 - 9.95 = 40.1
        (
            60,
            40.1,
            Evidence(
                score=round(3.49 / 3, 2),
                items=1,
                reasons=["alignment 40 of 100", "measured by 1 scored item"],
            ),
        ),
        # at the top band: nothing short
        (75, 75, Evidence(score=0.0, items=1, reasons=["measured by 1 scored item"])),
        (
            74,
            74,
            Evidence(
                score=round(0.1 / 3, 2), items=1, reasons=["alignment 74 of 100", "measured by 1 scored item"]
            ),
        ),
    ],
)
def test_evidence_of_one_item(sales: float, marketing: float, expected: Evidence) -> None:
    q = build(ONE, rules={"evidence": WEIGHTS})
    assert pair(q, {"d.a": sales}, {"d.a": marketing}).dimensions[0].evidence == expected


RICH = [
    dimension(
        "d",
        number("d.a"),
        yes_no("d.y"),
        yes_no("d.z"),
        yes_no("d.w"),
        number("d.s", roles=["sales"], mirror="d.m"),
        number("d.m", roles=["marketing"]),
        number("d.own", roles=["sales"], gap_expected=True),
    )
]


@pytest.mark.parametrize(
    ("twice", "expected"),
    [
        # Sales (50 + 100 + 0 + 100 + 40) / 5 = 58, Marketing (50 + 0 + 0 + 100 + 90) / 5 = 48:
        # alignment 48, 27 short; one contested, one absent, one low view; six scored items
        (
            False,
            Evidence(
                score=round((2.7 + 2.5 + 1.75 + 1.25) * 6 / 8, 2),
                items=6,
                reasons=[
                    "alignment 48 of 100",
                    "one fact the two sides report differently",
                    "one pair where one side rates the other low",
                    "one fact both sides report missing",
                    "measured by 6 scored items",
                ],
            ),
        ),
        # d.w "no" on both sides too: Sales 38, Marketing 28: two absent facts, alignment 28
        (
            True,
            Evidence(
                score=round((4.7 + 2.5 + 1.75 + 2.5) * 6 / 8, 2),
                items=6,
                reasons=[
                    "alignment 28 of 100",
                    "one fact the two sides report differently",
                    "one pair where one side rates the other low",
                    "2 facts both sides report missing",
                    "measured by 6 scored items",
                ],
            ),
        ),
    ],
)
def test_evidence_adds_every_term_and_scales_by_the_items(twice: bool, expected: Evidence) -> None:
    q = build(RICH, rules={"evidence": WEIGHTS, "min_completeness": 0})
    w = "no" if twice else "yes"
    result = pair(
        q,
        {"d.a": 50, "d.y": "yes", "d.z": "no", "d.w": w, "d.s": 40, "d.own": 9},
        {"d.a": 50, "d.y": "no", "d.z": "no", "d.w": w, "d.m": 90},
    )
    assert result.dimensions[0].evidence == expected


def test_two_contested_facts_and_two_low_views_are_counted_in_the_plural() -> None:
    q = build(
        [
            dimension(
                "d",
                yes_no("d.y"),
                yes_no("d.z"),
                number("d.s", roles=["sales"], mirror="d.m"),
                number("d.m", roles=["marketing"]),
                number("d.t", roles=["sales"], mirror="d.n"),
                number("d.n", roles=["marketing"]),
            )
        ],
        rules={"evidence": WEIGHTS},
    )
    result = pair(
        q,
        {"d.y": "yes", "d.z": "no", "d.s": 40, "d.t": 40},
        {"d.y": "no", "d.z": "yes", "d.m": 40, "d.n": 40},
    )
    # both sides (100 + 0 + 40 + 40) / 4 = 45: 30 short, no gap
    assert result.dimensions[0].evidence == Evidence(
        score=round((3.0 + 2 * 2.5 + 2 * 1.75) * 6 / 8, 2),
        items=6,
        reasons=[
            "alignment 45 of 100",
            "2 facts the two sides report differently",
            "2 pairs where one side rates the other low",
            "measured by 6 scored items",
        ],
    )


@pytest.mark.parametrize(
    ("sales", "marketing", "absent"),
    [
        (0, 0, True),  # both at the bottom of the item
        (0, 10, False),
        (10, 0, False),
    ],
)
def test_an_absent_fact_is_at_the_bottom_for_both_sides(sales: float, marketing: float, absent: bool) -> None:
    q = build(
        [dimension("d", number("d.f", fact=True, best=100, worst=0))],
        rules={"evidence": WEIGHTS, "number_tolerance": 1},
    )
    reasons = pair(q, {"d.f": sales}, {"d.f": marketing}).dimensions[0].evidence.reasons
    assert ("one fact both sides report missing" in reasons) is absent


def test_an_absent_fact_needs_both_sides() -> None:
    q = build(
        [dimension("d", number("d.f", fact=True), number("d.a"))],
        rules={"evidence": WEIGHTS, "min_completeness": 0},
    )
    result = score(
        q,
        [
            respondent("sales", {"d.f": 0, "d.a": 50}, head=True),
            respondent("marketing", {"d.a": 50}, head=True),
        ],
    )
    assert "one fact both sides report missing" not in result.dimensions[0].evidence.reasons


def test_evidence_on_one_side_reads_score_and_nothing_without_a_figure() -> None:
    q = build(
        [dimension("d", number("d.a")), dimension("e", number("e.a"))],
        rules={"evidence": WEIGHTS, "min_completeness": 0},
    )
    result = score(q, [respondent("sales", {"d.a": 55})])
    d, e = result.dimensions
    assert d.evidence == Evidence(
        score=round(2.0 / 3, 2), items=1, reasons=["score 55 of 100", "measured by 1 scored item"]
    )
    assert e.evidence == Evidence(items=1)


def test_a_profile_area_has_no_evidence() -> None:
    q = build(
        [dimension("d", number("d.a")), dimension("p", number("p.a", gap_expected=True))],
        rules={"evidence": WEIGHTS},
    )
    result = pair(q, {"d.a": 10, "p.a": 10}, {"d.a": 10, "p.a": 90})
    assert result.dimensions[1].evidence == Evidence(items=0)
    assert [p.dimension for p in result.priorities] == ["d"]


def test_a_team_gap_weighs_and_is_named() -> None:
    q = build(ONE, rules={"evidence": WEIGHTS})
    people = [respondent("sales", {"d.a": 30}, head=True, name="h")]
    people += [respondent("sales", {"d.a": 50}, name=f"s{i}") for i in range(3)]
    people.append(respondent("marketing", {"d.a": 45}))
    result = score(q, people)
    # Sales (30 + 3 * 50) / 4 = 45, Marketing 45: alignment 45, 30 short
    assert result.dimensions[0].evidence == Evidence(
        score=round(3.5 / 3, 2),
        items=1,
        reasons=[
            "alignment 45 of 100",
            "the head of Sales and their team are far apart",
            "measured by 1 scored item",
        ],
    )


THREE = [dimension("a", number("a.x")), dimension("b", number("b.x")), dimension("c", number("c.x"))]


@pytest.mark.parametrize(("minimum", "priority"), [(0.83, True), (0.84, False)])
def test_the_evidence_minimum_is_inclusive(minimum: float, priority: bool) -> None:
    # 50 points: 2.5 short, one item: 2.5 / 3 = 0.83
    q = build(ONE, rules={"priority_min_evidence": minimum})
    assert bool(pair(q, {"d.a": 50}, {"d.a": 50}).priorities) is priority


@pytest.mark.parametrize(
    ("answers", "order"),
    [
        # the most evidence first
        ((40, 30, 20), ["c", "b", "a"]),
        # equal evidence (one from a gap, one from a shortfall): the lower alignment first
        ((30, 30, 30), ["a", "b", "c"]),
    ],
)
def test_priorities_by_evidence_then_alignment_then_order(
    answers: tuple[float, ...], order: list[str]
) -> None:
    q = build(THREE, rules={"priority_min_evidence": 0})
    values = dict(zip(["a.x", "b.x", "c.x"], answers, strict=True))
    result = pair(q, values, values)
    assert [(p.rank, p.dimension) for p in result.priorities] == list(enumerate(order, 1))
    assert [d.priority for d in result.dimensions] == [order.index(k) + 1 for k in "abc"]


def test_equal_evidence_ranks_the_lower_alignment_first() -> None:
    # a: two items at 51.6, (75 - 51.6) / 10 * 2 / 4 = 1.17; b: one item at 40, 3.5 / 3 = 1.17
    q = build(
        [dimension("a", number("a.x"), number("a.w")), dimension("b", number("b.x"))],
        rules={"priority_min_evidence": 0},
    )
    answers = {"a.x": 51.6, "a.w": 51.6, "b.x": 40}
    result = pair(q, answers, answers)
    assert [(p.dimension, p.evidence.score, p.alignment) for p in result.priorities] == [
        ("b", 1.17, 40.0),
        ("a", 1.17, 51.6),
    ]


def test_at_most_the_rules_number_of_priorities() -> None:
    q = build(THREE, rules={"priority_min_evidence": 0, "priorities": 2})
    result = pair(q, {"a.x": 10, "b.x": 20, "c.x": 30}, {"a.x": 10, "b.x": 20, "c.x": 30})
    assert [p.dimension for p in result.priorities] == ["a", "b"]
    assert [d.priority for d in result.dimensions] == [1, 2, None]


RECS = [
    {
        "id": "a-fallback",
        "dimension": "a",
        "when": {"score_below": 101},
        "title": "A first",
        "actions": ["Do A", "Then more"],
        "source": "src",
    },
    {
        "id": "b-named",
        "dimension": "b",
        "when": {"answer": {"question": "b.y", "in": ["no"]}},
        "title": "B named",
        "actions": ["Do B"],
    },
    {
        "id": "b-threshold",
        "dimension": "b",
        "when": {"score_below": 101},
        "title": "B th",
        "actions": ["Do B2"],
    },
    {"id": "c-only", "dimension": "c", "when": {"score_below": 101}, "title": "C", "actions": ["Do C"]},
    {"id": "c-none", "dimension": "c", "when": {"score_below": 0}, "title": "C never", "actions": ["Never"]},
]


def plan(**kw: Any) -> Any:
    q = build(
        [
            dimension("a", number("a.x")),
            dimension("b", number("b.x"), yes_no("b.y")),
            dimension("c", number("c.x")),
        ],
        recommendations=RECS,
        sources=[{"id": "src", "title": "The source"}],
        rules={"priority_min_evidence": 0, "priorities": 2, "max_actions": 2},
    )
    answers = {"a.x": 20, "b.x": 60, "b.y": "no", "c.x": 70}
    return pair(q, answers, answers, **kw)


def test_the_plan_first_steps_then_the_rest_by_strength() -> None:
    result = plan()
    # evidence: a 5.5 / 3 = 1.83; b (60 + 0) / 2 = 30: (4.5 + 1.0 absent) * 2 / 4 = 2.75;
    # c 0.5 / 3 = 0.17, third, so no priority
    assert [(p.dimension, p.evidence.score) for p in result.priorities] == [("b", 2.75), ("a", 1.83)]
    rows = [
        (r.id, r.rank, r.in_plan, r.first_step_of, r.fallback, r.strength) for r in result.recommendations
    ]
    # b-threshold gives way to b-named, a rule about b's answers
    assert rows == [
        ("b-named", 1, True, 1, False, 1.0),
        ("a-fallback", 2, True, 2, True, 0.0),
        ("c-only", 3, False, None, True, 0.0),
    ]
    first = result.recommendations[1]
    assert (first.source, first.source_title, first.dimension_title) == ("src", "The source", "A")
    assert first.evidence == "A: Sales scores it 20, under 101; A: Marketing scores it 20, under 101."
    assert first.trigger == ["score_below"] and first.actions == ["Do A", "Then more"]
    assert result.recommendations[2].source_title is None
    (b, a) = result.priorities
    assert (a.recommendation, a.recommendation_title, a.action) == ("a-fallback", "A first", "Do A")
    assert (b.recommendation, b.action, b.alignment) == ("b-named", "Do B", 30.0)


def test_a_priority_without_a_fired_rule_gets_its_fallback_as_first_step() -> None:
    q = build(
        [dimension("a", number("a.x")), dimension("b", number("b.x"))],
        recommendations=[
            {
                "id": "b-never",
                "dimension": "b",
                "when": {"score_below": 0},
                "title": "B",
                "actions": ["Do B"],
            },
            {
                "id": "a-never",
                "dimension": "a",
                "when": {"score_below": 0},
                "title": "A",
                "actions": ["Do A"],
            },
        ],
        rules={"priority_min_evidence": 0},
    )
    result = pair(q, {"a.x": 10, "b.x": 20}, {"a.x": 10, "b.x": 20})
    assert [(r.id, r.rank, r.first_step_of, r.trigger) for r in result.recommendations] == [
        ("a-never", 1, 1, ["priority"]),
        ("b-never", 2, 2, ["priority"]),
    ]
    assert result.recommendations[0].evidence == (
        "A: alignment 10 of 100, with no single answer that points to a more specific step."
    )
    assert [p.recommendation for p in result.priorities] == ["a-never", "b-never"]


def test_a_priority_with_no_rule_at_all_has_no_step() -> None:
    q = build(THREE, rules={"priority_min_evidence": 0})
    result = pair(q, {"a.x": 10, "b.x": 20, "c.x": 30}, {"a.x": 10, "b.x": 20, "c.x": 30})
    assert result.recommendations == []
    assert [(p.recommendation, p.recommendation_title, p.action) for p in result.priorities] == [
        (None, None, None)
    ] * 3


def test_recommendations_outside_the_priorities_rank_by_strength_then_order() -> None:
    agreed = {"agreed": {"question": "e.y", "in": ["yes"]}}
    recs = [
        {"id": f"r{i}", "dimension": dim, "when": when, "title": f"R{i}", "actions": ["A"]}
        for i, (dim, when) in enumerate(
            [("c", {"score_below": 101}), ("e", agreed), ("f", {"contested": "f.y"}), ("e", agreed)]
        )
    ]
    q = build(
        [
            dimension("a", number("a.x"), number("a.w"), number("a.v")),
            dimension("c", number("c.x")),
            dimension("e", number("e.x"), yes_no("e.y")),
            dimension("f", number("f.x"), yes_no("f.y")),
        ],
        recommendations=recs,
        rules={"priorities": 1},
    )
    zero = {"a.x": 0, "a.w": 0, "a.v": 0, "c.x": 90, "e.x": 90, "e.y": "yes", "f.x": 90}
    result = pair(q, zero | {"f.y": "yes"}, zero | {"f.y": "no"})
    # a (7.5 short, three items: 4.5) outweighs f (3.0 short + 2.5 gap + 2.0 contested, two
    # items: 3.75) and has no rule of its own; f's contested fact (2.0 + 3.75) comes first,
    # then a rule about named answers before a threshold of the same weight, then file order
    assert [p.dimension for p in result.priorities] == ["a"]
    assert [(r.id, r.rank, r.first_step_of) for r in result.recommendations] == [
        ("r2", 1, None),
        ("r1", 2, None),
        ("r3", 3, None),
        ("r0", 4, None),
    ]


def test_an_area_without_an_alignment_has_no_evidence_and_no_priority() -> None:
    # both sides answered, but Marketing too little of d: no alignment there, so nothing to
    # weigh, though Sales alone scores it low
    q = build(
        [dimension("d", number("d.a"), number("d.b")), dimension("e", number("e.a"))],
        rules={
            "evidence": WEIGHTS,
            "min_completeness": 0,
            "measurable_share": 0.5,
            "priority_min_evidence": 0,
        },
    )
    result = pair(q, {"d.a": 10, "d.b": 10, "e.a": 90}, {"e.a": 90})
    assert result.dimensions[0].status == "insufficient"
    assert result.dimensions[0].evidence == Evidence(items=2)
    assert result.priorities == []


def test_a_mirrored_pair_seen_well_is_no_low_view() -> None:
    q = build(
        [dimension("d", number("d.s", roles=["sales"], mirror="d.m"), number("d.m", roles=["marketing"]))],
        rules={"evidence": WEIGHTS},
    )
    result = pair(q, {"d.s": 60}, {"d.m": 60})
    assert result.dimensions[0].evidence.reasons == ["alignment 60 of 100", "measured by 2 scored items"]


def test_only_the_first_step_is_marked_and_each_keeps_its_why_and_strength() -> None:
    recs = [
        {
            "id": "first",
            "dimension": "d",
            "when": {"contested": "d.y"},
            "title": "F",
            "why": "Because it is disputed.",
            "actions": ["A"],
        },
        {
            "id": "second",
            "dimension": "d",
            "when": {"answer": {"question": "d.y", "in": ["no"], "side": "either"}},
            "title": "S",
            "actions": ["B"],
        },
    ]
    q = build(
        [dimension("d", number("d.a"), yes_no("d.y"))],
        recommendations=recs,
        rules={"priority_min_evidence": 0, "evidence": {"contested_fact": 2.345, "absent": 0.125}},
    )
    result = pair(q, {"d.a": 10, "d.y": "no"}, {"d.a": 10, "d.y": "yes"})
    assert [(r.id, r.first_step_of, r.strength, r.why) for r in result.recommendations] == [
        ("first", 1, 2.35, "Because it is disputed."),
        ("second", None, 0.12, ""),
    ]
