"""`alignment check --junit FILE` and `-f json`: the outcome in forms CI systems read."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from alignment_cli.commands.check import ThresholdResult
from alignment_cli.render.check_outcome import CheckFacts, outcome_document, render_junit
from tests.helpers import alignment, write_answers, write_config

FACTS = CheckFacts(
    organization="Acme",
    questionnaire="mini",
    questionnaire_version="1",
    alignment_index=38.94,
    stage="Defined",
    config="alignment.yml",
)


def parse(xml: str) -> ET.Element:
    return ET.fromstring(xml)  # noqa: S314 - our own output, built with ElementTree


def cases(xml: str) -> dict[str, ET.Element]:
    root = parse(xml)
    return {case.get("name", ""): case for case in root.iter("testcase")}


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    write_answers(tmp_path)
    return tmp_path


def test_junit_has_one_case_per_threshold_and_marks_the_failed_one(setup):
    # index 38.9 passes 30; the widest gap, 30.0, is over 25; no baseline: drop skipped
    write_config(setup, "{alignment_index: 30, max_gap: 25, max_drop: 5}")
    proc = alignment("check", "alignment.yml", "--junit", "out/junit.xml", cwd=setup)
    assert proc.returncode == 1, proc.stderr
    assert "Wrote out/junit.xml" in proc.stderr
    root = parse((setup / "out" / "junit.xml").read_text(encoding="utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("3", "1", "1")
    found = cases((setup / "out" / "junit.xml").read_text(encoding="utf-8"))
    assert set(found) == {
        "Alignment index (at least 30)",
        "Largest gap between the sides (at most 25)",
        "Drop against the baseline (at most 5)",
    }
    assert found["Alignment index (at least 30)"].find("failure") is None
    failure = found["Largest gap between the sides (at most 25)"].find("failure")
    assert failure is not None
    assert "Shared goals: the gap between Sales and Marketing is 30.0 points" in failure.get("message", "")
    assert "Lead hand-off" in (failure.text or "")  # every failing dimension, not only the first
    assert found["Drop against the baseline (at most 5)"].find("skipped") is not None


def test_junit_is_written_when_the_check_passes(setup):
    write_config(setup, "{alignment_index: 30}")
    proc = alignment("check", "alignment.yml", "--junit", "junit.xml", cwd=setup)
    assert proc.returncode == 0, proc.stderr
    root = parse((setup / "junit.xml").read_text(encoding="utf-8"))
    assert (root.get("tests"), root.get("failures")) == ("1", "0")


def test_json_outcome_on_standard_output(setup):
    write_config(setup, "{alignment_index: 40, max_gap: 35, dimensions: {horizon: 50}}")
    proc = alignment("check", "alignment.yml", "-f", "json", cwd=setup)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "alignment-check/1"
    assert doc["passed"] is False
    assert doc["alignment_index"] == 38.9
    assert doc["stage"] == "Defined"
    assert doc["questionnaire"] == {"id": "mini", "version": "1"}
    by_name = {t["name"]: t for t in doc["thresholds"]}
    assert by_name["Alignment index"]["status"] == "fail"
    assert by_name["Alignment index"]["failures"] == ["Alignment index 38.9 is under the minimum of 40."]
    assert by_name["Largest gap between the sides"]["status"] == "pass"
    assert by_name["Largest gap between the sides"]["subject"] == "Shared goals"
    assert by_name["Time horizons alignment"]["status"] == "pass"  # exactly at 50: a limit holds
    assert doc["reports"] == ["reports/report.md", "reports/report.json"]


def test_json_outcome_when_everything_passes(setup):
    write_config(setup, "{alignment_index: 38.9}")
    proc = alignment("check", "alignment.yml", "--format", "json", cwd=setup)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["passed"] is True


def test_unknown_format_is_refused(setup):
    write_config(setup)
    proc = alignment("check", "alignment.yml", "-f", "html", cwd=setup)
    assert proc.returncode == 2
    assert "--format 'html': expected md or json" in proc.stderr
    assert not (setup / "reports").exists()


def test_junit_in_an_unwritable_place_fails_before_anything_is_written(setup):
    write_config(setup)
    (setup / "blocker").write_text("", encoding="utf-8")
    proc = alignment("check", "alignment.yml", "--junit", "blocker/junit.xml", cwd=setup)
    assert proc.returncode == 2
    assert not (setup / "reports").exists()


def test_junit_escapes_markup_and_drops_what_xml_cannot_carry():
    check = ThresholdResult("Alignment index", "at least", 50, 12.0, "fail", reasons=('<b>&\x07 "x"</b>',))
    xml = render_junit([check], FACTS)
    failure = cases(xml)["Alignment index (at least 50)"].find("failure")
    assert failure is not None
    assert failure.get("message") == '<b>& "x"</b>'
    assert "\x07" not in xml


@pytest.mark.parametrize(
    ("statuses", "passed"),
    [
        (["pass"], True),
        (["skipped"], True),
        (["pass", "skipped"], True),
        (["pass", "fail"], False),
        (["fail"], False),
        ([], True),
    ],
)
def test_passed_means_no_threshold_failed(statuses, passed):
    checks = [
        ThresholdResult(f"t{i}", "at least", 1, 1.0, status)  # type: ignore[arg-type]
        for i, status in enumerate(statuses)
    ]
    assert outcome_document(checks, FACTS)["passed"] is passed
    root = parse(render_junit(checks, FACTS))
    assert root.get("failures") == str(statuses.count("fail"))
