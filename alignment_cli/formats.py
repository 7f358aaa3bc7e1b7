"""The report formats: one table of each format's name, file extension and renderer.

Everything that lists, checks or picks a format reads this table: `--format`'s choices and help,
the extension `-o report.html` implies, the file names in a folder of reports, the config's
`report.formats`, and the renderer `write_reports` calls. Adding a format is one member of
`ReportFormat`, one row here, and its renderer.

A renderer is named ("module:function") rather than imported: the table is read by
`alignment --help` and by the config's validation, which must not load the renderers (or what
they import), and it sits below them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from alignment_cli.errors import UsageError


class ReportFormat(StrEnum):
    """The formats a report is rendered in; terminal is drawn on screen, the others are files."""

    terminal = "terminal"
    md = "md"
    html = "html"
    json = "json"
    pdf = "pdf"


# A renderer takes the result and keywords (template_dir, extras, pdf), and returns the
# report's text, or its bytes for a binary format.
Renderer = Callable[..., str | bytes]


@dataclass(frozen=True)
class Format:
    """One report format.

    `extension` is the file's (None for the terminal, which is drawn on screen and never
    written); `suffixes` are the file names that say this format without -f; a `binary` format
    never goes to standard output.
    """

    name: ReportFormat
    extension: str | None
    renderer: str | None  # "module:function"; None for the terminal, drawn by the caller
    suffixes: tuple[str, ...] = ()
    binary: bool = False

    @property
    def is_file(self) -> bool:
        return self.extension is not None

    def render(self) -> Renderer:
        """The renderer itself, imported now that it is needed."""
        if self.renderer is None:
            raise ValueError(f"the {self.name} format is drawn on screen, not rendered")
        module, _, function = self.renderer.partition(":")
        return cast(Renderer, getattr(importlib.import_module(module), function))


FORMATS: dict[ReportFormat, Format] = {
    f.name: f
    for f in (
        Format(ReportFormat.terminal, None, None),
        Format(ReportFormat.md, "md", "alignment_cli.render.reports:render_markdown", (".md", ".markdown")),
        Format(ReportFormat.html, "html", "alignment_cli.render.reports:render_html", (".html", ".htm")),
        Format(ReportFormat.json, "json", "alignment_cli.render.reports:render_json_report", (".json",)),
        Format(ReportFormat.pdf, "pdf", "alignment_cli.render.reports:render_pdf", (".pdf",), binary=True),
    )
}

# what `report -o DIR`, the workshop and a config without report.formats write
DEFAULT_FILE_FORMATS = (ReportFormat.md, ReportFormat.html, ReportFormat.json)


def file_formats() -> list[ReportFormat]:
    """The formats written to a file, in the table's order."""
    return [name for name, spec in FORMATS.items() if spec.is_file]


def spoken(names: Iterable[Any], conjunction: str = "or") -> str:
    """Names as a sentence lists them: `md, html, json or pdf`."""
    words = [str(n) for n in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def parse_formats(values: Iterable[str]) -> list[ReportFormat]:
    """--format's values, each possibly a comma-separated list, in any case (HTML as html)."""
    out = []
    for value in values:
        for part in value.split(","):
            try:
                out.append(ReportFormat(part.strip().lower()))
            except ValueError:
                raise UsageError(f"--format {part!r}: expected {spoken(FORMATS)}") from None
    return out


def format_of_suffix(suffix: str) -> ReportFormat | None:
    """The format a file name's extension says (`.htm` is html), or None."""
    for name, spec in FORMATS.items():
        if suffix.lower() in spec.suffixes:
            return name
    return None
