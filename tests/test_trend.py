"""The trend: noise at its boundary, rounds in date order, versions lined up by dimension id,
the history check keeps, and `alignment trend` over Northwind's four quarters in every format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from alignment_cli.commands.trend import load_round, read_history, save_to_history, trend_of
from alignment_cli.errors import InputError
from alignment_cli.scoring.trend import FALLBACK_HALF_WIDTH, Round, build_trend, noise

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "examples" / "northwind-history" / "results"
# Northwind's first round as an earlier version wrote it, before results had schema 3
SCHEMA_2 = ROOT / "tests" / "fixtures" / "northwind-2026-q1-schema2.json"


def a_round(
    label: str,
    index: float | None,
    dims: dict[str, float | None],
    *,
    version: str = "1",
    interval: tuple[float, float] | None = None,
    questionnaire: str = "q",
    organization: str | None = "Acme",
) -> Round:
    return Round(
        label=label,
        source=f"{label}.json",
        questionnaire_id=questionnaire,
        questionnaire_version=version,
        organization=organization,
        date=label,
        index=index,
        interval=interval,
        stage=None,
        dimensions=dims,
        titles={d: d.title() for d in dims},
    )


@pytest.mark.parametrize(
    ("before", "after", "h1", "h2", "marked"),
    [
        (50.0, 53.0, 2.0, 2.0, True),  # noise sqrt(8) = 2.8
        (50.0, 52.8, 2.0, 2.0, False),  # exactly the noise: not marked
        (50.0, 47.1, 2.0, 2.0, True),  # down, over it
        (50.0, 57.0, None, None, False),  # fallback: sqrt(50) = 7.1
        (50.0, 57.2, None, None, True),
    ],
)
def test_a_change_is_marked_only_when_larger_than_the_noise(before, after, h1, h2, marked):
    first = a_round("2026-01-01", before, {}, interval=None if h1 is None else (before - h1, before + h1))
    second = a_round("2026-04-01", after, {}, interval=None if h2 is None else (after - h2, after + h2))
    change = build_trend([first, second]).index.changes[1]
    assert change is not None
    assert change.marked is marked
    assert change.direction == ("steady" if not marked else ("up" if after > before else "down"))


def test_noise_adds_the_two_rounds_in_quadrature_with_a_fallback():
    assert noise(3.0, 4.0) == 5.0
    assert noise(None, None) == round((2 * FALLBACK_HALF_WIDTH**2) ** 0.5, 1)
    assert noise(None, 0.0) == FALLBACK_HALF_WIDTH


def test_versions_line_up_by_dimension_id_and_the_change_is_named():
    rounds = [
        a_round("2026-01-01", 40.0, {"goals": 40.0, "old": 30.0}, version="1"),
        a_round("2026-04-01", 45.0, {"goals": 50.0, "old": 35.0}, version="1"),
        a_round("2026-07-01", 50.0, {"goals": 60.0, "new": 70.0}, version="2"),
    ]
    trend = build_trend(rounds)
    assert trend.version_changes == [2]
    by_id = {s.id: s for s in trend.dimensions}
    assert by_id["goals"].values == [40.0, 50.0, 60.0]
    assert by_id["old"].values == [30.0, 35.0, None]
    assert by_id["new"].values == [None, None, 70.0]
    assert by_id["new"].changes == [None, None, None]
    assert [s.id for s in trend.dimensions] == ["goals", "new", "old"]  # latest order first

    from alignment_cli.render.trend import render_trend_markdown, trend_svg

    svg = trend_svg(trend)
    assert svg.count('class="version-change"') == 1 and "questionnaire 2" in svg
    assert "<script" not in svg
    md = render_trend_markdown(trend)
    assert "2026-07-01 \\*" in md and "The questionnaire changed at 2026-07-01" in md


def test_rounds_are_ordered_by_date_and_mixed_inputs_are_refused():
    late = a_round("2026-07-01", 50.0, {})
    early = a_round("2026-01-01", 40.0, {})
    assert [r.label for r in trend_of([late, early]).rounds] == ["2026-01-01", "2026-07-01"]
    with pytest.raises(InputError, match="different questionnaires"):
        trend_of([early, a_round("2026-07-01", 50.0, {}, questionnaire="other")])
    with pytest.raises(InputError, match="different organizations"):
        trend_of([early, a_round("2026-07-01", 50.0, {}, organization="Other")])
    # one organization whatever its letter case and outer spaces, as compare and a baseline see it
    assert len(trend_of([early, a_round("2026-07-01", 50.0, {}, organization=" ACME ")]).rounds) == 2
    assert len(trend_of([early, a_round("2026-07-01", 50.0, {}, organization=None)]).rounds) == 2


def test_schema_1_and_2_results_are_read_and_an_interval_is_used(tmp_path: Path):
    doc = json.loads(SCHEMA_2.read_text(encoding="utf-8"))
    two = load_round(SCHEMA_2)  # schema 2: the interval as [low, high]
    assert doc["schema_version"] == 2
    assert two.interval == tuple(doc["alignment_index_interval"])
    assert two.index == doc["alignment_index"]
    path = tmp_path / "v2.json"
    doc["alignment_index_interval"] = {"low": 15.0, "high": 26.0}
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_round(path).interval == (15.0, 26.0)
    doc["schema_version"] = 1  # schema 1 has no interval: the fallback applies
    del doc["alignment_index_interval"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_round(path).interval is None and load_round(path).half_width is None
    doc["schema_version"] = 9
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="schema_version 9"):
        load_round(path)
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(InputError, match=r"v2.json:1:2: is not valid JSON"):
        load_round(path)


def test_history_keeps_one_dated_file_per_run_and_never_overwrites(tmp_path: Path):
    folder = tmp_path / "history"
    day = date(2026, 12, 8)
    # read once, before the folder exists: a name taken since is still never written over
    history = read_history(folder)
    first = save_to_history(history, '{"n": 1}\n', clock=lambda: day)
    second = save_to_history(history, '{"n": 2}\n', clock=lambda: day)
    third = save_to_history(history, '{"n": 3}\n', clock=lambda: date(2026, 12, 9))
    assert [first.name, second.name, third.name] == [
        "2026-12-08.json",
        "2026-12-08-2.json",
        "2026-12-09.json",
    ]
    assert json.loads(first.read_text())["n"] == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [first.name, second.name, third.name]
    )  # no temp left


@pytest.mark.parametrize("fmt", ["terminal", "md", "html", "json"])
def test_trend_over_four_quarters_in_every_format(fmt: str, cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    args = ["trend", HISTORY, "-f", fmt]
    out = tmp_path / f"trend.{fmt}"
    if fmt != "terminal":
        args += ["-o", out]
    done = cli(*args)
    assert done.code == 0, done.err
    text = done.out if fmt == "terminal" else out.read_text(encoding="utf-8")
    if fmt == "json":
        doc = json.loads(text)
        assert [r["label"] for r in doc["rounds"]] == ["2026-03-11", "2026-06-09", "2026-09-08", "2026-12-08"]
        assert doc["index"]["values"] == [19.1, 27.5, 40.6, 48.5]
        assert [c and c["direction"] for c in doc["index"]["changes"]] == [None, "up", "up", "up"]
        horizons = next(d for d in doc["dimensions"] if d["id"] == "time-horizons")
        assert horizons["changes"][3]["direction"] == "down"
        shared = next(d for d in doc["dimensions"] if d["id"] == "shared-goals")
        assert shared["changes"][3] == {"change": 0.0, "noise": 7.1, "marked": False, "direction": "steady"}
        return
    for figure in ("19.1", "27.5 ↑", "40.6 ↑", "48.5 ↑", "Shared goals"):
        assert figure in text, figure
    if fmt == "md":
        assert "| **Alignment index** | **19.1** | **27.5 ↑** | **40.6 ↑** | **48.5 ↑** | +29.4 |" in text
    if fmt == "html":
        assert "<svg" in text and "<script" not in text.lower()
        assert text.count("<polyline") >= 10  # the index and nine dimensions


def test_report_with_a_history_gains_a_trend_section(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    history = tmp_path / "history"
    history.mkdir()
    for name in ("2026-q1.json", "2026-q2.json", "2026-q3.json"):
        (history / name).write_bytes((HISTORY / name).read_bytes())
    q4 = ROOT / "examples" / "northwind-history" / "2026-q4"
    done = cli("report", q4, "-f", "md", "-f", "html", "-o", tmp_path / "out", "--history", history)
    assert done.code == 0, done.err
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Trend" in md and "| **Alignment index** | **19.1** |" in md and "**48.5 ↑**" in md
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="trend"' in html and 'class="chart trend"' in html


def test_check_keeps_a_history_and_its_reports_show_the_trend(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    rounds = ROOT / "examples" / "northwind-history"
    history = tmp_path / "history"
    history.mkdir()
    (history / "2026-06-10.json").write_bytes((HISTORY / "2026-q2.json").read_bytes())
    (tmp_path / "alignment.yml").write_text(
        f"responses: [{rounds / '2026-q3'}]\nhistory: history\n"
        "report: {formats: [md, html], output: reports}\n",
        encoding="utf-8",
    )
    for _ in range(2):
        done = cli("check", tmp_path / "alignment.yml")
        assert done.code == 0, done.err
        assert "in the history" in done.err
    kept = sorted(p.name for p in history.iterdir())
    # the second run of the same round replaced the first one's file instead of adding a twin
    assert len(kept) == 2 and kept[0] == "2026-06-10.json"
    assert not any(name.endswith("-2.json") for name in kept)
    md = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    # the second run's trend: June, then this round once (its kept copy is not shown twice)
    assert "## Trend" in md and "| **Alignment index** | **27.5** | **40.6 ↑** | +13.1 |" in md
    # a report of the round already kept, with that history, shows it once too
    done = cli("report", rounds / "2026-q3", "-f", "md", "--history", history)
    assert done.code == 0, done.err
    assert "| **Alignment index** | **27.5** | **40.6 ↑** | +13.1 |" in done.out


def test_check_reads_its_history_folder_once(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The trend in the reports and the search for this round's kept copy share one reading of
    the folder: each kept file is read once per run, and the copy is still replaced in place."""
    from alignment_cli.model import result_file

    rounds = ROOT / "examples" / "northwind-history"
    history = tmp_path / "history"
    history.mkdir()
    (history / "2026-06-10.json").write_bytes((HISTORY / "2026-q2.json").read_bytes())
    (tmp_path / "alignment.yml").write_text(
        f"responses: [{rounds / '2026-q3'}]\nhistory: history\nreport: {{formats: [md], output: reports}}\n",
        encoding="utf-8",
    )
    assert cli("check", tmp_path / "alignment.yml").code == 0  # keeps this round: two files now
    kept = sorted(history.iterdir())
    reads: list[str] = []
    real_read_text = result_file.read_text

    def counting(path: Path, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path).parent == history:
            reads.append(Path(path).name)
        return real_read_text(path, **kwargs)

    monkeypatch.setattr(result_file, "read_text", counting)
    done = cli("check", tmp_path / "alignment.yml")
    assert done.code == 0, done.err
    assert sorted(reads) == [p.name for p in kept]  # each once: the trend's reading serves the keeping
    assert sorted(history.iterdir()) == kept  # the same round replaced its copy, no twin
    assert f"Kept {kept[-1]} in the history" in done.err


