"""The room being collected: who has started, their answers page by page, one response file each.

Nothing here knows HTTP. A participant is known by a random secret (in their address and a
cookie); their answers are checked against the questionnaire exactly as a response file is, and
saved through the same model and atomic write as `alignment survey`, after every page.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.yamlio import write_atomic
from alignment_cli.model import response as response_model
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    Dimension,
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
    load_response,
    normalize_answer,
    now,
    save_response,
)
from alignment_cli.text import slugify

DONT_KNOW = "?"  # the form's value for "don't know", stored as null
NOT_APPLICABLE = "na"  # the form's value for "not applicable", where the questionnaire allows it
STATE_FILE = ".collect-participants.json"  # hidden, so report and discovery never read it
MAX_TEXT = 200  # name and team
MAX_COMMENT = 4000


@dataclass(frozen=True)
class Page:
    """One dimension's questions asked of one side: a page of the form."""

    number: int
    count: int
    dimension: Dimension
    questions: tuple[AnyQuestion, ...]


def pages_for(questionnaire: Questionnaire, role: str) -> list[Page]:
    groups = [(d, tuple(q for q in d.questions if role in questionnaire.roles_of(q)))
              for d in questionnaire.dimensions]
    asked = [(d, qs) for d, qs in groups if qs]
    return [Page(k, len(asked), d, qs) for k, (d, qs) in enumerate(asked, start=1)]


class _NotApplicable:
    """The form's "not applicable", until it is recorded the way the response model keeps it."""

    def __repr__(self) -> str:
        return "not applicable"


NA_ANSWER = _NotApplicable()
FormAnswer = Answer | _NotApplicable


def allows_na(question: AnyQuestion) -> bool:
    """An item that accepts "not applicable", where the response model can record it."""
    return bool(getattr(question, "allow_na", False)) and \
        hasattr(response_model, "NotApplicable")


def answered_ids(response: Response) -> set[str]:
    """Every question with an answer, "don't know" and "not applicable" included."""
    given = getattr(response, "answered_ids", None)
    return set(given()) if callable(given) else set(response.answers)


def is_not_applicable(response: Response, question_id: str) -> bool:
    return question_id in getattr(response, "not_applicable", {})


def record(response: Response, question_id: str, value: FormAnswer) -> None:
    """Store one answer as the survey does, replacing an earlier one of either kind."""
    if value is NA_ANSWER:
        # the model's "not applicable" API, present where the questionnaire format has it
        model: Any = response
        model.record(question_id, vars(response_model)["NotApplicable"]())
        return
    getattr(response, "not_applicable", {}).pop(question_id, None)
    response.answers[question_id] = value


@dataclass
class Participant:
    secret: str
    path: Path
    response: Response
    pages: list[Page]

    @property
    def role(self) -> str:
        return self.response.respondent.role

    @property
    def finished(self) -> bool:
        return self.response.complete

    def page_done(self, page: Page) -> bool:
        given = answered_ids(self.response)
        return all(q.id in given for q in page.questions)

    @property
    def current(self) -> int:
        """The first page not yet sent (1-based); the last page when every one is."""
        for page in self.pages:
            if not self.page_done(page):
                return page.number
        return len(self.pages)


@dataclass
class PageErrors:
    """What was wrong with a sent page, per question id (and 'comment'), and what was sent."""

    errors: dict[str, str] = field(default_factory=dict)
    sent: dict[str, str] = field(default_factory=dict)


