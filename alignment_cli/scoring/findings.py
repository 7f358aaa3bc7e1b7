"""Findings: what a consultant would point at first. Contested facts, large gaps, how each side
sees the other, areas left unanswered, and weak agreement inside a side."""

from __future__ import annotations

from collections.abc import Iterator

from alignment_cli.model.questionnaire import AnyQuestion, Scale
from alignment_cli.model.result import DimensionResult, Finding, SelfView, SideDimension, side_name
from alignment_cli.scoring.recommendations import acute_hits
from alignment_cli.scoring.types import Scored, is_contested

_SEVERITY_ORDER = {"high": 0, "medium": 1, "info": 2}
_KIND_ORDER = [
    "missing-side",
    "acute",
    "contested-fact",
    "opposed-view",
    "large-gap",
    "mirrored-view",
    "blind-spot",
    "team-gap",
    "unanswered",
    "low-agreement",
]


def find(scored: Scored) -> list[Finding]:
    """The findings, most serious first. Reads the scored values; changes nothing."""
    findings = _missing_sides(scored)
    if not findings:  # the findings that compare the two sides need both
        findings += [
            *_contested_facts(scored),
            *_large_gaps(scored),
            *_acute(scored),
            *_opposed(scored),
            *_mirrored(scored),
            *blind_spots(self_views(scored), scored.rules.large_gap, scored.rules.severe_gap),
        ]
    findings += _side_findings(scored)
    return _most_serious_first(scored, findings)


def _most_serious_first(scored: Scored, findings: list[Finding]) -> list[Finding]:
    """By severity, then kind, then the questionnaire's order of dimensions (a stable sort:
    findings of one kind in one dimension stay in the order they were found)."""
    dim_order = {d.id: i for i, d in enumerate(scored.questionnaire.dimensions)}
    return sorted(
        findings,
        key=lambda f: (
            _SEVERITY_ORDER[f.severity],
            _KIND_ORDER.index(f.kind),
            dim_order.get(f.dimension or "", -1),
        ),
    )


def _missing_sides(scored: Scored) -> list[Finding]:
    return [
        Finding(
            kind="missing-side",
            severity="high",
            title=f"No answers from {side_name(side)}",
            detail=(
                f"Only one side has answered, so no gap between the two views can be "
                f"computed and there is no alignment index yet. Ask {side_name(side)} to "
                "answer the same questionnaire."
            ),
        )
        for side in scored.sides
        if not scored.respondents[side].respondents
    ]


def _contested_facts(scored: Scored) -> list[Finding]:
    """Facts on which the two sides' answers differ beyond the tolerance."""
    q = scored.questionnaire
    rules = scored.rules
    sides = scored.sides
    out = []
    for question in q.questions.values():
        if not question.fact or not is_contested(
            question, scored.answers[question.id], sides, rules.number_tolerance, rules.tolerances
        ):
            continue
        views = {side: scored.said(question, side) for side in sides}
        out.append(
            Finding(
                kind="contested-fact",
                severity="high",
                dimension=q.dimension_of[question.id].id,
                question=question.id,
                title=f"The two sides disagree on a fact: {question.text}",
                detail=" / ".join(f"{side_name(s)}: “{v}”" for s, v in views.items())
                + ". A matter of fact seen two ways is usually the first thing to settle.",
                views=views,
                statements={side: question.text for side in sides},
            )
        )
    return out


def _large_gaps(scored: Scored) -> list[Finding]:
    """Dimensions whose two sides' scores lie `large_gap` points or more apart."""
    rules = scored.rules
    out = []
    for dim in scored.dimensions:
        if dim.gap is None or dim.gap < rules.large_gap:
            continue
        a, b = scored.sides
        higher = a if (dim.scores[a] or 0) > (dim.scores[b] or 0) else b
        out.append(
            Finding(
                kind="large-gap",
                severity="high" if dim.gap >= rules.severe_gap else "medium",
                dimension=dim.id,
                title=f"{dim.title}: the two sides are {dim.gap:.0f} points apart",
                detail=(
                    f"{side_name(a)} scores it {dim.scores[a]:.0f}, "
                    f"{side_name(b)} {dim.scores[b]:.0f}; {side_name(higher)} sees it "
                    "more favourably."
                ),
                views={s: f"{dim.scores[s]:.0f}" for s in scored.sides},
            )
        )
    return out


def _side_views(scored: Scored) -> Iterator[tuple[DimensionResult, str, SideDimension]]:
    """Each dimension's view from each side, dimensions in order."""
    for dim in scored.dimensions:
        for side in scored.sides:
            yield dim, side, dim.sides[side]


