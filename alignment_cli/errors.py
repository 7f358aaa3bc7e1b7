"""The errors the core raises. Only the command line turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path

EXIT_CHECK_FAILED = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130


class AlignmentError(Exception):
    """Base of every error the tool expects; its message is written for the user."""

    exit_code = EXIT_INPUT


class InputError(AlignmentError):
    """A user file or value is wrong: names the file, the place and what was expected."""

    def __init__(self, message: str, *, path: str | Path | None = None, where: str | None = None):
        self.path = str(path) if path is not None else None
        self.where = where
        self.detail = message
        prefix = ""
        if self.path:
            prefix = self.path + (f":{where}" if where else "") + ": "
        elif where:
            prefix = f"{where}: "
        super().__init__(prefix + message)


class ConfigError(InputError):
    """The config file of a scheduled run is wrong."""


class UsageError(AlignmentError):
    """The command was called in a way that cannot work (no terminal, conflicting options)."""


class OutputError(AlignmentError):
    """An output file cannot be written, or would overwrite work without --force."""


class TemplateError(AlignmentError):
    """A report template failed to compile or render."""


class InvalidFilesError(AlignmentError):
    """Several input files are invalid; every one is listed. When other files are valid
    (`some_valid`), the command that was run with --skip-invalid added is offered: only the
    command line knows that command, and adds it with `offering`."""

    def __init__(
        self, errors: list[InputError], *, some_valid: bool = False, skip_command: str | None = None
    ):
        self.errors = errors
        self.some_valid = some_valid
        lines = [f"{len(errors)} invalid file(s):"] + [f"  {e}" for e in errors]
        if some_valid and skip_command:
            lines.append(f"Fix them; `{skip_command}` reports on the valid files only.")
        super().__init__("\n".join(lines))

    def offering(self, skip_command: str) -> InvalidFilesError:
        """The same error, offering `skip_command` to report on the valid files."""
        return InvalidFilesError(self.errors, some_valid=self.some_valid, skip_command=skip_command)


class Interrupted(AlignmentError):
    """The user pressed Ctrl-C; carries where the answers given so far were saved."""

    exit_code = EXIT_INTERRUPTED

    def __init__(
        self,
        message: str = "Interrupted.",
        *,
        saved_to: Path | None = None,
        resume_command: str | None = None,
    ):
        self.saved_to = saved_to
        self.resume_command = resume_command
        text = message
        if saved_to is not None:
            text += f"\nYour answers so far are saved in {saved_to}."
        if resume_command:
            text += f"\nTo continue: {resume_command}"
        super().__init__(text)
