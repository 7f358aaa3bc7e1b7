"""Reading a CRM lead export (io/crm_export.py) at its edges: headers compared as people write
them, the layout recognised or named, a map file refused for each mistake at its key, the row
cap at its edge, and dates in each form a CRM or a spreadsheet writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.errors import InputError
from alignment_cli.io.crm_export import (
    GENERIC,
    HUBSPOT,
    SALESFORCE,
    CsvRows,
    Sheet,
    _cell,
    check_map_headers,
    choose_layout,
    header_key,
    load_map,
    match_columns,
    parse_when,
    place,
    read_export,
    slash_order,
)


def refused(call: Any, *args: Any, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Lead ID", "lead id"),
        ("lead_id", "lead id"),
        ("  LEAD   ID ", "lead id"),
        ("Lead\u00a0ID", "lead id"),
        ("Owner\u2019s Name", "owner's name"),
        ("Straße", "strasse"),
        ("", ""),
    ],
)
def test_headers_are_compared_as_people_write_them(text: str, key: str) -> None:
    assert header_key(text) == key


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (["lead_id", "created_at"], GENERIC),
        (["Lead ID", "Created_At", "x"], GENERIC),
        (["Lead ID", "Lead Status", "Create Date"], SALESFORCE),
        (["Record ID", "Create Date"], HUBSPOT),
    ],
)
def test_the_layout_is_recognised_by_its_signature(header: list[str], layout: Any) -> None:
    assert choose_layout(header, None, path="x.csv") is layout


def test_a_layout_without_a_signature_recognises_nothing() -> None:
    from alignment_cli.io.crm_export import Layout

    assert not Layout("m", "m", {"created_at": ("c",)}).recognises(["c"])
    assert not GENERIC.recognises(["lead_id"])


def test_an_unknown_header_or_source_is_named() -> None:
    err = refused(choose_layout, ["a", "", "b", *"cdefghij"], None, path="x.csv")
    assert err.detail.startswith(
        "the header is not one this import knows (its first columns: "
        "a, b, c, d, e, f, g). Name the columns as the generic layout"
    )
    assert (err.path, err.where) == ("x.csv", "line 1")
    assert "(its first columns: none)" in refused(choose_layout, ["", ""], None, path="x.csv").detail
    err = refused(choose_layout, ["a"], "pipedrive", path="x.csv")
    assert err.detail == (
        "--source 'pipedrive': expected one of generic, salesforce, hubspot "
        "(or --map MAP.yaml for another export)"
    )
    assert choose_layout(["a"], "hubspot", path="x.csv") is HUBSPOT


def test_the_first_header_found_for_a_field_wins() -> None:
    header = ["Id", "Lead ID", "Created Date", "Create Date", "Status", "Lead Status"]
    columns = match_columns(header, SALESFORCE, path="x.csv", statuses={"a": "won"})
    assert columns.index == {"lead_id": 1, "created_at": 3, "outcome": 5}
    assert columns.statuses == {"a": "won"} and columns.layout is SALESFORCE
    assert match_columns(["created_at"], GENERIC, path="x.csv").statuses == {}


def test_a_missing_creation_date_column_is_named_with_the_layout_s_words() -> None:
    err = refused(match_columns, ["Lead ID"], SALESFORCE, path="x.csv")
    assert err.detail == (
        "no creation date column: a Salesforce lead report names it 'Create "
        "Date' or 'Created Date'; every figure is counted from when a lead was "
        "created"
    )
    assert (err.path, err.where) == ("x.csv", "line 1")


def write_map(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        ("- a\n", "expected a mapping with `columns:` (field: the export's header)", None),
        (
            "columns: {created_at: C}\nextra: 1\nmore: 2\n",
            "unknown key(s) extra, more; expected columns: and, optionally, statuses:",
            None,
        ),
        (
            "columns: {}\n",
            "columns: must map fields to the export's headers, for example `created_at: Created On`",
            "columns",
        ),
        (
            "columns: [a]\n",
            "columns: must map fields to the export's headers, for example `created_at: Created On`",
            "columns",
        ),
        (
            "columns: {created: C}\n",
            "'created' is not a field; the fields are lead_id, created_at, "
            "mql_at, first_contact_at, accepted_at, rejected_at, sql_at, closed_won_at, outcome",
            "columns.created",
        ),
        (
            "columns: {created_at: ' '}\n",
            "expected the header text of a column of the export",
            "columns.created_at",
        ),
        (
            "columns: {created_at: 3}\n",
            "expected the header text of a column of the export",
            "columns.created_at",
        ),
        (
            "columns: {lead_id: Id}\n",
            "created_at must be mapped: every figure is counted from when a lead was created",
            "columns",
        ),
        (
            "columns: {created_at: C}\nstatuses: [a]\n",
            "statuses: must map a category to a list of outcome texts",
            "statuses",
        ),
        (
            "columns: {created_at: C}\nstatuses: {good: [a]}\n",
            "'good' is not a category; expected one of accepted, rejected, recycled, won, lost, open",
            "statuses.good",
        ),
        (
            "columns: {created_at: C}\nstatuses: {won: [a, 1]}\n",
            "expected a list of outcome texts",
            "statuses.won",
        ),
        (
            "columns: {created_at: C}\nstatuses: {won: {a: 1}}\n",
            "expected a list of outcome texts",
            "statuses.won",
        ),
    ],
)
def test_a_map_file_is_refused_at_its_mistake(
    tmp_path: Path, text: str, message: str, where: str | None
) -> None:
    path = write_map(tmp_path, text)
    err = refused(load_map, path)
    assert (err.detail, err.where, err.path) == (message, where, str(path))


def test_a_map_names_its_columns_and_statuses(tmp_path: Path) -> None:
    path = write_map(
        tmp_path,
        "columns: {created_at: Created On, outcome: Stage}\n"
        "statuses: {won: Closed_Won, lost: [Lost, ' Dead  Lead']}\n",
    )
    layout, statuses = load_map(path)
    assert layout.name == "map" and layout.title == "the map in map.yaml"
    assert layout.columns == {"created_at": ("Created On",), "outcome": ("Stage",)}
    assert statuses == {"closed won": "won", "lost": "lost", "dead lead": "lost"}
    assert load_map(write_map(tmp_path, "columns: {created_at: C}\nstatuses:\n"))[1] == {}
    check_map_headers(["created on", "STAGE"], layout, path="x.csv", map_path=path)
    err = refused(check_map_headers, ["Created On"], layout, path="x.csv", map_path=path)
    assert err.detail == "the map names 'Stage' for outcome, but the export has no such column"
    assert (err.path, err.where) == (str(path), "columns.outcome")


def rows_of(text: str, max_rows: int) -> list[list[str]]:
    return list(CsvRows(text, ",", path="x.csv", max_rows=max_rows))


def test_the_rows_under_the_header_up_to_the_cap() -> None:
    text = "id,created\n1,a\n2,b\n3,c\n"
    assert rows_of(text, 3) == [["1", "a"], ["2", "b"], ["3", "c"]]
    assert rows_of(text + "\n,\n", 3) == [["1", "a"], ["2", "b"], ["3", "c"]]
    err = refused(rows_of, text, 2)
    assert (err.detail, err.path) == (
        "has more than 2 leads; export a shorter period and import each file",
        "x.csv",
    )
    chunks = list(CsvRows(text, ",", path="x.csv", max_rows=10).chunks(2))
    assert chunks == [[["1", "a"], ["2", "b"]], [["3", "c"]]]
    assert rows_of("id\n", 5) == []


def test_broken_quoting_in_the_rows_is_named_with_its_line() -> None:
    err = refused(rows_of, 'id,created\n1,a\n2,"b\n', 5)
    assert err.detail.startswith("is not valid CSV: ") and err.where == "line 3"


def export(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_csv_export_is_read_with_its_header_stripped(tmp_path: Path) -> None:
    sheet = read_export(export(tmp_path, "x.CSV", b"\xef\xbb\xbf lead_id ;created_at\n1;2\n"))
    assert sheet.header == ["lead_id", "created_at"] and list(sheet.rows) == [["1", "2"]]
    assert (sheet.first_row, sheet.kind) == (2, "row")


def test_what_is_not_a_readable_export_is_named(tmp_path: Path) -> None:
    err = refused(read_export, tmp_path / "none.csv")
    assert (err.detail, err.path) == ("lead export not found", str(tmp_path / "none.csv"))
    err = refused(read_export, tmp_path)
    assert err.detail == "is a folder; expected a lead export file (.csv or .xlsx)"
    big = export(tmp_path, "big.csv", b"x" * ((1 << 20) + 1))
    assert refused(read_export, big, max_bytes=1 << 20).detail == (
        "is 1.0 MB; a lead export may be at most 1 MB (export fewer columns, or a shorter period)"
    )
    assert read_export(
        export(tmp_path, "at.csv", b"a\n" + b"x" * ((1 << 20) - 2)), max_bytes=1 << 20
    ).header == ["a"]
    for suffix in (".xls", ".ODS", ".numbers"):
        err = refused(read_export, export(tmp_path, f"x{suffix}", b"x"))
        assert err.detail == (f"{suffix.lower()} files are not read; save the export as .xlsx or CSV")
    assert refused(read_export, export(tmp_path, "e.csv", b" \n\n")).detail == (
        "is empty; expected a header row and one row per lead"
    )
    err = refused(read_export, export(tmp_path, "q.csv", b'"a\n'))
    assert err.detail.startswith("is not valid CSV: ") and err.where == "line 1"


def test_a_workbook_export_is_read_with_its_limits(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["lead_id", " created_at "], [1.0, datetime(2025, 1, 6, 9, 30)], [2, None]):
        book.active.append(row)
    path = tmp_path / "x.XLSX"
    book.save(path)
    sheet = read_export(path)
    assert sheet.header == ["lead_id", "created_at"]
    assert list(sheet.rows) == [["1", "2025-01-06 09:30:00"], ["2", ""]]
    assert read_export(path, max_rows=2).header == ["lead_id", "created_at"]
    assert refused(read_export, path, max_rows=1).detail == (
        "has more than 1 leads; export a shorter period and import each file"
    )
    empty = tmp_path / "e.xlsx"
    openpyxl.Workbook().save(empty)
    assert refused(read_export, empty).detail == (
        "its first sheet is empty; expected a header row and one row per lead"
    )
    broken = export(tmp_path, "b.xlsx", b"not a zip")
    assert refused(read_export, broken).detail == (
        "is not a readable .xlsx workbook (File is not a zip file)"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (datetime(2025, 1, 6, 9, 30), "2025-01-06 09:30:00"),
        (4.0, "4"),
        (4.5, "4.5"),
        (7, "7"),
        ("x", "x"),
        (datetime(2025, 1, 6).date(), "2025-01-06"),
    ],
)
def test_a_workbook_cell_as_text(value: object, text: str) -> None:
    assert _cell(value) == text


@pytest.mark.parametrize(
    ("cells", "day_first"),
    [
        ([], None),
        (["2025-01-31", "x", ""], None),
        (["03/04/2025"], None),
        (["13/04/2025"], True),
        (["04/13/2025"], False),
        (["12/12/2025", "13/12/2025 10:00"], True),
        (["12/13/2025"], False),
        (["2025/13/04"], None),  # year first: the order of the rest is fixed
        (["13.04.25", "01.02.25"], True),
        (["01/31/2025, 2:30 PM"], False),
        (["31/01.2025"], None),  # no date: one separator, then another
    ],
)
def test_the_order_of_day_and_month_from_the_dates_that_tell(
    cells: list[str], day_first: bool | None
) -> None:
    assert slash_order(iter(cells)) is day_first


@pytest.mark.parametrize("cells", [["13/04/2025", "04/13/2025"], ["04/13/2025", "13/04/2025"]])
def test_both_orders_at_once_is_an_error(cells: list[str]) -> None:
    with pytest.raises(
        ValueError,
        match=r"^some dates put the day first \(13/04\) and others "
        r"the month \(04/13\)$",
    ):
        slash_order(iter(cells))


@pytest.mark.parametrize(
    ("cell", "day_first", "when"),
    [
        ("2025-01-31", True, datetime(2025, 1, 31)),
        ("2025-01-31T14:30:00", True, datetime(2025, 1, 31, 14, 30)),
        (" 2025/01/31 14:30 ", True, datetime(2025, 1, 31, 14, 30)),
        ("31/01/2025 14:30", True, datetime(2025, 1, 31, 14, 30)),
        ("01/31/2025 2:30 PM", False, datetime(2025, 1, 31, 14, 30)),
        ("01/31/2025 12:05 am", False, datetime(2025, 1, 31, 0, 5)),
        ("01/31/2025 12:05 p.m.", False, datetime(2025, 1, 31, 12, 5)),
        ("03/04/2025", True, datetime(2025, 4, 3)),
        ("03/04/2025", False, datetime(2025, 3, 4)),
        ("31.01.25 9:05:07", True, datetime(2025, 1, 31, 9, 5, 7)),
        ("31.01.2025 9:05:07.5", True, datetime(2025, 1, 31, 9, 5, 7)),
        ("2025.01.31", False, datetime(2025, 1, 31)),
        ("45658", True, datetime(2025, 1, 1)),
        ("45658.5", True, datetime(2025, 1, 1, 12)),
        ("45658,25", True, datetime(2025, 1, 1, 6)),
        ("1000", True, datetime(1902, 9, 26)),
        ("01/31/2025, 2:30 PM", False, datetime(2025, 1, 31, 14, 30)),  # as en-US dates print
        ("31/01/2025,14:30", True, datetime(2025, 1, 31, 14, 30)),
        ("2025-1-31", True, datetime(2025, 1, 31)),  # ISO 8601 but for the leading zero
        (
            "2025/01/31T14:30:00+01:00",
            True,
            datetime(2025, 1, 31, 14, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2025/01/31 14:30Z", False, datetime(2025, 1, 31, 14, 30, tzinfo=UTC)),
    ],
)
def test_a_date_in_each_form_it_is_written(cell: str, day_first: bool, when: datetime) -> None:
    assert parse_when(cell, day_first) == when


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("soon", "expected a date such as 2025-01-31 14:30, 31/01/2025 14:30 or an Excel date"),
        ("", "expected a date such as 2025-01-31 14:30, 31/01/2025 14:30 or an Excel date"),
        ("0000", "expected a date"),
        ("01/31/2025 13:00 PM", "expected an hour from 1 to 12 before AM or PM"),
        ("01/31/2025 0:00 AM", "expected an hour from 1 to 12 before AM or PM"),
        ("31/01.2025", "expected a date such as 2025-01-31 14:30, 31/01/2025 14:30 or an Excel date"),
    ],
)
def test_what_is_not_a_date_says_what_was_expected(cell: str, message: str) -> None:
    with pytest.raises(ValueError, match="expected") as caught:
        parse_when(cell, True)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("cell", "day_first"),
    [
        ("31/02/2025", True),
        ("02/31/2025", False),
        ("02/13/2025", True),  # read day first: no 13th month
        ("2025/02/30 10:00", True),
        ("31/01/2025 24:00", True),
        ("31/01/2025 10:60", True),
    ],
)
def test_a_date_or_time_that_does_not_exist_is_named_so(cell: str, day_first: bool) -> None:
    with pytest.raises(ValueError, match=r"^no such date or time$") as caught:
        parse_when(cell, day_first)
    assert str(caught.value) == "no such date or time"


def test_serial_numbers_from_day_one_to_five_digits() -> None:
    assert parse_when("0001", True) == datetime(1899, 12, 31)
    assert parse_when("99999", True) == datetime(2173, 10, 13)


@pytest.mark.parametrize(
    ("offset", "index", "where"),
    [
        (0, 0, "row 2, column A (lead_id)"),
        (5, 1, "row 7, column B (created_at)"),
        (0, 2, "row 2, column C (no header)"),
        (0, 3, "row 2, column D (no header)"),
    ],
)
def test_where_a_cell_is(offset: int, index: int, where: str) -> None:
    sheet = Sheet(["lead_id", "created_at", ""], [])
    assert place(sheet, offset, index) == where
    assert place(Sheet(["a"], [], first_row=1, kind="line"), 2, 0) == "line 3, column A (a)"


def test_each_problem_of_an_export_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    cases = {
        "big.csv": (
            b"x" * 1_101_005,
            "is 1.1 MB; a lead export may be at most 1 MB (export fewer columns, or a shorter period)",
        ),
        "x.ods": (b"x", ".ods files are not read; save the export as .xlsx or CSV"),
        "u.csv": (b"\xff\xfea\x00", "is UTF-16 encoded; export the sheet as CSV UTF-8"),
        "e.csv": (b"\n", "is empty; expected a header row and one row per lead"),
        "q.csv": (b'"a\n', None),
    }
    for name, (data, message) in cases.items():
        path = export(tmp_path, name, data)
        err = refused(read_export, path, max_bytes=1 << 20)
        assert err.path == str(path)
        if message is not None:
            assert err.detail == message
    rows = read_export(export(tmp_path, "r.csv", b"a\n1\n2\n"), max_rows=1).rows
    assert refused(list, rows).path == str(tmp_path / "r.csv")
    through = tmp_path / "e.csv" / "x.csv"
    err = refused(read_export, through)
    assert (err.detail, err.path) == ("cannot read: Not a directory", str(through))
    fifo = tmp_path / "p.csv"
    import os

    os.mkfifo(fifo)
    assert refused(read_export, fifo).path == str(fifo)
    book = tmp_path / "w.xlsm"
    openpyxl = pytest.importorskip("openpyxl")
    made = openpyxl.Workbook()
    made.active.append(["lead_id", "created_at"])
    made.save(tmp_path / "w.xlsx")
    book.write_bytes((tmp_path / "w.xlsx").read_bytes())
    assert read_export(book).header == ["lead_id", "created_at"]
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    err = refused(read_export, book)
    assert (err.detail, err.path) == (
        "reading .xlsx needs the collect extra (pip install "
        "'alignment-cli[collect]'); or save the export as CSV",
        str(book),
    )


def test_an_export_that_grows_past_its_limit_while_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from alignment_cli.io import crm_export

    path = export(tmp_path, "g.csv", b"a\n" + b"x" * (1 << 20))
    real_stat = os.stat

    def small(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        fields = list(real_stat(target, *args, **kwargs))
        fields[6] = 4  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(crm_export.os, "stat", small)
    err = refused(read_export, path, max_bytes=1 << 20)
    assert (err.detail, err.path) == ("is over 1 MB; a lead export may be at most that", str(path))


def test_an_empty_map_file_is_named_as_a_column_map(tmp_path: Path) -> None:
    path = write_map(tmp_path, "# nothing\n")
    err = refused(load_map, path)
    assert (err.detail, err.path) == ("holds nothing but comments; expected a YAML column map", str(path))
    path.write_bytes(b"\x00")
    assert refused(load_map, path).detail == (
        "is not a text file (it holds binary data); expected a YAML column map"
    )


def test_an_unknown_header_says_every_way_out() -> None:
    err = refused(choose_layout, ["a"], None, path="x.csv")
    assert err.detail == (
        "the header is not one this import knows (its first columns: a). Name the columns as "
        "the generic layout does (lead_id, created_at, mql_at, first_contact_at, ...), pass "
        "--source salesforce or --source hubspot, or name them in a map file (--map MAP.yaml)"
    )
