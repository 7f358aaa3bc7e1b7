"""Text from outside the program, made safe to show: one function for every place text enters.

Response files, questionnaires, configs, result JSON, the command line and the environment can
all carry escape sequences (clear the screen, rewrite a link, set the window title), control
characters, or Unicode bidi overrides that make text read differently from what it is. None of
that has a place in a report or a terminal, so it is removed where the text comes in.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# whole escape sequences first, so their printable tails ("[2J", "]8;;http://...") go too
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the same, as one C1 character
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: titles, hyperlinks
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|[\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]"  # two- and three-character escapes, ESC c (reset) among them
)
# C0 and C1 controls and DEL, except tab and line feed; bidi embeddings, overrides, isolates
# and marks
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")
# anything the three patterns above would change (tab and line feed aside)
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SINGLE_LINE = re.compile(r"[ \t]*\n\s*")

FORBIDDEN = _CONTROL  # what no output may contain (tests check every format against it)


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` without escape sequences, control characters or bidi controls.

    Line breaks become line feeds; a single-line field (a name, a title, an organization)
    joins its lines with a space, so no value can forge a line of its own in a report.
    Tabs become spaces in single-line text.
    """
    if not value:
        return value
    text = value
    if _SPECIAL.search(text) is not None:  # the common case has nothing to remove: one scan
        text = _LINE_BREAK.sub("\n", text)
        text = _ESCAPE_SEQUENCE.sub("", text)
        text = _CONTROL.sub("", text)
    if not multiline:
        if "\n" in text:
            text = _SINGLE_LINE.sub(" ", text)
        text = text.replace("\t", " ").strip()
    return text


def clean_any(value: Any, *, multiline: bool = False) -> Any:
    """clean_text for a string; anything else as it is."""
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


def clean_tree(value: Any, *, multiline_keys: frozenset[str] = frozenset(), key: str | None = None) -> Any:
    """Every string in a parsed document (JSON, YAML) cleaned, keys included; strings under a key
    in `multiline_keys` keep their line breaks."""
    if isinstance(value, str):
        return clean_text(value, multiline=key in multiline_keys)
    if isinstance(value, dict):
        return {
            clean_any(k): clean_tree(v, multiline_keys=multiline_keys, key=k if isinstance(k, str) else key)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [clean_tree(v, multiline_keys=multiline_keys, key=key) for v in value]
    return value


def value_repr(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: repr, shortened; a huge number described, not printed
    (Python refuses to turn an integer of over 4,300 digits into text)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1_000:
        return "a number of more than 300 digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def slugify(text: str) -> str:
    """A file-name-safe form of a person's name: 'Jana Cárpenter' -> 'jana-carpenter'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = "".join(ch if ch.isalnum() else "-" for ch in ascii_text.lower())
    return "-".join(part for part in slug.split("-") if part)[:60]


_WORKFLOW_COMMAND = re.compile(r"^([ \t]*)::", re.MULTILINE)


def no_workflow_commands(text: str) -> str:
    """Text bound for a CI runner's log or job summary, with no line that the runner would take
    for a workflow command (`::set-output`, `::add-mask::`, `::stop-commands::`...): a line that
    begins with `::` gets a backslash first, which Markdown shows as nothing."""
    return _WORKFLOW_COMMAND.sub(r"\1\\::", text) if "::" in text else text


# what a spreadsheet may take for the start of a formula (fullwidth forms included: some
# spreadsheets fold them to their ASCII twins)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> str:
    """A cell for a CSV file the tool writes: text that a spreadsheet would run as a formula
    (=, +, -, @, a tab or a line break first) gets a single quote in front, which spreadsheets
    show as text. Every CSV writer of the tool passes its cells through here."""
    text = "" if value is None else str(value)
    if "\r" in text:  # one kind of line break, which the writer then always quotes
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(values: Any) -> list[str]:
    return [csv_cell(v) for v in values]


class SafeCsvWriter:
    """csv.writer whose every cell goes through csv_cell."""

    def __init__(self, buffer: Any, **options: Any) -> None:
        import csv

        self._writer = csv.writer(buffer, **options)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow(csv_row(row))
