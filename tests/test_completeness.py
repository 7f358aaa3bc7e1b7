"""Completeness and one organization per report, as a person meets them on the command line: an
unfinished file is left out and named, two organizations are an error, and `check` fails when the
data cannot carry an index."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response


def folder_with(tmp_path: Path, *, sales: dict[str, object], organization: str = "Acme") -> Path:
    folder = tmp_path / "responses"
    write_response(
        folder, "sales.yaml", make_response("sales", sales, name="Jana", organization=organization)
    )
    write_response(folder, "marketing.yaml", make_response("marketing", MARKETING_ANSWERS, name="Mo"))
    return folder


def test_an_unfinished_file_is_left_out_and_named_in_every_format(tmp_path: Path, cli) -> None:
    five = dict(list(SALES_ANSWERS.items())[:5])  # 5 of the 8 items asked of Sales: 62.5 %
    folder = folder_with(tmp_path, sales=five)
    out = tmp_path / "reports"
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "-f", "html", "-f", "json", "-o", out)
    assert result.code == 0, result.err
    doc = json.loads((out / "report.json").read_text())
    assert doc["alignment_index"] is None and doc["stage"] is None
    (left_out,) = doc["excluded"]
    assert left_out["file"].endswith("sales.yaml") and left_out["completeness"] == 0.625
    assert "under the minimum of 80%" in left_out["reason"]
    md = (out / "report.md").read_text()
    top = md[: md.index("## Top priorities")]
    assert "sales.yaml" in top and "No alignment index yet" in top
    assert "Sales answered" not in top
    assert "sales.yaml" in (out / "report.html").read_text()
    terminal = cli("report", folder, "--questionnaire", MINI)
    flat = " ".join(terminal.out.replace("│", " ").split())
    assert "Left out:" in flat and "(incomplete: 5 of 8 answered" in flat

    kept = cli("report", folder, "--questionnaire", MINI, "-f", "json", "--min-completeness", "60")
    assert json.loads(kept.out)["alignment_index"] is not None
    included = cli("report", folder, "--questionnaire", MINI, "-f", "json", "--include-incomplete")
    assert json.loads(included.out)["excluded"] == []


def test_two_organizations_exit_2_unless_named(tmp_path: Path, cli) -> None:
    folder = folder_with(tmp_path, sales=SALES_ANSWERS, organization="Initech")
    result = cli("report", folder, "--questionnaire", MINI)
    assert result.code == 2
    assert "Initech: " in result.err and "Acme: " in result.err and "sales.yaml" in result.err
    merged = cli("report", folder, "--questionnaire", MINI, "--organization", "Both", "-f", "md")
    assert merged.code == 0, merged.err
    assert "Reported as one organization on purpose: Acme, Initech." in merged.out


def test_check_fails_on_too_little_data(tmp_path: Path, cli) -> None:
    folder_with(tmp_path, sales={"goals.agreed": 4})
    config = tmp_path / "alignment.yml"
    config.write_text(f"questionnaire: {MINI}\nresponses: [responses/]\n", encoding="utf-8")
    result = cli("check", config)
    assert result.code == 1
    assert "There is not enough data to judge" in result.out
    assert (
        "no one from Sales answered at least 80%" in result.out
        or "every response file from Sales was left out" in result.out
    )


def test_max_actions_shortens_the_plan(tmp_path: Path, cli) -> None:
    folder = folder_with(tmp_path, sales=SALES_ANSWERS)
    doc = json.loads(cli("report", folder, "--questionnaire", MINI, "-f", "json", "--max-actions", "1").out)
    assert [r["in_plan"] for r in doc["recommendations"]] == [True, False]
    md = cli("report", folder, "--questionnaire", MINI, "-f", "md", "--max-actions", "1").out
    assert "## More ideas" in md and "Agree one set of objectives" in md.split("## More ideas")[1]


def test_config_min_completeness_lets_a_shorter_file_count(tmp_path: Path, cli) -> None:
    folder_with(tmp_path, sales=dict(list(SALES_ANSWERS.items())[:5]))  # 62.5 % answered
    config = tmp_path / "alignment.yml"
    config.write_text(f"questionnaire: {MINI}\nresponses: [responses/]\n", encoding="utf-8")
    assert cli("check", config).code == 1
    config.write_text(
        f"questionnaire: {MINI}\nresponses: [responses/]\nmin_completeness: 60\n", encoding="utf-8"
    )
    result = cli("check", config)
    assert result.code == 0, result.out + result.err
    assert "Left out" not in result.out
