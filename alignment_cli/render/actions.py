"""The action plan as a Markdown checklist (to paste into an issue or a wiki) and as CSV, and
last round's commitments on the terminal (the md and html reports draw them from templates)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from alignment_cli.model.actions import STATUS_LABELS, ActionPlan, CommitmentReview
from alignment_cli.render.templates import md_escape, tidy_markdown

if TYPE_CHECKING:
    from rich.console import Console


def export_markdown(plan: ActionPlan) -> str:
    """A checklist to paste into an issue or a wiki page."""
    org = md_escape(plan.organization) if plan.organization else "the organization"
    when = plan.plan_from.responses_to
    lines = [f"# Action plan: {org}", ""]
    if when:
        lines += [f"From the alignment diagnostic of {when.isoformat()}.", ""]
    committed = [c for c in plan.actions if c.status != "not-now"]
    for c in committed:
        box = "[x]" if c.status == "done" else "[ ]"
        step = f" First step: {md_escape(c.first_step)}." if c.first_step else ""
        lines.append(
            f"- {box} **{md_escape(c.title)}** ({md_escape(c.dimension_title)}). "
            f"Owner: {c.owner_label}. Due {c.due.isoformat() if c.due else '–'}.{step}"
        )
    if not committed:
        lines.append("No action has been committed to yet.")
    later = [c for c in plan.actions if c.status == "not-now"]
    if later:
        lines += ["", "Not now:", ""]
        lines += [f"- {md_escape(c.title)} ({md_escape(c.dimension_title)})" for c in later]
    return tidy_markdown("\n".join(lines))


CSV_COLUMNS = ("title", "area", "first_step", "owner", "due", "status", "recommendation", "source")


def export_csv(plan: ActionPlan) -> str:
    out = io.StringIO()
    from alignment_cli.text import SafeCsvWriter

    writer = SafeCsvWriter(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in plan.actions:
        row = [
            c.title,
            c.dimension_title,
            c.first_step,
            c.owner_label if c.owner else "",
            c.due.isoformat() if c.due else "",
            STATUS_LABELS[c.status],
            c.recommendation,
            c.source or "",
        ]
        writer.writerow(row)  # a cell that would start a formula gets a quote first
    return out.getvalue()


def moved_words(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}"


def render_commitments_terminal(commitments: CommitmentReview, console: Console) -> None:
    from rich import box
    from rich.table import Table

    # a plain grid and one space between columns, so at 80 columns only a long action wraps
    table = Table(
        title=f"Last round's commitments (as of {commitments.as_of_words})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Action", overflow="fold", ratio=1)
    table.add_column("Owner", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("State", no_wrap=True)
    table.add_column("Area then → now", justify="right", no_wrap=True)
    for item in commitments.committed:
        c = item.commitment
        then = "–" if c.baseline_alignment is None else f"{c.baseline_alignment:.0f}"
        now = "–" if item.alignment_now is None else f"{item.alignment_now:.0f}"
        table.add_row(
            c.title,
            c.owner_label,
            c.due.isoformat() if c.due else "–",
            item.state,
            f"{then} → {now} ({moved_words(item.moved)})",
            style="red" if item.overdue else None,
        )
    console.print(table)
    overdue = len(commitments.overdue)
    console.print(
        f"{overdue} of {len(commitments.committed)} commitments overdue"
        + (f"; {len(commitments.not_now)} left for later." if commitments.not_now else ".")
    )
