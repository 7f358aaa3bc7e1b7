"""The report use-case: from response files to a scored result and its report files.

`alignment report`, `alignment check` and the workshop all make their report here, so what a
report contains (the CRM figures, the baseline, last round's commitments, the trend) is decided
in one place. A request value goes in and an outcome value comes out: nothing is printed and no
exit code is picked; the caller draws the terminal summary and says what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from alignment_cli.formats import ReportFormat
from alignment_cli.model.result import Result
from alignment_cli.render.reports import Extras

if TYPE_CHECKING:
    from alignment_cli.commands.trend import History
    from alignment_cli.render.pdf import PdfOptions


@dataclass(frozen=True)
class ReportRequest:
    """What to report on and where each format goes.

    `plan` maps each format to its file, or to None for standard output (`plan_outputs`); the
    terminal format is never written and is left to the caller to draw. `before_writing` sees
    the scored result before any file is written: `check` refuses a threshold on an unknown
    dimension there, and the workshop shows the result while a PDF is still printing.
    """

    paths: Sequence[str | Path]
    plan: Mapping[ReportFormat, Path | None]
    questionnaire: str | Path | None = None
    questionnaire_base: Path | None = None  # a questionnaire path is relative to this folder
    organization: str | None = None
    show_names: bool = False
    min_group_size: int = 3
    skip_invalid: bool = False
    min_completeness: float | None = None
    include_incomplete: bool = False
    max_actions: int | None = None
    crm: Path | None = None  # a CRM summary (`alignment crm import`)
    baseline: Path | None = None  # an earlier result JSON to show changes against
    actions: Path | None = None  # last round's commitments
    history: Path | None = None  # a folder of earlier results, for the trend
    commitments_at_today: bool = False  # a scheduled check judges them today, not on the answers' date
    template: Path | None = None  # report templates that override the built-in ones
    pdf: PdfOptions | None = None  # needed when the plan holds a pdf
    before_writing: Callable[[Result, Extras], None] | None = None

    def __post_init__(self) -> None:
        # a value: the caller's list and dict are copied, so nothing edits the request later
        object.__setattr__(self, "paths", tuple(self.paths))
        object.__setattr__(self, "plan", MappingProxyType(dict(self.plan)))


@dataclass(frozen=True)
class ReportOutcome:
    """The report made: the result, what was shown beside it, the files written and the text
    meant for standard output. `previous` is the baseline result itself, when one was named;
    `history` the history folder as read for the trend, when one was named (`check` keeps this
    round there without reading the folder again)."""

    result: Result
    extras: Extras
    files: tuple[Path, ...]
    stdout: str
    previous: Result | None = None
    history: History | None = None


def run_report(request: ReportRequest) -> ReportOutcome:
    """Score the responses, add what the request asks for beside them, and write the reports:
    every input is read and the result built before the first file is written."""
    from alignment_cli.commands.assessment import assess
    from alignment_cli.commands.followup import review_commitments
    from alignment_cli.render.reports import write_reports

    _outputs_are_not_inputs(request)
    crm = None
    if request.crm is not None:
        from alignment_cli.io.files import check_outputs
        from alignment_cli.model.crm import load_summary

        check_outputs([p for p in request.plan.values() if p is not None], inputs=[request.crm])
        crm = load_summary(request.crm)
    result = assess(
        request.paths,
        questionnaire=request.questionnaire,
        organization=request.organization,
        show_names=request.show_names,
        min_group_size=request.min_group_size,
        skip_invalid=request.skip_invalid,
        questionnaire_base=request.questionnaire_base,
        min_completeness=request.min_completeness,
        include_incomplete=request.include_incomplete,
        max_actions=request.max_actions,
        crm=crm,
    )
    previous = None
    if request.baseline is not None:
        from alignment_cli.model.result_file import load_result, same_organization
        from alignment_cli.scoring.change import baseline_delta

        previous = load_result(request.baseline, what="baseline result")
        same_organization(
            previous,
            result,
            earlier_is=f"the baseline {request.baseline}",
            later_is="this report",
            remedy=f"name an earlier result of {result.organization} as the baseline, or leave it out",
        )
        result = result.model_copy(update={"baseline": baseline_delta(previous, result, request.baseline)})
    commitments = review_commitments(result, request.actions, at_today=request.commitments_at_today)
    history = trend = None
    if request.history is not None:
        from alignment_cli.commands.trend import history_trend, read_history

        history = read_history(request.history)  # the one reading of the folder in this run
        trend = history_trend(history, result)
    extras = Extras(commitments=commitments, trend=trend)
    if request.before_writing is not None:
        request.before_writing(result, extras)
    written = write_reports(
        result, dict(request.plan), template_dir=request.template, extras=extras, pdf=request.pdf
    )
    return ReportOutcome(result, extras, written.files, written.stdout, previous, history)


def _outputs_are_not_inputs(request: ReportRequest) -> None:
    """No report may replace a file this run reads (a response, the questionnaire, the
    baseline, a template), nor go to a device, pipe or socket."""
    from alignment_cli.errors import AlignmentError
    from alignment_cli.io.files import check_outputs
    from alignment_cli.model.response import discover

    targets = [p for p in request.plan.values() if p is not None]
    if not targets:
        return
    try:
        inputs: list[Path | str] = list(discover(request.paths, unreadable=[]))
    except AlignmentError:
        inputs = []  # the same problem is reported, with its context, when the files are read
    questionnaire = request.questionnaire
    if questionnaire is not None and request.questionnaire_base is not None:
        questionnaire = request.questionnaire_base / questionnaire
    inputs += [p for p in (questionnaire, request.baseline) if p is not None]
    template = request.template
    if template is not None and template.is_dir():
        inputs += [p for p in template.rglob("*") if p.is_file()]
    check_outputs(targets, inputs=inputs)
