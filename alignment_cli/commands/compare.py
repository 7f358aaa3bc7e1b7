"""Two results side by side: the index, the stage, each dimension and the findings, then and now.

Used by `alignment compare`, by `report --baseline` and by `check`, so a change reads the same
wherever it is shown. Results from two versions of one questionnaire are compared on the
dimensions they share; the others are named, never silently dropped.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from alignment_cli.errors import InputError, UsageError
from alignment_cli.io.yamlio import read_text
from alignment_cli.model.config import ReportFormat
from alignment_cli.model.result import (
    SCHEMA_VERSION,
    Delta,
    DimensionDelta,
    DimensionResult,
    Finding,
    LeftOutDimension,
    Result,
)
from alignment_cli.text import clean_text

if TYPE_CHECKING:
    from rich.console import Console

DEAD_BAND = 1.0  # a change under one point is noise in a survey, shown as steady
ARROWS = {"up": "↑", "down": "↓", "steady": "→"}
COMPARE_FORMATS = (ReportFormat.terminal, ReportFormat.md, ReportFormat.json)
RESULT_EXPECTED = ("a result document as written by `alignment report --format json` or "
                   "`alignment check` (a JSON object with schema_version, questionnaire, "
                   "dimensions, ...)")


# --- loading -------------------------------------------------------------------------------------

READABLE_VERSIONS = (1, 2, SCHEMA_VERSION)  # 1 lacks the interval and evidence, 2 acute: defaults


def load_result(path: Path, *, what: str = "result file") -> Result:
    """Read a result JSON; any problem is an InputError naming the file and what was expected."""
    text = read_text(path, what=what)
    raw = parse_result_json(text, path=path, expected=RESULT_EXPECTED)
    if not isinstance(raw, dict) or "schema_version" not in raw:
        raise InputError(f"is not a result document; expected {RESULT_EXPECTED}", path=path)
    version = raw["schema_version"]
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise InputError(f"has schema_version {version!r}, which this version of alignment-cli "
                         f"does not read; expected schema_version {SCHEMA_VERSION} (or 1 or 2)",
                         path=path)
    try:
        result = Result.model_validate(raw)
    except ValidationError as exc:
        from alignment_cli.model.validation import from_validation_error

        err = from_validation_error(exc, path=path, text=text, raw=raw, what="result")
        raise InputError(f"{err.detail}; expected {RESULT_EXPECTED}", path=err.path,
                         where=err.where) from None
    _check_figures(result, path)
    return result


MAX_RESULT_DEPTH = 64
MAX_NAME = 200  # an organization or a title: longer is not a real one


def parse_result_json(text: str, *, path: Path, expected: str = RESULT_EXPECTED) -> Any:
    """The one strict reader of result JSON (compare, baselines, trend, check's history): plain
    numbers only (no NaN, Infinity or 400-digit integers), no lone surrogates (they cannot be
    written back out as UTF-8), every string cleaned of control characters; any problem is an
    InputError naming the file and, where there is one, the field."""
    try:
        raw = json.loads(text, parse_int=_json_int(path), parse_float=_json_float(path),
                         parse_constant=_json_constant(path),
                         object_pairs_hook=_no_duplicate_keys(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON ({exc.msg}); expected {expected}",
                         path=path, where=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise InputError("is nested too deeply", path=path) from None
    return _checked_strings(raw, path, "", 0)


def _checked_strings(value: Any, path: Path, at: str, depth: int) -> Any:
    if depth > MAX_RESULT_DEPTH:
        raise InputError(f"{at or 'the document'}: is nested too deeply", path=path)
    if isinstance(value, str):
        return _checked_string(value, path, at)
    if isinstance(value, dict):
        return {_checked_string(k, path, at or "a key"): _checked_strings(
            v, path, f"{at}.{k}" if at else str(k), depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_checked_strings(v, path, f"{at}[{i}]", depth + 1) for i, v in enumerate(value)]
    return value


def _checked_string(value: str, path: Path, at: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        where = clean_text(at)[:80] or "a string"
        raise InputError(f"{where}: holds a lone surrogate (a broken \\u escape), which is not "
                         "text; a result holds UTF-8 text only", path=path) from None
    return clean_text(value, multiline=True)


def _no_duplicate_keys(path: Path) -> Any:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:  # a second value would silently win over the first
                raise InputError(f"holds the key {clean_text(key)[:40]!r} twice in one object",
                                 path=path)
            out[key] = value
        return out
    return build


def _json_int(path: Path) -> Any:
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > 20:
            raise InputError("holds a number of more than 20 digits, which no result has",
                             path=path)
        return int(text)
    return parse


def _json_float(path: Path) -> Any:
    def parse(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise InputError(f"holds the number {text[:20]}, too large to be a score", path=path)
        return value
    return parse


def _json_constant(path: Path) -> Any:
    def parse(name: str) -> float:
        raise InputError(f"holds {name}, which is not a number; a result holds plain numbers "
                         "only", path=path)
    return parse


def _check_figures(result: Result, path: Path) -> None:
    """A result read from a file holds what scoring can produce: figures from 0 to 100 (changes
    from -100 to 100), each dimension once. A hand-edited baseline with a negative index or a
    repeated dimension would otherwise pass or fail a check for no real reason."""
    names = [("organization", result.organization)]
    names += [(f"dimensions[{i}].title", d.title) for i, d in enumerate(result.dimensions)]
    for where, name in names:
        if name is not None and len(name) > MAX_NAME:
            raise InputError(f"{where}: is {len(name):,} characters long; at most {MAX_NAME} "
                             "are expected", path=path)
    figures: list[tuple[str, float | None, float]] = [
        ("alignment_index", result.alignment_index, 0.0)]
    seen: set[str] = set()
    for i, dim in enumerate(result.dimensions):
        at = f"dimensions[{i}] ({dim.id})"
        if dim.id in seen:
            raise InputError(f"{at}: dimension {dim.id!r} appears twice", path=path)
        seen.add(dim.id)
        figures += _dimension_figures(dim, at)
    for band in [*result.stages, *([result.stage] if result.stage else [])]:
        figures += [(f"stage {band.name!r} from", band.from_, 0.0),
                    (f"stage {band.name!r} to", band.to, 0.0)]
    figures += [(f"priority {p.rank}", p.alignment, 0.0) for p in result.priorities]
    if result.baseline is not None:
        d = result.baseline
        figures += [("baseline.index_before", d.index_before, 0.0),
                    ("baseline.index_after", d.index_after, 0.0),
                    ("baseline.index_change", d.index_change, -100.0)]
    for where, value, low in figures:
        if value is not None and not low <= value <= 100:
            raise InputError(f"{where} is {value:g}; expected a figure from {low:g} to 100",
                             path=path)


def _dimension_figures(dim: DimensionResult, at: str) -> list[tuple[str, float | None, float]]:
    figures: list[tuple[str, float | None, float]] = [
        (f"{at}.gap", dim.gap, 0.0), (f"{at}.alignment", dim.alignment, 0.0),
        (f"{at}.weight", dim.weight, 0.0)]
    figures += [(f"{at}.scores.{side}", score, 0.0) for side, score in dim.scores.items()]
    for side, view in dim.sides.items():
        figures += [(f"{at}.sides.{side}.{name}", getattr(view, name), 0.0)
                    for name in ("score", "head_score", "team_score")]
        figures += [(f"{at}.sides.{side}.teams.{team}", value, 0.0)
                    for team, value in view.teams.items()]
    return figures


# --- the change between two results --------------------------------------------------------------

def trend(change: float | None) -> str | None:
    """up, down or steady; None when either side has no figure."""
    if change is None:
        return None
    if abs(change) < DEAD_BAND:
        return "steady"
    return "up" if change > 0 else "down"


def arrow(change: float | None) -> str:
    direction = trend(change)
    return "·" if direction is None else ARROWS[direction]


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
    halves = [(r.alignment_index_interval[1] - r.alignment_index_interval[0]) / 2
              for r in (before, after) if r.alignment_index_interval]
    return _round(max(halves)) if halves else None


def delta(before: Result, after: Result, *, before_path: Path | str | None = None,
          after_path: Path | str | None = None) -> Delta:
    """What changed from `before` to `after`, matching dimensions by id. Two questionnaires
    (another version, or the quick check against the full one) must share a dimension."""
    old: dict[str, DimensionResult] = {d.id: d for d in before.dimensions}
    new: dict[str, DimensionResult] = {d.id: d for d in after.dimensions}
    if before.questionnaire.id != after.questionnaire.id and not set(old) & set(new):
        first = str(before_path) if before_path is not None else "the earlier result"
        second = str(after_path) if after_path is not None else "the later one"
        raise InputError(
            f"{first} is a result for questionnaire {before.questionnaire.id!r} and {second} "
            f"for {after.questionnaire.id!r}, and the two share no dimension to compare")
    left_out = [LeftOutDimension(id=d.id, title=d.title, only_in="before")
                for d in before.dimensions if d.id not in new]
    left_out += [LeftOutDimension(id=d.id, title=d.title, only_in="after")
                 for d in after.dimensions if d.id not in old]
    shared = {d for d in new if d in old}
    dimensions = [
        DimensionDelta(id=d.id, title=d.title, before=old[d.id].alignment, after=d.alignment,
                       change=_difference(old[d.id].alignment, d.alignment))
        for d in after.dimensions if d.id in shared
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
    findings_new = [f for f in after.findings
                    if _finding_key(f) not in old_keys and f.dimension not in gone_dims]
    findings_gone = [f for f in before.findings
                     if _finding_key(f) not in new_keys and f.dimension not in gone_dims]

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


def attach_baseline(result: Result, path: Path) -> Result:
    """The result with what changed since an earlier one: a new value, the result unchanged."""
    change = baseline_delta(load_result(path, what="baseline result"), result, path)
    return result.model_copy(update={"baseline": change})


def baseline_delta(baseline: Result, result: Result, path: Path) -> Delta:
    """The change since a baseline, which must share dimensions with this run's questionnaire
    (the same one in any version, or e.g. the quick check beside the full one)."""
    if not {d.id for d in baseline.dimensions} & {d.id for d in result.dimensions}:
        raise InputError(
            f"the baseline is a result for questionnaire {baseline.questionnaire.id!r}, but "
            f"this run uses {result.questionnaire.id!r} and the two share no dimension; name a "
            "matching baseline, or remove it", path=path)
    return delta(baseline, result, before_path=path)


def questionnaire_change(before: Result, after: Result) -> str | None:
    """A sentence saying the questionnaire changed between two results; None when it did not."""
    was, now = before.questionnaire, after.questionnaire
    if (was.id, was.version) == (now.id, now.version):
        return None
    return (f"The questionnaire changed ({was.id} {was.version} → {now.id} {now.version}): "
            "dimensions are matched by id, but their questions differ, so part of any change "
            "may come from the questions rather than from the teams.")


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


# --- rendering -----------------------------------------------------------------------------------

def _context(before: Result, after: Result, change: Delta, old: Path, new: Path) -> dict[str, Any]:
    return {
        "before": before,
        "after": after,
        "d": change,
        "old_path": str(old),
        "new_path": str(new),
        "index_arrow": arrow(change.index_change),
        "stage_arrow": ARROWS.get(stage_trend(before, after) or "", "·"),
        "arrow": arrow,
        "shared_count": len(change.dimensions),
        "dead_band": DEAD_BAND,
        "questionnaire_change": questionnaire_change(before, after),
    }


def render_markdown(before: Result, after: Result, change: Delta, old: Path, new: Path) -> str:
    from alignment_cli.render.templates import render, tidy_markdown

    return tidy_markdown(render("compare.md.j2", _context(before, after, change, old, new)))


def compare_document(before: Result, after: Result, change: Delta, old: Path,
                     new: Path) -> dict[str, Any]:
    """The JSON form: both results' headlines, and the change with a trend per dimension."""

    def headline(result: Result, path: Path) -> dict[str, Any]:
        return {
            "file": clean_text(str(path)),
            "organization": result.organization,
            "questionnaire": result.questionnaire.model_dump(mode="json"),
            "responses_from": result.responses_from,
            "responses_to": result.responses_to,
            "alignment_index": result.alignment_index,
            "stage": result.stage.name if result.stage else None,
        }

    doc = change.model_dump(mode="json", by_alias=True)
    for entry in doc["dimensions"]:
        entry["trend"] = trend(entry["change"])
    doc["index_trend"] = trend(change.index_change)
    doc["stage_trend"] = stage_trend(before, after)
    doc["questionnaire_changed"] = questionnaire_change(before, after) is not None
    return {"schema_version": SCHEMA_VERSION, "before": headline(before, old),
            "after": headline(after, new), "change": doc}


def render_terminal(before: Result, after: Result, change: Delta, old: Path, new: Path,
                    console: Console) -> None:
    """Rich Text objects only: titles from result files must never be read as markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from alignment_cli.numbers import number

    width = min(console.width, 80)
    old, new = (Path(clean_text(str(p))) for p in (old, new))  # names typed or globbed
    head = Text()
    if after.organization:
        head.append(after.organization, style="bold")
        head.append("\n")
    head.append("Before ", style="dim")
    head.append(f"{old}  ({before.questionnaire.id} {before.questionnaire.version}"
                f"{', ' + before.responses_to if before.responses_to else ''})\n")
    head.append("After  ", style="dim")
    head.append(f"{new}  ({after.questionnaire.id} {after.questionnaire.version}"
                f"{', ' + after.responses_to if after.responses_to else ''})\n")
    head.append("Alignment index ", style="bold")
    head.append(f"{number(change.index_before, 1)} → {number(change.index_after, 1)}  ")
    head.append(f"{arrow(change.index_change)} {number(change.index_change, 1, sign=True)}",
                style=_style(change.index_change))
    if change.index_on_shared:
        head.append(f"  (on the {len(change.dimensions)} shared dimensions)", style="dim")
    if change.within_noise:
        head.append(f"  within noise (±{number(change.noise, 1)})", style="dim")
    head.append("\nStage ", style="bold")
    head.append(f"{change.stage_after or '–'}, unchanged"
                if change.stage_before == change.stage_after
                else f"{change.stage_before or '–'} → {change.stage_after or '–'}")
    console.print(head)
    changed = questionnaire_change(before, after)
    if changed:
        console.print(Text(changed, style="yellow"))

    table = Table(box=box.SIMPLE_HEAD, width=width, pad_edge=False)
    table.add_column("Dimension (alignment)", ratio=3, overflow="fold")
    table.add_column("Before", justify="right", width=7)
    table.add_column("After", justify="right", width=7)
    table.add_column("Change", justify="right", width=9)
    for dim in change.dimensions:
        table.add_row(Text(dim.title), number(dim.before, 1), number(dim.after, 1),
                      Text(f"{arrow(dim.change)} {number(dim.change, 1, sign=True)}",
                           style=_style(dim.change)))
    console.print(table)

    if change.left_out:
        text = Text("Left out (in one questionnaire version only): ", style="yellow")
        for i, missing in enumerate(change.left_out):
            version = (before if missing.only_in == "before" else after).questionnaire.version
            text.append(("; " if i else "") + f"{missing.title} ({missing.id}, only in version "
                        f"{version})")
        console.print(text)
    for label, findings, style in (("Findings that appeared", change.findings_new, "red"),
                                   ("Findings that went away", change.findings_gone, "green")):
        console.print(Text(f"{label}: {len(findings) or 'none'}", style=f"bold {style}"))
        for finding in findings:
            console.print(Text(f"  • {finding.title}"))


def _style(change: float | None) -> str:
    direction = trend(change)
    return {"up": "green", "down": "red"}.get(direction or "", "")


@dataclass(frozen=True)
class Comparison:
    """Two results and what changed between them, with the files they came from."""

    before: Result
    after: Result
    change: Delta
    old: Path
    new: Path
    text: str  # the md or json rendering; empty for terminal, which the caller draws

    def draw(self, console: Console) -> None:
        render_terminal(self.before, self.after, self.change, self.old, self.new, console)


def run_compare(old: Path, new: Path, fmt: str) -> Comparison:
    """`alignment compare`: load both, compute the change, render it in the chosen format."""
    given, fmt = fmt, fmt.strip().lower()
    if fmt not in set(COMPARE_FORMATS):
        raise UsageError(f"--format {given!r}: expected terminal, md or json")
    before = load_result(old)
    after = load_result(new)
    change = delta(before, after, before_path=old, after_path=new)
    text = ""
    if fmt == ReportFormat.json:
        text = json.dumps(compare_document(before, after, change, old, new), indent=2,
                          ensure_ascii=False, allow_nan=False) + "\n"
    elif fmt == ReportFormat.md:
        text = render_markdown(before, after, change, old, new)
    return Comparison(before, after, change, old, new, text)
