"""Scoring: a questionnaire and its responses in, a Result out. Reads no file and prints nothing."""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from alignment_cli import __version__
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    ChoiceQuestion,
    LikertQuestion,
    NumberQuestion,
    Questionnaire,
    YesNoQuestion,
)
from alignment_cli.model.response import Response
from alignment_cli.model.result import (
    LARGE_GAP,
    Comment,
    DimensionResult,
    ExpectedDifference,
    Priority,
    QuestionnaireInfo,
    Result,
    SideDimension,
    SideSummary,
    SourceRef,
    StageBand,
    side_name,
)
from alignment_cli.scoring.stats import cronbach_alpha, mean, rwg_j, sd

_ABSENT = object()
DEFAULT_MIN_GROUP_SIZE = 3


def item_score(questionnaire: Questionnaire, question_id: str, value: Any) -> float | None:
    """An answer on the 0-100 scale where 100 is the best for alignment; None for don't know."""
    if value is None:
        return None
    question = questionnaire.questions[question_id]
    if isinstance(question, LikertQuestion):
        scale = questionnaire.scale
        score = (value - scale.min) / (scale.max - scale.min) * 100
    elif isinstance(question, ChoiceQuestion):
        score = question.scores[value]
    elif isinstance(question, YesNoQuestion):
        score = 100.0 if value == "yes" else 0.0
    elif isinstance(question, NumberQuestion):
        best = question.max if question.best is None else question.best
        worst = question.min if question.worst is None else question.worst
        score = (value - worst) / (best - worst) * 100
        score = min(100.0, max(0.0, score))
    else:  # pragma: no cover - the union is closed
        raise TypeError(question)
    if question.reverse:
        score = 100 - score
    return float(score)


@dataclass(slots=True)
class RespondentDimension:
    """One respondent's score for one dimension, or None when under half the items were answered."""

    score: float | None
    answered: int
    asked: int
    dont_know: int


@dataclass
class QuestionAnswers:
    """Every answer to one question, by side: the raw values and their scores."""

    values: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    dont_know: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def side_mean(self, side: str) -> float | None:
        scores = self.scores.get(side)
        return mean(scores) if scores else None

    def typical(self, side: str) -> Any:
        """A side's answer as a whole: the median of numbers, the most common of the other kinds.
        None when nobody answered, or when two answers tie: a split side has no one answer."""
        values = self.values.get(side)
        if not values:
            return None
        if all(isinstance(v, int | float) for v in values):
            ordered = sorted(values)
            mid = len(ordered) // 2
            if len(ordered) % 2:
                return ordered[mid]
            return (ordered[mid - 1] + ordered[mid]) / 2
        ranked = Counter(values).most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def split(self, side: str) -> bool:
        return bool(self.values.get(side)) and self.typical(side) is None


@dataclass
class Scored:
    """Everything scoring learnt, handed to the findings and recommendation rules."""

    questionnaire: Questionnaire
    result: Result
    answers: dict[str, QuestionAnswers]


def score(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    organization: str | None = None,
    show_names: bool = False,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    skipped_files: Sequence[str] = (),
) -> Result:
    """Score the responses and attach findings and recommendations."""
    from alignment_cli.scoring.findings import find
    from alignment_cli.scoring.recommendations import recommend

    scored = compute(questionnaire, responses, organization=organization, show_names=show_names,
                     min_group_size=min_group_size, skipped_files=skipped_files)
    result = scored.result
    result.findings = find(scored)
    result.recommendations = recommend(scored)
    result.priorities = _priorities(result)
    result.headline = _headline(result)
    return result


