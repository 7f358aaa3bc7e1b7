"""`alignment crm`: CRM lead data beside the answers."""

from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import shown
from alignment_cli.cli.root import app
from alignment_cli.errors import UsageError

crm_app = typer.Typer(help="CRM lead data beside the answers: summarise a lead export.", no_args_is_help=True)
app.add_typer(crm_app, name="crm")


@crm_app.command("import")
def crm_import(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A lead export, .csv or .xlsx: one row per lead.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="FILE", help="The summary to write.")
    ] = Path("crm.json"),
    source: Annotated[
        str | None,
        typer.Option(
            metavar="generic|salesforce|hubspot",
            help="The export's layout; by default recognised from its header.",
        ),
    ] = None,
    column_map: Annotated[
        Path | None, typer.Option("--map", metavar="MAP.yaml", help="Name the columns of any other export.")
    ] = None,
    timezone: Annotated[
        str,
        typer.Option(
            metavar="ZONE",
            help="Business hours (Mon-Fri 09:00-17:00) are counted in this zone; "
            "dates without an offset are read in it.",
        ),
    ] = "UTC",
    day_first: Annotated[bool, typer.Option("--day-first", help="Read 03/04/2025 as 3 April.")] = False,
    month_first: Annotated[bool, typer.Option("--month-first", help="Read 03/04/2025 as March 4.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing summary.")] = False,
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
    summary = run_crm_import(
        file, output, source=source, column_map=column_map, timezone=timezone, day_first=order, force=force
    )
    typer.echo(
        shown(f"Wrote {output}: {summary.leads} leads, {summary.period} ({summary.source} layout)"), err=True
    )
    for metric in summary.metrics:
        typer.echo(f"  {metric.title}: {metric.figure}, n = {metric.n}", err=True)
    for problem, count in summary.data_quality.items():
        typer.echo(f"  Data quality: {count} lead(s) with {problem}", err=True)
    for note in summary.notes:
        typer.echo(f"  {note}", err=True)
