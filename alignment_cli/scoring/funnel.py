"""The funnel figures of a lead export: how fast Sales makes a first contact, how many leads it
accepts, how many end without a recorded outcome, convert, or go back to Marketing.

Time to first contact is counted in business hours (Monday to Friday, 09:00-17:00, in the
export's time zone), in constant time per lead: the business seconds from a fixed Monday to each
moment, subtracted, so a weekend, a night or a daylight-saving change costs nothing to cross. A
figure whose dates are on fewer than 80 % of the leads is not measurable, never a number.
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from operator import attrgetter
from pathlib import Path
from statistics import median
from typing import Any

from alignment_cli.errors import InputError
from alignment_cli.io.crm_export import (
    DATE_FIELDS,
    Columns,
    CsvRows,
    Sheet,
    header_key,
    parse_when,
    place,
    slash_order,
)
from alignment_cli.model.crm import MIN_COVERAGE, CrmMetric, CrmSummary

OPENS = 9 * 3600  # 09:00
DAY = 8 * 3600  # business seconds in a working day, 09:00-17:00
_MONDAY = date(2001, 1, 1).toordinal()  # any Monday: only differences are used
_EPOCH = datetime(2001, 1, 1)  # the same Monday at midnight
MAX_ERRORS = 20  # cells listed in one message; the rest are counted

DEFAULT_STATUSES = {
    "accepted": (
        "accepted",
        "sal",
        "sales accepted",
        "working",
        "working - contacted",
        "contacted",
        "in progress",
        "connected",
        "qualified",
        "open deal",
        "sql",
        "converted",
        "closed - converted",
    ),
    "rejected": (
        "rejected",
        "unqualified",
        "disqualified",
        "closed - not converted",
        "not a fit",
        "junk",
        "invalid",
    ),
    "recycled": (
        "recycled",
        "recycle",
        "returned",
        "returned to marketing",
        "nurture",
        "nurturing",
        "back to nurture",
        "bad timing",
    ),
    "won": ("won", "closed won", "closed - won", "customer"),
    "lost": ("lost", "closed lost", "closed - lost"),
    "open": ("new", "open", "open - not contacted", "attempted to contact", "attempting"),
}
_DEFAULT_STATUS = {
    header_key(text): category for category, texts in DEFAULT_STATUSES.items() for text in texts
}

DEFINITIONS = {
    "hours_to_first_contact": (
        "Time to first contact",
        "hours",
        "Business hours from the moment a lead reached Sales (mql_at, or created_at when there "
        "is none) to its first contact (first_contact_at): the median, and the 90th percentile "
        "(the nearest-rank value 90 % of leads stay within). Over the leads with both dates.",
    ),
    "contacted_within_24h": (
        "Contacted within 24 business hours",
        "percent",
        "Of the leads with a first contact, the share contacted within 24 business hours of reaching Sales.",
    ),
    "contacted_within_72h": (
        "Contacted within 72 business hours",
        "percent",
        "Of the leads with a first contact, the share contacted within 72 business hours of "
        "reaching Sales (three business days, the usual outer limit of a follow-up agreement).",
    ),
    "acceptance_rate": (
        "Acceptance rate",
        "percent",
        "Leads accepted out of leads accepted plus rejected. Accepted: accepted_at, sql_at or "
        "closed_won_at, or an outcome such as accepted, working or converted; rejected: "
        "rejected_at, or an outcome such as rejected, unqualified or recycled.",
    ),
    "no_outcome_share": (
        "Leads with no recorded outcome",
        "percent",
        "Of all leads, the share with no acceptance, rejection, SQL or won date and no outcome "
        "that closes it (an empty, new or open status counts as none).",
    ),
    "mql_to_sql": (
        "MQL to SQL conversion",
        "percent",
        "Of the leads with an MQL date (mql_at), the share that reached SQL (sql_at or closed_won_at).",
    ),
    "recycled_share": (
        "Recycled or returned",
        "percent",
        "Of the leads with an outcome, the share recycled or returned to Marketing (an outcome "
        "such as recycled, returned or nurture).",
    ),
}
NEEDS = {
    "hours_to_first_contact": ["mql_at or created_at", "first_contact_at"],
    "contacted_within_24h": ["mql_at or created_at", "first_contact_at"],
    "contacted_within_72h": ["mql_at or created_at", "first_contact_at"],
    "acceptance_rate": ["accepted_at, rejected_at, sql_at, closed_won_at or outcome"],
    "no_outcome_share": ["created_at"],
    "mql_to_sql": ["mql_at"],
    "recycled_share": ["outcome"],
}


def business_seconds(moment: datetime) -> int:
    """Business seconds from a fixed Monday 00:00 to `moment` (wall-clock time): whole weeks,
    whole working days, and the part of this day between 09:00 and 17:00."""
    weeks, weekday = divmod(moment.toordinal() - _MONDAY, 7)
    if weekday >= 5:
        return (weeks * 5 + 5) * DAY
    into = moment.hour * 3600 + moment.minute * 60 + moment.second - OPENS
    return (weeks * 5 + weekday) * DAY + (DAY if into > DAY else into if into > 0 else 0)


def business_hours(start: datetime, end: datetime) -> float:
    """Business hours from `start` to `end`, both wall-clock times in one zone."""
    return (business_seconds(end) - business_seconds(start)) / 3600


def nearest_rank(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values: the smallest value at least `share` of
    them are at or under."""
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@dataclass
class _Tally:
    """What the rows add up to, filled in one pass."""

    rows: int = 0
    duplicates: int = 0
    # each figure's leads by creation time (for its period and n)
    created: list[datetime] = field(default_factory=list)
    hours: list[float] = field(default_factory=list)
    hours_created: list[datetime] = field(default_factory=list)
    accepted: int = 0
    decided: list[datetime] = field(default_factory=list)
    no_outcome: int = 0
    mql: list[datetime] = field(default_factory=list)
    sql_of_mql: int = 0
    outcomes: list[datetime] = field(default_factory=list)
    recycled: int = 0
    unknown_outcomes: int = 0
    leads: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row offset, message)
    error_count: int = 0

    def problem(self, what: str, count: int = 1) -> None:
        if count:
            self.problems[what] = self.problems.get(what, 0) + count


