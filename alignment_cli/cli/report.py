"""`alignment report`: score response files and render the report."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import (
    Browser,
    History,
    Paper,
    check_history,
    chosen_pdf_options,
    one_line,
    this_command,
    wrote,
)
from alignment_cli.cli.root import app, make_console
from alignment_cli.errors import InvalidFilesError, UsageError
from alignment_cli.formats import FORMATS, ReportFormat, file_formats, parse_formats, spoken


@app.command()
def report(
    context: typer.Context,
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Response files, folders or globs.")],
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{spoken(FORMATS)}; repeat (or separate with commas) for several.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,  # not a Path, which would drop the trailing slash of `-o reports/`
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR",
            help="The file for one format, or a folder (DIR/) for one or several ("
            + ", ".join(f"report.{FORMATS[f].extension}" for f in file_formats())
            + "). Without -f the file's extension says the format (-o report.html). Without -o one "
            + spoken(f for f in file_formats() if not FORMATS[f].binary)
            + " report goes to standard output.",
        ),
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Organization name for the "
            "report; also reports on files that "
            "name different organizations as one, "
            "on purpose.",
        ),
    ] = None,
    questionnaire: Annotated[
        str | None,
        typer.Option(metavar="ID|PATH", help="The questionnaire; by default the one the responses name."),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template", metavar="DIR", help="A folder of report templates that override the built-in ones."
        ),
    ] = None,
    show_names: Annotated[
        bool,
        typer.Option("--show-names", help="Show respondent names even with several respondents per side."),
    ] = False,
    min_group_size: Annotated[
        int, typer.Option(min=1, metavar="N", help="Smallest team shown on its own.")
    ] = 3,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Report on the valid files and list the invalid ones, instead of failing."
        ),
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="RESULT.json", help="An earlier result (JSON) to show changes against."),
    ] = None,
    min_completeness: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            metavar="PERCENT",
            help="A file answering less of what it was asked is left out (default 80).",
        ),
    ] = None,
    include_incomplete: Annotated[
        bool,
        typer.Option("--include-incomplete", help="Score incomplete files too, instead of leaving them out."),
    ] = False,
    max_actions: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=100,
            metavar="N",
            help="Steps in the action plan (default 7); the rest go to More ideas.",
        ),
    ] = None,
    actions: Annotated[
        Path | None,
        typer.Option(metavar="actions.yaml", help="Last round's commitments, to show where each stands."),
    ] = None,
    history: History = None,
    crm: Annotated[
        Path | None,
        typer.Option(
            metavar="crm.json", help='A CRM summary (`alignment crm import`): adds "What the data says".'
        ),
    ] = None,
    browser: Browser = None,
    paper: Paper = "a4",
    open_report: Annotated[
        bool, typer.Option("--open", help="Open the HTML report in the default browser once it is written.")
    ] = False,
) -> None:
    """Score response files and render the report.

    \b
    Examples:
      alignment report examples/northwind --format html -o report.html
      alignment report examples/northwind -o report.pdf --paper letter
      alignment report responses/ -f md -f html -f json -o reports/
    """
    from alignment_cli.commands.report import ReportRequest, run_report
    from alignment_cli.render.reports import (
        check_writable,
        formats_for_output,
        plan_outputs,
    )

    chosen = formats_for_output(parse_formats(formats) if formats else None, output)
    plan = plan_outputs(chosen, output)  # every output problem is found before any work
    html = plan.get(ReportFormat.html)
    if open_report and html is None:
        raise UsageError(
            "--open opens the HTML report, which needs a file: add -o report.html (or -f html -o FOLDER/)"
        )
    check_writable([p for p in plan.values() if p is not None])
    pdf = chosen_pdf_options(chosen, browser, paper)
    check_history(history)
    try:
        outcome = run_report(
            ReportRequest(
                paths,
                plan,
                questionnaire=questionnaire,
                organization=one_line(organization),
                show_names=show_names,
                min_group_size=min_group_size,
                skip_invalid=skip_invalid,
                min_completeness=min_completeness,
                include_incomplete=include_incomplete,
                max_actions=max_actions,
                crm=crm,
                baseline=baseline,
                actions=actions,
                history=history,
                template=template,
                pdf=pdf,
            )
        )
    except InvalidFilesError as exc:
        raise exc.offering(this_command(context, "--skip-invalid")) from exc
    if ReportFormat.terminal in chosen:
        from alignment_cli.render.terminal import render_terminal

        render_terminal(outcome.result, make_console())
        if outcome.extras.commitments is not None:
            from alignment_cli.render.actions import render_commitments_terminal

            render_commitments_terminal(outcome.extras.commitments, make_console())
    sys.stdout.write(outcome.stdout)
    wrote(outcome.files)
    if open_report and html is not None:
        _open_in_browser(html)


def _open_in_browser(path: Path) -> None:
    """Hand the file to the default browser; never fail the run or wait on a machine that has
    none (a CI job, an SSH session), where a text-mode browser would take over the terminal."""
    import webbrowser

    headless = sys.platform.startswith("linux") and not any(
        os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY")
    )
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
