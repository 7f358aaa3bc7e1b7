"""The scoring pipeline, driven from this one place:

    screen -> compute -> find -> recommend -> prioritise -> certainty -> verdict -> headline

Each step is a pure function from the values before it to a new value; the Result is built once,
at the end, and never edited afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alignment_cli import __version__
from alignment_cli.formats import spoken
from alignment_cli.model.crm import CrmSummary
from alignment_cli.model.questionnaire import Questionnaire, Rules
from alignment_cli.model.response import Response
from alignment_cli.model.result import (
    Finding,
    Priority,
    QuestionnaireInfo,
    Result,
    SourceRef,
    StageBand,
    side_name,
)
from alignment_cli.model.result import Rules as ResultRules
from alignment_cli.scoring.certainty import interval
from alignment_cli.scoring.completeness import NO_ANSWERS, Screened, screen
from alignment_cli.scoring.compute import (
    DEFAULT_MIN_GROUP_SIZE,
    comments,
    compute,
    dates,
    organization_of,
    stage_bands,
)
from alignment_cli.scoring.crm import compare_with_data, with_data_findings
from alignment_cli.scoring.findings import find, self_views
from alignment_cli.scoring.priorities import lower_first, prioritise
from alignment_cli.scoring.recommendations import practice_states, recommend
from alignment_cli.scoring.types import Scored


@dataclass(frozen=True)
class Verdict:
    """The index and stage, or the plain reason there is none."""

    index: float | None
    interval: tuple[float, float] | None
    stage: StageBand | None
    reason: str | None


def score(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    *,
    labels: Sequence[str] | None = None,
    organization: str | None = None,
    organizations_merged: Sequence[str] = (),
    show_names: bool = False,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    skipped_files: Sequence[str] = (),
    min_completeness: float | None = None,
    include_incomplete: bool = False,
    max_actions: int | None = None,
    crm: CrmSummary | None = None,
) -> Result:
    """Score the responses: the whole diagnosis, from answers to headline."""
    rules = effective_rules(questionnaire, min_completeness=min_completeness, max_actions=max_actions)
    labels = list(labels) if labels is not None else [f"response {i}" for i in range(1, len(responses) + 1)]
    screened = screen(
        questionnaire,
        responses,
        labels,
        minimum=rules.min_completeness,
        include_incomplete=include_incomplete,
    )
    scored = compute(
        questionnaire, screened.kept, rules=rules, show_names=show_names, min_group_size=min_group_size
    )
    findings = find(scored)
    data = compare_with_data(scored, crm) if crm is not None else None
    if data is not None:  # the CRM's figures beside the answers: findings like any other
        findings = with_data_findings(findings, data.findings)
    ranking = prioritise(scored, findings, recommend(scored))
    verdict = judge(scored, screened)
    bands = stage_bands(questionnaire, rules)
    result_dates = dates(screened.kept)
    org = organization or organization_of(screened.kept or list(responses))
    return Result(
        generator=f"alignment-cli {__version__}",
        questionnaire=QuestionnaireInfo(
            id=questionnaire.id, version=questionnaire.version, title=questionnaire.title
        ),
        organization=org,
        responses_from=result_dates[0] if result_dates else None,
        responses_to=result_dates[-1] if result_dates else None,
        sides=scored.sides,
        respondents={
            side: summary.model_copy(update={"completeness": _mean_completeness(screened, side)})
            for side, summary in scored.respondents.items()
        },
        gaps_computable=scored.gaps_computable,
        alignment_index=verdict.index,
        alignment_index_interval=list(verdict.interval) if verdict.interval else None,
        no_index_reason=verdict.reason,
        stage=verdict.stage,
        stages=bands,
        headline=headline(
            org,
            scored,
            verdict,
            ranking.priorities,
            findings,
            [r.title for r in ranking.recommendations if r.in_plan],
        ),
        priorities=ranking.priorities,
        dimensions=ranking.dimensions,
        findings=findings,
        self_views=self_views(scored),
        recommendations=ranking.recommendations,
        practices=practice_states(scored),
        comments=comments(questionnaire, screened.kept, show_names),
        sources=[
            SourceRef(
                id=s.id, title=s.title, author=s.author, year=s.year if isinstance(s.year, int) else None
            )
            for s in questionnaire.sources
        ],
        show_names=show_names,
        min_group_size=min_group_size,
        skipped_files=list(skipped_files),
        respondent_files=screened.files,
        excluded=screened.excluded,
        organizations_merged=list(organizations_merged),
        rules=result_rules(rules, top_band=questionnaire.stages[-1].from_),
        crm=data.section if data is not None else None,
    )


def _mean_completeness(screened: Screened, side: str) -> float | None:
    shares = [f.completeness for f in screened.files if f.included and f.role == side]
    return round(sum(shares) / len(shares), 3) if shares else None


def effective_rules(
    questionnaire: Questionnaire, *, min_completeness: float | None = None, max_actions: int | None = None
) -> Rules:
    """The questionnaire's rules with the command line's or the config's overrides (the
    completeness minimum there is in percent, as people say it; in the rules, a share)."""
    update: dict[str, float | int] = {}
    if min_completeness is not None:
        update["min_completeness"] = min_completeness / 100  # given in percent
    if max_actions is not None:
        update["max_actions"] = max_actions
    return questionnaire.rules.model_copy(update=update)


def result_rules(rules: Rules, *, top_band: float) -> ResultRules:
    doc = rules.model_dump()
    doc["evidence"] = rules.evidence.model_dump()
    return ResultRules(**doc, top_band=top_band)


def judge(scored: Scored, screened: Screened) -> Verdict:
    """An index and a stage only when the data can carry them: a complete respondent on each
    side and enough dimensions measured. The stage says "between" when the interval spans two."""
    rules = scored.rules
    reason = _why_no_index(scored, screened)
    if reason is not None or scored.index is None:
        return Verdict(None, None, None, reason or "too few answers could be scored")
    shown = round(scored.index, 1)  # the rounded figure the reports print decides the stage
    bands = stage_bands(scored.questionnaire, rules)
    stage = next(b for b in reversed(bands) if shown >= b.from_)
    span = interval(scored)
    if span is not None:
        low = next(b for b in reversed(bands) if span[0] >= b.from_)
        high = next(b for b in reversed(bands) if span[1] >= b.from_)
        if low.name != high.name:
            stage = stage.model_copy(update={"boundary": f"between {low.name} and {high.name}"})
    return Verdict(shown, span, stage, None)


def _why_no_index(scored: Scored, screened: Screened) -> str | None:
    rules = scored.rules
    # every file kept reaches the minimum (or counts, when incomplete files are included on
    # purpose): a side without one has no file kept at all
    short = [side for side in scored.sides if not screened.complete_on(side, rules.min_completeness)]
    if short:
        return _sides_without_answers(short, screened)
    measurable = [d for d in scored.dimensions if d.status != "profile"]
    measured = [d for d in measurable if d.alignment is not None]
    if measurable and len(measured) < rules.measurable_share * len(measurable):
        return (
            f"only {len(measured)} of {len(measurable)} areas could be measured, and at "
            f"least {rules.measurable_share:.0%} are needed"
        )
    return None


def _sides_without_answers(sides: Sequence[str], screened: Screened) -> str:
    """Why each of these sides has no respondent, said once for all of them: no file, only blank
    files (nothing answered, or only "don't know"), or files left out as incomplete."""
    why: dict[str, list[str]] = {}
    for side in sides:
        files = [f for f in screened.files if f.role == side]
        if not files:
            key = "absent"
        elif all((f.reason or "").startswith(NO_ANSWERS) for f in files):
            key = "blank"
        else:
            key = "incomplete"
        why.setdefault(key, []).append(side_name(side))
    if len(sides) == 1 and "absent" in why:
        return f"{why['absent'][0]} has not answered, and the index compares both sides' views"
    parts = []
    for key, names in why.items():
        who = spoken(names, "and")
        if key == "absent":
            parts.append(f"{who} {'has' if len(names) == 1 else 'have'} not answered")
        elif key == "blank":
            parts.append(f'every response file from {who} is blank (nothing answered, or only "don\'t know")')
        else:
            parts.append(f"every response file from {who} was left out as incomplete")
    return "; ".join(parts)


def headline(
    org: str | None,
    scored: Scored,
    verdict: Verdict,
    priorities: list[Priority],
    findings: Sequence[Finding] = (),
    plan: Sequence[str] = (),
) -> str:
    """One sentence a CEO can read first, from the strongest evidence: facts the two sides
    contradict each other on, then the verdict and what it means (never a stage description that
    an acute finding contradicts), and where to start; with no priority, "nothing urgent"."""
    name = org or "This organization"
    have = [s for s in scored.sides if scored.by_side[s]]
    if not have:
        return "No responses were scored."
    if verdict.index is None or verdict.stage is None:
        return f"{name}: no alignment index yet, because {verdict.reason}."
    stage = verdict.stage
    contested = sum(1 for f in findings if f.kind == "contested-fact")
    acute = [f for f in findings if f.acute]
    sentence = ""
    if contested >= scored.rules.contested_headline:
        sentence = f"The two sides describe different companies on {contested} facts; settle these first. "
    sentence += f"{name} scores {verdict.index:.1f} out of 100, "
    if stage.boundary and verdict.interval:
        sentence += (
            f"{stage.boundary} (likely between {verdict.interval[0]:.1f} and "
            f"{verdict.interval[1]:.1f}, {scored.rules.interval_level:.0%}). "
        )
    else:
        sentence += f"in the {stage.name} stage. "
    upper_half = [b.name for b in stage_bands(scored.questionnaire, scored.rules)][
        len(scored.questionnaire.stages) // 2 :
    ]
    if acute and stage.name in upper_half:  # its summary would say all is well
        sentence += f"The average hides an acute problem: {lower_first(acute[0].title)}."
    else:
        sentence += stage.summary
    if priorities:
        sentence += f" Start with {lower_first(priorities[0].title)}."
    elif plan:
        sentence += f" Nothing urgent. To go further: {lower_first(plan[0])}."
    else:
        sentence += " Nothing urgent."
    return sentence.strip()
