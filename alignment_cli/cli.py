"""The command line: parse, call the core, map its errors to messages and exit codes.

Nothing here scores or renders; heavy modules are imported inside the commands that use them so
that `alignment --help` costs little more than importing typer.
"""


import gc
import os
import sys
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from alignment_cli import __version__
from alignment_cli.errors import (
    EXIT_CHECK_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    AlignmentError,
    OutputError,
    UsageError,
)

if TYPE_CHECKING:
    from rich.console import Console

    from alignment_cli.interactive.survey import SurveyOutcome
    from alignment_cli.model.config import ReportFormat
    from alignment_cli.render.pdf import PdfOptions

app = typer.Typer(
    name="alignment",
    help="Diagnose how well Sales and Marketing work together: survey both sides, score every "
    "area and the gap between their views, and report with recommendations.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)
questionnaire_app = typer.Typer(
    help="The built-in questionnaires: list, show, validate a custom file, write a blank "
    "response file.",
    no_args_is_help=True,
)
app.add_typer(questionnaire_app, name="questionnaire")


@dataclass
class RunOptions:
    """The options of one run as a whole (--debug, --no-input): made by main() for each run
    and set for that run only, so no run leaves them set for the next."""

    debug: bool = False
    no_input: bool = False


_RUN: ContextVar[RunOptions] = ContextVar("alignment_run_options")


def _options() -> RunOptions:
    """This run's options (the defaults when a command is called outside main())."""
    return _RUN.get(RunOptions())


# Options of the program as a whole, accepted before the command or anywhere after it
# taken before the command or anywhere after it; the prompting commands also list --no-input
# in their own help
GLOBAL_FLAGS = ("--no-color", "--debug", "--no-input")

# the PDF options of `report` and `workshop`
_Browser = Annotated[str | None, typer.Option(
    metavar="PATH", help="The Chromium, Chrome or Edge program that prints --format pdf.")]
_Paper = Annotated[str, typer.Option(metavar="a4|letter", help="Paper size of the PDF.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alignment-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour in the output "
                                           "(NO_COLOR is respected too).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors, for bug "
                                        "reports.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")]
    = False,
) -> None:
    """Options for every command; they may also follow the command's own."""
    options = _options()
    options.debug = debug
    options.no_input = no_input
    if no_color:
        os.environ["NO_COLOR"] = "1"


def _console(stderr: bool = False) -> "Console":
    from rich.console import Console

    return Console(stderr=stderr, no_color=bool(os.environ.get("NO_COLOR")) or None,
                   highlight=False)


def _one_output(output: Path | None, out: Path | None) -> Path | None:
    """-o/--output, or --out as it was once spelt; both at once must agree."""
    if output is not None and out is not None and output != out:
        raise UsageError(f"--output {output} and --out {out}: give one of them")
    return output if output is not None else out


def _shown(message: str) -> str:
    """A message as it may reach the terminal: file names and ids in it come from outside."""
    from alignment_cli.text import clean_text, no_workflow_commands

    return no_workflow_commands(clean_text(message, multiline=True))


def _one_line(value: str | None) -> str | None:
    """A name or an organization from the command line, cleaned like any text from outside: no
    escape sequence, control character, bidi override or line break."""
    if value is None:
        return None
    from alignment_cli.model.base import MAX_NAME
    from alignment_cli.text import clean_text

    value = clean_text(value)
    if len(value) > MAX_NAME:
        raise UsageError(f"a name or organization of {len(value):,} characters; at most "
                         f"{MAX_NAME} are expected")
    return value


def _interactive_or_fail(no_input: bool, command: str, hint: str | None = None) -> None:
    no_input = no_input or _options().no_input
    if no_input or not sys.stdin.isatty():
        from alignment_cli.program import program

        me = program()
        raise UsageError(
            f"`{me} {command}` asks questions and needs a terminal"
            f"{' (--no-input was given)' if no_input else ' (standard input is not a terminal)'}"
            + (f".\n{hint}" if hint else
               f".\nFor file-based use: write a blank response file with `{me} questionnaire "
               "template sales-marketing-alignment --role sales -o FILE`, fill it in, then run "
               f"`{me} report FILE`.")
        )


# --- questionnaire -------------------------------------------------------------------------------

