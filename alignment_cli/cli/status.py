"""`alignment status`: how far each response file and each side has got."""

import sys
from typing import Annotated

import typer

from alignment_cli.cli.root import app, make_console
from alignment_cli.errors import EXIT_INPUT, UsageError


@app.command()
def status(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Response files, folders or globs.")],
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="terminal or json.")
    ] = "terminal",
    questionnaire: Annotated[
        str | None,
        typer.Option(
            metavar="ID|PATH",
            help="Your own questionnaire file, to count what each file was "
            "asked; built-in ones are found by the id the files name.",
        ),
    ] = None,
) -> None:
    """Which response files are complete, partial or blank, and how far each side has got.

    Exit 0 when every file can be read, 2 when one cannot (it is listed with the reason).

    \b
    Example:
      alignment status responses/
    """
    from alignment_cli.commands.status import run_status
    from alignment_cli.render.status import render_status_json, status_view

    if format not in ("terminal", "json"):
        raise UsageError(f"--format {format!r}: expected terminal or json")
    outcome = run_status(paths, questionnaire=questionnaire)
    if format == "json":
        sys.stdout.write(render_status_json(outcome.files, outcome.sides))
    else:
        console = make_console()
        for renderable in status_view(outcome.files, outcome.sides, width=console.width):
            console.print(renderable)
    if not outcome.readable:
        raise typer.Exit(EXIT_INPUT)
