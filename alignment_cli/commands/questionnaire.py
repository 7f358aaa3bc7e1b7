"""`alignment questionnaire`: the use-cases behind list, show, validate, template and export.

Each takes plain values and returns a value; the command line prints it and picks the exit
code. Nothing here prints, so another entry point can list, check or export a questionnaire
the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli.errors import UsageError

if TYPE_CHECKING:
    from alignment_cli.model.questionnaire import Questionnaire

EXPORT_FORMATS = ("csv", "md")


@dataclass(frozen=True)
class Listed:
    """One built-in questionnaire in one version, as `questionnaire list` shows it. `name` is
    how it is asked for: the id for the newest version, ID@VERSION for an older one."""

    name: str
    version: str
    title: str
    dimensions: int
    items: int
    recommendations: int
    minutes: int


@dataclass(frozen=True)
class Validation:
    """A questionnaire file read and checked: its counts, and what its citations lack. A
    built-in questionnaire is held to complete citations, so there they refuse the file."""

    id: str
    version: str
    dimensions: int
    items: int
    recommendations: int
    citation_problems: tuple[str, ...]
    builtin: bool

    @property
    def valid(self) -> bool:
        return not (self.citation_problems and self.builtin)


@dataclass(frozen=True)
class TemplateRequest:
    """A blank response file: for which questionnaire and side, filled in with whom."""

    ref: str
    role: str = "sales"
    output: Path | None = None  # standard output when None
    organization: str | None = None
    name: str | None = None
    head: bool = False
    force: bool = False


@dataclass(frozen=True)
class ExportRequest:
    """The questionnaire as a sheet (csv) or a handout (md)."""

    ref: str
    format: str = "csv"
    output: Path | None = None  # standard output when None
    force: bool = False


@dataclass(frozen=True)
class Made:
    """The text made, and the file it was written to; None when it is for standard output."""

    text: str
    written: Path | None


def run_list() -> tuple[Listed, ...]:
    """Every built-in questionnaire, newest version first within each id."""
    from alignment_cli.model.questionnaire import builtin_versions, load_questionnaire

    listed = []
    for qid, versions in builtin_versions().items():
        newest = list(versions)[-1]
        for version, path in reversed(versions.items()):
            q = load_questionnaire(path)
            listed.append(
                Listed(
                    name=qid if version == newest else f"{qid}@{version}",
                    version=q.version,
                    title=q.title,
                    dimensions=len(q.dimensions),
                    items=len(q.questions),
                    recommendations=len(q.recommendations),
                    minutes=q.minutes_for(),
                )
            )
    return tuple(listed)


def run_show(ref: str) -> Questionnaire:
    """The questionnaire `ref` names (a built-in id, ID@VERSION or a file), for drawing."""
    from alignment_cli.model.questionnaire import resolve_questionnaire

    return resolve_questionnaire(ref)


def run_validate(path: Path) -> Validation:
    """Read and check a questionnaire file; an invalid one raises, with the problem."""
    from alignment_cli.model.questionnaire import citation_problems, load_questionnaire

    q = load_questionnaire(path)
    problems = tuple(citation_problems(q))
    return Validation(
        id=q.id,
        version=q.version,
        dimensions=len(q.dimensions),
        items=len(q.questions),
        recommendations=len(q.recommendations),
        citation_problems=problems,
        builtin=bool(problems) and _is_builtin(path),
    )


def _is_builtin(path: Path) -> bool:
    from alignment_cli.model.questionnaire import builtin_versions

    try:
        here = path.resolve()
    except OSError:
        return False
    return any(
        here == known.resolve() for versions in builtin_versions().values() for known in versions.values()
    )


def run_template(request: TemplateRequest) -> Made:
    """A blank response file to fill in by hand; written to `output` when one is given."""
    from alignment_cli.model.blank_response import blank_response
    from alignment_cli.model.questionnaire import resolve_questionnaire

    q = resolve_questionnaire(request.ref)
    text = blank_response(
        q, role=request.role, organization=request.organization, name=request.name, head=request.head
    )
    return _made(text, request.output, ref=request.ref, force=request.force)


def run_export(request: ExportRequest) -> Made:
    """The questionnaire as a csv sheet or a Markdown handout; written to `output` when one is
    given."""
    from alignment_cli.model.questionnaire import resolve_questionnaire
    from alignment_cli.render.export import export_csv, export_markdown

    if request.format not in EXPORT_FORMATS:
        raise UsageError(f"--format {request.format!r}: expected csv or md")
    q = resolve_questionnaire(request.ref)
    text = export_csv(q) if request.format == "csv" else export_markdown(q)
    return _made(text, request.output, ref=request.ref, force=request.force)


def _made(text: str, output: Path | None, *, ref: str, force: bool) -> Made:
    """Write `text` to `output` unless a file is there and `force` is not given; never over the
    questionnaire it was made from, whatever `force` says."""
    if output is None:
        return Made(text, None)
    from alignment_cli.io.files import check_outputs, keep_existing
    from alignment_cli.io.yamlio import write_atomic

    keep_existing(output, force=force)
    check_outputs([output], inputs=[ref])
    write_atomic(output, text)
    return Made(text, output)
