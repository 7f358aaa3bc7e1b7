"""The workshop, driven through the real prompts on a pipe: both heads, the hand-over, the result,
and every way it can stop without losing an answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from alignment_cli.errors import Interrupted, OutputError
from alignment_cli.interactive.survey import NOTHING_SAVED
from tests.helpers import (
    CTRL_C,
    ENTER,
    FINAL_ANSWERS,
    HAND_OVER,
    MARKETING,
    MARKETING_ANSWERS,
    MINI,
    QUESTIONS,
    START,
    Driven,
    load_yaml_file,
    run_without_terminal,
    workshop,
    write_partial,
)

MINI_REF = str(MINI)


def sales_file(tmp_path: Path) -> Path:
    return tmp_path / "responses" / "sales-jana-carpenter.yaml"


def marketing_file(tmp_path: Path) -> Path:
    return tmp_path / "responses" / "marketing-max-mustermann.yaml"


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_both_heads_then_the_result_and_the_reports(pipe: PipeInput, tmp_path: Path) -> None:
    driven = Driven(
        pipe, START + QUESTIONS + HAND_OVER + MARKETING + [("Agree owners and due dates", "n")], width=300
    )
    written = workshop(driven, tmp_path)

    assert not driven.script
    sales = load_yaml_file(sales_file(tmp_path))
    marketing = load_yaml_file(marketing_file(tmp_path))
    assert sales["answers"] == FINAL_ANSWERS and sales["completed_at"]
    assert marketing["answers"] == MARKETING_ANSWERS and marketing["completed_at"]
    assert sales["respondent"] == {"role": "sales", "name": "Jana Carpenter", "head": True}
    assert marketing["respondent"]["head"] is True
    assert sales["organization"] == marketing["organization"] == "Acme Corp"
    assert marketing["comments"] == {"leads": "Sales never calls back"}

    # the hand-over: a full screen naming who comes next, after the screen was cleared
    assert driven.paused == [("Part 2 of 2", driven.paused[0][1])]
    assert "Hand the keyboard to the head of Marketing — press Enter when ready" in driven.paused[0][1]
    assert str(sales_file(tmp_path)) in driven.paused[0][1]
    assert driven.cleared >= 4  # start, each part, the hand-over, the result

    report = tmp_path / "report"
    assert written == [report / "report.md", report / "report.html", report / "report.json"]
    assert all(p.stat().st_size > 0 for p in written)
    result = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert result["organization"] == "Acme Corp"
    assert "<svg" in (report / "report.html").read_text(encoding="utf-8")
    screen = one_line(driven.output)
    assert f"Alignment index {result['alignment_index']:.1f} / 100" in screen
    assert "Reports written: " + ", ".join(str(p) for p in written) in screen
    # before the first question: how many questions each head answers, and how long
    assert "The head of Sales: 8 questions, about 2 minutes." in screen
    assert "The head of Marketing: 8 questions, about 2 minutes." in screen
    assert "question 8 of 8" in screen


def test_ctrl_c_at_the_hand_over_keeps_the_sales_answers(pipe: PipeInput, tmp_path: Path) -> None:
    script = START + QUESTIONS + [("Hand the keyboard", CTRL_C)]
    with pytest.raises(Interrupted) as caught:
        workshop(Driven(pipe, script), tmp_path)
    exc = caught.value
    message = str(exc)
    sales = sales_file(tmp_path)
    assert exc.exit_code == 130 and exc.saved_to == sales
    assert load_yaml_file(sales)["completed_at"] is not None
    assert load_yaml_file(sales)["answers"] == FINAL_ANSWERS
    assert f"The answers of the head of Sales are complete in {sales}" in message
    marketing = tmp_path / "responses" / "marketing-NAME.yaml"
    assert (
        f"alignment survey --role marketing --head --output {marketing} "
        f"--organization 'Acme Corp' --questionnaire {MINI_REF}"
    ) in message
    assert exc.resume_command is not None and exc.resume_command in message
    assert (
        f"alignment report {sales} {marketing} -f terminal -f md -f html -f json -o {tmp_path / 'report'}"
    ) in message
    assert not any((tmp_path / "responses").glob("marketing-*"))
    assert not (tmp_path / "report").exists()


def test_ctrl_c_during_marketing_keeps_both_files_and_says_how_to_finish(
    pipe: PipeInput, tmp_path: Path
) -> None:
    script = START + QUESTIONS + HAND_OVER + MARKETING[:5] + [("written lead definition", CTRL_C)]
    with pytest.raises(Interrupted) as caught:
        workshop(Driven(pipe, script), tmp_path)
    message = str(caught.value)
    sales, marketing = sales_file(tmp_path), marketing_file(tmp_path)
    assert load_yaml_file(sales)["completed_at"] is not None
    saved = load_yaml_file(marketing)
    assert saved["completed_at"] is None
    assert saved["answers"] == {"goals.agreed": 2, "goals.conflict": 4, "goals.structure": "one-leader"}
    assert "so far (3 of 8) are saved in" in message
    resume = f"alignment survey --resume {marketing} --questionnaire {MINI_REF}"
    assert f"the head of Marketing finishes: {resume}" in message
    assert caught.value.resume_command == resume and caught.value.saved_to == marketing
    assert f"alignment report {sales} {marketing}" in message


def test_ctrl_c_says_how_to_run_this_workshop_again_with_the_options_given(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a bare `alignment workshop`, which would write to alignment-report/ and ask for
    another questionnaire: the options given, the organization typed in, never --force."""
    from alignment_cli import program
    from alignment_cli.formats import ReportFormat

    monkeypatch.setattr(program, "program", lambda: "alignment")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old results").mkdir()
    script = START + QUESTIONS + [("Hand the keyboard", CTRL_C)]
    with pytest.raises(Interrupted) as caught:
        workshop(
            Driven(pipe, script),
            tmp_path,
            output=Path("acme report"),
            responses=Path("answers"),
            formats=[ReportFormat.md, ReportFormat.html],
            history=Path("old results"),
            force=True,
        )
    assert str(caught.value).splitlines()[-1] == (
        "Or run the workshop again and give the same names (it offers to continue the saved "
        "answers): alignment workshop --organization 'Acme Corp' -o 'acme report' --responses answers "
        f"--questionnaire {MINI_REF} -f md -f html --history 'old results'"
    )


