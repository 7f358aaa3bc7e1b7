""" "Not applicable" answers (kept apart from "don't know", out of the scores, answered for
completeness) and self-ratings beside the mirrored views (blind spots), on small questionnaires
whose numbers can be checked by hand."""

from __future__ import annotations

import io
from typing import Any

import pytest

from alignment_cli.errors import InputError
from alignment_cli.interactive.survey import NOT_APPLICABLE_LABEL, Survey, choices_for, plan
from alignment_cli.model.blank_response import blank_response
from alignment_cli.model.questionnaire import Questionnaire, parse_questionnaire
from alignment_cli.model.response import (
    answered_share,
    check_against,
    load_response,
    parse_response,
    render_response,
)
from alignment_cli.model.result import Result
from alignment_cli.scoring.pipeline import score
from tests.helpers import MINI, make_response

# --- a mini questionnaire where two goal items may not apply --------------------------------------


def mini_text(*changes: tuple[str, str]) -> str:
    text = MINI.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


NA_CHANGES = (
    ("{id: goals.agreed, kind: likert, text:", "{id: goals.agreed, kind: likert, allow_na: true, text:"),
    ("{id: goals.conflict, kind: likert,", "{id: goals.conflict, kind: likert, allow_na: true,"),
)


@pytest.fixture(scope="module")
def na_mini() -> Questionnaire:
    return parse_questionnaire(mini_text(*NA_CHANGES), path="na-mini.yaml")


def response_text(answers: str, role: str = "sales") -> str:
    return f"questionnaire: {{id: mini, version: '1'}}\nrespondent: {{role: {role}}}\nanswers:\n{answers}"


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("n/a", ""),
        ("N/A", ""),
        ("' n/a '", ""),
        ("{n/a: We set no targets}", "We set no targets"),
        ("{N/A: null}", ""),
        ("\n    n/a: 'Targets: none'", "Targets: none"),
    ],
)
def test_not_applicable_spellings(na_mini, written, reason):
    response = parse_response(response_text(f"  goals.conflict: {written}\n"), path="r.yaml")
    check_against(response, na_mini)
    assert response.not_applicable == {"goals.conflict": reason}
    assert "goals.conflict" not in response.answers  # scoring never sees it
    assert response.answered_ids() == {"goals.conflict"}


def test_not_applicable_is_not_dont_know(na_mini):
    response = parse_response(response_text("  goals.conflict: n/a\n  goals.agreed: null\n"), path="r.yaml")
    check_against(response, na_mini)
    assert response.answers == {"goals.agreed": None}
    assert response.not_applicable == {"goals.conflict": ""}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            "  leads.worth-it: n/a\n",
            "r.yaml:4:3: answers.leads.worth-it: this question cannot be answered 'n/a' (not applicable)",
        ),
        ("  leads.followed: n/a\n", "answers.leads.followed: this question is not asked of sales"),
        ("  leads.nowhere: n/a\n", "answers: unknown question id 'leads.nowhere'"),
        ("  goals.conflict: na\n", "answers.goals.conflict: expected a whole number from 1 to 5"),
        ("  goals.conflict: {n/a: [a list]}\n", "answers.goals.conflict: expected a whole number"),
    ],
)
def test_not_applicable_where_it_is_not_allowed(na_mini, answers, expected):
    text = response_text(answers)
    with pytest.raises(InputError) as info:
        check_against(parse_response(text, path="r.yaml"), na_mini, path="r.yaml", text=text)
    assert expected in str(info.value)


def test_a_top_level_not_applicable_key_is_refused():
    with pytest.raises(InputError, match="write `n/a`"):
        parse_response(
            response_text("  goals.agreed: 3\n") + "not_applicable: {goals.agreed: x}\n", path="r.yaml"
        )


def test_a_file_round_trips(na_mini, tmp_path):
    response = make_response(
        "sales", {"goals.agreed": 4, "goals.conflict": {"n/a": "No targets"}, "leads.worth-it": None}
    )
    path = tmp_path / "r.yaml"
    path.write_text(render_response(response), encoding="utf-8")
    again = load_response(path, na_mini)
    assert again.answers == {"goals.agreed": 4, "leads.worth-it": None}
    assert again.not_applicable == {"goals.conflict": "No targets"}
    assert "goals.conflict:\n    n/a: No targets\n" in path.read_text(encoding="utf-8")


