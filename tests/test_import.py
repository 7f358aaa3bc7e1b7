"""`alignment import`: survey platforms' exports as they really come, into response files."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.commands.importing import cell_answer, plan_import
from alignment_cli.errors import InputError
from alignment_cli.io.imports import column_name, parse_table, read_table, sniff_delimiter
from alignment_cli.model.response import load_response

MINI = "tests/fixtures/mini.yaml"

# A Google-Forms-like export: a timestamp and an email column the platform adds, headers that are
# the questions' text, a comment with commas and quotes, labels instead of numbers.
GOOGLE = (
    "Timestamp,Email address,Which side are you on?,Your name,Your team,Do you lead your side?,"
    "We share one set of objectives.,Our targets pull us apart.,How are the two teams led?,"
    "We have a written lead definition.,Share followed up.,Leads are worth it.,"
    "Sales follows our leads up.,My team plans one quarter ahead.,We reconcile our horizons.,"
    "comment:goals\r\n"
    "2026/11/25 10:02:11 AM GMT,jana@acme.example,Sales,Jana Carpenter,EMEA,Yes,4,2,"
    'Separate peers,Yes,40,2,,5,3,"Targets changed twice, ""again"", this year"\r\n'
    '2026/11/25 10:05:40 AM GMT,mo@acme.example,Marketing,"Reyes, Mo",Brand,No,'
    "2,4 - Agree,One leader,No,80 %,,1,Strongly disagree,Don't know,\r\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def test_a_google_forms_export(mini, tmp_path, cli):
    sheet = write(tmp_path, GOOGLE)
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out, "--organization", "Acme Corp")
    assert result.code == 0, result.err
    assert "Not matched to a question, ignored: column B (Email address)" in result.err
    assert f"Wrote 2 response file(s) to {out} (sales 1, marketing 1)." in result.err
    assert f"Next: alignment report {out} --questionnaire {MINI}" in result.err
    jana = load_response(out / "sales-jana-carpenter.yaml", mini)
    assert jana.respondent.model_dump() == {
        "role": "sales",
        "name": "Jana Carpenter",
        "team": "EMEA",
        "head": True,
    }
    assert jana.organization == "Acme Corp" and jana.complete
    assert jana.completed_at is not None
    assert jana.completed_at.isoformat() == "2026-11-25T10:02:11+00:00"  # the form's timestamp
    assert jana.answers == {
        "goals.agreed": 4,
        "goals.conflict": 2,
        "goals.structure": "separate-peers",
        "leads.definition": "yes",
        "leads.follow-up": 40,
        "leads.worth-it": 2,
        "horizon.own-quarter": 5,
        "horizon.reconciled": 3,
    }
    assert jana.comments == {"goals": 'Targets changed twice, "again", this year'}
    mo = load_response(out / "marketing-reyes-mo.yaml", mini)
    assert mo.respondent.name == "Reyes, Mo" and mo.respondent.head is False
    assert mo.answers == {
        "goals.agreed": 2,
        "goals.conflict": 4,
        "goals.structure": "one-leader",
        "leads.definition": "no",
        "leads.follow-up": 80,
        "leads.followed": 1,
        "horizon.own-quarter": 1,
        "horizon.reconciled": None,
    }
    assert "email" not in (out / "sales-jana-carpenter.yaml").read_text(encoding="utf-8")
    report = cli("report", out, "--questionnaire", MINI, "-f", "md")
    assert report.code == 0, report.err


def test_excel_semicolon_csv_with_a_bom_and_decimal_commas(mini, tmp_path, cli):
    text = (
        "\ufeffside;name;goals.agreed;goals.conflict;goals.structure;leads.definition;"
        "leads.follow-up;leads.worth-it;leads.followed;horizon.own-quarter;"
        "horizon.reconciled\r\n"
        "sales;Ana;5;1;one-leader;yes;35,5;4;;3;3\r\n"
        "marketing;Ben;1;5;marketing-under-sales;no;12;;2;2;2\r\n"
    )
    sheet = write(tmp_path, text)
    assert sniff_delimiter(sheet.read_text(encoding="utf-8-sig")) == ";"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", tmp_path / "r")
    assert result.code == 0, result.err
    assert "Not matched" not in result.err
    ana = load_response(tmp_path / "r" / "sales-ana.yaml", mini)
    assert ana.answers["leads.follow-up"] == 35.5 and ana.answers["goals.agreed"] == 5
    assert next(iter(ana.answers)) == "goals.agreed"  # questionnaire order, as survey writes


def test_excel_plain_csv_in_windows_1252(mini, tmp_path):
    text = "side;name;goals.agreed\r\nsales;José Müller;4\r\n".encode("cp1252")
    table = read_table(write(tmp_path, text))
    assert table.rows == [(2, ["sales", "José Müller", "4"])]


def test_quoted_cells_with_delimiters_and_line_breaks():
    text = 'side,name,comment:goals\r\nsales,"Lee, Sam","one, two;\nthree"\r\n'
    table = parse_table(text, path="x.csv")
    assert table.header == ["side", "name", "comment:goals"]
    assert table.rows == [(2, ["sales", "Lee, Sam", "one, two;\nthree"])]
    assert sniff_delimiter('"a;b",c,d\n') == ","  # semicolons inside quotes do not count


def test_tab_separated_and_blank_rows():
    table = parse_table("side\tname\n\nsales\tAna\n\t\n", path=None)
    assert table.rows == [(3, ["sales", "Ana"])]


def test_invalid_cells_are_reported_by_row_and_column_and_nothing_is_written(mini, tmp_path, cli):
    text = (
        "side,name,goals.agreed,leads.follow-up,goals.structure,leads.followed\n"
        "sales,Ana,6,40,one-leader,\n"
        "finance,Ben,3,40,one-leader,\n"
        "marketing,Cy,3,140,a committee,4\n"
        "sales,Di,3,50,one-leader,4\n"
        "marketing,Ed,2,50,one-leader,3\n"
    )
    sheet = write(tmp_path, text)
    out = tmp_path / "r"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    assert result.code == 2
    assert "5 invalid cell(s); nothing was written" in result.err
    for line in (
        "row 2, column C (goals.agreed): expected a whole number from 1 to 5 (got '6')",
        "row 3, column A (side): expected the side: Sales or Marketing (got 'finance')",
        "row 4, column D (leads.follow-up): expected a number from 0 to 100 % (got '140')",
        "row 4, column E (goals.structure): expected one of: One leader; Separate peers; "
        "Marketing reports to Sales (got 'a committee')",
        "row 5, column F (leads.followed): this question is not asked of Sales; leave it empty for them",
    ):
        assert line in result.err, result.err
    assert "Traceback" not in result.err
    assert not out.exists()

    skipped = cli("import", sheet, "--questionnaire", MINI, "--out", out, "--skip-invalid")
    assert skipped.code == 0, skipped.err
    assert "Skipped 4 invalid row(s)" in skipped.err
    assert sorted(p.name for p in out.iterdir()) == ["marketing-ed.yaml"]


def test_an_existing_file_is_never_overwritten(tmp_path, cli):
    sheet = write(tmp_path, "side,name,goals.agreed\nsales,Ana,4\nsales,Bo,3\n")
    out = tmp_path / "r"
    assert cli("import", sheet, "--questionnaire", MINI, "--out", out).code == 0
    before = (out / "sales-ana.yaml").read_bytes()
    again = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    assert again.code == 2
    assert "2 file(s) already exist and are never overwritten; nothing was written" in again.err
    assert (out / "sales-ana.yaml").read_bytes() == before


def test_the_same_name_twice_and_anonymous_rows_get_their_own_files(mini, tmp_path):
    table = parse_table(
        "side,name,team,goals.agreed\nsales,Ana,EMEA,4\nsales,Ana,APAC,3\nmarketing,,,2\n", path=None
    )
    plan = plan_import(table, mini, tmp_path, path=None)
    assert [p.name for p, _ in plan.files] == ["sales-ana.yaml", "sales-ana-2.yaml", "marketing-row4.yaml"]


def test_one_form_per_side_with_side_option(mini, tmp_path, cli):
    sheet = write(tmp_path, "name,goals.agreed\nAna,4\n")
    assert cli("import", sheet, "--questionnaire", MINI, "--out", tmp_path / "a").code == 2
    result = cli("import", sheet, "--questionnaire", MINI, "--out", tmp_path / "b", "--side", "marketing")
    assert result.code == 0, result.err
    assert load_response(tmp_path / "b" / "marketing-ana.yaml", mini).respondent.role == "marketing"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is empty"),
        ("side,name\nsales,Ana\n", "no column matches a question of mini"),
        ("name,goals.agreed\nAna,4\n", "no side column"),
        (
            "side,goals.agreed,We share one set of objectives.\nsales,4,4\n",
            "column C (We share one set of objectives.) and column B (goals.agreed) are both goals.agreed",
        ),
        ("side,goals.agreed\nsales,4,5,6\n", "row 2 has 4 cells but the header has 2"),
        ('side,goals.agreed\nsales,"4\n', "is not valid CSV"),
    ],
)
def test_sheets_that_cannot_be_read_say_why(mini, tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        plan_import(read_table(path), mini, tmp_path / "r", path=path)
    assert message in str(caught.value)


def test_binary_and_utf16_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="UTF-16"):
        read_table(write(tmp_path, "side\n".encode("utf-16")))
    with pytest.raises(InputError, match="not a CSV text file"):
        read_table(write(tmp_path, b"PK\x03\x04\x00\x00", name="answers.csv"))


@pytest.mark.parametrize(
    ("question", "cell", "expected"),
    [
        ("goals.agreed", "4", 4),
        ("goals.agreed", "Strongly agree", 5),
        ("goals.agreed", "strongly  AGREE", 5),
        ("goals.agreed", "1 - Strongly disagree", 1),
        ("goals.agreed", "Don\u2019t know", None),
        ("goals.agreed", "?", None),
        ("goals.structure", "Separate peers", "separate-peers"),
        ("goals.structure", "separate-peers", "separate-peers"),
        ("leads.definition", "Yes", "yes"),
        ("leads.definition", "FALSE", "no"),
        ("leads.follow-up", "0", 0),
        ("leads.follow-up", "100", 100),
        ("leads.follow-up", "12,5 %", 12.5),
    ],
)
def test_cells_as_platforms_write_them(mini, question, cell, expected):
    assert cell_answer(mini, mini.questions[question], cell) == expected


@pytest.mark.parametrize(
    ("question", "cell"),
    [
        ("goals.agreed", "0"),
        ("goals.agreed", "6"),
        ("goals.agreed", "4.5"),
        ("goals.agreed", "Agree-ish"),
        ("goals.structure", "Someone"),
        ("leads.definition", "maybe"),
        ("leads.follow-up", "-0.1"),
        ("leads.follow-up", "100.1"),
        ("leads.follow-up", "1,234.5"),
        ("leads.follow-up", "nan"),
        ("leads.follow-up", "inf"),
    ],
)
def test_cells_outside_what_a_response_file_allows_are_refused(mini, question, cell):
    with pytest.raises(ValueError, match="expected"):
        cell_answer(mini, mini.questions[question], cell)


def test_column_names():
    assert [column_name(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]


def test_a_microsoft_forms_xlsx_export(mini, tmp_path, cli):
    """Microsoft Forms downloads .xlsx: an ID, start and completion times, email and name first;
    numbers arrive as numbers and times as dates."""
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Which side are you on?",
            "We share one set of objectives.",
            "Share followed up.",
            "How are the two teams led?",
            "leads.worth-it",
        ]
    )
    sheet.append(
        [
            1,
            datetime(2026, 11, 25, 10, 0),
            datetime(2026, 11, 25, 10, 9),
            "ana@acme.example",
            "Ana Ruiz",
            "Sales",
            4,
            37.5,
            "One leader",
            5,
        ]
    )
    sheet.append(
        [
            2,
            datetime(2026, 11, 25, 10, 1),
            datetime(2026, 11, 25, 10, 8),
            "anonymous",
            None,
            "Marketing",
            "Strongly agree",
            60,
            None,
            None,
        ]
    )
    path = tmp_path / "Alignment(1-2).xlsx"
    book.save(path)
    out = tmp_path / "r"
    result = cli("import", path, "--questionnaire", MINI, "--out", out)
    assert result.code == 0, result.err
    assert "ignored: column A (ID), column D (Email)\n" in result.err
    ana = load_response(out / "sales-ana-ruiz.yaml", mini)
    assert ana.started_at is not None and ana.completed_at is not None
    assert (ana.started_at.isoformat(), ana.completed_at.isoformat()) == (
        "2026-11-25T10:00:00+00:00",
        "2026-11-25T10:09:00+00:00",
    )
    assert ana.answers == {
        "goals.agreed": 4,
        "goals.structure": "one-leader",
        "leads.follow-up": 37.5,
        "leads.worth-it": 5,
    }
    other = load_response(out / "marketing-row3.yaml", mini)
    assert other.answers == {"goals.agreed": 5, "leads.follow-up": 60}


def test_a_broken_xlsx_is_a_clear_message(tmp_path):
    pytest.importorskip("openpyxl")
    path = write(tmp_path, b"PK\x03\x04 not really a workbook", name="x.xlsx")
    with pytest.raises(InputError, match=r"is not a readable \.xlsx workbook"):
        read_table(path)
    with pytest.raises(InputError, match=r"\.xls files are not read"):
        read_table(write(tmp_path, b"\xd0\xcf\x11\xe0", name="old.xls"))


def test_a_surveymonkey_export_with_its_second_header_row(mini, tmp_path, cli):
    """SurveyMonkey puts 'Response' / 'Open-Ended Response' under each question, and adds
    respondent, collector, dates and IP address columns."""
    text = (
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,side,name,"
        "We share one set of objectives.,comment:goals\r\n"
        ",,,,,Response,Open-Ended Response,Response,Open-Ended Response\r\n"
        "11802,4321,11/25/2026 10:01:02 AM,11/25/2026 10:09:40 AM,192.0.2.7,Sales,Ana,"
        'Strongly agree,"Fine, mostly"\r\n'
    )
    result = cli("import", write(tmp_path, text), "--questionnaire", MINI, "--out", tmp_path / "r")
    assert result.code == 0, result.err
    assert "column E (IP Address)" in result.err
    ana = load_response(tmp_path / "r" / "sales-ana.yaml", mini)
    assert ana.answers == {"goals.agreed": 5}
    assert ana.comments == {"goals": "Fine, mostly"}


def test_a_real_first_row_is_not_taken_for_a_second_header():
    table = parse_table("side,name,goals.agreed\nsales,Response,4\n", path=None)
    assert table.rows == [(2, ["sales", "Response", "4"])]