@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the built-in questionnaires, newest version first; an older version is named
    ID@VERSION wherever a questionnaire is asked for.

    \b
    Example:
      alignment questionnaire list
    """
    from alignment_cli.model.questionnaire import builtin_versions, load_questionnaire

    for qid, versions in builtin_versions().items():
        newest = list(versions)[-1]
        for version, path in reversed(versions.items()):
            q = load_questionnaire(path)
            items = len(q.questions)
            name = qid if version == newest else f"{qid}@{version}"
            typer.echo(f"{name}  {q.version}  {q.title}  ({len(q.dimensions)} dimensions, "
                       f"{items} items, {len(q.recommendations)} recommendations, about "
                       f"{q.minutes_for()} minutes)")


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="A built-in id or a file.")],
) -> None:
    """Print a questionnaire: dimensions, items, who is asked, and where each comes from.

    \b
    Example:
      alignment questionnaire show sales-marketing-alignment
    """
    from alignment_cli.model.questionnaire import resolve_questionnaire
    from alignment_cli.render.questionnaire import PIPE_WIDTH, show

    console = _console()
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPE_WIDTH
    show(resolve_questionnaire(ref), console)


@questionnaire_app.command("validate")
def questionnaire_validate(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The questionnaire file to check.")],
) -> None:
    """Check a custom questionnaire file: exit 0 when valid, 2 with the problem when not.

    \b
    Example:
      alignment questionnaire validate my-questionnaire.yaml
    """
    from alignment_cli.model.questionnaire import citation_problems, load_questionnaire

    q = load_questionnaire(path)
    problems = citation_problems(q)
    if problems and _is_builtin(path):
        # a built-in questionnaire is held to complete citations
        for problem in problems:
            typer.echo(_shown(f"{path}: {problem}"), err=True)
        raise typer.Exit(2)
    typer.echo(_shown(f"{path}: valid ({q.id} {q.version}: {len(q.dimensions)} dimensions, "
                      f"{len(q.questions)} items, {len(q.recommendations)} recommendations)"))
    if problems:
        typer.echo(_shown(f"{path}: citations incomplete ({len(problems)}): "
                          + "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "")),
                   err=True)


def _is_builtin(path: Path) -> bool:
    from alignment_cli.model.questionnaire import builtin_versions

    try:
        here = path.resolve()
    except OSError:
        return False
    return any(here == known.resolve() for versions in builtin_versions().values()
               for known in versions.values())


@questionnaire_app.command("template")
def questionnaire_template(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH")] = "sales-marketing-alignment",
    role: Annotated[str, typer.Option("--role", metavar="ROLE", help="Whose questions: sales or "
                                      "marketing.")]
    = "sales",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="File to write; standard output when "
                                                "absent.")] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name to fill in.")]
    = None,
    name: Annotated[str | None, typer.Option(metavar="NAME",
                                                help="The respondent's name to fill in.")]
    = None,
    head: Annotated[bool, typer.Option("--head/--member", help="Whether the respondent leads "
                                       "their side; the file says head: false unless --head.")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank response file to fill in by hand, then score with `alignment report`.

    \b
    Example:
      alignment questionnaire template --role sales --name Jana -o jana.yaml
    """
    from alignment_cli.io.yamlio import write_atomic
    from alignment_cli.model.blank_response import blank_response
    from alignment_cli.model.questionnaire import resolve_questionnaire

    out = _one_output(output, out)
    q = resolve_questionnaire(ref)
    text = blank_response(q, role=role, organization=_one_line(organization),
                          name=_one_line(name), head=head)
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists; pass --force to overwrite it")
    from alignment_cli.io.files import check_outputs

    check_outputs([out], inputs=[ref])
    write_atomic(out, text)
    from alignment_cli.program import command

    typer.echo(f"Wrote {out}: fill in the answers, then run `{command('report', str(out))}`.",
               err=True)


