"""The terminal summary: 80 columns, no colour when asked, respondent text shown literally."""

from __future__ import annotations

import io
import re

from rich.console import Console

from alignment_cli.render.terminal import render_terminal
from alignment_cli.scoring.pipeline import score
from tests.conftest import MARKETING_ANSWERS, SALES_ANSWERS, make_response

HOSTILE = "Acme [bold red]<script>alert(1)</script>[/] {{ 7*7 }} | pipes"


def rendered(mini, organization=HOSTILE, **console_options) -> str:
    result = score(mini, [make_response("sales", SALES_ANSWERS, name="Jana"),
                          make_response("marketing", MARKETING_ANSWERS, name="Mo")],
                   organization=organization)
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
    result = score(mini, [make_response("sales", SALES_ANSWERS),
                          make_response("marketing", MARKETING_ANSWERS)])
    for no_color, expect_colour in ((False, True), (True, False)):
        out = io.StringIO()
        render_terminal(result, Console(file=out, width=80, force_terminal=True,
                                        no_color=no_color))
        codes = re.findall(r"\x1b\[([0-9;]*)m", out.getvalue())
        assert codes  # bold and dim stay either way
        colours = [c for c in codes if re.search(r"(?:^|;)(?:3[0-8]|9[0-7])(?:;|$)", c)]
        assert bool(colours) is expect_colour


def test_command_line_respects_no_color(tmp_path, cli):
    from tests.conftest import MINI, write_response

    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(tmp_path, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    result = cli("--no-color", "report", tmp_path, "--questionnaire", MINI)
    assert result.code == 0
    assert "\x1b[" not in result.out
