"""`alignment status`: which response files are complete, partial or blank, before the reveal.

One status per file, then a summary per side (drawn by render/status.py). Nothing is scored:
the point is to see at a glance who still has to answer, so a file that cannot be read is
listed with its reason instead of stopping the listing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alignment_cli.errors import AlignmentError
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.status import FileStatus, SideStatus, State


def _questionnaire(
    ref: tuple[str, str], cache: dict[tuple[str, str], Questionnaire | None]
) -> Questionnaire | None:
    """The built-in questionnaire a file names, at the file's own version (1.0, 2.0 as well as
    the newest), so its counts agree with `report`'s; None when that id or version is not built in."""
    if ref not in cache:
        from alignment_cli.model.questionnaire import builtin_versions, load_questionnaire

        path = builtin_versions().get(ref[0], {}).get(ref[1])
        cache[ref] = load_questionnaire(path) if path is not None else None
    return cache[ref]


def file_status(
    path: Path,
    *,
    questionnaire: Questionnaire | None = None,
    cache: dict[tuple[str, str], Questionnaire | None] | None = None,
) -> FileStatus:
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
    chosen = (
        questionnaire
        if questionnaire is not None and (questionnaire.id, questionnaire.version) == ref
        else _questionnaire(ref, cache if cache is not None else {})
    )
    who = response.respondent
    answers = response.answers
    given = response.answered_ids()  # "don't know" and "not applicable" count as answered
    asked_ids: list[str] | None = None
    if chosen is not None:
        asked_ids = [q.id for _, q in chosen.questions_for(who.role)]
    counted = [qid for qid in (asked_ids if asked_ids is not None else sorted(given)) if qid in given]
    dont_know = sum(1 for qid in counted if qid in answers and answers[qid] is None)
    asked = len(asked_ids) if asked_ids is not None else None
    commented = any(c.strip() for c in response.comments.values())
    if not counted or (len(counted) == dont_know and not commented):
        state: State = "blank"  # nothing but "don't know", as a template left unfilled (report's rule)
    elif (asked is not None and len(counted) >= asked) or (
        asked is None and response.completed_at is not None
    ):
        state = "complete"
    else:
        state = "partial"
    return FileStatus(
        shown,
        state,
        organization=response.organization,
        side=who.role,
        name=who.name,
        team=who.team,
        head=who.head,
        questionnaire=ref[0],
        version=ref[1],
        answered=len(counted),
        dont_know=dont_know,
        asked=asked,
        saved=saved,
    )


def collect_status(paths: Sequence[str], *, questionnaire: Questionnaire | None = None) -> list[FileStatus]:
    from alignment_cli.model.response import discover

    cache: dict[tuple[str, str], Questionnaire | None] = {}
    return [file_status(p, questionnaire=questionnaire, cache=cache) for p in discover(paths)]


def side_summary(
    files: Sequence[FileStatus], sides: Sequence[str] = ("sales", "marketing")
) -> list[SideStatus]:
    """Every side the files or the questionnaire name, the expected two first."""
    found: dict[str, list[FileStatus]] = {s: [] for s in sides}
    for status in files:
        if status.side is not None:
            found.setdefault(status.side, []).append(status)
    return [
        SideStatus(
            side,
            files=len(mine),
            states=dict(Counter[str](f.state for f in mine)),
            heads=tuple(f.name or "anonymous" for f in mine if f.head),
        )
        for side, mine in found.items()
    ]


@dataclass(frozen=True)
class StatusOutcome:
    """Every file's status and each side's summary; `readable` is False when a file could not be
    read (it is listed with its reason, and the command fails once everything is shown)."""

    files: tuple[FileStatus, ...]
    sides: tuple[SideStatus, ...]

    @property
    def readable(self) -> bool:
        return not any(f.state == "invalid" for f in self.files)


def run_status(paths: Sequence[str], *, questionnaire: str | None = None) -> StatusOutcome:
    """How far each response file under `paths` has got, and each side. `questionnaire` (an id
    or a file) counts what each file was asked; without it a file's own built-in one is used."""
    chosen = None
    if questionnaire is not None:
        from alignment_cli.model.questionnaire import resolve_questionnaire

        chosen = resolve_questionnaire(questionnaire)
    files = collect_status(paths, questionnaire=chosen)
    sides = side_summary(files, chosen.roles if chosen else ("sales", "marketing"))
    return StatusOutcome(tuple(files), tuple(sides))
