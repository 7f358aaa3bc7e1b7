"""Reading and writing files (io/yamlio.py) at the edges: each YAML problem in the words and at
the place a person can act on, text that is not UTF-8 named by its byte and line, a file's size
at its limit, finding a key's line, and writing a file whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io import yamlio
from alignment_cli.io.yamlio import (
    decode,
    dump_document,
    dump_yaml,
    load_yaml,
    locate,
    read_bytes,
    read_text,
    write_atomic,
)


def refused(call: Any, *args: Any, **kwargs: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        (
            "a: b: c\n",
            "a ':' where it cannot be; check the indentation, or put text that holds ': ' in quotes",
            "1:5",
        ),
        (
            "a: !!python/object:os.system x\n",
            "the tag !!python/object:os.system is not allowed: these files hold plain data only",
            "1:4",
        ),
        ("a: !custom x\n", "the tag !custom is not allowed: these files hold plain data only", "1:4"),
        (
            "a: !<tag:x.com,2000:thing> 1\n",
            "the tag tag:x.com,2000:thing is not allowed: these files hold plain data only",
            "1:4",
        ),
        ("a: 1\nb: " + "9" * 5000 + "\n", "b: a number of more than 4,300 digits; no field takes one", "2:4"),
        ("- " + "9" * 5000 + "\n", "a number of more than 4,300 digits; no field takes one", "1:3"),
        ("a: 1\nb: x\x07y\n", "holds a control character (#x0007) that YAML does not allow", "2:5"),
        ("x\x07\n", "holds a control character (#x0007) that YAML does not allow", "1:2"),
        ("a: [1\n", "did not find expected ',' or ']'", "2:1"),
        ("a: &x 1\nb: *x\n", "YAML aliases (*name) are not allowed; write the value out in full", "2:4"),
        ("a: {b: *x}\n", "YAML aliases (*name) are not allowed; write the value out in full", "1:8"),
        ("a: 1\na: 2\n", "duplicate key 'a' (first given on line 1)", "2:1"),
        ("# only\n", "holds nothing but comments; expected a YAML file", None),
        ("   \n", "is empty; expected a YAML file", None),
        # an alias in a file that is broken before it: the break is named, at its place
        ("]\n*x\n", "did not find expected node content", "1:1"),
        (
            "a: b: *x\n",
            "a ':' where it cannot be; check the indentation, or put text that holds ': ' in quotes",
            "1:5",
        ),
        ("? [a]\n: 1\n", "a mapping key must be plain text or a number", "1:3"),
    ],
)
def test_each_yaml_problem_in_words_at_its_place(text: str, message: str, where: str | None) -> None:
    err = refused(load_yaml, text, path="f.yaml")
    assert (err.detail, err.where, err.path) == (message, where, "f.yaml")


def test_what_the_file_is_called_in_the_message() -> None:
    assert refused(load_yaml, "", path=None, what="response file").detail == (
        "is empty; expected a YAML response file"
    )
    assert refused(load_yaml, "# x\n", path=None, what="config").detail == (
        "holds nothing but comments; expected a YAML config"
    )


@pytest.mark.parametrize(
    ("raw", "message", "where"),
    [
        (b"\xff\xfea\x00", "is UTF-16 encoded; save the response file as UTF-8", None),
        (b"\xfe\xff\x00a", "is UTF-16 encoded; save the response file as UTF-8", None),
        (b"a: 1\x00", "is not a text file (it holds binary data); expected a YAML response file", None),
        (b"a: 1\nb: caf\xe9\n", "byte 0xe9 is not valid UTF-8; save the response file as UTF-8", "2"),
        (b"\x80", "byte 0x80 is not valid UTF-8; save the response file as UTF-8", "1"),
    ],
)
def test_text_that_is_not_utf8_is_named(raw: bytes, message: str, where: str | None) -> None:
    err = refused(decode, raw, path="f.yaml", what="response file")
    assert (err.detail, err.where, err.path) == (message, where, "f.yaml")


def test_utf8_with_its_mark_reads_without_it() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n", path=None) == "a: 1\n"


def test_a_file_at_its_size_limit_is_read_and_one_byte_over_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * (1 << 20))
    assert len(read_bytes(path, max_bytes=1 << 20)) == 1 << 20
    path.write_bytes(b"x" * ((1 << 20) + 1))
    err = refused(read_bytes, path, max_bytes=1 << 20, what="response file")
    assert (err.detail, err.path) == ("is 1.0 MB; a response file may be at most 1 MB", str(path))
    assert yamlio.MAX_BYTES == 5 * 1024 * 1024


def test_what_cannot_be_read_is_named(tmp_path: Path) -> None:
    assert refused(read_text, tmp_path / "none.yaml", what="config file").detail == ("config file not found")
    assert refused(read_text, tmp_path, what="config file").detail == ("is a folder; expected a config file")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert refused(read_text, fifo, what="config file").detail == (
        "is a named pipe (FIFO), not a file; expected a config file"
    )
    assert refused(read_text, tmp_path / "none.yaml" / "x").detail == "file not found"


def test_a_file_grown_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[stat.ST_SIZE] = 4
        return os.stat_result(fields)

    monkeypatch.setattr(yamlio.os, "fstat", smaller)
    assert read_bytes(path, max_bytes=10) == b"x" * 10
    err = refused(read_bytes, path, max_bytes=9)
    assert err.detail == "is over 0 MB; a file may be at most that"


@pytest.mark.parametrize(
    ("loc", "where"),
    [
        ((), "1:1"),
        (("a",), "1:1"),
        (("b",), "2:1"),
        (("b", "c"), "3:3"),
        (("b", "d", 1), "6:7"),
        (("b", "d", 0), "5:7"),
        (("b", "d", 2), "4:3"),  # past the end: the key that holds the list
        (("b", "d", -1), "4:3"),
        (("b", "d", "x"), "4:3"),
        (("b", "nope"), "2:1"),
        (("a", "deeper"), "1:1"),
        ((5,), "1:1"),
    ],
)
def test_a_value_s_line_and_column_by_its_path(loc: tuple[Any, ...], where: str) -> None:
    text = "a: 1\nb:\n  c: 2\n  d:\n    - x\n    - y\n"
    assert locate(text, loc) == where


def test_no_place_in_what_is_not_yaml_or_holds_nothing() -> None:
    assert locate("a: [\n", ("a",)) is None
    assert locate("", ("a",)) is None


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"a": 1, "b": {"c": "x", "d": None, "e": True, "f": 1.5}},
        {"a": {}, "b": {"c": -0.0}},
        {"a": [1, 2]},
        {"a": {"b": {"c": 1}}},
        {"a": {"b": [1]}},
        {("x", "y"): 1},
        {"a": {("x",): 1}},
        {"? q": {"x": 1}},
        {"long " * 30: {"x": 1}},
    ],
)
def test_a_document_is_written_as_the_dumper_writes_it(document: dict[Any, Any]) -> None:
    assert dump_document(document) == dump_yaml(document)


def test_the_lines_remembered_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_LINES", {})
    monkeypatch.setattr(yamlio, "_LINES_MAX", 3)
    for i in range(5):
        assert dump_document({f"k{i}": i}) == f"k{i}: {i}\n"
    assert len(yamlio._LINES) <= 3
    assert dump_document({"a": {"b": 1}}) == "a:\n  b: 1\n"


def test_a_file_is_written_whole_with_the_mode_asked(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "f.txt"
    write_atomic(path, "a\r\nb\n", fsync=False)
    assert path.read_bytes() == b"a\r\nb\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~yamlio._UMASK
    write_atomic(path, b"\x00\x01", mode=0o600)
    assert path.read_bytes() == b"\x00\x01" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.txt"]


def test_a_special_file_is_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        write_atomic(fifo, "x")
    assert str(caught.value) == (f"{fifo}: is a named pipe (FIFO); only a regular file is replaced")


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yamlio.os, "replace", full)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "f.txt", "x")
    assert str(caught.value) == f"{tmp_path / 'f.txt'}: cannot write: No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_an_interruption_leaves_no_temporary_file_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: Any, dst: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(yamlio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "f.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        write_atomic(blocker / "f.txt", "x")
    assert str(caught.value) == f"{blocker / 'f.txt'}: cannot write here: File exists"


def test_the_temporary_file_is_hidden_beside_the_target_and_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hidden, so a folder of responses read meanwhile never picks up half a file."""
    moves: list[tuple[str, str]] = []
    syncs: list[int] = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(
        yamlio.os, "replace", lambda a, b: (moves.append((str(a), str(b))), real_replace(a, b))
    )
    monkeypatch.setattr(yamlio.os, "fsync", lambda fd: (syncs.append(fd), real_fsync(fd)))
    monkeypatch.chdir(tmp_path)
    write_atomic(Path("f.txt"), "x")
    ((source, target),) = moves
    assert Path(source).parent == tmp_path and target == "f.txt"
    assert Path(source).name.startswith(".f.txt.") and source.endswith(".tmp")
    assert len(syncs) == 1
    write_atomic(tmp_path / "a" / "b" / "g.txt", "y", fsync=False)
    assert Path(moves[1][0]).parent == tmp_path / "a" / "b"
    assert len(syncs) == 1 and (tmp_path / "a" / "b" / "g.txt").read_text() == "y"


