"""One survey per file, and a stop by signal that saves like Ctrl-C: in a real terminal."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from alignment_cli.errors import Interrupted, OutputError
from alignment_cli.interactive import guard
from tests.helpers import ENTER, MINI, SALES_FIRST, Terminal, load_yaml_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")


def _start(tmp_path: Path, out: str) -> Terminal:
    run = Terminal(
        [
            "survey",
            "--questionnaire",
            str(MINI),
            "--role",
            "sales",
            "--name",
            "X",
            "--out",
            out,
            "--organization",
            "Acme",
            "--member",
        ],
        tmp_path,
    )
    run.answer("Your team", ENTER)
    return run


# --- the lock ------------------------------------------------------------------------------------


def test_the_lock_refuses_a_second_holder_and_names_the_first(tmp_path):
    path = tmp_path / "f.yaml"
    with guard.held(path):
        assert guard.lock_path(path).exists()
        with pytest.raises(OutputError) as caught, guard.held(path):
            pass
        message = str(caught.value)
        assert f"pid {os.getpid()} on " in message and "since " in message
        assert f"alignment survey --resume {path}" in message
        with pytest.raises(OutputError):
            guard.ensure_free(path)
    assert not guard.lock_path(path).exists()
    with guard.held(path):  # released: free again
        pass


def test_a_stale_lock_file_from_a_dead_process_is_no_obstacle(tmp_path):
    path = tmp_path / "f.yaml"
    guard.lock_path(path).write_text("pid 1 on gone, since long ago\n")
    with guard.held(path):
        assert f"pid {os.getpid()}" in guard.lock_path(path).read_text()


def test_a_lock_file_is_never_taken_for_a_response(tmp_path):
    from alignment_cli.model.response import discover

    (tmp_path / "f.yaml").write_text("x: 1\n")
    with guard.held(tmp_path / "f.yaml"):
        assert discover([tmp_path]) == [tmp_path / "f.yaml"]


def test_two_surveys_on_one_file(tmp_path):
    out = "f.yaml"
    first = _start(tmp_path, out)
    for prompt, keys in SALES_FIRST[:2]:
        first.answer(prompt, keys)
    first.child.expect_exact("How are the two teams led")
    second = Terminal(["survey", "--resume", out, "--questionnaire", str(MINI)], tmp_path)
    assert second.finish() == 2
    assert "another survey is answering this file (pid " in second.text
    assert "Traceback" not in second.text
    saved = load_yaml_file(tmp_path / out)
    assert saved["answers"] == {"goals.agreed": 4, "goals.conflict": None}

    forced = Terminal(
        [
            "survey",
            "--questionnaire",
            str(MINI),
            "--role",
            "sales",
            "--out",
            out,
            "--force",
            "--organization",
            "B",
            "--anonymous",
            "--member",
        ],
        tmp_path,
    )
    forced.answer("Your team", ENTER)
    assert forced.finish() == 2
    assert "another survey is answering this file" in forced.text
    assert load_yaml_file(tmp_path / out)["answers"] == saved["answers"]

    first.child.sendcontrol("c")
    assert first.finish() == 130


# --- signals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code"),
    [
        (signal.SIGTERM, 143),
        (signal.SIGHUP, 129),
        (signal.SIGINT, 130),
    ],
)
@pytest.mark.parametrize("prompt", ["select", "text"])
def test_a_signal_saves_like_ctrl_c(signum, code, prompt, tmp_path):
    out = "f.yaml"
    run = _start(tmp_path, out)
    steps = SALES_FIRST[:2] if prompt == "select" else SALES_FIRST[:3]
    for question, keys in steps:
        run.answer(question, keys)
    if prompt == "text":  # the review of the part's answers comes before its comment
        run.answer("Your answers on Shared goals", "\r")
    waiting = "How are the two teams led" if prompt == "select" else "Any comment on Shared goals"
    run.child.expect_exact(waiting)
    time.sleep(0.3)  # the prompt is drawn and waiting for a key
    started = time.monotonic()
    os.kill(run.child.pid, signum)
    assert run.finish() == code
    assert time.monotonic() - started < 10  # at once, not at the next key
    text = run.text
    assert f"Your answers so far are saved in {out}." in text
    assert f"To continue: alignment survey --resume {out} --questionnaire {MINI}" in text
    assert "Traceback" not in text
    saved = load_yaml_file(tmp_path / out)
    assert len(saved["answers"]) == len(steps)
    assert not guard.lock_path(tmp_path / out).exists()


def _stopped_by(number: int | None) -> None:
    """What a survey does: a stop arrives as KeyboardInterrupt and leaves as Interrupted."""
    with guard.stops_like_ctrl_c():
        try:
            if number is not None:
                os.kill(os.getpid(), number)
            time.sleep(0 if number is None else 5)
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise Interrupted("stopped") from None


@pytest.mark.parametrize(
    ("number", "code"),
    [
        (signal.SIGTERM, 143),
        (signal.SIGHUP, 129),
        (None, 130),
    ],
)
def test_the_exit_code_follows_the_signal(number, code):
    with pytest.raises(Interrupted) as caught:
        _stopped_by(number)
    assert caught.value.exit_code == code
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_the_workshop_saves_on_sigterm_too(tmp_path):
    run = Terminal(
        [
            "workshop",
            "--questionnaire",
            str(MINI),
            "--responses",
            "resp",
            "--output",
            "rep",
            "--organization",
            "Acme",
        ],
        tmp_path,
    )
    run.answer("Name of the head of Sales", "Jana" + ENTER)
    for question, keys in SALES_FIRST[:2]:
        run.answer(question, keys)
    run.child.expect_exact("How are the two teams led")
    time.sleep(0.3)
    os.kill(run.child.pid, signal.SIGTERM)
    assert run.finish() == 143
    assert "No answer is lost" in run.text and "Traceback" not in run.text
    saved = load_yaml_file(tmp_path / "resp" / "sales-jana.yaml")
    assert saved["answers"] == {"goals.agreed": 4, "goals.conflict": None}


# --- a Ctrl-C between two prompts ------------------------------------------------------------
# Between two prompts the terminal turns Ctrl-C into SIGINT. Each script below sends SIGINT at one
# moment of a prompt's life, in a process of its own, and prints what the prompt returned and
# what Python reported as unraisable (a half-built event loop's clean-up).

_PROMPT_SCRIPT = r"""
import asyncio, contextlib, gc, os, selectors, signal, sys
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
import questionary
from alignment_cli.interactive.guard import run_prompt, stops_like_ctrl_c

