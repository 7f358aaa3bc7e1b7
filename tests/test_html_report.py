"""The HTML report: self-contained, escaped, printable, and in the order the design asks for."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from alignment_cli.commands.assessment import assess
from alignment_cli.model.questionnaire import load_questionnaire
from alignment_cli.model.result import Result
from alignment_cli.render.reports import render_html
from alignment_cli.render.templates import environment
from alignment_cli.scoring.pipeline import score
from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    make_response,
    two_heads,
    write_response,
)

pytestmark = pytest.mark.usefixtures("editable_results")

HOSTILE = 'Acme <script>alert(1)</script> {{ 7*7 }} | pipes & "quotes"'
HOSTILE_ESCAPED = "Acme &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} | pipes &amp; &#34;quotes&#34;"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OUTLINE = [
    "summary",
    "priorities",
    "picture",
    "dimensions",
    "findings",
    "recommendations",
    "teams",
    "method",
    "sources",
    "skipped",
]


class Structure(HTMLParser):
    """Collects what the checks below need and fails on tags that do not nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "meta":
            self.meta.append(found)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)  # self-closing SVG elements

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    assert parser.problems == []
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def teams(mini) -> Result:
    """Four on each side: Sales answer alike, Marketing are split down the middle."""
    responses = [make_response("sales", SALES_ANSWERS, name="Jana Carpenter", head=True)]
    responses += [make_response("sales", SALES_ANSWERS, team="EMEA") for _ in range(3)]
    responses.append(make_response("marketing", MARKETING_ANSWERS, head=True))
    agree, disagree = dict(MARKETING_ANSWERS), dict(MARKETING_ANSWERS)
    agree.update({"goals.agreed": 5, "goals.conflict": 1, "horizon.reconciled": 5})
    disagree.update({"goals.agreed": 1, "goals.conflict": 5, "horizon.reconciled": 1})
    responses += [
        make_response("marketing", agree, team="Field"),
        make_response("marketing", disagree, team="Field"),
        make_response("marketing", agree, team="Brand"),
    ]
    return score(mini, responses)


def test_the_html_template_is_autoescaped():
    env = environment()
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("report.md.j2") is False