def test_the_dumper_writes_text_as_it_is_up_to_100_characters_a_line() -> None:
    assert dump_yaml({"b": "Jänä ✓", "a": 1}) == "b: Jänä ✓\na: 1\n"
    long = " ".join(["word"] * 30)  # 149 characters
    lines = dump_yaml({"a": long}).splitlines()
    assert len(lines) == 2 and lines[0].count("word") == 20


def test_a_file_is_called_a_file_unless_told() -> None:
    assert refused(decode, b"\x00", path=None).detail == (
        "is not a text file (it holds binary data); expected a YAML file"
    )
    assert refused(read_bytes, Path("/nonexistent/x")).detail == "file not found"


@pytest.mark.parametrize(
    ("number", "read"),
    [
        ("9" * 4300, True),
        ("-" + "9" * 4300, True),
        ("+" + "9" * 4300, True),
        ("9_" * 4299 + "9", True),  # underscores are no digits
        ("9" * 4301, False),
        (hex(10**4300 - 1), True),  # 4,300 digits written in hexadecimal
        (hex(10**4300), False),
    ],
)
def test_the_longest_number_read(number: str, read: bool) -> None:
    text = f"a: {number}\n"
    if read:
        assert isinstance(load_yaml(text, path=None)["a"], int)
    else:
        assert refused(load_yaml, text, path=None).detail == (
            "a: a number of more than 4,300 digits; no field takes one"
        )