def compute(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    organization: str | None = None,
    show_names: bool = False,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    skipped_files: Sequence[str] = (),
) -> Scored:
    sides = list(questionnaire.roles)
    by_side: dict[str, list[Response]] = {side: [] for side in sides}
    for response in responses:
        by_side[response.respondent.role].append(response)

    answers: dict[str, QuestionAnswers] = {qid: QuestionAnswers() for qid in questionnaire.questions}
    # per respondent (index within its side), per dimension
    per_respondent: dict[str, list[dict[str, RespondentDimension]]] = {s: [] for s in sides}
    tables = questionnaire.score_tables
    for side in sides:
        # per dimension: (question id, weight, score table, scored, its record); items about a
        # side's own focus are recorded for the report but carry no score (see is_gap_expected)
        plan = []
        for dimension in questionnaire.dimensions:
            asked = [q for q in dimension.questions if side in questionnaire.roles_of(q)]
            scored = [q for q in asked if not questionnaire.is_gap_expected(q)]
            plan.append((dimension.id, len(scored), [
                (q.id, q.weight, tables[q.id], not (q.gap_expected or dimension.gap_expected),
                 answers[q.id]) for q in asked]))
        for response in by_side[side]:
            given = response.answers
            row: dict[str, RespondentDimension] = {}
            for dimension_id, asked_count, items in plan:
                total = weights = 0.0
                answered = dont_know = 0
                for qid, weight, table, in_gap, record in items:
                    value = given.get(qid, _ABSENT)
                    if value is _ABSENT:
                        continue
                    if value is None:
                        dont_know += 1
                        record.dont_know[side] += 1
                        continue
                    # value is not None here, and item_score is None only for a None answer
                    item = table[value] if table is not None else cast(float, item_score(
                        questionnaire, qid, value))
                    record.values[side].append(value)
                    record.scores[side].append(item)
                    if in_gap:
                        answered += 1
                        total += item * weight
                        weights += weight
                sufficient = asked_count > 0 and answered * 2 >= asked_count
                row[dimension_id] = RespondentDimension(
                    score=total / weights if sufficient and weights else None,
                    answered=answered, asked=asked_count, dont_know=dont_know,
                )
            per_respondent[side].append(row)

    names_allowed = {side: show_names or len(by_side[side]) == 1 for side in sides}
    teams_shown = {side: _teams(by_side[side], min_group_size) for side in sides}
    dimensions: list[DimensionResult] = []
    exact: list[tuple[float, float]] = []  # (alignment before rounding, weight)
    for dimension in questionnaire.dimensions:
        dim, alignment = _dimension(questionnaire, dimension.id, sides, by_side, per_respondent,
                                    answers, teams_shown, min_group_size)
        dimensions.append(dim)
        if alignment is not None:
            exact.append((alignment, dim.weight))

    both_sides = all(by_side[side] for side in sides)
    index = None
    if both_sides and exact:
        index = math.fsum(a * w for a, w in exact) / math.fsum(w for _, w in exact)
    bands = _bands(questionnaire)
    stage = None
    if index is not None:
        # from the rounded figure the reports print, so the two can never disagree
        shown = round(index, 1)
        stage = next((b for b in reversed(bands) if shown >= b.from_), bands[0])

    dates = sorted(d for r in responses if (d := _date(r)))
    result = Result(
        generator=f"alignment-cli {__version__}",
        questionnaire=QuestionnaireInfo(id=questionnaire.id, version=questionnaire.version,
                                        title=questionnaire.title),
        organization=organization or _organization(responses),
        responses_from=dates[0] if dates else None,
        responses_to=dates[-1] if dates else None,
        sides=sides,
        respondents={
            side: _side_summary(by_side[side], teams_shown[side], names_allowed[side])
            for side in sides
        },
        gaps_computable=both_sides,
        alignment_index=_round(index),
        stage=stage,
        stages=bands,
        headline="",
        dimensions=dimensions,
        comments=_comments(questionnaire, responses, names_allowed),
        sources=[SourceRef(**s.model_dump()) for s in questionnaire.sources],
        show_names=show_names,
        min_group_size=min_group_size,
        skipped_files=list(skipped_files),
    )
    return Scored(questionnaire=questionnaire, result=result, answers=answers)


