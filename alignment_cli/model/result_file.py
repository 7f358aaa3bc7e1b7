"""The one reader of result JSON: what `report --format json` and `check` write, read back by
`compare`, `report --baseline`, `check`, `trend`, the history `check` keeps and `plan`.

Every way in reads the file the same way: through `read_text` (a regular file only, at most
MAX_RESULT_BYTES, UTF-8), as strict JSON (plain numbers, no duplicate keys, no lone surrogates,
strings cleaned of control characters), as an object with a schema_version this release reads.
What a caller then requires of the document is its own: `load_result` the whole Result, a trend
only the figures it draws.

Two ways to meet a bad file: `read_result_document` (strict) raises one InputError naming the
file and what was wrong; `read_result_documents` (lenient) reads what it can and returns the
others as Skipped, each with the reason, for a caller looking through a folder of results that
may hold a stray file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import MAX_BYTES, read_text
from alignment_cli.model.base import MAX_NAME
from alignment_cli.model.result import SCHEMA_VERSION, DimensionResult, Result
from alignment_cli.text import clean_text

RESULT_EXPECTED = (
    "a result document as written by `alignment report --format json` or "
    "`alignment check` (a JSON object with schema_version, questionnaire, "
    "dimensions, ...)"
)
READABLE_VERSIONS = (1, 2, SCHEMA_VERSION)  # 1 lacks the interval and evidence, 2 acute: defaults
MAX_RESULT_BYTES = MAX_BYTES
MAX_RESULT_DEPTH = 64


@dataclass(frozen=True)
class ResultDocument:
    """A result file read and checked as far as every reader needs: the parsed object with a
    readable schema_version, and the text it came from (to point at a line in a message)."""

    path: Path
    raw: dict[str, Any]
    text: str


@dataclass(frozen=True)
class Skipped:
    """A file the lenient reader passed over, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class ResultReading:
    """What the lenient reader found: the documents it could read, in the order given, and the
    files it skipped."""

    documents: tuple[ResultDocument, ...]
    skipped: tuple[Skipped, ...]


# --- the two ways of reading ---------------------------------------------------------------------