def summarise(
    sheet: Sheet,
    cols: Columns,
    *,
    zone: tzinfo,
    zone_name: str,
    day_first: bool | None = None,
    path: Path | str = "",
    generator: str = "",
) -> CrmSummary:
    """The figures of an export; raises with every unreadable date (nothing is written)."""
    notes: list[str] = []
    tally = _tally(sheet, cols, zone, day_first, path)
    if tally.error_count:
        more = tally.error_count - len(tally.errors)
        raise InputError(
            f"{tally.error_count} date(s) cannot be read; nothing was written:\n  "
            + "\n  ".join(text for _, text in tally.errors)
            + (f"\n  ... and {more} more" if more else ""),
            path=path,
        )
    if not tally.leads:
        raise InputError("has no leads: a header and no rows", path=path)
    if tally.unknown_outcomes:
        notes.append(
            f"{tally.unknown_outcomes} lead(s) have an outcome this import does not "
            "know; they count as open. Name such outcomes under statuses: in a map "
            "file (--map) to count them."
        )
    if tally.duplicates:
        notes.append(
            f"{tally.duplicates} row(s) repeat a lead id already read; each lead is "
            "counted once (its first row)."
        )
    known: dict[int, tuple[str | None, str | None]] = {}
    metrics = _metrics(tally, known)
    period = _period(tally.created, known)
    return CrmSummary(
        generator=generator,
        source=cols.layout.name,
        timezone=zone_name,
        rows=tally.rows,
        leads=tally.leads,
        duplicates=tally.duplicates,
        period_from=period[0],
        period_to=period[1],
        min_coverage=MIN_COVERAGE,
        data_quality=dict(sorted(tally.problems.items())),
        notes=notes,
        metrics=metrics,
    )


_When = datetime | None
CHUNK = 4096  # rows read and added up at a time: column by column, and never all in memory
REACHED_SALES_EARLY = "first contact before the lead reached Sales (mql_at; not used)"


# the dates checked against a lead's creation: _Leads' name for each, and the export's
_LATER_DATES = {
    "mql": "mql_at",
    "accepted": "accepted_at",
    "rejected": "rejected_at",
    "sql": "sql_at",
    "won": "closed_won_at",
    "contact": "first_contact_at",
}


@dataclass(frozen=True, slots=True)
class _Leads:
    """A chunk's leads with a creation date, as columns: each lead's outcome (its category) and
    its dates (the fields of DATE_FIELDS, in order)."""

    outcome: list[str | None]
    created: list[datetime]
    mql: list[_When]
    contact: list[_When]
    accepted: list[_When]
    rejected: list[_When]
    sql: list[_When]
    won: list[_When]


