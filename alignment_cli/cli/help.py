"""Help that reads as the commands are typed, with each command's whole first sentence."""

from typing import Any

import typer
from typer.core import TyperCommand


class _Command(TyperCommand):
    """Help that shows arguments as they are typed: `PATH...`, not `{PATH}...` or
    `PATH <list[str]>`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_label(param, usage=True))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_label(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_label(param: Any, *, usage: bool = False) -> str:
    label = str(param.metavar or param.name.upper())
    if param.nargs != 1:
        label += "..."
    return f"[{label}]" if usage and not param.required else label


def full_help_lines(app: typer.Typer) -> None:
    """Every command with its own help class, and its whole first sentence in the command list
    (instead of one cut at 45 characters); then the same for each group of commands."""
    for info in app.registered_commands:
        info.cls = _Command
        doc = (info.callback.__doc__ or "") if info.callback else ""
        info.short_help = " ".join(doc.strip().split("\n\n")[0].split())
    for group in app.registered_groups:
        help_text = group.typer_instance.info.help if group.typer_instance else None
        if isinstance(help_text, str):
            group.short_help = help_text
        if group.typer_instance is not None:
            full_help_lines(group.typer_instance)
