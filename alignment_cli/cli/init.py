"""`alignment init`: set up a folder for scheduled re-assessments."""

from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.root import app


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Where to set up.")] = Path("."),
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write init's own files afresh (the workflow, the wheel), to upgrade a set-up; "
            "alignment.yml and responses/README.md are yours and are kept as they are.",
        ),
    ] = False,
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SOURCE",
            help="Where the CI workflow installs alignment-cli from: a version (1.2.0) or a git URL "
            "at a tag (git+https://HOST/OWNER/alignment-cli@v1.2.0).",
        ),
    ] = None,
    wheel: Annotated[
        bool,
        typer.Option(
            "--wheel",
            help="Write a wheel of this version beside the workflow, which installs it by "
            "its path: no package index is asked for alignment-cli.",
        ),
    ] = False,
) -> None:
    """Set up a folder for scheduled re-assessments: config, responses folder, CI workflow.

    \b
    Examples:
      alignment init alignment/ --wheel
      alignment init alignment/ --force --wheel   # upgrade: keeps alignment.yml
    """
    from alignment_cli.commands.scaffold import InitRequest, run_init

    done = run_init(InitRequest(directory, force=force, wheel=wheel, install=install))
    for change in done.changes:
        typer.echo(change.line(), err=True)
    for line in done.notes():
        typer.echo(line)
