"""The pipeline's own decisions: which files count, whether there is an index and why not, the
stage at its boundary, the headline word for word, and every field the result carries over."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from alignment_cli import __version__
from alignment_cli.model.result import RespondentFile
from alignment_cli.scoring.completeness import Screened, asked_of_role, completeness, screen
from alignment_cli.scoring.pipeline import effective_rules, score
from tests.scoring_cases import build, dimension, number, pair, respondent

FIVE = [dimension("d", *[number(f"d.i{i}") for i in range(5)])]
FULL = {f"d.i{i}": 50 for i in range(5)}


# --- completeness --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answered", "minimum", "reason"),
    [
        (4, 0.8, None),  # exactly the minimum counts
        (3, 0.8, "incomplete: 3 of 5 answered (60%), under the minimum of 80%"),
        (3, 0.6, None),
        (3, 0.61, "incomplete: 3 of 5 answered (60%), under the minimum of 61%"),
        (0, 0.0, "no answers"),  # a blank file is never a respondent, whatever the minimum
    ],
)
def test_screen_at_the_minimum(answered: int, minimum: float, reason: str | None) -> None:
    q = build(FIVE)
    some = respondent("sales", {f"d.i{i}": 50 for i in range(answered)})
    screened = screen(q, [some, respondent("marketing", FULL)], ["a.yaml", "b.yaml"], minimum=minimum)
    assert screened.files == [
        RespondentFile(
            file="a.yaml",
            role="sales",
            completeness=answered / 5,
            answered=answered,
            asked=5,
            included=reason is None,
            reason=reason,
        ),
        RespondentFile(file="b.yaml", role="marketing", completeness=1.0, answered=5, asked=5, included=True),
    ]
    assert len(screened.kept) == (2 if reason is None else 1)
    assert screened.excluded == [f for f in screened.files if not f.included]


def test_screen_keeps_incomplete_files_on_purpose_but_never_blank_ones() -> None:
    q = build(FIVE)
    files = [respondent("sales", {"d.i0": 1}), respondent("sales", {}), respondent("marketing", FULL)]
    screened = screen(q, files, ["a", "b", "c"], minimum=0.8, include_incomplete=True)
    assert [(f.included, f.reason) for f in screened.files] == [
        (True, None),
        (False, "no answers"),
        (True, None),
    ]
    assert screened.include_incomplete is True
    assert screened.complete_on("sales", 0.8) == 1
    assert screen(q, files, ["a", "b", "c"], minimum=0.8).complete_on("sales", 0.8) == 0


def test_complete_on_counts_included_files_of_the_side_at_the_minimum() -> None:
    files = [
        RespondentFile(file="a", role="sales", completeness=0.8, answered=4, asked=5, included=True),
        RespondentFile(file="b", role="sales", completeness=0.6, answered=3, asked=5, included=True),
        RespondentFile(file="c", role="sales", completeness=1.0, answered=5, asked=5, included=False),
        RespondentFile(file="d", role="marketing", completeness=1.0, answered=5, asked=5, included=True),
    ]
    assert Screened([], files).complete_on("sales", 0.8) == 1
    assert Screened([], files).complete_on("sales", 0.6) == 2
    assert Screened([], files).complete_on("marketing", 0.8) == 1
    assert Screened([], files, include_incomplete=True).complete_on("sales", 0.9) == 2
    rounded = RespondentFile(file="e", role="sales", completeness=0.714, answered=5, asked=7, included=True)
    assert Screened([], [rounded]).complete_on("sales", 0.7142) == 1
    assert Screened([], [rounded]).complete_on("sales", 0.7143) == 0


def test_completeness_counts_what_the_role_was_asked() -> None:
    q = build(
        [dimension("d", number("d.a"), number("d.s", roles=["sales"]), number("d.m", roles=["marketing"]))]
    )
    assert asked_of_role(q, "sales") == {"d.a", "d.s"}
    assert completeness(q, respondent("sales", {"d.a": 1, "d.m": 2})) == (1, 2)
    assert completeness(q, respondent("marketing", {"d.a": 1, "d.m": 2})) == (2, 2)


def test_completeness_rounds_to_three_places() -> None:
    q = build([dimension("d", number("d.a"), number("d.b"), number("d.c"))], rules={"min_completeness": 0.6})
    result = pair(q, {"d.a": 1, "d.b": 1}, {"d.a": 1, "d.b": 1, "d.c": 1})
    assert [f.completeness for f in result.respondent_files] == [0.667, 1.0]
    assert result.respondents["sales"].completeness == 0.667


def test_mean_completeness_is_per_side_over_included_files() -> None:
    q = build(FIVE)
    result = score(
        q,
        [
            respondent("sales", FULL),
            respondent("sales", {"d.i0": 1, "d.i1": 1, "d.i2": 1, "d.i3": 1}),
            respondent("sales", {"d.i0": 1}),
            respondent("marketing", FULL),
        ],
    )
    assert result.respondents["sales"].completeness == 0.9  # (1.0 + 0.8) / 2; 0.2 left out
    assert result.respondents["marketing"].completeness == 1.0


# --- rules ---------------------------------------------------------------------------------------


def test_overrides_replace_the_files_rules_completeness_given_in_percent() -> None:
    q = build(FIVE, rules={"min_completeness": 0.5, "max_actions": 4})
    assert effective_rules(q).min_completeness == 0.5
    assert effective_rules(q).max_actions == 4
    changed = effective_rules(q, min_completeness=60, max_actions=2)
    assert (changed.min_completeness, changed.max_actions) == (0.6, 2)
    assert q.rules.min_completeness == 0.5  # the questionnaire's own rules are left alone


def test_the_result_carries_the_rules_in_force_and_the_top_band() -> None:
    q = build(FIVE, rules={"large_gap": 15, "evidence": {"absent": 3}})
    result = pair(q, FULL, FULL, min_completeness=70, max_actions=5)
    assert result.rules.large_gap == 15
    assert result.rules.min_completeness == 0.7 and result.rules.max_actions == 5
    assert result.rules.evidence["absent"] == 3
    assert result.rules.top_band == 75


# --- the index and its reason --------------------------------------------------------------------


def test_no_index_when_one_side_has_not_answered() -> None:
    result = score(build(FIVE), [respondent("sales", FULL)])
    assert result.alignment_index is None and result.stage is None
    assert result.alignment_index_interval is None
    assert result.no_index_reason == ("Marketing has not answered, and the index compares both sides' views")
    assert result.headline == (
        "Acme: no alignment index yet, because Marketing has not "
        "answered, and the index compares both sides' views."
    )


def test_no_index_when_every_file_of_a_side_was_incomplete() -> None:
    result = pair(build(FIVE), FULL, {"d.i0": 1})
    assert result.no_index_reason == ("every response file from Marketing was left out as incomplete")


def test_a_file_kept_at_the_minimum_counts_for_the_index_though_shown_rounded() -> None:
    # 5 of 7 is 0.714285...: over a minimum of 0.7142, though the file shows 0.714
    q = build([dimension("d", *[number(f"d.i{i}") for i in range(7)])], rules={"min_completeness": 0.7142})
    full = {f"d.i{i}": 50 for i in range(7)}
    result = pair(q, full, {f"d.i{i}": 50 for i in range(5)})
    assert [f.completeness for f in result.respondent_files] == [1.0, 0.714]
    assert result.excluded == []
    assert result.no_index_reason is None and result.alignment_index == 50.0


def test_incomplete_files_included_on_purpose_carry_an_index() -> None:
    result = pair(build(FIVE), FULL, {"d.i0": 1, "d.i1": 1, "d.i2": 1}, include_incomplete=True)
    assert result.no_index_reason is None and result.alignment_index == 1.0


def test_no_index_when_too_few_areas_were_measured() -> None:
    q = build(
        [
            dimension("d", number("d.a")),
            dimension("e", number("e.a")),
            dimension("p", number("p.a", gap_expected=True)),
        ],
        rules={"min_completeness": 0, "measurable_share": 0.6},
    )
    result = pair(q, {"d.a": 1, "p.a": 1}, {"d.a": 1, "e.a": 1, "p.a": 1})
    # the profile area counts in neither figure: 1 of 2 measured, 60% needed
    assert result.no_index_reason == ("only 1 of 2 areas could be measured, and at least 60% are needed")
    assert (
        pair(
            build(
                [dimension("d", number("d.a")), dimension("e", number("e.a"))],
                rules={"min_completeness": 0, "measurable_share": 0.5},
            ),
            {"d.a": 1},
            {"d.a": 1, "e.a": 1},
        ).alignment_index
        == 1.0
    )


def test_no_index_when_nothing_could_be_scored() -> None:
    q = build([dimension("p", number("p.a", gap_expected=True))])
    result = pair(q, {"p.a": 1}, {"p.a": 2})
    assert result.alignment_index is None
    assert result.no_index_reason == "too few answers could be scored"
    assert result.headline == ("Acme: no alignment index yet, because too few answers could be scored.")


def test_no_responses_at_all() -> None:
    result = score(build(FIVE), [])
    assert result.headline == "No responses were scored."
    assert result.organization is None
    assert (result.responses_from, result.responses_to) == (None, None)


@pytest.mark.parametrize(
    ("answer", "index", "stage"),
    [
        (49.94, 49.9, "Low"),
        (49.95, 50.0, "Mid"),  # the stage follows the figure as shown
        (74.96, 75.0, "Top"),
        (100, 100.0, "Top"),
        (0, 0.0, "Low"),
    ],
)
def test_the_stage_follows_the_shown_index(answer: float, index: float, stage: str) -> None:
    q = build([dimension("d", number("d.a"))])
    result = pair(q, {"d.a": answer}, {"d.a": answer})
    assert result.alignment_index == index
    assert result.stage is not None and result.stage.name == stage
    assert result.stage.boundary is None


def spread(q_answers: dict[str, Any]) -> Any:
    q = build([dimension(k, number(f"{k}.a"), number(f"{k}.b")) for k in "def"])
    return pair(q, q_answers, q_answers)


def test_the_headline_between_two_stages_word_for_word() -> None:
    result = spread({"d.a": 30, "d.b": 70, "e.a": 35, "e.b": 65, "f.a": 40, "f.b": 60})
    assert result.alignment_index_interval is not None
    low, high = result.alignment_index_interval
    assert low < 50 <= high
    assert result.headline == (
        f"Acme scores 50.0 out of 100, between Low and Mid (likely between {low:.1f} and "
        f"{high:.1f}, 90%). Closer. Start with {result.priorities[0].title.lower()}."
    )


def test_the_headline_inside_one_stage_word_for_word() -> None:
    result = spread({"d.a": 60, "d.b": 62, "e.a": 64, "e.b": 66, "f.a": 60, "f.b": 62})
    assert result.stage is not None and result.stage.boundary is None
    # too little evidence for a priority: nothing to start with
    assert result.priorities == []
    assert result.headline == ("Acme scores 62.3 out of 100, in the Mid stage. Closer. Nothing urgent.")


def test_the_headline_without_priorities_or_organization() -> None:
    q = build([dimension("d", number("d.a"))])
    result = score(
        q,
        [
            respondent("sales", {"d.a": 90}, organization=None),
            respondent("marketing", {"d.a": 90}, organization=None),
        ],
    )
    assert (
        result.headline == "This organization scores 90.0 out of 100, in the Top stage. "
        "Together. Nothing urgent."
    )


def test_an_interval_inside_the_top_stage_is_not_between() -> None:
    result = spread({k: 95 for k in ("d.a", "d.b", "e.a", "e.b", "f.a", "f.b")})
    assert result.alignment_index_interval == [95.0, 95.0]
    assert result.stage is not None and result.stage.boundary is None


# --- what the result carries ---------------------------------------------------------------------


def test_the_result_carries_what_it_was_given() -> None:
    q = build(FIVE)
    early = respondent("sales", FULL, organization="Beta", name="S", team="t")
    early = early.model_copy(update={"completed_at": datetime(2026, 3, 2, tzinfo=UTC)})
    result = score(
        q,
        [early, respondent("marketing", FULL, name="M")],
        labels=["s.yaml", "m.yaml"],
        organization="Gamma",
        organizations_merged=["Beta", "Acme"],
        show_names=True,
        min_group_size=1,
        skipped_files=["x.txt"],
    )
    assert result.generator == f"alignment-cli {__version__}"
    assert (result.questionnaire.id, result.questionnaire.version, result.questionnaire.title) == (
        "t",
        "1",
        "T",
    )
    assert result.organization == "Gamma"
    assert (result.responses_from, result.responses_to) == ("2026-03-02", "2026-11-25")
    assert [f.file for f in result.respondent_files] == ["s.yaml", "m.yaml"]
    assert result.organizations_merged == ["Beta", "Acme"]
    assert result.skipped_files == ["x.txt"]
    assert result.show_names is True and result.min_group_size == 1
    assert result.respondents["sales"].names == ["S"]
    assert result.respondents["sales"].teams == {"t": 1}
    assert result.sides == ["sales", "marketing"] and result.gaps_computable is True
    assert [(s.name, s.from_, s.to) for s in result.stages] == [
        ("Low", 0, 50),
        ("Mid", 50, 75),
        ("Top", 75, 100),
    ]


def test_default_labels_and_organization_from_the_kept_files() -> None:
    q = build(FIVE)
    result = score(
        q,
        [
            respondent("sales", {"d.i0": 1}, organization="Blank Inc"),
            respondent("sales", FULL, organization="Beta"),
            respondent("marketing", FULL, organization="Beta"),
        ],
    )
    assert [f.file for f in result.respondent_files] == ["response 1", "response 2", "response 3"]
    assert result.organization == "Beta"
    assert result.show_names is False and result.min_group_size == 3


def test_the_organization_of_left_out_files_when_none_is_kept() -> None:
    result = score(build(FIVE), [respondent("sales", {"d.i0": 1}, organization="Solo")])
    assert result.organization == "Solo"
    assert result.headline == "No responses were scored."


def test_show_names_reaches_a_side_of_several() -> None:
    people = [
        respondent("sales", FULL, name="B"),
        respondent("sales", FULL, name="A"),
        respondent("marketing", FULL, name="M"),
    ]
    assert score(build(FIVE), people, show_names=True).respondents["sales"].names == ["A", "B"]
    assert score(build(FIVE), people).respondents["sales"].names is None


def test_mean_completeness_is_rounded_to_three_places() -> None:
    q = build([dimension("d", *[number(f"d.i{i}") for i in range(6)])], rules={"min_completeness": 0.5})
    full = {f"d.i{i}": 1 for i in range(6)}
    # 4 of 6 (0.667) and all: (0.667 + 1.0) / 2 = 0.8335, kept as 0.834
    result = score(
        q,
        [
            respondent("sales", {f"d.i{i}": 1 for i in range(4)}),
            respondent("sales", full),
            respondent("marketing", full),
        ],
    )
    assert result.respondents["sales"].completeness == 0.834


def test_the_top_band_comes_from_the_last_stage() -> None:
    q = build(FIVE, stages=[{"name": "Low", "from": 0}, {"name": "High", "from": 80}])
    assert pair(q, FULL, FULL).rules.top_band == 80


def test_a_label_per_response() -> None:
    with pytest.raises(ValueError, match="zip"):
        score(build(FIVE), [respondent("sales", FULL), respondent("marketing", FULL)], labels=["only one"])
