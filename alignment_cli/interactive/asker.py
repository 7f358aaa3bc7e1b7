"""The seam between the survey flow and the screen.

The flow (survey.py, workshop.py) asks through the small `Asker` protocol and never touches
questionary itself. `QuestionaryAsker` puts the questions on screen with questionary; its prompts
take an optional prompt_toolkit input and output, so tests drive the real prompts in-process with
a pipe. Every prompt raises KeyboardInterrupt on Ctrl-C (a text prompt on Ctrl-D too), so the
flow can save before it stops: questionary's `.ask()` would swallow it, so each prompt's
application is run by `guard.run_prompt`.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from alignment_cli.numbers import number, with_unit

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output
    from questionary import Question
    from rich.console import Console

T = TypeVar("T")

DONT_KNOW = "Don't know"
SELECT_HINT = "(↑ ↓ to move, Enter to choose)"
BACK_KEYS_HINT = "b or ← goes back"
BACK_WORD = "b"


class GoBack(Exception):
    """The person asked for the previous question; the flow decides what that is."""


def select_hint(keys: Sequence[str | None], back: bool) -> str:
    """What the keys of a select do, e.g. '(↑ ↓ and Enter, or press 1-5, ?; b or ← goes back)'."""
    shown = [k for k in keys if k]
    digits = [k for k in shown if k.isdigit()]
    others = [k for k in shown if not k.isdigit()]
    parts: list[str] = []
    if len(digits) > 1:
        parts.append(f"{digits[0]}-{digits[-1]}")
    parts.extend(digits if len(digits) == 1 else [])
    parts.extend(others)
    text = "(↑ ↓ and Enter" + (f", or press {', '.join(parts)}" if parts else "")
    return text + (f"; {BACK_KEYS_HINT})" if back else ")")


class Asker(Protocol):
    """What the survey flow needs from a screen: show text, ask, wait."""

    def say(self, text: str = "", *, style: str = "") -> None:
        """Print a line of information (progress, a heading, a result)."""

    def heading(self, title: str, description: str = "") -> None:
        """Mark the start of a new part, such as a dimension."""

    def clear(self) -> None:
        """Clear the screen, so the next person does not see the previous answers."""

    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, T]],
        *,
        default: T | None = None,
        instruction: str | None = None,
        keys: Sequence[str | None] | None = None,
        back: bool = False,
    ) -> T:
        """One of `choices` (label, value); the value may be anything, None included.

        `keys` gives each choice a key that chooses it at once (None for none); with `back`,
        b or ← raises GoBack."""

    def text(
        self, message: str, *, default: str = "", instruction: str | None = None, required: bool = False
    ) -> str:
        """Free text, stripped; empty when the person just presses Enter (unless required)."""

    def number(
        self,
        message: str,
        *,
        minimum: float,
        maximum: float,
        unit: str = "",
        instruction: str | None = None,
        back: bool = False,
        previous: int | float | None = None,
    ) -> int | float | None:
        """A number within [minimum, maximum], re-asked with the reason until it is; None is
        "don't know"; with `back`, typing b raises GoBack. With `previous` (an answer given
        before), the prompt shows it and Enter keeps it."""

    def confirm(self, message: str, *, default: bool = False) -> bool:
        """Yes or no."""

    def pause(self, title: str, message: str) -> None:
        """A full screen that waits for Enter, e.g. while the keyboard changes hands."""


# --- numbers --------------------------------------------------------------------------------------


def range_text(minimum: float, maximum: float, unit: str = "") -> str:
    """'0 to 100 %', as the prompt and its error messages say it."""
    text = f"{number(minimum, 3, trim=True)} to {number(maximum, 3, trim=True)}"
    return f"{text} {unit}" if unit else text


def parse_number(raw: str, *, minimum: float, maximum: float, unit: str = "") -> int | float | None:
    """The number typed, or None for "don't know" (`?` or nothing); ValueError says what is
    wrong in words the person can act on."""
    text = raw.strip()
    if text in {"", "?"}:
        return None
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)].strip()
    expected = f"enter a number from {range_text(minimum, maximum, unit)}, or ? for don't know"
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{raw.strip()!r} is not a number; {expected}") from None
    if not math.isfinite(value):
        raise ValueError(f"{raw.strip()!r} is not a number; {expected}")
    if value < minimum:
        raise ValueError(
            f"{number(value, 3, trim=True)} is below the lowest possible value, "
            f"{number(minimum, 3, trim=True)}; {expected}"
        )
    if value > maximum:
        raise ValueError(
            f"{number(value, 3, trim=True)} is above the highest possible value, "
            f"{number(maximum, 3, trim=True)}; {expected}"
        )
    return int(value) if value.is_integer() else value


def number_hint(minimum: float, maximum: float, unit: str = "", previous: int | float | None = None) -> str:
    if previous is not None:
        shown = with_unit(previous, unit)
        return (
            f"({range_text(minimum, maximum, unit)}; your answer was {shown}: press Enter "
            "to keep it, or type ? for don't know)"
        )
    return f"({range_text(minimum, maximum, unit)}; type ? or just press Enter for don't know)"


# --- questionary ---------------------------------------------------------------------------------

_BACK = -1  # what a select returns when b or ← was pressed


def _bind_choice_keys(question: Any, keys: list[str | None], back: bool) -> None:
    """Keys that choose at once (1-9, ?, n) and that go back, added to questionary's select.

    questionary's own shortcuts only move the pointer; here a key both points and answers, so
    the echo shows the choice made.
    """
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    app = question.application
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    bindings = app.key_bindings

    def chooser(index: int) -> Any:
        def choose_now(event: Any) -> None:
            control.pointed_at = index
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

        return choose_now

    numbered = {key: index for index, key in enumerate(keys) if key and key.isdigit()}
    multi = any(len(key) > 1 for key in numbered)
    if multi:
        _bind_numbers(bindings, control, numbered)
    for index, key in enumerate(keys):
        if key and not (multi and key.isdigit()):
            bindings.add(key, eager=True)(chooser(index))
    if back:

        def go_back(event: Any) -> None:
            event.app.erase_when_done = True  # leave no half-answered prompt behind
            event.app.exit(result=_BACK)

        for key in (BACK_WORD, Keys.Left):
            bindings.add(key, eager=True)(go_back)


def _bind_numbers(bindings: Any, control: Any, numbered: dict[str, int]) -> None:
    """Numbers of more than one digit: `1` `1` chooses item 11. A digit points at its item and
    chooses it at once when no longer number starts with it; otherwise (`1` among 12 items) the
    next digit or Enter decides."""
    typed: list[str] = []

    def extendable(prefix: str) -> bool:
        return any(key != prefix and key.startswith(prefix) for key in numbered)

    def digit(event: Any) -> None:
        candidate = "".join(typed) + event.data
        if candidate not in numbered and not extendable(candidate):
            candidate = event.data  # a fresh start: "3" after "1" among 12 items is item 3
        typed[:] = [candidate] if candidate in numbered or extendable(candidate) else []
        if candidate not in numbered:
            return
        control.pointed_at = numbered[candidate]
        if not extendable(candidate):
            typed.clear()
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

    for key in "0123456789":
        bindings.add(key, eager=True)(digit)


def _style() -> Any:
    from questionary import Style

    return Style(
        [
            ("qmark", "fg:ansicyan bold"),
            ("question", "bold"),
            ("answer", "fg:ansicyan bold"),
            ("pointer", "fg:ansicyan bold"),
            ("highlighted", "fg:ansicyan bold"),
            ("instruction", ""),
            ("text", ""),
        ]
    )


class QuestionaryAsker:
    """Questions on screen with questionary; information lines through a rich console.

    `input` and `output` are prompt_toolkit objects, given only by tests (a pipe input and a
    dummy output); by default the prompts use the terminal.
    """

    def __init__(
        self,
        console: Console,
        *,
        input: Input | None = None,
        output: Output | None = None,
        width: int | None = None,
    ) -> None:
        self.console = console
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        if getattr(console, "no_color", False):  # --no-color reaches the prompts through here
            from prompt_toolkit.output import ColorDepth

            self._io["color_depth"] = ColorDepth.DEPTH_1_BIT
        self._width = width

    # information ------------------------------------------------------------------------------

    def say(self, text: str = "", *, style: str = "") -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style or ""))

    def heading(self, title: str, description: str = "") -> None:
        from rich.rule import Rule
        from rich.text import Text

        self.console.print()
        self.console.print(Rule(Text(title, style="bold"), align="left", style="cyan"))
        if description:
            self.console.print(Text(description))

    def clear(self) -> None:
        if self.console.is_terminal:
            self.console.clear()
            # also drop the scrollback, so the previous answers cannot be scrolled back to
            self.console.file.write("\x1b[3J")
            self.console.file.flush()

    # prompts ---------------------------------------------------------------------------------

    def choose(
        self,
        message: str,
        choices: Sequence[tuple[str, T]],
        *,
        default: T | None = None,
        instruction: str | None = None,
        keys: Sequence[str | None] | None = None,
        back: bool = False,
    ) -> T:
        import questionary

        # values travel as indexes: questionary would replace a None value by the label
        items = [questionary.Choice(title=label, value=i) for i, (label, _) in enumerate(choices)]
        start = next(
            (
                item
                for item, (_, value) in zip(items, choices, strict=True)
                if default is not None and value == default
            ),
            None,
        )
        hint = select_hint(keys or [], back) if keys or back else SELECT_HINT
        longest = max((len(label) for label, _ in choices), default=0)
        question = questionary.select(
            self._wrap(message, answer=longest),
            choices=items,
            default=start,
            qmark="?",
            style=_style(),
            instruction=self._instruction(instruction, hint),
            **self._io,
        )
        _bind_choice_keys(question, list(keys or []), back)
        index: int = self._run(question)
        if index == _BACK:
            raise GoBack
        return choices[index][1]

    def text(
        self, message: str, *, default: str = "", instruction: str | None = None, required: bool = False
    ) -> str:
        import questionary

        def validate(value: str) -> bool | str:
            return bool(value.strip()) or "Please type an answer; it cannot be left empty"

        raw = self._run(
            questionary.text(
                self._wrap(message),
                default=default,
                qmark="?",
                style=_style(),
                instruction=self._instruction(instruction, None, end=" ") or None,
                validate=validate if required else None,
                **self._io,
            )
        )
        return str(raw or "").strip()

    def number(
        self,
        message: str,
        *,
        minimum: float,
        maximum: float,
        unit: str = "",
        instruction: str | None = None,
        back: bool = False,
        previous: int | float | None = None,
    ) -> int | float | None:
        import questionary

        def validate(value: str) -> bool | str:
            if back and value.strip().lower() == BACK_WORD:
                return True
            try:
                parse_number(value, minimum=minimum, maximum=maximum, unit=unit)
            except ValueError as exc:
                return str(exc)[0].upper() + str(exc)[1:]
            return True

        raw = self._run(
            questionary.text(
                self._wrap(message),
                qmark="?",
                style=_style(),
                validate=validate,
                instruction=self._instruction(
                    instruction,
                    number_hint(minimum, maximum, unit, previous) + ("; type b to go back" if back else ""),
                    end=" ",
                ),
                **self._io,
            )
        )
        if back and str(raw or "").strip().lower() == BACK_WORD:
            raise GoBack
        if previous is not None and not str(raw or "").strip():
            return previous
        return parse_number(str(raw or ""), minimum=minimum, maximum=maximum, unit=unit)

    def confirm(self, message: str, *, default: bool = False) -> bool:
        import questionary

        return bool(
            self._run(
                questionary.confirm(
                    self._wrap(message), default=default, qmark="?", style=_style(), **self._io
                )
            )
        )

    def pause(self, title: str, message: str) -> None:
        import questionary
        from rich.align import Align
        from rich.panel import Panel
        from rich.text import Text

        self.clear()
        height = self.console.size.height
        body = Text(message, justify="center", style="bold")
        panel = Panel(body, title=Text(title, style="bold"), border_style="cyan", padding=(2, 4), expand=True)
        self.console.print("\n" * max(0, height // 2 - 6), end="")
        self.console.print(Align.center(panel))
        self.console.print()
        self._run(questionary.text("Press Enter when ready", qmark="»", style=_style(), **self._io))

    # helpers ---------------------------------------------------------------------------------

    def _run(self, question: Question) -> Any:
        try:
            from alignment_cli.interactive.guard import run_prompt

            return run_prompt(question)
        except EOFError:  # Ctrl-D: stop the same way as Ctrl-C, so the answers are saved
            raise KeyboardInterrupt from None

    def _columns(self) -> int:
        return self._width or shutil.get_terminal_size((100, 30)).columns

    def _wrap(self, message: str, *, answer: int = 0) -> str:
        """Wrapped by hand: prompt_toolkit cuts, rather than wraps, the lines above the input.

        Once answered, the answer is echoed after the message's last line: when it would not fit
        there, the terminal would break it mid-word, so it gets a line of its own.
        """
        width = max(40, self._columns() - 3)
        lines = textwrap.wrap(message, width=width, subsequent_indent="  ") or [message]
        if answer and len(lines[-1]) + 1 + answer > width:
            lines.append(" ")
        return "\n".join(lines)

    def _instruction(self, help_text: str | None, hint: str | None, *, end: str = "") -> str:
        """Help under the question, wrapped and indented, then the key hint."""
        width = max(40, self._columns() - 4)
        lines: list[str] = []
        for paragraph in (help_text or "").strip().splitlines():
            lines.extend(textwrap.wrap(paragraph, width=width) or [""])
        if hint:
            lines.append(hint)
        if not lines:
            return ""
        return "\n" + "\n".join(f"  {line}" for line in lines) + ("\n " if end else "")