def test_renders_the_mini_questionnaire_as_one_self_contained_page(mini):
    html = render_html(two_heads(mini))
    parsed = structure(html)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html)  # no event handlers either
    # nothing that could load from elsewhere: no link, img, iframe, object or @import
    assert not {"link", "img", "iframe", "object", "embed", "script"} & set(parsed.tags)
    assert "@import" not in html
    urls = re.findall(r"""(?:src|href)\s*=\s*["']?\s*([^"'\s>]+)""", html, re.I)
    urls += re.findall(r"""url\(\s*["']?([^"')]+)""", html, re.I)
    assert [u for u in urls if re.match(r"(?:[a-z]+:)?//", u, re.I)] == []
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*https?:""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*https?:", html, re.I)
    csp = [m for m in parsed.meta if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert csp and csp[0]["content"] == ("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    assert html.count("<svg") == 2
    assert 'class="chart radar"' in html and 'class="chart gap-bars"' in html


def test_follows_the_outline_of_the_design(mini):
    result = teams(mini)
    result.skipped_files = ["bad.yaml: answers.goals.agreed: expected a whole number"]
    parsed = structure(render_html(result))
    order = [i for i in parsed.ids if i in OUTLINE]
    assert order == OUTLINE


def test_headline_priorities_and_dimension_table(mini):
    result = two_heads(mini)
    html = render_html(result)
    # one decimal, as everywhere else, so the index and its stage never seem to disagree
    assert result.alignment_index is not None
    assert f'<span class="value">{result.alignment_index:.1f}</span>' in html
    assert result.stage is not None and result.stage.name in html
    assert escape(result.headline) in html
    assert "2026-11-25" in html
    assert html.count('class="priority"') == len(result.priorities) == 2
    for priority in result.priorities:
        if priority.action:
            assert priority.action in html
    dims = html[html.index('id="dimensions"') : html.index('id="findings"')]
    for dim in result.dimensions:
        assert dim.title in dims
    for header in ("Sales", "Marketing", "Gap", "Alignment", "Answered"):
        assert f">{header}</th>" in dims
    assert 'class="gap-large"' in dims  # the 53-point gap on shared goals


def test_contested_facts_quote_both_answers_side_by_side(mini):
    html = render_html(two_heads(mini))
    findings = html[html.index('id="findings"') : html.index('id="recommendations"')]
    assert "How are the two teams led?" in findings
    assert '<td class="said side-a"><q>Separate peers</q></td>' in findings
    assert '<td class="said side-b"><q>One leader</q></td>' in findings
    assert "Sales, about Marketing" in findings and "Marketing, about Sales" in findings


def test_recommendations_carry_actions_numbers_and_source(mini):
    result = two_heads(mini)
    html = render_html(result)
    recs = html[html.index('id="recommendations"') : html.index('id="method"')]
    assert recs.count('class="rec"') == len(result.plan) > 0
    for rec in result.plan:
        assert rec.title in recs
        for action in rec.actions:
            assert f"<li>{escape(action)}</li>" in recs
        assert escape(rec.evidence) in recs
    assert "Interview with Patrick Conte" in recs


def test_method_appendix_prints_the_stage_bands_and_sources(mini):
    result = two_heads(mini)
    html = render_html(result)
    method = html[html.index('id="method"') :]
    for band in result.stages:
        assert f"<td>{band.name}" in method
    assert 'class="current"' in method
    assert "Sales vs marketing in tech companies" in method and "Phil Morettini" in method


def test_every_user_string_is_escaped_and_stays_literal(mini):
    result = two_heads(mini, organization=HOSTILE)
    result.comments[0].text = HOSTILE
    result.comments[0].author = HOSTILE
    result.respondents["sales"].names = [HOSTILE]
    result.questionnaire.title = HOSTILE
    result.dimensions[0].title = HOSTILE
    result.skipped_files = [HOSTILE]
    result.recommendations[0].actions = [HOSTILE]
    html = render_html(result)
    assert "<script>" not in html
    assert html.count(HOSTILE_ESCAPED) >= 7
    assert f"<h1>{HOSTILE_ESCAPED}</h1>" in html
    assert "{{ 7*7 }}" in html
    assert "49 |" not in html and ">49<" not in html
    # in the charts the title is escaped by the chart code, once, not twice
    assert "Acme &lt;script&gt;" in html[html.index("<svg") : html.index("</svg>")]
    assert "&amp;lt;" not in html


def test_a_user_string_never_runs_as_a_template(mini):
    result = two_heads(mini, organization="{% for x in range(3) %}loop{% endfor %}{{ r }}")
    html = render_html(result)
    assert "{% for x in range(3) %}loop{% endfor %}{{ r }}" in html
    assert "looploop" not in html


def test_has_a_print_stylesheet_for_a4_and_letter(mini):
    html = render_html(two_heads(mini))
    style = html[html.index("<style>") : html.index("</style>")]
    assert re.search(r"@page\s*\{[^}]*size:\s*auto;[^}]*margin:\s*14mm 15mm 16mm", style)
    # the footer: organization left, page numbers right, in every page's bottom margin
    assert '@bottom-left { content: "Acme Corp";' in style
    assert '@bottom-right { content: "Page " counter(page) " of " counter(pages);' in style
    print_rules = style[style.index("@media print") :]
    assert "break-inside: avoid" in print_rules
    assert "h1, h2, h3, h4, .lede, .kicker { break-after: avoid-page;" in print_rules
    assert ".charts { grid-template-columns: 1fr" in print_rules
    assert "display: none" not in print_rules  # nothing hidden in print
    assert "svg { display: block; width: 100%; height: auto; max-width: 100%" in style


def test_one_side_renders_and_says_the_gap_cannot_be_computed(mini):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS, name="Jana Carpenter", organization="Solo Ltd")]
    )
    html = render_html(result)
    structure(html)
    assert "The gap between the two sides cannot be computed yet." in html
    assert "Only Sales has answered" in html
    assert "Marketing’s answers" in html
    assert "No alignment index" in html and "Marketing has not answered" in html
    assert 'id="too-few"' not in html
    # one side's priorities are that side's scores, never an alignment
    assert html.count('<div class="score">score <strong>') == len(result.priorities) > 0
    assert "no answers yet" in html
    assert html.count("<svg") == 2
    assert 'id="teams"' not in html


