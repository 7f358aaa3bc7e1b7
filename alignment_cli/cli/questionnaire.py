"""`alignment questionnaire`: list, show, validate, template, export."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import (
    one_line,
    one_output,
    shown,
)
from alignment_cli.cli.root import app, make_console

questionnaire_app = typer.Typer(
    help="The built-in questionnaires: list, show, validate a custom file, write a blank response file.",
    no_args_is_help=True,
)
app.add_typer(questionnaire_app, name="questionnaire")


@questionnaire_app.command("list")
def questionnaire_list() -> None:
    """List the built-in questionnaires, newest version first; an older version is named
    ID@VERSION wherever a questionnaire is asked for.

    \b
    Example:
      alignment questionnaire list
    """
    from alignment_cli.commands.questionnaire import run_list

    for listed in run_list():
        typer.echo(
            f"{listed.name}  {listed.version}  {listed.title}  ({listed.dimensions} dimensions, "
            f"{listed.items} items, {listed.recommendations} recommendations, about "
            f"{listed.minutes} minutes)"
        )


@questionnaire_app.command("show")
def questionnaire_show(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH", help="A built-in id or a file.")],
) -> None:
    """Print a questionnaire: dimensions, items, who is asked, and where each comes from.

    \b
    Example:
      alignment questionnaire show sales-marketing-alignment
    """
    from alignment_cli.commands.questionnaire import run_show
    from alignment_cli.render.questionnaire import PIPE_WIDTH, show

    questionnaire = run_show(ref)
    console = make_console()
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPE_WIDTH
    show(questionnaire, console)


@questionnaire_app.command("validate")
def questionnaire_validate(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The questionnaire file to check.")],
) -> None:
    """Check a custom questionnaire file: exit 0 when valid, 2 with the problem when not.

    \b
    Example:
      alignment questionnaire validate my-questionnaire.yaml
    """
    from alignment_cli.commands.questionnaire import run_validate

    checked = run_validate(path)
    problems = checked.citation_problems
    if not checked.valid:
        # a built-in questionnaire is held to complete citations
        for problem in problems:
            typer.echo(shown(f"{path}: {problem}"), err=True)
        raise typer.Exit(2)
    typer.echo(
        shown(
            f"{path}: valid ({checked.id} {checked.version}: {checked.dimensions} dimensions, "
            f"{checked.items} items, {checked.recommendations} recommendations)"
        )
    )
    if problems:
        typer.echo(
            shown(
                f"{path}: citations incomplete ({len(problems)}): "
                + "; ".join(problems[:5])
                + ("; ..." if len(problems) > 5 else "")
            ),
            err=True,
        )


@questionnaire_app.command("template")
def questionnaire_template(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH")] = "sales-marketing-alignment",
    role: Annotated[
        str, typer.Option("--role", metavar="ROLE", help="Whose questions: sales or marketing.")
    ] = "sales",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="File to write; standard output when absent."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    organization: Annotated[
        str | None, typer.Option(metavar="NAME", help="Organization name to fill in.")
    ] = None,
    name: Annotated[
        str | None, typer.Option(metavar="NAME", help="The respondent's name to fill in.")
    ] = None,
    head: Annotated[
        bool,
        typer.Option(
            "--head/--member",
            help="Whether the respondent leads their side; the file says head: false unless --head.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank response file to fill in by hand, then score with `alignment report`.

    \b
    Example:
      alignment questionnaire template --role sales --name Jana -o jana.yaml
    """
    from alignment_cli.commands.questionnaire import TemplateRequest, run_template

    made = run_template(
        TemplateRequest(
            ref,
            role=role,
            output=one_output(output, out),
            organization=one_line(organization),
            name=one_line(name),
            head=head,
            force=force,
        )
    )
    if made.written is None:
        typer.echo(made.text, nl=False)
        return
    from alignment_cli.program import command

    typer.echo(
        f"Wrote {made.written}: fill in the answers, then run `{command('report', str(made.written))}`.",
        err=True,
    )


@questionnaire_app.command("export")
def questionnaire_export(
    ref: Annotated[str, typer.Argument(metavar="ID|PATH")] = "sales-marketing-alignment",
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="csv (a sheet to build a survey form from) or md (a printable handout).",
        ),
    ] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="File to write; standard output when absent."),
    ] = None,
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
    from alignment_cli.commands.questionnaire import ExportRequest, run_export

    made = run_export(ExportRequest(ref, format=format, output=one_output(output, out), force=force))
    if made.written is None:
        sys.stdout.write(made.text)
        return
    typer.echo(f"Wrote {made.written}", err=True)
