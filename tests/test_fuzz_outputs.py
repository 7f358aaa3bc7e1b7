"""Arbitrary text in every field a user controls never reaches any output as a control
character, a bidi override or markup of its own."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment_cli.formats import ReportFormat as Format
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.response import Response
from alignment_cli.model.result_file import load_result
from alignment_cli.render.compare import render_markdown as compare_markdown
from alignment_cli.render.compare import render_terminal as compare_terminal
from alignment_cli.render.reports import render_format
from alignment_cli.render.terminal import render_terminal
from alignment_cli.scoring.change import delta
from alignment_cli.scoring.pipeline import score
from alignment_cli.text import FORBIDDEN
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS

INJECTIONS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "![i](http://e.x/i.png)",
    "```",
    "~~~",
    "$$x$$",
    "http://e.x/p",
    "www.e.x",
    "@team",
    "|",
    "\n# forged\n",
    "&lt;b&gt;",
    "\x1b[2J",
    "\x1bc",
    "\x1b]8;;http://e.x\x07",
    "\u202e",
    "\u2066",
    "\u200f",
    "\x00",
    "\x85",
    "\r",
    "\u2028",
    "{{ 7*7 }}",
    "{% raw %}",
    "[x]: http://e.x",
    "<!--",
    "-->",
    "*",
    "_",
    "\\",
]
text = st.lists(st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=8)), min_size=1, max_size=5).map(
    "".join
)
role = st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True)

# markup a report's own template uses; anything else in the HTML came from the data
HTML_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "section",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "span",
    "strong",
    "em",
    "b",
    "i",
    "small",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "ol",
    "li",
    "svg",
    "g",
    "line",
    "circle",
    "polygon",
    "polyline",
    "path",
    "rect",
    "text",
    "tspan",
    "sub",
    "footer",
    "blockquote",
    "figure",
    "figcaption",
    "abbr",
    "details",
    "summary",
    "nav",
    "br",
    "hr",
    "dl",
    "dt",
    "dd",
    "code",
    "sup",
    "article",
    "aside",
    "q",
    "caption",
    "colgroup",
    "col",
    "defs",
    "lineargradient",
    "stop",
    "desc",
    "mark",
    "time",
    "label",
    "cite",
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def _questionnaire(fields: dict[str, str], roles: tuple[str, str]) -> Questionnaire:
    raw = yaml.safe_load(MINI.read_text())
    # a text that cleans to nothing is refused where it is required, rightly: keep one letter
    fields = {key: "x" + value for key, value in fields.items()}
    raw["title"] = fields["title"]
    raw["roles"] = list(roles)
    raw["dimensions"][0]["title"] = fields["dimension"]
    raw["dimensions"][0]["description"] = fields["description"]
    raw["dimensions"][0]["questions"][0]["text"] = fields["question"]
    raw["dimensions"][0]["questions"][2]["options"][1]["label"] = fields["option"]
    raw["recommendations"][0]["title"] = fields["recommendation"]
    raw["recommendations"][0]["actions"] = [fields["action"]]
    raw["recommendations"][0]["why"] = fields["why"]
    raw["stages"][0]["name"] = fields["stage"] + "0"  # names must stay distinct
    raw["stages"][0]["summary"] = fields["summary"]
    raw["sources"][0]["title"] = fields["source"]
    for dim in raw["dimensions"]:
        for question in dim["questions"]:
            if "roles" in question:
                question["roles"] = [roles[0] if question["roles"] == ["sales"] else roles[1]]
    return Questionnaire.model_validate(raw)


def _response(side: str, answers: dict[str, Any], fields: dict[str, str], i: int, team: str) -> Response:
    theirs = {"leads.worth-it": "sales", "leads.followed": "marketing"}
    return Response.model_validate(
        {
            "questionnaire": {"id": "mini", "version": "1"},
            "organization": fields["organization"],
            "respondent": {"role": side, "name": f"{fields['name']}{i}", "team": team, "head": i == 0},
            "completed_at": "2026-11-25T10:00:00Z",
            "answers": {k: v for k, v in answers.items() if k not in theirs},
            "comments": {"goals": fields["comment"], "general": fields["comment"]},
        }
    )


def _check_plain(output: str, where: str) -> None:
    found = FORBIDDEN.search(output)
    assert found is None, (
        where,
        repr(found.group()),
        output[max(0, found.start() - 40) : found.start() + 40],
    )
    assert "\x1b" not in output and "\r" not in output, where


def _outside_code_blocks(output: str) -> str:
    """The Markdown that renders as Markdown: fenced blocks removed the way CommonMark closes
    them (a line of at least as many backticks as opened the block). Fails when one is open."""
    outside: list[str] = []
    fence = 0
    for line in output.splitlines():
        if fence:
            if re.fullmatch("`{" + str(fence) + r",}\s*", line):
                fence = 0
            continue
        opening = re.match(r"(`{3,}|~{3,})", line)
        if opening:
            assert opening.group(1)[0] == "`", line
            fence = len(opening.group(1))
            continue
        outside.append(line)
    assert fence == 0, "a code block is left open"
    return "\n".join(outside)


def _check_markdown(output: str, where: str) -> None:
    _check_plain(output, where)
    text = _outside_code_blocks(output)
    for markup in ("<img", "<script", "<!--", "![", "$$", "](http", "{{ 7*7 }}"):
        assert not re.search(r"(?<!\\)" + re.escape(markup), text), (where, markup)
    assert "http://" not in text and "www.e" not in text and "@team" not in text, where
    # a user's "\n# forged" must never start a heading of its own
    assert not re.search(r"^\s{0,3}#{1,6}\s+forged", text, re.MULTILINE), where


def _check_html(output: str) -> None:
    _check_plain(output, "html")
    parser = _Tags()
    parser.feed(output)
    assert parser.tags <= HTML_TAGS, parser.tags - HTML_TAGS
    assert not any(a.startswith("on") for a in parser.attributes), parser.attributes


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    fields=st.fixed_dictionaries(
        {
            key: text
            for key in (
                "title",
                "dimension",
                "description",
                "question",
                "option",
                "recommendation",
                "action",
                "why",
                "stage",
                "summary",
                "source",
                "organization",
                "name",
                "team",
                "comment",
            )
        }
    ),
    roles=st.tuples(role, role).filter(lambda r: r[0] != r[1]),
)
def test_no_output_carries_controls_or_markup(fields, roles, tmp_path_factory):
    questionnaire = _questionnaire(fields, roles)
    responses = [
        _response(roles[0], {**SALES_ANSWERS, "leads.worth-it": 2}, fields, i, fields["team"])
        for i in range(4)
    ] + [
        _response(roles[1], {**MARKETING_ANSWERS, "leads.followed": 1}, fields, i, fields["team"] + "x")
        for i in range(4)
    ]
    result = score(questionnaire, responses, show_names=True)

    md = render_format(result, Format.md)
    _check_markdown(md, "md")
    _check_html(render_format(result, Format.html))
    document = render_format(result, Format.json)
    _check_plain(document, "json")
    json.loads(document)
    console_text = io.StringIO()
    from rich.console import Console

    render_terminal(result, Console(file=console_text, width=100, no_color=True))
    _check_plain(console_text.getvalue(), "terminal")

    folder: Path = tmp_path_factory.mktemp("results")
    old = folder / "old.json"
    old.write_text(document)
    before = after = load_result(old)
    change = delta(before, after)
    _check_markdown(compare_markdown(before, after, change, old, old), "compare md")
    compare_text = io.StringIO()
    compare_terminal(before, after, change, old, old, Console(file=compare_text, width=100, no_color=True))
    _check_plain(compare_text.getvalue(), "compare terminal")
