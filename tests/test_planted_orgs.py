"""Organizations written from the five articles, each with one planted problem, on the built-in
questionnaire 2.0. Each starts from a healthy baseline (both heads agree with every good
statement, every practice exists and works) and overrides a few answers. The diagnosis must
name the planted problem as priority 1, put the advice a consultant would give first in the
plan, and flag nothing that is fine. Two healthy organizations, with the orientation
differences and estimate differences real teams have, must get no priority at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from alignment_cli.model.questionnaire import AnyQuestion, Questionnaire, resolve_questionnaire
from alignment_cli.model.result import Result
from alignment_cli.scoring.pipeline import score
from tests.helpers import make_response

# realistic good answers where "the best option" would be unreal
REALISTIC: dict[str, Any] = {
    "lead-handoff.follow-up-share": 90,
    "lead-handoff.hours-to-first-contact": 8,
    "lead-handoff.first-contact-band": "within-24",
    "field-integration.ride-alongs": 3,
    "leadership.structure": "peers-same-executive",
    "leadership.marketing-intensity": "balanced",
    "leadership.sale-complexity": "moderate",
    "time-horizons.own-horizon": "this-year",
}


def healthy_answer(q: Questionnaire, question: AnyQuestion) -> Any:
    """A good but not perfect answer: "agree" with a good statement, the best option of a
    choice."""
    if question.id in REALISTIC:
        return REALISTIC[question.id]
    if question.kind == "likert":
        return 2 if question.reverse else 4
    options = question.choices(q.scale)
    assert options is not None
    return max(options, key=lambda o: question.score(o[1], q.scale) or 0)[1]


def organization(
    q: Questionnaire,
    sales: dict[str, Any] | None = None,
    marketing: dict[str, Any] | None = None,
    both: dict[str, Any] | None = None,
) -> Result:
    answers = {
        role: {question.id: healthy_answer(q, question) for _, question in q.questions_for(role)}
        for role in q.roles
    }
    for role, extra in (("sales", sales), ("marketing", marketing)):
        for key, value in {**(both or {}), **(extra or {})}.items():
            if key in answers[role]:
                answers[role][key] = value
    return score(
        q,
        [
            make_response(
                role, answers[role], head=True, questionnaire=(q.id, q.version), name=f"Head of {role}"
            )
            for role in q.roles
        ],
    )


@dataclass(frozen=True)
class Planted:
    area: str  # priority 1
    first: list[str]  # the first three plan actions (all of them when the plan is shorter)
    sales: dict[str, Any] = field(default_factory=dict)
    marketing: dict[str, Any] = field(default_factory=dict)
    both: dict[str, Any] = field(default_factory=dict)
    also: frozenset[str] = frozenset()  # other areas that may rightly be priorities
    state: str | None = None  # the practice state the first action answers
    never: frozenset[str] = frozenset()  # advice that would be wrong here
    drives: frozenset[str] = frozenset()  # the symptoms the first action, a root cause, drives


PLANTED_20: dict[str, Planted] = {
    # Morettini: the CEO must arbitrate and be seen to favour neither; only Marketing sees bias
    "one side only: the CEO favours Sales": Planted(
        "leadership",
        ["ceo-fair-arbiter", "weigh-both-views"],
        sales={"leadership.ceo-arbiter": "ceo-even-handed"},
        marketing={"leadership.ceo-arbiter": "ceo-favours-one", "leadership.one-side-prevails": 4},
        never=frozenset({"check-combined-head", "decide-leadership-structure"}),
    ),
    # Miserably Misaligned: the process takes hold only if the head of Sales backs it
    "acute in a healthy area: the head of Sales does not back the process": Planted(
        "leadership",
        ["sales-head-backs-process"],
        sales={"leadership.sales-head-endorses": 4},
        marketing={"leadership.sales-head-endorses": 2},
    ),
    # Forrester / Oldroyd: a one-day promise, leads waiting two days and more
    "acute in a healthy area: leads wait far beyond the agreement": Planted(
        "lead-handoff",
        ["make-lead-agreement-real"],
        state="not-working",
        sales={"lead-handoff.hours-to-first-contact": 30},
        marketing={"lead-handoff.hours-to-first-contact": 50},
        never=frozenset({"two-way-lead-agreement", "settle-lead-agreement"}),
    ),
    # Conte: the bargain only holds if both know its terms; one says it exists, one says not
    "a disputed fact: is there a lead agreement?": Planted(
        "lead-handoff",
        ["settle-lead-agreement"],
        state="disputed",
        sales={
            "lead-handoff.speed-agreed": "no",
            "lead-handoff.marketing-commitment": "no",
            "lead-handoff.acceptance-agreed": "no",
        },
        never=frozenset({"two-way-lead-agreement", "complete-lead-agreement"}),
    ),
    # Morettini: Marketing's charge that Sales does not follow up; the agreement exists
    "exists but not working: the lead agreement": Planted(
        "lead-handoff",
        ["make-lead-agreement-real", "review-leads-together"],
        state="not-working",
        both={"lead-handoff.follow-up-share": 45},
        marketing={"lead-handoff.leads-pursued": 2},
        never=frozenset({"two-way-lead-agreement", "settle-lead-agreement"}),
    ),
    # Conte: objectives never agreed, so each side blames the other after every miss
    "root cause with its symptom: no agreed objectives, then blame": Planted(
        "shared-goals",
        ["agree-objectives", "joint-review-after-misses", "plans-not-blame"],
        drives=frozenset({"joint-review-after-misses", "plans-not-blame"}),
        both={
            "shared-goals.objectives-agreed": 2,
            "shared-goals.reasons-understood": 2,
            "communication.meetings-turn-to-disputes": 4,
        },
        sales={"shared-goals.blamed-by-marketing": 4},
        marketing={"shared-goals.blamed-by-sales": 4},
    ),
    # Penczak: two heads who dislike each other leave the company slow to react
    "hostile heads": Planted(
        "communication",
        ["repair-heads-relationship"],
        both={"communication.heads-relationship": 2, "communication.problems-surface-late": 4},
    ),
    # Morettini: Marketing under Sales is a design choice; the real problem is the leads
    "structure that is not the problem": Planted(
        "lead-handoff",
        ["warm-leads-only", "review-leads-together"],
        both={"leadership.structure": "marketing-under-sales", "leadership.segment-teams": 2},
        sales={"lead-handoff.leads-worth-pursuing": 2, "lead-handoff.raw-leads": 4},
        never=frozenset({"decide-leadership-structure", "check-combined-head"}),
    ),
    # Morettini: goals and pay that span both departments build in a reason to cooperate
    "pay conflict: nobody shares a target": Planted(
        "joint-metrics",
        ["shared-rewards", "one-scorecard"],
        both={"joint-metrics.own-bonus-shared": "none", "joint-metrics.measured-apart": 4},
    ),
    # Odd Couple: Marketing judged on volume; Sales gets raw names and fights over quality
    "pay on lead volume drives lead-quality fights": Planted(
        "lead-handoff",
        ["revenue-goals-for-marketing", "warm-leads-only", "review-leads-together"],
        drives=frozenset({"warm-leads-only", "review-leads-together"}),
        marketing={"joint-metrics.marketing-revenue-goals": "no"},
        sales={"lead-handoff.leads-worth-pursuing": 2, "lead-handoff.raw-leads": 4},
        also=frozenset({"joint-metrics"}),
    ),
    # Odd Couple: Marketing aimed at an industry Sales does not sell to; the material goes unused
    "wrong target market drives unused content": Planted(
        "shared-goals",
        ["decide-resources-together", "material-that-gets-used", "map-how-segments-buy"],
        drives=frozenset({"material-that-gets-used"}),
        both={"shared-goals.resources-decided-together": 1, "field-integration.segment-buying": 2},
        sales={"sales-enablement.collateral-helps": 2},
        marketing={"sales-enablement.collateral-used": 2},
        also=frozenset({"sales-enablement", "field-integration"}),
    ),
    # Morettini: a missed forecast and Sales pins it on Marketing (only Marketing says so)
    "blame reported by one side": Planted(
        "shared-goals", ["joint-review-after-misses"], marketing={"shared-goals.blamed-by-sales": 5}
    ),
    # Morettini: Sales helps define a qualified lead; nothing is written down
    "a missing practice: no lead definition": Planted(
        "lead-handoff",
        ["write-lead-definition"],
        state="missing",
        both={"lead-handoff.definition-written": "no", "lead-handoff.definition-approved": "no"},
        never=frozenset({"establish-lead-definition"}),
    ),
    # Odd Couple: one funnel, says Marketing; Sales works its own pipeline
    "a disputed funnel": Planted(
        "common-process",
        ["settle-process-facts"],
        state="disputed",
        sales={
            "common-process.one-pipeline": "no",
            "common-process.stage-definitions": "no",
            "common-process.process-owner": "no",
        },
        never=frozenset({"one-funnel", "name-a-process-owner"}),
    ),
}

PLANTED_21: dict[str, Planted] = {
    "one side only: the CEO favours Sales": Planted(
        "leadership",
        ["ceo-fair-arbiter"],
        marketing={"leadership.disputes-settled": "ceo-favours-sales"},
        never=frozenset({"check-combined-head", "decide-leadership-structure"}),
    ),
    "acute in a healthy area: the head of Sales does not back the process": Planted(
        "leadership", ["sales-head-backs-process"], marketing={"leadership.sales-head-backs": 2}
    ),
    "acute in a healthy area: leads wait far beyond the agreement": Planted(
        "lead-handoff",
        ["make-lead-agreement-real"],
        state="not-working",
        sales={"lead-handoff.first-contact-band": "within-72"},
        marketing={"lead-handoff.first-contact-band": "over-72"},
        never=frozenset({"two-way-lead-agreement", "settle-lead-agreement"}),
    ),
    "a disputed fact: is there a lead agreement?": Planted(
        "lead-handoff",
        ["settle-lead-agreement"],
        state="disputed",
        sales={
            "lead-handoff.speed-agreed": "no",
            "lead-handoff.lead-number-committed": "no",
            "lead-handoff.acceptance-agreed": "no",
        },
        never=frozenset({"two-way-lead-agreement", "complete-lead-agreement"}),
    ),
    "exists but not working: the lead agreement": Planted(
        "lead-handoff",
        ["make-lead-agreement-real", "review-leads-together"],
        state="not-working",
        both={"lead-handoff.first-contact-band": "within-72"},
        marketing={"lead-handoff.leads-worked": 1},
        never=frozenset({"two-way-lead-agreement", "settle-lead-agreement"}),
    ),
    "root cause with its symptom: no agreed objectives, then blame": Planted(
        "shared-goals",
        ["agree-objectives", "joint-review-after-misses", "plans-not-blame"],
        drives=frozenset({"joint-review-after-misses", "plans-not-blame"}),
        both={"shared-goals.objectives-agreed": 2, "communication.meetings-turn-to-disputes": 4},
        sales={"shared-goals.blamed-by-marketing": 4},
        marketing={"shared-goals.blamed-by-sales": 4},
    ),
    "hostile heads": Planted(
        "communication",
        ["repair-heads-relationship"],
        sales={"communication.marketing-head-open": 2},
        marketing={"communication.sales-head-open": 2},
    ),
    "structure that is not the problem": Planted(
        "lead-handoff",
        ["warm-leads-only", "review-leads-together"],
        both={"leadership.structure": "marketing-under-sales"},
        sales={"lead-handoff.leads-worth-pursuing": 2, "lead-handoff.raw-leads": 4},
        never=frozenset(
            {"decide-leadership-structure", "check-combined-head", "segment-teams-for-complex-sales"}
        ),
    ),
    "pay conflict: nobody shares a target": Planted(
        "joint-metrics",
        ["shared-rewards", "one-scorecard"],
        both={"joint-metrics.own-pay-tied-to": "own-results", "joint-metrics.measured-apart": 5},
    ),
    "pay on lead volume drives lead-quality fights": Planted(
        "lead-handoff",
        ["pay-marketing-on-pipeline", "warm-leads-only", "review-leads-together"],
        drives=frozenset({"warm-leads-only", "review-leads-together"}),
        marketing={"joint-metrics.own-pay-tied-to": "activity"},
        sales={"lead-handoff.leads-worth-pursuing": 2, "lead-handoff.raw-leads": 4},
        also=frozenset({"joint-metrics"}),
    ),
    "wrong target market drives unused content": Planted(
        "shared-goals",
        ["agree-revenue-sources", "material-that-gets-used"],
        drives=frozenset({"material-that-gets-used"}),
        both={"shared-goals.revenue-sources-agreed": 1},
        sales={"sales-enablement.collateral-helps": 2},
        marketing={"sales-enablement.collateral-used": 2},
        also=frozenset({"sales-enablement"}),
    ),
    "blame reported by one side": Planted(
        "shared-goals", ["joint-review-after-misses"], marketing={"shared-goals.blamed-by-sales": 5}
    ),
    "a missing practice: no lead definition": Planted(
        "lead-handoff",
        ["write-lead-definition"],
        state="missing",
        both={"lead-handoff.definition-written": "no", "lead-handoff.definition-approved": "no"},
        never=frozenset({"establish-lead-definition"}),
    ),
    "a disputed funnel": Planted(
        "common-process",
        ["settle-process-facts"],
        state="disputed",
        sales={"common-process.stage-definitions": "no", "common-process.process-owner": "no"},
        never=frozenset({"define-stages-and-returns", "name-a-process-owner"}),
    ),
}
PLANTED = {("2.0", name): case for name, case in PLANTED_20.items()} | {
    ("2.1", name): case for name, case in PLANTED_21.items()
}

HEALTHY: dict[str, dict[str, dict[str, Any]]] = {
    # Homburg & Jensen: different horizons and foci are normal; estimates differ a little
    "orientation differences and small estimate differences": {
        "sales": {
            "time-horizons.own-horizon": "this-quarter",
            "time-horizons.own-customer-focus": 5,
            "field-integration.ride-alongs": 1,
            "lead-handoff.hours-to-first-contact": 30,
            "lead-handoff.follow-up-share": 85,
            "communication.heads-meet": "weekly",
        },
        "marketing": {
            "time-horizons.own-horizon": "two-three-years",
            "time-horizons.own-customer-focus": 2,
            "field-integration.ride-alongs": 2,
            "lead-handoff.hours-to-first-contact": 40,
            "lead-handoff.follow-up-share": 92,
            "communication.heads-meet": "fortnightly",
        },
    },
    # one revenue leader and segment teams (context), mixed but mild views
    "one revenue leader, segment teams, mild differences": {
        "sales": {
            "leadership.structure": "revenue-chief",
            "leadership.segment-teams": 5,
            "communication.heads-meet": "fortnightly",
            "sales-enablement.reps-make-own": 3,
            "shared-goals.win-together": 5,
            "joint-metrics.forecast-holds": 3,
            "lead-handoff.hours-to-first-contact": 6,
        },
        "marketing": {
            "leadership.structure": "revenue-chief",
            "leadership.segment-teams": 4,
            "communication.heads-meet": "fortnightly",
            "shared-goals.win-together": 4,
            "joint-metrics.forecast-holds": 4,
            "lead-handoff.hours-to-first-contact": 10,
        },
    },
}


@pytest.fixture(scope="module")
def builtin() -> Questionnaire:
    return resolve_questionnaire("sales-marketing-alignment@2.0")


@pytest.mark.parametrize("version", ["2.0", "2.1"])
def test_the_baseline_is_healthy(version: str) -> None:
    result = organization(resolve_questionnaire(f"sales-marketing-alignment@{version}"))
    assert result.priorities == []
    assert "Start with" not in result.headline
    assert not [f for f in result.findings if f.severity == "high"]
    assert result.plan == []


@pytest.mark.parametrize(("version", "name"), sorted(PLANTED))
def test_the_planted_problem_is_priority_1_with_the_right_first_actions(version: str, name: str) -> None:
    case = PLANTED[version, name]
    q = resolve_questionnaire(f"sales-marketing-alignment@{version}")
    result = organization(q, case.sales, case.marketing, case.both)
    assert result.priorities, name
    assert result.priorities[0].dimension == case.area
    assert result.headline.endswith(
        f"Start with {result.priorities[0].title[:1].lower()}{result.priorities[0].title[1:]}."
    )
    assert [r.id for r in result.plan[:3]] == case.first
    assert result.priorities[0].recommendation in case.first
    if case.state is not None:
        assert result.plan[0].state == case.state
        assert result.plan[0].practice is not None
        assert result.practices[result.plan[0].practice] == case.state
    assert set(result.plan[0].drives) == case.drives
    # no false alarms: no other area is a priority, no wrong advice anywhere
    assert {p.dimension for p in result.priorities} <= {case.area} | case.also
    assert not case.never & {r.id for r in result.recommendations}
    areas = [r.dimension for r in result.plan]
    assert all(areas.count(a) <= result.rules.per_area_in_plan for a in areas)


HEALTHY_21: dict[str, dict[str, dict[str, Any]]] = {
    "orientation differences and small estimate differences": {
        "sales": {
            "time-horizons.own-horizon": "this-quarter",
            "field-integration.marketers-on-calls": "some",
            "lead-handoff.first-contact-band": "within-24",
            "communication.heads-meet": "weekly",
        },
        "marketing": {
            "time-horizons.own-horizon": "two-three-years",
            "field-integration.marketers-on-calls": "most",
            "lead-handoff.first-contact-band": "within-24",
            "communication.heads-meet": "fortnightly",
        },
    },
    "one revenue leader, a complex sale, mild differences": {
        "sales": {
            "leadership.structure": "revenue-chief",
            "leadership.sale-complexity": "complex",
            "shared-goals.win-together": 5,
            "joint-metrics.forecast-holds": 3,
            "joint-metrics.joint-forecast-review": "weekly",
        },
        "marketing": {
            "leadership.structure": "revenue-chief",
            "leadership.marketing-intensity": "marketing-led",
            "shared-goals.win-together": 4,
            "joint-metrics.forecast-holds": 4,
            "joint-metrics.joint-forecast-review": "monthly",
        },
    },
}
HEALTHY_ALL = {("2.0", name): case for name, case in HEALTHY.items()} | {
    ("2.1", name): case for name, case in HEALTHY_21.items()
}


@pytest.mark.parametrize(("version", "name"), sorted(HEALTHY_ALL))
def test_a_healthy_organization_gets_no_priority(version: str, name: str) -> None:
    q = resolve_questionnaire(f"sales-marketing-alignment@{version}")
    case = HEALTHY_ALL[version, name]
    result = organization(q, case["sales"], case["marketing"])
    assert result.priorities == []
    assert "Start with" not in result.headline and "Nothing urgent" in result.headline
    assert not [f for f in result.findings if f.kind in ("contested-fact", "acute", "opposed-view")]
    assert not [r for r in result.recommendations if r.dimension == "leadership"]


@pytest.mark.parametrize(
    ("version", "sales", "marketing", "acute"),
    [
        # 2.0: first contact two business days or more, on either side's word
        ("2.0", {"lead-handoff.hours-to-first-contact": 47.5}, {}, set()),
        ("2.0", {"lead-handoff.hours-to-first-contact": 48}, {}, {"slow-first-contact"}),
        ("2.0", {}, {"lead-handoff.hours-to-first-contact": 48}, {"slow-first-contact"}),
        # half the leads or more not contacted in time
        ("2.0", {"lead-handoff.follow-up-share": 50}, {}, set()),
        ("2.0", {"lead-handoff.follow-up-share": 49}, {}, {"leads-not-followed"}),
        # the head of Sales not backing the process: "disagree" from either side
        ("2.0", {}, {"leadership.sales-head-endorses": 3}, set()),
        ("2.0", {}, {"leadership.sales-head-endorses": 2}, {"sales-head-not-backing"}),
        # disputes: one side seeing favour is enough; the CEO staying out alone is not acute
        ("2.0", {}, {"leadership.ceo-arbiter": "ceo-favours-one"}, {"unfair-arbitration"}),
        ("2.0", {}, {"leadership.ceo-arbiter": "ceo-stays-out"}, set()),
        # blame: only "strongly agree"
        ("2.0", {"shared-goals.blamed-by-marketing": 4}, {}, set()),
        ("2.0", {"shared-goals.blamed-by-marketing": 5}, {}, {"blamed-for-misses"}),
        # 2.1: first contact later than 72 business hours, or never
        ("2.1", {"lead-handoff.first-contact-band": "within-72"}, {}, set()),
        ("2.1", {"lead-handoff.first-contact-band": "over-72"}, {}, {"slow-first-contact"}),
        ("2.1", {}, {"lead-handoff.leads-worked": 2}, set()),
        ("2.1", {}, {"lead-handoff.leads-worked": 1}, {"leads-not-worked"}),
        ("2.1", {"shared-goals.revenue-sources-agreed": 2}, {}, set()),
        ("2.1", {"shared-goals.revenue-sources-agreed": 1}, {}, {"different-markets"}),
    ],
)
def test_the_built_in_acute_thresholds(
    version: str, sales: dict[str, Any], marketing: dict[str, Any], acute: set[str]
) -> None:
    q = resolve_questionnaire(f"sales-marketing-alignment@{version}")
    result = organization(q, sales, marketing)
    titles = {rule.title: rule.id for rule in q.acute}
    assert {titles[f.title] for f in result.findings if f.acute} == acute
