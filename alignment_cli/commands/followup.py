"""What a report shows besides this round's result: last round's commitments and the trend.

Shared by `report`, `check` and `workshop`, so the three show them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from alignment_cli.model.actions import load_actions, review, today_utc
from alignment_cli.model.result import Result
from alignment_cli.render.reports import Extras


def report_extras(
    result: Result,
    *,
    actions: Path | None = None,
    history: Path | None = None,
    clock: Callable[[], date] = today_utc,
    at_today: bool = False,
) -> Extras:
    """Read the actions file and the history folder (either may be absent) for this result."""
    commitments = None
    if actions is not None:
        commitments = review(
            load_actions(actions), result, source=str(actions), clock=clock, at_today=at_today
        )
    trend = None
    if history is not None:
        from alignment_cli.commands.trend import history_trend

        trend = history_trend(history, result)
    return Extras(commitments=commitments, trend=trend)
