"""What the tests share: the mini questionnaire's answers and responses, keys for the prompts,
drivers for the prompts on a pipe, a real terminal and the system browser, and the command run
in a subprocess. Test modules import from here (fixtures live in conftest.py), never from each
other."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from alignment_cli.interactive.asker import QuestionaryAsker
from alignment_cli.model.questionnaire import (
    ChoiceQuestion,
    Condition,
    LikertQuestion,
    NumberQuestion,
    Questionnaire,
)
from alignment_cli.model.response import Response
from alignment_cli.render.pdf import BrowserError, find_browser

REPO = Path(__file__).resolve().parent.parent

# --- the mini questionnaire and its responses ------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


def make_response(
    role: str,
    answers: dict[str, Any],
    *,
    name: str | None = None,
    organization: str | None = "Acme",
    head: bool = False,
    team: str | None = None,
    comments: dict[str, str] | None = None,
    questionnaire: tuple[str, str] = ("mini", "1"),
) -> Response:
    return Response.model_validate(
        {
            "questionnaire": {"id": questionnaire[0], "version": questionnaire[1]},
            "organization": organization,
            "respondent": {"role": role, "name": name, "head": head, "team": team},
            "completed_at": "2026-11-25T10:00:00Z",
            "answers": answers,
            "comments": comments or {},
        }
    )


def write_response(folder: Path, filename: str, response: Response) -> Path:
    from alignment_cli.model.response import render_response

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(render_response(response), encoding="utf-8")
    return path


SALES_ANSWERS = {
    "goals.agreed": 4,
    "goals.conflict": 2,
    "goals.structure": "separate-peers",
    "leads.definition": "yes",
    "leads.follow-up": 40,
    "leads.worth-it": 2,
    "horizon.own-quarter": 5,
    "horizon.reconciled": 3,
}


MARKETING_ANSWERS = {
    "goals.agreed": 2,
    "goals.conflict": 4,
    "goals.structure": "one-leader",
    "leads.definition": "no",
    "leads.follow-up": 80,
    "leads.followed": 1,
    "horizon.own-quarter": 1,
    "horizon.reconciled": 3,
}


def two_heads(mini: Questionnaire, organization: str = "Acme Corp") -> Any:
    """The hand-computed two-heads case, with comments, scored: the reports' common fixture."""
    from alignment_cli.scoring.pipeline import score

    return score(
        mini,
        [
            make_response(
                "sales",
                SALES_ANSWERS,
                name="Jana Carpenter",
                head=True,
                comments={"goals": "Targets changed twice | this year"},
            ),
            make_response(
                "marketing",
                MARKETING_ANSWERS,
                name="Mo Reyes",
                head=True,
                comments={"leads": "We send leads;\nnobody calls them back."},
            ),
        ],
        organization=organization,
    )


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def load_yaml_file(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the command -----------------------------------------------------------------------------


def alignment(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, as a CI job runs it; never touches the caller's job summary."""
    full = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full.update({"NO_COLOR": "1", "COLUMNS": "80"})
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "alignment_cli", *map(str, args)],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def write_config(
    folder: Path,
    thresholds: str = "{alignment_index: 30, max_gap: 35}",
    extra: str = "",
    formats: str = "[md, json]",
) -> Path:
    path = folder / "alignment.yml"
    path.write_text(
        "organization: Acme Corp\n"
        f"questionnaire: {MINI.as_posix()}\n"
        "responses: [responses/]\n"
        f"thresholds: {thresholds}\n"
        f"report: {{formats: {formats}, output: reports/}}\n" + extra,
        encoding="utf-8",
    )
    return path


def write_answers(
    folder: Path, marketing: dict[str, object] = MARKETING_ANSWERS, sales: dict[str, object] = SALES_ANSWERS
) -> None:
    responses = folder / "responses"
    write_response(responses, "sales.yaml", make_response("sales", sales, name="Jana"))
    write_response(responses, "marketing.yaml", make_response("marketing", marketing, name="Mo"))


def alignment_command() -> list[str]:
    script = Path(sys.executable).parent / "alignment"
    return [str(script)] if script.exists() else [sys.executable, "-m", "alignment_cli"]


def run_without_terminal(*args: str) -> subprocess.CompletedProcess[str]:
    """Run with standard input a pipe that stays open and never gets a byte: a command that
    waited for an answer instead of failing would hang here until the timeout fails the test.
    How fast it fails is a budget for benchmarks/startup.py, not for a timed test."""
    read_end, write_end = os.pipe()
    try:
        return subprocess.run(
            [*alignment_command(), *args], stdin=read_end, capture_output=True, text=True, timeout=60
        )
    finally:
        os.close(read_end)
        os.close(write_end)


# --- keys and the prompts on a pipe ----------------------------------------------------------

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
BACKSPACE = "\x7f"


def make_asker(pipe: PipeInput, width: int = 100) -> tuple[QuestionaryAsker, io.StringIO]:
    screen = io.StringIO()
    console = Console(file=screen, width=width, no_color=True, highlight=False)
    return QuestionaryAsker(console, input=pipe, output=DummyOutput(), width=width), screen


class Driven:
    """The real QuestionaryAsker on a pipe, fed one prompt at a time.

    `script` holds (text the prompt's message must contain, keys to type). Before each prompt
    opens, the file at `watch` is read as it stands, so a test sees what was saved after every
    answer; `asked` keeps every prompt message in order.
    """

    def __init__(
        self, pipe: PipeInput, script: Sequence[tuple[str, str]], watch: Path | None = None, width: int = 100
    ) -> None:
        self.inner, self.screen = make_asker(pipe, width)
        self.pipe = pipe
        self.script = list(script)
        self.watch = watch
        self.asked: list[str] = []
        self.snapshots: list[str | None] = []
        self.paused: list[tuple[str, str]] = []
        self.cleared = 0

    def _next(self, message: str) -> None:
        self.asked.append(message)
        if self.watch is not None:
            self.snapshots.append(self.watch.read_text(encoding="utf-8") if self.watch.exists() else None)
        if not self.script:
            raise AssertionError(f"unexpected prompt {message!r}: the script has ended")
        expected, keys = self.script.pop(0)
        assert expected in message, f"expected a prompt about {expected!r}, got {message!r}"
        self.pipe.send_text(keys)

    @property
    def output(self) -> str:
        return self.screen.getvalue()

    def say(self, text: str = "", *, style: str = "") -> None:
        self.inner.say(text, style=style)

    def heading(self, title: str, description: str = "") -> None:
        self.inner.heading(title, description)

    def clear(self) -> None:
        self.cleared += 1
        self.inner.clear()

    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, Any]],
        *,
        default: Any = None,
        instruction: str | None = None,
        keys: Sequence[str | None] | None = None,
        back: bool = False,
    ) -> Any:
        self._next(message)
        return self.inner.choose(
            message, choices, default=default, instruction=instruction, keys=keys, back=back
        )

    def text(
        self, message: str, *, default: str = "", instruction: str | None = None, required: bool = False
    ) -> str:
        self._next(message)
        return self.inner.text(message, default=default, instruction=instruction, required=required)

    def number(
        self,
        message: str,
        *,
        minimum: float,
        maximum: float,
        unit: str = "",
        instruction: str | None = None,
        back: bool = False,
        previous: int | float | None = None,
    ) -> int | float | None:
        self._next(message)
        return self.inner.number(
            message,
            minimum=minimum,
            maximum=maximum,
            unit=unit,
            instruction=instruction,
            back=back,
            previous=previous,
        )

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self._next(message)
        return self.inner.confirm(message, default=default)

    def pause(self, title: str, message: str) -> None:
        self.paused.append((title, message))
        self._next(message)
        self.inner.pause(title, message)


