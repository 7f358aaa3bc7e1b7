"""SVG charts for the HTML report, drawn here so the report needs no script and no other host.

Both charts return a complete `<svg>` element as text. Every piece of text that reaches them
(dimension titles come from questionnaires a consultant may write) is XML-escaped here, because
the template inserts the SVG as markup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import partial
from html import escape

from alignment_cli.model.result import DimensionResult, Result, side_name
from alignment_cli.numbers import number

# One colour per side, the same in every chart and table of the report (the template's CSS uses
# the same values). The first side of a questionnaire is blue, the second orange: a pair that
# stays apart for the common forms of colour blindness and in greyscale (the second is dashed).
SIDE_COLOURS = ("#2360a5", "#d4731f")
LARGE_GAP_COLOUR = "#b42318"
GAP_COLOUR = "#7b8594"
INK = "#1d2330"
MUTED = "#5b6474"
GRID = "#d9dde3"
FONT = (
    "system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, &quot;Helvetica Neue&quot;, "
    "Arial, &quot;Noto Sans&quot;, &quot;Liberation Sans&quot;, sans-serif"
)
HALO = 'stroke="#fff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'

# XML 1.0 forbids most control characters even when escaped; they are dropped from labels.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def text(value: object) -> str:
    """Text safe inside an SVG element or a double-quoted attribute."""
    return escape(_NOT_XML.sub("", str(value)), quote=True)


def side_colour(result: Result, side: str) -> str:
    index = result.sides.index(side) if side in result.sides else 0
    return SIDE_COLOURS[index % len(SIDE_COLOURS)]


def wrap(label: str, width: int, max_lines: int = 3) -> list[str]:
    """Break a label into lines of about `width` characters; the last line gets an ellipsis."""
    words = label.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return lines or [""]


_fmt = partial(number, digits=1, trim=True)  # SVG coordinates and figures: 12.5, 3, 0.1


def _clamp(score: float) -> float:
    return max(0.0, min(100.0, score))


def _tspans(lines: Sequence[str], x: float, first_dy: float, line_height: float) -> str:
    out = []
    for i, line in enumerate(lines):
        dy = first_dy if i == 0 else line_height
        out.append(f'<tspan x="{_fmt(x)}" dy="{_fmt(dy)}">{text(line)}</tspan>')
    return "".join(out)


def _svg(width: int, height: int, label: str, body: Iterable[str], css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{text(label)}" font-family="{FONT}" font-size="15" fill="{INK}">'
        f"<title>{text(label)}</title>" + "".join(body) + "</svg>"
    )


# --- the radar ------------------------------------------------------------------------------------

RADAR_WIDTH = 840
RADAR_HEIGHT = 608
RADAR_RADIUS = 200.0
RADAR_CENTRE = (RADAR_WIDTH / 2, 318.0)
RINGS = (25.0, 50.0, 75.0, 100.0)  # when a result carries no stage bands (a hand-made one)


def radar_rings(result: Result) -> list[float]:
    """Where the rings go: where each stage band starts (0 is the centre) and 100 outside."""
    starts = {band.from_ for band in result.stages if 0 < band.from_ < 100}
    return [*sorted(starts), 100.0] if result.stages else list(RINGS)


def radar_point(index: int, count: int, score: float) -> tuple[float, float]:
    """Where a score sits on spoke `index` of `count`: 0 at the centre, 100 on the outer ring.

    The first spoke points straight up and the others follow clockwise.
    """
    angle = -math.pi / 2 + 2 * math.pi * index / count
    radius = _clamp(score) / 100 * RADAR_RADIUS
    cx, cy = RADAR_CENTRE
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_svg(result: Result) -> str:
    """Sales and Marketing scores by dimension on one radar, 0 at the centre and 100 outside.

    A dimension a side could not score is left out of that side's outline and its label says so,
    because drawing it at the centre would read as a score of 0.
    """
    label = "Scores by dimension, " + " and ".join(side_name(s) for s in result.sides)
    if not result.dimensions:
        return _svg(
            RADAR_WIDTH,
            120,
            label,
            [f'<text x="20" y="60" fill="{MUTED}">No dimensions to draw.</text>'],
            "radar",
        )
    rings = radar_rings(result)
    body = _radar_grid(rings, len(result.dimensions))
    for side_index, side in enumerate(result.sides):
        body.extend(_radar_outline(result, side, side_index))
    # ring values on the upward spoke, over the outlines so they stay readable
    for ring in rings:
        x, y = radar_point(0, len(result.dimensions), ring)
        body.append(
            f'<text class="ring-value" x="{_fmt(x + 5)}" y="{_fmt(y + 5)}" '
            f'font-size="12" fill="{MUTED}" {HALO}>{_fmt(ring)}</text>'
        )
    body.extend(_radar_label(result, i, dim) for i, dim in enumerate(result.dimensions))
    body.append(_legend(result, 20, 22))
    return _svg(RADAR_WIDTH, RADAR_HEIGHT, label, body, "radar")


def _radar_grid(rings: list[float], spokes: int) -> list[str]:
    """Rings where the stage bands start, and one spoke per dimension, the first straight up."""
    cx, cy = RADAR_CENTRE
    grid = [f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="1">']
    for ring in rings:
        width = "1.5" if ring == 100 else "1"
        if spokes < 3:  # one or two spokes make no polygon: plain circles instead
            grid.append(
                f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" '
                f'r="{_fmt(ring / 100 * RADAR_RADIUS)}" stroke-width="{width}"/>'
            )
            continue
        ring_points = " ".join(
            f"{_fmt(x)},{_fmt(y)}" for x, y in (radar_point(i, spokes, ring) for i in range(spokes))
        )
        grid.append(f'<polygon points="{ring_points}" stroke-width="{width}"/>')
    for i in range(spokes):
        x, y = radar_point(i, spokes, 100)
        grid.append(f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}"/>')
    grid.append("</g>")
    return grid


def _answered(result: Result, side: str) -> bool:
    return bool(result.respondents.get(side) and result.respondents[side].respondents)


def _radar_outline(result: Result, side: str, side_index: int) -> list[str]:
    """One side's outline and its points; nothing for a side that did not answer."""
    if not _answered(result, side):
        return []
    spokes = len(result.dimensions)
    colour = side_colour(result, side)
    vertices = [
        (dim, score, radar_point(i, spokes, score))
        for i, dim in enumerate(result.dimensions)
        if (score := dim.scores.get(side)) is not None
    ]
    if not vertices:
        return []
    dash = ' stroke-dasharray="7 4"' if side_index % 2 else ""
    points = " ".join(f"{_fmt(x)},{_fmt(y)}" for _, _, (x, y) in vertices)
    body = [
        f'<polygon class="side side-{text(side)}" data-side="{text(side)}" '
        f'points="{points}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
        f'stroke-width="2.5" stroke-linejoin="round"{dash}/>'
    ]
    for dim, score, (x, y) in vertices:
        body.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5" data-side="{text(side)}" data-dimension="{text(dim.id)}">'
            f"<title>{text(dim.title)}: {text(side_name(side))} {round(score)}</title>"
            "</circle>"
        )
    return body


