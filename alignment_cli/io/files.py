"""Which files the tool reads and replaces: regular files only, and never an input as an output.

A named pipe called x.yaml would hang a read; a device given as `-o` would be replaced by a
regular file by the atomic rename (as root, /dev/null itself); an `-o` naming a response file,
the questionnaire, the config or the baseline would destroy what the report was made from.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from alignment_cli.errors import OutputError


def describe_mode(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = [
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISLNK, "a symbolic link"),
    ]
    return next((word for test, word in kinds if test(mode)), "not a regular file")


def check_outputs(
    outputs: Iterable[Path], *, inputs: Iterable[Path | str], instead: str = "Choose another --output"
) -> None:
    """Refuse an output that is an input of this run, or exists as anything but a regular file.

    Compared by device and inode, so another spelling, a symbolic link or a hard link to an
    input is caught as well."""
    seen = []
    for entry in inputs:
        try:
            seen.append((os.stat(entry), str(entry)))
        except OSError:
            continue
    for output in outputs:
        try:
            info = os.stat(output)
        except OSError:
            continue  # does not exist yet: it cannot be an input
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"{output}: is {describe_mode(info.st_mode)}; reports and "
                "response files are written only to regular files"
            )
        for known, name in seen:
            if os.path.samestat(info, known):
                raise OutputError(
                    f"{output}: is an input of this run ({name}); writing the "
                    f"output there would destroy it. {instead}"
                )


@contextlib.contextmanager
def staged(folder: Path, text: str, *, prefix: str, purpose: str, mode: int | None = None) -> Iterator[Path]:
    """`text` in a new temporary file in `folder`, flushed to disk, ready to be linked under its
    final name; the temporary name is gone afterwards, whatever happened. A failure to write it
    is an OutputError saying the folder cannot be used for `purpose`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(name, mode)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot {purpose} here: {exc.strerror}") from None
    try:
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def link_first_free(staged_file: Path, names: Iterable[Path], *, action: str) -> Path | None:
    """Give the staged file the first of `names` that nobody holds, and return it; None when
    every name is taken. link() fails rather than replaces, so a file another run or person
    created meanwhile is never overwritten. Any other failure is an OutputError naming the file
    and saying what could not be done (`action`)."""
    for target in names:
        try:
            os.link(staged_file, target)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{target}: cannot {action}: {exc.strerror}") from None
        return target
    return None


def keep_existing(output: Path, *, force: bool) -> None:
    """Refuse to write over a file that is there, unless --force says so."""
    if output.exists() and not force:
        raise OutputError(f"{output}: already exists; pass --force to overwrite it")


SUMMARY_ENV = "GITHUB_STEP_SUMMARY"  # the file a CI job's summary is added to


def append_step_summary(summary: str) -> None:
    """Add the summary to a CI job summary file, keeping what earlier steps wrote there."""
    target = os.environ.get(SUMMARY_ENV)
    if not target:
        return
    path = Path(target)
    check_outputs([path], inputs=[])  # a pipe there would block the run; a device, worse
    try:
        lead = "\n" if path.exists() and path.stat().st_size > 0 else ""
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(lead + summary)
    except OSError as exc:
        raise OutputError(f"{path}: cannot add the summary ({SUMMARY_ENV}): {exc.strerror}") from None
