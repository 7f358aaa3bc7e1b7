"""Commitments (`actions.yaml`): who does what by when from the action plan, and how last round's
commitments stand at this round.

The file is written by `alignment plan` and `alignment workshop`, may be edited by hand, and is
validated like every other file. Each action keeps the alignment of the area it targets when
the plan was made, so a later round can say how that area moved without needing the old result.

A report judges overdue on the date of this round's responses (the latest answer), not on the
day the command runs: the same files give the same report next month, and a round answered
before a due date does not count that commitment as missed. A scheduled check judges on the day
it runs (see `review`). A result with no dates falls back to today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from alignment_cli.io.yamlio import dump_yaml, read_text, write_atomic
from alignment_cli.model.result import Result

Owner = Literal["head-of-sales", "head-of-marketing", "ceo", "both"]
Status = Literal["open", "done", "not-now"]
OWNERS: dict[str, str] = {
    "head-of-sales": "Head of Sales",
    "head-of-marketing": "Head of Marketing",
    "ceo": "CEO",
    "both": "Both heads",
}
STATUS_LABELS = {"open": "open", "done": "done", "not-now": "not now"}
MAX_PLAN = 7  # the action plan holds at most seven actions
HEADER = (
    "# Commitments from the action plan (alignment-cli). Edit freely: owner is one of\n"
    "# head-of-sales, head-of-marketing, ceo, both; due is a date (YYYY-MM-DD); status is\n"
    "# open, done or not-now (a not-now action has no owner and no due date).\n"
)


EARLIEST = date(2000, 1, 1)  # dates outside these are typing mistakes, not plans
LATEST = date(2100, 12, 31)
MAX_TEXT = 2000  # a title or a first step; organization and titles are shorter still
_MULTILINE = frozenset({"first_step"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        """Text from the file as it may reach a terminal: no escape sequences, control
        characters or bidi controls; names and titles on one line and of a sane length."""
        from alignment_cli.model.base import MAX_NAME
        from alignment_cli.text import clean_text

        if not isinstance(data, dict):
            return data
        out = dict(data)
        for key, value in data.items():
            if not isinstance(value, str):
                continue
            text = clean_text(value, multiline=key in _MULTILINE)
            limit = MAX_NAME if key in ("organization", "title", "dimension_title") else MAX_TEXT
            if len(text) > limit:
                raise ValueError(f"{key}: is {len(text):,} characters long; at most {limit} are expected")
            out[key] = text
        return out


def _plausible(value: date | None, what: str) -> date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValueError(
            f"{what} {value.isoformat()} is not a plausible date; expected one "
            f"from {EARLIEST.year} to {LATEST.year}"
        )
    return value


class PlanSource(_Strict):
    """The round the plan was made from."""

    questionnaire: str
    version: str
    responses_to: date | None = None
    alignment_index: float | None = None


class Commitment(_Strict):
    recommendation: str = Field(min_length=1)
    title: str = Field(min_length=1)
    dimension: str = Field(min_length=1)
    dimension_title: str = ""
    first_step: str = ""
    source: str | None = None
    baseline_alignment: float | None = Field(default=None, ge=0, le=100)
    status: Status = "open"
    owner: Owner | None = None
    due: date | None = None

    @model_validator(mode="after")
    def _decided(self) -> Commitment:
        _plausible(self.due, "due")
        if self.status == "not-now":
            if self.owner is not None or self.due is not None:
                raise ValueError(
                    "a not-now action has no owner and no due date; remove them, or set status to open"
                )
        elif self.owner is None or self.due is None:
            article = "an" if self.status == "open" else "a"
            raise ValueError(
                f"{article} {self.status} action needs an owner (head-of-sales, "
                "head-of-marketing, ceo or both) and a due date (YYYY-MM-DD); "
                "or set status: not-now"
            )
        return self

    @property
    def owner_label(self) -> str:
        return OWNERS[self.owner] if self.owner else "–"


class ActionPlan(_Strict):
    organization: str | None = None
    plan_from: PlanSource = Field(alias="from")
    actions: list[Commitment] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    @model_validator(mode="after")
    def _once_each(self) -> ActionPlan:
        _plausible(self.plan_from.responses_to, "from.responses_to")
        seen: dict[str, int] = {}
        for i, action in enumerate(self.actions):
            if action.recommendation in seen:
                raise ValueError(
                    f"actions[{i}]: recommendation {action.recommendation!r} is "
                    f"committed twice (first as actions[{seen[action.recommendation]}]"
                    "); keep one"
                )
            seen[action.recommendation] = i
        return self

    def to_document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --- files ---------------------------------------------------------------------------------------


def load_actions(path: Path) -> ActionPlan:
    from alignment_cli.model.validation import read_document

    text = read_text(path, what="actions file")
    return read_document(
        ActionPlan,
        text,
        path=path,
        what="actions file",
        expected="a mapping with from and actions (see the README, 'Commitments')",
    )


def render_actions(plan: ActionPlan) -> str:
    return HEADER + dump_yaml(plan.to_document())


def save_actions(path: Path, plan: ActionPlan) -> None:
    write_atomic(path, render_actions(plan))


# --- from a result -------------------------------------------------------------------------------


def plan_recommendations(result: Result) -> list[Any]:
    """The recommendations in the action plan: those the result marks in_plan when it marks any,
    otherwise the first MAX_PLAN in their order (weakest areas first)."""
    recs = list(result.recommendations)
    marked = [r for r in recs if getattr(r, "in_plan", None)]
    return marked if marked else recs[:MAX_PLAN]


def draft_plan(result: Result, previous: ActionPlan | None = None) -> ActionPlan:
    """Every plan action undecided (not now), carrying what an earlier file decided for it."""
    before = {c.recommendation: c for c in previous.actions} if previous else {}
    actions = []
    for rec in plan_recommendations(result):
        dim = result.dimension(rec.dimension)
        old = before.get(rec.id)
        actions.append(
            Commitment(
                recommendation=rec.id,
                title=rec.title,
                dimension=rec.dimension,
                dimension_title=rec.dimension_title,
                first_step=rec.actions[0] if rec.actions else "",
                source=rec.source,
                baseline_alignment=dim.alignment if dim else None,
                status=old.status if old else "not-now",
                owner=old.owner if old else None,
                due=old.due if old else None,
            )
        )
    return ActionPlan(
        organization=result.organization,
        plan_from=PlanSource(
            questionnaire=result.questionnaire.id,
            version=result.questionnaire.version,
            responses_to=_day(result.responses_to),
            alignment_index=result.alignment_index,
        ),
        actions=actions,
    )


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


# --- last round's commitments at this round ------------------------------------------------------


def today_utc() -> date:
    return datetime.now(UTC).date()


@dataclass(frozen=True)
class CommitmentStatus:
    commitment: Commitment
    overdue: bool
    days_overdue: int
    alignment_now: float | None
    moved: float | None  # alignment now minus when the plan was made

    @property
    def state(self) -> str:
        if self.commitment.status != "open":
            return STATUS_LABELS[self.commitment.status]
        if not self.overdue:
            return "open, on time"
        return f"overdue by {self.days_overdue} day{'' if self.days_overdue == 1 else 's'}"


@dataclass(frozen=True)
class CommitmentReview:
    source: str
    as_of: date
    as_of_basis: Literal["responses", "today", "check"]
    plan_date: date | None
    items: list[CommitmentStatus]

    @property
    def committed(self) -> list[CommitmentStatus]:
        return [i for i in self.items if i.commitment.status != "not-now"]

    @property
    def not_now(self) -> list[CommitmentStatus]:
        return [i for i in self.items if i.commitment.status == "not-now"]

    @property
    def overdue(self) -> list[CommitmentStatus]:
        return [i for i in self.items if i.overdue]

    @property
    def as_of_words(self) -> str:
        basis = {
            "responses": "the date of this round's responses",
            "check": "today, the day this check runs",
            "today": "today (the responses carry no date)",
        }[self.as_of_basis]
        return f"{self.as_of.isoformat()}, {basis}"

    def to_document(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "as_of": self.as_of.isoformat(),
            "as_of_basis": self.as_of_basis,
            "plan_date": self.plan_date.isoformat() if self.plan_date else None,
            "overdue": len(self.overdue),
            "actions": [
                {
                    "recommendation": i.commitment.recommendation,
                    "title": i.commitment.title,
                    "dimension": i.commitment.dimension,
                    "owner": i.commitment.owner,
                    "due": i.commitment.due.isoformat() if i.commitment.due else None,
                    "status": i.commitment.status,
                    "overdue": i.overdue,
                    "days_overdue": i.days_overdue,
                    "alignment_then": i.commitment.baseline_alignment,
                    "alignment_now": i.alignment_now,
                    "moved": i.moved,
                }
                for i in self.items
            ],
        }


def review(
    plan: ActionPlan,
    result: Result,
    *,
    source: str,
    clock: Callable[[], date] = today_utc,
    at_today: bool = False,
) -> CommitmentReview:
    """Where each commitment stands at this round: overdue or not, and how its area moved.

    An open action is overdue when its due date lies before the as-of date (due that very day
    is on time). Done and not-now actions are never overdue. A report of a round judges at its
    responses' date; `at_today` (a scheduled check) judges at today's date (or the responses',
    when later), so a commitment that
    falls due between rounds is flagged without waiting for new answers.
    """
    responses_day = _day(result.responses_to)
    if at_today and (responses_day is None or clock() >= responses_day):
        responses_day = None  # today is later than the responses: judge at today
    as_of = responses_day or clock()
    items = []
    for c in plan.actions:
        dim = result.dimension(c.dimension)
        now = dim.alignment if dim else None
        moved = (
            round(now - c.baseline_alignment, 1)
            if now is not None and c.baseline_alignment is not None
            else None
        )
        late = c.status == "open" and c.due is not None and c.due < as_of
        days = (as_of - c.due).days if late and c.due is not None else 0
        items.append(CommitmentStatus(c, late, days, now, moved))
    return CommitmentReview(
        source=source,
        as_of=as_of,
        as_of_basis="responses" if responses_day else "check" if at_today else "today",
        plan_date=plan.plan_from.responses_to,
        items=items,
    )
