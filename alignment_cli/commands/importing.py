"""`alignment import`: a survey platform's export, one row per respondent, into response files.

Columns are matched to questions by id or by the question's exact text (spacing and case aside),
so a form built from `alignment questionnaire export` imports as it is. Every cell is checked the
way a response file's answer is; nothing is written while anything is invalid (unless the invalid
rows are to be skipped), and no existing file is ever overwritten. A timestamp is the exception:
one not read (io/timestamps.py) never stops its row, and the import says so once per column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.imports import Table, column_name
from alignment_cli.io.timestamps import TimeColumn, read_time_columns
from alignment_cli.model.questionnaire import (
    NO_CELLS,
    YES_CELLS,
    AnyQuestion,
    Questionnaire,
    loose_key,
)
from alignment_cli.model.response import NOT_APPLICABLE as NA_VALUE
from alignment_cli.model.response import (
    Answer,
    QuestionnaireRef,
    Respondent,
    Response,
    check_against,
    normalize_answer,
    now,
    render_response,
)
from alignment_cli.model.result import side_name
from alignment_cli.text import slugify

SIDE_HEADERS = {"side", "role", "which side are you on?", "your side"}
NAME_HEADERS = {"your name", "full name", "respondent name"}  # the form's own question
# a platform's column for the signed-in account (Microsoft Forms' "Name"): used only when the
# form asks no name of its own, and "Anonymous" there is no name
ACCOUNT_NAME_HEADERS = {"name"}
NO_NAME = {"anonymous", "anon", "-"}
COMPLETED_HEADERS = {
    "timestamp",
    "completion time",
    "completed",
    "completed at",
    "completed_at",
    "submitted at",
    "submission time",
    "submitted",
    "end time",
    "date submitted",
    "end date",
    "submit date (utc)",  # Typeform
}
STARTED_HEADERS = {"start time", "started", "started at", "started_at", "start date", "start date (utc)"}
TEAM_HEADERS = {"team", "your team"}
HEAD_HEADERS = {"head", "lead", "leads their side", "do you lead your side?"}
COMMENT_PREFIX = "comment:"
DONT_KNOW = {"?", "don't know", "dont know", "do not know", "unknown", "dk"}
NOT_APPLICABLE = {"n/a", "na", "not applicable"}
YES, NO = YES_CELLS, NO_CELLS


_key = loose_key  # how headers and answers are compared: spacing, case and quotes aside


@dataclass
class Columns:
    """What each column of the sheet holds; the rest is reported as not matched."""

    questions: dict[int, AnyQuestion] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    side: int | None = None
    name: int | None = None
    team: int | None = None
    head: int | None = None
    account_name: int | None = None
    completed: int | None = None
    started: int | None = None
    unmatched: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The files to write, and what was not used or not valid."""

    files: list[tuple[Path, Response]]
    unmatched: list[str]
    invalid: list[str]
    skipped_rows: list[int]
    unread_times: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportRequest:
    """A survey platform's export to turn into response files in `out`."""

    file: Path
    questionnaire: str | Path
    out: Path
    organization: str | None = None
    side: str | None = None  # every row is from this side
    skip_invalid: bool = False


@dataclass(frozen=True)
class ImportOutcome:
    """What an import wrote, and what it left out: the columns matched to nothing, the invalid
    rows skipped (with --skip-invalid), how many files each side got, in the order met, and
    which timestamps were not read (one line per column)."""

    out: Path
    files: tuple[Path, ...]
    unmatched: tuple[str, ...]
    invalid: tuple[str, ...]
    skipped_rows: tuple[int, ...]
    per_side: tuple[tuple[str, int], ...]
    unread_times: tuple[str, ...] = ()