def read_result_document(path: Path, *, what: str = "result file") -> ResultDocument:
    """Strict: the document, or one InputError naming the file and what was expected."""
    text = read_text(path, max_bytes=MAX_RESULT_BYTES, what=what)
    raw = parse_result_json(text, path=path)
    if not isinstance(raw, dict) or "schema_version" not in raw:
        raise InputError(f"is not a result document; expected {RESULT_EXPECTED}", path=path)
    version = raw["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version not in READABLE_VERSIONS:
        raise InputError(
            f"has schema_version {version!r}, which this version of alignment-cli "
            f"does not read; expected schema_version {SCHEMA_VERSION} (or 1 or 2)",
            path=path,
        )
    return ResultDocument(path, raw, text)


def read_result_documents(paths: Iterable[Path], *, what: str = "result file") -> ResultReading:
    """Lenient: every file the strict reader accepts, and the others skipped with its reason
    (the message the strict reader would have raised)."""
    documents: list[ResultDocument] = []
    skipped: list[Skipped] = []
    for path in paths:
        try:
            documents.append(read_result_document(path, what=what))
        except InputError as exc:
            skipped.append(Skipped(path, str(exc)))
    return ResultReading(tuple(documents), tuple(skipped))


def load_result(path: Path, *, what: str = "result file") -> Result:
    """Strict, and the whole result: every field a Result holds, every figure in its range."""
    document = read_result_document(path, what=what)
    try:
        result = Result.model_validate(document.raw)
    except ValidationError as exc:
        raise validation_error(exc, document) from None
    _check_figures(result, path)
    return result


def same_organization(earlier: Result, later: Result, *, earlier_is: str, later_is: str, remedy: str) -> None:
    """A change is measured within one organization, as a trend is: two results that name
    different organizations (letter case and outer spaces aside) are refused. A result that
    names none is not judged."""
    before, after = (earlier.organization or "").strip(), (later.organization or "").strip()
    if before and after and before.casefold() != after.casefold():
        raise InputError(
            f"{earlier_is} is a result for {before} and {later_is} for {after}: "
            f"different organizations; {remedy}"
        )


def validation_error(exc: ValidationError, document: ResultDocument) -> InputError:
    """A document that is not the model a reader wants: the first problem, at its line."""
    from alignment_cli.model.validation import from_validation_error

    err = from_validation_error(exc, path=document.path, text=document.text, raw=document.raw, what="result")
    return InputError(f"{err.detail}; expected {RESULT_EXPECTED}", path=err.path, where=err.where)


# --- strict JSON ---------------------------------------------------------------------------------


def parse_result_json(text: str, *, path: Path) -> Any:
    """Result JSON read strictly: plain numbers only (no NaN, Infinity or 400-digit integers),
    no lone surrogates (they cannot be written back out as UTF-8), no key twice in one object,
    every string cleaned of control characters; any problem is an InputError naming the file
    and, where there is one, the field."""
    try:
        raw = json.loads(
            text,
            parse_int=_json_int(path),
            parse_float=_json_float(path),
            parse_constant=_json_constant(path),
            object_pairs_hook=_no_duplicate_keys(path),
        )
    except json.JSONDecodeError as exc:
        raise InputError(
            f"is not valid JSON ({exc.msg}); expected {RESULT_EXPECTED}",
            path=path,
            where=f"{exc.lineno}:{exc.colno}",
        ) from None
    except RecursionError:
        raise InputError("is nested too deeply", path=path) from None
    return _checked_strings(raw, path, "", 0)


def _checked_strings(value: Any, path: Path, at: str, depth: int) -> Any:
    if depth > MAX_RESULT_DEPTH:
        raise InputError(f"{at or 'the document'}: is nested too deeply", path=path)
    if isinstance(value, str):
        return _checked_string(value, path, at)
    if isinstance(value, dict):
        return {
            _checked_string(k, path, at or "a key"): _checked_strings(
                v, path, f"{at}.{k}" if at else str(k), depth + 1
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_checked_strings(v, path, f"{at}[{i}]", depth + 1) for i, v in enumerate(value)]
    return value


def _checked_string(value: str, path: Path, at: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        where = clean_text(at)[:80] or "a string"
        raise InputError(
            f"{where}: holds a lone surrogate (a broken \\u escape), which is not "
            "text; a result holds UTF-8 text only",
            path=path,
        ) from None
    return clean_text(value, multiline=True)


def _no_duplicate_keys(path: Path) -> Any:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:  # a second value would silently win over the first
                raise InputError(f"holds the key {clean_text(key)[:40]!r} twice in one object", path=path)
            out[key] = value
        return out

    return build


def _json_int(path: Path) -> Any:
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > 20:
            raise InputError("holds a number of more than 20 digits, which no result has", path=path)
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
        raise InputError(f"holds {name}, which is not a number; a result holds plain numbers only", path=path)

    return parse


# --- the figures of a whole result ---------------------------------------------------------------


def _check_figures(result: Result, path: Path) -> None:
    """A result read from a file holds what scoring can produce: figures from 0 to 100 (changes
    from -100 to 100), each dimension once. A hand-edited baseline with a negative index or a
    repeated dimension would otherwise pass or fail a check for no real reason."""
    names = [("organization", result.organization)]
    names += [(f"dimensions[{i}].title", d.title) for i, d in enumerate(result.dimensions)]
    for where, name in names:
        if name is not None and len(name) > MAX_NAME:
            raise InputError(
                f"{where}: is {len(name):,} characters long; at most {MAX_NAME} are expected", path=path
            )
    figures: list[tuple[str, float | None, float]] = [("alignment_index", result.alignment_index, 0.0)]
    seen: set[str] = set()
    for i, dim in enumerate(result.dimensions):
        at = f"dimensions[{i}] ({dim.id})"
        if dim.id in seen:
            raise InputError(f"{at}: dimension {dim.id!r} appears twice", path=path)
        seen.add(dim.id)
        figures += _dimension_figures(dim, at)
    for band in [*result.stages, *([result.stage] if result.stage else [])]:
        figures += [(f"stage {band.name!r} from", band.from_, 0.0), (f"stage {band.name!r} to", band.to, 0.0)]
    figures += [(f"priority {p.rank}", p.alignment, 0.0) for p in result.priorities]
    if result.baseline is not None:
        d = result.baseline
        figures += [
            ("baseline.index_before", d.index_before, 0.0),
            ("baseline.index_after", d.index_after, 0.0),
            ("baseline.index_change", d.index_change, -100.0),
        ]
    for where, value, low in figures:
        if value is not None and not low <= value <= 100:
            raise InputError(f"{where} is {value:g}; expected a figure from {low:g} to 100", path=path)


def _dimension_figures(dim: DimensionResult, at: str) -> list[tuple[str, float | None, float]]:
    figures: list[tuple[str, float | None, float]] = [
        (f"{at}.gap", dim.gap, 0.0),
        (f"{at}.alignment", dim.alignment, 0.0),
        (f"{at}.weight", dim.weight, 0.0),
    ]
    figures += [(f"{at}.scores.{side}", score, 0.0) for side, score in dim.scores.items()]
    for side, view in dim.sides.items():
        figures += [
            (f"{at}.sides.{side}.{name}", getattr(view, name), 0.0)
            for name in ("score", "head_score", "team_score")
        ]
        figures += [(f"{at}.sides.{side}.teams.{team}", value, 0.0) for team, value in view.teams.items()]
    return figures
