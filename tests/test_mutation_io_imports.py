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


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfea\x00", "is UTF-16 encoded; export the sheet as CSV UTF-8"),
        (b"\xfe\xff\x00a", "is UTF-16 encoded; export the sheet as CSV UTF-8"),
        (b"PK\x03\x04rest", "is not a CSV text file (it holds binary data); export as CSV"),
        (b"a,b\n\x00\n", "is not a CSV text file (it holds binary data); export as CSV"),
    ],
)
def test_what_is_not_a_text_sheet_is_named(raw: bytes, message: str) -> None:
    err = refused(decode_sheet, raw, path="x.csv")
    assert (err.detail, err.path, err.where) == (message, "x.csv", None)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (b"\xef\xbb\xbfside,caf\xc3\xa9", "side,café"),
        (b"side,caf\xc3\xa9", "side,café"),
        (b"side,caf\xe9 \x80", "side,café €"),
    ],
)
def test_utf8_with_or_without_its_mark_else_windows_1252(raw: bytes, text: str) -> None:
    assert decode_sheet(raw, path=None) == text


@pytest.mark.parametrize("text", ["", " \n", "\r\n\t"])
def test_an_empty_sheet_is_named_with_its_file(text: str) -> None:
    err = refused(parse_table, text, path="x.csv")
    assert (err.detail, err.path) == ("is empty; expected a header row and one row per respondent", "x.csv")


def test_broken_quoting_is_named_with_its_file_and_line() -> None:
    err = refused(parse_table, 'side,name\nsales,"Ana\n', path="x.csv")
    assert err.path == "x.csv" and err.where == "line 2"
    assert err.detail.startswith("is not valid CSV: ")


def test_a_value_past_the_header_is_named_with_its_row_and_file() -> None:
    err = refused(parse_table, "side,name\nsales,Ana,x\n", path="x.csv")
    assert (err.detail, err.path) == (
        "row 2 has 3 cells but the header has 2; check the delimiter and the quoting",
        "x.csv",
    )


def test_a_row_as_long_as_the_header_is_kept_whole() -> None:
    assert parse_table("side,name\nsales,Ana\n", path=None).rows == [(2, ["sales", "Ana"])]


@pytest.mark.parametrize(
    ("second", "skipped"),
    [
        ("Response,Other", True),  # half the cells: SurveyMonkey's row
        ("Response,Open-Ended Response,x", True),
        (" response ,", True),
        ("Response,x,y", False),
        ("x,y", False),
    ],
)
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


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a;b\rc,d,e\n", ";"),  # the header ends at a carriage return too
        ("a\tb\nc,d,e", "\t"),
        ("abc\n", ","),
    ],
)
def test_the_delimiter_is_counted_on_the_header_line_only(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("cells", "texts"),
    [
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
    ],
)
def test_a_workbook_row_is_its_cells_by_column_up_to_the_last_value(
    cells: list[tuple[int, Any]], texts: list[str]
) -> None:
    assert imports._row_texts(cells, 2, Path("x.xlsx")) == texts


def test_a_value_past_the_last_column_allowed_is_named() -> None:
    limit = imports.MAX_COLUMNS
    assert limit == 1_000
    assert len(imports._row_texts([(limit, "x")], 2, Path("x.xlsx"))) == limit
    err = refused(imports._row_texts, [(limit + 1, "x")], 7, Path("x.xlsx"))
    assert (err.detail, err.path) == (
        "row 7 has a value in column ALM; an export may have at most 1,000 columns",
        "x.xlsx",
    )


def test_other_sheet_formats_are_named_by_their_suffix(tmp_path: Path) -> None:
    for suffix in (".xls", ".ods", ".numbers", ".ODS"):
        path = tmp_path / f"export{suffix}"
        path.write_bytes(b"x")
        err = refused(read_table, path)
        assert err.detail == (
            f"{suffix.lower()} files are not read; save the sheet as .xlsx "
            "or as CSV (CSV UTF-8) and import that"
        )
        assert err.path == str(path)


def test_a_csv_file_whatever_the_case_of_its_suffix(tmp_path: Path) -> None:
    for name in ("a.csv", "b.CSV", "c.txt", "d"):
        path = tmp_path / name
        path.write_bytes(b"side\nsales\n")
        assert read_table(path).rows == [(2, ["sales"])]


# --- workbooks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ValueError("bad zip"), "ValueError: bad zip"),
        (ValueError(""), "ValueError"),
        (KeyError("x"), "KeyError: 'x'"),
        (ValueError("\x1b[31m"), "ValueError"),
        (ValueError("y" * 200), "ValueError: " + "y" * 120),
    ],
)
def test_the_reason_a_workbook_cannot_be_read_is_short_and_clean(exc: Exception, reason: str) -> None:
    assert imports._reason(exc) == reason


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def with_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != name:
                new.writestr(item, old.read(item.filename))
        new.writestr(name, data)
    return target


