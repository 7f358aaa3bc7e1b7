"""A check's outcome drawn: the Markdown summary (standard output and the CI job summary), and
for CI systems JUnit XML (one test case per threshold) and JSON.

CI test views (GitHub, GitLab, Jenkins) read JUnit XML and show each test case as passed, failed
or skipped, so one threshold per test case tells at a glance which limit broke. The JSON form is
for scripts. All read the outcome through the small `ThresholdOutcome` and `CheckVerdict`
protocols, so they do not depend on how the check builds it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from alignment_cli.model.result import Result, no_index_reason

if TYPE_CHECKING:
    from alignment_cli.model.actions import CommitmentReview

JSON_SCHEMA = "alignment-check/1"
STATUS_LABELS = {"pass": "✅ pass", "fail": "❌ fail", "skipped": "➖ skipped"}
SUITE_NAME = "alignment check"
# XML 1.0 cannot carry these at all, not even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ThresholdOutcome(Protocol):
    """One threshold as judged: what it is, its limit, the figure found, and the verdict."""

    @property
    def name(self) -> str: ...
    @property
    def limit_text(self) -> str: ...  # "at least 50"
    @property
    def now(self) -> str: ...
    @property
    def status(self) -> str: ...  # "pass", "fail" or "skipped"
    @property
    def subject(self) -> str | None: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class CheckVerdict(Protocol):
    """Every threshold judged, the notes, and whether the check passed."""

    @property
    def thresholds(self) -> Sequence[ThresholdOutcome]: ...
    @property
    def notes(self) -> Sequence[str]: ...
    @property
    def failures(self) -> list[str]: ...
    @property
    def passed(self) -> bool: ...


@dataclass(frozen=True)
class CheckFacts:
    """What the outcome is about, beyond the thresholds themselves."""

    organization: str | None
    questionnaire: str
    questionnaire_version: str
    alignment_index: float | None
    stage: str | None
    config: str
    notes: Sequence[str] = ()
    reports: Sequence[str] = ()
    baseline: str | None = None


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _case_name(check: ThresholdOutcome) -> str:
    return f"{check.name} ({check.limit_text})"


def render_junit(checks: Sequence[ThresholdOutcome], facts: CheckFacts) -> str:
    """JUnit XML: a suite named after the config, a test case per threshold."""
    from xml.etree import ElementTree as ET

    failed = sum(1 for c in checks if c.status == "fail")
    skipped = sum(1 for c in checks if c.status == "skipped")
    suites = ET.Element(
        "testsuites",
        name=SUITE_NAME,
        tests=str(len(checks)),
        failures=str(failed),
        errors="0",
        skipped=str(skipped),
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=_xml_text(f"{SUITE_NAME}: {facts.config}"),
        tests=str(len(checks)),
        failures=str(failed),
        errors="0",
        skipped=str(skipped),
    )
    properties = ET.SubElement(suite, "properties")
    for key, value in _properties(facts).items():
        ET.SubElement(properties, "property", name=key, value=_xml_text(value))
    for check in checks:
        case = ET.SubElement(suite, "testcase", classname="alignment", name=_xml_text(_case_name(check)))
        figure = check.now + (f" in {check.subject}" if check.subject else "")
        if check.status == "fail":
            message = check.reasons[0] if check.reasons else f"{check.name}: {figure}"
            failure = ET.SubElement(case, "failure", message=_xml_text(message), type="threshold")
            failure.text = _xml_text("\n".join(check.reasons) or message)
        elif check.status == "skipped":
            ET.SubElement(case, "skipped", message=_xml_text(f"{check.name}: not checked"))
        out = ET.SubElement(case, "system-out")
        out.text = _xml_text(f"{check.name}: {figure} (limit: {check.limit_text})")
    if facts.notes:
        notes = ET.SubElement(suite, "system-out")
        notes.text = _xml_text("\n".join(facts.notes))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _properties(facts: CheckFacts) -> dict[str, str]:
    props = {
        "questionnaire": f"{facts.questionnaire} {facts.questionnaire_version}",
        "alignment_index": "none" if facts.alignment_index is None else f"{facts.alignment_index:.1f}",
        "stage": facts.stage or "none",
    }
    if facts.organization:
        props["organization"] = facts.organization
    if facts.baseline:
        props["baseline"] = facts.baseline
    return props


def outcome_document(checks: Sequence[ThresholdOutcome], facts: CheckFacts) -> dict[str, Any]:
    """The outcome as plain data: `passed` decides, `thresholds` says why."""
    return {
        "schema": JSON_SCHEMA,
        "passed": not any(c.status == "fail" for c in checks),
        "config": facts.config,
        "organization": facts.organization,
        "questionnaire": {"id": facts.questionnaire, "version": facts.questionnaire_version},
        "alignment_index": None if facts.alignment_index is None else round(facts.alignment_index, 1),
        "stage": facts.stage,
        "thresholds": [
            {
                "name": c.name,
                "limit": c.limit_text,
                "figure": c.now,
                "subject": c.subject,
                "status": c.status,
                "failures": list(c.reasons),
            }
            for c in checks
        ],
        "notes": list(facts.notes),
        "baseline": facts.baseline,
        "reports": list(facts.reports),
    }


def render_outcome_json(checks: Sequence[ThresholdOutcome], facts: CheckFacts) -> str:
    return json.dumps(outcome_document(checks, facts), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_summary(
    result: Result,
    outcome: CheckVerdict,
    *,
    baseline_path: Path | None,
    reports: list[Path],
    previous: Result | None = None,
    commitments: CommitmentReview | None = None,
) -> str:
    """The Markdown summary printed to stdout and added to the CI job summary.

    `previous` is the baseline result itself, which places its stage among the bands.
    """
    from alignment_cli.render.compare import ARROWS, arrow
    from alignment_cli.render.templates import render, tidy_markdown
    from alignment_cli.render.terminal import left_out_entries
    from alignment_cli.scoring.change import DEAD_BAND, biggest_moves, stage_trend

    change = result.baseline
    direction = stage_trend(previous, result) if change and previous else None
    context = {
        "r": result,
        "left_out": left_out_entries(result),
        "outcome": outcome,
        "checks": outcome.thresholds,
        "failures": outcome.failures,
        "notes": outcome.notes,
        "status_labels": STATUS_LABELS,
        "d": change,
        "baseline_path": str(baseline_path) if baseline_path else None,
        "moves": biggest_moves(change) if change else [],
        "arrow": arrow,
        "index_arrow": arrow(change.index_change) if change else "",
        "stage_arrow": ARROWS[direction] if direction else "",
        "no_index": None if result.alignment_index is not None else no_index_reason(result),
        "dead_band": DEAD_BAND,
        "arrows": ARROWS,
        "reports": [str(p) for p in reports],
        "commitments": commitments,
    }
    from alignment_cli.text import no_workflow_commands

    return no_workflow_commands(tidy_markdown(render("check-summary.md.j2", context)))
