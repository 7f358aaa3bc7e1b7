"""The CRM summary (`crm.json`, written by `alignment crm import`) and the report's section that
puts its figures beside each side's answers.

The summary holds aggregates only: counts, shares, a median and a 90th percentile, the period
and `n` of each. No lead id, name, address or timestamp of a single lead is ever in it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, ValidationError

from alignment_cli.errors import InputError
from alignment_cli.model.base import DocumentModel

SUMMARY_KIND = "alignment-crm-summary"
SUMMARY_VERSION = 1
MIN_COVERAGE = 0.8  # a figure needs its timestamps on at least this share of the leads
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class _Model(DocumentModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class CrmMetric(_Model):
    """One figure of the funnel, with what it rests on."""

    id: str
    title: str
    definition: str
    unit: Literal["hours", "percent"]
    value: float | None = None  # None: not measurable from this export
    p90: float | None = None  # for hours: the 90th percentile
    n: int = 0  # the leads the figure is computed over
    coverage: float = 0.0  # the share of all leads that have what the figure needs, 0-1
    needs: list[str] = Field(default_factory=list)  # the fields it reads
    period_from: str | None = None  # creation dates of the leads counted (ISO)
    period_to: str | None = None

    @property
    def measurable(self) -> bool:
        return self.value is not None

    @property
    def period(self) -> str:
        return period_words(self.period_from, self.period_to)

    @property
    def figure(self) -> str:
        """The figure in words: "31 business hours (90th percentile 70)", "64 %"."""
        if self.value is None:
            return f"not measurable from this export ({self.coverage:.0%} of leads have what it needs)"
        if self.unit == "hours":
            text = f"{_num(self.value)} business hours"
            return text + (f" (90th percentile {_num(self.p90)})" if self.p90 is not None else "")
        return f"{_num(self.value)} %"


class CrmSummary(_Model):
    """What `alignment crm import` writes: the figures of one lead export."""

    kind: Literal["alignment-crm-summary"] = "alignment-crm-summary"
    schema_version: int = SUMMARY_VERSION
    generator: str = ""
    source: str  # the layout: generic, salesforce, hubspot or map
    timezone: str = "UTC"
    business_hours: str = "Monday to Friday, 09:00-17:00"
    rows: int = 0  # data rows read
    leads: int = 0  # distinct leads counted
    duplicates: int = 0  # rows repeating a lead id already counted
    period_from: str | None = None
    period_to: str | None = None
    min_coverage: float = MIN_COVERAGE
    data_quality: dict[str, int] = Field(default_factory=dict)  # problem -> leads affected
    notes: list[str] = Field(default_factory=list)
    metrics: list[CrmMetric] = Field(default_factory=list)

    def metric(self, metric_id: str) -> CrmMetric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    @property
    def period(self) -> str:
        return period_words(self.period_from, self.period_to)


class DataRow(_Model):
    """One line of "What the data says": a figure beside each side's answer."""

    metric: str
    title: str
    figure: str
    n: int
    period: str
    question: str | None = None  # the item the sides answered
    statement: str | None = None  # its wording
    answers: dict[str, str] = Field(default_factory=dict)  # side -> the answer in words
    verdict: str = ""  # what the comparison shows, in words


class DataSection(_Model):
    """The report's section "What the data says"."""

    summary: CrmSummary
    rows: list[DataRow] = Field(default_factory=list)
    hours_tolerance: float = 8.0
    hours_relative: float = 0.5
    share_tolerance: float = 10.0
    bands: list[str] = Field(default_factory=list)  # the bands an ordered answer was read by


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def period_words(start: str | None, end: str | None) -> str:
    """2025-01-06 and 2025-03-28 as "January to March 2025"."""
    if not start or not end:
        return "no dates"
    y1, m1 = int(start[:4]), int(start[5:7])
    y2, m2 = int(end[:4]), int(end[5:7])
    if (y1, m1) == (y2, m2):
        return f"{MONTHS[m1 - 1]} {y1}"
    if y1 == y2:
        return f"{MONTHS[m1 - 1]} to {MONTHS[m2 - 1]} {y2}"
    return f"{MONTHS[m1 - 1]} {y1} to {MONTHS[m2 - 1]} {y2}"


def load_summary(path: Path) -> CrmSummary:
    """A summary written by `alignment crm import`; anything else is named as such."""
    from alignment_cli.io.yamlio import read_text

    text = read_text(path, max_bytes=2 * 1024 * 1024, what="CRM summary")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(
            f"is not valid JSON ({exc}); expected the summary `alignment crm import` writes", path=path
        ) from None
    if not isinstance(document, dict) or document.get("kind") != SUMMARY_KIND:
        raise InputError(
            "is not a CRM summary; make one with `alignment crm import EXPORT.csv -o crm.json`", path=path
        )
    if document.get("schema_version", 0) > SUMMARY_VERSION:
        raise InputError(
            f"was written by a newer version (schema {document['schema_version']}"
            f"); this one reads up to {SUMMARY_VERSION}",
            path=path,
        )
    try:
        return CrmSummary.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"{first['msg']}", path=path, where=where) from None
