"""Boundary tests for the diagnosis rules of issue 21, each table run at its edges so that a
`>=` turned into `>` (or a threshold moved by one) fails: tolerances for estimates, whose
answer a condition reads, acute findings, opposed statements, practice states, context items,
the per-area cap, the governance slot, supersedes and causes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from alignment_cli.model.questionnaire import Tolerance
from tests.scoring_cases import build, dimension, number, pair, yes_no


def likert(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "kind": "likert", "text": f"Statement {qid}."} | extra


def rec(rid: str, dim: str, when: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "dimension": dim,
        "when": when,
        "title": f"Do {rid}",
        "actions": [f"Act on {rid}."],
    } | extra


# --- tolerance -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "allowed"),
    [
        (10, 18, True),
        (10, 18.01, False),  # absolute 8 wins while half the smaller is under 8
        (16, 24, True),
        (16, 24.01, False),  # half of 16 is 8: the same limit
        (40, 60, True),
        (40, 60.01, False),  # half of 40 is 20
        (60, 40, True),
        (60.01, 40, False),  # either order
        (0, 8, True),
        (0, 8.5, False),
    ],
)
def test_an_hours_tolerance_is_the_larger_of_absolute_and_relative(a: float, b: float, allowed: bool) -> None:
    assert Tolerance(absolute=8, relative=0.5).allows(a, b) is allowed


def _fact_question(tolerance: dict[str, Any] | None = None, unit: str = "") -> Any:
    item = number("d.f", fact=True, unit=unit)
    if tolerance is not None:
        item["tolerance"] = tolerance
    return build([dimension("d", item, number("d.a"))])


@pytest.mark.parametrize(
    ("unit", "a", "b", "contested"),
    [
        ("%", 80, 90, False),
        ("%", 80, 90.5, True),  # shares: within 10 points
        ("calls", 1, 2, False),
        ("calls", 1, 3, True),  # small counts: within 1
        ("hours", 30, 40, False),
        ("hours", 20, 30.5, True),
        ("", 50, 60, False),
        ("", 50, 60.5, True),  # no unit default: 10 % of the span (0-100)
    ],
)
def test_the_default_tolerance_follows_the_unit(unit: str, a: float, b: float, contested: bool) -> None:
    result = pair(_fact_question(unit=unit), {"d.f": a, "d.a": 50}, {"d.f": b, "d.a": 50})
    assert any(f.kind == "contested-fact" for f in result.findings) is contested


@pytest.mark.parametrize(("a", "b", "contested"), [(10, 13, False), (10, 13.5, True)])
def test_an_items_own_tolerance_wins_over_the_default(a: float, b: float, contested: bool) -> None:
    q = _fact_question({"absolute": 3}, unit="%")
    result = pair(q, {"d.f": a, "d.a": 50}, {"d.f": b, "d.a": 50})
    assert any(f.kind == "contested-fact" for f in result.findings) is contested


def _ordered(steps: int | None) -> Any:
    item: dict[str, Any] = {
        "id": "d.c",
        "kind": "choice",
        "fact": True,
        "ordered": True,
        "text": "How often?",
        "options": [
            {"value": v, "label": v, "score": s}
            for v, s in (("weekly", 100), ("monthly", 70), ("quarterly", 40), ("never", 0))
        ],
    }
    if steps is not None:
        item["tolerance"] = {"steps": steps}
    return build([dimension("d", item, number("d.a"))])


@pytest.mark.parametrize(
    ("steps", "b", "contested"),
    [
        (None, "monthly", False),
        (None, "quarterly", True),
        (0, "weekly", False),
        (0, "monthly", True),
        (2, "quarterly", False),
        (2, "never", True),
    ],
)
def test_ordered_choices_agree_within_their_steps(steps: int | None, b: str, contested: bool) -> None:
    result = pair(_ordered(steps), {"d.c": "weekly", "d.a": 50}, {"d.c": b, "d.a": 50})
    assert any(f.kind == "contested-fact" for f in result.findings) is contested


# --- whose answer a condition reads ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "sales", "marketing", "fires"),
    [
        (None, 20, 40, False),
        (None, 20, 29, True),  # typical: every side that answered
        ("typical", 20, 40, False),
        ("typical", 29, 29, True),
        ("both", 29, 29, True),
        ("both", 29, 30, False),
        ("either", 40, 29, True),
        ("either", 30, 30, False),
        ("sales", 29, 90, True),
        ("sales", 30, 0, False),
        ("marketing", 90, 29, True),
        ("marketing", 0, 30, False),
    ],
)
def test_a_condition_reads_the_side_it_names(
    side: str | None, sales: float, marketing: float, fires: bool
) -> None:
    answer: dict[str, Any] = {"question": "d.a", "below": 30}
    if side is not None:
        answer["side"] = side
    q = build([dimension("d", number("d.a"))], recommendations=[rec("r", "d", {"answer": answer})])
    result = pair(q, {"d.a": sales}, {"d.a": marketing})
    # (a priority with nothing specific fired takes its area's first rule as a fallback step)
    assert ("r" in [r.id for r in result.recommendations if not r.fallback]) is fires


def test_both_needs_an_answer_from_each_side() -> None:
    q = build(
        [dimension("d", number("d.a"), number("d.b"))],
        recommendations=[
            rec("both", "d", {"answer": {"question": "d.a", "below": 30, "side": "both"}}),
            rec("typical", "d", {"answer": {"question": "d.a", "below": 30}}),
        ],
    )
    result = pair(q, {"d.a": 10, "d.b": 50}, {"d.b": 50})
    assert [r.id for r in result.recommendations] == ["typical"]


def test_an_unknown_side_is_refused() -> None:
    with pytest.raises(Exception, match="side 'nobody'"):
        build(
            [dimension("d", number("d.a"))],
            recommendations=[rec("r", "d", {"answer": {"question": "d.a", "below": 30, "side": "nobody"}})],
        )


# --- acute findings -------------------------------------------------------------------------------

ACUTE_Q = [
    dimension("d", number("d.a"), number("d.b"), number("d.c"), number("d.h")),
    dimension("e", number("e.a")),
]
ACUTE = [
    {
        "id": "slow",
        "dimension": "d",
        "title": "Leads wait",
        "when": {"answer": {"question": "d.h", "below": 20, "side": "either"}},
    }
]


@pytest.mark.parametrize(("low", "acute"), [(19.9, True), (20, False)])
def test_an_acute_answer_makes_a_top_band_area_a_priority(low: float, acute: bool) -> None:
    q = build(ACUTE_Q, acute=ACUTE)
    good = {"d.a": 95, "d.b": 95, "d.c": 95, "e.a": 60}
    result = pair(q, good | {"d.h": 90}, good | {"d.h": low})
    assert [f.acute for f in result.findings if f.kind == "acute"] == ([True] if acute else [])
    d = result.dimension("d")
    assert d is not None and d.alignment is not None and d.alignment >= 75  # the top band
    assert ("d" in [p.dimension for p in result.priorities]) is acute
    if acute:
        assert result.priorities[0].dimension == "d" and result.priorities[0].acute


def test_an_acute_finding_weighs_its_weight() -> None:
    weights = {"acute": 2.5, "shortfall": 0, "large_gap": 0, "few_items": 0}
    q = build(ACUTE_Q, acute=ACUTE, rules={"evidence": weights})
    good = {"d.a": 95, "d.b": 95, "d.c": 95, "e.a": 95}
    result = pair(q, good | {"d.h": 90}, good | {"d.h": 10})
    d = result.dimension("d")
    assert d is not None and d.evidence.score == 2.5


def test_a_headline_never_prints_a_stage_description_an_acute_finding_contradicts() -> None:
    q = build(ACUTE_Q, acute=ACUTE)
    good = {"d.a": 95, "d.b": 95, "d.c": 95, "e.a": 95}
    result = pair(q, good | {"d.h": 90}, good | {"d.h": 10})
    assert "Together." not in result.headline
    assert "an acute problem: leads wait" in result.headline
    assert result.headline.endswith("Start with d.")


SCALE = {
    "min": 1,
    "max": 5,
    "labels": {
        1: "Strongly disagree",
        2: "Disagree",
        3: "Neither agree nor disagree",
        4: "Agree",
        5: "Strongly agree",
    },
}


# --- opposed statements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sales", "marketing", "opposed"),
    [
        (4, 2, True),
        (5, 1, True),
        (4, 3, False),
        (5, 3, False),
        (3, 1, False),
        (2, 1, False),
    ],
)
def test_a_statement_answered_on_opposite_sides_of_the_middle_is_a_finding(
    sales: int, marketing: int, opposed: bool
) -> None:
    q = build([dimension("d", likert("d.s"), number("d.a"))], scale=SCALE)
    result = pair(q, {"d.s": sales, "d.a": 50}, {"d.s": marketing, "d.a": 50})
    found = [f for f in result.findings if f.kind == "opposed-view"]
    assert bool(found) is opposed
    if found and (sales, marketing) == (4, 2):
        assert found[0].title.startswith("Sales agrees; Marketing disagrees")


@pytest.mark.parametrize(("points", "opposed"), [(2, True), (2.5, False)])
def test_the_opposed_threshold_is_data(points: float, opposed: bool) -> None:
    q = build([dimension("d", likert("d.s"), number("d.a"))], rules={"opposed_points": points})
    result = pair(q, {"d.s": 4, "d.a": 50}, {"d.s": 2, "d.a": 50})
    assert any(f.kind == "opposed-view" for f in result.findings) is opposed


# --- practices ------------------------------------------------------------------------------------

PRACTICE = {
    "id": "sla",
    "title": "an agreement",
    "exists": {"question": "d.x", "in": ["yes"]},
    "outcomes": ["d.o"],
}
STATE_RECS = [
    rec(f"r-{state}", "d", {"score_below": 101}, practice="sla", state=state)
    for state in ("missing", "disputed")
] + [
    rec(
        "r-not-working",
        "d",
        {"answer": {"question": "d.o", "below": 50, "side": "either"}},
        practice="sla",
        state="not-working",
    )
]


@pytest.mark.parametrize(
    ("sales", "marketing", "outcome", "fired"),
    [
        ("no", "no", 90, ["r-missing"]),
        ("yes", "no", 90, ["r-disputed"]),
        ("no", "yes", 90, ["r-disputed"]),
        ("yes", "yes", 49.9, ["r-not-working"]),
        ("yes", "yes", 50, []),  # working: no advice for it
        ("no", "no", 10, ["r-missing"]),  # never "make it real" what does not exist
        ("yes", "no", 10, ["r-disputed"]),
    ],
)
def test_each_state_of_a_practice_gets_its_own_advice(
    sales: str, marketing: str, outcome: float, fired: list[str]
) -> None:
    q = build(
        [dimension("d", yes_no("d.x"), number("d.o"))], recommendations=STATE_RECS, practices=[PRACTICE]
    )
    result = pair(q, {"d.x": sales, "d.o": 90}, {"d.x": marketing, "d.o": outcome})
    assert [r.id for r in result.recommendations] == fired
    assert [r.state for r in result.recommendations] == [f.split("-", 1)[1] for f in fired]
    assert all(r.practice == "sla" for r in result.recommendations)
    assert result.practices == {"sla": ("working" if not fired else fired[0].split("-", 1)[1])}


# --- context --------------------------------------------------------------------------------------


def test_no_advice_fires_on_a_context_item_alone_and_it_is_not_scored() -> None:
    structure = {
        "id": "d.s",
        "kind": "choice",
        "context": True,
        "fact": True,
        "text": "Led?",
        "options": [
            {"value": "one", "label": "One", "score": 10},
            {"value": "two", "label": "Two", "score": 90},
        ],
    }
    recs = [
        rec("alone", "d", {"answer": {"question": "d.s", "in": ["one"]}}),
        rec(
            "with",
            "d",
            {
                "all": [
                    {"answer": {"question": "d.s", "in": ["one"]}},
                    {"answer": {"question": "d.a", "below": 50}},
                ]
            },
        ),
    ]
    q = build([dimension("d", structure, number("d.a"))], recommendations=recs)
    result = pair(q, {"d.s": "one", "d.a": 40}, {"d.s": "one", "d.a": 40})
    assert [r.id for r in result.recommendations] == ["with"]
    d = result.dimension("d")
    assert d is not None and d.alignment == 40  # the structure's score of 10 counts nowhere


# --- the plan: per-area cap, governance slot, supersedes, causes --------------------------------


def _plan_q(rules: dict[str, Any] | None = None, extra: Sequence[dict[str, Any]] = (), **kw: Any) -> Any:
    recs = [rec(f"d{i}", "d", {"answer": {"question": "d.a", "below": 50 + i}}) for i in range(4)] + [
        rec("e0", "e", {"answer": {"question": "e.a", "below": 90}})
    ]
    return build(
        [dimension("d", number("d.a")), dimension("e", number("e.a"))],
        recommendations=recs + list(extra),
        rules=rules,
        **kw,
    )


@pytest.mark.parametrize(("cap", "from_d"), [(1, 1), (2, 2), (3, 3)])
def test_the_plan_holds_at_most_the_cap_per_area(cap: int, from_d: int) -> None:
    result = pair(_plan_q({"per_area_in_plan": cap}), {"d.a": 10, "e.a": 80}, {"d.a": 10, "e.a": 80})
    assert [r.dimension for r in result.plan].count("d") == from_d
    assert "e0" in [r.id for r in result.plan]  # the next area still gets its place
    assert [r.dimension for r in result.more_ideas].count("d") == 4 - from_d
    assert [r.rank for r in result.recommendations] == list(range(1, 6))


@pytest.mark.parametrize(("max_actions", "governance_in_plan"), [(1, False), (2, True), (3, True)])
def test_one_plan_slot_is_kept_for_a_governance_step(max_actions: int, governance_in_plan: bool) -> None:
    gov = rec("ceo", "e", {"answer": {"question": "e.a", "below": 90}}, governance=True)
    q = _plan_q({"per_area_in_plan": 4, "max_actions": max_actions, "priorities": 1}, [gov])
    result = pair(q, {"d.a": 10, "e.a": 80}, {"d.a": 10, "e.a": 80})
    plan = [r.id for r in result.plan]
    assert len(plan) == max_actions
    assert ("ceo" in plan) is governance_in_plan
    assert [r.id for r in result.recommendations if r.governance] == ["ceo"]
    assert plan[0] == "d0"  # the first step of priority 1 keeps its place


def test_a_recommendation_replaces_the_near_duplicates_it_supersedes() -> None:
    q = _plan_q(
        extra=[rec("merged", "d", {"answer": {"question": "d.a", "below": 20}}, supersedes=["d1", "d2"])]
    )
    result = pair(q, {"d.a": 10, "e.a": 80}, {"d.a": 10, "e.a": 80})
    ids = [r.id for r in result.recommendations]
    assert "merged" in ids and "d1" not in ids and "d2" not in ids and "d3" in ids


@pytest.mark.parametrize(("symptom_fires", "drives"), [(True, ["d0"]), (False, [])])
def test_a_root_cause_ranks_above_its_symptom_and_says_what_it_drives(
    symptom_fires: bool, drives: list[str]
) -> None:
    causes = [{"cause": "e0", "drives": ["d0"], "note": "E drives D."}]
    q = _plan_q({"per_area_in_plan": 4}, causes=causes)
    result = pair(
        q, {"d.a": 10 if symptom_fires else 90, "e.a": 80}, {"d.a": 10 if symptom_fires else 90, "e.a": 80}
    )
    e0 = next(r for r in result.recommendations if r.id == "e0")
    assert e0.drives == drives
    assert e0.drives_titles == ["Do " + d for d in drives]
    assert e0.cause_note == ("E drives D." if drives else None)
    if symptom_fires:
        ids = [r.id for r in result.recommendations]
        assert ids.index("e0") == ids.index("d0") - 1


def test_causes_name_recommendations_that_exist() -> None:
    with pytest.raises(Exception, match="unknown recommendation 'nope'"):
        _plan_q(causes=[{"cause": "e0", "drives": ["nope"]}])


def test_no_priority_means_no_start_with_and_no_stray_plan_words() -> None:
    q = _plan_q()
    result = pair(q, {"d.a": 90, "e.a": 85}, {"d.a": 90, "e.a": 85})
    assert result.priorities == []
    assert "Start with" not in result.headline
    assert result.headline.endswith("Nothing urgent. To go further: do e0.")


@pytest.mark.parametrize(("facts", "says"), [(2, False), (3, True)])
def test_the_headline_leads_with_several_contested_facts(facts: int, says: bool) -> None:
    q = build([dimension("d", *[yes_no(f"d.f{i}") for i in range(3)], number("d.a"))])
    sales = {f"d.f{i}": "yes" for i in range(3)} | {"d.a": 50}
    marketing = {f"d.f{i}": ("no" if i < facts else "yes") for i in range(3)} | {"d.a": 50}
    result = pair(q, sales, marketing)
    assert result.headline.startswith("The two sides describe different companies on 3 facts") is says


@pytest.mark.parametrize(("people", "flagged"), [(4, False), (5, True)])
def test_low_agreement_is_a_finding_only_with_enough_respondents(people: int, flagged: bool) -> None:
    from alignment_cli.scoring.pipeline import score
    from tests.scoring_cases import respondent

    q = build([dimension("d", likert("d.a"), likert("d.b"))], scale=SCALE)
    sales = [respondent("sales", {"d.a": v, "d.b": v}) for v in [1, 5, 1, 5, 1][:people]]
    marketing = [respondent("marketing", {"d.a": 4, "d.b": 4})]
    result = score(q, sales + marketing)
    assert any(f.kind == "low-agreement" for f in result.findings) is flagged


@pytest.mark.parametrize(
    ("answers", "typical"),
    [
        (["weekly", "weekly", "weekly", "never", "quarterly"], "weekly"),  # the mode and the median
        (["weekly", "weekly", "monthly", "quarterly", "never"], "monthly"),  # the median, not the mode
        (["weekly", "monthly"], None),  # an even split
        (["monthly", "monthly", "weekly", "never"], "monthly"),
    ],
)
def test_a_sides_typical_answer_to_an_ordered_choice_is_its_median(
    answers: list[str], typical: str | None
) -> None:
    from alignment_cli.scoring.compute import compute
    from tests.scoring_cases import respondent

    q = _ordered(None)
    scored = compute(q, [respondent("sales", {"d.c": a, "d.a": 50}) for a in answers])
    assert scored.answers["d.c"].typical("sales") == typical


def test_any_reads_its_strongest_part() -> None:
    # the answer comes first in the list, the contested fact weighs more: it is the evidence
    recs = [rec("r", "d", {"any": [{"answer": {"question": "d.a", "below": 50}}, {"contested": "d.f"}]})]
    q = build([dimension("d", number("d.a"), yes_no("d.f"))], recommendations=recs)
    result = pair(q, {"d.a": 10, "d.f": "yes"}, {"d.a": 10, "d.f": "no"})
    r = result.recommendations[0]
    assert r.trigger == ["contested:d.f"] and r.strength == 2.0
    result = pair(q, {"d.a": 10, "d.f": "yes"}, {"d.a": 10, "d.f": "yes"})
    assert result.recommendations[0].trigger == ["answer:d.a"]


def test_compare_reads_a_schema_2_result_beside_a_schema_3_one() -> None:
    import json
    from pathlib import Path

    from alignment_cli.commands.assessment import assess
    from alignment_cli.model.result_file import load_result
    from alignment_cli.scoring.change import delta

    root = Path(__file__).resolve().parent.parent / "examples" / "northwind-history"
    old_path = Path(__file__).resolve().parent / "fixtures" / "northwind-2026-q1-schema2.json"
    assert json.loads(old_path.read_text(encoding="utf-8"))["schema_version"] == 2
    old = load_result(old_path)
    new = assess([root / "2026-q4"])
    assert new.schema_version == 3
    change = delta(old, new)
    assert change.index_before == old.alignment_index
    assert change.index_after == new.alignment_index
    # findings of the old schema carry no `acute`: read as not acute
    assert all(not f.acute for f in old.findings)


@pytest.mark.parametrize(
    ("title", "in_a_sentence"),
    [
        ("Leads wait two days", "leads wait two days"),
        ("Sales says the leads are raw", "Sales says the leads are raw"),
        ("Marketing's time is set apart", "Marketing's time is set apart"),
        ("Marketing’s time is set apart", "Marketing’s time is set apart"),
        ("CEO stays out", "CEO stays out"),
        ("Sales", "Sales"),
        ("Salesforce data is missing", "salesforce data is missing"),
        ("Sales's", "Sales's"),
        ("The head of Sales", "the head of Sales"),
        ("X", "x"),
    ],
)
def test_a_title_in_a_sentence_keeps_its_names(title: str, in_a_sentence: str) -> None:
    from alignment_cli.scoring.priorities import lower_first

    assert lower_first(title) == in_a_sentence


def test_two_acute_findings_add_up_and_an_opposed_statement_is_named() -> None:
    acute = [
        *ACUTE,
        {
            "id": "other",
            "dimension": "d",
            "title": "Another",
            "when": {"answer": {"question": "d.a", "below": 20, "side": "either"}},
        },
    ]
    weights = {"acute": 2.5, "opposed": 1.25, "shortfall": 0, "large_gap": 0, "few_items": 0}
    q = build(ACUTE_Q, acute=acute, rules={"evidence": weights})
    good = {"d.a": 95, "d.b": 95, "d.c": 95, "e.a": 95}
    result = pair(q, good | {"d.h": 90}, good | {"d.h": 10, "d.a": 10})
    d = result.dimension("d")
    assert d is not None and d.evidence.score == 5.0
    assert d.evidence.reasons[:2] == ["leads wait", "another"]

    q = build([dimension("d", likert("d.s"), likert("d.t"))], scale=SCALE, rules={"evidence": weights})
    result = pair(q, {"d.s": 4, "d.t": 4}, {"d.s": 2, "d.t": 4})
    d = result.dimension("d")
    assert d is not None and d.evidence.score == 1.25
    assert "one statement the two sides answer the opposite way" in d.evidence.reasons
    result = pair(q, {"d.s": 4, "d.t": 4}, {"d.s": 2, "d.t": 2})
    d = result.dimension("d")
    assert d is not None and d.evidence.score == 2.5
    assert "2 statements the two sides answer the opposite way" in d.evidence.reasons


@pytest.mark.parametrize(
    ("cause_area", "order"),
    [
        (50, ["e", "d"]),  # the cause's area has 2.5 against the symptom's 4: at least half, above
        (55, ["e", "d"]),  # 2.0: exactly half
        (57, ["d", "e"]),  # 1.8: under half, the glaring problem stays first
    ],
)
def test_a_root_causes_area_ranks_above_its_symptoms_with_half_its_evidence(
    cause_area: float, order: list[str]
) -> None:
    weights = {"shortfall": 1, "large_gap": 0, "few_items": 0}
    causes = [{"cause": "e0", "drives": ["d0"]}]
    q = _plan_q({"per_area_in_plan": 4, "evidence": weights}, causes=causes)
    result = pair(q, {"d.a": 35, "e.a": cause_area}, {"d.a": 35, "e.a": cause_area})
    assert [p.dimension for p in result.priorities] == order


@pytest.mark.parametrize(
    ("sales", "marketing", "fires"), [("yes", "yes", True), ("yes", "no", False), ("no", "no", False)]
)
def test_advice_for_a_failing_practice_needs_both_sides_to_say_it_exists(
    sales: str, marketing: str, fires: bool
) -> None:
    # its own condition names the failure; the outcome item here looks fine
    recs = [
        rec("real", "d", {"answer": {"question": "d.a", "below": 50}}, practice="sla", state="not-working")
    ]
    q = build(
        [dimension("d", yes_no("d.x"), number("d.o"), number("d.a"))],
        recommendations=recs,
        practices=[PRACTICE],
    )
    result = pair(q, {"d.x": sales, "d.o": 90, "d.a": 10}, {"d.x": marketing, "d.o": 90, "d.a": 10})
    assert ("real" in [r.id for r in result.recommendations if not r.fallback]) is fires


@pytest.mark.parametrize(("cap", "governance_in_plan"), [(1, False), (2, True)])
def test_no_place_is_kept_for_a_governance_step_whose_area_is_full(
    cap: int, governance_in_plan: bool
) -> None:
    # the governance step shares area d with d0 (first step of priority 1); with one place per
    # area it cannot enter, and the place it would have kept goes to the next step (e0)
    gov = rec("ceo", "d", {"answer": {"question": "d.a", "below": 90}}, governance=True)
    q = _plan_q({"per_area_in_plan": cap, "max_actions": 2, "priorities": 1}, [gov])
    result = pair(q, {"d.a": 10, "e.a": 80}, {"d.a": 10, "e.a": 80})
    plan = [r.id for r in result.plan]
    assert plan[0] == "d0"
    assert plan[1] == ("ceo" if governance_in_plan else "e0")