def run_import(request: ImportRequest) -> ImportOutcome:
    """Read the export, check every row, write every file or none (see `write_import`)."""
    from collections import Counter

    from alignment_cli.io.imports import read_table
    from alignment_cli.model.questionnaire import resolve_questionnaire

    q = resolve_questionnaire(request.questionnaire)
    plan = plan_import(
        read_table(request.file),
        q,
        request.out,
        path=request.file,
        organization=request.organization,
        side=request.side,
        skip_invalid=request.skip_invalid,
    )
    write_import(plan)
    per_side = Counter(response.respondent.role for _, response in plan.files)
    return ImportOutcome(
        out=request.out,
        files=tuple(path for path, _ in plan.files),
        unmatched=tuple(plan.unmatched),
        invalid=tuple(plan.invalid),
        skipped_rows=tuple(plan.skipped_rows),
        per_side=tuple(per_side.items()),
        unread_times=tuple(plan.unread_times),
    )


def match_columns(
    table: Table, questionnaire: Questionnaire, *, path: Path | str | None, side_given: bool
) -> Columns:
    """What each column holds, by its header; two columns for one thing are an error."""
    cols = Columns()
    seen: dict[str, str] = {}
    targets = _header_targets(questionnaire)
    for index, header in enumerate(table.header):
        label = f"column {column_name(index)} ({header or 'no header'})"
        key = _key(header)
        if key.startswith(COMMENT_PREFIX):  # 'comment: goals' as well as 'comment:goals'
            key = COMMENT_PREFIX + key[len(COMMENT_PREFIX) :].strip()
        target = _claim(cols, index, targets.get(key), key)
        if target is None:
            cols.unmatched.append(label)
            continue
        if target in seen:
            raise InputError(f"{label} and {seen[target]} are both {target}; keep one", path=path)
        seen[target] = label
    if cols.side is None and not side_given:
        raise InputError(
            "no side column: add a column named 'side' holding "
            + " or ".join(side_name(r) for r in questionnaire.roles)
            + ", or give --side when every row is from one side",
            path=path,
        )
    if not cols.questions:
        raise InputError(
            f"no column matches a question of {questionnaire.id}: headers must "
            "be question ids or the questions' exact text (see `alignment "
            f"questionnaire export {questionnaire.id}`)",
            path=path,
        )
    return cols


def _header_targets(questionnaire: Questionnaire) -> dict[str, AnyQuestion | str]:
    """Header text -> the question it names, or 'comment:<dimension id>'."""
    targets: dict[str, AnyQuestion | str] = {}
    from alignment_cli.render.export import comment_question

    for dimension in questionnaire.dimensions:
        for spelling in (dimension.id, dimension.title):
            targets.setdefault(_key(COMMENT_PREFIX + spelling), COMMENT_PREFIX + dimension.id)
        # the question text `questionnaire export` gives the comment, which a form platform
        # exports as the column's header
        targets.setdefault(_key(comment_question(dimension.title)), COMMENT_PREFIX + dimension.id)
    for question in questionnaire.questions.values():
        targets.setdefault(_key(question.text), question)
        targets.setdefault(_key(question.id), question)
    return targets


_PERSON_COLUMNS = (
    ("side", SIDE_HEADERS),
    ("name", NAME_HEADERS),
    ("team", TEAM_HEADERS),
    ("head", HEAD_HEADERS),
    ("account_name", ACCOUNT_NAME_HEADERS),
    ("completed", COMPLETED_HEADERS),
    ("started", STARTED_HEADERS),
)


def _claim(cols: Columns, index: int, target: AnyQuestion | str | None, key: str) -> str | None:
    """Record column `index` in `cols`; returns what it holds, or None when nothing."""
    if isinstance(target, str):
        cols.comments[index] = target[len(COMMENT_PREFIX) :]
        return target
    if target is not None:
        cols.questions[index] = target
        return target.id
    for field_name, headers in _PERSON_COLUMNS:
        if key in headers and getattr(cols, field_name) is None:
            setattr(cols, field_name, index)
            return field_name
    return None


