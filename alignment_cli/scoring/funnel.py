"""The funnel figures of a lead export: how fast Sales makes a first contact, how many leads it
accepts, how many end without a recorded outcome, convert, or go back to Marketing.

Time to first contact is counted in business hours (Monday to Friday, 09:00-17:00, in the
export's time zone), in constant time per lead: the business seconds from a fixed Monday to each
moment, subtracted, so a weekend, a night or a daylight-saving change costs nothing to cross. A
figure whose dates are on fewer than 80 % of the leads is not measurable, never a number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from statistics import median

from alignment_cli.errors import InputError
from alignment_cli.io.crm_export import (
    DATE_FIELDS,
    Columns,
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
MAX_ERRORS = 20  # cells listed in one message; the rest are counted

DEFAULT_STATUSES = {
    "accepted": ("accepted", "sal", "sales accepted", "working", "working - contacted",
                 "contacted", "in progress", "connected", "qualified", "open deal", "sql",
                 "converted", "closed - converted"),
    "rejected": ("rejected", "unqualified", "disqualified", "closed - not converted",
                 "not a fit", "junk", "invalid"),
    "recycled": ("recycled", "recycle", "returned", "returned to marketing", "nurture",
                 "nurturing", "back to nurture", "bad timing"),
    "won": ("won", "closed won", "closed - won", "customer"),
    "lost": ("lost", "closed lost", "closed - lost"),
    "open": ("new", "open", "open - not contacted", "attempted to contact", "attempting"),
}
_DEFAULT_STATUS = {header_key(text): category for category, texts in DEFAULT_STATUSES.items()
                   for text in texts}

DEFINITIONS = {
    "hours_to_first_contact": (
        "Time to first contact", "hours",
        "Business hours from the moment a lead reached Sales (mql_at, or created_at when there "
        "is none) to its first contact (first_contact_at): the median, and the 90th percentile "
        "(the nearest-rank value 90 % of leads stay within). Over the leads with both dates."),
    "contacted_within_24h": (
        "Contacted within 24 business hours", "percent",
        "Of the leads with a first contact, the share contacted within 24 business hours of "
        "reaching Sales."),
    "contacted_within_72h": (
        "Contacted within 72 business hours", "percent",
        "Of the leads with a first contact, the share contacted within 72 business hours of "
        "reaching Sales (three business days, the usual outer limit of a follow-up agreement)."),
    "acceptance_rate": (
        "Acceptance rate", "percent",
        "Leads accepted out of leads accepted plus rejected. Accepted: accepted_at, sql_at or "
        "closed_won_at, or an outcome such as accepted, working or converted; rejected: "
        "rejected_at, or an outcome such as rejected, unqualified or recycled."),
    "no_outcome_share": (
        "Leads with no recorded outcome", "percent",
        "Of all leads, the share with no acceptance, rejection, SQL or won date and no outcome "
        "that closes it (an empty, new or open status counts as none)."),
    "mql_to_sql": (
        "MQL to SQL conversion", "percent",
        "Of the leads with an MQL date (mql_at), the share that reached SQL (sql_at or "
        "closed_won_at)."),
    "recycled_share": (
        "Recycled or returned", "percent",
        "Of the leads with an outcome, the share recycled or returned to Marketing (an outcome "
        "such as recycled, returned or nurture)."),
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
    """Business seconds from a fixed Monday 00:00 to `moment` (wall-clock time)."""
    weeks, weekday = divmod(moment.toordinal() - _MONDAY, 7)
    total = (weeks * 5 + min(weekday, 5)) * DAY
    if weekday < 5:
        into = moment.hour * 3600 + moment.minute * 60 + moment.second - OPENS
        total += DAY if into > DAY else into if into > 0 else 0
    return total


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
    created: list[date] = field(default_factory=list)
    hours: list[float] = field(default_factory=list)
    hours_created: list[date] = field(default_factory=list)
    accepted: int = 0
    decided: list[date] = field(default_factory=list)
    no_outcome: int = 0
    mql: list[date] = field(default_factory=list)
    sql_of_mql: int = 0
    outcomes: list[date] = field(default_factory=list)
    recycled: int = 0
    unknown_outcomes: int = 0
    leads: int = 0
    problems: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def problem(self, what: str) -> None:
        self.problems[what] = self.problems.get(what, 0) + 1


def summarise(sheet: Sheet, cols: Columns, *, zone: tzinfo, zone_name: str,
              day_first: bool | None = None, path: Path | str = "",
              generator: str = "") -> CrmSummary:
    """The figures of an export; raises with every unreadable date (nothing is written)."""
    notes: list[str] = []
    if day_first is None:  # 03/04/2025: decided by the cells that cannot be read two ways
        date_columns = [cols.index[f] for f in DATE_FIELDS if f in cols.index]
        try:
            found = slash_order(row[i] for row in sheet.rows for i in date_columns
                                if i < len(row) and "/" in row[i])
        except ValueError as exc:
            raise InputError(f"{exc}; pass --day-first or --month-first", path=path) from None
        day_first = True if found is None else found
    tally = _tally(sheet, cols, zone, day_first)
    if tally.error_count:
        more = tally.error_count - len(tally.errors)
        raise InputError(f"{tally.error_count} date(s) cannot be read; nothing was written:\n  "
                         + "\n  ".join(tally.errors)
                         + (f"\n  ... and {more} more" if more else ""), path=path)
    if not tally.leads:
        raise InputError("has no leads: a header and no rows", path=path)
    if tally.unknown_outcomes:
        notes.append(f"{tally.unknown_outcomes} lead(s) have an outcome this import does not "
                     "know; they count as open. Name such outcomes under statuses: in a map "
                     "file (--map) to count them.")
    if tally.duplicates:
        notes.append(f"{tally.duplicates} row(s) repeat a lead id already read; each lead is "
                     "counted once (its first row).")
    return CrmSummary(
        generator=generator, source=cols.layout.name, timezone=zone_name,
        rows=tally.rows, leads=tally.leads, duplicates=tally.duplicates,
        period_from=min(tally.created).isoformat() if tally.created else None,
        period_to=max(tally.created).isoformat() if tally.created else None,
        min_coverage=MIN_COVERAGE,
        data_quality=dict(sorted(tally.problems.items())), notes=notes,
        metrics=_metrics(tally))


def _tally(sheet: Sheet, cols: Columns, zone: tzinfo, day_first: bool) -> _Tally:
    t = _Tally()
    index = cols.index
    id_col = index.get("lead_id")
    date_cols = [(f, index[f]) for f in DATE_FIELDS if f in index]
    outcome_col = index.get("outcome")
    statuses = {**_DEFAULT_STATUS, **cols.statuses}
    seen: set[str] = set()
    fromiso = datetime.fromisoformat
    for offset, row in enumerate(sheet.rows):
        if not "".join(row).strip():
            continue
        t.rows += 1
        width = len(row)
        if id_col is not None and id_col < width:
            lead = row[id_col].strip()
            if lead:
                if lead in seen:
                    t.duplicates += 1
                    continue
                seen.add(lead)
        when: dict[str, datetime | None] = {}
        for name, i in date_cols:
            cell = row[i] if i < width else ""
            if not cell:
                when[name] = None
                continue
            try:
                moment = fromiso(cell)
            except ValueError:
                if not cell.strip():
                    when[name] = None
                    continue
                try:
                    moment = parse_when(cell, day_first)
                except ValueError as exc:
                    t.error_count += 1
                    if len(t.errors) < MAX_ERRORS:
                        t.errors.append(f"{place(sheet, offset, i)}: {exc} (got {cell.strip()!r})")
                    when[name] = None
                    continue
            if moment.tzinfo is not None:
                moment = moment.astimezone(zone).replace(tzinfo=None)
            when[name] = moment
        outcome = statuses.get(header_key(row[outcome_col])) if (
            outcome_col is not None and outcome_col < width and row[outcome_col].strip()) \
            else None
        if outcome_col is not None and outcome is None and outcome_col < width \
                and row[outcome_col].strip():
            t.unknown_outcomes += 1
            outcome = "open"
        _count(t, when, outcome)
    return t


def _count(t: _Tally, when: dict[str, datetime | None], outcome: str | None) -> None:
    """One lead's dates and outcome added to the tally."""
    t.leads += 1
    created = when.get("created_at")
    if created is None:
        t.problem("no creation date (created_at)")
        return
    day = created.date()
    t.created.append(day)
    for name in ("mql_at", "first_contact_at", "accepted_at", "rejected_at", "sql_at",
                 "closed_won_at"):
        moment = when.get(name)
        if moment is not None and moment < created:
            t.problem(f"{name} before created_at (not used)")
            when[name] = None
    mql, contact = when.get("mql_at"), when.get("first_contact_at")
    start = mql or created
    if contact is not None:
        if contact < start:
            t.problem("first contact before the lead reached Sales (mql_at; not used)")
        else:
            t.hours.append(business_hours(start, contact))
            t.hours_created.append(day)
    sql = when.get("sql_at") or when.get("closed_won_at")
    accepted = bool(when.get("accepted_at") or sql or outcome in ("accepted", "won"))
    rejected = not accepted and bool(when.get("rejected_at") or outcome in ("rejected",
                                                                            "recycled"))
    if accepted or rejected:
        t.decided.append(day)
        t.accepted += accepted
    elif outcome not in ("lost",):
        t.no_outcome += 1
    if mql is not None:
        t.mql.append(day)
        t.sql_of_mql += sql is not None
    if outcome is not None:
        t.outcomes.append(day)
        t.recycled += outcome == "recycled"


