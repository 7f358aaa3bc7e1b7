"""One respondent's answers: the model, checking them against a questionnaire, files in and out."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from alignment_cli.errors import InputError, InvalidFilesError
from alignment_cli.io.yamlio import dump_document, locate, read_text, write_atomic
from alignment_cli.model.base import UserFileModel, printable, single_line
from alignment_cli.model.questionnaire import (
    Questionnaire,
    version_text,
)
from alignment_cli.model.validation import read_document
from alignment_cli.text import value_repr

Answer = int | float | str | None

# "Not applicable" in a response file: `n/a` as the answer, or `{n/a: reason}` to say why.
# It is kept apart from "don't know" (null): both count as answered, neither is scored, but only
# an item with `allow_na: true` accepts it. In memory it lives in Response.not_applicable, so
# the scoring, which reads Response.answers, never sees it.
NOT_APPLICABLE = "n/a"
_NUMBERS_OR_NONE = frozenset({int, float, bool, type(None)})
_STORED = frozenset({int, str})  # the types of an answer already in stored form (never bool)
_NOT_ASKED = object()


@dataclass(frozen=True)
class NotApplicable:
    """The answer "not applicable", with the reason given (empty when none)."""

    reason: str = ""


def as_not_applicable(value: Any) -> NotApplicable | None:
    """The not-applicable answer written as `n/a` or `{n/a: reason}`; None for any other value."""
    if isinstance(value, NotApplicable):
        return value
    if isinstance(value, str) and value.strip().lower() == NOT_APPLICABLE:
        return NotApplicable()
    if isinstance(value, dict) and len(value) == 1:
        ((key, reason),) = value.items()
        if (
            isinstance(key, str)
            and key.strip().lower() == NOT_APPLICABLE
            and (reason is None or isinstance(reason, str | int | float))
        ):
            return NotApplicable("" if reason is None else printable(str(reason)).strip())
    return None


class QuestionnaireRef(UserFileModel):
    id: str = Field(min_length=1)
    version: str

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return single_line(version_text(value))

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return single_line(value)


class Respondent(UserFileModel):
    role: str = Field(min_length=1)
    name: str | None = None
    team: str | None = None
    head: bool = False

    @field_validator("name", "team", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        return single_line(value)

    @field_validator("role", mode="before")
    @classmethod
    def _role_text(cls, value: Any) -> Any:
        return single_line(value)


class Response(UserFileModel):
    multiline_fields = frozenset({"comments"})

    questionnaire: QuestionnaireRef
    organization: str | None = None
    respondent: Respondent
    started_at: datetime | None = None
    completed_at: datetime | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    comments: dict[str, str] = Field(default_factory=dict)
    # question id -> reason ("" when none): taken out of `answers` when the file is read
    not_applicable: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _split_not_applicable(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "not_applicable" in data:
            raise ValueError(
                "not_applicable: unknown key; write `n/a` (or {n/a: reason}) as the answer under answers:"
            )
        answers = data.get("answers")
        if not isinstance(answers, dict):
            return data
        # only a mapping or a text with a slash can say "not applicable": the numbers and
        # words that fill most answers are passed over without a call
        na: dict[str, str] = {}
        taken: set[Any] = set()
        for key, value in answers.items():
            if type(value) in _NUMBERS_OR_NONE or (type(value) is str and "/" not in value):
                continue
            marker = as_not_applicable(value)
            if marker is not None:
                na[str(key)] = marker.reason
                taken.add(key)
        if na:
            kept = {key: value for key, value in answers.items() if key not in taken}
            data = {**data, "answers": kept, "not_applicable": na}
        return data

    @model_validator(mode="before")
    @classmethod
    def _printable(cls, data: Any) -> Any:
        """Replaces the base's pass over every value: the text fields clean themselves below,
        and answers are checked against the questionnaire rather than cleaned, so a stray
        character in an answer is named, never silently changed (and 10,000 files skip a loop
        over every answer)."""
        return data

    @field_validator("answers", "comments", mode="before")
    @classmethod
    def _empty_mapping(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("comments", mode="before")
    @classmethod
    def _comment_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: printable("" if v is None else str(v) if isinstance(v, int | float) else v)
                for k, v in value.items()
            }
        return value

    @field_validator("organization", mode="before")
    @classmethod
    def _organization_text(cls, value: Any) -> Any:
        return single_line(value)

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def answered_ids(self) -> set[str]:
        """Every question with an answer: a value, "don't know" or "not applicable"."""
        return set(self.answers) | set(self.not_applicable)

    def record(self, question_id: str, value: Answer | NotApplicable) -> None:
        """Store one answer, replacing any earlier one of either kind."""
        if isinstance(value, NotApplicable):
            self.answers.pop(question_id, None)
            self.not_applicable[question_id] = value.reason
        else:
            self.not_applicable.pop(question_id, None)
            self.answers[question_id] = value

    def to_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "questionnaire": {"id": self.questionnaire.id, "version": self.questionnaire.version},
            "organization": self.organization,
            "respondent": self.respondent.model_dump(exclude_defaults=True) | {"role": self.respondent.role},
            "started_at": _timestamp(self.started_at),
            "completed_at": _timestamp(self.completed_at),
            "answers": dict(self.answers),
            "comments": dict(self.comments),
        }
        if self.not_applicable:
            doc["answers"] = {
                **self.answers,
                **{
                    qid: {NOT_APPLICABLE: reason} if reason else NOT_APPLICABLE
                    for qid, reason in self.not_applicable.items()
                },
            }
        return doc


def _timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# --- checking answers against the questionnaire ---------------------------------------------------


def normalize_answer(questionnaire: Questionnaire, question_id: str, value: Any) -> Answer:
    """The stored form of an answer, or ValueError saying what was expected. None is don't know."""
    stored: Answer = questionnaire.questions[question_id].normalize(value, questionnaire.scale)
    return stored


