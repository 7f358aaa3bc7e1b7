"""End to end in a real pseudo-terminal: the installed `alignment` command, real keys, Ctrl-C.

Each step waits for the prompt's text before it types, and every wait is generous, so a slow
machine makes these tests slower, not flaky.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import (
    CTRL_C,
    ENTER,
    MINI,
    SALES_FIRST,
    SALES_REST,
    WAIT,
    Terminal,
    alignment_command,
    load_yaml_file,
)

pexpect = pytest.importorskip("pexpect")


pytestmark = [
    pytest.mark.terminal,
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]


SALES_ANSWERS = {
    "goals.agreed": 4,
    "goals.conflict": None,
    "goals.structure": "separate-peers",
    "leads.definition": "yes",
    "leads.follow-up": 35,
    "leads.worth-it": 2,
    "horizon.own-quarter": 1,
    "horizon.reconciled": 5,
}


def test_survey_ctrl_c_then_resume_to_the_end(tmp_path: Path) -> None:
    out = "answers/x.yaml"
    run = Terminal(
        ["survey", "--questionnaire", str(MINI), "--role", "sales", "--name", "X", "--out", out], tmp_path
    )
    run.answer("Organization", "Acme Corp" + ENTER)
    run.answer("Your team", ENTER)
    run.answer("Do you lead Sales", "y")
    for prompt, keys in SALES_FIRST:
        run.answer(prompt, keys)
    run.answer("We have a written lead definition", CTRL_C)
    assert run.finish() == 130

    text = run.text
    assert "Interrupted after 3 of 8 questions." in text
    assert f"Your answers so far are saved in {out}." in text
    resume = f"alignment survey --resume {out} --questionnaire {MINI}"
    assert f"To continue: {resume}" in text
    assert "Traceback" not in text
    saved = load_yaml_file(tmp_path / out)
    assert saved["completed_at"] is None
    assert saved["answers"] == {k: SALES_ANSWERS[k] for k in list(SALES_ANSWERS)[:3]}
    assert saved["comments"] == {"goals": "said in a terminal"}
    assert saved["respondent"] == {"role": "sales", "name": "X", "head": True}

    # the exact command printed, run as printed
    run = Terminal(shlex.split(resume)[1:], tmp_path)
    run.child.expect_exact("Resuming")
    for prompt, keys in SALES_REST:
        run.answer(prompt, keys)
    run.child.expect_exact("All 8 answers are saved in")
    code = run.finish()
    assert code == 0, run.text[-3000:]
    assert "Traceback" not in run.text
    saved = load_yaml_file(tmp_path / out)
    assert saved["completed_at"] is not None
    assert saved["answers"] == SALES_ANSWERS
    assert saved["comments"] == {"goals": "said in a terminal"}


def test_workshop_ctrl_c_between_the_two_heads(tmp_path: Path) -> None:
    run = Terminal(
        ["workshop", "--questionnaire", str(MINI), "--responses", "resp", "--output", "rep"], tmp_path
    )
    run.answer("Organization", "Acme Corp" + ENTER)
    run.answer("Name of the head of Sales", "Jana" + ENTER)
    for prompt, keys in SALES_FIRST + SALES_REST:
        run.answer(prompt, keys)
    run.child.expect_exact("Hand the keyboard to the head of Marketing")
    run.answer("Press Enter when ready", CTRL_C)
    assert run.finish() == 130

    text = run.text
    sales = "resp/sales-jana.yaml"
    assert f"The answers of the head of Sales are complete in {sales}." in text
    assert (
        "the head of Marketing answers: alignment survey --role marketing --head --output "
        f"resp/marketing-NAME.yaml --organization 'Acme Corp' --questionnaire {MINI}"
    ) in text
    assert (
        f"the report: alignment report {sales} resp/marketing-NAME.yaml -f terminal -f md "
        f"-f html -f json -o rep --questionnaire {MINI}"
    ) in text
    assert "Traceback" not in text
    saved = load_yaml_file(tmp_path / sales)
    assert saved["completed_at"] is not None
    assert saved["answers"] == SALES_ANSWERS
    assert saved["respondent"] == {"role": "sales", "name": "Jana", "head": True}
    assert not (tmp_path / "rep").exists()


def test_workshop_ctrl_c_then_the_same_workshop_again_as_printed(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    run = Terminal(
        [
            *("workshop", "--organization", "Acme Corp", "-o", "acme report/"),
            *("--questionnaire", str(MINI), "--responses", "resp", "-f", "md", "--history", "old", "--force"),
        ],
        tmp_path,
    )
    run.answer("Name of the head of Sales", "Jana" + ENTER)
    for prompt, keys in SALES_FIRST + SALES_REST:
        run.answer(prompt, keys)
    run.answer("Press Enter when ready", CTRL_C)
    assert run.finish() == 130
    again = (
        f"alignment workshop --organization 'Acme Corp' -o 'acme report' --responses resp "
        f"--questionnaire {MINI} -f md --history old"
    )
    assert f"(it offers to continue the saved answers): {again}\n" in run.text
    sales = tmp_path / "resp" / "sales-jana.yaml"
    before = sales.read_text(encoding="utf-8")

    # the exact command printed, run as printed: it continues, not starts again (no --force)
    run = Terminal(shlex.split(again)[1:], tmp_path)
    run.answer("Name of the head of Sales", "Jana" + ENTER)
    run.answer("already holds the completed answers of the head of Sales", ENTER)  # use them
    run.answer("Press Enter when ready", CTRL_C)
    assert run.finish() == 130
    assert "Organization" not in run.text  # given again, not asked
    assert "the report: alignment report resp/sales-jana.yaml resp/marketing-NAME.yaml" in run.text
    assert "-o 'acme report' --questionnaire" in run.text
    assert sales.read_text(encoding="utf-8") == before
    assert "Traceback" not in run.text


def test_workshop_no_input_in_a_terminal_fails_with_exit_2(tmp_path: Path) -> None:
    run = Terminal(["workshop", "--no-input"], tmp_path)
    assert run.finish() == 2
    assert "needs a terminal (--no-input was given)" in run.text


def test_survey_back_two_questions_and_change_an_answer_with_a_digit_key(tmp_path: Path) -> None:
    out = "answers/x.yaml"
    run = Terminal(
        [
            "survey",
            "--questionnaire",
            str(MINI),
            "--role",
            "sales",
            "--name",
            "X",
            "--organization",
            "Acme",
            "--team",
            "",
            "--member",
            "--out",
            out,
        ],
        tmp_path,
    )
    run.child.expect_exact("8 questions in 3 parts, about 2 minutes")
    run.answer("question 1 of 8", "")
    run.answer("We share one set of objectives", "4")
    run.answer("Our targets pull us apart", "2")
    run.answer("How are the two teams led", "b")  # back one
    run.answer("Our targets pull us apart", "b")  # and back again
    run.answer("We share one set of objectives", "1")  # 4 becomes 1, by its key
    run.answer("Our targets pull us apart", ENTER)  # kept as it was
    run.answer("How are the two teams led", "2")
    run.answer("Your answers on Shared goals", ENTER)
    run.answer("Any comment on Shared goals", CTRL_C)
    assert run.finish() == 130
    saved = load_yaml_file(tmp_path / out)
    assert saved["answers"] == {"goals.agreed": 1, "goals.conflict": 2, "goals.structure": "separate-peers"}
    text = run.text
    assert "question 3 of 8" in text
    assert "b or ← goes back" in text
    assert "Traceback" not in text


def test_back_onto_a_number_and_a_choice_keeps_them_with_enter(tmp_path: Path) -> None:
    out = "answers/x.yaml"
    run = Terminal(
        [
            "survey",
            "--questionnaire",
            str(MINI),
            "--role",
            "sales",
            "--name",
            "X",
            "--organization",
            "Acme",
            "--team",
            "",
            "--member",
            "--out",
            out,
        ],
        tmp_path,
    )
    run.answer("We share one set of objectives", "4")
    run.answer("Our targets pull us apart", "2")
    run.answer("How are the two teams led", "2")
    run.answer("Your answers on Shared goals", ENTER)
    run.answer("Any comment on Shared goals", ENTER)
    run.answer("We have a written lead definition", "2")  # no
    run.answer("Share followed up", "35" + ENTER)
    run.answer("Leads are worth it", "b")  # back onto the number
    run.answer("your answer was 35%: press Enter to keep it", "b" + ENTER)  # onto the choice
    run.answer("We have a written lead definition", ENTER)  # Enter keeps "no"
    run.answer("your answer was 35%: press Enter to keep it", ENTER)  # Enter keeps 35
    run.answer("Leads are worth it", "3")
    run.answer("Your answers on Lead hand-off", "2")  # the number, from the review
    run.answer("your answer was 35%: press Enter to keep it", ENTER)
    run.answer("Your answers on Lead hand-off", "1")  # and the choice
    run.answer("We have a written lead definition", ENTER)
    run.answer("Your answers on Lead hand-off", CTRL_C)
    assert run.finish() == 130
    saved = load_yaml_file(tmp_path / out)
    assert saved["answers"]["leads.follow-up"] == 35
    assert saved["answers"]["leads.definition"] == "no"
    assert saved["answers"]["leads.worth-it"] == 3
    assert "Traceback" not in run.text


def test_review_screen_takes_two_digit_numbers(tmp_path: Path) -> None:
    """Lead definition and hand-off has 12 items for Sales in 2.0 (its response files are still
    answered and resumed): `1` `1` opens item 11, not item 1."""
    from alignment_cli.interactive.survey import plan
    from alignment_cli.model.questionnaire import builtin_versions, load_questionnaire
    from alignment_cli.model.response import render_response
    from tests.helpers import make_response, typical_answer

    q = load_questionnaire(builtin_versions()["sales-marketing-alignment"]["2.0"])
    steps = plan(q, "sales")
    area = [s for s in steps if s.dimension.id == "lead-handoff"]
    assert len(area) >= 11
    upto = steps.index(area[-1])  # everything before the area's last question is answered
    answers = {s.question.id: typical_answer(s.question) for s in steps[:upto]}
    response = make_response(
        "sales", answers, name="X", questionnaire=(q.id, q.version), comments={"shared-goals": "fine"}
    )
    response.completed_at = None
    (tmp_path / "x.yaml").write_text(render_response(response), encoding="utf-8")
    run = Terminal(["survey", "--resume", "x.yaml"], tmp_path)
    run.child.expect_exact("Resuming")
    run.child.expect_exact(area[-1].question.text[:30])
    run.child.send("?")  # the last one: don't know
    run.child.expect_exact("Your answers on")
    run.child.expect_exact("press 1-12")
    run.child.send("1")
    time.sleep(0.5)
    run.child.send("1")
    run.child.expect_exact(area[10].progress)  # item 11 opened
    run.child.send(CTRL_C)
    assert run.finish() == 130
    assert area[0].progress not in run.text
    assert "Traceback" not in run.text


# --- the workshop's end screen on a real 120 x 40 terminal (tmux) ---------------------------------

TMUX = shutil.which("tmux")


class Tmux:
    """A detached tmux session on its own server socket, read back as the screen shows it."""

    def __init__(self, command: str, cwd: Path, width: int, height: int) -> None:
        self.socket = f"alignment-test-{os.getpid()}-{id(self)}"
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-c", str(cwd), command)

    def _tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        return done.stdout

    def screen(self) -> list[str]:
        return self._tmux("capture-pane", "-p").splitlines()

    def wait_for(self, text: str, timeout: float = WAIT) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if any(text in line for line in shown):
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen:\n" + "\n".join(self.screen()))

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-l", text)

    def enter(self) -> None:
        self._tmux("send-keys", "Enter")

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.mark.skipif(TMUX is None, reason="needs tmux")
@pytest.mark.parametrize(("width", "height"), [(120, 40), (90, 28), (80, 24)])
def test_workshop_end_screen_keeps_the_headline_in_view(tmp_path: Path, width: int, height: int) -> None:
    northwind = Path(__file__).resolve().parent.parent / "examples" / "northwind"
    responses = tmp_path / "responses"
    responses.mkdir()
    # the two heads' finished answers, where the workshop looks for them by name
    (responses / "sales-dana-whitfield.yaml").write_bytes((northwind / "sales-head.yaml").read_bytes())
    (responses / "marketing-priya-raman.yaml").write_bytes((northwind / "marketing-head.yaml").read_bytes())
    program = " ".join(shlex.quote(part) for part in alignment_command())
    run = Tmux(
        f"env -u COLUMNS -u LINES -u NO_COLOR TERM=xterm-256color {program} workshop -o rep; sleep 60",
        tmp_path,
        width=width,
        height=height,
    )
    try:
        run.wait_for("Organization")
        run.type("Northwind Analytics")
        run.enter()
        run.wait_for("Name of the head of Sales")
        run.type("Dana Whitfield")
        run.enter()
        run.wait_for("Use those answers")
        run.enter()  # use those answers
        run.wait_for("Press Enter when ready")
        run.enter()
        run.wait_for("Name of the head of Marketing")
        run.type("Priya Raman")
        run.enter()
        run.wait_for("Use those answers")
        run.enter()
        screen = run.wait_for("Reports written")
    finally:
        run.close()
    text = "\n".join(screen)
    (tmp_path / "screen.txt").write_text(text, encoding="utf-8")  # kept for a look on failure
    # the headline is still in view, the box's top edge too, and the priorities with their numbers
    assert re.search(r"Alignment index \d+\.\d / 100", text), text
    assert "╭─ Sales & Marketing alignment" in text, text
    for rank in ("#1", "#2", "#3"):
        assert re.search(rf"{rank}\b", text), (rank, text)
    assert len(screen) <= height
    if height < 40:
        return
    assert "#1, #2 … mark the priorities, in order: where to start (below)" in text
    for title in ("Joint goals, measurement and pay", "Field integration and customer feedback"):
        assert any(line.lstrip("│ ").startswith(title) for line in screen), title
    assert max(len(line) for line in screen) > 100  # the width is used, not 80
