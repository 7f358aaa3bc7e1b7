"""PDF through the system browser: the examples print at full size (nothing wider than the
paper's body, which Chromium would answer by shrinking every page) within their page limits,
their text is there, no page ends on a heading, the footer numbers the pages, and a missing
browser is exit 2.

Needs Chromium and poppler-utils (pdfinfo, pdftotext, pdftoppm); `.ci/install-browser` installs
both. Without them the tests are skipped on a developer's machine and fail in CI.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from alignment_cli.render import pdf as pdf_module
from alignment_cli.render.pdf import BrowserError, find_browser, with_paper
from tests.helpers import FLAGS, launched, need_program, pdf_browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
# each example's most A4 pages. Meridian (17 respondents) adds the teams section and the
# agreement table to the others' content, and Harbor the CRM's figures: at full size, with
# 9.5 pt body text, they take a page or two more than the two-person examples.
PAGE_LIMITS = {"northwind": 10, "bluepeak": 7, "meridian": 12, "harbor": 11}
EXAMPLES = list(PAGE_LIMITS)
# the width of the printed body in CSS pixels (96 to the inch): the paper less the @page
# rule's 15 mm side margins
BODY_WIDTHS = {"a4": (210 - 30) / 25.4 * 96, "letter": (215.9 - 30) / 25.4 * 96}
A4_POINTS = (595, 842)
LETTER_POINTS = (612, 792)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(
        [need_program("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def page_text(path: Path, page: int) -> str:
    return subprocess.run(
        [need_program("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", " ", fragment)
    for entity, char in (("&amp;", "&"), ("&#39;", "'"), ("&#34;", '"'), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text).strip()


def headings_of(html: str) -> set[str]:
    """The h1-h4 of the HTML as plain text: the lines a page must not end on. A heading whose
    words also stand elsewhere in the report (a dimension title in a table) cannot be told
    apart in the PDF's text and is left out; those are card titles, kept whole with their
    card by the print stylesheet."""
    body = html[html.index("<body") :]
    found = {_plain(raw) for raw in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", body, flags=re.S)}
    rest = _plain(re.sub(r"<h[1-4][^>]*>.*?</h[1-4]>", " ", body, flags=re.S))
    return {h for h in found if h and h not in rest}


def last_line_before_footer(text: str, organization: str) -> str:
    """The last line of a page's body: the footer (organization, page number) taken off."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    while lines and (re.search(r"Page \d+ of \d+$", lines[-1]) or lines[-1] == organization):
        lines.pop()
    return re.sub(r"\s+", " ", lines[-1]) if lines else ""


def ends_on_heading(text: str, organization: str, headings: set[str]) -> str | None:
    """The heading a page ends with, if it does (a heading split from its text)."""
    last = last_line_before_footer(text, organization)
    for heading in headings:
        # a heading may wrap: its last line alone at the page foot counts too
        if last == heading or (
            len(last) > 3 and heading.endswith(last) and len(heading.split()) > 1 and last in heading
        ):
            return heading
    return None


FOOT_MARGIN_MM = 16  # the report's @page bottom margin, above the footer


def _grey_pages(path: Path, dpi: int) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey pixels), one byte a pixel, from poppler's PGM output."""
    pages = []
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [need_program("pdftoppm"), "-gray", "-r", str(dpi), str(path), f"{folder}/grey"], check=True
        )
        for picture in sorted(Path(folder).glob("grey-*.pgm")):
            magic, size, _depth, pixels = picture.read_bytes().split(b"\n", 3)
            assert magic == b"P5"
            width, height = (int(n) for n in size.split())
            pages.append((width, height, pixels))
    return pages


def foot_slivers(path: Path, dpi: int = 150) -> list[tuple[int, int, int]]:
    """Short rules drawn alone at the foot of a page's body: (page, from, to) in points.

    A card's bottom border at the foot has its sides above it, and text has its lines; a line
    in the last 5 points of the body with nothing in the 10 points above it is a stray edge of
    something that belongs to the next page."""
    return [
        (number, start, end)
        for number, page in enumerate(_grey_pages(path, dpi), start=1)
        for start, end in _lone_rules_at_foot(*page, dpi)
    ]


