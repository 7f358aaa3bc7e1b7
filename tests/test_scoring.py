"""Scoring on hand-computed cases, and the invariants that must hold for any answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment_cli.scoring.compute import item_score
from alignment_cli.scoring.pipeline import score
from tests.helpers import MARKETING_ANSWERS, SALES_ANSWERS, make_response


def two_heads(mini, sales=None, marketing=None):
    return score(
        mini,
        [
            make_response("sales", sales or SALES_ANSWERS, name="Jana"),
            make_response("marketing", marketing or MARKETING_ANSWERS, name="Mo"),
        ],
    )


def test_item_scores_by_kind(mini):
    assert item_score(mini, "goals.agreed", 1) == 0
    assert item_score(mini, "goals.agreed", 4) == 75
    assert item_score(mini, "goals.conflict", 4) == 25  # reversed
    assert item_score(mini, "goals.structure", "marketing-under-sales") == 40
    assert item_score(mini, "leads.definition", "yes") == 100
    assert item_score(mini, "leads.definition", "no") == 0
    assert item_score(mini, "leads.follow-up", 35) == 35
    assert item_score(mini, "goals.agreed", None) is None


def test_hand_computed_two_heads(mini):
    result = two_heads(mini)
    goals, leads, horizon = result.dimensions
    # goals: Sales (75 + 75 + 60) / 3 = 70; Marketing (25 + 25 + 70) / 3 = 40
    assert goals.scores == {"sales": 70.0, "marketing": 40.0}
    assert goals.gap == 30.0
    assert goals.alignment == 40.0  # 55 - 30 / 2, the less convinced side
    # leads: Sales (100 + 40 + 25) / 3 = 55; Marketing (0 + 80 + 0) / 3 = 26.67
    assert leads.scores == {"sales": 55.0, "marketing": 26.7}
    assert leads.gap == 28.3
    assert leads.alignment == 26.7
    # horizon: the own-focus item is shown as a difference to manage, and scores nothing
    assert horizon.scores == {"sales": 50.0, "marketing": 50.0}
    assert horizon.gap == 0.0
    assert horizon.alignment == 50.0
    assert [e.question for e in horizon.expected_differences] == ["horizon.own-quarter"]
    own = horizon.expected_differences[0]
    assert own.views == {"sales": "Strongly agree (5.0)", "marketing": "Strongly disagree (1.0)"}
    assert own.means == {"sales": 5.0, "marketing": 1.0}
    # index = (40 + 26.67 + 50) / 3
    assert result.alignment_index == 38.9
    assert result.stage is not None and result.stage.name == "Defined"
    # horizon (alignment 50, one scored item, no finding) has too little evidence to rank
    assert [p.dimension for p in result.priorities] == ["leads", "goals"]
    assert result.priorities[0].action == "Draft it jointly"


def test_findings_on_the_hand_computed_case(mini):
    result = two_heads(mini)
    kinds = [(f.kind, f.question or f.dimension) for f in result.findings]
    assert ("contested-fact", "goals.structure") in kinds
    assert ("contested-fact", "leads.definition") in kinds
    assert ("large-gap", "goals") in kinds
    assert ("large-gap", "leads") in kinds
    assert ("mirrored-view", "leads.worth-it") in kinds
    contested = next(f for f in result.findings if f.question == "leads.definition")
    assert contested.views == {"sales": "Yes", "marketing": "No"}
    mirrored = next(f for f in result.findings if f.kind == "mirrored-view")
    assert mirrored.views == {"sales": "25", "marketing": "0"}


def test_recommendations_fire_in_priority_order(mini):
    result = two_heads(mini)
    # leads-gap fires on a dimension threshold only, and a rule about the answers themselves
    # (the contested definition) fired for the same area, so it gives way
    assert [r.id for r in result.recommendations] == ["write-definition", "agree-goals"]
    first = result.recommendations[0]
    assert first.source == "Morettini"
    assert first.trigger == ["contested:leads.definition"]
    assert first.evidence == (
        "Asked “We have a written lead definition.”, Sales answered “Yes” and Marketing “No”."
    )
    assert "leads.definition" not in first.evidence  # no internal id in client-facing text
    assert result.recommendations[1].evidence == "Shared goals: alignment 40, under 60."
    assert result.recommendations[1].fallback is True


def test_no_recommendation_when_aligned(mini):
    answers = {
        "goals.agreed": 5,
        "goals.conflict": 1,
        "goals.structure": "one-leader",
        "leads.definition": "yes",
        "leads.follow-up": 90,
        "horizon.own-quarter": 3,
        "horizon.reconciled": 5,
    }
    result = two_heads(mini, answers | {"leads.worth-it": 5}, answers | {"leads.followed": 5})
    assert result.recommendations == []
    assert not [f for f in result.findings if f.severity == "high"]
    assert result.stage is not None and result.stage.name == "Integrated"


def test_dont_know_is_counted_but_not_scored(mini):
    marketing = MARKETING_ANSWERS | {"goals.agreed": None}
    result = two_heads(mini, marketing=marketing)
    goals = result.dimension("goals")
    assert goals is not None
    assert goals.sides["marketing"].dont_know == 1
    assert goals.sides["marketing"].answered == 2
    assert goals.scores["marketing"] == 47.5  # (25 + 70) / 2


def test_under_half_answered_is_insufficient(mini):
    marketing = {k: v for k, v in MARKETING_ANSWERS.items() if not k.startswith("goals")}
    marketing["goals.agreed"] = 2
    result = score(
        mini,
        [
            make_response("sales", SALES_ANSWERS, name="Jana"),
            make_response("marketing", marketing, name="Mo"),
        ],
        include_incomplete=True,
    )
    goals = result.dimension("goals")
    assert goals is not None
    assert goals.status == "insufficient"
    assert goals.alignment is None and goals.scores["marketing"] is None
    # the index is over the dimensions that could be scored
    assert result.alignment_index == round((26.6667 + 50) / 2, 1)
    assert any(f.kind == "unanswered" and f.dimension == "goals" for f in result.findings)


def test_one_side_only(mini):
    result = score(mini, [make_response("sales", SALES_ANSWERS, name="Jana")])
    assert result.gaps_computable is False
    assert result.alignment_index is None and result.stage is None
    assert all(d.status == "one-side" and d.gap is None for d in result.dimensions)
    assert result.findings[0].kind == "missing-side"
    assert "Marketing" in result.headline
    assert result.dimension("goals").scores == {"sales": 70.0, "marketing": None}
    # one side's scores (horizon 50, leads 55, goals 70): the evidence is that side's score
    # under the top band, scaled by the items behind it, so horizon's one item weighs little
    assert [p.dimension for p in result.priorities] == ["leads"]
    assert result.priorities[0].evidence.score == round(2.0 * 4 / 6, 2)
    assert result.no_index_reason is not None and "Marketing has not answered" in result.no_index_reason


def test_names_only_for_a_single_respondent(mini):
    result = two_heads(mini)
    assert result.respondents["sales"].names == ["Jana"]
    several = score(
        mini,
        [
            make_response("sales", SALES_ANSWERS, name="A"),
            make_response("sales", SALES_ANSWERS, name="B"),
            make_response("marketing", MARKETING_ANSWERS, name="C"),
        ],
    )
    assert several.respondents["sales"].names is None
    assert several.respondents["marketing"].names == ["C"]


# --- properties ----------------------------------------------------------------------------------

likert = st.one_of(st.none(), st.integers(1, 5))
BOTH_SIDED = {
    "goals.agreed": likert,
    "goals.conflict": likert,
    "goals.structure": st.one_of(
        st.none(), st.sampled_from(["one-leader", "separate-peers", "marketing-under-sales"])
    ),
    "leads.definition": st.one_of(st.none(), st.sampled_from(["yes", "no"])),
    "leads.follow-up": st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100)),
    "horizon.own-quarter": likert,
    "horizon.reconciled": likert,
}
answer_sets = st.fixed_dictionaries(BOTH_SIDED)


@settings(max_examples=150, deadline=None)
@given(a=answer_sets, b=answer_sets)
def test_gap_is_symmetric_in_the_two_sides(mini, a, b):
    first = score(mini, [make_response("sales", a), make_response("marketing", b)])
    second = score(mini, [make_response("sales", b), make_response("marketing", a)])
    assert first.alignment_index == second.alignment_index
    for x, y in zip(first.dimensions, second.dimensions, strict=True):
        assert x.gap == y.gap
        assert x.alignment == y.alignment
        assert x.scores["sales"] == y.scores["marketing"]


@settings(max_examples=150, deadline=None)
@given(a=answer_sets, b=answer_sets, worth=likert, followed=likert)
def test_alignment_never_above_either_side_and_index_in_range(mini, a, b, worth, followed):
    result = score(
        mini,
        [
            make_response("sales", a | {"leads.worth-it": worth}),
            make_response("marketing", b | {"leads.followed": followed}),
        ],
    )
    for dim in result.dimensions:
        if dim.alignment is None:
            continue
        assert dim.alignment <= min(dim.scores.values()) + 0.11  # rounding to one decimal
        assert 0 <= dim.alignment <= 100
    if result.alignment_index is not None:
        assert 0 <= result.alignment_index <= 100
        assert result.stage is not None


@settings(max_examples=100, deadline=None)
@given(a=answer_sets, b=answer_sets, worth=likert, followed=likert, max_actions=st.integers(1, 4))
def test_the_diagnosis_keeps_its_promises_for_any_answers(mini, a, b, worth, followed, max_actions):
    result = score(
        mini,
        [
            make_response("sales", a | {"leads.worth-it": worth}),
            make_response("marketing", b | {"leads.followed": followed}),
        ],
        max_actions=max_actions,
        include_incomplete=True,
    )
    if result.alignment_index is not None:
        low, high = result.alignment_index_interval or [None, None]
        assert low is not None and high is not None and low <= result.alignment_index <= high
    else:
        assert result.no_index_reason and result.stage is None
    assert len(result.plan) <= max_actions
    assert [r.rank for r in result.recommendations] == list(range(1, len(result.recommendations) + 1))
    assert len(result.priorities) <= result.rules.priorities
    for priority in result.priorities:
        assert priority.alignment is not None and priority.alignment < result.rules.top_band
    ranked = [p.evidence.score for p in result.priorities]
    assert ranked == sorted(ranked, reverse=True)


@given(st.integers(1, 5))
def test_reverse_items_flip(mini, value):
    forward = item_score(mini, "goals.agreed", value)
    reverse = item_score(mini, "goals.conflict", value)
    assert forward is not None and reverse is not None
    assert forward + reverse == pytest.approx(100)


BOUNDARY = """
id: edge
version: "1"
title: Edge
roles: [sales, marketing]
dimensions:
  - id: only
    title: Only
    questions:
      - {id: only.figure, kind: number, min: 0, max: 10000, text: A figure.}
