"""Only regular files are read or replaced, an output never replaces an input, and a folder
that cannot be read is reported rather than skipped in silence."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import (
    MARKETING_ANSWERS,
    MINI,
    SALES_ANSWERS,
    alignment_command,
    make_response,
    write_response,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "r"
    write_response(out, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(out, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    return out


def _snapshot(*paths: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in paths}


# --- -o never replaces an input ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
@pytest.mark.parametrize(
    "target",
    [
        "response",
        "response-other-spelling",
        "response-hardlink",
        "response-symlink",
        "questionnaire",
        "baseline",
    ],
)
def test_report_output_never_replaces_an_input(fmt, target, folder, tmp_path, cli):
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(MINI.read_text())
    baseline = tmp_path / "base.json"
    baseline.write_text(cli("report", folder, "--questionnaire", questionnaire, "-f", "json").out)
    response = folder / "s.yaml"
    (folder / "link.yaml").unlink(missing_ok=True)
    output = {
        "response": response,
        "response-other-spelling": folder / "." / ".." / "r" / "s.yaml",
        "response-hardlink": tmp_path / "hard.yaml",
        "response-symlink": tmp_path / "soft.yaml",
        "questionnaire": questionnaire,
        "baseline": baseline,
    }[target]
    if target == "response-hardlink":
        os.link(response, output)
    if target == "response-symlink":
        output.symlink_to(response)
    before = _snapshot(response, folder / "m.yaml", questionnaire, baseline)
    result = cli(
        "report", folder, "--questionnaire", questionnaire, "--baseline", baseline, "-f", fmt, "-o", output
    )
    assert result.code == 2, result
    if target == "baseline" and fmt != "json":  # refused first because .json names another format
        assert "the file name says json" in result.err
    else:
        assert "is an input of this run" in result.err
    assert _snapshot(*before) == before


def test_a_folder_output_holding_an_input_is_refused(tmp_path, cli):
    folder = tmp_path / "r"
    write_response(folder, "report.json", make_response("sales", SALES_ANSWERS))
    write_response(folder, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    # report.json is no response name, so name it directly
    result = cli(
        "report",
        folder / "report.json",
        folder / "m.yaml",
        "--questionnaire",
        MINI,
        "-f",
        "md",
        "-f",
        "json",
        "-o",
        folder,
    )
    assert result.code == 2, result
    assert "report.json: is an input of this run" in result.err


@pytest.mark.parametrize("target", ["config", "baseline", "questionnaire", "response"])
def test_check_reports_never_replace_an_input(target, tmp_path, cli):
    folder = tmp_path / "r"
    write_response(folder, "s.yaml", make_response("sales", SALES_ANSWERS))
    write_response(folder, "m.yaml", make_response("marketing", MARKETING_ANSWERS))
    (tmp_path / "q.yaml").write_text(MINI.read_text())
    names = {
        "config": "report.md",
        "baseline": "report.json",
        "questionnaire": "report.html",
        "response": None,
    }
    out = tmp_path if target != "response" else folder
    config = tmp_path / (names["config"] if target == "config" else "alignment.yml")
    baseline = "report.json" if target == "baseline" else "none.json"
    questionnaire = "report.html" if target == "questionnaire" else "q.yaml"
    if target == "questionnaire":
        (tmp_path / "report.html").write_text(MINI.read_text())
    if target == "baseline":
        first = cli("report", folder, "--questionnaire", MINI, "-f", "json")
        (tmp_path / "report.json").write_text(first.out)
    if target == "response":
        write_response(folder, "report.yaml", make_response("sales", SALES_ANSWERS, name="Other"))
        (folder / "report.md").symlink_to(folder / "report.yaml")
    config.write_text(
        f"questionnaire: {questionnaire}\nresponses: [r]\nbaseline: {baseline}\n"
        f"report: {{formats: [md, html, json], output: {out}}}\n"
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = cli("check", config)
    assert result.code == 2, result
    assert "is an input of this run" in result.err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_template_cannot_be_written_over_its_questionnaire(tmp_path, cli):
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(MINI.read_text())
    result = cli("questionnaire", "template", questionnaire, "-o", questionnaire, "--force")
    assert result.code == 2
    assert "is an input of this run" in result.err
    assert questionnaire.read_text() == MINI.read_text()


# --- special files -------------------------------------------------------------------------------


def _fifo(path: Path) -> str:
    os.mkfifo(path)
    return "named pipe"


def _socket(path: Path) -> str:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return "socket"


def _folder(path: Path) -> str:
    path.mkdir()
    return "folder"


MAKERS = [_fifo, _socket]


def _run(*args: str | Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*alignment_command(), *map(str, args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("make", MAKERS)
@pytest.mark.parametrize(
    "command",
    ["report-file", "report-folder", "report-glob", "validate", "check-config", "baseline", "compare"],
)
def test_special_files_are_named_and_never_waited_on(make, command, folder, tmp_path):
    special = tmp_path / "x.yaml"
    kind = make(special)
    if command == "report-folder":
        special = folder / "x.yaml"
        special.parent.mkdir(exist_ok=True)
        make(special)
    args: list[str | Path] = {
        "report-file": ["report", special, folder / "m.yaml", "--questionnaire", MINI],
        "report-folder": ["report", folder, "--questionnaire", MINI],
        "report-glob": ["report", str(tmp_path / "*.yaml"), "--questionnaire", MINI],
        "validate": ["questionnaire", "validate", special],
        "check-config": ["check", special],
        "baseline": ["report", folder, "--questionnaire", MINI, "--baseline", special],
        "compare": ["compare", special, special],
    }[command]
    started = time.monotonic()
    done = _run(*args)
    assert time.monotonic() - started < 15
    assert done.returncode == 2, done
    assert f"x.yaml: is a {kind}" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_never_read_as_a_file(device, cli):
    result = cli("questionnaire", "validate", device)
    assert result.code == 2
    assert "is a character device" in result.err


@pytest.mark.parametrize("make", [*MAKERS, _folder])
def test_a_special_file_is_never_replaced_by_a_report(make, folder, tmp_path, cli):
    target = tmp_path / "out.md"
    kind = make(target)
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "-o", target)
    if kind == "folder":  # a folder is where report.md goes
        assert result.code == 0, result.err
        assert (target / "report.md").is_file()
        return
    assert result.code == 2, result
    assert f"is a {kind}" in result.err
    assert not target.is_file()


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/dev/full").exists(), reason="replacing a device node needs root"
)
def test_a_device_node_given_as_output_stays_a_device(folder, tmp_path, cli):
    node = tmp_path / "null"
    os.mknod(node, 0o666 | 0o020000, os.makedev(1, 3))  # a character device, like /dev/null
    result = cli("report", folder, "--questionnaire", MINI, "-f", "md", "-o", node)
    assert result.code == 2
    assert "is a character device" in result.err
    assert node.is_char_device()


def test_write_atomic_refuses_a_special_file(tmp_path):
    from alignment_cli.errors import OutputError
    from alignment_cli.io.yamlio import write_atomic

    os.mkfifo(tmp_path / "p")
    with pytest.raises(OutputError, match="named pipe"):
        write_atomic(tmp_path / "p", "x")
    assert (tmp_path / "p").is_fifo()


def test_a_survey_refuses_a_pipe_as_its_file(tmp_path):
    os.mkfifo(tmp_path / "f.yaml")
    from alignment_cli.errors import AlignmentError
    from alignment_cli.interactive.survey import check_target

    with pytest.raises(AlignmentError):
        check_target(tmp_path / "f.yaml", force=False, questionnaire_ref="x")


# --- unreadable folders --------------------------------------------------------------------------


@pytest.fixture
def locked(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A sub-folder that cannot be listed. Root reads every folder, so the refusal is made by
    the operating system call itself, as it would be for anyone else."""
    hidden = folder / "emea"
    write_response(hidden, "s2.yaml", make_response("sales", SALES_ANSWERS, name="Hidden"))
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.abspath(path) == str(hidden):
            raise PermissionError(13, "Permission denied", str(hidden))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    return hidden


