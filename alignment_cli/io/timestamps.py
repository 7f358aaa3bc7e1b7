"""Reading the timestamps a survey platform adds to its export, a column at a time; and the
reading of a date written in numbers, which the CRM import shares.

Platforms write their dates the way the account's locale does: ISO 8601 (what an .xlsx date cell
reads as), Google Forms' '2026/12/06 10:15:32 AM GMT+1', a US sheet's '12/6/2026 10:15:32', a
British one's '06/12/2026 10:15:32', a German one's '06.12.2026 10:15:32'. A date with its year
first is read as year, month, day. A date with its year last may be day first or month first:
it is read only when the export settles which (some date in it has a number above 12 where only
a day can be, and none says the opposite), or when both readings are the same day. Nothing is
guessed: a date not read is better than a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo

# between the date and the time: a space, a T, or a comma ('12/6/2026, 10:15:32 AM')
_CLOCK = (
    r"(?:(?:\s*,\s*|\s+|T)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<half>[AP])\.?M\.?)?)?"
)
# a date written in numbers: the year first (2026/12/06) or last (06.12.2026, 12/6/26), one
# separator throughout, then perhaps the time of day
_NUMERIC = re.compile(
    r"(?:(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"|(?P<first>\d{1,2})(?P<sep_>[-/.])(?P<second_part>\d{1,2})(?P=sep_)(?P<year_>\d{4}|\d{2}))" + _CLOCK,
    re.I,
)
_ZONE = re.compile(
    r"\s*(?:Z|(?:GMT|UTC)(?:\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?)$", re.I
)

YEAR_FIRST, DAY_FIRST, MONTH_FIRST = "year first", "day first", "month first"
TWELVE_HOURS = "expected an hour from 1 to 12 before AM or PM"
# the longest timestamp is some 40 characters; a longer cell is no timestamp, and is not handed
# to the patterns (a cell of a million spaces would keep the zone's search busy for hours)
LONGEST = 64


@dataclass
class TimeColumn:
    """A timestamp column, read: the time of each row read, by row number, and the cells not
    read, either in no format known (`unknown`) or with day and month either way (`either_way`)."""

    times: dict[int, datetime] = field(default_factory=dict)
    unknown: dict[int, str] = field(default_factory=dict)
    either_way: dict[int, str] = field(default_factory=dict)


def read_time_column(cells: Iterable[tuple[int, str]]) -> TimeColumn:
    """The column's cells (row number, text), read together: the dates that can only be day
    first (or only month first) settle the order for those that could be either."""
    return read_time_columns([cells])[0]


def read_time_columns(columns: Iterable[Iterable[tuple[int, str]]]) -> list[TimeColumn]:
    """Columns of one export (a start and a completion time), read together: a platform writes
    all its dates one way, so a date of either column can settle the order for both."""
    readings = [
        {number: (cell.strip(), time_readings(cell)) for number, cell in cells if cell.strip()}
        for cells in columns
    ]
    # a date with one reading, day first or month first, tells the order of the export
    orders = {
        order for column in readings for _, found in column.values() if len(found) == 1 for order in found
    }
    orders &= {DAY_FIRST, MONTH_FIRST}
    settled = orders.pop() if len(orders) == 1 else None
    return [_settle(column, settled) for column in readings]


def _settle(readings: dict[int, tuple[str, dict[str, datetime]]], settled: str | None) -> TimeColumn:
    column = TimeColumn()
    for number, (text, found) in readings.items():
        times = set(found.values())
        if len(times) == 1:
            column.times[number] = times.pop()
        elif settled is not None and settled in found:
            column.times[number] = found[settled]
        elif found:
            column.either_way[number] = text
        else:
            column.unknown[number] = text
    return column


def time_readings(cell: str) -> dict[str, datetime]:
    """Every reading of one timestamp: one for ISO 8601 and year-first dates; for a year-last
    date, its day-first and month-first readings that are real dates; none when it is no
    date and time known here."""
    text = cell.strip()
    if len(text) > LONGEST:
        return {}
    try:
        found = datetime.fromisoformat(text)  # Python 3.11 reads a final Z as UTC
    except ValueError:
        pass
    else:
        return {"iso": found if found.tzinfo else found.replace(tzinfo=UTC)}
    zone = _ZONE.search(text)
    tz: tzinfo = UTC
    if zone:
        try:
            tz = _offset(zone)
        except ValueError:
            return {}
        text = text[: zone.start()]
    try:
        readings = numeric_readings(text)
    except ValueError:  # an hour that does not fit AM or PM
        return {}
    return {order: when.replace(tzinfo=tz) for order, when in (readings or {}).items()}


def numeric_readings(text: str, order: str | None = None) -> dict[str, datetime] | None:
    """A date written in numbers, with its time of day if it has one (2026/12/06 10:15,
    06.12.2026, 12/6/26, 10:15:32 AM), as wall-clock times by order: one for a year-first date,
    and for a year-last one its day-first and month-first readings (only `order`'s, when one
    is given), each only if it is a real date and time ({} when none is). None when the text
    is no such date; ValueError (saying so) when its hour does not fit AM or PM."""
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    year, month, day, first, second, year_last, *clock = match.group(
        "year", "month", "day", "first", "second_part", "year_", "hour", "minute", "second", "half"
    )
    if year is not None:
        parts: tuple[tuple[str, str, str], ...] = ((YEAR_FIRST, month, day),)
    else:
        year = year_last
        parts = (
            ((MONTH_FIRST, first, second), (DAY_FIRST, second, first))
            if order is None
            else ((order, first, second) if order == MONTH_FIRST else (order, second, first),)
        )
    number = int(year) + (2000 if len(year) == 2 else 0)
    hour, minute, seconds = _clock(*clock)
    readings = {}
    for found, month, day in parts:
        try:
            readings[found] = datetime(number, int(month), int(day), hour, minute, seconds)
        except ValueError:  # not a real date, or not a real time
            continue
    return readings


def order_told(text: str) -> str | None:
    """The order a year-last date written in numbers can only be in, by its numbers alone:
    DAY_FIRST for 13/04/2025 (no 13th month), MONTH_FIRST for 04/13/2025; None for any other
    text. It looks at no calendar, so it is cheap enough for every cell of a large export."""
    match = _NUMERIC.fullmatch(text)
    if match is None or match["first"] is None:
        return None
    first, second = int(match["first"]), int(match["second_part"])
    if first > 12 >= second:
        return DAY_FIRST
    if second > 12 >= first:
        return MONTH_FIRST
    return None


def _clock(hour: str | None, minute: str, second: str | None, half: str | None) -> tuple[int, int, int]:
    if hour is None:
        return 0, 0, 0
    h = int(hour)
    if half:
        if not 1 <= h <= 12:
            raise ValueError(TWELVE_HOURS)
        h = h % 12 + (12 if half in "Pp" else 0)
    return h, int(minute), int(second or 0)


def _offset(zone: re.Match[str]) -> tzinfo:
    if not zone["sign"]:
        return UTC
    minutes = int(zone["hours"]) * 60 + int(zone["minutes"] or 0)
    return timezone(timedelta(minutes=-minutes if zone["sign"] == "-" else minutes))
