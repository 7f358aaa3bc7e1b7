"""The entry point and its one exception boundary: the core's errors become a message and an
exit code here, and nowhere else."""

import gc
import os
import sys
from typing import Any

from alignment_cli.cli.options import shown
from alignment_cli.cli.root import CURRENT_RUN, GLOBAL_FLAGS, RunOptions, app
from alignment_cli.errors import EXIT_INPUT, EXIT_INTERRUPTED, AlignmentError, OutputError


def hoist_global_flags(argv: list[str]) -> list[str]:
    """Move --no-color, --debug and --no-input before the command, wherever they were typed,
    so `alignment report x --no-color` works as `alignment --no-color report x` does."""
    end = argv.index("--") if "--" in argv else len(argv)
    flags = [a for a in argv[:end] if a in GLOBAL_FLAGS]
    rest = [a for a in argv[:end] if a not in GLOBAL_FLAGS]
    return [*dict.fromkeys(flags), *rest, *argv[end:]]


class _StdoutClosed(OutputError):
    """The reader of standard output went away (`| head`): nothing to say, nobody to say it to."""


class _Stdout:
    """Standard output whose write errors are the environment's, not bugs: a full disk says so
    and exits 2; a closed pipe (`| head`) exits 2 without a word or a traceback."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.failed = False

    def _fail(self, exc: OSError) -> OutputError:
        self.failed = True
        if isinstance(exc, BrokenPipeError):
            return _StdoutClosed("standard output was closed")
        return OutputError(f"cannot write to standard output: {exc.strerror or exc}")

    def write(self, text: str) -> int:
        try:
            return int(self.inner.write(text))
        except OSError as exc:
            raise self._fail(exc) from None

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            raise self._fail(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _silence_stdout() -> None:
    """Point standard output at nothing, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


def _print_traceback() -> None:
    """--debug shows the traceback and changes nothing else: the message and the exit code stay
    the error's own, so a script run with --debug still tells an input error (2) from a bug (3)."""
    import traceback  # only on the way out with --debug

    traceback.print_exc(file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Typer handles usage errors (exit 2) and Ctrl-C (exit 130); the core's errors end here."""
    # The cycle collector runs rarely: a report on thousands of files makes millions of
    # objects and no cycles, and the default thresholds had the collector walk them all again
    # and again (half a second of a 10,000-file report). Objects without cycles are still freed
    # the moment they are dropped.
    gc.set_threshold(100_000, 50, 100)
    guard = _Stdout(sys.stdout)
    sys.stdout = guard
    try:
        _run(argv, guard)
    finally:
        if sys.stdout is guard:
            sys.stdout = guard.inner


def _run(argv: list[str] | None, guard: _Stdout) -> None:
    options = RunOptions()
    run = CURRENT_RUN.set(options)
    try:
        try:
            app(args=hoist_global_flags(sys.argv[1:] if argv is None else argv), prog_name="alignment")
        except SystemExit:
            guard.flush()  # the run is over only when its output has been written
            raise
    except _StdoutClosed:
        _silence_stdout()
        sys.exit(EXIT_INPUT)
    except AlignmentError as exc:
        if options.debug:
            _print_traceback()
        if guard.failed:
            _silence_stdout()
        sys.stderr.write(f"alignment: {shown(str(exc))}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if options.debug:
            _print_traceback()
        sys.stderr.write(
            f"alignment: internal error: {type(exc).__name__}: {shown(str(exc))}\n"
            + (
                "Please report it with the traceback above.\n"
                if options.debug
                else "Run again with --debug for the traceback, and please report it.\n"
            )
        )
        sys.exit(3)
    finally:
        CURRENT_RUN.reset(run)
