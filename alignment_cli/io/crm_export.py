"""Reading a CRM lead export: which column holds what, and its dates as the CRM wrote them.

One row per lead. The layout names the columns: the generic one (`lead_id`, `created_at`, ...),
a Salesforce lead report, a HubSpot contacts or leads export, or a map file for any other
export. The file is read like a survey export (io/imports.py): a byte-order mark, Windows-1252,
commas, semicolons or tabs, .xlsx through openpyxl. Nothing here computes a figure; that is
scoring/funnel.py, and nothing here keeps a name, an address or a lead id beyond the row it is
on.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from alignment_cli.errors import InputError
from alignment_cli.io.files import describe_mode
from alignment_cli.io.imports import column_name, decode_sheet, sniff_delimiter
from alignment_cli.io.timestamps import DAY_FIRST, MONTH_FIRST, YEAR_FIRST, numeric_readings, order_told

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000

FIELDS = (
    "lead_id",
    "created_at",
    "mql_at",
    "first_contact_at",
    "accepted_at",
    "rejected_at",
    "sql_at",
    "closed_won_at",
    "outcome",
)
DATE_FIELDS = FIELDS[1:-1]


def header_key(text: str) -> str:
    """How headers are compared: spacing, case, underscores and typographic quotes aside."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ").replace("_", " ")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Layout:
    """A kind of export: for each field, the headers that may hold it (the first found wins),
    and the header cells that recognise it."""

    name: str
    title: str
    columns: dict[str, tuple[str, ...]]
    signature: tuple[str, ...] = ()
    day_first: bool = True  # how 03/04/2025 reads when no date in the file tells

    def recognises(self, header: Sequence[str]) -> bool:
        keys = {header_key(h) for h in header}
        return bool(self.signature) and all(header_key(s) in keys for s in self.signature)


GENERIC = Layout(
    "generic", "the generic layout", {f: (f,) for f in FIELDS}, signature=("lead_id", "created_at")
)

# A Salesforce lead report, as "Export > Details only" writes it. Lead ID, Create Date, Lead
# Status and Converted Date are standard; first contact and MQL/acceptance dates are usually
# custom fields, so their common labels are listed.
SALESFORCE = Layout(
    "salesforce",
    "a Salesforce lead report",
    {
        "lead_id": ("Lead ID", "Id"),
        "created_at": ("Create Date", "Created Date"),
        "mql_at": ("MQL Date", "Marketing Qualified Date", "Date MQL"),
        "first_contact_at": (
            "First Response",
            "First Contact Date",
            "First Call Date",
            "First Activity Date",
            "First Email Date",
        ),
        "accepted_at": ("Accepted Date", "SAL Date", "Sales Accepted Date"),
        "rejected_at": ("Rejected Date", "Disqualified Date"),
        "sql_at": ("SQL Date", "Converted Date", "Sales Qualified Date"),
        "closed_won_at": ("Closed Won Date", "Won Date"),
        "outcome": ("Lead Status", "Status"),
    },
    signature=("Lead ID", "Lead Status"),
    day_first=False,
)  # US exports: 1/31/2025

# A HubSpot contacts (or leads) export: the lifecycle-stage dates are standard properties.
HUBSPOT = Layout(
    "hubspot",
    "a HubSpot contacts or leads export",
    {
        "lead_id": ("Record ID", "Contact ID"),
        "created_at": ("Create Date", "Became a Lead Date"),
        "mql_at": ("Became a Marketing Qualified Lead Date",),
        "first_contact_at": (
            "First outreach date",
            "Date of first engagement",
            "Time of First Engagement",
            "First Contact Date",
        ),
        "accepted_at": ("Became a Sales Accepted Lead Date", "Accepted Date"),
        "rejected_at": ("Rejected Date", "Became Unqualified Date"),
        "sql_at": ("Became a Sales Qualified Lead Date",),
        "closed_won_at": ("Became a Customer Date",),
        "outcome": ("Lead Status",),
    },
    signature=("Record ID", "Create Date"),
    day_first=False,
)

