"""Recommendation rules: each `when` in the questionnaire evaluated against the scored answers.

A recommendation fires on the answers it is about (items, facts, mirrored pairs, team gaps) and
says so in plain words: the statement and what each side answered. The dimension-level
thresholds remain for a dimension's fallback first step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alignment_cli.model.questionnaire import (
    DIMENSION_LEVEL,
    AcuteRule,
    AnswerCondition,
    Condition,
    Recommendation,
)
from alignment_cli.model.result import DimensionResult, side_name
from alignment_cli.scoring.types import Scored, is_contested, standing

EITHER = "either"
BOTH = "both"
TYPICAL = "typical"
CONTEXT = "context:"  # the trigger of an answer on a context item


@dataclass(frozen=True)
class Hit:
    """Why a condition holds: sentences for people, ids for machines, and how much it weighs."""

    evidence: tuple[str, ...] = ()
    trigger: tuple[str, ...] = ()
    strength: float = 0.0
    specific: bool = False  # names answers, not only a dimension threshold

    def __add__(self, other: Hit) -> Hit:
        return Hit(
            self.evidence + other.evidence,
            self.trigger + other.trigger,
            self.strength + other.strength,
            self.specific or other.specific,
        )


@dataclass(frozen=True)
class Fired:
    """A recommendation whose condition holds, with the evidence that made it hold."""

    rule: Recommendation
    dimension: DimensionResult
    hit: Hit
    order: int  # its place in the questionnaire, the last tie-breaker
    fallback: bool = False


def recommend(scored: Scored) -> list[Fired]:
    """Every recommendation whose condition holds, in questionnaire order. A rule that fired on
    a dimension threshold alone is dropped where a rule about named answers fired for the same
    dimension: the specific advice says more."""
    q = scored.questionnaire
    states = practice_states(scored)
    fired: list[Fired] = []
    for order, rule in enumerate(q.recommendations):
        if rule.practice is not None and not _in_state(states.get(rule.practice), rule.state):
            continue  # advice for another state of its practice (never "draft" what exists)
        dim = scored.dimension(rule.dimension)
        hit = evaluate(rule.when, dim, scored)
        if hit is None or (hit.trigger and all(t.startswith(CONTEXT) for t in hit.trigger)):
            continue  # structure alone is context, never a reason for advice
        fired.append(Fired(rule, dim, hit, order, fallback=not hit.specific))
    specific = {f.dimension.id for f in fired if not f.fallback}
    return [f for f in fired if not f.fallback or f.dimension.id not in specific]


def _in_state(state: str | None, wanted: str | None) -> bool:
    """Whether a practice's state is the one a recommendation is for. Advice for a practice
    that is not working needs it to exist on both sides' word; its own condition names the
    failing outcome."""
    if wanted == "not-working":
        return state in ("working", "not-working")
    return state == wanted


def practice_states(scored: Scored) -> dict[str, str]:
    """Each practice's state: missing (both sides say it does not exist), disputed (they
    disagree), not-working (both say it exists and an outcome item fails on either side, or an
    acute rule fires on an outcome) or working. A practice either side has not answered on is
    left out."""
    q = scored.questionnaire
    acute_items = {t.split(":", 1)[1] for _, _, hit in acute_hits(scored) for t in hit.trigger if ":" in t}
    states: dict[str, str] = {}
    for practice in q.practices:
        record = scored.answers[practice.exists.question]
        typical = [record.typical(side) for side in scored.sides]
        if any(t is None for t in typical):
            continue
        exists = [t in practice.exists.in_ for t in typical]
        if not any(exists):
            states[practice.id] = "missing"
        elif not all(exists):
            states[practice.id] = "disputed"
        elif any(_failing(scored, item) or item in acute_items for item in practice.outcomes):
            states[practice.id] = "not-working"
        else:
            states[practice.id] = "working"
    return states


def _failing(scored: Scored, item: str) -> bool:
    record = scored.answers[item]
    means = [m for side in scored.sides if (m := record.side_mean(side)) is not None]
    return bool(means) and min(means) < scored.rules.practice_failing


def acute_hits(scored: Scored) -> list[tuple[AcuteRule, DimensionResult, Hit]]:
    """The acute rules that hold, in questionnaire order, with why."""
    out = []
    for rule in scored.questionnaire.acute:
        dim = scored.dimension(rule.dimension)
        hit = evaluate(rule.when, dim, scored)
        if hit is not None:
            out.append((rule, dim, hit))
    return out


def fallback_for(scored: Scored, dim: DimensionResult, value: float | None, top_band: float) -> Fired | None:
    """A priority's first step when no rule about its answers fired: the dimension's fallback
    recommendation (or, in a file without one, its first)."""
    rules = [(i, r) for i, r in enumerate(scored.questionnaire.recommendations) if r.dimension == dim.id]
    if not rules:
        return None
    order, rule = next(((i, r) for i, r in rules if r.fallback), rules[0])
    label = "alignment" if scored.gaps_computable else "score"
    shown = "–" if value is None else figure(value, top_band)
    hit = Hit(
        (f"{dim.title}: {label} {shown} of 100, with no single answer that points to a more specific step",),
        ("priority",),
        0.0,
    )
    return Fired(rule, dim, hit, order, fallback=True)


def figure(value: float, threshold: float) -> str:
    """A whole number, unless rounding would make it look equal to the threshold it is compared
    with ("49.8 is under 50", not "50 is under 50")."""
    whole = f"{value:.0f}"
    return f"{value:.1f}" if float(whole) == threshold and value != threshold else whole


def evaluate(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    """Why the condition holds; None when it does not. Every part of a condition must hold."""
    total = Hit()
    for key in Condition.model_fields:
        if getattr(cond, key) is None:
            continue
        hit = _CHECKS[key](cond, dim, scored)
        if hit is None:
            return None
        total = total + hit
    return total


def _alignment_below(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    limit = cond.alignment_below
    assert limit is not None
    value = standing(dim, scored.gaps_computable)
    if value is None or value >= limit:
        return None
    label = "alignment" if scored.gaps_computable else "score"
    return Hit((f"{dim.title}: {label} {figure(value, limit)}, under {limit:g}",), ("alignment_below",))


def _score_below(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    limit = cond.score_below
    assert limit is not None
    low = [(s, v) for s in scored.sides if (v := dim.scores[s]) is not None and v < limit]
    if not low:
        return None
    return Hit(
        tuple(f"{dim.title}: {side_name(s)} scores it {figure(v, limit)}, under {limit:g}" for s, v in low),
        ("score_below",),
    )


def _gap_at_least(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    limit = cond.gap_at_least
    assert limit is not None
    if dim.gap is None or dim.gap < limit:
        return None
    a, b = scored.sides
    return Hit(
        (
            f"{dim.title}: {side_name(a)} scores it {dim.scores[a]:.0f} and {side_name(b)} "
            f"{dim.scores[b]:.0f}, {figure(dim.gap, limit)} points apart",
        ),
        ("gap_at_least",),
    )


def _contested(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    assert cond.contested is not None
    question = scored.questionnaire.questions[cond.contested]
    record = scored.answers[cond.contested]
    if not scored.gaps_computable or not is_contested(
        question, record, scored.sides, scored.rules.number_tolerance, scored.rules.tolerances
    ):
        return None
    a, b = scored.sides
    return Hit(
        (
            f"Asked {scored.statement(question)}, {side_name(a)} answered "
            f"“{scored.said(question, a)}” and {side_name(b)} “{scored.said(question, b)}”",
        ),
        (f"contested:{question.id}",),
        scored.rules.evidence.contested_fact,
        True,
    )


def _answer(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    """Without `side` (or `side: typical`), every side that answered must give a matching
    answer (so "absent" means both say so; when they disagree the rule for a contested fact
    speaks instead). `both`: both sides answered and match. `either`: one side is enough. A
    role: that side's answer."""
    answer = cond.answer
    assert answer is not None
    question = scored.questionnaire.questions[answer.question]
    record = scored.answers[answer.question]
    either = answer.side == EITHER
    sides = scored.sides if answer.side in (None, EITHER, BOTH, TYPICAL) else [answer.side]
    said = []
    for side in sides:
        if not record.values.get(side):
            if answer.side == BOTH:
                return None
            continue
        if _matches(answer, record.typical(side)):
            said.append(f"{side_name(side)} answered “{scored.said(question, side)}”")
        elif not either:
            return None
    if not said:
        return None
    words = f"Asked {scored.statement(question)}, " + " and ".join(said)
    if question.context:
        return Hit((words,), (f"{CONTEXT}{question.id}",), 0.0, False)
    return Hit((words,), (f"answer:{question.id}",), scored.rules.evidence.absent, True)


