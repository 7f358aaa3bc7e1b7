"""The two kinds of model (model/base.py) at their edges: text cleaned as it is read, names of at
most 200 characters, fields kept verbatim, prose that keeps its lines, and booleans refused
wherever a number is expected, found from the field types alone."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import pytest
from pydantic import Field, ValidationError

from alignment_cli.model.base import (
    MAX_NAME,
    DocumentModel,
    UserFileModel,
    _is_number,
    printable,
    single_line,
)


class Person(UserFileModel):
    multiline_fields: ClassVar[frozenset[str]] = frozenset({"notes", "lines", "map"})
    verbatim_fields: ClassVar[frozenset[str]] = frozenset({"path"})

    name: str | None = None
    title: str | None = None
    notes: str = ""
    path: str = ""
    lines: list[Any] = Field(default_factory=list)
    words: list[Any] = Field(default_factory=list)
    map: dict[str, Any] = Field(default_factory=dict)
    tags: dict[str, Any] = Field(default_factory=dict)
    score: int | None = None
    share: float = 0.0
    weights: dict[str, float] = Field(default_factory=dict)
    counts: list[int] = Field(default_factory=list)
    limit: Annotated[float, Field(ge=0)] = 0.0
    either: int | str = 0
    flag: bool = False
    label: str = ""
    aliased: int = Field(default=0, alias="other-name")


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        Person.model_validate(data)
    return str(caught.value.errors()[0]["msg"]).removeprefix("Value error, ")


def test_text_is_cleaned_and_kept_on_one_line_unless_it_is_prose() -> None:
    p = Person.model_validate(
        {
            "name": "Ana\x1b[31m\nB",
            "notes": "one\ntwo\x07",
            "path": "a\x1b[31m\nb",
            "lines": ["x\ny", 3, "\x07z"],
            "words": ["x\ny", None],
            "map": {"k": "x\ny", "n": 1},
            "tags": {"k": "x\ny\u202e"},
            "label": "a\tb",
        }
    )
    assert p.name == "Ana B" and p.notes == "one\ntwo" and p.path == "a\x1b[31m\nb"
    assert p.lines == ["x\ny", 3, "z"] and p.words == ["x y", None]
    assert p.map == {"k": "x\ny", "n": 1} and p.tags == {"k": "x y"}
    assert p.label == "a b"
    assert Person.model_validate({"other-name": 3}).aliased == 3


def test_a_model_read_from_something_other_than_a_mapping_is_refused_by_pydantic() -> None:
    assert "valid dictionary" in refusal("x")  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["name", "title"])
def test_a_name_or_title_of_more_than_200_characters_is_refused(key: str) -> None:
    assert getattr(Person.model_validate({key: "x" * MAX_NAME}), key) == "x" * 200
    assert refusal({key: "x" * 201}) == (
        f"{key}: is 201 characters long; a {key} may be at most 200 characters"
    )
    assert refusal({key: "x" * 2000}) == (
        f"{key}: is 2,000 characters long; a {key} may be at most 200 characters"
    )


def test_a_long_text_elsewhere_is_kept() -> None:
    assert Person.model_validate({"notes": "x" * 5000}).notes == "x" * 5000


@pytest.mark.parametrize(
    ("value", "cleaned"),
    [
        ("x" * 200, "x" * 200),
        ("a\nb", "a b"),
        (3, 3),
        (None, None),
        ("", ""),
    ],
)
def test_single_line(value: Any, cleaned: Any) -> None:
    assert single_line(value) == cleaned


def test_single_line_refuses_what_is_too_long_once_cleaned() -> None:
    with pytest.raises(ValueError, match=r"^is 1,201 characters long; at most 200 are expected$"):
        single_line("x" * 1201)
    assert single_line("\x07" * 300 + "x") == "x"


def test_printable_keeps_line_breaks() -> None:
    assert printable("a\r\nb\x1b[2J") == "a\nb" and printable(4) == 4


def test_number_fields_are_found_from_the_types() -> None:
    assert Person.number_fields == {"score", "share", "limit", "aliased", "other-name"}
    assert Person.number_item_fields == {"weights", "counts"}


@pytest.mark.parametrize(
    ("annotation", "number"),
    [
        (int, True),
        (float, True),
        (int | None, True),
        (float | int, True),
        (Annotated[float, "x"], True),
        (Annotated[int | None, "x"], True),
        (bool, False),
        (str, False),
        (int | str, False),
        (type(None), False),
        (list[int], False),
        (None, False),
    ],
)
def test_what_counts_as_a_number(annotation: Any, number: bool) -> None:
    assert _is_number(annotation) is number


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"score": True},
            "score: expected a number, not true (YAML reads yes, no, on, off, true and "
            "false as true or false)",
        ),
        (
            {"share": False},
            "share: expected a number, not false (YAML reads yes, no, on, off, true "
            "and false as true or false)",
        ),
        ({"other-name": True}, "other-name: expected a number"),
        ({"weights": {"a": 1.0, "b": True}}, "weights.b: expected a number, not true"),
        ({"counts": [1, False]}, "counts.1: expected a number, not false"),
    ],
)
def test_a_boolean_is_refused_wherever_a_number_is_expected(data: dict[str, Any], message: str) -> None:
    assert refusal(data).startswith(message)


def test_booleans_elsewhere_are_left_to_their_fields() -> None:
    p = Person.model_validate({"flag": True, "either": 5})
    assert p.flag is True and p.either == 5
    assert "valid dictionary" in refusal({"weights": "x"})
    assert "valid list" in refusal({"counts": 7})


class Plain(UserFileModel):
    name: str = ""


def test_a_model_without_numbers_passes_its_data_through() -> None:
    assert Plain.number_fields == frozenset() and Plain.number_item_fields == frozenset()
    assert Plain.model_validate({"name": "x"}).name == "x"


class Written(DocumentModel):
    text: str = ""
    title: str = ""
    items: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)


def test_a_document_keeps_line_breaks_only_in_prose() -> None:
    w = Written.model_validate(
        {"text": "a\nb\x07", "title": "a\nb", "items": ["x\ny"], "actions": ["x\ny"], "newer": 1}
    )
    assert (w.text, w.title, w.items, w.actions) == ("a\nb", "a b", ["x y"], ["x\ny"])
    assert Written.model_validate(Written(text="t")).text == "t"


def test_number_fields_are_found_as_each_model_class_is_made() -> None:
    # made here, not at import, so the finding runs inside the test
    class Made(UserFileModel):
        count: int = 0
        share: float | None = None
        aliased: int = Field(default=0, alias="other-name")
        weights: dict[str, float] = Field(default_factory=dict)
        counts: list[int | None] = Field(default_factory=list)
        names: list[str] = Field(default_factory=list)
        pairs: dict[int, str] = Field(default_factory=dict)
        name: str = ""

    assert Made.number_fields == {"count", "share", "aliased", "other-name"}
    assert Made.number_item_fields == {"weights", "counts"}
    with pytest.raises(ValidationError, match=r"weights\.a: expected a number, not true"):
        Made.model_validate({"weights": {"a": True}})
    with pytest.raises(ValidationError, match="other-name: expected a number, not false"):
        Made.model_validate({"other-name": False})
