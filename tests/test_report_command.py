"""`alignment report`: formats, outputs, the JSON document, and input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response

DOCUMENTED_TOP = {
    "schema_version",
    "questionnaire",
    "organization",
    "respondents",
    "alignment_index",
    "stage",
    "dimensions",
    "findings",
    "recommendations",
}
DOCUMENTED_DIMENSION = {"id", "title", "scores", "gap", "alignment", "answered"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    responses = tmp_path / "responses"
    write_response(responses, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    write_response(responses, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    return responses


def test_terminal_by_default(folder, cli):
    result = cli("report", folder, "--questionnaire", MINI)
    assert result.code == 0, result.err
    assert "Alignment index 38.9 / 100" in result.out
    assert "Lead hand-off" in result.out
    assert max(len(line) for line in result.out.splitlines()) <= 80


def test_json_has_the_documented_keys(folder, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-f", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert set(doc) >= DOCUMENTED_TOP
    assert doc["schema_version"] == 3
    assert doc["questionnaire"] == {"id": "mini", "version": "1", "title": "Mini alignment check"}
    assert doc["stage"]["name"] == "Defined"
    assert doc["alignment_index"] == 38.9
    for dim in doc["dimensions"]:
        assert set(dim) >= DOCUMENTED_DIMENSION
        assert set(dim["scores"]) == {"sales", "marketing"}
    assert {f["kind"] for f in doc["findings"]} >= {"contested-fact", "large-gap"}
    for rec in doc["recommendations"]:
        assert {"id", "title", "dimension", "source", "rank", "in_plan", "evidence", "trigger"} <= set(rec)
    assert doc["alignment_index_interval"][0] <= 38.9 <= doc["alignment_index_interval"][1]
    assert "boundary" in doc["stage"]
    assert all(set(f) >= {"file", "completeness", "included"} for f in doc["respondent_files"])
    assert doc["excluded"] == []
    assert all({"priority", "evidence"} <= set(d) for d in doc["dimensions"])


def test_several_formats_into_a_folder(folder, tmp_path, cli):
    out = tmp_path / "reports"
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "-f", "json", "-o", out)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]
    assert (out / "report.md").read_text().startswith("# Sales & Marketing alignment")


def test_one_format_to_a_file(folder, tmp_path, cli):
    out = tmp_path / "r.md"
    assert cli("report", folder, "--questionnaire", MINI, "-f", "md", "-o", out).code == 0
    assert "## Findings" in out.read_text()


def test_organization_override(folder, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-f", "json", "--organization", "Globex")
    assert json.loads(result.out)["organization"] == "Globex"


def test_several_formats_need_an_output_folder(folder, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "-f", "json")
    assert result.code == 2
    assert "--output" in result.err


def test_unknown_format(folder, cli):
    result = cli("report", folder, "-f", "pdf")
    assert result.code == 2
    assert "pdf" in result.err


def test_mixed_questionnaires_are_an_error(tmp_path, cli):
    folder = tmp_path / "mixed"
    for name, version in (("a.yaml", "1.0"), ("b.yaml", "0.9")):
        write_response(
            folder,
            name,
            make_response(
                "sales",
                {"shared-goals.objectives-agreed": 4},
                questionnaire=("sales-marketing-alignment", version),
            ),
        )
    result = cli("report", folder)
    assert result.code == 2
    assert (
        "different questionnaires: the first is for sales-marketing-alignment 1.0, but "
        f"sales-marketing-alignment 0.9: {folder / 'b.yaml'}" in result.err
    )


def test_responses_for_a_questionnaire_that_is_not_built_in(folder, cli):
    result = cli("report", folder)
    assert result.code == 2
    assert "'mini', which is not built in" in result.err
    assert "--questionnaire PATH" in result.err


def test_questionnaire_taken_from_the_responses(tmp_path, cli):
    from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire

    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    folder = tmp_path / "r"
    for role in q.roles:
        answers = {question.id: None for _, question in q.questions_for(role)}
        first = next(question for _, question in q.questions_for(role) if question.kind == "likert")
        answers[first.id] = 4
        write_response(folder, f"{role}.yaml", make_response(role, answers, questionnaire=(q.id, q.version)))
    result = cli("report", folder, "-f", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["questionnaire"]["id"] == "sales-marketing-alignment"


def test_missing_path(tmp_path, cli):
    result = cli("report", tmp_path / "nope")
    assert result.code == 2
    assert "no such file or folder" in result.err


def test_invalid_files_fail_together_unless_skipped(folder, cli):
    (folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    bad = make_response("sales", {**SALES_ANSWERS, "goals.agreed": 9}, name="Zed")
    write_response(folder, "bad-value.yaml", bad)
    result = cli("report", folder, "--questionnaire", MINI)
    assert result.code == 2
    assert "broken.yaml" in result.err and "bad-value.yaml" in result.err
    assert "goals.agreed" in result.err
    skipped = cli("report", folder, "--questionnaire", MINI, "--skip-invalid", "-f", "md")
    assert skipped.code == 0, skipped.err
    assert "## Skipped files" in skipped.out
    assert "goals.agreed" in skipped.out


@pytest.mark.parametrize(("show_names", "named"), [(False, False), (True, True)])
def test_skipped_files_are_named_only_with_show_names(folder, cli, show_names, named):
    """A file name is often a person's name: the report lists each skipped file's problem, and its
    name (relative to the folder given) only with --show-names."""
    import json

    bad = make_response("sales", {**SALES_ANSWERS, "goals.agreed": 9}, name="Zed")
    write_response(folder, "sales-zed-zimmer.yaml", bad)
    args = ["report", folder, "--questionnaire", MINI, "--skip-invalid", "-f", "json"]
    result = cli(*args, *(["--show-names"] if show_names else []))
    assert result.code == 0, result.err
    (entry,) = json.loads(result.out)["skipped_files"]
    assert entry.startswith("sales-zed-zimmer.yaml: " if named else "file 1: "), entry
    assert "goals.agreed" in entry and str(folder) not in entry
    assert ("zimmer" in entry) is named


def _panel_lines(out: str) -> list[str]:
    return [line.strip("│ ") for line in out.splitlines()]


@pytest.mark.parametrize("show_names", [False, True])
def test_terminal_summary_lists_skipped_files(folder, cli, show_names):
    """The terminal summary lists what --skip-invalid left out, as the reports do: by problem,
    and by name only with --show-names."""
    (folder / "sales-zed-zimmer.yaml").write_text("answers: [\n", encoding="utf-8")
    args = ["report", folder, "--questionnaire", MINI, "--skip-invalid"]
    result = cli(*args, *(["--show-names"] if show_names else []))
    assert result.code == 0, result.err
    lines = _panel_lines(result.out)
    skipped = [line for line in lines if line.startswith("Skipped")]
    name = "sales-zed-zimmer.yaml" if show_names else "file 1"
    assert skipped[0].startswith(f"Skipped: {name}: "), skipped
    assert ("zimmer" in result.out) is show_names
    note = "Skipped files are not named here; --show-names names them."
    assert (note in lines) is not show_names


def test_terminal_summary_lists_ten_skipped_files_and_counts_the_rest(folder, cli):
    for n in range(12):
        (folder / f"broken-{n:02}.yaml").write_text("answers: [\n", encoding="utf-8")
    result = cli("report", folder, "--questionnaire", MINI, "--skip-invalid")
    assert result.code == 0, result.err
    lines = _panel_lines(result.out)
    assert [line for line in lines if line.startswith("Skipped: file ")][-1].startswith("Skipped: file 10: ")
    assert "… and 2 more skipped files in the full report" in lines


def test_duplicate_respondent(folder, cli):
    write_response(folder, "sales-again.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    result = cli("report", folder, "--questionnaire", MINI)
    assert result.code == 2
    assert "also answered" in result.err


def test_report_against_a_baseline(folder, tmp_path, cli):
    baseline = tmp_path / "base.json"
    assert cli("report", folder, "--questionnaire", MINI, "-f", "json", "-o", baseline).code == 0
    write_response(
        folder,
        "marketing.yaml",
        make_response("marketing", {**MARKETING_ANSWERS, "goals.agreed": 5, "goals.conflict": 1}, name="Mo"),
    )
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "--baseline", baseline)
    assert result.code == 0, result.err
    assert "## Since the baseline" in result.out
    row = next(line for line in result.out.splitlines() if line.startswith("| Shared goals |"))
    assert row == "| Shared goals | 40.0 | 70.0 | +30.0 |"  # Marketing now 90, Sales 70


def test_output_for_one_format_is_the_file_named(folder, tmp_path, cli):
    plain = tmp_path / "summary"  # no extension: still the file to write
    assert cli("report", folder, "--questionnaire", MINI, "-f", "md", "-o", plain).code == 0
    assert plain.is_file() and plain.read_text().startswith("# Sales & Marketing alignment")
    into = tmp_path / "into"
    into.mkdir()
    assert cli("report", folder, "--questionnaire", MINI, "-f", "json", "-o", into).code == 0
    assert (into / "report.json").is_file()


def test_output_with_a_trailing_slash_is_a_folder_for_one_format_too(folder, tmp_path, cli):
    """`-o outdir/` names a folder, as `output: reports/` in a config does: the one report goes
    into it as report.<ext>, never into a file called outdir."""
    out = tmp_path / "outdir"
    result = cli("report", folder, "--questionnaire", MINI, "-f", "html", "-o", f"{out}/")
    assert result.code == 0, result.err
    assert out.is_dir() and sorted(p.name for p in out.iterdir()) == ["report.html"]
    assert result.err.splitlines() == [f"Wrote {out}/report.html"]
    # a file of that name is not made a folder, nor written over
    taken = tmp_path / "taken.html"
    taken.write_text("keep", encoding="utf-8")
    refused = cli("report", folder, "--questionnaire", MINI, "-f", "html", "-o", f"{taken}/")
    assert refused.code == 2
    assert refused.err == f"alignment: {taken}: is a file, not a folder\n"
    assert taken.read_text(encoding="utf-8") == "keep"


def test_output_without_a_format_it_can_name_is_refused(folder, tmp_path, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-o", tmp_path / "x.txt")
    assert result.code == 2
    assert "the format cannot be told from the file name" in result.err
    assert not (tmp_path / "x.txt").exists()
    # the extension names one: that format is written
    assert cli("report", folder, "--questionnaire", MINI, "-o", tmp_path / "x.md").code == 0
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# ")


def test_the_skip_invalid_hint_is_the_command_run_and_works_when_pasted(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some files invalid: the hint is the report command as typed (paths and options, quoted)
    with --skip-invalid added, and pasted it reports on the valid files."""
    import shlex

    from alignment_cli import program

    monkeypatch.setattr(program, "program", lambda: "alignment")
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "my responses"
    write_response(folder, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    write_response(folder, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    (folder / "broken.yaml").write_text("answers: [\n", encoding="utf-8")
    (folder / "empty.yaml").write_text("", encoding="utf-8")
    typed = [
        "report",
        "my responses",
        "-f",
        "md",
        "-o",
        "out dir/",
        "--questionnaire",
        str(MINI),
        "--show-names",
    ]
    failed = cli(*typed)
    assert failed.code == 2 and not (tmp_path / "out dir").exists()
    hint = (
        "Fix them; `alignment report 'my responses' --format md --output 'out dir/' "
        f"--questionnaire {shlex.quote(str(MINI))} --show-names --skip-invalid` "
        "reports on the valid files only."
    )
    assert failed.err.splitlines()[-1] == hint
    pasted = shlex.split(hint.split("`")[1])
    assert pasted[0] == "alignment"
    done = cli(*pasted[1:])
    assert done.code == 0, done.err
    assert done.err.splitlines() == ["Wrote out dir/report.md"]
    assert "## Skipped files" in (tmp_path / "out dir" / "report.md").read_text(encoding="utf-8")


def test_no_skip_invalid_hint_when_no_file_is_valid(cli) -> None:
    """Every file for another questionnaire: --skip-invalid would leave nothing to report on,
    so it is not offered."""
    northwind = Path(__file__).parent.parent / "examples" / "northwind"
    failed = cli("report", northwind, "--questionnaire", "sales-marketing-quick")
    assert failed.code == 2
    assert failed.err.startswith("alignment: 2 invalid file(s):\n")
    assert "--skip-invalid" not in failed.err and "Fix them" not in failed.err