def test_a_new_round_on_the_same_day_gets_its_own_file(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    rounds = ROOT / "examples" / "northwind-history"
    history = tmp_path / "history"
    config = tmp_path / "alignment.yml"
    for quarter in ("2026-q2", "2026-q3"):
        config.write_text(f"responses: [{rounds / quarter}]\nhistory: history\n", encoding="utf-8")
        assert cli("check", config).code == 0
    assert len(list(history.iterdir())) == 2


def test_titles_and_labels_are_escaped_in_the_chart():
    hostile = '<script>alert(1)</script> & "q"'
    rounds = [a_round("2026-01-01", 40.0, {"x": 40.0}), a_round("2026-04-01", 45.0, {"x": 50.0})]
    rounds = [Round(**{**r.__dict__, "titles": {"x": hostile}}) for r in rounds]
    from alignment_cli.render.trend import render_trend_html, trend_svg

    svg = trend_svg(build_trend(rounds))
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;" in svg
    assert "<script" not in render_trend_html(build_trend(rounds))


def test_report_history_must_be_a_folder(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    done = cli("report", ROOT / "examples" / "northwind", "-f", "md", "--history", tmp_path / "missing")
    assert done.code == 2 and "--history" in done.err and "no such folder" in done.err


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB hex colour (D65), to measure how far apart two colours look."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92

    r, g, b = linear(r), linear(g), linear(b)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(v: float) -> float:
        return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_the_first_ten_dimension_lines_have_clearly_different_colours():
    import itertools
    import math

    from alignment_cli.render.trend import LINE_COLOURS, _style

    colours = [_style(n)[0] for n in range(10)]
    assert len(set(colours)) == 10
    closest = min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(colours, 2))
    assert closest > 25, f"two lines differ by only {closest:.1f} (CIE76)"
    assert _style(len(LINE_COLOURS)) != _style(0)  # past ten, the dash differs


def test_the_trend_chart_takes_the_pages_full_width():
    import re

    template = (Path(__file__).resolve().parent.parent / "report_templates" / "trend.html.j2").read_text(
        encoding="utf-8"
    )
    assert re.search(r"\bsvg \{[^}]*\bwidth: 100%", template)
