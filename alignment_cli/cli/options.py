"""What several commands share: option types, and how a value from the command line is
cleaned or checked before the core sees it."""

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from alignment_cli.cli.root import run_options
from alignment_cli.errors import UsageError
from alignment_cli.formats import ReportFormat

if TYPE_CHECKING:
    from alignment_cli.render.pdf import PdfOptions

# the PDF options of `report` and `workshop`
Browser = Annotated[
    str | None,
    typer.Option(metavar="PATH", help="The Chromium, Chrome or Edge program that prints --format pdf."),
]
Paper = Annotated[str, typer.Option(metavar="a4|letter", help="Paper size of the PDF.")]
# the trend of `report` and `workshop`
History = Annotated[
    Path | None, typer.Option(metavar="DIR", help="A folder of earlier results: adds a trend section.")
]


def check_history(history: Path | None) -> None:
    """--history names a folder of earlier results; found before any work (or any answer)."""
    if history is not None and not history.is_dir():
        raise UsageError(
            f"--history {history}: no such folder; it holds earlier results "
            "(*.json), such as the ones `alignment check` keeps"
        )


def one_output(output: Path | None, out: Path | None) -> Path | None:
    """-o/--output, or --out as it was once spelt; both at once must agree."""
    if output is not None and out is not None and output != out:
        raise UsageError(f"--output {output} and --out {out}: give one of them")
    return output if output is not None else out


def shown(message: str) -> str:
    """A message as it may reach the terminal: file names and ids in it come from outside."""
    from alignment_cli.text import clean_text, no_workflow_commands

    return no_workflow_commands(clean_text(message, multiline=True))


def one_line(value: str | None) -> str | None:
    """A name or an organization from the command line, cleaned like any text from outside: no
    escape sequence, control character, bidi override or line break."""
    if value is None:
        return None
    from alignment_cli.model.base import MAX_NAME
    from alignment_cli.text import clean_text

    value = clean_text(value)
    if len(value) > MAX_NAME:
        raise UsageError(
            f"a name or organization of {len(value):,} characters; at most {MAX_NAME} are expected"
        )
    return value


def interactive_or_fail(no_input: bool, command: str, hint: str | Callable[[], str]) -> None:
    """Refuse a command that asks questions when it cannot; `hint` says what to do instead, with
    the options given (or builds it: it is needed only when the command is refused)."""
    no_input = no_input or run_options().no_input
    if no_input or not sys.stdin.isatty():
        from alignment_cli.program import program

        raise UsageError(
            f"`{program()} {command}` asks questions and needs a terminal"
            f"{' (--no-input was given)' if no_input else ' (standard input is not a terminal)'}"
            f".\n{hint() if callable(hint) else hint}"
        )


def this_command(context: typer.Context, *added: str) -> str:
    """The command being run, as typed: its arguments and the options given on the command line
    (not the defaults), with `added` options, quoted so that it works when pasted."""
    from typer.core import TyperArgument, TyperOption

    from alignment_cli.program import command

    arguments: list[str] = []
    options: list[str] = []
    for param in context.command.params:
        source = context.get_parameter_source(param.name) if param.name else None
        if source is None or source.name != "COMMANDLINE":
            continue
        value = context.params[param.name]
        values = list(value) if isinstance(value, list | tuple) else [value]
        if isinstance(param, TyperArgument):
            arguments += [str(v) for v in values]
        elif isinstance(param, TyperOption) and param.is_flag:
            options += _longest(param.opts if value else param.secondary_opts)
        elif isinstance(param, TyperOption):
            for v in values:
                options += [*_longest(param.opts), str(v)]
    options += added
    # a path that starts with a dash would be read as an option: the arguments go after --
    dashed = any(a.startswith("-") for a in arguments)
    words = [*options, "--", *arguments] if dashed else [*arguments, *options]
    return command(*context.command_path.split()[1:], *words)


def _longest(names: list[str]) -> list[str]:
    """An option's spelling that says most (--format rather than -f), as a list of at most one."""
    return [max(names, key=len)] if names else []


def chosen_pdf_options(
    chosen: Iterable[ReportFormat], browser: str | None, paper: str
) -> "PdfOptions | None":
    """Found before any work is done, so a missing browser fails at once (exit 2)."""
    if ReportFormat.pdf not in chosen:
        return None
    from alignment_cli.render.pdf import pdf_options

    return pdf_options(browser, paper)


def wrote(paths: Iterable[Path]) -> None:
    for path in paths:
        typer.echo(shown(f"Wrote {path}"), err=True)


def sides_of(questionnaire_ref: str) -> list[str]:
    """The two sides a questionnaire asks. A built-in id is not opened, so that a command
    refused for want of a terminal still fails at once; a file is (an id nobody knows is left to
    the printed command to name)."""
    if Path(questionnaire_ref).suffix not in {".yaml", ".yml"} and not Path(questionnaire_ref).exists():
        return ["sales", "marketing"]  # the roles of every built-in questionnaire
    from alignment_cli.model.questionnaire import resolve_questionnaire

    return list(resolve_questionnaire(questionnaire_ref).roles)
