"""`alignment trend` and the history that `check` keeps: result files in, one Trend out.

Each file is read by the one result reader (model/result_file.py: strict JSON, a readable
schema_version); then only the figures a trend draws are required, on purpose: a trend spans
rounds written by different releases (schema 1, 2 and 3), and any other key is left alone.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.files import link_first_free, staged
from alignment_cli.model.actions import today_utc
from alignment_cli.model.base import MAX_NAME
from alignment_cli.model.result import Result
from alignment_cli.model.result_file import (
    ResultDocument,
    read_result_document,
    validation_error,
)
from alignment_cli.scoring.trend import Round, Trend, build_trend

if TYPE_CHECKING:
    from rich.console import Console


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


MAX_ROUNDS = 1000  # result files in one trend or history folder


def _short(value: str) -> str:
    from alignment_cli.text import clean_text

    value = clean_text(value)
    if len(value) > MAX_NAME:
        raise ValueError(f"is {len(value):,} characters long; at most {MAX_NAME} are expected")
    return value


def _figure(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise ValueError(f"is {value:g}; expected a figure from 0 to 100")
    return value


class _Questionnaire(_Loose):
    id: str
    version: str

    _names = field_validator("id", "version")(_short)


class _Dimension(_Loose):
    id: str
    title: str
    alignment: float | None = None

    _names = field_validator("id", "title")(_short)
    _figures = field_validator("alignment")(_figure)


class _RoundDocument(_Loose):
    """What a trend draws from a result (the reader has checked its schema_version)."""

    questionnaire: _Questionnaire
    organization: str | None = None
    responses_to: str | None = None
    alignment_index: float | None = None
    alignment_index_interval: Any = None
    stage: Any = None
    dimensions: list[_Dimension]

    _names = field_validator("organization", "responses_to")(lambda v: None if v is None else _short(v))
    _figures = field_validator("alignment_index")(_figure)


def _interval(raw: Any) -> tuple[float, float] | None:
    """[low, high], or a mapping with low/high (lower/upper); anything else is no interval."""
    pair: Any = None
    if isinstance(raw, list | tuple) and len(raw) == 2:
        pair = raw
    elif isinstance(raw, dict):
        for low, high in (("low", "high"), ("lower", "upper"), ("lo", "hi")):
            if low in raw and high in raw:
                pair = (raw[low], raw[high])
                break
    if pair is None or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair):
        return None
    low_v, high_v = float(pair[0]), float(pair[1])
    return (low_v, high_v) if low_v <= high_v else None


def _stage_name(raw: Any) -> str | None:
    if isinstance(raw, dict):
        name = raw.get("name")
        return str(name) if name is not None else None
    return str(raw) if isinstance(raw, str) else None


def _day(text: str | None) -> str | None:
    return text[:10] if text else None


def round_from_document(document: ResultDocument) -> Round:
    """One round from a result file read by the one reader; a document without the figures a
    trend draws is an InputError naming the key."""
    try:
        doc = _RoundDocument.model_validate(document.raw)
    except ValidationError as exc:
        raise validation_error(exc, document) from None
    return _round(doc, source=str(document.path), path=document.path)


def _round(doc: _RoundDocument, *, source: str, path: Path | None) -> Round:
    ids = [d.id for d in doc.dimensions]
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        raise InputError(f"dimensions: {twice!r} appears twice", path=path)
    day = _day(doc.responses_to)
    return Round(
        label=day or Path(source).stem,
        source=source,
        questionnaire_id=doc.questionnaire.id,
        questionnaire_version=doc.questionnaire.version,
        organization=doc.organization,
        date=day,
        index=doc.alignment_index,
        interval=_interval(doc.alignment_index_interval),
        stage=_stage_name(doc.stage),
        dimensions={d.id: d.alignment for d in doc.dimensions},
        titles={d.id: d.title for d in doc.dimensions},
    )


def round_from_result(result: Result, source: str = "this run") -> Round:
    return _round(_RoundDocument.model_validate(result.to_document()), source=source, path=None)


def load_round(path: Path) -> Round:
    return round_from_document(read_result_document(path))


def result_files(paths: Sequence[str | Path]) -> list[Path]:
    """Result files named directly, or every *.json in a folder (not recursive, hidden skipped)."""
    files: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file() and not p.name.startswith("."))
            if not found:
                raise InputError(f"no result files (*.json) in folder {path}")
            files.extend(found)
        elif path.exists():
            files.append(path)  # read_text says what a pipe or a device is, without waiting
        else:
            raise InputError(f"{path}: no such file or folder")
    files = list(dict.fromkeys(files))
    if len(files) > MAX_ROUNDS:
        raise InputError(
            f"{len(files):,} result files; a trend draws at most {MAX_ROUNDS:,} "
            "rounds: move older ones to another folder"
        )
    return files


def ordered(rounds: list[Round]) -> list[Round]:
    """Oldest first, by the date of the responses; undated rounds by file name, after them."""
    return sorted(rounds, key=lambda r: (r.date is None, r.date or "", r.source))


def trend_of(rounds: list[Round]) -> Trend:
    """Refuses to draw one line through two questionnaires or two organizations."""
    rounds = ordered(rounds)
    ids = {r.questionnaire_id for r in rounds}
    if len(ids) > 1:
        listing = "; ".join(f"{r.source}: {r.questionnaire_id}" for r in rounds)
        raise InputError(
            f"these results come from different questionnaires and cannot be drawn as one trend ({listing})"
        )
    # one organization, letter case and outer spaces aside (as compare and a baseline judge it)
    orgs = {r.organization.strip().casefold() for r in rounds if r.organization and r.organization.strip()}
    if len(orgs) > 1:
        listing = "; ".join(f"{r.source}: {r.organization}" for r in rounds if r.organization)
        raise InputError(
            f"these results are for different organizations ({listing}); a trend follows one organization"
        )
    return build_trend(rounds)


def load_trend(paths: Sequence[str | Path]) -> Trend:
    return trend_of([load_round(p) for p in result_files(paths)])


def round_key(raw: Any) -> tuple[Any, ...] | None:
    """What makes two results the same round: the organization, the questionnaire, the dates
    of the responses and the response files scored (by name and side). None when unreadable."""
    if not isinstance(raw, dict) or not isinstance(raw.get("questionnaire"), dict):
        return None
    files = raw.get("respondent_files")
    names = (
        sorted(
            (Path(str(f.get("file", ""))).name, str(f.get("role", ""))) for f in files if isinstance(f, dict)
        )
        if isinstance(files, list)
        else []
    )
    return (
        raw["questionnaire"].get("id"),
        raw.get("organization"),
        raw.get("responses_from"),
        raw.get("responses_to"),
        tuple(names),
    )


@dataclass(frozen=True)
class History:
    """A history folder as read, once per run: the results kept in it, oldest name first. The
    trend is drawn from it and `save_to_history` finds this round's earlier copy in it, so
    `check` never reads the folder twice (nor sees a different folder the second time)."""

    folder: Path
    documents: tuple[ResultDocument, ...]


def read_history(folder: Path) -> History:
    """Every result kept in `folder`, read strictly: a kept file that cannot be read stops the
    run with its reason, as a file named to `alignment trend` does. A folder that does not
    exist yet, or holds no *.json, holds no rounds."""
    paths = result_files([folder]) if _has_results(folder) else []
    return History(folder, tuple(read_result_document(p) for p in paths))


def history_trend(history: History, current: Result) -> Trend:
    """The runs kept in the history, then this one; a kept copy of this very round (a report of
    a round `check` already kept) is not shown twice."""
    key = round_key(current.to_document())
    earlier = [round_from_document(d) for d in history.documents if round_key(d.raw) != key]
    return trend_of([*earlier, round_from_result(current)])


def _has_results(folder: Path) -> bool:
    return folder.is_dir() and any(
        p.suffix == ".json" and not p.name.startswith(".") for p in folder.iterdir()
    )


def save_to_history(history: History, document_text: str, *, clock: Callable[[], date] = today_utc) -> Path:
    """One dated file per round: 2026-11-25.json, then 2026-11-25-2.json for another round
    that day. A re-run of a round already kept (the same responses, see round_key; found in the
    history as read) replaces its file instead of adding a twin.

    The file is written under a temporary name and linked to its final name, which fails
    rather than replaces when another run took that name first.
    """
    folder = history.folder
    day = clock().isoformat()
    try:
        key = round_key(json.loads(document_text))
    except ValueError:
        key = None
    same = [d.path for d in history.documents if key is not None and round_key(d.raw) == key]
    with staged(folder, document_text, prefix=".history.", purpose="keep the history") as tmp:
        if same:
            try:
                os.replace(tmp, same[0])
            except OSError as exc:
                raise OutputError(f"{same[0]}: cannot write: {exc.strerror}") from None
            return same[0]
        names = (folder / (f"{day}.json" if n == 1 else f"{day}-{n}.json") for n in range(1, 1000))
        target = link_first_free(tmp, names, action="write")
    if target is None:
        raise OutputError(f"{folder}: already holds 999 results dated {day}")
    return target


TREND_FORMATS = ("terminal", "md", "html", "json")


@dataclass(frozen=True)
class TrendOutcome:
    """The trend drawn in one format: `text` for md, html and json (empty for the terminal,
    which the caller draws), and the file it was written to, if any."""

    trend: Trend
    text: str
    written: Path | None

    def draw(self, console: Console) -> None:
        from alignment_cli.render.trend import render_trend_terminal

        render_trend_terminal(self.trend, console)


def run_trend(paths: Sequence[str | Path], fmt: str, output: Path | None) -> TrendOutcome:
    """Read the rounds and render the trend in one format; with `output`, write it there."""
    from alignment_cli.errors import UsageError
    from alignment_cli.io.yamlio import write_atomic
    from alignment_cli.render import trend as draw

    given, fmt = fmt, fmt.strip().lower()
    if fmt not in TREND_FORMATS:
        raise UsageError(f"--format {given!r}: expected terminal, md, html or json")
    if fmt == "terminal" and output is not None:
        raise UsageError("--output is for the md, html and json formats")
    files = result_files(paths)
    if output is not None:
        from alignment_cli.io.files import check_outputs

        check_outputs([output], inputs=files)  # a trend never replaces a result it read
    trend = trend_of([load_round(p) for p in files])
    if fmt == "terminal":
        return TrendOutcome(trend, "", None)
    text = {"md": draw.render_trend_markdown, "html": draw.render_trend_html, "json": draw.render_trend_json}[
        fmt
    ](trend)
    if output is not None:
        write_atomic(output, text, fsync=False)
    return TrendOutcome(trend, text, output)
