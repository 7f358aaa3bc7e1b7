"""The fast YAML reader (io/fastyaml.py) at the edges its own tests leave open: an indented line
that only looks like a comment once more than spaces are stripped, and the memory it keeps
across files staying within its bound."""

from __future__ import annotations

import pytest

from alignment_cli.io import fastyaml
from alignment_cli.io.fastyaml import parse_simple
from alignment_cli.io.yamlio import strict_load


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    for cache in (fastyaml._LINES, fastyaml._MEMO, fastyaml._KEYS):
        cache.clear()


@pytest.mark.parametrize(
    "text",
    [
        "a: b\t\n",  # YAML drops the tab as trailing white space
        "a: \tb\n",
        "answers:\n  a: b\t\n",
        "a: b\rc\n",  # a bare carriage return is a line break to YAML
        "a: b\r  c\n",
        "answers:\n  a: 1\r  b: 2\n",
    ],
)
def test_tabs_and_bare_carriage_returns_go_to_the_full_loader(text: str) -> None:
    assert parse_simple(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "answers:\n \u00a0# not a comment to YAML\n",  # a no-break space is not indentation
        "answers:\n   \u00a0# not a comment to YAML\n",
        "answers:\n X# a value, not a comment\n",
        "answers:\n   X# a value, not a comment\n",
        "answers:\n \u3000# an ideographic space\n",
    ],
)
def test_an_indented_line_is_a_comment_only_after_spaces(text: str) -> None:
    assert parse_simple(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "answers:\n # one space\n  a: 1\n",
        "answers:\n   # three spaces\n  a: 1\n",
        "answers:\n  # two spaces\n  a: 1\n",
    ],
)
def test_an_indented_comment_is_passed_over(text: str) -> None:
    assert parse_simple(text) == strict_load(text) == {"answers": {"a": 1}}


def test_the_memory_across_files_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "MEMO_ENTRIES", 3)
    for i in range(10):
        text = f"k{i}: v{i}\nanswers:\n  q{i}: w{i}\n"
        assert parse_simple(text) == {f"k{i}": f"v{i}", "answers": {f"q{i}": f"w{i}"}}
        assert len(fastyaml._KEYS) <= 3 and len(fastyaml._MEMO) <= 3
        assert len(fastyaml._LINES) <= 3
    # what it remembers is what it read, and the newest is always kept
    assert all(key == value for key, value in fastyaml._KEYS.items())
    assert fastyaml._KEYS["q9"] == "q9" and fastyaml._MEMO["w9"] == "w9"


def test_a_key_is_one_string_object_across_files() -> None:
    """Thousands of files repeat the same question ids: each id is kept once."""
    first = parse_simple("answers:\n  goals.agreed: 4\n")
    second = parse_simple("answers:\n  goals.agreed: 5\n")
    assert first is not None and second is not None
    assert next(iter(first["answers"])) is next(iter(second["answers"]))


def test_a_line_is_remembered_as_what_it_holds() -> None:
    parse_simple("answers:\n  goals.agreed: 4\nname: Jana\n")
    assert fastyaml._LINES["  goals.agreed: 4"] == (True, "goals.agreed", 4, True)
    assert fastyaml._LINES["name: Jana"] == (False, "name", "Jana", True)
    assert fastyaml._LINES["answers:"] == (False, "answers", None, False)
