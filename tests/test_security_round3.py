"""Security, privacy and data safety, round three: the surfaces added since round two (results
read back, CI outputs, CSV written, plans, imports, the web form, PDF printing). Each test is an
attack or a careless use, and what the tool must do instead."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from alignment_cli.model.result import SCHEMA_VERSION
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response

EXAMPLE_RESULT = Path(__file__).parent.parent / "examples" / "bluepeak" / "reports" / "report.json"


def result_doc() -> dict:
    return json.loads(EXAMPLE_RESULT.read_text(encoding="utf-8"))


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def assert_input_error(result, *names: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err
    for name in names:
        assert name in result.err, result.err


# --- results: read back by trend, compare and check's history -------------------------------------


def test_trend_json_over_a_nan_alignment_is_a_clear_error(tmp_path, cli):
    """The issue's example: `trend -f json` over a result whose alignment is NaN."""
    text = json.dumps(result_doc())
    doc = json.loads(text)
    doc["dimensions"][0]["alignment"] = 1.0
    bad = tmp_path / "nan.json"
    bad.write_text(json.dumps(doc).replace('"alignment": 1.0', '"alignment": NaN', 1), encoding="utf-8")
    result = cli("trend", bad, "-f", "json")
    assert_input_error(result, "nan.json", "NaN")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"organization": "\ud800"}, ["organization", "lone surrogate"]),
        ({"schema_version": True}, ["schema_version"]),
        ({"schema_version": SCHEMA_VERSION + 1}, ["schema_version"]),
        ({"schema_version": "2"}, ["schema_version"]),
        ({"alignment_index": -5}, ["alignment_index"]),
        ({"alignment_index": 1e308 * 10}, ["Infinity"]),
        ({"organization": "A" * 100_000}, ["organization", "characters"]),
        ({"dimensions": "none"}, ["dimensions"]),
        ({"questionnaire": {"id": "x" * 300, "version": "1"}}, ["questionnaire.id"]),
    ],
)
def test_tampered_results_are_refused_by_trend_and_compare(tmp_path, cli, change, words):
    doc = result_doc() | change
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    for args in (
        ("trend", bad, "-f", "json"),
        ("trend", bad),
        ("compare", bad, EXAMPLE_RESULT, "-f", "json"),
    ):
        result = cli(*args)
        assert_input_error(result, "bad.json")
        if args[0] == "trend":
            for word in words:
                assert word in result.err, (args, result.err)


def test_control_characters_in_a_result_never_reach_the_terminal(tmp_path, cli):
    doc = result_doc()
    doc["organization"] = "Acme\x1b]0;pwned\x07\x1b[2J Corp"
    good = write_json(tmp_path / "r.json", doc)
    result = cli("trend", good, "-f", "md")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out


def test_odd_entries_in_a_history_folder(tmp_path, cli):
    folder = tmp_path / "history"
    folder.mkdir()
    write_json(folder / "2026-01-01.json", result_doc())
    (folder / "sub.json").mkdir()  # a folder named like a result: not a result, skipped
    os.mkfifo(folder / "pipe.json")  # never waited on
    (folder / ".hidden.json").write_text("{", encoding="utf-8")
    result = cli("trend", folder, "-f", "json")
    assert result.code == 0, result.err
    os.mkfifo(tmp_path / "named.json")
    result = cli("trend", tmp_path / "named.json")
    assert_input_error(result, "named pipe")


def test_a_huge_history_is_refused_with_a_message(tmp_path, cli, monkeypatch):
    from alignment_cli.commands import trend

    monkeypatch.setattr(trend, "MAX_ROUNDS", 3)
    for n in range(4):
        write_json(tmp_path / f"2026-01-0{n + 1}.json", result_doc())
    assert_input_error(cli("trend", tmp_path), "4 result files")


# --- check: --junit, GITHUB_STEP_SUMMARY, what reaches a CI runner --------------------------------


