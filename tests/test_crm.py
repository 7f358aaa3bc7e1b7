"""`alignment crm import` and "What the data says": figures computed by hand on small exports,
the presets on realistic headers, bad exports refused with their place named, the summary free
of row-level data, and the data set beside the answers end to end."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

import pytest

from alignment_cli.commands.crm import run_crm_import, summarise_export
from alignment_cli.errors import InputError
from alignment_cli.scoring.funnel import business_hours

ROOT = Path(__file__).resolve().parent.parent
HARBOR = ROOT / "examples" / "harbor"
GENERIC = "lead_id,created_at,mql_at,first_contact_at,accepted_at,rejected_at,sql_at,closed_won_at,outcome\n"


def export(tmp_path: Path, body: str, name: str = "leads.csv", header: str = GENERIC) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def figures(path: Path, **options: object) -> dict[str, object]:
    summary = summarise_export(path, **options)  # type: ignore[arg-type]
    return {m.id: m for m in summary.metrics} | {"_summary": summary}


# --- business hours -----------------------------------------------------------------------------


def test_business_hours_skip_the_night_and_the_weekend() -> None:
    # Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday
    assert business_hours(datetime(2025, 3, 28, 16), datetime(2025, 3, 31, 10)) == 2
    # Saturday to Monday 09:30: half an hour
    assert business_hours(datetime(2025, 3, 29, 12), datetime(2025, 3, 31, 9, 30)) == 0.5
    # two whole weeks
    assert business_hours(datetime(2025, 3, 3, 9), datetime(2025, 3, 17, 9)) == 80
    # evening to next morning: nothing
    assert business_hours(datetime(2025, 3, 4, 18), datetime(2025, 3, 5, 9)) == 0


def test_business_hours_in_a_time_zone_across_a_dst_change(tmp_path: Path) -> None:
    # Berlin moves to summer time on Sunday 2025-03-30. Created Friday 15:00Z = 16:00 CET;
    # contacted Monday 08:00Z = 10:00 CEST: 1 + 1 = 2 business hours (with the winter offset
    # kept, Monday would read 09:00 and give 1).
    path = export(tmp_path, "A,2025-03-28T15:00:00Z,,2025-03-31T08:00:00Z,,,,,\n")
    hours = figures(path, timezone="Europe/Berlin")["hours_to_first_contact"]
    assert hours.value == 2.0  # type: ignore[attr-defined]
    winter = figures(path, timezone="Etc/GMT-1")["hours_to_first_contact"]  # UTC+1 all year
    assert winter.value == 1.0  # type: ignore[attr-defined]  # Fri 16-17, Mon 09:00
    utc = figures(path)["hours_to_first_contact"]
    assert utc.value == 2.0  # type: ignore[attr-defined]  # Fri 15-17, Mon 08:00


# --- figures by hand ----------------------------------------------------------------------------

SMALL = (
    # reaches Sales at mql 10:00, first contact 12:00: 2 h; accepted, reaches SQL
    "L1,2025-01-06 09:00,2025-01-06 10:00,2025-01-06 12:00,2025-01-06 13:00,,2025-01-10 09:00,,"
    "accepted\n"
    # created Fri 16:00, no mql, contact Mon 10:00: 2 h; rejected
    "L2,2025-01-10 16:00,,2025-01-13 10:00,,2025-01-14 09:00,,,rejected\n"
    # mql Mon 09:00, contact Wed 09:00: 16 h; no outcome
    "L3,2025-02-03 09:00,2025-02-03 09:00,2025-02-05 09:00,,,,,\n"
    # mql Mon 09:00, contact next Mon 11:00: 42 h; recycled
    "L4,2025-03-03 09:00,2025-03-03 09:00,2025-03-10 11:00,,,,,recycled\n"
    # contacted 100 business hours later (2.5 weeks): Mon 09:00 + 12 days 4 h
    "L5,2025-03-17 09:00,2025-03-17 09:00,2025-04-02 13:00,,,,,\n"
    # a second row for L1: counted once
    "L1,2025-01-06 09:00,,,,,,,\n"
)


def test_small_export_figures_computed_by_hand(tmp_path: Path) -> None:
    f = figures(export(tmp_path, SMALL))
    summary = f["_summary"]
    assert (summary.leads, summary.rows, summary.duplicates) == (5, 6, 1)  # type: ignore[attr-defined]
    hours = f["hours_to_first_contact"]
    # 2, 2, 16, 42, 100: median 16; nearest-rank 90th percentile: ceil(4.5) = 5th = 100
    assert (hours.value, hours.p90, hours.n) == (16.0, 100.0, 5)  # type: ignore[attr-defined]
    assert f["contacted_within_24h"].value == 60.0  # type: ignore[attr-defined]  # 3 of 5
    assert f["contacted_within_72h"].value == 80.0  # type: ignore[attr-defined]  # 4 of 5
    # accepted L1; rejected L2 and L4 (recycled goes back): decided 3 of 5 leads = 60 %
    acceptance = f["acceptance_rate"]
    assert acceptance.value is None and acceptance.n == 3  # type: ignore[attr-defined]
    assert f["no_outcome_share"].value == 40.0  # type: ignore[attr-defined]  # L3, L5
    assert f["mql_to_sql"].value == 25.0  # type: ignore[attr-defined]  # L1 of L1, L3, L4, L5
    assert f["recycled_share"].value is None  # type: ignore[attr-defined]  # 3 of 5 have one
    assert summary.period_from == "2025-01-06" and summary.period_to == "2025-03-17"  # type: ignore[attr-defined]
    assert hours.period == "January to March 2025"  # type: ignore[attr-defined]


def test_coverage_at_exactly_80_percent_is_measurable_and_under_it_is_not(tmp_path: Path) -> None:
    rows = "".join(f"L{i},2025-01-06 09:00,,2025-01-06 1{i}:00,,,,,\n" for i in range(4))
    four_of_five = figures(export(tmp_path, rows + "L9,2025-01-06 09:00,,,,,,,\n"))
    assert four_of_five["hours_to_first_contact"].value == 2.5  # type: ignore[attr-defined]
    assert four_of_five["hours_to_first_contact"].coverage == 0.8  # type: ignore[attr-defined]
    three_of_four = figures(
        export(tmp_path, rows[: rows.index("L3")] + "L9,2025-01-06 09:00,,,,,,,\n", name="b.csv")
    )
    metric = three_of_four["hours_to_first_contact"]
    assert metric.value is None and metric.p90 is None  # type: ignore[attr-defined]
    assert "not measurable" in metric.figure and "75%" in metric.figure  # type: ignore[attr-defined]


def test_missing_and_impossible_dates_are_counted_not_used(tmp_path: Path) -> None:
    body = (
        "A,2025-01-06 09:00,,2025-01-06 08:00,,,,,\n"  # contact before creation
        "B,,,2025-01-06 10:00,,,,,\n"  # no creation date
        "C,2025-01-06 09:00,,2025-01-06 11:00,,,,,\n"
    )
    summary = summarise_export(export(tmp_path, body))
    assert summary.data_quality == {
        "first_contact_at before created_at (not used)": 1,
        "no creation date (created_at)": 1,
    }
    hours = summary.metric("hours_to_first_contact")
    assert hours is not None and hours.n == 1 and hours.value is None  # 1 of 3 leads


# --- formats ------------------------------------------------------------------------------------


def test_cp1252_semicolons_day_first_and_excel_serial_dates(tmp_path: Path) -> None:
    header = GENERIC.replace(",", ";")
    body = (
        "Ä1;13/01/2025 09:00;;14/01/2025 09:00;;;;;\n"
        "Ä2;45667,375;;45667,5;;;;;\n"
    )  # 2025-01-10 09:00 and 12:00 (a Friday)
    path = tmp_path / "leads.csv"
    path.write_bytes((header + body).encode("cp1252"))
    hours = summarise_export(path).metric("hours_to_first_contact")
    assert hours is not None and hours.n == 2 and hours.value == 5.5  # 8 and 3


def test_month_first_dates_and_am_pm(tmp_path: Path) -> None:
    path = export(tmp_path, "A,1/13/2025 9:00 AM,,1/13/2025 2:30 PM,,,,,\n")
    assert summarise_export(path).metric("hours_to_first_contact").value == 5.5  # type: ignore[union-attr]


def test_xlsx_export_with_real_dates(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(GENERIC.strip().split(","))
    sheet.append(["A", datetime(2025, 1, 6, 9), None, datetime(2025, 1, 6, 13)])
    path = tmp_path / "leads.xlsx"
    book.save(path)
    assert summarise_export(path).metric("hours_to_first_contact").value == 4  # type: ignore[union-attr]


# --- presets and maps ---------------------------------------------------------------------------


def test_salesforce_lead_report_is_recognised_from_its_header(tmp_path: Path) -> None:
    header = (
        '"Lead Owner","First Name","Last Name","Title","Company / Account","Email",'
        '"Lead Source","Lead Status","Lead ID","Create Date","MQL Date","First Response",'
        '"Converted Date"\n'
    )
    body = (
        '"Dana Rep","Ada","Lovelace","CTO","Acme","ada@example.com","Web",'
        '"Working - Contacted","00Q5e00000AbCdE","1/6/2025 9:00 AM","1/6/2025 10:00 AM",'
        '"1/6/2025 1:00 PM",""\n'
    )
    path = export(tmp_path, body, header=header)
    summary = summarise_export(path)
    assert summary.source == "salesforce"
    assert summary.metric("hours_to_first_contact").value == 3  # type: ignore[union-attr]
    assert summary.metric("no_outcome_share").value == 0  # type: ignore[union-attr]
    assert summary.metric("acceptance_rate").value == 100  # type: ignore[union-attr]


def test_hubspot_contacts_export_is_recognised_from_its_header(tmp_path: Path) -> None:
    header = (
        "Record ID,First Name,Last Name,Email,Contact owner,Lifecycle Stage,Lead Status,"
        "Create Date,Became a Marketing Qualified Lead Date,"
        "Became a Sales Qualified Lead Date,First outreach date\n"
    )
    body = (
        "1001,Ada,Lovelace,ada@example.com,Dana Rep,Sales Qualified Lead,Connected,"
        "2025-01-06 09:00,2025-01-06 09:30,2025-01-08 10:00,2025-01-06 11:30\n"
        "1002,Alan,Turing,alan@example.com,Dana Rep,Lead,Unqualified,"
        "2025-01-07 09:00,2025-01-07 09:00,,2025-01-08 09:00\n"
    )
    summary = summarise_export(export(tmp_path, body, header=header))
    assert summary.source == "hubspot"
    assert summary.metric("hours_to_first_contact").value == 5  # type: ignore[union-attr]  # 2, 8
    assert summary.metric("mql_to_sql").value == 50  # type: ignore[union-attr]
    assert summary.metric("acceptance_rate").value == 50  # type: ignore[union-attr]


def test_a_map_file_names_the_columns_of_another_export(tmp_path: Path) -> None:
    header = "Ref,Opened,Called,Result\n"
    path = export(tmp_path, "X1,2025-01-06 09:00,2025-01-06 09:45,Gewonnen\n", header=header)
    column_map = tmp_path / "map.yaml"
    column_map.write_text(
        "columns:\n  lead_id: Ref\n  created_at: Opened\n"
        "  first_contact_at: Called\n  outcome: Result\n"
        "statuses:\n  won: [Gewonnen]\n",
        encoding="utf-8",
    )
    summary = summarise_export(path, column_map=column_map)
    assert summary.source == "map"
    assert summary.metric("hours_to_first_contact").value == 0.8  # type: ignore[union-attr]
    assert summary.metric("acceptance_rate").value == 100  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns:\n  created: Opened\n", "'created' is not a field"),
        ("columns:\n  lead_id: Ref\n", "created_at must be mapped"),
        ("columns:\n  created_at: Nope\n", "no such column"),
        ("columns: [a]\n", "columns: must map"),
        ("columns:\n  created_at: Opened\nstatuses:\n  great: [x]\n", "'great' is not a category"),
    ],
)
def test_a_bad_map_file_is_named_with_its_key(tmp_path: Path, text: str, message: str) -> None:
    path = export(tmp_path, "X1,2025-01-06 09:00\n", header="Ref,Opened\n")
    column_map = tmp_path / "map.yaml"
    column_map.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        summarise_export(path, column_map=column_map)
    assert "map.yaml" in str(caught.value)


# --- bad exports --------------------------------------------------------------------------------


def test_an_unreadable_date_names_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    path = export(tmp_path, "A,2025-01-06 09:00,,,,,,,\nB,2025-01-06 09:00,,soon,,,,,\n")
    out = tmp_path / "crm.json"
    with pytest.raises(InputError) as caught:
        run_crm_import(path, out)
    assert "row 3, column D (first_contact_at)" in str(caught.value)
    assert "'soon'" in str(caught.value) and "leads.csv" in str(caught.value)
    assert not out.exists()


def test_an_unknown_header_asks_for_a_source_or_a_map(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--source salesforce"):
        summarise_export(export(tmp_path, "1,2\n", header="a,b\n"))


def test_only_regular_files_and_never_over_the_input(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        summarise_export(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        summarise_export(fifo)
    path = export(tmp_path, "A,2025-01-06 09:00,,,,,,,\n")
    from alignment_cli.errors import OutputError

    with pytest.raises((OutputError, InputError)):
        run_crm_import(path, path)
    assert path.read_text(encoding="utf-8").startswith("lead_id")


def test_an_existing_summary_is_kept_unless_force(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """crm.json, the name written when -o is absent, is refused like any output that exists,
    in the words `questionnaire template` and `export` use; --force replaces it, the export never."""
    monkeypatch.chdir(tmp_path)
    export(tmp_path, "A,2025-01-06 09:00,,,,,,,\n")
    (tmp_path / "crm.json").write_text("last quarter's summary\n", encoding="utf-8")
    refused = cli("crm", "import", "leads.csv")
    assert refused.code == 2
    assert refused.err == "alignment: crm.json: already exists; pass --force to overwrite it\n"
    assert (tmp_path / "crm.json").read_text(encoding="utf-8") == "last quarter's summary\n"

    replaced = cli("crm", "import", "leads.csv", "--force")
    assert replaced.code == 0 and replaced.err.startswith("Wrote crm.json: 1 leads")
    assert json.loads((tmp_path / "crm.json").read_text(encoding="utf-8"))["leads"] == 1

    for output in ("leads.csv", "crm.json"):
        (tmp_path / "crm.json").unlink(missing_ok=True)
        if output == "crm.json":
            (tmp_path / "crm.json").symlink_to("leads.csv")
        over_input = cli("crm", "import", "leads.csv", "-o", output, "--force")
        assert over_input.code == 2 and "is an input of this run (leads.csv)" in over_input.err
        assert (tmp_path / "leads.csv").read_text(encoding="utf-8").startswith("lead_id")


def test_row_and_size_caps_are_clear(tmp_path: Path) -> None:
    from alignment_cli.io import crm_export

    path = export(tmp_path, "A,2025-01-06 09:00,,,,,,,\n" * 3)
    sheet = crm_export.read_export(path, max_rows=2)
    with pytest.raises(InputError, match="more than 2 leads"):
        list(sheet.rows)
    with pytest.raises(InputError, match="at most 0 MB"):
        crm_export.read_export(path, max_bytes=10)


# --- the summary file ---------------------------------------------------------------------------


def test_the_summary_holds_no_row_level_data(tmp_path: Path) -> None:
    out = tmp_path / "crm.json"
    path = export(tmp_path, SMALL)
    run_crm_import(path, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps({k: v for k, v in document.items() if k != "business_hours"})
    assert document["kind"] == "alignment-crm-summary"
    for lead in ("L1", "L2", "L3", "L4", "L5"):
        assert not re.search(rf"\b{lead}\b", text)
    # no timestamp of any lead: only the period's first and last creation dates, as dates
    assert not re.search(r"\d{2}:\d{2}", text)
    dates = set(re.findall(r"\d{4}-\d{2}-\d{2}", text))
    assert dates <= {"2025-01-06", "2025-01-10", "2025-02-03", "2025-03-03", "2025-03-17"}
    assert not any(isinstance(v, list) and len(v) > 10 for v in _values(document))

    harbor = json.dumps(
        {
            k: v
            for k, v in json.loads((HARBOR / "crm.json").read_text(encoding="utf-8")).items()
            if k != "business_hours"
        }
    )
    assert "HA-" not in harbor and "@" not in harbor and not re.search(r"\d{2}:\d{2}", harbor)


def _values(node: object) -> list[object]:
    if isinstance(node, dict):
        return [v for value in node.values() for v in [value, *_values(value)]]
    if isinstance(node, list):
        return [v for value in node for v in [value, *_values(value)]]
    return []


# --- data beside the answers --------------------------------------------------------------------


def test_end_to_end_the_data_contradicts_one_side_and_settles_a_disputed_fact(tmp_path: Path) -> None:
    from alignment_cli.cli import main

    summary = tmp_path / "crm.json"
    with pytest.raises(SystemExit) as done:
        main(["crm", "import", str(HARBOR / "crm.csv"), "-o", str(summary)])
    assert done.value.code in (0, None)
    report = tmp_path / "report.json"
    with pytest.raises(SystemExit) as done:
        main(["report", str(HARBOR), "--crm", str(summary), "-o", str(report)])
    assert done.value.code in (0, None)
    result = json.loads(report.read_text(encoding="utf-8"))
    kinds = [(f["kind"], f.get("side")) for f in result["findings"]]
    assert ("data-settles", "sales") in kinds  # 4 h against 40: the data (35.7) backs Marketing
    settles = next(f for f in result["findings"] if f["kind"] == "data-settles")
    assert "in favour of Marketing" in settles["title"] and "n = 217" in settles["detail"]
    contradicts = [f for f in result["findings"] if f["kind"] == "data-contradicts" and f["side"] == "sales"]
    assert contradicts and "80 %" in contradicts[0]["title"] and "67.3 %" in contradicts[0]["title"]
    assert not any(
        f["kind"] == "data-contradicts" and f.get("side") == "marketing" for f in result["findings"]
    )
    acute = [f for f in result["findings"] if f["acute"]]
    assert acute and "agreed follow-up is not kept" in acute[0]["title"]
    assert result["priorities"][0]["dimension"] == "lead-handoff"
    assert "findings the CRM data backs" in " ".join(result["priorities"][0]["evidence"]["reasons"])
    rows = {row["metric"]: row for row in result["crm"]["rows"]}
    assert rows["hours_to_first_contact"]["verdict"] == "settles the dispute: supports Marketing"
    assert rows["acceptance_rate"]["verdict"] == "no figure to compare"

    markdown = (HARBOR / "reports" / "report.md").read_text(encoding="utf-8")
    assert "## What the data says" in markdown and "CRM figures" in markdown
    html = (HARBOR / "reports" / "report.html").read_text(encoding="utf-8")
    assert "What the data says" in html


def test_answers_within_tolerance_are_not_contradicted() -> None:
    from alignment_cli.scoring.crm import hours_agree, share_agree

    assert hours_agree(40, 35.7) and hours_agree(30, 38) and not hours_agree(4, 35.7)
    assert hours_agree(100, 150) and not hours_agree(100, 151)  # half the smaller
    assert share_agree(70, 80) and not share_agree(80, 67.3)


def test_check_thresholds_on_the_data(tmp_path: Path) -> None:
    from alignment_cli.commands.check import run_check

    folder = tmp_path / "run"
    folder.mkdir()
    for name in ("sales-head.yaml", "marketing-head.yaml", "crm.json"):
        (folder / name).write_bytes((HARBOR / name).read_bytes())
    config = folder / "alignment.yml"
    config.write_text(
        "responses: [.]\ncrm: crm.json\nthresholds:\n"
        "  max_hours_to_first_contact: 24\n  min_contacted_within_72h: 60\n"
        "  min_acceptance_rate: 90\n",
        encoding="utf-8",
    )
    outcome = run_check(config, baseline=None, fail_under=None)
    by_name = {c.name: c for c in outcome.thresholds}
    assert by_name["CRM: Time to first contact (median)"].status == "fail"
    assert by_name["CRM: Contacted within 72 business hours"].status == "pass"
    assert by_name["CRM: Acceptance rate"].now == "not measurable"
    assert not outcome.passed and "CRM: Time to first contact" in outcome.summary

    config.write_text("responses: [.]\nthresholds:\n  min_acceptance_rate: 90\n", encoding="utf-8")
    from alignment_cli.errors import ConfigError

    with pytest.raises(ConfigError, match="no crm: summary"):
        run_check(config, baseline=None, fail_under=None)


# --- questionnaire 2.1: time to first contact and recorded outcomes as ordered bands ------------

MERIDIAN = ROOT / "examples" / "meridian"


def _v21_pair(
    tmp_path: Path, sales: dict[str, str], marketing: dict[str, str], figures: dict[str, float]
) -> dict[str, object]:
    """A head of each side on 2.1 with the given answers, and Harbor's summary with the given
    figures: the report's JSON."""
    from alignment_cli.cli import main

    folder = tmp_path / "run"
    folder.mkdir()
    for name, changes in (("sales-carlos-mendes.yaml", sales), ("marketing-aisha-okafor.yaml", marketing)):
        text = (MERIDIAN / name).read_text(encoding="utf-8")
        for item, value in changes.items():
            text, count = re.subn(rf"(?m)^(  {re.escape(item)}: ).*$", rf"\g<1>{value}", text)
            assert count == 1, item
        (folder / name).write_text(text, encoding="utf-8")
    summary = json.loads((HARBOR / "crm.json").read_text(encoding="utf-8"))
    for metric in summary["metrics"]:
        if metric["id"] in figures:
            metric["value"] = figures[metric["id"]]
    (tmp_path / "crm.json").write_text(json.dumps(summary), encoding="utf-8")
    report = tmp_path / "report.json"
    with pytest.raises(SystemExit) as done:
        main(["report", str(folder), "--crm", str(tmp_path / "crm.json"), "-o", str(report)])
    assert done.value.code in (0, None)
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _data_findings(result: dict[str, object]) -> list[tuple[str, str | None, str | None]]:
    findings = result["findings"]
    assert isinstance(findings, list)
    return sorted(
        (f["kind"], f.get("side"), f.get("question"))
        for f in findings
        if f["kind"] in ("data-contradicts", "data-settles")
    )


