"""End to end in a pseudo-terminal: a workshop that ends with two commitments in actions.yaml,
then next quarter's `check` that finds one of them overdue and fails on max_overdue_actions: 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from tests.helpers import (
    BACKSPACE,
    DOWN,
    ENTER,
    MARKETING,
    MINI,
    SALES_FIRST,
    SALES_REST,
    Terminal,
    alignment_command,
    load_yaml_file,
)

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.terminal,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


def test_workshop_commitments_then_a_later_check_finds_one_overdue(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    run = Terminal(
        ["workshop", "--questionnaire", str(MINI), "--responses", "resp", "--output", "rep"], tmp_path
    )
    run.answer("Organization", "Acme Corp" + ENTER)
    run.answer("Name of the head of Sales", "Jana" + ENTER)
    for prompt, keys in SALES_FIRST + SALES_REST:
        run.answer(prompt, keys)
    run.answer("Press Enter when ready", ENTER)
    run.answer("Name of the head of Marketing", "Mo" + ENTER)
    for prompt, keys in MARKETING:
        run.answer(prompt, keys)
    run.answer("Agree owners and due dates for the action plan now?", "y")
    # 1: the lead definition, head of Sales, the suggested date (30 days on)
    run.child.expect_exact("Action 1 of 2: Write the lead definition together")
    run.answer("Who owns it?", ENTER)
    run.answer("Due date", ENTER)
    # 2: head of Marketing, a bad date first (re-asked), then 200 days on
    run.child.expect_exact("Action 2 of 2: Agree one set of objectives")
    run.answer("Who owns it?", DOWN + ENTER)
    run.answer("Due date", BACKSPACE * 10 + "next week" + ENTER)
    run.child.expect_exact("is not a date")
    run.answer("Due date", BACKSPACE * 10 + "+200" + ENTER)
    run.child.expect_exact("2 of 2 actions have an owner and a due date")
    assert run.finish() == 0, run.text[-2000:]
    assert "Traceback" not in run.text

    actions = load_yaml_file(tmp_path / "actions.yaml")
    committed = [a for a in actions["actions"] if a["status"] == "open"]
    assert [(a["recommendation"], a["owner"]) for a in committed] == [
        ("write-definition", "head-of-sales"),
        ("agree-goals", "head-of-marketing"),
    ]
    assert [a["due"] for a in committed] == [
        (today + timedelta(days=30)).isoformat(),
        (today + timedelta(days=200)).isoformat(),
    ]
    assert [a["status"] for a in actions["actions"]] == ["open", "open"]
    assert actions["actions"][0]["baseline_alignment"] == 26.7

    # next quarter: the same people answer again, 60 days on
    later = tmp_path / "next-quarter"
    later.mkdir()
    stamp = f"{(today + timedelta(days=60)).isoformat()}T10:00:00Z"
    for source in sorted((tmp_path / "resp").glob("*.yaml")):
        doc = yaml.safe_load(source.read_text(encoding="utf-8"))
        doc["started_at"] = doc["completed_at"] = stamp
        (later / source.name).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    (tmp_path / "alignment.yml").write_text(
        f"questionnaire: {MINI}\nresponses: [next-quarter/]\nactions: actions.yaml\n"
        "thresholds: {max_overdue_actions: 0}\n",
        encoding="utf-8",
    )
    check = subprocess.run(
        [*alignment_command(), "check", "alignment.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert check.returncode == 1, check.stderr
    assert "| Overdue commitments | at most 0 | 1 | ❌ fail |" in check.stdout
    assert ("1 commitment is overdue as of " + (today + timedelta(days=60)).isoformat()) in check.stderr
    assert "Write the lead definition together (Head of Sales, due" in check.stderr
    assert "Agree one set of objectives" not in check.stderr
    assert "### Last round's commitments" in check.stdout
    assert "- ❌ Write the lead definition together: Head of Sales, due " in check.stdout
    assert "- ⏳ Agree one set of objectives: Head of Marketing, due " in check.stdout


def _northwind_result(tmp_path: Path) -> None:
    result = tmp_path / "report.json"
    made = subprocess.run(
        [
            *alignment_command(),
            "report",
            str(ROOT / "examples" / "northwind"),
            "-f",
            "json",
            "-o",
            str(result),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr


def _plan_after_one_decision(tmp_path: Path) -> Terminal:
    """`plan` on Northwind's result: the first action given to the CEO, due 30 June 2026, and
    the second action's first question on screen."""
    _northwind_result(tmp_path)
    run = Terminal(["plan", "report.json", "--export", "md"], tmp_path)
    run.child.expect_exact("Action 1 of 7")
    run.answer("Who owns it?", DOWN * 2 + ENTER)  # the CEO
    run.answer("Due date", BACKSPACE * 10 + "2026-06-30" + ENTER)
    run.child.expect_exact("Action 2 of 7")
    run.child.expect_exact("Who owns it?")
    return run


def _stopped_with_the_decision_kept(run: Terminal, code: int, tmp_path: Path) -> None:
    assert run.finish() == code
    text = " ".join(run.text.split())
    assert "The decisions made so far are saved." in text and "Traceback" not in text
    assert "To continue: alignment plan report.json" in text
    saved = load_yaml_file(tmp_path / "actions.yaml")
    assert (saved["actions"][0]["owner"], saved["actions"][0]["due"]) == ("ceo", "2026-06-30")
    assert saved["actions"][1]["status"] == "not-now"  # undecided: not yet taken on


def test_plan_in_a_terminal_ctrl_c_keeps_the_decisions_made(tmp_path: Path) -> None:
    from tests.helpers import CTRL_C

    run = _plan_after_one_decision(tmp_path)
    run.child.send(CTRL_C)
    _stopped_with_the_decision_kept(run, 130, tmp_path)

    # the printed command, run as printed, starts from the decisions already made
    run = Terminal(["plan", "report.json", "--export", "md"], tmp_path)
    run.child.expect_exact("Action 1 of 7")
    run.answer("Who owns it?", ENTER)  # keeps the CEO
    run.answer("Due date", ENTER)  # keeps 2026-06-30
    for _ in range(6):
        run.answer("Who owns it?", DOWN * 4 + ENTER)  # the rest: not now
    assert run.finish() == 0, run.text[-2000:]
    md = (tmp_path / "actions.md").read_text(encoding="utf-8")
    assert "Owner: CEO. Due 2026-06-30." in md and md.count("- [ ]") == 1


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_plan_stopped_by_a_signal_keeps_the_decisions_made_as_ctrl_c_does(
    signum: int, code: int, tmp_path: Path
) -> None:
    run = _plan_after_one_decision(tmp_path)
    os.kill(run.child.pid, signum)
    _stopped_with_the_decision_kept(run, code, tmp_path)  # 128 + the signal, as shells report it
