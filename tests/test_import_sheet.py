"""Reading a sheet (io/imports.py) at its edges: rows shorter and longer than the header, empty
cells at the end, delimiters and line breaks inside quotes, Windows-1252 text, whole numbers that
a workbook holds as floats, and the size limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alignment_cli.errors import InputError
from alignment_cli.io import imports
from alignment_cli.io.imports import (
    Table,
    column_name,
    decode_sheet,
    parse_table,
    read_table,
    sniff_delimiter,
)


def test_a_short_row_is_padded_to_the_header_with_empty_cells() -> None:
    table = parse_table("side,name,goals.agreed,comment:goals\nsales\nmarketing,Mo\n", path=None)
    assert table.rows == [(2, ["sales", "", "", ""]), (3, ["marketing", "Mo", "", ""])]
    assert all(len(cells) == len(table.header) for _, cells in table.rows)


def test_a_long_row_with_only_empty_cells_past_the_header_is_cut_to_it() -> None:
    table = parse_table("side,name\nsales,Ana,,  ,\n", path=None)
    assert table.rows == [(2, ["sales", "Ana"])]


def test_a_long_row_with_a_value_past_the_header_is_refused_with_its_row_number() -> None:
    with pytest.raises(InputError) as caught:
        parse_table("side,name\nsales,Ana\nsales,Ben,4\n", path="x.csv")
    message = str(caught.value)
    assert "row 3 has 3 cells but the header has 2" in message
    assert "delimiter" in message and "x.csv" in message


def test_trailing_empty_cells_are_kept_as_empty_answers() -> None:
    table = parse_table("side,name,goals.agreed,goals.conflict\r\nsales,Ana,,\r\n", path=None)
    assert table.rows == [(2, ["sales", "Ana", "", ""])]


def test_the_header_is_stripped_and_a_header_only_sheet_has_no_rows() -> None:
    table = parse_table(" side , name \n", path=None)
    assert table == Table(["side", "name"], [])


def test_rows_of_blanks_are_skipped_and_row_numbers_stay_those_of_the_sheet() -> None:
    table = parse_table("side,name\n , \n\nsales,Ana\n,\nmarketing,Mo\n", path=None)
    assert table.rows == [(4, ["sales", "Ana"]), (6, ["marketing", "Mo"])]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n", ","),
        ("a;b;c\n", ";"),
        ("a\tb\tc\n", "\t"),
        ("a\n", ","),
        ('"x;y;z",b\n', ","),
        ('"x,y",b;c;d\n', ";"),
        ("a;b,c;d\n", ";"),
        ('a,"b\nc;d;e",f\n', ","),
        ("a,b\nc;d;e;f\n", ","),  # only the header line counts
    ],
)
def test_the_delimiter_is_the_one_found_most_outside_quotes_on_the_header_line(
    text: str, delimiter: str
) -> None:
    assert sniff_delimiter(text) == delimiter


def test_ties_go_to_the_comma_then_the_semicolon() -> None:
    assert sniff_delimiter("a,b;c\n") == ","
    assert sniff_delimiter("a;b\tc\n") == ";"


def test_delimiters_quotes_and_line_breaks_inside_quoted_cells() -> None:
    text = 'side;name;comment:goals\r\nsales;"Lee; Sam";"one; ""two"",\r\nthree"\r\nmarketing;"";";"\r\n'
    table = parse_table(text, path=None)
    assert table.rows == [(2, ["sales", "Lee; Sam", 'one; "two",\r\nthree']), (3, ["marketing", "", ";"])]


def test_an_unclosed_quote_is_a_clear_message_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        parse_table('side,name\nsales,"Ana\n', path="x.csv")
    assert "is not valid CSV" in str(caught.value)
    assert caught.value.where is not None and caught.value.where.startswith("line ")


@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "\n \t\n"])
def test_an_empty_sheet_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="is empty"):
        parse_table(text, path=None)


# --- encodings ----------------------------------------------------------------------------------


def test_windows_1252_only_characters_are_read_as_windows_1252() -> None:
    # the euro sign, typographic quotes and dashes, S and Z with caron: bytes 0x80-0x9f that are
    # not characters in Latin-1 and not valid UTF-8 on their own
    text = "name;comment:goals\r\nŠárka Žák;„quoted“ – 5 € … \u2018ok\u2019\r\n"
    raw = text.encode("cp1252")
    assert decode_sheet(raw, path=None) == text


def test_utf8_with_and_without_a_byte_order_mark() -> None:
    assert decode_sheet("name\r\nJosé\r\n".encode(), path=None) == "name\r\nJosé\r\n"
    assert decode_sheet(b"\xef\xbb\xbfname\r\nJos\xc3\xa9\r\n", path=None) == "name\r\nJosé\r\n"


def test_a_byte_windows_1252_does_not_define_is_replaced_not_fatal() -> None:
    assert decode_sheet(b"name\r\nA\x81B\r\n", path=None) == "name\r\nA\ufffdB\r\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfen\x00a\x00", "UTF-16"),
        (b"\xfe\xff\x00n\x00a", "UTF-16"),
        (b"PK\x03\x04rest", "binary"),
        (b"name\r\nA\x00B\r\n", "binary"),
    ],
)
def test_utf16_zip_and_binary_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode_sheet(raw, path="x.csv")


# --- files and the size limit ---------------------------------------------------------------------


def test_a_csv_file_at_the_size_limit_is_read_and_one_byte_over_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = b"side,name\r\nsales,Ana\r\n"
    monkeypatch.setattr(imports, "MAX_BYTES", len(text))
    at_limit = tmp_path / "at.csv"
    at_limit.write_bytes(text)
    assert read_table(at_limit).rows == [(2, ["sales", "Ana"])]
    over = tmp_path / "over.csv"
    over.write_bytes(text + b"\n")
    with pytest.raises(InputError, match="at most 0 MB"):
        read_table(over)


def test_the_real_limit_is_twenty_megabytes() -> None:
    assert imports.MAX_BYTES == 20 * 1024 * 1024


def test_missing_folder_and_other_formats_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "none.csv")
    folder = tmp_path / "sheet.csv"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        read_table(folder)
    for suffix in (".xls", ".ods", ".numbers", ".XLS"):
        path = tmp_path / f"export{suffix}"
        path.write_bytes(b"x")
        with pytest.raises(InputError, match=r"save the sheet as \.xlsx or as CSV"):
            read_table(path)


# --- workbooks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (4.0, "4"),
        (4.5, "4.5"),
        (-3.0, "-3"),
        (0.0, "0"),
        (12, "12"),
        ("x", "x"),
        (True, "True"),
        (dt.date(2026, 11, 25), "2026-11-25"),
        (dt.datetime(2026, 11, 25, 10, 2), "2026-11-25T10:02:00"),
    ],
)
def test_workbook_cells_read_as_a_csv_export_would_write_them(value: object, text: str) -> None:
    assert imports._cell_text(value) == text


def test_a_workbook_with_whole_number_floats_short_rows_and_an_empty_last_header(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["side", "goals.agreed", "leads.follow-up", None])
    sheet.append(["sales", 4.0, 35.5])
    sheet.append([None, None, None])
    sheet.append(["marketing"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.header == ["side", "goals.agreed", "leads.follow-up"]
    assert table.rows == [(2, ["sales", "4", "35.5"]), (4, ["marketing", "", ""])]


def test_an_empty_workbook_is_refused(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError, match="first sheet is empty"):
        read_table(path)


def test_column_letters_past_z() -> None:
    assert [column_name(i) for i in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


def test_short_rows_import_as_unanswered_items_not_a_crash(mini, tmp_path: Path) -> None:
    from alignment_cli.commands.importing import plan_import

    table = parse_table(
        "side,name,goals.agreed,goals.conflict,comment:goals\r\nsales,Ana,4\r\nmarketing\r\n", path=None
    )
    plan = plan_import(table, mini, tmp_path, path=None)
    assert [(p.name, r.answers) for p, r in plan.files] == [
        ("sales-ana.yaml", {"goals.agreed": 4}),
        ("marketing-row3.yaml", {}),
    ]
    assert plan.invalid == [] and plan.skipped_rows == []
