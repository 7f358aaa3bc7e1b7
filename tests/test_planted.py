"""Organizations with one planted problem, built from the built-in questionnaire: the diagnosis
must find the planted area first and put a step about it at the top of the plan; a healthy
difference and a healthy organization must not be turned into problems."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.questionnaire import AnyQuestion, Questionnaire, resolve_questionnaire
from alignment_cli.model.result import Result
from alignment_cli.scoring.pipeline import score
from tests.helpers import make_response

Q_ID = ("sales-marketing-alignment", "1.0")


@pytest.fixture(scope="module")
def builtin() -> Questionnaire:
    return resolve_questionnaire("sales-marketing-alignment@1.0")  # the ids planted below are 1.0's


def healthy_answer(q: Questionnaire, question: AnyQuestion) -> Any:
    """A good but not perfect answer: "agree" on a statement, the best option of a fact."""
    options = question.choices(q.scale)
    if question.kind == "likert":
        return 2 if question.reverse else 4
    if question.kind == "number":
        return question.best_value  # type: ignore[union-attr]
    assert options is not None
    return max(options, key=lambda o: question.score(o[1], q.scale) or 0)[1]


def organization(
    q: Questionnaire, sales: dict[str, Any] | None = None, marketing: dict[str, Any] | None = None
) -> Result:
    answers = {
        role: {question.id: healthy_answer(q, question) for _, question in q.questions_for(role)}
        for role in q.roles
    }
    answers["sales"].update(sales or {})
    answers["marketing"].update(marketing or {})
    return score(
        q,
        [
            make_response(role, answers[role], head=True, questionnaire=Q_ID, name=f"Head of {role}")
            for role in q.roles
        ],
    )


PLANTED = {
    "lead-definition dispute": (
        "lead-handoff",
        {
            "lead-handoff.written-definition": "no",
            "lead-handoff.sales-shaped-definition": 2,
            "lead-handoff.leads-worth-pursuing": 2,
        },
        {
            "lead-handoff.written-definition": "yes",
            "lead-handoff.leads-pursued": 2,
        },
    ),
    "blame culture": (
        "shared-goals",
        {
            "shared-goals.blamed-by-marketing": 5,
            "shared-goals.win-together": 2,
        },
        {
            "shared-goals.blamed-by-sales": 5,
            "shared-goals.win-together": 2,
        },
    ),
    "weak Marketing voice": (
        "leadership",
        {
            "leadership.structure": "marketing-under-sales",
        },
        {
            "leadership.structure": "marketing-under-sales",
            "leadership.neither-dominates": 1,
            "leadership.ceo-fair-arbiter": 2,
        },
    ),
    "one side does not understand the other's horizon": (
        "time-horizons",
        {
            "time-horizons.own-this-quarter": 5,
            "time-horizons.own-years-ahead": 2,
            "time-horizons.near-term-support": 2,
        },
        {
            "time-horizons.own-this-quarter": 2,
            "time-horizons.own-years-ahead": 5,
            "time-horizons.horizons-understood": 1,
        },
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_the_planted_problem_is_priority_1_with_a_step_in_the_first_three(
    builtin: Questionnaire, name: str
) -> None:
    area, sales, marketing = PLANTED[name]
    result = organization(builtin, sales, marketing)
    assert result.priorities, name
    assert result.priorities[0].dimension == area
    assert result.priorities[0].action is not None
    assert area in [r.dimension for r in result.plan[:3]]
    assert len(result.plan) <= result.rules.max_actions


def test_a_healthy_difference_in_horizons_is_no_priority(builtin: Questionnaire) -> None:
    # Sales plans for the quarter, Marketing for years, and each understands the other
    result = organization(
        builtin,
        {
            "time-horizons.own-this-quarter": 5,
            "time-horizons.own-years-ahead": 1,
            "time-horizons.horizons-understood": 5,
        },
        {
            "time-horizons.own-this-quarter": 1,
            "time-horizons.own-years-ahead": 5,
            "time-horizons.horizons-understood": 5,
        },
    )
    assert "time-horizons" not in [p.dimension for p in result.priorities]
    horizons = result.dimension("time-horizons")
    assert horizons is not None and horizons.gap is not None and horizons.gap < 20
    assert not [r for r in result.recommendations if r.dimension == "time-horizons"]


def test_a_healthy_organization_gets_at_most_one_priority(builtin: Questionnaire) -> None:
    result = organization(builtin)
    assert len(result.priorities) <= 1
    assert result.stage is not None and result.alignment_index is not None
    assert result.alignment_index >= 75


def test_a_blank_file_is_never_a_respondent(builtin: Questionnaire) -> None:
    blank = make_response("marketing", {}, questionnaire=Q_ID)
    full = organization(builtin)
    result = score(
        builtin,
        [make_response("sales", {}, questionnaire=Q_ID), blank],
        labels=["sales.yaml", "marketing.yaml"],
    )
    assert result.alignment_index is None
    assert [f.file for f in result.excluded] == ["sales.yaml", "marketing.yaml"]
    assert full.excluded == []