# --- scores and completeness ---------------------------------------------------------------------


def goals_view(q: Questionnaire, sales: dict[str, Any]) -> tuple[float | None, int]:
    result = score(
        q,
        [make_response("sales", sales), make_response("marketing", {"goals.agreed": 3})],
        include_incomplete=True,
    )
    dim = result.dimension("goals")
    assert dim is not None
    return dim.scores["sales"], dim.sides["sales"].asked


@pytest.mark.parametrize(
    ("sales", "expected_score", "expected_asked"),
    [
        # goals has three scored items; an item that does not apply leaves the count it is judged by
        ({"goals.agreed": 4, "goals.conflict": "n/a", "goals.structure": "separate-peers"}, 67.5, 2),
        ({"goals.agreed": 4, "goals.structure": "separate-peers"}, 67.5, 3),
        ({"goals.agreed": 4, "goals.conflict": "n/a"}, 75.0, 2),  # 1 of 2: enough
        ({"goals.agreed": 4}, None, 3),  # 1 of 3: too few
        ({"goals.agreed": 4, "goals.conflict": None}, None, 3),  # don't know still counts
        ({"goals.agreed": "n/a", "goals.conflict": "n/a"}, None, 1),  # 0 of 1
        ({"goals.agreed": "n/a", "goals.conflict": "n/a", "goals.structure": "one-leader"}, 70.0, 1),
    ],
)
def test_not_applicable_is_out_of_the_score_and_out_of_the_count(
    na_mini, sales, expected_score, expected_asked
):
    response = make_response("sales", sales, questionnaire=("mini", "1"))
    check_against(response, na_mini)
    got_score, asked = goals_view(na_mini, sales)
    assert got_score == expected_score
    assert asked == expected_asked


@pytest.mark.parametrize(
    ("answers", "share"),
    [
        # sales is asked 8 items; "don't know" and "not applicable" both count as answered
        (
            {
                "goals.agreed": 4,
                "goals.conflict": 2,
                "goals.structure": "one-leader",
                "leads.definition": "yes",
                "leads.follow-up": 50,
                "leads.worth-it": 3,
                "horizon.own-quarter": 3,
                "horizon.reconciled": 3,
            },
            1.0,
        ),
        (
            {
                "goals.agreed": "n/a",
                "goals.conflict": None,
                "goals.structure": "one-leader",
                "leads.definition": "yes",
                "leads.follow-up": 50,
                "leads.worth-it": 3,
                "horizon.own-quarter": 3,
                "horizon.reconciled": 3,
            },
            1.0,
        ),
        (
            {
                "goals.agreed": "n/a",
                "goals.conflict": None,
                "goals.structure": "one-leader",
                "leads.definition": "yes",
                "leads.follow-up": 50,
                "leads.worth-it": 3,
            },
            0.75,
        ),
        (
            {
                "goals.agreed": 4,
                "goals.conflict": 2,
                "goals.structure": "one-leader",
                "leads.definition": "yes",
                "leads.follow-up": 50,
            },
            0.625,
        ),
        ({}, 0.0),
    ],
)
def test_answered_share_counts_not_applicable_as_answered(na_mini, answers, share):
    response = make_response("sales", answers)
    check_against(response, na_mini)
    assert answered_share(response, na_mini) == share


# --- the survey and the blank file ---------------------------------------------------------------


def test_the_survey_offers_not_applicable_only_where_allowed(na_mini):
    labels = [label for label, _ in choices_for(na_mini, na_mini.questions["goals.conflict"])]
    assert labels[-2:] == [f"-  {NOT_APPLICABLE_LABEL}", "?  Don't know"]
    other = [label for label, _ in choices_for(na_mini, na_mini.questions["leads.worth-it"])]
    assert not any(NOT_APPLICABLE_LABEL in label for label in other)
    choice = [label for label, _ in choices_for(na_mini, na_mini.questions["goals.structure"])]
    assert NOT_APPLICABLE_LABEL not in choice


