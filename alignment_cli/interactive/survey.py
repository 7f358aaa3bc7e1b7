"""The survey flow: which question comes next, progress, saving after every answer, resuming.

Nothing here knows how a question reaches the screen: it asks through an `Asker` (asker.py), so
tests can drive the real prompts with scripted keys, and the workshop can reuse the same flow for
both heads. Every answer and comment is written to the response file at once (atomically, with
fsync), and Ctrl-C at any prompt leaves a file that `alignment survey --resume` continues.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from alignment_cli.errors import InputError, Interrupted, OutputError, UsageError
from alignment_cli.interactive.asker import DONT_KNOW, Asker, GoBack
from alignment_cli.interactive.guard import ensure_free, held, stops_like_ctrl_c
from alignment_cli.io.yamlio import read_text
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    ChooseOne,
    Dimension,
    Questionnaire,
    TypeNumber,
    resolve_questionnaire,
)
from alignment_cli.model.response import (
    Answer,
    NotApplicable,
    QuestionnaireRef,
    Respondent,
    Response,
    check_against,
    normalize_answer,
    now,
    parse_response,
    save_response,
)

if TYPE_CHECKING:
    from rich.console import Console

    from alignment_cli.model.result import Result
from alignment_cli.model.result import side_name
from alignment_cli.numbers import with_unit
from alignment_cli.program import DEFAULT_QUESTIONNAIRE, command, report_command
from alignment_cli.text import slugify

DEFAULT_FOLDER = Path("responses")
NOTHING_SAVED = "Interrupted: nothing was saved yet."
KEYS_HELP = (
    "Keys: 1-9 choose an answer at once, ? is don't know, b or ← goes back a question; "
    "at the end of each part you can review and change your answers."
)


# --- the plan: which questions, in which order --------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One question in the order it is asked, with where it stands for the progress line."""

    dimension: Dimension
    question: AnyQuestion
    dimension_number: int
    dimension_count: int
    number: int
    count: int

    @property
    def first_in_dimension(self) -> bool:
        return self.number == 1

    @property
    def last_in_dimension(self) -> bool:
        return self.number == self.count

    @property
    def progress(self) -> str:
        return (
            f"{self.dimension.title} · dimension {self.dimension_number} of "
            f"{self.dimension_count} · question {self.number} of {self.count}"
        )


def plan(questionnaire: Questionnaire, role: str) -> list[Step]:
    """Every question asked of `role`, dimension by dimension; dimensions without one are left
    out so that "dimension k of n" counts only what this person will see."""
    groups: list[tuple[Dimension, list[AnyQuestion]]] = []
    for dimension in questionnaire.dimensions:
        asked = [q for q in dimension.questions if role in questionnaire.roles_of(q)]
        if asked:
            groups.append((dimension, asked))
    steps: list[Step] = []
    for k, (dimension, asked) in enumerate(groups, start=1):
        for i, question in enumerate(asked, start=1):
            steps.append(Step(dimension, question, k, len(groups), i, len(asked)))
    return steps


def first_unanswered(steps: list[Step], answers: Collection[str]) -> int | None:
    """Index of the first question without an answer among `answers` (the ids answered: "don't
    know" and "not applicable" count as answered), or None when every question has one."""
    for index, step in enumerate(steps):
        if step.question.id not in answers:
            return index
    return None


NOT_APPLICABLE_LABEL = "Not applicable"


def choices_for(
    questionnaire: Questionnaire, question: AnyQuestion
) -> list[tuple[str, Answer | NotApplicable]]:
    """The options of a select, as (label, stored value); "don't know" last, stored as null,
    after "not applicable" where the item allows it."""
    widget = question.widget(questionnaire.scale)
    if not isinstance(widget, ChooseOne):  # pragma: no cover - numbers are typed, not chosen
        raise TypeError(f"{question.id}: not a select")
    options: list[tuple[str, Answer | NotApplicable]] = list(widget.labels("  "))
    # numbered options ("4  Agree") get a sign in the number's place, so the labels line up
    if question.allow_na:
        na_label = f"-  {NOT_APPLICABLE_LABEL}" if widget.numbered else NOT_APPLICABLE_LABEL
        options.append((na_label, NotApplicable()))
    dont_know = f"?  {DONT_KNOW}" if widget.numbered else DONT_KNOW
    return [*options, (dont_know, None)]


