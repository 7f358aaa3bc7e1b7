"""`alignment check`: thresholds, baselines, the summary, exit codes, end to end in a subprocess."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from alignment_cli.commands.check import evaluate
from alignment_cli.model.config import Thresholds
from alignment_cli.render.check_outcome import render_summary
from alignment_cli.scoring.pipeline import score
from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    alignment,
    make_response,
    write_answers,
    write_config,
    write_response,
)

pytestmark = pytest.mark.usefixtures("editable_results")

# With SALES_ANSWERS and MARKETING_ANSWERS the mini questionnaire scores: index 38.9 (Defined);
# Shared goals gap 30.0, alignment 40.0; Lead hand-off gap 28.3, alignment 26.7; Time horizons
# gap 0, alignment 50.0.
AGREEING_MARKETING = {k: v for k, v in SALES_ANSWERS.items() if k != "leads.worth-it"} | {"leads.followed": 4}


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    write_answers(tmp_path)
    write_config(tmp_path)
    return tmp_path


def assert_clean_error(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("alignment: ")


# --- passing and failing -------------------------------------------------------------------------


def test_passing_config_exits_0_and_writes_the_reports(setup):
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 0, proc.stderr
    assert "## Alignment check: Acme Corp — passed" in proc.stdout
    assert "| Alignment index | at least 30 | 38.9 | ✅ pass |" in proc.stdout
    assert "| Largest gap between the sides | at most 35 | 30.0 in Shared goals | ✅ pass |" in proc.stdout
    assert sorted(p.name for p in (setup / "reports").iterdir()) == ["report.json", "report.md"]
    doc = json.loads((setup / "reports" / "report.json").read_text(encoding="utf-8"))
    assert doc["alignment_index"] == 38.9
    assert doc["baseline"] is None


def test_index_under_its_threshold_exits_1_and_says_so(setup):
    write_config(setup, "{alignment_index: 40}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 1, proc.stderr
    assert "Alignment index 38.9 is under the minimum of 40." in proc.stderr
    assert "| Alignment index | at least 40 | 38.9 | ❌ fail |" in proc.stdout
    assert "— failed" in proc.stdout
    # the reports are written even though the check failed
    assert (setup / "reports" / "report.md").is_file()


def test_gap_over_max_gap_exits_1_and_names_the_dimension(setup):
    write_config(setup, "{max_gap: 29}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 1, proc.stderr
    failure = "Shared goals: the gap between Sales and Marketing is 30.0 points, over the limit of 29."
    assert failure in proc.stderr
    assert failure in proc.stdout
    assert "Lead hand-off: the gap" not in proc.stderr  # 28.3 is within the limit


def test_dimension_minimum(setup):
    write_config(setup, "{dimensions: {leads: 30, horizon: 50}}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 1
    assert "Lead hand-off: alignment 26.7 is under its minimum of 30." in proc.stderr
    assert "| Time horizons alignment | at least 50 | 50.0 | ✅ pass |" in proc.stdout


def test_unknown_dimension_in_thresholds_is_a_config_error(setup):
    write_config(setup, "\n  dimensions:\n    lead-handoff: 50")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert "alignment.yml:6:5" in proc.stderr
    assert "'lead-handoff' is not a dimension of questionnaire mini 1" in proc.stderr
    assert "goals, leads, horizon" in proc.stderr
    assert not (setup / "reports").exists()


def test_fail_under_overrides_the_config(setup):
    write_config(setup, "{alignment_index: 30}")
    stricter = alignment("check", "alignment.yml", "--fail-under", "45", cwd=setup)
    assert stricter.returncode == 1
    assert "under the minimum of 45" in stricter.stderr
    write_config(setup, "{alignment_index: 90}")
    looser = alignment("check", "alignment.yml", "--fail-under", "35", cwd=setup)
    assert looser.returncode == 0, looser.stderr
    assert "| Alignment index | at least 35 | 38.9 | ✅ pass |" in looser.stdout


def test_no_thresholds_passes_and_says_why(setup):
    write_config(setup, "{}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 0
    assert "No thresholds are set" in proc.stdout


# --- baselines -----------------------------------------------------------------------------------


def make_baseline(folder: Path, marketing: dict[str, object] = AGREEING_MARKETING) -> Path:
    """A result from an earlier, better-aligned quarter, written by check itself."""
    earlier = folder / "earlier"
    earlier.mkdir()
    write_answers(earlier, marketing=marketing)
    write_config(earlier, "{}")
    proc = alignment("check", "alignment.yml", cwd=earlier)
    assert proc.returncode == 0, proc.stderr
    return earlier / "reports" / "report.json"


def test_drop_larger_than_max_drop_exits_1(setup):
    baseline = make_baseline(setup)
    before = json.loads(baseline.read_text(encoding="utf-8"))["alignment_index"]
    assert before > 38.9 + 5
    write_config(setup, "{max_drop: 5}")
    proc = alignment("check", "alignment.yml", "--baseline", baseline, cwd=setup)
    assert proc.returncode == 1, proc.stderr
    drop = round(before - 38.9, 1)
    assert f"Alignment index fell by {drop:.1f} points against the baseline" in proc.stderr
    assert "### Against the baseline" in proc.stdout
    assert f"- Alignment index: {before:.1f} → 38.9, ↓ {-drop:+.1f}" in proc.stdout
    assert "- Biggest moves in alignment: " in proc.stdout
    # the written result carries the delta, so `compare` and the next run can use it
    doc = json.loads((setup / "reports" / "report.json").read_text(encoding="utf-8"))
    assert doc["baseline"]["index_before"] == before
    assert doc["baseline"]["index_after"] == 38.9
    assert {d["id"] for d in doc["baseline"]["dimensions"]} == {"goals", "leads", "horizon"}


def test_small_drop_passes(setup):
    baseline = make_baseline(setup, marketing=MARKETING_ANSWERS)
    write_config(setup, "{max_drop: 5}")
    proc = alignment("check", "alignment.yml", "--baseline", baseline, cwd=setup)
    assert proc.returncode == 0, proc.stderr
    assert "| Drop against the baseline | at most 5 | none (+0.0) | ✅ pass |" in proc.stdout
    assert "No dimension moved by 1 point or more." in proc.stdout


def test_baseline_in_the_config_is_relative_to_the_config_file(setup, tmp_path):
    baseline = make_baseline(setup)
    (setup / "results").mkdir()
    (setup / "results" / "last.json").write_bytes(baseline.read_bytes())
    write_config(setup, "{max_drop: 5}", extra="baseline: results/last.json\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = alignment("check", setup / "alignment.yml", cwd=elsewhere)
    assert proc.returncode == 1, proc.stderr
    assert "fell by" in proc.stderr
    assert (setup / "reports" / "report.json").is_file()


def test_config_baseline_not_there_yet_is_a_note(setup):
    write_config(setup, "{max_drop: 5}", extra="baseline: results/last.json\n")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert proc.returncode == 0, proc.stderr
    assert "No baseline yet: results/last.json does not exist" in proc.stdout
    assert "| Drop against the baseline | at most 5 | – | ➖ skipped |" in proc.stdout


def test_missing_baseline_on_the_command_line_is_an_error(setup):
    proc = alignment("check", "alignment.yml", "--baseline", "results/nope.json", cwd=setup)
    assert_clean_error(proc)
    assert "results/nope.json: baseline result not found" in proc.stderr
    assert not (setup / "reports").exists()


def test_baseline_from_another_questionnaire_exits_2(setup):
    baseline = make_baseline(setup)
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    doc["questionnaire"]["id"] = "another-survey"
    for dim in doc["dimensions"]:
        dim["id"] = "other-" + dim["id"]
    baseline.write_text(json.dumps(doc), encoding="utf-8")
    proc = alignment("check", "alignment.yml", "--baseline", baseline, cwd=setup)
    assert_clean_error(proc)
    assert "questionnaire 'another-survey', but this run uses 'mini'" in proc.stderr
    assert not (setup / "reports").exists()


def test_baseline_from_another_version_compares_shared_dimensions(setup, tmp_path):
    # version 2 of mini without the time-horizons dimension
    v2 = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    start, end = v2.index("  - id: horizon"), v2.index("recommendations:")
    v2 = v2[:start] + v2[end:]
    (setup / "mini-v2.yaml").write_text(v2, encoding="utf-8")
    baseline = make_baseline(setup)  # from version 1
    v2_answers = {k: v for k, v in SALES_ANSWERS.items() if not k.startswith("horizon.")}
    v2_marketing = {k: v for k, v in MARKETING_ANSWERS.items() if not k.startswith("horizon.")}
    responses = setup / "responses"
    write_response(
        responses, "sales.yaml", make_response("sales", v2_answers, name="Jana", questionnaire=("mini", "2"))
    )
    write_response(
        responses,
        "marketing.yaml",
        make_response("marketing", v2_marketing, name="Mo", questionnaire=("mini", "2")),
    )
    (setup / "alignment.yml").write_text(
        "organization: Acme Corp\n"  # the baseline's, as write_config names it
        "questionnaire: mini-v2.yaml\nresponses: responses\nthresholds: {max_drop: 100}\n"
        "report: {formats: [json], output: reports}\n",
        encoding="utf-8",
    )
    proc = alignment("check", "alignment.yml", "--baseline", baseline, cwd=setup)
    assert proc.returncode == 0, proc.stderr
    assert "Left out, in one questionnaire version only: Time horizons (only in the baseline)" in proc.stdout
    assert "both computed over the 2 dimensions the two versions share" in proc.stdout
    doc = json.loads((setup / "reports" / "report.json").read_text(encoding="utf-8"))
    assert doc["baseline"]["left_out"] == [{"id": "horizon", "title": "Time horizons", "only_in": "before"}]
    assert doc["baseline"]["baseline_version"] == "1"


# --- input and config errors ---------------------------------------------------------------------


def test_typo_in_a_key_names_the_key_and_its_line(setup):
    path = setup / "alignment.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("thresholds:", "threshold:"), encoding="utf-8")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert "alignment.yml:4:1: threshold: unknown key" in proc.stderr


def test_typo_in_a_nested_key_names_the_path(setup):
    write_config(setup, "{alignment_idx: 50}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert "alignment.yml:4:14: thresholds.alignment_idx: unknown key" in proc.stderr


def test_missing_responses_folder(tmp_path):
    write_config(tmp_path)
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert_clean_error(proc)
    assert "alignment.yml:3:" in proc.stderr
    assert "responses does not exist" in proc.stderr


def test_missing_config_file(tmp_path):
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert_clean_error(proc)
    assert "alignment.yml: config file not found" in proc.stderr


def test_invalid_response_file_exits_2(setup):
    (setup / "responses" / "broken.yaml").write_text("answers: [unclosed\n", encoding="utf-8")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert "broken.yaml" in proc.stderr


def test_unwritable_output_is_reported_before_scoring(setup):
    (setup / "reports").write_text("a file, not a folder", encoding="utf-8")
    # an invalid response too: the output problem must be the one reported, before any scoring
    (setup / "responses" / "broken.yaml").write_text("answers: [unclosed\n", encoding="utf-8")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert "reports: is a file" in proc.stderr
    assert "broken.yaml" not in proc.stderr


def test_fail_under_out_of_range(setup):
    proc = alignment("check", "alignment.yml", "--fail-under", "150", cwd=setup)
    assert_clean_error(proc)
    assert "--fail-under 150" in proc.stderr


# --- the CI job summary --------------------------------------------------------------------------


def test_github_step_summary_is_appended(setup):
    summary = setup / "step-summary.md"
    summary.write_text("# Earlier step\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    first = alignment("check", "alignment.yml", cwd=setup, env=env)
    second = alignment("check", "alignment.yml", "--fail-under", "50", cwd=setup, env=env)
    assert (first.returncode, second.returncode) == (0, 1)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n")
    assert text.count("## Alignment check: Acme Corp") == 2
    assert first.stdout in text and second.stdout in text


# --- evaluate, in-process ------------------------------------------------------------------------


def test_one_side_only_fails_index_and_gap_thresholds(mini):
    result = score(mini, [make_response("sales", SALES_ANSWERS)])
    outcome = evaluate(result, Thresholds(alignment_index=10, max_gap=50), baseline=None)
    assert not outcome.passed
    assert [c.status for c in outcome.thresholds] == ["fail", "fail"]
    assert "Marketing has not answered" in outcome.failures[0]


def test_limits_are_inclusive(mini):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    outcome = evaluate(result, Thresholds(alignment_index=38.9, max_gap=30), baseline=None)
    assert outcome.passed, outcome.failures


def too_few(mini):
    """Both sides answered, each a single item: too few to score any dimension (the files are
    kept on purpose, as with --include-incomplete)."""
    return score(
        mini,
        [
            make_response("sales", {"leads.worth-it": 2}),
            make_response("marketing", {"horizon.reconciled": 2}),
        ],
        include_incomplete=True,
    )


def test_too_few_answers_is_not_reported_as_a_missing_side(mini):
    result = too_few(mini)
    assert result.gaps_computable and result.alignment_index is None
    outcome = evaluate(result, Thresholds(alignment_index=10), baseline=None)
    assert [c.status for c in outcome.thresholds] == ["fail"]
    assert "only 0 of 3 areas could be measured" in outcome.failures[0]
    assert "has not answered" not in outcome.failures[0]
    summary = render_summary(result, outcome, baseline_path=None, reports=[])
    assert "**No alignment index yet**: only 0 of 3 areas could be measured" in summary
    one_side = score(mini, [make_response("sales", SALES_ANSWERS)])
    summary = render_summary(
        one_side, evaluate(one_side, Thresholds(), baseline=None), baseline_path=None, reports=[]
    )
    assert "**No alignment index yet**: Marketing has not answered" in summary


def test_max_gap_fails_when_no_gap_could_be_measured(mini):
    outcome = evaluate(too_few(mini), Thresholds(max_gap=50), baseline=None)
    data, check = outcome.thresholds
    assert (data.name, data.status) == ("Enough answers to judge", "fail")
    assert (check.now, check.status) == ("–", "fail")
    assert outcome.failures == [
        "There is not enough data to judge: only 0 of 3 areas could be measured, and at least "
        "67% are needed; Sales 1, Marketing 1 respondents so far.",
        "No gap could be measured: both sides answered, but too few items to score any "
        "dimension; Sales 1, Marketing 1 respondents so far; the limit of 50 cannot be shown "
        "to hold.",
    ]


def test_max_gap_notes_the_dimensions_it_could_not_measure(mini):
    sales = {k: v for k, v in SALES_ANSWERS.items() if not k.startswith("leads.")}
    result = score(
        mini,
        [make_response("sales", sales), make_response("marketing", MARKETING_ANSWERS)],
        include_incomplete=True,
    )
    leads = result.dimension("leads")
    assert leads is not None and leads.status == "insufficient"
    outcome = evaluate(result, Thresholds(max_gap=50), baseline=None)
    assert outcome.passed, outcome.failures
    assert outcome.notes == (
        "No gap could be measured for Lead hand-off (too few answers), so "
        "the gap limit was checked on the other dimensions only.",
    )


def test_a_minimum_on_an_own_focus_dimension_says_why_it_cannot_hold(mini):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    horizon = result.dimension("horizon")
    assert horizon is not None
    horizon.status, horizon.gap, horizon.alignment = "profile", None, None
    outcome = evaluate(result, Thresholds(dimensions={"horizon": 10}), baseline=None)
    assert outcome.failures == [
        "Time horizons: alignment could not be scored, it is about each side's own focus, "
        "which is never scored; its minimum of 10 cannot be shown to hold."
    ]


def test_the_summary_shows_which_way_the_stage_moved(mini):
    from alignment_cli.scoring.change import delta

    before = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", AGREEING_MARKETING)]
    )
    after = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    assert before.stage is not None and after.stage is not None
    assert (before.stage.name, after.stage.name) == ("Aligned", "Defined")
    after.baseline = delta(before, after)
    outcome = evaluate(after, Thresholds(), baseline=after.baseline)
    summary = render_summary(after, outcome, baseline_path=Path("last.json"), reports=[], previous=before)
    assert "- Stage: Aligned → Defined ↓" in summary
    before.baseline = delta(after, before)
    summary = render_summary(before, outcome, baseline_path=Path("last.json"), reports=[], previous=after)
    assert "- Stage: Defined → Aligned ↑" in summary


def test_a_config_inside_its_responses_folder_is_not_read_as_a_response(tmp_path):
    """`responses: [.]` with everything in one folder: the config and questionnaire are skipped."""
    write_response(tmp_path, "sales.yaml", make_response("sales", SALES_ANSWERS, name="Jana"))
    write_response(tmp_path, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    (tmp_path / "mini.yaml").write_bytes(MINI.read_bytes())
    (tmp_path / "alignment.yml").write_text(
        "questionnaire: mini.yaml\nresponses: [.]\nthresholds: {alignment_index: 30}\n", encoding="utf-8"
    )
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "| Alignment index | at least 30 | 38.9 | ✅ pass |" in proc.stdout
    assert "Sales 1, Marketing 1 respondents" in proc.stdout
    # from elsewhere too: the config is recognised by where it is, not by how it was named
    proc = alignment("check", tmp_path / "alignment.yml", cwd=tmp_path.parent)
    assert proc.returncode == 0, proc.stderr


def test_responses_naming_only_the_config_itself_is_a_clear_error(tmp_path):
    (tmp_path / "alignment.yml").write_text(
        f"questionnaire: {MINI.as_posix()}\nresponses: [alignment.yml]\n", encoding="utf-8"
    )
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert_clean_error(proc)
    assert "names only the config file itself" in proc.stderr


# --- each threshold at its boundary --------------------------------------------------------------


@pytest.mark.parametrize(("minimum", "status"), [(38.8, "pass"), (38.9, "pass"), (39.0, "fail")])
def test_index_minimum_at_its_boundary(mini, minimum, status):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    assert result.alignment_index == 38.9
    (check,) = evaluate(result, Thresholds(alignment_index=minimum), baseline=None).thresholds
    assert (check.status, check.actual, check.limit) == (status, 38.9, minimum)
    assert check.passed is (status == "pass")
    assert len(check.reasons) == (status == "fail")


@pytest.mark.parametrize(("limit", "status"), [(29.9, "fail"), (30.0, "pass"), (30.1, "pass")])
def test_gap_limit_at_its_boundary(mini, limit, status):
    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    (check,) = evaluate(result, Thresholds(max_gap=limit), baseline=None).thresholds
    assert (check.status, check.actual, check.subject) == (status, 30.0, "Shared goals")
    assert check.limit_text == f"at most {limit:g}"


@pytest.mark.parametrize(("limit", "status"), [(4.9, "fail"), (5.0, "pass"), (5.1, "pass")])
def test_drop_limit_at_its_boundary(mini, limit, status):
    from alignment_cli.model.result import Delta

    result = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    change = Delta(
        index_before=43.9, index_after=38.9, index_change=-5.0, stage_before=None, stage_after=None
    )
    (check,) = evaluate(result, Thresholds(max_drop=limit), baseline=change).thresholds
    assert (check.status, check.actual, check.now) == (status, 5.0, "5.0")


def test_the_outcome_is_a_frozen_value(mini):
    import dataclasses

    result = score(mini, [make_response("sales", SALES_ANSWERS)])
    outcome = evaluate(result, Thresholds(alignment_index=10), baseline=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.summary = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.thresholds[0].status = "pass"  # type: ignore[misc]


def test_run_check_returns_the_outcome_and_prints_nothing(setup, capsys, monkeypatch):
    from alignment_cli.commands.check import run_check

    monkeypatch.chdir(setup)
    outcome = run_check(setup / "alignment.yml", baseline=None, fail_under=40)
    assert not outcome.passed
    assert outcome.failures == ["Alignment index 38.9 is under the minimum of 40."]
    assert [t.name for t in outcome.thresholds] == ["Alignment index", "Largest gap between the sides"]
    assert outcome.summary.startswith("## Alignment check: Acme Corp — failed\n")
    assert outcome.reports == (setup / "reports" / "report.md", setup / "reports" / "report.json")
    assert all(path.exists() for path in outcome.reports)
    assert capsys.readouterr() == ("", "")


def test_a_stage_that_did_not_move_is_named_once(mini):
    from alignment_cli.render.reports import render_markdown
    from alignment_cli.scoring.change import delta

    before = score(
        mini, [make_response("sales", SALES_ANSWERS), make_response("marketing", MARKETING_ANSWERS)]
    )
    after = score(
        mini,
        [
            make_response("sales", SALES_ANSWERS),
            make_response("marketing", MARKETING_ANSWERS | {"goals.agreed": 3}),
        ],
    )
    assert before.stage is not None and after.stage is not None
    assert before.stage.name == after.stage.name == "Defined"
    after.baseline = delta(before, after)
    outcome = evaluate(after, Thresholds(), baseline=after.baseline)
    summary = render_summary(after, outcome, baseline_path=Path("last.json"), reports=[], previous=before)
    assert "- Stage: Defined, unchanged" in summary
    assert "Defined → Defined" not in summary
    report = render_markdown(after)
    assert "stage Defined, unchanged" in report
    # the report's baseline section gives one decimal, as the check summary does
    index = f"{after.baseline.index_before:.1f} → {after.baseline.index_after:.1f}"
    assert f"Index {index} ({after.baseline.index_change:+.1f}" in report
    assert f"{after.baseline.index_change:+.1f}" in summary


def test_an_own_focus_item_answered_dont_know_says_so(mini):
    result = score(
        mini,
        [
            make_response("sales", SALES_ANSWERS | {"horizon.own-quarter": None}),
            make_response("marketing", MARKETING_ANSWERS),
        ],
    )
    views = [
        e.views
        for d in result.dimensions
        for e in d.expected_differences
        if e.question == "horizon.own-quarter"
    ]
    assert views and views[0]["sales"] == "Don't know"
    without = {k: v for k, v in SALES_ANSWERS.items() if k != "horizon.own-quarter"}
    result = score(mini, [make_response("sales", without), make_response("marketing", MARKETING_ANSWERS)])
    views = [
        e.views
        for d in result.dimensions
        for e in d.expected_differences
        if e.question == "horizon.own-quarter"
    ]
    assert views[0]["sales"] == "no answer"


@pytest.mark.parametrize("target", ["alignment.yml", "responses/sales.yaml"])
def test_the_job_summary_is_never_added_to_an_input(setup, target):
    """GITHUB_STEP_SUMMARY naming the config or a response file inside a listed folder: refused
    before any work, the file unchanged and no report written."""
    before = (setup / target).read_bytes()
    proc = alignment("check", "alignment.yml", cwd=setup, env={"GITHUB_STEP_SUMMARY": str(setup / target)})
    assert_clean_error(proc)
    assert "is an input of this run" in proc.stderr
    assert "GITHUB_STEP_SUMMARY" in proc.stderr
    assert (setup / target).read_bytes() == before
    assert not (setup / "reports").exists()


def test_check_judges_commitments_at_today_and_says_so(tmp_path: Path) -> None:
    """Answers from March, a commitment due yesterday and still open: a scheduled check run
    today flags it, though the responses predate the due date; a report keeps the round's date."""
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    root = Path(__file__).resolve().parent.parent
    report = root / "examples" / "northwind" / "reports" / "report.json"
    env = {"PYTHONPATH": str(root), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "alignment_cli"]
    assert (
        subprocess.run(
            [*run, "plan", str(report), "--no-input", "-o", "actions.yaml"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
        ).returncode
        == 0
    )
    text = (tmp_path / "actions.yaml").read_text(encoding="utf-8")
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    first = text.index("status: not-now")
    text = (
        text[:first]
        + f"status: open\n  owner: ceo\n  due: '{yesterday}'"
        + text[first + len("status: not-now") :]
    )
    (tmp_path / "actions.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "alignment.yml").write_text(
        f"responses: [{root / 'examples' / 'northwind'}]\nactions: actions.yaml\n"
        "thresholds: {max_overdue_actions: 0}\n",
        encoding="utf-8",
    )
    check = subprocess.run(
        [*run, "check", "alignment.yml"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 1, check.stderr
    assert "1 commitment is overdue as of " + datetime.now(UTC).date().isoformat() in check.stderr
    shown = subprocess.run(
        [*run, "report", str(root / "examples" / "northwind"), "-f", "md", "--actions", "actions.yaml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert "2026-03-11" in shown.stdout  # the report of March keeps March's date


# --- blank templates, before anyone has answered (README's scheduled run, steps 2-3) --------------

BLANK_SALES = dict.fromkeys(SALES_ANSWERS)
BLANK_MARKETING = dict.fromkeys(MARKETING_ANSWERS)
ONLY_DONT_KNOW = 'no answers (only "don\'t know", as a blank template)'


def test_a_check_of_blank_templates_keeps_no_round_and_says_so(tmp_path: Path) -> None:
    write_answers(tmp_path, marketing=BLANK_MARKETING, sales=BLANK_SALES)
    write_config(tmp_path, extra="history: history/\n")
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Not kept in history/: no side's answers could be scored\n" in proc.stderr
    assert "Kept" not in proc.stderr
    assert not (tmp_path / "history").exists() or not list((tmp_path / "history").iterdir())
    lines = proc.stdout.splitlines()
    blank = 'every response file from Sales and Marketing is blank (nothing answered, or only "don\'t know")'
    assert f"**No alignment index yet**: {blank} · mini 1 · Sales 0, Marketing 0 respondents" in lines
    # "Left out" is said once, by the heading
    assert (
        f"Left out of every score: responses/marketing.yaml — {ONLY_DONT_KNOW}; "
        f"responses/sales.yaml — {ONLY_DONT_KNOW}." in lines
    )
    assert "Left out: " not in proc.stdout and "from Sales was left out" not in proc.stdout
    report = (tmp_path / "reports" / "report.md").read_text(encoding="utf-8")
    assert f"- responses/sales.yaml — {ONLY_DONT_KNOW}" in report.splitlines()


def test_a_round_with_one_side_answered_is_not_kept_either(tmp_path: Path) -> None:
    write_answers(tmp_path, marketing=BLANK_MARKETING)
    write_config(tmp_path, extra="history: history/\n")
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert (
        "Not kept in history/: only the answers from Sales could be scored, and a round compares "
        "both sides\n" in proc.stderr
    )
    assert not (tmp_path / "history").exists() or not list((tmp_path / "history").iterdir())
    assert (
        'every response file from Marketing is blank (nothing answered, or only "don\'t know")' in proc.stdout
    )


def test_a_round_both_sides_answered_is_kept(tmp_path: Path) -> None:
    write_answers(tmp_path)
    write_config(tmp_path, extra="history: history/\n")
    proc = alignment("check", "alignment.yml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (kept,) = (tmp_path / "history").iterdir()
    assert f"Kept history/{kept.name} in the history" in proc.stderr and "Not kept" not in proc.stderr


def test_why_there_is_no_index_is_said_for_every_side_short_of_answers(mini) -> None:
    incomplete = {"goals.agreed": 4}
    result = score(mini, [make_response("sales", incomplete), make_response("marketing", BLANK_MARKETING)])
    assert result.no_index_reason == (
        "every response file from Sales was left out as incomplete; every response file from "
        'Marketing is blank (nothing answered, or only "don\'t know")'
    )
    result = score(mini, [make_response("marketing", BLANK_MARKETING)])
    assert result.no_index_reason == (
        "Sales has not answered; every response file from Marketing is blank (nothing answered, "
        'or only "don\'t know")'
    )


def test_a_threshold_that_is_no_number_is_named_once(setup: Path) -> None:
    write_config(setup, thresholds="{alignment_index: abc}")
    proc = alignment("check", "alignment.yml", cwd=setup)
    assert_clean_error(proc)
    assert proc.stderr == (
        "alignment: alignment.yml:4:14: thresholds.alignment_index: a threshold must be a number "
        "from 0 to 100 (got 'abc')\n"
    )
    assert not (setup / "reports").exists()
