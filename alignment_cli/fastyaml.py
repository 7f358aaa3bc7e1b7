"""A fast reader for the plain shape of YAML that `alignment survey` writes.

Response files are read by the thousand, and PyYAML spends about 2 ms on each. Files in the
simple shape written by the survey (top-level keys, one level of `key: scalar` beneath them,
comments and blank lines) are read here in a fraction of that. Anything else returns None and
goes to the full safe loader, so this only ever agrees with PyYAML or steps aside: plain scalars
are resolved with PyYAML's own implicit-type table.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_KEY_LINE = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-]*):(?:[ ]+(.*))?$")
_NON_PRINTABLE = re.compile("[^\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)$")
_SIMPLE_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*$")
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_INDICATORS = set(",[]{}#&*!|>%@`'\"")


class _Unsupported(Exception):
    """Not the simple shape: the caller uses the full loader."""


def parse_simple(text: str) -> dict[str, Any] | None:
    """The document as PyYAML's safe loader would build it, or None when not the simple shape."""
    if "\t" in text or "\r" in text.replace("\r\n", "") or _NON_PRINTABLE.search(text):
        return None
    try:
        return _parse(text)
    except _Unsupported:
        return None


def _parse(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    current: dict[str, Any] | None = None
    pending: str | None = None
    for raw in text.split("\n"):
        line = raw.rstrip(" \r")
        if not line or line.lstrip(" ").startswith("#"):
            continue
        if line[0] == " ":
            if len(line) < 3 or line[1] != " " or line[2] == " ":
                raise _Unsupported
            if current is None:
                if pending is None:
                    raise _Unsupported
                current = root[pending] = {}
                pending = None
            key, value = _key_value(line[2:])
            if key in current:
                raise _Unsupported
            current[key] = None if value is None else _scalar(value)
            continue
        key, value = _key_value(line)
        if key in root:
            raise _Unsupported
        current = None
        if value is None:
            root[key] = None
            pending = key
        else:
            root[key] = _scalar(value)
            pending = None
    return root or None


def _key_value(line: str) -> tuple[str, str | None]:
    match = _KEY_LINE.match(line)
    if match is None:
        raise _Unsupported
    key = match.group(1)
    if key[0] in "0123456789" or key in _TRUE or key in _FALSE or key in _NULLS:
        raise _Unsupported  # a key that PyYAML would read as a number, boolean or null
    value = match.group(2)
    return key, (value if value else None)


# The same few values (1 to 5, yes, no, option values) fill most answers: remember them.
_MEMO: dict[str, Any] = {}
_MEMO_LIMIT = 100_000


def _scalar(value: str) -> Any:
    try:
        return _MEMO[value]
    except KeyError:
        pass
    result = _scalar_uncached(value)
    if len(_MEMO) < _MEMO_LIMIT:
        _MEMO[value] = result
    return result


def _scalar_uncached(value: str) -> Any:
    if " #" in value or value[0] == "#":
        raise _Unsupported
    first = value[0]
    if first == "'":
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", ""):
            raise _Unsupported
        return inner.replace("''", "'")
    if first == '"':
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != '"' or "\\" in inner or '"' in inner:
            raise _Unsupported
        return inner
    if value == "{}":
        return {}
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
