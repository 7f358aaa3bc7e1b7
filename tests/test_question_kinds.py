"""A question kind is one class: a 0-10 rating defined in tests/rating_kind.py, registered for
each test here and nowhere else, is read from a questionnaire file and works in the survey, the
web form, the import, the export and the reports without any change to the package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from prompt_toolkit.input import PipeInput

from alignment_cli.errors import InputError
from alignment_cli.interactive.survey import answer_label, choices_for, conduct_survey, keyed_choices
from alignment_cli.interactive.webform.room import Room
from alignment_cli.model.questionnaire import (
    KINDS,
    ChooseOne,
    QuestionKind,
    Questionnaire,
    Scale,
    load_questionnaire,
    register_kind,
    unregister_kind,
)
from alignment_cli.model.response import load_response
from alignment_cli.render.export import export_csv, export_markdown
from tests.helpers import (
    ENTER,
    MINI,
    QUESTIONS,
    CliResult,
    Driven,
    answers_for,
    make_response,
    write_response,
)
from tests.rating_kind import RatingQuestion
from tests.webform_driver import BASE, TOKEN, client_for, csrf_of, fill_in, page_fields, start

Run = Callable[..., CliResult]  # the `cli` fixture
ITEM = "partnership.recommend"
TEXT = "How likely are you to recommend working with the other side, from 0 to 10?"
# mini.yaml with a fourth dimension that holds one rating, asked of both sides
PARTNERSHIP = f"""  - id: partnership
    title: Partnership
    questions:
      - {{id: {ITEM}, kind: rating, text: "{TEXT}"}}
recommendations:
"""


def rating_questionnaire(folder: Path) -> Path:
    text = MINI.read_text(encoding="utf-8").replace("recommendations:\n", PARTNERSHIP, 1)
    path = folder / "rated.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def rating() -> Iterator[type[RatingQuestion]]:
    """The rating kind, known for one test only."""
    register_kind(RatingQuestion)
    try:
        yield RatingQuestion
    finally:
        unregister_kind(RatingQuestion)


@pytest.fixture
def rated_path(tmp_path: Path) -> Path:
    return rating_questionnaire(tmp_path)


@pytest.fixture
def rated(rating: type[RatingQuestion], rated_path: Path) -> Questionnaire:
    return load_questionnaire(rated_path)


# --- the registry -------------------------------------------------------------------------------


def test_an_unregistered_kind_is_refused_naming_the_known_ones(rated_path: Path) -> None:
    assert "rating" not in KINDS  # the fixture of another test left nothing behind
    with pytest.raises(InputError) as caught:
        load_questionnaire(rated_path)
    assert "kind: 'rating' is not one of likert, choice, yes_no, number" in str(caught.value)


def test_a_registered_kind_is_read_scored_and_listed(rated: Questionnaire) -> None:
    question = rated.questions[ITEM]
    assert isinstance(question, RatingQuestion)
    assert list(KINDS)[-1] == "rating"
    assert rated.item_score(ITEM, 7) == 70.0
    assert rated.item_score(ITEM, 10) == 100.0
    assert question.allowed(rated.scale) == set(range(11))
    assert rated.answer_label(ITEM, 9) == "9 of 10"
    with pytest.raises(ValueError, match="whole number from 0 to 10"):
        question.normalize(11, rated.scale)


def test_a_kind_cannot_be_registered_twice_under_one_name(rating: type[RatingQuestion]) -> None:
    class Other(RatingQuestion):
        pass

    with pytest.raises(ValueError, match="already registered"):
        register_kind(Other)
    register_kind(RatingQuestion)  # the same class again is harmless


def test_a_kind_that_leaves_out_how_it_is_answered_is_refused_when_registered() -> None:
    class Unfinished(QuestionKind):
        kind: Literal["unfinished"]

        def raw_score(self, value: Any, scale: Scale) -> float:
            return 0.0

    with pytest.raises(TypeError, match="'unfinished' does not define normalize, widget"):
        register_kind(Unfinished)  # type: ignore[type-abstract]  # mypy refuses it too
    assert "unfinished" not in KINDS


def test_the_kind_round_trips_through_json(rated: Questionnaire) -> None:
    again = Questionnaire.model_validate_json(rated.model_dump_json(by_alias=True))
    assert again.questions[ITEM] == rated.questions[ITEM]
    assert json.loads(rated.model_dump_json())["dimensions"][3]["questions"][0] == {
        "id": ITEM,
        "text": TEXT,
        "help": None,
        "source": None,
        "roles": None,
        "reverse": False,
        "weight": 1.0,
        "fact": False,
        "gap_expected": False,
        "mirror": None,
        "self_of": None,
        "allow_na": False,
        "tolerance": None,
        "context": False,
        "kind": "rating",
    }


# --- the survey ---------------------------------------------------------------------------------

DETAILS = [("Organization", "Acme Corp" + ENTER), ("Your team", "EMEA" + ENTER), ("Do you lead Sales", "y")]
RATED_LAST = [
    ("How likely are you to recommend", "1" + "0"),  # 1 waits for 10, 0 takes it
    ("Your answers on Partnership", ENTER),
    ("Any comment on Partnership", ENTER),
]


def test_the_survey_asks_a_rating_as_numbered_choices(
    rated: Questionnaire, rated_path: Path, pipe: PipeInput, tmp_path: Path
) -> None:
    out = tmp_path / "answers" / "jana.yaml"
    driven = Driven(pipe, DETAILS + QUESTIONS + RATED_LAST)
    path, _ = conduct_survey(
        driven, questionnaire=str(rated_path), role="sales", name="Jana Carpenter", out=out
    )
    assert not driven.script
    saved = load_response(path, rated)
    assert saved.answers[ITEM] == 10
    assert saved.complete
    assert "Partnership · dimension 4 of 4 · question 9 of 9" in driven.output


def test_each_point_of_a_rating_is_chosen_by_its_own_number(rated: Questionnaire) -> None:
    labels, keys = keyed_choices(choices_for(rated, rated.questions[ITEM]))
    assert labels[0] == ("0  Not at all likely", 0)
    assert labels[10] == ("10  Extremely likely", 10)
    assert labels[-1] == ("?  Don't know", None)
    assert keys == [str(n) for n in range(11)] + ["?"]
    assert answer_label(rated, rated.questions[ITEM], 10) == "10  Extremely likely"


def test_a_rating_is_chosen_by_its_single_digit_at_once(
    rated: Questionnaire, rated_path: Path, pipe: PipeInput, tmp_path: Path
) -> None:
    seven = [("How likely are you to recommend", "7"), *RATED_LAST[1:]]
    driven = Driven(pipe, DETAILS + QUESTIONS + seven)
    path, _ = conduct_survey(
        driven, questionnaire=str(rated_path), role="sales", name="Jana Carpenter", out=tmp_path / "jana.yaml"
    )
    assert load_response(path, rated).answers[ITEM] == 7


# --- the web form -------------------------------------------------------------------------------

FORM_ANSWERS = {
    "goals.agreed": "4",
    "goals.conflict": "2",
    "goals.structure": "one-leader",
    "leads.definition": "yes",
    "leads.follow-up": "35",
    "leads.worth-it": "3",
    "leads.followed": "2",
    "horizon.own-quarter": "2",
    "horizon.reconciled": "?",
    ITEM: "8",
}


def up_to_the_rating(client: Any, q: Questionnaire, role: str = "sales") -> tuple[str, str]:
    """Start, send the three pages before the rating's, and return the participant's address
    and the rating's page."""
    participant = start(client, role=role)
    for number in range(1, 4):
        page = client.get(f"{participant}/{number}")
        fields = page_fields(q, role, number, FORM_ANSWERS, {})
        sent = client.post(f"{participant}/{number}", data={"csrf": csrf_of(page.text)} | fields)
        assert sent.status_code == 303, sent.text[:2000]
    return participant, client.get(f"{participant}/4").text


