"""The two kinds of model: what a person writes (checked strictly) and what the tool wrote."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: Any) -> Any:
    """Text without control characters, so no file can send escape sequences to a terminal or
    into a report; line breaks and tabs stay."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class UserFileModel(BaseModel):
    """A file a person writes (questionnaire, response, config): a typo in a key is an error,
    never silently ignored; YAML's .inf and .nan are not numbers anyone means; control
    characters are dropped from text."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _printable(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out = {}
        for key, value in data.items():
            if isinstance(value, list):
                value = [printable(v) for v in value]
            elif isinstance(value, dict):
                value = {k: printable(v) for k, v in value.items()}
            out[key] = printable(value)
        return out


class DocumentModel(BaseModel):
    """A document this tool wrote (a result): keys from a newer version are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
