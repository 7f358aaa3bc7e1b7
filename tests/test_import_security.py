"""`alignment import` attacked: CSV encodings, delimiters, duplicate respondents, number formats,
names that look like paths, special files, write errors part-way; workbooks with broken XML,
entity declarations, and used ranges far larger than their file."""

from __future__ import annotations

import io
import os
import resource
import zipfile
from pathlib import Path

import pytest

from alignment_cli.errors import InputError
from alignment_cli.io.imports import read_table
from tests.helpers import MINI

openpyxl = pytest.importorskip("openpyxl")


def write(tmp_path: Path, text: str | bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def assert_refused(result, *words: str) -> None:
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err and "internal error" not in result.err
    for word in words:
        assert word in result.err, result.err


# --- import-csv ---------------------------------------------------------------------------------


def test_the_same_respondent_twice_is_one_clear_message(tmp_path, cli):
    """The issue's example: two files were written, and `report` refused the folder."""
    sheet = write(
        tmp_path, "side,name,head,goals.agreed\nsales,Ana,yes,4\nsales,ana ,yes,3\nmarketing,Mo,yes,2\n"
    )
    out = tmp_path / "r"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    assert_refused(result, "row 3", "row 2", "answered already")
    assert not out.exists() or not list(out.iterdir())
    skipped = cli("import", sheet, "--questionnaire", MINI, "--out", out, "--skip-invalid")
    assert skipped.code == 0, skipped.err
    assert cli("report", out, "--questionnaire", MINI, "-f", "json", "-o", tmp_path / "r.json").code == 0


def test_a_respondent_who_already_has_a_file_in_the_folder(tmp_path, cli):
    first = write(tmp_path, "side,name,goals.agreed\nsales,Ana,4\n", "a.csv")
    second = write(tmp_path, "side,name,goals.agreed\nsales,Bo,3\nsales, ANA,2\n", "b.csv")
    out = tmp_path / "r"
    assert cli("import", first, "--questionnaire", MINI, "--out", out).code == 0
    (out / "sales-ana.yaml").rename(out / "sales-first.yaml")
    result = cli("import", second, "--questionnaire", MINI, "--out", out)
    assert_refused(result, "row 3", "sales-first.yaml")
    assert sorted(p.name for p in out.iterdir()) == ["sales-first.yaml"]


@pytest.mark.parametrize(
    "cell",
    ["nan", "NaN", "inf", "-Infinity", "1e999", "1_0", "0x10", "1.234,5", "1,234.5", "\u0664\u0660", "1e3"],
)
def test_numbers_that_float_would_take_are_refused(tmp_path, cli, cell):
    sheet = write(tmp_path, f'side,name,leads.follow-up\nsales,Ana,"{cell}"\n')
    result = cli("import", sheet, "--questionnaire", MINI, "--out", tmp_path / "r")
    assert_refused(result, "row 2", "leads.follow-up")


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "..", "C:\\Windows\\x", "con", "a/b", ".hidden", "\x1b[2J", "~root"],
)
def test_names_that_look_like_paths_stay_in_the_folder(tmp_path, cli, name):
    sheet = write(tmp_path, f'side,name,goals.agreed\nsales,"{name}",4\n')
    out = tmp_path / "r"
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    assert result.code == 0, result.err
    (written,) = list(out.iterdir())
    assert written.parent == out and not written.name.startswith(".")
    assert written.name.startswith("sales-") and written.suffix == ".yaml"


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ";"), ("cp1252", "\t"), ("utf-8", ",")])
def test_encodings_and_delimiters(tmp_path, cli, encoding, delimiter):
    text = (
        delimiter.join(["side", "name", "goals.agreed"])
        + "\r\n"
        + delimiter.join(["sales", "Zoë Müller", "4"])
        + "\r\n"
    )
    sheet = write(tmp_path, text.encode(encoding))
    result = cli("import", sheet, "--questionnaire", MINI, "--out", tmp_path / "r")
    assert result.code == 0, result.err


def test_a_named_pipe_is_named_not_waited_on(tmp_path, cli):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    assert_refused(cli("import", fifo, "--questionnaire", MINI, "--out", tmp_path / "r"), "named pipe")
    book = tmp_path / "export.xlsx"
    os.mkfifo(book)
    assert_refused(cli("import", book, "--questionnaire", MINI, "--out", tmp_path / "r"), "named pipe")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("name", ["export.csv", "export.xlsx"])
