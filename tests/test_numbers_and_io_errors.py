"""Numbers no field can hold, results that scoring cannot produce, config values that are not
numbers, and output that cannot be written: each one clear message and exit 2, never exit 3."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    alignment_command,
    make_response,
    write_response,
)

HUGE = "9" * 4301
JUST_UNDER = "9" * 40


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "r"
    write_response(out, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(out, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    return out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1))


# --- huge and odd numbers in response files ------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ("goals.agreed: 4", f"goals.agreed: {HUGE}", "goals.agreed"),
        ("goals.agreed: 4", f"goals.agreed: -{HUGE}", "goals.agreed"),
        ("goals.agreed: 4", "goals.agreed: 0x" + "f" * 3700, "goals.agreed"),
        ("goals.agreed: 4", "goals.agreed: 0b" + "1" * 14000, "goals.agreed"),
        ("goals.agreed: 4", "goals.agreed: 1_" + "0" * 4400, "goals.agreed"),
        ("leads.follow-up: 40", f"leads.follow-up: {HUGE}", "leads.follow-up"),
        ("name: Jana", f"name: {HUGE}", "name"),
        ("organization: Acme", f"organization: {HUGE}", "organization"),
        ("version: '1'", f"version: {HUGE}", "version"),
    ],
)
def test_numbers_too_long_to_be_real_name_their_field(old, new, named, tmp_path, cli):
    path = tmp_path / "s.yaml"
    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    _edit(path, old, new)
    result = cli("report", path, "--questionnaire", MINI)
    assert result.code == 2, result
    assert f"{named}: a number of more than 4,300 digits" in result.err
    assert "s.yaml:" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0x1F", "expected a whole number from 1 to 5 (got 31)"),
        ("0x" + "f" * 300, "(got a number of more than 300 digits)"),
        (JUST_UNDER, f"(got {int(JUST_UNDER)})"),
        ("017", "(got 15)"),  # octal in YAML 1.1
        ("0o17", "(got '0o17')"),  # text in YAML 1.1
        ("1e3", "(got '1e3')"),
        (".inf", "(got inf)"),
        (".nan", "(got nan)"),
        ("0x4", None),  # 4 in hexadecimal is a fine answer
    ],
)
def test_odd_likert_answers_reach_a_clear_message(value, expected, tmp_path, cli):
    write_response(tmp_path, "s.yaml", make_response("sales", SALES_ANSWERS))
    _edit(tmp_path / "s.yaml", "goals.agreed: 4", f"goals.agreed: {value}")
    result = cli("report", tmp_path / "s.yaml", "--questionnaire", MINI)
    if expected is None:
        assert result.code == 0, result.err
        return
    assert result.code == 2, result
    assert "answers.goals.agreed:" in result.err and expected in result.err


def test_a_folder_with_one_huge_number_names_the_file(tmp_path, cli):
    folder = tmp_path / "r"
    for i in range(12):
        write_response(folder, f"s{i:02}.yaml", make_response("sales", SALES_ANSWERS, name=f"S{i}"))
    write_response(folder, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    _edit(folder / "s07.yaml", "goals.agreed: 4", f"goals.agreed: {HUGE}")
    failed = cli("report", folder, "--questionnaire", MINI)
    assert failed.code == 2, failed
    assert "s07.yaml" in failed.err and "4,300 digits" in failed.err
    skipped = cli("report", folder, "--questionnaire", MINI, "--skip-invalid", "-f", "json", "--show-names")
    assert skipped.code == 0, skipped.err
    assert any("s07.yaml" in s for s in json.loads(skipped.out)["skipped_files"])


# --- a wrong questionnaire in one file of a folder -----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("id: mini", "id: other"),
        ("version: '1'", "version: '2'"),
    ],
)
def test_a_file_for_another_questionnaire_is_named(old, new, folder, cli):
    write_response(folder, "odd.yaml", make_response("sales", SALES_ANSWERS, name="Odd"))
    _edit(folder / "odd.yaml", old, new)
    result = cli("report", folder, "--questionnaire", MINI)
    assert result.code == 2, result
    assert "odd.yaml" in result.err
    skipped = cli("report", folder, "--questionnaire", MINI, "--skip-invalid", "-f", "json", "--show-names")
    assert skipped.code == 0
    assert any("odd.yaml" in s for s in json.loads(skipped.out)["skipped_files"])


# --- questionnaire weights and ranges ------------------------------------------------------------


def _questionnaire(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(MINI.read_text())
    _edit(path, old, new)
    return path


@pytest.mark.parametrize(
    ("old", "new", "valid"),
    [
        ("title: Shared goals", "title: Shared goals\n    weight: 100", True),
        ("title: Shared goals", "title: Shared goals\n    weight: 100.5", False),
        ("title: Shared goals", "title: Shared goals\n    weight: 1e308", False),
        ("title: Shared goals", "title: Shared goals\n    weight: .inf", False),
        ("title: Shared goals", "title: Shared goals\n    weight: 0", False),
        ("title: Shared goals", "title: Shared goals\n    weight: true", False),
        ("title: Shared goals", f"title: Shared goals\n    weight: {HUGE}", False),
        ("min: 0, max: 100", "min: 0, max: 1000000000", True),
        ("min: 0, max: 100", "min: -1.0e308, max: 1.0e308", False),
        ("min: 0, max: 100", "min: 0, max: yes", False),
        ("{min: 1, max: 5,", "{min: 1, max: 101,", True),
        ("{min: 1, max: 5,", f"{{min: 1, max: {HUGE},", False),
        ("score: 70", "score: true", False),
    ],
)
def test_questionnaire_numbers_are_bounded(old, new, valid, tmp_path, cli, folder):
    path = _questionnaire(tmp_path, old, new)
    result = cli("questionnaire", "validate", path)
    assert (result.code == 0) is valid, result
    assert "Traceback" not in result.err
    if valid:
        report = cli("report", folder, "--questionnaire", path, "-f", "md")
        assert report.code in (0, 2), report
        assert not re.search(r"\bnan\b", report.out, re.IGNORECASE)


# --- results read from files ---------------------------------------------------------------------


def _result(folder: Path, cli) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return json.loads(cli("report", folder, "--questionnaire", MINI, "-f", "json").out)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('"alignment_index": ', '"alignment_index": NaN, "x": ', 1), "NaN"),
        (lambda t: t.replace('"alignment_index": ', '"alignment_index": Infinity, "x": ', 1), "Infinity"),
        (lambda t: t.replace('"alignment_index": ', '"alignment_index": -Infinity, "x": ', 1), "Infinity"),
        (lambda t: t.replace('"alignment_index": ', '"alignment_index": 1e999, "x": ', 1), "too large"),
        (
            lambda t: t.replace('"alignment_index": ', f'"alignment_index": {HUGE}, "x": ', 1),
            "more than 20 digits",
        ),
    ],
)
def test_results_with_non_numbers_are_refused(change, expected, folder, tmp_path, cli):
    path = tmp_path / "base.json"
    path.write_text(change(json.dumps(_result(folder, cli))))
    for args in (["compare", path, path], ["report", folder, "--questionnaire", MINI, "--baseline", path]):
        result = cli(*args)
        assert result.code == 2, result
        assert expected in result.err


def _set_index(doc: dict, value: float) -> None:  # type: ignore[type-arg]
    doc["alignment_index"] = value


def _set_gap(doc: dict, value: float) -> None:  # type: ignore[type-arg]
    doc["dimensions"][0]["gap"] = value


def _set_score(doc: dict, value: float) -> None:  # type: ignore[type-arg]
    doc["dimensions"][1]["scores"]["sales"] = value


@pytest.mark.parametrize("setter", [_set_index, _set_gap, _set_score])
@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (0, True),
        (100, True),
        (-0.1, False),
        (100.1, False),
        (-5, False),
        (1e300, False),
    ],
)
def test_result_figures_must_lie_from_0_to_100(setter, value, valid, folder, tmp_path, cli):
    doc = _result(folder, cli)
    setter(doc, value)
    path = tmp_path / "base.json"
    path.write_text(json.dumps(doc))
    result = cli("compare", path, path, "-f", "json")
    assert (result.code == 0) is valid, result
    if not valid:
        assert "expected a figure from 0 to 100" in result.err


def test_a_result_with_a_repeated_dimension_is_refused(folder, tmp_path, cli):
    doc = _result(folder, cli)
    doc["dimensions"].append(doc["dimensions"][0])
    path = tmp_path / "base.json"
    path.write_text(json.dumps(doc))
    result = cli("compare", path, path)
    assert result.code == 2
    assert "appears twice" in result.err


def test_check_with_max_drop_0_and_a_nan_baseline_does_not_pass(folder, tmp_path, cli):
    base = tmp_path / "base.json"
    base.write_text(
        json.dumps(_result(folder, cli)).replace('"alignment_index": ', '"alignment_index": NaN, "x": ', 1)
    )
    config = tmp_path / "alignment.yml"
    config.write_text(
        f"questionnaire: {MINI}\nresponses: [r]\nbaseline: base.json\nthresholds: {{max_drop: 0}}\n"
    )
    result = cli("check", config)
    assert result.code == 2
    assert "NaN" in result.err and "✅" not in result.out


def test_compare_json_is_strict_json(folder, tmp_path, cli):
    path = tmp_path / "base.json"
    path.write_text(json.dumps(_result(folder, cli)))
    result = cli("compare", path, path, "-f", "json")
    assert result.code == 0

    def refuse(name: str) -> None:
        raise AssertionError(name)

    json.loads(result.out, parse_constant=refuse)


# --- config values that are not numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "valid"),
    [
        ("thresholds: {alignment_index: 60}", True),
        ("thresholds: {alignment_index: 60.5}", True),
        ("thresholds: {alignment_index: true}", False),
        ("thresholds: {alignment_index: yes}", False),
        ("thresholds: {max_gap: on}", False),
        ("thresholds: {max_drop: false}", False),
        ('thresholds: {alignment_index: "60"}', False),
        ("thresholds: {dimensions: {goals: true}}", False),
        ("thresholds: {dimensions: {goals: 50}}", True),
        (f"thresholds: {{alignment_index: {HUGE}}}", False),
        ("thresholds: {alignment_index: .nan}", False),
    ],
)
def test_config_limits_are_numbers_as_written(line, valid, folder, tmp_path, cli):
    config = tmp_path / "alignment.yml"
    config.write_text(f"questionnaire: {MINI}\nresponses: [r]\n{line}\n")
    result = cli("check", config)
    assert (result.code in (0, 1)) is valid, result
    if not valid:
        assert result.code == 2 and "alignment.yml:" in result.err


# --- standard output that cannot be written ----------------------------------------------------


def _run(args: list[str], stdout: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*alignment_command(), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{folder}", "--questionnaire", str(MINI), "-f", "md"],
        ["report", "{folder}", "--questionnaire", str(MINI), "-f", "json"],
        ["report", "{folder}", "--questionnaire", str(MINI)],
        ["questionnaire", "show", "sales-marketing-alignment"],
        ["questionnaire", "template", "sales-marketing-alignment"],
    ],
)
def test_a_full_disk_on_standard_output_is_the_environments(args, folder):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        done = _run([a.format(folder=folder) for a in args], full)
    assert done.returncode == 2, done.stderr
    assert "cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["questionnaire", "show", "sales-marketing-alignment"],
        ["report", "{folder}", "--questionnaire", str(MINI), "-f", "html"],
    ],
)
def test_a_closed_pipe_ends_quietly(args, folder):
    import os

    command = [*alignment_command(), *[a.format(folder=folder) for a in args]]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as `| head` does once it has its lines
    done = subprocess.run(
        command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    os.close(write_end)
    assert done.returncode == 2, done.stderr
    assert done.stderr == ""