def test_the_form_draws_a_rating_as_a_scale_and_saves_it(rated: Questionnaire, tmp_path: Path) -> None:
    room = Room(rated, tmp_path / "responses", organization="Acme Corp", token=TOKEN)
    client = client_for(room)
    participant, page = up_to_the_rating(client, rated)
    sent = client.post(f"{participant}/4", data={"csrf": csrf_of(page), f"q:{ITEM}": "8", "comment": ""})
    assert sent.status_code == 303, sent.text[:2000]
    assert 'class="choices scale"' in page
    assert page.count(f'name="q:{ITEM}"') == 12  # 0 to 10, and "don't know"
    assert "0 · Not at all likely" in page and "10 · Extremely likely" in page
    (saved,) = (tmp_path / "responses").glob("sales-*.yaml")
    assert load_response(saved, rated).answers[ITEM] == 8
    fill_in(
        client_for(Room(rated, tmp_path / "more", token=TOKEN)),
        BASE,
        rated,
        role="marketing",
        name="Mo",
        answers=FORM_ANSWERS | {ITEM: "?"},
        comments={},
    )
    (mo,) = (tmp_path / "more").glob("marketing-*.yaml")
    assert load_response(mo, rated).answers[ITEM] is None


@pytest.mark.parametrize("sent", ["11", "-1", "7.5", "\u0667", "seven"])
def test_the_form_refuses_what_is_not_a_rating(rated: Questionnaire, tmp_path: Path, sent: str) -> None:
    room = Room(rated, tmp_path / "responses", organization="Acme Corp", token=TOKEN)
    client = client_for(room)
    participant, page = up_to_the_rating(client, rated)
    answer = client.post(f"{participant}/4", data={"csrf": csrf_of(page), f"q:{ITEM}": sent, "comment": ""})
    assert answer.status_code == 400
    assert "Please choose one of the answers shown." in answer.text