@questionnaire_app.command("export")
def questionnaire_export(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH")] = "sales-marketing-alignment",
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="csv (a sheet to build a survey form from) or md "
                                        "(a printable handout).")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="File to write; standard output when "
                                                "absent.")] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write the questionnaire as a sheet (csv) for a survey platform, or a handout (md).

    The csv has one row per form field, headed by the id `alignment import` matches.

    \b
    Examples:
      alignment questionnaire export --format csv -o questions.csv
      alignment questionnaire export --format md -o handout.md
    """
    from alignment_cli.io.yamlio import write_atomic
    from alignment_cli.model.questionnaire import resolve_questionnaire
    from alignment_cli.render.export import export_csv, export_markdown

    out = _one_output(output, out)

    if format not in ("csv", "md"):
        raise UsageError(f"--format {format!r}: expected csv or md")
    q = resolve_questionnaire(ref)
    text = export_csv(q) if format == "csv" else export_markdown(q)
    if out is None:
        sys.stdout.write(text)
        return
    if out.exists() and not force:
        raise OutputError(f"{out}: already exists; pass --force to overwrite it")
    from alignment_cli.io.files import check_outputs

    check_outputs([out], inputs=[ref])  # --force never replaces the questionnaire itself
    write_atomic(out, text)
    typer.echo(f"Wrote {out}", err=True)


# --- report --------------------------------------------------------------------------------------

@app.command()
def report(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Response files, folders "
                                               "or globs.")],
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="terminal, md, html, json or pdf; repeat (or separate with commas) for several.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE|DIR",
        help="The file for one format, or a folder for several (report.md, report.html, "
        "report.json, report.pdf). Without -f the file's extension says the format "
        "(-o report.html). Without -o one md, html or json report goes to standard output.")] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name for the "
                                                        "report; also reports on files that "
                                                        "name different organizations as one, "
                                                        "on purpose.")] = None,
    questionnaire: Annotated[str | None, typer.Option(
        metavar="ID|PATH", help="The questionnaire; by default the one the responses name.")]
    = None,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="DIR",
        help="A folder of report templates that override the built-in ones.")]
    = None,
    show_names: Annotated[bool, typer.Option("--show-names", help="Show respondent names even "
                                             "with several respondents per side.")] = False,
    min_group_size: Annotated[int, typer.Option(min=1, metavar="N",
                                                help="Smallest team shown on its own.")]
    = 3,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Report on the valid files "
                                               "and list the invalid ones, instead of failing.")]
    = False,
    baseline: Annotated[Path | None, typer.Option(metavar="RESULT.json",
                                                     help="An earlier result (JSON) to show "
                                                     "changes against.")] = None,
    min_completeness: Annotated[float | None, typer.Option(
        min=0, max=100, metavar="PERCENT",
        help="A file answering less of what it was asked is left out (default 80).")] = None,
    include_incomplete: Annotated[bool, typer.Option(
        "--include-incomplete", help="Score incomplete files too, instead of leaving them "
        "out.")] = False,
    max_actions: Annotated[int | None, typer.Option(
        min=1, max=100, metavar="N",
        help="Steps in the action plan (default 7); the rest go to More ideas.")] = None,
    actions: Annotated[Path | None, typer.Option(metavar="actions.yaml",
                                                 help="Last round's commitments, to show where "
                                                 "each stands.")] = None,
    history: Annotated[Path | None, typer.Option(metavar="DIR",
                                                 help="A folder of earlier results: adds a "
                                                 "trend section.")] = None,
    crm: Annotated[Path | None, typer.Option(metavar="crm.json",
                                             help="A CRM summary (`alignment crm import`): adds "
                                             "\"What the data says\".")] = None,
    browser: _Browser = None,
    paper: _Paper = "a4",
    open_report: Annotated[bool, typer.Option("--open", help="Open the HTML report in the "
                                              "default browser once it is written.")] = False,
) -> None:
    """Score response files and render the report.

    \b
    Examples:
      alignment report examples/northwind --format html -o report.html
      alignment report examples/northwind -o report.pdf --paper letter
      alignment report responses/ -f md -f html -f json -o reports/
    """
    from alignment_cli.commands.assessment import assess
    from alignment_cli.model.config import ReportFormat
    from alignment_cli.render.reports import (
        check_writable,
        formats_for_output,
        plan_outputs,
        write_reports,
    )

    chosen = formats_for_output(_formats(formats) if formats else None, output)
    plan = plan_outputs(chosen, output)  # every output problem is found before any work
    html = plan.get(ReportFormat.html)
    if open_report and html is None:
        raise UsageError("--open opens the HTML report, which needs a file: add -o report.html "
                         "(or -f html -o FOLDER/)")
    check_writable([p for p in plan.values() if p is not None])
    pdf = _pdf_options(chosen, browser, paper)
    if history is not None and not history.is_dir():
        raise UsageError(f"--history {history}: no such folder; it holds earlier results "
                         "(*.json), such as the ones `alignment check` keeps")
    _outputs_are_not_inputs(plan.values(), paths, questionnaire, baseline, template)
    crm_summary = None
    if crm is not None:
        from alignment_cli.io.files import check_outputs
        from alignment_cli.model.crm import load_summary

        check_outputs([p for p in plan.values() if p is not None], inputs=[crm])
        crm_summary = load_summary(crm)
    result = assess(paths, questionnaire=questionnaire, organization=_one_line(organization),
                    show_names=show_names, min_group_size=min_group_size,
                    skip_invalid=skip_invalid, min_completeness=min_completeness,
                    include_incomplete=include_incomplete, max_actions=max_actions,
                    crm=crm_summary)
    if baseline is not None:
        from alignment_cli.commands.compare import attach_baseline

        result = attach_baseline(result, baseline)
    extras = None
    if actions is not None or history is not None:
        from alignment_cli.commands.followup import report_extras

        extras = report_extras(result, actions=actions, history=history)
    reports = write_reports(result, plan, template_dir=template, extras=extras, pdf=pdf)
    if ReportFormat.terminal in chosen:
        from alignment_cli.render.terminal import render_terminal

        render_terminal(result, _console())
        if extras is not None and extras.commitments is not None:
            from alignment_cli.render.actions import render_commitments_terminal

            render_commitments_terminal(extras.commitments, _console())
    sys.stdout.write(reports.stdout)
    _wrote(reports.files)
    if open_report and html is not None:
        _open_in_browser(html)


def _open_in_browser(path: Path) -> None:
    """Hand the file to the default browser; never fail the run or wait on a machine that has
    none (a CI job, an SSH session), where a text-mode browser would take over the terminal."""
    import webbrowser

    headless = sys.platform.startswith("linux") and not any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY"))
    if not os.environ.get("BROWSER") and (headless or os.environ.get("CI")):
        typer.echo(f"No browser to open here; the report is {path}", err=True)
        return
    try:
        opened = webbrowser.open(path.resolve().as_uri())
    except (webbrowser.Error, OSError):
        opened = False
    if opened:
        typer.echo(f"Opened {path} in the browser", err=True)
    else:
        typer.echo(f"Could not open a browser; the report is {path}", err=True)


def _outputs_are_not_inputs(outputs, paths, questionnaire, baseline, template) -> None:  # type: ignore[no-untyped-def]
    """-o must not name a file this run reads, nor a device, pipe or socket."""
    from alignment_cli.io.files import check_outputs
    from alignment_cli.model.response import discover

    targets = [p for p in outputs if p is not None]
    if not targets:
        return
    try:
        inputs: list[Path | str] = list(discover(paths, unreadable=[]))
    except AlignmentError:
        inputs = []  # the same problem is reported, with its context, when the files are read
    inputs += [p for p in (questionnaire, baseline) if p is not None]
    if template is not None and template.is_dir():
        inputs += [p for p in template.rglob("*") if p.is_file()]
    check_outputs(targets, inputs=inputs)


def _formats(values: list[str]) -> "list[ReportFormat]":
    from alignment_cli.model.config import ReportFormat

    out = []
    for value in values:
        for part in value.split(","):
            try:
                out.append(ReportFormat(part.strip().lower()))  # HTML as well as html
            except ValueError:
                raise UsageError(f"--format {part!r}: expected terminal, md, html, json or "
                                 "pdf") from None
    return out


def _pdf_options(chosen: "Iterable[ReportFormat]", browser: str | None,
                 paper: str) -> "PdfOptions | None":
    """Found before any work is done, so a missing browser fails at once (exit 2)."""
    from alignment_cli.model.config import ReportFormat

    if ReportFormat.pdf not in chosen:
        return None
    from alignment_cli.render.pdf import pdf_options

    return pdf_options(browser, paper)


def _wrote(paths: Iterable[Path]) -> None:
    for path in paths:
        typer.echo(_shown(f"Wrote {path}"), err=True)


# --- interactive ---------------------------------------------------------------------------------

@app.command()
def survey(
    role: Annotated[str | None, typer.Option(metavar="ROLE",
                                                help="sales or marketing; asked when absent.")]
    = None,
    name: Annotated[str | None, typer.Option(metavar="NAME",
                                                help="Your name (optional).")] = None,
    team: Annotated[str | None, typer.Option(metavar="TEAM",
                                                help="Your team, e.g. a region (optional).")]
    = None,
    anonymous: Annotated[bool, typer.Option("--anonymous",
                                            help="Do not ask for or store a name.")] = False,
    head: Annotated[bool | None, typer.Option("--head/--member", help="Whether you lead "
                                                 "your side.")] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE",
                                                help="Response file; default "
                                                "responses/ROLE-NAME.yaml.")] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    resume: Annotated[Path | None, typer.Option(metavar="FILE",
                                                   help="Continue a partial response file.")]
    = None,
    questionnaire: Annotated[str, typer.Option(metavar="ID|PATH", help="A built-in "
                                               "questionnaire, or your own file.")]
    = "sales-marketing-alignment",
    force: Annotated[bool, typer.Option("--force", help="Overwrite a completed response file.")]
    = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")]
    = False,
) -> None:
    """Answer the questionnaire as one respondent; every answer is saved at once.

    \b
    Examples:
      alignment survey --role sales --name "Jana Carpenter" --organization Acme
      alignment survey --resume responses/sales-jana-carpenter.yaml
    """
    _interactive_or_fail(no_input, "survey")
    from alignment_cli.interactive.survey import run_survey

    out = _one_output(output, out)
    console = _console()
    outcome = run_survey(questionnaire=questionnaire, role=role, name=_one_line(name),
                         team=_one_line(team), head=head, anonymous=anonymous,
                         organization=_one_line(organization), out=out, resume=resume,
                         force=force, console=console)
    show_survey_outcome(outcome, console)


def show_survey_outcome(outcome: "SurveyOutcome", console: "Console") -> None:
    """Where the answers are, this respondent's view at once, and how to add the other side."""
    from rich.text import Text

    from alignment_cli.render.terminal import render_terminal

    console.print()
    console.print(Text(f"Done. All {outcome.answers} answers are saved in {outcome.path}.",
                       style="bold"))
    if outcome.result is None:
        console.print(Text(f"(No summary: {outcome.no_summary})", style="dim"))
    else:
        console.print()
        render_terminal(outcome.result, console)
    console.print(Text(f"To compare with the other side: {outcome.next_command}"))


