"""The index's interval: the index from side scores, the Cholesky factor, each side's sampling
model by hand, and the seeded intervals of both bootstraps pinned, since the same answers must
always give the same interval."""

from __future__ import annotations

import math
from typing import Any

import pytest

from alignment_cli.scoring.certainty import (
    _cholesky,
    _sampling_model,
    _scored_dimensions,
    index_of,
    interval,
)
from alignment_cli.scoring.compute import compute
from alignment_cli.scoring.types import Scored
from tests.scoring_cases import build, dimension, number, respondent, scored_pair

AREAS = [dimension(k, number(f"{k}.a"), number(f"{k}.b")) for k in "def"]
PROFILE = dimension("p", number("p.a", gap_expected=True))


@pytest.mark.parametrize(
    ("sides", "weights", "index"),
    [
        # (60 + 40) / 2 - 20 / 2 = 40 at weight 1, 80 at weight 2: (40 + 160) / 3
        (([60, 80], [40, 80]), [1, 2], 200 / 3),
        (([60, None, 80], [40, 50, 80]), [1, 5, 1], 60.0),  # an area one side lacks is left out
        (([None], [50]), [1], None),
        (([30], [70]), [2], 30.0),
    ],
)
def test_index_of_is_the_weighted_mean_of_the_lower_side(
    sides: Any, weights: list[float], index: float | None
) -> None:
    assert index_of(sides, weights) == (pytest.approx(index) if index is not None else None)


def test_cholesky_by_hand() -> None:
    assert _cholesky([[4.0, 2.0], [2.0, 3.0]]) == [[2.0, 0.0], [1.0, pytest.approx(math.sqrt(2))]]
    # a direction without variance gets a zero column, and the rest still factors
    assert _cholesky([[0.0, 0.0], [0.0, 9.0]]) == [[0.0, 0.0], [0.0, 3.0]]
    assert _cholesky([[1e-13]]) == [[0.0]]
    assert _cholesky([[1e-12]]) == [[0.0]]  # at the floor: no variance
    assert _cholesky([[1e-11]]) == [[pytest.approx(math.sqrt(1e-11))]]


def test_only_areas_with_a_scored_item_are_resampled() -> None:
    q = build([*AREAS, PROFILE])
    assert _scored_dimensions(q) == ["d", "e", "f"]


def five_a_side(sales: int = 5, **extra: Any) -> Scored:
    q = build([*AREAS, PROFILE], rules={"min_completeness": 0} | extra)
    people = []
    for role, base, count in (("sales", 40, sales), ("marketing", 60, 5)):
        people += [
            respondent(
                role,
                {
                    "d.a": base + 5 * i,
                    "d.b": base - 3 * i,
                    "e.a": base + i,
                    "e.b": 50,
                    "f.a": 70 - 4 * i,
                    "f.b": base,
                    "p.a": 1,
                },
                name=f"{role}{i}",
            )
            for i in range(count)
        ]
    return compute(q, people)


def test_a_sides_sampling_model_by_hand() -> None:
    s = five_a_side()
    means, factor = _sampling_model(s, "sales", ["d", "e", "f"])
    # per respondent i: d = 40 + i, e = 45 + i / 2, f = 55 - 2i; var(d) = 2.5, over n = 0.5
    assert means == [42.0, 46.0, 51.0]
    root = math.sqrt(0.5)
    assert factor == [
        [pytest.approx(root), 0.0, 0.0],
        [pytest.approx(root / 2), 0.0, 0.0],
        [pytest.approx(-2 * root), 0.0, 0.0],
    ]


