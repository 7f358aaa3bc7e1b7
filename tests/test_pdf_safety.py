"""What the HTML printed to PDF can make the browser read, fetch or run: nothing outside the
document. A custom template (or respondent text) with frames, images, styles, fonts and script
pointing at local files and at a server on this machine prints without any of them.

Needs Chromium and pdftotext, as tests/test_pdf.py; the counting server listens on 127.0.0.1."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    make_response,
    need_program,
    pdf_browser,
    write_response,
)


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.end_headers()
            self.wfile.write(b"GIF89a")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def hostile_template(url: str, canary: Path) -> str:
    return f"""<iframe src="file://{canary}"></iframe><!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{url}/style.css">
<style>@import url({url}/import.css); body {{ background: url({url}/bg.gif) }}
@font-face {{ font-family: x; src: url({url}/font.woff) }} p {{ font-family: x }}</style>
<meta http-equiv="Content-Security-Policy" content="default-src *">
</head><body>
<p>PRINTED {{{{ r.organization }}}}</p>
<iframe src="file://{canary}"></iframe>
<iframe srcdoc="&lt;img src='{url}/srcdoc.gif'&gt;"></iframe>
<object data="file://{canary}"></object><embed src="file://{canary}">
<img src="{url}/img.gif"><img src="file://{canary}">
<svg><image href="{url}/svg.gif" width="10" height="10"/></svg>
<script>fetch("{url}/fetch"); document.write("SCRIPT " + "RAN");</script>
<img src="x" onerror="this.src='{url}/onerror.gif'">
<video src="{url}/video" poster="{url}/poster.gif"></video>
<link rel="prefetch" href="{url}/prefetch">
<a href="file://{canary}">a link is only a link</a>
</body></html>"""


def test_a_custom_template_prints_nothing_from_outside_the_document(tmp_path, cli, counting_server):
    """The issue's example: an iframe on a file:// URL outside the template folder; and an
    image from a local server (counted: zero requests), and script that would fetch."""
    pdf_browser()
    pdftotext = need_program("pdftotext")
    url, hits = counting_server
    canary = tmp_path / "outside" / "secret.txt"
    canary.parent.mkdir()
    canary.write_text("CANARY-SECRET-TEXT\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text(hostile_template(url, canary), encoding="utf-8")
    responses = tmp_path / "responses"
    write_response(responses, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(responses, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    pdf = tmp_path / "report.pdf"
    result = cli(
        "report", responses, "--questionnaire", MINI, "--template", templates, "-f", "pdf", "-o", pdf
    )
    assert result.code == 0, result.err
    import subprocess

    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "PRINTED Acme" in text
    assert "CANARY" not in text
    assert "SCRIPT RAN" not in text
    assert hits == []


def test_the_printing_policy_comes_before_anything_a_template_writes():
    from alignment_cli.render.pdf import PRINT_CSP, locked_down

    for html in (
        "<iframe src='file:///etc/passwd'></iframe><!DOCTYPE html><p>x",
        "<!-- c --><!DOCTYPE html><html><head><script>x</script>",
        "\ufeff<!doctype html><meta http-equiv=refresh content='0;url=file:///etc'>",
        "<p>no doctype</p>",
        "",
    ):
        printed = locked_down(html)
        first = printed.lower().find('<meta http-equiv="content-security-policy"')
        assert first >= 0
        before = printed[:first].lower()
        assert "<" not in before.replace("<!doctype html>", "").replace("<!-- c -->", "")
        assert PRINT_CSP in printed
        for gone in ("<iframe", "<script", "refresh"):
            assert gone not in printed.lower()


def test_the_policy_holds_for_any_text(tmp_path):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from alignment_cli.render.pdf import PRINT_CSP, locked_down

    pieces = st.sampled_from(
        [
            "<iframe src=file:///x>",
            "<IFRAME\nsrc=x>",
            "<script>a",
            "</script>",
            "<object data=x>",
            "<embed src=x>",
            "<base href=x>",
            "<meta http-equiv='refresh' content=0>",
            "<!DOCTYPE html>",
            "<!--",
            "-->",
            "<p>",
            "text",
            "<frame src=x>",
            " ",
        ]
    )

    @settings(max_examples=200, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def run(html: str) -> None:
        printed = locked_down(html).lower()
        assert PRINT_CSP.lower() in printed
        for gone in ("<iframe", "<script", "<object", "<embed", "<base", "<frame ", "http-equiv='refresh'"):
            assert gone not in printed

    run()