def test_the_workshop_again_names_only_what_differs_from_the_defaults(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alignment_cli import program
    from alignment_cli.formats import DEFAULT_FILE_FORMATS

    monkeypatch.setattr(program, "program", lambda: "alignment")
    monkeypatch.chdir(tmp_path)
    script = [("Name of the head of Sales", "Jana" + ENTER), *QUESTIONS, ("Hand the keyboard", CTRL_C)]
    with pytest.raises(Interrupted) as caught:
        workshop(
            Driven(pipe, script),
            tmp_path,
            organization="Acme",
            questionnaire=MINI_REF,
            output=Path("alignment-report"),
            responses=Path("responses"),
            formats=list(DEFAULT_FILE_FORMATS),
        )
    assert str(caught.value).endswith(
        f"answers): alignment workshop --organization Acme -o alignment-report --questionnaire {MINI_REF}"
    )


def test_ctrl_c_at_the_organization_prompt_saves_nothing(pipe: PipeInput, tmp_path: Path) -> None:
    with pytest.raises(Interrupted) as caught:
        workshop(Driven(pipe, [("Organization", "Ac" + CTRL_C)]), tmp_path)
    assert str(caught.value) == NOTHING_SAVED
    assert not (tmp_path / "responses").exists()


def test_a_report_that_fails_to_render_writes_none_and_leaves_the_way_to_report(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alignment_cli.render import reports

    real = reports.render_format

    def html_broken(result: object, fmt: reports.ReportFormat, **kwargs: object) -> str:
        if fmt is reports.ReportFormat.html:
            raise RuntimeError("the chart broke")
        return real(result, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "render_format", html_broken)
    driven = Driven(pipe, START + QUESTIONS + HAND_OVER + MARKETING)
    with pytest.raises(OutputError) as caught:
        workshop(driven, tmp_path, organization=None)
    message = str(caught.value)
    assert (
        "No report was written: the html report could not be rendered (RuntimeError: the chart broke)"
    ) in message
    assert (
        f"alignment report {sales_file(tmp_path)} {marketing_file(tmp_path)} "
        "-f terminal -f md -f html -f json"
    ) in message
    # all or nothing: the formats that did render are not written beside a missing one
    assert not (tmp_path / "report").exists() or not any((tmp_path / "report").iterdir())
    assert load_yaml_file(marketing_file(tmp_path))["completed_at"] is not None


def test_any_failure_while_scoring_still_says_how_to_report(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alignment_cli.commands import assessment

    def broken(*args: object, **kwargs: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(assessment, "assess", broken)
    with pytest.raises(OutputError) as caught:
        workshop(Driven(pipe, START + QUESTIONS + HAND_OVER + MARKETING), tmp_path)
    message = str(caught.value)
    assert "The report could not be made (MemoryError: out of memory)" in message
    assert "Both sets of answers are saved" in message
    assert f"alignment report {sales_file(tmp_path)} {marketing_file(tmp_path)}" in message


def test_a_second_run_continues_a_partial_file_or_keeps_a_complete_one(
    pipe: PipeInput, tmp_path: Path
) -> None:
    (tmp_path / "responses").mkdir()
    partial = write_partial(sales_file(tmp_path), {k: FINAL_ANSWERS[k] for k in list(FINAL_ANSWERS)[:5]})
    script = [*START, ("holds 5 of 8 answers", ENTER), *QUESTIONS[7:], ("Hand the keyboard", CTRL_C)]
    driven = Driven(pipe, script)
    with pytest.raises(Interrupted):
        workshop(driven, tmp_path)
    saved = load_yaml_file(partial)
    assert saved["answers"] == FINAL_ANSWERS and saved["completed_at"]
    assert saved["started_at"] == "2026-11-25T10:00:00Z"

    # third run: the completed file is used as it is, straight on to the hand-over
    before = partial.read_text(encoding="utf-8")
    driven = Driven(pipe, [*START, ("completed answers", ENTER), ("Hand the keyboard", CTRL_C)])
    with pytest.raises(Interrupted):
        workshop(driven, tmp_path)
    assert partial.read_text(encoding="utf-8") == before


def test_a_file_in_the_way_is_not_overwritten_without_force(pipe: PipeInput, tmp_path: Path) -> None:
    (tmp_path / "responses").mkdir()
    stranger = sales_file(tmp_path)
    stranger.write_text("shopping: [milk]\n", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        workshop(Driven(pipe, START), tmp_path)
    assert stranger.read_text(encoding="utf-8") == "shopping: [milk]\n"

    driven = Driven(pipe, [*START, ("We share one set", CTRL_C)])
    with pytest.raises(Interrupted):
        workshop(driven, tmp_path, force=True)
    assert load_yaml_file(stranger)["answers"] == {}


def test_a_report_folder_that_is_a_file_fails_before_any_question(pipe: PipeInput, tmp_path: Path) -> None:
    (tmp_path / "report").write_text("x", encoding="utf-8")
    driven = Driven(pipe, [])
    with pytest.raises(OutputError, match="--output needs a folder"):
        workshop(driven, tmp_path)
    assert driven.asked == []


@pytest.mark.parametrize(("option", "what"), [("responses", "the response files"), ("output", "the reports")])
def test_a_folder_that_cannot_be_written_fails_before_any_question(
    pipe: PipeInput, tmp_path: Path, option: str, what: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder is needed", encoding="utf-8")
    driven = Driven(pipe, [])
    with pytest.raises(OutputError) as caught:
        workshop(driven, tmp_path, **{option: blocker / "inner"})
    assert str(caught.value).endswith(
        f"blocker/inner: cannot write {what} here (no permission, or not a folder)"
    )
    assert driven.asked == []


def test_workshop_with_no_input_fails_at_once_with_exit_2() -> None:
    done = run_without_terminal("workshop", "--no-input")
    assert done.returncode == 2
    assert "`alignment workshop` asks questions and needs a terminal" in done.stderr
    assert "--no-input was given" in done.stderr
    assert "Traceback" not in done.stderr


def test_another_organizations_file_is_never_continued(pipe: PipeInput, tmp_path: Path) -> None:
    (tmp_path / "responses").mkdir()
    other = write_partial(sales_file(tmp_path), {"goals.agreed": 4})
    text = other.read_text(encoding="utf-8").replace("Acme Corp", "Initech")
    other.write_text(text, encoding="utf-8")
    script = [
        ("Organization", "Umbrella Corp" + ENTER),
        ("Name of the head of Sales", "Jana Carpenter" + ENTER),
    ]
    with pytest.raises(OutputError, match="holds answers for 'Initech', not 'Umbrella Corp'"):
        workshop(Driven(pipe, script), tmp_path)
    assert other.read_text(encoding="utf-8") == text  # untouched


def test_with_a_history_the_workshops_report_shows_the_trend(pipe: PipeInput, tmp_path: Path) -> None:
    """The workshop makes its report through the same use-case as `alignment report`, so
    --history adds the trend there too."""
    from alignment_cli.commands.assessment import assess
    from alignment_cli.render.reports import render_json
    from tests.helpers import SALES_ANSWERS, make_response, write_response

    earlier = tmp_path / "earlier"
    write_response(earlier, "s.yaml", make_response("sales", SALES_ANSWERS, organization="Acme Corp"))
    write_response(earlier, "m.yaml", make_response("marketing", MARKETING_ANSWERS, organization="Acme Corp"))
    history = tmp_path / "history"
    history.mkdir()
    (history / "2025-01-15.json").write_text(
        render_json(assess([earlier], questionnaire=MINI_REF)), encoding="utf-8"
    )
    driven = Driven(
        pipe, START + QUESTIONS + HAND_OVER + MARKETING + [("Agree owners and due dates", "n")], width=300
    )
    written = workshop(driven, tmp_path, history=history)

    report = tmp_path / "report"
    assert written == [report / "report.md", report / "report.html", report / "report.json"]
    assert "## Trend" in (report / "report.md").read_text(encoding="utf-8")
    assert 'id="trend"' in (report / "report.html").read_text(encoding="utf-8")
    assert "trend" in json.loads((report / "report.json").read_text(encoding="utf-8"))


def test_workshop_history_must_be_a_folder_before_anyone_answers(tmp_path: Path) -> None:
    from alignment_cli.cli.options import check_history
    from alignment_cli.errors import UsageError

    with pytest.raises(UsageError, match=r"--history .*: no such folder"):
        check_history(tmp_path / "missing")
    check_history(tmp_path)
    check_history(None)
