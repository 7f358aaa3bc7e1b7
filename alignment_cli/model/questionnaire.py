"""The questionnaire: its model, the built-in ones, and the checks that tie its parts together."""

from __future__ import annotations

import functools
import re
from abc import abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, NoReturn, TypeVar, assert_never, cast, get_args

from pydantic import ConfigDict, Field, PlainValidator, SerializeAsAny, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import locate, read_text
from alignment_cli.model.base import UserFileModel
from alignment_cli.model.validation import read_document
from alignment_cli.resources import data_dir

MAX_SCALE_SPAN = 100
MAX_SCALE_VALUE = 1000
MAX_WEIGHT = 100  # weights are relative; a bound keeps the weighted sums finite
MAX_NUMBER = 1e9  # the range of a number item: far beyond any count, share or amount asked
# Ids that become part of a file name (roles: responses/<role>-<name>.yaml) or of a command the
# tool prints for pasting (the questionnaire id and version).
# Matched whole (fullmatch: `$` would let a trailing newline through).
ROLE_ID = re.compile(r"[a-z][a-z0-9-]{0,39}")
QUESTIONNAIRE_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,31}")
PLAIN_FIELDS = {
    "id": (
        QUESTIONNAIRE_ID,
        "a questionnaire id is lower-case letters, digits, '.', '_' and '-', starting with a "
        "letter or digit, at most 64 characters",
    ),
    "version": (
        VERSION,
        "a version is letters, digits, '.', '_', '+' and '-', at most 32 characters, for example \"1.0\"",
    ),
}


def yaml_keeps_as_text(key: str) -> bool:
    """Whether YAML reads `key` back as this very string: a question id is a key in every
    response file, and one that YAML takes for a number, yes/no, a date or null is lost."""
    import yaml

    resolver = yaml.resolver.Resolver()
    resolved = resolver.resolve(yaml.ScalarNode, key, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved == "tag:yaml.org,2002:str")


def version_text(value: Any) -> Any:
    """A version is text. YAML reads a bare 1.10 as the number 1.1, so a bare decimal is refused
    rather than silently changed; a bare whole number is taken as written."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f'write the version in quotes, for example "{value}", so YAML keeps it as written')
    return value


def _as_choice_value(value: Any) -> Any:
    """YAML reads a bare yes/no/on/off as a boolean; a choice value is always text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return value


class Scale(UserFileModel):
    min: int = Field(default=1, ge=-MAX_SCALE_VALUE, le=MAX_SCALE_VALUE)
    max: int = Field(default=5, ge=-MAX_SCALE_VALUE, le=MAX_SCALE_VALUE)
    labels: dict[int, str] = Field(default_factory=dict)

    def label(self, value: int) -> str:
        return self.labels.get(value, str(value))

    def position(self, value: float) -> float:
        """A point on the scale as 0-100: the lowest answer 0, the highest 100 (the one Likert
        formula)."""
        return (value - self.min) / (self.max - self.min) * 100

    def nearest_label(self, value: float) -> str:
        """The label of the labelled point closest to a mean answer (ties to the lower one)."""
        if not self.labels:
            return ""
        return self.labels[min(sorted(self.labels), key=lambda point: abs(point - value))]


PRACTICE = "practice"  # `source: practice`: sound practice that no published source is cited for
UNDATED = "n.d."  # a source's year when the work carries no date (the usual citation mark)
SOURCE_KINDS = {
    "article": "an article's idea",
    "hbr-instrument": "an HBR instrument theme",
    "research": "published research",
}


class Source(UserFileModel):
    id: str = Field(min_length=1)
    title: str
    author: str = ""  # the authors, as a citation names them
    year: int | str | None = None  # a year, or "n.d." for an undated work
    # article (one of the seed articles), hbr-instrument (Kotler, Rackham and Krishnaswamy's
    # instrument) or research (other published work)
    kind: Literal["article", "hbr-instrument", "research"] | None = None
    url: str = ""

    @field_validator("year")
    @classmethod
    def _year(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, str) and value != UNDATED:
            raise ValueError(f'a year is a number, or "{UNDATED}" for an undated work')
        return value


class Option(UserFileModel):
    value: str = Field(min_length=1)
    label: str
    score: float = Field(ge=0, le=100)

    _coerce = field_validator("value", mode="before")(_as_choice_value)


class Tolerance(UserFileModel):
    """How far apart two estimates of one fact may be and still agree. A number: within the
    larger of `absolute` and `relative` times the smaller answer; a choice with ordered options:
    within `steps` positions."""

    absolute: float | None = Field(default=None, ge=0, le=MAX_NUMBER)
    relative: float | None = Field(default=None, ge=0, le=10)
    steps: int | None = Field(default=None, ge=0, le=100)

    def allows(self, a: float, b: float) -> bool:
        """Whether two numbers lie within this tolerance of each other (at the edge they do)."""
        limit = max(self.absolute or 0.0, (self.relative or 0.0) * min(abs(a), abs(b)))
        return abs(a - b) - limit <= 1e-9


# --- how an answer is given ---------------------------------------------------------------------
#
# Whatever its kind, a question is answered in one of two ways: by picking one of a few answers,
# or by typing a number. The terminal, the web form, the sheet and the handout each know how to
# draw these two; a kind says which one it uses and with what, so none of them names a kind.


@dataclass(frozen=True)
class ChooseOne:
    """Pick one answer: a list in the terminal, radio buttons on the form, boxes on the handout."""

    name: ClassVar[str] = "choose"
    options: tuple[tuple[Any, str], ...]  # (stored value, its words; "" for a bare scale point)
    # points of a scale: each shown with its number first and chosen by it; a row on the form
    numbered: bool = False

    def label(self, value: Any, words: str, separator: str) -> str:
        """An option as a person reads it: a numbered point as its number, `separator` and its
        words ("4  Agree", "4 · Agree"), or the bare number; any other option as its words."""
        if not self.numbered:
            return words
        return f"{value}{separator}{words}" if words else str(value)

    def labels(self, separator: str) -> list[tuple[str, Any]]:
        """Every option as (label, stored value)."""
        return [(self.label(value, words, separator), value) for value, words in self.options]


@dataclass(frozen=True)
class TypeNumber:
    """Type a number within a range: a prompt in the terminal, a number field on the form."""

    name: ClassVar[str] = "number"
    minimum: float
    maximum: float
    unit: str = ""


Widget = ChooseOne | TypeNumber