def _tally(sheet: Sheet, cols: Columns, zone: tzinfo, day_first: bool | None, path: Path | str) -> _Tally:
    """The rows added up, a chunk at a time: 100,000 leads must cost at most 5 times a plain
    csv.reader pass, so each chunk is taken column by column (each date column parsed in one
    list comprehension, the common ISO case one C call per cell), and its leads are added up a
    column at a time too (a comprehension or a C call per step; a call per lead only for the
    rare lead with its dates out of order)."""
    t = _Tally()
    seen: set[str] = set()
    order = [day_first]
    statuses = {**_DEFAULT_STATUS, **cols.statuses}
    categories: dict[str, str | None] = {"": None}
    base = 0
    for chunk in _chunks(sheet.rows):
        leads = _chunk_leads(t, chunk, base, sheet, cols, zone, order, path, seen, statuses, categories)
        if leads is not None:
            _add_leads(t, leads)
        base += len(chunk)
    if t.errors:
        t.errors.sort(key=lambda e: e[0])
    return t


def _chunks(rows: Iterable[list[str]]) -> Iterator[list[list[str]]]:
    if isinstance(rows, CsvRows):
        yield from rows.chunks(CHUNK)
        return
    it = iter(rows)
    while chunk := list(itertools.islice(it, CHUNK)):
        yield chunk


def _chunk_leads(
    t: _Tally,
    rows: list[list[str]],
    base: int,
    sheet: Sheet,
    cols: Columns,
    zone: tzinfo,
    order: list[bool | None],
    path: Path | str,
    seen: set[str],
    statuses: dict[str, str],
    categories: dict[str, str | None],
) -> _Leads | None:
    """A chunk's rows as columns of leads, each lead once (its first row) and only with a
    creation date, every date read (an unreadable one counted in `t`); None for a chunk of
    blank rows."""
    numbers: Sequence[int] = range(base, base + len(rows))  # rows' places, blank rows aside
    if not all(map(any, rows)):
        numbers = [base + i for i, row in enumerate(rows) if any(row)]
        rows = [rows[i - base] for i in numbers]
    if not rows:
        return None
    width = len(sheet.header)
    # each field as a column of cells, a short row's missing cells empty; an absent field, empty
    by_column = list(itertools.zip_longest(*rows, fillvalue=""))
    empty = ("",) * len(rows)

    def column(name: str) -> Sequence[str]:
        i = cols.index.get(name)
        return by_column[i] if i is not None and i < len(by_column) else empty

    repeated = _repeated_rows(column("lead_id"), t, seen)
    dates = [
        _dates(column(name), cols.index.get(name, width), numbers, sheet, zone, order, cols, path, t)
        for name in DATE_FIELDS
    ]
    t.leads += len(rows) - len(repeated)
    texts = column("outcome")
    for text in set(texts).difference(categories):  # each new outcome text looked up once
        categories[text] = statuses.get(header_key(text), "unknown")
    columns: list[list[Any]] = [list(map(categories.__getitem__, texts)), *dates]
    for values in columns:  # a repeated id's rows dropped: few, so taken out where they stand
        for i in reversed(repeated):
            del values[i]
    return _dated(t, columns)


def _add_leads(t: _Tally, leads: _Leads) -> None:
    """A chunk's leads added to the tally, each later date only when it is not before the lead's
    creation (and a first contact not before the lead reached Sales)."""
    t.created.extend(leads.created)
    for i in _out_of_order(leads):  # rare: checked lead by lead only where one is
        _put_in_order(t, leads, i)
    outcome = _known_outcomes(t, leads.outcome)
    _first_contacts(t, leads)
    _what_became_of(t, outcome, leads)


def _dated(t: _Tally, columns: list[list[Any]]) -> _Leads:
    """The leads with a creation date; the others are counted and not used."""
    created = columns[1]
    undated = created.count(None)
    if undated:
        t.problem("no creation date (created_at)", undated)
        dated = [when is not None for when in created]
        columns = [list(itertools.compress(values, dated)) for values in columns]
    return _Leads(*columns)


def _out_of_order(leads: _Leads) -> list[int]:
    """The places of the leads with a date before their creation, or a first contact before
    they reached Sales (mql_at, else created_at): one pass over the columns together."""
    return [
        i
        for i, (created, mql, contact, accepted, rejected, sql, won) in enumerate(
            zip(
                leads.created,
                leads.mql,
                leads.contact,
                leads.accepted,
                leads.rejected,
                leads.sql,
                leads.won,
                strict=True,
            )
        )
        if (mql is not None and mql < created)
        or (contact is not None and contact < (mql or created))
        or (accepted is not None and accepted < created)
        or (rejected is not None and rejected < created)
        or (sql is not None and sql < created)
        or (won is not None and won < created)
    ]


