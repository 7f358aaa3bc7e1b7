"""Recommendation rules: each `when` in the questionnaire evaluated against the scored result."""

from __future__ import annotations

import math

from alignment_cli.model.questionnaire import Condition, NumberQuestion
from alignment_cli.model.result import DimensionResult, RecommendationResult, side_name
from alignment_cli.scoring.compute import Scored, standing
from alignment_cli.scoring.findings import answer_label, is_contested


def recommend(scored: Scored) -> list[RecommendationResult]:
    q = scored.questionnaire
    result = scored.result
    priority = {}
    for i, d in enumerate(result.dimensions):
        value = standing(d, result.gaps_computable)
        priority[d.id] = (math.inf if value is None else value, i)
    fired = []
    for order, rec in enumerate(q.recommendations):
        dim = result.dimension(rec.dimension)
        if dim is None:
            continue
        reasons = evaluate(rec.when, dim, scored)
        if reasons is None:
            continue
        source = q.sources_by_id.get(rec.source) if rec.source else None
        fired.append((priority[dim.id], order, RecommendationResult(
            id=rec.id, title=rec.title, dimension=dim.id, dimension_title=dim.title,
            why=rec.why, actions=list(rec.actions), source=rec.source,
            source_title=source.title if source else None, triggered_by=reasons,
        )))
    fired.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in fired]


def figure(value: float, threshold: float) -> str:
    """A whole number, unless rounding would make it look equal to the threshold it is compared
    with ("49.8 is under 50", not "50 is under 50")."""
    whole = f"{value:.0f}"
    return f"{value:.1f}" if float(whole) == threshold and value != threshold else whole


def evaluate(cond: Condition, dim: DimensionResult, scored: Scored) -> list[str] | None:
    """The reasons the condition holds, in words with their numbers; None when it does not."""
    reasons: list[str] = []
    sides = scored.result.sides
    if cond.alignment_below is not None:
        value = standing(dim, scored.result.gaps_computable)
        label = "alignment" if scored.result.gaps_computable else "score"
        if value is None or value >= cond.alignment_below:
            return None
        reasons.append(f"{label} {figure(value, cond.alignment_below)} is under "
                       f"{cond.alignment_below:g}")
    if cond.score_below is not None:
        low = [(s, score) for s in sides
               if (score := dim.scores[s]) is not None and score < cond.score_below]
        if not low:
            return None
        reasons.extend(f"{side_name(s)} scores it {figure(v, cond.score_below)}, under "
                       f"{cond.score_below:g}" for s, v in low)
    if cond.gap_at_least is not None:
        if dim.gap is None or dim.gap < cond.gap_at_least:
            return None
        reasons.append(f"gap {figure(dim.gap, cond.gap_at_least)} is at least "
                       f"{cond.gap_at_least:g}")
    if cond.contested is not None:
        question = scored.questionnaire.questions[cond.contested]
        record = scored.answers[cond.contested]
        if not scored.result.gaps_computable or not is_contested(question, record, sides):
            return None
        views = ", ".join(
            f"{side_name(s)} says “{answer_label(scored.questionnaire, question, record.typical(s))}”"
            for s in sides)
        reasons.append(f"the sides disagree on {cond.contested} ({views})")
    if cond.answer is not None:
        reason = _answer(cond, scored)
        if reason is None:
            return None
        reasons.append(reason)
    if cond.any is not None:
        for inner in cond.any:
            inner_reasons = evaluate(inner, dim, scored)
            if inner_reasons is not None:
                reasons.extend(inner_reasons)
                break
        else:
            return None
    return reasons


def _answer(cond: Condition, scored: Scored) -> str | None:
    """Without `side`, every side that answered must give a matching answer: when the sides
    disagree the rule for a contested fact speaks instead, so two rules never contradict."""
    answer = cond.answer
    assert answer is not None
    q = scored.questionnaire
    question = q.questions[answer.question]
    record = scored.answers[answer.question]
    sides = [answer.side] if answer.side else scored.result.sides
    said = []
    for side in sides:
        if not record.values.get(side):
            continue
        typical = record.typical(side)
        if typical is None:  # the side is split
            return None
        hit = True
        if answer.in_ is not None:
            hit = typical in answer.in_
        if isinstance(question, NumberQuestion) or isinstance(typical, int | float):
            if answer.below is not None:
                hit = hit and float(typical) < answer.below
            if answer.at_least is not None:
                hit = hit and float(typical) >= answer.at_least
        if not hit:
            return None
        said.append(f"{side_name(side)} answered “{answer_label(q, question, typical)}”")
    if not said:
        return None
    return " and ".join(said) + f" to {answer.question}"