def _radar_note(result: Result, dim: DimensionResult) -> str:
    """Why a dimension has no point on an outline, under its label."""
    missing = [s for s in result.sides if _answered(result, s) and dim.scores.get(s) is None]
    if dim.status == "profile":
        return "own focus, not scored"
    if missing and len(missing) == len(result.sides):
        return "not scored"
    if missing:
        return "no score from " + ", ".join(side_name(s) for s in missing)
    return ""


def _radar_label(result: Result, i: int, dim: DimensionResult) -> str:
    """A dimension's title outside the end of its spoke, growing away from the chart."""
    cx, cy = RADAR_CENTRE
    angle = -math.pi / 2 + 2 * math.pi * i / len(result.dimensions)
    lx = cx + (RADAR_RADIUS + 18) * math.cos(angle)
    ly = cy + (RADAR_RADIUS + 18) * math.sin(angle)
    cos = math.cos(angle)
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    lines = wrap(dim.title, 20)
    note = _radar_note(result, dim)
    all_lines = [*lines, note] if note else lines
    line_height = 19.0
    block = line_height * (len(all_lines) - 1)
    sin = math.sin(angle)
    if sin < -0.5:
        first = -block  # above the top: grow upwards
    elif sin > 0.5:
        first = 10.0  # below the bottom: grow downwards
    else:
        first = 4 - block / 2
    spans = _tspans(lines, lx, first, line_height)
    if note:
        spans += (
            f'<tspan x="{_fmt(lx)}" dy="{_fmt(line_height)}" font-size="13" '
            f'font-style="italic" fill="{MUTED}">{text(note)}</tspan>'
        )
    return (
        f'<text class="axis-label" x="{_fmt(lx)}" y="{_fmt(ly)}" '
        f'text-anchor="{anchor}" font-size="17" font-weight="600">{spans}</text>'
    )


