"""Going through the action plan with the room: for each action an owner and a due date, or
"not now". Asked through the Asker seam (so tests drive the real prompts), and saved after every
decision, so a session that stops keeps what was agreed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli.errors import InputError
from alignment_cli.interactive.asker import Asker
from alignment_cli.model.actions import (
    OWNERS,
    ActionPlan,
    draft_plan,
    load_actions,
    save_actions,
    today_utc,
)
from alignment_cli.model.result import Result
from alignment_cli.program import command

if TYPE_CHECKING:
    from rich.console import Console

NOT_NOW = "not-now"
DEFAULT_DAYS = 30


def parse_due(raw: str, *, today: date) -> date:
    """A due date as typed: YYYY-MM-DD, or +N for N days from today. ValueError says why not."""
    from alignment_cli.model.actions import EARLIEST, LATEST

    text = raw.strip()
    try:
        if text.startswith("+") and text[1:].isdigit():
            if len(text) > 7:
                raise OverflowError
            due = today + timedelta(days=int(text[1:]))
        else:
            due = date.fromisoformat(text)
        if not EARLIEST <= due <= LATEST:
            raise OverflowError
        return due
    except OverflowError:
        raise ValueError(
            f"{text[:20]!r} is too far away; type a date from {EARLIEST.year} to {LATEST.year}"
        ) from None
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date; type it as YYYY-MM-DD (e.g. "
            f"{(today + timedelta(days=DEFAULT_DAYS)).isoformat()}) or +30 for "
            "30 days from today"
        ) from None


def walk_plan(
    asker: Asker,
    result: Result,
    target: Path,
    *,
    previous: ActionPlan | None = None,
    clock: Callable[[], date] = today_utc,
) -> ActionPlan:
    """Each plan action in turn; the file at `target` is written after every decision."""
    today = clock()
    plan = draft_plan(result, previous)
    total = len(plan.actions)
    if not total:
        asker.say("The result has no recommendation, so there is no action plan to agree.")
        return plan
    asker.heading(
        "The action plan: who does what, by when",
        f"{total} actions. For each, choose an owner and a due date, or 'not now'. "
        f"Each decision is saved to {target} at once.",
    )
    choices = [(label, value) for value, label in OWNERS.items()] + [("Not now", NOT_NOW)]
    for number, action in enumerate(plan.actions, start=1):
        asker.say()
        asker.say(f"Action {number} of {total}: {action.title}", style="bold")
        area = action.dimension_title or action.dimension
        then = (
            ""
            if action.baseline_alignment is None
            else f" (alignment {action.baseline_alignment:.0f} of 100)"
        )
        asker.say(f"Area: {area}{then}")
        if action.first_step:
            asker.say(f"First step: {action.first_step}")
        owner = asker.choose(
            "Who owns it?", choices, default=action.owner if action.status != NOT_NOW else None
        )
        if owner == NOT_NOW:
            plan.actions[number - 1] = action.model_copy(
                update={"status": "not-now", "owner": None, "due": None}
            )
        else:
            suggested = action.due or today + timedelta(days=DEFAULT_DAYS)
            due = _ask_due(asker, suggested, today)
            plan.actions[number - 1] = action.model_copy(
                update={"status": "done" if action.status == "done" else "open", "owner": owner, "due": due}
            )
        save_actions(target, plan)
    taken = sum(1 for a in plan.actions if a.status != NOT_NOW)
    asker.say()
    asker.say(f"{taken} of {total} actions have an owner and a due date; saved in {target}.", style="bold")
    return plan


def _ask_due(asker: Asker, suggested: date, today: date) -> date:
    while True:
        # not pre-filled: what is typed is the whole answer, never appended to a date
        raw = asker.text(
            "Due date",
            instruction=f"YYYY-MM-DD, or +N for N days from today (+14); Enter "
            f"takes {suggested.isoformat()}.",
        )
        try:
            due = parse_due(raw or suggested.isoformat(), today=today)
        except ValueError as exc:
            asker.say(str(exc)[0].upper() + str(exc)[1:], style="red")
            continue
        if due < today:
            asker.say(f"{due.isoformat()} is in the past; noted as given.", style="yellow")
        return due


def same_organization(plan: ActionPlan, result: Result, path: Path) -> ActionPlan:
    """An actions file holds one organization's commitments: `plan` on another organization's
    result refuses to replace it (or export it as if it were this one's)."""
    mine = (result.organization or "").strip().casefold()
    theirs = (plan.organization or "").strip().casefold()
    if mine != theirs:
        owner = (
            f"the commitments of {plan.organization!r}"
            if plan.organization
            else "commitments that name no organization"
        )
        raise InputError(
            f"holds {owner}, and this result is for "
            f"{result.organization or 'no named organization'!r}; it is not "
            "replaced. Name another file with --output (-o) for this plan",
            path=path,
        )
    return plan


def previous_plan(path: Path) -> ActionPlan | None:
    """An earlier file for the same plan, whose decisions become the defaults."""
    return load_actions(path) if path.is_file() else None


def run_plan(
    result_path: Path,
    *,
    output: Path | None,
    exports: list[str],
    interactive: bool,
    console: Console,
    asker: Asker | None = None,
) -> list[Path]:
    """Walk the plan (or, without input, take the actions file as it is), then export it."""
    from alignment_cli.commands.plan import check_exports, default_actions_path, write_exports
    from alignment_cli.model.result_file import load_result

    kinds = check_exports(exports)
    result = load_result(result_path)
    target = output or default_actions_path(result_path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; --output names the actions file")
    from alignment_cli.commands.plan import EXPORTS
    from alignment_cli.io.files import check_outputs

    # the actions file and its exports never replace the result they come from
    check_outputs(
        [target, *(target.with_suffix(f".{EXPORTS[k][0]}") for k in kinds)],
        inputs=[result_path],
        instead="Choose another --output",
    )
    if any(target.with_suffix(f".{EXPORTS[k][0]}") == target for k in kinds):
        raise InputError(
            f"{target}: the actions file and its {target.suffix} export would be "
            "one file; name the actions file .yaml"
        )
    if not interactive:
        if not target.is_file():
            # a skeleton to fill in by hand or by script, as `questionnaire template` is for
            # answers: every action, its owner and due date left empty
            skeleton = draft_plan(result, None)
            save_actions(target, skeleton)
            console.print(
                f"No actions file yet: wrote {target} with the {len(skeleton.actions)} "
                "actions, owners and due dates empty (status: not-now). To commit "
                f"to one, set its owner ({' | '.join(OWNERS)}), its due date "
                "(YYYY-MM-DD) and status: open; or agree them in a terminal with "
                f"`{command('plan', str(result_path))}`.",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            return [target, *write_exports(skeleton, target, kinds)]
        return write_exports(same_organization(load_actions(target), result, target), target, kinds)
    if asker is None:
        from alignment_cli.interactive.asker import QuestionaryAsker

        asker = QuestionaryAsker(console)
    previous = previous_plan(target)
    if previous is not None:
        same_organization(previous, result, target)
    from alignment_cli.interactive.guard import stops_like_ctrl_c

    with stops_like_ctrl_c():  # SIGTERM, SIGHUP: the decisions kept, as with Ctrl-C
        try:
            plan = walk_plan(asker, result, target, previous=previous)
        except KeyboardInterrupt:
            from alignment_cli.errors import Interrupted

            raise Interrupted(
                "Interrupted. The decisions made so far are saved.",
                saved_to=target,
                resume_command=command("plan", str(result_path), *(["-o", str(output)] if output else [])),
            ) from None
    return [target, *write_exports(plan, target, kinds)]
