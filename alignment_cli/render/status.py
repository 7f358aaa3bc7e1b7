"""`alignment status` drawn: a table of the response files and a line per side in the
terminal, or a JSON document for scripts."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from alignment_cli.model.status import FileStatus, SideStatus

JSON_SCHEMA = "alignment-status/1"


def render_status_json(files: Sequence[FileStatus], sides: Sequence[SideStatus]) -> str:
    return (
        json.dumps(
            {
                "schema": JSON_SCHEMA,
                "files": [f.document() for f in files],
                "sides": [s.document() for s in sides],
            },
            indent=2,
            ensure_ascii=False,
            allow_nan=False,
        )
        + "\n"
    )


STATE_STYLES = {"complete": "green", "partial": "yellow", "blank": "dim", "invalid": "red"}


def _short_time(saved: str | None, *, narrow: bool = False) -> str:
    """'25 Nov 20:23': the table's form of the time a file was last saved; in a narrow table
    the time alone for today ('20:23') and the day alone before ('25 Nov')."""
    if not saved:
        return ""
    when = datetime.strptime(saved, "%Y-%m-%d %H:%M")
    if not narrow:
        return when.strftime("%d %b %H:%M")
    return when.strftime("%H:%M" if when.date() == datetime.now().date() else "%d %b")


def _common_folder(paths: Sequence[str]) -> str:
    """The folder all files are in, to print once in the title instead of on every line."""
    try:
        common = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    except ValueError:  # absolute and relative paths mixed
        return ""
    return "" if common in ("", ".") else common


def status_view(files: Sequence[FileStatus], sides: Sequence[SideStatus], *, width: int = 80) -> list[Any]:
    """The table and the per-side lines, as rich renderables for the command line to print.

    What every file shares (the organization, the questionnaire) goes in the title, so the
    table keeps to what differs and fits in 80 columns.
    """
    from rich.text import Text

    lines: list[Any] = [_file_table(files, width), Text("")]
    lines.extend(_side_line(side) for side in sides)
    lines.extend(Text(f"invalid: {f.problem}", style="red") for f in files if f.state == "invalid")
    if any(f.state == "blank" for f in files):
        lines.append(
            Text(
                'blank: nothing answered yet, or only "don\'t know" (as a template '
                "file before it is filled in).",
                style="dim",
            )
        )
    return lines


def _file_table(files: Sequence[FileStatus], width: int) -> Any:
    from rich import box
    from rich.table import Table

    readable = [f for f in files if f.state != "invalid"]
    organizations = sorted({f.organization or "–" for f in readable})
    questionnaires = sorted({f"{f.questionnaire} {f.version}" for f in readable})
    one_org, one_q = len(organizations) <= 1, len(questionnaires) <= 1
    folder = _common_folder([f.path for f in files])
    named = [o for o in organizations[: 1 if one_org else 0] if o != "–"]
    title = " · ".join(
        [
            *named,
            *questionnaires[: 1 if one_q else 0],
            f"{len(files)} file{'s' if len(files) != 1 else ''}" + (f" in {folder}" if folder else ""),
        ]
    )
    # under 100 columns the figures take their short forms, so a file name stays on one line
    narrow = width < 100
    # and, when a name would not fit beside the other columns (about 56 characters), the shared
    # .yaml ending moves from every name into the heading
    names = [os.path.relpath(f.path, folder) if folder else f.path for f in files]
    # a "don't know" is shown apart from the answers, so a template left unfilled never reads as
    # done: its column comes only when some file has one
    unsure = any(f.dont_know for f in files)
    bare = narrow and all(n.endswith(".yaml") for n in names) and max(map(len, names)) > width - 56
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        # the column of "don't know" takes the room of the padding in a narrow table
        padding=(0, 0 if unsure else 1) if narrow else (0, 1, 0, 1),
        collapse_padding=narrow,
    )
    table.add_column("File (.yaml)" if bare else "File", overflow="fold")
    if not one_org:
        table.add_column("Organization", overflow="fold", max_width=12)
    table.add_column("Side", no_wrap=True)
    table.add_column("Name", overflow="fold", max_width=19 if narrow else 30)
    if not one_q:
        table.add_column("Questionnaire", overflow="fold", max_width=12)
    table.add_column("Done" if narrow else "Answered", justify="right", no_wrap=True)
    if unsure:
        table.add_column("Don't\nknow" if narrow else "Don't know", justify="right", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Saved", no_wrap=True, min_width=5 if narrow else 12)
    for f in files:
        table.add_row(
            *_file_row(
                f,
                folder,
                one_org=one_org,
                one_q=one_q,
                unsure=unsure,
                columns=len(table.columns),
                narrow=narrow,
                bare=bare,
            )
        )
    return table


def _file_row(
    f: FileStatus,
    folder: str,
    *,
    one_org: bool,
    one_q: bool,
    unsure: bool,
    columns: int,
    narrow: bool = False,
    bare: bool = False,
) -> list[Any]:
    from rich.text import Text

    from alignment_cli.model.result import side_name

    state = Text(f.state, style=STATE_STYLES[f.state])
    shown = os.path.relpath(f.path, folder) if folder else f.path
    cells: list[Any] = [shown.removesuffix(".yaml") if bare else shown]
    if f.state == "invalid":
        return [*cells, *[""] * (columns - 3), state, ""]
    if not one_org:
        cells.append(f.organization or "–")
    cells += [side_name(f.side or ""), (f.name or "anonymous") + (" (head)" if f.head else "")]
    if not one_q:
        cells.append(f"{f.questionnaire} {f.version}")
    given = f.answered_excluding_dont_know
    answered = f"{given}{'/' if narrow else ' of '}{f.asked}" if f.asked is not None else str(given)
    cells.append(answered)
    if unsure:
        cells.append(str(f.dont_know))
    return [*cells, state, _short_time(f.saved, narrow=narrow)]


def _side_line(side: SideStatus) -> Any:
    from rich.text import Text

    from alignment_cli.model.result import side_name

    if side.files == 0:
        return Text(f"{side_name(side.side)}: no response file yet", style="bold")
    parts = [
        f"{count} {state}"
        for state, count in sorted(side.states.items(), key=lambda kv: list(STATE_STYLES).index(kv[0]))
    ]
    heads = f"; head: {', '.join(side.heads)}" if side.heads else "; no head marked"
    return Text(
        f"{side_name(side.side)}: {side.files} file"
        f"{'s' if side.files != 1 else ''}, {', '.join(parts)}{heads}"
    )