# --- the survey and the workshop, prompt by prompt -------------------------------------------

QUESTIONS = [
    ("We share one set of objectives", DOWN * 3 + ENTER),  # 4
    ("Our targets pull us apart", DOWN * 5 + ENTER),  # don't know
    ("How are the two teams led", DOWN + ENTER),  # separate-peers
    ("Your answers on Shared goals", ENTER),  # review: continue
    ("Any comment on Shared goals", 'Targets changed twice: "#1" & ünïcode' + ENTER),
    ("We have a written lead definition", ENTER),  # yes
    ("Share followed up", "150" + ENTER + BACKSPACE * 3 + "35" + ENTER),  # refused, then 35
    ("Leads are worth it", ENTER),  # 1
    ("Your answers on Lead hand-off", ENTER),  # review: continue
    ("Any comment on Lead hand-off", ENTER),  # none
    ("My team plans one quarter ahead", DOWN * 2 + ENTER),  # 3
    ("We reconcile our horizons", "?"),  # the ? key chooses "don't know" at once
    ("Your answers on Time horizons", ENTER),  # review: continue
    ("Any comment on Time horizons", ENTER),
]


FINAL_ANSWERS = {
    "goals.agreed": 4,
    "goals.conflict": None,
    "goals.structure": "separate-peers",
    "leads.definition": "yes",
    "leads.follow-up": 35,
    "leads.worth-it": 1,
    "horizon.own-quarter": 3,
    "horizon.reconciled": None,
}


