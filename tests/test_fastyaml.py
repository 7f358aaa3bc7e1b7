"""The fast reader for survey-written files must agree with PyYAML, or step aside."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from alignment_cli.io.fastyaml import parse_simple
from alignment_cli.io.yamlio import dump_yaml

# YAML 1.1 as PyYAML reads it: these plain words are booleans (y, n and mixed case are text)
YAML11_WORDS = ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
                "true", "True", "TRUE", "false", "False", "FALSE", "y", "Y", "n", "N", "oN",
                "yES", "tRUE", "null", "Null", "NULL", "~", "nULL"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=40),
    st.sampled_from([*YAML11_WORDS, "012", "0x1F", "1:30", "1e3",
                     "2026-11-25", "2026-11-25T10:00:00Z", ".inf", "<<", "=", "- a", "a: b",
                     "#x", "x #y", "'q'", '"d"', "{}", "[1]", "&a", "*a", "!tag", "|", ">",
                     "@x", "`x", "%x", "C# and F#", "http://x.y/z", "a|b"]),
)
keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
documents = st.dictionaries(
    keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=6)), min_size=1,
    max_size=6)


def reference(text: str) -> tuple[str, Any]:
    try:
        return ("ok", yaml.safe_load(text))
    except yaml.YAMLError:
        return ("error", None)


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type all the way down: True == 1 and 1 == 1.0 in Python, but a
    reader that turns `on` into 1 or `5` into 5.0 is wrong."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@pytest.mark.parametrize("word", YAML11_WORDS)
def test_yaml_1_1_booleans_and_nulls_read_as_pyyaml_reads_them(word: str) -> None:
    for text in (f"a: {word}\n", f"a:\n  b: {word}\n"):
        fast = parse_simple(text)
        assert fast is not None, text  # plain words stay on the fast path
        assert same(fast, yaml.safe_load(text)), (text, fast)


def test_the_comparison_is_strict_about_type() -> None:
    assert not same({"a": True}, {"a": 1}) and not same({"a": 5}, {"a": 5.0})
    assert not same({"a": False}, {"a": "off"}) and same({"a": [1, {}]}, {"a": [1, {}]})


def test_empty_mappings_and_lists_are_never_shared_between_documents() -> None:
    text = "comments: {}\nanswers:\n  a: []\n  b: {}\n"
    first = parse_simple(text)
    assert first is not None
    first["comments"]["x"] = "changed"
    first["answers"]["a"].append(1)
    first["answers"]["b"]["y"] = 2
    again = parse_simple(text)
    assert again == {"comments": {}, "answers": {"a": [], "b": {}}}
    assert again["comments"] is not first["comments"]


@settings(max_examples=200, deadline=None)
@given(documents)
def test_dumped_documents_read_back_the_same(document: dict[str, Any]) -> None:
    text = dump_yaml(document)
    fast = parse_simple(text)
    if fast is not None:
        assert same(fast, reference(text)[1]), text


plain = st.one_of(st.text(max_size=12), st.sampled_from(YAML11_WORDS),
                 st.integers(-999, 999).map(str), st.sampled_from(["1.5", "-0.0", "{}", "[]"]))
LINES = st.lists(st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", keys, plain),
    st.builds(lambda k, v: f"  {k}: {v}", keys, plain),
    st.builds(lambda k: f"{k}:", keys),
    st.sampled_from(["", "# comment", "  # indented comment", "   x: 1", "- a", "---",
                     "a: 'it''s'", "b: \"x\\ty\"", "c: yes", "  d: 07", "e: 1.5", "f: -3",
                     "g: {}", "h: [1, 2]", "yes: 1", "1: a", "a: b: c", "k: v # c"]),
), max_size=12)


@settings(max_examples=300, deadline=None)
@given(LINES)
@example([f"k{i}: {word}" for i, word in enumerate(YAML11_WORDS)])
@example(["answers:", *(f"  k{i}: {word}" for i, word in enumerate(YAML11_WORDS))])
def test_arbitrary_lines_agree_or_step_aside(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    fast = parse_simple(text)
    if fast is None:
        return
    status, expected = reference(text)
    assert status == "ok", f"fast reader accepted what PyYAML rejects: {text!r}"
    assert same(fast, expected), text


def test_a_survey_file_takes_the_fast_path():
    text = ("questionnaire:\n  id: x\n  version: '1.0'\norganization: Acme\nrespondent:\n"
            "  role: sales\n  head: true\nstarted_at: '2026-11-25T10:00:00Z'\n"
            "completed_at: null\nanswers:\n  a.b: 4\n  a.c: 'no'\n  a.d: null\n  a.e: 12.5\n"
            "comments: {}\n")
    assert parse_simple(text) == yaml.safe_load(text)
    assert parse_simple(text)["answers"]["a.c"] == "no"


def test_hand_written_flow_style_steps_aside():
    assert parse_simple("questionnaire: {id: x, version: '1'}\n") is None
    assert parse_simple("a: &x 1\nb: *x\n") is None
    assert parse_simple("a: !!python/object/apply:os.system [ls]\n") is None


def test_unicode_line_breaks_step_aside():
    for separator in ("\x85", "\u2028", "\u2029"):
        assert parse_simple(f"a: one{separator}two\n") is None


def test_a_line_read_before_reads_the_same_in_any_document() -> None:
    """Lines are remembered across files; what a line holds never depends on where it was
    first seen (a top-level key first, then nested; a value line, then the same line as the
    start of a block)."""
    first = "answers:\n  q: 4\n  r: 'no'\nq: 4\nblock:\n"
    second = "q: 4\nanswers:\n  r: 'no'\n  q: 4\nblock:\n  q: 4\n"
    for text in (first, second, first):
        assert same(parse_simple(text), yaml.safe_load(text)), text
    assert parse_simple(second) == {"q": 4, "answers": {"r": "no", "q": 4}, "block": {"q": 4}}