class Scripted:
    """An asker that answers from a script: question text -> the label to choose, or a number."""

    def __init__(self, script: dict[str, Any], reason: str = "") -> None:
        self.script, self.reason, self.asked = script, reason, []

    def say(self, text: str = "", *, style: str = "") -> None:
        pass

    def heading(self, title: str, description: str = "") -> None:
        pass

    def clear(self) -> None:
        pass

    def choose(
        self, message: str, choices: Any, *, default: Any = None, instruction: str | None = None, **_: Any
    ) -> Any:
        if message.startswith("Your answers on "):  # the review after each area: go on
            return choices[0][1]
        self.asked.append(message)
        wanted = self.script[message]
        return next(value for label, value in choices if label.endswith(wanted))

    def text(
        self, message: str, *, default: str = "", instruction: str | None = None, required: bool = False
    ) -> str:
        return self.reason if message == "Why does it not apply?" else ""

    def number(self, message: str, **_: Any) -> Any:
        self.asked.append(message)
        return self.script[message]

    def confirm(self, message: str, *, default: bool = False) -> bool:
        return default

    def pause(self, title: str, message: str) -> None:
        pass


SCRIPT = {
    "We share one set of objectives.": "Strongly agree",
    "Our targets pull us apart.": "applicable",
    "How are the two teams led?": "One leader",
    "We have a written lead definition.": "Yes",
    "Share followed up.": 40,
    "Leads are worth it.": "Neither",
    "My team plans one quarter ahead.": "Strongly agree",
    "We reconcile our horizons.": "Strongly agree",
}


def test_the_survey_records_not_applicable_with_its_reason(na_mini, tmp_path):
    path = tmp_path / "sales.yaml"
    response = make_response("sales", {})
    response.completed_at = None
    asker = Scripted(SCRIPT, reason="We set no targets this year")
    flow = Survey(na_mini, response, path, asker)  # type: ignore[arg-type]
    flow.run()
    saved = load_response(path, na_mini)
    assert saved.not_applicable == {"goals.conflict": "We set no targets this year"}
    assert "goals.conflict" not in saved.answers
    assert flow.answered == flow.total == len(plan(na_mini, "sales"))
    assert saved.complete


def test_a_resumed_survey_skips_what_does_not_apply(na_mini, tmp_path):
    path = tmp_path / "sales.yaml"
    response = make_response("sales", {"goals.agreed": 4, "goals.conflict": "n/a"})
    response.completed_at = None
    check_against(response, na_mini)
    asker = Scripted(SCRIPT)
    Survey(na_mini, response, path, asker).run()  # type: ignore[arg-type]
    assert "Our targets pull us apart." not in asker.asked
    assert asker.asked[0] == "How are the two teams led?"


def test_the_blank_file_explains_not_applicable_and_the_length(na_mini):
    text = blank_response(na_mini, role="sales")
    assert "# 8 questions, about 2 minutes." in text
    conflict = text.split("goals.conflict:")[0].rsplit("# Answer:", 1)[1]
    assert "or n/a if it does not apply" in conflict
    worth = text.split("leads.worth-it:")[0].rsplit("# Answer:", 1)[1]
    assert "n/a" not in worth


# --- self-ratings beside the mirrored views ------------------------------------------------------
# On a 1-6 scale an answer scores 0, 20, 40, 60, 80 or 100, so the 20-point line can be hit exactly.

SELF_CHANGES = (
    (
        "scale: {min: 1, max: 5, labels: {1: Strongly disagree, 3: Neither, 5: Strongly agree}}",
        "scale: {min: 1, max: 6}",
    ),
    (
        "      - {id: leads.followed, kind: likert, roles: [marketing], text: Sales follows our leads up.}",
        "      - {id: leads.followed, kind: likert, roles: [marketing], text: Sales follows our leads up.}\n"
        "      - {id: leads.own-followed, kind: likert, roles: [sales], self_of: leads.followed, "
        "text: We follow the leads up.}\n"
        "      - {id: leads.own-worth, kind: likert, roles: [marketing], self_of: leads.worth-it, "
        "text: Our leads are worth it.}",
    ),
)