def write_partial(
    path: Path,
    answers: dict[str, object],
    *,
    questionnaire: str = "mini",
    version: str = "1",
    comments: dict[str, str] | None = None,
    completed: bool = False,
) -> Path:
    path.write_text(
        yaml.safe_dump(
            {
                "questionnaire": {"id": questionnaire, "version": version},
                "organization": "Acme Corp",
                "respondent": {"role": "sales", "name": "Jana Carpenter", "head": True},
                "started_at": "2026-11-25T10:00:00Z",
                "completed_at": "2026-11-25T10:20:00Z" if completed else None,
                "answers": answers,
                "comments": comments or {},
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    return path


MINI_REF = str(MINI)
START = [("Organization", "Acme Corp" + ENTER), ("Name of the head of Sales", "Jana Carpenter" + ENTER)]


HAND_OVER = [
    ("Hand the keyboard to the head of Marketing", ENTER),
    ("Name of the head of Marketing", "Max Mustermann" + ENTER),
]


MARKETING = [
    ("We share one set of objectives", DOWN + ENTER),  # 2
    ("Our targets pull us apart", DOWN * 3 + ENTER),  # 4
    ("How are the two teams led", ENTER),  # one-leader
    ("Your answers on Shared goals", ENTER),  # review: continue
    ("Any comment on Shared goals", ENTER),
    ("We have a written lead definition", DOWN + ENTER),  # no
    ("Share followed up", "80" + ENTER),
    ("Sales follows our leads up", ENTER),  # 1
    ("Your answers on Lead hand-off", ENTER),  # review: continue
    ("Any comment on Lead hand-off", "Sales never calls back" + ENTER),
    ("My team plans one quarter ahead", ENTER),  # 1
    ("We reconcile our horizons", DOWN * 2 + ENTER),  # 3
    ("Your answers on Time horizons", ENTER),  # review: continue
    ("Any comment on Time horizons", ENTER),
]


def workshop(driven: Driven, tmp_path: Path, **options: object) -> list[Path]:
    arguments: dict[str, object] = {
        "questionnaire": MINI_REF,
        "organization": None,
        "output": tmp_path / "report",
        "responses": tmp_path / "responses",
        "force": False,
        "console": driven.inner.console,
        "asker": driven,
    }
    arguments.update(options)
    from alignment_cli.interactive.workshop import run_workshop

    return run_workshop(**arguments)  # type: ignore[arg-type]


# --- a real terminal -------------------------------------------------------------------------

WAIT = 30
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1b\][^\x07]*\x07")


def _default_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """One run of the command in a 100 x 30 pseudo-terminal, with a transcript of its output."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES", "NO_COLOR"}}
        env["TERM"] = "xterm-256color"
        # pexpect never answers prompt_toolkit's cursor-position request; without this every
        # prompt would wait for the reply before it could be answered
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        command = alignment_command()
        self.transcript = io.StringIO()
        pexpect = pytest.importorskip("pexpect")
        self.child = pexpect.spawn(
            command[0],
            command[1:] + args,
            cwd=str(cwd),
            env=env,
            dimensions=(30, 100),
            encoding="utf-8",
            timeout=WAIT,
            # as from a terminal, whatever started the tests (a background job ignores SIGINT)
            preexec_fn=_default_sigint,
        )
        self.child.logfile_read = self.transcript

    def answer(self, prompt: str, keys: str) -> None:
        """Wait until `prompt` is on screen, then type `keys`."""
        self.child.expect_exact(prompt)
        self.child.send(keys)

    def finish(self) -> int:
        import pexpect

        self.child.expect(pexpect.EOF, timeout=WAIT)
        self.child.close()
        return int(
            self.child.exitstatus
            if self.child.exitstatus is not None
            else 128 + (self.child.signalstatus or 0)
        )

    @property
    def text(self) -> str:
        """What was printed, without colours and cursor movement, one line per line."""
        return ANSI.sub("", self.transcript.getvalue()).replace("\r", "")


SALES_FIRST = [
    ("We share one set of objectives", DOWN * 3 + ENTER),  # 4
    ("Our targets pull us apart", DOWN * 5 + ENTER),  # don't know
    ("How are the two teams led", DOWN + ENTER),  # separate-peers
    ("Your answers on Shared goals", ENTER),  # review: continue
    ("Any comment on Shared goals", "said in a terminal" + ENTER),
]


SALES_REST = [
    ("We have a written lead definition", ENTER),  # yes
    ("Share followed up", "150" + ENTER),  # refused, with the reason
    ("above the highest possible value", BACKSPACE * 3 + "35" + ENTER),
    ("Leads are worth it", DOWN + ENTER),  # 2
    ("Your answers on Lead hand-off", ENTER),  # review: continue
    ("Any comment on Lead hand-off", ENTER),
    ("My team plans one quarter ahead", ENTER),  # 1
    ("We reconcile our horizons", DOWN * 4 + ENTER),  # 5
    ("Your answers on Time horizons", ENTER),  # review: continue
    ("Any comment on Time horizons", ENTER),
]


# --- the system browser ----------------------------------------------------------------------

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # belt and braces: even a request that slipped through could not resolve a name
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def _missing(what: str) -> None:
    """Skip on a developer's machine; in CI the browser is installed, so its absence fails."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must install it: see .ci/install-browser)")
    pytest.skip(f"{what}; install it to run the browser tests")


def chromium_path() -> str:
    for candidate in (
        os.environ.get("ALIGNMENT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    _missing("headless Chromium not found (Debian package chromium)")
    raise AssertionError("unreachable")


@contextlib.contextmanager
def launched(flags: list[str]) -> Iterator[Any]:
    """Debian's Chromium, driven by playwright with `flags`; a skip (a failure in CI) when
    either is missing."""
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=flags, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# Rule helpers shared by the questionnaire tests: answers that make a rule fire or not.


def conditions(cond: Condition) -> list[Condition]:
    return [cond, *(c for inner in [*(cond.any or []), *(cond.all or [])] for c in conditions(inner))]


def best_answer(q: Questionnaire, qid: str) -> Any:
    question = q.questions[qid]
    if isinstance(question, LikertQuestion):
        return q.scale.min if question.reverse else q.scale.max
    if isinstance(question, ChoiceQuestion):
        return max(question.options, key=lambda o: o.score).value
    if isinstance(question, NumberQuestion):
        return question.max if question.best is None else question.best
    return "yes"


def answers_for(q: Questionnaire, role: str, chosen: dict[str, Any]) -> dict[str, Any]:
    answers = {question.id: best_answer(q, question.id) for _, question in q.questions_for(role)}
    answers.update({k: v for k, v in chosen.items() if role in q.roles_of(q.questions[k])})
    return answers


def scored(q: Questionnaire, sales: dict[str, Any], marketing: dict[str, Any]) -> Any:
    from alignment_cli.scoring.pipeline import score

    return score(
        q,
        [
            make_response("sales", answers_for(q, "sales", sales), questionnaire=(q.id, q.version)),
            make_response(
                "marketing", answers_for(q, "marketing", marketing), questionnaire=(q.id, q.version)
            ),
        ],
    )


def fired(q: Questionnaire, sales: dict[str, Any], marketing: dict[str, Any]) -> set[str]:
    return {r.id for r in scored(q, sales, marketing).recommendations}


# The system browser and poppler for the PDF tests.


def need_program(program: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{program} not found (CI must install it: see .ci/install-browser)")
    pytest.skip(f"{program} not found; install chromium and poppler-utils")
    raise AssertionError("unreachable")


def pdf_browser() -> str:
    try:
        return str(find_browser())
    except BrowserError:
        need_program("chromium")
        raise


# Answer sets and the workflow reader for the scheduled-run tests.


def parse_workflow(text: str) -> dict[Any, Any]:
    doc = yaml.safe_load(text)
    # YAML 1.1 reads the bare key `on` as the boolean True; GitHub reads it as "on"
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def typical_answer(question: Any) -> Any:
    if isinstance(question, LikertQuestion):
        return 4
    if isinstance(question, ChoiceQuestion):
        return max(question.options, key=lambda o: o.score).value
    if isinstance(question, NumberQuestion):
        return question.max if question.best is None else question.best
    return "yes"


def same_best_answers(q: Any) -> dict[str, Any]:
    """Both sides give the best answer to everything: every threshold holds."""
    answers: dict[str, Any] = {}
    for _, question in q.questions_for(q.roles[0]):
        if isinstance(question, LikertQuestion):
            answers[question.id] = q.scale.min if question.reverse else q.scale.max
        else:
            answers[question.id] = typical_answer(question)
    return answers