def test_what_a_file_cannot_be_is_named_with_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"a: \x00\n")
    assert refused(read_text, binary, what="config file").detail == (
        "is not a text file (it holds binary data); expected a YAML config file"
    )
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert refused(read_bytes, fifo).path == str(fifo)
    assert refused(read_bytes, tmp_path).path == str(tmp_path)
    through = binary / "x.yaml"
    err = refused(read_bytes, through, what="config file")
    assert (err.detail, err.path) == ("cannot read config file: Not a directory", str(through))
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 1_101_005)  # 1.05 MB and a little
    err = refused(read_bytes, big, max_bytes=1 << 20)
    assert (err.detail, err.path) == ("is 1.1 MB; a file may be at most 1 MB", str(big))


def test_a_file_that_grows_past_a_megabyte_limit_while_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * ((1 << 20) + 10))
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        fields = list(real_fstat(fd))
        fields[stat.ST_SIZE] = 4
        return os.stat_result(fields)

    monkeypatch.setattr(yamlio.os, "fstat", smaller)
    err = refused(read_bytes, path, max_bytes=1 << 20)
    assert (err.detail, err.path) == ("is over 1 MB; a file may be at most that", str(path))


def _mark(line: int, column: int) -> yaml.Mark:
    return yaml.Mark("f.yaml", 0, line, column, None, None)


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        # a control character on the third line: its column counts from the last line feed
        ("a: 1\nb: 2\nc: x\x07\n", "holds a control character (#x0007) that YAML does not allow", "3:5"),
        # ... and in a file with an alias, found while the aliases are looked for
        ("a: 1\nb: *x\x07\n", "holds a control character (#x0007) that YAML does not allow", "2:6"),
        ('a: "x\n', "found unexpected end of stream", "2:1"),
        ("{a: 1\n", "did not find expected ',' or '}'", "2:1"),
        ("a:\n  b: 1\n c: 2\n", "did not find expected key", "3:2"),
        ("a: !fooX 1\n", "the tag !fooX is not allowed: these files hold plain data only", "1:4"),
        # the key of a too-long number in a list of mappings, dash and colon taken off
        ("- Xa: " + "9" * 5000 + "\n", "Xa: a number of more than 4,300 digits; no field takes one", "1:7"),
        ("- aX: " + "9" * 5000 + "\n", "aX: a number of more than 4,300 digits; no field takes one", "1:7"),
    ],
)
def test_more_yaml_problems_in_words_at_their_place(text: str, message: str, where: str) -> None:
    err = refused(load_yaml, text, path="f.yaml")
    assert (err.detail, err.where, err.path) == (message, where, "f.yaml")


