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