SECONDS_PER_QUESTION = 10  # a considered answer to one statement; 56 questions, about 10 minutes
CONTINUE = -1
_KEYED_LABEL = re.compile(r"^([0-9]{1,3}|[?-])(?:  (.*))?$", re.S)  # "10  Extremely likely"


def pace(questionnaire: Questionnaire, role: str) -> float:
    """Seconds per question, from the same estimate `questionnaire list`, `template` and the
    web form state (Questionnaire.minutes_for), so every place gives one figure."""
    count = questionnaire.question_count(role)
    return questionnaire.minutes_for(role) * 60 / count if count else SECONDS_PER_QUESTION


def time_left(questions: int, per_question: float = SECONDS_PER_QUESTION) -> str:
    """'about 9 minutes', rounded up, so the estimate errs on the side of more time."""
    seconds = questions * per_question
    minutes = int(-(-round(seconds) // 60))
    if questions <= 0:
        return "no time"
    return "under a minute" if seconds < 60 else f"about {minutes} minute{'s' if minutes != 1 else ''}"


def keyed_choices(
    choices: list[tuple[str, Answer | NotApplicable]],
) -> tuple[list[tuple[str, Answer | NotApplicable]], list[str | None]]:
    """Each option with the key that chooses it: ? for "don't know", n for "not applicable",
    the number already in a scale label ("4  Agree"), else 1-9 in order. Labels start with their
    key, so the key is on screen."""
    labels: list[tuple[str, Answer | NotApplicable]] = []
    keys: list[str | None] = []
    numbers = iter(str(n) for n in range(1, 10))
    for label, value in choices:
        shown = _KEYED_LABEL.match(label)
        bare = (shown.group(2) or "") if shown else label
        key: str | None
        if value is None:
            key = "?"
        elif isinstance(value, NotApplicable):
            key = "n"
        elif shown and shown.group(1).isdigit():
            key = shown.group(1)
        else:
            key = next(numbers, None)
        labels.append((f"{key or ' '}  {bare}".rstrip(), value))
        keys.append(key)
    return labels, keys


def answer_label(questionnaire: Questionnaire, question: AnyQuestion, value: Answer | NotApplicable) -> str:
    """An answer in the words it was chosen with, for the review of a dimension."""
    if value is None:
        return DONT_KNOW
    if isinstance(value, NotApplicable):
        return NOT_APPLICABLE_LABEL
    widget = question.widget(questionnaire.scale)
    match widget:
        case TypeNumber():
            return with_unit(value, widget.unit) if isinstance(value, int | float) else str(value)
        case ChooseOne():
            for label, option in choices_for(questionnaire, question):
                if option == value:
                    return label
            return str(value)
        case _:
            assert_never(widget)


# --- names and commands ---------------------------------------------------------------------------


def default_path(role: str, name: str | None, folder: Path = DEFAULT_FOLDER) -> Path:
    """responses/<role>-<name>.yaml, or responses/<role>-anonymous-<random>.yaml."""
    slug = slugify(name or "")
    if not slug:
        slug = f"anonymous-{secrets.token_hex(3)}"
    return inside(folder, f"{role}-{slug}.yaml")


def inside(folder: Path, name: str) -> Path:
    """folder/name, refused unless it names a file directly in `folder`: the name is built from
    ids in a questionnaire file, which are checked, and this is the last line of defence."""
    path = folder / name
    if (
        os.path.dirname(os.path.normpath(path)) != os.path.normpath(folder)
        or os.path.basename(name) != name
        or name.startswith(".")
    ):
        raise OutputError(f"{name!r} is not a plain file name inside {folder}")
    return path


def _questionnaire_option(questionnaire_ref: str) -> str:
    if questionnaire_ref == DEFAULT_QUESTIONNAIRE:
        return ""
    return f" --questionnaire {shlex.quote(questionnaire_ref)}"


def resume_command(path: Path, questionnaire_ref: str = DEFAULT_QUESTIONNAIRE) -> str:
    """The exact command that continues a partial file."""
    return command("survey", "--resume", str(path)) + _questionnaire_option(questionnaire_ref)


# --- the flow -------------------------------------------------------------------------------------


class Survey:
    """One respondent's pass through the questionnaire.

    Asks every question not yet answered, in order, and the optional comment at the end of each
    dimension; saves the file after each answer and each comment; sets completed_at last.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        response: Response,
        path: Path,
        asker: Asker,
        *,
        questionnaire_ref: str = DEFAULT_QUESTIONNAIRE,
        save: Callable[[Response, Path], None] = save_response,
    ) -> None:
        self.questionnaire = questionnaire
        self.response = response
        self.path = path
        self.asker = asker
        self.questionnaire_ref = questionnaire_ref
        self._save = save
        self.steps = plan(questionnaire, response.respondent.role)
        self._order = {step.question.id: i for i, step in enumerate(self.steps)}

    @property
    def answered(self) -> int:
        given = self.response.answered_ids()
        return sum(1 for step in self.steps if step.question.id in given)

    @property
    def total(self) -> int:
        return len(self.steps)

    def save(self) -> None:
        # answers in questionnaire order, whatever order they were given in
        answers = self.response.answers
        self.response.answers = dict(
            sorted(answers.items(), key=lambda kv: self._order.get(kv[0], len(answers)))
        )
        skipped = self.response.not_applicable
        self.response.not_applicable = dict(
            sorted(skipped.items(), key=lambda kv: self._order.get(kv[0], len(skipped)))
        )
        self._save(self.response, self.path)

    def run(self) -> Response:
        """Ask what is left; on Ctrl-C save and raise Interrupted with the way back in."""
        try:
            self._ask_remaining()
        except KeyboardInterrupt:
            self.save()
            raise Interrupted(
                f"Interrupted after {self.answered} of {self.total} questions.",
                saved_to=self.path,
                resume_command=resume_command(self.path, self.questionnaire_ref),
            ) from None
        self.response.completed_at = now()
        self.save()
        return self.response

    def _ask_remaining(self) -> None:
        start = first_unanswered(self.steps, self.response.answered_ids())
        if start is None:
            # every answer is in but the file was never completed: stopped at the last comment
            if self.steps:
                self._ask_comment(self.steps[-1].dimension)
            return
        if start > 0 and self.steps[start].first_in_dimension:
            # the previous dimension's comment may be what was interrupted: offer it again
            self._ask_comment(self.steps[start - 1].dimension)
        self._walk(start)

    def _walk(self, index: int) -> None:
        """Ask from `index` on; "back" steps to the question before, whatever was answered."""
        shown: str | None = None
        revisit = False  # true while walking forward again over answers given before
        while index < len(self.steps):
            step = self.steps[index]
            qid = step.question.id
            if qid in self._given() and not revisit:
                if step.last_in_dimension:
                    self._finish_dimension(step)
                index += 1
                continue
            if step.dimension.id != shown:
                self.asker.heading(step.dimension.title, step.dimension.description)
                shown = step.dimension.id
            else:
                self.asker.say()
            self.asker.say(self.progress(index), style="dim")
            try:
                self._record(qid, self.ask(step.question, back=index > 0, current=self._current(qid)))
            except GoBack:
                index -= 1
                revisit = True
                continue
            self.save()
            if step.last_in_dimension:
                self._finish_dimension(step)
                revisit = False
            index += 1

    # the answers as the response holds them: one place to read and write them
    def _given(self) -> Collection[str]:
        return self.response.answered_ids()

    def _current(self, question_id: str) -> Answer | NotApplicable:
        if question_id in self.response.not_applicable:
            return NotApplicable(self.response.not_applicable[question_id])
        return self.response.answers.get(question_id)

    def _record(self, question_id: str, value: Answer | NotApplicable) -> None:
        self.response.record(question_id, value)

    def progress(self, index: int) -> str:
        """'Shared goals · dimension 1 of 9 · question 3 of 56 · about 9 minutes left'."""
        step = self.steps[index]
        given = self._given()
        left = sum(1 for s in self.steps[index:] if s.question.id not in given)
        return (
            f"{step.dimension.title} · dimension {step.dimension_number} of "
            f"{step.dimension_count} · question {index + 1} of {self.total} · "
            f"{time_left(max(left, 1), pace(self.questionnaire, self.response.respondent.role))} left"
        )

    def _finish_dimension(self, step: Step) -> None:
        self.review(step.dimension)
        self._ask_comment(step.dimension)

    def review(self, dimension: Dimension) -> None:
        """The dimension's answers on one screen; any can be changed before moving on."""
        while True:
            steps = [s for s in self.steps if s.dimension.id == dimension.id]
            choices: list[tuple[str, int]] = [
                (f"↵  Continue ({_next_part(self.steps, dimension)})", CONTINUE)
            ]
            for number, s in enumerate(steps, start=1):
                answer = answer_label(self.questionnaire, s.question, self._current(s.question.id))
                choices.append((f"{number}  {_short(s.question.text)}  → {answer}", number - 1))
            keys = [None] + [str(n) for n in range(1, len(steps) + 1)]
            chosen = self.asker.choose(
                f"Your answers on {dimension.title}: change one, or continue", choices, keys=keys
            )
            if chosen == CONTINUE:
                return
            target = steps[chosen]
            self.asker.say(target.progress, style="dim")
            try:
                self._record(
                    target.question.id,
                    self.ask(target.question, back=True, current=self._current(target.question.id)),
                )
            except GoBack:
                continue  # back from a change is back to the review
            self.save()

    def ask(
        self, question: AnyQuestion, *, back: bool = False, current: Answer | NotApplicable = None
    ) -> Answer | NotApplicable:
        """Put one question and return its stored form; None is "don't know"."""
        widget = question.widget(self.questionnaire.scale)
        value: Answer | NotApplicable
        match widget:
            case TypeNumber():
                previous = (
                    current if isinstance(current, int | float) and not isinstance(current, bool) else None
                )
                value = self.asker.number(
                    question.text,
                    minimum=widget.minimum,
                    maximum=widget.maximum,
                    unit=widget.unit,
                    instruction=question.help,
                    back=back,
                    previous=previous,
                )
            case ChooseOne():
                labels, keys = keyed_choices(choices_for(self.questionnaire, question))
                value = self.asker.choose(
                    question.text, labels, instruction=question.help, keys=keys, back=back, default=current
                )
            case _:
                assert_never(widget)
        if isinstance(value, NotApplicable):
            reason = self.asker.text("Why does it not apply?", instruction="Optional: press Enter to skip.")
            return NotApplicable(reason)
        return normalize_answer(self.questionnaire, question.id, value)

    def _ask_comment(self, dimension: Dimension) -> None:
        if dimension.id in self.response.comments:
            return
        comment = self.asker.text(
            f"Any comment on {dimension.title}?",
            instruction="Optional: anything the answers above do not capture. Press Enter to skip.",
        )
        if comment:
            self.response.comments[dimension.id] = comment
            self.save()


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _next_part(steps: list[Step], dimension: Dimension) -> str:
    later = [
        s
        for s in steps
        if s.dimension_number > next(x.dimension_number for x in steps if x.dimension.id == dimension.id)
    ]
    return f"next: {later[0].dimension.title}" if later else "that was the last part"


# --- who is answering -----------------------------------------------------------------------------


def ask_role(questionnaire: Questionnaire, asker: Asker, role: str | None) -> str:
    if role is not None:
        if role not in questionnaire.roles:
            raise UsageError(f"--role {role!r}: expected one of {', '.join(questionnaire.roles)}")
        return role
    return asker.choose("Which side are you on?", [(side_name(r), r) for r in questionnaire.roles])


def ask_respondent(
    questionnaire: Questionnaire,
    asker: Asker,
    *,
    role: str | None,
    name: str | None,
    team: str | None,
    head: bool | None,
    anonymous: bool,
    organization: str | None,
    named: Callable[[str, str | None], None] | None = None,
) -> tuple[Respondent, str | None]:
    """Who answers, asking only for what the options did not give. `named` is called once the
    side and name are known, before team and head are asked (to refuse a taken file early)."""
    if organization is None:
        organization = (
            asker.text("Organization", instruction="The company being assessed; press Enter to leave it out.")
            or None
        )
    role = ask_role(questionnaire, asker, role)
    if name is None and not anonymous:
        name = asker.text("Your name", instruction="Optional: press Enter to answer anonymously.") or None
    if named is not None:
        named(role, name)
    if team is None:
        team = (
            asker.text(
                "Your team", instruction="Optional, e.g. a region or a product line; press Enter to skip."
            )
            or None
        )
    if head is None:
        head = asker.confirm(
            f"Do you lead {side_name(role)}" + (f" at {organization}?" if organization else "?"),
            default=False,
        )
    return Respondent(role=role, name=name, team=team, head=head), organization


def _taken_check(out: Path | None, force: bool, questionnaire_ref: str) -> Callable[[str, str | None], None]:
    """Without --output the name gives the file: refused as soon as the name is known."""

    def check(side: str, who: str | None) -> None:
        if out is None:
            check_target(default_path(side, who), force=force, questionnaire_ref=questionnaire_ref)

    return check


def check_target(path: Path, *, force: bool, questionnaire_ref: str) -> None:
    """Refuse to overwrite a response file that holds work, unless --force; a partial file
    points at --resume instead."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; the response needs a file name")
    if not path.exists() or force:
        return
    try:
        existing = parse_response(read_text(path, what="response file"), path=path)
    except InputError:
        raise OutputError(
            f"{path}: already exists and is not a response file; choose another "
            "file with --output, or pass --force to overwrite it"
        ) from None
    if existing.complete:
        raise OutputError(
            f"{path}: already holds a completed response; choose another file "
            "with --output, or pass --force to overwrite it"
        )
    raise OutputError(
        f"{path}: already holds a partial response; continue it with "
        f"`{resume_command(path, questionnaire_ref)}`, or pass --force to start "
        "over"
    )


def load_partial(path: Path, questionnaire: Questionnaire, questionnaire_ref: str) -> Response:
    """A response file to continue: for this questionnaire and version, and not complete."""
    text = read_text(path, what="response file")
    response = parse_response(text, path=path)
    ref = response.questionnaire
    if (ref.id, ref.version) != (questionnaire.id, questionnaire.version):
        hint = (
            "pass the questionnaire it was started with: --questionnaire ID|PATH"
            if ref.id != questionnaire.id
            else "it cannot be continued with this version; start a new response, or pass the "
            f"file of version {ref.version} with --questionnaire PATH"
        )
        raise InputError(
            f"is for questionnaire {ref.id} version {ref.version}, not "
            f"{questionnaire.id} version {questionnaire.version} "
            f"(--questionnaire {questionnaire_ref}); {hint}",
            path=path,
        )
    check_against(response, questionnaire, path=path, text=text)
    if response.complete:
        raise InputError(
            f"is already complete, so there is nothing to resume; report on it "
            f"with `{report_command([path], questionnaire_ref)}`",
            path=path,
        )
    return response


def _resumed(
    response: Response,
    path: Path,
    *,
    role: str | None,
    name: str | None,
    team: str | None,
    head: bool | None,
    anonymous: bool,
    organization: str | None,
) -> Response:
    """Options given with --resume must agree with the file; missing details are filled in."""
    who = response.respondent
    given = {
        "--role": (role, who.role),
        "--name": (name, who.name),
        "--team": (team, who.team),
        "--organization": (organization, response.organization),
    }
    for option, (value, stored) in given.items():
        if value is not None and stored is not None and value != stored:
            raise UsageError(
                f"{option} {value!r} does not match {stored!r} in {path}; leave "
                "it out to continue the file as it is"
            )
    if head is not None and head != who.head:
        raise UsageError(f"--{'head' if head else 'member'} does not match {path}")
    if anonymous and who.name:
        raise UsageError(f"--anonymous: {path} already holds a name")
    if who.name is None and name is not None:
        who.name = name
    if who.team is None and team is not None:
        who.team = team
    if response.organization is None and organization is not None:
        response.organization = organization
    return response


def _version_of(path: Path, chosen: Questionnaire, questionnaire_ref: str) -> Questionnaire:
    """A file started on an older built-in version continues on that version."""
    from alignment_cli.model.questionnaire import builtin_versions

    versions = builtin_versions().get(questionnaire_ref, {})
    try:
        ref = parse_response(read_text(path, what="response file"), path=path).questionnaire
    except InputError:
        return chosen  # load_partial names the problem
    if ref.id == chosen.id and ref.version != chosen.version and ref.version in versions:
        return resolve_questionnaire(questionnaire_ref, version=ref.version)
    return chosen


def start_response(
    questionnaire: Questionnaire, respondent: Respondent, organization: str | None
) -> Response:
    return Response(
        questionnaire=QuestionnaireRef(id=questionnaire.id, version=questionnaire.version),
        organization=organization,
        respondent=respondent,
        started_at=now(),
    )


def conduct_survey(
    asker: Asker,
    *,
    questionnaire: str,
    role: str | None = None,
    name: str | None = None,
    team: str | None = None,
    head: bool | None = None,
    anonymous: bool = False,
    organization: str | None = None,
    out: Path | None = None,
    resume: Path | None = None,
    force: bool = False,
) -> tuple[Path, Response]:
    """The whole survey for one respondent; returns where the completed file is."""
    if anonymous and name is not None:
        raise UsageError("--anonymous and --name contradict each other; give one of them")
    if resume is not None and out is not None and Path(out) != Path(resume):
        raise UsageError("--resume continues its own file; leave out --output")
    chosen = resolve_questionnaire(questionnaire)
    if resume is not None:
        chosen = _version_of(resume, chosen, questionnaire)
        response = _resumed(
            load_partial(resume, chosen, questionnaire),
            resume,
            role=role,
            name=name,
            team=team,
            head=head,
            anonymous=anonymous,
            organization=organization,
        )
        path = resume
        flow = Survey(chosen, response, path, asker, questionnaire_ref=questionnaire)
        nxt = first_unanswered(flow.steps, response.answered_ids())
        where = (
            f"continuing with question {nxt + 1} of {flow.total} ({flow.steps[nxt].dimension.title})"
            if nxt is not None
            else "only the last comment is left"
        )
        asker.say(
            f"Resuming {path}: {flow.answered} of {flow.total} questions answered; {where}.", style="bold"
        )
    else:
        if role is not None:
            ask_role(chosen, asker, role)  # a wrong --role fails before any prompt
        if out is not None:
            check_target(out, force=force, questionnaire_ref=questionnaire)
        asker.say(f"{chosen.title}", style="bold")
        asker.say(
            "Every answer is saved as soon as you give it. Press Ctrl-C at any time to "
            "stop; you can continue later.",
            style="dim",
        )
        try:
            respondent, org = ask_respondent(
                chosen,
                asker,
                role=role,
                name=name,
                team=team,
                head=head,
                anonymous=anonymous,
                organization=organization,
                named=_taken_check(out, force, questionnaire),
            )
        except KeyboardInterrupt:
            raise Interrupted(NOTHING_SAVED) from None
        path = out if out is not None else default_path(respondent.role, respondent.name)
        if out is None:
            check_target(path, force=force, questionnaire_ref=questionnaire)
        response = start_response(chosen, respondent, org)
        flow = Survey(chosen, response, path, asker, questionnaire_ref=questionnaire)
        if not flow.steps:
            raise InputError(f"questionnaire {chosen.label} asks no questions of {respondent.role}")
        ensure_free(path)  # another survey on this file: say so before writing anything
        flow.save()
        asker.say(
            f"{flow.total} questions in {flow.steps[-1].dimension_count} parts, "
            f"{time_left(flow.total, pace(chosen, respondent.role))}; saving to {path}.",
            style="dim",
        )
        asker.say(KEYS_HELP, style="dim")
    with held(path):
        flow.run()
    return path, flow.response


@dataclass(frozen=True)
class SurveyOutcome:
    """A finished survey: where the answers are, this respondent's own result (None, with the
    reason, when it cannot be scored), and the command that adds the other side."""

    path: Path
    answers: int
    result: Result | None
    no_summary: str | None
    next_command: str


def run_survey(
    *,
    questionnaire: str,
    role: str | None,
    name: str | None,
    team: str | None,
    head: bool | None,
    anonymous: bool,
    organization: str | None,
    out: Path | None,
    resume: Path | None,
    force: bool,
    console: Console,
    asker: Asker | None = None,
) -> SurveyOutcome:
    """`alignment survey`: ask, save as we go, then score this respondent's view at once."""
    from alignment_cli.commands.assessment import assess
    from alignment_cli.errors import AlignmentError

    if asker is None:
        from alignment_cli.interactive.asker import QuestionaryAsker

        asker = QuestionaryAsker(console)
    with stops_like_ctrl_c():
        path, response = conduct_survey(
            asker,
            questionnaire=questionnaire,
            role=role,
            name=name,
            team=team,
            head=head,
            anonymous=anonymous,
            organization=organization,
            out=out,
            resume=resume,
            force=force,
        )
    result: Result | None = None
    no_summary: str | None = None
    try:  # a problem here must not undo a finished survey
        result = assess([path], questionnaire=questionnaire)
    except AlignmentError as exc:
        no_summary = str(exc)
    return SurveyOutcome(
        path,
        len(response.answered_ids()),
        result,
        no_summary,
        report_command([path, Path("THEIR-FILE")], questionnaire),
    )