def cell_answer(questionnaire: Questionnaire, question: AnyQuestion, cell: str) -> Answer:
    """A cell as a stored answer, read the way its kind reads a cell; ValueError says what was
    expected."""
    key = _key(cell)
    if key in DONT_KNOW:
        return None
    if key in NOT_APPLICABLE and question.allow_na:
        return NA_VALUE
    return normalize_answer(questionnaire, question.id, question.from_cell(cell, questionnaire.scale))


@dataclass
class _Sheet:
    """One import's fixed context, so each row is read by a small function."""

    table: Table
    questionnaire: Questionnaire
    cols: Columns
    side: str | None
    organization: str | None
    stamp: datetime
    # the timestamp columns, read as a whole (their dates settle each other's day and month)
    times: dict[int, TimeColumn] = field(default_factory=dict)
    # a cell's answer by (question id, cell text): the same few answers recur down thousands of
    # rows, and each is parsed once (a ValueError is remembered as the problem it is)
    answers: dict[tuple[str, str], Answer | ValueError] = field(default_factory=dict)

    @cached_property
    def order(self) -> dict[str, int]:
        return {qid: i for i, qid in enumerate(self.questionnaire.questions)}

    def answer(self, question: AnyQuestion, cell: str) -> Answer:
        """`cell_answer`, remembered for this import."""
        memo = (question.id, cell)
        if memo not in self.answers:
            try:
                self.answers[memo] = cell_answer(self.questionnaire, question, cell)
            except ValueError as exc:
                self.answers[memo] = exc
        found = self.answers[memo]
        if isinstance(found, ValueError):
            raise found
        return found

    @property
    def sides(self) -> dict[str, str]:
        q = self.questionnaire
        return {_key(r): r for r in q.roles} | {_key(side_name(r)): r for r in q.roles}

    def at(self, number: int, index: int, message: str) -> str:
        header = self.table.header[index] or "no header"
        return f"row {number}, column {column_name(index)} ({header}): {message}"


def plan_import(
    table: Table,
    questionnaire: Questionnaire,
    out: Path,
    *,
    path: Path | str | None,
    organization: str | None = None,
    side: str | None = None,
    skip_invalid: bool = False,
) -> ImportPlan:
    """Every row as a response, checked; raises with every problem when one is invalid."""
    if side is not None and side not in questionnaire.roles:
        raise InputError(f"--side {side!r}: expected one of {', '.join(questionnaire.roles)}")
    cols = match_columns(table, questionnaire, path=path, side_given=side is not None)
    sheet = _Sheet(table, questionnaire, cols, side, organization, now())
    stamped = [index for index in (cols.completed, cols.started) if index is not None]
    columns = [[(number, cells[index]) for number, cells in table.rows] for index in stamped]
    sheet.times = dict(zip(stamped, read_time_columns(columns), strict=True))
    files: list[tuple[Path, Response]] = []
    invalid: list[str] = []
    skipped: list[int] = []
    numbers: list[int] = []
    taken: set[Path] = set()
    for number, cells in table.rows:
        response, problems = _read_row(sheet, number, cells)
        if response is None:
            invalid.extend(problems)
            skipped.append(number)
            continue
        name = response.respondent.name or ""
        stem = f"{response.respondent.role}-{slugify(name) or f'row{number}'}"
        target = _free_name(out, stem, taken)
        taken.add(target)
        files.append((target, response))
        numbers.append(number)
    files = _one_row_each(files, numbers, out, invalid, skipped, skip_invalid=skip_invalid)
    if invalid and not skip_invalid:
        raise InputError(
            f"{len(invalid)} invalid cell(s); nothing was written:\n  "
            + "\n  ".join(invalid)
            + "\nFix them, or pass --skip-invalid to import the other rows.",
            path=path,
        )
    existing = [str(p) for p, _ in files if p.exists()]
    if existing:
        raise OutputError(
            f"{len(existing)} file(s) already exist and are never overwritten; "
            "nothing was written: "
            + ", ".join(existing[:5])
            + (" ..." if len(existing) > 5 else "")
            + ". Import into an empty folder."
        )
    written = set(numbers) - set(skipped)
    return ImportPlan(files, cols.unmatched, invalid, skipped, _unread_times(sheet, written))


