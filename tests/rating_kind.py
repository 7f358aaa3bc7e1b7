"""A question kind that lives outside the package: a 0-10 rating ("How likely ... from 0 to 10?"),
10 the best, scored as the value times ten.

It is here to show that a kind is one class: the survey, the web form, the import, the export and
the reports take it through the registry, and no file of the package names it. Register it for
one test at a time (the `rating` fixture in tests/test_question_kinds.py), so no other test sees
a fifth kind.
"""

from __future__ import annotations

from typing import Any, Literal

from alignment_cli.model.questionnaire import ChooseOne, QuestionKind, Scale

LOWEST, HIGHEST = 0, 10
ENDS = {LOWEST: "Not at all likely", HIGHEST: "Extremely likely"}


class RatingQuestion(QuestionKind):
    """How likely something is, from 0 to 10; every answer is a scale point of its own."""

    kind: Literal["rating"]

    def raw_score(self, value: Any, scale: Scale) -> float:
        return float(value) * 10

    def widget(self, scale: Scale) -> ChooseOne:
        return ChooseOne(tuple((v, ENDS.get(v, "")) for v in range(LOWEST, HIGHEST + 1)), numbered=True)

    def normalize(self, value: Any, scale: Scale) -> Any:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not LOWEST <= value <= HIGHEST
            or value != int(value)
        ):
            raise ValueError(f"expected a whole number from {LOWEST} to {HIGHEST}")
        return int(value)

    def from_form(self, raw: str, scale: Scale) -> Any:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 2):
            raise ValueError(raw)
        return int(raw)

    def label(self, value: Any, scale: Scale) -> str:
        if value is None:
            return "no answer"
        return f"{value} of {HIGHEST}"

    def describe_allowed(self, scale: Scale) -> str:
        return f"{LOWEST}-{HIGHEST} ({HIGHEST} the most likely)"

    def show_answers(self, scale: Scale) -> list[str]:
        return [f"{LOWEST}-{HIGHEST}, {HIGHEST} the best; scored as the answer times ten"]

    def problems(self) -> list[tuple[str, str]]:
        if self.fact:
            return [("a rating cannot be a fact", "fact")]
        return []
