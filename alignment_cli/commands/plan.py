"""`alignment plan`: the room agrees owners and due dates for the action plan of a result, and
the plan is exported as a checklist or a sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alignment_cli.errors import InputError, UsageError
from alignment_cli.io.yamlio import write_atomic
from alignment_cli.model.actions import ActionPlan, load_actions
from alignment_cli.render.actions import export_csv, export_markdown

EXPORTS = {"md": ("md", export_markdown), "csv": ("csv", export_csv)}


def default_actions_path(result_path: Path) -> Path:
    return result_path.parent / "actions.yaml"


def check_exports(exports: list[str]) -> list[str]:
    out = []
    for value in exports:
        for part in value.split(","):
            kind = part.strip().lower()
            if kind not in EXPORTS:
                raise UsageError(f"--export {part!r}: expected md or csv")
            out.append(kind)
    return list(dict.fromkeys(out))


def write_exports(plan: ActionPlan, actions_path: Path, kinds: list[str]) -> list[Path]:
    written = []
    for kind in kinds:
        extension, export = EXPORTS[kind]
        target = actions_path.with_suffix(f".{extension}")
        write_atomic(target, export(plan), fsync=False)
        written.append(target)
    return written


def run_plan(result_path: Path, *, output: Path | None, exports: list[str], interactive: bool,
             console: Any, asker: Any = None) -> list[Path]:
    """Walk the plan (or, without input, take the actions file as it is), then export it."""
    from alignment_cli.commands.compare import load_result

    kinds = check_exports(exports)
    result = load_result(result_path)
    target = output or default_actions_path(result_path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; --output names the actions file")
    if not interactive:
        if not target.is_file():
            raise InputError(f"{target}: no actions file to export; run `alignment plan "
                             f"{result_path}` in a terminal first to agree the plan")
        return write_exports(load_actions(target), target, kinds)
    from alignment_cli.interactive.plan import previous_plan, walk_plan

    if asker is None:
        from alignment_cli.interactive.asker import QuestionaryAsker

        asker = QuestionaryAsker(console)
    previous = previous_plan(target)
    try:
        plan = walk_plan(asker, result, target, previous=previous)
    except KeyboardInterrupt:
        from alignment_cli.errors import Interrupted

        raise Interrupted("Interrupted. The decisions made so far are saved.", saved_to=target,
                          resume_command=f"alignment plan {result_path}"
                          + (f" -o {output}" if output else "")) from None
    return [target, *write_exports(plan, target, kinds)]
