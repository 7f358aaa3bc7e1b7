"""`alignment compare`: what changed between two results."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.root import app, make_console


@app.command()
def compare(
    old: Annotated[Path, typer.Argument(metavar="OLD.json", help="The earlier result JSON.")],
    new: Annotated[Path, typer.Argument(metavar="NEW.json", help="The later result JSON.")],
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="terminal, md or json.")
    ] = "terminal",
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
        comparison.draw(make_console())
