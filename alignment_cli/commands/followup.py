"""What a report shows besides this round's result: last round's commitments (here) and the
trend (commands/trend.py).

Shared by `report`, `check` and `workshop` through run_report, so the three show them the
same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from alignment_cli.model.actions import CommitmentReview, load_actions, review, today_utc
from alignment_cli.model.result import Result


def review_commitments(
    result: Result,
    actions: Path | None,
    *,
    clock: Callable[[], date] = today_utc,
    at_today: bool = False,
) -> CommitmentReview | None:
    """Read the actions file (it may be absent) and say where each commitment stands at this
    result."""
    if actions is None:
        return None
    return review(load_actions(actions), result, source=str(actions), clock=clock, at_today=at_today)