def test_a_link_to_dev_zero_is_refused(tmp_path, cli, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    assert_refused(cli("import", link, "--questionnaire", MINI, "--out", tmp_path / "r"), "character device")


def test_a_write_error_part_way_leaves_nothing_half_written(tmp_path, cli, monkeypatch):
    sheet = write(tmp_path, "side,name,goals.agreed\nsales,Ana,4\nsales,Bo,3\nsales,Cy,2\n")
    out = tmp_path / "r"
    real_write = os.write
    calls = []

    def failing_write(fd, data):  # type: ignore[no-untyped-def]
        calls.append(fd)
        if len(calls) == 3:  # the third file: the disk fills up part-way through it
            real_write(fd, bytes(data)[:10])
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", failing_write)
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    monkeypatch.undo()
    assert_refused(result, "No space left on device", "nothing was written")
    assert list(out.iterdir()) == []


def test_an_import_never_replaces_a_file_or_follows_a_link_that_appeared(tmp_path, cli, monkeypatch):
    """A name free when the import was planned but taken before its file is created (another
    tool wrote it, or someone left a link there): refused, and the files already made removed."""
    sheet = write(tmp_path, "side,name,goals.agreed\nsales,Ana,4\nsales,Bo,3\n")
    out = tmp_path / "r"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me", encoding="utf-8")
    from alignment_cli.commands import importing

    real_plan = importing.plan_import

    def plan_then_race(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = real_plan(*args, **kwargs)
        os.symlink(elsewhere, plan.files[1][0])  # the second file's name, taken meanwhile
        return plan

    monkeypatch.setattr(importing, "plan_import", plan_then_race)
    result = cli("import", sheet, "--questionnaire", MINI, "--out", out)
    assert_refused(result, "appeared meanwhile", "nothing was written")
    assert [p.name for p in out.iterdir() if not p.is_symlink()] == []
    assert elsewhere.read_text(encoding="utf-8") == "keep me"


# --- import-xlsx --------------------------------------------------------------------------------


def small_book() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["side", "name", "goals.agreed"])
    sheet.append(["sales", "Ana", 4])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(sheet_xml: str | bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """The small workbook with its first sheet's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(small_book()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode() if isinstance(sheet_xml, str) else sheet_xml
            target.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>"
    '<row r="1"><c r="A1" t="inlineStr"><is><t>side</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>goals.agreed</t></is></c></row>'
    "{rows}</sheetData></worksheet>"
)


@pytest.mark.parametrize("last", [1_048_576, 999_999_999])
def test_a_tiny_workbook_declaring_a_huge_range_is_read_in_bounded_memory(tmp_path, last):
    """The issue's example: a 2 KB workbook whose used range is the whole sheet, with one cell
    in the last row."""
    xml = SHEET.format(
        dimension='<dimension ref="A1:XFD1048576"/>',
        rows=f'<row r="{last}"><c r="XFD{last}" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    path = write(tmp_path, with_sheet(xml), "huge.xlsx")
    assert path.stat().st_size < 10_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="at most"):
        read_table(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100


def test_a_declared_range_alone_costs_nothing(tmp_path):
    xml = SHEET.format(
        dimension='<dimension ref="A1:XFD1048576"/>',
        rows='<row r="2"><c r="A2" t="inlineStr"><is><t>sales</t></is></c><c r="B2"><v>4</v></c></row>',
    )
    table = read_table(write(tmp_path, with_sheet(xml), "ok.xlsx"))
    assert table.header == ["side", "goals.agreed"]
    assert table.rows == [(2, ["sales", "4"])]


def test_too_many_columns_is_refused(tmp_path):
    xml = SHEET.format(dimension="", rows='<row r="2"><c r="AMA2"><v>1</v></c></row>')
    with pytest.raises(InputError, match="columns"):
        read_table(write(tmp_path, with_sheet(xml), "wide.xlsx"))


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    "</sheetData></worksheet>"
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
    "</sheetData></worksheet>"
)


@pytest.mark.parametrize("xml", [LAUGHS, EXTERNAL])
def test_entity_declarations_are_refused(tmp_path, cli, xml):
    path = write(tmp_path, with_sheet(xml), "entities.xlsx")
    result = cli("import", path, "--questionnaire", MINI, "--out", tmp_path / "r")
    assert_refused(result, "entities.xlsx", "document type")


@pytest.mark.parametrize(
    "xml",
    [
        "<worksheet><sheetData><row",
        "not xml at all \x00",
        '<?xml version="1.0"?><worksheet xmlns="x"><sheetData>'
        '<row r="abc"><c r="A1"><v>1</v></c></row></sheetData>'
        "</worksheet>",
        b"\xff\xfe<\x00w\x00",
    ],
)
def test_broken_sheet_xml_is_a_clear_message(tmp_path, cli, xml):
    path = write(tmp_path, with_sheet(xml), "broken.xlsx")
    result = cli("import", path, "--questionnaire", MINI, "--out", tmp_path / "r")
    assert result.code == 2, result.err
    assert "broken.xlsx" in result.err and "Traceback" not in result.err


def test_a_workbook_that_expands_too_far_is_refused(tmp_path, monkeypatch):
    from alignment_cli.io import imports

    monkeypatch.setattr(imports, "MAX_EXPANDED", 1_000_000)
    data = with_sheet(SHEET.format(dimension="", rows=""), {"xl/padding.bin": b"\0" * 2_000_000})
    path = write(tmp_path, data, "bomb.xlsx")
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="expands to"):
        read_table(path)


def test_any_bytes_named_xlsx_are_exit_2(tmp_path, cli):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    base = small_book()

    @settings(max_examples=40, deadline=None)
    @given(st.integers(0, len(base) - 1), st.binary(min_size=1, max_size=8))
    def run(at: int, junk: bytes) -> None:
        path = tmp_path / "fuzzed.xlsx"
        path.write_bytes(base[:at] + junk + base[at + len(junk) :])
        result = cli("import", path, "--questionnaire", MINI, "--out", tmp_path / "out-fuzz")
        assert result.code in (0, 2), result.err
        assert "Traceback" not in result.err
        import shutil

        shutil.rmtree(tmp_path / "out-fuzz", ignore_errors=True)

    run()
