"""`alignment check`: a scheduled re-assessment from a config file, judged against thresholds.

The order matters for CI: every input and output problem is found before anything is written
(exit 2); then the reports are written, and a failed threshold is a value, not an error: the
CheckOutcome carries it with the summary, and the command line prints the summary before it
exits 1, so a failing job still leaves its reports and its summary.

Baselines: one named on the command line must exist (a typo there is an error). One named in the
config may not exist yet, because the first run has nothing to compare with: the summary says
"no baseline yet" and the drop check is skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from alignment_cli.errors import InputError, OutputError, UsageError
from alignment_cli.formats import FORMATS, ReportFormat, spoken
from alignment_cli.io.files import SUMMARY_ENV
from alignment_cli.model.config import (
    DATA_THRESHOLDS,
    LoadedConfig,
    Thresholds,
    load_config,
)
from alignment_cli.model.result import Delta, DimensionResult, Result, no_index_reason, side_name
from alignment_cli.numbers import number
from alignment_cli.render.check_outcome import CheckFacts, render_summary

if TYPE_CHECKING:
    from alignment_cli.model.actions import CommitmentReview

Status = Literal["pass", "fail", "skipped"]


@dataclass(frozen=True)
class ThresholdResult:
    """One threshold judged: a row of the summary table, and the sentences saying why it failed.

    `actual` is the figure held against `limit`, None when it could not be measured.
    """

    name: str
    bound: Literal["at least", "at most"]
    limit: float
    actual: float | None
    status: Status
    reasons: tuple[str, ...] = ()
    subject: str | None = None  # the dimension the figure belongs to (user text, escaped)
    shown: str | None = None  # how the figure reads when it is more than a number

    @property
    def passed(self) -> bool:
        return self.status != "fail"

    @property
    def limit_text(self) -> str:
        return f"{self.bound} {_limit(self.limit)}"

    @property
    def now(self) -> str:
        return self.shown if self.shown is not None else number(self.actual, 1)


@dataclass(frozen=True)
class CheckOutcome:
    """What `alignment check` found: every threshold's result, notes, the Markdown summary and
    the reports written. The command line prints it and turns `passed` into the exit code."""

    thresholds: tuple[ThresholdResult, ...]
    notes: tuple[str, ...] = ()
    summary: str = ""
    reports: tuple[Path, ...] = ()
    kept: Path | None = None  # this run's result, added to the history folder
    not_kept: str | None = None  # why this run's result was not added to the history folder
    facts: CheckFacts | None = None  # what the JUnit and JSON forms say besides the thresholds

    @property
    def failures(self) -> list[str]:
        return [text for check in self.thresholds for text in check.reasons]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.thresholds)


def _limit(value: float) -> str:
    return number(value, 3, trim=True)


def evaluate(
    result: Result,
    thresholds: Thresholds,
    *,
    baseline: Delta | None,
    baseline_note: str | None = None,
    commitments: CommitmentReview | None = None,
) -> CheckOutcome:
    """Judge a result against the thresholds; pure, so each rule is easy to test alone."""
    checks: list[ThresholdResult] = []
    notes = [baseline_note] if baseline_note else []
    if result.alignment_index is None and thresholds.alignment_index is None:
        # too little data to judge is a failure in its own right (with a minimum index set,
        # that check fails and says why)
        checks.append(_data_check(result))
    if thresholds.alignment_index is not None:
        checks.append(_index_check(result, thresholds.alignment_index))
    if thresholds.max_gap is not None:
        checks.append(_gap_check(result, thresholds.max_gap, notes))
    if thresholds.max_drop is not None:
        checks.append(_drop_check(result, thresholds.max_drop, baseline, notes, quiet=bool(baseline_note)))
    if thresholds.max_overdue_actions is not None:
        checks.append(_overdue_check(thresholds.max_overdue_actions, commitments, notes))
    for dim_id, minimum in thresholds.dimensions.items():
        target = result.dimension(dim_id)
        if target is not None:  # the caller checks ids first; kept so evaluate stays total
            checks.append(_dimension_check(target, minimum))
    for name, limit in thresholds.on_data.items():
        checks.append(_data_check_on(result, name, limit))
    return CheckOutcome(tuple(checks), tuple(notes))


def _data_check_on(result: Result, name: str, limit: float) -> ThresholdResult:
    """A limit on one of the CRM's figures: a figure the export cannot measure fails, because
    the limit cannot be shown to hold."""
    metric_id, bound = DATA_THRESHOLDS[name]
    summary = result.crm.summary if result.crm is not None else None
    metric = summary.metric(metric_id) if summary is not None else None
    unit = " business hours" if metric_id == "hours_to_first_contact" else " %"
    title = metric.title if metric is not None else metric_id.replace("_", " ")
    label = f"CRM: {title}" + (" (median)" if metric_id == "hours_to_first_contact" else "")
    if metric is None or metric.value is None:
        why = (
            "no CRM summary is set (crm: in the config)"
            if metric is None
            else f"it is not measurable from the export ({metric.coverage:.0%} of leads have what it needs)"
        )
        return ThresholdResult(
            label,
            bound,
            limit,
            None,
            "fail",
            (f"{title}: {why}; the limit of {_limit(limit)}{unit} cannot be shown to hold.",),
            shown="no CRM summary" if metric is None else "not measurable",
        )
    value = metric.value
    broken = value > limit if bound == "at most" else value < limit
    shown = f"{number(value, 1)}{unit} (n = {metric.n}, {metric.period})"
    if not broken:
        return ThresholdResult(label, bound, limit, value, "pass", shown=shown)
    side = "over" if bound == "at most" else "under"
    return ThresholdResult(
        label,
        bound,
        limit,
        value,
        "fail",
        (
            f"{title}: {number(value, 1)}{unit} in the CRM ({metric.n} leads, {metric.period}), "
            f"{side} the limit of {_limit(limit)}{unit}.",
        ),
        shown=shown,
    )


def _overdue_check(limit: int, commitments: CommitmentReview | None, notes: list[str]) -> ThresholdResult:
    """Open commitments past their due date, counted on the date of this round's responses."""
    name = "Overdue commitments"
    if commitments is None:
        notes.append("No actions file is set, so the overdue-commitments check is skipped.")
        return ThresholdResult(name, "at most", limit, None, "skipped")
    late = commitments.overdue
    if len(late) <= limit:
        return ThresholdResult(name, "at most", limit, len(late), "pass", shown=str(len(late)))
    listing = "; ".join(
        f"{i.commitment.title} ({i.commitment.owner_label}, due "
        f"{i.commitment.due.isoformat() if i.commitment.due else '–'})"
        for i in late
    )
    reason = (
        f"{len(late)} commitment{'s are' if len(late) != 1 else ' is'} overdue as of "
        f"{commitments.as_of.isoformat()}, over the limit of {limit}: {listing}."
    )
    return ThresholdResult(name, "at most", limit, len(late), "fail", (reason,), shown=str(len(late)))


