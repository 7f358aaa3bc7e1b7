"""`alignment --help` must stay close to the cost of importing typer: nothing heavy at start-up."""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "questionary",
    "jinja2",
    "pydantic",
    "yaml",
    "prompt_toolkit",
    "starlette",
    "uvicorn",
    "segno",
    "multipart",
    "httpx",
    "alignment_cli.interactive.webform.app",
    "alignment_cli.scoring.compute",
    "alignment_cli.render.reports",
    "alignment_cli.model.questionnaire",
]


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_the_cli_loads_nothing_heavy():
    modules = loaded_after("import alignment_cli.cli")
    assert "typer" in modules  # the probe really ran
    assert not [m for m in HEAVY if m in modules]


def test_help_and_version_load_nothing_heavy():
    for argv in (
        ["--help"],
        ["--version"],
        ["report", "--help"],
        ["collect", "--help"],
        ["import", "--help"],
    ):
        modules = loaded_after(
            "from alignment_cli.cli import main\n"
            "import io, contextlib\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            f"        main({argv!r})\n"
            "    except SystemExit:\n"
            "        pass"
        )
        assert "alignment_cli.cli" in modules
        # typer itself may load pydantic to convert a sub-command's option types
        allowed = {"pydantic"} if argv[0] in ("report", "collect", "import") else set()
        assert not [m for m in HEAVY if m in modules and m not in allowed], argv
