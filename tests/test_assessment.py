"""Loading many files: the parallel path gives exactly what the serial one does."""

from __future__ import annotations

from alignment_cli import assessment
from alignment_cli.reports import render_json
from alignment_cli.scoring import score
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
    monkeypatch.setattr(assessment, "PARALLEL_FROM", 1)
    parallel = assessment.load([folder], questionnaire=str(MINI), skip_invalid=True)

    assert [r.respondent.name for r in parallel.responses] == \
        [r.respondent.name for r in serial.responses]
    assert [str(e) for e in parallel.skipped] == [str(e) for e in serial.skipped]
    assert len(parallel.skipped) == 1 and "zz-broken.yaml" in str(parallel.skipped[0])
    assert render_json(score(parallel.questionnaire, parallel.responses)) == \
        render_json(score(serial.questionnaire, serial.responses))