unraisable = []
sys.unraisablehook = lambda hook: unraisable.append(f"{hook.exc_type.__name__}: {hook.exc_value}")

def ctrl_c():
    os.kill(os.getpid(), signal.SIGNAL)

with create_pipe_input() as pipe, CONTEXT:
    question = questionary.text("Name?", input=pipe, output=DummyOutput())
    SCENARIO
    try:
        answer = RUN(question)
    except KeyboardInterrupt:
        answer = "KeyboardInterrupt"
gc.collect()
print(answer)
print(unraisable)
"""

# asyncio is halfway through building the prompt's event loop
_WHILE_THE_LOOP_IS_BUILT = """
    pipe.send_text("Ada\\r")
    real = selectors.DefaultSelector
    def interrupted_selector():
        selectors.DefaultSelector = real
        ctrl_c()
        return real()
    selectors.DefaultSelector = interrupted_selector
"""
# the loop is built, the prompt not yet on screen; no key is ever typed
_BEFORE_THE_PROMPT_IS_UP = """
    real_run = asyncio.Runner.run
    def run_after_ctrl_c(self, coro):
        ctrl_c()
        return real_run(self, coro)
    asyncio.Runner.run = run_after_ctrl_c
"""
# the answer is given, the prompt is putting the terminal back
_WHILE_THE_PROMPT_CLOSES = """
    pipe.send_text("Ada\\r")
    app = question.application
    real_exit = app.exit
    def exit_then_ctrl_c(**kwargs):
        real_exit(**kwargs)
        ctrl_c()
    app.exit = exit_then_ctrl_c
"""
# the answer is given, the event loop is being closed
_WHILE_THE_LOOP_CLOSES = """
    pipe.send_text("Ada\\r")
    real_close = asyncio.Runner.close
    def ctrl_c_then_close(self):
        loop = self._loop
        try:
            ctrl_c()
            real_close(self)
        finally:
            if loop is not None and not loop.is_closed():
                unraisable.append("an event loop left open")
    asyncio.Runner.close = ctrl_c_then_close
"""
# between two prompts, the stop landed in a finalizer, where Python can only report it; no key
_IN_A_FINALIZER = """
    class Finalized:
        def __del__(self):
            raise KeyboardInterrupt
    Finalized()
