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
Each prompt runs through `run_prompt`, which makes sure a Ctrl-C pressed between two prompts is
neither lost nor shown as a traceback.
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
from typing import IO, TYPE_CHECKING, Any

from alignment_cli.errors import Interrupted, OutputError

if TYPE_CHECKING:
    import asyncio
    from types import FrameType

    from prompt_toolkit.application import Application
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


class _Prompting:
    """What a stop signal needs to know: the prompt being asked and its event loop, if any, and
    whether a stop has come while it was asked; and whether a stop raised between prompts was
    swallowed (raised inside a clean-up that Python runs at any moment, such as a finalizer,
    it would only be printed), to be raised by the next prompt instead."""

    def __init__(self) -> None:
        self.app: Application[Any] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopped = False
        self.swallowed = False


_prompting = _Prompting()


def _end_prompt() -> None:
    """In the prompt's event loop: end it with KeyboardInterrupt, so prompt_toolkit restores the
    terminal, unless it is not on screen (still starting, or already answered)."""
    app = _prompting.app
    if app is not None and app.is_running and app.future is not None and not app.future.done():
        app.exit(exception=KeyboardInterrupt, style="class:aborting")


def _stop_prompt_or_raise() -> None:
    """Between prompts, raise KeyboardInterrupt here. While one is asked, the signal may land
    anywhere in prompt_toolkit or asyncio, so it only notes the stop and wakes the event loop,
    which ends the prompt at its next turn; `run_prompt` raises for a prompt that had already
    been answered, and ends at once one that was not yet up."""
    loop = _prompting.loop
    if loop is None:
        raise KeyboardInterrupt
    _prompting.stopped = True
    loop.call_soon_threadsafe(_end_prompt)


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    _stop_prompt_or_raise()


@contextlib.contextmanager
def stops_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP act as Ctrl-C inside the block; an interrupted survey then exits with
    128 + the signal's number.

    Ctrl-C itself stops the block even when the command was started with SIGINT ignored (as a
    shell script's background job is): a prompt takes Ctrl-C as a key whatever the signal's
    setting, so between two prompts, where the terminal sends it as SIGINT, it must stop too,
    or a Ctrl-C would work or not by the moment it was pressed."""
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
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with _swallowed_stops_kept():
            yield
    except Interrupted as exc:
        if received:
            exc.exit_code = 128 + received[0]
        raise
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _swallowed_stops_kept() -> Iterator[None]:
    """Inside the block, a KeyboardInterrupt that Python could not raise (it came while a
    finalizer or a weak reference's callback ran) is kept for the next prompt, not printed."""
    import sys

    before = sys.unraisablehook

    def keep(unraisable: sys.UnraisableHookArgs) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            _prompting.swallowed = True
        else:
            before(unraisable)

    sys.unraisablehook = keep
    try:
        yield
    finally:
        sys.unraisablehook = before
        _prompting.swallowed = False


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and the stop signals for the block; one that arrives meanwhile is delivered as
    the block ends. Where threads cannot mask signals (Windows), the block runs unguarded."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - POSIX has it
        yield
        return
    held = {signal.SIGINT} | {getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)}
    # Python runs a signal that came just before as the mask changes: first a change of nothing,
    # so that an exception from it leaves nothing held
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def run_prompt(question: Question) -> Any:
    """Ask one questionary question; Ctrl-C, or a stop signal, raises KeyboardInterrupt.

    Between two prompts the terminal is in its ordinary mode, where Ctrl-C is a signal rather
    than a key, and two moments of a prompt's life would lose it or spoil the exit: asyncio
    building the event loop (a half-built loop prints a traceback when collected), and the
    prompt closing after its answer (prompt_toolkit's own handler would pass the Ctrl-C to a
    prompt that has ended, and the survey would wait for a key). So the loop is built and
    closed with signals held, and while it runs SIGINT comes here, not to prompt_toolkit: it
    ends the prompt on screen, or is kept until the prompt is up (which then ends at once) or
    has closed (KeyboardInterrupt is then raised here, and the answer is not kept).
    """
    import asyncio

    if question.should_skip_question:
        return question.default
    if _prompting.swallowed:
        _prompting.swallowed = False
        raise KeyboardInterrupt
    app = question.application
    main = threading.current_thread() is threading.main_thread()
    with signals_held():
        runner = asyncio.Runner()
        loop = runner.get_loop()
        previous = signal.signal(signal.SIGINT, _on_stop_signal) if main else None
        _prompting.app, _prompting.loop, _prompting.stopped = app, loop, False

    def stop_at_once() -> None:  # a stop that came before the prompt was up
        if _prompting.stopped:
            app.exit(exception=KeyboardInterrupt, style="class:aborting")

    try:
        answer = runner.run(app.run_async(pre_run=stop_at_once, handle_sigint=False))
    finally:
        with signals_held():
            stopped = _prompting.stopped
            _prompting.app, _prompting.loop, _prompting.stopped = None, None, False
            try:
                if main and previous is not None:  # None: a handler set outside Python
                    signal.signal(signal.SIGINT, previous)
            finally:
                runner.close()
    if stopped:
        raise KeyboardInterrupt
    return answer