def _metrics(t: _Tally) -> list[CrmMetric]:
    hours = sorted(t.hours)
    n_hours = len(hours)
    return [
        _metric(t, "hours_to_first_contact", t.hours_created,
                round(median(hours), 1) if hours else None,
                p90=round(nearest_rank(hours, 0.9), 1) if hours else None),
        _metric(t, "contacted_within_24h", t.hours_created,
                _share(sum(1 for h in hours if h <= 24), n_hours)),
        _metric(t, "contacted_within_72h", t.hours_created,
                _share(sum(1 for h in hours if h <= 72), n_hours)),
        _metric(t, "acceptance_rate", t.decided, _share(t.accepted, len(t.decided))),
        _metric(t, "no_outcome_share", t.created, _share(t.no_outcome, len(t.created))),
        _metric(t, "mql_to_sql", t.mql, _share(t.sql_of_mql, len(t.mql))),
        _metric(t, "recycled_share", t.outcomes, _share(t.recycled, len(t.outcomes))),
    ]


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _metric(t: _Tally, metric_id: str, counted: list[date], value: float | None, *,
            p90: float | None = None) -> CrmMetric:
    title, unit, definition = DEFINITIONS[metric_id]
    n = len(counted)
    coverage = n / t.leads if t.leads else 0.0
    measurable = n > 0 and n * 5 >= t.leads * 4  # at least 80 %, in whole numbers
    return CrmMetric(
        id=metric_id, title=title, unit=unit,  # type: ignore[arg-type]
        definition=definition, value=value if measurable else None,
        p90=p90 if measurable else None, n=n, coverage=round(coverage, 3),
        needs=NEEDS[metric_id],
        period_from=min(counted).isoformat() if counted else None,
        period_to=max(counted).isoformat() if counted else None)
