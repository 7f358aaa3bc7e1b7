"""Rendering a Result in each format, and writing the files only once every one has rendered."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignment_cli.errors import AlignmentError, OutputError, UsageError
from alignment_cli.formats import FORMATS, ReportFormat, file_formats, format_of_suffix, spoken
from alignment_cli.io.yamlio import write_atomic
from alignment_cli.model.result import Result

if TYPE_CHECKING:
    from alignment_cli.model.actions import CommitmentReview
    from alignment_cli.render.pdf import PdfOptions
    from alignment_cli.scoring.trend import Trend


def _is_folder(output: Path | str) -> bool:
    """A folder, or a name typed with a trailing slash (`-o reports/`), which a Path drops."""
    return Path(output).is_dir() or str(output).endswith(("/", os.sep))


def formats_for_output(formats: list[ReportFormat] | None, output: Path | str | None) -> list[ReportFormat]:
    """The formats to render: as asked, or, with no file format asked for, the one the output
    file's extension names (`-o report.html`). A format that contradicts the extension
    (`-f md -o r.html`) is refused rather than written under a misleading name."""
    chosen = list(formats or [ReportFormat.terminal])
    if output is None or _is_folder(output):
        return chosen
    output = Path(output)
    implied = format_of_suffix(output.suffix)
    files = [f for f in chosen if FORMATS[f].is_file]
    if not files:
        if implied is None:
            raise UsageError(
                f"-o {output}: the format cannot be told from the file name; add "
                f"-f {spoken(file_formats())}, or name a "
                f"{spoken('.' + str(FORMATS[f].extension) for f in file_formats())} "
                "file"
            )
        return [*(chosen if formats else []), implied]
    if len(files) == 1 and implied is not None and implied is not files[0]:
        raise UsageError(
            f"-f {files[0].value} -o {output}: the file name says {implied.value}; "
            f"name a .{FORMATS[files[0]].extension} file, or leave out -f to write "
            f"{implied.value}"
        )
    return chosen


@dataclass(frozen=True)
class Extras:
    """What a report shows besides the result: last round's commitments, the trend."""

    commitments: CommitmentReview | None = None
    trend: Trend | None = None


def _extras_context(extras: Extras | None) -> dict[str, Any]:
    extras = extras or Extras()
    context: dict[str, Any] = {
        "commitments": extras.commitments,
        "trend": extras.trend,
        "trend_svg": "",
        "trend_md": "",
        "trend_notes": [],
    }
    if extras.trend is not None:
        from alignment_cli.render.trend import markdown_table, method_note, version_note

        context["trend_md"] = markdown_table(extras.trend)
        context["trend_notes"] = [n for n in (method_note(extras.trend), version_note(extras.trend)) if n]
    return context


def render_json(result: Result, extras: Extras | None = None) -> str:
    document = result.to_document()
    if extras is not None and extras.commitments is not None:
        document["commitments"] = extras.commitments.to_document()
    if extras is not None and extras.trend is not None:
        document["trend"] = extras.trend.to_document()
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def context(result: Result) -> dict[str, Any]:
    """What every template sees. The rules travel with the result, so a template prints the
    thresholds that were used and never types a number of its own."""
    from alignment_cli.render.terminal import left_out_entries, priorities_note
    from alignment_cli.scoring.change import DEAD_BAND

    sides = result.sides
    return {
        "r": result,
        "sides": sides,
        "a": sides[0],
        "b": sides[1],
        "rules": result.rules,
        "agreement_flag": result.rules.agreement_flag,
        "tolerance_words": tolerance_words(result.rules.tolerances),
        "several": result.several_per_side,
        "plan": result.plan,
        "more_ideas": result.more_ideas,
        "priorities_note": priorities_note(result),
        "left_out": left_out_entries(result),
        "top_recommendations": result.plan,
        "dead_band": DEAD_BAND,  # a change smaller than this is steady, not a fall or a rise
    }


# what the method section calls the estimates in a unit; another unit, by its name
_UNIT_WORDS = {"hours": "hours", "%": "shares", "calls": "small counts"}


def tolerance_words(tolerances: dict[str, dict[str, float | None]]) -> str:
    """The rules' tolerances of estimates by unit, in the method section's words: "hours within
    the larger of 8 and half the smaller answer, shares within 10 points, small counts within 1"
    with the defaults."""
    return ", ".join(
        f"{_UNIT_WORDS.get(unit, f'numbers in {unit}')} within {_within(unit, t)}"
        for unit, t in tolerances.items()
    )


def _within(unit: str, tolerance: dict[str, float | None]) -> str:
    """A number item's tolerance (its unit's): the larger of `absolute` and `relative` times the
    smaller answer."""
    absolute, relative = tolerance.get("absolute"), tolerance.get("relative")
    share = None if not relative else "half" if relative == 0.5 else f"{relative:.0%} of"
    if share is None:
        return f"{absolute or 0:g}{' points' if unit == '%' else ''}"
    if absolute:
        return f"the larger of {absolute:g} and {share} the smaller answer"
    return f"{share} the smaller answer"


def render_markdown(
    result: Result,
    *,
    template_dir: Path | None = None,
    extras: Extras | None = None,
    pdf: PdfOptions | None = None,
) -> str:
    from alignment_cli.render.templates import render, tidy_markdown

    ctx = context(result) | _extras_context(extras)
    return tidy_markdown(render("report.md.j2", ctx, template_dir=template_dir))