def _verdicts(result: dict[str, object]) -> dict[str, str]:
    crm = result["crm"]
    assert isinstance(crm, dict)
    return {row["metric"]: row["verdict"] for row in crm["rows"]}


def test_bands_by_hand() -> None:
    from alignment_cli.scoring.crm import FIRST_CONTACT_BANDS, OUTCOME_BANDS

    # within-hour 0, within-24 1, within-72 2, over-72 3: each edge belongs to the band it closes
    assert [FIRST_CONTACT_BANDS.position(h) for h in (0.5, 1, 1.1, 24, 35.7, 72, 72.1, 300)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    # recorded = 100 - no outcome: nearly-all >= 90, most >= 60, about-half >= 35, few
    assert [OUTCOME_BANDS.position(n) for n in (0, 10, 10.1, 40, 40.1, 65, 65.1, 100)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]


def test_v21_map_names_only_items_21_has() -> None:
    from alignment_cli.model.questionnaire import builtin_path, load_questionnaire
    from alignment_cli.scoring.crm import item_map

    for qid, version in (("sales-marketing-alignment", "2.1"), ("sales-marketing-quick", "1.1")):
        path = builtin_path(qid, version)
        assert path is not None
        q = load_questionnaire(path)
        mapping = item_map(qid, version)
        assert mapping.metrics["hours_to_first_contact"] == ("lead-handoff.first-contact-band", "band")
        for item, _ in mapping.metrics.values():
            assert item in q.questions, item
        assert mapping.speed_agreement is None or mapping.speed_agreement in q.questions


def test_v21_band_two_steps_off_is_contradicted_one_step_is_not(tmp_path: Path) -> None:
    # the median 35.7 business hours is "within 72" (2); Sales "within an hour" (0) is two bands
    # off, Marketing "within 24" (1) one: only Sales is contradicted, and the sides, one band
    # apart, do not dispute it. Recorded outcomes 100 - 23.8 = 76.2 % is "most" (1): Sales'
    # "few" (3) is contradicted, Marketing's "about half" (2) is not.
    result = _v21_pair(
        tmp_path,
        {"lead-handoff.first-contact-band": "within-hour", "common-process.lead-outcomes-recorded": "few"},
        {
            "lead-handoff.first-contact-band": "within-24",
            "common-process.lead-outcomes-recorded": "about-half",
        },
        {"hours_to_first_contact": 35.7, "no_outcome_share": 23.8},
    )
    assert _data_findings(result) == [
        ("data-contradicts", "sales", "common-process.lead-outcomes-recorded"),
        ("data-contradicts", "sales", "lead-handoff.first-contact-band"),
    ]
    verdicts = _verdicts(result)
    assert verdicts["hours_to_first_contact"] == "contradicts Sales"
    assert verdicts["no_outcome_share"] == "contradicts Sales"
    assert verdicts["contacted_within_72h"] == "shown beside the answers"
    findings = result["findings"]
    assert isinstance(findings, list)
    title = next(f["title"] for f in findings if f.get("question") == "lead-handoff.first-contact-band")
    assert "Within an hour" in title and "35.7" in title and "Within 72 business hours" in title


def test_v21_adjacent_bands_on_both_sides_match(tmp_path: Path) -> None:
    # median 20 h is "within 24" (1): Sales "within an hour" (0) and Marketing "within 72" (2)
    # are each one band off; the sides, two apart, dispute the fact, but the data backs neither
    # against the other, so there is no data finding
    result = _v21_pair(
        tmp_path,
        {"lead-handoff.first-contact-band": "within-hour"},
        {"lead-handoff.first-contact-band": "within-72"},
        {"hours_to_first_contact": 20.0, "no_outcome_share": 5.0},
    )
    verdicts = _verdicts(result)
    assert verdicts["hours_to_first_contact"] == "matches Sales and Marketing (within one band)"
    # 95 % recorded is "nearly all" (0): Sales' "about half" (2) is two bands off
    assert _data_findings(result) == [("data-contradicts", "sales", "common-process.lead-outcomes-recorded")]


def test_v21_data_settles_a_contested_band(tmp_path: Path) -> None:
    # Sales "within 24" (1) against Marketing "later than 72" (3): a contested fact. The median
    # 80 h is "later than 72" (3): Marketing's band exactly, Sales two off, so the data settles
    # it in Marketing's favour
    result = _v21_pair(
        tmp_path,
        {"lead-handoff.first-contact-band": "within-24", "common-process.lead-outcomes-recorded": "most"},
        {"lead-handoff.first-contact-band": "over-72", "common-process.lead-outcomes-recorded": "most"},
        {"hours_to_first_contact": 80.0, "no_outcome_share": 23.8},
    )
    assert _data_findings(result) == [("data-settles", "sales", "lead-handoff.first-contact-band")]
    verdicts = _verdicts(result)
    assert verdicts["hours_to_first_contact"] == "settles the dispute: supports Marketing"
    assert verdicts["no_outcome_share"] == "matches Sales and Marketing"
    crm = result["crm"]
    assert isinstance(crm, dict) and any("later than 72" in b for b in crm["bands"])

    # the same in Markdown, as `alignment report <2.1 responses> --crm crm.json` prints it
    from alignment_cli.cli import main

    markdown = tmp_path / "report.md"
    with pytest.raises(SystemExit) as done:
        main(["report", str(tmp_path / "run"), "--crm", str(tmp_path / "crm.json"), "-o", str(markdown)])
    assert done.value.code in (0, None)
    text = markdown.read_text(encoding="utf-8")
    assert "## What the data says" in text
    assert "| Time to first contact | 80 business hours" in text
    assert "settles the dispute: supports Marketing" in text
    assert "a neighbouring band is not" in text
