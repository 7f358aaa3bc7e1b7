"""Every command's --help, read at 80 and 120 columns: nothing cut, no malformed placeholders."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator

import pytest

from tests.helpers import alignment_command

TYPE_PLACEHOLDER = re.compile(r"<(str|path|int|float|bool|text|list\[[^\]]*\])>|\{[A-Z]")


def _commands() -> Iterator[tuple[str, ...]]:
    from typer.main import get_command

    from alignment_cli.cli import app

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    yield from walk(get_command(app), ())


COMMANDS = list(_commands())


def help_text(path: tuple[str, ...], columns: int) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"LINES"}}
    env.update({"COLUMNS": str(columns), "NO_COLOR": "1"})
    proc = subprocess.run(
        [*alignment_command(), *path, "--help"], env=env, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_command_is_covered() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {
        "report",
        "survey",
        "workshop",
        "check",
        "compare",
        "init",
        "status",
        "questionnaire show",
        "questionnaire template",
    } <= names


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "alignment")
def test_help_is_whole_and_clean(path: tuple[str, ...], columns: int) -> None:
    from typer.main import get_command

    from alignment_cli.cli import app

    text = help_text(path, columns)
    lines = text.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    assert not TYPE_PLACEHOLDER.search(text), TYPE_PLACEHOLDER.search(text)
    assert "…" not in text
    # descriptions end as written: a command list entry is never cut with "..."
    assert not [
        line
        for line in lines
        if line.rstrip().endswith("...")
        and not line.lstrip().startswith(("Usage:", "-"))
        and not re.match(r"^\s+[A-Z.|\[\]]+\.\.\.\s", line)
    ]
    command = get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    flat = _flat(text)
    for sub in getattr(command, "commands", {}).values():  # each sub-command's whole summary
        assert _flat(sub.get_short_help_str(limit=10_000)) in flat
    for param in command.params:
        if getattr(param, "hidden", False) or not getattr(param, "help", None):
            continue
        assert _flat(param.help) in flat, param.help
