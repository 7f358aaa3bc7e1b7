"""The room being collected: who has started, their answers page by page, one response file each.

Nothing here knows HTTP. A participant is known by a random secret (in their address and a
cookie); their answers are checked against the questionnaire exactly as a response file is, and
saved through the same model and atomic write as `alignment survey`, after every page.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import secrets
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, assert_never

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.files import link_first_free, staged
from alignment_cli.io.yamlio import write_atomic
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    ChooseOne,
    Dimension,
    Questionnaire,
    TypeNumber,
    Widget,
)
from alignment_cli.model.response import (
    Answer,
    NotApplicable,
    QuestionnaireRef,
    Respondent,
    Response,
    check_against,
    load_response,
    normalize_answer,
    now,
    render_response,
)
from alignment_cli.text import slugify

DONT_KNOW = "?"  # the form's value for "don't know", stored as null
NOT_APPLICABLE = "na"  # the form's value for "not applicable", where the questionnaire allows it
STATE_FILE = ".collect-participants.json"  # hidden, so report and discovery never read it
MAX_TEXT = 200  # name and team
MAX_COMMENT = 4000
MAX_PARTICIPANTS = 2000  # one room; more is a script starting people, not a workshop
_KEY = re.compile(r"[A-Za-z0-9_-]{16,128}")  # matched whole: `$` lets a final newline through


def check_key(value: object, what: str) -> str:
    """An access token or a participant secret as read back: long, of URL-safe characters, and
    not a pattern (a state file edited to hold '', 'aaaa...' or '1234...' would make the address
    guessable)."""
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise ValueError(f"{what}: expected at least 16 random URL-safe characters")
    steps = sum(abs(ord(b) - ord(a)) <= 1 for a, b in itertools.pairwise(value))
    if len(set(value)) < min(10, len(value) // 2) or steps * 2 > len(value):
        raise ValueError(f"{what}: does not look random")  # 'aaaa...', 'abab...', '0123...'
    return value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Page:
    """One dimension's questions asked of one side: a page of the form."""

    number: int
    count: int
    dimension: Dimension
    questions: tuple[AnyQuestion, ...]


def pages_for(questionnaire: Questionnaire, role: str) -> list[Page]:
    groups = [
        (d, tuple(q for q in d.questions if role in questionnaire.roles_of(q)))
        for d in questionnaire.dimensions
    ]
    asked = [(d, qs) for d, qs in groups if qs]
    return [Page(k, len(asked), d, qs) for k, (d, qs) in enumerate(asked, start=1)]


FormAnswer = Answer | NotApplicable


def allows_na(question: AnyQuestion) -> bool:
    """An item that accepts "not applicable"."""
    return question.allow_na


def answered_ids(response: Response) -> set[str]:
    """Every question with an answer, "don't know" and "not applicable" included."""
    return response.answered_ids()


def is_not_applicable(response: Response, question_id: str) -> bool:
    return question_id in response.not_applicable


def record(response: Response, question_id: str, value: FormAnswer) -> None:
    """Store one answer as the survey does, replacing an earlier one of either kind."""
    response.record(question_id, value)