class Room:
    """Every participant of one collection, the files they write, and the counts per side."""

    def __init__(self, questionnaire: Questionnaire, out: Path, *,
                 organization: str | None = None, token: str | None = None,
                 on_change: Callable[[Room], None] | None = None) -> None:
        self.questionnaire = questionnaire
        self.token = token or secrets.token_urlsafe(16)  # the room's access token
        self.out = Path(out)
        self.organization = organization
        self.on_change = on_change
        self.on_error: Callable[[Exception], None] | None = None
        self.participants: dict[str, Participant] = {}
        self._lock = threading.Lock()
        self._reserved: set[str] = set()
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"{self.out}: is a file; --out names the folder for the "
                              "response files")
        self._resume_earlier()

    # --- who is in the room --------------------------------------------------------------------

    @property
    def sides(self) -> list[str]:
        """The sides that have questions to answer: the choices of the start page."""
        return [r for r in self.questionnaire.roles if pages_for(self.questionnaire, r)]

    def get(self, secret: str | None) -> Participant | None:
        if not secret:
            return None
        return self.participants.get(secret)

    def counts(self) -> dict[str, tuple[int, int]]:
        """Per side: (started, finished)."""
        out = {role: (0, 0) for role in self.questionnaire.roles}
        for p in self.participants.values():
            started, finished = out[p.role]
            out[p.role] = (started + 1, finished + int(p.finished))
        return out

    def start(self, *, role: str, name: str | None, team: str | None,
              head: bool) -> Participant:
        """A new participant, with a file name of their own."""
        if role not in self.sides:
            raise InputError(f"no questions for side {role!r}")
        respondent = Respondent(role=role, name=name or None, team=team or None, head=head)
        response = Response(
            questionnaire=QuestionnaireRef(id=self.questionnaire.id,
                                           version=self.questionnaire.version),
            organization=self.organization, respondent=respondent, started_at=now())
        with self._lock:
            path = self._free_path(role, name)
            participant = Participant(secrets.token_urlsafe(18), path, response,
                                      pages_for(self.questionnaire, role))
            self.participants[participant.secret] = participant
            try:
                # the file itself is written with the first page, so that the folder holds
                # only people who answered something
                self._write_state()
            except Exception:
                del self.participants[participant.secret]
                raise
        self._changed()
        return participant

    # --- answering -----------------------------------------------------------------------------

    def submit(self, participant: Participant, page: Page,
               form: Mapping[str, str]) -> PageErrors | None:
        """Check one sent page; save it when every answer fits, else say what is wrong."""
        answers, problems = read_page(self.questionnaire, page, form)
        comment = form.get("comment", "").strip()
        if len(comment) > MAX_COMMENT:
            problems.errors["comment"] = f"Please keep the comment under {MAX_COMMENT} characters."
        if problems.errors:
            problems.sent["comment"] = comment
            return problems
        with self._lock:
            before = participant.response.model_copy(deep=True)
            try:
                finishing = self._apply(participant, page, answers, comment)
            except Exception:
                participant.response = before  # memory never runs ahead of the file
                raise
        if finishing:
            self._changed()
        return None

    def _apply(self, participant: Participant, page: Page, answers: dict[str, FormAnswer],
               comment: str) -> bool:
        """Apply one page and save the file; True when that finished the questionnaire."""
        response = participant.response
        for question_id, value in answers.items():
            record(response, question_id, value)
        order = {q.id: i for i, q in enumerate(self.questionnaire.questions.values())}
        response.answers = dict(sorted(response.answers.items(),
                                       key=lambda kv: order.get(kv[0], len(order))))
        if comment:
            response.comments[page.dimension.id] = comment
        else:
            response.comments.pop(page.dimension.id, None)
        finishing = all(participant.page_done(p) for p in participant.pages)
        if finishing and response.completed_at is None:
            response.completed_at = now()
        self._save(participant)
        return finishing

    # --- files ---------------------------------------------------------------------------------

    def _save(self, participant: Participant) -> None:
        # the same check a response file gets when it is read, then the survey's atomic save
        check_against(participant.response, self.questionnaire, path=participant.path)
        save_response(participant.response, participant.path)

    def _free_path(self, role: str, name: str | None) -> Path:
        """responses/<side>-<name>.yaml, never a file that exists or another participant's."""
        slug = slugify(name or "") or f"anonymous-{secrets.token_hex(3)}"
        stem = f"{role}-{slug}"
        candidate = self.out / f"{stem}.yaml"
        n = 2
        while candidate.exists() or str(candidate) in self._reserved:
            candidate = self.out / f"{stem}-{n}.yaml"
            n += 1
        self._reserved.add(str(candidate))
        return candidate

    def _write_state(self) -> None:
        """The token, and who each secret is and which file is theirs, so a restarted server
        keeps the same address and lets everyone continue."""
        state = {"token": self.token, "participants": {
            secret: {"file": p.path.name, "started_at": _iso(p.response.started_at),
                     "respondent": p.response.respondent.model_dump()}
            for secret, p in self.participants.items()}}
        path = self.out / STATE_FILE
        write_atomic(path, json.dumps(state, indent=1, sort_keys=True) + "\n")
        os.chmod(path, 0o600)  # the secrets are the participants' keys to their answers

    def _resume_earlier(self) -> None:
        path = self.out / STATE_FILE
        if not path.is_file():
            return
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            self.token = state["token"]
            entries = state["participants"]
            for secret, entry in entries.items():
                name = entry["file"]
                if Path(name).name != name or not isinstance(secret, str):
                    raise ValueError(name)
                file = self.out / name
                if file.is_file():
                    response = load_response(file, self.questionnaire)
                else:  # started, no page sent yet
                    response = Response(
                        questionnaire=QuestionnaireRef(id=self.questionnaire.id,
                                                       version=self.questionnaire.version),
                        organization=self.organization,
                        respondent=Respondent.model_validate(entry["respondent"]),
                        started_at=entry.get("started_at"))
                role = response.respondent.role
                if role not in self.questionnaire.roles:
                    raise ValueError(role)
                self.participants[secret] = Participant(secret, file, response,
                                                        pages_for(self.questionnaire, role))
                self._reserved.add(str(file))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise InputError("cannot read the participants of an earlier collection in this "
                             "folder; move the file away to start afresh", path=path) from None

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- reading a sent page ----------------------------------------------------------------------------