def _why_none(result: Result) -> str:
    return f"{no_index_reason(result)}; {_answered(result)}"


def _data_check(result: Result) -> ThresholdResult:
    """Whether the answers can carry an index at all: complete files on both sides (the limit
    shown is the completeness minimum, in percent)."""
    return ThresholdResult(
        "Enough answers to judge",
        "at least",
        round(result.rules.min_completeness * 100, 1),
        None,
        "fail",
        (f"There is not enough data to judge: {_why_none(result)}.",),
        shown="no index",
    )


def _index_check(result: Result, minimum: float) -> ThresholdResult:
    index = result.alignment_index
    reasons: tuple[str, ...] = ()
    if index is None:
        reasons = (
            f"There is no alignment index: {_why_none(result)}; its minimum of "
            f"{_limit(minimum)} cannot be shown to hold.",
        )
    elif index < minimum:
        reasons = (f"Alignment index {index:.1f} is under the minimum of {_limit(minimum)}.",)
    return ThresholdResult(
        "Alignment index", "at least", minimum, index, "fail" if reasons else "pass", reasons
    )


def _gap_check(result: Result, limit: float, notes: list[str]) -> ThresholdResult:
    gaps = [d for d in result.dimensions if d.gap is not None]
    widest = max(gaps, key=lambda d: (d.gap, d.id), default=None)
    reasons: list[str] = []
    if not result.gaps_computable:
        reasons.append(
            f"Gaps cannot be measured: {_why_none(result)}; the limit of "
            f"{_limit(limit)} cannot be shown to hold."
        )
    elif not gaps:
        reasons.append(
            f"No gap could be measured: {_no_gap_reason(result)}; the limit of "
            f"{_limit(limit)} cannot be shown to hold."
        )
    else:
        unmeasured = [d.title for d in result.dimensions if d.status == "insufficient"]
        if unmeasured:
            notes.append(
                f"No gap could be measured for {_titles(unmeasured)} (too few "
                "answers), so the gap limit was checked on the other dimensions only."
            )
    a, b = result.sides
    for dim in sorted(gaps, key=lambda d: (-(d.gap or 0.0), d.id)):  # widest first
        if dim.gap is not None and dim.gap > limit:
            reasons.append(
                f"{dim.title}: the gap between {side_name(a)} and {side_name(b)} is "
                f"{dim.gap:.1f} points, over the limit of {_limit(limit)}."
            )
    return ThresholdResult(
        "Largest gap between the sides",
        "at most",
        limit,
        widest.gap if widest else None,
        "fail" if reasons else "pass",
        tuple(reasons),
        subject=widest.title if widest else None,
    )


