"""From paths on disk to a scored Result: find the files, pick the questionnaire, load, score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alignment_cli.errors import InputError, InvalidFilesError
from alignment_cli.io.yamlio import read_text
from alignment_cli.model.crm import CrmSummary
from alignment_cli.model.questionnaire import (
    Questionnaire,
    builtin_versions,
    load_questionnaire,
    resolve_questionnaire,
)
from alignment_cli.model.response import (
    Response,
    check_against,
    discover,
    parse_response,
)
from alignment_cli.model.result import Result


@dataclass
class Loaded:
    questionnaire: Questionnaire
    responses: list[Response]
    skipped: list[InputError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # the file of each response, in order


def load(
    paths: Sequence[str | Path],
    *,
    questionnaire: str | Path | None = None,
    skip_invalid: bool = False,
    base: Path | None = None,
    questionnaire_base: Path | None = None,
) -> Loaded:
    """Read every response file; without an explicit questionnaire, take the one they name."""
    unreadable: list[InputError] = []
    files = discover(paths, base=base, unreadable=unreadable)
    if not files and unreadable:
        raise unreadable[0] if len(unreadable) == 1 else InvalidFilesError(unreadable)
    if questionnaire is None:
        chosen = _questionnaire_named_by(files)
    elif str(questionnaire) in builtin_versions():
        # a bare built-in id: the version the responses name, when it is built in
        chosen = _questionnaire_named_by(files, only=str(questionnaire))
    else:
        chosen = resolve_questionnaire(questionnaire, relative_to=questionnaire_base)

    explicit = questionnaire is not None
    outcomes = [_load_one(path, chosen, explicit) for path in files]
    outcomes = _foreign_files(files, outcomes, chosen, skip_invalid=skip_invalid)

    responses, errors, kept_files = _one_file_each(files, outcomes)
    errors = unreadable + errors
    if errors and not skip_invalid:
        if len(errors) == 1:
            raise errors[0]
        raise InvalidFilesError(errors, some_valid=bool(responses))
    if not responses:
        raise InputError("no valid response files to report on")
    return Loaded(chosen, responses, errors, kept_files)


def _one_file_each(
    files: list[Path], outcomes: list[FileOutcome]
) -> tuple[list[Response], list[InputError], list[Path]]:
    """The valid responses, the errors (invalid files, and a respondent's second file), and
    the file of each valid response."""
    responses: list[Response] = []
    kept_files: list[Path] = []
    errors: list[InputError] = []
    seen: dict[tuple[str, str, str | None], Path] = {}
    for path, outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, InputError):
            errors.append(outcome)
            continue
        if not isinstance(outcome, Response):
            continue  # another questionnaire's file: refused above
        who = outcome.respondent
        if who.name:
            key = (who.role, who.name.strip().casefold(), who.team)
            if key in seen:
                errors.append(
                    InputError(
                        f"respondent {who.name!r} ({who.role}) also answered in {seen[key]}; "
                        "each respondent may hand in one file",
                        path=path,
                    )
                )
                continue
            seen[key] = path
        responses.append(outcome)
        kept_files.append(path)
    return responses, errors, kept_files


FileOutcome = Response | InputError | tuple[str, str]  # tuple: (id, version) of another questionnaire


def _foreign_files(
    files: list[Path], outcomes: list[FileOutcome], chosen: Questionnaire, *, skip_invalid: bool
) -> list[FileOutcome]:
    """Files for another questionnaire (or version), named: an error, or with --skip-invalid
    each one a listed skip."""
    foreign: dict[tuple[str, str], list[Path]] = {}
    for path, outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, tuple):
            foreign.setdefault(outcome, []).append(path)
    if not foreign:
        return outcomes
    if skip_invalid:
        return [
            InputError(f"is for questionnaire {o[0]} {o[1]}, not {chosen.label}", path=path)
            if isinstance(o, tuple)
            else o
            for path, o in zip(files, outcomes, strict=True)
        ]
    listing = "; ".join(
        f"{qid} {version}: {', '.join(map(str, paths[:3]))}"
        + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        for (qid, version), paths in sorted(foreign.items())
    )
    raise InputError(
        f"the response files are for different questionnaires: the first is for "
        f"{chosen.label}, but {listing}. Report on one questionnaire at a time, "
        "name one with --questionnaire, or leave the others out with --skip-invalid"
    )


def _load_one(path: Path, questionnaire: Questionnaire, explicit: bool) -> FileOutcome:
    """One file, read, parsed and checked; a file for another questionnaire is named, so the
    caller can say the folder mixes questionnaires rather than list every file as invalid."""
    try:
        text = read_text(path, what="response file")
        response = parse_response(text, path=path)
        ref = response.questionnaire
        if not explicit and (ref.id, ref.version) != (questionnaire.id, questionnaire.version):
            return (ref.id, ref.version)
        return check_against(response, questionnaire, path=path, text=text)
    except InputError as exc:
        return exc
    except (ValueError, RecursionError, MemoryError) as exc:  # whatever a hostile file finds
        return InputError(f"cannot be read: {type(exc).__name__}", path=path)


def _questionnaire_named_by(files: list[Path], *, only: str | None = None) -> Questionnaire:
    """The questionnaire the first readable response file names (the others must agree), in the
    version it names. With `only` (a built-in id given on the command line or in the config),
    that id: in the files' version when they name it and it is built in, else the newest."""
    first_error: InputError | None = None
    for path in files:
        try:
            ref = parse_response(read_text(path, what="response file"), path=path).questionnaire
            break
        except InputError as exc:
            first_error = first_error or exc
    else:
        if only is not None:
            return resolve_questionnaire(only)
        raise first_error or InputError("no response files found")
    versions = builtin_versions()
    if only is not None:
        if ref.id != only or ref.version not in versions[only]:
            return resolve_questionnaire(only)
        return load_questionnaire(versions[only][ref.version])
    if ref.id not in versions:
        raise InputError(
            f"names questionnaire {ref.id!r}, which is not built in; name its file "
            "as the questionnaire (--questionnaire PATH, or questionnaire: in the "
            "config)",
            path=path,
        )
    if ref.version not in versions[ref.id]:
        known = ", ".join(sorted(versions[ref.id]))
        raise InputError(
            f"names questionnaire {ref.id} version {ref.version!r}, which is not "
            f"built in (built in: {known}); correct the version, or name the "
            "questionnaire's file with --questionnaire PATH",
            path=path,
        )
    return resolve_questionnaire(ref.id, version=ref.version)


def assess(
    paths: Sequence[str | Path],
    *,
    questionnaire: str | Path | None = None,
    organization: str | None = None,
    show_names: bool = False,
    min_group_size: int = 3,
    skip_invalid: bool = False,
    base: Path | None = None,
    questionnaire_base: Path | None = None,
    min_completeness: float | None = None,
    include_incomplete: bool = False,
    max_actions: int | None = None,
    crm: CrmSummary | None = None,
) -> Result:
    from alignment_cli.scoring.pipeline import score

    loaded = load(
        paths,
        questionnaire=questionnaire,
        skip_invalid=skip_invalid,
        base=base,
        questionnaire_base=questionnaire_base,
    )
    merged = one_organization(loaded, organization)
    labels = [relative_label(f, paths, base) for f in loaded.files]
    result = score(
        loaded.questionnaire,
        loaded.responses,
        labels=labels,
        organization=organization,
        organizations_merged=merged,
        show_names=show_names,
        min_group_size=min_group_size,
        skipped_files=skipped_entries(loaded.skipped, paths, base, show_names=show_names),
        min_completeness=min_completeness,
        include_incomplete=include_incomplete,
        max_actions=max_actions,
        crm=crm,
    )
    return private_files(result, show_names=show_names)


def skipped_entries(
    errors: Sequence[InputError], paths: Sequence[str | Path], base: Path | None, *, show_names: bool
) -> list[str]:
    """A skipped file as a report lists it: its problem, and its name only with --show-names (a
    file name is often a person's name; `alignment status` shows the facilitator which file is
    which). A named file is named relative to the folder given, as respondent files are."""
    entries = []
    for number, error in enumerate(errors, 1):
        name = f"file {number}"
        if show_names and error.path:
            name = relative_label(Path(error.path), paths, base)
        entries.append(f"{name}: " + (f"{error.where}: " if error.where else "") + error.detail)
    return entries


def relative_label(file: Path, paths: Sequence[str | Path], base: Path | None) -> str:
    """A response file as reports name it: relative to the folder given on the command line
    (or in the config) that holds it, never an absolute path of this machine."""
    import os

    target = os.path.abspath(file)
    for entry in paths:
        folder = Path(entry)
        if base is not None and not folder.is_absolute():
            folder = base / folder
        if folder.is_dir():
            root = os.path.abspath(folder)
            if target.startswith(root.rstrip(os.sep) + os.sep):
                return os.path.relpath(target, root)
    return str(file) if not file.is_absolute() else file.name


def private_files(result: Result, *, show_names: bool) -> Result:
    """File names are names: on a side with several respondent files, none is named (reports
    count them: "1 Sales file left out: incomplete"); `alignment status` is where the
    facilitator sees which file is which. With --show-names, or for a side of one, the file
    is named by its path relative to the folder given."""
    if show_names:
        return result
    per_side: dict[str, int] = {}
    for f in result.respondent_files:
        per_side[f.role] = per_side.get(f.role, 0) + 1
    files = [
        f.model_copy(update={"file": ""}) if per_side[f.role] > 1 else f for f in result.respondent_files
    ]
    excluded = [f for f in files if not f.included]
    return result.model_copy(update={"respondent_files": files, "excluded": excluded})


def one_organization(loaded: Loaded, organization: str | None) -> list[str]:
    """A report is about one organization. Files naming different ones are an error, unless
    --organization says they belong together; then the names merged are returned for the
    report to note."""
    named: dict[str, list[Path]] = {}
    for response, path in zip(loaded.responses, loaded.files, strict=True):
        if response.organization and response.organization.strip():
            named.setdefault(response.organization.strip(), []).append(path)
    distinct = {n.casefold() for n in named}
    if len(distinct) <= 1:
        return []
    if organization is None:
        listing = "\n".join(
            f"  {name}: " + ", ".join(str(p) for p in files) for name, files in sorted(named.items())
        )
        raise InputError(
            "the response files name different organizations; report on one at a "
            "time, or pass --organization NAME if they are one organization on "
            f"purpose:\n{listing}"
        )
    return sorted(named)
