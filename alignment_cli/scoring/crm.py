"""What the data says: each CRM figure beside what each side answered, and the findings where
the data contradicts a side or settles a fact the two sides dispute.

Pure: reads the scored answers and the summary, returns the report's section and its findings.
The same tolerance as for contested estimates applies, so a side is never "contradicted" by a
difference that would not count between the two sides either: for hours, max(8, half the
smaller figure); for shares, 10 points. An answer given as an ordered band (2.1's "within 24
business hours") is compared by the band the CRM's figure falls in, with the one-step tolerance of
contested ordered facts: a side two or more bands from the data's band is contradicted, a
neighbouring band is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from alignment_cli.model.crm import CrmMetric, CrmSummary, DataRow, DataSection
from alignment_cli.model.questionnaire import AnyQuestion, ChooseOne
from alignment_cli.model.result import Finding, side_name
from alignment_cli.scoring.types import Scored

HOURS_ABSOLUTE = 8.0  # business hours
HOURS_RELATIVE = 0.5  # of the smaller figure
SHARE_POINTS = 10.0  # percentage points
CLAIM_AGREES = 75.0  # a statement's 0-100 score from which a side is taken to agree with it
CLAIM_NO_OUTCOME = 20.0  # "every lead has an outcome" is contradicted above this share with none
AGREED_HOURS = 24.0  # an agreed follow-up is broken when the median first contact is over this
DATA_KINDS = ("data-contradicts", "data-settles")

How = Literal["hours", "share", "claim", "band", "shown"]
BAND_STEPS = 1  # an answer this many bands from the data's band is not contradicted


@dataclass(frozen=True)
class Bands:
    """Where a CRM figure falls among an ordered item's options: `edges[i]` is the upper limit of
    option i (or, `descending`, its lower limit); a figure past the last edge is in the next
    option. `complement`: the options count 100 minus the figure (leads with an outcome, from
    the share with none). Options past the edges (2.1's "many are never contacted") are one
    step further on."""

    edges: tuple[float, ...]
    descending: bool = False
    complement: bool = False
    words: str = ""  # the bands in the method text

    def position(self, value: float) -> int:
        figure = 100.0 - value if self.complement else value
        if self.descending:
            return sum(1 for edge in self.edges if figure < edge)
        return sum(1 for edge in self.edges if figure > edge)


FIRST_CONTACT_BANDS = Bands(
    (1.0, 24.0, 72.0),
    words=(
        "time to first contact by its median, that is whether half the leads are contacted "
        "within 1, 24 or 72 business hours: up to 1 is within an hour, up to 24 within 24, up "
        "to 72 within 72, more is later than 72"
    ),
)
OUTCOME_BANDS = Bands(
    (90.0, 60.0, 35.0),
    descending=True,
    complement=True,
    words=(
        "leads with a recorded outcome, 100 minus the share with none: 90 % or more is nearly "
        "all, 60 % or more most, 35 % or more about half, less few"
    ),
)


@dataclass(frozen=True)
class ItemMap:
    """Which questionnaire item answers which CRM figure, and how they are compared: as hours,
    as a share, as a statement the data can contradict, or only shown side by side."""

    metrics: dict[str, tuple[str, How]]
    speed_agreement: str | None = None  # the yes/no item on an agreed follow-up time
    bands: dict[str, Bands] = field(default_factory=dict)  # by metric id, for "band"


# By questionnaire id and version. A version not listed takes the newest listed before it (a 2.1
# the 2.0 map); items the questionnaire in use does not have are left out.
ITEMS: dict[str, dict[str, ItemMap]] = {
    "sales-marketing-alignment": {
        "1.0": ItemMap(
            {
                "hours_to_first_contact": ("lead-handoff.hours-to-first-contact", "hours"),
                "contacted_within_72h": ("lead-handoff.follow-up-share", "share"),
                "no_outcome_share": ("common-process.every-lead-tracked", "claim"),
                "recycled_share": ("lead-handoff.not-ready-returned", "shown"),
            },
            speed_agreement="lead-handoff.follow-up-agreement",
        ),
        "2.0": ItemMap(
            {
                "hours_to_first_contact": ("lead-handoff.hours-to-first-contact", "hours"),
                "contacted_within_72h": ("lead-handoff.follow-up-share", "share"),
                "acceptance_rate": ("lead-handoff.acceptance-agreed", "shown"),
                "recycled_share": ("common-process.return-rules", "shown"),
            },
            speed_agreement="lead-handoff.speed-agreed",
        ),
        # 2.1 asks time to first contact as a band and no longer asks the follow-up share
        "2.1": ItemMap(
            {
                "hours_to_first_contact": ("lead-handoff.first-contact-band", "band"),
                "contacted_within_24h": ("lead-handoff.first-contact-band", "shown"),
                "contacted_within_72h": ("lead-handoff.first-contact-band", "shown"),
                "acceptance_rate": ("lead-handoff.acceptance-agreed", "shown"),
                "no_outcome_share": ("common-process.lead-outcomes-recorded", "band"),
                "recycled_share": ("common-process.nurturing", "shown"),
            },
            speed_agreement="lead-handoff.speed-agreed",
            bands={"hours_to_first_contact": FIRST_CONTACT_BANDS, "no_outcome_share": OUTCOME_BANDS},
        ),
    },
    "sales-marketing-quick": {
        "1.0": ItemMap(
            {
                "hours_to_first_contact": ("lead-handoff.hours-to-first-contact", "hours"),
            }
        ),
        "1.1": ItemMap(
            {
                "hours_to_first_contact": ("lead-handoff.first-contact-band", "band"),
                "contacted_within_24h": ("lead-handoff.first-contact-band", "shown"),
                "contacted_within_72h": ("lead-handoff.first-contact-band", "shown"),
            },
            bands={"hours_to_first_contact": FIRST_CONTACT_BANDS},
        ),
    },
}


def item_map(questionnaire_id: str, version: str) -> ItemMap:
    versions = ITEMS.get(questionnaire_id)
    if not versions:
        # a custom questionnaire: the item ids the built-in ones use, where it has them
        return ItemMap(
            {
                **ITEMS["sales-marketing-alignment"]["1.0"].metrics,
                **ITEMS["sales-marketing-alignment"]["2.0"].metrics,
            }
        )
    if version in versions:
        return versions[version]
    earlier = [v for v in versions if _version_key(v) <= _version_key(version)]
    return versions[max(earlier or list(versions), key=_version_key)]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def hours_agree(a: float, b: float) -> bool:
    return abs(a - b) <= max(HOURS_ABSOLUTE, HOURS_RELATIVE * min(a, b))


def share_agree(a: float, b: float) -> bool:
    return abs(a - b) <= SHARE_POINTS


@dataclass
class DataView:
    """The section and the findings it adds."""

    section: DataSection
    findings: list[Finding] = field(default_factory=list)


def compare_with_data(scored: Scored, summary: CrmSummary) -> DataView:
    q = scored.questionnaire
    mapping = item_map(q.id, q.version)
    rows: list[DataRow] = []
    findings: list[Finding] = []
    bands: list[str] = []
    for metric in summary.metrics:
        item_id, how = mapping.metrics.get(metric.id, (None, "shown"))
        question = q.questions.get(item_id) if item_id else None
        answers = _answers(scored, question)
        verdict = "no question asks it" if question is None else "shown beside the answers"
        if not metric.measurable:
            verdict = "no figure to compare"
        elif question is not None and how in ("hours", "share"):
            verdict, found = _compare(scored, question, metric, how)
            findings.extend(found)
        elif question is not None and how == "claim":
            verdict, found = _claim(scored, question, metric)
            findings.extend(found)
        elif question is not None and how == "band" and metric.id in mapping.bands:
            verdict, found = _band(scored, question, metric, mapping.bands[metric.id])
            findings.extend(found)
            bands.append(mapping.bands[metric.id].words)
        rows.append(
            DataRow(
                metric=metric.id,
                title=metric.title,
                figure=metric.figure,
                n=metric.n,
                period=metric.period,
                question=question.id if question else None,
                statement=question.text if question else None,
                answers=answers,
                verdict=verdict,
            )
        )
    findings.extend(_broken_agreement(scored, mapping, summary))
    section = DataSection(
        summary=summary,
        rows=rows,
        hours_tolerance=HOURS_ABSOLUTE,
        hours_relative=HOURS_RELATIVE,
        share_tolerance=SHARE_POINTS,
        bands=bands,
    )
    return DataView(section, findings)


def with_data_findings(findings: list[Finding], data: list[Finding]) -> list[Finding]:
    """The data's findings among the others: by severity, each ahead of the answers' own."""
    order = {"high": 0, "medium": 1, "info": 2}
    tagged = [(order[f.severity], 0, i, f) for i, f in enumerate(data)]
    tagged += [(order[f.severity], 1, i, f) for i, f in enumerate(findings)]
    return [f for *_, f in sorted(tagged, key=lambda t: t[:3])]


def _answers(scored: Scored, question: AnyQuestion | None) -> dict[str, str]:
    if question is None:
        return {}
    asked = scored.questionnaire.roles_of(question)
    return {side: scored.said(question, side) if side in asked else "not asked" for side in scored.sides}


def _typical_number(scored: Scored, question: AnyQuestion, side: str) -> float | None:
    value: Any = scored.answers[question.id].typical(side)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _said(how: str, side: str, value: float) -> str:
    if how == "hours":
        return f"{side_name(side)} says a first contact takes {value:g} business hours"
    return f"{side_name(side)} puts the share of leads contacted in time at {value:g} %"


def _crm(metric: CrmMetric) -> str:
    if metric.unit == "hours":
        p90 = f"90th percentile {metric.p90:g}; " if metric.p90 is not None else ""
        return f"the CRM's median is {metric.value:g} business hours ({p90}n = {metric.n}, {metric.period})"
    return f"the CRM's figure is {metric.value:g} % (n = {metric.n}, {metric.period})"


def _compare(scored: Scored, question: AnyQuestion, metric: CrmMetric, how: str) -> tuple[str, list[Finding]]:
    assert metric.value is not None
    agree = hours_agree if how == "hours" else share_agree
    dimension = scored.questionnaire.dimension_of[question.id].id
    said = {s: _typical_number(scored, question, s) for s in scored.sides}
    answered = {s: v for s, v in said.items() if v is not None}
    off = [s for s, v in answered.items() if not agree(v, metric.value)]
    ok = [s for s in answered if s not in off]
    views = {s: f"{v:g}" for s, v in answered.items()} | {"crm": _short_figure(metric)}
    if len(answered) == 2 and len(ok) == 1 and not agree(*answered.values()):
        loser, winner = off[0], ok[0]
        finding = Finding(
            kind="data-settles",
            severity="high",
            dimension=dimension,
            side=loser,
            question=question.id,
            title=(
                f"The data settles a disputed fact in favour of {side_name(winner)}: {metric.title.lower()}"
            ),
            detail=(
                f"{_said(how, loser, answered[loser])}, {side_name(winner)} "
                f"{answered[winner]:g}; {_crm(metric)}. The dispute is settled: start "
                "from the figure, not from either view."
            ),
            views=views,
        )
        return f"settles the dispute: supports {side_name(winner)}", [finding]
    found = [
        Finding(
            kind="data-contradicts",
            severity="high",
            dimension=dimension,
            side=side,
            question=question.id,
            title=f"{_said(how, side, answered[side])}; {_crm(metric)}",
            detail=(
                f"“{question.text}” {side_name(side)} answered {answered[side]:g}; the CRM "
                f"export gives {metric.figure} over {metric.n} leads ({metric.period}). A view "
                "the records do not bear out is worth checking with the people who hold it."
            ),
            views=views,
        )
        for side in off
    ]
    if not answered:
        return "no side answered", []
    if not off:
        return "matches " + (" and ".join(side_name(s) for s in ok)), []
    return "contradicts " + " and ".join(side_name(s) for s in off), found


def _band(
    scored: Scored, question: AnyQuestion, metric: CrmMetric, bands: Bands
) -> tuple[str, list[Finding]]:
    """An ordered band answer against the band the figure falls in: a side BAND_STEPS or fewer
    bands away is not contradicted; when the sides themselves are further apart than that and
    the data is near one of them only, it settles the dispute."""
    assert metric.value is not None
    widget = question.widget(scored.questionnaire.scale)
    options = [value for value, _ in widget.options] if isinstance(widget, ChooseOne) else []
    at = min(bands.position(metric.value), len(options) - 1)
    dimension = scored.questionnaire.dimension_of[question.id].id
    answered: dict[str, int] = {}
    for side in scored.sides:
        value = scored.answers[question.id].typical(side)
        if value in options:
            answered[side] = options.index(value)
    if not answered:
        return "no side answered", []
    data_words = question.label(options[at], scored.questionnaire.scale)
    crm = f"{_crm(metric)}, which is “{data_words}”"
    views = {s: scored.said(question, s) for s in answered} | {"crm": data_words}
    off = [s for s, i in answered.items() if abs(i - at) > BAND_STEPS]
    ok = [s for s in answered if s not in off]
    values = list(answered.values())
    if len(answered) == 2 and len(ok) == 1 and abs(values[0] - values[1]) > BAND_STEPS:
        loser, winner = off[0], ok[0]
        return f"settles the dispute: supports {side_name(winner)}", [
            Finding(
                kind="data-settles",
                severity="high",
                dimension=dimension,
                side=loser,
                question=question.id,
                title=(
                    f"The data settles a disputed fact in favour of {side_name(winner)}: "
                    f"{metric.title.lower()}"
                ),
                detail=(
                    f"“{question.text}” {side_name(loser)} answered "
                    f"{scored.said(question, loser)}, {side_name(winner)} "
                    f"{scored.said(question, winner)}; {crm}. The dispute is settled: start from "
                    "the figure, not from either view."
                ),
                views=views,
            )
        ]
    found = [
        Finding(
            kind="data-contradicts",
            severity="high",
            dimension=dimension,
            side=side,
            question=question.id,
            title=(f"{side_name(side)} answers “{scored.said(question, side)}”; {crm}"),
            detail=(
                f"“{question.text}” {side_name(side)} answered {scored.said(question, side)}, "
                f"{abs(answered[side] - at)} bands from the data's; the CRM export gives "
                f"{metric.figure} over {metric.n} leads ({metric.period}). A view the records do "
                "not bear out is worth checking with the people who hold it."
            ),
            views=views,
        )
        for side in off
    ]
    if not off:
        near = [s for s in ok if answered[s] != at]
        return "matches " + " and ".join(side_name(s) for s in ok) + (
            " (within one band)" if near else ""
        ), []
    return "contradicts " + " and ".join(side_name(s) for s in off), found


def _short_figure(metric: CrmMetric) -> str:
    value = metric.value if metric.value is not None else 0.0
    return f"{value:g} h" if metric.unit == "hours" else f"{value:g} %"


def _claim(scored: Scored, question: AnyQuestion, metric: CrmMetric) -> tuple[str, list[Finding]]:
    """A statement such as "every lead ends with a recorded outcome" against the share of
    leads with none."""
    assert metric.value is not None
    if metric.value <= CLAIM_NO_OUTCOME:
        return "consistent with the data", []
    dimension = scored.questionnaire.dimension_of[question.id].id
    found = []
    for side in scored.sides:
        mean = scored.answers[question.id].side_mean(side)
        if mean is None or mean < CLAIM_AGREES:
            continue
        found.append(
            Finding(
                kind="data-contradicts",
                severity="medium",
                dimension=dimension,
                side=side,
                question=question.id,
                title=(
                    f"{side_name(side)} agrees that “{question.text}”; the CRM shows "
                    f"{metric.figure} of leads with no recorded outcome (n = {metric.n}, "
                    f"{metric.period})"
                ),
                detail=(
                    f"{side_name(side)} answered {scored.said(question, side)}. Leads without an "
                    "outcome are the ones neither side can learn from."
                ),
                views={side: scored.said(question, side), "crm": _short_figure(metric)},
            )
        )
    if not found:
        return "the sides do not claim otherwise", []
    return "contradicts " + " and ".join(side_name(f.side or "") for f in found), found


def _broken_agreement(scored: Scored, mapping: ItemMap, summary: CrmSummary) -> list[Finding]:
    """Both sides say a follow-up time is agreed, yet most leads wait longer than a business
    day: an agreed service level the data shows broken, acute on its own."""
    metric = summary.metric("hours_to_first_contact")
    item = mapping.speed_agreement
    question = scored.questionnaire.questions.get(item) if item else None
    if question is None or metric is None or metric.value is None or metric.value <= AGREED_HOURS:
        return []
    record = scored.answers[question.id]
    if not all(record.typical(side) == "yes" for side in scored.sides):
        return []
    return [
        Finding(
            kind="data-contradicts",
            severity="high",
            acute=True,
            dimension=scored.questionnaire.dimension_of[question.id].id,
            question=question.id,
            title=(
                f"The agreed follow-up is not kept: both sides say a follow-up time is agreed, "
                f"but {_crm(metric)}"
            ),
            detail=(
                f"Half the leads wait more than {metric.value:g} business hours for a first "
                f"contact, over the {AGREED_HOURS:g} hours a follow-up agreement usually sets "
                "as good practice. An agreement that is not kept is worse than none: each side "
                "believes the other is bound by it."
            ),
            views={s: scored.said(question, s) for s in scored.sides} | {"crm": _short_figure(metric)},
        )
    ]
