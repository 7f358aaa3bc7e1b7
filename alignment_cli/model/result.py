"""The result document: what scoring produces, what reports draw, and what `--format json` writes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from alignment_cli.model.base import DocumentModel

SCHEMA_VERSION = 1
LARGE_GAP = 20.0  # points between the sides from which a gap is a finding, and drawn in red


def side_name(side: str) -> str:
    """How a side (a role id such as `sales`) is named in reports: Sales."""
    return side.replace("-", " ").title()


class QuestionnaireInfo(DocumentModel):
    id: str
    version: str
    title: str


class SideSummary(DocumentModel):
    """Who answered for one side. Names appear only where privacy allows."""

    respondents: int = 0
    complete: int = 0
    heads: int = 0
    teams: dict[str, int] = Field(default_factory=dict)
    folded_teams: list[str] = Field(default_factory=list)
    names: list[str] | None = None


class SideDimension(DocumentModel):
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


class ExpectedDifference(DocumentModel):
    """An item about a side's own focus: shown as where each side stands, never as a grade."""

    question: str
    text: str
    views: dict[str, str] = Field(default_factory=dict)
    means: dict[str, float | None] = Field(default_factory=dict)
    scores: dict[str, float | None] = Field(default_factory=dict)


class DimensionResult(DocumentModel):
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
    expected_differences: list[ExpectedDifference] = Field(default_factory=list)


FindingKind = Literal[
    "missing-side", "contested-fact", "large-gap", "mirrored-view", "unanswered",
    "low-agreement", "team-gap",
]


class Finding(DocumentModel):
    kind: FindingKind
    severity: Literal["high", "medium", "info"] = "medium"
    dimension: str | None = None
    side: str | None = None  # for findings about one side: unanswered, low agreement, team gap
    question: str | None = None
    title: str
    detail: str = ""
    views: dict[str, str] = Field(default_factory=dict)
    statements: dict[str, str] = Field(default_factory=dict)  # what each side was asked


class RecommendationResult(DocumentModel):
    id: str
    title: str
    dimension: str
    dimension_title: str
    why: str = ""
    actions: list[str]
    source: str | None = None
    source_title: str | None = None
    triggered_by: list[str] = Field(default_factory=list)


class Priority(DocumentModel):
    rank: int
    dimension: str
    title: str
    alignment: float | None
    recommendation: str | None = None
    action: str | None = None


class StageBand(DocumentModel):
    name: str
    from_: float = Field(alias="from")
    to: float
    summary: str = ""


class Comment(DocumentModel):
    dimension: str
    side: str
    text: str
    author: str | None = None


class SourceRef(DocumentModel):
    id: str
    title: str
    author: str = ""
    year: int | None = None


class DimensionDelta(DocumentModel):
    id: str
    title: str
    before: float | None
    after: float | None
    change: float | None


class LeftOutDimension(DocumentModel):
    """A dimension only one of two compared results has (different questionnaire versions)."""

    id: str
    title: str
    only_in: Literal["before", "after"]


class Delta(DocumentModel):
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
    dimensions: list[DimensionDelta] = Field(default_factory=list)
    left_out: list[LeftOutDimension] = Field(default_factory=list)
    findings_new: list[Finding] = Field(default_factory=list)
    findings_gone: list[Finding] = Field(default_factory=list)


class Result(DocumentModel):
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
    stage: StageBand | None
    stages: list[StageBand]
    headline: str
    priorities: list[Priority] = Field(default_factory=list)
    dimensions: list[DimensionResult]
    findings: list[Finding] = Field(default_factory=list)
    recommendations: list[RecommendationResult] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    show_names: bool = False
    min_group_size: int = 3
    skipped_files: list[str] = Field(default_factory=list)
    baseline: Delta | None = None

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        return None

    @property
    def several_per_side(self) -> bool:
        return any(s.respondents > 1 for s in self.respondents.values())

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)