@pytest.mark.parametrize(
    ("exc", "text", "message", "where"),
    [
        # a reader that gives the character as text (the pure-Python one), or none at all
        (yaml.reader.ReaderError("f", 2, "\x07", "utf-8", "special"), "ab\x07", "(#x0007)", "1:3"),
        (yaml.reader.ReaderError("f", 0, "", "utf-8", "special"), "x", "(#x0020)", "1:1"),
        (yaml.reader.ReaderError("f", 0, "\x07\x08", "utf-8", "special"), "x", "(#x0007)", "1:1"),
        (yaml.YAMLError("boom"), "", "is not valid YAML: boom", None),
        (yaml.MarkedYAMLError(problem="bad"), "", "bad", None),
        (yaml.MarkedYAMLError(context="in a list"), "", "in a list", None),
        (yaml.MarkedYAMLError(), "", "invalid YAML", None),
        (yaml.MarkedYAMLError(context="c", context_mark=_mark(0, 2)), "abc", "c", "1:3"),
        # a too-long number's place past the text's last line: no key to name
        (
            yaml.MarkedYAMLError(problem="more digits", problem_mark=_mark(1, 4)),
            "a: 1\n",
            "more digits",
            "2:5",
        ),
        (
            yaml.MarkedYAMLError(problem="more digits", problem_mark=_mark(5, 0)),
            "a: 1\n",
            "more digits",
            "6:1",
        ),
        (yaml.MarkedYAMLError(problem="a\tb"), "", "a tab character cannot indent YAML; use spaces", None),
        (
            yaml.MarkedYAMLError(problem="found '\\t'"),
            "",
            "a tab character cannot indent YAML; use spaces",
            None,
        ),
        (
            yaml.MarkedYAMLError(problem="could not determine a constructor for the tag '!xfor the tagy'"),
            "",
            "the tag !xfor the tagy is not allowed: these files hold plain data only",
            None,
        ),
    ],
)
def test_each_kind_of_yaml_error_in_words(
    exc: yaml.YAMLError, text: str, message: str, where: str | None
) -> None:
    err = yamlio._yaml_error(exc, "f.yaml", text)
    assert message in err.detail
    if not message.startswith("("):
        assert err.detail == message
    assert (err.where, err.path) == (where, "f.yaml")


def test_a_document_nested_too_deeply_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(text: str) -> Any:
        raise RecursionError

    monkeypatch.setattr(yamlio, "strict_load", deep)
    err = refused(load_yaml, "a: [1, {b: 2}]\n", path="f.yaml")
    assert (err.detail, err.path) == ("is nested too deeply", "f.yaml")


def test_text_read_is_decoded_with_what_the_file_is(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xff\xfea\x00")
    assert refused(read_text, path, what="config").detail == "is UTF-16 encoded; save the config as UTF-8"
    path.write_bytes(b"a: 1\n")
    assert read_text(path) == "a: 1\n"
    assert refused(decode, b"\xff\xfe", path=None).detail == "is UTF-16 encoded; save the file as UTF-8"


class _Reads:
    """A file handle that records how many bytes each read asks for."""

    def __init__(self, handle: Any, asked: list[int | None]) -> None:
        self.handle = handle
        self.asked = asked

    def __enter__(self) -> _Reads:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def fileno(self) -> int:
        return int(self.handle.fileno())

    def read(self, n: int | None = None) -> bytes:
        self.asked.append(n)
        return bytes(self.handle.read(n))


def _spy_reads(monkeypatch: pytest.MonkeyPatch, size: int | None = None) -> list[int | None]:
    asked: list[int | None] = []
    real_fdopen, real_fstat = os.fdopen, os.fstat
    monkeypatch.setattr(yamlio.os, "fdopen", lambda fd, mode: _Reads(real_fdopen(fd, mode), asked))
    if size is not None:  # the file as it was when its size was looked at

        def smaller(fd: int) -> os.stat_result:
            fields = list(real_fstat(fd))
            fields[stat.ST_SIZE] = size
            return os.stat_result(fields)

        monkeypatch.setattr(yamlio.os, "fstat", smaller)
    return asked


@pytest.mark.parametrize(
    ("length", "size", "limit", "asked", "read"),
    [
        (10, None, 10, [11], True),  # exactly at the limit: one read, one byte more than its size
        (10, 4, 10, [5, 6], True),  # grew while read, to the limit: read on, up to it and a byte
        (11, 4, 10, [5, 6], False),  # grew past the limit while read: refused
        (4, None, 10, [5], True),
    ],
)
def test_a_file_is_read_in_reads_bounded_by_its_size_and_the_limit(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    length: int,
    size: int | None,
    limit: int,
    asked: list[int],
    read: bool,
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * length)
    reads = _spy_reads(monkeypatch, size)
    if read:
        assert read_bytes(path, max_bytes=limit) == b"x" * length
    else:
        err = refused(read_bytes, path, max_bytes=limit)
        assert (err.detail, err.path) == ("is over 0 MB; a file may be at most that", str(path))
    assert reads == asked


def test_a_file_one_byte_over_the_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 11)
    reads = _spy_reads(monkeypatch)
    assert refused(read_bytes, path, max_bytes=10).detail == "is 0.0 MB; a file may be at most 0 MB"
    assert reads == []


