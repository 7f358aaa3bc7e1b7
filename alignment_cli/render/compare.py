"""`alignment compare` drawn: in the terminal, as Markdown and as JSON.

The figures come from scoring/change.py; this module only shows them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alignment_cli.model.result import SCHEMA_VERSION, Delta, Result
from alignment_cli.scoring.change import DEAD_BAND, stage_trend, trend
from alignment_cli.text import clean_text

if TYPE_CHECKING:
    from rich.console import Console

ARROWS = {"up": "↑", "down": "↓", "steady": "→"}


def arrow(change: float | None) -> str:
    direction = trend(change)
    return "·" if direction is None else ARROWS[direction]


def questionnaire_change(before: Result, after: Result) -> str | None:
    """A sentence saying the questionnaire changed between two results; None when it did not."""
    was, now = before.questionnaire, after.questionnaire
    if (was.id, was.version) == (now.id, now.version):
        return None
    return (
        f"The questionnaire changed ({was.id} {was.version} → {now.id} {now.version}): "
        "dimensions are matched by id, but their questions differ, so part of any change "
        "may come from the questions rather than from the teams."
    )


def _context(before: Result, after: Result, change: Delta, old: Path, new: Path) -> dict[str, Any]:
    return {
        "before": before,
        "after": after,
        "d": change,
        "old_path": str(old),
        "new_path": str(new),
        "index_arrow": arrow(change.index_change),
        "stage_arrow": ARROWS.get(stage_trend(before, after) or "", "·"),
        "arrow": arrow,
        "shared_count": len(change.dimensions),
        "dead_band": DEAD_BAND,
        "questionnaire_change": questionnaire_change(before, after),
    }


def render_markdown(before: Result, after: Result, change: Delta, old: Path, new: Path) -> str:
    from alignment_cli.render.templates import render, tidy_markdown

    return tidy_markdown(render("compare.md.j2", _context(before, after, change, old, new)))


def compare_document(before: Result, after: Result, change: Delta, old: Path, new: Path) -> dict[str, Any]:
    """The JSON form: both results' headlines, and the change with a trend per dimension."""

    def headline(result: Result, path: Path) -> dict[str, Any]:
        return {
            "file": clean_text(str(path)),
            "organization": result.organization,
            "questionnaire": result.questionnaire.model_dump(mode="json"),
            "responses_from": result.responses_from,
            "responses_to": result.responses_to,
            "alignment_index": result.alignment_index,
            "stage": result.stage.name if result.stage else None,
        }

    doc = change.model_dump(mode="json", by_alias=True)
    for entry in doc["dimensions"]:
        entry["trend"] = trend(entry["change"])
    doc["index_trend"] = trend(change.index_change)
    doc["stage_trend"] = stage_trend(before, after)
    doc["questionnaire_changed"] = questionnaire_change(before, after) is not None
    return {
        "schema_version": SCHEMA_VERSION,
        "before": headline(before, old),
        "after": headline(after, new),
        "change": doc,
    }


def render_terminal(
    before: Result, after: Result, change: Delta, old: Path, new: Path, console: Console
) -> None:
    """Rich Text objects only: titles from result files must never be read as markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from alignment_cli.numbers import number

    width = min(console.width, 80)
    old, new = (Path(clean_text(str(p))) for p in (old, new))  # names typed or globbed
    head = Text()
    if after.organization:
        head.append(after.organization, style="bold")
        head.append("\n")
    head.append("Before ", style="dim")
    head.append(
        f"{old}  ({before.questionnaire.id} {before.questionnaire.version}"
        f"{', ' + before.responses_to if before.responses_to else ''})\n"
    )
    head.append("After  ", style="dim")
    head.append(
        f"{new}  ({after.questionnaire.id} {after.questionnaire.version}"
        f"{', ' + after.responses_to if after.responses_to else ''})\n"
    )
    head.append("Alignment index ", style="bold")
    head.append(f"{number(change.index_before, 1)} → {number(change.index_after, 1)}  ")
    head.append(
        f"{arrow(change.index_change)} {number(change.index_change, 1, sign=True)}",
        style=_style(change.index_change),
    )
    if change.index_on_shared:
        head.append(f"  (on the {len(change.dimensions)} shared dimensions)", style="dim")
    if change.within_noise:
        head.append(f"  within noise (±{number(change.noise, 1)})", style="dim")
    head.append("\nStage ", style="bold")
    head.append(
        f"{change.stage_after or '–'}, unchanged"
        if change.stage_before == change.stage_after
        else f"{change.stage_before or '–'} → {change.stage_after or '–'}"
    )
    console.print(head)
    changed = questionnaire_change(before, after)
    if changed:
        console.print(Text(changed, style="yellow"))

    table = Table(box=box.SIMPLE_HEAD, width=width, pad_edge=False)
    table.add_column("Dimension (alignment)", ratio=3, overflow="fold")
    table.add_column("Before", justify="right", width=7)
    table.add_column("After", justify="right", width=7)
    table.add_column("Change", justify="right", width=9)
    for dim in change.dimensions:
        table.add_row(
            Text(dim.title),
            number(dim.before, 1),
            number(dim.after, 1),
            Text(f"{arrow(dim.change)} {number(dim.change, 1, sign=True)}", style=_style(dim.change)),
        )
    console.print(table)

    if change.left_out:
        text = Text("Left out (in one questionnaire version only): ", style="yellow")
        for i, missing in enumerate(change.left_out):
            version = (before if missing.only_in == "before" else after).questionnaire.version
            text.append(("; " if i else "") + f"{missing.title} ({missing.id}, only in version {version})")
        console.print(text)
    for label, findings, style in (
        ("Findings that appeared", change.findings_new, "red"),
        ("Findings that went away", change.findings_gone, "green"),
    ):
        console.print(Text(f"{label}: {len(findings) or 'none'}", style=f"bold {style}"))
        for finding in findings:
            console.print(Text(f"  • {finding.title}"))


def _style(change: float | None) -> str:
    direction = trend(change)
    return {"up": "green", "down": "red"}.get(direction or "", "")


def render_json(before: Result, after: Result, change: Delta, old: Path, new: Path) -> str:
    return (
        json.dumps(
            compare_document(before, after, change, old, new), indent=2, ensure_ascii=False, allow_nan=False
        )
        + "\n"
    )
