"""The trend over several rounds: the index and every dimension, round by round.

A survey figure moves a little every time it is taken, so a change between two rounds is marked
only when it is larger than the noise of those two rounds: the two rounds' uncertainties added
in quadrature, sqrt(h1² + h2²), where h is the half-width of a round's 90 % interval for the
index. A round without an interval (result schema 1, and every dimension, which carries none)
counts as ±FALLBACK_HALF_WIDTH points. Rounds from different versions of one questionnaire line
up by dimension id; a dimension a round lacks is a gap in its line, and the rounds where the
version changed are named so the chart can mark them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

FALLBACK_HALF_WIDTH = 5.0  # points: what one head moving one answer a step does to a dimension


@dataclass(frozen=True)
class Round:
    """One result, reduced to what a trend needs."""

    label: str  # the date of its responses, or its file name when it has none
    source: str
    questionnaire_id: str
    questionnaire_version: str
    organization: str | None
    date: str | None
    index: float | None
    interval: tuple[float, float] | None
    stage: str | None
    dimensions: dict[str, float | None]
    titles: dict[str, str]

    @property
    def half_width(self) -> float | None:
        if self.interval is None:
            return None
        return (self.interval[1] - self.interval[0]) / 2


@dataclass(frozen=True)
class Change:
    """The move from the round before: its size, the noise it is judged against, the verdict."""

    value: float
    noise: float
    marked: bool

    @property
    def direction(self) -> str:
        if not self.marked:
            return "steady"
        return "up" if self.value > 0 else "down"


@dataclass(frozen=True)
class Series:
    """One line of the chart: the index or a dimension, with a value per round."""

    id: str
    title: str
    values: list[float | None]
    changes: list[Change | None]  # None for the first round and wherever a value is missing

    @property
    def net(self) -> float | None:
        """First to last measured value."""
        measured = [v for v in self.values if v is not None]
        return round(measured[-1] - measured[0], 1) if len(measured) >= 2 else None


@dataclass(frozen=True)
class Trend:
    organization: str | None
    questionnaire_id: str
    rounds: list[Round]
    index: Series
    dimensions: list[Series]
    version_changes: list[int] = field(default_factory=list)  # rounds whose version differs

    def to_document(self) -> dict[str, Any]:
        def series(s: Series) -> dict[str, Any]:
            return {
                "id": s.id,
                "title": s.title,
                "values": s.values,
                "changes": [
                    None
                    if c is None
                    else {"change": c.value, "noise": c.noise, "marked": c.marked, "direction": c.direction}
                    for c in s.changes
                ],
            }

        return {
            "organization": self.organization,
            "questionnaire": self.questionnaire_id,
            "rounds": [
                {
                    "label": r.label,
                    "date": r.date,
                    "source": r.source,
                    "version": r.questionnaire_version,
                    "alignment_index": r.index,
                    "alignment_index_interval": list(r.interval) if r.interval else None,
                    "stage": r.stage,
                }
                for r in self.rounds
            ],
            "version_changes": [self.rounds[i].label for i in self.version_changes],
            "fallback_half_width": FALLBACK_HALF_WIDTH,
            "index": series(self.index),
            "dimensions": [series(s) for s in self.dimensions],
        }


def noise(before: float | None, after: float | None) -> float:
    """The two rounds' half-widths added in quadrature; a missing one counts as the fallback."""
    h1 = FALLBACK_HALF_WIDTH if before is None else before
    h2 = FALLBACK_HALF_WIDTH if after is None else after
    return round(math.hypot(h1, h2), 1)


def _changes(values: list[float | None], widths: list[float | None]) -> list[Change | None]:
    out: list[Change | None] = [None]
    for i in range(1, len(values)):
        before, after = values[i - 1], values[i]
        if before is None or after is None:
            out.append(None)
            continue
        value = round(after - before, 1)
        limit = noise(widths[i - 1], widths[i])
        out.append(Change(value=value, noise=limit, marked=abs(value) > limit))
    return out


def build_trend(rounds: list[Round]) -> Trend:
    """Line the rounds up (they come ordered, oldest first) and judge every change."""
    if not rounds:
        raise ValueError("a trend needs at least one round")
    index_widths = [r.half_width for r in rounds]
    index = Series(
        "alignment-index",
        "Alignment index",
        [r.index for r in rounds],
        _changes([r.index for r in rounds], index_widths),
    )
    order: dict[str, str] = {}
    for r in reversed(rounds):  # the latest title wins; the latest order first
        for dim_id, title in r.titles.items():
            order.setdefault(dim_id, title)
    latest = list(rounds[-1].titles)
    ids = latest + [d for d in order if d not in latest]
    no_widths: list[float | None] = [None] * len(rounds)
    dimensions = []
    for dim_id in ids:
        values = [r.dimensions.get(dim_id) for r in rounds]
        dimensions.append(Series(dim_id, order[dim_id], values, _changes(values, no_widths)))
    version_changes = [
        i
        for i in range(1, len(rounds))
        if rounds[i].questionnaire_version != rounds[i - 1].questionnaire_version
    ]
    organization = next((r.organization for r in reversed(rounds) if r.organization), None)
    return Trend(organization, rounds[-1].questionnaire_id, rounds, index, dimensions, version_changes)
