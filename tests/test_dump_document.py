"""The line-by-line writer of response files gives the dumper's own text, byte for byte, for
every document of the response shape, and hands anything else to the dumper whole."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from alignment_cli.io.yamlio import dump_document, dump_yaml
from alignment_cli.model.response import render_response
from tests.helpers import MARKETING_ANSWERS, make_response

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False), st.text(max_size=140)
)
keys = st.text(min_size=1, max_size=30)
documents = st.dictionaries(keys, st.one_of(scalars, st.dictionaries(keys, scalars, max_size=8)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_the_same_text_as_the_dumper(doc: dict[str, Any]) -> None:
    assert dump_document(doc) == dump_yaml(doc)
    assert dump_document(doc) == dump_yaml(doc)  # once more, from what it remembered


def test_signed_zero_and_look_alike_values_are_not_confused() -> None:
    for doc in (
        {"a": {"x": 0.0}},
        {"a": {"x": -0.0}},
        {"a": {"x": 1}},
        {"a": {"x": 1.0}},
        {"a": {"x": True}},
        {"a": {"x": "1"}},
        {"a": {"x": "no"}},
        {"a": {"x": False}},
    ):
        assert dump_document(doc) == dump_yaml(doc), doc


def test_deeper_documents_go_to_the_dumper_whole() -> None:
    doc = {"answers": {"q": {"not applicable": "we have no field team"}}, "comments": {}}
    assert dump_document(doc) == dump_yaml(doc)


def test_a_response_file_is_written_as_before() -> None:
    response = make_response("marketing", MARKETING_ANSWERS, name="Mo", comments={"goals": "a\nb"})
    assert render_response(response) == dump_yaml(response.to_document())


def test_a_long_run_does_not_keep_growing_what_the_writer_remembers(monkeypatch) -> None:
    """The collect server writes a page of answers for hours: every name, time and comment is
    new. The writer's memo stays within its bound (made small here, to run quickly), and no
    comment is kept in it."""
    from alignment_cli.io import yamlio

    monkeypatch.setattr(yamlio, "_LINES_MAX", 500)
    monkeypatch.setattr(yamlio, "_LINES", {})
    comment = "Our targets were agreed in January, and reviewed each month. " * 4
    largest = 0
    for n in range(2 * yamlio._LINES_MAX):
        doc = {
            "respondent": {"name": f"Person {n}"},
            "answers": {"goals.agreed": n % 5 + 1},
            "comments": {"goals": f"{comment}{n}"},
        }
        text = dump_document(doc)
        if n % 101 == 0:
            assert text == dump_yaml(doc)
        largest = max(largest, len(yamlio._LINES))
    assert largest == yamlio._LINES_MAX
    kept = [key[-1] for key in yamlio._LINES if isinstance(key[-1], str)]  # the values
    assert kept and not any(comment in value for value in kept)
