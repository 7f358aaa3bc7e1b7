"""From paths on disk to a scored Result: find the files, pick the questionnaire, load, score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alignment_cli.errors import InputError, InvalidFilesError
from alignment_cli.questionnaire import Questionnaire, builtin_paths, resolve_questionnaire
from alignment_cli.response import Response, check_against, discover, parse_response
from alignment_cli.result import Result
from alignment_cli.yamlio import read_text


@dataclass
class Loaded:
    questionnaire: Questionnaire
    responses: list[Response]
    skipped: list[InputError] = field(default_factory=list)


def load(paths: Sequence[str | Path], *, questionnaire: str | Path | None = None,
         skip_invalid: bool = False, base: Path | None = None,
         questionnaire_base: Path | None = None) -> Loaded:
    """Read every response file; without an explicit questionnaire, take the one they name."""
    files = discover(paths, base=base)
    parsed: list[tuple[Path, str, Response]] = []
    errors: list[InputError] = []
    for path in files:
        try:
            text = read_text(path, what="response file")
            parsed.append((path, text, parse_response(text, path=path)))
        except InputError as exc:
            errors.append(exc)

    if questionnaire is not None:
        chosen = resolve_questionnaire(questionnaire, relative_to=questionnaire_base)
    else:
        chosen = _questionnaire_named_by(parsed, errors)

    responses: list[Response] = []
    seen: dict[tuple[str, str, str | None], Path] = {}
    for path, text, response in parsed:
        try:
            check_against(response, chosen, path=path, text=text)
            who = response.respondent
            if who.name:
                key = (who.role, who.name.strip().casefold(), who.team)
                if key in seen:
                    raise InputError(
                        f"respondent {who.name!r} ({who.role}) also answered in {seen[key]}; "
                        "each respondent may hand in one file", path=path)
                seen[key] = path
            responses.append(response)
        except InputError as exc:
            errors.append(exc)
    if errors and not skip_invalid:
        if len(errors) == 1:
            raise errors[0]
        raise InvalidFilesError(errors)
    if not responses:
        raise InputError("no valid response files to report on")
    return Loaded(chosen, responses, errors)


def _questionnaire_named_by(parsed: list[tuple[Path, str, Response]],
                            errors: list[InputError]) -> Questionnaire:
    named = sorted({(r.questionnaire.id, r.questionnaire.version) for _, _, r in parsed})
    if not named:
        if errors:
            raise errors[0] if len(errors) == 1 else InvalidFilesError(errors)
        raise InputError("no response files found")
    if len(named) > 1:
        listing = ", ".join(f"{i} {v}" for i, v in named)
        raise InputError(f"the response files are for different questionnaires ({listing}); "
                         "report on one at a time, or name one with --questionnaire")
    qid, version = named[0]
    if qid not in builtin_paths():
        raise InputError(f"the responses are for questionnaire {qid!r}, which is not built in; "
                         "pass its file with --questionnaire PATH")
    chosen = resolve_questionnaire(qid)
    if chosen.version != version:
        raise InputError(f"the responses are for {qid} version {version}, but the built-in one "
                         f"is version {chosen.version}; pass that version's file with "
                         "--questionnaire PATH")
    return chosen


def assess(paths: Sequence[str | Path], *, questionnaire: str | Path | None = None,
           organization: str | None = None, show_names: bool = False, min_group_size: int = 3,
           skip_invalid: bool = False, base: Path | None = None,
           questionnaire_base: Path | None = None) -> Result:
    from alignment_cli.scoring import score

    loaded = load(paths, questionnaire=questionnaire, skip_invalid=skip_invalid, base=base,
                  questionnaire_base=questionnaire_base)
    return score(loaded.questionnaire, loaded.responses, organization=organization,
                 show_names=show_names, min_group_size=min_group_size,
                 skipped_files=[str(e) for e in loaded.skipped])
