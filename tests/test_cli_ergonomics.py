"""What the command line accepts: output format from the extension, one spelling of -o, global
options anywhere, and printed commands that work when pasted."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from alignment_cli.cli.entry import hoist_global_flags
from alignment_cli.formats import ReportFormat as Format
from alignment_cli.render.reports import formats_for_output
from tests.helpers import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
NORTHWIND = REPO / "examples" / "northwind"


@pytest.mark.parametrize(
    ("formats", "output", "expected"),
    [
        (None, "r.html", [Format.html]),
        (None, "r.HTM", [Format.html]),
        (None, "r.md", [Format.md]),
        (None, "r.markdown", [Format.md]),
        (None, "r.json", [Format.json]),
        (None, None, [Format.terminal]),
        ([Format.terminal], "r.md", [Format.terminal, Format.md]),
        ([Format.md], "r.md", [Format.md]),
        ([Format.md], "r.txt", [Format.md]),  # no clash: the extension names no format
        ([Format.md, Format.html], "out/", [Format.md, Format.html]),
    ],
)
def test_formats_for_output(formats, output, expected) -> None:
    assert formats_for_output(formats, Path(output) if output else None) == expected


@pytest.mark.parametrize(
    ("formats", "output", "says"),
    [
        ([Format.md], "r.html", "-f md -o r.html: the file name says html"),
        ([Format.html], "r.json", "-f html -o r.json: the file name says json"),
        ([Format.json], "r.md", "-f json -o r.md: the file name says md"),
        (None, "report.txt", "the format cannot be told from the file name"),
        (None, "report", "the format cannot be told from the file name"),
    ],
)
def test_formats_for_output_refuses(formats, output, says) -> None:
    from alignment_cli.errors import UsageError

    with pytest.raises(UsageError, match=says.replace(".", r"\.")):
        formats_for_output(formats, Path(output))


def test_report_html_from_the_extension(cli, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = cli("report", NORTHWIND, "-o", target)
    assert result.code == 0, result.err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_format_that_clashes_with_the_extension_exits_2(cli, tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    result = cli("report", NORTHWIND, "-f", "md", "-o", target)
    assert result.code == 2
    assert "the file name says html" in result.err
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["report", "x", "--no-color"], ["--no-color", "report", "x"]),
        (["report", "--debug", "x", "--no-color"], ["--debug", "--no-color", "report", "x"]),
        (["--no-color", "report", "x"], ["--no-color", "report", "x"]),
        (["survey", "--no-input"], ["--no-input", "survey"]),
        (["report", "x", "--no-input", "--debug"], ["--no-input", "--debug", "report", "x"]),
        (["report", "--", "--no-color"], ["report", "--", "--no-color"]),  # a file so named
        (["report", "--no-color", "--no-color"], ["--no-color", "report"]),
    ],
)
def test_global_flags_move_before_the_command(argv, expected) -> None:
    assert hoist_global_flags(argv) == expected


def test_global_options_after_the_command(cli, tmp_path: Path) -> None:
    result = cli("report", NORTHWIND, "-f", "md", "--no-color")
    assert result.code == 0, result.err
    assert result.out.startswith("#")
    result = cli("survey", "--role", "sales", "--no-input")
    assert result.code == 2
    assert "--no-input was given" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ("report", NORTHWIND, "-f", "md", "--no-input"),
        ("--no-input", "report", NORTHWIND, "-f", "md"),
        ("status", NORTHWIND, "--no-input"),
        ("questionnaire", "list", "--no-input"),
    ],
)
def test_no_input_is_taken_by_every_command(cli, argv) -> None:
    """A CI job can pass --no-input to whatever it runs: the commands that never prompt take it
    and do their work."""
    result = cli(*argv)
    assert result.code == 0, result.err


def test_no_input_before_plan_exports_without_prompting(cli, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    assert cli("report", NORTHWIND, "-f", "json", "-o", report).code == 0
    # no prompt, and no refusal to run without a terminal: the export path, which says what
    # is missing
    done = cli("--no-input", "plan", report, "--export", "md")
    assert done.code == 0, done.err
    assert (tmp_path / "actions.yaml").is_file() and (tmp_path / "actions.md").is_file()
    assert "--no-input was given" not in done.err


def test_plan_without_a_terminal_gives_its_own_hint(tmp_path: Path) -> None:
    import subprocess
    import sys

    report = Path(__file__).resolve().parent.parent / "examples" / "northwind" / "reports" / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "plan", str(report)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--no-input` writes actions.yaml" in done.stderr
    assert "questionnaire template" not in done.stderr


def test_template_output_spellings(cli, tmp_path: Path) -> None:
    new, old = tmp_path / "new.yaml", tmp_path / "old.yaml"
    assert cli("questionnaire", "template", "--output", new, "--name", "Jana", "--head").code == 0
    assert cli("questionnaire", "template", "--out", old).code == 0  # the hidden alias
    assert load_yaml_file(new)["respondent"] == {"role": "sales", "name": "Jana", "team": None, "head": True}
    assert load_yaml_file(old)["respondent"]["head"] is False
    text = old.read_text(encoding="utf-8")
    assert "head: false was written; set it to true, or pass --head" in text
    clash = cli("questionnaire", "template", "--output", new, "--out", old)
    assert clash.code == 2


# --- printed commands --------------------------------------------------------------------------------


def _run(args: list[str], *, path: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path, "NO_COLOR": "1"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_printed_command_is_the_program_path_when_alignment_is_not_on_the_path(tmp_path) -> None:
    script = Path(sys.executable).parent / "alignment"
    if not script.exists():
        pytest.skip("needs the installed console script")
    # as after `make run`: the script in .venv/bin, which is not on the PATH
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "alignment").symlink_to(script)
    proc = _run(
        [".venv/bin/alignment", "questionnaire", "template", "-o", "a.yaml"],
        path="/usr/bin:/bin",
        cwd=project,
    )
    assert proc.returncode == 0, proc.stderr
    assert "then run `.venv/bin/alignment report a.yaml`" in proc.stderr
    # and that command works when pasted
    pasted = shlex.split(proc.stderr.split("`")[1])
    again = _run(pasted, path="/usr/bin:/bin", cwd=project)
    assert again.returncode == 0, again.stderr
    assert "Sales" in again.stdout


def test_printed_command_is_alignment_when_that_is_this_program(tmp_path) -> None:
    script = Path(sys.executable).parent / "alignment"
    if not script.exists():
        pytest.skip("needs the installed console script")
    proc = _run(
        [str(script), "questionnaire", "template", "-o", "a.yaml"],
        path=f"{script.parent}:/usr/bin:/bin",
        cwd=tmp_path,
    )
    assert "then run `alignment report a.yaml`" in proc.stderr


def test_printed_command_through_python_m(tmp_path) -> None:
    proc = _run(
        [sys.executable, "-m", "alignment_cli", "questionnaire", "template", "-o", "a.yaml"],
        path="/usr/bin:/bin",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"then run `{sys.executable} -m alignment_cli report a.yaml`" in proc.stderr


# --- questionnaire show -----------------------------------------------------------------------------


def _show(columns: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns:
        env["COLUMNS"] = columns
    proc = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "questionnaire", "show", "sales-marketing-alignment"],
        env=env | {"NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


@pytest.mark.parametrize(("columns", "width"), [(None, 100), ("60", 60), ("120", 120)])
def test_show_keeps_the_indent_on_wrapped_lines(columns: str | None, width: int) -> None:
    lines = _show(columns)
    assert max(len(line) for line in lines) <= width
    assert max(len(line) for line in lines) > width - 15  # the width is used, not 80 in a pipe
    from alignment_cli.model.questionnaire import builtin_paths, load_questionnaire

    q = load_questionnaire(builtin_paths()["sales-marketing-alignment"])
    for question in q.questions.values():  # every item text: all its lines at the same indent
        start = next(
            i
            for i, line in enumerate(lines)
            if line == "    " + question.text[: len(line) - 4] and line.strip()
        )
        shown, k = "", start
        while len(shown) < len(question.text):
            assert lines[k].startswith("    "), lines[k]
            shown = (shown + " " + lines[k].strip()).strip()
            k += 1
        assert shown == question.text
    items = [i for i, line in enumerate(lines) if line.startswith("    Help: ")]
    assert items
    for i in items:  # a help text that wraps goes on at the same indent
        nxt = lines[i + 1]
        assert nxt.startswith("    "), nxt


def test_several_formats_into_a_file_name_is_an_error_not_a_folder(cli, tmp_path: Path) -> None:
    done = cli("report", NORTHWIND, "-f", "md", "-f", "html", "-o", tmp_path / "out.html")
    assert done.code == 2, done.err
    assert "need a folder" in done.err
    assert not (tmp_path / "out.html").exists()


def test_format_names_in_any_case(cli, tmp_path: Path) -> None:
    done = cli("report", NORTHWIND, "--format", "HTML", "-o", tmp_path / "r.html")
    assert done.code == 0, done.err
    assert (tmp_path / "r.html").is_file()


def test_one_round_is_one_round(tmp_path: Path) -> None:
    from alignment_cli.commands.trend import load_trend
    from alignment_cli.render.trend import render_trend_markdown

    history = Path(__file__).resolve().parent.parent / "examples" / "northwind-history" / "results"
    text = render_trend_markdown(load_trend([sorted(history.glob("*.json"))[0]]))
    assert "1 round," in text and "1 rounds" not in text