stages:
  - {name: Low, from: 0}
  - {name: High, from: 75}
"""


@pytest.mark.parametrize(
    ("answer", "index", "stage"),
    [
        (7496, 75.0, "High"),  # 74.96 is shown as 75.0, so it is in the band that starts at 75
        (7494, 74.9, "Low"),
    ],
)
def test_stage_agrees_with_the_index_as_shown(answer, index, stage):
    from alignment_cli.model.questionnaire import parse_questionnaire

    edge = parse_questionnaire(BOUNDARY, path="edge.yaml")
    result = score(
        edge,
        [
            make_response("sales", {"only.figure": answer}, questionnaire=("edge", "1")),
            make_response("marketing", {"only.figure": answer}, questionnaire=("edge", "1")),
        ],
    )
    assert result.alignment_index == index
    assert result.stage is not None and result.stage.name == stage


def test_no_unanswered_finding_where_nothing_was_asked(mini):
    from alignment_cli.model.questionnaire import parse_questionnaire
    from tests.helpers import MINI

    text = MINI.read_text(encoding="utf-8").replace(
        "      - {id: horizon.reconciled, kind: likert, text: We reconcile our horizons.}\n", ""
    )
    text = text.replace("title: Time horizons", "title: Time horizons\n    gap_expected: true")
    profile = parse_questionnaire(text, path="q.yaml")
    answers = {k: v for k, v in SALES_ANSWERS.items() if k != "horizon.reconciled"}
    other = {k: v for k, v in MARKETING_ANSWERS.items() if k != "horizon.reconciled"}
    result = score(profile, [make_response("sales", answers), make_response("marketing", other)])
    horizon = result.dimension("horizon")
    assert horizon is not None and horizon.status == "profile" and horizon.alignment is None
    assert not [f for f in result.findings if f.kind == "unanswered"]
    assert "horizon" not in [p.dimension for p in result.priorities]
