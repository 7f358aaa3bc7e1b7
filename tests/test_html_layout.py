"""The HTML report in a real browser at 1280 px: nothing is wider than the page.

Needs Chromium; skipped without it on a developer's machine, like the PDF tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import pdf_browser

ROOT = Path(__file__).resolve().parent.parent

_MEASURE = """<script>window.addEventListener("load", () => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll("body *")) {
    if (e.getBoundingClientRect().right > width + 1) wide.push(e.tagName + "." + e.className);
  }
  document.body.setAttribute("data-overflow",
    document.documentElement.scrollWidth - width + "|" + wide.slice(0, 5).join(" "));
});</script>"""


@pytest.mark.parametrize("example", ["harbor", "northwind"])
def test_the_report_does_not_scroll_sideways_at_1280_px(example: str, tmp_path: Path) -> None:
    browser = pdf_browser()
    html = (ROOT / "examples" / example / "reports" / "report.html").read_text(encoding="utf-8")
    # the page's own policy forbids scripts; the measuring copy drops it
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page = tmp_path / "page.html"
    page.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,2000",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'data-overflow="(-?\d+)\|([^"]*)"', dom)
    assert found, "the page was not measured"
    assert int(found.group(1)) <= 0, f"wider than the window by {found.group(1)} px: {found.group(2)}"
