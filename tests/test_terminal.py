"""The terminal summary: 80 columns, no colour when asked, respondent text shown literally."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from alignment_cli.render.terminal import render_terminal
from alignment_cli.scoring.pipeline import score
from tests.helpers import MARKETING_ANSWERS, SALES_ANSWERS, make_response

HOSTILE = "Acme [bold red]<script>alert(1)</script>[/] {{ 7*7 }} | pipes"


def rendered(mini, organization=HOSTILE, **console_options) -> str:
    result = score(
        mini,
        [
            make_response("sales", SALES_ANSWERS, name="Jana"),
            make_response("marketing", MARKETING_ANSWERS, name="Mo"),
        ],
        organization=organization,
    )
    console = Console(record=True, width=80, **console_options)
    render_terminal(result, console)
    return console.export_text()


def test_fits_80_columns_and_has_the_verdict(mini):
    text = rendered(mini)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Alignment index 38.9 / 100" in text
    assert "Findings" in text and "Priorities" in text and "Action plan" in text
    assert "First step: Draft it jointly" in text


def test_respondent_text_is_never_markup(mini):
    text = rendered(mini)
    assert "[bold red]<script>alert(1)</script>[/]" in text
    assert "{{ 7*7 }}" in text and "49" not in text


def test_no_color_means_no_colour_codes(mini):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    for no_color, expect_colour in ((False, True), (True, False)):
        out = io.StringIO()
        render_terminal(result, Console(file=out, width=80, force_terminal=True, no_color=no_color))
        codes = re.findall(r"\x1b\[([0-9;]*)m", out.getvalue())
        assert codes  # bold and dim stay either way
        colours = [c for c in codes if re.search(r"(?:^|;)(?:3[0-8]|9[0-7])(?:;|$)", c)]
        assert bool(colours) is expect_colour


def test_command_line_respects_no_color(tmp_path, cli):
    from tests.helpers import MINI, write_response

    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(tmp_path, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    result = cli("--no-color", "report", tmp_path, "--questionnaire", MINI)
    assert result.code == 0
    assert "\x1b[" not in result.out


def _colour_codes(text: str) -> list[str]:
    codes = re.findall(r"\x1b\[([0-9;]*)m", text)
    return [c for c in codes if re.search(r"(?:^|;)(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;|$)", c)]


def test_no_color_reaches_the_console_and_leaves_the_environment_alone(tmp_path, cli, monkeypatch) -> None:
    """--no-color is the run's choice, passed to the console it prints on; it is not written
    into os.environ, where the next run in the same process (or a child) would inherit it."""
    import os

    from tests.helpers import MINI, write_response

    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(tmp_path, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # colour although the output is captured
    before = dict(os.environ)
    coloured = cli("report", tmp_path, "--questionnaire", MINI)
    assert coloured.code == 0 and _colour_codes(coloured.out)
    plain = cli("--no-color", "report", tmp_path, "--questionnaire", MINI)
    assert plain.code == 0 and plain.out.strip()
    assert _colour_codes(plain.out) == []
    assert dict(os.environ) == before
    again = cli("report", tmp_path, "--questionnaire", MINI)  # the choice lasted one run only
    assert _colour_codes(again.out)


def test_the_prompts_follow_the_consoles_no_color() -> None:
    from prompt_toolkit.output import ColorDepth

    from alignment_cli.interactive.asker import QuestionaryAsker

    assert QuestionaryAsker(Console(no_color=True))._io["color_depth"] is ColorDepth.DEPTH_1_BIT
    assert "color_depth" not in QuestionaryAsker(Console())._io


# --- the layout: the terminal's width, whole dimension names, the headline kept on screen -------


def _examples(name: str):
    from pathlib import Path

    from alignment_cli.commands.assessment import assess

    return assess([Path(__file__).resolve().parent.parent / "examples" / name])


def _render(result, width: int, height: int | None = None) -> list[str]:
    console = Console(record=True, width=width, height=40, file=io.StringIO())
    render_terminal(result, console, height=height)
    return console.export_text().splitlines()


def test_uses_the_terminal_width_and_never_wraps_a_dimension_name() -> None:
    result = _examples("northwind")
    for width in (80, 100, 120, 160):
        lines = _render(result, width)
        assert max(len(line) for line in lines) <= width
        assert max(len(line) for line in lines) >= min(width, 140) - 2  # not capped at 80
        for dim in result.dimensions:
            assert any(line.startswith(dim.title) for line in lines), (width, dim.title)
    # the bar column is kept when there is room for it beside the whole names
    assert "█" in "\n".join(_render(result, 120))


def test_the_priority_markers_are_explained() -> None:
    result = _examples("northwind")
    text = "\n".join(_render(result, 100))
    assert re.search(r"#1\b", text)
    assert "#1, #2 … mark the priorities, in order: where to start (below)" in text


@pytest.mark.parametrize("example", ["northwind", "meridian", "bluepeak"])
@pytest.mark.parametrize(("width", "rows"), [(80, 40), (100, 40), (120, 40), (160, 50)])
def test_the_end_screen_fits_so_the_headline_stays_in_view(example: str, width: int, rows: int) -> None:
    result = _examples(example)
    lines = _render(result, width, height=rows - 4)
    assert len(lines) <= rows - 4
    assert any("Alignment index" in line for line in lines[:4])
    assert "Priorities" in "\n".join(lines)  # the first steps are always there
    full = _render(result, width)
    assert len(full) >= len(lines)  # without a height nothing is cut


@pytest.mark.parametrize("width", [60, 80])
def test_a_narrow_terminal_keeps_every_column_of_the_dimension_table(width: int) -> None:
    from pathlib import Path

    from alignment_cli.commands.assessment import assess

    root = Path(__file__).resolve().parent.parent
    result = assess([root / "examples" / "northwind"], skip_invalid=True)
    console = Console(record=True, width=width, file=io.StringIO())
    render_terminal(result, console)
    out = console.export_text()
    assert max(len(line) for line in out.splitlines()) <= width
    header = next(line for line in out.splitlines() if line.startswith("Dimension"))
    for column in ("Sales", "Marketing", "Gap", "Align"):
        assert column in header.split(), header
    shared = next(line for line in out.splitlines() if line.startswith("Shared goals"))
    assert len(re.findall(r"\b\d+\b", shared)) >= 4, shared  # both scores, the gap, alignment


def test_each_blind_spot_is_shown_once_in_the_self_view_table() -> None:
    from pathlib import Path

    from alignment_cli.commands.assessment import assess
    from alignment_cli.formats import ReportFormat
    from alignment_cli.render.reports import render_format

    root = Path(__file__).resolve().parent.parent
    result = assess([root / "examples" / "northwind"], skip_invalid=True)
    blind = [f for f in result.findings if f.kind == "blind-spot"]
    assert blind, "the two-person example has blind spots"
    console = Console(record=True, width=120, file=io.StringIO())
    render_terminal(result, console)
    out = console.export_text()
    assert "How each side sees its own work" in out
    for finding in blind:
        assert finding.title not in out
    md = render_format(result, ReportFormat("md"))
    assert "### How each side sees its own work" in md
    for finding in blind:
        assert f"**{finding.title}**" not in md