def _matches(answer: AnswerCondition, typical: Any) -> bool:
    """Whether a side's typical answer meets the condition; a split side (None) has no one
    answer, and only a number is below or at least a limit."""
    if typical is None:
        return False
    if answer.in_ is not None and typical not in answer.in_:
        return False
    number = isinstance(typical, int | float)
    if answer.below is not None and not (number and float(typical) < answer.below):
        return False
    return answer.at_least is None or (number and float(typical) >= answer.at_least)


def _agreed(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    agreed = cond.agreed
    assert agreed is not None
    question = scored.questionnaire.questions[agreed.question]
    record = scored.answers[agreed.question]
    typical = [record.typical(side) for side in scored.sides]
    if any(t is None or t not in agreed.in_ for t in typical):
        return None
    (a, said_a), (b, said_b) = ((side, scored.said(question, side)) for side in scored.sides)
    # two different answers from the list are both accepted, but not "both answered" one
    words = (
        f"Both sides answered “{said_a}”"
        if said_a == said_b
        else f"{side_name(a)} answered “{said_a}” and {side_name(b)} “{said_b}”"
    )
    return Hit((f"{words} to {scored.statement(question)}",), (f"agreed:{question.id}",), 0.0, True)


def _low_view(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    assert cond.low_view is not None
    q = scored.questionnaire
    first = q.questions[cond.low_view]
    second = (
        q.questions[first.mirror]
        if first.mirror is not None
        else next(o for o in q.questions.values() if o.mirror == first.id)
    )
    views = []
    for question in (first, second):
        side = q.roles_of(question)[0]
        value = scored.answers[question.id].side_mean(side)
        if value is None:
            return None
        views.append((side, question, value))
    if min(v for _, _, v in views) >= scored.rules.low_view:
        return None
    words = " and ".join(
        f"{side_name(s)} rates {scored.statement(question)} {v:.0f}/100" for s, question, v in views
    )
    return Hit((words,), (f"low_view:{first.id}",), scored.rules.evidence.low_view, True)


def _team_gap(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    out = []
    for side in scored.sides:
        view = dim.sides.get(side)
        if view is None or view.head_score is None or view.team_score is None:
            continue
        if abs(view.head_score - view.team_score) >= scored.rules.large_gap:
            out.append(
                f"{dim.title}: the head of {side_name(side)} sees it at "
                f"{view.head_score:.0f}, the rest of {side_name(side)} at "
                f"{view.team_score:.0f}"
            )
    if bool(out) != bool(cond.team_gap):
        return None
    return Hit(tuple(out), ("team_gap",), scored.rules.evidence.team_gap * len(out), bool(out))


def _any(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    """The strongest part that holds (the first of equals): a contested fact outweighs an
    answer beside it."""
    best: Hit | None = None
    for inner in cond.any or []:
        hit = evaluate(inner, dim, scored)
        if hit is not None and (best is None or hit.strength > best.strength):
            best = hit
    return best


def _all(cond: Condition, dim: DimensionResult, scored: Scored) -> Hit | None:
    total = Hit()
    for inner in cond.all or []:
        hit = evaluate(inner, dim, scored)
        if hit is None:
            return None
        total = total + hit
    return total


_CHECKS = {
    "alignment_below": _alignment_below,
    "score_below": _score_below,
    "gap_at_least": _gap_at_least,
    "answer": _answer,
    "agreed": _agreed,
    "contested": _contested,
    "low_view": _low_view,
    "team_gap": _team_gap,
    "any": _any,
    "all": _all,
}
assert set(_CHECKS) == set(Condition.model_fields)
assert set(DIMENSION_LEVEL) <= set(_CHECKS)
