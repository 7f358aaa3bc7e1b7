"""Priorities by evidence, and the short action plan.

A dimension's evidence adds up what points at it (how far it stands under the top band, a large
gap, contested facts, a side rating the other low, a head far from their team, facts both sides
report missing), scaled by how many items it rests on. The weights are the questionnaire's
`rules.evidence`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alignment_cli.model.questionnaire import EvidenceWeights
from alignment_cli.model.result import (
    DimensionResult,
    Evidence,
    Finding,
    Priority,
    RecommendationResult,
    side_name,
)
from alignment_cli.scoring.compute import counts_in_score
from alignment_cli.scoring.recommendations import Fired, fallback_for
from alignment_cli.scoring.types import Scored, standing

CAUSE_SHARE = 0.5


@dataclass(frozen=True)
class Ranking:
    """The outcome of prioritising: new dimension values, the priorities, and every fired
    recommendation ranked, the first `max_actions` in the plan."""

    dimensions: list[DimensionResult]
    priorities: list[Priority]
    recommendations: list[RecommendationResult]


def top_band(scored: Scored) -> float:
    return scored.questionnaire.stages[-1].from_


# What one kind of evidence adds: its points, in the order they are added (the sum is taken in
# that order, so a score never moves in its last digit), and the reasons it gives.
_Part = tuple[list[float], list[str]]


def evidence(scored: Scored, dim: DimensionResult, findings: list[Finding]) -> Evidence:
    """The evidence that a dimension needs work, with its reasons in plain words."""
    weights = scored.rules.evidence
    value = standing(dim, scored.gaps_computable)
    items = _scored_items(scored, dim)
    if value is None or not items:
        return Evidence(items=items)
    mine = [f for f in findings if f.dimension == dim.id]
    parts = [
        _acute(mine, weights),
        _shortfall(scored, dim, value),
        _views(mine, weights),
        _backed_by_data(mine, weights),
        _absent(scored, dim, weights),
    ]
    points = 0.0
    for term in (term for terms, _ in parts for term in terms):
        points += term
    reasons = [reason for _, said in parts for reason in said]
    certainty = items / (items + weights.few_items)
    reasons.append(f"measured by {items} scored item{'s' if items != 1 else ''}")
    return Evidence(score=round(points * certainty, 2), reasons=reasons, items=items)


def _scored_items(scored: Scored, dim: DimensionResult) -> int:
    return sum(
        1
        for q in scored.questionnaire.dimensions_by_id[dim.id].questions
        if counts_in_score(scored.questionnaire, q)
    )


def _acute(mine: list[Finding], weights: EvidenceWeights) -> _Part:
    """Each acute finding in the area, by its title."""
    acute = [f for f in mine if f.acute]
    return [weights.acute for _ in acute], [lower_first(f.title) for f in acute]


def _shortfall(scored: Scored, dim: DimensionResult, value: float) -> _Part:
    """How far the area stands under the top band, and a large gap between the sides."""
    weights = scored.rules.evidence
    large_gap = scored.rules.large_gap
    top = top_band(scored)
    terms: list[float] = []
    reasons: list[str] = []
    if value < top:
        terms.append(weights.shortfall * (top - value) / 10)
        label = "alignment" if scored.gaps_computable else "score"
        reasons.append(f"{label} {value:.0f} of 100")
    if dim.gap is not None and dim.gap >= large_gap:
        terms.append(weights.large_gap * dim.gap / large_gap)
        reasons.append(f"the two sides are {dim.gap:.0f} points apart")
    return terms, reasons


def _views(mine: list[Finding], weights: EvidenceWeights) -> _Part:
    """What the two sides' answers show: statements answered the opposite way, facts reported
    differently, a side rating the other low, a head far from their team."""
    contested = [f for f in mine if f.kind == "contested-fact"]
    opposed = [f for f in mine if f.kind == "opposed-view"]
    low_views = [f for f in mine if f.kind == "mirrored-view" and f.severity != "info"]
    team_gaps = [f for f in mine if f.kind == "team-gap"]
    terms = [
        weights.contested_fact * len(contested),
        weights.low_view * len(low_views),
        weights.team_gap * len(team_gaps),
        weights.opposed * len(opposed),
    ]
    reasons = [
        _count(n, one, many)
        for n, one, many in [
            (
                len(opposed),
                "statement the two sides answer the opposite way",
                "statements the two sides answer the opposite way",
            ),
            (
                len(contested),
                "fact the two sides report differently",
                "facts the two sides report differently",
            ),
            (
                len(low_views),
                "pair where one side rates the other low",
                "pairs where one side rates the other low",
            ),
        ]
        if n
    ]
    for finding in team_gaps:
        assert finding.side is not None
        reasons.append(f"the head of {side_name(finding.side)} and their team are far apart")
    return terms, reasons


def _backed_by_data(mine: list[Finding], weights: EvidenceWeights) -> _Part:
    """Findings the CRM's records back: not an opinion, so strong evidence."""
    backed = [f for f in mine if f.kind in ("data-contradicts", "data-settles")]
    if not backed:
        return [], []
    return [weights.data * len(backed)], [
        _count(len(backed), "finding the CRM data backs", "findings the CRM data backs")
    ]


