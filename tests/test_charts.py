"""The SVG charts: well-formed, drawn to scale, and safe with any dimension title."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from alignment_cli.model.result import Result, StageBand
from alignment_cli.render import charts
from alignment_cli.scoring.pipeline import score
from tests.helpers import MARKETING_ANSWERS, SALES_ANSWERS, make_response

pytestmark = pytest.mark.usefixtures("editable_results")

SVG = "{http://www.w3.org/2000/svg}"


def two_heads(mini) -> Result:
    return score(
        mini,
        [
            make_response("sales", SALES_ANSWERS, name="Jana Carpenter", head=True),
            make_response("marketing", MARKETING_ANSWERS, name="Mo Reyes", head=True),
        ],
    )


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own SVG, built from escaped text
    assert root.tag == f"{SVG}svg"
    return root


def side_polygons(root: ET.Element) -> dict[str, list[tuple[float, float]]]:
    out = {}
    for polygon in root.iter(f"{SVG}polygon"):
        side = polygon.get("data-side")
        if side is None:
            continue
        assert side not in out, f"two outlines for {side}"
        pairs = polygon.get("points", "").split()
        out[side] = [(float(x), float(y)) for x, y in (p.split(",") for p in pairs)]
    return out


def all_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def distance_from_centre(point: tuple[float, float]) -> float:
    cx, cy = charts.RADAR_CENTRE
    return math.hypot(point[0] - cx, point[1] - cy)


def test_radar_has_one_outline_per_side_with_one_point_per_dimension(mini):
    result = two_heads(mini)
    root = parse(charts.radar_svg(result))
    outlines = side_polygons(root)
    assert set(outlines) == {"sales", "marketing"}
    for points in outlines.values():
        assert len(points) == len(result.dimensions) == 3
    legend = all_text(root)
    assert "Sales" in legend and "Marketing" in legend


def test_radar_scores_map_to_their_radius(mini):
    result = two_heads(mini)
    outlines = side_polygons(parse(charts.radar_svg(result)))
    for side, points in outlines.items():
        for dim, point in zip(result.dimensions, points, strict=True):
            expected = dim.scores[side] / 100 * charts.RADAR_RADIUS
            assert distance_from_centre(point) == pytest.approx(expected, abs=0.15), (side, dim.id)


def test_radar_extremes_sit_on_the_centre_and_the_outer_ring(mini):
    result = two_heads(mini)
    result.dimensions[0].scores = {"sales": 100.0, "marketing": 0.0}
    outlines = side_polygons(parse(charts.radar_svg(result)))
    cx, cy = charts.RADAR_CENTRE
    # the first spoke points straight up
    assert outlines["sales"][0] == pytest.approx((cx, cy - charts.RADAR_RADIUS), abs=0.1)
    assert outlines["marketing"][0] == pytest.approx((cx, cy), abs=0.1)


def test_radar_point_goes_clockwise_from_the_top():
    cx, cy = charts.RADAR_CENTRE
    x, y = charts.radar_point(1, 4, 50)
    assert (x, y) == pytest.approx((cx + charts.RADAR_RADIUS / 2, cy), abs=1e-6)
    x, y = charts.radar_point(2, 4, 100)
    assert (x, y) == pytest.approx((cx, cy + charts.RADAR_RADIUS), abs=1e-6)
    # out-of-range scores are held to the chart
    assert charts.radar_point(0, 4, 140) == charts.radar_point(0, 4, 100)


def test_titles_are_escaped_in_both_charts(mini):
    result = two_heads(mini)
    titles = ['<&> "q"', "</svg><script>", "{{ 7*7 }}"]
    for dim, title in zip(result.dimensions, titles, strict=True):
        dim.title = title
    for draw in (charts.radar_svg, charts.gap_bars_svg):
        svg = draw(result)
        assert "<script" not in svg and "</svg><" not in svg
        assert "&lt;&amp;&gt; &quot;q&quot;" in svg
        root = parse(svg)  # still well-formed XML, and the parser gives the titles back
        lines = ["".join(span.itertext()) for span in root.iter(f"{SVG}tspan")]
        for title in titles:
            assert title in lines, (draw.__name__, title)
        assert "49" not in " ".join(lines)


def test_control_characters_do_not_break_the_xml(mini):
    result = two_heads(mini)
    result.dimensions[0].title = "Bell\x07 and null\x00 here"
    parse(charts.radar_svg(result))
    parse(charts.gap_bars_svg(result))


def test_a_missing_score_is_left_out_of_that_outline_and_labelled(mini):
    result = two_heads(mini)
    result.dimensions[2].scores = {"sales": None, "marketing": 50.0}
    root = parse(charts.radar_svg(result))
    outlines = side_polygons(root)
    assert len(outlines["sales"]) == 2
    assert len(outlines["marketing"]) == 3
    assert "no score from Sales" in all_text(root)
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("data-side") == "sales"]
    assert [c.get("data-dimension") for c in dots] == ["goals", "leads"]


def test_one_side_draws_one_outline_and_says_the_gap_cannot_be_computed(mini):
    result = score(mini, [make_response("sales", SALES_ANSWERS, name="Jana Carpenter")])
    radar = parse(charts.radar_svg(result))
    assert set(side_polygons(radar)) == {"sales"}
    assert "Marketing — no answers yet" in all_text(radar)
    bars = parse(charts.gap_bars_svg(result))
    assert not [r for r in bars.iter(f"{SVG}rect") if r.get("data-gap") is not None]
    assert "gap cannot be computed" in all_text(bars)
    assert "Marketing’s answers" in all_text(bars)


def test_gap_bars_are_as_long_as_the_gap_and_large_gaps_stand_out(mini):
    result = two_heads(mini)
    root = parse(charts.gap_bars_svg(result))
    bars = {r.get("data-dimension"): r for r in root.iter(f"{SVG}rect") if r.get("data-gap") is not None}
    scale = charts.gap_scale(result)
    for dim in result.dimensions:
        if dim.gap is None:
            continue
        bar = bars[dim.id]
        expected = max(charts.gap_length(dim.gap, scale), 2.0)
        assert float(bar.get("width", "0")) == pytest.approx(expected, abs=0.1)
        if dim.gap >= 20:
            assert "large" in bar.get("class", "")
            assert bar.get("fill") == charts.LARGE_GAP_COLOUR
        else:
            assert "large" not in bar.get("class", "")
            assert bar.get("fill") == charts.GAP_COLOUR
    assert any(d.gap is not None and d.gap >= 20 for d in result.dimensions)
    assert any(d.gap is not None and d.gap < 20 for d in result.dimensions)


def test_gap_bars_show_expected_and_insufficient_dimensions_in_words(mini):
    result = two_heads(mini)
    expected, short = result.dimensions[2], result.dimensions[1]
    # a dimension made only of items about each side's own focus has no score and no gap
    expected.status, expected.gap, expected.alignment = "profile", None, None
    expected.scores = {"sales": None, "marketing": None}
    short.status, short.gap, short.alignment = "insufficient", None, None
    short.scores = {"sales": None, "marketing": 40.0}
    root = parse(charts.gap_bars_svg(result))
    notes = {
        t.get("data-dimension"): "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if "gap-note" in (t.get("class") or "")
    }
    assert notes == {"horizon": "difference to manage, not scored", "leads": "too few answers from Sales"}
    drawn = {r.get("data-dimension") for r in root.iter(f"{SVG}rect") if r.get("data-gap")}
    assert drawn == {"goals"}
    radar = parse(charts.radar_svg(result))
    assert "own focus, not scored" in all_text(radar)


def test_gap_scale_grows_with_the_widest_gap(mini):
    result = two_heads(mini)
    for dim in result.dimensions:
        dim.gap = 5.0
    assert charts.gap_scale(result) == 40
    result.dimensions[0].gap = 53.3
    assert charts.gap_scale(result) == 60
    assert charts.gap_length(60, 60) == charts.GAP_BAR_WIDTH
    assert charts.gap_length(75, 60) == charts.GAP_BAR_WIDTH


def test_the_side_that_sees_it_more_favourably_is_named(mini):
    result = two_heads(mini)
    text = all_text(parse(charts.gap_bars_svg(result)))
    goals = result.dimensions[0]
    higher = "Sales" if goals.scores["sales"] > goals.scores["marketing"] else "Marketing"
    assert f"{higher} higher" in text


def test_wrap_breaks_long_titles_and_marks_what_it_cuts():
    assert charts.wrap("Shared goals", 20) == ["Shared goals"]
    lines = charts.wrap("Joint goals, measurement and compensation", 20)
    assert lines == ["Joint goals,", "measurement and", "compensation"]
    cut = charts.wrap("one two three four five six seven eight nine ten", 8, max_lines=2)
    assert len(cut) == 2 and cut[-1].endswith("…")


def test_radar_rings_sit_where_the_stage_bands_start(mini):
    result = two_heads(mini)
    bands = [(0.0, "Apart"), (30.0, "Talking"), (62.5, "Together"), (85.0, "One team")]
    result.stages = [StageBand(name=name, from_=start, to=100.0) for start, name in bands]
    root = parse(charts.radar_svg(result))
    grid = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "grid")
    radii = []
    for ring in grid.iter(f"{SVG}polygon"):
        x, y = ring.get("points", "").split()[0].split(",")
        radii.append(distance_from_centre((float(x), float(y))))
    expected = [30.0, 62.5, 85.0, 100.0]
    assert radii == pytest.approx([r / 100 * charts.RADAR_RADIUS for r in expected], abs=0.1)
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "ring-value"]
    assert values == ["30", "62.5", "85", "100"]


def test_radar_rings_without_stage_bands_fall_back_to_quarters(mini):
    result = two_heads(mini)
    result.stages = []
    assert charts.radar_rings(result) == [25.0, 50.0, 75.0, 100.0]


def test_the_large_gap_line_breaks_where_a_bars_figure_sits_on_it(mini):
    result = two_heads(mini)
    small = next(d for d in result.dimensions if d.gap is not None and charts._gap_note(result, d) is None)
    result.rules.large_gap = math.floor(small.gap) + 2  # the line runs just past this bar's end
    root = parse(charts.gap_bars_svg(result))
    row = result.dimensions.index(small)
    mid = charts.GAP_TOP + row * charts.GAP_ROW + charts.GAP_ROW / 2
    lines = [line for line in root.iter(f"{SVG}line") if line.get("class") == "threshold"]
    assert lines
    for line in lines:
        y1, y2 = float(line.get("y1", "0")), float(line.get("y2", "0"))
        assert not y1 < mid < y2, "the dashed line strikes through a bar's figure"
    # the line still spans the chart from the first row to the last
    assert min(float(ln.get("y1", "0")) for ln in lines) < charts.GAP_TOP
    assert max(float(ln.get("y2", "0")) for ln in lines) == pytest.approx(
        charts.GAP_TOP + charts.GAP_ROW * len(result.dimensions)
    )
