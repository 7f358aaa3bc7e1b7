"""The trend in every format: a terminal table, a Markdown table, an HTML page with an SVG line
chart (no script), and JSON. Arrows mark only changes larger than the noise of the two rounds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from alignment_cli.render.charts import FONT, GRID, INK, MUTED, text, wrap
from alignment_cli.scoring.trend import FALLBACK_HALF_WIDTH, Change, Series, Trend

if TYPE_CHECKING:
    from rich.console import Console

ARROWS = {"up": "↑", "down": "↓", "steady": "→"}
# dimension lines: ten clearly different colours (the widely used "category 10" set), so a
# questionnaire's nine or ten dimensions never share a hue; the index is drawn in ink, thicker,
# and past ten the dash pattern tells lines apart
LINE_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def cell(value: float | None, change: Change | None) -> str:
    """'42.0 ↑' for a change larger than the noise, '42.0 →' for one within it."""
    if value is None:
        return "–"
    if change is None:
        return f"{value:.1f}"
    return f"{value:.1f} {ARROWS[change.direction]}"


def _rows(trend: Trend) -> list[Series]:
    return [trend.index, *trend.dimensions]


def round_label(trend: Trend, i: int) -> str:
    r = trend.rounds[i]
    mark = " *" if i in trend.version_changes else ""
    return f"{r.label}{mark}"


def method_note(trend: Trend) -> str:
    return (
        f"↑ and ↓ mark a change larger than the noise of the two rounds (their uncertainties "
        f"added in quadrature: the index's 90 % interval where a result has one, otherwise "
        f"±{FALLBACK_HALF_WIDTH:g} points per round); → a change within it."
    )


def version_note(trend: Trend) -> str | None:
    if not trend.version_changes:
        return None
    parts = [
        f"{trend.rounds[i].label} (version {trend.rounds[i].questionnaire_version}, "
        f"before {trend.rounds[i - 1].questionnaire_version})"
        for i in trend.version_changes
    ]
    return (
        "* The questionnaire changed at " + ", ".join(parts) + "; dimensions line up by "
        "their id, and one a version lacks is shown as –."
    )


# --- terminal ------------------------------------------------------------------------------------


def _rounds(trend: Trend) -> str:
    return f"{len(trend.rounds)} round{'s' if len(trend.rounds) != 1 else ''}"


def render_trend_terminal(trend: Trend, console: Console) -> None:
    from rich.table import Table

    title = f"{trend.organization or 'Alignment'}: trend over {_rounds(trend)}"
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("", overflow="fold", min_width=12, max_width=16)
    for i in range(len(trend.rounds)):
        table.add_column(round_label(trend, i), justify="right", no_wrap=True)
    table.add_column("net", justify="right")
    for n, series in enumerate(_rows(trend)):
        net = "–" if series.net is None else f"{series.net:+.1f}"
        table.add_row(
            series.title,
            *[cell(v, c) for v, c in zip(series.values, series.changes, strict=True)],
            net,
            style="bold" if n == 0 else None,
        )
    stages = [r.stage or "–" for r in trend.rounds]
    table.add_row("Stage", *stages, "", style="dim")
    console.print(table)
    console.print(method_note(trend), style="dim")
    note = version_note(trend)
    if note:
        console.print(note, style="dim")


# --- Markdown ------------------------------------------------------------------------------------


def markdown_table(trend: Trend) -> str:
    from alignment_cli.render.templates import md_escape

    header = ["", *[md_escape(round_label(trend, i)) for i in range(len(trend.rounds))], "net"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    for n, series in enumerate(_rows(trend)):
        title = md_escape(series.title)
        net = "–" if series.net is None else f"{series.net:+.1f}"
        values = [cell(v, c) for v, c in zip(series.values, series.changes, strict=True)]
        if n == 0:
            title, values = f"**{title}**", [f"**{v}**" for v in values]
        lines.append("| " + " | ".join([title, *values, net]) + " |")
    lines.append("| Stage | " + " | ".join(md_escape(r.stage or "–") for r in trend.rounds) + " | |")
    return "\n".join(lines)


def render_trend_markdown(trend: Trend) -> str:
    from alignment_cli.render.templates import md_escape, tidy_markdown

    parts = [
        f"# Alignment trend: {md_escape(trend.organization or trend.questionnaire_id)}",
        "",
        f"{_rounds(trend)}, from {md_escape(trend.rounds[0].label)} to {md_escape(trend.rounds[-1].label)}.",
        "",
        markdown_table(trend),
        "",
        method_note(trend),
    ]
    note = version_note(trend)
    if note:
        parts += ["", md_escape(note)]
    parts += [
        "",
        "Rounds: " + "; ".join(f"{md_escape(r.label)}: `{md_escape(r.source)}`" for r in trend.rounds),
    ]
    return tidy_markdown("\n".join(parts))


# --- JSON ----------------------------------------------------------------------------------------


def render_trend_json(trend: Trend) -> str:
    return json.dumps(trend.to_document(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --- the chart -----------------------------------------------------------------------------------


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits in the SVG, and how a round and a score map onto it."""

    rounds: int
    width: int = 760
    plot_h: int = 280
    left: int = 44
    right: int = 24
    top: int = 20

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    def x(self, i: int) -> float:
        if self.rounds == 1:
            return self.left + self.plot_w / 2
        return self.left + self.plot_w * 0.04 + self.plot_w * 0.92 * i / (self.rounds - 1)

    def y(self, value: float) -> float:
        return self.top + self.plot_h * (1 - max(0.0, min(100.0, value)) / 100)