def _side_findings(scored: Scored) -> list[Finding]:
    """What one side's view of one dimension shows on its own, each check in `_SIDE_CHECKS`."""
    return [
        finding
        for dim, side, view in _side_views(scored)
        for check in _SIDE_CHECKS
        if (finding := check(scored, dim, side, view)) is not None
    ]


def _unanswered(scored: Scored, dim: DimensionResult, side: str, view: SideDimension) -> Finding | None:
    """A side that answered but too few of a dimension's items to score it."""
    if (
        not scored.respondents[side].respondents
        or not view.asked
        or view.score is not None
        or dim.status == "profile"
    ):
        return None
    return Finding(
        kind="unanswered",
        severity="medium",
        dimension=dim.id,
        side=side,
        title=f"{dim.title}: too few answers from {side_name(side)} to score",
        detail=(
            f"{view.answered} of {view.asked} items answered"
            f"{f', {view.dont_know} marked don’t know' if view.dont_know else ''}."
            f" Under {scored.rules.min_answered_share:.0%} answered is shown as "
            "insufficient rather than a number; often it means the area is not "
            "discussed at all."
        ),
    )


def _low_agreement(scored: Scored, dim: DimensionResult, side: str, view: SideDimension) -> Finding | None:
    """A side whose answers vary widely (rwg under `agreement_flag`); agreement statistics mean
    little under alpha_min_respondents people."""
    flag = scored.rules.agreement_flag
    if (
        view.rwg is None
        or view.rwg >= flag
        or scored.respondents[side].respondents < scored.rules.alpha_min_respondents
    ):
        return None
    return Finding(
        kind="low-agreement",
        severity="info",
        dimension=dim.id,
        side=side,
        title=f"{dim.title}: {side_name(side)} does not agree within itself",
        detail=(
            f"Within-team agreement (rwg) is {view.rwg:.2f}, under {flag:.2f}: the side's "
            "average hides very different views, so talk to the team before acting on the "
            "number."
        ),
    )


def _team_gap(scored: Scored, dim: DimensionResult, side: str, view: SideDimension) -> Finding | None:
    """A head of a side whose score lies `large_gap` points or more from the rest of the side."""
    if view.head_score is None or view.team_score is None:
        return None
    apart = abs(view.head_score - view.team_score)
    if apart < scored.rules.large_gap:
        return None
    return Finding(
        kind="team-gap",
        severity="medium",
        dimension=dim.id,
        side=side,
        title=(
            f"{dim.title}: the head of {side_name(side)} sees it at "
            f"{view.head_score:.0f}, the {side_name(side)} team at {view.team_score:.0f}"
        ),
        detail=f"The leader's view and the team's differ by {apart:.0f} points.",
    )


_SIDE_CHECKS = (_unanswered, _low_agreement, _team_gap)


def _acute(scored: Scored) -> list[Finding]:
    """The acute rules that hold: one strong, specific answer, evidence for its area whatever
    the area's mean."""
    out = []
    for rule, dim, hit in acute_hits(scored):
        question = next((t.split(":", 1)[1] for t in hit.trigger if ":" in t), None)
        out.append(
            Finding(
                kind="acute",
                severity="high",
                dimension=dim.id,
                question=question,
                acute=True,
                title=rule.title,
                detail="; ".join(hit.evidence) + ".",
                note=rule.detail,
            )
        )
    return out


def agreement_words(value: float, scale: Scale) -> str:
    """How far a side agrees with a statement, in the scale's words (its typical answer)."""
    label = scale.nearest_label(value)
    return label.lower() if label else f"{value:g}"


def _opposed(scored: Scored) -> list[Finding]:
    """Statements asked of both sides on which their typical answers lie `opposed_points` or
    more apart and on opposite sides of the middle of the scale: one agrees, the other does
    not."""
    q = scored.questionnaire
    middle = (q.scale.min + q.scale.max) / 2
    out = []
    for question in q.questions.values():
        if (
            not question.on_scale
            or q.is_gap_expected(question)
            or len(q.roles_of(question)) != len(scored.sides)
        ):
            continue
        record = scored.answers[question.id]
        typical = {side: record.typical(side) for side in scored.sides}
        if any(t is None for t in typical.values()):
            continue
        (a, va), (b, vb) = typical.items()
        if abs(va - vb) < scored.rules.opposed_points or (va - middle) * (vb - middle) >= 0:
            continue
        words = {side: agreement_words(v, q.scale) for side, v in typical.items()}
        out.append(
            Finding(
                kind="opposed-view",
                severity="high",
                dimension=q.dimension_of[question.id].id,
                question=question.id,
                title=(
                    f"{side_name(a)} {_verb(words[a])}; {side_name(b)} {_verb(words[b])}: “{question.text}”"
                ),
                detail=(
                    "The two sides see this the opposite way. Ask each for two recent examples "
                    "before deciding who is right."
                ),
                views={side: f"{v:g}" for side, v in typical.items()},
                statements={side: question.text for side in scored.sides},
            )
        )
    return out


