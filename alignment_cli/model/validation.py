"""Turning pydantic's validation errors into one message that names the file, line and key."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import locate
from alignment_cli.text import value_repr

# pydantic puts the tag of a tagged union into the error's path; the user never wrote it
_UNION_TAGS = {"likert", "choice", "yes_no", "number"}


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    out: list[int | str] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in _UNION_TAGS and i and isinstance(loc[i - 1], int):
            continue
        if isinstance(part, str) and part.startswith(("function-", "union[")):
            continue
        out.append(part)
    return tuple(out)


def key_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _describe(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    msg = str(error.get("msg", "invalid value"))
    if kind == "extra_forbidden":
        return "unknown key (check its spelling against the documented format)"
    if kind == "missing":
        return "required key is missing"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        msg = msg[len("Assertion failed, "):]
    given = error.get("input")
    if kind not in {"missing"} and isinstance(given, str | int | float | bool) and given is not None:
        msg += f" (got {value_repr(given)})"
    return msg


def _subject(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Name the question or recommendation the error is inside, when the path runs through one."""
    node = raw
    named = ""
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            named = node["id"]
    return named


def from_validation_error(
    exc: ValidationError, *, path: Path | str | None, text: str | None, raw: Any, what: str
) -> InputError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = _clean_loc(tuple(first.get("loc", ())))
    where = locate(text, loc) if text is not None else None
    subject = _subject(raw, loc)
    place = key_path(loc) or what
    if subject:
        place += f" (in {subject})"
    message = f"{place}: {_describe(first)}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(message, path=path, where=where)