YES_CELLS = frozenset({"yes", "y", "true", "1"})
NO_CELLS = frozenset({"no", "n", "false", "0"})
_PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]{1,15}(?:\.[0-9]{1,9})?$")
_LEADING_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–·:=)]\s*\S.*)?$")
_FORM_WHOLE = re.compile(r"^-?[0-9]{1,6}$")
_FORM_DECIMAL = re.compile(r"^-?[0-9]{1,15}(?:\.[0-9]{1,6})?$")


@functools.lru_cache(maxsize=8192)  # a sheet repeats the same few labels in every row
def loose_key(text: str) -> str:
    """How a sheet's headers and answers are compared: spacing, case and typographic quotes
    aside."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


def cell_number(cell: str, minimum: float, maximum: float) -> float:
    """A number as people type it in a sheet: '35', '35 %', '35,5' (a decimal comma)."""
    number = cell.strip().rstrip("%").strip()
    if "," in number and "." not in number:
        number = number.replace(",", ".")
    if not _PLAIN_NUMBER.match(number):  # float() takes 'nan', 'inf', '1e999' and '1_0'
        raise ValueError(f"expected a number from {minimum:g} to {maximum:g}")
    return float(number)


class QuestionKind(UserFileModel):
    """What every kind of question shares. Each kind below knows how it scores, stores, labels and
    offers its answers, how it is asked (its widget), and how it reads an answer from a sheet's
    cell or a form's field: adding a kind is one new class, registered with `register_kind`."""

    multiline_fields = frozenset({"text", "help"})

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    text: str = Field(min_length=1)
    help: str | None = None
    source: str | None = None
    roles: list[str] | None = None
    reverse: bool = False
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT)
    fact: bool = False
    gap_expected: bool = False
    mirror: str | None = None
    # the same point as `self_of` (an item asked of the other side about this side's work), asked
    # of this side about its own work: the two together show a blind spot
    self_of: str | None = None
    # "not applicable" may be answered (kept apart from "don't know"; see model/response.py)
    allow_na: bool = False
    # an estimate: answers this close to each other are no contradiction (see Tolerance)
    tolerance: Tolerance | None = None
    # describes a design choice or the business (one revenue leader or two peer heads, how
    # complex the sale): shown, never scored; recommendations read it beside other answers,
    # never on it alone
    context: bool = False
    kind: str  # each kind narrows it to its own Literal: the tag a questionnaire file writes

    on_scale: ClassVar[bool] = False  # answered on the agreement scale: rwg and alpha apply

    @abstractmethod
    def raw_score(self, value: Any, scale: Scale) -> float:
        """The answer on 0-100 before `reverse`, 100 the best for alignment."""
        raise NotImplementedError

    def score(self, value: Any, scale: Scale) -> float | None:
        """An answer on the 0-100 scale where 100 is the best for alignment; None for don't know."""
        if value is None:
            return None
        raw = float(self.raw_score(value, scale))
        return 100.0 - raw if self.reverse else raw

    @abstractmethod
    def widget(self, scale: Scale) -> Widget:
        """How the question is answered: picked from choices, or typed as a number."""
        raise NotImplementedError

    def choices(self, scale: Scale) -> list[tuple[str, Any]] | None:
        """The answers to pick from, as (label, stored value); None for a typed answer."""
        widget = self.widget(scale)
        match widget:
            case ChooseOne():
                return widget.labels("  ")
            case TypeNumber():
                return None
            case _:
                assert_never(widget)

    def from_cell(self, cell: str, scale: Scale) -> Any:
        """A sheet's cell as an answer to normalize: a choice by its value or its words, a
        number as people type it (ValueError says what was expected)."""
        widget = self.widget(scale)
        match widget:
            case ChooseOne():
                options = {loose_key(str(value)): value for value, _ in widget.options}
                options |= {loose_key(words): value for value, words in widget.options if words}
                if loose_key(cell) not in options:
                    raise ValueError(
                        "expected one of: "
                        + "; ".join(
                            widget.label(value, words, " ") or str(value) for value, words in widget.options
                        )
                    )
                return options[loose_key(cell)]
            case TypeNumber():
                return cell_number(cell, widget.minimum, widget.maximum)
            case _:
                assert_never(widget)

    def from_form(self, raw: str, scale: Scale) -> Any:
        """A web form's field (never empty) as an answer to normalize; ValueError when it
        cannot be one."""
        return raw

    def answer_order(self) -> tuple[Any, ...] | None:
        """The answers in their order, when neighbouring answers to a fact agree."""
        return None

    def measured_in(self) -> str | None:
        """The unit an answer is measured in ("hours", "%"), which picks the rules' default
        tolerance for an estimate; None for an answer that is not a measure."""
        return None

    def show_tags(self) -> list[str]:
        """What `questionnaire show` adds to the item's tags about its kind."""
        return []

    def allowed(self, scale: Scale) -> set[Any] | None:
        """Every stored answer, or None when answers are not a fixed set."""
        options = self.choices(scale)
        return None if options is None else {value for _, value in options}

    def score_table(self, scale: Scale) -> dict[Any, float] | None:
        """Stored answer -> score, for the kinds with a fixed set of answers."""
        values = self.allowed(scale)
        if values is None:
            return None
        return {v: cast(float, self.score(v, scale)) for v in values}

    @abstractmethod
    def normalize(self, value: Any, scale: Scale) -> Any:
        """The stored form of an answer, or ValueError saying what was expected."""
        raise NotImplementedError

    def label(self, value: Any, scale: Scale) -> str:
        """An answer in words, as a report quotes it."""
        return "no answer" if value is None else str(value)

    def describe_allowed(self, scale: Scale) -> str:
        """What an answer may be, for a person filling in a file by hand."""
        options = self.choices(scale) or []
        return "one of: " + ", ".join(str(value) for _, value in options)

    def show_answers(self, scale: Scale) -> list[str]:
        """Lines under the question in `questionnaire show`."""
        return []

    def differs(self, a: Any, b: Any, tolerance: float, allowed: Tolerance | None = None) -> bool:
        """Whether two answers to a matter of fact disagree."""
        return bool(a != b)

    def problems(self) -> list[tuple[str, str]]:
        """What pydantic cannot check alone, as (message, field) pairs."""
        return []


Q = TypeVar("Q", bound=QuestionKind)

# --- the registry of kinds -----------------------------------------------------------------------

KINDS: dict[str, type[QuestionKind]] = {}  # a questionnaire's `kind:` -> its class, in order


def kind_name(cls: type[QuestionKind]) -> str:
    """The tag a kind's class answers to: the one value of its `kind` Literal."""
    (name,) = get_args(cls.model_fields["kind"].annotation)
    return str(name)


