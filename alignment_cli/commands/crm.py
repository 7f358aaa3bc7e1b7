"""`alignment crm import`: a CRM lead export into a summary of funnel figures (crm.json).

Every problem is found before anything is written: an unknown layout, a missing column, a date
that cannot be read (named by row and column), an output that is the input, or one that exists
(replaced only with --force). The summary holds aggregates only; the export's rows never leave
this command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli import __version__
from alignment_cli.errors import InputError, UsageError
from alignment_cli.model.crm import CrmSummary

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def zone_named(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"--timezone {name!r}: expected a time zone name such as UTC, Europe/Berlin or America/New_York"
        ) from None


def summarise_export(
    file: Path,
    *,
    source: str | None = None,
    column_map: Path | None = None,
    timezone: str = "UTC",
    day_first: bool | None = None,
) -> CrmSummary:
    """Read the export and compute its figures; raises InputError on anything unreadable."""
    from alignment_cli.io.crm_export import (
        check_map_headers,
        choose_layout,
        load_map,
        match_columns,
        read_export,
    )
    from alignment_cli.scoring.funnel import summarise

    if source is not None and column_map is not None:
        raise UsageError(
            "--source and --map: give one of them (a map names the columns of an export no preset knows)"
        )
    zone = zone_named(timezone)
    statuses: dict[str, str] = {}
    if column_map is not None:
        layout, statuses = load_map(column_map)
    sheet = read_export(file)
    if column_map is not None:
        check_map_headers(sheet.header, layout, path=file, map_path=column_map)
    else:
        layout = choose_layout(sheet.header, source, path=file)
    cols = match_columns(sheet.header, layout, path=file, statuses=statuses)
    return summarise(
        sheet,
        cols,
        zone=zone,
        zone_name=timezone,
        day_first=day_first,
        path=file,
        generator=f"alignment-cli {__version__}",
    )


def render_summary(summary: CrmSummary) -> str:
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def run_crm_import(
    file: Path,
    output: Path,
    *,
    source: str | None = None,
    column_map: Path | None = None,
    timezone: str = "UTC",
    day_first: bool | None = None,
    force: bool = False,
) -> CrmSummary:
    """Summarise `file` into `output`; nothing is written unless every row could be read, and
    an existing `output` only with `force` (never the export or the map itself)."""
    from alignment_cli.io.files import check_outputs, keep_existing
    from alignment_cli.io.yamlio import write_atomic

    inputs: list[Path | str] = [file, *([column_map] if column_map else [])]
    check_outputs([output], inputs=inputs, instead="Choose another -o for the summary")
    if output.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
        raise InputError(
            "the summary is JSON; name it crm.json (a .csv or .xlsx output could be mistaken for an export)",
            path=output,
        )
    keep_existing(output, force=force)
    summary = summarise_export(
        file, source=source, column_map=column_map, timezone=timezone, day_first=day_first
    )
    write_atomic(output, render_summary(summary))
    return summary
