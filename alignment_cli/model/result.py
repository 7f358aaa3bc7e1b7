"""The result document: what scoring produces, what reports draw, and what `--format json` writes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from alignment_cli.model.base import DocumentModel
from alignment_cli.model.crm import DataSection
from alignment_cli.model.questionnaire import Rules as QuestionnaireRules

# 3: findings carry `acute` (and the kinds acute and opposed-view); recommendations the practice
# and state they answer, governance, and what a root cause drives; the plan holds at most
# rules.per_area_in_plan actions per area, so `in_plan` changed meaning
SCHEMA_VERSION = 3


def side_name(side: str) -> str:
    """How a side (a role id such as `sales`) is named in reports: Sales."""
    return side.replace("-", " ").title()


class _Model(DocumentModel):
    # frozen: a result is built once, by the scoring pipeline, and never edited afterwards
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class QuestionnaireInfo(_Model):
    id: str
    version: str
    title: str


class SideSummary(_Model):
    """Who answered for one side. Names appear only where privacy allows."""

    respondents: int = 0
    complete: int = 0
    heads: int = 0
    teams: dict[str, int] = Field(default_factory=dict)
    folded_teams: list[str] = Field(default_factory=list)
    names: list[str] | None = None
    completeness: float | None = None  # the mean share answered over the side's files scored


class RespondentFile(_Model):
    """One response file: how much of what it was asked it answered, and whether it counts."""

    file: str
    role: str
    completeness: float  # answered (don't know included) over asked, 0-1
    answered: int
    asked: int
    included: bool
    reason: str | None = None  # why it was left out


_DEFAULT = QuestionnaireRules()


class Rules(_Model):
    """The thresholds the result was computed with (the questionnaire's `rules:`), so the
    method section can print them and never disagree with the computation. Read leniently
    from result files; its defaults are the questionnaire's Rules (one set, for a result written
    before a setting existed)."""

    large_gap: float = _DEFAULT.large_gap
    severe_gap: float = _DEFAULT.severe_gap
    min_answered_share: float = _DEFAULT.min_answered_share
    low_view: float = _DEFAULT.low_view
    number_tolerance: float = _DEFAULT.number_tolerance
    agreement_flag: float = _DEFAULT.agreement_flag
    findings_shown: int = _DEFAULT.findings_shown
    priorities: int = _DEFAULT.priorities
    priority_min_evidence: float = _DEFAULT.priority_min_evidence
    max_actions: int = _DEFAULT.max_actions
    min_completeness: float = _DEFAULT.min_completeness
    measurable_share: float = _DEFAULT.measurable_share
    alpha_min_respondents: int = _DEFAULT.alpha_min_respondents
    alpha_min_items: int = _DEFAULT.alpha_min_items
    interval_level: float = _DEFAULT.interval_level
    bootstrap_samples: int = _DEFAULT.bootstrap_samples
    bootstrap_seed: int = _DEFAULT.bootstrap_seed
    respondent_bootstrap_from: int = _DEFAULT.respondent_bootstrap_from
    stage_colours: list[str] = Field(default_factory=lambda: list(_DEFAULT.stage_colours))
    evidence: dict[str, float] = Field(default_factory=lambda: _DEFAULT.evidence.model_dump())
    tolerances: dict[str, dict[str, float | None]] = Field(
        default_factory=lambda: {k: t.model_dump() for k, t in _DEFAULT.tolerances.items()}
    )
    opposed_points: float = _DEFAULT.opposed_points
    per_area_in_plan: int = _DEFAULT.per_area_in_plan
    contested_headline: int = _DEFAULT.contested_headline
    practice_failing: float = _DEFAULT.practice_failing
    top_band: float = 75.0  # where the top stage starts: a dimension there is never a priority

    @field_validator("evidence")
    @classmethod
    def _every_weight(cls, given: dict[str, float]) -> dict[str, float]:
        """A weight missing from an older result file reads as its default, so the method
        section prints every weight from here and types none of its own."""
        return {**_DEFAULT.evidence.model_dump(), **given}


class Evidence(_Model):
    """Why a dimension is, or is not, a priority: a score and its reasons in plain words."""

    score: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    items: int = 0  # scored items the dimension rests on


class SideDimension(_Model):
    """One side's view of one dimension."""

    score: float | None = None
    respondents: int = 0
    answered: int = 0
    asked: int = 0
    dont_know: int = 0
    sd: float | None = None
    rwg: float | None = None
    head_score: float | None = None
    team_score: float | None = None
    teams: dict[str, float | None] = Field(default_factory=dict)


