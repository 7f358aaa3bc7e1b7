"""run_report: a request value in, an outcome value out; nothing printed, nothing written before
every input is read and the result is built."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from alignment_cli.commands.report import ReportRequest, run_report
from alignment_cli.formats import ReportFormat
from alignment_cli.render.reports import Extras

NORTHWIND = Path(__file__).resolve().parent.parent / "examples" / "northwind"


def test_an_outcome_comes_back_and_nothing_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md = tmp_path / "report.md"
    outcome = run_report(ReportRequest([NORTHWIND], {ReportFormat.md: md, ReportFormat.json: None}))
    assert outcome.files == (md,) and md.read_text(encoding="utf-8").startswith("#")
    assert outcome.stdout.startswith("{") and '"alignment_index"' in outcome.stdout
    assert outcome.result.organization == "Northwind Analytics"
    assert outcome.extras == Extras() and outcome.previous is None
    assert capsys.readouterr() == ("", "")


def test_the_request_is_a_value(tmp_path: Path) -> None:
    paths = [NORTHWIND]
    plan: dict[ReportFormat, Path | None] = {ReportFormat.md: tmp_path / "r.md"}
    request = ReportRequest(paths, plan)
    paths.append(tmp_path)
    plan[ReportFormat.html] = tmp_path / "r.html"
    assert request.paths == (NORTHWIND,) and list(request.plan) == [ReportFormat.md]
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.organization = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        request.plan[ReportFormat.json] = None  # type: ignore[index]


def test_before_writing_sees_the_result_and_can_stop_every_file(tmp_path: Path) -> None:
    seen = []

    def refuse(result: object, extras: Extras) -> None:
        seen.append(result)
        raise RuntimeError("not this one")

    with pytest.raises(RuntimeError, match="not this one"):
        run_report(ReportRequest([NORTHWIND], {ReportFormat.md: tmp_path / "r.md"}, before_writing=refuse))
    assert len(seen) == 1 and not (tmp_path / "r.md").exists()


def test_a_baseline_comes_back_with_the_change_against_it(tmp_path: Path) -> None:
    first = run_report(ReportRequest([NORTHWIND], {ReportFormat.json: tmp_path / "before.json"}))
    again = run_report(ReportRequest([NORTHWIND], {}, baseline=first.files[0]))
    assert again.previous is not None and again.result.baseline is not None
    assert again.result.baseline.index_change == 0
