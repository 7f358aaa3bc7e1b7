"""`alignment workshop`: both heads on one laptop, then the result."""

from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import (
    Browser,
    History,
    Paper,
    check_history,
    chosen_pdf_options,
    interactive_or_fail,
    one_line,
)
from alignment_cli.cli.root import app, make_console
from alignment_cli.formats import (
    DEFAULT_FILE_FORMATS,
    FORMATS,
    ReportFormat,
    file_formats,
    parse_formats,
    spoken,
)


@app.command()
def workshop(
    organization: Annotated[
        str | None, typer.Option(metavar="NAME", help="Organization name; asked when absent.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="DIR", help="Folder for the reports.")
    ] = Path("alignment-report"),
    responses: Annotated[Path, typer.Option(metavar="DIR", help="Folder for the two response files.")] = Path(
        "responses"
    ),
    questionnaire: Annotated[
        str, typer.Option(metavar="ID|PATH", help="A built-in questionnaire, or your own file.")
    ] = "sales-marketing-alignment",
    force: Annotated[
        bool, typer.Option("--force", help="Start again over completed response files.")
    ] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            show_default=False,
            help=f"Report files to write: {', '.join(file_formats())} (default "
            f"{spoken(DEFAULT_FILE_FORMATS, 'and')}).",
        ),
    ] = None,
    actions: Annotated[
        Path | None,
        typer.Option(metavar="actions.yaml", help="Last round's commitments, to show where each stands."),
    ] = None,
    history: History = None,
    browser: Browser = None,
    paper: Paper = "a4",
) -> None:
    """Run the diagnostic live: the head of Sales, then the head of Marketing, then the result,
    then owners and due dates for the action plan (saved in actions.yaml).

    \b
    Example:
      alignment workshop --organization "Acme Corp" -o acme-report/
    """
    interactive_or_fail(
        no_input,
        "workshop",
        hint=lambda: file_based(
            questionnaire,
            organization=one_line(organization),
            output=output,
            responses=responses,
            force=force,
            formats=formats,
            actions=actions,
            history=history,
            browser=browser,
            paper=paper,
        ),
    )
    from alignment_cli.interactive.guard import stops_like_ctrl_c
    from alignment_cli.interactive.workshop import run_workshop

    chosen = [
        f
        for f in (parse_formats(formats) if formats else DEFAULT_FILE_FORMATS)
        if f is not ReportFormat.terminal
    ]
    pdf = chosen_pdf_options(chosen, browser, paper)
    if actions is not None:
        from alignment_cli.model.actions import load_actions

        load_actions(actions)  # a broken file fails before anyone answers
    check_history(history)
    with stops_like_ctrl_c():  # SIGTERM, SIGHUP: saved and resumable, as with Ctrl-C
        run_workshop(
            questionnaire=questionnaire,
            organization=one_line(organization),
            output=output,
            responses=responses,
            force=force,
            console=make_console(),
            formats=chosen,
            pdf=pdf,
            actions=actions,
            history=history,
        )


def file_based(
    questionnaire: str,
    *,
    organization: str | None,
    output: Path,
    responses: Path,
    force: bool,
    formats: list[str] | None,
    actions: Path | None,
    history: Path | None,
    browser: str | None,
    paper: str,
) -> str:
    """What to do without a terminal: each head fills in a file, then the report the workshop
    would have made, with the options given."""
    from alignment_cli.cli.options import sides_of
    from alignment_cli.program import report_command, template_command

    sides = sides_of(questionnaire)
    files = [responses / f"{side}-head.yaml" for side in sides]  # as the workshop names them
    chosen: list[ReportFormat] = [f for f in parse_formats(formats or []) if f is not ReportFormat.terminal]
    if not chosen:  # as the workshop writes them
        chosen = list(DEFAULT_FILE_FORMATS)
    if len(chosen) == 1:  # one format would be written to a file named like the folder
        output = output / f"report.{FORMATS[chosen[0]].extension}"
    options: list[str] = []
    if actions is not None:
        options += ["--actions", str(actions)]
    if history is not None:
        options += ["--history", str(history)]
    if ReportFormat.pdf in chosen:
        options += [*(["--browser", browser] if browser else []), "--paper", paper]
    lines = [
        "Without a terminal, each head fills in a blank response file, then the report is made from both:"
    ]
    lines += [
        "  " + template_command(questionnaire, side, file, organization=organization, head=True, force=force)
        for side, file in zip(sides, files, strict=True)
    ]
    lines.append(
        "  " + report_command(files, questionnaire, output, formats=["terminal", *chosen], options=options)
    )
    return "\n".join(lines)