def respondent_key(response: Response) -> tuple[str, str, str | None] | None:
    """Who a response is from, as `report` tells two respondents apart (side, name, team);
    None for a response without a name, which is never the same person as another."""
    who = response.respondent
    if not who.name:
        return None
    return (who.role, who.name.strip().casefold(), who.team)


def _one_row_each(
    files: list[tuple[Path, Response]],
    numbers: list[int],
    out: Path,
    invalid: list[str],
    skipped: list[int],
    *,
    skip_invalid: bool,
) -> list[tuple[Path, Response]]:
    """A respondent's second row (or a row for someone who already has a file in `out`) is a
    problem named with both places, never a second file that `report` would then refuse."""
    seen: dict[tuple[str, str, str | None], str] = dict(reversed(_existing_respondents(out)))
    kept = []
    for (target, response), number in zip(files, numbers, strict=True):
        key = respondent_key(response)
        if key is not None and key in seen and not target.exists():  # else: said below
            who = response.respondent
            team = f", {who.team}" if who.team else ""
            invalid.append(
                f"row {number}: {who.name!r} ({side_name(who.role)}{team}) answered "
                f"already in {seen[key]}; each respondent hands in one set of "
                "answers: keep one row"
            )
            skipped.append(number)
            continue
        if key is not None:
            seen[key] = f"row {number}"
        kept.append((target, response))
    return kept


def _existing_respondents(out: Path) -> list[tuple[tuple[str, str, str | None], str]]:
    from alignment_cli.io.yamlio import read_text
    from alignment_cli.model.response import parse_response

    found = []
    try:
        names = sorted(
            p for p in out.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
        )[:10_000]
    except OSError:
        return []
    for path in names:
        try:
            key = respondent_key(parse_response(read_text(path, what="response file"), path=path))
        except (InputError, ValueError):
            continue
        if key is not None:
            found.append((key, str(path)))
    return found


def _free_name(out: Path, stem: str, taken: set[Path]) -> Path:
    target = out / f"{stem}.yaml"
    n = 2
    while target in taken:
        target = out / f"{stem}-{n}.yaml"
        n += 1
    return target


def _read_row(sheet: _Sheet, number: int, cells: list[str]) -> tuple[Response | None, list[str]]:
    """One row as a response, or the problems with its cells."""
    cols, q = sheet.cols, sheet.questionnaire
    problems: list[str] = []
    role = _row_side(sheet, number, cells, problems)
    head = _row_head(sheet, number, cells, problems)
    answers: dict[str, Answer] = {}
    for index, question in cols.questions.items():
        cell = cells[index]
        if not cell.strip():
            continue  # not answered
        if role is not None and role not in q.roles_of(question):
            problems.append(
                sheet.at(
                    number, index, f"this question is not asked of {side_name(role)}; leave it empty for them"
                )
            )
            continue
        try:
            answers[question.id] = sheet.answer(question, cell)
        except ValueError as exc:
            problems.append(sheet.at(number, index, f"{exc} (got {cell.strip()!r})"))
    if problems or role is None:
        return None, problems
    completed = _row_time(sheet, number, cols.completed)
    started = _row_time(sheet, number, cols.started)
    order = sheet.order
    name = _row_name(cols, cells)
    team = cells[cols.team].strip() if cols.team is not None else ""
    response = Response(
        questionnaire=QuestionnaireRef(id=q.id, version=q.version),
        organization=sheet.organization,
        respondent=Respondent(role=role, name=name or None, team=team or None, head=head),
        started_at=started,
        completed_at=completed or sheet.stamp,
        answers=dict(sorted(answers.items(), key=lambda kv: order[kv[0]])),
        comments={dim: cells[i].strip() for i, dim in cols.comments.items() if cells[i].strip()},
    )
    return check_against(response, q, path=f"row {number}"), []