@app.command()
def workshop(
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name; asked when "
                                                        "absent.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR",
                                         help="Folder for the reports.")]
    = Path("alignment-report"),
    responses: Annotated[Path, typer.Option(metavar="DIR",
                                            help="Folder for the two response files.")]
    = Path("responses"),
    questionnaire: Annotated[str, typer.Option(metavar="ID|PATH", help="A built-in "
                                               "questionnaire, or your own file.")]
    = "sales-marketing-alignment",
    force: Annotated[bool, typer.Option("--force", help="Start again over completed response "
                                        "files.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")]
    = False,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT", show_default=False,
        help="Report files to write: md, html, json, pdf (default md, html and json).")] = None,
    actions: Annotated[Path | None, typer.Option(metavar="actions.yaml",
                                                 help="Last round's commitments, to show where "
                                                 "each stands.")] = None,
    browser: _Browser = None,
    paper: _Paper = "a4",
) -> None:
    """Run the diagnostic live: the head of Sales, then the head of Marketing, then the result,
    then owners and due dates for the action plan (saved in actions.yaml).

    \b
    Example:
      alignment workshop --organization "Acme Corp" -o acme-report/
    """
    _interactive_or_fail(no_input, "workshop")
    from alignment_cli.interactive.guard import stops_like_ctrl_c
    from alignment_cli.interactive.workshop import run_workshop
    from alignment_cli.model.config import ReportFormat

    chosen = [f for f in _formats(formats or ["md", "html", "json"])
              if f is not ReportFormat.terminal]
    pdf = _pdf_options(chosen, browser, paper)
    if actions is not None:
        from alignment_cli.model.actions import load_actions

        load_actions(actions)  # a broken file fails before anyone answers
    with stops_like_ctrl_c():  # SIGTERM, SIGHUP: saved and resumable, as with Ctrl-C
        run_workshop(questionnaire=questionnaire, organization=_one_line(organization),
                     output=output, responses=responses, force=force, console=_console(),
                     formats=chosen, pdf=pdf, actions=actions)