def read_page(questionnaire: Questionnaire, page: Page,
              form: Mapping[str, str]) -> tuple[dict[str, FormAnswer], PageErrors]:
    """The answers on one page in stored form, and a message for each that does not fit."""
    answers: dict[str, FormAnswer] = {}
    problems = PageErrors()
    for question in page.questions:
        key = f"q:{question.id}"
        raw = form.get(key, "").strip()
        problems.sent[key] = raw
        dont_know = form.get(f"dk:{question.id}") == "1"
        if dont_know:
            problems.sent[f"dk:{question.id}"] = "1"
        try:
            answers[question.id] = _answer(questionnaire, question, raw, dont_know)
        except ValueError as exc:
            problems.errors[question.id] = str(exc)
    return answers, problems


def _answer(questionnaire: Questionnaire, question: AnyQuestion, raw: str,
            dont_know: bool) -> FormAnswer:
    if raw == DONT_KNOW or (dont_know and not raw):
        return None
    if raw == NOT_APPLICABLE and allows_na(question):
        return NA_ANSWER
    number = isinstance(question, NumberQuestion)
    if not raw:
        raise ValueError("Please type a number, or tick \u201cDon't know\u201d." if number
                         else "Please choose an answer, or \u201cDon't know\u201d.")
    try:
        return normalize_answer(questionnaire, question.id, _typed(question, raw))
    except ValueError:
        if isinstance(question, NumberQuestion):
            unit = f" {question.unit}" if question.unit else ""
            raise ValueError(f"Please type a number from {question.min:g} to "
                             f"{question.max:g}{unit}.") from None
        raise ValueError("Please choose one of the answers shown.") from None


def _typed(question: AnyQuestion, raw: str) -> Any:
    """The sent text as the value a response file would hold (ValueError when it cannot be)."""
    if isinstance(question, LikertQuestion):
        return int(raw)
    if isinstance(question, NumberQuestion):
        return float(raw.replace(",", ".").rstrip("%").strip())
    return raw
