"""The live workshop on one laptop: the head of Sales, the keyboard handed over, the head of
Marketing, then the result on screen and the report files on disk.

Each head answers through the same flow as `alignment survey` (survey.Survey), so every answer is
saved the moment it is given. Whatever stops the session, Ctrl-C or a report that cannot be
written, both response files stay on disk and the message says exactly how to carry on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli.errors import InputError, Interrupted, OutputError
from alignment_cli.formats import DEFAULT_FILE_FORMATS
from alignment_cli.interactive.asker import Asker
from alignment_cli.interactive.survey import (
    DEFAULT_FOLDER,
    KEYS_HELP,
    NOTHING_SAVED,
    Survey,
    first_unanswered,
    pace,
    plan,
    resume_command,
    start_response,
    time_left,
)
from alignment_cli.model.questionnaire import Questionnaire, resolve_questionnaire
from alignment_cli.model.response import Respondent, Response, load_response
from alignment_cli.model.result import side_name
from alignment_cli.program import DEFAULT_QUESTIONNAIRE, report_command
from alignment_cli.program import command as program_command
from alignment_cli.text import slugify

if TYPE_CHECKING:
    from rich.console import Console

    from alignment_cli.formats import ReportFormat
    from alignment_cli.model.result import Result
    from alignment_cli.render.pdf import PdfOptions
    from alignment_cli.render.reports import Extras

END_SCREEN_MARGIN = 7  # the "Reports written" lines, the question about the plan that follows, a spare


@dataclass
class Part:
    """One head's part of the workshop: whose, which file, how far."""

    role: str
    path: Path | None = None
    answered: int = 0
    total: int = 0
    complete: bool = False

    @property
    def who(self) -> str:
        return f"the head of {side_name(self.role)}"