def render_html(
    result: Result,
    *,
    template_dir: Path | None = None,
    extras: Extras | None = None,
    pdf: PdfOptions | None = None,
) -> str:
    from alignment_cli.render.charts import gap_bars_svg, radar_svg
    from alignment_cli.render.templates import render

    ctx = context(result) | _extras_context(extras)
    ctx["radar_svg"] = radar_svg(result)
    ctx["gap_bars_svg"] = gap_bars_svg(result)
    if extras is not None and extras.trend is not None:
        from alignment_cli.render.trend import trend_svg

        ctx["trend_svg"] = trend_svg(extras.trend, compact=True)
    return render("report.html.j2", ctx, template_dir=template_dir)


def render_json_report(
    result: Result,
    *,
    extras: Extras | None = None,
    template_dir: Path | None = None,
    pdf: PdfOptions | None = None,
) -> str:
    """The json format's renderer: no template, so a template folder changes nothing."""
    return render_json(result, extras)


def render_pdf(
    result: Result,
    *,
    template_dir: Path | None = None,
    extras: Extras | None = None,
    pdf: PdfOptions | None = None,
) -> bytes:
    """The pdf format's renderer: the HTML report, printed by a headless browser."""
    from alignment_cli.render.pdf import print_pdf

    if pdf is None:
        raise ValueError("the pdf format needs PdfOptions (which browser, which paper)")
    return print_pdf(render_html(result, template_dir=template_dir, extras=extras), pdf)


def render_format(
    result: Result,
    fmt: ReportFormat,
    *,
    template_dir: Path | None = None,
    extras: Extras | None = None,
    pdf: PdfOptions | None = None,
) -> str | bytes:
    """The report in one format, by the renderer the format table names: text, or bytes."""
    return FORMATS[fmt].render()(result, template_dir=template_dir, extras=extras, pdf=pdf)


def plan_outputs(formats: list[ReportFormat], output: Path | str | None) -> dict[ReportFormat, Path | None]:
    """Where each file format goes: stdout (None), the file named, or report.<ext> in a folder
    (several formats, an existing folder, or a name given with a trailing slash)."""
    files = [f for f in dict.fromkeys(formats) if FORMATS[f].is_file]
    if not files:
        if output is not None:
            raise OutputError(
                f"--output is for the {spoken(file_formats(), 'and')} formats; "
                "the terminal summary is always shown on screen"
            )
        return {}
    if output is None:
        binary = next((FORMATS[f] for f in files if FORMATS[f].binary), None)
        if binary is not None:
            raise OutputError(
                f"a {binary.name.upper()} is not written to standard output; name "
                "a file or folder with --output (e.g. -o "
                f"report.{binary.extension})"
            )
        if len(files) > 1:
            raise OutputError("several file formats need --output DIR to write them into")
        return {files[0]: None}
    # one format goes to the file named, unless that is a folder (or ends with a slash)
    folder = _is_folder(output)
    output = Path(output)
    if len(files) > 1 or folder:
        if output.exists() and not output.is_dir():
            need = "; several formats need a folder" if len(files) > 1 else ", not a folder"
            raise OutputError(f"{output}: is a file{need}")
        known = {f".{FORMATS[f].extension}" for f in file_formats()}
        if len(files) > 1 and not output.exists() and output.suffix.lower() in known:
            raise OutputError(
                f"-o {output}: names a file, but {len(files)} formats need a "
                f"folder to go into (e.g. -o {output.with_suffix('')}/); or "
                "give one --format"
            )
        return {f: output / f"report.{FORMATS[f].extension}" for f in files}
    return {files[0]: output}


def check_writable(paths: list[Path]) -> None:
    """Fail before any work is done when an output folder cannot be written."""
    for path in paths:
        folder = path.parent
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        if not probe.is_dir():
            raise OutputError(f"{folder}: cannot write reports here: {probe} is a file, not a folder")
        if not os.access(probe, os.W_OK | os.X_OK):
            raise OutputError(f"{folder}: cannot write reports here: no permission to write in {probe}")


class RenderFailed(Exception):
    """A report format broke while rendering (a bug, not bad input): names the format."""

    def __init__(self, fmt: ReportFormat, cause: Exception):
        self.format = fmt
        super().__init__(f"the {fmt.value} report could not be rendered ({type(cause).__name__}: {cause})")


@dataclass(frozen=True)
class WrittenReports:
    """What `write_reports` did: the files written, and the text meant for standard output."""

    files: tuple[Path, ...]
    stdout: str


def write_reports(
    result: Result,
    plan: dict[ReportFormat, Path | None],
    *,
    template_dir: Path | None = None,
    extras: Extras | None = None,
    pdf: PdfOptions | None = None,
) -> WrittenReports:
    """Render every planned format, then write the files: a format that fails to render leaves
    nothing written, so a run never ends with a mix of new and stale reports.

    A format planned to None is returned as text for standard output rather than written.
    """
    rendered: dict[ReportFormat, str | bytes] = {}
    for fmt in plan:
        if not FORMATS[fmt].is_file:
            continue  # drawn on the console by the caller, never a file
        try:
            rendered[fmt] = render_format(result, fmt, template_dir=template_dir, extras=extras, pdf=pdf)
        except AlignmentError:
            raise
        except Exception as exc:
            raise RenderFailed(fmt, exc) from exc
    files: list[Path] = []
    stdout: list[str] = []
    for fmt, text in rendered.items():
        target = plan[fmt]
        if isinstance(text, bytes):
            if target is None:  # plan_outputs never plans a PDF to standard output
                raise OutputError("a PDF is not written to standard output")
            write_atomic_bytes(target, text)
        elif target is None:
            stdout.append(text)
            continue
        else:
            write_atomic(target, text, fsync=False)
        files.append(target)
    return WrittenReports(tuple(files), "".join(stdout))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """A binary file (the PDF), written like every other output: regular files only, to a
    temporary name beside the target, then renamed."""
    write_atomic(path, data, fsync=False)
