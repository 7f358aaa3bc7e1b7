"""The terminal summary: index, stage, a table with bars, findings, top recommendations.

Built from rich Text objects, never from markup strings, so respondent text cannot style or break
the output. Uses the terminal's width (from 80 columns up).
"""

from __future__ import annotations

from typing import Any

from alignment_cli.model.result import LARGE_GAP, Result, side_name
from alignment_cli.numbers import number
from alignment_cli.render.templates import bar

TOP_FINDINGS = 6
TOP_RECOMMENDATIONS = 3
MAX_WIDTH = 140  # wider than this, lines get too long to read
BAR_WIDTH = 12
# Sales, Marketing, Gap, Align and the column gaps: what the numbers need beside the titles
NUMBERS_WIDTH = 9 + 9 + 4 + 5 + 2 * 4


def render_terminal(result: Result, console: Any, *, height: int | None = None) -> None:
    """The summary, as wide as the terminal. With `height` (the workshop's end screen), the
    findings and recommendations are cut to what fits, so the headline stays on screen."""
    width = max(40, min(console.width, MAX_WIDTH))
    findings = min(TOP_FINDINGS, len(result.findings))
    recommendations = min(TOP_RECOMMENDATIONS, len(result.recommendations))
    parts = _parts(result, width, findings, recommendations)
    if height is not None:
        while _lines(console, parts, width) > height and (findings or recommendations > 1):
            if findings:
                findings -= 1
            else:
                recommendations -= 1
            parts = _parts(result, width, findings, recommendations)
    for part in parts:
        console.print(part)


def _lines(console: Any, parts: list[Any], width: int) -> int:
    options = console.options.update(width=width)
    return sum(len(console.render_lines(part, options, pad=False)) for part in parts)


def _parts(result: Result, width: int, findings: int, recommendations: int) -> list[Any]:
    from rich.text import Text

    parts: list[Any] = [_headline(result, width), _table(result, width), Text("")]
    if result.findings:
        parts.append(Text("Findings", style="bold underline"))
        if findings:
            rows = _hanging(width)
            for finding in result.findings[:findings]:
                marker = {"high": "!", "medium": "•", "info": "·"}[finding.severity]
                rows.add_row(Text(marker, style="red" if finding.severity == "high" else ""),
                             Text(finding.title))
            parts.append(rows)
        more = len(result.findings) - findings
        if more > 0:
            parts.append(Text(f"   {'… and ' if findings else ''}{more} "
                              f"{'more ' if findings else ''}in the full report", style="dim"))
        parts.append(Text(""))
    if result.recommendations and recommendations:
        parts.append(Text("Top recommendations", style="bold underline"))
        rows = _hanging(width)
        for i, rec in enumerate(result.recommendations[:recommendations], start=1):
            line = Text(rec.title, style="bold")
            line.append(f"  ({rec.dimension_title}; {rec.source or 'no source'})", style="dim")
            if rec.actions:
                line.append(f"\n→ {rec.actions[0]}", style="")
            rows.add_row(Text(f"{i}."), line)
        parts.append(rows)
        parts.append(Text(""))
    return parts


def _headline(result: Result, width: int) -> Any:
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

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
    return Panel(head, title="Sales & Marketing alignment", title_align="left",
                 box=box.ROUNDED, width=width)


def _table(result: Result, width: int) -> Any:
    """Dimension titles on one line each: the bar column goes first when room runs short."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    a, b = result.sides
    titles = [d.title + (f" #{d.priority}" if d.priority else "") for d in result.dimensions]
    longest = max((len(t) for t in titles), default=9)
    with_bar = width - NUMBERS_WIDTH - (BAR_WIDTH + 2) >= longest
    priorities = any(d.priority for d in result.dimensions)
    fits = longest <= width - NUMBERS_WIDTH
    table = Table(box=box.SIMPLE_HEAD, width=None if fits else width, show_edge=False,
                  pad_edge=False,
                  caption=Text("#1 to #3: the priorities, where to start, in order"
                               if priorities else "", style="dim", justify="left"),
                  caption_justify="left")
    table.add_column("Dimension", overflow="fold", no_wrap=fits)
    table.add_column(side_name(a)[:9], justify="right", width=9)
    table.add_column(side_name(b)[:9], justify="right", width=9)
    table.add_column("Gap", justify="right", width=4)
    table.add_column("Align", justify="right", width=5)
    if with_bar:
        table.add_column("", width=BAR_WIDTH, no_wrap=True)
    for dim in result.dimensions:
        title = Text(dim.title, style="bold" if dim.priority else "")
        if dim.priority:
            title.append(f" #{dim.priority}", style="yellow")
        gap = "exp." if dim.gap_expected else number(dim.gap)
        gap_style = "red" if dim.gap is not None and dim.gap >= LARGE_GAP else ""
        align = "n/a" if dim.status == "insufficient" else number(dim.alignment)
        cells: list[Any] = [title, number(dim.scores[a]), number(dim.scores[b]),
                            Text(gap, style=gap_style), align]
        if with_bar:
            cells.append(Text(bar(dim.alignment, BAR_WIDTH).rstrip(), style=_style(dim.alignment)))
        table.add_row(*cells)
    return table


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