@dataclass
class Participant:
    secret: str
    path: Path
    response: Response
    pages: list[Page]
    written: str | None = None  # the SHA-256 of what this participant's file last held

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

    def __init__(
        self,
        questionnaire: Questionnaire,
        out: Path,
        *,
        organization: str | None = None,
        token: str | None = None,
        on_change: Callable[[Room], None] | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.token = token or secrets.token_urlsafe(16)  # the room's access token
        try:
            check_key(self.token, "the access token")
        except ValueError as exc:
            raise InputError(str(exc)) from None
        self.out = Path(out)
        self.organization = organization
        self.on_change = on_change
        self.on_error: Callable[[Exception], None] | None = None
        self.participants: dict[str, Participant] = {}
        self._lock = threading.Lock()
        self._reserved: set[str] = set()
        if self.out.exists() and not self.out.is_dir():
            raise OutputError(f"{self.out}: is a file; --out names the folder for the response files")
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

    def start(self, *, role: str, name: str | None, team: str | None, head: bool) -> Participant:
        """A new participant, with a file name of their own."""
        if role not in self.sides:
            raise InputError(f"no questions for side {role!r}")
        respondent = Respondent(role=role, name=name or None, team=team or None, head=head)
        response = Response(
            questionnaire=QuestionnaireRef(id=self.questionnaire.id, version=self.questionnaire.version),
            organization=self.organization,
            respondent=respondent,
            started_at=now(),
        )
        with self._lock:
            if len(self.participants) >= MAX_PARTICIPANTS:
                raise OutputError(
                    f"this collection already has {MAX_PARTICIPANTS} "
                    "participants; start another one with a new --out folder"
                )
            path = self._free_path(role, name)
            participant = Participant(
                secrets.token_urlsafe(18), path, response, pages_for(self.questionnaire, role)
            )
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

    def submit(self, participant: Participant, page: Page, form: Mapping[str, str]) -> PageErrors | None:
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

    def _apply(
        self, participant: Participant, page: Page, answers: dict[str, FormAnswer], comment: str
    ) -> bool:
        """Apply one page and save the file; True when that finished the questionnaire."""
        response = participant.response
        for question_id, value in answers.items():
            record(response, question_id, value)
        order = {q.id: i for i, q in enumerate(self.questionnaire.questions.values())}
        response.answers = dict(sorted(response.answers.items(), key=lambda kv: order.get(kv[0], len(order))))
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
        """The same check a response file gets when it is read, then a save that never replaces
        a file this participant did not write: the first page creates the file (failing, not
        replacing, when the name was taken meanwhile, by another tool or another collection),
        and later pages replace it only while it still holds what this participant last sent.
        Otherwise the participant moves to a free name of their own."""
        check_against(participant.response, self.questionnaire, path=participant.path)
        text = render_response(participant.response)
        if participant.written is not None and self._still_ours(participant):
            write_atomic(participant.path, text)
        else:
            participant.path = self._create(participant, text)
        participant.written = _digest(text)
        self._write_state()

    def _still_ours(self, participant: Participant) -> bool:
        try:
            info = os.lstat(participant.path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > 5 * 1024 * 1024:
                return False
            current = participant.path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return False
        return _digest(current) == participant.written

    def _create(self, participant: Participant, text: str) -> Path:
        """The file, created under a name no one holds (O_EXCL semantics through link())."""

        def names() -> Iterator[Path]:
            target = participant.path
            for _ in range(1000):
                yield target
                self._reserved.discard(str(target))  # taken meanwhile: the next free name
                target = self._free_path(participant.role, participant.response.respondent.name)

        with staged(self.out, text, prefix=".collect.", purpose="save answers", mode=0o644) as tmp:
            created = link_first_free(tmp, names(), action="save answers")
        if created is None:
            raise OutputError(f"{self.out}: no free file name for a participant")
        return created

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
        state = {
            "token": self.token,
            "participants": {
                secret: {
                    "file": p.path.name,
                    "started_at": _iso(p.response.started_at),
                    "respondent": p.response.respondent.model_dump(),
                    "sha256": p.written,
                }
                for secret, p in self.participants.items()
            },
        }
        path = self.out / STATE_FILE
        # private from the first byte: the secrets are the participants' keys to their answers
        write_atomic(path, json.dumps(state, indent=1, sort_keys=True) + "\n", mode=0o600)

    def _resume_earlier(self) -> None:
        path = self.out / STATE_FILE
        try:
            info = os.lstat(path)
        except OSError:
            return
        from alignment_cli.io.yamlio import read_text

        if stat.S_ISLNK(info.st_mode):
            raise InputError(
                "is a symbolic link; the participants of a collection are kept "
                "in a file of its own: move it away to start afresh",
                path=path,
            )
        text = read_text(path, what="collection state file")
        if info.st_mode & 0o077:
            os.chmod(path, 0o600)  # written by an older version, or copied: private again
        try:
            state = json.loads(text)
            self.token = check_key(state["token"], "token")
            entries = state["participants"]
            if not isinstance(entries, dict) or len(entries) > MAX_PARTICIPANTS:
                raise ValueError("participants")
            files: set[str] = set()
            for secret, entry in entries.items():
                check_key(secret, "a participant's secret")
                name = entry["file"]
                if (
                    not isinstance(name, str)
                    or Path(name).name != name
                    or not name.endswith(".yaml")
                    or name.startswith(".")
                ):
                    raise ValueError(f"file {name!r}")
                if name in files:
                    raise ValueError(f"file {name!r} is given to two participants")
                files.add(name)
                self._resume_one(secret, entry)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            detail = f" ({exc})" if isinstance(exc, ValueError) and str(exc) else ""
            raise InputError(
                f"cannot read the participants of an earlier collection in this "
                f"folder{detail}; move the file away to start afresh",
                path=path,
            ) from None

    def _resume_one(self, secret: str, entry: dict[str, Any]) -> None:
        """One participant of an earlier run, handed back their file only when it still holds
        exactly what they last sent; a file written or replaced by anything else since stays
        as it is, and the participant goes on under a new name."""
        file = self.out / entry["file"]
        written = entry.get("sha256")
        respondent = Respondent.model_validate(entry["respondent"])
        mine = False
        if written is not None and isinstance(written, str):
            probe = Participant(secret, file, None, [], written)  # type: ignore[arg-type]
            mine = self._still_ours(probe)
        if mine:
            response = load_response(file, self.questionnaire)
        else:  # no page sent yet, or the file is no longer theirs
            response = Response(
                questionnaire=QuestionnaireRef(id=self.questionnaire.id, version=self.questionnaire.version),
                organization=self.organization,
                respondent=respondent,
                started_at=entry.get("started_at"),
            )
            written = None
            if file.exists() or str(file) in self._reserved:
                file = self._free_path(respondent.role, respondent.name)
        role = response.respondent.role
        if role not in self.questionnaire.roles:
            raise ValueError(f"side {role!r}")
        self.participants[secret] = Participant(
            secret, file, response, pages_for(self.questionnaire, role), written if mine else None
        )
        self._reserved.add(str(file))

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- reading a sent page ----------------------------------------------------------------------------


def read_page(
    questionnaire: Questionnaire, page: Page, form: Mapping[str, str]
) -> tuple[dict[str, FormAnswer], PageErrors]:
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


def _answer(questionnaire: Questionnaire, question: AnyQuestion, raw: str, dont_know: bool) -> FormAnswer:
    if raw == DONT_KNOW or (dont_know and not raw):
        return None
    if raw == NOT_APPLICABLE and allows_na(question):
        return NotApplicable()
    widget = question.widget(questionnaire.scale)
    if not raw:
        raise ValueError(_unanswered(widget))
    try:
        if len(raw) > MAX_TEXT:
            raise ValueError(raw[:20])
        return normalize_answer(questionnaire, question.id, question.from_form(raw, questionnaire.scale))
    except ValueError:
        raise ValueError(_not_an_answer(widget)) from None


def _unanswered(widget: Widget) -> str:
    match widget:
        case TypeNumber():
            return "Please type a number, or tick \u201cDon't know\u201d."
        case ChooseOne():
            return "Please choose an answer, or \u201cDon't know\u201d."
        case _:
            assert_never(widget)


def _not_an_answer(widget: Widget) -> str:
    match widget:
        case TypeNumber():
            unit = f" {widget.unit}" if widget.unit else ""
            return f"Please type a number from {widget.minimum:g} to {widget.maximum:g}{unit}."
        case ChooseOne():
            return "Please choose one of the answers shown."
        case _:
            assert_never(widget)