def _drop_check(
    result: Result, limit: float, baseline: Delta | None, notes: list[str], *, quiet: bool
) -> ThresholdResult:
    """`quiet`: a note already says why there is no baseline."""
    name = "Drop against the baseline"
    if baseline is None:
        if not quiet:
            notes.append("No baseline is set, so the drop check is skipped.")
        return ThresholdResult(name, "at most", limit, None, "skipped")
    if baseline.index_change is None:
        if result.alignment_index is None:
            return ThresholdResult(
                name, "at most", limit, None, "fail", (f"The drop cannot be measured: {_why_none(result)}.",)
            )
        notes.append("The baseline has no alignment index, so the drop check is skipped.")
        return ThresholdResult(name, "at most", limit, None, "skipped")
    drop = -baseline.index_change
    shown = f"{drop:.1f}" if drop > 0 else f"none ({baseline.index_change:+.1f})"
    if drop <= limit:
        return ThresholdResult(name, "at most", limit, drop, "pass", shown=shown)
    return ThresholdResult(
        name,
        "at most",
        limit,
        drop,
        "fail",
        (
            f"Alignment index fell by {drop:.1f} points against the baseline, "
            f"{baseline.index_before:.1f} to {baseline.index_after:.1f}, more than the limit of "
            f"{_limit(limit)}.",
        ),
        shown=shown,
    )


def _dimension_check(target: DimensionResult, minimum: float) -> ThresholdResult:
    reasons: tuple[str, ...] = ()
    if target.alignment is None:
        why = {
            "one-side": "only one side answered",
            "profile": "it is about each side's own focus, which is never scored",
        }.get(target.status, "too few of its items were answered")
        reasons = (
            f"{target.title}: alignment could not be scored, {why}; its minimum of "
            f"{_limit(minimum)} cannot be shown to hold.",
        )
    elif target.alignment < minimum:
        reasons = (
            f"{target.title}: alignment {target.alignment:.1f} is under its minimum of {_limit(minimum)}.",
        )
    return ThresholdResult(
        f"{target.title} alignment",
        "at least",
        minimum,
        target.alignment,
        "fail" if reasons else "pass",
        reasons,
    )


def _answered(result: Result) -> str:
    return (
        ", ".join(f"{side_name(side)} {result.respondents[side].respondents}" for side in result.sides)
        + " respondents so far"
    )


def _no_gap_reason(result: Result) -> str:
    """Why no dimension has a gap although both sides answered."""
    if all(d.status == "profile" for d in result.dimensions):
        return (
            "every dimension is about each side's own focus, where a difference is "
            "expected and no gap is measured"
        )
    return f"both sides answered, but too few items to score any dimension; {_answered(result)}"


def _titles(titles: list[str]) -> str:
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _check_dimension_ids(config: LoadedConfig, result: Result) -> None:
    known = [d.id for d in result.dimensions]
    for dim_id in config.settings.thresholds.dimensions:
        if dim_id not in known:
            raise config.error(
                f"thresholds.dimensions: {dim_id!r} is not a dimension of questionnaire "
                f"{result.questionnaire.id} {result.questionnaire.version} "
                f"(its dimensions: {', '.join(known)})",
                "thresholds",
                "dimensions",
                dim_id,
            )


