"""`alignment survey`: one respondent answers in the terminal."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from alignment_cli.cli.options import interactive_or_fail, one_line, one_output
from alignment_cli.cli.root import app, make_console

if TYPE_CHECKING:
    from rich.console import Console

    from alignment_cli.interactive.survey import SurveyOutcome


@app.command()
def survey(
    role: Annotated[
        str | None, typer.Option(metavar="ROLE", help="sales or marketing; asked when absent.")
    ] = None,
    name: Annotated[str | None, typer.Option(metavar="NAME", help="Your name (optional).")] = None,
    team: Annotated[
        str | None, typer.Option(metavar="TEAM", help="Your team, e.g. a region (optional).")
    ] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Do not ask for or store a name.")] = False,
    head: Annotated[bool | None, typer.Option("--head/--member", help="Whether you lead your side.")] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME", help="Organization name.")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Response file; default responses/ROLE-NAME.yaml."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    resume: Annotated[
        Path | None, typer.Option(metavar="FILE", help="Continue a partial response file.")
    ] = None,
    questionnaire: Annotated[
        str, typer.Option(metavar="ID|PATH", help="A built-in questionnaire, or your own file.")
    ] = "sales-marketing-alignment",
    force: Annotated[bool, typer.Option("--force", help="Overwrite a completed response file.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")] = False,
) -> None:
    """Answer the questionnaire as one respondent; every answer is saved at once.

    \b
    Examples:
      alignment survey --role sales --name "Jana Carpenter" --organization Acme
      alignment survey --resume responses/sales-jana-carpenter.yaml
    """
    interactive_or_fail(
        no_input,
        "survey",
        hint=lambda: file_based(
            questionnaire,
            role=role,
            name=None if anonymous else one_line(name),
            organization=one_line(organization),
            head=bool(head),
            output=one_output(output, out),
            resume=resume,
            force=force,
        ),
    )
    from alignment_cli.interactive.survey import run_survey

    out = one_output(output, out)
    console = make_console()
    outcome = run_survey(
        questionnaire=questionnaire,
        role=role,
        name=one_line(name),
        team=one_line(team),
        head=head,
        anonymous=anonymous,
        organization=one_line(organization),
        out=out,
        resume=resume,
        force=force,
        console=console,
    )
    show_survey_outcome(outcome, console)


def file_based(
    questionnaire: str,
    *,
    role: str | None,
    name: str | None,
    organization: str | None,
    head: bool,
    output: Path | None,
    resume: Path | None,
    force: bool,
) -> str:
    """What to do without a terminal: the same survey as a file filled in by hand, with the
    options given (a side not given is either side)."""
    from alignment_cli.cli.options import sides_of
    from alignment_cli.program import report_command, template_command
    from alignment_cli.text import slugify

    if resume is not None:
        return (
            f"For file-based use: fill in the rest of {resume} by hand, then run "
            f"`{report_command([resume], questionnaire)}`."
        )

    def target(side: str) -> Path:
        return output or Path("responses") / f"{side}-{slugify(name or '') or 'anonymous'}.yaml"

    sides = [role] if role else sides_of(questionnaire)
    lines = [
        "For file-based use: write a blank response file"
        + (" for your side (one of these)" if len(sides) > 1 else "")
        + ", fill it in, then score it:"
    ]
    lines += [
        "  "
        + template_command(
            questionnaire, side, target(side), name=name, organization=organization, head=head, force=force
        )
        for side in sides
    ]
    scored = output or (target(role) if role else Path("responses"))
    lines.append("  " + report_command([scored], questionnaire))
    return "\n".join(lines)


def show_survey_outcome(outcome: "SurveyOutcome", console: "Console") -> None:
    """Where the answers are, this respondent's view at once, and how to add the other side."""
    from rich.text import Text

    from alignment_cli.render.terminal import render_terminal

    console.print()
    console.print(Text(f"Done. All {outcome.answers} answers are saved in {outcome.path}.", style="bold"))
    if outcome.result is None:
        console.print(Text(f"(No summary: {outcome.no_summary})", style="dim"))
    else:
        console.print()
        render_terminal(outcome.result, console)
    console.print(Text(f"To compare with the other side: {outcome.next_command}"))
