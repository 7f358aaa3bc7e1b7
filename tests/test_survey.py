"""The survey flow, driven through the real questionary prompts on a pipe: answers, don't know,
numbers re-asked, comments, autosave after every step, Ctrl-C, resume, and the refusals."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from prompt_toolkit.input import PipeInput
from rich.console import Console

from alignment_cli.cli.survey import show_survey_outcome
from alignment_cli.errors import InputError, Interrupted, OutputError, UsageError
from alignment_cli.interactive.survey import (
    NOT_APPLICABLE_LABEL,
    NOTHING_SAVED,
    choices_for,
    conduct_survey,
    default_path,
    first_unanswered,
    keyed_choices,
    plan,
    resume_command,
    run_survey,
    slugify,
    time_left,
)
from alignment_cli.model.questionnaire import Questionnaire
from tests.helpers import (
    CTRL_C,
    DOWN,
    ENTER,
    FINAL_ANSWERS,
    MINI,
    QUESTIONS,
    CliResult,
    Driven,
    load_yaml_file,
    run_without_terminal,
    write_partial,
)

MINI_REF = str(MINI)

# The whole mini questionnaire for sales, one entry per prompt: (what it asks, keys).
DETAILS = [("Organization", "Acme Corp" + ENTER), ("Your team", "EMEA" + ENTER), ("Do you lead Sales", "y")]


def survey(driven: Driven, **options: object) -> tuple[Path, object]:
    arguments: dict[str, object] = {"questionnaire": MINI_REF, "role": "sales", "name": "Jana Carpenter"}
    arguments.update(options)
    return conduct_survey(driven, **arguments)  # type: ignore[arg-type]


# --- the plan ---------------------------------------------------------------------------------


def test_plan_walks_each_side_through_its_own_questions(mini: Questionnaire) -> None:
    sales = plan(mini, "sales")
    assert [s.question.id for s in sales] == list(FINAL_ANSWERS)
    assert sales[0].progress == "Shared goals · dimension 1 of 3 · question 1 of 3"
    assert sales[5].progress == "Lead hand-off · dimension 2 of 3 · question 3 of 3"
    assert [s.last_in_dimension for s in sales] == [False, False, True, False, False, True, False, True]
    marketing = [s.question.id for s in plan(mini, "marketing")]
    assert "leads.followed" in marketing and "leads.worth-it" not in marketing


def test_first_unanswered_counts_dont_know_as_answered(mini: Questionnaire) -> None:
    steps = plan(mini, "sales")
    assert first_unanswered(steps, {}) == 0
    assert first_unanswered(steps, {"goals.agreed": None, "goals.conflict": 2}) == 2
    assert first_unanswered(steps, {"goals.agreed": 1, "goals.structure": "one-leader"}) == 1
    assert first_unanswered(steps, dict(FINAL_ANSWERS)) is None


def test_default_file_names() -> None:
    assert slugify("  Jana Cárpenter-Smith ") == "jana-carpenter-smith"
    assert slugify("李雷") == ""
    assert default_path("sales", "Jana Carpenter") == Path("responses/sales-jana-carpenter.yaml")
    anonymous = default_path("marketing", None)
    assert anonymous.parent == Path("responses")
    assert anonymous.name.startswith("marketing-anonymous-") and anonymous.suffix == ".yaml"
    assert default_path("sales", "李雷").name.startswith("sales-anonymous-")
    assert anonymous != default_path("marketing", None)


# --- a whole survey through the real prompts ----------------------------------------------------


def test_full_survey_saves_after_every_answer_and_completes(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "answers" / "jana.yaml"
    driven = Driven(pipe, DETAILS + QUESTIONS, watch=out)
    path, _ = survey(driven, out=out)

    assert path == out and not driven.script
    saved = load_yaml_file(out)
    assert saved["answers"] == FINAL_ANSWERS
    assert list(saved["answers"]) == list(FINAL_ANSWERS)  # questionnaire order
    assert saved["comments"] == {"goals": 'Targets changed twice: "#1" & ünïcode'}
    assert saved["questionnaire"] == {"id": "mini", "version": "1"}
    assert saved["organization"] == "Acme Corp"
    assert saved["respondent"] == {"role": "sales", "name": "Jana Carpenter", "team": "EMEA", "head": True}
    assert saved["started_at"] and saved["completed_at"]
    assert saved["completed_at"] >= saved["started_at"]

    # autosave: no file while the details were asked; then, as each prompt opened, the file
    # held exactly the answers and comments given before it, and was never marked complete
    snapshots = driven.snapshots
    assert snapshots[:3] == [None, None, None]
    states = [yaml.safe_load(s) for s in snapshots[3:]]
    assert all(state["completed_at"] is None for state in states)
    answers_seen = [state["answers"] for state in states]
    given: dict[str, object] = {}
    expected_before: list[dict[str, object]] = []
    order = iter(FINAL_ANSWERS.items())
    for message, _ in QUESTIONS:
        expected_before.append(dict(given))
        if not message.startswith(("Any comment", "Your answers on")):
            key, value = next(order)
            given[key] = value
    assert answers_seen == expected_before
    assert states[5]["comments"] == {"goals": 'Targets changed twice: "#1" & ünïcode'}
    assert all(state["answers"].get("leads.follow-up") != 150 for state in states)

    screen = driven.output
    assert "8 questions in 3 parts, about 2 minutes" in screen  # before the first question
    assert "Shared goals · dimension 1 of 3 · question 1 of 8 · about 2 minutes left" in screen
    assert "Lead hand-off · dimension 2 of 3 · question 5 of 8 · about 1 minute left" in screen
    assert "Time horizons · dimension 3 of 3 · question 8 of 8 · under a minute left" in screen
    assert "Whether both sides work toward the same objectives." in screen  # the description


def test_run_survey_reports_where_the_file_is_and_shows_the_summary(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    driven = Driven(pipe, DETAILS + QUESTIONS, watch=out, width=300)  # no wrapped paths
    outcome = run_survey(
        questionnaire=MINI_REF,
        role="sales",
        name="Jana Carpenter",
        team=None,
        head=None,
        anonymous=False,
        organization=None,
        out=out,
        resume=None,
        force=False,
        console=driven.inner.console,
        asker=driven,
    )
    assert (outcome.path, outcome.answers, outcome.no_summary) == (out, 8, None)
    assert outcome.result is not None and outcome.result.alignment_index is None
    show_survey_outcome(outcome, driven.inner.console)
    screen = driven.output
    assert f"All 8 answers are saved in {out}" in screen
    assert "Marketing has not answered" in screen  # the terminal summary of one side
    assert f"alignment report {out} THEIR-FILE" in screen


def test_details_prompts_role_name_and_default_file(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    script = [
        ("Organization", ENTER),
        ("Which side", DOWN + ENTER),
        ("Your name", "Max Mustermann" + ENTER),
        ("Your team", ENTER),
        ("Do you lead Marketing?", ENTER),
        ("We share one set", CTRL_C),
    ]
    driven = Driven(pipe, script)
    with pytest.raises(Interrupted) as caught:
        survey(driven, role=None, name=None)
    expected = Path("responses/marketing-max-mustermann.yaml")
    assert caught.value.saved_to == expected
    saved = load_yaml_file(tmp_path / expected)
    assert saved["respondent"] == {"role": "marketing", "name": "Max Mustermann"}
    assert saved["organization"] is None and saved["answers"] == {}


def test_anonymous_survey_stores_no_name(
    pipe: PipeInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    driven = Driven(
        pipe, [("Organization", "Acme" + ENTER), ("Your team", ENTER), ("We share one set", CTRL_C)]
    )
    with pytest.raises(Interrupted) as caught:
        survey(driven, name=None, anonymous=True, head=False)
    saved_to = caught.value.saved_to
    assert saved_to is not None and saved_to.name.startswith("sales-anonymous-")
    assert "name" not in load_yaml_file(tmp_path / saved_to)["respondent"]


# --- Ctrl-C -------------------------------------------------------------------------------------


def test_ctrl_c_saves_the_answers_given_and_says_how_to_resume(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    script = DETAILS + QUESTIONS[:6] + [("Share followed up", "12" + CTRL_C)]
    driven = Driven(pipe, script, watch=out)
    with pytest.raises(Interrupted) as caught:
        survey(driven, out=out)
    exc = caught.value
    assert exc.exit_code == 130
    assert exc.saved_to == out
    assert exc.resume_command == f"alignment survey --resume {out} --questionnaire {MINI_REF}"
    assert f"saved in {out}" in str(exc) and exc.resume_command in str(exc)
    assert "Interrupted after 4 of 8 questions" in str(exc)
    saved = load_yaml_file(out)
    assert saved["answers"] == {k: FINAL_ANSWERS[k] for k in list(FINAL_ANSWERS)[:4]}
    assert saved["completed_at"] is None  # half-typed 12 was not an answer


def test_ctrl_c_before_any_file_exists_says_nothing_was_saved(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    driven = Driven(pipe, [("Organization", "Acme" + CTRL_C)])
    with pytest.raises(Interrupted) as caught:
        survey(driven, out=out)
    assert str(caught.value) == NOTHING_SAVED and caught.value.exit_code == 130
    assert caught.value.saved_to is None
    assert not out.exists()


# --- resume -------------------------------------------------------------------------------------


def test_resume_mid_dimension_keeps_earlier_answers(pipe: PipeInput, tmp_path: Path) -> None:
    partial = write_partial(tmp_path / "jana.yaml", {"goals.agreed": 5, "goals.conflict": None})
    driven = Driven(pipe, QUESTIONS[2:], watch=partial, width=300)
    survey(driven, name=None, role=None, resume=partial)
    assert driven.asked[0] == "How are the two teams led?"
    assert "Resuming" in driven.output and "2 of 8 questions answered" in driven.output
    saved = load_yaml_file(partial)
    assert saved["answers"] == FINAL_ANSWERS | {"goals.agreed": 5}
    assert saved["answers"]["goals.conflict"] is None  # a kept "don't know"
    assert saved["started_at"] == "2026-11-25T10:00:00Z" and saved["completed_at"]
    assert saved["respondent"]["name"] == "Jana Carpenter"


def test_resume_at_a_new_dimension_offers_the_previous_comment_first(pipe: PipeInput, tmp_path: Path) -> None:
    done = {k: FINAL_ANSWERS[k] for k in ("goals.agreed", "goals.conflict", "goals.structure")}
    partial = write_partial(tmp_path / "jana.yaml", done)
    driven = Driven(
        pipe, [("Any comment on Shared goals", "late comment" + ENTER), *QUESTIONS[5:]], watch=partial
    )
    survey(driven, resume=partial)
    saved = load_yaml_file(partial)
    assert saved["comments"] == {"goals": "late comment"}
    assert saved["answers"] == FINAL_ANSWERS


def test_resume_with_every_answer_in_asks_the_last_comment_and_completes(
    pipe: PipeInput, tmp_path: Path
) -> None:
    partial = write_partial(tmp_path / "jana.yaml", dict(FINAL_ANSWERS), comments={"horizon": "kept"})
    driven = Driven(pipe, [], watch=partial)
    survey(driven, resume=partial)
    assert driven.asked == []
    saved = load_yaml_file(partial)
    assert saved["completed_at"] and saved["comments"] == {"horizon": "kept"}


def test_resume_refuses_another_questionnaire_or_version(tmp_path: Path, pipe: PipeInput) -> None:
    other = write_partial(
        tmp_path / "other.yaml", {}, questionnaire="sales-marketing-alignment", version="1.0"
    )
    with pytest.raises(InputError) as caught:
        survey(Driven(pipe, []), resume=other)
    message = str(caught.value)
    assert str(other) in message and "sales-marketing-alignment" in message
    assert "--questionnaire" in message and caught.value.exit_code == 2

    older = write_partial(tmp_path / "older.yaml", {}, version="0.9")
    with pytest.raises(InputError) as caught:
        survey(Driven(pipe, []), resume=older)
    assert "version 0.9" in str(caught.value) and "version 1" in str(caught.value)


def test_resume_refuses_a_completed_file_and_contradicting_options(tmp_path: Path, pipe: PipeInput) -> None:
    done = write_partial(tmp_path / "done.yaml", dict(FINAL_ANSWERS), completed=True)
    with pytest.raises(InputError, match="already complete"):
        survey(Driven(pipe, []), name=None, resume=done)
    partial = write_partial(tmp_path / "partial.yaml", {})
    with pytest.raises(UsageError, match="--role 'marketing'"):
        survey(Driven(pipe, []), role="marketing", resume=partial)
    with pytest.raises(UsageError, match="--resume"):
        survey(Driven(pipe, []), resume=partial, out=tmp_path / "elsewhere.yaml")


def test_cli_refuses_a_resume_file_for_another_questionnaire_with_exit_2(
    tmp_path: Path, cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    other = write_partial(tmp_path / "other.yaml", {}, questionnaire="another", version="3")
    result = cli("survey", "--resume", other, "--questionnaire", MINI)
    assert result.code == 2
    assert f"{other}: is for questionnaire another version 3, not mini version 1" in result.err
    assert "Traceback" not in result.err


# --- files that hold work --------------------------------------------------------------------------


def test_out_refuses_a_completed_file_without_force(tmp_path: Path, pipe: PipeInput) -> None:
    done = write_partial(tmp_path / "done.yaml", dict(FINAL_ANSWERS), completed=True)
    before = done.read_text(encoding="utf-8")
    with pytest.raises(OutputError, match=r"completed response.*--force"):
        survey(Driven(pipe, []), out=done)
    assert done.read_text(encoding="utf-8") == before


def test_out_points_a_partial_file_at_resume(tmp_path: Path, pipe: PipeInput) -> None:
    partial = write_partial(tmp_path / "partial.yaml", {"goals.agreed": 2})
    with pytest.raises(OutputError) as caught:
        survey(Driven(pipe, []), out=partial, questionnaire=MINI_REF)
    assert resume_command(partial, MINI_REF) in str(caught.value)
    assert load_yaml_file(partial)["answers"] == {"goals.agreed": 2}


def test_force_starts_over(tmp_path: Path, pipe: PipeInput) -> None:
    done = write_partial(tmp_path / "done.yaml", {"goals.agreed": 2}, completed=True)
    driven = Driven(pipe, [*DETAILS, ("We share one set", CTRL_C)], watch=done)
    with pytest.raises(Interrupted):
        survey(driven, out=done, force=True)
    saved = load_yaml_file(done)
    assert saved["answers"] == {} and saved["completed_at"] is None


def test_bad_options_fail_before_any_prompt(tmp_path: Path, pipe: PipeInput) -> None:
    driven = Driven(pipe, [])
    with pytest.raises(UsageError, match="--role 'finance'"):
        survey(driven, role="finance")
    with pytest.raises(UsageError, match="--anonymous"):
        survey(driven, anonymous=True)
    assert driven.asked == []


# --- no terminal -----------------------------------------------------------------------------------


def test_survey_without_a_terminal_fails_at_once_with_exit_2() -> None:
    done = run_without_terminal("survey")
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    assert "alignment questionnaire template" in done.stderr
    assert "alignment report" in done.stderr
    assert "Traceback" not in done.stderr


def test_console_output_of_the_survey_is_plain_text_when_not_a_terminal(
    pipe: PipeInput, tmp_path: Path
) -> None:
    # the information lines go through a rich console; respondent text is never markup
    screen = io.StringIO()
    driven = Driven(
        pipe,
        [
            ("Organization", "[bold]Acme[/bold]" + ENTER),
            ("Your team", ENTER),
            ("Do you lead Sales", "n"),
            ("We share one set", CTRL_C),
        ],
    )
    driven.inner.console = Console(file=screen, width=100)
    with pytest.raises(Interrupted):
        survey(driven, out=tmp_path / "x.yaml")
    assert "\x1b[" not in screen.getvalue()
    assert load_yaml_file(tmp_path / "x.yaml")["organization"] == "[bold]Acme[/bold]"


# --- going back, keys that choose, the review of a part, progress ---------------------------------

LEFT = "\x1b[D"


@pytest.mark.parametrize(
    ("questions", "text"),
    [
        (0, "no time"),
        (1, "under a minute"),
        (5, "under a minute"),
        (6, "about 1 minute"),
        (7, "about 2 minutes"),
        (12, "about 2 minutes"),
        (13, "about 3 minutes"),
        (56, "about 10 minutes"),
    ],
)
def test_time_left_rounds_up_to_whole_minutes(questions: int, text: str) -> None:
    assert time_left(questions) == text


def test_keys_follow_the_scale_numbers_and_dont_know(mini: Questionnaire) -> None:
    likert = mini.questions["goals.agreed"]
    labels, keys = keyed_choices(choices_for(mini, likert))
    assert keys == ["1", "2", "3", "4", "5", "?"]
    assert [label for label, _ in labels][-1] == "?  Don't know"
    assert labels[3] == ("4", 4)  # the scale names only 1, 3 and 5
    assert labels[4] == ("5  Strongly agree", 5)
    choice = mini.questions["goals.structure"]
    labels, keys = keyed_choices(choices_for(mini, choice))
    assert keys == [str(n) for n in range(1, len(keys))] + ["?"]
    assert all(label.startswith(f"{key}  ") for (label, _), key in zip(labels, keys, strict=True))


def test_not_applicable_gets_the_n_key_where_the_item_allows_it() -> None:
    from alignment_cli.model.response import NotApplicable

    na = NotApplicable()
    labels, keys = keyed_choices(
        [("Yes", "yes"), ("No", "no"), (NOT_APPLICABLE_LABEL, na), ("Don't know", None)]
    )
    assert keys == ["1", "2", "n", "?"]
    assert labels[2] == ("n  Not applicable", na)
    # on a numbered scale "not applicable" stands in the number column as "-": the key replaces it
    labels, keys = keyed_choices(
        [("1  Strongly disagree", 1), (f"-  {NOT_APPLICABLE_LABEL}", na), ("?  Don't know", None)]
    )
    assert keys == ["1", "n", "?"]
    assert labels[1] == ("n  Not applicable", na)
    _, keys = keyed_choices([("Yes", "yes"), ("Don't know", None)])
    assert keys == ["1", "?"]


def test_digit_keys_choose_at_once(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    keys = [
        ("We share one set of objectives", "2"),
        ("Our targets pull us apart", "?"),
        ("How are the two teams led", "1"),
        ("Your answers on Shared goals", ENTER),
        ("Any comment on Shared goals", ENTER),
        ("written lead definition", "2"),
        ("Share followed up", "50" + ENTER),
        ("Leads are worth it", "5"),
        ("Your answers on Lead hand-off", ENTER),
        ("Any comment on Lead hand-off", ENTER),
        ("My team plans one quarter ahead", "3"),
        ("We reconcile our horizons", "4"),
        ("Your answers on Time horizons", ENTER),
        ("Any comment on Time horizons", ENTER),
    ]
    survey(Driven(pipe, DETAILS + keys), out=out)
    assert load_yaml_file(out)["answers"] == {
        "goals.agreed": 2,
        "goals.conflict": None,
        "goals.structure": "one-leader",
        "leads.definition": "no",
        "leads.follow-up": 50,
        "leads.worth-it": 5,
        "horizon.own-quarter": 3,
        "horizon.reconciled": 4,
    }


def test_back_twice_then_forward_keeps_or_changes_each_answer(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    script = [
        *DETAILS,
        ("We share one set of objectives", "4"),
        ("Our targets pull us apart", "2"),
        ("How are the two teams led", "b"),  # back to "targets"
        ("Our targets pull us apart", LEFT),  # ← : back again, to the first question
        ("We share one set of objectives", "1"),  # changed from 4 to 1
        ("Our targets pull us apart", ENTER),  # Enter keeps the answer given before
        ("How are the two teams led", "2"),
        ("Your answers on Shared goals", ENTER),
        ("Any comment on Shared goals", ENTER),
        ("written lead definition", "b"),  # back across the part
        ("How are the two teams led", ENTER),
        ("Your answers on Shared goals", ENTER),
        ("Any comment on Shared goals", ENTER),
        ("written lead definition", "2"),
        ("Share followed up", "b" + ENTER),  # typed b in a number: back
        ("written lead definition", "1"),
        ("Share followed up", "35" + ENTER),
        *QUESTIONS[7:],
    ]
    driven = Driven(pipe, script, watch=out)
    survey(driven, out=out)
    answers = load_yaml_file(out)["answers"]
    assert answers["goals.agreed"] == 1
    assert answers["goals.conflict"] == 2
    assert answers["goals.structure"] == "separate-peers"
    assert answers["leads.definition"] == "yes"
    # the file was saved with 4 before the change: every answer is on disk as soon as given
    assert any(s and "goals.agreed: 4" in s for s in driven.snapshots)


def test_the_review_changes_an_answer_and_shows_the_new_one(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    script = [
        *DETAILS,
        ("We share one set of objectives", "4"),
        ("Our targets pull us apart", "2"),
        ("How are the two teams led", "1"),
        ("Your answers on Shared goals", "2"),  # change the second answer
        ("Our targets pull us apart", "5"),
        ("Your answers on Shared goals", "3"),  # change the third, then think better
        ("How are the two teams led", "b"),  # back to the review, nothing changed
        ("Your answers on Shared goals", ENTER),
        ("Any comment on Shared goals", ENTER),
        *QUESTIONS[5:],
    ]
    driven = Driven(pipe, script, watch=out)
    survey(driven, out=out)
    answers = load_yaml_file(out)["answers"]
    assert (answers["goals.agreed"], answers["goals.conflict"]) == (4, 5)
    assert answers["goals.structure"] == "one-leader"
    assert [m for m in driven.asked if m.startswith("Your answers on Shared")] == [
        "Your answers on Shared goals: change one, or continue"
    ] * 3


def test_the_first_question_offers_no_way_back(pipe: PipeInput, tmp_path: Path) -> None:
    out = tmp_path / "jana.yaml"
    # b on the first question is no key: nothing happens, and 3 then answers
    script = [*DETAILS, ("We share one set of objectives", "b3"), *QUESTIONS[1:]]
    survey(Driven(pipe, script), out=out)
    assert load_yaml_file(out)["answers"]["goals.agreed"] == 3


def test_the_time_estimate_is_one_figure_everywhere() -> None:
    from alignment_cli.interactive.survey import pace
    from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire

    for path in builtin_paths().values():
        q = load_questionnaire(path)
        for role in q.roles:
            count = q.question_count(role)
            # what the survey and workshop say up front is what `questionnaire list` and the
            # blank template say
            assert time_left(count, pace(q, role)) == f"about {q.minutes_for(role)} minutes"


def test_a_completed_default_file_is_refused_before_team_and_head(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alignment_cli.errors import OutputError
    from alignment_cli.interactive.survey import default_path

    monkeypatch.chdir(tmp_path)
    target = default_path("sales", "Jana Carpenter")
    target.parent.mkdir(parents=True)
    write_partial(target, {"goals.agreed": 5}, completed=True)
    asked: list[str] = []

    class Asker:
        def say(self, text: str = "", **_: object) -> None:
            pass

        def heading(self, *_: object) -> None:
            pass

        def text(self, message: str, **_: object) -> str:
            asked.append(message)
            return ""

        def confirm(self, message: str, **_: object) -> bool:
            asked.append(message)
            return True

        def choose(self, message: str, choices: object, **_: object) -> object:
            raise AssertionError(message)

    with pytest.raises(OutputError, match=r"completed response.*--output"):
        conduct_survey(Asker(), questionnaire=MINI_REF, role="sales", name="Jana Carpenter")  # type: ignore[arg-type]
    assert "Your team" not in asked and not any(m.startswith("Do you lead") for m in asked)


def test_the_resume_message_counts_one_way(pipe: PipeInput, tmp_path: Path) -> None:
    partial = write_partial(tmp_path / "jana.yaml", {"goals.agreed": 5, "goals.conflict": None})
    driven = Driven(pipe, QUESTIONS[2:], watch=partial, width=300)
    survey(driven, name=None, role=None, resume=partial)
    assert "2 of 8 questions answered; continuing with question 3 of 8 (Shared goals)" in driven.output