def _put_in_order(t: _Tally, leads: _Leads, i: int) -> None:
    """The lead at `i` without the dates that are out of order (each counted, none used): the
    chunk's own columns, edited in place."""
    created = leads.created[i]
    # mql_at first: a first contact is then checked against what is left of it
    for attribute, name in _LATER_DATES.items():
        column = getattr(leads, attribute)
        if column[i] is not None and column[i] < created:
            t.problem(f"{name} before created_at (not used)")
            column[i] = None
    contact = leads.contact[i]
    if contact is not None and contact < (leads.mql[i] or created):
        t.problem(REACHED_SALES_EARLY)
        leads.contact[i] = None


def _known_outcomes(t: _Tally, outcome: list[str | None]) -> list[str | None]:
    """An outcome this import does not know counts as open (and is counted)."""
    unknown = outcome.count("unknown")
    if not unknown:
        return outcome
    t.unknown_outcomes += unknown
    return ["open" if o == "unknown" else o for o in outcome]


def _first_contacts(t: _Tally, leads: _Leads) -> None:
    """Business hours from the moment a lead reached Sales (mql_at, or created_at) to its first
    contact, for the leads with one."""
    timed = [contact is not None for contact in leads.contact]
    t.hours_created.extend(itertools.compress(leads.created, timed))
    ends = _business_seconds_of([contact for contact in leads.contact if contact is not None])
    starts = _business_seconds_of(
        [
            mql or created
            for mql, created, contact in zip(leads.mql, leads.created, leads.contact, strict=True)
            if contact is not None
        ]
    )
    t.hours.extend([(end - begin) / 3600 for end, begin in zip(ends, starts, strict=True)])


def _business_seconds_of(moments: Iterable[datetime]) -> list[int]:
    """business_seconds of each moment, written out: it runs for every lead, and a call costs
    more than the arithmetic (one subtraction from a Monday gives the days and the seconds into
    the day)."""
    out: list[int] = []
    add, epoch, day, opens = out.append, _EPOCH, DAY, OPENS  # locals: this loop runs per lead
    for moment in moments:
        since = moment - epoch
        weeks, weekday = divmod(since.days, 7)
        if weekday >= 5:
            add((weeks * 5 + 5) * day)
        else:
            into = since.seconds - opens
            add((weeks * 5 + weekday) * day + (day if into > day else into if into > 0 else 0))
    return out


def _what_became_of(t: _Tally, outcome: list[str | None], leads: _Leads) -> None:
    """Each lead accepted (a date or an outcome that says so), rejected, or with no recorded
    outcome (a lost lead has one); whether a lead with an MQL date reached SQL (sql_at or
    closed_won_at); and the leads with an outcome, recycled or not."""
    decided, mqls, ended = t.decided, t.mql, t.outcomes
    accepted_count = no_outcome = sql_of_mql = 0
    for status, mql, accepted, rejected, sql, won, day in zip(
        outcome, leads.mql, leads.accepted, leads.rejected, leads.sql, leads.won, leads.created, strict=True
    ):
        reached = sql or won
        if accepted or reached or status == "accepted" or status == "won":
            decided.append(day)
            accepted_count += 1
        elif rejected or status == "rejected" or status == "recycled":
            decided.append(day)
        elif status != "lost":
            no_outcome += 1
        if mql is not None:
            mqls.append(day)
            sql_of_mql += reached is not None
        if status is not None:
            ended.append(day)
    t.accepted += accepted_count
    t.no_outcome += no_outcome
    t.sql_of_mql += sql_of_mql
    t.recycled += outcome.count("recycled")


def _repeated_rows(ids: Sequence[str], t: _Tally, seen: set[str]) -> list[int]:
    """The places of the rows that do not count: each lead id counts once, its first row (a row
    without an id always counts)."""
    ids = list(map(str.strip, ids))
    t.rows += len(ids)
    fresh = set(ids)
    if len(fresh) == len(ids) and "" not in fresh and fresh.isdisjoint(seen):
        seen |= fresh  # the usual case: no id repeats
        return []
    # a few ids repeat (within the chunk, or from an earlier one): only their rows are walked
    fresh.discard("")  # a row without an id always counts, and is never "seen"
    repeated = {lead for lead, n in Counter(ids).items() if n > 1} | (fresh & seen)
    repeated.discard("")
    seen |= fresh - repeated
    places = []
    for i in [i for i, lead in enumerate(ids) if lead in repeated]:
        if ids[i] in seen:
            t.duplicates += 1
            places.append(i)
        else:
            seen.add(ids[i])
    return places


_TZINFO = attrgetter("tzinfo")  # a timestamp with an offset: 09:00-05:00, Z


