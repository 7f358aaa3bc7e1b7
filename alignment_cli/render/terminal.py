"""The terminal summary: the verdict, files left out, the dimension table with bars, findings,
the priorities with their first steps, and the action plan. The workshop's end screen is this
same summary, so the projector tells the same story as the reports.

Built from rich Text objects, never from markup strings, so respondent text cannot style or break
the output. Uses the terminal's full width (80 columns at least)."""

from __future__ import annotations

from typing import Any

from alignment_cli.model.result import Result, side_name
from alignment_cli.numbers import number
from alignment_cli.render.templates import bar

MIN_WIDTH = 80


def render_terminal(result: Result, console: Any) -> None:
    from rich import box
    from rich.panel import Panel

    width = max(console.width, MIN_WIDTH)
    console.print(Panel(_verdict(result), title="Sales & Marketing alignment",
                        title_align="left", box=box.ROUNDED, width=width))
    console.print(_table(result, width))
    _findings(result, console, width)
    _priorities(result, console, width)
    _plan(result, console, width)


def _table(result: Result, width: int) -> Any:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    a, b = result.sides
    table = Table(box=box.SIMPLE_HEAD, width=width, pad_edge=False)
    table.add_column("Dimension", ratio=3, overflow="fold")
    table.add_column(side_name(a)[:9], justify="right", width=9)
    table.add_column(side_name(b)[:9], justify="right", width=9)
    table.add_column("Gap", justify="right", width=4)
    table.add_column("Align", justify="right", width=5)
    bar_width = max(12, min(30, width - 70))
    table.add_column("", width=bar_width, no_wrap=True)
    for dim in result.dimensions:
        title = Text(dim.title, style="bold" if dim.priority else "")
        if dim.priority:
            title.append(f" #{dim.priority}", style="yellow")
        gap = "exp." if dim.gap_expected else number(dim.gap)
        gap_style = "red" if dim.gap is not None and dim.gap >= result.rules.large_gap else ""
        align = "n/a" if dim.status == "insufficient" else number(dim.alignment)
        table.add_row(title, number(dim.scores[a]), number(dim.scores[b]),
                      Text(gap, style=gap_style), align,
                      Text(bar(dim.alignment, bar_width).rstrip(),
                           style=_style(result, dim.alignment)))
    return table


def _findings(result: Result, console: Any, width: int) -> None:
    from rich.text import Text

    if not result.findings:
        return
    shown = result.rules.findings_shown
    console.print(Text("Findings", style="bold underline"))
    rows = _hanging(width)
    for finding in result.findings[:shown]:
        marker = {"high": "!", "medium": "•", "info": "·"}[finding.severity]
        rows.add_row(Text(marker, style="red" if finding.severity == "high" else ""),
                     Text(finding.title))
    console.print(rows)
    more = len(result.findings) - shown
    if more > 0:
        console.print(Text(f"   … and {more} more in the full report", style="dim"))
    console.print()


def _priorities(result: Result, console: Any, width: int) -> None:
    from rich.text import Text

    console.print(Text("Priorities", style="bold underline"))
    rows = _hanging(width)
    for p in result.priorities:
        line = Text(p.title, style="bold")
        if p.evidence.reasons:
            line.append("  (" + "; ".join(p.evidence.reasons) + ")", style="dim")
        line.append("\nFirst step: ", style="")
        line.append(p.action or "no recommendation in the questionnaire for this area")
        rows.add_row(Text(f"{p.rank}."), line)
    console.print(rows)
    note = priorities_note(result)
    if note:
        console.print(Text(note, style="dim"))
    console.print()


def _plan(result: Result, console: Any, width: int) -> None:
    from rich.text import Text

    if not result.plan:
        return
    console.print(Text(f"Action plan ({len(result.plan)})", style="bold underline"))
    rows = _hanging(width)
    for rec in result.plan:
        line = Text(rec.title, style="bold")
        line.append(f"  ({rec.dimension_title}; {rec.source or 'no source'})", style="dim")
        rows.add_row(Text(f"{rec.rank}."), line)
    console.print(rows)
    if result.more_ideas:
        console.print(Text(f"   … and {len(result.more_ideas)} more ideas in the full report",
                           style="dim"))
    console.print()


def _verdict(result: Result) -> Any:
    from rich.text import Text

    head = Text()
    if result.organization:
        head.append(result.organization, style="bold")
        head.append("\n")
    if result.alignment_index is not None and result.stage is not None:
        head.append(f"Alignment index {result.alignment_index:.1f} / 100", style="bold cyan")
        if result.alignment_index_interval:
            low, high = result.alignment_index_interval
            head.append(f" ({result.rules.interval_level:.0%} interval {low:.1f}–{high:.1f})")
        head.append("  ·  ")
        head.append(result.stage.label, style="bold")
        if not result.stage.boundary:
            head.append(f" ({result.stage.from_:.0f}–{result.stage.to:.0f})")
    else:
        head.append("No alignment index", style="bold yellow")
    head.append("\n")
    head.append(result.headline)
    respondents = "  ".join(f"{side_name(s)}: {result.respondents[s].respondents}"
                            for s in result.sides)
    head.append(f"\nRespondents  {respondents}", style="dim")
    for left_out in result.excluded:
        head.append(f"\nLeft out: {left_out.file} ({left_out.reason})", style="yellow")
    if result.organizations_merged:
        head.append("\nReported as one organization: "
                    + ", ".join(result.organizations_merged), style="dim")
    return head


def priorities_note(result: Result) -> str | None:
    """Says why there are fewer priorities than the rule allows, so none looks forgotten."""
    wanted = result.rules.priorities
    have = len(result.priorities)
    if have >= wanted:
        return None
    if have == 0:
        return ("No priorities: no area has enough evidence of a problem (and an area in the "
                f"top band, {result.rules.top_band:g} or more, is never one).")
    return (f"Only {have} of {wanted} possible priorities: the other areas show too little "
            "evidence of a problem to rank.")


def _hanging(width: int) -> Any:
    """Two columns, so a wrapped line stays indented under its text, not under its marker."""
    from rich.table import Table

    rows = Table.grid(padding=(0, 1), pad_edge=True)
    rows.add_column(width=3, justify="right", no_wrap=True)
    rows.add_column(width=width - 6, overflow="fold")
    return rows


def _style(result: Result, value: float | None) -> str:
    """The colour of the stage band a value falls in: the colour bands are the stage bands."""
    if value is None:
        return "dim"
    band = next((b for b in reversed(result.stages) if value >= b.from_), None)
    return band.colour if band is not None and band.colour else ""
