"""The program and its options for a run as a whole: the typer app, --no-color, --debug,
--no-input and --version, and the console a command prints on."""

import os
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from alignment_cli import __version__

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="alignment",
    help="Diagnose how well Sales and Marketing work together: survey both sides, score every "
    "area and the gap between their views, and report with recommendations.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
)


@dataclass
class RunOptions:
    """The options of one run as a whole (--no-color, --debug, --no-input): made by main() for
    each run and set for that run only, so no run leaves them set for the next (nor in the
    environment, where a test or a program calling main() would inherit them)."""

    no_color: bool = False
    debug: bool = False
    no_input: bool = False


CURRENT_RUN: ContextVar[RunOptions] = ContextVar("alignment_run_options")


def run_options() -> RunOptions:
    """This run's options (the defaults when a command is called outside main())."""
    return CURRENT_RUN.get(RunOptions())


# Options of the program as a whole, accepted before the command or anywhere after it; the
# prompting commands also list --no-input in their own help
GLOBAL_FLAGS = ("--no-color", "--debug", "--no-input")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alignment-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour in the output (NO_COLOR is respected too).")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors, for bug reports.")
    ] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt; fail instead.")] = False,
) -> None:
    """Options for every command; they may also follow the command's own."""
    options = run_options()
    options.debug = debug
    options.no_input = no_input
    options.no_color = no_color


def make_console(stderr: bool = False) -> "Console":
    """The console a command prints on: without colour under --no-color or NO_COLOR; the prompts
    of the survey and the workshop follow the console's choice."""
    from rich.console import Console

    no_color = run_options().no_color or bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, no_color=no_color or None, highlight=False)