def _lone_rules_at_foot(width: int, height: int, pixels: bytes, dpi: int) -> list[tuple[int, int]]:
    per_point = dpi / 72
    bottom = round(height - FOOT_MARGIN_MM / 25.4 * dpi)
    foot = range(bottom - round(5 * per_point), bottom + 1)
    above = range(bottom - round(16 * per_point), bottom - round(6 * per_point))

    def inked(x: int, rows: range) -> bool:
        return any(pixels[y * width + x] < 253 for y in rows)

    runs: list[list[int]] = []
    for x in (x for x in range(width) if inked(x, foot)):
        if runs and x - runs[-1][1] <= 3:
            runs[-1][1] = x
        else:
            runs.append([x, x])
    return [
        (round(start / per_point), round(end / per_point))
        for start, end in runs
        if (end - start) / per_point >= 20 and not any(inked(x, above) for x in range(start, end + 1))
    ]


def test_ends_on_heading_detects_a_heading_left_at_the_foot() -> None:
    headings = {"5 Recommendations", "What respondents wrote"}
    cases = [
        ("text\n5 Recommendations\n\nAcme\n   Page 5 of 9\n", "5 Recommendations"),
        ("text\nWhat respondents wrote\nAcme        Page 5 of 9\n", "What respondents wrote"),
        ("5 Recommendations\nEvery recommendation whose conditions\nAcme   Page 5 of 9", None),
        ("body text\nAcme\nPage 1 of 2\n", None),
        ("body text ending in Recommendations\nAcme Page 1 of 2\n", None),
    ]
    for text, expected in cases:
        assert ends_on_heading(text, "Acme", headings) == expected, text


def test_headings_shared_with_other_text_are_left_out() -> None:
    html = (
        "<html><body><h2>Findings</h2><h3>Time horizons</h3><table><tr><td>Time horizons"
        "</td></tr></table><h3>Q&amp;A</h3></body></html>"
    )
    assert headings_of(html) == {"Findings", "Q&A"}


def example_args(example: str) -> list[str | Path]:
    """The report command's arguments for an example (Harbor's with its CRM export)."""
    folder = ROOT / "examples" / example
    crm = folder / "crm.json"
    return [folder, "--crm", crm] if crm.is_file() else [folder]


