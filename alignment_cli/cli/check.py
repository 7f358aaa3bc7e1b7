"""`alignment check`: a scheduled re-assessment judged against thresholds; a failed
threshold is exit 1."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from alignment_cli.cli.options import (
    wrote,
)
from alignment_cli.cli.root import app
from alignment_cli.errors import EXIT_CHECK_FAILED, UsageError


@app.command()
def check(
    config: Annotated[Path, typer.Argument(metavar="CONFIG", help="The config file, e.g. alignment.yml.")],
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="RESULT.json", help="A result JSON to compare against; overrides the config."),
    ] = None,
    fail_under: Annotated[
        float | None, typer.Option(metavar="INDEX", help="Minimum alignment index; overrides the config.")
    ] = None,
    actions: Annotated[
        Path | None,
        typer.Option(
            metavar="actions.yaml", help="Last round's commitments; overrides the config's actions."
        ),
    ] = None,
    browser: Annotated[
        str | None,
        typer.Option(metavar="PATH", help="The Chromium, Chrome or Edge program that prints a pdf report."),
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit",
            metavar="FILE",
            help="Also write the outcome as JUnit XML, one test case per threshold, for CI test views.",
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="What goes to standard output: md (the summary) or json (the outcome, for scripts).",
        ),
    ] = "md",
) -> None:
    """Re-assess from a config file, write its reports, and fail when alignment drops.

    Exit 0 when every threshold holds, 1 when one fails, 2 on bad input.

    \b
    Example:
      alignment check alignment.yml --baseline results/last.json
      alignment check alignment.yml --junit reports/alignment-junit.xml -f json
    """
    from alignment_cli.commands.check import run_check
    from alignment_cli.io.files import append_step_summary

    if format not in ("md", "json"):
        raise UsageError(f"--format {format!r}: expected md or json")
    if junit is not None:
        from alignment_cli.render.reports import check_writable

        check_writable([junit])  # a place the XML cannot go is found before any work
    outcome = run_check(
        config, baseline=baseline, fail_under=fail_under, actions=actions, browser=browser, junit=junit
    )
    written = list(outcome.reports)
    if junit is not None and outcome.facts is not None:
        from alignment_cli.io.yamlio import write_atomic
        from alignment_cli.render.check_outcome import render_junit

        write_atomic(junit, render_junit(outcome.thresholds, outcome.facts), fsync=False)
        written.append(junit)
    wrote(written)
    if outcome.kept is not None:
        typer.echo(f"Kept {outcome.kept} in the history", err=True)
    if outcome.not_kept is not None:
        typer.echo(outcome.not_kept, err=True)
    if format == "json" and outcome.facts is not None:
        from alignment_cli.render.check_outcome import render_outcome_json

        sys.stdout.write(render_outcome_json(outcome.thresholds, outcome.facts))
    else:
        sys.stdout.write(outcome.summary)
    sys.stdout.flush()
    append_step_summary(outcome.summary)
    if not outcome.passed:
        sys.stderr.write(
            "alignment: Check failed:\n" + "".join(f"  - {failure}\n" for failure in outcome.failures)
        )
        raise typer.Exit(EXIT_CHECK_FAILED)
