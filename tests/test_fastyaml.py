"""The fast reader for survey-written files must agree with PyYAML, or step aside."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from alignment_cli.io.fastyaml import parse_simple
from alignment_cli.io.yamlio import dump_yaml

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "on", "off", "null", "~", "012", "0x1F", "1:30", "1e3",
                     "2026-11-25", "2026-11-25T10:00:00Z", ".inf", "<<", "=", "- a", "a: b",
                     "#x", "x #y", "'q'", '"d"', "{}", "[1]", "&a", "*a", "!tag", "|", ">",
                     "@x", "`x", "%x", "C# and F#", "http://x.y/z", "a|b"]),
)
keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,20}", fullmatch=True)
documents = st.dictionaries(
    keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=6)), min_size=1,
    max_size=6)


def reference(text: str):
    try:
        return ("ok", yaml.load(text, Loader=yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError:
        return ("error", None)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_dumped_documents_read_back_the_same(document):
    text = dump_yaml(document)
    fast = parse_simple(text)
    if fast is not None:
        assert fast == reference(text)[1]


LINES = st.lists(st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", keys, st.text(max_size=12)),
    st.builds(lambda k, v: f"  {k}: {v}", keys, st.text(max_size=12)),
    st.builds(lambda k: f"{k}:", keys),
    st.sampled_from(["", "# comment", "  # indented comment", "   x: 1", "- a", "---",
                     "a: 'it''s'", "b: \"x\\ty\"", "c: yes", "  d: 07", "e: 1.5", "f: -3",
                     "g: {}", "h: [1, 2]", "yes: 1", "1: a", "a: b: c", "k: v # c"]),
), max_size=12)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_arbitrary_lines_agree_or_step_aside(lines):
    text = "\n".join(lines) + "\n"
    fast = parse_simple(text)
    if fast is None:
        return
    status, expected = reference(text)
    assert status == "ok", f"fast reader accepted what PyYAML rejects: {text!r}"
    assert fast == expected


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
