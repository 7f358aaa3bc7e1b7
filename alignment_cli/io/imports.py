"""Reading a survey platform's export: a CSV sheet as a header and numbered rows of text.

Platforms and spreadsheets disagree on the details, so this reads what they actually write: a
UTF-8 byte-order mark (Excel's "CSV UTF-8"), Windows-1252 (Excel's plain CSV), commas or
semicolons (Excel where the decimal mark is a comma) or tabs, quoted cells holding delimiters or
line breaks. What the cells mean is decided elsewhere (commands/importing.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alignment_cli.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Table:
    """A sheet: its header and its rows, each with its row number as a spreadsheet shows it
    (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def column_name(index: int) -> str:
    """A spreadsheet column letter for a 0-based index: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_workbook(path)
    if suffix in {".xls", ".ods", ".numbers"}:
        raise InputError(
            f"{suffix} files are not read; save the sheet as .xlsx or as CSV (CSV UTF-8) and import that",
            path=path,
        )
    from alignment_cli.io.yamlio import read_bytes

    raw = read_bytes(path, max_bytes=MAX_BYTES, what="CSV export")
    return parse_table(decode_sheet(raw, path=path), path=path)


def read_workbook(path: Path) -> Table:
    """The first sheet of an Excel workbook, its cells as the text a CSV export would hold."""
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "reading .xlsx needs the collect extra (pip install "
            "'alignment-cli[collect]'); or save the sheet as CSV UTF-8",
            path=path,
        ) from None
    import io as _io

    from alignment_cli.io.yamlio import read_bytes

    raw = read_bytes(path, max_bytes=MAX_BYTES, what=".xlsx workbook")
    check_workbook_archive(raw, path=path)
    try:
        book = openpyxl.load_workbook(_io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # whatever a damaged or hostile workbook raises
        raise InputError(f"is not a readable .xlsx workbook ({_reason(exc)})", path=path) from None
    try:
        records = _sheet_records(book, path)
    except InputError:
        raise
    except Exception as exc:  # broken XML in the sheet, found as it is read
        raise InputError(f"is not a readable .xlsx workbook ({_reason(exc)})", path=path) from None
    finally:
        book.close()
    if not records or not any(c.strip() for c in records[0]):
        raise InputError(
            "its first sheet is empty; expected a header row and one row per respondent", path=path
        )
    header = [c.strip() for c in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = (record + [""] * len(header))[: len(header)]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    return Table(header, rows)


MAX_ROWS = 100_000  # respondents in one export; far more than any survey of two teams
MAX_COLUMNS = 1_000
MAX_EXPANDED = 100 * 1024 * 1024  # the workbook's files once unzipped, all together
MAX_MEMBERS = 1_000


def _reason(exc: Exception) -> str:
    from alignment_cli.text import clean_text

    text = clean_text(str(exc))[:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def check_workbook_archive(raw: bytes, *, path: Path) -> None:
    """Before openpyxl sees it: a zip of a sane number of files and expanded size, and XML
    with no document type declaration (no entities to expand, nothing external to fetch)."""
    import io as _io
    import zipfile

    try:
        with zipfile.ZipFile(_io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InputError(
                    f"holds {len(members):,} files; an .xlsx export holds a few dozen", path=path
                )
            expanded = sum(m.file_size for m in members)
            if expanded > MAX_EXPANDED:
                raise InputError(
                    f"expands to {expanded / 1_048_576:,.0f} MB; an export may "
                    f"expand to at most {MAX_EXPANDED // 1_048_576} MB",
                    path=path,
                )
            for member in members:
                # zip names are case-sensitive, and a part is read by the name the workbook's
                # relationships give it: sheet1.XML is as much XML as sheet1.xml
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _no_doctype(archive, member, path)
    except InputError:
        raise
    except Exception as exc:  # a damaged archive: zipfile, zlib and friends raise many kinds
        raise InputError(f"is not a readable .xlsx workbook ({_reason(exc)})", path=path) from None


def _no_doctype(archive: object, member: object, path: Path) -> None:
    tail = b""
    with archive.open(member) as handle:  # type: ignore[attr-defined]
        while chunk := handle.read(1 << 20):
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise InputError(
                    f"{member.filename}: declares a document type or entities "  # type: ignore[attr-defined]
                    "(which spreadsheet programs never write); it is not read",
                    path=path,
                )
            tail = chunk[-16:]


def _sheet_records(book: Any, path: Path) -> list[list[str]]:
    """The first sheet's rows, with limits on rows and columns. The used range the file
    declares, and the row numbers it gives, are not trusted: a 2 KB file may declare a million
    rows, or number its one row 999,999,999. Rows are read as the file holds them (no filling
    of gaps), and the gaps are filled here up to the row limit only."""
    records: list[list[str]] = []
    for number, values in _sparse_rows(book, path):
        if number > MAX_ROWS + 1:
            raise InputError(
                f"has a value in row {number:,}; an export may have at most {MAX_ROWS:,} rows of answers",
                path=path,
            )
        while len(records) < number - 1:  # blank rows keep their numbers
            records.append([])
        records.append(values)
    return records


def _sparse_rows(book: Any, path: Path) -> Any:
    """(row number, cell texts) for each row holding a value, without the empty rows between."""
    sheet = book.worksheets[0]
    try:  # openpyxl's own parser, which yields the rows the file holds and nothing else
        from openpyxl.worksheet._reader import WorkSheetParser

        source = sheet._get_source()
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - another openpyxl
        for number, row in enumerate(
            sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS + 1, values_only=True), start=1
        ):
            yield number, _row_texts([(i + 1, v) for i, v in enumerate(row)], number, path)
        return
    with source:
        for number, cells in parser.parse():
            texts = _row_texts([(c["column"], c["value"]) for c in cells], number, path)
            if any(t.strip() for t in texts):
                yield number, texts


def _row_texts(cells: list[tuple[int, Any]], number: int, path: Path) -> list[str]:
    width = 0
    for column, value in cells:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if column > MAX_COLUMNS:
            raise InputError(
                f"row {number} has a value in column {column_name(column - 1)}; "
                f"an export may have at most {MAX_COLUMNS:,} columns",
                path=path,
            )
        width = max(width, column)
    out = [""] * width
    for column, value in cells:
        if 1 <= column <= width:
            out[column - 1] = _cell_text(value)
    return out


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def decode_sheet(raw: bytes, *, path: Path | str | None) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("is UTF-16 encoded; export the sheet as CSV UTF-8", path=path)
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw:
        raise InputError("is not a CSV text file (it holds binary data); export as CSV", path=path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel's plain "CSV" on Windows


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: the one of , ; tab found most outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in ("\n", "\r"):
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


_SUBHEADER_CELLS = {"response", "open-ended response"}


def _is_subheader(record: list[str]) -> bool:
    """SurveyMonkey writes a second header row ('Response', 'Open-Ended Response') under the
    questions; it is no one's answers."""
    cells = [c.strip().casefold() for c in record if c.strip()]
    return bool(cells) and sum(c in _SUBHEADER_CELLS for c in cells) * 2 >= len(cells)


def parse_table(text: str, *, path: Path | str | None) -> Table:
    if not text.strip():
        raise InputError("is empty; expected a header row and one row per respondent", path=path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(f"is not valid CSV: {exc}", path=path, where=f"line {reader.line_num}") from None
    header = [cell.strip() for cell in records[0]]
    first = 2 if len(records) > 1 and _is_subheader(records[1]) else 1
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records[first:], start=first + 1):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            raise InputError(
                f"row {number} has {len(record)} cells but the header has "
                f"{len(header)}; check the delimiter and the quoting",
                path=path,
            )
        rows.append((number, record[: len(header)] + [""] * (len(header) - len(record))))
    return Table(header, rows)
