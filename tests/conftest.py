from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment_cli.model.questionnaire import Questionnaire, load_questionnaire
from alignment_cli.model.response import Response

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    return load_questionnaire(MINI)


def make_response(role: str, answers: dict[str, Any], *, name: str | None = None,
                  organization: str | None = "Acme", head: bool = False,
                  team: str | None = None, comments: dict[str, str] | None = None,
                  questionnaire: tuple[str, str] = ("mini", "1")) -> Response:
    return Response.model_validate({
        "questionnaire": {"id": questionnaire[0], "version": questionnaire[1]},
        "organization": organization,
        "respondent": {"role": role, "name": name, "head": head, "team": team},
        "completed_at": "2026-11-25T10:00:00Z",
        "answers": answers,
        "comments": comments or {},
    })


def write_response(folder: Path, filename: str, response: Response) -> Path:
    from alignment_cli.model.response import render_response

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / filename
    path.write_text(render_response(response), encoding="utf-8")
    return path


SALES_ANSWERS = {
    "goals.agreed": 4, "goals.conflict": 2, "goals.structure": "separate-peers",
    "leads.definition": "yes", "leads.follow-up": 40, "leads.worth-it": 2,
    "horizon.own-quarter": 5, "horizon.reconciled": 3,
}
MARKETING_ANSWERS = {
    "goals.agreed": 2, "goals.conflict": 4, "goals.structure": "one-leader",
    "leads.definition": "no", "leads.follow-up": 80, "leads.followed": 1,
    "horizon.own-quarter": 1, "horizon.reconciled": 3,
}


def two_heads(mini: Questionnaire, organization: str = "Acme Corp") -> Any:
    """The hand-computed two-heads case, with comments, scored: the reports' common fixture."""
    from alignment_cli.scoring.pipeline import score

    return score(mini, [
        make_response("sales", SALES_ANSWERS, name="Jana Carpenter", head=True,
                      comments={"goals": "Targets changed twice | this year"}),
        make_response("marketing", MARKETING_ANSWERS, name="Mo Reyes", head=True,
                      comments={"leads": "We send leads;\nnobody calls them back."}),
    ], organization=organization)


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
        ) -> Callable[..., CliResult]:
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
        finally:
            cli_module._debug = False
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def load_yaml_file(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def editable_results(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results are frozen: the pipeline builds one and nothing edits it. Renderer tests draw edge
    cases (a hostile title, a missing score) by editing a scored result in place; this lets them,
    for the one test only."""
    from pydantic import BaseModel

    from alignment_cli.model import result

    classes = [c for c in vars(result).values()
               if isinstance(c, type) and issubclass(c, BaseModel)]
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
        if function is not None and _starts_process(function.__code__, function.__globals__,
                                                    set()):
            item.add_marker(pytest.mark.slow)
