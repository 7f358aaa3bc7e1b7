"""Turning pydantic's validation errors into one message that names the file, line and key."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import load_yaml, locate
from alignment_cli.text import value_repr


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    out: list[int | str] = []
    for part in loc:
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


def _model_at(model: Any, loc: tuple[int | str, ...]) -> Any:
    """The pydantic model that holds the key at the end of `loc`, found through the field types."""
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        model = _inner_model(fields[part].annotation)
    return model


def _inner_model(annotation: Any) -> Any:
    """The model inside Optional[...], list[...] or dict[str, ...], if there is one."""
    from typing import get_args

    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def did_you_mean(key: str, known: list[str]) -> str:
    """' (did you mean thresholds?)' for a near miss, else nothing."""
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _describe(error: Mapping[str, Any], model: Any = None) -> str:
    kind = error.get("type", "")
    msg = str(error.get("msg", "invalid value"))
    if kind == "extra_forbidden":
        loc = _clean_loc(tuple(error.get("loc", ())))
        holder = _model_at(model, loc[:-1]) if model is not None and loc else None
        if holder is not None and isinstance(loc[-1], str):
            known = list(holder.model_fields)
            hint = did_you_mean(loc[-1], known)
            return (
                f"unknown key{hint}; the keys here are {', '.join(known)}"
                if hint
                else f"unknown key; the keys here are {', '.join(known)}"
            )
        return "unknown key (check its spelling against the documented format)"
    if kind == "missing":
        return "required key is missing"
    if kind == "union_tag_invalid":  # pydantic's "Input tag 'likret' found using 'kind' ..."
        ctx = error.get("ctx") or {}
        tag, key = ctx.get("tag", "?"), ctx.get("discriminator", "kind").strip("'")
        tags = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
        return f"{key}: {tag!r} is not one of {', '.join(tags)}{did_you_mean(str(tag), tags)}"
    if kind == "union_tag_not_found":
        ctx = error.get("ctx") or {}
        return f"required key {str(ctx.get('discriminator', 'kind')).strip(chr(39))} is missing"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if msg.startswith("Assertion failed, "):
        msg = msg[len("Assertion failed, ") :]
    given = error.get("input")
    if kind not in {"missing"} and isinstance(given, str | int | float | bool) and given is not None:
        msg += f" (got {value_repr(given)})"
    elif isinstance(given, date):  # a datetime too: an unquoted 2026-02-28 where text is meant
        quote = "; put it in quotes for text" if kind == "string_type" else ""
        msg += f" (got {given.isoformat()}, which YAML reads as a date{quote})"
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
    exc: ValidationError,
    *,
    path: Path | str | None,
    text: str | None,
    raw: Any,
    what: str,
    model: Any = None,
) -> InputError:
    """One message for the first problem; with `model`, an unknown key gets its near miss."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = _clean_loc(tuple(first.get("loc", ())))
    where = locate(text, loc) if text is not None else None
    subject = _subject(raw, loc)
    place = key_path(loc) or what
    if subject:
        place += f" (in {subject})"
    message = f"{place}: {_describe(first, model)}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(message, path=path, where=where)


M = TypeVar("M", bound=BaseModel)


def read_document(
    model: type[M],
    text: str,
    *,
    path: Path | str | None,
    what: str,
    expected: str,
    named: str | None = None,
    near_miss: bool = False,
) -> M:
    """A user's YAML file (`what`: "response file") read as `model`: YAML the safe loader
    refuses, a document that is not a mapping (`expected` says what it should hold) or a wrong
    field is one InputError naming the file and the place. A field's place starts from `named`
    (default `what`); with `near_miss`, an unknown key gets the known key it is closest to."""
    raw = load_yaml(text, path=path, what=what)
    if not isinstance(raw, dict):
        raise InputError(f"expected {expected}", path=path, where="1:1")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise from_validation_error(
            exc, path=path, text=text, raw=raw, what=named or what, model=model if near_miss else None
        ) from None
