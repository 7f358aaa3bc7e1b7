"""A fast reader for the plain shape of YAML that `alignment survey` writes.

Response files are read by the thousand, and PyYAML spends about 2 ms on each. Files in the
simple shape written by the survey (top-level keys, one level of `key: scalar` beneath them,
comments and blank lines) are read here in a fraction of that. Anything else returns None and
goes to the full safe loader, so this only ever agrees with PyYAML or steps aside: plain scalars
are resolved with PyYAML's own implicit-type table.
"""

from __future__ import annotations

import functools
import re
from typing import Any, TypeVar

import yaml

# YAML's printable characters; compiled when first needed (building this set takes longer than
# reading a hundred files, and ASCII files never need it)
_PRINTABLE = "[^\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
_SIMPLE_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*$")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_INDICATORS = set(",[]{}#&*!|>%@`'\"")
_SPECIAL_KEYS = _NULLS | _TRUE | _FALSE

# What recurs across files (the same question, the same answer) is read once and remembered in
# the memos below (_KEYS, _LINES, _MEMO). They are bounded, because a process may read files for
# hours (`alignment collect` reads every file it resumes): a full memo is emptied and refills
# with what recurs, and free text (a comment, a long name) is read each time, never kept.
MEMO_ENTRIES = 4096  # per memo; a survey questionnaire's lines and answers take a few hundred
MEMO_CHARS = 120  # a longer line or value is not remembered

T = TypeVar("T")


def _remember(memo: dict[str, T], text: str, value: T) -> None:
    if len(text) > MEMO_CHARS:
        return
    if len(memo) >= MEMO_ENTRIES:
        memo.clear()
    memo[text] = value


@functools.cache
def _non_printable() -> re.Pattern[str]:
    return re.compile(_PRINTABLE)


class _Unsupported(Exception):
    """Not the simple shape: the caller uses the full loader."""


def parse_simple(text: str) -> dict[str, Any] | None:
    """The document as PyYAML's safe loader would build it, or None when not the simple shape."""
    if "\t" in text or ("\r" in text and "\r" in text.replace("\r\n", "")):
        return None
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return None  # line breaks to YAML, though not to str.split("\n")
    ascii_only = text.isascii()
    if ascii_only and text.encode("ascii").translate(None, _PRINTABLE_ASCII):
        return None  # control characters: the full loader names them
    try:
        document = _parse(text)
    except _Unsupported:
        return None
    # other text is looked at only once it has the simple shape (a questionnaire file, with its
    # typographic quotes, is handed over at its first list without it)
    if not ascii_only and _non_printable().search(text):
        return None
    return document


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n\r"
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_KEYS: dict[str, str] = {}  # one string object per question id, shared across files
_MISSING = object()


def _plain_key(key: str) -> str:
    """A key this reader may take as written: one PyYAML certainly reads as this very string
    (not a number, boolean, date or null); others go to the full loader."""
    if not _KEY.fullmatch(key) or key[0] in "0123456789" or key in _SPECIAL_KEYS:
        raise _Unsupported
    _remember(_KEYS, key, key)
    return key


