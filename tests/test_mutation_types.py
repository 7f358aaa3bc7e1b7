"""The shared scoring values: a side's typical answer, a split side, an answer in words, a
dimension's standing and a contested fact; and the statistics at their small-sample edges."""

from __future__ import annotations

import math
from typing import Any

import pytest

from alignment_cli.model.result import DimensionResult
from alignment_cli.scoring.compute import compute
from alignment_cli.scoring.stats import cronbach_alpha, mean, null_variance, rwg_j, sd, variance
from alignment_cli.scoring.types import QuestionAnswers, is_contested, standing
from tests.scoring_cases import build, dimension, number, respondent, scored_pair, yes_no


def answers(values: list[Any]) -> QuestionAnswers:
    record = QuestionAnswers()
    record.values["sales"].extend(values)
    return record


@pytest.mark.parametrize(
    ("values", "typical"),
    [
        ([], None),
        ([3], 3),
        ([5, 1, 3], 3),  # the median of an odd count
        ([4, 1, 2, 8], 3.0),  # of an even count: the mean of the middle two
        ([2.5, 1], 1.75),
        (["no", "yes", "no"], "no"),
        (["no", "yes"], None),  # a tie: a split side has no one answer
        (["a", "b", "b", "a", "c"], None),
        (["a", "b", "b", "c"], "b"),
    ],
)
def test_typical_answer(values: list[Any], typical: Any) -> None:
    record = answers(values)
    assert record.typical("sales") == typical
    assert record.split("sales") is (bool(values) and typical is None)


def test_no_answers_is_not_split_and_has_no_mean() -> None:
    record = QuestionAnswers()
    assert record.typical("marketing") is None and record.split("marketing") is False
    assert record.side_mean("marketing") is None
    record.scores["sales"].extend([10.0, 40.0])
    assert record.side_mean("sales") == 25.0


Q = build(
    [dimension("d", number("d.a"), yes_no("d.y"), {"id": "d.l", "kind": "likert", "text": "We agree."})],
    scale={"min": 1, "max": 5, "labels": {1: "No", 5: "Yes"}},
    rules={"min_completeness": 0},
)


def test_an_answer_in_words() -> None:
    people = [
        respondent("sales", {"d.y": "yes", "d.l": 5, "d.a": 3}, name="a"),
        respondent("sales", {"d.y": "no"}, name="b"),
        respondent("marketing", {"d.l": 4}),
    ]
    s = compute(Q, people)
    assert s.said(Q.questions["d.l"], "sales") == "5 (Yes)"
    assert s.said(Q.questions["d.l"], "marketing") == "4 (4)"
    assert s.said(Q.questions["d.y"], "sales") == "split"
    assert s.said(Q.questions["d.y"], "marketing") == "no answer"
    assert s.said(Q.questions["d.a"], "sales") == "3"
    assert s.statement(Q.questions["d.a"]) == "“Share d.a.”"
    assert s.dimension("d").id == "d"
    assert s.gaps_computable is True
    assert compute(Q, people[:2]).gaps_computable is False


def dim(alignment: float | None, sales: float | None, marketing: float | None) -> DimensionResult:
    return DimensionResult(
        id="d",
        title="D",
        weight=1,
        status="scored",
        alignment=alignment,
        scores={"sales": sales, "marketing": marketing},
    )


@pytest.mark.parametrize(
    ("result", "computable", "value"),
    [
        (dim(40, 60, 40), True, 40),
        (dim(None, 60, None), True, None),
        (dim(None, 60, 40), False, 40),  # one side's view: the lower present score
        (dim(None, 60, None), False, 60),
        (dim(None, None, None), False, None),
    ],
)
def test_standing(result: DimensionResult, computable: bool, value: float | None) -> None:
    assert standing(result, computable) == value


@pytest.mark.parametrize(
    ("sales", "marketing", "contested"),
    [
        ("yes", "no", True),
        ("yes", "yes", False),
        (None, "no", False),
        ("no", None, False),
    ],
)
def test_is_contested_needs_both_typical_answers(sales: Any, marketing: Any, contested: bool) -> None:
    s = scored_pair(
        Q, {} if sales is None else {"d.y": sales}, {} if marketing is None else {"d.y": marketing}
    )
    assert is_contested(Q.questions["d.y"], s.answers["d.y"], s.sides, 0.1) is contested


@pytest.mark.parametrize(("tolerance", "contested"), [(0.1, False), (0.09, True)])
def test_is_contested_passes_the_tolerance_on(tolerance: float, contested: bool) -> None:
    q = build([dimension("d", number("d.f", fact=True))])
    s = scored_pair(q, {"d.f": 50}, {"d.f": 60})
    assert is_contested(q.questions["d.f"], s.answers["d.f"], s.sides, tolerance) is contested


# --- statistics ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], 0.0),
        ([5.0], 0.0),
        ([1.0, 3.0], 2.0),
        ([1.0, 2.0, 3.0, 6.0], 14 / 3),
    ],
)
def test_sample_variance(values: list[float], expected: float) -> None:
    assert variance(values) == pytest.approx(expected)


def test_variance_far_from_zero_keeps_its_precision() -> None:
    # the deviations are squared, not the values: no cancellation between huge squares
    values = [1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3]
    assert variance(values) == pytest.approx(0.01, rel=1e-5)


def test_sd_and_mean() -> None:
    assert sd([1.0, 3.0]) == pytest.approx(math.sqrt(2))
    assert sd([]) is None and sd([4.0]) is None
    assert mean([1.0, 2.0, 6.0]) == 3.0


def test_null_variance() -> None:
    assert null_variance(7) == 4.0
    assert null_variance(2) == 0.25


@pytest.mark.parametrize(
    ("items", "points", "expected"),
    [
        ([[3, 4]], 5, 0.75),  # one item: 1 - 0.5 / 2
        ([[4], [3, 4]], 5, 0.75),  # a single answer is no item to judge agreement on
        ([[1, 3]], 5, 0.0),  # exactly the null variance
        ([[1, 2]], 2, 0.0),  # a two-point scale: null variance 0.25
        ([[3, 4]], 1, None),  # a one-point scale has no agreement to measure
        ([[3, 3], [4, 4]], 5, 1.0),
        # two items of variance 0.5: ratio 0.25, 2 * 0.75 / (2 * 0.75 + 0.25)
        ([[3, 4], [2, 3]], 5, 1.5 / 1.75),
    ],
)
def test_rwg_at_its_edges(items: list[list[float]], points: int, expected: float | None) -> None:
    value = rwg_j(items, points)
    assert value == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("rows", "kw", "expected"),
    [
        # two respondents, two items: item variances 2 and 4.5, totals 3 and 8 (12.5)
        ([[1, 2], [3, 5]], {}, 2 * (1 - 6.5 / 12.5)),
        ([[1, 2], [3, 5]], {"min_rows": 1}, 2 * (1 - 6.5 / 12.5)),
        ([[1, 2], [3, 5]], {"min_rows": 3}, None),
        ([[1, 2]], {"min_rows": 1}, None),  # never fewer than two respondents
        ([[1], [3]], {"min_items": 1}, None),  # never fewer than two items
        ([[1, 2, 2], [3, 5, 4]], {"min_items": 3}, 1.5 * (1 - (2 + 4.5 + 2) / 24.5)),
        ([[1, 2], [3, 5]], {"min_items": 3}, None),
    ],
)
def test_alpha_at_its_minimums(rows: list[list[float]], kw: dict[str, int], expected: float | None) -> None:
    value = cronbach_alpha(rows, **kw)
    assert value == (None if expected is None else pytest.approx(expected))
