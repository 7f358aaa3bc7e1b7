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
        raise InputError(f"{suffix} files are not read; save the sheet as .xlsx or as CSV "
                         "(CSV UTF-8) and import that", path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder; expected a CSV file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"is over {MAX_BYTES // 1_048_576} MB; expected a CSV export",
                         path=path)
    return parse_table(decode_sheet(raw, path=path), path=path)


def read_workbook(path: Path) -> Table:
    """The first sheet of an Excel workbook, its cells as the text a CSV export would hold."""
    try:
        import openpyxl
    except ImportError:
        raise InputError("reading .xlsx needs the collect extra (pip install "
                         "'alignment-cli[collect]'); or save the sheet as CSV UTF-8",
                         path=path) from None
    import zipfile

    if not path.is_file():
        raise InputError("file not found", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"is over {MAX_BYTES // 1_048_576} MB; expected an export", path=path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"is not a readable .xlsx workbook ({exc})", path=path) from None
    try:
        sheet = book.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if not records or not any(c.strip() for c in records[0]):
        raise InputError("its first sheet is empty; expected a header row and one row per "
                         "respondent", path=path)
    header = [c.strip() for c in records[0]]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = (record + [""] * len(header))[: len(header)]
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    return Table(header, rows)


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
        raise InputError("is not a CSV text file (it holds binary data); export as CSV",
                         path=path)
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
        raise InputError("is empty; expected a header row and one row per respondent",
                         path=path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text),
                        strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise InputError(f"is not valid CSV: {exc}", path=path,
                         where=f"line {reader.line_num}") from None
    header = [cell.strip() for cell in records[0]]
    first = 2 if len(records) > 1 and _is_subheader(records[1]) else 1
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records[first:], start=first + 1):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header):]):
            raise InputError(f"row {number} has {len(record)} cells but the header has "
                             f"{len(header)}; check the delimiter and the quoting", path=path)
        rows.append((number, record[: len(header)] + [""] * (len(header) - len(record))))
    return Table(header, rows)