def register_kind(cls: type[Q]) -> type[Q]:
    """Make a kind known to questionnaire files (usable as a class decorator)."""
    name = kind_name(cls)
    if cls.__abstractmethods__:  # caught here, not when a questionnaire first uses the kind
        raise TypeError(
            f"question kind {name!r} does not define {', '.join(sorted(cls.__abstractmethods__))}"
        )
    if KINDS.get(name, cls) is not cls:
        raise ValueError(f"question kind {name!r} is already registered")
    KINDS[name] = cls
    return cls


def unregister_kind(cls: type[QuestionKind]) -> None:
    """Forget a kind registered before (a test's own kind, once the test is over)."""
    if KINDS.get(kind_name(cls)) is cls:
        del KINDS[kind_name(cls)]


@register_kind
class LikertQuestion(QuestionKind):
    kind: Literal["likert"]
    on_scale: ClassVar[bool] = True

    def raw_score(self, value: Any, scale: Scale) -> float:
        return scale.position(value)

    def widget(self, scale: Scale) -> ChooseOne:
        return ChooseOne(
            tuple((v, scale.labels.get(v, "")) for v in range(scale.min, scale.max + 1)), numbered=True
        )

    def from_cell(self, cell: str, scale: Scale) -> Any:
        """A point of the scale, written as its number ('4', '4 - Agree') or its label."""
        labels = {loose_key(label): point for point, label in scale.labels.items()}
        if loose_key(cell) in labels:
            return labels[loose_key(cell)]
        match = _LEADING_NUMBER.match(cell)
        if match and "." not in match.group(1) and "," not in match.group(1):
            return int(match.group(1))
        raise ValueError(
            f"expected a whole number from {scale.min} to {scale.max} or one of the scale's labels"
        )

    def from_form(self, raw: str, scale: Scale) -> Any:
        if not _FORM_WHOLE.match(raw):  # int() would take '1_0', '٤' and '+4'
            raise ValueError(raw)
        return int(raw)

    def normalize(self, value: Any, scale: Scale) -> Any:
        if value is None:
            return None
        # the range test comes first: it also refuses nan, inf and 10**400 before int() sees them
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not scale.min <= value <= scale.max
            or value != int(value)
        ):
            raise ValueError(f"expected a whole number from {scale.min} to {scale.max}")
        return int(value)

    def label(self, value: Any, scale: Scale) -> str:
        if value is None:
            return "no answer"
        return f"{value} ({scale.label(value)})" if isinstance(value, int) else str(value)

    def problems(self) -> list[tuple[str, str]]:
        if self.fact:
            return [("a likert item cannot be a fact; use choice, yes_no or number", "fact")]
        return []

    def describe_allowed(self, scale: Scale) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(scale.labels.items()))
        return f"{scale.min}-{scale.max}" + (f" ({labels})" if labels else "")


@register_kind
class ChoiceQuestion(QuestionKind):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)
    # the options run in order (e.g. weekly, monthly, quarterly): for a fact, answers next to
    # each other count as agreement
    ordered: bool = False

    @cached_property
    def scores(self) -> dict[str, float]:
        return {o.value: o.score for o in self.options}

    def raw_score(self, value: Any, scale: Scale) -> float:
        return float(self.scores[value])

    def widget(self, scale: Scale) -> ChooseOne:
        return ChooseOne(tuple((option.value, option.label) for option in self.options))

    def answer_order(self) -> tuple[Any, ...] | None:
        return tuple(option.value for option in self.options) if self.ordered else None

    def show_tags(self) -> list[str]:
        return ["ordered: neighbouring answers agree"] if self.ordered else []

    def normalize(self, value: Any, scale: Scale) -> Any:
        if value is None:
            return None
        value = _as_choice_value(value)
        if isinstance(value, str) and value in self.scores:
            return value
        raise ValueError("expected one of: " + ", ".join(self.scores))

    def label(self, value: Any, scale: Scale) -> str:
        for option in self.options:
            if option.value == value:
                return option.label
        return super().label(value, scale)

    def problems(self) -> list[tuple[str, str]]:
        values = [o.value for o in self.options]
        if len(set(values)) != len(values):
            return [("option values must be unique", "options")]
        if any(v.strip().lower() == "n/a" for v in values):
            return [
                ("'n/a' is reserved for not applicable; use allow_na: true instead of an option", "options")
            ]
        return []

    def differs(self, a: Any, b: Any, tolerance: float, allowed: Tolerance | None = None) -> bool:
        """Ordered options within the tolerance's steps (by default next to each other) agree;
        otherwise any two different answers differ."""
        if not self.ordered:
            return bool(a != b)
        steps = 1
        for given in (self.tolerance, allowed):
            if given is not None and given.steps is not None:
                steps = given.steps
                break
        order = [option.value for option in self.options]
        return abs(order.index(a) - order.index(b)) > steps

    def show_answers(self, scale: Scale) -> list[str]:
        return [f"- {o.label} [{o.value}, {o.score:g}]" for o in self.options]


@register_kind
class YesNoQuestion(QuestionKind):
    kind: Literal["yes_no"]

    def raw_score(self, value: Any, scale: Scale) -> float:
        return 100.0 if value == "yes" else 0.0

    def widget(self, scale: Scale) -> ChooseOne:
        return ChooseOne((("yes", "Yes"), ("no", "No")))

    def from_cell(self, cell: str, scale: Scale) -> Any:
        key = loose_key(cell)
        return "yes" if key in YES_CELLS else "no" if key in NO_CELLS else cell.strip()

    def normalize(self, value: Any, scale: Scale) -> Any:
        if value is None:
            return None
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str) and value.strip().lower() in {"yes", "no"}:
            return value.strip().lower()
        raise ValueError("expected yes or no")

    def label(self, value: Any, scale: Scale) -> str:
        if value is None:
            return "no answer"
        return "Yes" if value == "yes" else "No"

    def describe_allowed(self, scale: Scale) -> str:
        return "yes or no"

    def show_answers(self, scale: Scale) -> list[str]:
        return ["yes / no"]