@pytest.mark.parametrize(
    "declaration",
    [
        b"<!DOCTYPE x>",
        b"<!ENTITY e 'x'>",
        b"<!doctype x>",
        b"<!entity e 'x'>",
    ],
)
def test_a_document_type_or_an_entity_alone_is_refused(tmp_path: Path, declaration: bytes) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(
        base, tmp_path / "x.xlsx", "xl/extra.xml", b'<?xml version="1.0"?>' + declaration + b"<a/>"
    )
    err = refused(read_table, path)
    assert err.detail == (
        "xl/extra.xml: declares a document type or entities (which "
        "spreadsheet programs never write); it is not read"
    )
    assert err.path == str(path)


@pytest.mark.parametrize("offset", [(1 << 20) - 4, (1 << 20) - 9, 1 << 20])
def test_a_declaration_across_the_edge_of_a_read_is_found(tmp_path: Path, offset: int) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    data = b" " * offset + b"<!DOCTYPE x>" + b" " * 100
    path = with_member(base, tmp_path / "x.xlsx", "xl/extra.xml", data)
    assert "declares a document type" in refused(read_table, path).detail


def test_a_large_member_without_a_declaration_is_read(tmp_path: Path) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(base, tmp_path / "x.xlsx", "xl/extra.xml", b"<a>" + b" " * (3 << 20) + b"</a>")
    assert read_table(path).rows == [(2, ["sales"])]


