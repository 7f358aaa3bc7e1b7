"""Findings, word for word and at every threshold: each kind's title, detail, severity and
order, so that a changed limit, a flipped comparison or a lost sentence shows."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.result import SelfView
from alignment_cli.scoring.findings import _short, blind_spots
from alignment_cli.scoring.pipeline import score
from tests.scoring_cases import build, dimension, number, pair, respondent, yes_no

ONE = [dimension("d", number("d.a"))]


def kinds(result: Any, kind: str) -> list[Any]:
    return [f for f in result.findings if f.kind == kind]


def test_a_missing_side_is_the_only_comparison_finding() -> None:
    q = build([dimension("d", number("d.a"), yes_no("d.y"))])
    result = score(q, [respondent("sales", {"d.a": 10, "d.y": "no"})])
    (finding,) = result.findings
    assert finding.kind == "missing-side" and finding.severity == "high"
    assert finding.title == "No answers from Marketing"
    assert finding.detail == (
        "Only one side has answered, so no gap between the two views can be computed and there "
        "is no alignment index yet. Ask Marketing to answer the same questionnaire."
    )


def test_a_contested_fact_quotes_both_answers() -> None:
    q = build([dimension("d", number("d.a")), dimension("e", yes_no("e.y"))])
    result = pair(q, {"d.a": 50, "e.y": "yes"}, {"d.a": 50, "e.y": "no"})
    (finding,) = kinds(result, "contested-fact")
    assert finding.severity == "high"
    assert (finding.dimension, finding.question) == ("e", "e.y")
    assert finding.title == "The two sides disagree on a fact: Is there e.y?"
    assert finding.detail == (
        "Sales: “Yes” / Marketing: “No”. A matter of fact seen two ways is usually the first thing to settle."
    )
    assert finding.views == {"sales": "Yes", "marketing": "No"}


def test_different_answers_to_a_statement_are_no_contested_fact() -> None:
    q = build([dimension("d", {"id": "d.c", "kind": "yes_no", "text": "Is it?"})])
    assert kinds(pair(q, {"d.c": "yes"}, {"d.c": "no"}), "contested-fact") == []


@pytest.mark.parametrize(
    ("sales", "marketing", "severity"),
    [
        (60, 40.1, None),  # 19.9 apart
        (60, 40, "medium"),  # exactly the large gap
        (80, 40.1, "medium"),  # 39.9
        (80, 40, "high"),  # exactly the severe gap
        (40, 80.1, "high"),
    ],
)
def test_large_gap_severity_at_20_and_40(sales: float, marketing: float, severity: str | None) -> None:
    found = kinds(pair(build(ONE), {"d.a": sales}, {"d.a": marketing}), "large-gap")
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("sales", "marketing", "detail"),
    [
        (70, 45, "Sales scores it 70, Marketing 45; Sales sees it more favourably."),
        (45, 70, "Sales scores it 45, Marketing 70; Marketing sees it more favourably."),
    ],
)
def test_a_large_gap_names_the_side_that_sees_it_better(sales: float, marketing: float, detail: str) -> None:
    (finding,) = kinds(pair(build(ONE), {"d.a": sales}, {"d.a": marketing}), "large-gap")
    assert finding.dimension == "d"
    assert finding.title == "D: the two sides are 25 points apart"
    assert finding.detail == detail
    assert finding.views == {"sales": f"{sales}", "marketing": f"{marketing}"}


def test_the_gap_limits_come_from_the_rules() -> None:
    q = build(ONE, rules={"large_gap": 10, "severe_gap": 15})
    assert [f.severity for f in kinds(pair(q, {"d.a": 50}, {"d.a": 60}), "large-gap")] == ["medium"]
    assert [f.severity for f in kinds(pair(q, {"d.a": 50}, {"d.a": 65}), "large-gap")] == ["high"]


MIRROR = [dimension("d", number("d.s", roles=["sales"], mirror="d.m"), number("d.m", roles=["marketing"]))]


@pytest.mark.parametrize(
    ("view", "severity", "tail"),
    [
        (50, "info", ""),
        (49.9, "medium", " One side rates the other low."),
    ],
)
def test_a_mirrored_view_word_for_word(view: float, severity: str, tail: str) -> None:
    (finding,) = kinds(pair(build(MIRROR), {"d.s": 90}, {"d.m": view}), "mirrored-view")
    assert finding.severity == severity
    assert (finding.dimension, finding.question) == ("d", "d.s")
    assert finding.title == "How each side sees the other: Share d.s."
    assert finding.detail == (f"Sales: “Share d.s.” 90/100. Marketing: “Share d.m.” {view:.0f}/100.{tail}")
    assert finding.views == {"sales": "90", "marketing": f"{view:.0f}"}
    assert finding.statements == {"sales": "Share d.s.", "marketing": "Share d.m."}


def test_the_low_view_limit_comes_from_the_rules() -> None:
    q = build(MIRROR, rules={"low_view": 60})
    (finding,) = kinds(pair(q, {"d.s": 90}, {"d.m": 59}), "mirrored-view")
    assert finding.severity == "medium"


def test_a_mirrored_pair_with_one_side_silent_is_no_finding() -> None:
    q = build(
        [
            dimension(
                "d",
                number("d.s", roles=["sales"], mirror="d.m"),
                number("d.m", roles=["marketing"]),
                number("d.a"),
            )
        ],
        rules={"min_completeness": 0},
    )
    assert kinds(pair(q, {"d.s": 10, "d.a": 5}, {"d.a": 5}), "mirrored-view") == []
    assert kinds(pair(q, {"d.a": 5}, {"d.m": 10, "d.a": 5}), "mirrored-view") == []


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("x" * 70, "x" * 70),
        ("x" * 71, "x" * 69 + "…"),
        ("x" * 68 + "  yz", "x" * 68 + "…"),  # the cut drops trailing spaces
    ],
)
def test_short_keeps_70_characters(text: str, short: str) -> None:
    assert _short(text) == short


SELF = [
    dimension(
        "d",
        number("d.own", roles=["sales"], self_of="d.other", text="We follow up."),
        number("d.other", roles=["marketing"], text="Sales follows up."),
        number("d.a"),
    )
]


def test_self_views_pair_each_self_rating_with_the_other_sides_rating() -> None:
    # an item that is no self-rating comes first: the search goes on past it
    q = build([dimension("c", number("c.a")), *SELF])
    result = pair(q, {"d.own": 80.26, "d.a": 1, "c.a": 1}, {"d.other": 40.26, "d.a": 1, "c.a": 1})
    assert result.self_views == [
        SelfView(
            side="sales",
            other_side="marketing",
            dimension="d",
            question="d.own",
            other_question="d.other",
            statement="We follow up.",
            other_statement="Sales follows up.",
            self_score=80.3,
            other_score=40.3,
            difference=40.0,
        )
    ]


def test_a_self_view_without_answers_has_no_numbers() -> None:
    q = build(SELF, rules={"min_completeness": 0})
    (view,) = pair(q, {"d.a": 1}, {"d.other": 40, "d.a": 1}).self_views
    assert (view.self_score, view.other_score, view.difference) == (None, 40.0, None)
    (view,) = pair(q, {"d.own": 70, "d.a": 1}, {"d.a": 1}).self_views
    assert (view.self_score, view.other_score, view.difference) == (70.0, None, None)


@pytest.mark.parametrize(
    ("own", "other", "severity"),
    [
        (60, 40.1, None),  # 19.9 higher
        (60, 40, "medium"),  # exactly the large gap
        (80, 40.1, "medium"),
        (80, 40, "high"),  # exactly the severe gap
        (40, 80, None),  # rated higher by the other side: no blind spot
    ],
)
def test_a_blind_spot_at_20_and_40_points(own: float, other: float, severity: str | None) -> None:
    result = pair(build(SELF), {"d.own": own, "d.a": 1}, {"d.other": other, "d.a": 1})
    assert [f.severity for f in kinds(result, "blind-spot")] == ([severity] if severity else [])


def test_a_blind_spot_word_for_word() -> None:
    result = pair(build(SELF), {"d.own": 90, "d.a": 1}, {"d.other": 65, "d.a": 1})
    (finding,) = kinds(result, "blind-spot")
    assert (finding.dimension, finding.side, finding.question) == ("d", "sales", "d.own")
    assert finding.title == "Sales rates its own work 25 points higher than Marketing does: We follow up."
    assert finding.detail == (
        "Sales on itself: “We follow up.” 90/100. Marketing on Sales: “Sales follows up.” "
        "65/100. What one side believes it does well and the other does not see is worth "
        "discussing with examples."
    )
    assert finding.views == {"sales": "90", "marketing": "65"}
    assert finding.statements == {"sales": "We follow up.", "marketing": "Sales follows up."}


def view(
    difference: float | None, self_score: float | None = 90.0, other_score: float | None = 50.0
) -> SelfView:
    return SelfView(
        side="sales",
        other_side="marketing",
        dimension="d",
        question="q",
        other_question="o",
        statement="S",
        other_statement="O",
        self_score=self_score,
        other_score=other_score,
        difference=difference,
    )


@pytest.mark.parametrize(
    ("views", "count"),
    [
        ([view(None)], 0),
        ([view(30.0, self_score=None)], 0),
        ([view(30.0, other_score=None)], 0),
        ([view(30.0), view(10.0), view(30.0)], 2),
    ],
)
def test_blind_spots_need_both_scores_and_a_difference(views: list[SelfView], count: int) -> None:
    assert len(blind_spots(views, 20, 40)) == count


TWO = [dimension("d", number("d.a"), number("d.b")), dimension("e", number("e.a"))]


@pytest.mark.parametrize(
    ("marketing", "detail"),
    [
        (
            {"e.a": 50},
            "0 of 2 items answered. Under 50% answered is shown as insufficient rather than a number; "
            "often it means the area is not discussed at all.",
        ),
        (
            {"d.a": None, "d.b": None, "e.a": 50},
            "0 of 2 items answered, 2 marked don’t know. Under 50% answered is shown as insufficient "
            "rather than a number; often it means the area is not discussed at all.",
        ),
    ],
)
def test_an_unanswered_area_word_for_word(marketing: dict[str, Any], detail: str) -> None:
    q = build(TWO, rules={"min_completeness": 0, "min_answered_share": 0.5, "measurable_share": 0.5})
    result = pair(q, {"d.a": 50, "d.b": 50, "e.a": 50}, marketing)
    (finding,) = kinds(result, "unanswered")
    assert (finding.severity, finding.dimension, finding.side) == ("medium", "d", "marketing")
    assert finding.title == "D: too few answers from Marketing to score"
    assert finding.detail == detail


def test_no_unanswered_finding_for_a_side_without_respondents_or_a_profile_area() -> None:
    q = build(
        [dimension("d", number("d.a")), dimension("p", number("p.a", gap_expected=True))],
        rules={"min_completeness": 0},
    )
    result = score(q, [respondent("sales", {"d.a": 50})])
    assert kinds(result, "unanswered") == []


def team(role: str, answers: list[float]) -> list[Any]:
    return [respondent(role, {"d.a": a}, name=f"{role}{i}") for i, a in enumerate(answers)]


@pytest.mark.parametrize(("flag", "flagged"), [(0.74, False), (0.75, False), (0.76, True)])
def test_low_agreement_strictly_under_the_flag(flag: float, flagged: bool) -> None:
    # answers 2 and 3 on a 1-5 scale: variance 0.5 against the uniform 2, rwg 0.75
    q = build(
        [dimension("d", {"id": "d.a", "kind": "likert", "text": "We agree."})],
        scale={"min": 1, "max": 5},
        rules={"agreement_flag": flag, "alpha_min_respondents": 2},
    )
    result = score(q, team("sales", [2, 3]) + team("marketing", [4, 4]))
    assert result.dimensions[0].sides["sales"].rwg == 0.75
    found = kinds(result, "low-agreement")
    assert [(f.side, f.severity, f.dimension) for f in found] == ([("sales", "info", "d")] if flagged else [])
    if flagged:
        assert found[0].title == "D: Sales does not agree within itself"
        assert found[0].detail == (
            "Within-team agreement (rwg) is 0.75, under 0.76: the side's average hides very "
            "different views, so talk to the team before acting on the number."
        )


@pytest.mark.parametrize(
    ("head", "rest", "flagged"), [(80, 60, True), (80, 60.1, False), (40, 60, True), (40, 59.9, False)]
)
def test_a_team_gap_at_20_points_either_way(head: float, rest: float, flagged: bool) -> None:
    q = build(ONE)
    sales = [respondent("sales", {"d.a": head}, head=True), *team("sales", [rest] * 3)]
    result = score(q, [*sales, respondent("marketing", {"d.a": 70})])
    found = kinds(result, "team-gap")
    assert bool(found) is flagged
    if flagged:
        (finding,) = found
        assert (finding.severity, finding.side, finding.dimension) == ("medium", "sales", "d")
        assert finding.title == (f"D: the head of Sales sees it at {head:.0f}, the Sales team at {rest:.0f}")
        assert finding.detail == "The leader's view and the team's differ by 20 points."


def test_findings_are_ordered_by_severity_kind_and_area() -> None:
    q = build(
        [
            dimension("a", number("a.x")),
            dimension("b", number("b.x"), number("b.y")),
            dimension("c", yes_no("c.y"), number("c.x")),
            dimension("e", number("e.x")),
        ],
        rules={"min_completeness": 0, "measurable_share": 0.1},
    )
    result = pair(
        q,
        {"a.x": 90, "b.x": 90, "b.y": 90, "c.y": "yes", "c.x": 90, "e.x": 90},
        {"a.x": 45, "c.y": "no", "c.x": 65, "e.x": 65},
    )
    # high before medium; within a severity, the kind's place; then the area's
    assert [(f.kind, f.severity, f.dimension) for f in result.findings] == [
        ("contested-fact", "high", "c"),
        ("large-gap", "high", "a"),
        ("large-gap", "high", "c"),
        ("large-gap", "medium", "e"),
        ("unanswered", "medium", "b"),
    ]


def test_a_silent_mirrored_pair_does_not_hide_the_next() -> None:
    q = build(
        [
            dimension(
                "d",
                number("d.s", roles=["sales"], mirror="d.m"),
                number("d.m", roles=["marketing"]),
                number("d.t", roles=["sales"], mirror="d.n"),
                number("d.n", roles=["marketing"]),
            )
        ],
        rules={"min_completeness": 0},
    )
    found = kinds(pair(q, {"d.t": 70}, {"d.n": 30}), "mirrored-view")
    assert [(f.question, f.severity) for f in found] == [("d.t", "medium")]


def test_severity_comes_before_kind_at_every_level() -> None:
    # a high blind spot before a medium large gap (kind order alone would put the gap first);
    # a medium unanswered area before an informative mirrored view
    q = build(
        [
            dimension("a", number("a.x")),
            dimension(
                "d",
                number("d.own", roles=["sales"], self_of="d.other"),
                number("d.other", roles=["marketing"]),
            ),
            dimension("m", number("m.s", roles=["sales"], mirror="m.m"), number("m.m", roles=["marketing"])),
            dimension("u", number("u.a"), number("u.b")),
        ],
        rules={"min_completeness": 0, "measurable_share": 0.1},
    )
    result = pair(
        q, {"a.x": 50, "d.own": 90, "m.s": 80, "u.a": 1, "u.b": 1}, {"a.x": 75, "d.other": 40, "m.m": 80}
    )
    # (the self-rating d.own counts only in the blind spot, so area d has no gap of its own)
    assert [(f.kind, f.severity) for f in result.findings] == [
        ("blind-spot", "high"),
        ("large-gap", "medium"),
        ("unanswered", "medium"),
        ("mirrored-view", "info"),
    ]
