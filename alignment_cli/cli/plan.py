"""`alignment plan`: owners and due dates for a result's action plan."""

from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import interactive_or_fail
from alignment_cli.cli.root import app, make_console, run_options


@app.command()
def plan(
    result: Annotated[
        Path, typer.Argument(metavar="RESULT.json", help="The result whose action plan to agree.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The actions file; default actions.yaml beside RESULT.json.",
        ),
    ] = None,
    export: Annotated[
        list[str] | None,
        typer.Option(
            "--export",
            metavar="md|csv",
            show_default=False,
            help="Also write the plan as a Markdown checklist (actions.md) or CSV (actions.csv) "
            "beside the actions file; repeatable.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt: export the existing actions file as it is.")
    ] = False,
) -> None:
    """Agree the action plan: an owner and a due date for each action, or "not now".

    \b
    Examples:
      alignment plan reports/report.json
      alignment plan reports/report.json --no-input --export md --export csv
    """
    from alignment_cli.interactive.plan import run_plan

    interactive = not (no_input or run_options().no_input)
    if interactive:
        from alignment_cli.program import command as shown

        interactive_or_fail(
            no_input,
            "plan",
            hint=(
                "Without a terminal: `" + shown("plan", str(result), "--no-input") + "` writes "
                "actions.yaml with every action, owners and due dates empty, to fill in by hand; "
                "with an existing file it exports it (add --export md or --export csv)."
            ),
        )
    for path in run_plan(
        result, output=output, exports=export or [], interactive=interactive, console=make_console()
    ):
        typer.echo(f"Wrote {path}", err=True)