PRESETS = {layout.name: layout for layout in (GENERIC, SALESFORCE, HUBSPOT)}


@dataclass(frozen=True)
class Columns:
    """Each field's column index in this file (absent fields are missing), and the layout."""

    layout: Layout
    index: dict[str, int]
    statuses: dict[str, str] = field(default_factory=dict)  # status text -> category, from a map


def choose_layout(header: Sequence[str], source: str | None, *, path: Path | str) -> Layout:
    if source is not None:
        if source not in PRESETS:
            raise InputError(
                f"--source {source!r}: expected one of {', '.join(PRESETS)} (or "
                "--map MAP.yaml for another export)"
            )
        return PRESETS[source]
    for layout in (GENERIC, SALESFORCE, HUBSPOT):
        if layout.recognises(header):
            return layout
    shown = ", ".join(h for h in header[:8] if h) or "none"
    raise InputError(
        f"the header is not one this import knows (its first columns: {shown}). "
        "Name the columns as the generic layout does (lead_id, created_at, mql_at, "
        "first_contact_at, ...), pass --source salesforce or --source hubspot, or "
        "name them in a map file (--map MAP.yaml)",
        path=path,
        where="line 1",
    )


def match_columns(
    header: Sequence[str], layout: Layout, *, path: Path | str, statuses: dict[str, str] | None = None
) -> Columns:
    keys = [header_key(h) for h in header]
    index: dict[str, int] = {}
    for name, headers in layout.columns.items():
        for candidate in headers:
            key = header_key(candidate)
            if key in keys:
                index[name] = keys.index(key)
                break
    if "created_at" not in index:
        wanted = " or ".join(repr(h) for h in layout.columns.get("created_at", ("created_at",)))
        raise InputError(
            f"no creation date column: {layout.title} names it {wanted}; every "
            "figure is counted from when a lead was created",
            path=path,
            where="line 1",
        )
    return Columns(layout, index, statuses or {})


STATUS_CATEGORIES = ("accepted", "rejected", "recycled", "won", "lost", "open")


def load_map(path: Path) -> tuple[Layout, dict[str, str]]:
    """A map file: `columns:` naming the export's header for each field, and optionally
    `statuses:` listing the outcome texts of each category (accepted, rejected, recycled, won,
    lost, open). Read with the safe YAML loader."""
    from alignment_cli.io.yamlio import load_yaml, read_text

    document = load_yaml(read_text(path, what="column map"), path=path, what="column map")
    if not isinstance(document, dict):
        raise InputError("expected a mapping with `columns:` (field: the export's header)", path=path)
    unknown = sorted(set(document) - {"columns", "statuses"})
    if unknown:
        raise InputError(
            f"unknown key(s) {', '.join(map(str, unknown))}; expected columns: and, optionally, statuses:",
            path=path,
        )
    columns = document.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise InputError(
            "columns: must map fields to the export's headers, for example `created_at: Created On`",
            path=path,
            where="columns",
        )
    mapped: dict[str, tuple[str, ...]] = {}
    for name, header in columns.items():
        if name not in FIELDS:
            raise InputError(
                f"{name!r} is not a field; the fields are {', '.join(FIELDS)}",
                path=path,
                where=f"columns.{name}",
            )
        if not isinstance(header, str) or not header.strip():
            raise InputError(
                "expected the header text of a column of the export", path=path, where=f"columns.{name}"
            )
        mapped[str(name)] = (header,)
    if "created_at" not in mapped:
        raise InputError(
            "created_at must be mapped: every figure is counted from when a lead was created",
            path=path,
            where="columns",
        )
    return Layout("map", f"the map in {path.name}", mapped), _map_statuses(document, path)