def _axes(trend: Trend, f: _Frame) -> list[str]:
    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(
            f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{_f(f.y(tick))}" '
            f'y2="{_f(f.y(tick))}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{f.left - 8}" y="{_f(f.y(tick) + 4)}" text-anchor="end" '
            f'font-size="11" fill="{MUTED}">{tick}</text>'
        )
    for i, r in enumerate(trend.rounds):
        body.append(
            f'<text x="{_f(f.x(i))}" y="{_f(f.top + f.plot_h + 18)}" '
            f'text-anchor="middle" font-size="12" fill="{MUTED}">{text(r.label)}</text>'
        )
    for i in trend.version_changes:
        mid = (f.x(i - 1) + f.x(i)) / 2
        version = trend.rounds[i].questionnaire_version
        body.append(
            f'<line class="version-change" x1="{_f(mid)}" x2="{_f(mid)}" y1="{f.top}" '
            f'y2="{f.top + f.plot_h}" stroke="{MUTED}" stroke-width="1.5" '
            'stroke-dasharray="4 4"/>'
        )
        body.append(
            f'<text x="{_f(mid + 4)}" y="{f.top + 12}" font-size="11" fill="{MUTED}">'
            f"questionnaire {text(version)}</text>"
        )
    return body


def _segments(series: Series, f: _Frame) -> list[list[str]]:
    """Runs of measured values; a round without a value breaks the line."""
    segments: list[list[str]] = [[]]
    for i, value in enumerate(series.values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{_f(f.x(i))},{_f(f.y(value))}")
    return [s for s in segments if s]


def _line(series: Series, f: _Frame, colour: str, stroke: float, dash: str, labelled: bool) -> list[str]:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    body = [
        f'<polyline fill="none" stroke="{colour}" stroke-width="{stroke}"{dash_attr} '
        f'stroke-linejoin="round" points="{" ".join(points)}"/>'
        for points in _segments(series, f)
    ]
    for i, value in enumerate(series.values):
        if value is None:
            continue
        body.append(
            f'<circle cx="{_f(f.x(i))}" cy="{_f(f.y(value))}" '
            f'r="{4.5 if labelled else 2.5}" fill="{colour}"/>'
        )
        if labelled:
            change = series.changes[i]
            mark = "" if change is None else " " + ARROWS[change.direction]
            body.append(
                f'<text x="{_f(f.x(i))}" y="{_f(f.y(value) - 10)}" text-anchor="middle" '
                'font-size="13" font-weight="700" stroke="#fff" stroke-width="4" '
                f'paint-order="stroke">{_f(value)}{mark}</text>'
            )
    return body


def _style(n: int) -> tuple[str, str]:
    """The colour and dash of the n-th dimension's line."""
    return LINE_COLOURS[n % len(LINE_COLOURS)], DASHES[(n // 4) % len(DASHES)]


def _legend(trend: Trend, f: _Frame) -> list[str]:
    items = [(trend.index.title, INK, 3.5, "")] + [
        (s.title, _style(n)[0], 1.6, _style(n)[1]) for n, s in enumerate(trend.dimensions)
    ]
    body = []
    for n, (title, colour, stroke, dash) in enumerate(items):
        column, row = (0, 0) if n == 0 else ((n - 1) % 2, (n - 1) // 2 + 1)
        lx = f.left + column * (f.plot_w / 2)
        ly = f.top + f.plot_h + 40 + row * 20
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{_f(lx)}" x2="{_f(lx + 26)}" y1="{_f(ly - 4)}" '
            f'y2="{_f(ly - 4)}" stroke="{colour}" stroke-width="{stroke}"{dash_attr}/>'
        )
        weight = ' font-weight="700"' if n == 0 else ""
        body.append(
            f'<text x="{_f(lx + 32)}" y="{_f(ly)}" font-size="12"{weight}>'
            f"{text(wrap(title, 44, 1)[0])}</text>"
        )
    return body


def trend_svg(trend: Trend, *, compact: bool = False) -> str:
    """Lines over the rounds: the index thick in ink, each dimension thin in its own colour and
    dash; a dashed rule where the questionnaire changed. Escaped here: titles are user text."""
    f = _Frame(rounds=len(trend.rounds), plot_h=200 if compact else 280)
    legend_rows = (len(trend.dimensions) + 2) // 2 + 1
    height = f.top + f.plot_h + 46 + legend_rows * 20
    body = _axes(trend, f)
    for n, series in enumerate(trend.dimensions):
        colour, dash = _style(n)
        body += _line(series, f, colour, 1.6, dash, False)
    body += _line(trend.index, f, INK, 3.5, "", True)
    body += _legend(trend, f)
    label = (
        f"Alignment index and dimensions over {_rounds(trend)}, "
        f"{trend.rounds[0].label} to {trend.rounds[-1].label}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" '
        f'viewBox="0 0 {f.width} {height}" width="{f.width}" height="{height}" role="img" '
        f'aria-label="{text(label)}" font-family="{FONT}" font-size="13" fill="{INK}">'
        f"<title>{text(label)}</title>" + "".join(body) + "</svg>"
    )


# --- HTML page -----------------------------------------------------------------------------------


def render_trend_html(trend: Trend) -> str:
    from alignment_cli.render.templates import render

    rows = [
        {
            "title": s.title,
            "index": n == 0,
            "net": s.net,
            "cells": [cell(v, c) for v, c in zip(s.values, s.changes, strict=True)],
        }
        for n, s in enumerate(_rows(trend))
    ]
    context = {
        "t": trend,
        "rows": rows,
        "svg": trend_svg(trend),
        "labels": [round_label(trend, i) for i in range(len(trend.rounds))],
        "method_note": method_note(trend),
        "version_note": version_note(trend),
    }
    return render("trend.html.j2", context)
