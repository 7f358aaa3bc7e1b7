"""`alignment import`: a survey platform's export, one row per respondent, into response files.

Columns are matched to questions by id or by the question's exact text (spacing and case aside),
so a form built from `alignment questionnaire export` imports as it is. Every cell is checked the
way a response file's answer is; nothing is written while anything is invalid (unless the invalid
rows are to be skipped), and no existing file is ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.imports import Table, column_name
from alignment_cli.model import response as response_model
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    ChoiceQuestion,
    LikertQuestion,
    NumberQuestion,
    Questionnaire,
)
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
NAME_HEADERS = {"name", "your name", "full name"}
TEAM_HEADERS = {"team", "your team"}
HEAD_HEADERS = {"head", "lead", "leads their side", "do you lead your side?"}
COMMENT_PREFIX = "comment:"
DONT_KNOW = {"?", "don't know", "dont know", "do not know", "unknown", "dk"}
NOT_APPLICABLE = {"n/a", "na", "not applicable"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
_LEADING_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–·:=)]\s*\S.*)?$")


def _key(text: str) -> str:
    """How headers and answers are compared: spacing, case and typographic quotes aside."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


@dataclass
class Columns:
    """What each column of the sheet holds; the rest is reported as not matched."""

    questions: dict[int, AnyQuestion] = field(default_factory=dict)
    comments: dict[int, str] = field(default_factory=dict)
    side: int | None = None
    name: int | None = None
    team: int | None = None
    head: int | None = None
    unmatched: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The files to write, and what was not used or not valid."""

    files: list[tuple[Path, Response]]
    unmatched: list[str]
    invalid: list[str]
    skipped_rows: list[int]


def match_columns(table: Table, questionnaire: Questionnaire, *, path: Path | str | None,
                  side_given: bool) -> Columns:
    by_text: dict[str, AnyQuestion] = {}
    for question in questionnaire.questions.values():
        by_text.setdefault(_key(question.text), question)
        by_text.setdefault(_key(question.id), question)
    dimensions = {_key(d.id): d.id for d in questionnaire.dimensions}
    dimensions |= {_key(d.title): d.id for d in questionnaire.dimensions}
    cols = Columns()
    seen: dict[str, str] = {}
    for index, header in enumerate(table.header):
        key = _key(header)
        label = f"column {column_name(index)} ({header or 'no header'})"
        target: str | None = None
        if key in by_text:
            question = by_text[key]
            cols.questions[index] = question
            target = question.id
        elif key.startswith(COMMENT_PREFIX) and _key(key[len(COMMENT_PREFIX):]) in dimensions:
            dimension = dimensions[_key(key[len(COMMENT_PREFIX):])]
            cols.comments[index] = dimension
            target = COMMENT_PREFIX + dimension
        elif key in SIDE_HEADERS and cols.side is None:
            cols.side, target = index, "side"
        elif key in NAME_HEADERS and cols.name is None:
            cols.name, target = index, "name"
        elif key in TEAM_HEADERS and cols.team is None:
            cols.team, target = index, "team"
        elif key in HEAD_HEADERS and cols.head is None:
            cols.head, target = index, "head"
        else:
            cols.unmatched.append(label)
            continue
        if target in seen:
            raise InputError(f"{label} and {seen[target]} are both {target}; keep one",
                             path=path)
        seen[target] = label
    if cols.side is None and not side_given:
        raise InputError("no side column: add a column named 'side' holding "
                         + " or ".join(side_name(r) for r in questionnaire.roles)
                         + ", or give --side when every row is from one side", path=path)
    if not cols.questions:
        raise InputError(f"no column matches a question of {questionnaire.id}: headers must "
                         "be question ids or the questions' exact text (see `alignment "
                         f"questionnaire export {questionnaire.id}`)", path=path)
    return cols


def cell_answer(questionnaire: Questionnaire, question: AnyQuestion, cell: str) -> Answer:
    """A cell as a stored answer; ValueError says what was expected."""
    key = _key(cell)
    if key in DONT_KNOW:
        return None
    na = getattr(response_model, "NOT_APPLICABLE", None)
    if key in NOT_APPLICABLE and na is not None and getattr(question, "allow_na", False):
        return na  # type: ignore[no-any-return]
    value: object = cell.strip()
    if isinstance(question, LikertQuestion):
        labels = {_key(label): point for point, label in questionnaire.scale.labels.items()}
        match = _LEADING_NUMBER.match(cell)
        if key in labels:
            value = labels[key]
        elif match and "." not in match.group(1) and "," not in match.group(1):
            value = int(match.group(1))
        else:
            raise ValueError(f"expected a whole number from {questionnaire.scale.min} to "
                             f"{questionnaire.scale.max} or one of the scale's labels")
    elif isinstance(question, ChoiceQuestion):
        options = {_key(o.value): o.value for o in question.options}
        options |= {_key(o.label): o.value for o in question.options}
        if key not in options:
            raise ValueError("expected one of: " + "; ".join(o.label for o in question.options))
        value = options[key]
    elif isinstance(question, NumberQuestion):
        number = cell.strip().rstrip("%").strip()
        if "," in number and "." not in number:
            number = number.replace(",", ".")
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"expected a number from {question.min:g} to "
                             f"{question.max:g}") from None
    else:
        if key in YES:
            value = "yes"
        elif key in NO:
            value = "no"
    return normalize_answer(questionnaire, question.id, value)


def plan_import(table: Table, questionnaire: Questionnaire, out: Path, *,
                path: Path | str | None, organization: str | None = None,
                side: str | None = None, skip_invalid: bool = False) -> ImportPlan:
    """Every row as a response, checked; raises with every problem when one is invalid."""
    if side is not None and side not in questionnaire.roles:
        raise InputError(f"--side {side!r}: expected one of {', '.join(questionnaire.roles)}")
    cols = match_columns(table, questionnaire, path=path, side_given=side is not None)
    sides = {_key(r): r for r in questionnaire.roles} | \
        {_key(side_name(r)): r for r in questionnaire.roles}
    files: list[tuple[Path, Response]] = []
    invalid: list[str] = []
    skipped: list[int] = []
    taken: set[str] = set()
    stamp = now()
    for number, cells in table.rows:
        problems: list[str] = []

        def at(index: int, message: str, number: int = number) -> str:
            header = table.header[index] or "no header"
            return f"row {number}, column {column_name(index)} ({header}): {message}"

        role = side
        if cols.side is not None and (side is None or cells[cols.side].strip()):
            role = sides.get(_key(cells[cols.side]))
            if role is None or (side is not None and role != side):
                problems.append(at(cols.side, "expected the side: " + " or ".join(
                    side_name(r) for r in ([side] if side else questionnaire.roles))
                    + f" (got {cells[cols.side]!r})"))
        head = False
        if cols.head is not None and cells[cols.head].strip():
            words = _key(cells[cols.head]).replace(",", " ").split()
            word = words[0] if words else ""
            if word not in YES | NO:
                problems.append(at(cols.head, f"expected yes or no (got {cells[cols.head]!r})"))
            head = word in YES
        answers: dict[str, Answer] = {}
        for index, question in cols.questions.items():
            cell = cells[index]
            if not cell.strip():
                continue  # not answered
            if role is not None and role not in questionnaire.roles_of(question):
                problems.append(at(index, f"this question is not asked of {side_name(role)}; "
                                   "leave it empty for them"))
                continue
            try:
                answers[question.id] = cell_answer(questionnaire, question, cell)
            except ValueError as exc:
                problems.append(at(index, f"{exc} (got {cell.strip()!r})"))
        if problems or role is None:
            invalid.extend(problems)
            skipped.append(number)
            continue
        order = {qid: i for i, qid in enumerate(questionnaire.questions)}
        name = cells[cols.name].strip() if cols.name is not None else ""
        team = cells[cols.team].strip() if cols.team is not None else ""
        response = Response(
            questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
            organization=organization,
            respondent=Respondent(role=role, name=name or None, team=team or None, head=head),
            completed_at=stamp,
            answers=dict(sorted(answers.items(), key=lambda kv: order[kv[0]])),
            comments={dim: cells[i].strip() for i, dim in cols.comments.items()
                      if cells[i].strip()})
        check_against(response, questionnaire, path=f"row {number}")
        stem = f"{role}-{slugify(name) or f'row{number}'}"
        target = out / f"{stem}.yaml"
        n = 2
        while str(target) in taken:
            target = out / f"{stem}-{n}.yaml"
            n += 1
        taken.add(str(target))
        files.append((target, response))
    if invalid and not skip_invalid:
        raise InputError(f"{len(invalid)} invalid cell(s); nothing was written:\n  "
                         + "\n  ".join(invalid)
                         + "\nFix them, or pass --skip-invalid to import the other rows.",
                         path=path)
    existing = [str(p) for p, _ in files if p.exists()]
    if existing:
        raise OutputError(f"{len(existing)} file(s) already exist and are never overwritten; "
                          "nothing was written: " + ", ".join(existing[:5])
                          + (" ..." if len(existing) > 5 else "")
                          + ". Import into an empty folder.")
    return ImportPlan(files, cols.unmatched, invalid, skipped)


def write_import(plan: ImportPlan) -> None:
    from alignment_cli.io.yamlio import write_atomic

    for target, response in plan.files:
        write_atomic(target, render_response(response))
