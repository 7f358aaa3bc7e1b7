"""The response model (model/response.py) where its own tests leave room: the list of problems
in one error at its counts, "not applicable" refusals that do not stop at the first, the item an
error is inside, and a folder whose name holds a letter that is no glob."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.errors import InputError
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.response import all_problems, check_against, discover, parse_response
from tests.helpers import make_response


def problem(n: int, where: str | None = None) -> InputError:
    return InputError(f"problem {n}", path="r.yaml", where=where)


def test_one_problem_is_that_problem_itself() -> None:
    only = problem(1, "3:4")
    assert all_problems([only], path="r.yaml") is only


@pytest.mark.parametrize(
    ("count", "tail"),
    [
        (2, ""),
        (10, ""),
        (11, "\n  and 1 more problem"),
        (12, "\n  and 2 more problems"),
        (25, "\n  and 15 more problems"),
    ],
)
def test_ten_problems_are_listed_and_the_rest_counted(count: int, tail: str) -> None:
    problems = [problem(i, f"{i}:5") for i in range(1, count + 1)]
    err = all_problems(problems, path="r.yaml")
    shown = "".join(f"\n  line {i}: problem {i}" for i in range(2, min(count, 10) + 1))
    assert err.detail == f"{count} problems; the first: problem 1{shown}{tail}"
    assert (err.where, err.path) == ("1:5", "r.yaml")


def test_a_problem_without_a_place_is_listed_without_one() -> None:
    err = all_problems([problem(1), problem(2), problem(3, "7:1")], path=None)
    assert err.detail == "3 problems; the first: problem 1\n  problem 2\n  line 7: problem 3"
    assert err.where is None and err.path is None


def test_every_not_applicable_that_does_not_fit_is_named(mini: Questionnaire) -> None:
    response = make_response("sales", {"nope.x": "n/a", "leads.followed": "n/a", "goals.agreed": "n/a"})
    with pytest.raises(InputError) as caught:
        check_against(response, mini)
    assert caught.value.detail == (
        "3 problems; the first: answers: unknown question id 'nope.x'\n"
        "  answers.leads.followed: this question is not asked of sales\n"
        "  answers.goals.agreed: this question cannot be answered 'n/a' (not applicable); "
        "leave it blank for don't know"
    )


def test_an_error_inside_the_questionnaire_reference_names_it() -> None:
    text = "questionnaire:\n  id: mini\n  version: [1]\nrespondent:\n  role: sales\nanswers: {}\n"
    with pytest.raises(InputError) as caught:
        parse_response(text, path="r.yaml")
    assert caught.value.detail.startswith("questionnaire.version (in mini): ")
    assert caught.value.where == "3:3"


def test_a_folder_named_with_capital_letters_is_walked_not_globbed(tmp_path: Path) -> None:
    folder = tmp_path / "XX Responses"
    folder.mkdir()
    (folder / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    assert discover([folder]) == [folder / "a.yaml"]
    assert discover(["XX Responses"], base=tmp_path) == [folder / "a.yaml"]
