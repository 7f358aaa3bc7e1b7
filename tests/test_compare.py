"""`alignment compare` and the change between two results: arrows, findings, versions, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alignment_cli.errors import InputError
from alignment_cli.render.compare import arrow, questionnaire_change
from alignment_cli.render.reports import render_json
from alignment_cli.scoring.change import delta, trend
from alignment_cli.scoring.pipeline import score
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response

pytestmark = pytest.mark.usefixtures("editable_results")

# Before: goals 40.0, leads 26.7, horizon 50.0; findings: contested goals.structure and
# leads.definition, large gaps in goals and leads, a mirrored view on leads.
# After: Marketing now agrees with Sales about the goals and reports a lower follow-up of leads:
# goals rises 40.0 -> 70.0, leads falls 26.7 -> 3.3, horizon holds at 50.0; the index goes
# 38.9 -> 41.1, Defined both times; the contested leadership structure and the goals gap go away.
AFTER_MARKETING = MARKETING_ANSWERS | {
    "goals.agreed": 4,
    "goals.conflict": 2,
    "goals.structure": "separate-peers",
    "leads.follow-up": 10,
}


def alignment(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    return subprocess.run(
        [sys.executable, "-m", "alignment_cli", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def result_for(
    questionnaire, marketing=MARKETING_ANSWERS, sales=SALES_ANSWERS, version="1", organization="Acme Corp"
):
    ref = ("mini", version)
    return score(
        questionnaire,
        [
            make_response("sales", sales, questionnaire=ref),
            make_response("marketing", marketing, questionnaire=ref),
        ],
        organization=organization,
    )


@pytest.fixture
def files(tmp_path: Path, mini) -> tuple[Path, Path]:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(render_json(result_for(mini)), encoding="utf-8")
    new.write_text(render_json(result_for(mini, AFTER_MARKETING)), encoding="utf-8")
    return old, new


def mini_v2(tmp_path: Path):
    """Version 2 of mini, without the time-horizons dimension."""
    from alignment_cli.model.questionnaire import load_questionnaire

    text = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    start, end = text.index("  - id: horizon"), text.index("recommendations:")
    path = tmp_path / "mini-v2.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return load_questionnaire(path)


# --- the change itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (None, None),
        (0.0, "steady"),
        (0.9, "steady"),
        (-0.9, "steady"),
        (1.0, "up"),
        (-1.0, "down"),
        (25.0, "up"),
    ],
)
def test_trend_has_a_dead_band(change, expected):
    assert trend(change) == expected


def test_arrows():
    assert (arrow(3), arrow(-3), arrow(0.5), arrow(None)) == ("↑", "↓", "→", "·")


def test_delta_by_dimension_and_findings(mini):
    change = delta(result_for(mini), result_for(mini, AFTER_MARKETING))
    by_id = {d.id: d for d in change.dimensions}
    assert (by_id["goals"].before, by_id["goals"].after, by_id["goals"].change) == (40, 70, 30)
    assert (by_id["leads"].before, by_id["leads"].after, by_id["leads"].change) == (26.7, 3.3, -23.4)
    assert by_id["horizon"].change == 0.0
    gone = {(f.kind, f.dimension, f.question) for f in change.findings_gone}
    # matched by (kind, dimension, question): findings present both times are neither new nor gone
    assert gone == {
        ("contested-fact", "goals", "goals.structure"),
        ("large-gap", "goals", None),
        ("opposed-view", "goals", "goals.agreed"),
        ("opposed-view", "goals", "goals.conflict"),
    }
    assert change.findings_new == []
    assert (change.index_before, change.index_after, change.index_change) == (38.9, 41.1, 2.2)
    assert (change.stage_before, change.stage_after) == ("Defined", "Defined")
    assert not change.left_out and not change.index_on_shared


def test_new_findings_appear(mini):
    change = delta(result_for(mini, AFTER_MARKETING), result_for(mini))
    appeared = {(f.kind, f.dimension, f.question) for f in change.findings_new}
    assert appeared == {
        ("contested-fact", "goals", "goals.structure"),
        ("large-gap", "goals", None),
        ("opposed-view", "goals", "goals.agreed"),
        ("opposed-view", "goals", "goals.conflict"),
    }
    assert change.findings_gone == []


def test_questionnaires_without_a_shared_dimension_cannot_be_compared(mini):
    other = result_for(mini)
    other.questionnaire.id = "another"
    for dim in other.dimensions:
        dim.id = "other-" + dim.id
    with pytest.raises(InputError, match="share no dimension"):
        delta(other, result_for(mini))


def test_another_questionnaire_with_the_same_dimensions_compares_and_says_so(mini):
    other = result_for(mini)
    other.questionnaire.id = "another"
    change = delta(other, result_for(mini))
    assert [d.id for d in change.dimensions] == [d.id for d in other.dimensions]
    assert "The questionnaire changed (another 1 → mini 1)" in (
        questionnaire_change(other, result_for(mini)) or ""
    )


def test_versions_compare_on_shared_dimensions(mini, tmp_path):
    v2 = mini_v2(tmp_path)
    strip = {k: v for k, v in SALES_ANSWERS.items() if not k.startswith("horizon.")}
    strip_m = {k: v for k, v in MARKETING_ANSWERS.items() if not k.startswith("horizon.")}
    after = result_for(v2, strip_m, strip, version="2")
    change = delta(result_for(mini), after)
    assert [d.id for d in change.dimensions] == ["goals", "leads"]
    assert [(d.id, d.only_in) for d in change.left_out] == [("horizon", "before")]
    assert change.index_on_shared
    # the same answers on the shared dimensions: the index does not move
    assert change.index_before == change.index_after == 33.4  # (40.0 + 26.7) / 2
    assert change.index_change == 0.0
    assert result_for(mini).alignment_index == 38.9  # with time horizons


def test_a_per_side_finding_on_the_other_side_is_a_different_finding(mini):
    from alignment_cli.model.result import Finding

    def unanswered(side: str) -> Finding:
        return Finding(kind="unanswered", dimension="leads", title="Lead hand-off: unanswered", side=side)

    before, after = result_for(mini), result_for(mini)
    before.findings.append(unanswered("sales"))
    after.findings.append(unanswered("marketing"))
    change = delta(before, after)
    assert [f.side for f in change.findings_gone] == ["sales"]
    assert [f.side for f in change.findings_new] == ["marketing"]
    same = delta(before, before)
    assert same.findings_new == same.findings_gone == []


def test_shared_dimensions_all_weighted_zero_give_no_index_not_a_crash(mini, tmp_path):
    """Only a hand-edited result can weigh every dimension at 0; the index is then unknown."""
    v2 = mini_v2(tmp_path)
    strip = {k: v for k, v in SALES_ANSWERS.items() if not k.startswith("horizon.")}
    strip_m = {k: v for k, v in MARKETING_ANSWERS.items() if not k.startswith("horizon.")}
    before = result_for(mini)
    for dim in before.dimensions:
        dim.weight = 0.0
    change = delta(before, result_for(v2, strip_m, strip, version="2"))
    assert change.index_on_shared
    assert change.index_before is None and change.index_change is None
    assert change.index_after == 33.4


# --- the command ---------------------------------------------------------------------------------


def test_terminal_format(files, tmp_path):
    old, new = files
    proc = alignment("compare", old, new, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    row = {
        name: next(line for line in lines if line.lstrip().startswith(name))
        for name in ("Shared goals", "Lead hand-off", "Time horizons")
    }
    assert "↑" in row["Shared goals"]
    assert "↓" in row["Lead hand-off"]
    assert "→" in row["Time horizons"]
    assert "Findings that appeared: none" in proc.stdout
    assert "Findings that went away: 4" in proc.stdout
    assert "Alignment index 38.9 → 41.1  ↑ +2.2" in proc.stdout


def test_markdown_format(files, tmp_path, mini):
    proc = alignment("compare", "old.json", "new.json", "--format", "md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("# What changed: Acme Corp\n")
    # two heads give a wide interval: a change of 2.2 is within the noise
    assert "| Alignment index | 38.9 | 41.1 | ↑ +2.2, within noise (±11.6) |" in out
    assert "| Stage | Defined | Defined | → |" in out
    assert "| Shared goals | 40.0 | 70.0 | ↑ +30.0 |" in out
    assert "| Lead hand-off | 26.7 | 3.3 | ↓ -23.4 |" in out
    assert "| Time horizons | 50.0 | 50.0 | → ±0 |" in out
    appeared, went = out.split("### Appeared")[1].split("### Went away")
    assert appeared.strip() == "None."
    assert went.count("\n- **") == 4
    assert "The two sides disagree on a fact: How are the two teams led?" in went
    assert "Left out" not in out


def test_json_format(files, tmp_path):
    old, new = files
    proc = alignment("compare", old, new, "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["before"]["file"] == str(old)
    assert (doc["before"]["alignment_index"], doc["after"]["alignment_index"]) == (38.9, 41.1)
    assert doc["change"]["index_trend"] == "up" and doc["change"]["stage_trend"] == "steady"
    trends = {d["id"]: d["trend"] for d in doc["change"]["dimensions"]}
    assert trends == {"goals": "up", "leads": "down", "horizon": "steady"}
    gone = {(f["kind"], f["dimension"], f["question"]) for f in doc["change"]["findings_gone"]}
    assert gone == {
        ("contested-fact", "goals", "goals.structure"),
        ("large-gap", "goals", None),
        ("opposed-view", "goals", "goals.agreed"),
        ("opposed-view", "goals", "goals.conflict"),
    }


def test_different_versions_name_the_left_out_dimensions(tmp_path, mini):
    v2 = mini_v2(tmp_path)
    old = tmp_path / "v1.json"
    new = tmp_path / "v2.json"
    old.write_text(render_json(result_for(mini)), encoding="utf-8")
    strip = {k: v for k, v in SALES_ANSWERS.items() if not k.startswith("horizon.")}
    strip_m = {k: v for k, v in AFTER_MARKETING.items() if not k.startswith("horizon.")}
    new.write_text(render_json(result_for(v2, strip_m, strip, version="2")), encoding="utf-8")
    md = alignment("compare", old, new, "-f", "md", cwd=tmp_path)
    assert md.returncode == 0, md.stderr
    assert "- Time horizons (horizon), only in version 1" in md.stdout
    assert "computed over the 2 dimensions they share" in md.stdout
    assert "| mini 1 | mini 2 |" in md.stdout
    terminal = alignment("compare", old, new, cwd=tmp_path)
    assert "Time horizons (horizon, only in version 1)" in terminal.stdout
    doc = json.loads(alignment("compare", old, new, "-f", "json", cwd=tmp_path).stdout)
    assert doc["change"]["left_out"] == [{"id": "horizon", "title": "Time horizons", "only_in": "before"}]


def test_text_from_a_result_is_never_markup(tmp_path, mini):
    hostile = "[bold red]Acme[/bold red] *stars* | pipe"
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(render_json(result_for(mini, organization=hostile)), encoding="utf-8")
    new.write_text(render_json(result_for(mini, AFTER_MARKETING, organization=hostile)), encoding="utf-8")
    terminal = alignment("compare", old, new, cwd=tmp_path)
    assert hostile in terminal.stdout
    md = alignment("compare", old, new, "-f", "md", cwd=tmp_path)
    assert "\\[bold red\\]Acme\\[/bold red\\] \\*stars\\* \\| pipe" in md.stdout


# --- bad input -----------------------------------------------------------------------------------


def assert_input_error(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr


def test_invalid_json_names_file_line_and_column(files, tmp_path):
    _, new = files
    (tmp_path / "bad.json").write_text('{\n  "schema_version": 1,\n}\n', encoding="utf-8")
    proc = alignment("compare", "bad.json", new, cwd=tmp_path)
    assert_input_error(proc, "bad.json:3:1: is not valid JSON", "expected a result document")


def test_not_a_result_document(files, tmp_path):
    _, new = files
    (tmp_path / "list.json").write_text("[1, 2]\n", encoding="utf-8")
    assert_input_error(
        alignment("compare", "list.json", new, cwd=tmp_path), "list.json: is not a result document"
    )
    (tmp_path / "partial.json").write_text('{"schema_version": 1, "sides": []}', encoding="utf-8")
    assert_input_error(
        alignment("compare", "partial.json", new, cwd=tmp_path), "partial.json", "required key is missing"
    )


def test_unknown_schema_version(files, tmp_path):
    old, new = files
    doc = json.loads(new.read_text(encoding="utf-8"))
    doc["schema_version"] = 99
    (tmp_path / "future.json").write_text(json.dumps(doc), encoding="utf-8")
    assert_input_error(
        alignment("compare", old, "future.json", cwd=tmp_path),
        "future.json: has schema_version 99",
        "expected schema_version 3",
    )


def test_missing_file_and_other_questionnaire(files, tmp_path):
    old, new = files
    assert_input_error(
        alignment("compare", old, "nope.json", cwd=tmp_path), "nope.json: result file not found"
    )
    doc = json.loads(old.read_text(encoding="utf-8"))
    doc["questionnaire"]["id"] = "another"
    for dim in doc["dimensions"]:
        dim["id"] = "other-" + dim["id"]
    (tmp_path / "other.json").write_text(json.dumps(doc), encoding="utf-8")
    assert_input_error(
        alignment("compare", "other.json", new, cwd=tmp_path), "questionnaire 'another'", "share no dimension"
    )


def test_unknown_format(files, tmp_path):
    old, new = files
    assert_input_error(
        alignment("compare", old, new, "-f", "html", cwd=tmp_path), "expected terminal, md or json"
    )


# --- report --baseline ---------------------------------------------------------------------------


def test_report_with_a_baseline_carries_the_change(files, tmp_path):
    old, _ = files
    responses = tmp_path / "responses"
    acme = {"organization": "Acme Corp"}  # the baseline's organization
    write_response(responses, "sales.yaml", make_response("sales", SALES_ANSWERS, name="J", **acme))
    write_response(responses, "marketing.yaml", make_response("marketing", AFTER_MARKETING, name="M", **acme))
    proc = alignment(
        "report", responses, "--questionnaire", MINI, "-f", "json", "--baseline", old, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    change = json.loads(proc.stdout)["baseline"]
    assert (change["index_before"], change["index_after"]) == (38.9, 41.1)
    assert change["baseline_version"] == "1"

    doc = json.loads(old.read_text(encoding="utf-8"))
    doc["questionnaire"]["id"] = "another"
    for dim in doc["dimensions"]:
        dim["id"] = "other-" + dim["id"]
    (tmp_path / "other.json").write_text(json.dumps(doc), encoding="utf-8")
    other = alignment(
        "report", responses, "--questionnaire", MINI, "-f", "json", "--baseline", "other.json", cwd=tmp_path
    )
    assert_input_error(
        other,
        "other.json: the baseline is a result for questionnaire "
        "'another', but this run uses 'mini' and the two share no "
        "dimension",
    )


def test_compare_returns_its_text_and_prints_nothing(files, capsys):
    import json as json_module

    from alignment_cli.commands.compare import run_compare

    old, new = files
    md = run_compare(old, new, "md")
    assert md.text.startswith("# What changed: Acme Corp\n")
    assert md.change.index_change == 2.2
    document = json_module.loads(run_compare(old, new, "json").text)
    assert document["change"]["index_trend"] == "up"
    assert run_compare(old, new, "terminal").text == ""  # drawn by the command line
    assert capsys.readouterr() == ("", "")


# --- one organization ----------------------------------------------------------------------------


def test_results_of_two_organizations_are_not_compared(files, tmp_path, mini, cli, monkeypatch):
    """As `trend` refuses to draw one line through two organizations, `compare` refuses to
    measure a change between them: exit 2, naming both; letter case alone is no difference."""
    monkeypatch.chdir(tmp_path)  # files: old.json and new.json, results for Acme Corp
    (tmp_path / "other.json").write_text(
        render_json(result_for(mini, AFTER_MARKETING, organization="Globex Ltd")), encoding="utf-8"
    )
    refused = cli("compare", "old.json", "other.json")
    assert refused.code == 2
    assert refused.out == ""
    assert refused.err == (
        "alignment: old.json is a result for Acme Corp and other.json for Globex Ltd: "
        "different organizations; compare two results of one organization\n"
    )
    (tmp_path / "cased.json").write_text(
        render_json(result_for(mini, AFTER_MARKETING, organization="ACME corp ")), encoding="utf-8"
    )
    assert cli("compare", "old.json", "cased.json").code == 0


def test_a_baseline_of_another_organization_is_refused(files, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    responses = tmp_path / "responses"
    write_response(
        responses, "sales.yaml", make_response("sales", SALES_ANSWERS, name="J", organization="Globex Ltd")
    )
    write_response(
        responses,
        "marketing.yaml",
        make_response("marketing", AFTER_MARKETING, name="M", organization="Globex Ltd"),
    )
    args = [
        "report",
        "responses",
        "--questionnaire",
        MINI,
        "-f",
        "md",
        "-o",
        "out.md",
        "--baseline",
        "old.json",
    ]
    refused = cli(*args)
    assert refused.code == 2
    assert refused.err == (
        "alignment: the baseline old.json is a result for Acme Corp and this report for Globex Ltd: "
        "different organizations; name an earlier result of Globex Ltd as the baseline, or leave it out\n"
    )
    assert not (tmp_path / "out.md").exists()
    # the same responses reported as Acme Corp, on purpose, are that organization's next round
    assert cli(*args, "--organization", "Acme Corp").code == 0
    assert "## Since the baseline" in (tmp_path / "out.md").read_text(encoding="utf-8")
