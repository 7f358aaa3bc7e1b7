"""What keeps a survey's answers safe from outside: one survey per file, and a stop by signal
that saves like Ctrl-C.

Two surveys on one file would each write their own answers over the other's, so a survey holds
an exclusive lock (flock) on a small `.<file>.lock` beside it for as long as it runs; the lock
file says who holds it. The response file itself is replaced on every save (an atomic rename),
so it cannot carry the lock. The kernel drops the lock when the process ends however it ends,
so a stale lock file is harmless.

SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal closed) stop a survey the way Ctrl-C does:
the answers are saved and the message says how to resume; the exit code is 128 + the signal
(143, 129), as shells report it. SIGINT sent from outside (`kill -INT`) ends a prompt at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from alignment_cli.errors import Interrupted, OutputError

if TYPE_CHECKING:
    from types import FrameType

    from prompt_toolkit.key_binding import KeyPressEvent
    from questionary import Question

STOP_SIGNALS = ("SIGTERM", "SIGHUP")


# --- one survey per file ---------------------------------------------------------------------


def lock_path(path: Path) -> Path:
    """The lock beside a response file; hidden, so folder discovery never takes it for one."""
    return path.parent / f".{path.name}.lock"


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    text = handle.read(400).strip()
    return text or "another process"


def _taken(path: Path, holder: str) -> OutputError:
    from alignment_cli.text import clean_text

    return OutputError(
        f"{path}: another survey is answering this file ({clean_text(holder)}); finish or stop "
        "that one first (Ctrl-C there saves its answers), then continue with "
        f"`alignment survey --resume {path}`"
    )


@contextlib.contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the file's lock for the duration; refuse at once when another survey holds it."""
    target = lock_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        handle = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            handle.close()
            raise _taken(path, holder) from None
        # the holder before us may have removed the file between our open and our lock
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(target))
        except FileNotFoundError:
            same = False
        if same:
            break
        handle.close()
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    handle.truncate(0)
    handle.write(f"pid {os.getpid()} on {socket.gethostname()}, since {started}\n")
    handle.flush()
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(target)
        handle.close()


def ensure_free(path: Path) -> None:
    """Refuse at once when another survey holds the file, before anything is written to it."""
    with held(path):
        pass


# --- stopping by signal ----------------------------------------------------------------------


def _stop_prompt_or_raise() -> None:
    """End the running prompt with KeyboardInterrupt, so prompt_toolkit restores the terminal;
    outside a prompt, raise it here."""
    try:
        from prompt_toolkit.application.current import get_app_or_none
    except ImportError:  # pragma: no cover - prompt_toolkit comes with questionary
        raise KeyboardInterrupt from None
    app = get_app_or_none()
    if app is not None and app.is_running and app.future is not None and not app.future.done():
        app.exit(exception=KeyboardInterrupt, style="class:aborting")
        return
    raise KeyboardInterrupt


@contextlib.contextmanager
def stops_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP act as Ctrl-C inside the block; an interrupted survey then exits with
    128 + the signal's number."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        _stop_prompt_or_raise()

    previous = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    except Interrupted as exc:
        if received:
            exc.exit_code = 128 + received[0]
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def interruptible(question: Question) -> Question:
    """A questionary question that ends at once on SIGINT sent from outside (`kill -INT`).

    prompt_toolkit turns SIGINT into a `<sigint>` key, which its select and confirm prompts
    ignore, so the signal would wait for the next key press.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add("<sigint>", eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    app = question.application
    app.key_bindings = merge_key_bindings([b for b in (app.key_bindings, bindings) if b])
    return question
