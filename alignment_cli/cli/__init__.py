"""The command line: parse, call the core, map its errors to messages and exit codes.

The only package that knows typer, prints results and picks exit codes. One module per command
group; each command parses its options, calls one function of the core and prints what came
back. Nothing here scores or renders; heavy modules are imported inside the commands that use
them, so that `alignment --help` costs little more than importing typer.
"""

# Each module registers its commands on the app as it is imported: this order is the order of
# `alignment --help`.
# isort: off
from alignment_cli.cli import report, survey, workshop  # noqa: F401
from alignment_cli.cli import collect, status  # noqa: F401
from alignment_cli.cli import check, compare, plan, trend, init  # noqa: F401
from alignment_cli.cli import questionnaire, crm  # noqa: F401

# isort: on
from alignment_cli.cli.entry import main
from alignment_cli.cli.help import full_help_lines
from alignment_cli.cli.root import app
from alignment_cli.errors import EXIT_INPUT

full_help_lines(app)

__all__ = ["EXIT_INPUT", "app", "main"]