"""
_QUESTIONARY = "lambda question: question.unsafe_ask()"
_SURVEY = "stops_like_ctrl_c()"  # as a survey, a workshop or a plan asks


def _prompt_under_ctrl_c(
    scenario: str, run: str, *, context: str = "contextlib.nullcontext()", signum: str = "SIGINT"
) -> tuple[str, str, str]:
    import subprocess

    script = (
        _PROMPT_SCRIPT.replace("    SCENARIO\n", scenario)
        .replace("RUN(", f"({run})(")
        .replace("CONTEXT", context)
        .replace("SIGNAL", signum)
    )
    try:  # a stop that is lost leaves the prompt waiting for a key that never comes
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("the prompt was still waiting for a key 20 s after the stop")
    answer, unraisable = done.stdout.splitlines()
    return answer, unraisable, done.stderr


@pytest.mark.parametrize(
    ("scenario", "context", "signum"),
    [
        (_WHILE_THE_LOOP_IS_BUILT, "contextlib.nullcontext()", "SIGINT"),
        (_BEFORE_THE_PROMPT_IS_UP, "contextlib.nullcontext()", "SIGINT"),
        (_WHILE_THE_PROMPT_CLOSES, "contextlib.nullcontext()", "SIGINT"),
        (_WHILE_THE_LOOP_CLOSES, "contextlib.nullcontext()", "SIGINT"),
        (_IN_A_FINALIZER, _SURVEY, "SIGINT"),
        (_BEFORE_THE_PROMPT_IS_UP, _SURVEY, "SIGTERM"),
        (_WHILE_THE_PROMPT_CLOSES, _SURVEY, "SIGTERM"),
        (_WHILE_THE_PROMPT_CLOSES, _SURVEY, "SIGHUP"),
    ],
    ids=[
        "loop-built",
        "before-up",
        "closing",
        "loop-closing",
        "in-a-finalizer",
        "sigterm-before-up",
        "sigterm-closing",
        "sighup-closing",
    ],
)
def test_a_stop_at_any_moment_of_a_prompt_ends_it_cleanly(scenario, context, signum):
    answer, unraisable, stderr = _prompt_under_ctrl_c(scenario, "run_prompt", context=context, signum=signum)
    assert (answer, unraisable) == ("KeyboardInterrupt", "[]"), stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr
    assert "never awaited" not in stderr


def _ctrl_c_between_two_prompts() -> str:
    """What a SIGINT does inside a survey's block, outside any prompt."""
    with guard.stops_like_ctrl_c():
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(2)
        except KeyboardInterrupt:
            return "stopped"
        return "ignored"


@pytest.mark.parametrize("inherited", [signal.SIG_IGN, signal.default_int_handler])
def test_ctrl_c_stops_a_survey_even_when_the_command_was_started_ignoring_it(inherited):
    """A prompt takes Ctrl-C as a key whatever SIGINT's setting; between prompts the terminal
    sends SIGINT, which must then stop the survey too. The setting comes back afterwards."""
    before = signal.signal(signal.SIGINT, inherited)
    try:
        assert _ctrl_c_between_two_prompts() == "stopped"
        assert signal.getsignal(signal.SIGINT) is inherited
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_stop_that_comes_as_the_signals_are_held_leaves_none_held(monkeypatch):
    """Python runs a signal that came just before as the mask changes: the exception it raises
    there must not leave Ctrl-C and the stop signals held for the rest of the process."""
    real = signal.pthread_sigmask
    before = real(signal.SIG_BLOCK, ())
    calls = []

    def handler_runs_inside(how, mask):
        result = real(how, mask)
        calls.append(how)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(signal, "pthread_sigmask", handler_runs_inside)
    with pytest.raises(KeyboardInterrupt), guard.signals_held():
        pass
    assert real(signal.SIG_BLOCK, ()) == before


def test_questionary_alone_spoils_or_loses_those_stops():
    """The two defects run_prompt exists for, shown with questionary's own way of asking."""
    answer, unraisable, _ = _prompt_under_ctrl_c(_WHILE_THE_LOOP_IS_BUILT, _QUESTIONARY)
    assert answer == "KeyboardInterrupt"
    assert "AttributeError: '_UnixSelectorEventLoop' object has no attribute" in unraisable
    answer, unraisable, _ = _prompt_under_ctrl_c(_WHILE_THE_PROMPT_CLOSES, _QUESTIONARY)
    assert (answer, unraisable) == ("Ada", "[]")  # the Ctrl-C went to a prompt that had ended


def test_a_prompt_answers_and_leaves_no_signal_held_or_handled():
    import questionary
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    mask = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    handler = signal.getsignal(signal.SIGINT)
    with create_pipe_input() as pipe:
        pipe.send_text("Ada\r")
        assert guard.run_prompt(questionary.text("Name?", input=pipe, output=DummyOutput())) == "Ada"
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == mask
    assert signal.getsignal(signal.SIGINT) is handler
    skipped = questionary.text("Name?").skip_if(True, default="kept")
    assert guard.run_prompt(skipped) == "kept"