def check_folder(tmp_path: Path, extra: str = "") -> Path:
    responses = tmp_path / "responses"
    write_response(responses, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    write_response(responses, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    (tmp_path / "alignment.yml").write_text(
        "organization: Acme Corp\n"
        f"questionnaire: {MINI.as_posix()}\n"
        "responses: [responses/]\n"
        "thresholds: {alignment_index: 10}\n"
        "report: {formats: [md, json], output: reports/}\n" + extra,
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    "target",
    [
        "responses/sales.yaml",  # the example: one of the run's own response files
        "alignment.yml",
        MINI.as_posix(),
        "reports/report.json",  # the run's own report, not written yet when --junit is checked
        "reports/report.md",
        "baseline.json",
        "actions.yaml",
        "history/2026-01-01.json",
    ],
)
def test_junit_never_writes_over_an_input_or_an_output(tmp_path, cli, monkeypatch, target):
    folder = check_folder(tmp_path, "baseline: baseline.json\nhistory: history/\n")
    made = cli(
        "report", folder / "responses", "--questionnaire", MINI, "-f", "json", "-o", folder / "baseline.json"
    )
    assert made.code == 0, made.err
    (folder / "actions.yaml").write_text(
        "organization: Acme Corp\nfrom: {questionnaire: mini, version: '1'}\nactions: []\n", encoding="utf-8"
    )
    (folder / "history").mkdir()
    write_json(folder / "history" / "2026-01-01.json", result_doc())
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    path = Path(target) if Path(target).is_absolute() else folder / target
    before = path.read_bytes() if path.exists() else None
    extra = ["--actions", "actions.yaml"] if target == "actions.yaml" else []
    result = cli("check", "alignment.yml", "--junit", target, *extra)
    assert result.code == 2, (result.out, result.err)
    assert "--junit" in result.err or "input of this run" in result.err, result.err
    assert (path.read_bytes() if path.exists() else None) == before


def test_step_summary_never_writes_over_the_run_s_reports(tmp_path, cli, monkeypatch):
    folder = check_folder(tmp_path)
    monkeypatch.chdir(folder)
    (folder / "reports").mkdir()
    (folder / "reports" / "report.md").write_text("old", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(folder / "reports" / "report.md"))
    result = cli("check", "alignment.yml")
    assert result.code == 2, result.err
    assert (folder / "reports" / "report.md").read_text(encoding="utf-8") == "old"


def test_text_from_files_cannot_become_a_workflow_command(tmp_path, cli, monkeypatch):
    folder = check_folder(tmp_path)
    config = folder / "alignment.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "organization: Acme Corp", 'organization: "Acme\\n::add-mask::x\\n::stop-commands::t"'
        ),
        encoding="utf-8",
    )
    summary = folder / "summary.md"
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = cli("check", "alignment.yml")
    assert result.code == 0, result.err
    for text in (result.out, result.err, summary.read_text(encoding="utf-8")):
        assert not any(line.lstrip().startswith("::") for line in text.splitlines()), text


def test_no_workflow_commands_property():
    from hypothesis import given
    from hypothesis import strategies as st

    from alignment_cli.text import no_workflow_commands

    @given(
        st.lists(st.sampled_from(["::", " ", "\t", "\n", "a", ":", "set-output", "\\"]), max_size=30).map(
            "".join
        )
    )
    def run(text: str) -> None:
        out = no_workflow_commands(text)
        assert not any(line.lstrip(" \t").startswith("::") for line in out.split("\n"))
        assert out.replace("\\::", "::") == text.replace("\\::", "::") or "\\" in text

    run()


# --- privacy: file names are names --------------------------------------------------------------


def privacy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "responses"
    for name in ("Ravi Shah", "Ana Ruiz", "Bo Lind"):
        write_response(
            folder, f"sales-{name.split()[0].lower()}.yaml", make_response("sales", SALES_ANSWERS, name=name)
        )
    # Ravi answered one question only: left out as incomplete
    write_response(
        folder, "sales-ravi-shah.yaml", make_response("sales", {"goals.agreed": 4}, name="Ravi Shah 2")
    )
    for name in ("Mo Reyes", "Li Wu", "Kim Park"):
        write_response(
            folder,
            f"marketing-{name.split()[0].lower()}.yaml",
            make_response("marketing", MARKETING_ANSWERS, name=name),
        )
    return folder


def test_left_out_files_are_counted_not_named(tmp_path, cli):
    """The issue's example: the headline said 'Left out: responses/sales-ravi-shah.yaml'."""
    folder = privacy_folder(tmp_path)
    out = tmp_path / "out"
    result = cli("report", folder, "--questionnaire", MINI, "-f", "terminal")
    assert result.code == 0, result.err
    assert "ravi" not in result.out.lower()
    assert "1 Sales file left out: incomplete" in result.out
    done = cli(
        "report", folder, "--questionnaire", MINI, "-f", "md", "-f", "html", "-f", "json", "-o", f"{out}/"
    )
    assert done.code == 0, done.err
    for name in ("report.md", "report.html", "report.json"):
        text = (out / name).read_text(encoding="utf-8").lower()
        assert "ravi" not in text and "sales-" not in text and str(tmp_path).lower() not in text
    named = cli(
        "report", folder, "--questionnaire", MINI, "-f", "json", "--show-names", "-o", tmp_path / "named.json"
    )
    assert named.code == 0, named.err
    files = [
        f["file"]
        for f in json.loads((tmp_path / "named.json").read_text(encoding="utf-8"))["respondent_files"]
    ]
    assert "sales-ravi-shah.yaml" in files  # relative to the folder given
    assert not any(Path(f).is_absolute() for f in files)