# --- collecting from a room or a survey platform -------------------------------------------------

def _collect_extra(command: str) -> None:
    """The web stack is an optional extra; say how to add it instead of failing on an import."""
    import importlib.util

    missing = [m for m in ("starlette", "uvicorn", "multipart", "segno")
               if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"`alignment {command}` needs the collect extra ({', '.join(missing)} "
                         "missing): pip install 'alignment-cli[collect]'")


@app.command()
def collect(
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name for the "
                                                        "responses.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="DIR",
                                                help="Folder for the response files, one per "
                                                "person. Default: responses/.")]
    = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    questionnaire: Annotated[str, typer.Option(metavar="ID|PATH", help="A built-in "
                                               "questionnaire, or your own file.")]
    = "sales-marketing-alignment",
    host: Annotated[str, typer.Option(metavar="ADDRESS", help="Where to listen; all interfaces "
                                      "by default, so phones on the network can reach it.")]
    = "0.0.0.0",  # noqa: S104 - phones on the room's network must reach it
    port: Annotated[int, typer.Option(min=0, max=65535, metavar="PORT",
                                      help="Port to listen on.")] = 8765,
) -> None:
    """Serve the questionnaire as a web form to a room, from this machine; Ctrl-C stops.

    Prints an address with an access token (and a QR code) to share; each person answers on
    a phone or laptop, and their answers are saved to --out, one response file each.

    \b
    Example:
      alignment collect --organization "Acme Corp" --out responses/
    """
    _collect_extra("collect")
    from alignment_cli.interactive.webform.server import run_collect

    out = _one_output(output, out) or Path("responses")

    run_collect(questionnaire=questionnaire, organization=_one_line(organization), out=out, host=host,
                port=port, console=_console())


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A survey platform's export, .csv "
                                         "or .xlsx: one row per respondent.")],
    questionnaire: Annotated[str, typer.Option(metavar="ID|PATH", help="The questionnaire the "
                                               "form was built from.")]
    = "sales-marketing-alignment",
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="DIR",
                                                help="Folder for the response files. Default: responses/.")]
    = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME",
                                                        help="Organization name.")] = None,
    side: Annotated[str | None, typer.Option(metavar="ROLE",
                                                help="Every row is from this side (a form per "
                                                "side, without a side column).")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the valid rows "
                                               "and list the invalid ones, instead of "
                                               "writing nothing.")] = False,
) -> None:
    """Turn a survey platform's export (CSV or .xlsx) into response files, one per row.

    Columns are matched by question id or the question's exact text; a side column, and
    optional name, team and head columns. Other columns (timestamps, email) are listed and
    ignored. Existing files are never overwritten.

    \b
    Example:
      alignment import answers.csv -o responses/
    """

    from alignment_cli.commands.importing import plan_import, write_import
    from alignment_cli.io.imports import read_table
    from alignment_cli.model.questionnaire import resolve_questionnaire

    out = _one_output(output, out) or Path("responses")
    q = resolve_questionnaire(questionnaire)
    plan = plan_import(read_table(file), q, out, path=file, organization=_one_line(organization),
                       side=side, skip_invalid=skip_invalid)
    write_import(plan)
    if plan.unmatched:
        typer.echo("Not matched to a question, ignored: " + ", ".join(plan.unmatched), err=True)
    if plan.invalid:
        typer.echo(f"Skipped {len(plan.skipped_rows)} invalid row(s):\n  "
                   + "\n  ".join(plan.invalid), err=True)
    per_side: dict[str, int] = {}
    for _, response in plan.files:
        per_side[response.respondent.role] = per_side.get(response.respondent.role, 0) + 1
    counts = ", ".join(f"{role} {n}" for role, n in per_side.items()) or "none"
    typer.echo(f"Wrote {len(plan.files)} response file(s) to {out} ({counts}).", err=True)
    if plan.files:
        from alignment_cli.program import report_command

        typer.echo(f"Next: {report_command([out], questionnaire)}", err=True)