def _stance(scored: Scored, question: AnyQuestion, side: str, value: float) -> str:
    """How far a side agrees with a statement, in words ("strongly agrees"), so that a
    reverse-worded statement never reads as its score; other items by their score."""
    values = scored.answers[question.id].values.get(side) or []
    if question.on_scale and values and scored.questionnaire.scale.labels:
        average = sum(values) / len(values)
        return "— " + _verb(agreement_words(average, scored.questionnaire.scale))
    return f"{value:.0f}/100"


def _verb(words: str) -> str:
    """“Strongly disagree” as a side's stance: “strongly disagrees”."""
    if words.startswith("neither"):
        return "neither agrees nor disagrees"
    if words.endswith("agree"):
        return words + "s"
    return f"answers “{words}”"


def _pairs(
    scored: Scored, field: str
) -> Iterator[tuple[AnyQuestion, AnyQuestion, str, str, float | None, float | None]]:
    """The items that name another through `field` (mirror, self_of), in questionnaire order:
    the item, the one it names, the side asked each, and each side's mean score."""
    q = scored.questionnaire
    for question in q.questions.values():
        named = getattr(question, field)
        if named is None:
            continue
        other = q.questions[named]
        side, other_side = q.roles_of(question)[0], q.roles_of(other)[0]
        yield (
            question,
            other,
            side,
            other_side,
            scored.answers[question.id].side_mean(side),
            scored.answers[other.id].side_mean(other_side),
        )


def _mirrored(scored: Scored) -> list[Finding]:
    """Pairs where each side judges the other: shown side by side, flagged when one view is low."""
    q = scored.questionnaire
    out = []
    for question, other, this_side, other_side, mine, theirs in _pairs(scored, "mirror"):
        if mine is None or theirs is None:
            continue
        low = min(mine, theirs) < scored.rules.low_view
        views = {this_side: f"{mine:.0f}", other_side: f"{theirs:.0f}"}
        out.append(
            Finding(
                kind="mirrored-view",
                severity="medium" if low else "info",
                dimension=q.dimension_of[question.id].id,
                question=question.id,
                title=("How each side sees the other: " + _short(question.text)),
                detail=(
                    f"{side_name(this_side)}: “{question.text}” "
                    f"{_stance(scored, question, this_side, mine)}. "
                    f"{side_name(other_side)}: “{other.text}” "
                    f"{_stance(scored, other, other_side, theirs)}."
                    + (" One side rates the other low." if low else "")
                ),
                views=views,
                statements={this_side: question.text, other_side: other.text},
            )
        )
    return out


def self_views(scored: Scored) -> list[SelfView]:
    """Each self-rating beside the other side's rating of the same point, in questionnaire
    order; a view with no answers on either side still appears, without numbers."""
    q = scored.questionnaire
    views = []
    for question, other, side, other_side, own, theirs in _pairs(scored, "self_of"):
        views.append(
            SelfView(
                side=side,
                other_side=other_side,
                dimension=q.dimension_of[question.id].id,
                question=question.id,
                other_question=other.id,
                statement=question.text,
                other_statement=other.text,
                self_score=None if own is None else round(own, 1),
                other_score=None if theirs is None else round(theirs, 1),
                difference=None if own is None or theirs is None else round(own - theirs, 1),
            )
        )
    return views


def blind_spots(views: list[SelfView], large_gap: float, severe_gap: float) -> list[Finding]:
    """A side that rates its own work `large_gap` points or more above the other side's rating of
    it: what the other side sees and it does not."""
    out = []
    for view in views:
        if (
            view.difference is None
            or view.self_score is None
            or view.other_score is None
            or view.difference < large_gap
        ):
            continue
        me, them = side_name(view.side), side_name(view.other_side)
        out.append(
            Finding(
                kind="blind-spot",
                severity="high" if view.difference >= severe_gap else "medium",
                dimension=view.dimension,
                side=view.side,
                question=view.question,
                title=(
                    f"{me} rates its own work {view.difference:.0f} points higher than {them} "
                    f"does: {_short(view.statement)}"
                ),
                detail=(
                    f"{me} on itself: “{view.statement}” {view.self_score:.0f}/100. "
                    f"{them} on {me}: “{view.other_statement}” {view.other_score:.0f}/100. "
                    "What one side believes it does well and the other does not see is worth "
                    "discussing with examples."
                ),
                views={view.side: f"{view.self_score:.0f}", view.other_side: f"{view.other_score:.0f}"},
                statements={view.side: view.statement, view.other_side: view.other_statement},
            )
        )
    return out


def _short(text: str, limit: int = 70) -> str:
    """A title no longer than `limit`, cut at a word, never inside one."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
