"""The terminal summary: index, stage, a table with bars, findings, top recommendations.

Built from rich Text objects, never from markup strings, so respondent text cannot style or break
the output. Fits 80 columns.
"""

from __future__ import annotations

from typing import Any

from alignment_cli.model.result import LARGE_GAP, Result, side_name
from alignment_cli.numbers import number
from alignment_cli.render.templates import bar

TOP_FINDINGS = 6
TOP_RECOMMENDATIONS = 3


def render_terminal(result: Result, console: Any) -> None:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    a, b = result.sides
    head = Text()
    if result.organization:
        head.append(result.organization, style="bold")
        head.append("\n")
    if result.alignment_index is not None and result.stage is not None:
        head.append(f"Alignment index {result.alignment_index:.1f} / 100", style="bold cyan")
        head.append("  ·  stage ")
        head.append(result.stage.name, style="bold")
        head.append(f" ({result.stage.from_:.0f}–{result.stage.to:.0f})")
    else:
        head.append("No alignment index yet", style="bold yellow")
    head.append("\n")
    head.append(result.headline)
    respondents = "  ".join(f"{side_name(s)}: {result.respondents[s].respondents}"
                            for s in result.sides)
    head.append(f"\nRespondents  {respondents}", style="dim")
    console.print(Panel(head, title="Sales & Marketing alignment", title_align="left",
                        box=box.ROUNDED, width=min(console.width, 80)))

    table = Table(box=box.SIMPLE_HEAD, width=min(console.width, 80), pad_edge=False)
    table.add_column("Dimension", ratio=3, overflow="fold")
    table.add_column(side_name(a)[:9], justify="right", width=9)
    table.add_column(side_name(b)[:9], justify="right", width=9)
    table.add_column("Gap", justify="right", width=4)
    table.add_column("Align", justify="right", width=5)
    table.add_column("", width=12, no_wrap=True)
    for dim in result.dimensions:
        title = Text(dim.title, style="bold" if dim.priority else "")
        if dim.priority:
            title.append(f" #{dim.priority}", style="yellow")
        gap = "exp." if dim.gap_expected else number(dim.gap)
        gap_style = "red" if dim.gap is not None and dim.gap >= LARGE_GAP else ""
        align = "n/a" if dim.status == "insufficient" else number(dim.alignment)
        table.add_row(title, number(dim.scores[a]), number(dim.scores[b]), Text(gap, style=gap_style),
                      align, Text(bar(dim.alignment, 12).rstrip(), style=_style(dim.alignment)))
    console.print(table)

    _findings(result, console)
    _recommendations(result, console)


def _findings(result: Result, console: Any) -> None:
    from rich.text import Text

    if not result.findings:
        return
    console.print(Text("Findings", style="bold underline"))
    rows = _hanging(min(console.width, 80))
    for finding in result.findings[:TOP_FINDINGS]:
        marker = {"high": "!", "medium": "•", "info": "·"}[finding.severity]
        rows.add_row(Text(marker, style="red" if finding.severity == "high" else ""),
                     Text(finding.title))
    console.print(rows)
    more = len(result.findings) - TOP_FINDINGS
    if more > 0:
        console.print(Text(f"   … and {more} more in the full report", style="dim"))
    console.print()


def _recommendations(result: Result, console: Any) -> None:
    from rich.text import Text

    if not result.recommendations:
        return
    console.print(Text("Top recommendations", style="bold underline"))
    rows = _hanging(min(console.width, 80))
    for i, rec in enumerate(result.recommendations[:TOP_RECOMMENDATIONS], start=1):
        line = Text(rec.title, style="bold")
        line.append(f"  ({rec.dimension_title}; {rec.source or 'no source'})", style="dim")
        if rec.actions:
            line.append(f"\n→ {rec.actions[0]}", style="")
        rows.add_row(Text(f"{i}."), line)
    console.print(rows)
    console.print()


def _hanging(width: int) -> Any:
    """Two columns, so a wrapped line stays indented under its text, not under its marker."""
    from rich.table import Table

    rows = Table.grid(padding=(0, 1), pad_edge=True)
    rows.add_column(width=3, justify="right", no_wrap=True)
    rows.add_column(width=width - 6, overflow="fold")
    return rows


def _style(value: float | None) -> str:
    if value is None:
        return "dim"
    if value < 40:
        return "red"
    if value < 60:
        return "yellow"
    return "green"