def _map_statuses(document: dict[str, object], path: Path) -> dict[str, str]:
    statuses: dict[str, str] = {}
    given = document.get("statuses") or {}
    if not isinstance(given, dict):
        raise InputError(
            "statuses: must map a category to a list of outcome texts", path=path, where="statuses"
        )
    for category, texts in given.items():
        if category not in STATUS_CATEGORIES:
            raise InputError(
                f"{category!r} is not a category; expected one of {', '.join(STATUS_CATEGORIES)}",
                path=path,
                where=f"statuses.{category}",
            )
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise InputError("expected a list of outcome texts", path=path, where=f"statuses.{category}")
        for text in texts:
            statuses[header_key(text)] = str(category)
    return statuses


def check_map_headers(header: Sequence[str], layout: Layout, *, path: Path | str, map_path: Path) -> None:
    """Every header a map names must be in the export: a typo is not a missing figure."""
    keys = {header_key(h) for h in header}
    for name, (wanted,) in layout.columns.items():
        if header_key(wanted) not in keys:
            raise InputError(
                f"the map names {wanted!r} for {name}, but the export has no such column",
                path=map_path,
                where=f"columns.{name}",
            )


# --- reading the file ---------------------------------------------------------------------------


class CsvRows:
    """The rows of a CSV export under its header, read as they are iterated (so 100,000 leads
    are never held twice), each pass from the start; a row cap and broken quoting are errors
    naming the file and the line."""

    def __init__(self, text: str, delimiter: str, *, path: Path | str, max_rows: int):
        self.text, self.delimiter, self.path, self.max_rows = text, delimiter, path, max_rows

    def __iter__(self) -> Iterator[list[str]]:
        for chunk in self.chunks(4096):
            yield from chunk

    def chunks(self, size: int) -> Iterator[list[list[str]]]:
        """The rows `size` at a time, each chunk taken from the reader in one C call (a
        generator step per row costs as much as reading it)."""
        reader = csv.reader(_text_stream(self.text), delimiter=self.delimiter, strict=True)
        left = self.max_rows
        try:
            next(reader, None)  # the header
            while left and (chunk := list(itertools.islice(reader, min(size, left)))):
                left -= len(chunk)
                yield chunk
            if any(next(reader, [])):
                raise InputError(
                    f"has more than {self.max_rows:,} leads; export a shorter period and import each file",
                    path=self.path,
                )
        except csv.Error as exc:
            raise InputError(
                f"is not valid CSV: {exc}", path=self.path, where=f"line {reader.line_num}"
            ) from None


def _text_stream(text: str) -> io.TextIOWrapper:
    """The text as a file for csv: a text stream over bytes reads lines ahead in blocks, a third
    faster than a StringIO, which also copies 100,000 leads into a wider buffer just to read a
    header; surrogatepass keeps any str as it was."""
    return io.TextIOWrapper(
        io.BytesIO(text.encode("utf-8", "surrogatepass")),
        encoding="utf-8",
        errors="surrogatepass",
        newline="",
    )


@dataclass
class Sheet:
    """The export's header and rows, each row with its number as a spreadsheet shows it."""

    header: list[str]
    rows: Iterable[list[str]]
    first_row: int = 2  # the number of the first row
    kind: str = "row"  # rows as a spreadsheet numbers them (the header is row 1)