class ExpectedDifference(_Model):
    """An item about a side's own focus: shown as where each side stands, never as a grade."""

    question: str
    text: str
    views: dict[str, str] = Field(default_factory=dict)
    means: dict[str, float | None] = Field(default_factory=dict)
    scores: dict[str, float | None] = Field(default_factory=dict)


class DimensionResult(_Model):
    id: str
    title: str
    weight: float = 1.0
    gap_expected: bool = False
    status: Literal["scored", "insufficient", "one-side", "profile"] = "scored"
    scores: dict[str, float | None]
    gap: float | None = None
    alignment: float | None = None
    answered: dict[str, int] = Field(default_factory=dict)
    sides: dict[str, SideDimension] = Field(default_factory=dict)
    alpha: float | None = None
    alpha_note: str | None = None
    priority: int | None = None
    evidence: Evidence = Field(default_factory=Evidence)
    expected_differences: list[ExpectedDifference] = Field(default_factory=list)


FindingKind = Literal[
    "missing-side",
    "contested-fact",
    "large-gap",
    "mirrored-view",
    "unanswered",
    "low-agreement",
    "team-gap",
    "blind-spot",
    "acute",
    "opposed-view",
    "data-contradicts",
    "data-settles",
]


class Finding(_Model):
    kind: FindingKind
    severity: Literal["high", "medium", "info"] = "medium"
    dimension: str | None = None
    side: str | None = None  # for findings about one side: unanswered, low agreement, team gap
    question: str | None = None
    title: str
    detail: str = ""
    views: dict[str, str] = Field(default_factory=dict)
    statements: dict[str, str] = Field(default_factory=dict)  # what each side was asked
    acute: bool = False  # a strong, specific answer that is evidence on its own
    note: str = ""  # why it matters (an acute rule's explanation), apart from the evidence


class SelfView(_Model):
    """How one side rates its own work on a point, beside how the other side rates it there."""

    side: str  # whose work it is, and who rated itself
    other_side: str  # who rated it from outside
    dimension: str
    question: str  # the self-rating item
    other_question: str  # the other side's item on the same point
    statement: str  # the self-rating's wording ("We follow up the leads ...")
    other_statement: str
    self_score: float | None = None
    other_score: float | None = None
    difference: float | None = None  # self minus other: above 0, the side rates itself higher


class RecommendationResult(_Model):
    id: str
    title: str
    dimension: str
    dimension_title: str
    why: str = ""
    actions: list[str]
    source: str | None = None
    source_title: str | None = None
    rank: int = 0
    in_plan: bool = False
    first_step_of: int | None = None  # the priority it is the first step of
    fallback: bool = False  # fired on a dimension threshold, not on named answers
    evidence: str = ""  # in plain words: the statements and each side's answer
    trigger: list[str] = Field(default_factory=list)  # question ids and rule kinds, for machines
    strength: float = 0.0
    practice: str | None = None  # the practice it answers ...
    state: Literal["missing", "disputed", "not-working"] | None = None  # ... in this state
    governance: bool = False
    drives: list[str] = Field(default_factory=list)  # symptoms (recommendation ids) it likely drives
    drives_titles: list[str] = Field(default_factory=list)
    cause_note: str | None = None


