"""The commands the tool prints for the next step (program.py): one definition, used by the
survey, the workshop, `collect` and `import`, quoted to work when pasted."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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
    debugged = cli("--debug", "report", tmp_path / "none.yaml")
    assert debugged.code == 2 and "Traceback" in debugged.err  # the input error's own code
    plain = cli("report", tmp_path / "none.yaml")
    assert plain.code == 2 and "Traceback" not in plain.err


# --- without a terminal: the same work as files filled in by hand --------------------------------


def pasted(cli, line: str):  # type: ignore[no-untyped-def]
    """Run a printed command as a shell would split it."""
    import shlex

    words = shlex.split(line.strip())
    assert words[0] == "alignment"
    return cli(*words[1:])


def test_survey_without_a_terminal_suggests_the_side_and_questionnaire_given(cli) -> None:
    refused = cli("survey", "--role", "marketing", "--questionnaire", "sales-marketing-quick", "--no-input")
    assert refused.code == 2
    assert refused.err == (
        "alignment: `alignment survey` asks questions and needs a terminal (--no-input was given).\n"
        "For file-based use: write a blank response file, fill it in, then score it:\n"
        "  alignment questionnaire template sales-marketing-quick --role marketing "
        "-o responses/marketing-anonymous.yaml\n"
        "  alignment report responses/marketing-anonymous.yaml --questionnaire sales-marketing-quick\n"
    )


def test_survey_without_a_side_suggests_either_with_the_names_given(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = cli(
        "survey", "--no-input", "--name", "Jana O'Neil", "--organization", "Acme Corp", "--head", "--force"
    )
    assert refused.code == 2
    lines = refused.err.splitlines()
    assert lines[1:] == [
        "For file-based use: write a blank response file for your side (one of these), fill it in, "
        "then score it:",
        "  alignment questionnaire template sales-marketing-alignment --role sales "
        "--name 'Jana O'\"'\"'Neil' --organization 'Acme Corp' --head --force "
        "-o responses/sales-jana-o-neil.yaml",
        "  alignment questionnaire template sales-marketing-alignment --role marketing "
        "--name 'Jana O'\"'\"'Neil' --organization 'Acme Corp' --head --force "
        "-o responses/marketing-jana-o-neil.yaml",
        "  alignment report responses",
    ]
    assert pasted(cli, lines[3]).code == 0
    written = yaml.safe_load((tmp_path / "responses" / "marketing-jana-o-neil.yaml").read_text("utf-8"))
    assert written["organization"] == "Acme Corp"
    assert written["respondent"] == {"role": "marketing", "name": "Jana O'Neil", "team": None, "head": True}


def test_survey_resumed_without_a_terminal_names_the_file(cli) -> None:
    refused = cli("survey", "--resume", "r 1.yaml", "--questionnaire", "sales-marketing-quick", "--no-input")
    assert refused.code == 2
    assert refused.err.endswith(
        "For file-based use: fill in the rest of r 1.yaml by hand, then run "
        "`alignment report 'r 1.yaml' --questionnaire sales-marketing-quick`.\n"
    )


def test_workshop_without_a_terminal_suggests_both_heads_then_the_report(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    refused = cli(
        "workshop",
        "--no-input",
        "--organization",
        "Acme Corp",
        "-o",
        "acme-report/",
        "--questionnaire",
        "sales-marketing-quick",
        "--history",
        "old",
        "--actions",
        "actions.yaml",
    )
    assert refused.code == 2
    lines = refused.err.splitlines()
    assert lines == [
        "alignment: `alignment workshop` asks questions and needs a terminal (--no-input was given).",
        "Without a terminal, each head fills in a blank response file, then the report is made from both:",
        "  alignment questionnaire template sales-marketing-quick --role sales --organization 'Acme Corp' "
        "--head -o responses/sales-head.yaml",
        "  alignment questionnaire template sales-marketing-quick --role marketing "
        "--organization 'Acme Corp' --head -o responses/marketing-head.yaml",
        "  alignment report responses/sales-head.yaml responses/marketing-head.yaml -f terminal -f md "
        "-f html -f json -o acme-report --questionnaire sales-marketing-quick --actions actions.yaml "
        "--history old",
    ]
    for line in lines[2:4]:
        assert pasted(cli, line).code == 0
    for side in ("sales", "marketing"):
        written = yaml.safe_load((tmp_path / "responses" / f"{side}-head.yaml").read_text("utf-8"))
        assert written["organization"] == "Acme Corp" and written["respondent"]["head"] is True


def test_workshop_with_one_format_suggests_the_report_file_in_its_folder(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    refused = cli("workshop", "--no-input", "-f", "md", "--responses", "answers")
    assert refused.code == 2
    assert refused.err.splitlines()[-1] == (
        "  alignment report answers/sales-head.yaml answers/marketing-head.yaml -f terminal -f md "
        "-o alignment-report/report.md"
    )
    only_screen = cli("workshop", "--no-input", "-f", "terminal")
    assert only_screen.err.splitlines()[-1] == (
        "  alignment report responses/sales-head.yaml responses/marketing-head.yaml -f terminal -f md "
        "-f html -f json -o alignment-report"
    )