def _response_files(config: LoadedConfig) -> list[Path]:
    """The response files the config names, without the config file and questionnaire file.

    `responses: [.]` is natural when everything lives in one folder, but that folder also holds
    alignment.yml (and perhaps the questionnaire), which are YAML files and are not responses.
    """
    from alignment_cli.model.response import discover

    own = {config.path.resolve()}
    ref = config.settings.questionnaire
    if ref is not None:
        candidate = config.resolve(ref)
        if candidate.is_file():
            own.add(candidate.resolve())
    files = discover(config.settings.responses, base=config.folder)
    responses = [path for path in files if path.resolve() not in own]
    if not responses:
        raise InputError(
            f"no response files found: responses in {config.path} names only the "
            "config file itself or its questionnaire"
        )
    return responses


def _report_plan(config: LoadedConfig) -> dict[ReportFormat, Path | None]:
    """Where each report goes: report.<ext> in the configured folder, which is always a folder."""
    from alignment_cli.render.reports import check_writable

    folder = config.output_folder
    report = config.settings.report
    if folder is None or report is None:
        return {}
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; report.output in {config.path} must name a folder")
    plan: dict[ReportFormat, Path | None] = {
        fmt: folder / f"report.{FORMATS[fmt].extension}" for fmt in dict.fromkeys(report.formats)
    }
    check_writable([path for path in plan.values() if path is not None])
    return plan


def _outputs_are_not_inputs(
    config: LoadedConfig,
    plan: dict[ReportFormat, Path | None],
    files: list[Path],
    baseline: Path | None,
    junit: Path | None = None,
    actions: Path | None = None,
) -> None:
    """The reports, and the CI job summary, must not replace or add to the config, a response
    file (those in a folder included), the questionnaire or the baseline (report.output: .
    with a baseline called report.json, say; GITHUB_STEP_SUMMARY naming the config)."""
    from alignment_cli.io.files import check_outputs
    from alignment_cli.model.response import discover

    inputs: list[Path | str] = [config.path, *files, *discover(files, unreadable=[])]
    if baseline is not None:
        inputs.append(baseline)
    if config.settings.questionnaire is not None:
        inputs.append(config.resolve(config.settings.questionnaire))
    if actions is not None:
        inputs.append(actions)
    for name in ("crm", "crm_file"):  # figures from a CRM, where the config names them
        extra = getattr(config.settings, name, None)
        if isinstance(extra, str | Path):
            inputs.append(config.resolve(str(extra)))
    history = config.history_folder
    if history is not None and history.is_dir():
        inputs += [history, *sorted(history.iterdir())[:10_000]]
    reports = [p for p in plan.values() if p is not None]
    check_outputs(reports, inputs=inputs)
    summary = os.environ.get(SUMMARY_ENV)
    if summary:
        check_outputs(
            [Path(summary)], inputs=[*inputs, *reports], instead=f"Point {SUMMARY_ENV} at a file of its own"
        )
    if junit is not None:
        check_outputs(
            [junit],
            inputs=[*inputs, *reports, *([Path(summary)] if summary else [])],
            instead="Choose another --junit file",
        )
        _not_the_same_place(junit, [*reports, *([Path(summary)] if summary else [])], inputs)


def _not_the_same_place(output: Path, others: list[Path], inputs: list[Path | str]) -> None:
    """An output that does not exist yet can still be one of this run's other outputs (the
    reports are written first) or lie inside a folder of inputs: compared by resolved name."""
    target = os.path.realpath(output)
    for other in others:
        if os.path.realpath(other) == target:
            raise OutputError(f"{output}: is also where this run writes {other}; choose another --junit file")
    for entry in inputs:
        if os.path.realpath(entry) == target:
            raise OutputError(f"{output}: is an input of this run ({entry}); choose another --junit file")


def _baseline_source(config: LoadedConfig, override: Path | None) -> tuple[Path | None, str | None]:
    """The baseline file to read, or a note saying why there is none."""
    if override is not None:
        return override, None
    path = config.baseline_path
    if path is None:
        return None, None
    if not path.exists():
        return None, (
            f"No baseline yet: {path} does not exist, so the drop check is skipped. "
            "Once you accept a run, copy its report.json there."
        )
    return path, None


