"""Every rule at its boundary, table-driven: a suite that still passes when >= becomes > is not
testing the rule. The questionnaires are built here, with number items from 0 to 100, so an
answer is its own score and every figure below can be checked by hand."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from alignment_cli.commands.check import evaluate
from alignment_cli.errors import InputError
from alignment_cli.model.config import Thresholds
from alignment_cli.model.questionnaire import Questionnaire, parse_questionnaire
from alignment_cli.model.result import Delta
from alignment_cli.scoring.pipeline import score
from tests.helpers import make_response

STAGES = [{"name": "Low", "from": 0}, {"name": "Mid", "from": 50}, {"name": "Top", "from": 75}]


def number(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "kind": "number", "min": 0, "max": 100, "text": f"Share {qid}."} | extra


def build(
    dimensions: list[dict[str, Any]],
    *,
    recommendations: list[dict[str, Any]] = (),
    rules: dict[str, Any] | None = None,
) -> Questionnaire:
    doc: dict[str, Any] = {
        "id": "t",
        "version": "1",
        "title": "T",
        "roles": ["sales", "marketing"],
        "dimensions": dimensions,
        "recommendations": list(recommendations),
        "stages": STAGES,
    }
    if rules is not None:
        doc["rules"] = rules
    return parse_questionnaire(yaml.safe_dump(doc), path="t.yaml")


def pair(q: Questionnaire, sales: dict[str, Any], marketing: dict[str, Any], **kw: Any) -> Any:
    return score(
        q,
        [
            make_response("sales", sales, questionnaire=("t", "1"), head=True),
            make_response("marketing", marketing, questionnaire=("t", "1"), head=True),
        ],
        **kw,
    )


ONE = [{"id": "d", "title": "D", "questions": [number("d.a")]}]


# --- findings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sales", "marketing", "large"),
    [
        (60, 40, True),  # exactly 20 apart: a large gap
        (60, 40.1, False),  # 19.9
        (40, 60, True),  # either way round
        (50, 50, False),  # a tie
    ],
)
def test_large_gap_finding_at_20(sales: float, marketing: float, large: bool) -> None:
    result = pair(build(ONE), {"d.a": sales}, {"d.a": marketing})
    assert any(f.kind == "large-gap" for f in result.findings) is large


def test_large_gap_follows_the_rule_in_the_file() -> None:
    q = build(ONE, rules={"large_gap": 30})
    assert not any(f.kind == "large-gap" for f in pair(q, {"d.a": 60}, {"d.a": 35}).findings)
    assert any(f.kind == "large-gap" for f in pair(q, {"d.a": 65}, {"d.a": 35}).findings)


@pytest.mark.parametrize(
    ("asked", "answered", "sufficient"),
    [
        (2, 1, True),  # exactly half
        (4, 2, True),
        (3, 1, False),  # under half
        (4, 1, False),
    ],
)
def test_half_answered_is_enough(asked: int, answered: int, sufficient: bool) -> None:
    items = [number(f"d.i{i}") for i in range(asked)]
    q = build(
        [
            {"id": "d", "title": "D", "questions": items},
            {"id": "e", "title": "E", "questions": [number("e.a")]},
        ],
        rules={"min_completeness": 0, "measurable_share": 0.5},
    )
    some = {f"d.i{i}": 50 for i in range(answered)} | {"e.a": 50}
    full = {f"d.i{i}": 50 for i in range(asked)} | {"e.a": 50}
    result = pair(q, some, full)
    dim = result.dimension("d")
    assert dim is not None
    assert (dim.status == "scored") is sufficient


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (100, 0.0),  # past the worst value: clamped at 0
        (72, 0.0),  # the worst value
        (36.5, 50.0),  # halfway
        (1, 100.0),  # the best value
        (0, 100.0),  # past the best: clamped at 100
    ],
)
def test_number_items_are_clamped_between_worst_and_best(answer: float, expected: float) -> None:
    q = build([{"id": "d", "title": "D", "questions": [number("d.h", best=1, worst=72)]}])
    assert q.item_score("d.h", answer) == expected


def test_item_weights_count() -> None:
    q = build([{"id": "d", "title": "D", "questions": [number("d.a", weight=3), number("d.b", weight=1)]}])
    result = pair(q, {"d.a": 100, "d.b": 0}, {"d.a": 100, "d.b": 0})
    assert result.dimensions[0].scores == {"sales": 75.0, "marketing": 75.0}


def test_dimension_weights_count() -> None:
    q = build(
        [
            {"id": "d", "title": "D", "weight": 2, "questions": [number("d.a")]},
            {"id": "e", "title": "E", "weight": 1, "questions": [number("e.a")]},
        ]
    )
    result = pair(q, {"d.a": 90, "e.a": 30}, {"d.a": 90, "e.a": 30})
    assert result.alignment_index == 70.0  # (2 * 90 + 30) / 3, not (90 + 30) / 2


@pytest.mark.parametrize(
    ("sales", "marketing", "contested"),
    [
        (50, 60, False),  # 10 apart: exactly the tolerance (10% of a 0-100 span)
        (50, 60.5, True),  # just over
        (50, 50, False),
    ],
)
def test_number_facts_contested_beyond_the_tolerance(sales: float, marketing: float, contested: bool) -> None:
    q = build([{"id": "d", "title": "D", "questions": [number("d.f", fact=True)]}])
    result = pair(q, {"d.f": sales}, {"d.f": marketing})
    assert any(f.kind == "contested-fact" for f in result.findings) is contested


def test_number_tolerance_is_relative_to_the_best_worst_span() -> None:
    # span 10 (best 10, worst 0) on a 0-100 item: 1.5 apart is over 10% of the span
    q = build([{"id": "d", "title": "D", "questions": [number("d.f", fact=True, best=10, worst=0)]}])
    assert any(f.kind == "contested-fact" for f in pair(q, {"d.f": 3}, {"d.f": 4.5}).findings)
    assert not any(f.kind == "contested-fact" for f in pair(q, {"d.f": 3}, {"d.f": 4}).findings)


MIRROR = [
    {
        "id": "d",
        "title": "D",
        "questions": [number("d.s", roles=["sales"], mirror="d.m"), number("d.m", roles=["marketing"])],
    }
]


@pytest.mark.parametrize(("view", "low"), [(50, False), (49.9, True), (0, True)])
def test_a_mirrored_view_is_low_under_50(view: float, low: bool) -> None:
    result = pair(build(MIRROR), {"d.s": view}, {"d.m": 90})
    (finding,) = [f for f in result.findings if f.kind == "mirrored-view"]
    assert (finding.severity == "medium") is low


# --- conditions ----------------------------------------------------------------------------------


def fires(
    when: dict[str, Any],
    sales: dict[str, Any],
    marketing: dict[str, Any],
    dimensions: list[dict[str, Any]] | None = None,
) -> bool:
    q = build(
        dimensions or TWO_ITEMS,
        recommendations=[{"id": "r", "dimension": "d", "when": when, "title": "Do it", "actions": ["Act"]}],
    )
    # fired on its own condition, not as the first step a priority always gets
    return any(r.id == "r" and r.trigger != ["priority"] for r in pair(q, sales, marketing).recommendations)


TWO_ITEMS = [
    {"id": "d", "title": "D", "questions": [number("d.a")]},
    {
        "id": "f",
        "title": "F",
        "questions": [{"id": "d.y", "kind": "yes_no", "fact": True, "text": "Is there one?"}],
    },
]


@pytest.mark.parametrize(
    ("when", "sales", "marketing", "expected"),
    [
        # alignment = the lower side: fires strictly under the limit
        ({"alignment_below": 60}, {"d.a": 60}, {"d.a": 80}, False),
        ({"alignment_below": 60}, {"d.a": 59}, {"d.a": 80}, True),
        ({"score_below": 50}, {"d.a": 50}, {"d.a": 80}, False),
        ({"score_below": 50}, {"d.a": 49}, {"d.a": 80}, True),
        # a gap of exactly the limit fires
        ({"gap_at_least": 20}, {"d.a": 60}, {"d.a": 80}, True),
        ({"gap_at_least": 20}, {"d.a": 61}, {"d.a": 80}, False),
        # answers: without a side, every side must match; with `either`, one side is enough
        ({"answer": {"question": "d.a", "below": 50}}, {"d.a": 49}, {"d.a": 49}, True),
        ({"answer": {"question": "d.a", "below": 50}}, {"d.a": 49}, {"d.a": 50}, False),
        ({"answer": {"question": "d.a", "below": 50, "side": "either"}}, {"d.a": 49}, {"d.a": 50}, True),
        ({"answer": {"question": "d.a", "at_least": 50}}, {"d.a": 50}, {"d.a": 50}, True),
        ({"answer": {"question": "d.a", "at_least": 50}}, {"d.a": 50}, {"d.a": 49.9}, False),
        ({"answer": {"question": "d.a", "below": 50, "side": "marketing"}}, {"d.a": 10}, {"d.a": 60}, False),
        # absent, disputed, agreed: three different states of one fact
        ({"answer": {"question": "d.y", "in": ["no"]}}, {"d.y": "no"}, {"d.y": "no"}, True),
        ({"answer": {"question": "d.y", "in": ["no"]}}, {"d.y": "no"}, {"d.y": "yes"}, False),
        ({"contested": "d.y"}, {"d.y": "no"}, {"d.y": "yes"}, True),
        ({"contested": "d.y"}, {"d.y": "yes"}, {"d.y": "yes"}, False),
        ({"agreed": {"question": "d.y", "in": ["yes"]}}, {"d.y": "yes"}, {"d.y": "yes"}, True),
        ({"agreed": {"question": "d.y", "in": ["yes"]}}, {"d.y": "yes"}, {"d.y": "no"}, False),
        # any: one is enough; all: every one
        (
            {"any": [{"contested": "d.y"}, {"gap_at_least": 20}]},
            {"d.a": 60, "d.y": "yes"},
            {"d.a": 80, "d.y": "yes"},
            True,
        ),
        (
            {"all": [{"agreed": {"question": "d.y", "in": ["yes"]}}, {"gap_at_least": 20}]},
            {"d.a": 60, "d.y": "yes"},
            {"d.a": 79, "d.y": "yes"},
            False,
        ),
        (
            {"all": [{"agreed": {"question": "d.y", "in": ["yes"]}}, {"gap_at_least": 20}]},
            {"d.a": 60, "d.y": "yes"},
            {"d.a": 80, "d.y": "yes"},
            True,
        ),
    ],
)
def test_condition_boundaries(
    when: dict[str, Any], sales: dict[str, Any], marketing: dict[str, Any], expected: bool
) -> None:
    defaults = {"d.a": 70, "d.y": "yes"}
    assert fires(when, defaults | sales, defaults | marketing) is expected


@pytest.mark.parametrize(("view", "expected"), [(50, False), (49, True)])
def test_low_view_condition(view: float, expected: bool) -> None:
    assert fires({"low_view": "d.s"}, {"d.s": view}, {"d.m": 80}, MIRROR) is expected


@pytest.mark.parametrize(("head", "team", "expected"), [(80, 60, True), (80, 61, False)])
def test_team_gap_condition_and_finding(head: float, team: float, expected: bool) -> None:
    q = build(
        TWO_ITEMS,
        recommendations=[
            {"id": "r", "dimension": "d", "when": {"team_gap": True}, "title": "T", "actions": ["A"]}
        ],
    )
    sales = [
        make_response("sales", {"d.a": head, "d.y": "yes"}, questionnaire=("t", "1"), head=True, name="H")
    ]
    sales += [
        make_response("sales", {"d.a": team, "d.y": "yes"}, questionnaire=("t", "1"), name=f"S{i}")
        for i in range(3)
    ]
    result = score(
        q, [*sales, make_response("marketing", {"d.a": 70, "d.y": "yes"}, questionnaire=("t", "1"))]
    )
    assert any(r.id == "r" for r in result.recommendations) is expected
    assert any(f.kind == "team-gap" for f in result.findings) is expected
    if expected:
        (rec,) = result.recommendations
        assert "the head of Sales sees it at 80, the rest of Sales at 60" in rec.evidence


def test_evidence_quotes_the_statement_and_each_answer_never_an_id() -> None:
    q = build(
        TWO_ITEMS,
        recommendations=[
            {"id": "r", "dimension": "d", "when": {"contested": "d.y"}, "title": "T", "actions": ["A"]}
        ],
    )
    (rec,) = pair(q, {"d.a": 70, "d.y": "no"}, {"d.a": 70, "d.y": "yes"}).recommendations
    assert rec.evidence == "Asked “Is there one?”, Sales answered “No” and Marketing “Yes”."
    assert rec.trigger == ["contested:d.y"] and "d.y" not in rec.evidence


def test_an_unknown_side_in_a_condition_is_refused() -> None:
    with pytest.raises(InputError, match="side 'somebody'"):
        build(
            TWO_ITEMS,
            recommendations=[
                {
                    "id": "r",
                    "dimension": "d",
                    "title": "T",
                    "actions": ["A"],
                    "when": {"answer": {"question": "d.a", "below": 5, "side": "somebody"}},
                }
            ],
        )


# --- completeness and the index ------------------------------------------------------------------

FIVE = [{"id": "d", "title": "D", "questions": [number(f"d.i{i}") for i in range(5)]}]


@pytest.mark.parametrize(("answered", "included"), [(4, True), (3, False), (0, False)])
def test_completeness_minimum_is_80_percent(answered: int, included: bool) -> None:
    full = {f"d.i{i}": 50 for i in range(5)}
    some = {f"d.i{i}": 50 for i in range(answered)}
    result = pair(build(FIVE), some, full)
    (sales_file,) = [f for f in result.respondent_files if f.role == "sales"]
    assert sales_file.completeness == answered / 5
    assert sales_file.included is included
    assert (result.alignment_index is not None) is included


def test_dont_know_counts_as_answered() -> None:
    # four "don't know" and one real answer: five of five answered, a respondent
    mostly_unsure = {**{f"d.i{i}": None for i in range(4)}, "d.i4": 50}
    result = pair(build(FIVE), mostly_unsure, {f"d.i{i}": 50 for i in range(5)})
    assert all(f.included for f in result.respondent_files)


def test_a_file_of_nothing_but_dont_know_is_no_respondent() -> None:
    # an untouched template: every answer "don't know", not one real answer
    blank = pair(build(FIVE), {f"d.i{i}": None for i in range(5)}, {f"d.i{i}": 50 for i in range(5)})
    assert [f.included for f in blank.respondent_files] == [False, True]
    assert blank.respondents["sales"].respondents == 0


def test_include_incomplete_keeps_the_file_but_never_a_blank_one() -> None:
    q = build(FIVE)
    full = {f"d.i{i}": 50 for i in range(5)}
    kept = pair(q, {"d.i0": 10, "d.i1": 10, "d.i2": 10}, full, include_incomplete=True)
    assert kept.excluded == [] and kept.alignment_index is not None
    blank = pair(q, {}, full, include_incomplete=True)
    assert [f.reason for f in blank.excluded] == ["no answers"]
    assert blank.alignment_index is None and blank.respondents["sales"].respondents == 0


@pytest.mark.parametrize(("measured", "index"), [(2, True), (1, False)])
def test_an_index_needs_two_thirds_of_the_areas(measured: int, index: bool) -> None:
    q = build(
        [
            {"id": k, "title": k.upper(), "questions": [number(f"{k}.a"), number(f"{k}.b")]}
            for k in ("d", "e", "f")
        ],
        rules={"min_completeness": 0},
    )
    full = {f"{k}.{x}": 50 for k in "def" for x in "ab"}
    # the sales side answers both items of `measured` areas and none of the rest
    some = {f"{k}.{x}": 50 for k in "def"[:measured] for x in "ab"}
    result = pair(q, some, full)
    assert (result.alignment_index is not None) is index
    if not index:
        assert result.no_index_reason == ("only 1 of 3 areas could be measured, and at least 67% are needed")


# --- priorities and the plan ---------------------------------------------------------------------


@pytest.mark.parametrize(("score_", "priority"), [(75, False), (74, True)])
def test_the_top_band_is_never_a_priority(score_: float, priority: bool) -> None:
    q = build(ONE, rules={"priority_min_evidence": 0})
    result = pair(q, {"d.a": score_}, {"d.a": score_})
    assert bool(result.priorities) is priority


def test_evidence_weights_are_data() -> None:
    heavy = build(TWO_ITEMS, rules={"evidence": {"contested_fact": 10}})
    light = build(TWO_ITEMS, rules={"evidence": {"contested_fact": 0}})
    answers = ({"d.a": 70, "d.y": "no"}, {"d.a": 70, "d.y": "yes"})
    # the contested fact lives in area f: it weighs there, and only as much as the file says
    # (one item: certainty 1 / (1 + 2))
    difference = (
        pair(heavy, *answers).dimensions[1].evidence.score
        - pair(light, *answers).dimensions[1].evidence.score
    )
    assert difference == pytest.approx(10 / 3, abs=0.01)


@pytest.mark.parametrize("max_actions", [1, 2, 3])
def test_the_plan_holds_at_most_max_actions(max_actions: int) -> None:
    recs = [
        {"id": f"r{i}", "dimension": "d", "when": {"score_below": 90}, "title": f"T{i}", "actions": ["A"]}
        for i in range(4)
    ]
    q = build(ONE, recommendations=recs, rules={"per_area_in_plan": 4})
    result = pair(q, {"d.a": 10}, {"d.a": 10}, max_actions=max_actions)
    assert len(result.recommendations) == 4
    assert [r.in_plan for r in result.recommendations] == [i < max_actions for i in range(4)]
    assert [r.rank for r in result.recommendations] == [1, 2, 3, 4]


# --- certainty -----------------------------------------------------------------------------------


def test_the_interval_is_the_same_every_run_and_holds_the_index() -> None:
    q = build([{"id": k, "title": k, "questions": [number(f"{k}.a"), number(f"{k}.b")]} for k in "def"])
    answers = (
        {"d.a": 20, "d.b": 90, "e.a": 50, "e.b": 60, "f.a": 30, "f.b": 70},
        {"d.a": 40, "d.b": 60, "e.a": 80, "e.b": 20, "f.a": 55, "f.b": 65},
    )
    first, second = pair(q, *answers), pair(q, *answers)
    assert first.alignment_index_interval == second.alignment_index_interval
    low, high = first.alignment_index_interval or [None, None]
    assert low is not None and high is not None
    assert low <= (first.alignment_index or 0) <= high and low < high


def test_an_interval_across_a_boundary_says_between() -> None:
    q = build([{"id": k, "title": k, "questions": [number(f"{k}.a"), number(f"{k}.b")]} for k in "def"])
    result = pair(
        q,
        {"d.a": 30, "d.b": 70, "e.a": 35, "e.b": 65, "f.a": 40, "f.b": 60},
        {"d.a": 30, "d.b": 70, "e.a": 35, "e.b": 65, "f.a": 40, "f.b": 60},
    )
    assert result.alignment_index == 50.0
    assert result.stage is not None and result.stage.boundary == "between Low and Mid"
    assert "between Low and Mid" in result.headline


# --- check ---------------------------------------------------------------------------------------


def change(index_change: float) -> Delta:
    return Delta(
        index_before=60.0,
        index_after=60.0 + index_change,
        index_change=index_change,
        stage_before="Mid",
        stage_after="Mid",
    )


@pytest.mark.parametrize(("drop", "passed"), [(5.0, True), (5.1, False), (0.0, True)])
def test_max_drop_equal_to_the_drop_passes(drop: float, passed: bool) -> None:
    result = pair(build(ONE), {"d.a": 60}, {"d.a": 60})
    outcome = evaluate(result, Thresholds(max_drop=5), baseline=change(-drop))
    assert outcome.passed is passed


@pytest.mark.parametrize(("shift", "within"), [(1.0, True), (30.0, False)])
def test_a_change_smaller_than_the_interval_is_within_noise(shift: float, within: bool) -> None:
    from alignment_cli.scoring.change import delta

    q = build([{"id": k, "title": k, "questions": [number(f"{k}.a"), number(f"{k}.b")]} for k in "def"])
    before_answers = {"d.a": 20, "d.b": 90, "e.a": 50, "e.b": 60, "f.a": 30, "f.b": 70}
    after_answers = {k: min(100, v + shift) for k, v in before_answers.items()}
    before = pair(q, before_answers, before_answers)
    after = pair(q, after_answers, after_answers)
    change = delta(before, after)
    assert change.noise is not None and change.noise > 0
    assert change.within_noise is within
