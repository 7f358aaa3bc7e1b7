"""`alignment trend`: the index and every dimension over several rounds."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.root import app, make_console


@app.command()
def trend(
    paths: Annotated[
        list[Path], typer.Argument(metavar="RESULT.json...|DIR", help="Result files, or folders of them.")
    ],
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="terminal, md, html or json.")
    ] = "terminal",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """The alignment index and every dimension over several rounds.

    \b
    Examples:
      alignment trend examples/northwind-history/results/
      alignment trend results/ -f html -o trend.html
    """
    from alignment_cli.commands.trend import run_trend

    outcome = run_trend(paths, format, output)
    if outcome.written is not None:
        typer.echo(f"Wrote {outcome.written}", err=True)
    elif outcome.text:
        sys.stdout.write(outcome.text)
    else:
        outcome.draw(make_console())