@dataclass
class Workshop:
    questionnaire: Questionnaire
    questionnaire_ref: str
    asker: Asker
    console: Console
    output: Path
    responses: Path
    force: bool = False
    organization: str | None = None
    formats: list[ReportFormat] = field(default_factory=list)  # md, html, json if empty
    pdf: PdfOptions | None = None  # when a pdf is among the formats
    actions: Path | None = None  # last round's commitments, shown with the result
    history: Path | None = None  # a folder of earlier results: the report gains a trend
    parts: list[Part] = field(init=False)  # one per role, in the questionnaire's order
    result: Result | None = field(default=None, init=False)  # once the reveal has scored it

    def __post_init__(self) -> None:
        self.parts = [Part(role) for role in self.questionnaire.roles]

    # --- the session ------------------------------------------------------------------------

    def run(self) -> list[Path]:
        """Both heads in turn, then the result; returns the report files written."""
        try:
            self.asker.clear()
            self.asker.heading(
                f"{self.questionnaire.title}: workshop",
                f"Two parts: {self.parts[0].who}, then {self.parts[1].who}. "
                "Every answer is saved as soon as it is given.",
            )
            for part in self.parts:
                count = len(plan(self.questionnaire, part.role))
                self.asker.say(
                    f"{part.who[0].upper()}{part.who[1:]}: {count} questions, "
                    f"{time_left(count, pace(self.questionnaire, part.role))}.",
                    style="dim",
                )
            self.asker.say(KEYS_HELP, style="dim")
            if self.organization is None:
                self.organization = self.asker.text(
                    "Organization",
                    required=True,
                    instruction="The company being assessed, as it should appear in the report.",
                )
            for number, part in enumerate(self.parts, start=1):
                if number > 1:
                    before = self.parts[number - 2]
                    self.asker.pause(
                        f"Part {number} of {len(self.parts)}",
                        f"Thank you: the answers of {before.who} are saved in "
                        f"{before.path}.\n\nHand the keyboard to {part.who} — "
                        "press Enter when ready",
                    )
                self._run_part(part, number)
        except (KeyboardInterrupt, Interrupted):
            raise self._interrupted() from None
        written = self._report()
        agree_commitments(self)
        return written

    def _run_part(self, part: Part, number: int) -> None:
        self.asker.clear()
        self.asker.heading(f"Part {number} of {len(self.parts)}: {part.who}")
        name = (
            self.asker.text(
                f"Name of {part.who}",
                instruction="As it should appear in the report; press Enter to leave it out.",
            )
            or None
        )
        path = self.responses / f"{part.role}-{slugify(name or '') or 'head'}.yaml"
        response = self._existing(path, part)
        if response is None:
            response = start_response(
                self.questionnaire, Respondent(role=part.role, name=name, head=True), self.organization
            )
        flow = Survey(
            self.questionnaire, response, path, self.asker, questionnaire_ref=self.questionnaire_ref
        )
        part.total = flow.total
        if response.complete:
            part.path, part.answered, part.complete = path, flow.answered, True
            return
        flow.save()
        part.path = path
        try:
            flow.run()
        finally:
            part.answered = flow.answered
        part.complete = True

    def _existing(self, path: Path, part: Part) -> Response | None:
        """A file already at `path`: continue it, keep it, or replace it, as the consultant
        chooses; never replaced without asking unless --force."""
        if path.is_dir():
            raise OutputError(f"{path}: is a folder; expected a response file there")
        if not path.exists() or self.force:
            return None
        try:
            response = load_response(path, self.questionnaire)
        except InputError as exc:
            raise OutputError(
                f"{exc}\n{path} is in the way of the answers of {part.who}; move it, "
                "choose another --responses folder, or pass --force to "
                "overwrite it"
            ) from None
        if response.respondent.role != part.role:
            raise OutputError(
                f"{path}: holds a {response.respondent.role} response; move it, "
                "or pass --force to overwrite it"
            )
        theirs, ours = response.organization, self.organization
        if theirs and ours and theirs.strip().casefold() != ours.strip().casefold():
            # never continue, nor report under this name, another organization's answers
            raise OutputError(
                f"{path}: holds answers for {theirs!r}, not {ours!r}; move it, "
                "choose another --responses folder, or pass --force to "
                "overwrite it"
            )
        steps = plan(self.questionnaire, part.role)
        answered = sum(1 for s in steps if s.question.id in response.answered_ids())
        if response.complete:
            keep = self.asker.choose(
                f"{path} already holds the completed answers of {part.who}.",
                [("Use those answers", True), ("Answer again (the file is replaced)", False)],
            )
        else:
            nxt = first_unanswered(steps, response.answered_ids())
            where = f", from {steps[nxt].progress}" if nxt is not None else ""
            keep = self.asker.choose(
                f"{path} holds {answered} of {len(steps)} answers from an earlier session.",
                [(f"Continue where it stopped{where}", True), ("Start again (the file is replaced)", False)],
            )
        if not keep:
            return None
        if response.organization is None:
            response.organization = self.organization
        return response

    # --- the result -------------------------------------------------------------------------

    def _report(self) -> list[Path]:
        from alignment_cli.commands.report import ReportRequest, run_report
        from alignment_cli.render.reports import RenderFailed, plan_outputs

        files = [p.path for p in self.parts if p.path is not None]
        again = report_command(files, self.questionnaire_ref, self.output)
        try:
            self.asker.clear()
            plan = plan_outputs(self.formats or list(DEFAULT_FILE_FORMATS), self.output)
            written = run_report(
                ReportRequest(
                    files,
                    plan,
                    questionnaire=self.questionnaire_ref,
                    organization=self.organization,
                    actions=self.actions,
                    history=self.history,
                    pdf=self.pdf,
                    before_writing=self._reveal,
                )
            ).files
        except KeyboardInterrupt:
            raise self._stopped("Interrupted before the report was written.", again) from None
        except InputError:
            raise
        except RenderFailed as exc:
            raise self._stopped(f"No report was written: {exc}.", again, interrupted=False) from exc
        except OutputError as exc:
            raise self._stopped(f"Not every report was written: {exc}.", again, interrupted=False) from exc
        except Exception as exc:
            raise self._stopped(
                f"The report could not be made ({type(exc).__name__}: {exc}).", again, interrupted=False
            ) from exc
        self.asker.say()
        self.asker.say("Reports written: " + ", ".join(str(p) for p in written), style="bold")
        return list(written)

    def _reveal(self, result: Result, extras: Extras) -> None:
        """The end screen, shown before the files are written (a PDF takes a while): cut to the
        screen's height, so the headline is what stays in view."""
        from alignment_cli.render.terminal import render_terminal

        self.result = result
        screen = self.console.size.height if self.console.is_terminal else None
        render_terminal(result, self.console, height=screen - END_SCREEN_MARGIN if screen else None)
        if extras.commitments is not None:
            from alignment_cli.render.actions import render_commitments_terminal

            render_commitments_terminal(extras.commitments, self.console)

    # --- messages ---------------------------------------------------------------------------

    def _stopped(self, reason: str, command: str, *, interrupted: bool = True) -> Interrupted | OutputError:
        files = " and ".join(str(p.path) for p in self.parts if p.path is not None)
        text = f"{reason}\nBoth sets of answers are saved ({files}).\nTo make the report: {command}"
        if interrupted:
            exc = Interrupted(text)
            exc.resume_command = command
            return exc
        return OutputError(text)

    def again_command(self) -> str:
        """This workshop's command as given, to run it again over the saved answers: with the
        organization even when it was typed in, and never --force, which would replace them."""
        words = ["workshop"]
        if self.organization:
            words += ["--organization", self.organization]
        words += ["-o", str(self.output)]
        if self.responses != DEFAULT_FOLDER:
            words += ["--responses", str(self.responses)]
        if self.questionnaire_ref != DEFAULT_QUESTIONNAIRE:
            words += ["--questionnaire", self.questionnaire_ref]
        if self.formats and tuple(self.formats) != DEFAULT_FILE_FORMATS:
            for chosen in self.formats:
                words += ["-f", chosen.value]
        if self.actions is not None:
            words += ["--actions", str(self.actions)]
        if self.history is not None:
            words += ["--history", str(self.history)]
        if self.pdf is not None:
            words += ["--browser", str(self.pdf.browser), "--paper", self.pdf.paper]
        return program_command(*words)

    def _interrupted(self) -> Interrupted:
        """Where each head's answers are, and the commands that finish the job."""
        if all(part.path is None for part in self.parts):
            return Interrupted(NOTHING_SAVED)
        lines = ["Interrupted. No answer is lost."]
        steps: list[tuple[str, str]] = []
        files: list[Path] = []
        for part in self.parts:
            if part.path is None:
                placeholder = self.responses / f"{part.role}-NAME.yaml"
                files.append(placeholder)
                words = ["survey", "--role", part.role, "--head", "--output", str(placeholder)]
                if self.organization:
                    words += ["--organization", self.organization]
                if self.questionnaire_ref != DEFAULT_QUESTIONNAIRE:
                    words += ["--questionnaire", self.questionnaire_ref]
                command = program_command(*words)
                steps.append((f"{part.who} answers", command))
                continue
            files.append(part.path)
            if part.complete:
                lines.append(f"The answers of {part.who} are complete in {part.path}.")
            else:
                lines.append(
                    f"The answers of {part.who} so far ({part.answered} of "
                    f"{part.total}) are saved in {part.path}."
                )
                steps.append((f"{part.who} finishes", resume_command(part.path, self.questionnaire_ref)))
        steps.append(("the report", report_command(files, self.questionnaire_ref, self.output)))
        lines.append("To continue:")
        lines.extend(f"  {i}. {label}: {command}" for i, (label, command) in enumerate(steps, start=1))
        lines.append(
            "Or run the workshop again and give the same names (it offers to continue the saved "
            f"answers): {self.again_command()}"
        )
        exc = Interrupted("\n".join(lines))
        latest = [p.path for p in self.parts if p.path is not None]
        exc.saved_to = latest[-1]
        exc.resume_command = steps[0][1]
        return exc