def _absent(scored: Scored, dim: DimensionResult, weights: EvidenceWeights) -> _Part:
    absent = _absent_facts(scored, dim)
    if not absent:
        return [], []
    return [weights.absent * absent], [
        _count(absent, "fact both sides report missing", "facts both sides report missing")
    ]


def lower_first(title: str) -> str:
    """A title as part of a sentence: its first letter lower-case, unless it starts with a
    name (Sales, Marketing, the CEO)."""
    first = title.split(" ", 1)[0].removesuffix("'s").removesuffix("’s")
    if first in {"Sales", "Marketing", "CEO"}:
        return title
    return title[:1].lower() + title[1:]


def _absent_facts(scored: Scored, dim: DimensionResult) -> int:
    """Facts that every side answering reports at the bottom of the item (a "no", the worst
    option): something both agree is missing."""
    count = 0
    for question in scored.questionnaire.dimensions_by_id[dim.id].questions:
        if not question.fact:
            continue
        record = scored.answers[question.id]
        means = [record.side_mean(side) for side in scored.sides]
        if all(m is not None for m in means) and max(m for m in means if m is not None) == 0:
            count += 1
    return count


def _count(n: int, one: str, many: str) -> str:
    return f"one {one}" if n == 1 else f"{n} {many}"


def prioritise(scored: Scored, findings: list[Finding], fired: list[Fired]) -> Ranking:
    """The priorities (top by evidence; an area in the top band only on an acute finding), each
    with its first step, then the action plan: those first steps, then the other
    recommendations by evidence, a root cause above its symptoms, at most
    `per_area_in_plan` per area and one slot kept for a governance step."""
    rules = scored.rules
    top = top_band(scored)
    evidence_of = {d.id: evidence(scored, d, findings) for d in scored.dimensions}
    acute_dims = {f.dimension for f in findings if f.acute}
    order = {d.id: i for i, d in enumerate(scored.dimensions)}
    fired = _without_superseded(fired)
    links = _links(scored, fired)
    candidates = []
    for dim in scored.dimensions:
        value = standing(dim, scored.gaps_computable)
        ev = evidence_of[dim.id]
        if (
            value is None
            or (value >= top and dim.id not in acute_dims)
            or ev.score < rules.priority_min_evidence
        ):
            continue
        candidates.append((-ev.score, value, order[dim.id], dim))
    candidates.sort(key=lambda c: c[:3])
    ranked_dims = _causes_first(
        [c[3] for c in candidates], links, fired, {d: -c[0] for c in candidates for d in [c[3].id]}
    )
    chosen = ranked_dims[: rules.priorities]
    rank_of = {dim.id: i for i, dim in enumerate(chosen, start=1)}

    def strength(f: Fired) -> tuple[float, float, int]:
        return (-(f.hit.strength + evidence_of[f.dimension.id].score), 1.0 if f.fallback else 0.0, f.order)

    pool = sorted(fired, key=strength)
    first_steps: list[Fired] = []
    for dim in chosen:
        step = next((f for f in pool if f.dimension.id == dim.id), None)
        if step is None:
            step = fallback_for(scored, dim, standing(dim, scored.gaps_computable), top)
            if step is not None:
                pool.append(step)
        if step is not None:
            first_steps.append(step)
    rest = [f for f in pool if all(f is not s for s in first_steps)]
    ranked = _causes_above(first_steps + sorted(rest, key=strength), links)
    in_plan = plan_of(ranked, rules.max_actions, rules.per_area_in_plan, first_steps)
    drives = {cause: [f for f in ranked if f.rule.id in ids] for cause, ids in links.items()}
    notes = {c.cause: c.note for c in scored.questionnaire.causes}

    recommendations = []
    for rank, f in enumerate(ranked, start=1):
        source = scored.questionnaire.sources_by_id.get(f.rule.source) if f.rule.source else None
        symptoms = drives.get(f.rule.id, [])
        recommendations.append(
            RecommendationResult(
                id=f.rule.id,
                title=f.rule.title,
                dimension=f.dimension.id,
                dimension_title=f.dimension.title,
                why=f.rule.why,
                actions=list(f.rule.actions),
                source=f.rule.source,
                source_title=source.title if source else None,
                rank=rank,
                in_plan=any(f is p for p in in_plan),
                first_step_of=(rank_of.get(f.dimension.id) if any(f is s for s in first_steps) else None),
                fallback=f.fallback,
                evidence="; ".join(f.hit.evidence) + ".",
                trigger=list(f.hit.trigger),
                strength=round(f.hit.strength, 2),
                practice=f.rule.practice,
                state=f.rule.state,
                governance=f.rule.governance,
                drives=[s.rule.id for s in symptoms],
                drives_titles=[s.rule.title for s in symptoms],
                cause_note=(notes.get(f.rule.id) or None) if symptoms else None,
            )
        )
    # the plan first, in rank order, then more ideas: ranks follow what is shown
    recommendations.sort(key=lambda r: (not r.in_plan, r.rank))
    recommendations = [r.model_copy(update={"rank": i}) for i, r in enumerate(recommendations, start=1)]
    by_dim = {r.dimension: r for r in recommendations if r.first_step_of is not None}
    priorities = []
    for dim in chosen:
        rec = by_dim.get(dim.id)
        priorities.append(
            Priority(
                rank=rank_of[dim.id],
                dimension=dim.id,
                title=dim.title,
                alignment=standing(dim, scored.gaps_computable),
                evidence=evidence_of[dim.id],
                recommendation=rec.id if rec else None,
                recommendation_title=rec.title if rec else None,
                action=rec.actions[0] if rec else None,
                acute=dim.id in acute_dims,
            )
        )
    dimensions = [
        d.model_copy(update={"priority": rank_of.get(d.id), "evidence": evidence_of[d.id]})
        for d in scored.dimensions
    ]
    return Ranking(dimensions, priorities, recommendations)