@pytest.fixture(scope="module")
def self_mini() -> Questionnaire:
    return parse_questionnaire(mini_text(*SELF_CHANGES), path="self-mini.yaml")


def self_result(q: Questionnaire, own: list[int], theirs: list[int]) -> Result:
    """Sales rates its own follow-up (`own`, one answer per respondent); Marketing rates it."""
    responses = [
        make_response("sales", {"leads.own-followed": v, "leads.worth-it": 4, "goals.agreed": 4}) for v in own
    ]
    responses += [
        make_response("marketing", {"leads.followed": v, "leads.own-worth": 4, "goals.agreed": 4})
        for v in theirs
    ]
    return score(q, responses, include_incomplete=True)


@pytest.mark.parametrize(
    ("own", "theirs", "difference", "severity"),
    [
        ([5], [4], 20.0, "medium"),  # exactly at the line: a blind spot
        ([5], [4, 5], 10.0, None),  # Marketing's mean is 70
        ([5, 4], [3], 30.0, "medium"),  # Sales' mean is 70
        ([6], [4], 40.0, "high"),  # twice the line
        ([6], [5], 20.0, "medium"),
        ([4], [5], -20.0, None),  # harder on itself than the other side is: no blind spot
        ([3], [3], 0.0, None),
    ],
)
def test_blind_spots_at_their_boundaries(self_mini, own, theirs, difference, severity):
    result = self_result(self_mini, own, theirs)
    view = next(v for v in result.self_views if v.question == "leads.own-followed")
    assert (view.side, view.other_side, view.other_question) == ("sales", "marketing", "leads.followed")
    assert view.difference == difference
    spots = [f for f in result.findings if f.kind == "blind-spot" and f.side == "sales"]
    if severity is None:
        assert spots == []
    else:
        assert [f.severity for f in spots] == [severity]
        assert spots[0].title.startswith(
            f"Sales rates its own work {difference:.0f} points higher than Marketing does"
        )
        assert spots[0].views == {"sales": f"{view.self_score:.0f}", "marketing": f"{view.other_score:.0f}"}


def test_self_views_for_both_sides_and_none_without_the_other_side(self_mini):
    result = self_result(self_mini, [5], [2])
    by_question = {v.question: v for v in result.self_views}
    assert set(by_question) == {"leads.own-followed", "leads.own-worth"}
    worth = by_question["leads.own-worth"]
    assert (worth.side, worth.self_score, worth.other_score) == ("marketing", 60.0, 60.0)
    alone = score(self_mini, [make_response("sales", {"leads.own-followed": 6})], include_incomplete=True)
    assert all(v.difference is None for v in alone.self_views)
    assert not any(f.kind == "blind-spot" for f in alone.findings)


def test_a_self_rating_counts_in_the_blind_spot_and_not_in_its_sides_score(self_mini):
    # Each side rates the other's lead work and its own. The self-ratings are read only beside
    # the other side's view (the blind spot); each side's score on the area rests on the items
    # that are not about its own work, so one blind spot is not counted twice.
    def leads(own_followed: int) -> Result:
        facts = {"leads.definition": "yes", "leads.follow-up": 100}
        return score(
            self_mini,
            [
                make_response("sales", {**facts, "leads.worth-it": 4, "leads.own-followed": own_followed}),
                make_response("marketing", {**facts, "leads.followed": 2, "leads.own-worth": 4}),
            ],
            include_incomplete=True,
        )

    result = leads(6)
    dim = result.dimension("leads")
    assert dim is not None
    # Sales: the fact 100, the share 100 and the leads worth it 60; Marketing: 100, 100 and the
    # follow-up 20. Sales' own 100 for its follow-up is not among them.
    assert dim.scores == {"sales": 86.7, "marketing": 73.3}
    assert dim.sides["sales"].asked == 3 and dim.sides["marketing"].asked == 3
    view = next(v for v in result.self_views if v.question == "leads.own-followed")
    assert (view.self_score, view.other_score, view.difference) == (100.0, 20.0, 80.0)
    assert [f.severity for f in result.findings if f.kind == "blind-spot" and f.side == "sales"] == ["high"]
    # a lower self-rating moves the blind spot, never the score
    humbler = leads(2)
    assert humbler.dimension("leads").scores == dim.scores  # type: ignore[union-attr]
    assert not any(f.kind == "blind-spot" and f.side == "sales" for f in humbler.findings)


