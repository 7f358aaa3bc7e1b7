"""The Markdown report: golden files, determinism, and text from respondents kept literal."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from alignment_cli.render.reports import render_json, render_markdown
from alignment_cli.render.templates import md_escape
from alignment_cli.scoring.pipeline import score
from tests.helpers import SALES_ANSWERS, make_response, two_heads

pytestmark = pytest.mark.usefixtures("editable_results")

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "Acme <script>alert(1)</script> {{ 7*7 }} | pipes\nand # a heading"


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


def test_two_heads_golden(mini):
    golden("mini-two-heads.md", render_markdown(two_heads(mini)))


def test_one_side_golden(mini):
    result = score(mini, [make_response("sales", SALES_ANSWERS, name="Jana Carpenter")])
    text = render_markdown(result)
    golden("mini-one-side.md", text)
    assert "No alignment index yet" in text


def test_same_input_same_bytes(mini):
    assert render_markdown(two_heads(mini)) == render_markdown(two_heads(mini))


def test_hostile_text_stays_literal(mini):
    result = two_heads(mini, organization=HOSTILE)
    result.comments[0].text = HOSTILE
    text = render_markdown(result)
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "{{ 7\\*7 }}" in text and "49" not in text
    assert "\\| pipes" in text
    assert "\n# a heading" not in text and "\\# a heading" in text
    # every row of the dimension table still has as many unescaped separators as its header
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Dimension |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line.replace("\\|", "").count("|"))
    assert len(rows) == 2 + len(result.dimensions)
    assert set(rows) == {rows[0]}


def test_hostile_text_in_json_is_data(mini):
    import json

    doc = json.loads(render_json(two_heads(mini, organization=HOSTILE)))
    assert doc["organization"] == HOSTILE.replace("\n", " ")  # one line: no forged lines


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>x</b>", "\\<b\\>x\\</b\\>"),
        ("line one\nline two", "line one line two"),
        ("# title", "\\# title"),
        ("- item", "- item"),
        ("1.0", "1.0"),
        ("[link](http://x)", "\\[link\\](http\u2060://x)"),
        ("&amp; stays", "&amp;amp; stays"),
        ("ping @org/team", "ping @\u2060org/team"),
        (None, ""),
    ],
)
def test_md_escape(raw, escaped):
    assert md_escape(raw) == escaped


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("- item", "\\- item"), ("1. first", "\\1. first"), ("+ x", "\\+ x"), ("plain", "plain")],
)
def test_md_line_escapes_block_starts(raw, escaped):
    from alignment_cli.render.templates import md_line

    assert md_line(raw) == escaped


def test_every_finding_is_a_list_item_of_its_own() -> None:
    """A block tag at the end of a finding's line once swallowed its line break, running every
    finding into one paragraph."""
    for report in sorted((Path(__file__).parent.parent / "examples").glob("*/reports/report.md")):
        text = report.read_text(encoding="utf-8")
        assert not re.search(r"[.)”]- \*\*", text), report
    assert not re.search(r"[.)”]- \*\*", (GOLDEN / "mini-two-heads.md").read_text(encoding="utf-8"))