def _without_superseded(fired: list[Fired]) -> list[Fired]:
    """Near-duplicates dropped: a recommendation another fired one supersedes."""
    replaced = {other for f in fired for other in f.rule.supersedes}
    return [f for f in fired if f.rule.id not in replaced]


def _links(scored: Scored, fired: list[Fired]) -> dict[str, set[str]]:
    """Root cause -> its symptoms, for the causes and symptoms that both fired."""
    ids = {f.rule.id for f in fired}
    links: dict[str, set[str]] = {}
    for cause in scored.questionnaire.causes:
        if cause.cause in ids:
            symptoms = set(cause.drives) & ids
            if symptoms:
                links.setdefault(cause.cause, set()).update(symptoms)
    return links


def _causes_above(ranked: list[Fired], links: dict[str, set[str]]) -> list[Fired]:
    """Each root cause moved up to just above the first of its symptoms."""
    out = list(ranked)
    for cause_id, symptoms in links.items():
        cause = next(f for f in out if f.rule.id == cause_id)
        first = min(i for i, f in enumerate(out) if f.rule.id in symptoms)
        if out.index(cause) > first:
            out.remove(cause)
            out.insert(first, cause)
    return out


def _causes_first(
    dims: list[DimensionResult], links: dict[str, set[str]], fired: list[Fired], weight: dict[str, float]
) -> list[DimensionResult]:
    """The areas in order of evidence, except that an area holding a root cause comes just above
    the area of its symptom, when both are candidates and the cause's area has at least
    CAUSE_SHARE of the symptom's evidence (a faint cause does not outrank a glaring problem)."""
    area = {f.rule.id: f.dimension.id for f in fired}
    out = list(dims)
    for cause_id, symptoms in links.items():
        ids = [d.id for d in out]
        cause_dim = area[cause_id]
        later = [
            ids.index(area[s])
            for s in symptoms
            if area[s] in ids
            and area[s] != cause_dim
            and cause_dim in weight
            and weight[cause_dim] >= CAUSE_SHARE * weight[area[s]]
        ]
        if cause_dim in ids and later and ids.index(cause_dim) > min(later):
            moved = out.pop(ids.index(cause_dim))
            out.insert(min(later), moved)
    return out


def plan_of(
    ranked: list[Fired], max_actions: int, per_area: int, first_steps: Sequence[Fired] = ()
) -> list[Fired]:
    """The action plan: in rank order, at most `per_area` per area and `max_actions` in all,
    one slot kept for the best governance step when one fired (never at the cost of a
    priority's first step)."""
    plan: list[Fired] = []
    count: dict[str, int] = {}
    governance = next((f for f in ranked if f.rule.governance), None)
    room = max_actions
    for f in ranked:
        if len(plan) >= room:
            break
        if count.get(f.dimension.id, 0) >= per_area:
            continue
        if (
            governance is not None
            and governance not in plan
            and f is not governance
            and len(plan) == room - 1
            and count.get(governance.dimension.id, 0) < per_area
            and all(f is not s for s in first_steps)
        ):
            continue  # the last slot is kept for the governance step
        plan.append(f)
        count[f.dimension.id] = count.get(f.dimension.id, 0) + 1
    return plan
