"""Loading many files: the parallel path gives exactly what the serial one does."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest

from alignment_cli.commands import assessment
from alignment_cli.render.reports import render_json
from alignment_cli.scoring.pipeline import score
from tests.conftest import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response


def test_parallel_and_serial_loading_agree(tmp_path, monkeypatch):
    folder = tmp_path / "r"
    for i in range(40):
        answers = dict(SALES_ANSWERS if i % 2 == 0 else MARKETING_ANSWERS)
        answers["goals.agreed"] = 1 + i % 5
        write_response(folder, f"{i:03d}.yaml", make_response(
            "sales" if i % 2 == 0 else "marketing", answers, name=f"P{i}", team=f"T{i % 3}"))
    (folder / "zz-broken.yaml").write_text("answers: [\n", encoding="utf-8")

    monkeypatch.setattr(assessment, "PARALLEL_FROM", 10**9)
    serial = assessment.load([folder], questionnaire=str(MINI), skip_invalid=True)
    # the parallel path needs two cores and fork; a one-core runner must still take it here
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform, so loading is always serial")
    monkeypatch.setattr(assessment, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    contexts: list[str | None] = []
    real_get_context = multiprocessing.get_context

    def recording_get_context(method: str | None = None) -> Any:
        contexts.append(method)
        return real_get_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", recording_get_context)
    parallel = assessment.load([folder], questionnaire=str(MINI), skip_invalid=True)
    assert contexts == ["fork"]  # the pool really ran

    assert [r.respondent.name for r in parallel.responses] == \
        [r.respondent.name for r in serial.responses]
    assert [str(e) for e in parallel.skipped] == [str(e) for e in serial.skipped]
    assert len(parallel.skipped) == 1 and "zz-broken.yaml" in str(parallel.skipped[0])
    assert render_json(score(parallel.questionnaire, parallel.responses)) == \
        render_json(score(serial.questionnaire, serial.responses))
