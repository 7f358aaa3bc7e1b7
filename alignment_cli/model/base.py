"""The two kinds of model: what a person writes (checked strictly) and what the tool wrote."""

from __future__ import annotations

import types
import typing
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from alignment_cli.text import clean_any, clean_text, clean_tree

# result fields that hold prose and may keep their line breaks; every other text is one line
_PROSE = frozenset({"text", "detail", "why", "actions", "summary", "headline", "statements"})


def printable(value: Any) -> Any:
    """Text without escape sequences, control characters or bidi controls, so no file can send
    them to a terminal or into a report; line breaks stay (see text.clean_text)."""
    return clean_any(value, multiline=True)


MAX_NAME = 200  # names, teams, organizations, titles: longer is not a real one
SHORT_FIELDS = frozenset({"organization", "name", "team", "title"})


def single_line(value: Any) -> Any:
    """printable, for a name, a title or an organization: its lines joined with spaces, so no
    value can forge a line of its own in a report."""
    cleaned = clean_any(value)
    if isinstance(cleaned, str) and len(cleaned) > MAX_NAME:
        raise ValueError(f"is {len(cleaned):,} characters long; at most {MAX_NAME} are expected")
    return cleaned


class UserFileModel(BaseModel):
    """A file a person writes (questionnaire, response, config): a typo in a key is an error,
    never silently ignored; YAML's .inf and .nan are not numbers anyone means; control
    characters are dropped from text."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)
    # prose that may run over several lines; every other text is one line
    multiline_fields: ClassVar[frozenset[str]] = frozenset()
    # text kept exactly as written (paths: cleaning one would name another file), which the
    # model checks itself
    verbatim_fields: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _printable(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            multiline = key in cls.multiline_fields
            if key in SHORT_FIELDS and isinstance(value, str) and len(value) > MAX_NAME:
                raise ValueError(
                    f"{key}: is {len(value):,} characters long; a {key} may be at most {MAX_NAME} characters"
                )
            if key in cls.verbatim_fields:
                out[key] = value
                continue
            # inline type tests: a response holds dozens of answers, most of them numbers
            if isinstance(value, list):
                value = [clean_text(v, multiline=multiline) if type(v) is str else v for v in value]
            elif isinstance(value, dict):
                value = {
                    k: clean_text(v, multiline=multiline) if type(v) is str else v for k, v in value.items()
                }
            out[key] = clean_any(value, multiline=multiline)
        return out

    # fields typed as numbers (int or float, optional or not), and fields whose values are
    # (a mapping or list of numbers): found from the types as each model class is made
    number_fields: ClassVar[frozenset[str]] = frozenset()
    number_item_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        single, items = set(), set()
        for name, field in cls.model_fields.items():
            names = {name, field.alias or name}
            if _is_number(field.annotation):
                single |= names
            elif typing.get_origin(field.annotation) in (dict, list) and _is_number(
                typing.get_args(field.annotation)[-1]
            ):
                items |= names
        cls.number_fields = frozenset(single)
        cls.number_item_fields = frozenset(items)

    @model_validator(mode="before")
    @classmethod
    def _no_boolean_numbers(cls, data: Any) -> Any:
        """YAML reads yes, no, on, off, true and false as booleans, and a number field would take
        them as 1 and 0: `large_gap: yes` is refused, whatever the field is called."""
        if not isinstance(data, dict) or not (cls.number_fields or cls.number_item_fields):
            return data
        for key, value in data.items():
            if key in cls.number_fields:
                _refuse_boolean(str(key), value)
            elif key in cls.number_item_fields:
                entries = (
                    value.items()
                    if isinstance(value, dict)
                    else enumerate(value)
                    if isinstance(value, list)
                    else ()
                )
                for item, entry in entries:
                    _refuse_boolean(f"{key}.{item}", entry)
        return data


def _is_number(annotation: Any) -> bool:
    """int or float, or an optional one (bool, though a subclass of int, is not a number here)."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(annotation) if a is not type(None)]
        return bool(kinds) and all(_is_number(a) for a in kinds)
    return annotation in (int, float)


def _refuse_boolean(key: str, value: Any) -> None:
    if isinstance(value, bool):
        raise ValueError(
            f"{key}: expected a number, not {str(value).lower()} (YAML reads yes, "
            "no, on, off, true and false as true or false)"
        )


class DocumentModel(BaseModel):
    """A document this tool wrote (a result): keys from a newer version are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        """A result may come from a file (a baseline, `compare`): its text is cleaned like any
        other text from outside (see text.clean_text)."""
        return clean_tree(data, multiline_keys=_PROSE) if isinstance(data, dict) else data
