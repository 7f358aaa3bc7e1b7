"""Sentences a client reads as written: the plan's checklist when nothing is committed yet, and
the report's lists of findings, which end with one full stop whatever the last title ends with."""

from __future__ import annotations

from pathlib import Path

from alignment_cli.model.actions import draft_plan, load_actions
from alignment_cli.render.reports import render_json
from tests.helpers import two_heads


def test_an_untouched_plan_exports_a_sentence_a_client_understands(tmp_path: Path, mini, cli):  # type: ignore[no-untyped-def]
    result_path = tmp_path / "report.json"
    result_path.write_text(render_json(two_heads(mini)), encoding="utf-8")
    done = cli("plan", result_path, "--no-input", "--export", "md")
    assert done.code == 0, done.err
    assert all(a.status == "not-now" for a in load_actions(tmp_path / "actions.yaml").actions)
    lines = (tmp_path / "actions.md").read_text(encoding="utf-8").splitlines()
    assert lines[:8] == [
        "# Action plan: Acme Corp",
        "",
        "From the alignment diagnostic of 2026-11-25.",
        "",
        "No action has been committed to yet.",
        "",
        "Not now:",
        "",
    ]
    assert len(lines) == 8 + len(draft_plan(two_heads(mini)).actions)
