"""Where the response files stand before the reveal: one FileStatus per file, one SideStatus
per side. `alignment status` computes them (commands/status.py) and render/status.py draws them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["complete", "partial", "blank", "invalid"]


@dataclass(frozen=True)
class FileStatus:
    """One response file as it stands."""

    path: str
    state: State
    organization: str | None = None
    side: str | None = None
    name: str | None = None
    team: str | None = None
    head: bool = False
    questionnaire: str | None = None
    version: str | None = None
    answered: int = 0  # questions with an answer, "don't know" included
    dont_know: int = 0
    asked: int | None = None  # None when the questionnaire is not known here
    saved: str | None = None  # the file's modification time, local, to the minute
    problem: str | None = None

    @property
    def answered_excluding_dont_know(self) -> int:
        """The answers that say something: a value or "not applicable", not "don't know"."""
        return self.answered - self.dont_know

    def document(self) -> dict[str, Any]:
        document = {key: getattr(self, key) for key in self.__dataclass_fields__}
        document["answered_excluding_dont_know"] = self.answered_excluding_dont_know
        return document


@dataclass(frozen=True)
class SideStatus:
    """How far one side has got: its files, how many are in each state (in the order first
    met), and the heads among them."""

    side: str
    files: int = 0
    states: dict[str, int] = field(default_factory=dict)
    heads: tuple[str, ...] = ()

    def document(self) -> dict[str, Any]:
        return {"side": self.side, "files": self.files, "states": self.states, "heads": list(self.heads)}
