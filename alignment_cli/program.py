"""How to run this program again, as the person would type it.

Every command the tool prints must work when pasted. After `make run`, `alignment` lives in
`.venv/bin` and is not on the PATH, so a printed `alignment survey --resume ...` would fail;
the program's own path is printed instead whenever `alignment` on the PATH is not this program.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

NAME = "alignment"


def _shown(path: Path) -> str:
    """A path as short as it can be and still work from here: relative inside the current
    folder, absolute outside it."""
    try:
        relative = path.relative_to(Path.cwd())
    except ValueError:
        return str(path)
    text = relative.as_posix()
    return text if "/" in text else f"./{text}"


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def program() -> str:
    """`alignment`, or the way to reach this copy of it when that name would not."""
    on_path = shutil.which(NAME)
    script = sys.argv[0] if sys.argv else ""
    if Path(script).name == NAME:
        if on_path and _same_file(on_path, script):
            return NAME
        return shlex.quote(_shown(Path(script).absolute()))
    if on_path:
        return NAME
    return f"{shlex.quote(_shown(Path(sys.executable).absolute()))} -m alignment_cli"


def command(*words: str) -> str:
    """A full command line, e.g. command("survey", "--resume", path), quoted for a shell."""
    return " ".join([program(), *(shlex.quote(word) for word in words)])


DEFAULT_QUESTIONNAIRE = "sales-marketing-alignment"


def report_command(
    paths: list[Path],
    questionnaire_ref: str = DEFAULT_QUESTIONNAIRE,
    output: Path | None = None,
    *,
    formats: Sequence[str] = ("terminal", "md", "html", "json"),
    options: Sequence[str] = (),
) -> str:
    """The command that scores response files, as it will work when pasted; it writes the
    report files in `formats` when `output` is given. `options` follow as they are (--actions
    FILE, --history DIR, ...)."""
    words = ["report", *(str(p) for p in paths)]
    if output is not None:
        for name in formats:
            words += ["-f", name]
        words += ["-o", str(output)]
    if questionnaire_ref != DEFAULT_QUESTIONNAIRE:
        words += ["--questionnaire", questionnaire_ref]
    return command(*words, *options)


def template_command(
    questionnaire_ref: str,
    role: str,
    output: Path,
    *,
    name: str | None = None,
    organization: str | None = None,
    head: bool = False,
    force: bool = False,
) -> str:
    """The command that writes a blank response file to fill in by hand."""
    words = ["questionnaire", "template", questionnaire_ref, "--role", role]
    if name:
        words += ["--name", name]
    if organization:
        words += ["--organization", organization]
    if head:
        words.append("--head")
    if force:
        words.append("--force")
    return command(*words, "-o", str(output))
