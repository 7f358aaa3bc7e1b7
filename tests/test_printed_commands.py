"""The commands the tool prints for the next step (program.py): one definition, used by the
survey, the workshop, `collect` and `import`, quoted to work when pasted."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli import program as program_module
from alignment_cli.program import DEFAULT_QUESTIONNAIRE, report_command


@pytest.fixture(autouse=True)
def named_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(program_module, "program", lambda: "alignment")


def test_the_default_questionnaire_is_not_named() -> None:
    assert report_command([Path("responses")]) == "alignment report responses"
    assert report_command([Path("r")], DEFAULT_QUESTIONNAIRE) == "alignment report r"


def test_another_questionnaire_and_the_output_are_named_and_quoted() -> None:
    assert report_command([Path("a b.yaml"), Path("c.yaml")], "my q.yaml", Path("out dir")) == (
        "alignment report 'a b.yaml' c.yaml -f terminal -f md -f html -f json -o 'out dir' "
        "--questionnaire 'my q.yaml'"
    )


def test_one_definition_for_the_survey_the_workshop_and_collect() -> None:
    from alignment_cli.interactive import survey, workshop
    from alignment_cli.interactive.webform import server

    assert survey.report_command is workshop.report_command is server.report_command is report_command


def test_one_today_in_utc() -> None:
    from alignment_cli.commands import followup, trend
    from alignment_cli.interactive import plan
    from alignment_cli.model.actions import today_utc

    assert trend.today_utc is followup.today_utc is plan.today_utc is today_utc


def test_no_input_and_debug_last_one_run(cli, tmp_path: Path) -> None:
    """The run-wide options live in the run, not in the module: a run with --no-input or
    --debug leaves the next run as it would be on its own."""
    from alignment_cli import cli as cli_module

    assert not hasattr(cli_module, "_debug") and not hasattr(cli_module, "_no_input")
    refused = cli("--no-input", "survey")
    assert refused.code == 2 and "--no-input was given" in refused.err
    after = cli("survey")
    assert after.code == 2 and "--no-input was given" not in after.err
    from alignment_cli.errors import AlignmentError

    with pytest.raises(AlignmentError, match=r"no such file|not found"):
        cli("--debug", "report", tmp_path / "none.yaml")
    assert cli("report", tmp_path / "none.yaml").code == 2
