"""The survey flow: which question comes next, progress, saving after every answer, resuming.

Nothing here knows how a question reaches the screen: it asks through an `Asker` (asker.py), so
tests can drive the real prompts with scripted keys, and the workshop can reuse the same flow for
both heads. Every answer and comment is written to the response file at once (atomically, with
fsync), and Ctrl-C at any prompt leaves a file that `alignment survey --resume` continues.
"""

from __future__ import annotations

import os
import secrets
import shlex
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignment_cli.errors import InputError, Interrupted, OutputError, UsageError
from alignment_cli.interactive.asker import DONT_KNOW, Asker
from alignment_cli.interactive.guard import ensure_free, held, stops_like_ctrl_c
from alignment_cli.io.yamlio import read_text
from alignment_cli.model.questionnaire import (
    AnyQuestion,
    Dimension,
    NumberQuestion,
    Questionnaire,
    resolve_questionnaire,
)
from alignment_cli.model.response import (
    Answer,
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
    from alignment_cli.model.result import Result
from alignment_cli.model.result import side_name

DEFAULT_QUESTIONNAIRE = "sales-marketing-alignment"
DEFAULT_FOLDER = Path("responses")
NOTHING_SAVED = "Interrupted: nothing was saved yet."



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
        return (f"{self.dimension.title} · dimension {self.dimension_number} of "
                f"{self.dimension_count} · question {self.number} of {self.count}")


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


def first_unanswered(steps: list[Step], answers: dict[str, Any]) -> int | None:
    """Index of the first question without a key in `answers` (null is "don't know", which
    counts as answered), or None when every question has one."""
    for index, step in enumerate(steps):
        if step.question.id not in answers:
            return index
    return None


def choices_for(questionnaire: Questionnaire, question: AnyQuestion) -> list[tuple[str, Answer]]:
    """The options of a select, as (label, stored value); "don't know" last, stored as null."""
    options = question.choices(questionnaire.scale)
    if options is None:  # pragma: no cover - numbers are typed, not chosen
        raise TypeError(f"{question.id}: not a select")
    # numbered options ("4  Agree") get a "?" in the number's place, so the labels line up
    dont_know = f"?  {DONT_KNOW}" if question.numbered else DONT_KNOW
    return [*options, (dont_know, None)]


# --- names and commands ---------------------------------------------------------------------------

def slugify(text: str) -> str:
    """A file-name-safe form of a person's name: 'Jana Cárpenter' -> 'jana-carpenter'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower())
    return "-".join(part for part in slug.split("-") if part)[:60]


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
    if os.path.dirname(os.path.normpath(path)) != os.path.normpath(folder) or \
            os.path.basename(name) != name or name.startswith("."):
        raise OutputError(f"{name!r} is not a plain file name inside {folder}")
    return path


def _questionnaire_option(questionnaire_ref: str) -> str:
    if questionnaire_ref == DEFAULT_QUESTIONNAIRE:
        return ""
    return f" --questionnaire {shlex.quote(questionnaire_ref)}"


def resume_command(path: Path, questionnaire_ref: str = DEFAULT_QUESTIONNAIRE) -> str:
    """The exact command that continues a partial file."""
    return (f"alignment survey --resume {shlex.quote(str(path))}"
            + _questionnaire_option(questionnaire_ref))


def report_command(paths: list[Path], questionnaire_ref: str = DEFAULT_QUESTIONNAIRE,
                   output: Path | None = None) -> str:
    """The command that scores response files, writing the report files when `output` is given."""
    command = "alignment report " + " ".join(shlex.quote(str(p)) for p in paths)
    if output is not None:
        command += f" -f terminal -f md -f html -f json -o {shlex.quote(str(output))}"
    return command + _questionnaire_option(questionnaire_ref)


# --- the flow -------------------------------------------------------------------------------------

class Survey:
    """One respondent's pass through the questionnaire.

    Asks every question not yet answered, in order, and the optional comment at the end of each
    dimension; saves the file after each answer and each comment; sets completed_at last.
    """

    def __init__(self, questionnaire: Questionnaire, response: Response, path: Path,
                 asker: Asker, *, questionnaire_ref: str = DEFAULT_QUESTIONNAIRE,
                 save: Callable[[Response, Path], None] = save_response) -> None:
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
        return sum(1 for step in self.steps if step.question.id in self.response.answers)

    @property
    def total(self) -> int:
        return len(self.steps)

    def save(self) -> None:
        # answers in questionnaire order, whatever order they were given in
        answers = self.response.answers
        self.response.answers = dict(sorted(answers.items(),
                                            key=lambda kv: self._order.get(kv[0], len(answers))))
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
                resume_command=resume_command(self.path, self.questionnaire_ref)) from None
        self.response.completed_at = now()
        self.save()
        return self.response

    def _ask_remaining(self) -> None:
        start = first_unanswered(self.steps, self.response.answers)
        if start is None:
            # every answer is in but the file was never completed: stopped at the last comment
            if self.steps:
                self._ask_comment(self.steps[-1].dimension)
            return
        if start > 0 and self.steps[start].first_in_dimension:
            # the previous dimension's comment may be what was interrupted: offer it again
            self._ask_comment(self.steps[start - 1].dimension)
        shown: str | None = None
        for step in self.steps[start:]:
            if step.question.id in self.response.answers:
                if step.last_in_dimension:
                    self._ask_comment(step.dimension)
                continue
            if step.dimension.id != shown:
                self.asker.heading(step.dimension.title, step.dimension.description)
                shown = step.dimension.id
            else:
                self.asker.say()
            self.asker.say(step.progress, style="dim")
            self.response.answers[step.question.id] = self.ask(step.question)
            self.save()
            if step.last_in_dimension:
                self._ask_comment(step.dimension)

    def ask(self, question: AnyQuestion) -> Answer:
        """Put one question and return its stored form; None is "don't know"."""
        if isinstance(question, NumberQuestion):
            value: Answer = self.asker.number(question.text, minimum=question.min,
                                              maximum=question.max, unit=question.unit,
                                              instruction=question.help)
        else:
            value = self.asker.choose(question.text, choices_for(self.questionnaire, question),
                                      instruction=question.help)
        return normalize_answer(self.questionnaire, question.id, value)

    def _ask_comment(self, dimension: Dimension) -> None:
        if dimension.id in self.response.comments:
            return
        comment = self.asker.text(f"Any comment on {dimension.title}?",
                                  instruction="Optional: anything the answers above do not "
                                  "capture. Press Enter to skip.")
        if comment:
            self.response.comments[dimension.id] = comment
            self.save()


# --- who is answering -----------------------------------------------------------------------------

def ask_role(questionnaire: Questionnaire, asker: Asker, role: str | None) -> str:
    if role is not None:
        if role not in questionnaire.roles:
            raise UsageError(f"--role {role!r}: expected one of {', '.join(questionnaire.roles)}")
        return role
    return asker.choose("Which side are you on?",
                        [(side_name(r), r) for r in questionnaire.roles])


def ask_respondent(questionnaire: Questionnaire, asker: Asker, *, role: str | None,
                   name: str | None, team: str | None, head: bool | None, anonymous: bool,
                   organization: str | None) -> tuple[Respondent, str | None]:
    """Who answers, asking only for what the options did not give."""
    if organization is None:
        organization = asker.text("Organization", instruction="The company being assessed; "
                                  "press Enter to leave it out.") or None
    role = ask_role(questionnaire, asker, role)
    if name is None and not anonymous:
        name = asker.text("Your name", instruction="Optional: press Enter to answer "
                          "anonymously.") or None
    if team is None:
        team = asker.text("Your team", instruction="Optional, e.g. a region or a product line; "
                          "press Enter to skip.") or None
    if head is None:
        head = asker.confirm(f"Do you lead {side_name(role)}"
                             + (f" at {organization}?" if organization else "?"), default=False)
    return Respondent(role=role, name=name, team=team, head=head), organization


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
        raise OutputError(f"{path}: already exists and is not a response file; choose another "
                          "file with --out, or pass --force to overwrite it") from None
    if existing.complete:
        raise OutputError(f"{path}: already holds a completed response; choose another file "
                          "with --out, or pass --force to overwrite it")
    raise OutputError(f"{path}: already holds a partial response; continue it with "
                      f"`{resume_command(path, questionnaire_ref)}`, or pass --force to start "
                      "over")


def load_partial(path: Path, questionnaire: Questionnaire, questionnaire_ref: str) -> Response:
    """A response file to continue: for this questionnaire and version, and not complete."""
    text = read_text(path, what="response file")
    response = parse_response(text, path=path)
    ref = response.questionnaire
    if (ref.id, ref.version) != (questionnaire.id, questionnaire.version):
        hint = ("pass the questionnaire it was started with: --questionnaire ID|PATH"
                if ref.id != questionnaire.id else
                "it cannot be continued with this version; start a new response, or pass the "
                f"file of version {ref.version} with --questionnaire PATH")
        raise InputError(f"is for questionnaire {ref.id} version {ref.version}, not "
                         f"{questionnaire.id} version {questionnaire.version} "
                         f"(--questionnaire {questionnaire_ref}); {hint}", path=path)
    check_against(response, questionnaire, path=path, text=text)
    if response.complete:
        raise InputError(f"is already complete, so there is nothing to resume; report on it "
                         f"with `{report_command([path], questionnaire_ref)}`", path=path)
    return response


def _resumed(response: Response, path: Path, *, role: str | None, name: str | None,
             team: str | None, head: bool | None, anonymous: bool,
             organization: str | None) -> Response:
    """Options given with --resume must agree with the file; missing details are filled in."""
    who = response.respondent
    given = {"--role": (role, who.role), "--name": (name, who.name), "--team": (team, who.team),
             "--organization": (organization, response.organization)}
    for option, (value, stored) in given.items():
        if value is not None and stored is not None and value != stored:
            raise UsageError(f"{option} {value!r} does not match {stored!r} in {path}; leave "
                             "it out to continue the file as it is")
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


def start_response(questionnaire: Questionnaire, respondent: Respondent,
                   organization: str | None) -> Response:
    return Response(questionnaire=QuestionnaireRef(id=questionnaire.id,
                                                   version=questionnaire.version),
                    organization=organization, respondent=respondent, started_at=now())


def conduct_survey(asker: Asker, *, questionnaire: str, role: str | None = None,
                   name: str | None = None, team: str | None = None, head: bool | None = None,
                   anonymous: bool = False, organization: str | None = None,
                   out: Path | None = None, resume: Path | None = None,
                   force: bool = False) -> tuple[Path, Response]:
    """The whole survey for one respondent; returns where the completed file is."""
    if anonymous and name is not None:
        raise UsageError("--anonymous and --name contradict each other; give one of them")
    if resume is not None and out is not None and Path(out) != Path(resume):
        raise UsageError("--resume continues its own file; leave out --out")
    chosen = resolve_questionnaire(questionnaire)
    if resume is not None:
        response = _resumed(load_partial(resume, chosen, questionnaire), resume, role=role,
                            name=name, team=team, head=head, anonymous=anonymous,
                            organization=organization)
        path = resume
        flow = Survey(chosen, response, path, asker, questionnaire_ref=questionnaire)
        nxt = first_unanswered(flow.steps, response.answers)
        where = (f"continuing with {flow.steps[nxt].progress}" if nxt is not None
                 else "only the last comment is left")
        asker.say(f"Resuming {path}: {flow.answered} of {flow.total} questions answered; "
                  f"{where}.", style="bold")
    else:
        if role is not None:
            ask_role(chosen, asker, role)  # a wrong --role fails before any prompt
        if out is not None:
            check_target(out, force=force, questionnaire_ref=questionnaire)
        asker.say(f"{chosen.title}", style="bold")
        asker.say("Every answer is saved as soon as you give it. Press Ctrl-C at any time to "
                  "stop; you can continue later.", style="dim")
        try:
            respondent, org = ask_respondent(chosen, asker, role=role, name=name, team=team,
                                             head=head, anonymous=anonymous,
                                             organization=organization)
        except KeyboardInterrupt:
            raise Interrupted(NOTHING_SAVED) from None
        path = out if out is not None else default_path(respondent.role, respondent.name)
        if out is None:
            check_target(path, force=force, questionnaire_ref=questionnaire)
        response = start_response(chosen, respondent, org)
        flow = Survey(chosen, response, path, asker, questionnaire_ref=questionnaire)
        if not flow.steps:
            raise InputError(f"questionnaire {chosen.label} asks no questions of "
                             f"{respondent.role}")
        ensure_free(path)  # another survey on this file: say so before writing anything
        flow.save()
        asker.say(f"{flow.total} questions in {flow.steps[-1].dimension_count} parts; saving "
                  f"to {path}.", style="dim")
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


def run_survey(*, questionnaire: str, role: str | None, name: str | None, team: str | None,
               head: bool | None, anonymous: bool, organization: str | None, out: Path | None,
               resume: Path | None, force: bool, console: Any,
               asker: Asker | None = None) -> SurveyOutcome:
    """`alignment survey`: ask, save as we go, then score this respondent's view at once."""
    from alignment_cli.commands.assessment import assess
    from alignment_cli.errors import AlignmentError

    if asker is None:
        from alignment_cli.interactive.asker import QuestionaryAsker

        asker = QuestionaryAsker(console)
    with stops_like_ctrl_c():
        path, response = conduct_survey(asker, questionnaire=questionnaire, role=role,
                                        name=name, team=team, head=head, anonymous=anonymous,
                                        organization=organization, out=out, resume=resume,
                                        force=force)
    result: Result | None = None
    no_summary: str | None = None
    try:  # a problem here must not undo a finished survey
        result = assess([path], questionnaire=questionnaire)
    except AlignmentError as exc:
        no_summary = str(exc)
    return SurveyOutcome(path, len(response.answers), result, no_summary,
                         report_command([path, Path("THEIR-FILE")], questionnaire))
