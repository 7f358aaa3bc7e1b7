"""Priorities by evidence, and the short action plan.

A dimension's evidence adds up what points at it (how far it stands under the top band, a large
gap, contested facts, a side rating the other low, a head far from their team, facts both sides
report missing), scaled by how many items it rests on. The weights are the questionnaire's
`rules.evidence`."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Ranking:
    """The outcome of prioritising: new dimension values, the priorities, and every fired
    recommendation ranked, the first `max_actions` in the plan."""

    dimensions: list[DimensionResult]
    priorities: list[Priority]
    recommendations: list[RecommendationResult]


def top_band(scored: Scored) -> float:
    return scored.questionnaire.stages[-1].from_


def evidence(scored: Scored, dim: DimensionResult, findings: list[Finding]) -> Evidence:
    """The evidence that a dimension needs work, with its reasons in plain words."""
    weights = scored.rules.evidence
    top = top_band(scored)
    value = standing(dim, scored.gaps_computable)
    items = sum(1 for q in scored.questionnaire.dimensions_by_id[dim.id].questions
                if counts_in_score(scored.questionnaire, q))
    if value is None or not items:
        return Evidence(items=items)
    reasons: list[str] = []
    points = 0.0
    if value < top:
        points += weights.shortfall * (top - value) / 10
        label = "alignment" if scored.gaps_computable else "score"
        reasons.append(f"{label} {value:.0f}, {top - value:.0f} under the top band ({top:g})")
    if dim.gap is not None and dim.gap >= scored.rules.large_gap:
        points += weights.large_gap * dim.gap / scored.rules.large_gap
        reasons.append(f"the two sides are {dim.gap:.0f} points apart")
    mine = [f for f in findings if f.dimension == dim.id]
    contested = [f for f in mine if f.kind == "contested-fact"]
    low_views = [f for f in mine if f.kind == "mirrored-view" and f.severity != "info"]
    team_gaps = [f for f in mine if f.kind == "team-gap"]
    points += weights.contested_fact * len(contested)
    points += weights.low_view * len(low_views)
    points += weights.team_gap * len(team_gaps)
    if contested:
        reasons.append(_count(len(contested), "fact the two sides report differently",
                              "facts the two sides report differently"))
    if low_views:
        reasons.append(_count(len(low_views), "pair where one side rates the other low",
                              "pairs where one side rates the other low"))
    for finding in team_gaps:
        assert finding.side is not None
        reasons.append(f"the head of {side_name(finding.side)} and their team are far apart")
    backed = [f for f in mine if f.kind in ("data-contradicts", "data-settles")]
    if backed:  # the CRM's records, not an opinion: strong evidence
        points += weights.data * len(backed)
        reasons.append(_count(len(backed), "finding the CRM data backs",
                              "findings the CRM data backs"))
    absent = _absent_facts(scored, dim)
    if absent:
        points += weights.absent * absent
        reasons.append(_count(absent, "fact both sides report missing",
                              "facts both sides report missing"))
    certainty = items / (items + weights.few_items)
    reasons.append(f"measured by {items} scored item{'s' if items != 1 else ''}")
    return Evidence(score=round(points * certainty, 2), reasons=reasons, items=items)


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
    """The priorities (top by evidence, never in the top band), each with its first step, then
    the action plan: those first steps, then the other recommendations by evidence."""
    rules = scored.rules
    top = top_band(scored)
    evidence_of = {d.id: evidence(scored, d, findings) for d in scored.dimensions}
    order = {d.id: i for i, d in enumerate(scored.dimensions)}
    candidates = []
    for dim in scored.dimensions:
        value = standing(dim, scored.gaps_computable)
        ev = evidence_of[dim.id]
        acute = any(f.acute and f.dimension == dim.id for f in findings)
        if value is None or ((value >= top or ev.score < rules.priority_min_evidence)
                             and not acute):
            continue
        candidates.append((-ev.score, value, order[dim.id], dim))
    candidates.sort(key=lambda c: c[:3])
    chosen = [c[3] for c in candidates[:rules.priorities]]
    rank_of = {dim.id: i for i, dim in enumerate(chosen, start=1)}

    def strength(f: Fired) -> tuple[float, float, int]:
        return (-(f.hit.strength + evidence_of[f.dimension.id].score), 1.0 if f.fallback else 0.0,
                f.order)

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
    ranked = first_steps + sorted(rest, key=strength)

    recommendations = []
    for rank, f in enumerate(ranked, start=1):
        source = scored.questionnaire.sources_by_id.get(f.rule.source) if f.rule.source else None
        recommendations.append(RecommendationResult(
            id=f.rule.id, title=f.rule.title, dimension=f.dimension.id,
            dimension_title=f.dimension.title, why=f.rule.why, actions=list(f.rule.actions),
            source=f.rule.source, source_title=source.title if source else None,
            rank=rank, in_plan=rank <= rules.max_actions,
            first_step_of=(rank_of.get(f.dimension.id)
                           if any(f is s for s in first_steps) else None),
            fallback=f.fallback, evidence="; ".join(f.hit.evidence) + ".",
            trigger=list(f.hit.trigger), strength=round(f.hit.strength, 2),
        ))
    by_dim = {r.dimension: r for r in recommendations if r.first_step_of is not None}
    priorities = []
    for dim in chosen:
        rec = by_dim.get(dim.id)
        priorities.append(Priority(
            rank=rank_of[dim.id], dimension=dim.id, title=dim.title,
            alignment=standing(dim, scored.gaps_computable), evidence=evidence_of[dim.id],
            recommendation=rec.id if rec else None,
            recommendation_title=rec.title if rec else None,
            action=rec.actions[0] if rec else None,
        ))
    dimensions = [d.model_copy(update={"priority": rank_of.get(d.id),
                                       "evidence": evidence_of[d.id]})
                  for d in scored.dimensions]
    return Ranking(dimensions, priorities, recommendations)
