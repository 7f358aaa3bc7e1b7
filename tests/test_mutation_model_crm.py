"""The CRM summary model (model/crm.py) at its edges: a figure in words, its period, a metric
looked up by id, and a summary file refused for each way it can be wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.errors import InputError
from alignment_cli.model.crm import (
    MIN_COVERAGE,
    SUMMARY_KIND,
    SUMMARY_VERSION,
    CrmMetric,
    CrmSummary,
    load_summary,
    period_words,
)


def metric(**fields: Any) -> CrmMetric:
    base: dict[str, Any] = {"id": "m", "title": "M", "definition": "d", "unit": "hours"}
    return CrmMetric.model_validate(base | fields)


@pytest.mark.parametrize(
    ("fields", "figure"),
    [
        ({"value": 31.0, "p90": 70.0}, "31 business hours (90th percentile 70)"),
        ({"value": 31.0}, "31 business hours"),
        ({"value": 31.0, "p90": 0.0}, "31 business hours (90th percentile 0)"),
        ({"value": 2.96, "p90": 70.44}, "3 business hours (90th percentile 70.4)"),
        ({"value": 3.06}, "3.1 business hours"),
        ({"value": 2.94}, "2.9 business hours"),
        ({"value": 3.04}, "3 business hours"),
        ({"value": 0.0}, "0 business hours"),
        ({"value": 0.05}, "0.1 business hours"),
        ({"unit": "percent", "value": 64.0}, "64 %"),
        ({"unit": "percent", "value": 64.5, "p90": 80.0}, "64.5 %"),
        ({"coverage": 0.75}, "not measurable from this export (75% of leads have what it needs)"),
        ({"unit": "percent"}, "not measurable from this export (0% of leads have what it needs)"),
    ],
)
def test_a_figure_in_words(fields: dict[str, Any], figure: str) -> None:
    m = metric(**fields)
    assert m.figure == figure
    assert m.measurable is ("value" in fields)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2025-01-06", "2025-03-28", "January to March 2025"),
        ("2025-03-01", "2025-03-31", "March 2025"),
        ("2024-12-01", "2025-01-31", "December 2024 to January 2025"),
        ("2024-03-01", "2025-03-31", "March 2024 to March 2025"),
        ("2025-10-01T00:00:00", "2025-12-31T23:59:59", "October to December 2025"),
        (None, "2025-03-31", "no dates"),
        ("2025-03-01", None, "no dates"),
        ("", "2025-03-31", "no dates"),
        ("2025-03-01", "", "no dates"),
        (None, None, "no dates"),
    ],
)
def test_a_period_in_words(start: str | None, end: str | None, words: str) -> None:
    assert period_words(start, end) == words
    assert metric(period_from=start, period_to=end).period == words
    summary = CrmSummary(source="generic", period_from=start, period_to=end)
    assert summary.period == words


def test_a_metric_is_found_by_its_id() -> None:
    first, second = metric(id="a"), metric(id="b")
    summary = CrmSummary(source="generic", metrics=[first, second, metric(id="b", title="x")])
    assert summary.metric("b") is second and summary.metric("a") is first
    assert summary.metric("c") is None
    assert CrmSummary(source="generic").metric("a") is None


def test_a_summary_starts_with_its_kind_version_and_limits() -> None:
    summary = CrmSummary(source="generic")
    assert summary.kind == SUMMARY_KIND == "alignment-crm-summary"
    assert summary.schema_version == SUMMARY_VERSION == 1
    assert summary.min_coverage == MIN_COVERAGE == 0.8
    assert (summary.rows, summary.leads, summary.duplicates) == (0, 0, 0)
    assert summary.timezone == "UTC" and summary.metrics == []


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "crm.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


GOOD = {
    "kind": SUMMARY_KIND,
    "schema_version": 1,
    "source": "generic",
    "rows": 3,
    "metrics": [{"id": "m", "title": "M", "definition": "d", "unit": "percent", "value": 50}],
}


def test_a_summary_written_by_the_import_reads_back(tmp_path: Path) -> None:
    summary = load_summary(write(tmp_path, GOOD))
    assert summary.rows == 3 and summary.metric("m") is not None
    assert load_summary(write(tmp_path, GOOD | {"schema_version": 0})).rows == 3
    without = {k: v for k, v in GOOD.items() if k != "schema_version"}
    assert load_summary(write(tmp_path, without)).schema_version == SUMMARY_VERSION


@pytest.mark.parametrize(
    ("document", "message", "where"),
    [
        (
            "{not json",
            "is not valid JSON (Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)); expected the summary `alignment crm import` writes",
            None,
        ),
        ("[" * 100_000, "is not valid JSON", None),
        ([GOOD], "is not a CRM summary; make one with `alignment crm import EXPORT.csv -o crm.json`", None),
        (GOOD | {"kind": "alignment-result"}, "is not a CRM summary", None),
        ({k: v for k, v in GOOD.items() if k != "kind"}, "is not a CRM summary", None),
        (
            GOOD | {"schema_version": 2},
            "was written by a newer version (schema 2); this one reads up to 1",
            None,
        ),
        (
            GOOD | {"rows": "many"},
            "Input should be a valid integer, unable to parse string as an integer",
            "rows",
        ),
        (GOOD | {"metrics": [{"id": "m"}]}, "Field required", "metrics.0.title"),
    ],
)
def test_what_is_not_a_summary_is_named(
    tmp_path: Path, document: Any, message: str, where: str | None
) -> None:
    path = write(tmp_path, document)
    with pytest.raises(InputError) as caught:
        load_summary(path)
    assert caught.value.detail.startswith(message)
    assert caught.value.where == where
    assert caught.value.path == str(path)


def test_a_summary_file_may_be_two_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "crm.json"
    document = json.dumps(GOOD)
    path.write_text(document + " " * (2 * 1024 * 1024 - len(document)), encoding="utf-8")
    assert load_summary(path).rows == 3
    path.write_text(document + " " * (2 * 1024 * 1024 + 1 - len(document)), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_summary(path)
    assert caught.value.detail == "is 2.0 MB; a CRM summary may be at most 2 MB"
