"""How certain the alignment index is: a bootstrap interval with a fixed seed, so the same
answers always give the same interval (and the same report bytes).

With at least `respondent_bootstrap_from` respondents on each side, the uncertainty is who
happened to answer: each resample draws each side's dimension means from their sampling
distribution (a parametric bootstrap: normal, with the covariance between areas taken from the
respondents), which costs the same for ten respondents or ten thousand. With fewer (the usual two
heads), it is which statements were asked: each resample redraws the scored items within every
area, and each side's area score is the weighted mean of its answers to the items drawn."""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Callable, Sequence

from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.scoring.compute import counts_in_score
from alignment_cli.scoring.stats import mean
from alignment_cli.scoring.types import Scored

Draw = Callable[[], "float | None"]


def index_of(sides: Sequence[Sequence[float | None]], weights: Sequence[float]) -> float | None:
    """The index from each side's dimension scores: the weighted mean of mean - gap/2."""
    total = weight_sum = 0.0
    a, b = sides
    for x, y, w in zip(a, b, weights, strict=True):
        if x is None or y is None:
            continue
        total += ((x + y) / 2 - abs(x - y) / 2) * w
        weight_sum += w
    return total / weight_sum if weight_sum else None


def interval(scored: Scored) -> tuple[float, float] | None:
    """The central `interval_level` share of the resampled indexes; None without an index."""
    if scored.index is None:
        return None
    rules = scored.rules
    rng = random.Random(rules.bootstrap_seed)  # noqa: S311 - a reproducible resample, not a secret
    by_respondent = all(len(scored.by_side[s]) >= rules.respondent_bootstrap_from for s in scored.sides)
    draw = _respondent_draw(scored, rng) if by_respondent else _item_draw(scored, rng)
    samples = sorted(v for _ in range(rules.bootstrap_samples) if (v := draw()) is not None)
    if not samples:
        return None
    tail = (1 - rules.interval_level) / 2
    low = samples[max(0, math.floor(tail * len(samples)))]
    high = samples[min(len(samples) - 1, math.ceil((1 - tail) * len(samples)) - 1)]
    # always holding the index itself, in the one decimal the reports print
    return (round(min(low, scored.index), 1), round(max(high, scored.index), 1))


def _scored_dimensions(questionnaire: Questionnaire) -> list[str]:
    return [
        d.id for d in questionnaire.dimensions if any(counts_in_score(questionnaire, q) for q in d.questions)
    ]


def _respondent_draw(scored: Scored, rng: random.Random) -> Draw:
    dims = _scored_dimensions(scored.questionnaire)
    weights = [scored.questionnaire.dimensions_by_id[d].weight for d in dims]
    models = [_sampling_model(scored, side, dims) for side in scored.sides]

    # each row of the lower-triangular factor, cut to its non-zero part
    rows = [[factor[i][: i + 1] for i in range(len(means))] for means, factor in models]
    gauss = rng.gauss

    def draw() -> float | None:
        sides = []
        for (means, _), side_rows in zip(models, rows, strict=True):
            z = [gauss(0.0, 1.0) for _ in means]
            sides.append(
                [
                    None if m is None else m + sum(map(operator.mul, row, z))
                    for m, row in zip(means, side_rows, strict=True)
                ]
            )
        return index_of(sides, weights)

    return draw


def _sampling_model(
    scored: Scored, side: str, dims: list[str]
) -> tuple[list[float | None], list[list[float]]]:
    """A side's dimension means and the Cholesky factor of their covariance (the respondents'
    covariance over n; a missing score counts at its dimension's mean)."""
    rows = scored.per_respondent[side]
    columns = [[row[d].score for row in rows] for d in dims]
    means = [mean(v) if (v := [x for x in col if x is not None]) else None for col in columns]
    filled = [
        [m if x is None else x for x in col] if m is not None else [0.0] * len(col)
        for col, m in zip(columns, means, strict=True)
    ]
    n = len(rows)
    centred = [[x - (m or 0.0) for x in col] for col, m in zip(filled, means, strict=True)]
    k = len(dims)
    # symmetric: each pair summed once (exactly, so the order of terms cannot matter)
    cov = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1):
            cov[i][j] = cov[j][i] = math.fsum(map(operator.mul, centred[i], centred[j])) / max(n - 1, 1) / n
    return means, _cholesky(cov)


def _cholesky(matrix: list[list[float]]) -> list[list[float]]:
    """Lower-triangular L with L L^T = matrix; a direction without variance gets a zero column,
    so a side whose respondents all agree draws its means exactly."""
    k = len(matrix)
    factor = [[0.0] * k for _ in range(k)]
    for i in range(k):
        for j in range(i + 1):
            rest = matrix[i][j] - math.fsum(factor[i][m] * factor[j][m] for m in range(j))
            if i == j:
                factor[i][i] = math.sqrt(rest) if rest > 1e-12 else 0.0
            elif factor[j][j] > 0:
                factor[i][j] = rest / factor[j][j]
    return factor


def _item_draw(scored: Scored, rng: random.Random) -> Draw:
    q = scored.questionnaire
    dims = _scored_dimensions(q)
    weights = [q.dimensions_by_id[d].weight for d in dims]
    items = [[x for x in q.dimensions_by_id[d].questions if counts_in_score(q, x)] for d in dims]
    # per side, per dimension, per item: (the side's mean score, the item's weight)
    table = {
        side: [
            [(scored.answers[x.id].side_mean(side) if side in q.roles_of(x) else None, x.weight) for x in row]
            for row in items
        ]
        for side in scored.sides
    }

    def draw() -> float | None:
        picks = [[rng.randrange(len(row)) for _ in row] for row in items]
        sides = []
        for side in scored.sides:
            means: list[float | None] = []
            for di, chosen in enumerate(picks):
                drawn = [table[side][di][i] for i in chosen]
                answered = [(s, w) for s, w in drawn if s is not None]
                means.append(
                    math.fsum(s * w for s, w in answered) / math.fsum(w for _, w in answered)
                    if answered
                    else None
                )
            sides.append(means)
        return index_of(sides, weights)

    return draw
