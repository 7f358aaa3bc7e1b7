"""Scoring: a questionnaire and its responses in, a Result out. Reads no file and prints nothing."""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, cast

from alignment_cli.model.questionnaire import AnyQuestion, Questionnaire, Rules
from alignment_cli.model.response import Response
from alignment_cli.model.result import (
    Comment,
    DimensionResult,
    ExpectedDifference,
    SideDimension,
    SideSummary,
    StageBand,
)
from alignment_cli.scoring.stats import cronbach_alpha, mean, rwg_j, sd
from alignment_cli.scoring.types import QuestionAnswers, RespondentDimension, Scored

_ABSENT = object()
DEFAULT_MIN_GROUP_SIZE = 3


def item_score(questionnaire: Questionnaire, question_id: str, value: Any) -> float | None:
    """An answer on the 0-100 scale where 100 is the best for alignment; None for don't know."""
    return questionnaire.item_score(question_id, value)


class _Remembered(dict[Any, float]):
    """The scores of a number item's answers, each worked out the first time it is met (the
    items with a fixed set of answers have their whole table made in advance)."""

    def __init__(self, questionnaire: Questionnaire, question_id: str) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.question_id = question_id

    def __missing__(self, value: Any) -> float:
        # never None: don't know (None) is counted before an answer is scored
        score = cast(float, item_score(self.questionnaire, self.question_id, value))
        self[value] = score
        return score


def counts_in_score(questionnaire: Questionnaire, question: AnyQuestion) -> bool:
    """Whether an item's answers count in its side's dimension score. Items about a side's own
    focus do not (is_gap_expected), and neither do self-ratings: a side's view of its own work
    is read only beside the other side's view of it (the blind spot), so one blind spot is not
    counted twice, once in the comparison and again in the score."""
    return not questionnaire.is_gap_expected(question) and question.self_of is None


def _order(question: AnyQuestion) -> tuple[Any, ...] | None:
    """An ordered choice's options in order (its typical answer is a median), else None."""
    return question.answer_order()


