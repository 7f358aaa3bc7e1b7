"""Last round's commitments on the terminal (the md and html reports draw them from templates)."""

from __future__ import annotations

from typing import Any

from alignment_cli.model.actions import CommitmentReview


def moved_words(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}"


def render_commitments_terminal(commitments: CommitmentReview, console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"Last round's commitments (as of {commitments.as_of_words})",
                  title_justify="left")
    for name, justify in (("Action", "left"), ("Owner", "left"), ("Due", "left"),
                          ("State", "left"), ("Area then → now", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for item in commitments.committed:
        c = item.commitment
        then = "–" if c.baseline_alignment is None else f"{c.baseline_alignment:.0f}"
        now = "–" if item.alignment_now is None else f"{item.alignment_now:.0f}"
        table.add_row(c.title, c.owner_label, c.due.isoformat() if c.due else "–",
                      item.state, f"{then} → {now} ({moved_words(item.moved)})",
                      style="red" if item.overdue else None)
    console.print(table)
    overdue = len(commitments.overdue)
    console.print(f"{overdue} of {len(commitments.committed)} commitments overdue"
                  + (f"; {len(commitments.not_now)} left for later." if commitments.not_now
                     else "."))