@register_kind
class NumberQuestion(QuestionKind):
    kind: Literal["number"]
    min: float = Field(ge=-MAX_NUMBER, le=MAX_NUMBER)
    max: float = Field(ge=-MAX_NUMBER, le=MAX_NUMBER)
    unit: str = ""
    best: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)
    worst: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)

    def measured_in(self) -> str | None:
        return self.unit

    @property
    def best_value(self) -> float:
        return self.max if self.best is None else self.best

    @property
    def worst_value(self) -> float:
        return self.min if self.worst is None else self.worst

    @property
    def span(self) -> float:
        """The distance between the worst and the best answer: what tolerances are measured in."""
        return abs(self.best_value - self.worst_value)

    def differs(self, a: Any, b: Any, tolerance: float, allowed: Tolerance | None = None) -> bool:
        """Numbers differ when outside the item's tolerance (or `allowed`, the default for its
        unit); without either, when further apart than `tolerance` times the best-to-worst span
        (at the tolerance itself they agree, whatever the rounding of the two floats)."""
        given = self.tolerance or allowed
        if given is not None and (given.absolute is not None or given.relative is not None):
            return not given.allows(float(a), float(b))
        return abs(float(a) - float(b)) - tolerance * self.span > 1e-9

    def widget(self, scale: Scale) -> TypeNumber:
        return TypeNumber(self.min, self.max, self.unit)

    def from_form(self, raw: str, scale: Scale) -> Any:
        text = raw.replace(",", ".").rstrip("%").strip()
        if not _FORM_DECIMAL.match(text):  # float() would take 'nan', 'inf', '1e999' and '1_0'
            raise ValueError(raw)
        return float(text)

    def raw_score(self, value: Any, scale: Scale) -> float:
        # clamped: past the best value is no better, past the worst no worse
        score = float((value - self.worst_value) / (self.best_value - self.worst_value) * 100)
        return min(100.0, max(0.0, score))

    def normalize(self, value: Any, scale: Scale) -> Any:
        if value is None:
            return None
        if (
            isinstance(value, bool) or not isinstance(value, int | float) or not self.min <= value <= self.max
        ):  # also refuses nan, inf, 10**400
            raise ValueError(
                f"expected a number from {self.min:g} to {self.max:g}"
                + (f" {self.unit}" if self.unit else "")
            )
        return int(value) if float(value).is_integer() else float(value)

    def label(self, value: Any, scale: Scale) -> str:
        if value is None:
            return "no answer"
        number = f"{value:g}" if isinstance(value, int | float) else str(value)
        if self.unit == "%":
            return f"{number}%"
        unit = self.unit
        if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
            unit = unit[:-1]  # 1 call, 1 hour
        return f"{number} {unit}".strip()

    def describe_allowed(self, scale: Scale) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"a number from {self.min:g} to {self.max:g}{unit}"

    def problems(self) -> list[tuple[str, str]]:
        if self.allow_na:
            return [
                (
                    "allow_na is for statements, choices and yes/no items; give a number item "
                    "a range that covers the case instead",
                    "allow_na",
                )
            ]
        if self.min >= self.max:
            return [("min must be below max", "min")]
        for key in ("best", "worst"):
            value = getattr(self, key)
            if value is not None and not self.min <= value <= self.max:
                return [(f"{key} must lie between min and max", key)]
        if self.best_value == self.worst_value:
            return [("best and worst must differ", "best")]
        return []

    def show_answers(self, scale: Scale) -> list[str]:
        return [f"{self.min:g}-{self.max:g} {self.unit}"]


def _question_of_its_kind(value: Any) -> QuestionKind:
    """A question item validated by the class its `kind:` names, wherever that was registered;
    the errors are pydantic's own for a tagged union, so a file is told the same either way."""
    if isinstance(value, QuestionKind):
        return value
    if not isinstance(value, dict):
        raise PydanticCustomError(
            "model_attributes_type", "Input should be a valid dictionary or object to extract fields from"
        )
    if "kind" not in value:
        raise PydanticCustomError(
            "union_tag_not_found",
            "Unable to extract tag using discriminator {discriminator}",
            {"discriminator": "'kind'"},
        )
    cls = KINDS.get(value["kind"]) if isinstance(value["kind"], str) else None
    if cls is None:
        raise PydanticCustomError(
            "union_tag_invalid",
            "Input tag '{tag}' found using {discriminator} does not match any "
            "of the expected tags: {expected_tags}",
            {
                "tag": str(value["kind"]),
                "discriminator": "'kind'",
                "expected_tags": ", ".join(repr(name) for name in KINDS),
            },
        )
    return cls.model_validate(value)


# a question in a questionnaire: any registered kind, written out with its own fields
Question = SerializeAsAny[Annotated[QuestionKind, PlainValidator(_question_of_its_kind)]]
AnyQuestion = QuestionKind


class AnswerCondition(UserFileModel):
    question: str
    in_: list[Any] | None = Field(default=None, alias="in")
    below: float | None = None
    at_least: float | None = None
    # whose answer it reads: typical (the default: each side that answered, by its typical
    # answer), both (both sides must have answered, and both match), either (one side is
    # enough), or a role (that side only)
    side: str | None = None

    @field_validator("in_", mode="before")
    @classmethod
    def _values(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_as_choice_value(v) if isinstance(v, bool) else v for v in value]
        return value


class AgreedCondition(UserFileModel):
    """Both sides answered, and both gave one of these answers: the thing exists and both agree."""

    question: str
    in_: list[Any] = Field(alias="in", min_length=1)

    _values = field_validator("in_", mode="before")(
        lambda value: (
            [_as_choice_value(v) if isinstance(v, bool) else v for v in value]
            if isinstance(value, list)
            else value
        )
    )


class Condition(UserFileModel):
    """When a recommendation applies. The dimension-level thresholds (alignment_below,
    score_below, gap_at_least) suit a dimension's fallback first step; the others name the
    answers a recommendation is about."""

    alignment_below: float | None = None
    score_below: float | None = None
    gap_at_least: float | None = None
    answer: AnswerCondition | None = None
    agreed: AgreedCondition | None = None
    contested: str | None = None
    low_view: str | None = None  # a mirrored item: either side of the pair rates low
    team_gap: bool | None = None  # a head and their team far apart on this dimension
    any: list[Condition] | None = Field(default=None, min_length=1)
    all: list[Condition] | None = Field(default=None, min_length=1)


DIMENSION_LEVEL = ("alignment_below", "score_below", "gap_at_least")
ANSWER_SIDES = ("either", "both", "typical")


PracticeState = Literal["missing", "disputed", "not-working"]


class Recommendation(UserFileModel):
    multiline_fields = frozenset({"why", "actions"})

    id: str = Field(min_length=1)
    dimension: str
    when: Condition
    fallback: bool = False  # the dimension's first step when nothing more specific applies
    title: str
    why: str = ""
    actions: list[str] = Field(min_length=1)
    source: str | None = None
    # the practice it answers, and in which state: it fires only when the practice is in it
    practice: str | None = None
    state: PracticeState | None = None
    supersedes: list[str] = Field(default_factory=list)  # near-duplicates it replaces
    governance: bool = False  # CEO arbitration, the heads' relationship, shared rewards


class PracticeExists(AgreedCondition):
    """The fact item that says whether a practice exists, and the answers that mean it does:
    read like an `agreed:` condition, side by side."""