def _dates(
    cells: Sequence[str],
    index: int,
    numbers: Sequence[int],
    sheet: Sheet,
    zone: tzinfo,
    order: list[bool | None],
    cols: Columns,
    path: Path | str,
    t: _Tally,
) -> list[datetime | None]:
    """A column of timestamps as wall-clock times in the zone; None where a cell is empty or
    cannot be read (counted in `t`, with its place)."""
    fromiso = datetime.fromisoformat
    try:  # the common case, ISO 8601 throughout
        values: list[datetime | None] = (
            list(map(fromiso, cells))
            if "" not in cells
            else [fromiso(cell) if cell else None for cell in cells]
        )  # a full column in one C call
    except ValueError:
        values = []
        for offset, cell in zip(numbers, cells, strict=True):
            values.append(_slow_date(cell, offset, index, sheet, order, cols, path, t))
    if not any(map(_TZINFO, filter(None, values))):  # one C loop, no regex over the text
        return values  # wall-clock times already, as most exports write them
    return [v.astimezone(zone).replace(tzinfo=None) if v is not None and v.tzinfo else v for v in values]


def _slow_date(
    cell: str,
    offset: int,
    index: int,
    sheet: Sheet,
    order: list[bool | None],
    cols: Columns,
    path: Path | str,
    t: _Tally,
) -> datetime | None:
    if not cell.strip():
        return None
    try:
        return datetime.fromisoformat(cell.strip())
    except ValueError:
        pass
    if order[0] is None and "/" in cell:
        order[0] = _slash_order(sheet, cols, path)
    try:
        return parse_when(cell, bool(order[0]))
    except ValueError as exc:
        t.error_count += 1
        if len(t.errors) < MAX_ERRORS:
            t.errors.append((offset, f"{place(sheet, offset, index)}: {exc} (got {cell.strip()!r})"))
        return None


def _slash_order(sheet: Sheet, cols: Columns, path: Path | str) -> bool:
    """Whether numeric dates such as 03/04/2025 put the day first, from the cells that can be
    read only one way (day first when none can)."""
    columns = [cols.index[f] for f in DATE_FIELDS if f in cols.index]
    try:
        found = slash_order(row[i] for row in sheet.rows for i in columns if i < len(row) and "/" in row[i])
    except ValueError as exc:
        raise InputError(f"{exc}; pass --day-first or --month-first", path=path) from None
    return cols.layout.day_first if found is None else found


def _period(
    counted: list[datetime], known: dict[int, tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The first and last creation date of a figure's leads; each list is scanned once, however
    many figures rest on it (three rest on the leads with a first contact)."""
    if id(counted) not in known:
        known[id(counted)] = (
            (min(counted).date().isoformat(), max(counted).date().isoformat()) if counted else (None, None)
        )
    return known[id(counted)]


def _metrics(t: _Tally, known: dict[int, tuple[str | None, str | None]]) -> list[CrmMetric]:
    hours = sorted(t.hours)
    n_hours = len(hours)
    return [
        _metric(
            t,
            "hours_to_first_contact",
            t.hours_created,
            known,
            round(median(hours), 1) if hours else None,
            p90=round(nearest_rank(hours, 0.9), 1) if hours else None,
        ),
        _metric(t, "contacted_within_24h", t.hours_created, known, _share(bisect_right(hours, 24), n_hours)),
        _metric(t, "contacted_within_72h", t.hours_created, known, _share(bisect_right(hours, 72), n_hours)),
        _metric(t, "acceptance_rate", t.decided, known, _share(t.accepted, len(t.decided))),
        _metric(t, "no_outcome_share", t.created, known, _share(t.no_outcome, len(t.created))),
        _metric(t, "mql_to_sql", t.mql, known, _share(t.sql_of_mql, len(t.mql))),
        _metric(t, "recycled_share", t.outcomes, known, _share(t.recycled, len(t.outcomes))),
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _metric(
    t: _Tally,
    metric_id: str,
    counted: list[datetime],
    known: dict[int, tuple[str | None, str | None]],
    value: float | None,
    *,
    p90: float | None = None,
) -> CrmMetric:
    title, unit, definition = DEFINITIONS[metric_id]
    n = len(counted)
    period = _period(counted, known)
    coverage = n / t.leads if t.leads else 0.0
    measurable = n > 0 and n * 5 >= t.leads * 4  # at least 80 %, in whole numbers
    return CrmMetric(
        id=metric_id,
        title=title,
        unit=unit,  # type: ignore[arg-type]
        definition=definition,
        value=value if measurable else None,
        p90=p90 if measurable else None,
        n=n,
        coverage=round(coverage, 3),
        needs=NEEDS[metric_id],
        period_from=period[0],
        period_to=period[1],
    )