@pytest.mark.parametrize("fmt", ["md", "html", "terminal"])
def test_reports_show_the_self_ratings_table(self_mini, fmt):
    result = self_result(self_mini, [6], [2])
    if fmt == "terminal":
        from rich.console import Console

        from alignment_cli.render.terminal import render_terminal

        console = Console(record=True, width=80, file=io.StringIO())
        render_terminal(result, console)
        text = console.export_text()
        assert "How each side sees its own work" in text
        assert "Sales: We follow the leads up." in text and "+80" in text
        return
    from alignment_cli.formats import ReportFormat
    from alignment_cli.render.reports import render_format

    text = render_format(result, ReportFormat(fmt))
    assert "How each side sees its own work" in text
    if fmt == "md":
        assert "| Sales on itself: “We follow the leads up.” | 100 | 20 | +80 (blind spot) |" in text
    else:
        assert "Sales on itself:" in text and "blind spot" in text


# The blind-spot line is the questionnaire's rules.large_gap: the reports read it from the
# result's rules, never a number of their own. Sales' mean self-rating against Marketing's one
# view of it (60): 4 answers give the means in steps of 5.
OWN_FOR_DIFFERENCE = {10: [4, 4, 5, 5], 20: [5], 25: [6, 5, 5, 5], 30: [6, 5, 5, 6], 40: [6]}


@pytest.mark.parametrize(
    ("large_gap", "difference", "flagged"),
    [
        (20, 10, False),
        (20, 20, True),  # exactly the line: flagged
        (20, 25, True),
        (30, 20, False),
        (30, 25, False),  # flagged at the default line, not at this questionnaire's
        (30, 30, True),  # exactly the line: flagged
        (30, 40, True),
        (25, 20, False),
        (25, 25, True),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_flag_blind_spots_at_the_questionnaires_line(fmt, large_gap, difference, flagged):
    from alignment_cli.model.config import ReportFormat
    from alignment_cli.render.reports import render_format

    q = parse_questionnaire(
        mini_text(*SELF_CHANGES) + f"rules: {{large_gap: {large_gap}}}\n", path="self-mini.yaml"
    )
    result = self_result(q, OWN_FOR_DIFFERENCE[difference], [4])
    view = next(v for v in result.self_views if v.question == "leads.own-followed")
    assert view.difference == difference
    text = render_format(result, ReportFormat(fmt))
    assert isinstance(text, str)
    if fmt == "md":  # the table row of the view, and the line above the table
        row = next(line for line in text.splitlines() if line.startswith("| Sales on itself:"))
        assert f"| +{difference}" in row
        assert ("(blind spot)" in row) is flagged
        assert f"{large_gap} points or more above the other side’s view is a blind spot" in text
    else:
        assert ('<span class="sub">blind spot</span>' in text) is flagged
        assert f"A side that rates itself {large_gap} or more points above" in text
    # the finding rests on the same line
    assert any(f.kind == "blind-spot" for f in result.findings) is flagged


def test_a_partial_file_on_version_1_0_resumes_on_1_0(tmp_path):
    from alignment_cli.interactive.survey import conduct_survey
    from alignment_cli.model.questionnaire import resolve_questionnaire

    old = resolve_questionnaire("sales-marketing-alignment@1.0")
    steps = plan(old, "sales")
    last = steps[-1].question
    answers = {step.question.id: None for step in steps[:-1]}
    response = make_response("sales", answers, questionnaire=(old.id, old.version))
    response.completed_at = None
    path = tmp_path / "sales.yaml"
    path.write_text(render_response(response), encoding="utf-8")
    asker = Scripted({last.text: "Agree"})
    done, finished = conduct_survey(
        asker,
        questionnaire="sales-marketing-alignment",  # type: ignore[arg-type]
        resume=path,
    )
    assert asker.asked == [last.text]
    assert finished.questionnaire.version == "1.0" and finished.complete
    assert load_response(done, old).answers[last.id] == 4