class Practice(UserFileModel):
    """A practice the instrument covers (a written lead agreement): whether it exists, and the
    items that show it working."""

    id: str = Field(min_length=1)
    title: str
    exists: PracticeExists
    outcomes: list[str] = Field(default_factory=list)


class AcuteRule(UserFileModel):
    """A strong, specific answer that is evidence for its area on its own, however good the
    area's mean."""

    multiline_fields = frozenset({"detail"})

    id: str = Field(min_length=1)
    dimension: str
    title: str
    detail: str = ""
    when: Condition


class Cause(UserFileModel):
    """A root cause and the symptoms it drives, all recommendation ids: when both fire, the
    cause ranks above its symptoms."""

    cause: str
    drives: list[str] = Field(min_length=1)
    note: str = ""


class EvidenceWeights(UserFileModel):
    """How much each kind of evidence counts toward making a dimension a priority."""

    shortfall: float = Field(default=1.0, ge=0)  # per 10 points under the top band
    large_gap: float = Field(default=1.0, ge=0)  # per large-gap's worth of gap, from one
    contested_fact: float = Field(default=2.0, ge=0)  # per fact the sides report differently
    low_view: float = Field(default=1.5, ge=0)  # per mirrored pair with a low view
    team_gap: float = Field(default=1.0, ge=0)  # per side whose head and team differ widely
    absent: float = Field(default=1.0, ge=0)  # per fact both sides report missing
    few_items: float = Field(default=2.0, ge=0)  # certainty = items / (items + this)
    acute: float = Field(default=3.0, ge=0)  # per acute finding
    opposed: float = Field(default=1.5, ge=0)  # per statement the sides answer oppositely
    data: float = Field(default=3.0, ge=0)  # per finding the CRM data backs: strong


class Rules(UserFileModel):
    """Every threshold a consultant may tune. All optional: the defaults are the method as
    published in the README, and the report's method section prints the values in force."""

    large_gap: float = Field(default=20.0, gt=0, le=100)
    severe_gap: float = Field(default=40.0, gt=0, le=100)  # a large gap marked high severity
    min_answered_share: float = Field(default=0.5, gt=0, le=1)  # of a dimension, to score it
    low_view: float = Field(default=50.0, gt=0, le=100)
    number_tolerance: float = Field(default=0.10, ge=0, le=1)  # share of best-to-worst span
    agreement_flag: float = Field(default=0.70, ge=0, le=1)
    findings_shown: int = Field(default=6, ge=1)  # in the terminal summary
    priorities: int = Field(default=3, ge=1, le=20)
    priority_min_evidence: float = Field(default=1.2, ge=0)
    max_actions: int = Field(default=7, ge=1, le=100)
    min_completeness: float = Field(default=0.80, ge=0, le=1)  # a share: 0.8 is 80 %
    measurable_share: float = Field(default=2 / 3, gt=0, le=1)
    alpha_min_respondents: int = Field(default=5, ge=2)
    alpha_min_items: int = Field(default=3, ge=2)
    interval_level: float = Field(default=0.90, gt=0, lt=1)
    bootstrap_samples: int = Field(default=1000, ge=100, le=100_000)
    bootstrap_seed: int = 2006
    respondent_bootstrap_from: int = Field(default=5, ge=2)  # respondents on each side
    stage_colours: list[str] = Field(
        default_factory=lambda: ["red", "yellow", "green", "bright_green"], min_length=1
    )
    evidence: EvidenceWeights = Field(default_factory=EvidenceWeights)
    # estimates: the tolerance of a number item by its unit, when the item names none
    tolerances: dict[str, Tolerance] = Field(
        default_factory=lambda: {
            "hours": Tolerance(absolute=8, relative=0.5),
            "%": Tolerance(absolute=10),
            "calls": Tolerance(absolute=1),
        }
    )
    # a statement on which the sides' typical answers are this many scale points apart, on
    # opposite sides of the middle, is a finding
    opposed_points: float = Field(default=2.0, gt=0, le=MAX_SCALE_SPAN)
    per_area_in_plan: int = Field(default=2, ge=1, le=100)  # actions per area in the plan
    contested_headline: int = Field(default=3, ge=1)  # facts contested before the headline says so
    practice_failing: float = Field(default=50.0, ge=0, le=100)  # an outcome under this fails


class Stage(UserFileModel):
    multiline_fields = frozenset({"summary"})

    name: str
    from_: float = Field(alias="from", ge=0, le=100)
    summary: str = ""


class Dimension(UserFileModel):
    multiline_fields = frozenset({"description"})

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")
    title: str
    description: str = ""
    weight: float = Field(default=1.0, gt=0, le=MAX_WEIGHT)
    gap_expected: bool = False
    source: str | None = None
    questions: list[Question] = Field(min_length=1)


class Theme(UserFileModel):
    theme: str = Field(min_length=1)
    items: list[str] = Field(min_length=1)


class CoverageGroup(UserFileModel):
    """A list of themes (e.g. the HBR instrument's statements) and the items that cover each."""

    group: str = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)


SECONDS_PER_ITEM = 15  # a respondent's pace when a questionnaire gives no estimated_minutes