def test_a_file_swapped_for_a_pipe_after_it_was_looked_at_is_refused_without_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = tmp_path / "r.yaml"
    regular.write_bytes(b"a: 1\n")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    real_stat, real_open = os.stat, os.open
    flags: list[int] = []

    def looked_at_before(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return real_stat(regular if str(path) == str(fifo) else path, *args, **kwargs)

    def opened(path: Any, flag: int, *args: Any) -> int:
        flags.append(flag)
        return real_open(path, flag | os.O_NONBLOCK, *args)  # never hang, even when told to

    monkeypatch.setattr(yamlio.os, "stat", looked_at_before)
    monkeypatch.setattr(yamlio.os, "open", opened)
    err = refused(read_bytes, fifo, what="config")
    assert (err.detail, err.path) == ("is a named pipe (FIFO), not a file; expected a config", str(fifo))
    assert flags == [os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a:\n\tb: 1\n", "2:1"),  # the C loader: "found character that cannot start any token"
        ("a: 1\n\tb: 2\n", "2:1"),  # the C loader: "found a tab character that violates indentation"
        ("\ta: 1\n", "1:1"),
        ("a:\n  - 1\n\t- 2\n", "3:1"),
    ],
)
def test_a_tab_that_indents_is_named_as_a_tab(text: str, where: str) -> None:
    err = refused(load_yaml, text, path="f.yaml")
    assert (err.detail, err.where) == ("a tab character cannot indent YAML; use spaces", where)


def test_long_text_is_folded_where_the_dumper_folds_it_at_100_characters() -> None:
    words = ["ab"] * 90
    assert dump_yaml({"a": " ".join(words)}) == (
        "a: " + " ".join(words[:33]) + "\n  " + " ".join(words[33:67]) + "\n  " + " ".join(words[67:]) + "\n"
    )


def test_a_remembered_line_is_one_for_that_key_s_type_and_is_used_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlio, "_LINES", {})
    assert dump_document({1: 5}) == "1: 5\n"
    assert dump_document({True: 5}) == "true: 5\n"  # True == 1, but is written otherwise
    assert dump_document({1.0: 5}) == "1.0: 5\n"
    assert dump_document({1: 5, "b": {"c": 1}}) == "1: 5\nb:\n  c: 1\n"

    def not_again(data: Any) -> str:
        raise AssertionError(data)

    monkeypatch.setattr(yamlio, "dump_yaml", not_again)
    assert dump_document({1: 5, "b": {"c": 1}}) == "1: 5\nb:\n  c: 1\n"  # each line remembered


def test_a_temporary_file_that_cannot_be_removed_does_not_hide_why_the_write_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    def stuck(path: Any) -> None:
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(yamlio.os, "replace", full)
    monkeypatch.setattr(yamlio.os, "unlink", stuck)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "f.txt", "x")
    assert str(caught.value) == f"{tmp_path / 'f.txt'}: cannot write: No space left on device"


def test_a_too_long_number_s_key_is_named_whole() -> None:
    err = refused(load_yaml, "Xa: " + "9" * 5000 + "\n", path=None)
    assert (err.detail, err.where) == ("Xa: a number of more than 4,300 digits; no field takes one", "1:5")
