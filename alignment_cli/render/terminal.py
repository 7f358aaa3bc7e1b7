"""The terminal summary: the verdict, files left out, the dimension table with bars, findings,
the priorities with their first steps, and the action plan. The workshop's end screen is this
same summary, so the projector tells the same story as the reports.

Built from rich Text objects, never from markup strings, so respondent text cannot style or break
the output. Uses the terminal's full width (140 columns at most; a narrow terminal gets a narrow
summary, never columns cut off at its edge), wraps a dimension name only when it must, and on
the workshop's end screen keeps the verdict in view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alignment_cli.model.result import Result, side_name
from alignment_cli.numbers import number
from alignment_cli.render.templates import bar

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from alignment_cli.model.result import Finding

MIN_WIDTH = 48  # below this the numbers leave the names no room; the terminal wraps the rest
MAX_WIDTH = 140  # wider than this, lines get too long to read
BAR_WIDTH = 12
# Sales, Marketing, Gap, Align and the column gaps: what the numbers need beside the titles
NUMBERS_WIDTH = 9 + 9 + 4 + 5 + 2 * 4
SKIPPED_SHOWN = 10  # the summary stays a summary; the reports list every skipped file
PRIORITY_NOTE = "#1, #2 … mark the priorities, in order: where to start (below)"


def render_terminal(result: Result, console: Console, *, height: int | None = None) -> None:
    """The summary, as wide as the terminal. With `height` (the workshop's end screen), the
    findings and then the action plan are cut to what fits, so the verdict stays on screen."""
    width = min(max(console.width, MIN_WIDTH), MAX_WIDTH)
    findings = min(result.rules.findings_shown, len(listed_findings(result)))
    plan = len(result.plan)
    # 0: everything; 1: the priorities without their evidence; 2: a priority a line, no notes;
    # 3: without the dimension table too (a small screen: the verdict and where to start)
    brief = 0
    parts = _parts(result, width, findings, plan, brief)
    if height is not None:
        while _lines(console, parts, width) > height and (findings or plan or brief < 3):
            if findings:
                findings -= 1
            elif plan:
                plan -= 1
            else:
                brief += 1
            parts = _parts(result, width, findings, plan, brief)
    for part in parts:
        console.print(part)


def _lines(console: Console, parts: list[RenderableType], width: int) -> int:
    options = console.options.update(width=width)
    return sum(len(console.render_lines(part, options, pad=False)) for part in parts)


def _parts(result: Result, width: int, findings: int, plan: int, brief: int) -> list[RenderableType]:
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

    parts: list[RenderableType] = [
        Panel(
            _verdict(result),
            title="Sales & Marketing alignment",
            title_align="left",
            box=box.ROUNDED,
            width=width,
        )
    ]
    if brief < 3:
        parts += [_table(result, width, with_caption=brief < 2), Text("")]
    if brief:
        if brief < 3:
            parts.pop()  # no blank line after the table
        parts += _priorities(result, width, brief=brief)
        rest = f"{len(listed_findings(result))} findings and the action plan of {len(result.plan)} steps"
        parts.append(
            Text(
                f"{rest} are in the full report."
                if brief < 3
                else f"The areas' scores, {rest} are in the full report.",
                style="dim",
            )
        )
        return parts
    parts += _findings(result, width, findings)
    parts += _data(result, width)
    parts += _self_views(result, width)
    parts += _priorities(result, width)
    parts += _plan(result, width, plan)
    return parts


def _table(result: Result, width: int, *, with_caption: bool = True) -> Table:
    """Dimension titles on one line each: the bar column goes first when room runs short."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    a, b = result.sides
    titles = [d.title + (f" #{d.priority}" if d.priority else "") for d in result.dimensions]
    longest = max((len(t) for t in titles), default=9)
    fits = longest <= width - NUMBERS_WIDTH
    with_bar = width - NUMBERS_WIDTH - (BAR_WIDTH + 2) >= longest
    caption = PRIORITY_NOTE if with_caption and any(d.priority for d in result.dimensions) else ""
    table = Table(
        box=box.SIMPLE_HEAD,
        width=width,
        show_edge=False,
        pad_edge=False,
        caption=Text(caption, style="dim", justify="left"),
        caption_justify="left",
    )
    table.add_column("Dimension", overflow="fold", no_wrap=fits, ratio=1)
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
        gap_style = "red" if dim.gap is not None and dim.gap >= result.rules.large_gap else ""
        align = "n/a" if dim.status == "insufficient" else number(dim.alignment)
        cells: list[RenderableType] = [
            title,
            number(dim.scores[a]),
            number(dim.scores[b]),
            Text(gap, style=gap_style),
            align,
        ]
        if with_bar:
            cells.append(Text(bar(dim.alignment, BAR_WIDTH).rstrip(), style=_style(result, dim.alignment)))
        table.add_row(*cells)
    return table


def shows_self_views(result: Result) -> bool:
    """Whether the summary has the table "How each side sees its own work"."""
    return result.gaps_computable and any(v.difference is not None for v in result.self_views)


def listed_findings(result: Result) -> list[Finding]:
    """The findings the list shows: a blind spot is left to the self-view table when it is there,
    so each is shown once."""
    if not shows_self_views(result):
        return list(result.findings)
    return [f for f in result.findings if f.kind != "blind-spot"]


def _findings(result: Result, width: int, shown: int) -> list[RenderableType]:
    from rich.text import Text

    findings = listed_findings(result)
    if not findings:
        return []
    parts: list[RenderableType] = [Text("Findings", style="bold underline")]
    if shown:
        rows = _hanging(width)
        for finding in findings[:shown]:
            marker = {"high": "!", "medium": "•", "info": "·"}[finding.severity]
            rows.add_row(Text(marker, style="red" if finding.severity == "high" else ""), Text(finding.title))
        parts.append(rows)
    more = len(findings) - shown
    if more > 0:
        parts.append(
            Text(
                f"   {'… and ' if shown else ''}{more} {'more ' if shown else ''}in the full report",
                style="dim",
            )
        )
    return [*parts, Text("")]


def _priorities(result: Result, width: int, *, brief: int = 0) -> list[RenderableType]:
    from rich.text import Text

    parts: list[RenderableType] = [Text("Priorities", style="bold underline")]
    rows = _hanging(width)
    for p in result.priorities:
        if brief >= 2:  # one line each: the area, then its first step as far as it fits
            line = Text(p.title, style="bold", no_wrap=True, overflow="ellipsis")
            step = p.recommendation_title or p.action
            if step:
                line.append(f": {step}")
            rows.add_row(Text(f"#{p.rank}"), line)
            continue
        line = Text(p.title, style="bold")
        if p.evidence.reasons and not brief:
            line.append("  (" + "; ".join(p.evidence.reasons) + ")", style="dim")
        line.append("\nFirst step: ", style="")
        # brief (the end screen short of rows): the step's title; the report has its action
        step = (p.recommendation_title if brief else None) or p.action
        line.append(step or "no recommendation in the questionnaire for this area")
        rows.add_row(Text(f"#{p.rank}"), line)
    parts.append(rows)
    note = priorities_note(result)
    if brief >= 2:
        return parts
    if note:
        parts.append(Text(note, style="dim"))
    return [*parts, Text("")]


def _plan(result: Result, width: int, shown: int) -> list[RenderableType]:
    from rich.text import Text

    if not result.plan:
        return []
    parts: list[RenderableType] = [Text(f"Action plan ({len(result.plan)})", style="bold underline")]
    if shown:
        rows = _hanging(width)
        for rec in result.plan[:shown]:
            line = Text(rec.title, style="bold")
            line.append(f"  ({rec.dimension_title}; {rec.source or 'no source'})", style="dim")
            rows.add_row(Text(f"{rec.rank}."), line)
        parts.append(rows)
    left = len(result.plan) - shown
    if left:
        parts.append(
            Text(
                f"   {left} {'more ' if shown else ''}step{'s' if left != 1 else ''} in the full report",
                style="dim",
            )
        )
    if result.more_ideas:
        parts.append(Text(f"   … and {len(result.more_ideas)} more ideas in the full report", style="dim"))
    return [*parts, Text("")]


def _verdict(result: Result) -> Text:
    from rich.text import Text

    head = Text()
    if result.organization:
        head.append(result.organization, style="bold")
        head.append("\n")
    if result.alignment_index is not None and result.stage is not None:
        head.append(f"Alignment index {result.alignment_index:.1f} / 100", style="bold cyan")
        if result.alignment_index_interval:
            low, high = result.alignment_index_interval
            head.append(
                f" (likely between {low:.1f} and {high:.1f}, {result.rules.interval_level * 100:.0f} %)"
            )
        head.append("  ·  ")
        head.append(result.stage.label, style="bold")
        if not result.stage.boundary:
            head.append(f" ({result.stage.from_:.0f}–{result.stage.to:.0f})")
    else:
        head.append("No alignment index", style="bold yellow")
    head.append("\n")
    head.append(result.headline)
    respondents = "  ".join(f"{side_name(s)}: {result.respondents[s].respondents}" for s in result.sides)
    head.append(f"\nRespondents  {respondents}", style="dim")
    for line in left_out_lines(result) + skipped_lines(result):
        head.append(f"\n{line}", style="yellow")
    if result.skipped_files and not result.show_names:
        head.append("\nSkipped files are not named here; --show-names names them.", style="dim")
    if result.organizations_merged:
        head.append("\nReported as one organization: " + ", ".join(result.organizations_merged), style="dim")
    return head


def _left_out(result: Result) -> tuple[list[tuple[str, str | None]], list[tuple[str, str]]]:
    """The files left out of every score: (file, reason) where the result names them (a side of
    one, or --show-names), else ("1 Sales file", reason) counted per side and reason."""
    named: list[tuple[str, str | None]] = []
    counted: dict[tuple[str, str], int] = {}
    for f in result.excluded:
        if f.file:
            named.append((f.file, f.reason))
        else:
            key = (f.role, f.reason or "")
            counted[key] = counted.get(key, 0) + 1
    return named, [
        (f"{n} {side_name(role)} file{'s' if n != 1 else ''}", reason)
        for (role, reason), n in counted.items()
    ]


def left_out_entries(result: Result) -> list[str]:
    """The files left out of every score, for a list under a heading that says "Left out of every
    score" (the reports, check's summary): "sales.yaml — incomplete: ...", "1 Sales file —
    incomplete". Named or counted as in left_out_lines."""
    named, counted = _left_out(result)
    return [f"{file} — {reason}" for file, reason in named] + [
        f"{files} — {reason}" for files, reason in counted
    ]


def left_out_lines(result: Result) -> list[str]:
    """The files left out of every score: named where the result names them (a side of one,
    or --show-names), else counted per side and reason ("1 Sales file left out: incomplete")."""
    named, counted = _left_out(result)
    return [f"Left out: {file} ({reason})" for file, reason in named] + [
        f"{files} left out: {reason}" for files, reason in counted
    ]


def skipped_lines(result: Result) -> list[str]:
    """The files --skip-invalid left out, as the reports list them: by their problem, and by
    name only where the result names them (--show-names)."""
    entries = result.skipped_files
    lines = [f"Skipped: {entry}" for entry in entries[:SKIPPED_SHOWN]]
    if len(entries) > SKIPPED_SHOWN:
        lines.append(f"… and {len(entries) - SKIPPED_SHOWN} more skipped files in the full report")
    return lines


def priorities_note(result: Result) -> str | None:
    """Says why there are fewer priorities than the rule allows, so none looks forgotten."""
    wanted = result.rules.priorities
    have = len(result.priorities)
    if have >= wanted:
        return None
    if have == 0:
        further = " To go further, see the plan." if result.plan else ""
        return "Nothing urgent: no area shows enough evidence of a problem." + further
    return (
        f"Only {have} of {wanted} possible priorities: the other areas show too little "
        "evidence of a problem to rank."
    )


def _self_views(result: Result, width: int) -> list[RenderableType]:
    """Each side's view of its own work beside the other side's view of it."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    views = [v for v in result.self_views if v.difference is not None]
    if not shows_self_views(result):
        return []
    table = Table(box=box.SIMPLE_HEAD, width=width, pad_edge=False)
    table.add_column("Side rating itself: the point", ratio=1, overflow="fold")
    table.add_column("Own", justify="right", width=4)
    table.add_column("Other", justify="right", width=5)
    table.add_column("Diff", justify="right", width=5)
    for view in views:
        difference = view.difference or 0.0
        point = Text(f"{side_name(view.side)}: ", style="bold")
        point.append(view.statement)
        diff = Text(f"{difference:+.0f}", style="red" if difference >= result.rules.large_gap else "")
        table.add_row(point, number(view.self_score), number(view.other_score), diff)
    return [Text("How each side sees its own work", style="bold underline"), table, Text("")]


def _data(result: Result, width: int) -> list[RenderableType]:
    """What the data says: each CRM figure beside each side's answer, with `report --crm`."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if result.crm is None:
        return []
    summary = result.crm.summary
    table = Table(box=box.SIMPLE_HEAD, width=width, pad_edge=False)
    table.add_column("Figure", ratio=2, overflow="fold")
    table.add_column("CRM", ratio=2, overflow="fold")
    table.add_column("n", justify="right", width=6)
    for side in result.sides:
        table.add_column(side_name(side), width=10, overflow="fold")
    table.add_column("What it shows", ratio=2, overflow="fold")
    for row in result.crm.rows:
        shows = Text(row.verdict, style="red" if row.verdict.startswith(("contradicts", "settles")) else "")
        table.add_row(
            Text(row.title),
            Text(row.figure),
            str(row.n),
            *(Text(row.answers.get(s, "–")) for s in result.sides),
            shows,
        )
    heading = Text("What the data says", style="bold underline")
    heading.append(
        f"  {summary.leads} leads, {summary.period}, business hours in {summary.timezone}", style="dim"
    )
    return [heading, table, Text("")]


def _hanging(width: int) -> Table:
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
