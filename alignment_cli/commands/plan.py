"""`alignment plan`: the room agrees owners and due dates for the action plan of a result, and
the plan is exported as a checklist or a sheet."""

from __future__ import annotations

from pathlib import Path

from alignment_cli.errors import UsageError
from alignment_cli.io.yamlio import write_atomic
from alignment_cli.model.actions import ActionPlan
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
