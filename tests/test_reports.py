"""write_reports: every format rendered before any file is written; stdout text kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.formats import ReportFormat
from alignment_cli.model.questionnaire import Questionnaire, parse_questionnaire
from alignment_cli.render import reports
from tests.helpers import MINI, two_heads


def test_every_planned_file_is_written_and_stdout_text_returned(mini: Questionnaire, tmp_path: Path) -> None:
    result = two_heads(mini)
    plan: dict[ReportFormat, Path | None] = {ReportFormat.md: tmp_path / "r.md", ReportFormat.json: None}
    written = reports.write_reports(result, plan)
    assert written.files == (tmp_path / "r.md",)
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == reports.render_markdown(result)
    assert written.stdout == reports.render_json(result)


def test_a_format_that_fails_to_render_writes_nothing(
    mini: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = two_heads(mini)
    real = reports.render_format

    def json_broken(result: object, fmt: ReportFormat, **kwargs: object) -> str:
        if fmt is ReportFormat.json:  # the last in the plan: md and html rendered before it
            raise RuntimeError("broken")
        return real(result, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "render_format", json_broken)
    plan = reports.plan_outputs([ReportFormat.md, ReportFormat.html, ReportFormat.json], tmp_path / "out")
    with pytest.raises(
        reports.RenderFailed,
        match=r"the json report could not be rendered "
        r"\(RuntimeError: broken\)",
    ):
        reports.write_reports(result, plan)
    assert not (tmp_path / "out").exists()


def test_terminal_is_never_a_file(mini: Questionnaire, tmp_path: Path) -> None:
    written = reports.write_reports(two_heads(mini), {ReportFormat.terminal: None})
    assert written.files == () and written.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("tolerances", "words"),
    [
        (
            None,
            "tolerance: hours within the larger of 8 and half the smaller answer, shares within "
            "10 points, small counts within 1, ordered choices within one step",
        ),
        (
            "{hours: {absolute: 4, relative: 0.25}}",
            "tolerance: hours within the larger of 4 and 25% of the smaller answer, ordered choices",
        ),
        (
            "{'%': {absolute: 5}, leads: {relative: 0.5}}",
            "tolerance: shares within 5 points, numbers in leads within half the smaller answer, "
            "ordered choices",
        ),
        ("{}", "tolerance: ordered choices within one step"),
    ],
)
def test_the_method_section_prints_the_questionnaires_tolerances(tolerances: str | None, words: str) -> None:
    text = MINI.read_text(encoding="utf-8")
    if tolerances is not None:
        text += f"rules: {{tolerances: {tolerances}}}\n"
    result = two_heads(parse_questionnaire(text, path="mini.yaml"))
    assert words in reports.render_markdown(result)


def test_a_weight_missing_from_an_older_result_prints_its_default(mini: Questionnaire) -> None:
    from alignment_cli.model.result import Rules

    result = two_heads(mini)
    written_before = {**result.rules.model_dump(), "evidence": {"shortfall": 2.0}}
    older = result.model_copy(update={"rules": Rules.model_validate(written_before)})
    text = reports.render_markdown(older)
    assert "Priorities are ranked by evidence: 2.0 per 10 points under the top band" in text
    assert "3.0 per acute finding, 1.5 per statement the sides answer the opposite way" in text