def test_teams_show_heads_and_teams_but_no_agreement_under_five_a_side(mini):
    html = render_html(teams(mini))  # four on each side
    section = html[html.index('id="teams"') : html.index('id="method"')]
    assert "Heads and their teams" in section
    assert "EMEA (3)" in section
    assert "folded into Marketing as a whole" in section and "Brand, Field" in section
    assert "Jana Carpenter" not in html  # several on a side: aggregates only
    assert "Agreement within each side" not in html and "largely agrees" not in html


def test_agreement_is_in_the_method_appendix_in_words_from_five_a_side(mini):
    base = teams(mini)
    extra = [
        make_response("sales", SALES_ANSWERS, team="EMEA"),
        make_response("marketing", MARKETING_ANSWERS, team="Field"),
    ]
    from alignment_cli.scoring.pipeline import score

    responses = [make_response("sales", SALES_ANSWERS, name="Jana Carpenter", head=True)]
    responses += [make_response("sales", SALES_ANSWERS, team="EMEA") for _ in range(3)]
    agree, disagree = dict(MARKETING_ANSWERS), dict(MARKETING_ANSWERS)
    agree.update({"goals.agreed": 5, "goals.conflict": 1, "horizon.reconciled": 5})
    disagree.update({"goals.agreed": 1, "goals.conflict": 5, "horizon.reconciled": 1})
    responses += [
        make_response("marketing", MARKETING_ANSWERS, head=True),
        make_response("marketing", agree, team="Field"),
        make_response("marketing", disagree, team="Field"),
        make_response("marketing", agree, team="Brand"),
        *extra,
    ]
    result = score(mini, responses)
    assert base.respondents["sales"].respondents == 4
    assert result.respondents["sales"].respondents == 5
    goals = result.dimension("goals")
    assert goals is not None and goals.sides["sales"].rwg == 1.0
    assert goals.sides["marketing"].rwg is not None and goals.sides["marketing"].rwg < 0.7
    html = render_html(result)
    appendix = html[html.index('id="method"') :]
    assert "Agreement within each side" in appendix
    assert "largely agrees" in appendix
    assert '<span class="words low">views differ widely</span>' in appendix
    assert "not computed" in appendix  # alpha needs more statements than this
    teams_part = html[html.index('id="teams"') : html.index('id="method"')]
    assert "largely agrees" not in teams_part


def test_assessed_from_files_on_disk(tmp_path: Path):
    folder = tmp_path / "responses"
    write_response(
        folder, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana", organization="Disk Co")
    )
    write_response(
        folder,
        "marketing.yaml",
        make_response("marketing", MARKETING_ANSWERS, name="Mo", organization="Disk Co"),
    )
    (folder / "broken.yaml").write_text("questionnaire: [\n", encoding="utf-8")
    result = assess([folder], questionnaire=MINI, skip_invalid=True)
    html = render_html(result)
    structure(html)
    assert "<h1>Disk Co</h1>" in html
    skipped = html[html.index('id="skipped"') :]
    assert "file 1: " in skipped and "broken.yaml" not in skipped
    named = render_html(assess([folder], questionnaire=MINI, skip_invalid=True, show_names=True))
    assert "<li>broken.yaml: " in named[named.index('id="skipped"') :]


@pytest.mark.parametrize("count", [1, 2])
def test_few_dimensions_still_render(tmp_path: Path, count: int):
    """One or two dimensions make no polygon; the radar falls back to rings and still draws."""
    doc = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    doc["dimensions"] = doc["dimensions"][:count]
    kept = {d["id"] for d in doc["dimensions"]}
    doc["recommendations"] = [r for r in doc["recommendations"] if r["dimension"] in kept]
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    q = load_questionnaire(path)
    sales = {k: v for k, v in SALES_ANSWERS.items() if k in q.questions}
    marketing = {k: v for k, v in MARKETING_ANSWERS.items() if k in q.questions}
    result = score(q, [make_response("sales", sales), make_response("marketing", marketing)])
    html = render_html(result)
    structure(html)
    assert html.count("<svg") == 2
    assert html.count('data-side="sales"') >= count + 1  # the outline and its dots


