"""The question kinds (model/questionnaire.py, its first half) at their edges: the scale and its
labels, a tolerance at exactly its limit, the widgets, a sheet's cell and a form's field read as
an answer, each built-in kind's scores, stored answers, labels and refusals word for word, and
the registry that maps a file's `kind:` to its class."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from alignment_cli.model.questionnaire import (
    KINDS,
    ChoiceQuestion,
    ChooseOne,
    LikertQuestion,
    NumberQuestion,
    Option,
    QuestionKind,
    Scale,
    Source,
    Tolerance,
    TypeNumber,
    YesNoQuestion,
    _as_choice_value,
    _question_of_its_kind,
    cell_number,
    kind_name,
    loose_key,
    register_kind,
    unregister_kind,
    version_text,
    yaml_keeps_as_text,
)

AGREE = Scale(min=1, max=5, labels={5: "Strongly agree", 1: "Strongly disagree", 4: "Agree"})
BARE = Scale(min=1, max=5)


def refusal(model: type[Any], data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


def value_error(call: Any, *args: Any) -> str:
    """The words of the ValueError `call(*args)` raises."""
    try:
        call(*args)
    except ValueError as refused:
        return str(refused)
    pytest.fail(f"{args!r} was taken")


def likert(**fields: Any) -> LikertQuestion:
    return LikertQuestion.model_validate({"id": "leads.followed", "text": "T", "kind": "likert", **fields})


FREQUENCY = [
    {"value": "weekly", "label": "Weekly", "score": 100},
    {"value": "monthly", "label": "Monthly", "score": 50.5},
    {"value": "quarterly", "label": "Quarterly", "score": 0},
]


def choice(**fields: Any) -> ChoiceQuestion:
    return ChoiceQuestion.model_validate(
        {"id": "review.cadence", "text": "T", "kind": "choice", "options": FREQUENCY, **fields}
    )


def yes_no(**fields: Any) -> YesNoQuestion:
    return YesNoQuestion.model_validate({"id": "sla.exists", "text": "T", "kind": "yes_no", **fields})


def number(**fields: Any) -> NumberQuestion:
    given = {"id": "leads.hours", "text": "T", "kind": "number", "min": 0, "max": 100, **fields}
    return NumberQuestion.model_validate(given)


class PointQuestion(QuestionKind):
    """A kind that keeps every default of QuestionKind: its answers are the scale's points, read
    from a sheet by the shared rule."""

    kind: Literal["point"]

    def raw_score(self, value: Any, scale: Scale) -> float:
        return scale.position(value)

    def widget(self, scale: Scale) -> ChooseOne:
        return ChooseOne(
            tuple((v, scale.labels.get(v, "")) for v in range(scale.min, scale.max + 1)), numbered=True
        )

    def normalize(self, value: Any, scale: Scale) -> Any:
        return value


class CountQuestion(QuestionKind):
    """A kind typed as a number, with every default of QuestionKind."""

    kind: Literal["count"]

    def raw_score(self, value: Any, scale: Scale) -> float:
        return float(value)

    def widget(self, scale: Scale) -> TypeNumber:
        return TypeNumber(scale.min, scale.max * 10, "calls")

    def normalize(self, value: Any, scale: Scale) -> Any:
        return value


class DialQuestion(QuestionKind):
    """A kind whose widget none of the front ends knows how to draw."""

    kind: Literal["dial"]

    def raw_score(self, value: Any, scale: Scale) -> float:
        return 0.0

    def widget(self, scale: Scale) -> Any:
        return "dial"

    def normalize(self, value: Any, scale: Scale) -> Any:
        return value


def point() -> PointQuestion:
    return PointQuestion.model_validate({"id": "p.q", "text": "T", "kind": "point"})


def count() -> CountQuestion:
    return CountQuestion.model_validate({"id": "c.q", "text": "T", "kind": "count"})


# --- text that YAML keeps, versions and choice values ------------------------------------------


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        ("leads.followed", True),
        ("abc", True),
        ("1.x", True),
        ("1", False),
        ("1.5", False),
        ("0x1F", False),
        ("yes", False),
        ("Off", False),
        ("null", False),
        ("~", False),
        ("", False),
        ("2024-01-31", False),
    ],
)
def test_a_key_yaml_would_read_as_something_else_is_not_kept(key: str, kept: bool) -> None:
    assert yaml_keeps_as_text(key) is kept


@pytest.mark.parametrize(
    ("value", "taken"),
    [(3, "3"), (0, "0"), ("1.10", "1.10"), ("2024.1", "2024.1"), (True, True), (False, False), (None, None)],
)
def test_a_bare_whole_version_is_taken_as_written(value: Any, taken: Any) -> None:
    assert version_text(value) == taken
    assert type(version_text(value)) is type(taken)


@pytest.mark.parametrize(("value", "shown"), [(1.1, "1.1"), (2.0, "2.0")])
def test_a_bare_decimal_version_is_refused_with_the_quotes_to_write(value: float, shown: str) -> None:
    assert value_error(version_text, value) == (
        f'write the version in quotes, for example "{shown}", so YAML keeps it as written'
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(True, "yes"), (False, "no"), (3, "3"), (0, "0"), (2.5, "2.5"), ("on", "on"), (None, None)],
)
def test_a_choice_value_is_always_text(value: Any, text: Any) -> None:
    assert _as_choice_value(value) == text
    if value is not None:
        assert Option.model_validate({"value": value, "label": "L", "score": 1}).value == text


# --- the scale ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"), [(1, "Strongly disagree"), (4, "Agree"), (5, "Strongly agree"), (2, "2"), (3, "3")]
)
def test_a_scale_point_reads_as_its_label_or_its_number(value: int, label: str) -> None:
    assert AGREE.label(value) == label


@pytest.mark.parametrize(
    ("scale", "value", "position"),
    [
        (BARE, 1, 0.0),
        (BARE, 2, 25.0),
        (BARE, 3, 50.0),
        (BARE, 4.5, 87.5),
        (BARE, 5, 100.0),
        (Scale(min=0, max=10), 7, 70.0),
        (Scale(min=-2, max=2), -1, 25.0),
    ],
)
def test_a_point_on_the_scale_as_0_to_100(scale: Scale, value: float, position: float) -> None:
    assert scale.position(value) == position


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1.0, "Strongly disagree"),
        (2.4, "Strongly disagree"),
        (2.5, "Strongly disagree"),  # a tie goes to the lower point
        (2.6, "Agree"),
        (4.5, "Agree"),
        (4.6, "Strongly agree"),
        (9.0, "Strongly agree"),
    ],
)
def test_a_mean_answer_reads_as_the_nearest_labelled_point(value: float, label: str) -> None:
    assert AGREE.nearest_label(value) == label


def test_a_scale_without_labels_has_no_nearest_label() -> None:
    assert BARE.nearest_label(3) == ""
    assert (BARE.min, BARE.max, BARE.labels) == (1, 5, {})


@pytest.mark.parametrize(
    ("field", "value", "taken"),
    [("min", -1000, True), ("min", -1001, False), ("max", 1000, True), ("max", 1001, False)],
)
def test_a_scale_point_lies_within_a_thousand_either_way(field: str, value: int, taken: bool) -> None:
    if taken:
        assert getattr(Scale.model_validate({field: value}), field) == value
    else:
        with pytest.raises(ValidationError):
            Scale.model_validate({field: value})


# --- sources and options -----------------------------------------------------------------------


@pytest.mark.parametrize("year", [2019, "n.d.", None])
def test_a_source_year_is_a_number_or_undated(year: Any) -> None:
    assert Source.model_validate({"id": "s", "title": "T", "year": year}).year == year


@pytest.mark.parametrize("year", ["2019", "N.D.", "nd", ""])
def test_a_source_year_in_words_is_refused(year: str) -> None:
    assert refusal(Source, {"id": "s", "title": "T", "year": year}) == (
        'a year is a number, or "n.d." for an undated work'
    )


@pytest.mark.parametrize(("score", "taken"), [(0, True), (100, True), (-0.1, False), (100.1, False)])
def test_an_option_scores_from_0_to_100(score: float, taken: bool) -> None:
    data = {"value": "v", "label": "V", "score": score}
    if taken:
        assert Option.model_validate(data).score == score
    else:
        with pytest.raises(ValidationError):
            Option.model_validate(data)


# --- tolerance ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tolerance", "a", "b", "agree"),
    [
        ({}, 5, 5, True),
        ({}, 5, 5.5, False),
        ({}, 0, 1e-9, True),  # at the rounding slack itself they agree
        ({}, 0, 2e-9, False),
        ({"absolute": 2}, 10, 12, True),
        ({"absolute": 2}, 12, 10, True),
        ({"absolute": 2}, 10, 12.01, False),
        ({"absolute": 2}, 10, 7.99, False),
        ({"absolute": 1}, 10, 12, False),
        ({"relative": 0.1}, 100, 110, True),
        ({"relative": 0.1}, 100, 110.5, False),
        ({"relative": 0.1}, 100, 111, False),  # measured on the smaller answer, not the larger
        ({"relative": 0.1}, -100, -110, True),
        ({"relative": 0.1}, 0, 0.5, False),
        ({"absolute": 5, "relative": 0.1}, 10, 15, True),  # the absolute is the larger here
        ({"absolute": 5, "relative": 0.1}, 10, 15.5, False),
        ({"absolute": 5, "relative": 0.1}, 100, 110, True),  # the relative is the larger here
        ({"absolute": 5, "relative": 0.1}, 100, 110.5, False),
        ({"steps": 3}, 4, 5, False),
    ],
)
def test_two_estimates_agree_within_the_larger_limit(
    tolerance: dict[str, float], a: float, b: float, agree: bool
) -> None:
    assert Tolerance.model_validate(tolerance).allows(a, b) is agree


@pytest.mark.parametrize(
    ("field", "value", "taken"),
    [
        ("absolute", 0, True),
        ("absolute", 1e9, True),
        ("absolute", -0.01, False),
        ("absolute", 1.1e9, False),
        ("relative", 0, True),
        ("relative", 10, True),
        ("relative", -0.01, False),
        ("relative", 10.01, False),
        ("steps", 0, True),
        ("steps", 100, True),
        ("steps", -1, False),
        ("steps", 101, False),
    ],
)
def test_a_tolerance_lies_within_its_bounds(field: str, value: float, taken: bool) -> None:
    if taken:
        assert getattr(Tolerance.model_validate({field: value}), field) == value
    else:
        with pytest.raises(ValidationError):
            Tolerance.model_validate({field: value})


# --- widgets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numbered", "value", "words", "separator", "label"),
    [
        (True, 4, "Agree", "  ", "4  Agree"),
        (True, 4, "Agree", " · ", "4 · Agree"),
        (True, 3, "", "  ", "3"),
        (False, "weekly", "Weekly", "  ", "Weekly"),
        (False, "weekly", "", "  ", ""),
    ],
)
def test_an_option_as_a_person_reads_it(
    numbered: bool, value: Any, words: str, separator: str, label: str
) -> None:
    assert ChooseOne((), numbered=numbered).label(value, words, separator) == label


def test_every_option_as_label_and_stored_value() -> None:
    widget = ChooseOne(((1, "No"), (2, ""), (3, "Yes")), numbered=True)
    assert widget.labels(" - ") == [("1 - No", 1), ("2", 2), ("3 - Yes", 3)]
    assert ChooseOne((("a", "A"), ("b", "B"))).labels(" - ") == [("A", "a"), ("B", "b")]
    assert (ChooseOne.name, TypeNumber.name, TypeNumber(0, 1).unit) == ("choose", "number", "")


# --- a sheet's cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Don\u2019t   Know ", "don't know"),
        ("\u2018Yes\u2019", "'yes'"),
        ("a\u00a0b", "a b"),
        ("Stra\u00dfe", "strasse"),
        ("ALREADY", "already"),
        ("", ""),
    ],
)
def test_a_loose_key_sets_spacing_case_and_quotes_aside(text: str, key: str) -> None:
    assert loose_key(text) == key


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("35", 35.0),
        (" 35 ", 35.0),
        ("35%", 35.0),
        ("35 %", 35.0),
        ("35%%", 35.0),
        ("35,5", 35.5),
        ("35,5 %", 35.5),
        ("35.5", 35.5),
        ("-2", -2.0),
        ("+3", 3.0),
        ("0", 0.0),
    ],
)
def test_a_number_as_people_type_it_in_a_sheet(cell: str, value: float) -> None:
    assert cell_number(cell, 0, 100) == value


@pytest.mark.parametrize(
    "cell", ["", "%", "%35", "35X", "1,234.5", "1.234,5", "1,2,3", "1e3", "nan", "inf", "1_0", "35 35", "abc"]
)
def test_anything_else_in_a_number_cell_is_refused_with_its_range(cell: str) -> None:
    assert value_error(cell_number, cell, 0, 100) == "expected a number from 0 to 100"


@pytest.mark.parametrize(
    ("minimum", "maximum", "message"),
    [
        (0.5, 2.25, "expected a number from 0.5 to 2.25"),
        (-1e9, 1e9, "expected a number from -1e+09 to 1e+09"),
    ],
)
def test_a_number_cells_range_is_written_short(minimum: float, maximum: float, message: str) -> None:
    assert value_error(cell_number, "x", minimum, maximum) == message


# --- what every kind shares --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [("3", 3), (" 4 ", 4), ("Agree", 4), ("  strongly   AGREE ", 5), ("Strongly disagree", 1)],
)
def test_a_chosen_answer_is_read_by_its_value_or_its_words(cell: str, value: int) -> None:
    assert point().from_cell(cell, AGREE) == value


def test_a_cell_that_is_no_answer_names_every_option() -> None:
    assert value_error(point().from_cell, "6", AGREE) == (
        "expected one of: 1 Strongly disagree; 2; 3; 4 Agree; 5 Strongly agree"
    )
    assert value_error(point().from_cell, "1", Scale(min=2, max=3)) == "expected one of: 2; 3"
    wordless = choice(
        options=[{"value": "a", "label": "", "score": 0}, {"value": "b", "label": "B", "score": 1}]
    )
    assert value_error(wordless.from_cell, "c", BARE) == "expected one of: a; B"
    assert wordless.from_cell("A", BARE) == "a"
    assert choice().from_cell(" monthly", BARE) == "monthly"
    assert choice().from_cell("QUARTERLY", BARE) == "quarterly"
    assert value_error(choice().from_cell, "daily", BARE) == "expected one of: Weekly; Monthly; Quarterly"


@pytest.mark.parametrize(
    ("cell", "value"), [("35", 35.0), ("35,5 %", 35.5), ("0", 0.0), ("100", 100.0), ("+7", 7.0)]
)
def test_a_typed_answer_is_read_as_a_number(cell: str, value: float) -> None:
    assert number().from_cell(cell, BARE) == value


def test_a_typed_answer_that_is_no_number_names_the_kinds_range() -> None:
    assert value_error(number(min=-5, max=2.5).from_cell, "x", BARE) == "expected a number from -5 to 2.5"
    assert value_error(count().from_cell, "many", AGREE) == "expected a number from 1 to 50"
    assert count().from_cell("12", AGREE) == 12.0
    assert count().choices(AGREE) is None
    assert count().allowed(AGREE) is None
    assert count().score_table(AGREE) is None


def test_a_widget_no_front_end_draws_is_refused_by_name() -> None:
    dial = DialQuestion.model_validate({"id": "d.q", "text": "T", "kind": "dial"})
    for call in (dial.choices, lambda scale: dial.from_cell("1", scale)):
        with pytest.raises(AssertionError, match="'dial'"):
            call(BARE)


def test_the_shared_defaults_of_a_kind() -> None:
    question = point()
    assert question.choices(AGREE) == [
        ("1  Strongly disagree", 1),
        ("2", 2),
        ("3", 3),
        ("4  Agree", 4),
        ("5  Strongly agree", 5),
    ]
    assert question.allowed(Scale(min=0, max=2)) == {0, 1, 2}
    assert question.score_table(Scale(min=0, max=2)) == {0: 0.0, 1: 50.0, 2: 100.0}
    assert question.describe_allowed(Scale(min=2, max=4)) == "one of: 2, 3, 4"
    assert question.from_form("4", BARE) == "4"
    assert question.answer_order() is None
    assert question.measured_in() is None
    assert question.show_tags() == []
    assert question.show_answers(BARE) == []
    assert question.problems() == []
    assert (question.differs(1, 1, 0.5), question.differs(1, 2, 0.5)) == (False, True)
    assert (QuestionKind.on_scale, LikertQuestion.on_scale, ChoiceQuestion.on_scale) == (False, True, False)


@pytest.mark.parametrize(("value", "label"), [(None, "no answer"), (3, "3"), ("n/a", "n/a"), (0, "0")])
def test_an_answer_in_words_by_default(value: Any, label: str) -> None:
    assert point().label(value, AGREE) == label


@pytest.mark.parametrize(
    ("reverse", "value", "score"),
    [(False, 1, 0.0), (False, 4, 75.0), (False, 5, 100.0), (True, 1, 100.0), (True, 4, 25.0), (True, 5, 0.0)],
)
def test_a_reversed_item_scores_the_other_way(reverse: bool, value: int, score: float) -> None:
    assert likert(reverse=reverse).score(value, BARE) == score
    assert likert(reverse=reverse).score(None, BARE) is None


@pytest.mark.parametrize(("weight", "taken"), [(0.01, True), (100, True), (0, False), (100.1, False)])
def test_a_weight_is_above_0_and_at_most_100(weight: float, taken: bool) -> None:
    if taken:
        assert likert(weight=weight).weight == weight
    else:
        with pytest.raises(ValidationError):
            likert(weight=weight)


# --- likert ------------------------------------------------------------------------------------


def test_a_likert_item_offers_every_scale_point() -> None:
    assert likert().widget(AGREE) == ChooseOne(
        ((1, "Strongly disagree"), (2, ""), (3, ""), (4, "Agree"), (5, "Strongly agree")), numbered=True
    )
    assert likert().widget(Scale(min=0, max=1)).options == ((0, ""), (1, ""))


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("4", 4),
        (" 4 ", 4),
        ("4 - Agree", 4),
        ("4) Agree", 4),
        ("4: whatever", 4),
        ("4 \u00b7 Agree", 4),
        ("-1", -1),
        ("9", 9),  # the range is normalize's to check
        ("Agree", 4),
        ("  strongly DISAGREE", 1),
    ],
)
def test_a_likert_cell_is_a_point_by_its_number_or_its_label(cell: str, value: int) -> None:
    assert likert().from_cell(cell, AGREE) == value


@pytest.mark.parametrize("cell", ["4.5", "4,5", "4.0", "x", "", "4 Agree", "four", "4 -"])
def test_a_likert_cell_that_is_no_point_says_what_is_expected(cell: str) -> None:
    assert value_error(likert().from_cell, cell, Scale(min=0, max=10)) == (
        "expected a whole number from 0 to 10 or one of the scale's labels"
    )


@pytest.mark.parametrize(("raw", "value"), [("4", 4), ("0", 0), ("-1", -1), ("123456", 123456)])
def test_a_likert_form_field_is_a_whole_number(raw: str, value: int) -> None:
    assert likert().from_form(raw, BARE) == value


@pytest.mark.parametrize("raw", ["+4", "1_0", "\u0664", "4.0", " 4", "1234567", "x"])
def test_a_likert_form_field_that_is_no_whole_number_is_refused_as_given(raw: str) -> None:
    assert value_error(likert().from_form, raw, BARE) == raw


@pytest.mark.parametrize(("value", "stored"), [(1, 1), (3, 3), (5, 5), (5.0, 5), (None, None)])
def test_a_likert_answer_is_stored_as_a_whole_number(value: Any, stored: Any) -> None:
    assert likert().normalize(value, BARE) == stored
    assert type(likert().normalize(value, BARE)) is type(stored)


@pytest.mark.parametrize(
    "value", [0, 6, 0.99, 5.01, 4.5, True, False, "3", [3], float("nan"), float("inf"), 10**400]
)
def test_a_likert_answer_off_the_scale_is_refused(value: Any) -> None:
    assert value_error(likert().normalize, value, BARE) == "expected a whole number from 1 to 5"


@pytest.mark.parametrize(
    ("value", "label"), [(None, "no answer"), (4, "4 (Agree)"), (3, "3 (3)"), ("n/a", "n/a"), (4.5, "4.5")]
)
def test_a_likert_answer_in_words(value: Any, label: str) -> None:
    assert likert().label(value, AGREE) == label


def test_a_likert_item_describes_its_scale() -> None:
    assert likert().describe_allowed(AGREE) == "1-5 (1 Strongly disagree, 4 Agree, 5 Strongly agree)"
    assert likert().describe_allowed(Scale(min=0, max=10)) == "0-10"
    assert likert().problems() == []
    assert likert(fact=True).problems() == [
        ("a likert item cannot be a fact; use choice, yes_no or number", "fact")
    ]


# --- choice ------------------------------------------------------------------------------------


def test_a_choice_item_scores_stores_and_offers_its_options() -> None:
    question = choice()
    assert question.scores == {"weekly": 100.0, "monthly": 50.5, "quarterly": 0.0}
    assert [question.score(v, BARE) for v in ("weekly", "monthly", "quarterly")] == [100.0, 50.5, 0.0]
    assert choice(reverse=True).score("monthly", BARE) == 49.5
    assert question.widget(BARE) == ChooseOne(
        (("weekly", "Weekly"), ("monthly", "Monthly"), ("quarterly", "Quarterly"))
    )
    assert question.choices(BARE) == [
        ("Weekly", "weekly"),
        ("Monthly", "monthly"),
        ("Quarterly", "quarterly"),
    ]
    assert question.describe_allowed(BARE) == "one of: weekly, monthly, quarterly"
    assert question.show_answers(BARE) == [
        "- Weekly [weekly, 100]",
        "- Monthly [monthly, 50.5]",
        "- Quarterly [quarterly, 0]",
    ]
    assert question.from_form("monthly", BARE) == "monthly"


def test_ordered_options_are_an_order_and_say_so() -> None:
    assert choice(ordered=True).answer_order() == ("weekly", "monthly", "quarterly")
    assert choice(ordered=True).show_tags() == ["ordered: neighbouring answers agree"]
    assert choice().answer_order() is None
    assert choice().show_tags() == []


def test_a_choice_needs_two_options() -> None:
    with pytest.raises(ValidationError, match="at least 2 items"):
        choice(options=FREQUENCY[:1])


@pytest.mark.parametrize(
    ("options", "value", "stored"),
    [
        (FREQUENCY, "weekly", "weekly"),
        (FREQUENCY, None, None),
        (
            [{"value": "yes", "label": "Y", "score": 1}, {"value": "no", "label": "N", "score": 0}],
            True,
            "yes",
        ),
        (
            [{"value": "yes", "label": "Y", "score": 1}, {"value": "no", "label": "N", "score": 0}],
            False,
            "no",
        ),
        ([{"value": "1", "label": "One", "score": 1}, {"value": "2", "label": "Two", "score": 0}], 2, "2"),
    ],
)
def test_a_choice_answer_is_stored_as_its_value(
    options: list[dict[str, Any]], value: Any, stored: Any
) -> None:
    assert choice(options=options).normalize(value, BARE) == stored


@pytest.mark.parametrize("value", ["Weekly", "daily", "", 7, ["weekly"]])
def test_a_choice_answer_that_is_no_option_names_them(value: Any) -> None:
    assert value_error(choice().normalize, value, BARE) == "expected one of: weekly, monthly, quarterly"


@pytest.mark.parametrize(
    ("value", "label"),
    [("weekly", "Weekly"), ("quarterly", "Quarterly"), ("daily", "daily"), (None, "no answer")],
)
def test_a_choice_answer_in_words(value: Any, label: str) -> None:
    assert choice().label(value, BARE) == label


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        (["a", "b"], []),
        (["a", "a"], [("option values must be unique", "options")]),
        (
            ["a", " N/A "],
            [("'n/a' is reserved for not applicable; use allow_na: true instead of an option", "options")],
        ),
        (["a", "n/a-ish"], []),
    ],
)
def test_a_choice_items_problems(values: list[str], problems: list[tuple[str, str]]) -> None:
    options = [{"value": v, "label": v, "score": 0} for v in values]
    assert choice(options=options).problems() == problems


@pytest.mark.parametrize(
    ("fields", "allowed", "a", "b", "differ"),
    [
        ({}, None, "weekly", "weekly", False),
        ({}, None, "weekly", "monthly", True),
        ({"ordered": True}, None, "weekly", "monthly", False),
        ({"ordered": True}, None, "monthly", "weekly", False),
        ({"ordered": True}, None, "weekly", "quarterly", True),
        ({"ordered": True}, None, "monthly", "quarterly", False),  # positions apart, not summed
        ({"ordered": True}, None, "quarterly", "quarterly", False),
        ({"ordered": True, "tolerance": {"steps": 0}}, None, "weekly", "monthly", True),
        ({"ordered": True, "tolerance": {"steps": 0}}, None, "weekly", "weekly", False),
        ({"ordered": True}, Tolerance(steps=2), "weekly", "quarterly", False),
        ({"ordered": True}, Tolerance(steps=0), "weekly", "monthly", True),
        ({"ordered": True, "tolerance": {"steps": 0}}, Tolerance(steps=2), "weekly", "monthly", True),
        ({"ordered": True, "tolerance": {"absolute": 5}}, Tolerance(steps=2), "weekly", "quarterly", False),
        ({"ordered": True, "tolerance": {"absolute": 5}}, Tolerance(absolute=1), "weekly", "quarterly", True),
    ],
)
def test_ordered_options_within_their_steps_agree(
    fields: dict[str, Any], allowed: Tolerance | None, a: str, b: str, differ: bool
) -> None:
    assert choice(**fields).differs(a, b, 0.5, allowed) is differ


# --- yes / no ----------------------------------------------------------------------------------


def test_a_yes_no_item_scores_and_offers_yes_and_no() -> None:
    question = yes_no()
    assert (question.score("yes", BARE), question.score("no", BARE)) == (100.0, 0.0)
    assert yes_no(reverse=True).score("yes", BARE) == 0.0
    assert question.widget(BARE) == ChooseOne((("yes", "Yes"), ("no", "No")))
    assert question.choices(BARE) == [("Yes", "yes"), ("No", "no")]
    assert question.describe_allowed(BARE) == "yes or no"
    assert question.show_answers(BARE) == ["yes / no"]
    assert question.problems() == []


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("yes", "yes"),
        ("Yes", "yes"),
        (" Y ", "yes"),
        ("TRUE", "yes"),
        ("1", "yes"),
        ("no", "no"),
        ("No ", "no"),
        ("n", "no"),
        ("False", "no"),
        ("0", "no"),
        (" maybe ", "maybe"),
        ("Ja", "Ja"),
    ],
)
def test_a_yes_no_cell_in_the_words_people_use(cell: str, value: str) -> None:
    assert yes_no().from_cell(cell, BARE) == value


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (True, "yes"),
        (False, "no"),
        ("yes", "yes"),
        (" YES ", "yes"),
        ("No", "no"),
        ("no", "no"),
        (None, None),
    ],
)
def test_a_yes_no_answer_is_stored_in_lower_case(value: Any, stored: Any) -> None:
    assert yes_no().normalize(value, BARE) == stored


@pytest.mark.parametrize("value", ["y", "true", "", 1, 0, ["yes"]])
def test_anything_else_is_no_yes_or_no(value: Any) -> None:
    assert value_error(yes_no().normalize, value, BARE) == "expected yes or no"


@pytest.mark.parametrize(("value", "label"), [("yes", "Yes"), ("no", "No"), (None, "no answer")])
def test_a_yes_no_answer_in_words(value: Any, label: str) -> None:
    assert yes_no().label(value, BARE) == label


# --- number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "best", "worst", "span"),
    [
        ({}, 100, 0, 100),
        ({"best": 0, "worst": 100}, 0, 100, 100),
        ({"best": 10}, 10, 0, 10),
        ({"worst": 40}, 100, 40, 60),
        ({"best": 20, "worst": 30}, 20, 30, 10),
    ],
)
def test_a_number_items_best_and_worst(
    fields: dict[str, float], best: float, worst: float, span: float
) -> None:
    question = number(**fields)
    assert (question.best_value, question.worst_value, question.span) == (best, worst, span)


@pytest.mark.parametrize(
    ("fields", "value", "score"),
    [
        ({}, 0, 0.0),
        ({}, 35, 35.0),
        ({}, 100, 100.0),
        ({"best": 0, "worst": 100}, 25, 75.0),
        ({"best": 10, "worst": 20}, 15, 50.0),
        ({"best": 10, "worst": 20}, 5, 100.0),  # past the best is no better
        ({"best": 10, "worst": 20}, 30, 0.0),  # past the worst no worse
        ({"best": 20, "worst": 10}, 30, 100.0),
        ({"best": 20, "worst": 10}, 5, 0.0),
    ],
)
def test_a_number_scores_from_worst_to_best_clamped(
    fields: dict[str, float], value: float, score: float
) -> None:
    assert number(**fields).score(value, BARE) == score


def test_a_number_item_is_typed_in_its_range_and_unit() -> None:
    assert number(unit="hours").widget(BARE) == TypeNumber(0, 100, "hours")
    assert number().widget(BARE) == TypeNumber(0, 100, "")
    assert number(unit="hours").measured_in() == "hours"
    assert number().measured_in() == ""
    assert number().choices(BARE) is None
    assert number().allowed(BARE) is None


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("35", 35.0),
        ("35,5", 35.5),
        ("35.5", 35.5),
        ("35%", 35.0),
        ("35 %", 35.0),
        ("-3", -3.0),
        ("0.123456", 0.123456),
    ],
)
def test_a_number_form_field_as_people_type_it(raw: str, value: float) -> None:
    assert number().from_form(raw, BARE) == value


@pytest.mark.parametrize(
    "raw", ["%35", "35X", "1e3", "nan", "inf", "1_0", "0.1234567", "+3", "1,2.5", "35 35", "1234567890123456"]
)
def test_a_number_form_field_that_is_no_number_is_refused_as_given(raw: str) -> None:
    assert value_error(number().from_form, raw, BARE) == raw


@pytest.mark.parametrize(
    ("value", "stored"), [(0, 0), (100, 100), (50.0, 50), (50.5, 50.5), (0.25, 0.25), (None, None)]
)
def test_a_number_answer_is_stored_whole_when_it_is_whole(value: Any, stored: Any) -> None:
    assert number().normalize(value, BARE) == stored
    assert type(number().normalize(value, BARE)) is type(stored)


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        ("", -0.1, "expected a number from 0 to 100"),
        ("", 100.1, "expected a number from 0 to 100"),
        ("%", -1, "expected a number from 0 to 100 %"),
        ("hours", True, "expected a number from 0 to 100 hours"),
        ("hours", "5", "expected a number from 0 to 100 hours"),
        ("", float("nan"), "expected a number from 0 to 100"),
        ("", 10**400, "expected a number from 0 to 100"),
    ],
)
def test_a_number_answer_out_of_range_is_refused_with_its_unit(unit: str, value: Any, message: str) -> None:
    assert value_error(number(unit=unit).normalize, value, BARE) == message


@pytest.mark.parametrize(
    ("unit", "value", "label"),
    [
        ("%", 35, "35%"),
        ("%", 35.5, "35.5%"),
        ("%", 1, "1%"),
        ("hours", 1, "1 hour"),
        ("hours", 1.0, "1 hour"),
        ("hours", 2, "2 hours"),
        ("hours", 0, "0 hours"),
        ("hours", 1.5, "1.5 hours"),
        ("calls", 1, "1 call"),
        ("calls", 3, "3 calls"),
        ("class", 1, "1 class"),
        ("Ss", 1, "1 S"),
        ("day", 1, "1 day"),
        ("", 7, "7"),
        ("", 1, "1"),
        ("hours", 1e9, "1e+09 hours"),
        ("hours", "many", "many hours"),
        ("hours", None, "no answer"),
        ("%", None, "no answer"),
    ],
)
def test_a_number_answer_in_words(unit: str, value: Any, label: str) -> None:
    assert number(unit=unit).label(value, BARE) == label


@pytest.mark.parametrize(
    ("fields", "described", "shown"),
    [
        ({}, "a number from 0 to 100", "0-100 "),
        ({"unit": "%"}, "a number from 0 to 100 %", "0-100 %"),
        ({"unit": "hours", "min": 0.5, "max": 1e9}, "a number from 0.5 to 1e+09 hours", "0.5-1e+09 hours"),
    ],
)
def test_a_number_item_describes_its_range(fields: dict[str, Any], described: str, shown: str) -> None:
    assert number(**fields).describe_allowed(BARE) == described
    assert number(**fields).show_answers(BARE) == [shown]


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({}, []),
        ({"min": 99.9, "max": 100}, []),
        ({"min": 100, "max": 100}, [("min must be below max", "min")]),
        ({"min": 101, "max": 100}, [("min must be below max", "min")]),
        ({"best": 100, "worst": 0}, []),
        ({"best": 0, "worst": 100}, []),
        ({"best": 100.5}, [("best must lie between min and max", "best")]),
        ({"best": -0.5}, [("best must lie between min and max", "best")]),
        ({"worst": 100.5}, [("worst must lie between min and max", "worst")]),
        ({"worst": -0.5}, [("worst must lie between min and max", "worst")]),
        ({"best": 50, "worst": 50}, [("best and worst must differ", "best")]),
        ({"worst": 100}, [("best and worst must differ", "best")]),
        ({"best": 0}, [("best and worst must differ", "best")]),
        (
            {"allow_na": True},
            [
                (
                    "allow_na is for statements, choices and yes/no items; give a number item a range "
                    "that covers the case instead",
                    "allow_na",
                )
            ],
        ),
    ],
)
def test_a_number_items_problems(fields: dict[str, Any], problems: list[tuple[str, str]]) -> None:
    assert number(**fields).problems() == problems


@pytest.mark.parametrize(
    ("fields", "allowed", "a", "b", "differ"),
    [
        ({}, None, 10, 20, False),  # at the tolerance itself they agree
        ({}, None, 20, 10, False),
        ({}, None, 10, 20.5, True),
        ({"best": 50}, None, 10, 15, False),  # the span is best to worst: 50
        ({"best": 50}, None, 10, 15.5, True),
        ({"tolerance": {"absolute": 5}}, None, 10, 14, False),
        ({"tolerance": {"absolute": 5}}, None, 10, 15.5, True),
        ({"tolerance": {"relative": 0.5}}, None, 10, 14, False),
        ({"tolerance": {"relative": 0.5}}, None, 10, 15.5, True),
        ({"tolerance": {"steps": 1}}, None, 10, 20, False),
        ({"tolerance": {"steps": 1}}, None, 10, 20.5, True),
        ({}, Tolerance(absolute=0.5), 10, 10.5, False),
        ({}, Tolerance(absolute=0.5), 10, 11, True),
        ({"tolerance": {"absolute": 5}}, Tolerance(absolute=0.5), 10, 14, False),  # its own comes first
    ],
)
def test_numbers_differ_outside_their_tolerance(
    fields: dict[str, Any], allowed: Tolerance | None, a: float, b: float, differ: bool
) -> None:
    assert number(**fields).differs(a, b, 0.1, allowed) is differ


@pytest.mark.parametrize(("b", "differ"), [(1e-9, False), (2e-9, True)])
def test_numbers_at_the_rounding_slack_still_agree(b: float, differ: bool) -> None:
    assert number().differs(0, b, 0.0) is differ


# --- the registry of kinds ---------------------------------------------------------------------


def test_the_built_in_kinds_in_order() -> None:
    assert list(KINDS)[:4] == ["likert", "choice", "yes_no", "number"]
    assert [KINDS[name] for name in list(KINDS)[:4]] == [
        LikertQuestion,
        ChoiceQuestion,
        YesNoQuestion,
        NumberQuestion,
    ]
    assert [kind_name(cls) for cls in (LikertQuestion, NumberQuestion, PointQuestion)] == [
        "likert",
        "number",
        "point",
    ]


def test_a_kind_is_known_once_registered_and_forgotten_once_unregistered() -> None:
    assert "point" not in KINDS
    try:
        assert register_kind(PointQuestion) is PointQuestion
        assert register_kind(PointQuestion) is PointQuestion  # the same class again is harmless
        assert KINDS["point"] is PointQuestion
        assert list(KINDS)[-1] == "point"
    finally:
        unregister_kind(PointQuestion)
    assert "point" not in KINDS
    unregister_kind(PointQuestion)  # forgetting a kind not known is harmless
    assert "point" not in KINDS


def test_a_kind_of_the_same_name_neither_replaces_nor_removes_the_known_one() -> None:
    class Impostor(LikertQuestion):
        pass

    with pytest.raises(ValueError, match=r"^question kind 'likert' is already registered$"):
        register_kind(Impostor)
    try:
        unregister_kind(Impostor)
        assert KINDS["likert"] is LikertQuestion
    finally:
        KINDS["likert"] = LikertQuestion


def test_a_kind_missing_its_methods_names_them_all() -> None:
    class Bare(QuestionKind):
        kind: Literal["bare"]

    with pytest.raises(TypeError) as caught:
        register_kind(Bare)  # type: ignore[type-abstract]
    assert str(caught.value) == "question kind 'bare' does not define normalize, raw_score, widget"
    assert "bare" not in KINDS


def refused_item(value: Any) -> PydanticCustomError:
    with pytest.raises(PydanticCustomError) as caught:
        _question_of_its_kind(value)
    return caught.value


def test_an_item_is_validated_by_the_class_its_kind_names() -> None:
    made = _question_of_its_kind({"id": "a.b", "text": "T", "kind": "yes_no"})
    assert type(made) is YesNoQuestion and made.id == "a.b"
    already = likert()
    assert _question_of_its_kind(already) is already
    with pytest.raises(ValidationError):
        _question_of_its_kind({"id": "a.b", "text": "T", "kind": "number"})  # no min or max


class _Left(BaseModel):
    kind: Literal["likert"]


class _Right(BaseModel):
    kind: Literal["choice", "yes_no", "number"]


# pydantic's own tagged union over the same tags: an item is told the same either way
_PYDANTICS = TypeAdapter(Annotated[_Left | _Right, Field(discriminator="kind")])


@pytest.mark.parametrize(
    "item",
    [
        ["likert"],
        "likert",
        {"id": "a.b"},
        {"kind": "scale"},
        {"kind": 5},
        {"kind": ["likert"]},
        {"kind": {"a": 1}},
    ],
)
def test_an_item_of_no_known_kind_is_told_as_pydantic_tells_it(item: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        _PYDANTICS.validate_python(item)
    theirs = caught.value.errors()[0]
    ours = refused_item(item)
    assert (ours.type, ours.message()) == (theirs["type"], theirs["msg"])
    assert (ours.context or {}) == {key: theirs["ctx"][key] for key in (ours.context or {})}


def test_an_unknown_kind_lists_the_known_ones() -> None:
    ours = refused_item({"kind": "scale", "id": "a.b"})
    assert ours.context == {
        "tag": "scale",
        "discriminator": "'kind'",
        "expected_tags": "'likert', 'choice', 'yes_no', 'number'",
    }
    assert refused_item({"kind": None}).context == {
        "tag": "None",
        "discriminator": "'kind'",
        "expected_tags": "'likert', 'choice', 'yes_no', 'number'",
    }
