"""PDF: the HTML report printed by a real browser engine found on the machine.

Chromium, Chrome and Edge lay out the print stylesheet exactly as the consultant sees it when
printing from the browser, so the PDF and the browser's own print agree. The footer (the
organization and "Page N of M") comes from CSS page-margin boxes in the report's print
stylesheet, which Chromium draws when its own header and footer are switched off; nothing here
writes PDF by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alignment_cli.errors import AlignmentError, UsageError

BROWSER_ENV = "ALIGNMENT_BROWSER"
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "msedge",
)
PAPER_SIZES = {"a4": "A4", "letter": "letter"}
TIMEOUT_SECONDS = 90.0
HOW_TO_GET_ONE = (
    "PDF needs Chromium, Google Chrome or Microsoft Edge. Install one (for example "
    "`apt-get install chromium`, or `brew install --cask chromium`), or name its program with "
    f"--browser PATH or the {BROWSER_ENV} variable. The HTML report prints to PDF from any "
    "browser's print dialog too."
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--no-pdf-header-footer",
    # no fonts or anything else from a network: every request that still tries (loopback
    # included) goes to a proxy that is not there. (Script is stopped by the CSP below and by
    # removing script elements: --blink-settings=scriptEnabled=false makes headless printing
    # write no PDF at all.)
    "--disable-remote-fonts",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--no-default-browser-check",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
)
# The page printed may load nothing but itself: inline styles, data: images and fonts. Put in
# front of any HTML printed (a custom template's too), so no element comes before it.
PRINT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; "
    "connect-src 'none'; media-src 'none'; base-uri 'none'; form-action 'none'"
)
_LEAD = re.compile(r"\A\ufeff?(?:\s|<!--.*?-->)*(?:<!doctype[^>]*>)?", re.IGNORECASE | re.DOTALL)
# elements that embed another document or plugin, and a refresh that would navigate away: removed
# before printing whatever the CSP says
_EMBEDDING = re.compile(
    r"<\s*(?:iframe|frame|frameset|object|embed|portal|applet|fencedframe)\b[^>]*>"
    r"|<\s*meta\b[^>]*http-equiv\s*=\s*[\"']?\s*refresh[^>]*>"
    r"|<\s*base\b[^>]*>"
    r"|<\s*script\b.*?(?:<\s*/\s*script\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


class BrowserError(AlignmentError):
    """No browser engine to print with, or it failed: the environment's problem, exit 2."""


@dataclass(frozen=True)
class PdfOptions:
    """How to print: which browser program, on which paper."""

    browser: Path
    paper: str = "a4"
    timeout: float = TIMEOUT_SECONDS


def find_browser(explicit: str | Path | None = None) -> Path:
    """The browser to print with: --browser, then $ALIGNMENT_BROWSER, then the usual names."""
    for given, origin in ((explicit, "--browser"), (os.environ.get(BROWSER_ENV), BROWSER_ENV)):
        if not given:
            continue
        path = Path(given).expanduser()
        found = shutil.which(str(path)) if not path.is_file() else str(path)
        if found is None or not os.access(found, os.X_OK):
            raise BrowserError(f"{origin} {given}: no such program, or it cannot be run.\n{HOW_TO_GET_ONE}")
        return Path(found)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserError(f"no browser engine found to print the PDF with.\n{HOW_TO_GET_ONE}")


def pdf_options(browser: str | Path | None, paper: str) -> PdfOptions:
    """Checked before any work is done, so a missing browser fails in a second, not after
    scoring."""
    key = paper.strip().lower()
    if key not in PAPER_SIZES:
        raise UsageError(f"--paper {paper!r}: expected a4 or letter")
    return PdfOptions(browser=find_browser(browser), paper=key)


def with_paper(html: str, paper: str) -> str:
    """The page size for printing, added after the report's own stylesheet so it wins."""
    rule = f"<style>@page {{ size: {PAPER_SIZES[paper]}; }}</style>"
    head_end = html.find("</head>")
    if head_end < 0:
        return rule + html
    return html[:head_end] + rule + "\n" + html[head_end:]


def locked_down(html: str) -> str:
    """The HTML as it is printed: no embedded documents, no refresh, and the printing CSP as the
    first element, ahead of anything a template wrote."""
    html = _EMBEDDING.sub("", html)
    lead = _LEAD.match(html)
    at = lead.end() if lead else 0
    meta = f'<meta http-equiv="Content-Security-Policy" content="{PRINT_CSP}">'
    return html[:at] + meta + html[at:]


def print_pdf(html: str, options: PdfOptions) -> bytes:
    """The PDF bytes of an HTML page, printed by the browser in a private temporary folder.

    The browser runs in a session of its own, with its temporary files inside that folder: on
    Ctrl-C it and its helper processes are ended first, then the folder is removed, so nothing
    is left behind and the interrupt ends the command as any other (exit 130)."""
    with tempfile.TemporaryDirectory(prefix="alignment-pdf-", ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        page = work / "report.html"
        target = work / "report.pdf"
        page.write_text(locked_down(with_paper(html, options.paper)), encoding="utf-8")
        command = [
            str(options.browser),
            *FLAGS,
            f"--user-data-dir={work / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        scratch = work / "tmp"
        scratch.mkdir()
        env = {**os.environ, "TMPDIR": str(scratch)}  # Chromium's own .org.chromium.* folders
        try:
            run = _run_browser(command, env, options.timeout)
        except subprocess.TimeoutExpired:
            raise BrowserError(
                f"{options.browser} did not finish printing the PDF within {options.timeout:g} seconds"
            ) from None
        except OSError as exc:
            raise BrowserError(
                f"{options.browser}: cannot be run ({exc.strerror}).\n{HOW_TO_GET_ONE}"
            ) from None
        if run.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
            detail = _last_lines(run.stderr)
            raise BrowserError(
                f"{options.browser} could not print the PDF (exit "
                f"{run.returncode}){': ' + detail if detail else ''}"
            )
        data = target.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise BrowserError(f"{options.browser} wrote something that is not a PDF")
    return data


def _run_browser(command: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """The browser, in a process group of its own that is ended as a whole on any way out."""
    import signal

    with subprocess.Popen(  # noqa: S603 - the browser the user chose, arguments built here
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except BaseException:  # Ctrl-C, the time limit: the browser and its helpers go too
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
            process.wait()
            raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _last_lines(stderr: str, count: int = 3) -> str:
    lines = [line for line in stderr.splitlines() if line.strip() and "dbus" not in line]
    return " / ".join(lines[-count:])
