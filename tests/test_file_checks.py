"""io/files.py in-process: what a path that is not a regular file is called, and an output that
is an input of the run (under any name) or not a regular file, refused before anything is
written. tests/test_file_safety.py runs the same through the command."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from alignment_cli.errors import OutputError
from alignment_cli.io.files import check_outputs, describe_mode


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        (stat.S_IFDIR, "a folder"),
        (stat.S_IFIFO, "a named pipe (FIFO)"),
        (stat.S_IFCHR, "a character device"),
        (stat.S_IFBLK, "a block device"),
        (stat.S_IFSOCK, "a socket"),
        (stat.S_IFLNK, "a symbolic link"),
        (stat.S_IFREG, "not a regular file"),
        (0, "not a regular file"),
    ],
)
def test_each_kind_of_file_is_named(mode: int, words: str) -> None:
    assert describe_mode(mode | 0o644) == words


def test_a_new_file_and_an_unrelated_file_are_fine(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text("x", encoding="utf-8")
    other = tmp_path / "report.md"
    other.write_text("old", encoding="utf-8")
    check_outputs([tmp_path / "new.md", other], inputs=[source, tmp_path / "missing.yaml"])


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hardlink"])
def test_an_input_is_never_an_output_under_any_name(tmp_path: Path, spelling: str) -> None:
    source = tmp_path / "in.yaml"
    source.write_text("x", encoding="utf-8")
    target = {
        "same": source,
        "dotted": tmp_path / "." / "in.yaml",
        "symlink": tmp_path / "link.yaml",
        "hardlink": tmp_path / "hard.yaml",
    }[spelling]
    if spelling == "symlink":
        target.symlink_to(source)
    elif spelling == "hardlink":
        os.link(source, target)
    with pytest.raises(OutputError) as caught:
        check_outputs(
            [tmp_path / "fine.md", target],
            inputs=[tmp_path / "gone.yaml", source],
            instead="Pick another name.",
        )
    message = str(caught.value)
    assert message.startswith(f"{target}: is an input of this run ({source})")
    assert message.endswith("would destroy it. Pick another name.")


def test_the_default_advice_names_the_output_option(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match=r"Choose another --output$"):
        check_outputs([source], inputs=[str(source)])


def test_an_output_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    with pytest.raises(
        OutputError,
        match=r"pipe\.md: is a named pipe \(FIFO\); reports and "
        r"response files are written only to regular files",
    ):
        check_outputs([pipe], inputs=[])
    with pytest.raises(OutputError, match="is a folder"):
        check_outputs([tmp_path], inputs=[])
    sock_path = tmp_path / "s.md"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(sock_path))
        with pytest.raises(OutputError, match="is a socket"):
            check_outputs([sock_path], inputs=[])
    finally:
        server.close()
