"""Agreement and reliability on small data computed by hand, and their invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignment_cli.scoring.pipeline import score
from alignment_cli.scoring.stats import cronbach_alpha, null_variance, rwg_j, sd, variance
from tests.helpers import MARKETING_ANSWERS, SALES_ANSWERS, make_response


def test_variance_and_sd():
    assert variance([1, 2, 3, 4, 5]) == 2.5
    assert sd([2, 4]) == pytest.approx(2**0.5)
    assert sd([3]) is None


def test_null_variance_of_a_five_point_scale():
    assert null_variance(5) == 2.0  # (25 - 1) / 12


def test_rwg_by_hand():
    # item 1: 4, 4, 5 -> variance 1/3; item 2: 3, 4, 5 -> variance 1; mean 2/3
    # ratio to the null variance 2: 1/3; rwg(J=2) = 2(2/3) / (2(2/3) + 1/3) = 0.8
    assert rwg_j([[4, 4, 5], [3, 4, 5]], 5) == pytest.approx(0.8)


def test_rwg_truncates_at_zero_and_needs_two_answers():
    assert rwg_j([[1, 5], [1, 5]], 5) == 0.0  # more scattered than chance
    assert rwg_j([[4], [2]], 5) is None
    assert rwg_j([], 5) is None


def test_alpha_by_hand():
    rows = [[1, 2, 2], [2, 2, 3], [3, 3, 3], [4, 4, 5], [5, 4, 5]]
    # item variances 2.5 + 1.0 + 1.8 = 5.3; totals 5, 7, 9, 13, 14 have variance 14.8
    # alpha = 3/2 * (1 - 5.3 / 14.8)
    assert cronbach_alpha(rows) == pytest.approx(1.5 * (1 - 5.3 / 14.8))
    assert round(cronbach_alpha(rows), 4) == 0.9628


def test_alpha_is_undefined_below_the_minimum():
    rows = [[1, 2], [2, 3], [3, 3], [4, 5], [5, 4]]
    assert cronbach_alpha(rows[:4], min_rows=5) is None  # four respondents
    assert cronbach_alpha([[r[0]] for r in rows]) is None  # one item
    assert cronbach_alpha([[3, 3]] * 6) is None  # totals do not vary


answers = st.lists(st.integers(1, 5), min_size=2, max_size=30)


@given(st.lists(answers, min_size=1, max_size=6))
def test_rwg_stays_within_zero_and_one(items):
    value = rwg_j(items, 5)
    assert value is not None and 0.0 <= value <= 1.0


@given(st.integers(1, 5), st.integers(2, 20), st.integers(1, 6))
def test_identical_answers_give_full_agreement(answer, people, items):
    assert rwg_j([[answer] * people for _ in range(items)], 5) == 1.0


def test_agreement_and_reliability_in_a_scored_result(mini):
    sales = [
        make_response(
            "sales",
            {**SALES_ANSWERS, "goals.agreed": a, "goals.conflict": c},
            name=f"S{i}",
            team="EMEA",
            head=i == 0,
        )
        for i, (a, c) in enumerate([(4, 3), (4, 4), (5, 5)])
    ]
    result = score(mini, [*sales, make_response("marketing", MARKETING_ANSWERS, name="M")])
    goals = result.dimension("goals")
    assert goals is not None
    assert goals.sides["sales"].rwg == 0.8  # the hand-computed case above
    assert goals.sides["sales"].respondents == 3
    assert goals.sides["marketing"].rwg is None  # one respondent: nothing to agree with
    assert goals.alpha is None and "fewer than 3 statements" in (goals.alpha_note or "")
    assert result.respondents["sales"].teams == {"EMEA": 3}
    assert goals.sides["sales"].teams["EMEA"] == goals.sides["sales"].score
    # the rest of the team is two people: under the minimum group of 3, no split is shown
    assert goals.sides["sales"].head_score is None and goals.sides["sales"].team_score is None
    # with groups of 2 allowed, the head's own view beside the team's: head (75 + 50 + 60) / 3,
    # the others (75 + 25 + 60) / 3 and (100 + 0 + 60) / 3
    allowed = score(
        mini, [*sales, make_response("marketing", MARKETING_ANSWERS, name="M")], min_group_size=2
    ).dimension("goals")
    assert allowed is not None
    assert allowed.sides["sales"].head_score == 61.7
    assert allowed.sides["sales"].team_score == 53.3