def _check_header(
    response: Response,
    questionnaire: Questionnaire,
    *,
    path: Path | str | None,
    where: Callable[..., str | None],
) -> None:
    """The questionnaire the file names, and the respondent's role in it."""
    ref = response.questionnaire
    if ref.id != questionnaire.id or ref.version != questionnaire.version:
        raise InputError(
            f"is for questionnaire {ref.id} {ref.version}; expected {questionnaire.id} "
            f"{questionnaire.version}",
            path=path,
            where=where("questionnaire"),
        )
    role = response.respondent.role
    if role not in questionnaire.roles:
        raise InputError(
            f"respondent.role: unknown role {role!r}; expected one of {', '.join(questionnaire.roles)}",
            path=path,
            where=where("respondent", "role"),
        )


SHOWN_PROBLEMS = 10  # an invalid file lists this many of its problems, then counts the rest


def all_problems(problems: list[InputError], *, path: Path | str | None) -> InputError:
    """One error for every problem found in a file: the first names its place as usual, the
    next few follow a line each, and the rest are counted."""
    first = problems[0]
    if len(problems) == 1:
        return first
    lines = [f"{len(problems)} problems; the first: {first.detail}"]
    for problem in problems[1:SHOWN_PROBLEMS]:
        place = f"line {problem.where.split(':')[0]}: " if problem.where else ""
        lines.append(f"  {place}{problem.detail}")
    if len(problems) > SHOWN_PROBLEMS:
        rest = len(problems) - SHOWN_PROBLEMS
        lines.append(f"  and {rest} more problem{'s' if rest != 1 else ''}")
    return InputError("\n".join(lines), path=path, where=first.where)


def check_against(
    response: Response,
    questionnaire: Questionnaire,
    *,
    path: Path | str | None = None,
    text: str | None = None,
) -> Response:
    """Check that a response belongs to this questionnaire and that every answer fits its item.
    A file for another questionnaire stops at once; otherwise every bad answer is reported
    together (the first ten by line), so one run shows all there is to fix."""
    problems: list[InputError] = []

    def where(*loc: str) -> str | None:
        # finding a line re-reads the file: only for the problems that will be shown
        if text is None or len(problems) >= SHOWN_PROBLEMS:
            return None
        return locate(text, loc)

    _check_header(response, questionnaire, path=path, where=where)
    role = response.respondent.role
    clean: dict[str, Answer] = {}
    asked = questionnaire.score_tables_by_role[role]
    for question_id, value in response.answers.items():
        key = str(question_id)
        table = asked.get(key, _NOT_ASKED)
        # the common case, already in stored form: one look-up instead of the full check
        if table is not _NOT_ASKED and (
            value is None or (isinstance(table, dict) and type(value) in _STORED and value in table)
        ):
            clean[key] = value
            continue
        try:
            _asked(questionnaire, key, role, path=path, where=where)
            clean[key] = normalize_answer(questionnaire, key, value)
        except InputError as exc:
            problems.append(exc)
        except ValueError as exc:
            problems.append(
                InputError(
                    f"answers.{key}: {exc} (got {value_repr(value)})", path=path, where=where("answers", key)
                )
            )
    _check_not_applicable(response, questionnaire, path=path, where=where, problems=problems)
    for key in response.comments:
        if key not in questionnaire.dimensions_by_id and key != "general":
            problems.append(
                InputError(
                    f"comments: {key!r} is not a dimension id (or 'general')",
                    path=path,
                    where=where("comments", str(key)),
                )
            )
    if problems:
        raise all_problems(problems, path=path)
    response.answers = clean
    return response


def _asked(
    questionnaire: Questionnaire,
    key: str,
    role: str,
    *,
    path: Path | str | None,
    where: Callable[..., str | None],
) -> None:
    """An answer's question exists and is asked of this side, or an InputError at its line."""
    roles = questionnaire.asked_of.get(key)
    if roles is None:
        raise InputError(f"answers: unknown question id {key!r}", path=path, where=where("answers", key))
    if role not in roles:
        raise InputError(
            f"answers.{key}: this question is not asked of {role}", path=path, where=where("answers", key)
        )


