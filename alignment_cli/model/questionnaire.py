"""The questionnaire: its model, the built-in ones, and the checks that tie its parts together."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

from pydantic import ConfigDict, Field, ValidationError, field_validator

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import load_yaml, locate, read_text
from alignment_cli.model.base import UserFileModel
from alignment_cli.model.validation import from_validation_error
from alignment_cli.resources import data_dir

MAX_SCALE_SPAN = 100
MAX_SCALE_VALUE = 1000
MAX_WEIGHT = 100  # weights are relative; a bound keeps the weighted sums finite
MAX_NUMBER = 1e9  # the range of a number item: far beyond any count, share or amount asked
# Ids that become part of a file name (roles: responses/<role>-<name>.yaml) or of a command the
# tool prints for pasting (the questionnaire id and version).
ROLE_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
QUESTIONNAIRE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$")


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
        raise ValueError(f'write the version in quotes, for example "{value}", so YAML keeps it '
                         "as written")
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

    def nearest_label(self, value: float) -> str:
        """The label of the labelled point closest to a mean answer (ties to the lower one)."""
        if not self.labels:
            return ""
        return self.labels[min(sorted(self.labels), key=lambda point: abs(point - value))]


class Source(UserFileModel):
    id: str = Field(min_length=1)
    title: str
    author: str = ""
    year: int | None = None


class Option(UserFileModel):
    value: str = Field(min_length=1)
    label: str
    score: float = Field(ge=0, le=100)

    _coerce = field_validator("value", mode="before")(_as_choice_value)


class _Question(UserFileModel):
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


class LikertQuestion(_Question):
    kind: Literal["likert"]


class ChoiceQuestion(_Question):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)

    @cached_property
    def scores(self) -> dict[str, float]:
        return {o.value: o.score for o in self.options}


class YesNoQuestion(_Question):
    kind: Literal["yes_no"]


class NumberQuestion(_Question):
    kind: Literal["number"]
    min: float = Field(ge=-MAX_NUMBER, le=MAX_NUMBER)
    max: float = Field(ge=-MAX_NUMBER, le=MAX_NUMBER)
    unit: str = ""
    best: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)
    worst: float | None = Field(default=None, ge=-MAX_NUMBER, le=MAX_NUMBER)


Question = Annotated[
    LikertQuestion | ChoiceQuestion | YesNoQuestion | NumberQuestion, Field(discriminator="kind")
]
AnyQuestion = LikertQuestion | ChoiceQuestion | YesNoQuestion | NumberQuestion


class AnswerCondition(UserFileModel):
    question: str
    in_: list[Any] | None = Field(default=None, alias="in")
    below: float | None = None
    at_least: float | None = None
    side: str | None = None

    @field_validator("in_", mode="before")
    @classmethod
    def _values(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_as_choice_value(v) if isinstance(v, bool) else v for v in value]
        return value


class Condition(UserFileModel):
    alignment_below: float | None = None
    score_below: float | None = None
    gap_at_least: float | None = None
    answer: AnswerCondition | None = None
    contested: str | None = None
    any: list[Condition] | None = Field(default=None, min_length=1)


class Recommendation(UserFileModel):
    multiline_fields = frozenset({"why", "actions"})

    id: str = Field(min_length=1)
    dimension: str
    when: Condition
    title: str
    why: str = ""
    actions: list[str] = Field(min_length=1)
    source: str | None = None


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


class Questionnaire(UserFileModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False,
                              ignored_types=(cached_property,))
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

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return version_text(value)

    @field_validator("id")
    @classmethod
    def _plain_id(cls, value: str) -> str:
        if not QUESTIONNAIRE_ID.match(value):
            raise ValueError("a questionnaire id is lower-case letters, digits, '.', '_' and "
                             "'-', starting with a letter or digit, at most 64 characters")
        return value

    @field_validator("version")
    @classmethod
    def _plain_version(cls, value: str) -> str:
        if not VERSION.match(value):
            raise ValueError("a version is letters, digits, '.', '_', '+' and '-', at most 32 "
                             'characters, for example "1.0"')
        return value

    @field_validator("roles")
    @classmethod
    def _role_ids(cls, value: list[str]) -> list[str]:
        for role in value:
            if not ROLE_ID.match(role):
                raise ValueError(f"role {role!r}: a role id is lower-case letters, digits and "
                                 "'-', starting with a letter, at most 40 characters (it becomes "
                                 "part of response file names)")
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
        tables: dict[str, dict[Any, float] | None] = {}
        scale = self.scale
        span = scale.max - scale.min
        for qid, question in self.questions.items():
            if isinstance(question, LikertQuestion):
                table: dict[Any, float] = {
                    v: (v - scale.min) / span * 100 for v in range(scale.min, scale.max + 1)}
            elif isinstance(question, ChoiceQuestion):
                table = dict(question.scores)
            elif isinstance(question, YesNoQuestion):
                table = {"yes": 100.0, "no": 0.0}
            else:
                tables[qid] = None
                continue
            tables[qid] = {k: (100 - v if question.reverse else v) * 1.0 for k, v in table.items()}
        return tables

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

    def is_gap_expected(self, question: AnyQuestion) -> bool:
        return question.gap_expected or self.dimension_of[question.id].gap_expected

    @property
    def label(self) -> str:
        return f"{self.id} {self.version}"


def load_questionnaire(path: Path) -> Questionnaire:
    text = read_text(path, what="questionnaire")
    return parse_questionnaire(text, path=path)


def parse_questionnaire(text: str, *, path: Path | str | None) -> Questionnaire:
    raw = load_yaml(text, path=path, what="questionnaire")
    if not isinstance(raw, dict):
        raise InputError("expected a mapping with id, version, dimensions, ...", path=path,
                         where="1:1")
    try:
        questionnaire = Questionnaire.model_validate(raw)
    except ValidationError as exc:
        raise from_validation_error(exc, path=path, text=text, raw=raw,
                                    what="questionnaire") from None
    _cross_check(questionnaire, text=text, path=path)
    return questionnaire


def _cross_check(q: Questionnaire, *, text: str, path: Path | str | None) -> None:
    """The checks pydantic cannot make alone: references between parts of the file."""
    check = _CrossCheck(q, text, path)
    check.roles_and_scale()
    check.sources()
    check.dimensions()
    check.mirrors()
    check.recommendations()
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
                fail(f"scale.labels: {value} is outside the scale {q.scale.min}-{q.scale.max}",
                     "scale", "labels")

    def sources(self) -> None:
        for i, source in enumerate(self.q.sources):
            if source.id in self.seen_sources:
                self.fail(f"sources: duplicate source id {source.id!r}", "sources", i)
            self.seen_sources.add(source.id)

    def known_source(self, source: str | None, *loc: int | str) -> None:
        if source is not None and source not in self.seen_sources:
            known = ", ".join(sorted(self.seen_sources)) or "none declared under sources:"
            self.fail(f"unknown source {source!r}; expected one of: {known}", *loc)

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
            fail(f"question id {question.id!r}: YAML would read it as a number, yes/no, "
                 "a date or null in a response file; choose another id", *at, "id")
        self.seen_questions[question.id] = question
        self.known_source(question.source, *at, "source")
        for role in question.roles or []:
            if role not in self.q.roles:
                fail(f"question {question.id}: role {role!r} is not one of {self.q.roles}",
                     *at, "roles")
        if question.roles is not None and not question.roles:
            fail(f"question {question.id}: roles must name at least one role", *at, "roles")
        _check_kind(question, at, fail)

    def mirrors(self) -> None:
        q = self.q
        for di, dim in enumerate(q.dimensions):
            for qi, question in enumerate(dim.questions):
                if question.mirror is None:
                    continue
                at = ("dimensions", di, "questions", qi, "mirror")
                other = self.seen_questions.get(question.mirror)
                if other is None:
                    self.fail(f"question {question.id}: mirror {question.mirror!r} is not a "
                              "question in this questionnaire", *at)
                mine, theirs = set(q.roles_of(question)), set(q.roles_of(other))
                if len(mine) != 1 or len(theirs) != 1 or mine == theirs:
                    self.fail(f"question {question.id}: a mirrored pair must be asked of one "
                              f"role each (this one of {sorted(mine)}, {other.id} of "
                              f"{sorted(theirs)})", *at)

    def recommendations(self) -> None:
        seen_recs: set[str] = set()
        for ri, rec in enumerate(self.q.recommendations):
            at = ("recommendations", ri)
            if rec.id in seen_recs:
                self.fail(f"duplicate recommendation id {rec.id!r}", *at, "id")
            seen_recs.add(rec.id)
            if rec.dimension not in self.seen_dims:
                self.fail(f"recommendation {rec.id}: unknown dimension {rec.dimension!r}", *at,
                          "dimension")
            self.known_source(rec.source, *at, "source")
            _check_condition(rec.when, rec.id, self.seen_questions, self.q, self.fail,
                             (*at, "when"))

    def stages(self) -> None:
        previous = -1.0
        for si, stage in enumerate(self.q.stages):
            if si == 0 and stage.from_ != 0:
                self.fail("stages: the first stage must start from 0", "stages", 0)
            if stage.from_ <= previous:
                self.fail("stages: each stage must start above the one before", "stages", si)
            previous = stage.from_


def _check_kind(question: AnyQuestion, at: tuple[str | int, ...],
                fail: Callable[..., NoReturn]) -> None:
    """What each kind of question requires of its own fields."""
    if question.fact and isinstance(question, LikertQuestion):
        fail(f"question {question.id}: a likert item cannot be a fact; use choice, "
             "yes_no or number", *at, "fact")
    if isinstance(question, ChoiceQuestion):
        values = [o.value for o in question.options]
        if len(set(values)) != len(values):
            fail(f"question {question.id}: option values must be unique", *at, "options")
    if isinstance(question, NumberQuestion):
        if question.min >= question.max:
            fail(f"question {question.id}: min must be below max", *at, "min")
        for key in ("best", "worst"):
            value = getattr(question, key)
            if value is not None and not question.min <= value <= question.max:
                fail(f"question {question.id}: {key} must lie between min and max", *at, key)
        if (question.best is not None and question.worst is not None
                and question.best == question.worst):
            fail(f"question {question.id}: best and worst must differ", *at, "best")


def _check_condition(  # noqa: C901 - one branch per question kind
        cond: Condition, rec_id: str, questions: dict[str, AnyQuestion], q: Questionnaire,
        fail: Callable[..., NoReturn], at: tuple[int | str, ...]) -> None:
    if cond.contested is not None:
        target = questions.get(cond.contested)
        if target is None or not target.fact:
            fail(f"recommendation {rec_id}: contested {cond.contested!r} must name a fact item",
                 *at, "contested")
    if cond.answer is not None:
        answer = cond.answer
        target = questions.get(answer.question)
        if target is None:
            fail(f"recommendation {rec_id}: unknown question {answer.question!r}", *at, "answer")
        if answer.side is not None and answer.side not in q.roles:
            fail(f"recommendation {rec_id}: side {answer.side!r} is not one of {q.roles}",
                 *at, "answer", "side")
        if answer.in_ is None and answer.below is None and answer.at_least is None:
            fail(f"recommendation {rec_id}: answer needs in, below or at_least", *at, "answer")
        if answer.in_ is not None:
            allowed: set[Any] | None = None
            if isinstance(target, LikertQuestion):
                allowed = set(range(q.scale.min, q.scale.max + 1))
            elif isinstance(target, ChoiceQuestion):
                allowed = set(target.scores)
            elif isinstance(target, YesNoQuestion):
                allowed = {"yes", "no"}
            if allowed is not None:
                for value in answer.in_:
                    if value not in allowed:
                        fail(f"recommendation {rec_id}: {value!r} is not an answer of "
                             f"{answer.question} (expected one of {sorted(allowed)})",
                             *at, "answer", "in")
    if not any(getattr(cond, key) is not None for key in Condition.model_fields):
        fail(f"recommendation {rec_id}: when needs at least one condition", *at)
    for i, inner in enumerate(cond.any or []):
        _check_condition(inner, rec_id, questions, q, fail, (*at, "any", i))


# --- the built-in questionnaires -----------------------------------------------------------------

def builtin_paths() -> dict[str, Path]:
    """Built-in questionnaires by id; the file name is the id."""
    folder = data_dir("questionnaires")
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def resolve_questionnaire(ref: str | Path, *, relative_to: Path | None = None) -> Questionnaire:
    """A built-in id, or a path to a questionnaire file."""
    text_ref = str(ref)
    builtin = builtin_paths()
    if text_ref in builtin:
        return load_questionnaire(builtin[text_ref])
    path = Path(text_ref)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_questionnaire(path)
    known = ", ".join(builtin) or "none"
    raise InputError(f"unknown questionnaire {text_ref!r}: not a file, and not a built-in id "
                     f"(built-in: {known})")
