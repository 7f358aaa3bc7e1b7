"""The two kinds of model: what a person writes (checked strictly) and what the tool wrote."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from alignment_cli.text import clean_any, clean_text, clean_tree

# numeric settings that YAML's yes/no/on/off/true/false must never stand in for
_NUMBER_FIELDS = frozenset({"weight", "score", "min", "max", "best", "worst", "from", "below",
                            "at_least", "alignment_below", "score_below", "gap_at_least",
                            "year"})
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
            if isinstance(value, bool) and key in _NUMBER_FIELDS:
                raise ValueError(f"{key}: expected a number, not {str(value).lower()} (YAML "
                                 "reads yes, no, on, off, true and false as true or false)")
            multiline = key in cls.multiline_fields
            if key in SHORT_FIELDS and isinstance(value, str) and len(value) > MAX_NAME:
                raise ValueError(f"{key}: is {len(value):,} characters long; a {key} may be at "
                                 f"most {MAX_NAME} characters")
            if key in cls.verbatim_fields:
                out[key] = value
                continue
            # inline type tests: a response holds dozens of answers, most of them numbers
            if isinstance(value, list):
                value = [clean_text(v, multiline=multiline) if type(v) is str else v
                         for v in value]
            elif isinstance(value, dict):
                value = {k: clean_text(v, multiline=multiline) if type(v) is str else v
                         for k, v in value.items()}
            out[key] = clean_any(value, multiline=multiline)
        return out


class DocumentModel(BaseModel):
    """A document this tool wrote (a result): keys from a newer version are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        """A result may come from a file (a baseline, `compare`): its text is cleaned like any
        other text from outside (see text.clean_text)."""
        return clean_tree(data, multiline_keys=_PROSE) if isinstance(data, dict) else data
