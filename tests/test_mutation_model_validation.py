"""Turning pydantic's errors into one message (model/validation.py), at its edges: the key path
as written in the file, the parts of pydantic's path the user never wrote, the near miss for an
unknown key, each kind of error in words, the item the error is inside, and the count of the
other problems."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from alignment_cli.model.validation import (
    _clean_loc,
    _describe,
    did_you_mean,
    from_validation_error,
    key_path,
)


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        ((), ""),
        (("a",), "a"),
        (("a", "b"), "a.b"),
        (("a", 0, "b"), "a[0].b"),
        ((0, "b"), "[0].b"),
        (("a", 0, 1), "a[0][1]"),
        ((3,), "[3]"),
    ],
)
def test_the_key_path_as_written_in_the_file(loc: tuple[int | str, ...], path: str) -> None:
    assert key_path(loc) == path


@pytest.mark.parametrize(
    ("loc", "clean"),
    [
        # a question's kind never appears in the path (kinds are read through the registry, not a
        # tagged union), so a key that happens to be a kind's name is the user's and stays
        (("dimensions", 0, "questions", 1, "text"), ("dimensions", 0, "questions", 1, "text")),
        (("likert", "text"), ("likert", "text")),
        (("a", 0, "likert"), ("a", 0, "likert")),
        (("a", 0, "kind"), ("a", 0, "kind")),
        (("a", "function-after[_check(), str]", "b"), ("a", "b")),
        (("a", "union[str,int]", 0), ("a", 0)),
        (("a", "functions"), ("a", "functions")),
        ((), ()),
    ],
)
def test_what_pydantic_adds_to_the_path_is_left_out(
    loc: tuple[int | str, ...], clean: tuple[int | str, ...]
) -> None:
    assert _clean_loc(loc) == clean


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("thresold", " (did you mean threshold?)"),
        ("respones", " (did you mean responses?)"),
        ("zzz", ""),
        ("", ""),
    ],
)
def test_a_near_miss_is_named(key: str, hint: str) -> None:
    assert did_you_mean(key, ["threshold", "responses", "baseline"]) == hint


class Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: float = 0
    name: str = ""


class Outer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    inner: Inner | None = None
    items: list[Inner] = []


@pytest.mark.parametrize(
    ("error", "model", "words"),
    [
        (
            {"type": "extra_forbidden", "loc": ("titel",), "msg": "x"},
            Outer,
            "unknown key (did you mean title?); the keys here are title, inner, items",
        ),
        (
            {"type": "extra_forbidden", "loc": ("zzz",), "msg": "x"},
            Outer,
            "unknown key; the keys here are title, inner, items",
        ),
        (
            {"type": "extra_forbidden", "loc": ("inner", "limt"), "msg": "x"},
            Outer,
            "unknown key (did you mean limit?); the keys here are limit, name",
        ),
        (
            {"type": "extra_forbidden", "loc": ("items", 0, "nam"), "msg": "x"},
            Outer,
            "unknown key (did you mean name?); the keys here are limit, name",
        ),
        (
            {"type": "extra_forbidden", "loc": ("title", "x"), "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "extra_forbidden", "loc": ("nope", "x"), "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "extra_forbidden", "loc": ("items", 0), "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "extra_forbidden", "loc": ("titel",), "msg": "x"},
            None,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "extra_forbidden", "loc": (), "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "missing", "loc": ("title",), "msg": "Field required", "input": "x"},
            None,
            "required key is missing",
        ),
        (
            {
                "type": "union_tag_invalid",
                "msg": "x",
                "ctx": {
                    "tag": "likret",
                    "discriminator": "'kind'",
                    "expected_tags": "'likert', 'choice', 'yes_no'",
                },
            },
            None,
            "kind: 'likret' is not one of likert, choice, yes_no (did you mean likert?)",
        ),
        (
            {
                "type": "union_tag_invalid",
                "msg": "x",
                "ctx": {"tag": "zzz", "discriminator": "'kind'", "expected_tags": "'a', 'b'"},
            },
            None,
            "kind: 'zzz' is not one of a, b",
        ),
        ({"type": "union_tag_invalid", "msg": "x"}, None, "kind: '?' is not one of "),
        (
            {"type": "union_tag_not_found", "msg": "x", "ctx": {"discriminator": "'kind'"}},
            None,
            "required key kind is missing",
        ),
        ({"type": "union_tag_not_found", "msg": "x"}, None, "required key kind is missing"),
        ({"type": "value_error", "msg": "Value error, too big", "input": 7}, None, "too big (got 7)"),
        ({"type": "assertion_error", "msg": "Assertion failed, no", "input": "a"}, None, "no (got 'a')"),
        ({"type": "x", "msg": "says Value error, here"}, None, "says Value error, here"),
        ({"type": "x", "msg": "m", "input": 1.5}, None, "m (got 1.5)"),
        ({"type": "x", "msg": "m", "input": True}, None, "m (got True)"),
        ({"type": "x", "msg": "m", "input": None}, None, "m"),
        ({"type": "x", "msg": "m", "input": {"a": 1}}, None, "m"),
        ({"type": "x", "msg": "m", "input": [1]}, None, "m"),
        ({"type": "x"}, None, "invalid value"),
    ],
)
def test_each_kind_of_error_in_words(error: dict[str, Any], model: Any, words: str) -> None:
    assert _describe(error, model) == words


def errors_of(data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Outer.model_validate(data)
    return caught.value


TEXT = "title: T\nitems:\n  - id: first\n    limit: x\n"


@pytest.mark.parametrize(
    ("data", "text", "message", "where"),
    [
        (
            {"title": "T", "items": [{"limit": "x"}]},
            TEXT,
            "items[0].limit: Input should be a valid number, unable to parse string as a number (got 'x')",
            "4:5",
        ),
        ({}, None, "title: required key is missing", None),
        (
            {"title": "T", "inner": {"limit": "x", "name": 3}},
            "title: T\ninner:\n  limit: x\n",
            "inner.limit: Input should be a valid number, unable to parse string as a number "
            "(got 'x') (and 1 more problem)",
            "3:3",
        ),
        (
            {"inner": {"limit": "x", "name": 3}},
            "inner:\n  limit: x\n",
            "title: required key is missing (and 2 more problems)",
            "1:1",
        ),
    ],
)
def test_one_message_for_the_first_problem(
    data: dict[str, Any], text: str | None, message: str, where: str | None
) -> None:
    err = from_validation_error(errors_of(data), path="f.yaml", text=text, raw=data, what="response")
    assert err.detail == message
    assert err.where == where and err.path == "f.yaml"


def test_an_error_with_no_key_is_named_by_what_was_read() -> None:
    with pytest.raises(ValidationError) as caught:
        Outer.model_validate("x")
    err = from_validation_error(caught.value, path=None, text="x\n", raw="x", what="response")
    assert err.detail == ("response: Input should be a valid dictionary or instance of Outer (got 'x')")
    assert err.where == "1:1" and err.path is None


def test_the_item_the_error_is_inside_is_named_by_its_id() -> None:
    raw = {"title": "T", "items": [{"id": "first", "limit": "x"}]}
    data = {"title": "T", "items": [{"limit": "x"}]}
    err = from_validation_error(errors_of(data), path=None, text=TEXT, raw=raw, what="file")
    assert err.detail.startswith("items[0].limit (in first): Input should be a valid number")
    assert err.where == "4:5"
    unnamed = {"title": "T", "items": [{"id": 3, "limit": "x"}]}
    err = from_validation_error(errors_of(data), path=None, text=None, raw=unnamed, what="file")
    assert err.detail.startswith("items[0].limit: ")
    # a path that does not run through the raw document names nothing
    err = from_validation_error(errors_of(data), path=None, text=None, raw=[], what="file")
    assert err.detail.startswith("items[0].limit: ")


def test_an_unknown_key_gets_its_near_miss_only_with_the_model() -> None:
    exc = errors_of({"title": "T", "titel": "x"})
    plain = from_validation_error(exc, path=None, text=None, raw={}, what="config")
    hinted = from_validation_error(exc, path=None, text=None, raw={}, what="config", model=Outer)
    assert plain.detail == ("titel: unknown key (check its spelling against the documented format)")
    assert hinted.detail == (
        "titel: unknown key (did you mean title?); the keys here are title, inner, items"
    )


class Deep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rows: list[Outer] = []


@pytest.mark.parametrize(
    ("error", "model", "words"),
    [
        (
            {"type": "extra_forbidden", "loc": ("rows", 0, "inner", "limt"), "msg": "x"},
            Deep,
            "unknown key (did you mean limit?); the keys here are limit, name",
        ),
        (
            {"type": "extra_forbidden", "loc": ("title", "x", "y"), "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {"type": "extra_forbidden", "msg": "x"},
            Outer,
            "unknown key (check its spelling against the documented format)",
        ),
        (
            {
                "type": "union_tag_invalid",
                "msg": "x",
                "ctx": {"tag": "b", "discriminator": "'type'", "expected_tags": "'Xa', 'Yb'"},
            },
            None,
            "type: 'b' is not one of Xa, Yb (did you mean Yb?)",
        ),
        (
            {"type": "union_tag_not_found", "msg": "x", "ctx": {"discriminator": "'type'"}},
            None,
            "required key type is missing",
        ),
    ],
)
def test_the_key_a_union_is_told_apart_by_and_deeper_models(
    error: dict[str, Any], model: Any, words: str
) -> None:
    assert _describe(error, model) == words