class Questionnaire(UserFileModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, allow_inf_nan=False, ignored_types=(cached_property,)
    )
    multiline_fields = frozenset({"description"})

    id: str = Field(min_length=1)
    version: str
    title: str
    description: str = ""
    roles: list[str] = Field(min_length=2, max_length=2)
    scale: Scale = Field(default_factory=Scale)
    sources: list[Source] = Field(default_factory=list)
    dimensions: list[Dimension] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(default_factory=list)
    stages: list[Stage] = Field(min_length=1)
    estimated_minutes: int | None = Field(default=None, gt=0)
    coverage: list[CoverageGroup] = Field(default_factory=list)
    rules: Rules = Field(default_factory=Rules)
    practices: list[Practice] = Field(default_factory=list)
    acute: list[AcuteRule] = Field(default_factory=list)
    causes: list[Cause] = Field(default_factory=list)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return version_text(value)

    @field_validator("id", "version")
    @classmethod
    def _plain(cls, value: str, info: ValidationInfo) -> str:
        pattern, rule = PLAIN_FIELDS[str(info.field_name)]
        if not pattern.fullmatch(value):
            raise ValueError(rule)
        return value

    @field_validator("roles")
    @classmethod
    def _role_ids(cls, value: list[str]) -> list[str]:
        for role in value:
            if not ROLE_ID.fullmatch(role):
                raise ValueError(
                    f"role {role!r}: a role id is lower-case letters, digits and "
                    "'-', starting with a letter, at most 40 characters (it becomes "
                    "part of response file names)"
                )
        return value

    # Lookups built once; the model is not changed after loading.
    @cached_property
    def questions(self) -> dict[str, AnyQuestion]:
        return {q.id: q for d in self.dimensions for q in d.questions}

    @cached_property
    def dimension_of(self) -> dict[str, Dimension]:
        return {q.id: d for d in self.dimensions for q in d.questions}

    @cached_property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def score_tables(self) -> dict[str, dict[Any, float] | None]:
        """Answer -> 0-100 score for every item with a fixed set of answers (None for numbers),
        so scoring thousands of respondents is a dictionary look-up per answer."""
        return {qid: q.score_table(self.scale) for qid, q in self.questions.items()}

    def item_score(self, question_id: str, value: Any) -> float | None:
        """An answer on 0-100, 100 the best for alignment; None for don't know."""
        return self.questions[question_id].score(value, self.scale)

    def answer_label(self, question_id: str, value: Any) -> str:
        return self.questions[question_id].label(value, self.scale)

    @cached_property
    def score_tables_by_role(self) -> dict[str, dict[str, dict[Any, float] | None]]:
        """score_tables for the items asked of each role only: one look-up tells whether an
        item is asked of a respondent and how its answers score."""
        tables = self.score_tables
        return {
            role: {qid: tables[qid] for qid, roles in self.asked_of.items() if role in roles}
            for role in self.roles
        }

    @cached_property
    def asked_of(self) -> dict[str, frozenset[str]]:
        return {qid: frozenset(self.roles_of(q)) for qid, q in self.questions.items()}

    def roles_of(self, question: AnyQuestion) -> list[str]:
        return question.roles or self.roles

    def questions_for(self, role: str) -> Iterator[tuple[Dimension, AnyQuestion]]:
        for dimension in self.dimensions:
            for question in dimension.questions:
                if role in self.roles_of(question):
                    yield dimension, question

    def question_count(self, role: str) -> int:
        """How many questions one respondent on this side is asked."""
        return sum(1 for _ in self.questions_for(role))

    def minutes_for(self, role: str | None = None) -> int:
        """The time to state up front: the file's `estimated_minutes`, or else a pace of
        SECONDS_PER_ITEM for the longest side's questions (or `role`'s), rounded up."""
        if self.estimated_minutes is not None:
            return self.estimated_minutes
        count = (
            self.question_count(role) if role is not None else max(self.question_count(r) for r in self.roles)
        )
        return max(1, -(-count * SECONDS_PER_ITEM // 60))

    def is_gap_expected(self, question: AnyQuestion) -> bool:
        """Whether an item is shown but not scored: a side's own focus, or context."""
        return question.gap_expected or question.context or self.dimension_of[question.id].gap_expected

    @cached_property
    def practices_by_id(self) -> dict[str, Practice]:
        return {p.id: p for p in self.practices}

    @cached_property
    def recommendations_by_id(self) -> dict[str, Recommendation]:
        return {r.id: r for r in self.recommendations}

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"


def load_questionnaire(path: Path) -> Questionnaire:
    text = read_text(path, what="questionnaire")
    return parse_questionnaire(text, path=path)


def parse_questionnaire(text: str, *, path: Path | str | None) -> Questionnaire:
    questionnaire = read_document(
        Questionnaire,
        text,
        path=path,
        what="questionnaire",
        expected="a mapping with id, version, dimensions, ...",
    )
    _cross_check(questionnaire, text=text, path=path)
    return questionnaire


def _cross_check(q: Questionnaire, *, text: str, path: Path | str | None) -> None:
    """The checks pydantic cannot make alone: references between parts of the file."""
    check = _CrossCheck(q, text, path)
    check.roles_and_scale()
    check.sources()
    check.dimensions()
    check.pairs()
    check.coverage()
    check.recommendations()
    check.diagnosis()
    check.stages()


class _CrossCheck:
    """One pass over a parsed questionnaire; each step fails at the place in the file."""

    def __init__(self, q: Questionnaire, text: str, path: Path | str | None) -> None:
        self.q, self.text, self.path = q, text, path
        self.seen_sources: set[str] = set()
        self.seen_dims: set[str] = set()
        self.seen_questions: dict[str, AnyQuestion] = {}

    def fail(self, message: str, *loc: int | str) -> NoReturn:
        raise InputError(message, path=self.path, where=locate(self.text, loc))

    def roles_and_scale(self) -> None:
        q, fail = self.q, self.fail
        if len(set(q.roles)) != 2:
            fail("roles: expected two different roles, for example [sales, marketing]", "roles")
        if q.scale.min >= q.scale.max:
            fail("scale: min must be below max", "scale")
        if q.scale.max - q.scale.min > MAX_SCALE_SPAN:
            fail(f"scale: at most {MAX_SCALE_SPAN + 1} points (from min to max)", "scale")
        for value in q.scale.labels:
            if not q.scale.min <= value <= q.scale.max:
                fail(
                    f"scale.labels: {value} is outside the scale {q.scale.min}-{q.scale.max}",
                    "scale",
                    "labels",
                )

    def sources(self) -> None:
        for i, source in enumerate(self.q.sources):
            if source.id in self.seen_sources:
                self.fail(f"sources: duplicate source id {source.id!r}", "sources", i)
            self.seen_sources.add(source.id)

    def known_source(self, source: str | None, *loc: int | str) -> None:
        if source is not None and source != PRACTICE and source not in self.seen_sources:
            known = ", ".join(sorted(self.seen_sources)) or "none declared under sources:"
            self.fail(
                f"unknown source {source!r}; expected one of: {known} (or {PRACTICE!r} "
                "for sound practice with no published source)",
                *loc,
            )

    def dimensions(self) -> None:
        for di, dim in enumerate(self.q.dimensions):
            if dim.id in self.seen_dims:
                self.fail(f"duplicate dimension id {dim.id!r}", "dimensions", di, "id")
            self.seen_dims.add(dim.id)
            self.known_source(dim.source, "dimensions", di, "source")
            for qi, question in enumerate(dim.questions):
                self.question(question, ("dimensions", di, "questions", qi))

    def question(self, question: AnyQuestion, at: tuple[str | int, ...]) -> None:
        fail = self.fail
        if question.id in self.seen_questions:
            fail(f"duplicate question id {question.id!r}", *at, "id")
        if not yaml_keeps_as_text(question.id):
            fail(
                f"question id {question.id!r}: YAML would read it as a number, yes/no, "
                "a date or null in a response file; choose another id",
                *at,
                "id",
            )
        self.seen_questions[question.id] = question
        self.known_source(question.source, *at, "source")
        for role in question.roles or []:
            if role not in self.q.roles:
                fail(f"question {question.id}: role {role!r} is not one of {self.q.roles}", *at, "roles")
        if question.roles is not None and not question.roles:
            fail(f"question {question.id}: roles must name at least one role", *at, "roles")
        for message, key in question.problems():
            fail(f"question {question.id}: {message}", *at, key)

    # an item that names another (a mirrored pair; a self-rating and the other side's rating of
    # it): the field, and what the pair must be
    PAIRINGS = (
        ("mirror", "a mirrored pair must be asked of one role each"),
        (
            "self_of",
            "a self-rating is asked of one role, and self_of names the item asked of the other role about it",
        ),
    )

    def pairs(self) -> None:
        for di, dim in enumerate(self.q.dimensions):
            for qi, question in enumerate(dim.questions):
                for field, rule in self.PAIRINGS:
                    named = getattr(question, field)
                    if named is not None:
                        self.paired(question, field, named, rule, ("dimensions", di, "questions", qi, field))

    def paired(
        self, question: AnyQuestion, field: str, named: str, rule: str, at: tuple[str | int, ...]
    ) -> None:
        """The item named exists, and the two are asked of one role each, not the same one."""
        other = self.seen_questions.get(named)
        if other is None:
            self.fail(
                f"question {question.id}: {field} {named!r} is not a question in this questionnaire", *at
            )
        mine, theirs = set(self.q.roles_of(question)), set(self.q.roles_of(other))
        if len(mine) != 1 or len(theirs) != 1 or mine == theirs:
            self.fail(
                f"question {question.id}: {rule} (this one of {sorted(mine)}, {other.id} "
                f"of {sorted(theirs)})",
                *at,
            )

    def coverage(self) -> None:
        for gi, group in enumerate(self.q.coverage):
            for ti, theme in enumerate(group.themes):
                for ii, item in enumerate(theme.items):
                    if item not in self.seen_questions:
                        self.fail(
                            f"coverage: theme {theme.theme!r} names {item!r}, which is "
                            "not a question in this questionnaire",
                            "coverage",
                            gi,
                            "themes",
                            ti,
                            "items",
                            ii,
                        )

    def recommendations(self) -> None:
        seen_recs: set[str] = set()
        for ri, rec in enumerate(self.q.recommendations):
            at = ("recommendations", ri)
            if rec.id in seen_recs:
                self.fail(f"duplicate recommendation id {rec.id!r}", *at, "id")
            seen_recs.add(rec.id)
            if rec.dimension not in self.seen_dims:
                self.fail(f"recommendation {rec.id}: unknown dimension {rec.dimension!r}", *at, "dimension")
            self.known_source(rec.source, *at, "source")
            _check_condition(rec.when, rec.id, self.seen_questions, self.q, self.fail, (*at, "when"))

    def diagnosis(self) -> None:
        """Practices, acute rules and causes name questions, dimensions and recommendations
        that exist."""
        practices = self.practices()
        self.recommendation_links(practices)
        self.acute_and_causes()

    def practices(self) -> set[str]:
        q, fail = self.q, self.fail
        practices: set[str] = set()
        for pi, practice in enumerate(q.practices):
            at = ("practices", pi)
            if practice.id in practices:
                fail(f"duplicate practice id {practice.id!r}", *at, "id")
            practices.add(practice.id)
            target = self.seen_questions.get(practice.exists.question)
            if target is None or not target.fact:
                fail(f"practice {practice.id}: exists must name a fact item", *at, "exists")
            for oi, outcome in enumerate(practice.outcomes):
                if outcome not in self.seen_questions:
                    fail(f"practice {practice.id}: unknown question {outcome!r}", *at, "outcomes", oi)
        return practices

    def recommendation_links(self, practices: set[str]) -> None:
        q, fail = self.q, self.fail
        recs = {r.id for r in q.recommendations}
        for ri, rec in enumerate(q.recommendations):
            at = ("recommendations", ri)
            if rec.practice is not None and rec.practice not in practices:
                fail(f"recommendation {rec.id}: unknown practice {rec.practice!r}", *at, "practice")
            if (rec.practice is None) != (rec.state is None):
                fail(f"recommendation {rec.id}: practice and state go together", *at, "state")
            for si, other in enumerate(rec.supersedes):
                if other not in recs or other == rec.id:
                    fail(
                        f"recommendation {rec.id}: supersedes unknown recommendation {other!r}",
                        *at,
                        "supersedes",
                        si,
                    )

    def acute_and_causes(self) -> None:
        q, fail = self.q, self.fail
        recs = {r.id for r in q.recommendations}
        acute = set()
        for ai, rule in enumerate(q.acute):
            at = ("acute", ai)
            if rule.id in acute:
                fail(f"duplicate acute id {rule.id!r}", *at, "id")
            acute.add(rule.id)
            if rule.dimension not in self.seen_dims:
                fail(f"acute {rule.id}: unknown dimension {rule.dimension!r}", *at, "dimension")
            _check_condition(rule.when, rule.id, self.seen_questions, q, fail, (*at, "when"))
        for ci, cause in enumerate(q.causes):
            at = ("causes", ci)
            for key, ids in (("cause", [cause.cause]), ("drives", cause.drives)):
                for rec_id in ids:
                    if rec_id not in recs:
                        fail(f"causes: unknown recommendation {rec_id!r}", *at, key)

    def stages(self) -> None:
        if self.q.rules.priorities > self.q.rules.max_actions:
            self.fail(
                "rules: the action plan (max_actions) must hold at least one step per priority",
                "rules",
                "max_actions",
            )
        previous = -1.0
        for si, stage in enumerate(self.q.stages):
            if si == 0 and stage.from_ != 0:
                self.fail("stages: the first stage must start from 0", "stages", 0)
            if stage.from_ <= previous:
                self.fail("stages: each stage must start above the one before", "stages", si)
            previous = stage.from_


def _check_condition(
    cond: Condition,
    rec_id: str,
    questions: dict[str, AnyQuestion],
    q: Questionnaire,
    fail: Callable[..., NoReturn],
    at: tuple[int | str, ...],
) -> None:
    """Every question a condition names exists and can hold what the condition asks of it."""
    check = _ConditionCheck(rec_id, questions, q, fail, at)
    check.facts_and_pairs(cond)
    if cond.agreed is not None:
        check.answers_known("agreed", cond.agreed.question, cond.agreed.in_)
    if cond.answer is not None:
        check.answer(cond.answer)
    if not any(getattr(cond, key) is not None for key in Condition.model_fields):
        fail(f"recommendation {rec_id}: when needs at least one condition", *at)
    for group in ("any", "all"):
        for i, inner in enumerate(getattr(cond, group) or []):
            _check_condition(inner, rec_id, questions, q, fail, (*at, group, i))


class _ConditionCheck:
    def __init__(
        self,
        rec_id: str,
        questions: dict[str, AnyQuestion],
        q: Questionnaire,
        fail: Callable[..., NoReturn],
        at: tuple[int | str, ...],
    ) -> None:
        self.rec_id, self.questions, self.q, self.fail, self.at = rec_id, questions, q, fail, at

    def named(self, key: str, target_id: str) -> AnyQuestion:
        target = self.questions.get(target_id)
        if target is None:
            self.fail(f"recommendation {self.rec_id}: unknown question {target_id!r}", *self.at, key)
        return target

    def answers_known(self, key: str, question_id: str, values: list[Any]) -> None:
        allowed = self.named(key, question_id).allowed(self.q.scale)
        if allowed is None:
            return
        for value in values:
            if value not in allowed:
                self.fail(
                    f"recommendation {self.rec_id}: {value!r} is not an answer of "
                    f"{question_id} (expected one of {sorted(allowed)})",
                    *self.at,
                    key,
                    "in",
                )

    def facts_and_pairs(self, cond: Condition) -> None:
        if cond.contested is not None and not self.named("contested", cond.contested).fact:
            self.fail(
                f"recommendation {self.rec_id}: contested {cond.contested!r} must name a fact item",
                *self.at,
                "contested",
            )
        if cond.low_view is not None:
            target = self.named("low_view", cond.low_view)
            paired = target.mirror is not None or any(o.mirror == target.id for o in self.questions.values())
            if not paired:
                self.fail(
                    f"recommendation {self.rec_id}: low_view {cond.low_view!r} must name "
                    "one item of a mirrored pair",
                    *self.at,
                    "low_view",
                )

    def answer(self, answer: AnswerCondition) -> None:
        self.named("answer", answer.question)
        sides = [*self.q.roles, *ANSWER_SIDES]
        if answer.side is not None and answer.side not in sides:
            self.fail(
                f"recommendation {self.rec_id}: side {answer.side!r} is not one of {sides}",
                *self.at,
                "answer",
                "side",
            )
        if answer.in_ is None and answer.below is None and answer.at_least is None:
            self.fail(f"recommendation {self.rec_id}: answer needs in, below or at_least", *self.at, "answer")
        if answer.in_ is not None:
            self.answers_known("answer", answer.question, answer.in_)


def citation_problems(q: Questionnaire) -> list[str]:
    """What keeps a questionnaire's citations from being complete: a source without title,
    authors, year or kind; an item or recommendation that names no source and is not marked
    `practice`. The built-in questionnaires have none (`questionnaire validate` and the tests
    hold them to it); a custom file is told, not refused."""
    problems = []
    for source in q.sources:
        missing = [
            name
            for name, value in (
                ("title", source.title),
                ("authors", source.author),
                ("year", source.year),
                ("kind", source.kind),
            )
            if value in (None, "")
        ]
        if missing:
            problems.append(f"source {source.id!r} has no {', '.join(missing)}")
    for qid, question in q.questions.items():
        if not question.source:
            problems.append(f"item {qid} names no source (or source: {PRACTICE})")
    for rec in q.recommendations:
        if not rec.source:
            problems.append(f"recommendation {rec.id} names no source (or source: {PRACTICE})")
    return problems


def citation_kind(q: Questionnaire, source: str | None) -> str:
    """What a citation is: an article's idea, an HBR instrument theme, published research, or
    practice; "no source" when none is named."""
    if not source:
        return "no source"
    if source == PRACTICE:
        return "practice"
    found = q.sources_by_id.get(source)
    return SOURCE_KINDS.get(found.kind or "", "a source") if found else "a source"


# --- the built-in questionnaires -----------------------------------------------------------------
#
# Several versions of one questionnaire may be built in side by side (sales-marketing-alignment.yaml
# holds 1.0, sales-marketing-alignment-2.0.yaml holds 2.0): the id alone means the newest, and a
# response file gets the version it names.

_HEADER_ID = re.compile(r"^id:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)
_HEADER_VERSION = re.compile(r"^version:\s*[\"']?([^\"'\s#]+)", re.MULTILINE)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Orders versions as people read them: 1.10 after 1.9, 2.0 after 1.10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.\-]", version))


def builtin_versions() -> dict[str, dict[str, Path]]:
    """Built-in questionnaires: id -> version -> file, versions oldest first. The id and version
    are read from the top of each file, so a file's name is free."""
    folder = data_dir("questionnaires")
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.glob("*.yaml")):
        head = path.read_text(encoding="utf-8")
        qid, version = _HEADER_ID.search(head), _HEADER_VERSION.search(head)
        if qid is None or version is None:  # pragma: no cover - the shipped files have both
            continue
        found.setdefault(qid.group(1), {})[version.group(1)] = path
    return {
        qid: dict(sorted(versions.items(), key=lambda kv: version_key(kv[0])))
        for qid, versions in sorted(found.items())
    }


def builtin_paths() -> dict[str, Path]:
    """Built-in questionnaires by id, each the file of its newest version."""
    return {qid: list(versions.values())[-1] for qid, versions in builtin_versions().items()}


def builtin_path(qid: str, version: str | None = None) -> Path | None:
    """The file of a built-in id (its newest version, or the one named); None when not built in.
    A version that is not built in is an error that lists the ones that are."""
    versions = builtin_versions().get(qid)
    if versions is None:
        return None
    if version is None:
        return list(versions.values())[-1]
    if version not in versions:
        raise InputError(
            f"questionnaire {qid} has no built-in version {version} (built in: "
            f"{', '.join(versions)}); name that version's file as the "
            "questionnaire (--questionnaire PATH, or questionnaire: in the config)"
        )
    return versions[version]


def resolve_questionnaire(
    ref: str | Path, *, relative_to: Path | None = None, version: str | None = None
) -> Questionnaire:
    """A built-in id (the newest version, or `version`; `ID@VERSION` also names one), or a path
    to a questionnaire file."""
    text_ref = str(ref)
    qid, at, named = text_ref.partition("@")
    if at and version is None and qid in builtin_versions():
        version = named
    else:
        qid = text_ref
    builtin = builtin_path(qid, version)
    if builtin is not None:
        return load_questionnaire(builtin)
    path = Path(text_ref)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_questionnaire(path)
    known = ", ".join(builtin_paths()) or "none"
    raise InputError(
        f"unknown questionnaire {text_ref!r}: not a file, and not a built-in id (built-in: {known})"
    )
