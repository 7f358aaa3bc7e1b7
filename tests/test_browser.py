"""The HTML report in a real headless Chromium: it loads, draws its charts, runs nothing, asks no
other host for anything, and prints.

Needs the Debian package `chromium` and the `playwright` Python package (which drives the system
browser; it downloads nothing). Without them the tests are skipped on a developer's machine and
fail in CI, where they are installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.model.result import Result
from alignment_cli.render.reports import render_html
from alignment_cli.scoring.pipeline import score
from tests.helpers import FLAGS, MARKETING_ANSWERS, SALES_ANSWERS, launched, make_response, png_size

pytestmark = pytest.mark.browser

HOSTILE = 'Acme <script>window.__ran = 1</script><img src=x onerror="window.__ran = 2"> {{ 7*7 }}'
LOCAL_SCHEMES = ("file:", "data:", "about:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched(FLAGS) as chromium:
        yield chromium


class Visit:
    """One page in a fresh context that records every request and every console error."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        # Requests are recorded as they are made, then anything not local is stopped here, so
        # a failing test never sends traffic anywhere.
        self.context.route(re.compile(r"^(?!file:|data:|about:).*"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    @property
    def outside(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    v = Visit(browser)
    try:
        yield v
    finally:
        v.close()


def teams_result(mini: Any, organization: str = HOSTILE) -> Result:
    responses = [make_response("sales", SALES_ANSWERS, head=True, organization=organization)]
    responses += [
        make_response(
            "sales", SALES_ANSWERS, team="EMEA", organization=organization, comments={"goals": HOSTILE}
        )
        for _ in range(3)
    ]
    responses += [make_response("marketing", MARKETING_ANSWERS, head=True, organization=organization)]
    responses += [
        make_response("marketing", MARKETING_ANSWERS, team="Brand", organization=organization)
        for _ in range(3)
    ]
    return score(mini, responses)


def test_report_loads_draws_its_charts_and_asks_no_other_host(mini, visit: Visit, tmp_path: Path):
    report = tmp_path / "report.html"
    report.write_text(render_html(teams_result(mini)), encoding="utf-8")
    response = visit.page.goto(report.as_uri(), wait_until="load")
    assert response is not None and response.ok
    page = visit.page
    assert page.title().startswith("Sales & Marketing alignment")

    # the charts are in the rendered page, with real size
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    for i in range(2):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.radar polygon[data-side]").count() == 2
    assert page.locator("svg.gap-bars rect[data-gap]").count() >= 1

    # respondent text shows as text: nothing in it ran, nothing was evaluated
    assert page.evaluate("typeof window.__ran") == "undefined"
    assert page.locator("h1").inner_text() == HOSTILE
    assert "{{ 7*7 }}" in page.locator("blockquote.comment").first.inner_text()

    # nothing was requested from another host, and the page broke no rule of its own policy
    assert visit.outside == []
    assert visit.errors == []
    assert visit.requests and visit.requests[0].startswith("file:")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    width, height = png_size(data)
    assert width == 1280 and height > 2000
    assert len(data) > 50_000  # a drawn page, not a blank one


def test_the_request_watch_does_see_a_request_to_another_host(visit: Visit, tmp_path: Path):
    """The check above would pass on a broken watch; this shows the watch catches a request."""
    page = tmp_path / "leaky.html"
    page.write_text(
        '<!DOCTYPE html><title>leaky</title><img src="http://report-assets.invalid/logo.png">',
        encoding="utf-8",
    )
    visit.page.goto(page.as_uri(), wait_until="load")
    assert visit.outside == ["http://report-assets.invalid/logo.png"]


def test_prints_on_a4_and_letter(mini, visit: Visit, tmp_path: Path):
    report = tmp_path / "report.html"
    report.write_text(render_html(teams_result(mini, organization="Print Co")), encoding="utf-8")
    visit.page.goto(report.as_uri(), wait_until="load")
    visit.page.emulate_media(media="print")
    box = visit.page.locator("svg.radar").bounding_box()
    assert box is not None and box["width"] > 300
    for paper in ("A4", "Letter"):
        pdf = visit.page.pdf(format=paper, prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages >= 2, paper
    assert visit.outside == []


@pytest.mark.parametrize("media", ["screen", "print"])
def test_more_ideas_show_their_evidence_unclipped(visit: Visit, tmp_path: Path, media: str):
    """Each further idea's evidence is drawn whole, on screen at 1280 px and in print."""
    from alignment_cli.commands.assessment import assess

    result = assess([Path(__file__).resolve().parent.parent / "examples" / "northwind"], skip_invalid=True)
    report = tmp_path / "report.html"
    report.write_text(render_html(result), encoding="utf-8")
    visit.page.goto(report.as_uri(), wait_until="load")
    visit.page.emulate_media(media=media)
    shown = visit.page.evaluate("""() => [...document.querySelectorAll('#more-ideas li')].map(
        li => { const e = li.querySelector('.evidence');
                return e ? [e.innerText, e.getClientRects().length > 0,
                            e.scrollHeight <= e.clientHeight + 1] : null; })""")
    assert len(shown) == len(result.more_ideas) > 10
    for rec, seen in zip(result.more_ideas, shown, strict=True):
        assert seen is not None, rec.title
        text, drawn, whole = seen
        assert " ".join(text.split()) == " ".join(rec.evidence.split()), rec.title
        assert drawn and whole, rec.title
