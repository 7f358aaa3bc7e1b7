"""Reading the timestamps a survey platform adds to its export, a column at a time.

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

_CLOCK = (
    r"(?:(?:\s+|T)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<half>[AP])\.?M\.?)?)?"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/.])(?P<first>\d{1,2})(?P=sep)(?P<second_part>\d{1,2})" + _CLOCK,
    re.I,
)
_YEAR_LAST = re.compile(
    r"(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second_part>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})" + _CLOCK,
    re.I,
)
_ZONE = re.compile(
    r"\s*(?:Z|(?:GMT|UTC)(?:\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?)$", re.I
)

DAY_FIRST, MONTH_FIRST = "day first", "month first"
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
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
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
    if match := _YEAR_FIRST.fullmatch(text):
        parts = {"year first": (match["first"], match["second_part"])}
    elif match := _YEAR_LAST.fullmatch(text):
        parts = {
            MONTH_FIRST: (match["first"], match["second_part"]),
            DAY_FIRST: (match["second_part"], match["first"]),
        }
    else:
        return {}
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    readings = {}
    for order, (month, day) in parts.items():
        try:
            readings[order] = datetime(year, int(month), int(day), *_clock(match), tzinfo=tz)
        except ValueError:  # not a real date, or not a real time
            continue
    return readings


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    if match["hour"] is None:
        return 0, 0, 0
    hour = int(match["hour"])
    if match["half"]:
        if not 1 <= hour <= 12:
            raise ValueError("an hour of a 12-hour clock is 1 to 12")
        hour = hour % 12 + (12 if match["half"].upper() == "P" else 0)
    return hour, int(match["minute"]), int(match["second"] or 0)


def _offset(zone: re.Match[str]) -> tzinfo:
    if not zone["sign"]:
        return UTC
    minutes = int(zone["hours"]) * 60 + int(zone["minutes"] or 0)
    return timezone(timedelta(minutes=-minutes if zone["sign"] == "-" else minutes))