def test_a_missing_score_counts_at_its_areas_mean() -> None:
    q = build([*AREAS], rules={"min_completeness": 0})
    people = [
        respondent("sales", {"d.a": 40, "d.b": 40, "e.a": 1}),
        respondent("sales", {"e.a": 1}),
        respondent("sales", {"d.a": 44, "d.b": 44, "e.a": 1}),
    ]
    means, factor = _sampling_model(compute(q, people), "sales", ["d", "e", "f"])
    # d: 40, (42), 44: variance 8 / 2 = 4, over n = 3; e: all 1; f: nobody
    assert means == [42.0, 1.0, None]
    assert factor == [[pytest.approx(math.sqrt(4 / 3)), 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_the_respondent_bootstrap_pinned() -> None:
    s = five_a_side()
    assert s.index == pytest.approx(46 + 1 / 3)
    assert interval(s) == (46.1, 46.5)


def test_the_respondent_bootstrap_with_wider_spread_pinned() -> None:
    q = build(
        [*AREAS, PROFILE, dimension("g", number("g.a", roles=["marketing"]))], rules={"min_completeness": 0}
    )
    people = []
    for role, base in (("sales", 40), ("marketing", 60)):
        people += [
            respondent(
                role,
                {
                    "d.a": base + 5 * i,
                    "d.b": base - 5 * (i % 3),
                    "e.a": base + 10 * ((i * 7) % 5),
                    "e.b": 50,
                    "f.a": 70 - 5 * i,
                    "f.b": base,
                    "g.a": 50,
                },
                name=f"{role}{i}",
            )
            for i in range(5)
        ]
    s = compute(q, people)
    # g is asked of Marketing only: Sales has no mean there, and g drops out of every resample
    assert s.index == pytest.approx(49 + 1 / 3)
    assert interval(s) == (47.8, 50.7)


def test_two_respondents_covariance_over_n_minus_one_then_n() -> None:
    q = build(AREAS, rules={"min_completeness": 0})
    people = [respondent("sales", {"d.a": 40, "d.b": 40}), respondent("sales", {"d.a": 60, "d.b": 60})]
    means, factor = _sampling_model(compute(q, people), "sales", ["d"])
    # deviations of 10: (100 + 100) / (2 - 1) / 2 = 100, a factor of 10
    assert means == [50.0] and factor == [[10.0]]


def test_the_respondent_bootstrap_starts_at_its_rule() -> None:
    # four on one side: the item bootstrap instead, much wider on these answers
    assert interval(five_a_side(sales=4)) == (41.0, 51.8)
    assert interval(five_a_side(sales=4, respondent_bootstrap_from=4)) == (46.2, 46.6)


def test_agreeing_respondents_leave_no_uncertainty() -> None:
    q = build(AREAS)
    same = {"d.a": 30, "d.b": 50, "e.a": 60, "e.b": 60, "f.a": 20, "f.b": 80}
    people = [respondent(role, same, name=f"{role}{i}") for role in ("sales", "marketing") for i in range(5)]
    assert interval(compute(q, people)) == (50.0, 50.0)


ANSWERS = (
    {"d.a": 20, "d.b": 90, "e.a": 50, "e.b": 60, "f.a": 30, "f.b": 70},
    {"d.a": 40, "d.b": 60, "e.a": 80, "e.b": 20, "f.a": 55, "f.b": 65},
)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ({}, (30.0, 55.0)),
        ({"interval_level": 0.5}, (40.0, 50.0)),
        ({"interval_level": 0.95}, (30.0, 58.3)),
        ({"bootstrap_seed": 7}, (33.3, 55.0)),
        ({"bootstrap_samples": 333}, (33.3, 55.0)),
    ],
)
def test_the_item_bootstrap_pinned(rules: dict[str, Any], expected: tuple[float, float]) -> None:
    q = build([*AREAS, PROFILE], rules=rules)
    s = scored_pair(q, ANSWERS[0] | {"p.a": 1}, ANSWERS[1] | {"p.a": 1})
    assert s.index == 50.0
    assert interval(s) == expected


def test_no_interval_without_an_index() -> None:
    q = build(AREAS)
    assert interval(compute(q, [respondent("sales", ANSWERS[0])])) is None


def test_the_interval_always_holds_the_index() -> None:
    # every resample of one scored item per area gives the same figure: the index itself
    q = build([dimension(k, number(f"{k}.a")) for k in "de"])
    s = scored_pair(q, {"d.a": 10, "e.a": 90}, {"d.a": 30, "e.a": 70})
    assert interval(s) == (round(s.index or 0, 1), round(s.index or 0, 1)) == (40.0, 40.0)


def test_the_widest_interval_takes_the_extreme_resamples() -> None:
    # 99 % of 100 resamples: the lowest and the highest
    q = build([*AREAS, PROFILE], rules={"interval_level": 0.99, "bootstrap_samples": 100})
    s = scored_pair(q, ANSWERS[0] | {"p.a": 1}, ANSWERS[1] | {"p.a": 1})
    assert interval(s) == (23.3, 58.3)


def test_the_item_bootstrap_weighs_the_items() -> None:
    # d: Sales (3 * 20 + 90) / 4 = 37.5, Marketing (3 * 40 + 60) / 4 = 45; e: 52.5 and 65;
    # f: 40 and 57.5: the index (37.5 + 52.5 + 40) / 3
    q = build([dimension(k, number(f"{k}.a", weight=3), number(f"{k}.b")) for k in "def"])
    s = scored_pair(q, *ANSWERS)
    assert s.index == pytest.approx(130 / 3)
    assert interval(s) == (26.7, 51.7)


def test_index_of_needs_a_weight_per_area() -> None:
    with pytest.raises(ValueError, match="zip"):
        index_of(([50.0], [50.0]), [1.0, 1.0])