# --- import and export --------------------------------------------------------------------------


def test_a_sheet_cell_becomes_a_rating(
    rated: Questionnaire, rated_path: Path, tmp_path: Path, cli: Run
) -> None:
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        f"side,your name,goals.agreed,leads.definition,{ITEM}\r\n"
        "sales,Jana,4,yes,9\r\n"
        "marketing,Mo,2,no,Extremely likely\r\n"
        "marketing,Ann,3,no,Not at all likely\r\n",
        encoding="utf-8",
    )
    out = tmp_path / "responses"
    result = cli("import", sheet, "--questionnaire", rated_path, "--out", out)
    assert result.code == 0, result.err
    assert load_response(out / "sales-jana.yaml", rated).answers[ITEM] == 9
    assert load_response(out / "marketing-mo.yaml", rated).answers[ITEM] == 10
    assert load_response(out / "marketing-ann.yaml", rated).answers[ITEM] == 0

    sheet.write_text(f"side,your name,{ITEM}\r\nsales,Jana,11\r\n", encoding="utf-8")
    refused = cli("import", sheet, "--questionnaire", rated_path, "--out", tmp_path / "again")
    assert refused.code == 2
    assert "row 2, column C" in refused.err
    assert (
        "expected one of: 0 Not at all likely; 1; 2; 3; 4; 5; 6; 7; 8; 9; 10 Extremely likely" in refused.err
    )


def test_the_sheet_and_handout_list_a_ratings_answers(rated: Questionnaire) -> None:
    sheet = export_csv(rated)
    assert (
        f'{ITEM},partnership,Partnership,"{TEXT}",rating,"0=Not at all likely\n1\n2\n3\n4\n'
        "5\n6\n7\n8\n9\n10=Extremely likely\n?=Don't know\",all,yes,"
    ) in sheet
    handout = export_markdown(rated)
    assert "- ☐ 0 Not at all likely\n- ☐ 1\n" in handout
    assert "- ☐ 10 Extremely likely\n- ☐ Don't know" in handout


def test_the_exported_sheet_imports_as_it_is(
    rated: Questionnaire, rated_path: Path, tmp_path: Path, cli: Run
) -> None:
    widget = rated.questions[ITEM].widget(rated.scale)
    assert isinstance(widget, ChooseOne) and widget.numbered
    sheet = tmp_path / "form.csv"
    sheet.write_text(f'Which side are you on?,Your name,"{TEXT}"\r\nSales,Jana,6\r\n', encoding="utf-8")
    result = cli("import", sheet, "--questionnaire", rated_path, "--out", tmp_path / "r")
    assert result.code == 0, result.err
    assert load_response(tmp_path / "r" / "sales-jana.yaml", rated).answers[ITEM] == 6


def test_questionnaire_show_lists_the_rating(
    rated_path: Path, rating: type[RatingQuestion], cli: Run
) -> None:
    shown = cli("questionnaire", "show", rated_path)
    assert shown.code == 0, shown.err
    assert f"{ITEM}  (rating, both)" in shown.out
    assert "0-10, 10 the best; scored as the answer times ten" in shown.out


# --- reports ------------------------------------------------------------------------------------


def test_a_report_scores_the_rating_as_ten_times_the_answer(
    rated: Questionnaire, tmp_path: Path, cli: Run
) -> None:
    folder = tmp_path / "responses"
    for role, name, value in (
        ("sales", "Jana", 9),
        ("sales", "Lee", 7),
        ("marketing", "Mo", 3),
        ("marketing", "Ann", 5),
    ):
        write_response(
            folder,
            f"{role}-{name.lower()}.yaml",
            make_response(role, answers_for(rated, role, {ITEM: value}), name=name),
        )
    out = tmp_path / "report"
    result = cli(
        "report",
        folder,
        "--questionnaire",
        rating_questionnaire(tmp_path),
        "-f",
        "json",
        "-f",
        "md",
        "-o",
        out,
    )
    assert result.code == 0, result.err
    (json_file,) = out.glob("*.json") if out.is_dir() else [out.with_suffix(".json")]
    document = json.loads(json_file.read_text(encoding="utf-8"))
    (partnership,) = [d for d in document["dimensions"] if d["id"] == "partnership"]
    assert partnership["scores"] == {"sales": 80.0, "marketing": 40.0}
    assert partnership["gap"] == 40.0
    (markdown,) = out.glob("*.md") if out.is_dir() else [out.with_suffix(".md")]
    assert "Partnership" in markdown.read_text(encoding="utf-8")