def read_export(path: Path, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> Sheet:
    suffix = path.suffix.lower()
    info = _regular_file(path)
    if info.st_size > max_bytes:
        raise InputError(
            f"is {info.st_size / 1_048_576:.1f} MB; a lead export may be at most "
            f"{max_bytes // 1_048_576} MB (export fewer columns, or a shorter "
            "period)",
            path=path,
        )
    if suffix in {".xlsx", ".xlsm"}:
        return _read_workbook(path, max_rows)
    if suffix in {".xls", ".ods", ".numbers"}:
        raise InputError(f"{suffix} files are not read; save the export as .xlsx or CSV", path=path)
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as handle:
        raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise InputError(f"is over {max_bytes // 1_048_576} MB; a lead export may be at most that", path=path)
    text = decode_sheet(raw, path=path)
    if not text.strip():
        raise InputError("is empty; expected a header row and one row per lead", path=path)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(_text_stream(text), delimiter=delimiter, strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise InputError(f"is not valid CSV: {exc}", path=path, where="line 1") from None
    return Sheet(header, CsvRows(text, delimiter, path=path, max_rows=max_rows))


def _regular_file(path: Path) -> os.stat_result:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("lead export not found", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"is {describe_mode(info.st_mode)}; expected a lead export file (.csv or .xlsx)", path=path
        )
    return info


def _read_workbook(path: Path, max_rows: int) -> Sheet:
    try:
        import openpyxl
    except ImportError:
        raise InputError(
            "reading .xlsx needs the collect extra (pip install "
            "'alignment-cli[collect]'); or save the export as CSV",
            path=path,
        ) from None
    import zipfile

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"is not a readable .xlsx workbook ({exc})", path=path) from None
    try:
        values = book.worksheets[0].iter_rows(values_only=True)
        first = next(values, None)
        header = [_cell(v).strip() for v in first or ()]
        rows = []
        for record in values:
            rows.append([_cell(v) for v in record])
            if len(rows) > max_rows:
                raise InputError(
                    f"has more than {max_rows:,} leads; export a shorter period and import each file",
                    path=path,
                )
    finally:
        book.close()
    if not any(header):
        raise InputError("its first sheet is empty; expected a header row and one row per lead", path=path)
    return Sheet(header, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


# --- dates ----------------------------------------------------------------------------------------

EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's day 0, its 1900 leap-year bug included
_SERIAL = re.compile(r"^\d{4,5}(?:[.,]\d+)?$")
_BOTH_ORDERS = "some dates put the day first (13/04) and others the month (04/13)"


def slash_order(cells: Iterator[str]) -> bool | None:
    """Whether numeric dates such as 03/04/2025 put the day first: True when one of them can
    only be day-first (13/04), False when one can only be month-first (04/13), None when no
    cell tells. Both at once is an error for the caller to name."""
    day_first: bool | None = None
    for cell in cells:
        order = order_told(cell.strip())
        if order is None:
            continue
        if day_first is (order == MONTH_FIRST):
            raise ValueError(_BOTH_ORDERS)
        day_first = order == DAY_FIRST
    return day_first


def parse_when(cell: str, day_first: bool) -> datetime:
    """A timestamp as a CRM or a spreadsheet writes it: ISO 8601 (with or without a time or an
    offset), 31/01/2025 14:30 or 01/31/2025 2:30 PM (by `day_first`), 31.01.2025, or an Excel
    serial number. ValueError says what was expected."""
    try:
        return datetime.fromisoformat(cell)
    except ValueError:
        pass
    text = cell.strip()
    if _SERIAL.match(text):
        days = float(text.replace(",", "."))
        if days < 1:  # five digits at most: never past Excel's last day, 31 December 9999
            raise ValueError("expected a date")
        return EXCEL_EPOCH + timedelta(days=days)
    order = DAY_FIRST if day_first else MONTH_FIRST
    found = numeric_readings(text, order)  # ValueError: an hour that does not fit AM or PM
    if found is None:
        try:
            return datetime.fromisoformat(text.replace("/", "-"))
        except ValueError:
            raise ValueError(
                "expected a date such as 2025-01-31 14:30, 31/01/2025 14:30 or an Excel date"
            ) from None
    when = found.get(YEAR_FIRST) or found.get(order)
    if when is None:
        raise ValueError("no such date or time")
    return when


def place(sheet: Sheet, offset: int, index: int) -> str:
    """Where a cell is, as the user would look for it: line 7, column C (created_at)."""
    header = sheet.header[index] if index < len(sheet.header) else ""
    return f"{sheet.kind} {sheet.first_row + offset}, column {column_name(index)} ({header or 'no header'})"
