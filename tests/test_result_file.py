"""The one reader of result JSON at its edges, both ways: strict (one InputError naming the file)
and lenient (the file skipped, with the same reason), and what the two callers that want more
than the document (the whole Result; a trend's round) add on top."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.commands.trend import load_round
from alignment_cli.errors import InputError
from alignment_cli.model.result_file import (
    MAX_RESULT_BYTES,
    ResultDocument,
    Skipped,
    load_result,
    read_result_document,
    read_result_documents,
)

EXAMPLE_RESULT = Path(__file__).parent.parent / "examples" / "bluepeak" / "reports" / "report.json"
GOOD: dict[str, Any] = json.loads(EXAMPLE_RESULT.read_text(encoding="utf-8"))


def good(**changes: Any) -> bytes:
    doc = {**GOOD, **changes}
    return json.dumps(doc).encode()


def without(key: str) -> bytes:
    return json.dumps({k: v for k, v in GOOD.items() if k != key}).encode()


def padded_to(size: int) -> bytes:
    """The good result, padded with spaces (still valid JSON) to exactly `size` bytes."""
    body = good()
    return body + b" " * (size - len(body))


# name, the file's bytes, what the strict reader's message says (None: the file is read)
DOCUMENT_CASES: list[tuple[str, bytes, str | None]] = [
    # size cap
    ("at the size cap", padded_to(MAX_RESULT_BYTES), None),
    ("one byte over the size cap", padded_to(MAX_RESULT_BYTES + 1), "a result file may be at most 5 MB"),
    # schema version
    ("schema 1", good(schema_version=1), None),
    ("schema 2", good(schema_version=2), None),
    ("schema 3", good(schema_version=3), None),
    ("schema 0", good(schema_version=0), "has schema_version 0, which this version"),
    ("schema 4", good(schema_version=4), "has schema_version 4, which this version"),
    ("schema as a string", good(schema_version="3"), "has schema_version '3'"),
    ("schema as a float", good(schema_version=3.0), "has schema_version 3.0"),
    ("schema as a boolean", good(schema_version=True), "has schema_version True"),
    ("schema null", good(schema_version=None), "has schema_version None"),
    # not JSON
    ("empty", b"", "1:1: is not valid JSON (Expecting value)"),
    ("cut short", good()[:-1], "is not valid JSON"),
    ("NaN", b'{"schema_version": 3, "alignment_index": NaN}', "holds NaN, which is not a number"),
    ("a key twice", b'{"schema_version": 3, "schema_version": 3}', "holds the key 'schema_version' twice"),
    (
        "a lone surrogate",
        b'{"schema_version": 3, "organization": "\\ud800"}',
        "organization: holds a lone surrogate",
    ),
    ("a huge integer", b'{"schema_version": 3, "n": ' + b"9" * 21 + b"}", "more than 20 digits"),
    ("nested too deeply", b"[" * 100 + b"]" * 100, "is nested too deeply"),
    ("not UTF-8", '{"organization": "café"}'.encode("latin-1"), "is not valid UTF-8"),
    # not an object
    ("a list", b"[]", "is not a result document"),
    ("a number", b"3", "is not a result document"),
    ("a string", b'"result"', "is not a result document"),
    ("null", b"null", "is not a result document"),
    # a missing field: the reader itself needs only schema_version
    ("no schema_version", without("schema_version"), "is not a result document"),
    ("no questionnaire", without("questionnaire"), None),
]


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / (name.replace(" ", "-") + ".json")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"), DOCUMENT_CASES, ids=[case[0] for case in DOCUMENT_CASES]
)
def test_strict_reading_reads_a_good_file_and_names_a_bad_one(
    tmp_path: Path, name: str, content: bytes, message: str | None
) -> None:
    path = write(tmp_path, name, content)
    if message is None:
        document = read_result_document(path)
        assert document.path == path and document.raw["schema_version"] in (1, 2, 3)
        return
    with pytest.raises(InputError) as caught:
        read_result_document(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))  # the file is named first


@pytest.mark.parametrize(
    ("name", "content", "message"), DOCUMENT_CASES, ids=[case[0] for case in DOCUMENT_CASES]
)
def test_lenient_reading_skips_a_bad_file_with_the_strict_reason(
    tmp_path: Path, name: str, content: bytes, message: str | None
) -> None:
    before = write(tmp_path, "a good one before", good())
    path = write(tmp_path, name, content)
    after = write(tmp_path, "a good one after", good())
    reading = read_result_documents([before, path, after])
    if message is None:
        assert [d.path for d in reading.documents] == [before, path, after]
        assert reading.skipped == ()
        return
    assert [d.path for d in reading.documents] == [before, after]  # order kept, others read
    assert len(reading.skipped) == 1
    skipped = reading.skipped[0]
    assert skipped.path == path and message in skipped.reason
    with pytest.raises(InputError) as caught:
        read_result_document(path)
    assert skipped == Skipped(path, str(caught.value))  # the same words either way


def test_lenient_reading_skips_what_is_not_a_regular_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)  # never waited on
    missing = tmp_path / "gone.json"
    reading = read_result_documents([folder, pipe, missing])
    assert reading.documents == ()
    assert [(s.path, s.reason) for s in reading.skipped] == [
        (folder, f"{folder}: is a folder; expected a result file"),
        (pipe, f"{pipe}: is a named pipe (FIFO), not a file; expected a result file"),
        (missing, f"{missing}: result file not found"),
    ]


def test_the_lenient_reader_reads_nothing_from_nothing() -> None:
    assert read_result_documents([]).documents == ()
    assert read_result_documents([]).skipped == ()


# what each caller requires on top of the document: the whole Result, or a trend's figures
WHOLE_RESULT_CASES: list[tuple[str, bytes, str | None, str | None]] = [
    # name, content, load_result's message, load_round's message (None: read)
    ("complete", good(), None, None),
    (
        "no questionnaire",
        without("questionnaire"),
        "questionnaire: required key is missing",
        "questionnaire: required key is missing",
    ),
    (
        "no dimensions",
        without("dimensions"),
        "dimensions: required key is missing",
        "dimensions: required key is missing",
    ),
    ("no findings", without("findings"), None, None),  # a trend and a result both do without
    (
        "an index over 100",
        good(alignment_index=100.5),
        "alignment_index is 100.5; expected a figure from 0 to 100",
        "alignment_index: is 100.5; expected a figure from 0 to 100",
    ),
    ("a dimension twice", good(dimensions=[GOOD["dimensions"][0]] * 2), "appears twice", "appears twice"),
    (
        "an organization of 201 characters",
        good(organization="x" * 201),
        "is 201 characters long",
        "is 201 characters long",
    ),
    ("schema 9", good(schema_version=9), "has schema_version 9", "has schema_version 9"),
]


@pytest.mark.parametrize(
    ("name", "content", "whole", "round_"), WHOLE_RESULT_CASES, ids=[case[0] for case in WHOLE_RESULT_CASES]
)
def test_each_caller_adds_what_it_needs_on_the_one_reader(
    tmp_path: Path, name: str, content: bytes, whole: str | None, round_: str | None
) -> None:
    path = write(tmp_path, name, content)
    for load, message in ((load_result, whole), (load_round, round_)):
        if message is None:
            load(path)
            continue
        with pytest.raises(InputError) as caught:
            load(path)
        assert message in str(caught.value), (load.__name__, str(caught.value))
        assert str(caught.value).startswith(str(path))


def test_a_document_keeps_the_text_it_was_read_from(tmp_path: Path) -> None:
    path = write(tmp_path, "result", good())
    document = read_result_document(path)
    assert document == ResultDocument(path, json.loads(good()), good().decode())
