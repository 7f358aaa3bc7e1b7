"""Completeness: how much of what a file was asked it answered, and which files count.

A "don't know" counts as answered: it is an answer, and often a telling one; so does "not
applicable". A file under the
minimum is left out of every score (unless the caller includes incomplete files on purpose); a
file with no answers at all is never a respondent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.response import Response, asked_of_role, completeness
from alignment_cli.model.response import share as share_of
from alignment_cli.model.result import RespondentFile
from alignment_cli.text import clean_text

NO_ANSWERS = "no answers"  # the reason a file without a real answer is left out: a blank


@dataclass(frozen=True)
class Screened:
    kept: list[Response]
    files: list[RespondentFile]  # every file, in the order given
    include_incomplete: bool = False

    @property
    def excluded(self) -> list[RespondentFile]:
        return [f for f in self.files if not f.included]

    def complete_on(self, side: str, minimum: float) -> int:
        """Respondents on a side whose file reaches the minimum (any included file, when
        incomplete files are included on purpose)."""
        # the share as screen() judged it, not the rounded one shown: 5 of 7 (0.714...) reaches
        # a minimum of 0.7142, though it is shown as 0.714
        return sum(
            1
            for f in self.files
            if f.included and f.role == side and (self.include_incomplete or f.answered / f.asked >= minimum)
        )


def _only_dont_know(response: Response, asked: frozenset[str]) -> bool:
    """Nothing but "don't know" among the questions asked, and no comment: no real answer."""
    answers = response.answers
    if response.not_applicable or any(c.strip() for c in response.comments.values()):
        return False
    return all(answers.get(qid) is None for qid in asked)


def screen(
    questionnaire: Questionnaire,
    responses: Sequence[Response],
    labels: Sequence[str],
    *,
    minimum: float,
    include_incomplete: bool = False,
) -> Screened:
    kept: list[Response] = []
    files: list[RespondentFile] = []
    asked_by_role = {role: asked_of_role(questionnaire, role) for role in questionnaire.roles}
    for response, label in zip(responses, labels, strict=True):
        answered, asked = completeness(questionnaire, response, asked=asked_by_role[response.respondent.role])
        share = share_of(answered, asked)
        reason = None
        if answered == 0:
            reason = NO_ANSWERS
        elif _only_dont_know(response, asked_by_role[response.respondent.role]):
            # an untouched `questionnaire template` file: a blank, never a respondent, and
            # never counted toward a group's minimum size
            reason = f'{NO_ANSWERS} (only "don\'t know", as a blank template)'
        elif share < minimum and not include_incomplete:
            reason = (
                f"incomplete: {answered} of {asked} answered ({share:.0%}), under the "
                f"minimum of {minimum:.0%}"
            )
        # built without a second validation pass over values made right here: the label is
        # the one text from outside, cleaned as it enters (the role was cleaned on reading)
        files.append(
            RespondentFile.model_construct(
                file=clean_text(label),
                role=response.respondent.role,
                completeness=round(share, 3),
                answered=answered,
                asked=asked,
                included=reason is None,
                reason=reason,
            )
        )
        if reason is None:
            kept.append(response)
    return Screened(kept, files, include_incomplete)


__all__ = ["NO_ANSWERS", "Screened", "asked_of_role", "completeness", "screen"]
