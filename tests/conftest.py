from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input

from alignment_cli.model.questionnaire import Questionnaire, load_questionnaire

# Shared helpers live in tests/helpers.py. These names stay importable from here so a test
# written before it still runs; tests/test_suite_layout.py names any such import to move.
from tests.helpers import (  # noqa: F401
    FIXTURES,
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    CliResult,
    load_yaml_file,
    make_response,
    two_heads,
    write_response,
)


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)


@pytest.fixture(name="pipe")
def pipe_fixture() -> Iterator[PipeInput]:
    """A pipe for keys, and an alarm so a prompt left waiting fails the test instead of
    hanging it."""

    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError("a prompt waited for keys the test never sent")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    try:
        with create_pipe_input() as keys:
            yield keys
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run the real command line in-process; returns the exit code and what it printed."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")

    def run(*args: str | Path) -> CliResult:
        from alignment_cli import cli as cli_module

        capsys.readouterr()
        try:
            cli_module.main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def editable_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are frozen: the pipeline builds one and nothing edits it. Renderer tests draw edge
    cases (a hostile title, a missing score) by editing a scored result in place; this lets them,
    for the one test only."""
    from pydantic import BaseModel

    from alignment_cli.model import result

    classes = [c for c in vars(result).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    for cls in classes:
        monkeypatch.setitem(cls.model_config, "frozen", False)


@pytest.fixture(autouse=True)
def alignment_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """This checkout's `alignment` on the PATH, as after the README's set-up, so printed
    commands read `alignment ...`; tests/test_program.py covers the other case."""
    import os
    import sys

    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ.get("PATH", ""))


# --- markers --------------------------------------------------------------------------------------
# A test that starts a process (the real command in a subprocess, a pseudo-terminal) costs a
# second where an in-process one costs milliseconds: such tests are marked `slow` as they are
# collected, found by following the test's calls into the helpers it uses, so a new one needs no
# marker by hand. Browser and real-terminal modules carry their own markers.
_PROCESS_NAMES = frozenset({"subprocess", "pexpect", "Popen"})
_TESTS = str(Path(__file__).parent)


def _starts_process(code: Any, scope: dict[str, Any], seen: set[int]) -> bool:
    import inspect

    if id(code) in seen:
        return False
    seen.add(id(code))
    if _PROCESS_NAMES & set(code.co_names):
        return True
    for const in code.co_consts:
        if inspect.iscode(const) and _starts_process(const, scope, seen):
            return True
    for name in code.co_names:
        target = scope.get(name)
        if inspect.isclass(target):
            members = [m for m in vars(target).values() if inspect.isfunction(m)]
        elif inspect.isfunction(target):
            members = [target]
        else:
            continue
        members = [m for m in members if m.__code__.co_filename.startswith(_TESTS)]
        if any(_starts_process(m.__code__, m.__globals__, seen) for m in members):
            return True
    return False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "function", None)
        if function is not None and _starts_process(function.__code__, function.__globals__, set()):
            item.add_marker(pytest.mark.slow)