class Priority(_Model):
    rank: int
    dimension: str
    title: str
    alignment: float | None
    evidence: Evidence = Field(default_factory=Evidence)
    recommendation: str | None = None
    recommendation_title: str | None = None
    action: str | None = None
    acute: bool = False  # rests on an acute finding (the area may stand in the top band)


class StageBand(_Model):
    name: str
    from_: float = Field(alias="from")
    to: float
    summary: str = ""
    boundary: str | None = None  # "between Defined and Aligned" when the interval crosses a band
    colour: str = ""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @property
    def label(self) -> str:
        """The stage as the headline says it: one name, or the two the interval spans."""
        return self.boundary or self.name


class Comment(_Model):
    dimension: str
    side: str
    text: str
    author: str | None = None


class SourceRef(_Model):
    id: str
    title: str
    author: str = ""
    year: int | None = None


class DimensionDelta(_Model):
    id: str
    title: str
    before: float | None
    after: float | None
    change: float | None


class LeftOutDimension(_Model):
    """A dimension only one of two compared results has (different questionnaire versions)."""

    id: str
    title: str
    only_in: Literal["before", "after"]


class Delta(_Model):
    """What changed against a baseline result."""

    baseline_organization: str | None = None
    baseline_date: str | None = None
    baseline_version: str | None = None
    index_before: float | None
    index_after: float | None
    index_change: float | None
    index_on_shared: bool = False  # the two indexes recomputed over the shared dimensions
    stage_before: str | None
    stage_after: str | None
    noise: float | None = None  # half the width of the newer result's interval
    within_noise: bool = False
    dimensions: list[DimensionDelta] = Field(default_factory=list)
    left_out: list[LeftOutDimension] = Field(default_factory=list)
    findings_new: list[Finding] = Field(default_factory=list)
    findings_gone: list[Finding] = Field(default_factory=list)


class Result(_Model):
    schema_version: int = SCHEMA_VERSION
    generator: str
    questionnaire: QuestionnaireInfo
    organization: str | None = None
    responses_from: str | None = None
    responses_to: str | None = None
    sides: list[str]
    respondents: dict[str, SideSummary]
    gaps_computable: bool
    alignment_index: float | None
    alignment_index_interval: list[float] | None = None
    no_index_reason: str | None = None
    stage: StageBand | None
    stages: list[StageBand]
    headline: str
    respondent_files: list[RespondentFile] = Field(default_factory=list)
    excluded: list[RespondentFile] = Field(default_factory=list)
    organizations_merged: list[str] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    priorities: list[Priority] = Field(default_factory=list)
    dimensions: list[DimensionResult]
    findings: list[Finding] = Field(default_factory=list)
    self_views: list[SelfView] = Field(default_factory=list)
    recommendations: list[RecommendationResult] = Field(default_factory=list)
    # each practice the questionnaire covers: missing, disputed, not-working or working
    practices: dict[str, str] = Field(default_factory=dict)
    comments: list[Comment] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    show_names: bool = False
    min_group_size: int = 3
    skipped_files: list[str] = Field(default_factory=list)
    baseline: Delta | None = None
    crm: DataSection | None = None  # "What the data says", with `report --crm`

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        return None

    @property
    def plan(self) -> list[RecommendationResult]:
        return [r for r in self.recommendations if r.in_plan]

    @property
    def more_ideas(self) -> list[RecommendationResult]:
        return [r for r in self.recommendations if not r.in_plan]

    @property
    def several_per_side(self) -> bool:
        return any(s.respondents > 1 for s in self.respondents.values())

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def no_index_reason(result: Result) -> str:
    """Why a result has no alignment index: a side is missing, or too few answers to score.

    The two call for different actions (ask the other side; ask for fuller answers), so the
    summary and the failure messages must not mix them up.
    """
    if result.no_index_reason:
        return result.no_index_reason
    if not result.gaps_computable:
        return "both sides must answer before it can be computed"
    if result.dimensions and all(d.status == "profile" for d in result.dimensions):
        return "every dimension is about each side's own focus, which is never scored"
    return "both sides answered, but too few items to score any dimension"