@pytest.mark.parametrize("example", EXAMPLES)
def test_nothing_in_an_example_is_wider_than_the_printed_body(example: str, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Anything wider than the paper's body makes Chromium shrink every page of the PDF to fit,
    body text included: a table of many columns once printed Meridian at 71 %, about 7 pt.
    Laid out for print at the body's width on A4 and Letter, every element stays inside."""
    page_file = tmp_path / "report.html"
    done = cli("report", *example_args(example), "-f", "html", "-o", page_file)
    assert done.code == 0, done.err
    overflowing = """(body) => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > body + 0.5)
        .map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.getBoundingClientRect().width}`)"""
    with launched(FLAGS) as chromium:
        for paper, width in BODY_WIDTHS.items():
            page = chromium.new_page(viewport={"width": int(width), "height": 1000})
            page.emulate_media(media="print")
            page.goto(page_file.as_uri())
            wide = page.evaluate(overflowing, int(width))
            assert wide == [], f"{example} on {paper}: wider than the body: {wide[:3]}"
            page.close()


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_prints_within_its_a4_pages_with_no_heading_split(
    example: str, tmp_path: Path, cli
) -> None:  # type: ignore[no-untyped-def]
    pdf_browser()
    target = tmp_path / f"{example}.pdf"
    html_file = tmp_path / f"{example}.html"
    done = cli("report", *example_args(example), "-f", "pdf", "-f", "html", "-o", tmp_path / "out")
    assert done.code == 0, done.err
    (tmp_path / "out" / "report.pdf").rename(target)
    (tmp_path / "out" / "report.html").rename(html_file)
    assert target.read_bytes().startswith(b"%PDF-")

    info = pdfinfo(target)
    pages = int(info["Pages"])
    assert 1 <= pages <= PAGE_LIMITS[example], f"{example}: {pages} pages"
    width, height = (round(float(v)) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (width, height) == A4_POINTS

    html = html_file.read_text(encoding="utf-8")
    organization = re.search(r"<h1>(.*?)</h1>", html).group(1)  # type: ignore[union-attr]
    headings = headings_of(html)
    everything = ""
    for page in range(1, pages + 1):
        text = page_text(target, page)
        everything += text
        assert re.search(rf"Page {page} of {pages}", text), f"page {page}: no page number"
        assert organization in text, f"page {page}: no organization in the footer"
        split = ends_on_heading(text, organization, headings)
        assert split is None, f"{example} page {page} ends with the heading {split!r}"
    flat = re.sub(r"\s+", " ", everything)
    for words in ("Top priorities", "Dimensions", "Findings", "Recommendations", "Method", "Sources"):
        assert words in flat

    # no hairline of a card that opens the next page at the foot of this one
    assert foot_slivers(target) == [], f"{example}: stray rules at a page foot"

    # and as pictures, for a person to look at (kept under tmp_path)
    subprocess.run(
        [need_program("pdftoppm"), "-png", "-r", "50", str(target), str(tmp_path / f"{example}-page")],
        check=True,
    )
    assert len(list(tmp_path.glob(f"{example}-page-*.png"))) == pages


def _printed(tmp_path: Path, name: str, style: str, body: str) -> Path:
    from alignment_cli.render.pdf import pdf_options, print_pdf

    page = (
        "<!doctype html><html><head><style>@page { margin: 14mm 15mm 16mm; }"
        f" body {{ margin: 0; font: 10pt sans-serif; }} {style}</style></head>"
        f"<body>{body}</body></html>"
    )
    target = tmp_path / f"{name}.pdf"
    target.write_bytes(print_pdf(page, pdf_options(None, "a4")))
    return target


def test_foot_slivers_finds_a_lone_rule_at_the_foot_and_nothing_else(tmp_path: Path) -> None:
    pdf_browser()
    # the A4 body is 1009 px tall: a rule at 1005 px sits in its last 5 points
    rule = '<div style="height: 1005px"></div><div style="border-top: 1px solid #ddd"></div>'
    found = foot_slivers(_printed(tmp_path, "rule", "", rule))
    assert len(found) == 1 and found[0][0] == 1
    under_text = (
        '<div style="height: 985px"></div><p style="margin: 0">the last line</p>'
        '<div style="border-top: 1px solid #ddd"></div>'
    )
    assert foot_slivers(_printed(tmp_path, "text", "", under_text)) == []
    card = (
        '<div style="height: 900px"></div><div style="height: 105px; border: 1px solid #ddd;'
        ' border-radius: 6px"></div>'
    )
    assert foot_slivers(_printed(tmp_path, "card", "", card)) == []


def test_a_card_that_opens_a_page_leaves_no_edge_on_the_page_before(tmp_path: Path) -> None:
    """The stray edge, made on purpose: Chromium, shrinking a page too wide for the paper,
    paints the top border of a positioned card that opens a page at the foot of the page
    before. The report's cards are not positioned in print for this reason."""
    pdf_browser()
    style = (
        ".card { border: 1px solid #ccc; border-radius: 6px; padding: 8pt; margin: 0 0 8pt;"
        " break-inside: avoid; } .wide { width: 751px; height: 1px; }"
    )
    cards = '<div class="wide"></div>' + "".join(
        f'<div class="card">card {n}' + "<br>line" * (5 + n % 7) + "</div>" for n in range(12)
    )
    assert foot_slivers(_printed(tmp_path, "static", style, cards)) == []
    positioned = style.replace("break-inside: avoid;", "break-inside: avoid; position: relative;")
    if not foot_slivers(_printed(tmp_path, "positioned", positioned, cards)):
        pytest.skip("this browser no longer paints a positioned card's edge on the page before")


def test_letter_paper(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    pdf_browser()
    target = tmp_path / "letter.pdf"
    done = cli("report", ROOT / "examples" / "bluepeak", "-f", "pdf", "-o", target, "--paper", "letter")
    assert done.code == 0, done.err
    size = pdfinfo(target)["Page size"]
    assert tuple(round(float(v)) for v in re.findall(r"[\d.]+", size)[:2]) == LETTER_POINTS


def test_no_browser_is_exit_2_with_how_to_get_one(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to find
    monkeypatch.delenv("ALIGNMENT_BROWSER", raising=False)
    done = cli("report", ROOT / "examples" / "northwind", "-f", "pdf", "-o", tmp_path / "r.pdf")
    assert done.code == 2
    assert "no browser engine found" in done.err
    assert "apt-get install chromium" in done.err
    assert "Traceback" not in done.err
    assert not any(tmp_path.iterdir())


def test_the_browser_is_chosen_option_then_variable_then_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def program(name: str) -> Path:
        path = tmp_path / name
        path.write_text("#!/bin/sh\nexit 0\n")
        path.chmod(0o755)
        return path

    chosen, variable, on_path = program("mine"), program("env-one"), program("chromium")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("ALIGNMENT_BROWSER", str(variable))
    assert find_browser(chosen) == chosen
    assert find_browser(None) == variable
    monkeypatch.delenv("ALIGNMENT_BROWSER")
    assert find_browser(None) == on_path
    with pytest.raises(BrowserError, match=r"--browser .*nope: no such program"):
        find_browser(tmp_path / "nope")


def test_a_browser_that_fails_leaves_no_file(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "broken-browser"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    out = tmp_path / "out"
    done = cli(
        "report", ROOT / "examples" / "northwind", "-f", "pdf", "-o", out / "r.pdf", "--browser", broken
    )
    assert done.code == 2
    assert "could not print the PDF (exit 1): cannot open display" in done.err
    assert not out.exists() or not any(out.iterdir())


def test_paper_goes_after_the_report_stylesheet() -> None:
    html = "<html><head><style>@page { size: auto; }</style></head><body></body></html>"
    printed = with_paper(html, "letter")
    assert printed.index("@page { size: letter; }") > printed.index("@page { size: auto; }")
    assert printed.index("@page { size: letter; }") < printed.index("</head>")
    assert "size: A4" in with_paper(html, "a4")


def test_pdf_needs_an_output_file(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("report", ROOT / "examples" / "northwind", "-f", "pdf")
    assert done.code == 2
    assert "a PDF is not written to standard output" in done.err


def test_bad_paper_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if pdf_module.shutil.which("chromium") is None:
        pytest.skip("needs a browser to get as far as the paper")
    done = cli(
        "report", ROOT / "examples" / "northwind", "-f", "pdf", "-o", tmp_path / "x.pdf", "--paper", "a5"
    )
    assert done.code == 2
    assert "--paper 'a5': expected a4 or letter" in done.err


def test_the_workshop_writes_a_pdf_when_asked(pipe, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from alignment_cli.formats import ReportFormat as Format
    from alignment_cli.render.pdf import pdf_options
    from tests.helpers import HAND_OVER, MARKETING, QUESTIONS, START, workshop

    pdf_browser()
    from tests.helpers import Driven

    driven = Driven(
        pipe, START + QUESTIONS + HAND_OVER + MARKETING + [("Agree owners and due dates", "n")], width=200
    )
    written = workshop(driven, tmp_path, formats=[Format.md, Format.pdf], pdf=pdf_options(None, "letter"))
    report = tmp_path / "report"
    assert written == [report / "report.md", report / "report.pdf"]
    assert int(pdfinfo(report / "report.pdf")["Pages"]) >= 1
    assert "Acme Corp" in page_text(report / "report.pdf", 1)
    screen = " ".join(driven.output.split())
    assert "Later, make the result: alignment report" in screen  # no report.json: say how
    assert "Then agree the plan with: alignment plan" in screen


def test_ctrl_c_while_printing_ends_the_browser_and_leaves_no_folder(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    ready = tmp_path / "printing"
    browser = tmp_path / "fake-chromium"
    # a browser that leaves its own temporary folder and a helper process while it "prints"
    browser.write_text(
        '#!/bin/sh\nmkdir -p "$TMPDIR/.org.chromium.Chromium.x"\n'
        f"sleep 60 & echo $! > {tmp_path / 'helper'}\n"
        f"touch {ready}\nsleep 60\n",
        encoding="utf-8",
    )
    browser.chmod(0o755)
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(root), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "alignment_cli",
            "report",
            str(root / "examples" / "northwind"),
            "-f",
            "pdf",
            "-o",
            str(tmp_path / "r.pdf"),
            "--browser",
            str(browser),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ready.exists()
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal's foreground group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    left = [p.name for p in scratch.iterdir() if p.name.startswith(("alignment-pdf-", ".org."))]
    assert left == []  # no alignment-pdf-* folder, no Chromium folder
    helper = int((tmp_path / "helper").read_text())
    time.sleep(0.2)
    status = Path(f"/proc/{helper}/status")
    if status.exists():  # ended, though perhaps not yet reaped by a container's init
        state = next(line for line in status.read_text().splitlines() if line.startswith("State"))
        assert "Z" in state, state
    assert not (tmp_path / "r.pdf").exists()