def agree_commitments(workshop: Workshop) -> Path | None:
    """After the reveal: owners and due dates for the action plan, saved as actions.yaml beside
    the responses folder (not inside it, where it would be read as a response)."""
    if workshop.result is None or not workshop.result.recommendations:
        return None
    from alignment_cli.interactive.plan import walk_plan
    from alignment_cli.model.actions import load_actions

    asker = workshop.asker
    asker.say()
    result_json = workshop.output / "report.json"
    if not asker.confirm("Agree owners and due dates for the action plan now?", default=True):
        if not result_json.is_file():  # no result JSON this time: say how to make one first
            files = [p.path for p in workshop.parts if p.path is not None]
            asker.say(
                "Later, make the result: "
                + report_command(files, workshop.questionnaire_ref, workshop.output)
            )
        plan_command = program_command("plan", str(result_json))
        asker.say(
            f"Then agree the plan with: {plan_command}"
            if not result_json.is_file()
            else f"Later, run: {plan_command}"
        )
        return None
    target = workshop.responses.parent / "actions.yaml"
    previous = None
    if target.exists() and (workshop.actions is None or target.resolve() == workshop.actions.resolve()):
        keep = asker.confirm(
            f"{target} holds an earlier plan. Replace it? (No saves this "
            "round's plan under a dated name beside it)",
            default=False,
        )
        if not keep:
            from datetime import date

            target = target.with_name(f"actions-{date.today().isoformat()}.yaml")
            if target.exists():
                previous = load_actions(target)
    try:
        walk_plan(asker, workshop.result, target, previous=previous)
    except KeyboardInterrupt:
        resume = program_command("plan", str(workshop.output / "report.json"), "-o", str(target))
        raise Interrupted(
            f"Interrupted. The reports are written, and the decisions made so far are saved in {target}.",
            resume_command=resume,
        ) from None
    return target


def _check_folder(folder: Path, what: str) -> None:
    """Fail before anyone answers when a folder cannot be written (the check is the reports')."""
    from alignment_cli.render.reports import check_writable

    try:
        check_writable([folder / "probe"])
    except OutputError:
        raise OutputError(f"{folder}: cannot write {what} here (no permission, or not a folder)") from None


def run_workshop(
    *,
    questionnaire: str,
    organization: str | None,
    output: Path,
    responses: Path,
    force: bool,
    console: Console,
    asker: Asker | None = None,
    formats: Sequence[ReportFormat] | None = None,
    pdf: PdfOptions | None = None,
    actions: Path | None = None,
    history: Path | None = None,
) -> list[Path]:
    """`alignment workshop`: both heads, then the terminal summary and md, html and json."""
    chosen = resolve_questionnaire(questionnaire)
    _check_folder(responses, "the response files")
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output}: is a file; --output needs a folder for the reports")
    _check_folder(output, "the reports")
    if asker is None:
        from alignment_cli.interactive.asker import QuestionaryAsker

        asker = QuestionaryAsker(console)
    workshop = Workshop(
        chosen,
        questionnaire,
        asker,
        console,
        output,
        responses,
        force=force,
        organization=organization,
        formats=list(formats or []),
        pdf=pdf,
        actions=actions,
        history=history,
    )
    return workshop.run()
