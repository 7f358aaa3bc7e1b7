"""Reading untrusted YAML safely, pointing errors at their line, and writing files atomically."""

from __future__ import annotations

import calendar
import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from alignment_cli.errors import InputError, OutputError
from alignment_cli.io.fastyaml import MEMO_CHARS, parse_simple
from alignment_cli.io.files import describe_mode

try:  # the C loader is several times faster; fall back quietly where libyaml is missing
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 5 * 1024 * 1024
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class _StrictLoader(_BaseLoader):
    """The safe loader, refusing duplicate keys that would silently drop an answer."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be plain text or a number", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first given on line {seen[key].start_mark.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_mapping)

MAX_DIGITS = 4_300  # Python's own limit for turning text into an integer and back
_TOO_LONG = 10**MAX_DIGITS  # the first number of MAX_DIGITS + 1 digits


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """An integer, refused (with its place) when it is too long to be a real answer or setting,
    whether written in decimal or in hexadecimal, octal or binary."""
    digits = str(node.value).replace("_", "").lstrip("+-")
    too_long = yaml.constructor.ConstructorError(
        None, None, f"a number of more than {MAX_DIGITS:,} digits; no field takes one", node.start_mark
    )
    if len(digits) > MAX_DIGITS:
        raise too_long
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        raise too_long from None
    if abs(value) >= _TOO_LONG:  # hexadecimal, octal or binary that is long in decimal
        raise too_long
    return int(value)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

_NOT_REAL = "not a real "
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_TIMESTAMP = yaml.constructor.SafeConstructor.timestamp_regexp  # what YAML calls a timestamp


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> date | datetime:
    """A date or a date and time, refused (with its place and why) when it is shaped like one
    but is none: PyYAML's own constructor lets datetime's ValueError escape, which no caller
    turns into a message with a line."""
    value = str(node.value)
    parts = _TIMESTAMP.match(value)
    try:
        if parts is None:  # only an explicit !!timestamp tag gets here with other text
            raise ValueError
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, _why_not_a_timestamp(value, parts), node.start_mark
        ) from None


def _why_not_a_timestamp(value: str, parts: re.Match[str] | None) -> str:
    """Why a value is no real date or time, in plain words."""
    bad_date = f"{_NOT_REAL}date: {value!r}"
    if parts is None:
        return f"{bad_date} (write a date as YYYY-MM-DD)"
    year, month, day = int(parts["year"]), int(parts["month"]), int(parts["day"])
    if year == 0:
        return f"{bad_date} (there is no year 0)"
    if not 1 <= month <= 12:
        return f"{bad_date} (a month is 1 to 12)"
    days = calendar.monthrange(year, month)[1]
    if day == 0:
        return f"{bad_date} (a day is 1 to {days})"
    if day > days:
        return f"{bad_date} ({_MONTHS[month - 1]} {year} has {days} days)"
    bad_time = f"{_NOT_REAL}time: {value!r}"
    if int(parts["hour"] or 0) > 23:
        return f"{bad_time} (an hour is 0 to 23)"
    if int(parts["minute"] or 0) > 59:
        return f"{bad_time} (a minute is 0 to 59)"
    if int(parts["second"] or 0) > 59:
        return f"{bad_time} (a second is 0 to 59)"
    return f"{bad_time} (a time zone is less than 24 hours from UTC)"


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Read a user file as UTF-8 text, refusing what is too large, binary or in another encoding."""
    return decode(read_bytes(path, max_bytes=max_bytes, what=what), path=path, what=what)


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> bytes:
    """A user file's bytes: a regular file only (a named pipe or a device is named, never
    waited on or read without end), at most `max_bytes`."""
    try:
        # no wait on a named pipe or a device: looked at first, opened without blocking, and
        # only a regular file is read
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise InputError(f"is {describe_mode(mode)}, not a file; expected a {what}", path=path)
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InputError(
                    f"is {describe_mode(info.st_mode)}, not a file; expected a {what}", path=path
                )
            size = info.st_size
            if size > max_bytes:
                raise InputError(
                    f"is {size / 1_048_576:.1f} MB; a {what} may be at most {max_bytes // 1_048_576} MB",
                    path=path,
                )
            # a buffer of the file's size, not of the limit (allocating 5 MB per file cost
            # more than reading it); a file that grew since is read on, up to the limit
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except FileNotFoundError:
        raise InputError(f"{what} not found", path=path) from None
    except IsADirectoryError:
        raise InputError(f"is a folder; expected a {what}", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read {what}: {exc.strerror}", path=path) from None
    if len(raw) > max_bytes:
        raise InputError(f"is over {max_bytes // 1_048_576} MB; a {what} may be at most that", path=path)
    return raw


def decode(raw: bytes, *, path: Path | str | None, what: str = "file") -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"is UTF-16 encoded; save the {what} as UTF-8", path=path)
    if b"\x00" in raw:
        raise InputError(f"is not a text file (it holds binary data); expected a YAML {what}", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the {what} as UTF-8",
            path=path,
            where=str(line),
        ) from None
    return text


def load_yaml(text: str, *, path: Path | str | None, what: str = "file") -> Any:
    """Parse one YAML document with the safe loader; every failure is an InputError with a line."""
    if not text.strip():
        raise InputError(f"is empty; expected a YAML {what}", path=path)
    simple = parse_simple(text)
    if simple is not None:
        return simple
    if "*" in text:
        _refuse_aliases(text, path)
    try:
        document = strict_load(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from None
    except RecursionError:
        raise InputError("is nested too deeply", path=path) from None
    if document is None:
        raise InputError(f"holds nothing but comments; expected a YAML {what}", path=path)
    return document


def strict_load(text: str) -> Any:
    """The document as the strict loader reads it, without the fast path: what the fast reader
    (fastyaml) must agree with. Raises yaml.YAMLError."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader subclass


def _refuse_aliases(text: str, path: Path | str | None) -> None:
    """Aliases are what YAML 'billion laughs' bombs are made of, and no file here needs them."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise InputError(
                    "YAML aliases (*name) are not allowed; write the value out in full",
                    path=path,
                    where=f"{mark.line + 1}:{mark.column + 1}" if mark else None,
                )
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, path, text) from None


