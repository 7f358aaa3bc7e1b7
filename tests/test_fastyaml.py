"""The fast reader for survey-written files must agree with the project's strict loader (the one
every file goes to when the fast reader steps aside: duplicate keys refused, long numbers
refused), or step aside; and it must not step aside from what the survey writes."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from alignment_cli.io import fastyaml
from alignment_cli.io.fastyaml import parse_simple
from alignment_cli.io.yamlio import dump_yaml, strict_load

# YAML 1.1 as PyYAML reads it: these plain words are booleans (y, n and mixed case are text)
YAML11_WORDS = [
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "y",
    "Y",
    "n",
    "N",
    "oN",
    "yES",
    "tRUE",
    "null",
    "Null",
    "NULL",
    "~",
    "nULL",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=40),
    st.sampled_from(
        [
            *YAML11_WORDS,
            "012",
            "0x1F",
            "1:30",
            "1e3",
            "2026-11-25",
            "2026-11-25T10:00:00Z",
            ".inf",
            "<<",
            "=",
            "- a",
            "a: b",
            "#x",
            "x #y",
            "'q'",
            '"d"',
            "{}",
            "[1]",
            "&a",
            "*a",
            "!tag",
            "|",
            ">",
            "@x",
            "`x",
            "%x",
            "C# and F#",
            "http://x.y/z",
            "a|b",
        ]
    ),
)
keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
documents = st.dictionaries(
    keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=6)), min_size=1, max_size=6
)


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """The reader remembers lines, values and keys across documents; each test starts with
    none remembered, so it tests the reading and not what an earlier test left behind."""
    for cache in (fastyaml._LINES, fastyaml._MEMO, fastyaml._KEYS):
        cache.clear()


def reference(text: str) -> tuple[str, Any]:
    """What the strict loader makes of the text (not yaml.safe_load, which keeps the last of two
    duplicate keys where the strict loader refuses the file)."""
    try:
        return ("ok", strict_load(text))
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
        assert same(fast, strict_load(text)), (text, fast)


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


plain = st.one_of(
    st.text(max_size=12),
    st.sampled_from(YAML11_WORDS),
    st.integers(-999, 999).map(str),
    st.sampled_from(["1.5", "-0.0", "{}", "[]"]),
)
LINES = st.lists(
    st.one_of(
        st.builds(lambda k, v: f"{k}: {v}", keys, plain),
        st.builds(lambda k, v: f"  {k}: {v}", keys, plain),
        st.builds(lambda k: f"{k}:", keys),
        st.sampled_from(
            [
                "",
                "# comment",
                "  # indented comment",
                "   x: 1",
                "- a",
                "---",
                "a: 'it''s'",
                'b: "x\\ty"',
                "c: yes",
                "  d: 07",
                "e: 1.5",
                "f: -3",
                "g: {}",
                "h: [1, 2]",
                "yes: 1",
                "1: a",
                "a: b: c",
                "k: v # c",
            ]
        ),
    ),
    max_size=12,
)


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
    text = (
        "questionnaire:\n  id: x\n  version: '1.0'\norganization: Acme\nrespondent:\n"
        "  role: sales\n  head: true\nstarted_at: '2026-11-25T10:00:00Z'\n"
        "completed_at: null\nanswers:\n  a.b: 4\n  a.c: 'no'\n  a.d: null\n  a.e: 12.5\n"
        "comments: {}\n"
    )
    assert same(parse_simple(text), strict_load(text))
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
        assert same(parse_simple(text), strict_load(text)), text
    assert parse_simple(second) == {"q": 4, "answers": {"r": "no", "q": 4}, "block": {"q": 4}}


# --- what the strict loader refuses, written in block style so the fast reader sees it ---------
# Each is a survey-shaped file with one fault, at the top level or one level down; the strict
# loader refuses every one of them (with the line), so the fast reader must step aside.
SURVEY = (
    "questionnaire:\n  id: mini\n  version: '1'\norganization: Acme\nrespondent:\n"
    "  role: sales\n  name: Jana\nanswers:\n  goals.agreed: 4\n  leads.definition: 'yes'\n"
    "comments: {}\n"
)
CONTROL = [
    chr(c)
    for c in (
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        0x7F,
        *range(0x80, 0x85),
        *range(0x86, 0xA0),
        0xFFFE,
        0xFFFF,
    )
]
REFUSED = {
    "a duplicate answer": SURVEY.replace("  goals.agreed: 4\n", "  goals.agreed: 4\n  goals.agreed: 5\n"),
    "a duplicate answer, apart": SURVEY + "answers:\n  goals.agreed: 5\n",
    "a duplicate nested key": "respondent:\n  role: sales\n  name: Jana\n  role: marketing\n",
    "a duplicate top-level key": SURVEY + "organization: Other\n",
    "a duplicate top-level key with no value": "answers:\nanswers:\n",
    "a lone single quote": SURVEY.replace("name: Jana", "name: '"),
    "a lone double quote": SURVEY.replace("name: Jana", 'name: "'),
    "an unclosed single quote": SURVEY.replace("name: Jana", "name: 'Jana"),
    "an unclosed double quote": SURVEY.replace("organization: Acme", 'organization: "Acme'),
    "a quote inside single quotes": SURVEY.replace("name: Jana", "name: 'Ja'na'"),
    "a quote inside double quotes": SURVEY.replace("name: Jana", 'name: "Ja"na"'),
    "an entry one space in": SURVEY.replace("  name: Jana", " name: Jana"),
    "an entry three spaces in": SURVEY.replace("  name: Jana", "   name: Jana"),
    "a tab": SURVEY.replace("  name: Jana", "\tname: Jana"),
    "a value then an indented entry": "organization: Acme\n  name: Jana\n",
    "a mapping in a value": SURVEY.replace("name: Jana", "name: Jana: Carpenter"),
    "a value ending in a colon": SURVEY.replace("organization: Acme", "organization: Acme:"),
    "an unclosed flow list": SURVEY.replace("comments: {}", "comments: [a"),
    "a second document": SURVEY + "---\nx: 1\n",
    "a number of 5,000 digits": SURVEY.replace("goals.agreed: 4", "goals.agreed: " + "9" * 5000),
}
for _i, _char in enumerate(CONTROL):
    REFUSED[f"control {ord(_char):#04x} at the top"] = SURVEY.replace(
        "organization: Acme", f"organization: Ac{_char}me"
    )
    REFUSED[f"control {ord(_char):#04x} one level down"] = SURVEY.replace("name: Jana", f"name: Ja{_char}na")
    REFUSED[f"control {ord(_char):#04x} in non-ASCII text"] = SURVEY.replace(
        "name: Jana", f"name: Jänä{_char}"
    )
    REFUSED[f"control {ord(_char):#04x} in a comment"] = f"# a comment{_char}\n" + SURVEY


@pytest.mark.parametrize("text", list(REFUSED.values()), ids=list(REFUSED))
def test_what_the_strict_loader_refuses_the_fast_reader_steps_aside_from(text: str) -> None:
    assert reference(text)[0] == "error", "the corpus holds only files the strict loader refuses"
    assert parse_simple(text) is None


# Not errors, but not the fast reader's to read: each goes to the full loader, which reads it
# differently from how a line-by-line reading would.
HANDED_OVER = {
    "a key without a space after the colon": "organization:Acme\n",
    "a nested key without a space": "respondent:\n  role:sales\n",
    "a quoted key": "'organization': Acme\n",
    "a key with a space": "the organization: Acme\n",
    "a key that is a number": "1: Acme\n",
    "a key that is a boolean": "yes: Acme\n",
    "a key that is null": "null: Acme\n",
    "a merge key": "<<: Acme\n",
    "a comment after a value": "organization: Acme # the client\n",
    "a value that starts a comment": "organization: #1\n",
    "an anchor": "organization: &a Acme\n",
    "a tag": "organization: !!str 4\n",
    "a block scalar": "organization: |\n  Acme\n",
    "a list item": "organization: - Acme\n",
    "a lone dash": "organization: -\n",
    "a complex key": "organization: ? Acme\n",
    "a flow mapping": "questionnaire: {id: mini, version: '1'}\n",
    "a flow list": "answers: [1, 2]\n",
    "an escape in double quotes": 'organization: "Ac\\tme"\n',
    "an octal": "answers:\n  a: 017\n",
    "a hexadecimal": "answers:\n  a: 0x1F\n",
    "a sexagesimal": "answers:\n  a: 1:30\n",
    "a timestamp": "completed_at: 2026-11-25T10:00:00Z\n",
    "an infinity": "answers:\n  a: .inf\n",
    "a number with underscores": "answers:\n  a: 1_000\n",
    "three levels": SURVEY.replace("  role: sales\n", "  role:\n    kind: sales\n"),
    "a nested entry with no parent": "  goals.agreed: 4\n",
    "a bare carriage return": SURVEY.replace("organization: Acme\n", "organization: Acme\rx: 1\n"),
    "a block scalar left open": SURVEY + "x: |\n",
    "a line break YAML sees and Python does not": "organization: Ac\u2028me\n",
    "a next-line character": "organization: Ac\x85me\n",
    "a directive": "%YAML 1.1\n---\norganization: Acme\n",
    "a document start": "---\norganization: Acme\n",
    "nothing but comments": "# only\n",
    "a nested line of one character": "answers:\n  x\n",
    "a nested line with no colon": "answers:\n  just text\n",
}


@pytest.mark.parametrize("text", list(HANDED_OVER.values()), ids=list(HANDED_OVER))
def test_what_is_not_the_simple_shape_goes_to_the_full_loader(text: str) -> None:
    assert parse_simple(text) is None


# What the survey writes, and what a person writes by hand in the same shape: all on the fast
# path, and read as the strict loader reads them.
FAST = {
    "a survey file": SURVEY,
    "windows line ends": SURVEY.replace("\n", "\r\n"),
    "trailing spaces": SURVEY.replace("organization: Acme", "organization: Acme   "),
    "comments and blank lines": "# answers\n\n" + SURVEY.replace("answers:\n", "answers:\n  # goals\n\n"),
    "a key with no value, then another": "organization:\nanswers:\n  a: 1\n",
    "comments indented by one, two and three spaces": (
        "answers:\n # one\n  a: 1\n   # three\n  # two\n  b: 2\n"
    ),
    "an empty nested value": "answers:\n  a:\n  b: ~\n  c: null\n",
    "quoted values": "answers:\n  a: 'it''s'\n  b: \"plain\"\n  c: ''\n  d: '#1'\n",
    "numbers": "answers:\n  a: -3\n  b: +4\n  c: 2.50\n  d: 7.\n  e: 0\n  f: -0.0\n",
    "words YAML reads as booleans": "answers:\n  a: yes\n  b: Off\n  c: TRUE\n",
    "text that is not a boolean": "answers:\n  a: y\n  b: nO\n  c: x:y\n  d: a#b\n",
    "text that is not a number": "answers:\n  a: 1.5e3\n  b: 1e3\n  c: 0o17\n  d: -.5\n",
    "non-ASCII text": "organization: Acme Société ✓\nrespondent:\n  name: Jänä\n",
    "empty mapping and list": "comments: {}\nanswers:\n  a: []\n",
    "dotted and dashed keys": "answers:\n  goals.agreed-2_b: 4\n",
    "two spaces after the colon": "organization:  Acme\n",
    # the letter X is what mutation testing puts around a string: a check that took it for a
    # quote, a comment, a space or a digit would show here
    "keys and values starting and ending with X": (
        "Xkey: Xmas\nanswers:\n  X: X marks it\n  b: MAX  \n  c: XaX\n  d: X\n"
    ),
    "no-break spaces that are part of the value": "a:  \u00a0x\u00a0 \n",
}


@pytest.mark.parametrize("text", list(FAST.values()), ids=list(FAST))
def test_the_simple_shape_takes_the_fast_path_and_reads_as_the_strict_loader(text: str) -> None:
    fast = parse_simple(text)
    assert fast is not None, "stepped aside from a file in the simple shape"
    assert same(fast, strict_load(text))


def test_a_value_is_typed_as_the_strict_loader_types_it() -> None:
    fast = parse_simple("answers:\n  a: 4\n  b: 4.0\n  c: '4'\n  d: yes\n  e: 'yes'\n  f: ~\n")
    assert fast is not None
    answers = fast["answers"]
    assert [type(answers[k]) for k in "abcdef"] == [int, float, str, bool, str, type(None)]
    assert answers == {"a": 4, "b": 4.0, "c": "4", "d": True, "e": "yes", "f": None}


def test_a_number_of_forty_digits_is_read_and_longer_ones_go_to_the_full_loader() -> None:
    assert parse_simple("a: " + "9" * 40 + "\n") == {"a": int("9" * 40)}
    assert parse_simple("a: " + "9" * 41 + "\n") is None
    assert parse_simple("a: " + "1" * 38 + ".5\n") == {"a": float("1" * 38 + ".5")}
    assert parse_simple("a: " + "1" * 39 + ".5\n") is None


# --- the memos stay small however long the process reads ----------------------------------------


def memo_sizes() -> list[int]:
    return [len(memo) for memo in (fastyaml._LINES, fastyaml._MEMO, fastyaml._KEYS)]


def test_a_long_run_does_not_keep_growing_the_memos() -> None:
    """`alignment collect` reads files for hours: every person's name, team and comment is new.
    Three times as many new lines, values and keys as a memo holds leave each memo within its
    bound, and what was read after a memo was emptied is still read right."""
    largest = [0, 0, 0]
    for n in range(3 * fastyaml.MEMO_ENTRIES):
        text = (
            f"respondent:\n  name: Person {n}\n  team: Team {n % 7}\n"
            f"answers:\n  goals.agreed: {n % 5 + 1}\n  q{n}: value {n}\n"
        )
        fast = parse_simple(text)
        if n % 997 == 0:
            assert fast is not None and same(fast, strict_load(text))
        largest = [max(a, b) for a, b in zip(largest, memo_sizes(), strict=True)]
    assert largest[0] == fastyaml.MEMO_ENTRIES  # filled, emptied, filled again: never more
    assert all(size <= fastyaml.MEMO_ENTRIES for size in largest)
    remembered = [*fastyaml._LINES, *fastyaml._MEMO, *fastyaml._KEYS]
    assert max(len(text) for text in remembered) <= fastyaml.MEMO_CHARS
    parse_simple("answers:\n  later.question: 3\n")
    assert "  later.question: 3" in fastyaml._LINES  # still learning: emptied, never frozen full


def test_free_text_is_read_each_time_and_never_remembered() -> None:
    comment = "We agreed the targets in January, " * 10
    text = f"answers:\n  goals.agreed: 4\ncomments:\n  goals: {comment.strip()}\n"
    for _ in range(2):
        assert parse_simple(text) == {"answers": {"goals.agreed": 4}, "comments": {"goals": comment.strip()}}
    assert "  goals.agreed: 4" in fastyaml._LINES  # what recurs is remembered ...
    assert not any(comment.strip() in line for line in fastyaml._LINES)  # ... free text is not
    assert comment.strip() not in fastyaml._MEMO
