"""`alignment compare` and `report --baseline`: two results read, and the change between them.

The change itself is measured in scoring/change.py and drawn by render/compare.py, so it reads
the same in a comparison, a report and a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli.errors import UsageError
from alignment_cli.formats import ReportFormat
from alignment_cli.model.result import Delta, Result
from alignment_cli.model.result_file import load_result, same_organization
from alignment_cli.scoring.change import delta

if TYPE_CHECKING:
    from rich.console import Console

COMPARE_FORMATS = (ReportFormat.terminal, ReportFormat.md, ReportFormat.json)


@dataclass(frozen=True)
class Comparison:
    """Two results and what changed between them, with the files they came from."""

    before: Result
    after: Result
    change: Delta
    old: Path
    new: Path
    text: str  # the md or json rendering; empty for terminal, which the caller draws

    def draw(self, console: Console) -> None:
        from alignment_cli.render.compare import render_terminal

        render_terminal(self.before, self.after, self.change, self.old, self.new, console)


def run_compare(old: Path, new: Path, fmt: str) -> Comparison:
    """`alignment compare`: load both, compute the change, render it in the chosen format."""
    given, fmt = fmt, fmt.strip().lower()
    if fmt not in set(COMPARE_FORMATS):
        raise UsageError(f"--format {given!r}: expected terminal, md or json")
    before = load_result(old)
    after = load_result(new)
    same_organization(
        before,
        after,
        earlier_is=str(old),
        later_is=str(new),
        remedy="compare two results of one organization",
    )
    change = delta(before, after, before_path=old, after_path=new)
    text = ""
    if fmt != ReportFormat.terminal:
        from alignment_cli.render import compare as draw

        render = draw.render_json if fmt == ReportFormat.json else draw.render_markdown
        text = render(before, after, change, old, new)
    return Comparison(before, after, change, old, new, text)