def test_an_untouched_template_is_no_respondent(tmp_path, cli):
    """An untouched `questionnaire template` file counted as a respondent (Marketing: 2)."""
    folder = tmp_path / "responses"
    write_response(folder, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana", head=True))
    write_response(
        folder, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo", head=True)
    )
    blank = cli(
        "questionnaire", "template", MINI, "--role", "marketing", "-o", folder / "marketing-blank.yaml"
    )
    assert blank.code == 0, blank.err
    result = cli("report", folder, "--questionnaire", MINI, "-f", "json", "-o", tmp_path / "r.json")
    assert result.code == 0, result.err
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["respondents"]["marketing"]["respondents"] == 1


def test_an_unknown_questionnaire_names_its_file(tmp_path, cli):
    folder = tmp_path / "responses"
    for i in range(5):
        write_response(folder, f"sales-{i}.yaml", make_response("sales", SALES_ANSWERS, name=f"P{i}"))
    write_response(
        folder,
        "a-odd.yaml",
        make_response("sales", SALES_ANSWERS, name="Odd", questionnaire=("no-such-questionnaire", "1")),
    )
    result = cli("report", folder)
    assert_input_error(result, "a-odd.yaml", "no-such-questionnaire")
    write_response(
        folder,
        "a-odd.yaml",
        make_response("sales", SALES_ANSWERS, name="Odd", questionnaire=("sales-marketing-alignment", "9.9")),
    )
    result = cli("report", folder)
    assert_input_error(result, "a-odd.yaml", "9.9")


def test_an_include_outside_the_template_folder_says_where_and_why(tmp_path, cli):
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    (folder / "report.md.j2").write_text('{% include "../secret.txt" %}', encoding="utf-8")
    responses = tmp_path / "responses"
    write_response(responses, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(responses, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    result = cli(
        "report",
        responses,
        "--questionnaire",
        MINI,
        "--template",
        folder,
        "-f",
        "md",
        "-o",
        tmp_path / "r.md",
    )
    assert_input_error(result, "../secret.txt", "outside the template folder")


def test_an_output_under_a_file_says_so(tmp_path, cli):
    responses = tmp_path / "responses"
    write_response(responses, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(responses, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    (tmp_path / "plain").write_text("", encoding="utf-8")
    result = cli("report", responses, "--questionnaire", MINI, "-f", "md", "-o", tmp_path / "plain" / "r.md")
    assert_input_error(result, "is a file, not a folder")


@pytest.mark.parametrize("where", ["response", "config", "command line"])
def test_an_organization_of_megabytes_is_refused(tmp_path, cli, where, monkeypatch):
    huge = "Acme " * 400_000
    responses = tmp_path / "responses"
    sales = write_response(responses, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(responses, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    if where == "response":
        sales.write_text(
            sales.read_text(encoding="utf-8").replace("organization: Acme", f"organization: {huge.strip()}"),
            encoding="utf-8",
        )
    if where == "config":
        folder = check_folder(tmp_path)
        config = folder / "alignment.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "organization: Acme Corp", f"organization: {huge.strip()}"
            ),
            encoding="utf-8",
        )
        monkeypatch.chdir(folder)
        result = cli("check", "alignment.yml")
    elif where == "response":
        result = cli("report", responses, "--questionnaire", MINI)
    else:
        result = cli("report", responses, "--questionnaire", MINI, "--organization", huge)
    assert result.code == 2, result.err[:300]
    assert "characters" in result.err and len(result.err) < 2000


def test_trend_never_writes_over_a_result_it_reads(tmp_path, cli):
    first = write_json(tmp_path / "a.json", result_doc())
    before = first.read_bytes()
    result = cli("trend", first, "-f", "json", "-o", first)
    assert_input_error(result, "input of this run")
    assert first.read_bytes() == before


def test_questionnaire_export_never_writes_over_its_questionnaire(tmp_path, cli):
    copy = tmp_path / "q.yaml"
    copy.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("questionnaire", "export", copy, "--format", "csv", "-o", copy, "--force")
    assert_input_error(result, "input of this run")
    assert copy.read_text(encoding="utf-8") == MINI.read_text(encoding="utf-8")