@app.command()
def status(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Response files, folders "
                                               "or globs.")],
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="terminal or json.")] = "terminal",
    questionnaire: Annotated[str | None, typer.Option(
        metavar="ID|PATH", help="Your own questionnaire file, to count what each file was "
        "asked; built-in ones are found by the id the files name.")] = None,
) -> None:
    """Which response files are complete, partial or blank, and how far each side has got.

    Exit 0 when every file can be read, 2 when one cannot (it is listed with the reason).

    \b
    Example:
      alignment status responses/
    """
    from alignment_cli.commands.status import (
        collect_status,
        render_status_json,
        side_summary,
        status_view,
    )

    if format not in ("terminal", "json"):
        raise UsageError(f"--format {format!r}: expected terminal or json")
    chosen = None
    if questionnaire is not None:
        from alignment_cli.model.questionnaire import resolve_questionnaire

        chosen = resolve_questionnaire(questionnaire)
    files = collect_status(paths, questionnaire=chosen)
    sides = side_summary(files, chosen.roles if chosen else ("sales", "marketing"))
    if format == "json":
        sys.stdout.write(render_status_json(files, sides))
    else:
        console = _console()
        for renderable in status_view(files, sides, width=console.width):
            console.print(renderable)
    if any(f.state == "invalid" for f in files):
        raise typer.Exit(EXIT_INPUT)


# --- scheduled runs ------------------------------------------------------------------------------

@app.command()
def check(
    config: Annotated[Path, typer.Argument(metavar="CONFIG",
                                           help="The config file, e.g. alignment.yml.")],
    baseline: Annotated[Path | None, typer.Option(metavar="RESULT.json",
                                                     help="A result JSON to compare against; "
                                                     "overrides the config.")] = None,
    fail_under: Annotated[float | None, typer.Option(metavar="INDEX",
                                                        help="Minimum alignment index; "
                                                        "overrides the config.")] = None,
    actions: Annotated[Path | None, typer.Option(metavar="actions.yaml",
                                                 help="Last round's commitments; overrides the "
                                                 "config's actions.")] = None,
    browser: Annotated[str | None, typer.Option(metavar="PATH",
                                                help="The Chromium, Chrome or Edge program that "
                                                "prints a pdf report.")] = None,
    junit: Annotated[Path | None, typer.Option(
        "--junit", metavar="FILE",
        help="Also write the outcome as JUnit XML, one test case per threshold, for CI test "
        "views.")] = None,
    format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="What goes to standard output: md (the summary) or json (the outcome, for "
        "scripts).")] = "md",
) -> None:
    """Re-assess from a config file, write its reports, and fail when alignment drops.

    Exit 0 when every threshold holds, 1 when one fails, 2 on bad input.

    \b
    Example:
      alignment check alignment.yml --baseline results/last.json
      alignment check alignment.yml --junit reports/alignment-junit.xml -f json
    """
    from alignment_cli.commands.check import append_step_summary, run_check

    if format not in ("md", "json"):
        raise UsageError(f"--format {format!r}: expected md or json")
    if junit is not None:
        from alignment_cli.render.reports import check_writable

        check_writable([junit])  # a place the XML cannot go is found before any work
    outcome = run_check(config, baseline=baseline, fail_under=fail_under, actions=actions,
                        browser=browser, junit=junit)
    written = list(outcome.reports)
    if junit is not None and outcome.facts is not None:
        from alignment_cli.io.yamlio import write_atomic
        from alignment_cli.render.check_outcome import render_junit

        write_atomic(junit, render_junit(outcome.thresholds, outcome.facts), fsync=False)
        written.append(junit)
    _wrote(written)
    if outcome.kept is not None:
        typer.echo(f"Kept {outcome.kept} in the history", err=True)
    if format == "json" and outcome.facts is not None:
        from alignment_cli.render.check_outcome import render_outcome_json

        sys.stdout.write(render_outcome_json(outcome.thresholds, outcome.facts))
    else:
        sys.stdout.write(outcome.summary)
    sys.stdout.flush()
    append_step_summary(outcome.summary)
    if not outcome.passed:
        sys.stderr.write("alignment: Check failed:\n"
                         + "".join(f"  - {failure}\n" for failure in outcome.failures))
        raise typer.Exit(EXIT_CHECK_FAILED)


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(metavar="OLD.json", help="The earlier result JSON.")],
    new: Annotated[Path, typer.Argument(metavar="NEW.json", help="The later result JSON.")],
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="terminal, md or json.")]
    = "terminal",
) -> None:
    """Show what changed between two results: index, stage, dimensions, findings.

    \b
    Example:
      alignment compare results/2026-q3.json results/2026-q4.json -f md
    """
    from alignment_cli.commands.compare import run_compare

    comparison = run_compare(old, new, format)
    if comparison.text:
        sys.stdout.write(comparison.text)
    else:
        comparison.draw(_console())


