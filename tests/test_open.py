"""`alignment report --open`: the HTML report handed to the default browser, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NORTHWIND = Path(__file__).resolve().parent.parent / "examples" / "northwind"


def fake_browser(tmp_path: Path) -> tuple[Path, Path]:
    """A 'browser' that records what it was asked to open, then exits."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)
    return script, log


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in {"BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "CI"}}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "alignment_cli", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_open_hands_the_written_file_to_the_browser(tmp_path: Path) -> None:
    browser, log = fake_browser(tmp_path)
    proc = run(["report", str(NORTHWIND), "-o", "report.html", "--open"], tmp_path, BROWSER=str(browser))
    assert proc.returncode == 0, proc.stderr
    assert log.read_text(encoding="utf-8").split() == [(tmp_path / "report.html").as_uri()]
    assert "Opened report.html in the browser" in proc.stderr


def test_open_with_several_formats_opens_the_html_one(tmp_path: Path) -> None:
    browser, log = fake_browser(tmp_path)
    proc = run(
        ["report", str(NORTHWIND), "-f", "md,html,json", "-o", "out/", "--open"],
        tmp_path,
        BROWSER=str(browser),
    )
    assert proc.returncode == 0, proc.stderr
    assert log.read_text(encoding="utf-8").split() == [(tmp_path / "out" / "report.html").as_uri()]


def test_without_a_browser_the_report_is_still_written_and_named(tmp_path: Path) -> None:
    proc = run(["report", str(NORTHWIND), "-o", "report.html", "--open"], tmp_path, CI="true")
    assert proc.returncode == 0, proc.stderr
    assert "No browser to open here; the report is report.html" in proc.stderr
    assert (tmp_path / "report.html").is_file()


def test_a_browser_that_fails_does_not_fail_the_run(tmp_path: Path) -> None:
    proc = run(["report", str(NORTHWIND), "-o", "report.html", "--open"], tmp_path, BROWSER="/bin/false")
    assert proc.returncode == 0, proc.stderr
    assert "Could not open a browser; the report is report.html" in proc.stderr


def test_open_needs_an_html_file(tmp_path: Path) -> None:
    browser, log = fake_browser(tmp_path)
    for args in (["--open"], ["-f", "md", "-o", "r.md", "--open"]):
        proc = run(["report", str(NORTHWIND), *args], tmp_path, BROWSER=str(browser))
        assert proc.returncode == 2
        assert "--open opens the HTML report" in proc.stderr
    assert not log.exists()