def _check_crm_limits(config: LoadedConfig, thresholds: Thresholds) -> None:
    """A limit on the CRM's figures without a CRM summary to take them from is a config error."""
    if config.crm_path is None and thresholds.on_data:
        name = next(iter(thresholds.on_data))
        raise config.error(
            f"thresholds.{name} limits a CRM figure, but no crm: summary is "
            "set; add crm: crm.json (made by `alignment crm import`)",
            "thresholds",
            name,
        )


def run_check(
    config: Path,
    *,
    baseline: Path | None,
    fail_under: float | None,
    actions: Path | None = None,
    browser: str | None = None,
    junit: Path | None = None,
) -> CheckOutcome:
    """Score, write the reports, judge: the outcome carries the summary for the caller to print
    and, when a threshold does not hold, the reasons."""
    from alignment_cli.commands.report import ReportRequest, run_report

    if fail_under is not None and not 0 <= fail_under <= 100:
        raise UsageError(f"--fail-under {fail_under:g}: expected a number from 0 to 100")
    loaded = load_config(config)
    settings = loaded.settings
    thresholds = settings.thresholds
    if fail_under is not None:
        thresholds = thresholds.model_copy(update={"alignment_index": fail_under})

    plan = _report_plan(loaded)
    pdf = None
    if ReportFormat.pdf in plan:
        from alignment_cli.render.pdf import pdf_options

        pdf = pdf_options(browser, settings.report.paper if settings.report else "a4")
    actions_path = actions or loaded.actions_path
    if actions_path is not None:
        from alignment_cli.model.actions import load_actions

        load_actions(actions_path)  # a broken actions file fails before anything is written
    history = loaded.history_folder
    if history is not None and history.exists() and not history.is_dir():
        raise OutputError(f"{history}: is a file; history in {loaded.path} must name a folder")
    baseline_path, baseline_note = _baseline_source(loaded, baseline)
    files = _response_files(loaded)
    _check_crm_limits(loaded, thresholds)
    _outputs_are_not_inputs(loaded, plan, files, baseline_path, junit, actions_path)
    report = run_report(
        ReportRequest(
            files,
            plan,
            questionnaire=settings.questionnaire,
            questionnaire_base=loaded.folder,
            organization=settings.organization,
            min_completeness=settings.min_completeness,
            max_actions=settings.max_actions,
            crm=loaded.crm_path,
            baseline=baseline_path,
            actions=actions_path,
            history=history,
            commitments_at_today=True,  # a scheduled check judges commitments at today's date
            pdf=pdf,
            before_writing=lambda result, _: _check_dimension_ids(loaded, result),
        )
    )
    result, extras = report.result, report.extras
    outcome = evaluate(
        result,
        thresholds,
        baseline=result.baseline,
        baseline_note=baseline_note,
        commitments=extras.commitments,
    )
    reports = tuple(p for p in plan.values() if p is not None)
    summary = render_summary(
        result,
        outcome,
        baseline_path=baseline_path,
        reports=list(reports),
        previous=report.previous,
        commitments=extras.commitments,
    )
    kept, not_kept = None, None
    if report.history is not None:  # read once, for the trend in the reports
        from alignment_cli.commands.trend import save_to_history
        from alignment_cli.render.reports import render_json

        why = _not_worth_keeping(result)
        if why is None:
            kept = save_to_history(report.history, render_json(result))
        else:
            folder = str(report.history.folder)
            not_kept = f"Not kept in {folder.rstrip(os.sep) + os.sep}: {why}"
    facts = CheckFacts(
        organization=result.organization,
        questionnaire=result.questionnaire.id,
        questionnaire_version=result.questionnaire.version,
        alignment_index=result.alignment_index,
        stage=result.stage.name if result.stage else None,
        config=str(config),
        notes=outcome.notes,
        reports=tuple(str(p) for p in report.files),
        baseline=str(baseline_path) if baseline_path else None,
    )
    return replace(outcome, summary=summary, reports=report.files, kept=kept, not_kept=not_kept, facts=facts)


def _not_worth_keeping(result: Result) -> str | None:
    """Why this round stays out of the history, if it does: a round where the two sides' answers
    cannot be compared measures nothing a trend shows. Checking blank templates before anyone
    has answered would otherwise keep a round dated today, sorting after every real one."""
    if result.gaps_computable:
        return None
    scored = [side_name(s) for s in result.sides if result.respondents[s].respondents]
    if not scored:
        return "no side's answers could be scored"
    return f"only the answers from {spoken(scored, 'and')} could be scored, and a round compares both sides"
