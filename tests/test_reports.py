"""write_reports: every format rendered before any file is written; stdout text kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.formats import ReportFormat
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.render import reports
from tests.helpers import two_heads


def test_every_planned_file_is_written_and_stdout_text_returned(mini: Questionnaire,
                                                                 tmp_path: Path) -> None:
    result = two_heads(mini)
    plan: dict[ReportFormat, Path | None] = {ReportFormat.md: tmp_path / "r.md",
                                             ReportFormat.json: None}
    written = reports.write_reports(result, plan)
    assert written.files == (tmp_path / "r.md",)
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == reports.render_markdown(result)
    assert written.stdout == reports.render_json(result)


def test_a_format_that_fails_to_render_writes_nothing(mini: Questionnaire, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    result = two_heads(mini)
    real = reports.render_format

    def json_broken(result: object, fmt: ReportFormat, **kwargs: object) -> str:
        if fmt is ReportFormat.json:  # the last in the plan: md and html rendered before it
            raise RuntimeError("broken")
        return real(result, fmt, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "render_format", json_broken)
    plan = reports.plan_outputs([ReportFormat.md, ReportFormat.html, ReportFormat.json],
                                tmp_path / "out")
    with pytest.raises(reports.RenderFailed, match=r"the json report could not be rendered "
                       r"\(RuntimeError: broken\)"):
        reports.write_reports(result, plan)
    assert not (tmp_path / "out").exists()


def test_terminal_is_never_a_file(mini: Questionnaire, tmp_path: Path) -> None:
    written = reports.write_reports(two_heads(mini), {ReportFormat.terminal: None})
    assert written.files == () and written.stdout == ""
    assert list(tmp_path.iterdir()) == []
