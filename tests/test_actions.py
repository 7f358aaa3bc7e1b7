"""Commitments: the actions file's rules, overdue at its boundary, how areas moved, the exports,
`alignment plan`, and the check threshold max_overdue_actions."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from prompt_toolkit.input import PipeInput

from alignment_cli.commands.check import evaluate
from alignment_cli.errors import InputError
from alignment_cli.model.actions import (
    ActionPlan,
    draft_plan,
    load_actions,
    render_actions,
    review,
)
from alignment_cli.model.config import Thresholds
from alignment_cli.render.actions import export_csv, export_markdown
from alignment_cli.render.reports import render_json
from tests.helpers import BACKSPACE, DOWN, ENTER, Driven, two_heads

ACTION = {
    "recommendation": "agree-goals",
    "title": "Agree one set of objectives",
    "dimension": "goals",
    "dimension_title": "Shared goals",
    "baseline_alignment": 30.0,
}


def a_plan(*actions: dict[str, object]) -> ActionPlan:
    return ActionPlan.model_validate(
        {
            "organization": "Acme Corp",
            "from": {"questionnaire": "mini", "version": "1", "responses_to": "2026-03-01"},
            "actions": list(actions),
        }
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"status": "open", "owner": "ceo", "due": "2026-05-01"}, None),
        ({"status": "done", "owner": "both", "due": "2026-05-01"}, None),
        ({"status": "not-now"}, None),
        ({"status": "open", "owner": "ceo"}, "needs an owner"),
        ({"status": "open", "due": "2026-05-01"}, "needs an owner"),
        ({"status": "not-now", "owner": "ceo"}, "has no owner and no due date"),
        ({"status": "open", "owner": "cfo", "due": "2026-05-01"}, "owner"),
        ({"status": "open", "owner": "ceo", "due": "May"}, "due"),
        ({"status": "later"}, "status"),
    ],
)
def test_every_action_has_an_owner_and_a_due_date_or_is_not_now(tmp_path: Path, fields, problem):
    import yaml

    doc = {"from": {"questionnaire": "mini", "version": "1"}, "actions": [ACTION | fields]}
    path = tmp_path / "actions.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    if problem is None:
        assert load_actions(path).actions[0].status == fields["status"]
        return
    with pytest.raises(InputError) as caught:
        load_actions(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:") and problem in message
    assert "actions[0]" in message


def test_an_unknown_key_names_its_line(tmp_path: Path):
    path = tmp_path / "actions.yaml"
    path.write_text("from: {questionnaire: mini, version: '1'}\nactions: []\nowner: ceo\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"actions.yaml:3:1: owner: unknown key"):
        load_actions(path)


@pytest.mark.parametrize(
    ("due", "status", "overdue", "days"),
    [
        ("2026-11-24", "open", True, 1),  # the day before the responses
        ("2026-11-25", "open", False, 0),  # due that very day: on time
        ("2026-11-26", "open", False, 0),
        ("2026-01-01", "done", False, 0),  # done is never overdue
    ],
)
def test_overdue_is_judged_on_the_date_of_the_responses(mini, due, status, overdue, days):
    result = two_heads(mini)  # responses completed 2026-11-25
    plan = a_plan(ACTION | {"status": status, "owner": "ceo", "due": due})
    item = review(plan, result, source="a.yaml", clock=lambda: date(2030, 1, 1)).items[0]
    assert (item.overdue, item.days_overdue) == (overdue, days)


def test_without_dates_the_clock_decides(mini):
    result = two_heads(mini).model_copy(update={"responses_to": None})
    plan = a_plan(ACTION | {"status": "open", "owner": "ceo", "due": "2026-05-01"})
    early = review(plan, result, source="a.yaml", clock=lambda: date(2026, 5, 1))
    late = review(plan, result, source="a.yaml", clock=lambda: date(2026, 5, 2))
    assert (early.as_of_basis, early.items[0].overdue) == ("today", False)
    assert late.items[0].overdue and "the responses carry no date" in late.as_of_words


def test_how_the_area_moved_since_the_plan(mini):
    result = two_heads(mini)
    goals = result.dimension("goals")
    assert goals is not None and goals.alignment is not None
    plan = a_plan(ACTION | {"status": "open", "owner": "ceo", "due": "2026-12-01"})
    item = review(plan, result, source="a.yaml").items[0]
    assert item.alignment_now == goals.alignment
    assert item.moved == round(goals.alignment - 30.0, 1)


@pytest.mark.parametrize(
    ("limit", "late", "status"), [(0, 0, "pass"), (0, 1, "fail"), (1, 1, "pass"), (1, 2, "fail")]
)
def test_max_overdue_actions_at_its_boundary(mini, limit, late, status):
    result = two_heads(mini)
    actions = [
        ACTION
        | {
            "recommendation": f"r{i}",
            "status": "open",
            "owner": "ceo",
            "due": "2026-01-01" if i < late else "2027-01-01",
        }
        for i in range(3)
    ]
    commitments = review(a_plan(*actions), result, source="a.yaml")
    outcome = evaluate(result, Thresholds(max_overdue_actions=limit), baseline=None, commitments=commitments)
    check = next(c for c in outcome.thresholds if c.name == "Overdue commitments")
    assert (check.status, check.now) == (status, str(late))
    assert outcome.passed is (status == "pass")


def test_no_actions_file_skips_the_overdue_check(mini):
    outcome = evaluate(two_heads(mini), Thresholds(max_overdue_actions=0), baseline=None)
    assert outcome.passed
    assert "No actions file is set" in " ".join(outcome.notes)


def test_exports_markdown_checklist_and_csv():
    plan = a_plan(
        ACTION
        | {"status": "open", "owner": "head-of-sales", "due": "2026-05-01", "first_step": "Hold an offsite"},
        ACTION | {"recommendation": "x", "title": '=HYPERLINK("evil")', "status": "not-now"},
        ACTION
        | {
            "recommendation": "y",
            "title": "Done one",
            "status": "done",
            "owner": "both",
            "due": "2026-04-01",
        },
    )
    md = export_markdown(plan)
    assert (
        "- [ ] **Agree one set of objectives** (Shared goals). Owner: Head of Sales. "
        "Due 2026-05-01. First step: Hold an offsite."
    ) in md
    assert "- [x] **Done one**" in md
    assert "Not now:" in md
    rows = list(csv.reader(io.StringIO(export_csv(plan))))
    assert rows[0] == ["title", "area", "first_step", "owner", "due", "status", "recommendation", "source"]
    assert rows[1][:6] == [
        "Agree one set of objectives",
        "Shared goals",
        "Hold an offsite",
        "Head of Sales",
        "2026-05-01",
        "open",
    ]
    assert rows[2][0] == '\'=HYPERLINK("evil")'  # no formula in a spreadsheet
    assert rows[2][5] == "not now"


def test_the_file_round_trips(tmp_path: Path, mini):
    plan = draft_plan(two_heads(mini))
    path = tmp_path / "actions.yaml"
    path.write_text(render_actions(plan), encoding="utf-8")
    assert load_actions(path) == plan
    assert render_actions(plan).startswith("# Commitments from the action plan")


def test_plan_walks_through_and_saves_after_every_decision(pipe: PipeInput, tmp_path: Path, mini):
    from alignment_cli.interactive.plan import walk_plan

    result = two_heads(mini)
    target = tmp_path / "actions.yaml"
    count = len(draft_plan(result).actions)
    script = [
        ("Who owns it?", DOWN * 2 + ENTER),
        ("Due date", BACKSPACE * 10 + "2026-13-01" + ENTER),
        ("Due date", BACKSPACE * 10 + "2027-02-01" + ENTER),
    ]
    script += [("Who owns it?", DOWN * 4 + ENTER)] * (count - 1)
    driven = Driven(pipe, script, watch=target)
    plan = walk_plan(driven, result, target, clock=lambda: date(2026, 11, 25))
    assert not driven.script
    assert (plan.actions[0].owner, plan.actions[0].due) == ("ceo", date(2027, 2, 1))
    assert all(a.status == "not-now" for a in plan.actions[1:])
    assert "'2026-13-01' is not a date" in driven.output
    assert driven.snapshots[0] is None and "ceo" in (driven.snapshots[3] or "")
    assert load_actions(target) == plan


def test_plan_no_input_exports_the_existing_file(tmp_path: Path, mini, cli):  # type: ignore[no-untyped-def]
    result = two_heads(mini)
    result_path = tmp_path / "report.json"
    result_path.write_text(render_json(result), encoding="utf-8")
    done = cli("plan", result_path, "--no-input", "--export", "md")
    # no file yet: a skeleton to fill in, owners and due dates empty, and its export
    assert done.code == 0, done.err
    skeleton = load_actions(tmp_path / "actions.yaml")
    assert skeleton.actions and all(a.owner is None and a.due is None for a in skeleton.actions)
    assert "owners and due dates empty" in done.out + done.err
    assert (tmp_path / "actions.md").is_file()
    plan = draft_plan(result)
    (tmp_path / "actions.yaml").write_text(render_actions(plan), encoding="utf-8")
    done = cli("plan", result_path, "--no-input", "--export", "md", "--export", "csv")
    assert done.code == 0, done.err
    assert (tmp_path / "actions.md").read_text(encoding="utf-8").startswith("# Action plan: Acme")
    assert (tmp_path / "actions.csv").read_text(encoding="utf-8").startswith("title,area")
    done = cli("plan", result_path, "--no-input", "--export", "pdf")
    assert done.code == 2 and "--export 'pdf': expected md or csv" in done.err


def test_report_shows_last_rounds_commitments(tmp_path: Path, cli):  # type: ignore[no-untyped-def]
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "actions.yaml").write_text(
        "from: {questionnaire: sales-marketing-alignment, version: '1.0', "
        "responses_to: 2026-03-11}\nactions:\n"
        "  - {recommendation: r1, title: Sign off the lead definition, dimension: lead-handoff,"
        " dimension_title: Lead definition and hand-off, baseline_alignment: 17.8,"
        " status: open, owner: both, due: 2026-05-01}\n",
        encoding="utf-8",
    )
    done = cli(
        "report", root / "examples" / "northwind-history" / "2026-q2", "--actions", tmp_path / "actions.yaml"
    )
    assert done.code == 0, done.err
    assert "Last round's commitments (as of 2026-06-09" in done.out
    assert "overdue by" in done.out and "1 of 1 commitments overdue" in done.out
    done = cli(
        "report",
        root / "examples" / "northwind-history" / "2026-q2",
        "-f",
        "md",
        "-f",
        "json",
        "-o",
        tmp_path / "out",
        "--actions",
        tmp_path / "actions.yaml",
    )
    assert done.code == 0, done.err
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Last round's commitments" in md
    assert (
        "| Sign off the lead definition | Both heads | 2026-05-01 | **overdue by 39 days** | "
        "Lead definition and hand-off: 18 → 69 (+51.1) |"
    ) in md
    import json

    doc = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert doc["commitments"]["overdue"] == 1 and doc["commitments"]["as_of"] == "2026-06-09"


def test_the_footer_prints_any_organization_literally(mini):
    from alignment_cli.render.reports import render_html
    from alignment_cli.render.templates import css_string

    assert str(css_string('A "B" </style> \\ C')) == '"A \\22 B\\22  \\3c /style\\3e  \\5c  C"'
    html = render_html(two_heads(mini, organization='Acme "</style><script>x</script>'))
    style = html[html.index("<style>") : html.index("</style>")]
    assert '@bottom-left { content: "Acme \\22 \\3c /style\\3e \\3c script\\3e x' in style
    assert html.count("</style>") == 1


def test_the_workshop_shows_last_rounds_commitments(pipe: PipeInput, tmp_path: Path):
    from tests.helpers import HAND_OVER, MARKETING, QUESTIONS, START, workshop

    actions = tmp_path / "last-quarter.yaml"
    actions.write_text(
        render_actions(a_plan(ACTION | {"status": "open", "owner": "ceo", "due": "2026-01-01"})),
        encoding="utf-8",
    )
    driven = Driven(
        pipe, START + QUESTIONS + HAND_OVER + MARKETING + [("Agree owners and due dates", "n")], width=200
    )
    workshop(driven, tmp_path, actions=actions)
    screen = " ".join(driven.output.split())
    assert "Last round's commitments" in screen and "1 of 1 commitments overdue." in screen
    md = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert "| Agree one set of objectives | CEO | 2026-01-01 | **overdue by" in md


def test_the_commitments_table_at_80_columns_wraps_only_the_action(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
    monkeypatch,
):
    root = Path(__file__).resolve().parent.parent
    (tmp_path / "actions.yaml").write_text(
        "from: {questionnaire: sales-marketing-alignment, version: '1.0', "
        "responses_to: 2026-03-11}\nactions:\n"
        "  - {recommendation: r1, title: Publish a shared revenue target both heads sign,"
        " dimension: lead-handoff, dimension_title: Lead definition and hand-off,"
        " baseline_alignment: 17.8, status: open, owner: head-of-marketing, due: 2026-05-01}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COLUMNS", "80")
    done = cli(
        "report", root / "examples" / "northwind-history" / "2026-q2", "--actions", tmp_path / "actions.yaml"
    )
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Last round's commitments"))
    header = lines[at + 1]
    assert header.split() == ["Action", "Owner", "Due", "State", "Area", "then", "→", "now"]
    row = next(line for line in lines[at:] if "2026-05-01" in line)
    assert "Head of Marketing" in row and "overdue by 39 days" in row and "(+51.1)" in row