@app.command()
def plan(
    result: Annotated[Path, typer.Argument(metavar="RESULT.json",
                                           help="The result whose action plan to agree.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="The actions file; default actions.yaml beside RESULT.json.")] = None,
    export: Annotated[list[str] | None, typer.Option(
        "--export", metavar="md|csv", show_default=False,
        help="Also write the plan as a Markdown checklist (actions.md) or CSV (actions.csv) "
        "beside the actions file; repeatable.")] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt: export the "
                                           "existing actions file as it is.")] = False,
) -> None:
    """Agree the action plan: an owner and a due date for each action, or "not now".

    \b
    Examples:
      alignment plan reports/report.json
      alignment plan reports/report.json --no-input --export md --export csv
    """
    from alignment_cli.interactive.plan import run_plan

    interactive = not (no_input or _options().no_input)
    if interactive:
        from alignment_cli.program import command as shown

        _interactive_or_fail(no_input, "plan", hint=(
            "Without a terminal: `" + shown("plan", str(result), "--no-input") + "` writes "
            "actions.yaml with every action, owners and due dates empty, to fill in by hand; "
            "with an existing file it exports it (add --export md or --export csv)."))
    for path in run_plan(result, output=output, exports=export or [], interactive=interactive,
                         console=_console()):
        typer.echo(f"Wrote {path}", err=True)


@app.command()
def trend(
    paths: Annotated[list[Path], typer.Argument(metavar="RESULT.json...|DIR",
                                                help="Result files, or folders of them.")],
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT",
                                        help="terminal, md, html or json.")] = "terminal",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file instead of standard "
        "output.")] = None,
) -> None:
    """The alignment index and every dimension over several rounds.

    \b
    Examples:
      alignment trend examples/northwind-history/results/
      alignment trend results/ -f html -o trend.html
    """
    from alignment_cli.commands.trend import run_trend

    written = run_trend(paths, format, output, console=_console())
    if written is not None:
        typer.echo(f"Wrote {written}", err=True)


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to set up.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    install: Annotated[str | None, typer.Option(
        "--install", metavar="SOURCE",
        help="Where the CI workflow installs alignment-cli from: a version (1.2.0) or a git URL "
        "at a tag (git+https://HOST/OWNER/alignment-cli@v1.2.0).")] = None,
    wheel: Annotated[bool, typer.Option(
        "--wheel", help="Write a wheel of this version beside the workflow, which installs it by "
        "its path: no package index is asked for alignment-cli.")] = False,
) -> None:
    """Set up a folder for scheduled re-assessments: config, responses folder, CI workflow.

    \b
    Example:
      alignment init alignment/ --wheel
    """
    from alignment_cli.commands.scaffold import (
        install_source,
        installed_source,
        scaffold,
        wheel_source,
    )
    from alignment_cli.errors import UsageError

    if wheel and install is not None:
        raise UsageError("--wheel and --install both say where CI installs from: give one")
    source = (wheel_source() if wheel else install_source(install) if install is not None
              else installed_source())
    done = scaffold(directory, force=force, install=source)
    for path in done.files:
        typer.echo(f"Wrote {path}")
    for line in done.notes():
        typer.echo(line)


crm_app = typer.Typer(help="CRM lead data beside the answers: summarise a lead export.",
                      no_args_is_help=True)
app.add_typer(crm_app, name="crm")