def _dimension(
    questionnaire: Questionnaire,
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
    scored_items = [q for q in dimension.questions if not questionnaire.is_gap_expected(q)]
    for side in sides:
        rows = [row[dimension_id] for row in per_respondent[side]]
        scores = [r.score for r in rows if r.score is not None]
        view = SideDimension(
            score=_round(mean(scores)) if scores else None,
            respondents=len(scores),
            answered=sum(r.answered for r in rows),
            asked=sum(r.asked for r in rows),
            dont_know=sum(r.dont_know for r in rows),
            sd=_round(sd(scores)) if len(scores) >= 2 else None,
        )
        if len(rows) >= 2:
            likert = [q for q in scored_items
                      if isinstance(q, LikertQuestion) and side in questionnaire.roles_of(q)]
            view.rwg = _round(rwg_j([answers[q.id].values.get(side, []) for q in likert],
                                    scale_points), 2)
            pairs = list(zip(per_respondent[side], by_side[side], strict=True))
            head_scores = [row[dimension_id].score for row, resp in pairs if resp.respondent.head]
            other_scores = [row[dimension_id].score for row, resp in pairs
                            if not resp.respondent.head]
            heads = [h for h in head_scores if h is not None]
            others = [o for o in other_scores if o is not None]
            # the rest of the team is a group too: under the minimum size its mean would be
            # one or two people's own answers
            if heads and len(others) >= min_group_size:
                view.head_score = _round(mean(heads))
                view.team_score = _round(mean(others))
            for team, members in teams_shown[side].items():
                member_scores = [per_respondent[side][i][dimension_id].score for i in members]
                answered_scores = [s for s in member_scores if s is not None]
                view.teams[team] = _round(mean(answered_scores)) if answered_scores else None
            _suppress_complements(view, rows, pairs, teams_shown[side], min_group_size)
        side_views[side] = view

    exact = {side: (mean(s) if (s := [v for r in per_respondent[side]
                                        if (v := r[dimension_id].score) is not None]) else None)
             for side in sides}
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

    alpha, alpha_note = _alpha(questionnaire, dimension_id, by_side, sides)
    expected = [_expected(questionnaire, q, answers[q.id], sides)
                for q in dimension.questions if questionnaire.is_gap_expected(q)]
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


def _suppress_complements(view: SideDimension, rows: list[RespondentDimension],
                          pairs: list[tuple[dict[str, RespondentDimension], Response]],
                          teams: dict[str, list[int]], min_group_size: int) -> None:
    """Withhold team and head figures from which a smaller group could be derived (privacy.py)."""
    from alignment_cli.scoring.privacy import withheld

    members = {i for i, row in enumerate(rows) if row.score is not None}
    heads = ({i for i, (_, response) in enumerate(pairs) if response.respondent.head}
             if view.head_score is not None else None)
    hidden, heads_hidden = withheld(members, {t: set(m) for t, m in teams.items()}, heads=heads,
                                    min_size=min_group_size)
    for team in hidden:
        view.teams[team] = None
    if heads_hidden:
        view.head_score = view.team_score = None


def _expected(questionnaire: Questionnaire, question: AnyQuestion, record: QuestionAnswers,
              sides: list[str]) -> ExpectedDifference:
    """Where each side stands on an own-focus item, in the words of the scale, not as a grade."""
    from alignment_cli.scoring.findings import answer_label

    views: dict[str, str] = {}
    means: dict[str, float | None] = {}
    for side in sides:
        values = record.values.get(side) or []
        if not values:
            views[side], means[side] = "no answer", None
        elif isinstance(question, LikertQuestion):
            average = mean(values)
            means[side] = round(average, 1)
            label = questionnaire.scale.nearest_label(average)
            views[side] = f"{label} ({average:.1f})" if label else f"{average:.1f}"
        else:
            means[side] = None
            typical = record.typical(side)
            views[side] = "split" if typical is None else answer_label(questionnaire, question,
                                                                      typical)
    return ExpectedDifference(question=question.id, text=question.text, views=views,
                              means=means,
                              scores={side: _round(record.side_mean(side)) for side in sides})


def _alpha(questionnaire: Questionnaire, dimension_id: str, by_side: dict[str, list[Response]],
           sides: list[str]) -> tuple[float | None, str | None]:
    """Cronbach's alpha on the items asked of both sides, over respondents who answered them all."""
    from alignment_cli.scoring.stats import ALPHA_MIN_ITEMS, ALPHA_MIN_RESPONDENTS

    dimension = questionnaire.dimensions_by_id[dimension_id]
    # Statements on one scale, asked of everyone, that carry a score: alpha assumes comparable
    # items, and own-focus items pull the two sides in opposite directions by design.
    items = [q.id for q in dimension.questions
             if isinstance(q, LikertQuestion) and len(questionnaire.roles_of(q)) == len(sides)
             and not questionnaire.is_gap_expected(q)]
    if len(items) < ALPHA_MIN_ITEMS:
        return None, f"fewer than {ALPHA_MIN_ITEMS} scored statements asked of both sides"
    tables = questionnaire.score_tables
    rows = []
    for side in sides:
        for response in by_side[side]:
            values = [response.answers.get(qid) for qid in items]
            if None not in values:
                rows.append([
                    table[v] if (table := tables[qid]) is not None
                    else item_score(questionnaire, qid, v)
                    for qid, v in zip(items, values, strict=True)])
    if len(rows) < ALPHA_MIN_RESPONDENTS:
        return None, (f"not enough respondents ({len(rows)} answered every item; "
                      f"{ALPHA_MIN_RESPONDENTS} needed)")
    alpha = cronbach_alpha(rows)  # type: ignore[arg-type]
    if alpha is None:
        return None, "answers do not vary, so reliability cannot be computed"
    return alpha, None


def _teams(responses: list[Response], min_group_size: int) -> dict[str, list[int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for i, response in enumerate(responses):
        if response.respondent.team:
            members[response.respondent.team].append(i)
    return {team: idx for team, idx in sorted(members.items()) if len(idx) >= min_group_size}


def _side_summary(responses: list[Response], teams_shown: dict[str, list[int]],
                  names_allowed: bool) -> SideSummary:
    teams = Counter(r.respondent.team for r in responses if r.respondent.team)
    return SideSummary(
        respondents=len(responses),
        complete=sum(1 for r in responses if r.complete),
        heads=sum(1 for r in responses if r.respondent.head),
        teams={team: len(idx) for team, idx in teams_shown.items()},
        folded_teams=sorted(t for t in teams if t not in teams_shown),
        names=(sorted(r.respondent.name for r in responses if r.respondent.name)
               if names_allowed else None),
    )


def _comments(questionnaire: Questionnaire, responses: Sequence[Response],
              names_allowed: dict[str, bool]) -> list[Comment]:
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    out = []
    for response in responses:
        side = response.respondent.role
        for dimension, text in response.comments.items():
            if not text.strip():
                continue
            out.append(Comment(dimension=dimension, side=side, text=text.strip(),
                               author=response.respondent.name if names_allowed[side] else None))
    # Shuffled, but the same way every run: by a hash of the text, never by file or name.
    out.sort(key=lambda c: (order.get(c.dimension, len(order)), c.side,
                            hashlib.sha256(c.text.encode()).hexdigest()))
    return out


def _bands(questionnaire: Questionnaire) -> list[StageBand]:
    stages = questionnaire.stages
    bands = []
    for i, stage in enumerate(stages):
        upper = stages[i + 1].from_ if i + 1 < len(stages) else 100.0
        bands.append(StageBand(name=stage.name, from_=stage.from_, to=upper,
                               summary=stage.summary))
    return bands


def _organization(responses: Sequence[Response]) -> str | None:
    names = Counter(r.organization for r in responses if r.organization)
    if not names:
        return None
    top = max(names.values())
    return sorted(n for n, c in names.items() if c == top)[0]


def _date(response: Response) -> str | None:
    when = response.completed_at or response.started_at
    return when.date().isoformat() if when else None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value + 0.0, digits)


def standing(dim: DimensionResult, gaps_computable: bool) -> float | None:
    """How well a dimension stands, for ranking: its alignment; with only one side answered,
    that side's score. None when it has neither."""
    if gaps_computable:
        return dim.alignment
    present = [s for s in dim.scores.values() if s is not None]
    return min(present) if present else None


def _priorities(result: Result) -> list[Priority]:
    """The three weakest dimensions lead the report, each with its first recommended action."""
    ranked = [(value, d.id, d) for d in result.dimensions
              if (value := standing(d, result.gaps_computable)) is not None]
    ranked.sort(key=lambda item: (item[0], item[1]))
    priorities = []
    for rank, (value, _, dim) in enumerate(ranked[:3], start=1):
        dim.priority = rank
        rec = next((r for r in result.recommendations if r.dimension == dim.id), None)
        priorities.append(Priority(
            rank=rank, dimension=dim.id, title=dim.title, alignment=value,
            recommendation=rec.id if rec else None,
            action=rec.actions[0] if rec else None,
        ))
    return priorities


def _headline(result: Result) -> str:
    org = result.organization or "This organization"
    if not result.gaps_computable:
        missing = [s for s in result.sides if not result.respondents[s].respondents]
        have = [s for s in result.sides if result.respondents[s].respondents]
        if not have:
            return "No responses were scored."
        return (f"Only {side_name(have[0])} has answered so far, so this shows one side's view; "
                f"the gap and the alignment index need {side_name(missing[0])}'s answers too.")
    if result.alignment_index is None or result.stage is None:
        return f"{org}: too few answers to compute an alignment index."
    sentence = (f"{org} scores {result.alignment_index:.1f} out of 100, in the "
                f"{result.stage.name} stage. {result.stage.summary}").strip()
    widest = max((d for d in result.dimensions if d.gap is not None),
                 key=lambda d: (d.gap, d.id), default=None)
    if widest is not None and widest.gap is not None and widest.gap >= LARGE_GAP:
        a, b = result.sides
        sentence += (f" The two sides disagree most on {widest.title.lower()} "
                     f"({side_name(a)} {widest.scores[a]:.0f}, "
                     f"{side_name(b)} {widest.scores[b]:.0f}).")
    return sentence

