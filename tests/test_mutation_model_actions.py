"""Commitments (model/actions.py) at their edges: the exact refusals, the plausible dates at both
ends, the lengths of text, the plan drafted from a result, and how each commitment stands."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from alignment_cli.errors import InputError
from alignment_cli.model.actions import (
    HEADER,
    MAX_PLAN,
    ActionPlan,
    Commitment,
    CommitmentReview,
    CommitmentStatus,
    draft_plan,
    load_actions,
    plan_recommendations,
    render_actions,
    review,
)
from alignment_cli.model.result import Result

ACTION: dict[str, Any] = {"recommendation": "agree-goals", "title": "Agree objectives", "dimension": "goals"}


def refusal(model: type[Any], data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


NEEDS = (
    "action needs an owner (head-of-sales, head-of-marketing, ceo or both) and a due date "
    "(YYYY-MM-DD); or set status: not-now"
)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "open"}, "an open " + NEEDS),
        ({"status": "open", "owner": "ceo"}, "an open " + NEEDS),
        ({"status": "open", "due": "2026-05-01"}, "an open " + NEEDS),
        ({"status": "done", "owner": "ceo"}, "a done " + NEEDS),
        ({"status": "done"}, "a done " + NEEDS),
        (
            {"status": "not-now", "owner": "ceo"},
            "a not-now action has no owner and no due date; remove them, or set status to open",
        ),
        (
            {"status": "not-now", "due": "2026-05-01"},
            "a not-now action has no owner and no due date; remove them, or set status to open",
        ),
        (
            {"status": "open", "owner": "ceo", "due": "1999-12-31"},
            "due 1999-12-31 is not a plausible date; expected one from 2000 to 2100",
        ),
        (
            {"status": "open", "owner": "ceo", "due": "2101-01-01"},
            "due 2101-01-01 is not a plausible date; expected one from 2000 to 2100",
        ),
    ],
)
def test_what_an_action_must_say_is_named_exactly(fields: dict[str, Any], message: str) -> None:
    assert refusal(Commitment, ACTION | fields) == message


@pytest.mark.parametrize("due", ["2000-01-01", "2100-12-31"])
def test_the_first_and_last_plausible_days_are_taken(due: str) -> None:
    c = Commitment.model_validate(ACTION | {"status": "open", "owner": "both", "due": due})
    assert c.due == date.fromisoformat(due)


@pytest.mark.parametrize(
    ("owner", "label"),
    [
        ("head-of-sales", "Head of Sales"),
        ("head-of-marketing", "Head of Marketing"),
        ("ceo", "CEO"),
        ("both", "Both heads"),
        (None, "–"),
    ],
)
def test_an_owner_in_words(owner: str | None, label: str) -> None:
    fields = {"status": "not-now"} if owner is None else {"owner": owner, "due": "2026-05-01"}
    assert Commitment.model_validate(ACTION | fields).owner_label == label


def plan_doc(*actions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"from": {"questionnaire": "mini", "version": "1"}, "actions": list(actions)} | fields


NOT_NOW = ACTION | {"status": "not-now"}


def test_a_recommendation_committed_twice_names_both_places() -> None:
    other = NOT_NOW | {"recommendation": "other"}
    assert refusal(ActionPlan, plan_doc(NOT_NOW, other, NOT_NOW)) == (
        "actions[2]: recommendation 'agree-goals' is committed twice (first as actions[0]); keep one"
    )
    assert refusal(ActionPlan, plan_doc(other, NOT_NOW, NOT_NOW)) == (
        "actions[2]: recommendation 'agree-goals' is committed twice (first as actions[1]); keep one"
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "1999-12-31",
            "from.responses_to 1999-12-31 is not a plausible date; expected one from 2000 to 2100",
        ),
        (
            "2101-01-01",
            "from.responses_to 2101-01-01 is not a plausible date; expected one from 2000 to 2100",
        ),
    ],
)
def test_the_plan_s_own_date_must_be_plausible(day: str, message: str) -> None:
    doc = plan_doc()
    doc["from"]["responses_to"] = day
    assert refusal(ActionPlan, doc) == message


@pytest.mark.parametrize(
    ("key", "limit"),
    [
        ("title", 200),
        ("dimension_title", 200),
        ("first_step", 2000),
        ("recommendation", 2000),
    ],
)
def test_text_is_refused_past_its_length(key: str, limit: int) -> None:
    at_limit = Commitment.model_validate(NOT_NOW | {key: "x" * limit})
    assert getattr(at_limit, key) == "x" * limit
    assert refusal(Commitment, NOT_NOW | {key: "x" * (limit + 1)}) == (
        f"{key}: is {limit + 1:,} characters long; at most {limit} are expected"
    )


def test_the_organization_is_one_line_of_at_most_200_characters() -> None:
    assert ActionPlan.model_validate(plan_doc(organization="A" * 200)).organization == "A" * 200
    assert refusal(ActionPlan, plan_doc(organization="A" * 201)) == (
        "organization: is 201 characters long; at most 200 are expected"
    )
    assert ActionPlan.model_validate(plan_doc(organization="Acme\nCorp")).organization == "Acme Corp"


def test_only_the_first_step_keeps_its_line_breaks() -> None:
    c = Commitment.model_validate(
        NOT_NOW | {"first_step": "One.\nTwo.", "title": "A\nB", "source": "x\x1b[31m"}
    )
    assert c.first_step == "One.\nTwo." and c.title == "A B" and c.source == "x"


def test_a_file_that_is_not_a_mapping_is_refused_at_its_start(tmp_path: Path) -> None:
    path = tmp_path / "actions.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_actions(path)
    assert caught.value.detail == ("expected a mapping with from and actions (see the README, 'Commitments')")
    assert caught.value.where == "1:1"


def test_the_file_starts_with_its_header_and_leaves_out_what_is_not_set() -> None:
    plan = ActionPlan.model_validate(plan_doc(NOT_NOW))
    assert render_actions(plan) == HEADER + (
        "from:\n  questionnaire: mini\n  version: '1'\nactions:\n- recommendation: agree-goals\n"
        "  title: Agree objectives\n  dimension: goals\n  dimension_title: ''\n  first_step: ''\n"
        "  status: not-now\n"
    )


def result(recommendations: list[dict[str, Any]], **fields: Any) -> Result:
    base: dict[str, Any] = {
        "generator": "test",
        "questionnaire": {"id": "mini", "version": "1", "title": "Mini"},
        "sides": ["sales", "marketing"],
        "respondents": {},
        "gaps_computable": True,
        "alignment_index": 42.0,
        "stage": None,
        "stages": [],
        "headline": "h",
        "organization": "Acme",
        "dimensions": [
            {"id": "goals", "title": "Goals", "scores": {}, "alignment": 30.0},
            {"id": "leads", "title": "Leads", "scores": {}, "alignment": None},
        ],
        "recommendations": recommendations,
    }
    return Result.model_validate(base | fields)


def rec(rid: str, in_plan: bool = False, **fields: Any) -> dict[str, Any]:
    return {
        "id": rid,
        "title": rid.title(),
        "dimension": "goals",
        "dimension_title": "Goals",
        "actions": [f"{rid} first", f"{rid} second"],
        "in_plan": in_plan,
    } | fields


@pytest.mark.parametrize(
    ("recs", "chosen"),
    [
        ([rec(f"r{i}") for i in range(9)], [f"r{i}" for i in range(MAX_PLAN)]),
        ([rec(f"r{i}") for i in range(3)], ["r0", "r1", "r2"]),
        ([rec("r0"), rec("r1", True), rec("r2"), rec("r3", True)], ["r1", "r3"]),
        ([], []),
    ],
)
def test_the_plan_holds_what_the_result_marks_or_else_the_first_seven(
    recs: list[dict[str, Any]], chosen: list[str]
) -> None:
    assert [r.id for r in plan_recommendations(result(recs))] == chosen
    assert MAX_PLAN == 7


def test_a_drafted_plan_leaves_every_action_undecided_and_keeps_earlier_decisions() -> None:
    r = result(
        [
            rec("a", True, source="src"),
            rec("b", True, dimension="leads", actions=[]),
            rec("c", True, dimension="gone"),
        ],
        responses_to="2026-03-01T10:00:00Z",
    )
    plan = draft_plan(r)
    assert plan.organization == "Acme"
    assert (plan.plan_from.questionnaire, plan.plan_from.version) == ("mini", "1")
    assert plan.plan_from.responses_to == date(2026, 3, 1)
    assert plan.plan_from.alignment_index == 42.0
    a, b, c = plan.actions
    assert (a.recommendation, a.title, a.dimension, a.dimension_title) == ("a", "A", "goals", "Goals")
    assert (a.first_step, a.source, a.baseline_alignment) == ("a first", "src", 30.0)
    assert (b.first_step, b.source, b.baseline_alignment) == ("", None, None)
    assert c.baseline_alignment is None
    assert all((x.status, x.owner, x.due) == ("not-now", None, None) for x in plan.actions)
    decided = plan.model_copy(
        update={
            "actions": [
                a.model_copy(update={"status": "open", "owner": "ceo", "due": date(2026, 5, 1)}),
                b,
                c,
            ]
        }
    )
    again = draft_plan(r, decided)
    assert (again.actions[0].status, again.actions[0].owner, again.actions[0].due) == (
        "open",
        "ceo",
        date(2026, 5, 1),
    )
    assert again.actions[1].status == "not-now"


@pytest.mark.parametrize(
    ("responses_to", "day"),
    [
        (None, None),
        ("", None),
        ("2026-03-01", date(2026, 3, 1)),
        ("2026-03-01T23:59:00Z", date(2026, 3, 1)),
        ("March", None),
        ("2026-13-01", None),
    ],
)
def test_the_plan_s_date_is_the_day_of_the_latest_answer(responses_to: str | None, day: date | None) -> None:
    assert draft_plan(result([], responses_to=responses_to)).plan_from.responses_to == day


def commitment(**fields: Any) -> Commitment:
    return Commitment.model_validate(
        ACTION | {"status": "open", "owner": "ceo", "due": "2026-03-10", "baseline_alignment": 20.0} | fields
    )


def a_review(
    *actions: Commitment,
    responses_to: str | None = "2026-03-12",
    today: date = date(2026, 4, 1),
    at_today: bool = False,
) -> CommitmentReview:
    plan = ActionPlan.model_validate(plan_doc()).model_copy(update={"actions": list(actions)})
    return review(
        plan,
        result([], responses_to=responses_to),
        source="actions.yaml",
        clock=lambda: today,
        at_today=at_today,
    )


@pytest.mark.parametrize(
    ("due", "overdue", "days", "state"),
    [
        ("2026-03-11", True, 1, "overdue by 1 day"),
        ("2026-03-01", True, 11, "overdue by 11 days"),
        ("2026-03-12", False, 0, "open, on time"),  # due on the day itself is on time
        ("2026-03-13", False, 0, "open, on time"),
    ],
)
def test_an_open_action_is_overdue_after_its_due_day(due: str, overdue: bool, days: int, state: str) -> None:
    (item,) = a_review(commitment(due=due)).items
    assert (item.overdue, item.days_overdue, item.state) == (overdue, days, state)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"status": "done"}, "done"),
        ({"status": "not-now", "owner": None, "due": None}, "not now"),
    ],
)
def test_done_and_not_now_are_never_overdue(fields: dict[str, Any], state: str) -> None:
    (item,) = a_review(commitment(**({"due": "2026-01-01"} | fields))).items
    assert (item.overdue, item.days_overdue, item.state) == (False, 0, state)


@pytest.mark.parametrize(
    ("responses_to", "today", "at_today", "as_of", "basis"),
    [
        ("2026-03-12", date(2026, 4, 1), False, date(2026, 3, 12), "responses"),
        (None, date(2026, 4, 1), False, date(2026, 4, 1), "today"),
        ("2026-03-12", date(2026, 4, 1), True, date(2026, 4, 1), "check"),
        ("2026-03-12", date(2026, 3, 12), True, date(2026, 3, 12), "check"),
        ("2026-03-12", date(2026, 3, 11), True, date(2026, 3, 12), "responses"),
        (None, date(2026, 4, 1), True, date(2026, 4, 1), "check"),
    ],
)
def test_a_round_is_judged_at_its_responses_or_today(
    responses_to: str | None, today: date, at_today: bool, as_of: date, basis: str
) -> None:
    r = a_review(responses_to=responses_to, today=today, at_today=at_today)
    assert (r.as_of, r.as_of_basis) == (as_of, basis)


@pytest.mark.parametrize(
    ("basis", "words"),
    [
        ("responses", "2026-03-12, the date of this round's responses"),
        ("check", "2026-03-12, today, the day this check runs"),
        ("today", "2026-03-12, today (the responses carry no date)"),
    ],
)
def test_the_as_of_date_in_words(basis: str, words: str) -> None:
    r = CommitmentReview(
        source="a",
        as_of=date(2026, 3, 12),
        as_of_basis=basis,  # type: ignore[arg-type]
        plan_date=None,
        items=[],
    )
    assert r.as_of_words == words


def test_how_each_area_moved_and_the_review_as_a_document() -> None:
    late = commitment(recommendation="late", due="2026-03-01", baseline_alignment=20.04)
    done = commitment(recommendation="done", status="done", dimension="leads")
    later = commitment(
        recommendation="later",
        status="not-now",
        owner=None,
        due=None,
        dimension="gone",
        baseline_alignment=None,
    )
    r = a_review(late, done, later)
    assert [i.moved for i in r.items] == [10.0, None, None]
    assert [i.alignment_now for i in r.items] == [30.0, None, None]
    assert [i.commitment.recommendation for i in r.committed] == ["late", "done"]
    assert [i.commitment.recommendation for i in r.not_now] == ["later"]
    assert [i.commitment.recommendation for i in r.overdue] == ["late"]
    doc = r.to_document()
    assert {k: v for k, v in doc.items() if k != "actions"} == {
        "file": "actions.yaml",
        "as_of": "2026-03-12",
        "as_of_basis": "responses",
        "plan_date": None,
        "overdue": 1,
    }
    assert doc["actions"][0] == {
        "recommendation": "late",
        "title": "Agree objectives",
        "dimension": "goals",
        "owner": "ceo",
        "due": "2026-03-01",
        "status": "open",
        "overdue": True,
        "days_overdue": 11,
        "alignment_then": 20.04,
        "alignment_now": 30.0,
        "moved": 10.0,
    }
    assert doc["actions"][2]["due"] is None and doc["actions"][2]["owner"] is None
    dated = ActionPlan.model_validate(
        plan_doc() | {"from": {"questionnaire": "mini", "version": "1", "responses_to": "2026-01-05"}}
    )
    assert review(dated, result([]), source="x").to_document()["plan_date"] == "2026-01-05"


def test_a_status_is_frozen_with_what_it_was_built_from() -> None:
    c = commitment()
    status = CommitmentStatus(c, True, 3, 50.0, 30.0)
    assert status.state == "overdue by 3 days" and status.commitment is c


def test_dates_are_written_as_text() -> None:
    doc = ActionPlan.model_validate(
        plan_doc(ACTION | {"status": "open", "owner": "ceo", "due": "2026-05-01"})
        | {"from": {"questionnaire": "mini", "version": "1", "responses_to": "2026-03-01"}}
    ).to_document()
    assert doc["from"]["responses_to"] == "2026-03-01" and doc["actions"][0]["due"] == "2026-05-01"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        load_actions(path)
    return caught.value


def test_an_actions_file_s_problems_name_it(tmp_path: Path) -> None:
    err = load_error(tmp_path / "none.yaml")
    assert (err.detail, err.path) == ("actions file not found", str(tmp_path / "none.yaml"))
    path = write(tmp_path, "# nothing\n")
    err = load_error(path)
    assert (err.detail, err.path) == ("holds nothing but comments; expected a YAML actions file", str(path))
    path = write(tmp_path, "[]\n")
    assert load_error(path).path == str(path)
    path = write(
        tmp_path,
        "from: {questionnaire: mini, version: '1'}\nactions:\n"
        "  - {recommendation: a, title: A, dimension: d, status: not-now}\n"
        "  - {recommendation: a, title: A, dimension: d, status: not-now}\n",
    )
    err = load_error(path)
    assert err.detail == (
        "actions file: actions[1]: recommendation 'a' is committed twice (first as actions[0]); keep one"
    )
    assert err.path == str(path)