def _legend(result: Result, x: float, y: float) -> str:
    parts = ['<g class="legend">']
    for side_index, side in enumerate(result.sides):
        colour = side_colour(result, side)
        answered = bool(result.respondents.get(side) and result.respondents[side].respondents)
        dash = ' stroke-dasharray="7 4"' if side_index % 2 else ""
        row_y = y + side_index * 24
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{_fmt(row_y)}" x2="{_fmt(x + 26)}" y2="{_fmt(row_y)}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        caption = side_name(side) + ("" if answered else " — no answers yet")
        parts.append(
            f'<text x="{_fmt(x + 34)}" y="{_fmt(row_y + 5)}" font-weight="600">{text(caption)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


# --- the gap bars ---------------------------------------------------------------------------------

GAP_WIDTH = 960
GAP_LABEL_WIDTH = 300
GAP_BAR_LEFT = 318
GAP_BAR_WIDTH = 440
GAP_ROW = 46
GAP_TOP = 44


def gap_scale(result: Result) -> float:
    """The top of the gap axis: 40 points, or more when a gap is wider, in steps of 10."""
    widest = max((d.gap for d in result.dimensions if d.gap is not None), default=0.0)
    return max(40.0, math.ceil(widest / 10) * 10)


def gap_length(gap: float, scale: float) -> float:
    """The length of a bar for a gap, on an axis from 0 to `scale`."""
    return max(0.0, min(gap, scale)) / scale * GAP_BAR_WIDTH


def _gap_note(result: Result, dim: DimensionResult) -> str | None:
    """Why a dimension has no gap bar, in words; None when it has one."""
    if dim.status == "profile" or dim.gap_expected:
        return "difference to manage, not scored"
    if dim.status == "one-side":
        return "cannot be computed: one side has not answered"
    if dim.status == "insufficient":
        short = [side_name(s) for s in result.sides if dim.scores.get(s) is None]
        return "too few answers" + (f" from {' and '.join(short)}" if short else "")
    if dim.gap is None:
        return "no items compared"
    return None


def _label_spans(result: Result, dim: DimensionResult, scale: float, x: float) -> bool:
    """Whether the figure and note beside this dimension's bar (or its note in place of a bar)
    would cover the horizontal position x, by an estimate of the text's width."""
    note = _gap_note(result, dim)
    if note is not None:
        start, chars = GAP_BAR_LEFT + 6.0, len(note)
    else:
        start = GAP_BAR_LEFT + max(gap_length(dim.gap or 0.0, scale), 2.0) + 8
        higher = _higher(result, dim)
        chars = len(str(round(dim.gap or 0.0))) + (
            2 + len(side_name(higher)) + len(" higher") if higher is not None else 0
        )
    return start - 4 <= x <= start + chars * 8.5 + 4


def gap_bars_svg(result: Result) -> str:
    """One bar per dimension, as long as the gap between the two sides; a large gap (the
    questionnaire's rule) stands out.

    Dimensions whose difference is expected, that lack answers, or that only one side answered
    get a short note in place of a bar, never a bar of zero that would read as full agreement.
    """
    dims = result.dimensions
    label = "Gap between the two sides by dimension"
    if not result.gaps_computable:
        return _one_side_gap_svg(result, label)
    scale = gap_scale(result)
    height = GAP_TOP + GAP_ROW * max(1, len(dims)) + 52
    body: list[str] = []
    axis_top = GAP_TOP - 8
    axis_bottom = GAP_TOP + GAP_ROW * max(1, len(dims))

    # heading row and the grid
    body.append(
        f'<text x="{GAP_BAR_LEFT}" y="22" font-size="13" fill="{MUTED}">'
        "Gap in points (0 = both sides see it alike)</text>"
    )
    ticks = range(0, int(scale) + 1, 10)
    for tick in ticks:
        x = GAP_BAR_LEFT + gap_length(tick, scale)
        body.append(
            f'<line x1="{_fmt(x)}" y1="{axis_top}" x2="{_fmt(x)}" y2="{axis_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<text x="{_fmt(x)}" y="{axis_bottom + 18}" text-anchor="middle" '
            f'font-size="13" fill="{MUTED}">{tick}</text>'
        )
    large_gap = result.rules.large_gap
    threshold_x = GAP_BAR_LEFT + gap_length(large_gap, scale)
    # the large-gap line is drawn row by row, with a break where a row's figure and "higher"
    # note sit on it: it marks the bars' area and never strikes through a label
    for row in range(max(1, len(dims))):
        top = GAP_TOP + row * GAP_ROW
        mid = top + GAP_ROW / 2
        spans: list[tuple[float, float]] = [(axis_top if row == 0 else top, top + GAP_ROW)]
        if row < len(dims) and _label_spans(result, dims[row], scale, threshold_x):
            spans = [(spans[0][0], mid - 11), (mid + 11, top + GAP_ROW)]
        for y1, y2 in spans:
            body.append(
                f'<line class="threshold" x1="{_fmt(threshold_x)}" y1="{_fmt(y1)}" '
                f'x2="{_fmt(threshold_x)}" y2="{_fmt(y2)}" stroke="{LARGE_GAP_COLOUR}" '
                'stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
    body.append(
        f'<text x="{_fmt(threshold_x)}" y="{axis_bottom + 38}" text-anchor="middle" '
        f'font-size="13" fill="{LARGE_GAP_COLOUR}">{large_gap:g} or more: large gap'
        "</text>"
    )

    if not dims:
        body.append(f'<text x="20" y="{GAP_TOP + 20}" fill="{MUTED}">No dimensions to draw.</text>')
    for row, dim in enumerate(dims):
        top = GAP_TOP + row * GAP_ROW
        mid = top + GAP_ROW / 2
        lines = wrap(dim.title, 34, max_lines=2)
        first = 5 - 8.5 * (len(lines) - 1)
        body.append(
            f'<text x="{GAP_LABEL_WIDTH}" y="{_fmt(mid)}" text-anchor="end" '
            f'font-weight="600">{_tspans(lines, GAP_LABEL_WIDTH, first, 17)}</text>'
        )
        note = _gap_note(result, dim)
        if note is not None:
            body.append(
                f'<text class="gap-note" data-dimension="{text(dim.id)}" '
                f'x="{GAP_BAR_LEFT + 6}" y="{_fmt(mid + 5)}" font-style="italic" '
                f'fill="{MUTED}">{text(note)}</text>'
            )
            continue
        gap = dim.gap or 0.0
        large = gap >= large_gap
        colour = LARGE_GAP_COLOUR if large else GAP_COLOUR
        length = max(gap_length(gap, scale), 2.0)
        body.append(
            f'<rect class="gap{" large" if large else ""}" data-dimension="{text(dim.id)}" '
            f'data-gap="{_fmt(gap)}" x="{GAP_BAR_LEFT}" y="{_fmt(mid - 9)}" '
            f'width="{_fmt(length)}" height="18" rx="2" fill="{colour}"/>'
        )
        higher = _higher(result, dim)
        note_higher = ""
        if higher is not None:
            note_higher = (
                f'<tspan dx="12" font-size="13" font-weight="400" '
                f'fill="{side_colour(result, higher)}">'
                f"{text(side_name(higher))} higher</tspan>"
            )
        body.append(
            f'<text x="{_fmt(GAP_BAR_LEFT + length + 8)}" y="{_fmt(mid + 5)}" '
            f'font-weight="{"700" if large else "400"}" fill="{colour}" {HALO}>'
            f"{round(gap):d}{note_higher}</text>"
        )
    return _svg(GAP_WIDTH, height, label, body, "gap-bars")


def _one_side_gap_svg(result: Result, label: str) -> str:
    """No axis and no bars when only one side answered: a plain statement that says why."""
    have = [
        side_name(s) for s in result.sides if result.respondents.get(s) and result.respondents[s].respondents
    ]
    missing = [side_name(s) for s in result.sides if side_name(s) not in have]
    first = (
        f"Only {have[0]} has answered, so the gap cannot be computed."
        if len(have) == 1
        else "No side has answered, so the gap cannot be computed."
    )
    second = f"It needs {' and '.join(missing)}’s answers to the same questionnaire." if missing else ""
    body = [
        f'<rect x="1" y="1" width="{GAP_WIDTH - 2}" height="98" rx="6" fill="#f4f5f7" stroke="{GRID}"/>',
        f'<text class="gap-note" x="{GAP_WIDTH / 2:g}" y="44" text-anchor="middle" '
        f'font-weight="600">{text(first)}</text>',
        f'<text x="{GAP_WIDTH / 2:g}" y="70" text-anchor="middle" fill="{MUTED}">{text(second)}</text>',
    ]
    return _svg(GAP_WIDTH, 100, label, body, "gap-bars")


def _higher(result: Result, dim: DimensionResult) -> str | None:
    """The side that rates a dimension more favourably, when the two differ by a point or more."""
    a, b = result.sides[0], result.sides[1]
    sa, sb = dim.scores.get(a), dim.scores.get(b)
    if sa is None or sb is None or abs(sa - sb) < 1:
        return None
    return a if sa > sb else b