@crm_app.command("import")
def crm_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A lead export, .csv or .xlsx: one "
                                         "row per lead.")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                         help="The summary to write.")] = Path("crm.json"),
    source: Annotated[str | None, typer.Option(
        metavar="generic|salesforce|hubspot",
        help="The export's layout; by default recognised from its header.")] = None,
    column_map: Annotated[Path | None, typer.Option(
        "--map", metavar="MAP.yaml", help="Name the columns of any other export.")] = None,
    timezone: Annotated[str, typer.Option(
        metavar="ZONE", help="Business hours (Mon-Fri 09:00-17:00) are counted in this zone; "
        "dates without an offset are read in it.")] = "UTC",
    day_first: Annotated[bool, typer.Option("--day-first", help="Read 03/04/2025 as 3 April.")]
    = False,
    month_first: Annotated[bool, typer.Option("--month-first",
                                              help="Read 03/04/2025 as March 4.")] = False,
) -> None:
    """Summarise a lead export into funnel figures.

    A CRM lead export (.csv or .xlsx) into a summary for `report --crm` and `check`.

    Keeps no lead id, name, e-mail address or single lead's date: only counts, shares, a median
    and a 90th percentile, each with its period and n.

    \b
    Examples:
      alignment crm import leads.csv -o crm.json --timezone Europe/Berlin
      alignment crm import report.xlsx --source salesforce
      alignment crm import export.csv --map columns.yaml
    """
    from alignment_cli.commands.crm import run_crm_import

    if day_first and month_first:
        raise UsageError("--day-first and --month-first: give one of them")
    order = True if day_first else False if month_first else None
    summary = run_crm_import(file, output, source=source, column_map=column_map,
                             timezone=timezone, day_first=order)
    typer.echo(_shown(f"Wrote {output}: {summary.leads} leads, {summary.period} "
                      f"({summary.source} layout)"), err=True)
    for metric in summary.metrics:
        typer.echo(f"  {metric.title}: {metric.figure}, n = {metric.n}", err=True)
    for problem, count in summary.data_quality.items():
        typer.echo(f"  Data quality: {count} lead(s) with {problem}", err=True)
    for note in summary.notes:
        typer.echo(f"  {note}", err=True)


def _hoist_global_flags(argv: list[str]) -> list[str]:
    """Move --no-color, --debug and --no-input before the command, wherever they were typed,
    so `alignment report x --no-color` works as `alignment --no-color report x` does."""
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in argv[:end] if a not in GLOBAL_FLAGS]
    return [*dict.fromkeys(flags), *rest, *argv[end:]]


class _Command(TyperCommand):
    """Help that shows arguments as they are typed: `PATH...`, not `{PATH}...` or
    `PATH <list[str]>`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_label(param, usage=True))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_label(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_label(param: Any, *, usage: bool = False) -> str:
    label = str(param.metavar or param.name.upper())
    if param.nargs != 1:
        label += "..."
    return f"[{label}]" if usage and not param.required else label


def _full_help_lines() -> None:
    """Every command with its own help class, and its whole first sentence in the command list
    (instead of one cut at 45 characters)."""
    for typer_app in (app, questionnaire_app, crm_app):
        for info in typer_app.registered_commands:
            info.cls = _Command
            doc = (info.callback.__doc__ or "") if info.callback else ""
            info.short_help = " ".join(doc.strip().split("\n\n")[0].split())
    for group in app.registered_groups:
        help_text = group.typer_instance.info.help if group.typer_instance else None
        if isinstance(help_text, str):
            group.short_help = help_text


_full_help_lines()


# --- entry point ---------------------------------------------------------------------------------

class _StdoutClosed(OutputError):
    """The reader of standard output went away (`| head`): nothing to say, nobody to say it to."""


class _Stdout:
    """Standard output whose write errors are the environment's, not bugs: a full disk says so
    and exits 2; a closed pipe (`| head`) exits 2 without a word or a traceback."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.failed = False

    def _fail(self, exc: OSError) -> OutputError:
        self.failed = True
        if isinstance(exc, BrokenPipeError):
            return _StdoutClosed("standard output was closed")
        return OutputError(f"cannot write to standard output: {exc.strerror or exc}")

    def write(self, text: str) -> int:
        try:
            return int(self.inner.write(text))
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _silence_stdout() -> None:
    """Point standard output at nothing, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


def main(argv: list[str] | None = None) -> None:
    """Typer handles usage errors (exit 2) and Ctrl-C (exit 130); the core's errors end here."""
    # The cycle collector runs rarely: a report on thousands of files makes millions of
    # objects and no cycles, and the default thresholds had the collector walk them all again
    # and again (half a second of a 10,000-file report). Objects without cycles are still freed
    # the moment they are dropped.
    gc.set_threshold(100_000, 50, 100)
    guard = _Stdout(sys.stdout)
    sys.stdout = guard
    try:
        _run(argv, guard)
    finally:
        if sys.stdout is guard:
            sys.stdout = guard.inner


def _run(argv: list[str] | None, guard: _Stdout) -> None:
    options = RunOptions()
    run = _RUN.set(options)
    try:
        try:
            app(args=_hoist_global_flags(sys.argv[1:] if argv is None else argv),
                prog_name="alignment")
        except SystemExit:
            guard.flush()  # the run is over only when its output has been written
            raise
    except _StdoutClosed:
        _silence_stdout()
        sys.exit(EXIT_INPUT)
    except AlignmentError as exc:
        if options.debug:
            raise
        if guard.failed:
            _silence_stdout()
        sys.stderr.write(f"alignment: {_shown(str(exc))}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if options.debug:
            raise
        sys.stderr.write(f"alignment: internal error: {type(exc).__name__}: {_shown(str(exc))}\n"
                         "Run again with --debug for the traceback, and please report it.\n")
        sys.exit(3)
    finally:
        _RUN.reset(run)


__all__ = ["EXIT_INPUT", "app", "main"]
