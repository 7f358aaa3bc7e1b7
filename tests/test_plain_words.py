"""Sentences a client reads as written: the plan's checklist when nothing is committed yet, and
the report's lists of findings, which end with one full stop whatever the last title ends with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alignment_cli.model.actions import draft_plan, load_actions
from alignment_cli.render.reports import render_json
from alignment_cli.render.templates import full_stop
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


HARBOR = Path(__file__).resolve().parent.parent / "examples" / "harbor"


def _baseline(tmp_path: Path) -> Path:
    """Harbor's own result, but two findings whose titles quote a statement ('...it acts on
    it.') and a question ('...?') had other question ids, and an area was asked then only: so
    against it both findings are gone and new, and that area is not compared."""
    baseline = json.loads((HARBOR / "reports" / "report.json").read_text(encoding="utf-8"))
    quoting = [f for f in baseline["findings"] if f["title"].endswith(("it acts on it.", "contact it?"))]
    assert len(quoting) == 2
    for finding in quoting:
        finding["question"] += "-then"
    baseline["dimensions"].append(baseline["dimensions"][0] | {"id": "old-area", "title": "Old area"})
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    return path


def test_findings_listed_since_the_baseline_end_with_one_full_stop(tmp_path: Path, cli):  # type: ignore[no-untyped-def]
    done = cli("report", HARBOR, "--crm", HARBOR / "crm.json", "--baseline", _baseline(tmp_path), "-f", "md")
    assert done.code == 0, done.err
    titles = (
        "The two sides disagree on a fact: Typically, how many business hours pass between a lead "
        "reaching Sales and a rep's first attempt to contact it?; How each side sees the other: "
        "When we give Marketing feedback, it acts on it."
    )
    assert f"\nNew findings: {titles}\n" in done.out
    assert f"\nFindings gone: {titles}\n" in done.out
    assert "\nNot compared (in one result only): Old area.\n" in done.out


def test_the_html_summary_since_the_baseline_keeps_its_sentences_apart(tmp_path: Path, cli):  # type: ignore[no-untyped-def]
    done = cli(
        "report", HARBOR, "--crm", HARBOR / "crm.json", "--baseline", _baseline(tmp_path), "-f", "html"
    )
    assert done.code == 0, done.err
    shown = " ".join(done.out.split())  # as a browser shows it: a line break is a space
    assert (
        ". No dimension moved by 1 point or more. New findings: 2. Gone: 2. Not compared: Old area.</p>"
        in shown
    )


@pytest.mark.parametrize(
    ("shifts", "said", "unsaid"),
    [
        # the baseline's alignment raised (a fall since) or lowered (a rise since) by this much
        ({}, ["No dimension moved by 1 point or more."], ["Largest fall", "Largest rise"]),
        ({0: 0.9, 1: -0.9}, ["No dimension moved by 1 point or more."], ["Largest fall", "Largest rise"]),
        ({0: 1.0}, ["Largest fall: {0} (-1)."], ["Largest rise", "No dimension moved"]),
        ({1: -1.0}, ["Largest rise: {1} (+1)."], ["Largest fall", "No dimension moved"]),
        (
            {0: 3.0, 1: -5.0, 2: 8.0, 3: -2.0},
            ["Largest fall: {2} (-8).", "Largest rise: {1} (+5)."],
            ["No dimension moved", "(±0)"],
        ),
    ],
)
def test_the_html_summary_names_a_fall_or_a_rise_only_when_there_is_one(  # type: ignore[no-untyped-def]
    tmp_path: Path, cli, shifts: dict[int, float], said: list[str], unsaid: list[str]
):
    baseline = json.loads((HARBOR / "reports" / "report.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in baseline["dimensions"]]
    for i, shift in shifts.items():
        baseline["dimensions"][i]["alignment"] = round(baseline["dimensions"][i]["alignment"] + shift, 1)
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(baseline), encoding="utf-8")
    done = cli("report", HARBOR, "--crm", HARBOR / "crm.json", "--baseline", path, "-f", "html")
    assert done.code == 0, done.err
    shown = " ".join(done.out.split())  # as a browser shows it: a line break is a space
    summary = shown[shown.index('id="baseline"') :].split("</p>")[0]
    for text in said:
        assert text.format(*titles).replace("&", "&amp;") in summary, summary
    for text in unsaid:
        assert text not in summary, summary


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("Lead definition", "Lead definition."),
        ("it acts on it.", "it acts on it."),
        ("contact it?", "contact it?"),
        ("Stop now!", "Stop now!"),
        ("“both are weighed.”", "“both are weighed.”"),
        ("our head of…", "our head of…"),
        ("January to March 2026)", "January to March 2026)."),
        ("(as agreed.)", "(as agreed.)"),
        ("", "."),
    ],
)
def test_full_stop_adds_one_only_where_none_ends_the_text(text, ended):
    assert full_stop(text) == ended


def test_full_stop_keeps_html_escaped_once():
    from markupsafe import Markup, escape

    quoted = escape('He said "yes."')
    assert full_stop(quoted) == quoted
    ended = full_stop(escape("R&D <team>"))
    assert isinstance(ended, Markup)
    assert ended == Markup("R&amp;D &lt;team&gt;.")
