"""Agreement and reliability statistics, on plain lists of numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    """Sample variance (n - 1), the estimator rwg and alpha are defined with."""
    n = len(values)
    if n < 2:
        return 0.0
    m = math.fsum(values) / n
    return math.fsum([(v - m) * (v - m) for v in values]) / (n - 1)


def sd(values: Sequence[float]) -> float | None:
    return math.sqrt(variance(values)) if len(values) >= 2 else None


def null_variance(points: int) -> float:
    """Variance of a uniform ('no agreement at all') answer on an A-point scale: (A^2 - 1) / 12."""
    return (points * points - 1) / 12


def rwg_j(items: Sequence[Sequence[float]], points: int) -> float | None:
    """Multi-item within-group agreement rwg(J) (James, Demaree and Wolf, 1984).

    `items` holds, per item, the raw answers of one group. With s2 the mean observed item variance
    and e2 the uniform null variance: rwg(J) = J(1 - s2/e2) / (J(1 - s2/e2) + s2/e2), truncated
    to 0 when the observed variance exceeds the null one.
    """
    usable = [answers for answers in items if len(answers) >= 2]
    if not usable or points < 2:
        return None
    j = len(usable)
    ratio = mean([variance(a) for a in usable]) / null_variance(points)
    if ratio >= 1:
        return 0.0
    agreement = j * (1 - ratio)
    return agreement / (agreement + ratio)


def cronbach_alpha(rows: Sequence[Sequence[float]], *, min_rows: int = 2, min_items: int = 2) -> float | None:
    """Cronbach's alpha over respondents (rows) answering the same k items (columns).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the respondents' totals).
    None when there are too few respondents or items, or the totals do not vary.
    """
    if len(rows) < max(min_rows, 2):
        return None
    k = len(rows[0])
    if k < max(min_items, 2):
        return None
    item_variances = [variance([row[i] for row in rows]) for i in range(k)]
    total_variance = variance([math.fsum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - math.fsum(item_variances) / total_variance)
