"""`alignment status`: which response files are complete, partial or blank, before the reveal.

One line per file, then a summary per side. Nothing is scored: the point is to see at a glance
who still has to answer, so a file that cannot be read is listed with its reason instead of
stopping the listing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from alignment_cli.errors import AlignmentError
from alignment_cli.model.questionnaire import Questionnaire

State = Literal["complete", "partial", "blank", "invalid"]
JSON_SCHEMA = "alignment-status/1"


@dataclass(frozen=True)
class FileStatus:
    """One response file as it stands."""

    path: str
    state: State
    organization: str | None = None
    side: str | None = None
    name: str | None = None
    team: str | None = None
    head: bool = False
    questionnaire: str | None = None
    version: str | None = None
    answered: int = 0      # questions with an answer, "don't know" included
    dont_know: int = 0
    asked: int | None = None  # None when the questionnaire is not known here
    saved: str | None = None  # the file's modification time, local, to the minute
    problem: str | None = None

    def document(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


@dataclass
class SideStatus:
    """How far one side has got."""

    side: str
    files: int = 0
    states: dict[str, int] = field(default_factory=dict)
    heads: list[str] = field(default_factory=list)

    def document(self) -> dict[str, Any]:
        return {"side": self.side, "files": self.files, "states": self.states,
                "heads": self.heads}


def _questionnaire(ref: tuple[str, str], cache: dict[tuple[str, str], Questionnaire | None]
                   ) -> Questionnaire | None:
    """The built-in questionnaire a file names, when its version is the one shipped here."""
    if ref not in cache:
        from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire

        path = builtin_paths().get(ref[0])
        found = load_questionnaire(path) if path is not None else None
        cache[ref] = found if found is not None and found.version == ref[1] else None
    return cache[ref]


def file_status(path: Path, *, questionnaire: Questionnaire | None = None,
                cache: dict[tuple[str, str], Questionnaire | None] | None = None) -> FileStatus:
    """Read one file; a problem becomes an 'invalid' line, never an exception."""
    from alignment_cli.io.yamlio import read_text
    from alignment_cli.model.response import parse_response

    shown = str(path)
    try:
        saved = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        response = parse_response(read_text(path, what="response file"), path=path)
    except (AlignmentError, OSError) as exc:
        return FileStatus(shown, "invalid", problem=str(exc))
    ref = (response.questionnaire.id, response.questionnaire.version)
    chosen = questionnaire if questionnaire is not None and \
        (questionnaire.id, questionnaire.version) == ref else \
        _questionnaire(ref, cache if cache is not None else {})
    who = response.respondent
    answers = response.answers
    given = response.answered_ids()  # "don't know" and "not applicable" count as answered
    asked_ids: list[str] | None = None
    if chosen is not None:
        asked_ids = [q.id for _, q in chosen.questions_for(who.role)]
    counted = [qid for qid in (asked_ids if asked_ids is not None else sorted(given))
               if qid in given]
    dont_know = sum(1 for qid in counted if qid in answers and answers[qid] is None)
    asked = len(asked_ids) if asked_ids is not None else None
    if len(counted) == dont_know:
        state: State = "blank"  # nothing but "don't know", as a template left unfilled
    elif (asked is not None and len(counted) >= asked) or \
            (asked is None and response.completed_at is not None):
        state = "complete"
    else:
        state = "partial"
    return FileStatus(shown, state, organization=response.organization, side=who.role,
                      name=who.name, team=who.team, head=who.head, questionnaire=ref[0],
                      version=ref[1], answered=len(counted), dont_know=dont_know, asked=asked,
                      saved=saved)


def collect_status(paths: Sequence[str], *, questionnaire: Questionnaire | None = None
                   ) -> list[FileStatus]:
    from alignment_cli.model.response import discover

    cache: dict[tuple[str, str], Questionnaire | None] = {}
    return [file_status(p, questionnaire=questionnaire, cache=cache) for p in discover(paths)]


def side_summary(files: Sequence[FileStatus], sides: Sequence[str] = ("sales", "marketing")
                 ) -> list[SideStatus]:
    """Every side the files or the questionnaire name, the expected two first."""
    found = {s: SideStatus(s) for s in sides}
    for status in files:
        if status.side is None:
            continue
        side = found.setdefault(status.side, SideStatus(status.side))
        side.files += 1
        side.states[status.state] = side.states.get(status.state, 0) + 1
        if status.head:
            side.heads.append(status.name or "anonymous")
    return list(found.values())


def render_status_json(files: Sequence[FileStatus], sides: Sequence[SideStatus]) -> str:
    return json.dumps({"schema": JSON_SCHEMA, "files": [f.document() for f in files],
                       "sides": [s.document() for s in sides]},
                      indent=2, ensure_ascii=False, allow_nan=False) + "\n"


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


def status_view(files: Sequence[FileStatus], sides: Sequence[SideStatus], *,
                width: int = 80) -> list[Any]:
    """The table and the per-side lines, as rich renderables for the command line to print.

    What every file shares (the organization, the questionnaire) goes in the title, so the
    table keeps to what differs and fits in 80 columns.
    """
    from rich.text import Text

    lines: list[Any] = [_file_table(files, width), Text("")]
    lines.extend(_side_line(side) for side in sides)
    lines.extend(Text(f"invalid: {f.problem}", style="red") for f in files
                 if f.state == "invalid")
    if any(f.state == "blank" for f in files):
        lines.append(Text("blank: nothing answered yet, or only \"don't know\" (as a template "
                          "file before it is filled in).", style="dim"))
    return lines


def _file_table(files: Sequence[FileStatus], width: int) -> Any:
    from rich import box
    from rich.table import Table

    readable = [f for f in files if f.state != "invalid"]
    organizations = sorted({f.organization or "–" for f in readable})
    questionnaires = sorted({f"{f.questionnaire} {f.version}" for f in readable})
    one_org, one_q = len(organizations) <= 1, len(questionnaires) <= 1
    folder = _common_folder([f.path for f in files])
    named = [o for o in organizations[:1 if one_org else 0] if o != "–"]
    title = " · ".join([*named, *questionnaires[:1 if one_q else 0],
                        f"{len(files)} file{'s' if len(files) != 1 else ''}"
                        + (f" in {folder}" if folder else "")])
    # under 100 columns the figures take their short forms, so a file name stays on one line
    narrow = width < 100
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, padding=(0, 1) if narrow else (0, 1, 0, 1),
                  collapse_padding=narrow)
    # and, when a name would not fit beside the other columns (about 56 characters), the shared
    # .yaml ending moves from every name into the heading
    names = [os.path.relpath(f.path, folder) if folder else f.path for f in files]
    bare = (narrow and all(n.endswith(".yaml") for n in names)
            and max(map(len, names)) > width - 56)
    table.add_column("File (.yaml)" if bare else "File", overflow="fold")
    if not one_org:
        table.add_column("Organization", overflow="fold", max_width=12)
    table.add_column("Side", no_wrap=True)
    table.add_column("Name", overflow="fold", max_width=19 if narrow else 30)
    if not one_q:
        table.add_column("Questionnaire", overflow="fold", max_width=12)
    table.add_column("Done" if narrow else "Answered", justify="right", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Saved", no_wrap=True, min_width=5 if narrow else 12)
    for f in files:
        table.add_row(*_file_row(f, folder, one_org=one_org, one_q=one_q,
                                 columns=len(table.columns), narrow=narrow, bare=bare))
    return table


def _file_row(f: FileStatus, folder: str, *, one_org: bool, one_q: bool,
              columns: int, narrow: bool = False, bare: bool = False) -> list[Any]:
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
    answered = (f"{f.answered}{'/' if narrow else ' of '}{f.asked}" if f.asked is not None
                else str(f.answered))
    return [*cells, answered, state, _short_time(f.saved, narrow=narrow)]


def _side_line(side: SideStatus) -> Any:
    from rich.text import Text

    from alignment_cli.model.result import side_name

    if side.files == 0:
        return Text(f"{side_name(side.side)}: no response file yet", style="bold")
    parts = [f"{count} {state}" for state, count in sorted(
        side.states.items(), key=lambda kv: list(STATE_STYLES).index(kv[0]))]
    heads = f"; head: {', '.join(side.heads)}" if side.heads else "; no head marked"
    return Text(f"{side_name(side.side)}: {side.files} file"
                f"{'s' if side.files != 1 else ''}, {', '.join(parts)}{heads}")