def test_the_number_of_files_in_a_workbook_at_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    path = workbook(tmp_path / "x.xlsx", [["side"], ["sales"]])
    count = len(zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(imports, "MAX_MEMBERS", count)
    assert read_table(path).rows == [(2, ["sales"])]
    monkeypatch.setattr(imports, "MAX_MEMBERS", count - 1)
    err = refused(read_table, path)
    assert (err.detail, err.path) == (f"holds {count:,} files; an .xlsx export holds a few dozen", str(path))


def test_the_rows_of_a_workbook_at_their_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    at_limit = workbook(tmp_path / "a.xlsx", [["side"], ["s1"], ["s2"], ["s3"]])
    assert [n for n, _ in read_table(at_limit).rows] == [2, 3, 4]
    over = workbook(tmp_path / "b.xlsx", [["side"], ["s1"], ["s2"], ["s3"], ["s4"]])
    err = refused(read_table, over)
    assert (err.detail, err.path) == (
        "has a value in row 5; an export may have at most 3 rows of answers",
        str(over),
    )


def test_workbook_cells_keep_their_columns_dates_and_strings(tmp_path: Path) -> None:
    import datetime as dt

    path = workbook(
        tmp_path / "x.xlsx",
        [
            ["side", "when", "score", "note"],
            ["sales", dt.datetime(2026, 11, 25, 10, 2), 4.0, "=1+1"],
            [None, None, None, None],
            ["marketing", None, 2.5],
        ],
    )
    table = read_table(path)
    assert table.header == ["side", "when", "score", "note"]
    # a formula holds no saved value in a file written without one: it reads as empty
    assert table.rows == [(2, ["sales", "2026-11-25T10:02:00", "4", ""]), (4, ["marketing", "", "2.5", ""])]


def test_a_workbook_is_read_the_same_through_openpyxl_s_plain_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where openpyxl's own parser is not there (another version), the rows are read through
    its public API with the same limits."""
    pytest.importorskip("openpyxl")
    from openpyxl.worksheet import _reader

    def other_version(*args: Any, **kwargs: Any) -> Any:
        raise TypeError("takes other arguments")

    path = workbook(
        tmp_path / "x.xlsx",
        [["side", "score", None, "late"], ["sales", 4.0, "=1+1"], [None], ["marketing", None, None, "x"]],
    )
    monkeypatch.setattr(_reader, "WorkSheetParser", other_version)
    assert read_table(path).rows == [(2, ["sales", "4", "", ""]), (4, ["marketing", "", "", "x"])]
    monkeypatch.setattr(imports, "MAX_ROWS", 3)  # the header and three rows: all read
    assert [n for n, _ in read_table(path).rows] == [2, 4]
    monkeypatch.setattr(imports, "MAX_COLUMNS", 4)
    assert read_table(path).rows[1] == (4, ["marketing", "", "", "x"])
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    err = refused(read_table, path)
    assert err.detail == "has a value in row 4; an export may have at most 2 rows of answers"
    monkeypatch.setattr(imports, "MAX_ROWS", 100)
    monkeypatch.setattr(imports, "MAX_COLUMNS", 3)
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "row 1 has a value in column D; an export may have at most 3 columns",
        str(path),
    )


@pytest.mark.parametrize(
    "name",
    ["xl/_rels/extra.rels", "xl/drawings/extra.vml", "xl/extra.XML", "xl/_rels/extra.RELS", "xl/extra.Vml"],
)
def test_every_xml_part_is_looked_at_whatever_the_case_of_its_name(tmp_path: Path, name: str) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(base, tmp_path / "x.xlsx", name, b"<!DOCTYPE x><a/>")
    assert refused(read_table, path).detail.startswith(f"{name}: declares a document type")


def test_a_part_that_is_not_xml_is_not_looked_at(tmp_path: Path) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(base, tmp_path / "x.xlsx", "xl/media/image.png", b"<!DOCTYPE x>")
    assert read_table(path).rows == [(2, ["sales"])]


def test_the_expanded_size_of_a_workbook_at_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(base, tmp_path / "x.xlsx", "xl/media/blank.bin", b"\0" * (5 << 20))
    expanded = sum(m.file_size for m in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(imports, "MAX_EXPANDED", expanded)
    assert read_table(path).rows == [(2, ["sales"])]
    monkeypatch.setattr(imports, "MAX_EXPANDED", expanded - 1)
    assert "expands to" in refused(read_table, path).detail
    monkeypatch.setattr(imports, "MAX_EXPANDED", 4 * 1_048_576)
    err = refused(read_table, path)
    assert (err.detail, err.path) == ("expands to 5 MB; an export may expand to at most 4 MB", str(path))
    # five and a half megabytes exactly: shown rounded, as 6
    base_size = sum(m.file_size for m in zipfile.ZipFile(base).infolist())
    half = with_member(
        base, tmp_path / "h.xlsx", "xl/media/blank.bin", b"\0" * (11 * 1_048_576 // 2 - base_size)
    )
    assert refused(read_table, half).detail.startswith("expands to 6 MB;")


def test_what_is_not_a_zip_is_not_a_readable_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"side,name\nsales,Ana\n")
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "is not a readable .xlsx workbook (BadZipFile: File is not a zip file)",
        str(path),
    )


def test_a_workbook_over_the_size_limit_is_named_as_a_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_BYTES", 1 << 20)
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"\0" * (2 << 20))
    err = refused(read_table, path)
    assert (err.detail, err.path) == ("is 2.0 MB; a .xlsx workbook may be at most 1 MB", str(path))


def test_without_openpyxl_a_workbook_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = workbook(tmp_path / "x.xlsx", [["side"]])
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "reading .xlsx needs the collect extra (pip install "
        "'alignment-cli[collect]'); or save the sheet as CSV "
        "UTF-8",
        str(path),
    )


def test_a_value_past_the_column_limit_names_its_row_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(
        tmp_path / "x.xlsx", [["side", "a", "b"], ["sales", 1, 2, None], ["marketing", 1, 2, "late"]]
    )
    monkeypatch.setattr(imports, "MAX_COLUMNS", 3)
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "row 3 has a value in column D; an export may have at most 3 columns",
        str(path),
    )


def test_a_macro_workbook_is_read_as_a_workbook(tmp_path: Path) -> None:
    book = workbook(tmp_path / "x.xlsx", [["side"], ["sales"]])
    path = tmp_path / "x.XLSM"
    path.write_bytes(book.read_bytes())
    assert read_table(path).rows == [(2, ["sales"])]


def test_a_csv_file_s_problems_name_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"  \n")
    err = refused(read_table, path)
    assert (err.detail, err.path) == ("is empty; expected a header row and one row per respondent", str(path))
    path.write_bytes(b"\xff\xfes\x00")
    assert refused(read_table, path).path == str(path)
    monkeypatch.setattr(imports, "MAX_BYTES", 1 << 20)
    path.write_bytes(b"x" * (2 << 20))
    err = refused(read_table, path)
    assert (err.detail, err.path) == ("is 2.0 MB; a CSV export may be at most 1 MB", str(path))


def test_an_empty_header_row_is_an_empty_first_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", [[None], ["sales", 4]])
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "its first sheet is empty; expected a header row and one row per respondent",
        str(path),
    )


def test_a_zip_that_is_no_workbook_is_not_a_readable_workbook(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.xml", "<a/>")
    err = refused(read_table, path)
    assert err.detail.startswith("is not a readable .xlsx workbook (KeyError: ")
    assert err.path == str(path)


def test_a_sheet_broken_inside_is_not_a_readable_workbook(tmp_path: Path) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    path = with_member(
        base,
        tmp_path / "x.xlsx",
        "xl/worksheets/sheet1.xml",
        b"<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'>",
    )
    err = refused(read_table, path)
    assert err.detail.startswith("is not a readable .xlsx workbook (") and ": " in err.detail
    assert err.path == str(path)


def test_a_sheet_with_old_mac_line_ends_is_read() -> None:
    table = parse_table('side,name\rsales,Ana\rmarketing,"B\rC"\r', path=None)
    assert table.rows == [(2, ["sales", "Ana"]), (3, ["marketing", "B\rC"])]


def test_a_cell_that_cannot_be_read_is_named_as_the_sheet_is_read(tmp_path: Path) -> None:
    base = workbook(tmp_path / "base.xlsx", [["side"], ["sales"]])
    sheet = (
        b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>side</t></is></c></row>"
        b"<row r='2'><c r='A2'><v>abc</v></c></row></sheetData></worksheet>"
    )
    path = with_member(base, tmp_path / "x.xlsx", "xl/worksheets/sheet1.xml", sheet)
    err = refused(read_table, path)
    assert (err.detail, err.path) == (
        "is not a readable .xlsx workbook (ValueError: invalid literal for int() with base 10: 'abc')",
        str(path),
    )