def test_an_unreadable_sub_folder_is_an_error(folder, locked, cli):
    result = cli("report", folder, "--questionnaire", MINI, "-f", "json")
    assert result.code == 2, result
    assert f"{locked}: cannot read this folder (Permission denied)" in result.err


def test_an_unreadable_sub_folder_is_a_listed_skip_with_skip_invalid(folder, locked, cli):
    import json

    result = cli("report", folder, "--questionnaire", MINI, "-f", "json", "--skip-invalid", "--show-names")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert any(
        s.startswith(f"{locked.name}: ") and "cannot read this folder" in s for s in doc["skipped_files"]
    ), doc["skipped_files"]


def test_an_unreadable_folder_alone_is_an_error_without_a_questionnaire(folder, locked, cli):
    result = cli("report", locked.parent / "emea")
    assert result.code == 2
    assert "cannot read this folder" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_sub_folder_for_real(folder, cli):  # pragma: no cover - not as root
    hidden = folder / "emea"
    write_response(hidden, "s2.yaml", make_response("sales", SALES_ANSWERS, name="Hidden"))
    hidden.chmod(0)
    try:
        result = cli("report", folder, "--questionnaire", MINI)
        assert result.code == 2 and "cannot read this folder" in result.err
    finally:
        hidden.chmod(0o755)


def test_a_pipe_as_the_ci_summary_file_is_refused_not_waited_on(folder, tmp_path):
    os.mkfifo(tmp_path / "summary")
    config = tmp_path / "alignment.yml"
    config.write_text(f"questionnaire: {MINI}\nresponses: [r]\n")
    done = subprocess.run(
        [*alignment_command(), "check", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary")},
    )
    assert done.returncode == 2, done
    assert "is a named pipe" in done.stderr


def test_a_binary_report_is_never_written_over_a_pipe(tmp_path):
    # the PDF goes through the same writer as every other output: a FIFO is named, not replaced
    from alignment_cli.errors import OutputError
    from alignment_cli.render.reports import write_atomic_bytes

    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="only a regular file is replaced"):
        write_atomic_bytes(fifo, b"%PDF-1.7")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    target = tmp_path / "ok.pdf"
    write_atomic_bytes(target, b"%PDF-1.7\n\x00\xff")
    assert target.read_bytes() == b"%PDF-1.7\n\x00\xff"


@pytest.mark.parametrize(
    ("written", "limit", "outcome"),
    [
        (100, 100, "read"),  # grew to exactly the limit: all of it is read
        (101, 100, "refused"),  # one byte over: refused like a file that was big from the start
    ],
)
def test_a_file_that_grows_while_read_is_read_whole_or_refused(
    tmp_path, monkeypatch, written, limit, outcome
):
    """The read is sized by fstat; a file that grew since (fstat says 10 bytes) is still read to
    its end, and the size limit still holds."""
    from alignment_cli.errors import InputError
    from alignment_cli.io import yamlio

    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a" * written)
    real_fstat = os.fstat

    def stale_fstat(fd: int) -> os.stat_result:
        info = list(real_fstat(fd))
        info[stat.ST_SIZE] = 10
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    if outcome == "read":
        assert yamlio.read_text(path, max_bytes=limit) == "a" * written
    else:
        with pytest.raises(InputError, match="is over"):
            yamlio.read_text(path, max_bytes=limit)
