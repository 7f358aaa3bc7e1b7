"""Reading a sheet (io/imports.py) where its own tests leave room: each refusal with its exact
words and the file it names, a workbook row's cells by column, the column limit at its edge,
SurveyMonkey's second header row at half its cells, and line breaks inside quoted cells kept as
written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alignment_cli.errors import InputError
from alignment_cli.io import imports
from alignment_cli.io.imports import decode_sheet, parse_table, read_table, sniff_delimiter


def refused(call: Any, *args: Any, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(("raw", "message"), [
    (b"\xff\xfea\x00", "is UTF-16 encoded; export the sheet as CSV UTF-8"),
    (b"\xfe\xff\x00a", "is UTF-16 encoded; export the sheet as CSV UTF-8"),
    (b"PK\x03\x04rest", "is not a CSV text file (it holds binary data); export as CSV"),
    (b"a,b\n\x00\n", "is not a CSV text file (it holds binary data); export as CSV"),
])
def test_what_is_not_a_text_sheet_is_named(raw: bytes, message: str) -> None:
    err = refused(decode_sheet, raw, path="x.csv")
    assert (err.detail, err.path, err.where) == (message, "x.csv", None)


@pytest.mark.parametrize(("raw", "text"), [
    (b"\xef\xbb\xbfside,caf\xc3\xa9", "side,café"),
    (b"side,caf\xc3\xa9", "side,café"),
    (b"side,caf\xe9 \x80", "side,café €"),
])
def test_utf8_with_or_without_its_mark_else_windows_1252(raw: bytes, text: str) -> None:
    assert decode_sheet(raw, path=None) == text


@pytest.mark.parametrize("text", ["", " \n", "\r\n\t"])
def test_an_empty_sheet_is_named_with_its_file(text: str) -> None:
    err = refused(parse_table, text, path="x.csv")
    assert (err.detail, err.path) == ("is empty; expected a header row and one row per "
                                      "respondent", "x.csv")


def test_broken_quoting_is_named_with_its_file_and_line() -> None:
    err = refused(parse_table, 'side,name\nsales,"Ana\n', path="x.csv")
    assert err.path == "x.csv" and err.where == "line 2"
    assert err.detail.startswith("is not valid CSV: ")


def test_a_value_past_the_header_is_named_with_its_row_and_file() -> None:
    err = refused(parse_table, "side,name\nsales,Ana,x\n", path="x.csv")
    assert (err.detail, err.path) == ("row 2 has 3 cells but the header has 2; check the "
                                      "delimiter and the quoting", "x.csv")


def test_a_row_as_long_as_the_header_is_kept_whole() -> None:
    assert parse_table("side,name\nsales,Ana\n", path=None).rows == [(2, ["sales", "Ana"])]


@pytest.mark.parametrize(("second", "skipped"), [
    ("Response,Other", True),  # half the cells: SurveyMonkey's row
    ("Response,Open-Ended Response,x", True),
    (" response ,", True),
    ("Response,x,y", False),
    ("x,y", False),
])
def test_surveymonkey_s_second_header_row_is_skipped(second: str, skipped: bool) -> None:
    table = parse_table(f"q1,q2,q3\n{second}\n1,2,3\n", path=None)
    first_number = table.rows[0][0]
    assert first_number == (3 if skipped else 2)
    assert len(table.rows) == (1 if skipped else 2)


def test_a_sheet_of_a_header_and_the_second_header_row_has_no_rows() -> None:
    assert parse_table("q1,q2\nResponse,Response\n", path=None).rows == []


def test_line_breaks_inside_quoted_cells_are_kept_as_written() -> None:
    table = parse_table('side,comment\r\nsales,"one\r\ntwo"\r\nmarketing,"a\nb"\r\n', path=None)
    assert table.rows == [(2, ["sales", "one\r\ntwo"]), (3, ["marketing", "a\nb"])]


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a;b\rc,d,e\n", ";"),  # the header ends at a carriage return too
    ("a\tb\nc,d,e", "\t"),
    ("abc\n", ","),
])
def test_the_delimiter_is_counted_on_the_header_line_only(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(("cells", "texts"), [
    ([], []),
    ([(1, None)], []),
    ([(1, " ")], []),
    ([(1, None), (2, "x")], ["", "x"]),
    ([(1, "  "), (3, "c")], ["  ", "", "c"]),
    ([(1, "a"), (3, "c")], ["a", "", "c"]),
    ([(3, "c"), (1, 4.0)], ["4", "", "c"]),
    ([(1, "a"), (2, None), (3, "")], ["a"]),
    ([(1, "a"), (5000, None)], ["a"]),
    ([(0, "x"), (1, "a")], ["a"]),
])
def test_a_workbook_row_is_its_cells_by_column_up_to_the_last_value(
        cells: list[tuple[int, Any]], texts: list[str]) -> None:
    assert imports._row_texts(cells, 2, Path("x.xlsx")) == texts


def test_a_value_past_the_last_column_allowed_is_named() -> None:
    limit = imports.MAX_COLUMNS
    assert limit == 1_000
    assert len(imports._row_texts([(limit, "x")], 2, Path("x.xlsx"))) == limit
    err = refused(imports._row_texts, [(limit + 1, "x")], 7, Path("x.xlsx"))
    assert (err.detail, err.path) == ("row 7 has a value in column ALM; an export may have at "
                                      "most 1,000 columns", "x.xlsx")


def test_other_sheet_formats_are_named_by_their_suffix(tmp_path: Path) -> None:
    for suffix in (".xls", ".ods", ".numbers", ".ODS"):
        path = tmp_path / f"export{suffix}"
        path.write_bytes(b"x")
        err = refused(read_table, path)
        assert err.detail == (f"{suffix.lower()} files are not read; save the sheet as .xlsx "
                              "or as CSV (CSV UTF-8) and import that")
        assert err.path == str(path)


def test_a_csv_file_whatever_the_case_of_its_suffix(tmp_path: Path) -> None:
    for name in ("a.csv", "b.CSV", "c.txt", "d"):
        path = tmp_path / name
        path.write_bytes(b"side\nsales\n")
        assert read_table(path).rows == [(2, ["sales"])]
