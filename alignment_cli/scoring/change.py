"""What changed between two results: the index, the stage, each dimension and the findings.

`report --baseline`, `check` and `compare` all measure a change here, so it is the same change
wherever it is shown. Results from two versions of one questionnaire are compared on the
dimensions they share; the others are named, never silently dropped.
"""

from __future__ import annotations

import math
from pathlib import Path

from alignment_cli.errors import InputError
from alignment_cli.model.result import (
    Delta,
    DimensionDelta,
    DimensionResult,
    Finding,
    LeftOutDimension,
    Result,
)

DEAD_BAND = 1.0  # a change under one point is noise in a survey, shown as steady


def trend(change: float | None) -> str | None:
    """up, down or steady; None when either side has no figure."""
    if change is None:
        return None
    if abs(change) < DEAD_BAND:
        return "steady"
    return "up" if change > 0 else "down"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 1)


def _difference(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else _round(after - before)


def _finding_key(finding: Finding) -> tuple[str, str | None, str | None, str | None]:
    """What makes two findings the same one: a per-side finding (unanswered, low agreement, a
    team gap) on Sales is not the same finding on Marketing."""
    return finding.kind, finding.dimension, finding.question, finding.side


def _shared_index(result: Result, shared: set[str], scored_in_both: set[str]) -> float | None:
    """The index over the dimensions both results have, with this result's weights.

    Both sides are computed the same way, from the stored (rounded) dimension figures, so the
    same answers give the same index on either side.
    """
    dims = [d for d in result.dimensions if d.id in shared and d.id in scored_in_both]
    if not dims or result.alignment_index is None:
        return None
    total = math.fsum(d.weight for d in dims)
    if total <= 0:  # only a hand-edited result can weigh every shared dimension at 0
        return None
    return _round(math.fsum(d.alignment * d.weight for d in dims) / total)  # type: ignore[operator]


def _noise(before: Result, after: Result) -> float | None:
    """How far the index moves by chance alone: the wider half-interval of the two results (a
    version 1 result has none)."""
    halves = [
        (r.alignment_index_interval[1] - r.alignment_index_interval[0]) / 2
        for r in (before, after)
        if r.alignment_index_interval
    ]
    return _round(max(halves)) if halves else None


def delta(
    before: Result,
    after: Result,
    *,
    before_path: Path | str | None = None,
    after_path: Path | str | None = None,
) -> Delta:
    """What changed from `before` to `after`, matching dimensions by id. Two questionnaires
    (another version, or the quick check against the full one) must share a dimension."""
    old: dict[str, DimensionResult] = {d.id: d for d in before.dimensions}
    new: dict[str, DimensionResult] = {d.id: d for d in after.dimensions}
    if before.questionnaire.id != after.questionnaire.id and not set(old) & set(new):
        first = str(before_path) if before_path is not None else "the earlier result"
        second = str(after_path) if after_path is not None else "the later one"
        raise InputError(
            f"{first} is a result for questionnaire {before.questionnaire.id!r} and {second} "
            f"for {after.questionnaire.id!r}, and the two share no dimension to compare"
        )
    left_out = [
        LeftOutDimension(id=d.id, title=d.title, only_in="before")
        for d in before.dimensions
        if d.id not in new
    ]
    left_out += [
        LeftOutDimension(id=d.id, title=d.title, only_in="after") for d in after.dimensions if d.id not in old
    ]
    shared = {d for d in new if d in old}
    dimensions = [
        DimensionDelta(
            id=d.id,
            title=d.title,
            before=old[d.id].alignment,
            after=d.alignment,
            change=_difference(old[d.id].alignment, d.alignment),
        )
        for d in after.dimensions
        if d.id in shared
    ]

    index_before, index_after = before.alignment_index, after.alignment_index
    if left_out:
        scored = {d.id for d in dimensions if d.before is not None and d.after is not None}
        index_before = _shared_index(before, shared, scored)
        index_after = _shared_index(after, shared, scored)

    # Findings on a dimension only one result has would only say that the versions differ.
    gone_dims = {d.id for d in left_out}
    old_keys = {_finding_key(f) for f in before.findings}
    new_keys = {_finding_key(f) for f in after.findings}
    findings_new = [
        f for f in after.findings if _finding_key(f) not in old_keys and f.dimension not in gone_dims
    ]
    findings_gone = [
        f for f in before.findings if _finding_key(f) not in new_keys and f.dimension not in gone_dims
    ]

    change = _difference(index_before, index_after)
    noise = _noise(before, after)
    return Delta(
        noise=noise,
        within_noise=change is not None and noise is not None and abs(change) < noise,
        baseline_organization=before.organization,
        baseline_date=before.responses_to,
        baseline_version=before.questionnaire.version,
        index_before=index_before,
        index_after=index_after,
        index_change=change,
        index_on_shared=bool(left_out),
        stage_before=before.stage.name if before.stage else None,
        stage_after=after.stage.name if after.stage else None,
        dimensions=dimensions,
        left_out=left_out,
        findings_new=findings_new,
        findings_gone=findings_gone,
    )


def baseline_delta(baseline: Result, result: Result, path: Path) -> Delta:
    """The change since a baseline, which must share dimensions with this run's questionnaire
    (the same one in any version, or e.g. the quick check beside the full one)."""
    if not {d.id for d in baseline.dimensions} & {d.id for d in result.dimensions}:
        raise InputError(
            f"the baseline is a result for questionnaire {baseline.questionnaire.id!r}, but "
            f"this run uses {result.questionnaire.id!r} and the two share no dimension; name a "
            "matching baseline, or remove it",
            path=path,
        )
    return delta(baseline, result, before_path=path)


def biggest_moves(change: Delta, limit: int = 3) -> list[DimensionDelta]:
    """The dimensions that moved most, largest first; steady ones are left out."""
    moved = [d for d in change.dimensions if d.change is not None and trend(d.change) != "steady"]
    moved.sort(key=lambda d: (-abs(d.change or 0.0), d.id))
    return moved[:limit]


def stage_trend(before: Result, after: Result) -> str | None:
    """Whether the stage went up or down, by its place among the bands."""
    if before.stage is None or after.stage is None:
        return None
    if before.stage.name == after.stage.name:
        return "steady"
    names = [band.name for band in after.stages]
    if before.stage.name in names and after.stage.name in names:
        up = names.index(after.stage.name) > names.index(before.stage.name)
    else:
        up = after.stage.from_ > before.stage.from_
    return "up" if up else "down"
