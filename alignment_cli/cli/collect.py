"""Collecting answers from a room (`alignment collect`) or a survey platform
(`alignment import`)."""

from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import one_line, one_output
from alignment_cli.cli.root import app, make_console
from alignment_cli.errors import UsageError


def _collect_extra(command: str) -> None:
    """The web stack is an optional extra; say how to add it instead of failing on an import."""
    import importlib.util

    missing = [
        m for m in ("starlette", "uvicorn", "multipart", "segno") if importlib.util.find_spec(m) is None
    ]
    if missing:
        raise UsageError(
            f"`alignment {command}` needs the collect extra ({', '.join(missing)} "
            "missing): pip install 'alignment-cli[collect]'"
        )


@app.command()
def collect(
    organization: Annotated[
        str | None, typer.Option(metavar="NAME", help="Organization name for the responses.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Folder for the response files, one per person. Default: responses/.",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    questionnaire: Annotated[
        str, typer.Option(metavar="ID|PATH", help="A built-in questionnaire, or your own file.")
    ] = "sales-marketing-alignment",
    host: Annotated[
        str,
        typer.Option(
            metavar="ADDRESS",
            help="Where to listen; all interfaces by default, so phones on the network can reach it.",
        ),
    ] = "0.0.0.0",  # noqa: S104 - phones on the room's network must reach it
    port: Annotated[int, typer.Option(min=0, max=65535, metavar="PORT", help="Port to listen on.")] = 8765,
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

    out = one_output(output, out) or Path("responses")

    run_collect(
        questionnaire=questionnaire,
        organization=one_line(organization),
        out=out,
        host=host,
        port=port,
        console=make_console(),
    )


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A survey platform's export, .csv or .xlsx: one row per respondent."
        ),
    ],
    questionnaire: Annotated[
        str, typer.Option(metavar="ID|PATH", help="The questionnaire the form was built from.")
    ] = "sales-marketing-alignment",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Folder for the response files. Default: responses/."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True)] = None,
    organization: Annotated[str | None, typer.Option(metavar="NAME", help="Organization name.")] = None,
    side: Annotated[
        str | None,
        typer.Option(
            metavar="ROLE", help="Every row is from this side (a form per side, without a side column)."
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the valid rows and list the invalid ones, instead of writing nothing.",
        ),
    ] = False,
) -> None:
    """Turn a survey platform's export (CSV or .xlsx) into response files, one per row.

    Columns are matched by question id or the question's exact text; a side column, and
    optional name, team and head columns. A timestamp column dates each response; a
    timestamp not read (an unknown format, or a day and month that could be either way) is
    said once, and the response carries the date of the import. Other columns (email) are
    listed and ignored. Existing files are never overwritten.

    \b
    Example:
      alignment import answers.csv -o responses/
    """
    from alignment_cli.commands.importing import ImportRequest, run_import

    imported = run_import(
        ImportRequest(
            file,
            questionnaire,
            one_output(output, out) or Path("responses"),
            organization=one_line(organization),
            side=side,
            skip_invalid=skip_invalid,
        )
    )
    if imported.unmatched:
        typer.echo("Not matched to a question, ignored: " + ", ".join(imported.unmatched), err=True)
    for line in imported.unread_times:
        typer.echo(line, err=True)
    if imported.invalid:
        typer.echo(
            f"Skipped {len(imported.skipped_rows)} invalid row(s):\n  " + "\n  ".join(imported.invalid),
            err=True,
        )
    counts = ", ".join(f"{role} {n}" for role, n in imported.per_side) or "none"
    typer.echo(f"Wrote {len(imported.files)} response file(s) to {imported.out} ({counts}).", err=True)
    if imported.files:
        from alignment_cli.program import report_command

        typer.echo(f"Next: {report_command([imported.out], questionnaire)}", err=True)