def _parse(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    current: dict[str, Any] | None = None
    pending: str | None = None
    for line in text.split("\n"):
        # most lines recur across files (the same question, the same answer): read once each
        entry = _LINES.get(line)
        if entry is None:
            entry = _line(line)
            if not isinstance(entry[2], dict | list):
                _remember(_LINES, line, entry)
        nested, key, value, has_value = entry
        if key is None:
            continue  # blank, or a comment
        if nested:
            if current is None:
                if pending is None:
                    raise _Unsupported
                current = root[pending] = {}
                pending = None
            if key in current:
                raise _Unsupported
            current[key] = value
            continue
        if key in root:
            raise _Unsupported
        current = None
        root[key] = value
        pending = None if has_value else key
    return root or None


_Line = tuple[bool, str | None, Any, bool]  # nested, key (None: nothing), value, value given
_NOTHING: _Line = (False, None, None, False)
# A line read before -> what it holds; only lines whose value is immutable (see _MEMO).
_LINES: dict[str, _Line] = {}


def _line(line: str) -> _Line:
    """One line: an entry at the top or one level down, or nothing (blank, comment)."""
    if not line or line[0] == "#":
        return _NOTHING
    if line[-1] in " \r":
        line = line.rstrip(" \r")
        if not line:
            return _NOTHING
    nested = line[0] == " "
    body = _nested_body(line) if nested else line
    if body is None:
        return _NOTHING
    key, colon, rest = body.partition(":")
    if not colon:
        raise _Unsupported
    key = _KEYS.get(key) or _plain_key(key)
    if not rest:
        return nested, key, None, False
    if rest[0] != " ":
        raise _Unsupported
    rest = rest.lstrip(" ")
    value = _MEMO.get(rest, _MISSING)
    if value is _MISSING:
        value = _value(rest)
    return nested, key, value, True


def _nested_body(line: str) -> str | None:
    """A line one level down without its two spaces; None for an indented comment."""
    body = line[2:]
    if line[1] != " " or body[0] == " ":
        if line.lstrip(" ")[0] == "#":
            return None
        raise _Unsupported
    return None if body[0] == "#" else body


# The same few values (1 to 5, yes, no, option values) fill most answers: remember them.
# Only immutable ones: an empty mapping or list is made anew for every document, so changing
# what one parse returned can never change what a later parse returns.
_MEMO: dict[str, Any] = {}


def _value(text: str) -> Any:
    if text == "{}":
        return {}
    if text == "[]":
        return []
    return _scalar(text)


def _scalar(value: str) -> Any:
    try:
        return _MEMO[value]
    except KeyError:
        pass
    result = _scalar_uncached(value)
    _remember(_MEMO, value, result)
    return result


def _scalar_uncached(value: str) -> Any:
    if " #" in value or value[0] == "#":
        raise _Unsupported
    if value[0] in "'\"":
        return _quoted(value)
    return _plain(value)


def _quoted(value: str) -> str:
    """'single' (with '' for a quote) or "double" without escapes; others to the full loader."""
    quote, inner = value[0], value[1:-1]
    if len(value) < 2 or value[-1] != quote:
        raise _Unsupported
    if quote == "'":
        if "'" in inner.replace("''", ""):
            raise _Unsupported
        return inner.replace("''", "'")
    if "\\" in inner or '"' in inner:
        raise _Unsupported
    return inner


def _plain(value: str) -> Any:
    """A plain scalar, typed as PyYAML's resolver types it."""
    first = value[0]
    if first in _INDICATORS or ": " in value or value[-1] == ":":
        raise _Unsupported
    kind = _resolve(value)
    if kind is str:
        if first in "-?:" and (len(value) == 1 or value[1] == " "):
            raise _Unsupported
        return value
    if kind is type(None):
        return None
    if kind is bool:
        return value in _TRUE
    if kind in (int, float) and len(value) > 40:
        raise _Unsupported  # the full loader says where a number too long to be real is
    if kind is int and _DECIMAL_INT.match(value):
        return int(value)
    if kind is float and _SIMPLE_FLOAT.match(value):
        return float(value)
    raise _Unsupported  # octal, sexagesimal, timestamps, .inf, merge keys: the full loader


_TAGS = {
    "tag:yaml.org,2002:null": type(None),
    "tag:yaml.org,2002:bool": bool,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


def _resolve(value: str) -> type:
    """The type PyYAML's resolver gives a plain scalar; `object` for anything exotic."""
    if value in _NULLS:
        return type(None)
    if value in _TRUE or value in _FALSE:
        return bool
    for tag, pattern in _RESOLVERS.get(value[0], ()):
        if pattern.match(value):
            return _TAGS.get(tag, object)
    return str