def _row_name(cols: Columns, cells: list[str]) -> str:
    """The form's own name question wins; a platform's account column only stands in for it
    when the form asks none, and "Anonymous" is no name."""
    index = cols.name if cols.name is not None else cols.account_name
    name = cells[index].strip() if index is not None else ""
    return "" if _key(name) in NO_NAME else name


def _row_time(sheet: _Sheet, number: int, index: int | None) -> datetime | None:
    """The row's time in that column; None without the column, or for a cell not read (which
    never stops the row: see `_unread_times`)."""
    return None if index is None else sheet.times[index].times.get(number)


def _unread_times(sheet: _Sheet, written: set[int]) -> list[str]:
    """One line per timestamp column (and per reason) whose cells were not read, counting the
    rows written only."""
    notes = []
    for index, column in sheet.times.items():
        label = f"Column {column_name(index)} ({sheet.table.header[index] or 'no header'})"
        instead = "the date of this import instead" if index == sheet.cols.completed else "no start time"
        for cells, why in (
            (column.unknown, ""),
            (column.either_way, ", as nothing in the export tells the day from the month"),
        ):
            unread = [_shown(cell) for number, cell in cells.items() if number in written]
            if len(unread) == 1:
                notes.append(
                    f"{label}: 1 value not read as a date{why} ({unread[0]}); "
                    f"that response carries {instead}."
                )
            elif unread:
                notes.append(
                    f"{label}: {len(unread)} values not read as dates{why} (e.g. {unread[0]}); "
                    f"those responses carry {instead}."
                )
    return notes


def _shown(cell: str) -> str:
    """A cell as a message quotes it: short, and with control characters escaped."""
    return repr(cell if len(cell) <= 40 else cell[:39] + "…")


def _row_side(sheet: _Sheet, number: int, cells: list[str], problems: list[str]) -> str | None:
    index, side = sheet.cols.side, sheet.side
    if index is None or (side is not None and not cells[index].strip()):
        return side
    role = sheet.sides.get(_key(cells[index]))
    if role is None or (side is not None and role != side):
        allowed = [side] if side else sheet.questionnaire.roles
        problems.append(
            sheet.at(
                number,
                index,
                "expected the side: "
                + " or ".join(side_name(r) for r in allowed)
                + f" (got {cells[index]!r})",
            )
        )
        return None
    return role


def _row_head(sheet: _Sheet, number: int, cells: list[str], problems: list[str]) -> bool:
    index = sheet.cols.head
    if index is None or not cells[index].strip():
        return False
    words = _key(cells[index]).replace(",", " ").split()
    word = words[0] if words else ""
    if word not in YES | NO:
        problems.append(sheet.at(number, index, f"expected yes or no (got {cells[index]!r})"))
    return word in YES


def write_import(plan: ImportPlan) -> None:
    """Every file or none: each file is created under its own name only where no file has that
    name (never replacing one that appeared meanwhile, nor following a link left there), and a
    failure on the way (a full disk, a name taken) removes every file this import created.
    One creation per file: staging each under a temporary name and linking it tripled the time
    of an import of thousands of rows, most of it in the kernel."""
    import contextlib
    import os

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    placed: list[Path] = []
    current: Path | None = None
    try:
        for target, response in plan.files:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            text = render_response(response).encode("utf-8")
            fd = os.open(target, flags, 0o644)
            placed.append(target)
            try:
                view = memoryview(text)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
    except OSError as exc:
        for target in placed:
            with contextlib.suppress(OSError):
                os.unlink(target)
        where = exc.filename or current or "the output folder"
        reason = (
            "a file of that name appeared meanwhile" if isinstance(exc, FileExistsError) else exc.strerror
        )
        raise OutputError(
            f"{where}: cannot write the response files ({reason}); nothing was written"
        ) from None