def _check_not_applicable(
    response: Response,
    questionnaire: Questionnaire,
    *,
    path: Path | str | None,
    where: Callable[..., str | None],
    problems: list[InputError],
) -> None:
    """ "Not applicable" only where the item allows it, and only for items asked of this side."""
    role = response.respondent.role
    for key in response.not_applicable:
        try:
            _asked(questionnaire, key, role, path=path, where=where)
        except InputError as exc:
            problems.append(exc)
            continue
        if not questionnaire.questions[key].allow_na:
            problems.append(
                InputError(
                    f"answers.{key}: this question cannot be answered "
                    f"{NOT_APPLICABLE!r} (not applicable); leave it blank "
                    "for don't know",
                    path=path,
                    where=where("answers", key),
                )
            )


def asked_of_role(questionnaire: Questionnaire, role: str) -> frozenset[str]:
    """The ids of the questions asked of one side."""
    return frozenset(qid for qid, roles in questionnaire.asked_of.items() if role in roles)


def completeness(
    questionnaire: Questionnaire, response: Response, *, asked: frozenset[str] | None = None
) -> tuple[int, int]:
    """(answered, asked): the questions asked of this respondent's side, and how many of them
    have an answer, "don't know" and "not applicable" included. `asked` saves looking the side's
    questions up again when the caller screens many files."""
    if asked is None:
        asked = asked_of_role(questionnaire, response.respondent.role)
    return len(asked & response.answered_ids()), len(asked)


def share(answered: int, asked: int) -> float:
    """answered / asked; 0.0 when nothing is asked, since a file that answers nothing counts for
    nothing (the screening leaves it out as "no answers")."""
    return answered / asked if asked else 0.0


def answered_share(response: Response, questionnaire: Questionnaire) -> float:
    """The share of the questions asked of this respondent that have an answer, "don't know" and
    "not applicable" included (0.0 when nothing is asked)."""
    return share(*completeness(questionnaire, response))


# --- files ----------------------------------------------------------------------------------------


def parse_response(text: str, *, path: Path | str | None) -> Response:
    return read_document(
        Response,
        text,
        path=path,
        what="response file",
        named="response",
        expected="a mapping with questionnaire, respondent and answers",
    )


def load_response(path: Path, questionnaire: Questionnaire | None = None) -> Response:
    text = read_text(path, what="response file")
    response = parse_response(text, path=path)
    if questionnaire is not None:
        check_against(response, questionnaire, path=path, text=text)
    return response


def save_response(response: Response, path: Path, *, fsync: bool = True) -> None:
    write_atomic(path, render_response(response), fsync=fsync)


def render_response(response: Response) -> str:
    return dump_document(response.to_document())


def discover(
    paths: Iterable[str | Path], *, base: Path | None = None, unreadable: list[InputError] | None = None
) -> list[Path]:
    """Response files named directly, inside folders (recursively), or matched by globs.

    A folder that cannot be read is an error, never a silent gap in the report; given a list
    as `unreadable`, such folders are added to it instead (to be listed as skipped).
    """
    problems: list[InputError] = []
    found: list[Path] = []
    for entry in paths:
        raw = str(entry)
        path = Path(raw)
        if base is not None and not path.is_absolute():
            path = base / path
        if any(ch in raw for ch in "*?["):
            matches = sorted(glob.glob(str(path), recursive=True))
            files = [Path(m) for m in matches if _is_response_name(m) and not os.path.isdir(m)]
            if not files:
                raise InputError(f"no response files match {raw!r}")
            found.extend(files)
        elif path.is_dir():
            walked = sorted(_walk(path, problems))
            if not walked and not problems:
                raise InputError(f"no response files (*.yaml, *.yml) in folder {path}")
            found.extend(Path(f) for f in walked)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    _unreadable(problems, unreadable)
    unique: dict[str, Path] = {}
    for p in found:
        unique.setdefault(os.path.abspath(p), p)
    return list(unique.values())


def _unreadable(problems: list[InputError], into: list[InputError] | None) -> None:
    """Folders that could not be read: an error, or added to `into` to be listed as skipped."""
    if problems and into is None:
        raise problems[0] if len(problems) == 1 else InvalidFilesError(problems)
    if into is not None:
        into.extend(problems)


def _walk(folder: Path, problems: list[InputError]) -> Iterator[str]:
    """Response files below a folder, skipping hidden files and folders (and so temporary files);
    a folder that cannot be listed goes into `problems`."""

    def unreadable(exc: OSError) -> None:
        problems.append(
            InputError(
                f"cannot read this folder ({exc.strerror}), so the response "
                "files in it would be missing from the report",
                path=exc.filename,
            )
        )

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if _is_response_name(name):
                yield os.path.join(root, name)


def _is_response_name(name: str | Path) -> bool:
    base = os.path.basename(name)
    return base.lower().endswith((".yaml", ".yml")) and not base.startswith(".")