_YAML_TAGS = "tag:yaml.org,2002:"
# the plain key a value follows, in block style (`- key: `) or flow style (`{a: 1, key: `)
_KEY_BEFORE = re.compile(r"([^\s\[\]{},:#'\"]+)\s*:\s*$")


def _yaml_error(exc: yaml.YAMLError, path: Path | str | None, text: str) -> InputError:
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        where: str | None = f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or " ")
        return InputError(
            f"holds a control character (#x{code:04x}) that YAML does not allow", path=path, where=where
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return InputError(f"is not valid YAML: {exc}", path=path)
    mark = exc.problem_mark or exc.context_mark
    where = f"{mark.line + 1}:{mark.column + 1}" if mark else None
    problem = str(exc.problem or exc.context or "invalid YAML")
    if mark is not None and ("digits" in problem or problem.startswith(_NOT_REAL)):
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        key = _KEY_BEFORE.search(line[: mark.column])
        if key:
            problem = f"{key[1]}: {problem}"
    if "\\t" in problem or "\t" in problem or _character_at(text, mark) == "\t":
        # the C loader's words do not name the tab ("found character that cannot start any
        # token", "found a tab character that violates indentation"): its place does
        problem = "a tab character cannot indent YAML; use spaces"
    elif "mapping values are not allowed" in problem:
        problem = "a ':' where it cannot be; check the indentation, or put text that holds ': ' in quotes"
    elif "could not determine a constructor for the tag" in problem:
        # as written: !!python/object, not tag:yaml.org,2002:python/object (nor the tail of it
        # after its last "tag")
        tag = problem.split("for the tag", 1)[-1].strip(" '")
        if tag.startswith(_YAML_TAGS):
            tag = "!!" + tag[len(_YAML_TAGS) :]
        problem = f"the tag {tag} is not allowed: these files hold plain data only"
    return InputError(problem, path=path, where=where)


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return ""
    return lines[mark.line][mark.column : mark.column + 1]


def locate(text: str, loc: Sequence[int | str]) -> str | None:
    """Find the line:column of a value by its path in the document, for validation messages."""
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    best = node
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key_node, value_node in node.value:
                if str(key_node.value) == str(key):
                    nxt = value_node
                    best = key_node
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if not 0 <= key < len(node.value):
                break
            node = node.value[key]
            best = node
        else:
            break
    if best is None:
        return None
    return f"{best.start_mark.line + 1}:{best.start_mark.column + 1}"


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


_SCALARS = (str, int, float, bool, type(None))
_LINES: dict[tuple[Any, ...], str] = {}
# entries; cleared when full, so a long-running server cannot grow it (a response file's
# questions and answers take a few hundred; each file adds its name and times)
_LINES_MAX = 16_384


def dump_document(data: dict[str, Any]) -> str:
    """The same text as `dump_yaml` for a document of scalars and mappings of scalars (the shape
    of a response file), built line by line. Each `key: value` line is the dumper's own output
    for that one entry at its depth, remembered: across thousands of imported files the same
    question with the same answer recurs, and the dumper's per-node work was most of an import.
    Anything of another shape goes to `dump_yaml` whole."""
    if not data:
        return dump_yaml(data)
    out: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict) and value:
            if not all(isinstance(v, _SCALARS) for v in value.values()):
                return dump_yaml(data)
            head = _line(0, key, {}, "nested-head")
            if head.startswith("?"):  # a key written in the explicit form: not this shape
                return dump_yaml(data)
            out.append(head)
            out.extend(_line(1, k, v, type(v).__name__) for k, v in value.items())
        elif isinstance(value, (*_SCALARS, dict)):
            out.append(_line(0, key, value, type(value).__name__))
        else:
            return dump_yaml(data)
    return "".join(out)


def _line(depth: int, key: Any, value: Any, kind: str) -> str:
    # a float by its repr: -0.0 equals 0.0 but is written differently; a mapping is empty here
    shown = repr(value) if kind == "float" else None if kind in ("dict", "nested-head") else value
    memo = (depth, type(key).__name__, key, kind, shown)
    found = _LINES.get(memo)
    if found is None:
        if kind == "nested-head":
            found = dump_yaml({key: {"": 0}}).split("\n", 1)[0] + "\n"
        elif depth == 0:
            found = dump_yaml({key: value})
        else:
            found = dump_yaml({"": {key: value}}).split("\n", 1)[1]
        if isinstance(value, str) and len(value) > MEMO_CHARS:
            return found  # free text (a comment) is written each time, never kept
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        _LINES[memo] = found
    return found


def write_atomic(path: Path, text: str | bytes, *, fsync: bool = True, mode: int | None = None) -> None:
    """Write to a temporary file beside the target and rename it, so no reader sees half a file.
    Text is written as UTF-8 with its line feeds as they are; bytes (a PDF) as they are."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        info = os.stat(path)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: is {describe_mode(info.st_mode)}; only a regular file is replaced")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        # mkstemp makes files private; reports are to be shared, secrets (mode 0o600) are not
        os.fchmod(fd, 0o666 & ~_UMASK if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write: {exc.strerror}") from None
        raise