def too_few_answers(mini) -> Result:
    """Both sides answered, but each only one item: too few to score any dimension."""
    return score(
        mini,
        [
            make_response("sales", {"leads.worth-it": 2}),
            make_response("marketing", {"horizon.reconciled": 2}),
        ],
        include_incomplete=True,
    )


def test_both_sides_with_too_few_answers_is_not_called_one_side(mini):
    result = too_few_answers(mini)
    assert result.gaps_computable and result.alignment_index is None
    assert {d.status for d in result.dimensions} == {"insufficient"}
    html = render_html(result)
    structure(html)
    assert "No alignment index" in html
    assert 'id="too-few"' in html and "Only 0 of 3 areas could be measured" in html
    assert "cannot be computed yet" not in html  # that is the one-side message
    assert "has not answered" not in html
    assert "Not enough answers" in html


def test_a_priority_without_alignment_is_labelled_score(mini):
    """A result whose weakest area has one side's score only (as a hand-edited or older result
    may have) must not call that score an alignment."""
    result = two_heads(mini)
    first = result.priorities[0]
    dim = result.dimension(first.dimension)
    assert dim is not None
    dim.status, dim.gap, dim.alignment = "insufficient", None, None
    first.alignment = 25.0
    html = render_html(result)
    priorities = html[html.index('id="priorities"') : html.index('id="picture"')]
    assert priorities.count('<div class="score">alignment <strong>') == 1
    assert '<div class="score">score <strong>25</strong>' in priorities


def test_an_own_focus_dimension_reads_as_a_difference_to_manage(mini):
    result = two_heads(mini)
    horizon = result.dimension("horizon")
    assert horizon is not None
    # a dimension made only of items about each side's own focus: no score and no gap
    horizon.status, horizon.gap, horizon.alignment = "profile", None, None
    horizon.scores = {"sales": None, "marketing": None}
    html = render_html(result)
    dims = html[html.index('id="dimensions"') : html.index('id="findings"')]
    row = dims[dims.index("<b>Time horizons</b>") :]
    row = row[: row.index("</tr>")]
    assert '<span class="tag">difference to manage</span>' in row
    assert "insufficient" not in row
    bars = html[html.index('class="chart gap-bars"') :]
    assert "difference to manage, not scored" in bars[: bars.index("</svg>")]


def test_baseline_figures_have_one_decimal(mini):
    from alignment_cli.scoring.change import delta

    before, after = two_heads(mini), two_heads(mini)
    assert after.alignment_index is not None
    after.alignment_index = round(after.alignment_index + 2.3, 1)
    after.baseline = delta(before, after)
    html = render_html(after)
    assert "Since the previous assessment" in html and "+2.3 points" in html
    box = html[html.index('id="baseline"') :]
    assert (
        f"index {before.alignment_index:.1f} → {after.alignment_index:.1f} (+2.3"
        in box[: box.index("</div>")]
    )


def test_more_ideas_show_each_idea_whole_with_its_evidence():
    """Like the Markdown report, each further idea says what answers it rests on; print keeps
    it whole (two columns, small type), never clipped to a line."""
    result = assess([Path(__file__).resolve().parent.parent / "examples" / "northwind"], skip_invalid=True)
    assert len(result.more_ideas) > 10
    html = render_html(result)
    ideas = html[html.index('id="more-ideas"') : html.index('id="sources"')]
    assert ideas.count("<li>") == len(result.more_ideas)
    for rec in result.more_ideas:
        assert rec.evidence
        assert f'<span class="evidence">{escape(rec.evidence)}</span>' in ideas, rec.title
    style = html[html.index("<style>") : html.index("</style>")]
    assert "line-clamp" not in style