def compute(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    rules: Rules | None = None,
    show_names: bool = False,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> Scored:
    """Every respondent's dimension scores, each side's view, the gaps and the raw index."""
    rules = rules or questionnaire.rules
    sides = list(questionnaire.roles)
    by_side: dict[str, list[Response]] = {side: [] for side in sides}
    for response in responses:
        by_side[response.respondent.role].append(response)

    answers: dict[str, QuestionAnswers] = {
        qid: QuestionAnswers(order=_order(q)) for qid, q in questionnaire.questions.items()
    }
    # per respondent (index within its side), per dimension
    per_respondent = {
        side: _score_respondents(questionnaire, rules, side, by_side[side], answers) for side in sides
    }

    names_allowed = {side: show_names or len(by_side[side]) == 1 for side in sides}
    teams_shown = {side: _teams(by_side[side], min_group_size) for side in sides}
    dimensions: list[DimensionResult] = []
    exact: list[tuple[float, float]] = []  # (alignment before rounding, weight)
    for dimension in questionnaire.dimensions:
        dim, alignment = _dimension(
            questionnaire,
            rules,
            dimension.id,
            sides,
            by_side,
            per_respondent,
            answers,
            teams_shown,
            min_group_size,
        )
        dimensions.append(dim)
        if alignment is not None:
            exact.append((alignment, dim.weight))

    both_sides = all(by_side[side] for side in sides)
    index = None
    if both_sides and exact:
        index = math.fsum(a * w for a, w in exact) / math.fsum(w for _, w in exact)
    return Scored(
        questionnaire=questionnaire,
        rules=rules,
        sides=sides,
        by_side=by_side,
        per_respondent=per_respondent,
        answers=answers,
        dimensions=dimensions,
        respondents={
            side: _side_summary(by_side[side], teams_shown[side], names_allowed[side]) for side in sides
        },
        index=index,
    )


# One item as a side is asked it, looked up once rather than per answer: (question id, weight,
# score table, whether it counts in the score, the side's lists of its answers and scores, its
# record)
_Item = tuple[str, float, dict[Any, float], bool, list[Any], list[float], QuestionAnswers]
# One dimension as a side is asked it: its id, how many of its items count in the score, its items
_Plan = list[tuple[str, int, list[_Item]]]


def _score_respondents(
    questionnaire: Questionnaire,
    rules: Rules,
    side: str,
    responses: list[Response],
    answers: dict[str, QuestionAnswers],
) -> list[dict[str, RespondentDimension]]:
    """Each of a side's respondents' scores by dimension; every answer is recorded in `answers`
    on the way, respondent by respondent, in questionnaire order."""
    plan = _plan(questionnaire, side, answers)
    share = rules.min_answered_share
    return [
        {
            dimension_id: _respondent_dimension(response, side, asked_count, items, share)
            for dimension_id, asked_count, items in plan
        }
        for response in responses
    ]


def _plan(questionnaire: Questionnaire, side: str, answers: dict[str, QuestionAnswers]) -> _Plan:
    """The items of each dimension asked of a side; items about a side's own focus are recorded
    for the report but carry no score (see is_gap_expected)."""
    tables = questionnaire.score_tables
    plan: _Plan = []
    for dimension in questionnaire.dimensions:
        asked = [q for q in dimension.questions if side in questionnaire.roles_of(q)]
        scored = [q for q in asked if counts_in_score(questionnaire, q)]
        plan.append(
            (
                dimension.id,
                len(scored),
                [
                    (
                        q.id,
                        q.weight,
                        tables[q.id] or _Remembered(questionnaire, q.id),  # numbers
                        counts_in_score(questionnaire, q),
                        answers[q.id].values[side],
                        answers[q.id].scores[side],
                        answers[q.id],
                    )
                    for q in asked
                ],
            )
        )
    return plan


def _respondent_dimension(
    response: Response, side: str, asked_count: int, items: list[_Item], min_answered_share: float
) -> RespondentDimension:
    """One respondent's score for one dimension: the weighted mean of the items that count,
    when enough of those that apply to them are answered."""
    given = response.answers
    total = weights = 0.0
    answered = dont_know = inapplicable = 0
    for qid, weight, table, in_gap, values, scores, record in items:
        value = given.get(qid, _ABSENT)
        if value is _ABSENT:
            # "not applicable" is no answer to score, and no item to expect either
            inapplicable += in_gap and qid in response.not_applicable
            continue
        if value is None:
            dont_know += 1
            record.dont_know[side] += 1
            continue
        item = table[value]
        values.append(value)
        scores.append(item)
        if in_gap:
            answered += 1
            total += item * weight
            weights += weight
    applicable = asked_count - inapplicable
    sufficient = applicable > 0 and answered >= min_answered_share * applicable
    return RespondentDimension(
        score=total / weights if sufficient and weights else None,
        answered=answered,
        asked=applicable,
        dont_know=dont_know,
    )


def stage_bands(questionnaire: Questionnaire, rules: Rules) -> list[StageBand]:
    """The stages with their upper ends and terminal colours (the colour bands are the stages)."""
    stages = questionnaire.stages
    colours = rules.stage_colours
    bands = []
    for i, stage in enumerate(stages):
        upper = stages[i + 1].from_ if i + 1 < len(stages) else 100.0
        bands.append(
            StageBand(
                name=stage.name,
                from_=stage.from_,
                to=upper,
                summary=stage.summary,
                colour=colours[min(i, len(colours) - 1)],
            )
        )
    return bands


def comments(questionnaire: Questionnaire, responses: Sequence[Response], show_names: bool) -> list[Comment]:
    """Free-text comments, names only where a side has a single respondent (or --show-names)."""
    counts = Counter(r.respondent.role for r in responses)
    names_allowed = {side: show_names or counts[side] == 1 for side in questionnaire.roles}
    return _comments(questionnaire, responses, names_allowed)


def dates(responses: Sequence[Response]) -> list[str]:
    return sorted(d for r in responses if (d := _date(r)))


def _dimension(
    questionnaire: Questionnaire,
    rules: Rules,
    dimension_id: str,
    sides: list[str],
    by_side: dict[str, list[Response]],
    per_respondent: dict[str, list[dict[str, RespondentDimension]]],
    answers: dict[str, QuestionAnswers],
    teams_shown: dict[str, dict[str, list[int]]],
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> tuple[DimensionResult, float | None]:
    dimension = questionnaire.dimensions_by_id[dimension_id]
    scale_points = questionnaire.scale.max - questionnaire.scale.min + 1
    side_views: dict[str, SideDimension] = {}
    scored_items = [q for q in dimension.questions if counts_in_score(questionnaire, q)]
    for side in sides:
        rows = [row[dimension_id] for row in per_respondent[side]]
        scores = [r.score for r in rows if r.score is not None]
        extra: dict[str, Any] = {"teams": {}}
        if len(rows) >= 2:
            likert = [q for q in scored_items if q.on_scale and side in questionnaire.roles_of(q)]
            extra["rwg"] = _round(rwg_j([answers[q.id].values[side] for q in likert], scale_points), 2)
            pairs = list(zip(per_respondent[side], by_side[side], strict=True))
            head_scores = [row[dimension_id].score for row, resp in pairs if resp.respondent.head]
            other_scores = [row[dimension_id].score for row, resp in pairs if not resp.respondent.head]
            heads = [h for h in head_scores if h is not None]
            others = [o for o in other_scores if o is not None]
            # the rest of the team is a group too: under the minimum size its mean would be
            # one or two people's own answers
            if heads and len(others) >= min_group_size:
                extra["head_score"] = _round(mean(heads))
                extra["team_score"] = _round(mean(others))
            for team, members in teams_shown[side].items():
                member_scores = [per_respondent[side][i][dimension_id].score for i in members]
                answered_scores = [s for s in member_scores if s is not None]
                extra["teams"][team] = _round(mean(answered_scores)) if answered_scores else None
            _suppress_complements(extra, rows, pairs, teams_shown[side], min_group_size)
        view = SideDimension(
            score=_round(mean(scores)) if scores else None,
            respondents=len(scores),
            answered=sum(r.answered for r in rows),
            asked=sum(r.asked for r in rows),
            dont_know=sum(r.dont_know for r in rows),
            sd=_round(sd(scores)) if len(scores) >= 2 else None,
            **extra,
        )
        side_views[side] = view

    exact = {
        side: (
            mean(s)
            if (s := [v for r in per_respondent[side] if (v := r[dimension_id].score) is not None])
            else None
        )
        for side in sides
    }
    present = [side for side in sides if per_respondent[side]]
    status = "scored"
    gap = alignment = None
    if not scored_items:
        status = "profile"
    elif len(present) < len(sides):
        status = "one-side"
    elif any(exact[side] is None for side in sides):
        status = "insufficient"
    else:
        a, b = (exact[side] for side in sides)
        gap = abs(a - b)  # type: ignore[operator]
        alignment = (a + b) / 2 - gap / 2  # type: ignore[operator]

    alpha, alpha_note = _alpha(questionnaire, rules, dimension_id, by_side, sides)
    expected = [
        _expected(questionnaire, q, answers[q.id], sides)
        for q in dimension.questions
        if questionnaire.is_gap_expected(q)
    ]
    return DimensionResult(
        id=dimension.id,
        title=dimension.title,
        weight=dimension.weight,
        gap_expected=dimension.gap_expected,
        status=status,  # type: ignore[arg-type]
        scores={side: side_views[side].score for side in sides},
        gap=_round(gap),
        alignment=_round(alignment),
        answered={side: side_views[side].answered for side in sides},
        sides=side_views,
        alpha=_round(alpha, 2),
        alpha_note=alpha_note,
        expected_differences=expected,
    ), alignment


def _suppress_complements(
    figures: dict[str, Any],
    rows: list[RespondentDimension],
    pairs: list[tuple[dict[str, RespondentDimension], Response]],
    teams: dict[str, list[int]],
    min_group_size: int,
) -> None:
    """Withhold team and head figures from which a smaller group could be derived (privacy.py).

    `figures` holds a side's head, rest-of-side and team figures before they are shown."""
    from alignment_cli.scoring.privacy import withheld

    members = {i for i, row in enumerate(rows) if row.score is not None}
    heads = (
        {i for i, (_, response) in enumerate(pairs) if response.respondent.head}
        if figures.get("head_score") is not None
        else None
    )
    hidden, heads_hidden = withheld(
        members, {t: set(m) for t, m in teams.items()}, heads=heads, min_size=min_group_size
    )
    for team in hidden:
        figures["teams"][team] = None
    if heads_hidden:
        figures["head_score"] = figures["team_score"] = None


def _expected(
    questionnaire: Questionnaire, question: AnyQuestion, record: QuestionAnswers, sides: list[str]
) -> ExpectedDifference:
    """Where each side stands on an own-focus item, in the words of the scale, not as a grade."""
    views: dict[str, str] = {}
    means: dict[str, float | None] = {}
    for side in sides:
        values = record.values.get(side) or []
        if not values:
            # "don't know" is an answer, and says something different from silence
            views[side] = "Don't know" if record.dont_know.get(side) else "no answer"
            means[side] = None
        elif question.on_scale:
            average = mean(values)
            means[side] = round(average, 1)
            label = questionnaire.scale.nearest_label(average)
            views[side] = f"{label} ({average:.1f})" if label else f"{average:.1f}"
        else:
            means[side] = None
            typical = record.typical(side)
            views[side] = "split" if typical is None else question.label(typical, questionnaire.scale)
    return ExpectedDifference(
        question=question.id,
        text=question.text,
        views=views,
        means=means,
        scores={side: _round(record.side_mean(side)) for side in sides},
    )


def _alpha(
    questionnaire: Questionnaire,
    rules: Rules,
    dimension_id: str,
    by_side: dict[str, list[Response]],
    sides: list[str],
) -> tuple[float | None, str | None]:
    """Cronbach's alpha on the items asked of both sides, when there are enough respondents on a
    side and enough items for it to mean something; otherwise a note saying why not."""
    dimension = questionnaire.dimensions_by_id[dimension_id]
    # Statements on one scale, asked of everyone, that carry a score: alpha assumes comparable
    # items, and own-focus items pull the two sides in opposite directions by design.
    items = [
        q
        for q in dimension.questions
        if q.on_scale
        and len(questionnaire.roles_of(q)) == len(sides)
        and not questionnaire.is_gap_expected(q)
    ]
    if len(items) < rules.alpha_min_items:
        return None, f"fewer than {rules.alpha_min_items} statements asked of both sides"
    if max(len(by_side[side]) for side in sides) < rules.alpha_min_respondents:
        return None, f"fewer than {rules.alpha_min_respondents} respondents on either side"
    # statements have fixed answers, so each is scored by a look-up in its table
    tables = [cast(dict[Any, float], questionnaire.score_tables[q.id]) for q in items]
    ids = [q.id for q in items]
    rows = []
    for side in sides:
        for response in by_side[side]:
            values = [response.answers.get(qid) for qid in ids]
            if None not in values:
                rows.append([table[v] for table, v in zip(tables, values, strict=True)])
    if len(rows) < rules.alpha_min_respondents:
        return None, (
            f"only {len(rows)} respondents answered every item; {rules.alpha_min_respondents} needed"
        )
    alpha = cronbach_alpha(rows, min_rows=rules.alpha_min_respondents, min_items=rules.alpha_min_items)
    if alpha is None:
        return None, "answers do not vary, so reliability cannot be computed"
    if alpha < 0:
        return alpha, (
            "the items pull in different directions here (alpha is below zero): "
            "read them one by one rather than as one score"
        )
    return alpha, None


def _teams(responses: list[Response], min_group_size: int) -> dict[str, list[int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for i, response in enumerate(responses):
        if response.respondent.team:
            members[response.respondent.team].append(i)
    return {team: idx for team, idx in sorted(members.items()) if len(idx) >= min_group_size}


def _side_summary(
    responses: list[Response], teams_shown: dict[str, list[int]], names_allowed: bool
) -> SideSummary:
    teams = Counter(r.respondent.team for r in responses if r.respondent.team)
    return SideSummary(
        respondents=len(responses),
        complete=sum(1 for r in responses if r.complete),
        heads=sum(1 for r in responses if r.respondent.head),
        teams={team: len(idx) for team, idx in teams_shown.items()},
        folded_teams=sorted(t for t in teams if t not in teams_shown),
        names=(sorted(r.respondent.name for r in responses if r.respondent.name) if names_allowed else None),
    )


def _comments(
    questionnaire: Questionnaire, responses: Sequence[Response], names_allowed: dict[str, bool]
) -> list[Comment]:
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    out = []
    for response in responses:
        side = response.respondent.role
        for dimension, text in response.comments.items():
            if not text.strip():
                continue
            out.append(
                Comment(
                    dimension=dimension,
                    side=side,
                    text=text.strip(),
                    author=response.respondent.name if names_allowed[side] else None,
                )
            )
    # Shuffled, but the same way every run: by a hash of the text, never by file or name.
    out.sort(
        key=lambda c: (
            order.get(c.dimension, len(order)),
            c.side,
            hashlib.sha256(c.text.encode()).hexdigest(),
        )
    )
    return out


def organization_of(responses: Sequence[Response]) -> str | None:
    names = Counter(r.organization for r in responses if r.organization)
    if not names:
        return None
    top = max(names.values())
    return sorted(n for n, c in names.items() if c == top)[0]


def _date(response: Response) -> str | None:
    when = response.completed_at or response.started_at
    return when.date().isoformat() if when else None


def _round(value: float | None, digits: int = 1) -> float | None:
    """Rounded for the report; a tiny negative that rounds to nothing is 0.0, never "-0.0"."""
    return None if value is None else round(value, digits) + 0.0
