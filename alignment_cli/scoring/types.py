"""The values the scoring steps hand each other. Shared here so that no step imports another's
internals, and the pipeline reads top to bottom without loops."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from alignment_cli.model.questionnaire import AnyQuestion, Questionnaire, Rules, Tolerance
from alignment_cli.model.response import Response
from alignment_cli.model.result import DimensionResult, SideSummary
from alignment_cli.scoring.stats import mean


@dataclass(slots=True, frozen=True)
class RespondentDimension:
    """One respondent's score for one dimension, or None when under half the items were answered."""

    score: float | None
    answered: int
    asked: int
    dont_know: int


@dataclass
class QuestionAnswers:
    """Every answer to one question, by side: the raw values and their scores. Filled while
    computing, read-only afterwards."""

    values: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    scores: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    dont_know: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # the options of an ordered choice, in order: a side's typical answer is then its median
    order: tuple[Any, ...] | None = None
    # typical() by side, once the answers are all in (the reports ask for it several times)
    _typical: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def side_mean(self, side: str) -> float | None:
        scores = self.scores.get(side)
        return mean(scores) if scores else None

    def typical(self, side: str) -> Any:
        """A side's answer as a whole: the median of numbers, the most common of the other kinds.
        None when nobody answered, or when two answers tie: a split side has no one answer."""
        if side not in self._typical:
            values = self.values.get(side)
            self._typical[side] = (
                self._median_option(values, self.order) if self.order and values else self._typical_of(values)
            )
        return self._typical[side]

    @staticmethod
    def _median_option(values: list[Any], order: tuple[Any, ...]) -> Any:
        """The median of answers to an ordered choice; None when the two middle answers of an
        even number differ (a split side)."""
        ranked = sorted(values, key=order.index)
        mid = len(ranked) // 2
        if len(ranked) % 2 or ranked[mid - 1] == ranked[mid]:
            return ranked[mid]
        return None

    @staticmethod
    def _typical_of(values: list[Any] | None) -> Any:
        if not values:
            return None
        if all(isinstance(v, int | float) for v in values):
            ordered = sorted(values)
            mid = len(ordered) // 2
            low, high = ordered[mid - 1], ordered[mid]
            if len(ordered) % 2 or low == high:
                return high  # as given: two answers of 5 are 5, not 5.0
            return (low + high) / 2
        ranked = Counter(values).most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def split(self, side: str) -> bool:
        return bool(self.values.get(side)) and self.typical(side) is None


@dataclass(frozen=True)
class Scored:
    """What computing learnt from the answers: the input of every later step."""

    questionnaire: Questionnaire
    rules: Rules
    sides: list[str]
    by_side: Mapping[str, Sequence[Response]]
    per_respondent: Mapping[str, Sequence[Mapping[str, RespondentDimension]]]
    answers: Mapping[str, QuestionAnswers]
    dimensions: Sequence[DimensionResult]
    respondents: Mapping[str, SideSummary]
    index: float | None  # before rounding; None unless both sides answered

    @property
    def gaps_computable(self) -> bool:
        return all(self.by_side[side] for side in self.sides)

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def statement(self, question: AnyQuestion) -> str:
        return f"“{question.text}”"

    def said(self, question: AnyQuestion, side: str) -> str:
        """A side's answer to an item in words: “No”, “4 (Agree)”, or split / no answer."""
        record = self.answers[question.id]
        if not record.values.get(side):
            return "no answer"
        typical = record.typical(side)
        if typical is None:
            return "split"
        return question.label(typical, self.questionnaire.scale)


def standing(dim: DimensionResult, gaps_computable: bool) -> float | None:
    """How well a dimension stands, for ranking: its alignment; with only one side answered,
    that side's score. None when it has neither."""
    if gaps_computable:
        return dim.alignment
    present = [s for s in dim.scores.values() if s is not None]
    return min(present) if present else None


def is_contested(
    question: AnyQuestion,
    record: QuestionAnswers,
    sides: list[str],
    tolerance: float,
    tolerances: Mapping[str, Tolerance] | None = None,
) -> bool:
    """A fact the two sides report differently: their typical answers differ beyond the item's
    tolerance (an estimate), or the default tolerance for its unit in `tolerances`; numbers with
    neither, by more than `tolerance` times the item's best-to-worst span."""
    a, b = (record.typical(side) for side in sides)
    if a is None or b is None:
        return False
    unit = question.measured_in()
    allowed = (tolerances or {}).get(unit) if unit is not None else None
    return question.differs(a, b, tolerance, allowed)


def contested(scored: Scored, question: AnyQuestion) -> bool:
    """is_contested with the rules in force."""
    return is_contested(
        question,
        scored.answers[question.id],
        scored.sides,
        scored.rules.number_tolerance,
        scored.rules.tolerances,
    )
