"""How certain the alignment index is: a bootstrap interval with a fixed seed, so the same
answers always give the same interval (and the same report bytes).

With at least `respondent_bootstrap_from` respondents on each side, respondents are resampled
within their side: the interval then says how much the index would move with other people from
the same teams. With fewer (the usual two heads), the items are resampled within each dimension:
the interval says how much it rests on the particular statements asked."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.scoring.types import Scored


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
    """The central `interval_level` share of the bootstrapped indexes; None without an index."""
    if scored.index is None:
        return None
    rules = scored.rules
    rng = random.Random(rules.bootstrap_seed)
    by_respondent = all(len(scored.by_side[s]) >= rules.respondent_bootstrap_from
                        for s in scored.sides)
    draw = _respondent_draw(scored, rng) if by_respondent else _item_draw(scored, rng)
    samples = sorted(v for _ in range(rules.bootstrap_samples) if (v := draw()) is not None)
    if not samples:
        return None
    tail = (1 - rules.interval_level) / 2
    low = samples[max(0, math.floor(tail * len(samples)))]
    high = samples[min(len(samples) - 1, math.ceil((1 - tail) * len(samples)) - 1)]
    # never narrower than the rounding the reports print, and always holding the index itself
    return (round(min(low, scored.index), 1), round(max(high, scored.index), 1))


def _scored_dimensions(questionnaire: Questionnaire) -> list[str]:
    return [d.id for d in questionnaire.dimensions
            if any(not questionnaire.is_gap_expected(q) for q in d.questions)]


def _respondent_draw(scored: Scored, rng: random.Random):  # type: ignore[no-untyped-def]
    """Resample respondents within each side, keeping each person's dimension scores together."""
    dims = _scored_dimensions(scored.questionnaire)
    weights = [scored.questionnaire.dimensions_by_id[d].weight for d in dims]
    columns = {side: [[row[d].score for row in scored.per_respondent[side]] for d in dims]
               for side in scored.sides}

    def draw() -> float | None:
        sides = []
        for side in scored.sides:
            cols = columns[side]
            n = len(cols[0])
            picks = [rng.randrange(n) for _ in range(n)]
            means: list[float | None] = []
            for col in cols:
                values = [v for i in picks if (v := col[i]) is not None]
                means.append(math.fsum(values) / len(values) if values else None)
            sides.append(means)
        return index_of(sides, weights)

    return draw


def _item_draw(scored: Scored, rng: random.Random):  # type: ignore[no-untyped-def]
    """Resample the scored items within each dimension, for every respondent alike."""
    q = scored.questionnaire
    dims = _scored_dimensions(q)
    weights = [q.dimensions_by_id[d].weight for d in dims]
    items = {d: [x for x in q.dimensions_by_id[d].questions if not q.is_gap_expected(x)]
             for d in dims}
    # per side, per respondent, per dimension: the (score or None, weight) of each item
    table = {side: [[[(q.item_score(x.id, r.answers.get(x.id))
                       if side in q.roles_of(x) else None, x.weight) for x in items[d]]
                     for d in dims] for r in scored.by_side[side]] for side in scored.sides}

    def draw() -> float | None:
        picks = [[rng.randrange(len(items[d])) for _ in items[d]] for d in dims]
        sides = []
        for side in scored.sides:
            means: list[float | None] = []
            for di in range(len(dims)):
                people = []
                for person in table[side]:
                    chosen = [person[di][i] for i in picks[di]]
                    answered = [(s, w) for s, w in chosen if s is not None]
                    if answered:
                        people.append(math.fsum(s * w for s, w in answered)
                                      / math.fsum(w for _, w in answered))
                means.append(math.fsum(people) / len(people) if people else None)
            sides.append(means)
        return index_of(sides, weights)

    return draw
