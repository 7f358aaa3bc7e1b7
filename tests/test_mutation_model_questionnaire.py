"""The questionnaire file's cross-checks and lookups (model/questionnaire.py, from the conditions
on): every reference between the file's parts refused at its own place with its own message,
each boundary on both sides, the questionnaire's lookups, citations, and how built-in files and
their versions are found."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from alignment_cli.errors import InputError
from alignment_cli.io.yamlio import locate
from alignment_cli.model import questionnaire as qmod
from alignment_cli.model.questionnaire import (
    Questionnaire,
    builtin_path,
    builtin_paths,
    builtin_versions,
    citation_kind,
    citation_problems,
    load_questionnaire,
    parse_questionnaire,
    resolve_questionnaire,
    version_key,
)

Doc = dict[str, Any]


def base() -> Doc:
    """A small valid questionnaire; each case below breaks one thing in a copy of it. Every
    mapping puts a key before the one a message points at, so a wrong place shows."""
    return {
        "id": "probe",
        "version": "1.0",
        "title": "Probe",
        "roles": ["sales", "marketing"],
        "scale": {"min": 1, "max": 5, "labels": {1: "Low", 5: "High"}},
        "sources": [
            {"title": "An article", "id": "art", "author": "A. Writer", "year": 2020, "kind": "article"},
            {"title": "Research", "id": "res", "author": "B. Reader", "year": "n.d.", "kind": "research"},
        ],
        "dimensions": [
            {
                "title": "Goals",
                "id": "goals",
                "source": "art",
                "questions": [
                    {"kind": "likert", "id": "g-agree", "text": "We agree.", "source": "art"},
                    {
                        "kind": "yes_no",
                        "id": "g-doc",
                        "text": "A plan exists.",
                        "fact": True,
                        "source": "art",
                    },
                    {"kind": "likert", "id": "g-mine", "text": "Ours.", "roles": ["sales"], "source": "art"},
                    {
                        "kind": "likert",
                        "id": "g-theirs",
                        "text": "Theirs.",
                        "roles": ["marketing"],
                        "source": "art",
                        "mirror": "g-mine",
                    },
                ],
            },
            {
                "title": "Leads",
                "id": "leads",
                "source": "res",
                "questions": [
                    {
                        "kind": "choice",
                        "id": "l-often",
                        "text": "How often?",
                        "fact": True,
                        "source": "res",
                        "options": [
                            {"value": "weekly", "label": "Weekly", "score": 100},
                            {"value": "never", "label": "Never", "score": 0},
                        ],
                    },
                    {
                        "kind": "number",
                        "id": "l-hours",
                        "text": "Hours?",
                        "source": "res",
                        "min": 0,
                        "max": 100,
                        "unit": "hours",
                        "best": 0,
                        "worst": 100,
                    },
                ],
            },
        ],
        "recommendations": [
            {
                "title": "Agree",
                "id": "r-agree",
                "dimension": "goals",
                "source": "art",
                "when": {"score_below": 90, "answer": {"question": "g-agree", "below": 3}},
                "actions": ["Meet."],
            },
            {
                "title": "Write it",
                "id": "r-doc",
                "dimension": "goals",
                "source": "art",
                "when": {"score_below": 90, "agreed": {"question": "g-doc", "in": ["no"]}},
                "actions": ["Write."],
            },
        ],
        "stages": [{"summary": "", "name": "Low", "from": 0}, {"summary": "", "name": "High", "from": 50}],
    }


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a questionnaire file may not use aliases


def text_of(doc: Doc) -> str:
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def parsed(doc: Doc) -> Questionnaire:
    return parse_questionnaire(text_of(doc), path="q.yaml")


def changed(edit: Callable[[Doc], object]) -> Doc:
    doc = copy.deepcopy(base())
    edit(doc)
    return doc


def question(doc: Doc, di: int, qi: int) -> Doc:
    found: Doc = doc["dimensions"][di]["questions"][qi]
    return found


def recommendation(doc: Doc, ri: int) -> Doc:
    found: Doc = doc["recommendations"][ri]
    return found


def test_the_base_questionnaire_is_valid() -> None:
    q = parsed(base())
    assert q.label == "probe 1.0"
    assert list(q.questions) == ["g-agree", "g-doc", "g-mine", "g-theirs", "l-often", "l-hours"]


def refused_at(doc: Doc, loc: tuple[int | str, ...]) -> tuple[str, str]:
    """The message and the place the refusal names, and the place `loc` names in the text; the
    place must differ from its parent's, or the case could not tell a wrong place."""
    text = text_of(doc)
    with pytest.raises(InputError) as caught:
        parse_questionnaire(text, path="q.yaml")
    where = locate(text, loc)
    assert where is not None
    assert where != locate(text, loc[:-1]), f"the case cannot tell {loc} from its parent"
    error = caught.value
    assert error.path == "q.yaml"
    assert str(error) == f"q.yaml:{error.where}: {error.detail}"
    return f"{error.where}: {error.detail}", f"{where}: "


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = copy.deepcopy(value)

    return edit


def _append(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        node: Any = doc
        for key in path:
            node = node[key]
        node.append(copy.deepcopy(value))

    return edit


def _both(*edits: Callable[[Doc], None]) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        for one in edits:
            one(doc)

    return edit


Q0 = ("dimensions", 0, "questions")
R0 = ("recommendations", 0)
SOURCES_NAMED = "expected one of: art, res (or 'practice' for sound practice with no published source)"
NEW_REC = {
    "title": "Another",
    "id": "r-new",
    "dimension": "goals",
    "source": "art",
    "when": {"score_below": 90},
    "actions": ["Do."],
}
PRACTICE = {
    "title": "A plan",
    "id": "plan",
    "exists": {"question": "g-doc", "in": ["yes"]},
    "outcomes": ["g-agree"],
}

CROSS_CHECKS = [
    # roles and scale
    (
        "two roles the same",
        _set(("roles",), ["sales", "sales"]),
        ("roles",),
        "roles: expected two different roles, for example [sales, marketing]",
    ),
    ("scale min at max", _set(("scale", "min"), 5), ("scale",), "scale: min must be below max"),
    ("scale min above max", _set(("scale", "min"), 6), ("scale",), "scale: min must be below max"),
    (
        "scale 102 points",
        _both(_set(("scale", "min"), 0), _set(("scale", "max"), 101), _set(("scale", "labels"), {})),
        ("scale",),
        "scale: at most 101 points (from min to max)",
    ),
    (
        "label under the scale",
        _set(("scale", "labels"), {0: "Nothing", 5: "High"}),
        ("scale", "labels"),
        "scale.labels: 0 is outside the scale 1-5",
    ),
    (
        "label over the scale",
        _set(("scale", "labels"), {1: "Low", 6: "Beyond"}),
        ("scale", "labels"),
        "scale.labels: 6 is outside the scale 1-5",
    ),
    # sources
    (
        "a source twice",
        _set(("sources", 1, "id"), "art"),
        ("sources", 1),
        "sources: duplicate source id 'art'",
    ),
    (
        "a dimension's unknown source",
        _set(("dimensions", 1, "source"), "zz"),
        ("dimensions", 1, "source"),
        f"unknown source 'zz'; {SOURCES_NAMED}",
    ),
    (
        "an item's unknown source",
        _set((*Q0, 1, "source"), "Art"),
        (*Q0, 1, "source"),
        f"unknown source 'Art'; {SOURCES_NAMED}",
    ),
    (
        "a recommendation's unknown source",
        _set((*R0, "source"), "zz"),
        (*R0, "source"),
        f"unknown source 'zz'; {SOURCES_NAMED}",
    ),
    (
        "no sources declared",
        _set(("sources",), []),
        ("dimensions", 0, "source"),
        "unknown source 'art'; expected one of: none declared under sources: (or 'practice' for "
        "sound practice with no published source)",
    ),
    # dimensions and items
    (
        "a dimension twice",
        _set(("dimensions", 1, "id"), "goals"),
        ("dimensions", 1, "id"),
        "duplicate dimension id 'goals'",
    ),
    (
        "an item twice, across dimensions",
        _set(("dimensions", 1, "questions", 1, "id"), "g-agree"),
        ("dimensions", 1, "questions", 1, "id"),
        "duplicate question id 'g-agree'",
    ),
    (
        "an id YAML reads as yes",
        _set((*Q0, 1, "id"), "yes"),
        (*Q0, 1, "id"),
        "question id 'yes': YAML would read it as a number, yes/no, a date or null in a response "
        "file; choose another id",
    ),
    (
        "an id YAML reads as a number",
        _set((*Q0, 1, "id"), "1.5"),
        (*Q0, 1, "id"),
        "question id '1.5': YAML would read it as a number, yes/no, a date or null in a response "
        "file; choose another id",
    ),
    (
        "an unknown role",
        _set((*Q0, 1, "roles"), ["sales", "ops"]),
        (*Q0, 1, "roles"),
        "question g-doc: role 'ops' is not one of ['sales', 'marketing']",
    ),
    (
        "no role",
        _set((*Q0, 1, "roles"), []),
        (*Q0, 1, "roles"),
        "question g-doc: roles must name at least one role",
    ),
    (
        "a kind's own problem",
        _set(("dimensions", 1, "questions", 1, "min"), 100),
        ("dimensions", 1, "questions", 1, "min"),
        "question l-hours: min must be below max",
    ),
    # pairs
    (
        "a mirror of nothing",
        _set((*Q0, 3, "mirror"), "g-none"),
        (*Q0, 3, "mirror"),
        "question g-theirs: mirror 'g-none' is not a question in this questionnaire",
    ),
    (
        "a mirror of an item both sides answer",
        _set((*Q0, 3, "mirror"), "g-agree"),
        (*Q0, 3, "mirror"),
        "question g-theirs: a mirrored pair must be asked of one role each (this one of "
        "['marketing'], g-agree of ['marketing', 'sales'])",
    ),
    (
        "a mirror asked of the same side",
        _set((*Q0, 3, "roles"), ["sales"]),
        (*Q0, 3, "mirror"),
        "question g-theirs: a mirrored pair must be asked of one role each (this one of "
        "['sales'], g-mine of ['sales'])",
    ),
    (
        "a mirror asked of both sides",
        _set((*Q0, 3, "roles"), ["sales", "marketing"]),
        (*Q0, 3, "mirror"),
        "question g-theirs: a mirrored pair must be asked of one role each (this one of "
        "['marketing', 'sales'], g-mine of ['sales'])",
    ),
    (
        "a self-rating of nothing",
        _both(_set((*Q0, 3, "mirror"), None), _set((*Q0, 3, "self_of"), "g-none")),
        (*Q0, 3, "self_of"),
        "question g-theirs: self_of 'g-none' is not a question in this questionnaire",
    ),
    (
        "a self-rating of its own side",
        _both(
            _set((*Q0, 3, "mirror"), None),
            _set((*Q0, 3, "self_of"), "g-mine"),
            _set((*Q0, 3, "roles"), ["sales"]),
        ),
        (*Q0, 3, "self_of"),
        "question g-theirs: a self-rating is asked of one role, and self_of names the item asked "
        "of the other role about it (this one of ['sales'], g-mine of ['sales'])",
    ),
    # coverage
    (
        "coverage of an unknown item",
        _set(("coverage",), [{"group": "HBR", "themes": [{"theme": "Goals", "items": ["g-agree", "g-zz"]}]}]),
        ("coverage", 0, "themes", 0, "items", 1),
        "coverage: theme 'Goals' names 'g-zz', which is not a question in this questionnaire",
    ),
    # recommendations
    (
        "a recommendation twice",
        _set(("recommendations", 1, "id"), "r-agree"),
        ("recommendations", 1, "id"),
        "duplicate recommendation id 'r-agree'",
    ),
    (
        "a recommendation's unknown dimension",
        _set(("recommendations", 1, "dimension"), "zz"),
        ("recommendations", 1, "dimension"),
        "recommendation r-doc: unknown dimension 'zz'",
    ),
    # practices
    (
        "a practice twice",
        _set(("practices",), [PRACTICE, {**PRACTICE, "title": "Again"}]),
        ("practices", 1, "id"),
        "duplicate practice id 'plan'",
    ),
    (
        "a practice whose fact is an opinion",
        _set(("practices",), [{**PRACTICE, "exists": {"question": "g-agree", "in": [4]}}]),
        ("practices", 0, "exists"),
        "practice plan: exists must name a fact item",
    ),
    (
        "a practice whose fact does not exist",
        _set(("practices",), [{**PRACTICE, "exists": {"question": "g-zz", "in": ["yes"]}}]),
        ("practices", 0, "exists"),
        "practice plan: exists must name a fact item",
    ),
    (
        "a practice's unknown outcome",
        _set(("practices",), [{**PRACTICE, "outcomes": ["g-agree", "g-zz"]}]),
        ("practices", 0, "outcomes", 1),
        "practice plan: unknown question 'g-zz'",
    ),
    (
        "a recommendation's unknown practice",
        _both(
            _set(("practices",), [PRACTICE]),
            _set(("recommendations", 1, "practice"), "other"),
            _set(("recommendations", 1, "state"), "missing"),
        ),
        ("recommendations", 1, "practice"),
        "recommendation r-doc: unknown practice 'other'",
    ),
    (
        "a practice without its state",
        _both(
            _set(("practices",), [PRACTICE]),
            _set(("recommendations", 1, "practice"), "plan"),
            _set(("recommendations", 1, "state"), None),
        ),
        ("recommendations", 1, "state"),
        "recommendation r-doc: practice and state go together",
    ),
    (
        "a state without its practice",
        _set(("recommendations", 1, "state"), "missing"),
        ("recommendations", 1, "state"),
        "recommendation r-doc: practice and state go together",
    ),
    (
        "superseding an unknown recommendation",
        _set(("recommendations", 1, "supersedes"), ["r-agree", "r-zz"]),
        ("recommendations", 1, "supersedes", 1),
        "recommendation r-doc: supersedes unknown recommendation 'r-zz'",
    ),
    (
        "superseding itself",
        _set(("recommendations", 1, "supersedes"), ["r-doc"]),
        ("recommendations", 1, "supersedes", 0),
        "recommendation r-doc: supersedes unknown recommendation 'r-doc'",
    ),
    # acute rules and causes
    (
        "an acute rule twice",
        _set(
            ("acute",),
            [
                {"title": "A", "id": "a1", "dimension": "goals", "when": {"score_below": 10}},
                {"title": "B", "id": "a1", "dimension": "goals", "when": {"score_below": 10}},
            ],
        ),
        ("acute", 1, "id"),
        "duplicate acute id 'a1'",
    ),
    (
        "an acute rule's unknown dimension",
        _set(("acute",), [{"title": "A", "id": "a1", "dimension": "zz", "when": {"score_below": 10}}]),
        ("acute", 0, "dimension"),
        "acute a1: unknown dimension 'zz'",
    ),
    (
        "an acute rule's condition",
        _set(
            ("acute",),
            [
                {
                    "title": "A",
                    "id": "a1",
                    "dimension": "goals",
                    "when": {"answer": {"question": "g-zz", "below": 2}},
                }
            ],
        ),
        ("acute", 0, "when", "answer"),
        "recommendation a1: unknown question 'g-zz'",
    ),
    (
        "a cause that is not a recommendation",
        _set(("causes",), [{"drives": ["r-doc"], "cause": "r-zz"}]),
        ("causes", 0, "cause"),
        "causes: unknown recommendation 'r-zz'",
    ),
    (
        "a symptom that is not a recommendation",
        _set(("causes",), [{"cause": "r-agree", "drives": ["r-doc", "r-zz"]}]),
        ("causes", 0, "drives"),
        "causes: unknown recommendation 'r-zz'",
    ),
    # rules and stages
    (
        "more priorities than actions",
        _set(("rules",), {"priorities": 4, "max_actions": 3}),
        ("rules", "max_actions"),
        "rules: the action plan (max_actions) must hold at least one step per priority",
    ),
    (
        "a first stage above 0",
        _set(("stages", 0, "from"), 1),
        ("stages", 0),
        "stages: the first stage must start from 0",
    ),
    (
        "a stage level with the one before",
        _set(("stages", 1, "from"), 0),
        ("stages", 1),
        "stages: each stage must start above the one before",
    ),
    (
        "a stage below the one before",
        _append(("stages",), {"summary": "", "name": "Mid", "from": 40}),
        ("stages", 2),
        "stages: each stage must start above the one before",
    ),
]


@pytest.mark.parametrize(
    ("edit", "loc", "message"), [case[1:] for case in CROSS_CHECKS], ids=[case[0] for case in CROSS_CHECKS]
)
def test_a_broken_reference_is_refused_at_its_place(
    edit: Callable[[Doc], None], loc: tuple[int | str, ...], message: str
) -> None:
    said, place = refused_at(changed(edit), loc)
    assert said == place + message


CONDITIONS = [
    (
        "an unknown question",
        {"answer": {"question": "g-zz", "below": 3}},
        ("answer",),
        "recommendation r-agree: unknown question 'g-zz'",
    ),
    (
        "agreed names nothing",
        {"agreed": {"question": "g-zz", "in": ["yes"]}},
        ("agreed",),
        "recommendation r-agree: unknown question 'g-zz'",
    ),
    (
        "an answer no item has",
        {"agreed": {"question": "g-doc", "in": ["yes", "maybe"]}},
        ("agreed", "in"),
        "recommendation r-agree: 'maybe' is not an answer of g-doc (expected one of ['no', 'yes'])",
    ),
    (
        "an answer condition's unknown answer",
        {"answer": {"question": "l-often", "in": ["daily"]}},
        ("answer", "in"),
        "recommendation r-agree: 'daily' is not an answer of l-often (expected one of ['never', 'weekly'])",
    ),
    (
        "a statement's answer off the scale",
        {"answer": {"question": "g-agree", "in": [6]}},
        ("answer", "in"),
        "recommendation r-agree: 6 is not an answer of g-agree (expected one of [1, 2, 3, 4, 5])",
    ),
    ("no condition", {}, (), "recommendation r-agree: when needs at least one condition"),
    (
        "an unknown side",
        {"answer": {"question": "g-agree", "below": 3, "side": "ops"}},
        ("answer", "side"),
        "recommendation r-agree: side 'ops' is not one of "
        "['sales', 'marketing', 'either', 'both', 'typical']",
    ),
    (
        "an answer with nothing to compare",
        {"answer": {"question": "g-agree"}},
        ("answer",),
        "recommendation r-agree: answer needs in, below or at_least",
    ),
    (
        "contested names an opinion",
        {"contested": "g-agree"},
        ("contested",),
        "recommendation r-agree: contested 'g-agree' must name a fact item",
    ),
    (
        "contested names nothing",
        {"contested": "g-zz"},
        ("contested",),
        "recommendation r-agree: unknown question 'g-zz'",
    ),
    (
        "low view of an unpaired item",
        {"low_view": "g-agree"},
        ("low_view",),
        "recommendation r-agree: low_view 'g-agree' must name one item of a mirrored pair",
    ),
    (
        "low view of nothing",
        {"low_view": "g-zz"},
        ("low_view",),
        "recommendation r-agree: unknown question 'g-zz'",
    ),
    (
        "inside any",
        {"any": [{"score_below": 50}, {"team_gap": None, "answer": {"question": "g-zz", "below": 2}}]},
        ("any", 1, "answer"),
        "recommendation r-agree: unknown question 'g-zz'",
    ),
    (
        "inside all",
        {"all": [{"score_below": 50}, {"team_gap": None, "contested": "g-agree"}]},
        ("all", 1, "contested"),
        "recommendation r-agree: contested 'g-agree' must name a fact item",
    ),
    (
        "empty inside all",
        {"all": [{"score_below": 50}, {}]},
        ("all", 1),
        "recommendation r-agree: when needs at least one condition",
    ),
]


@pytest.mark.parametrize(
    ("when", "loc", "message"), [case[1:] for case in CONDITIONS], ids=[case[0] for case in CONDITIONS]
)
def test_a_condition_names_what_exists(when: Doc, loc: tuple[int | str, ...], message: str) -> None:
    said, place = refused_at(changed(_set((*R0, "when"), when)), (*R0, "when", *loc))
    assert said == place + message


ACCEPTED = [
    ("scale of 101 points", _both(_set(("scale", "min"), 0), _set(("scale", "max"), 100))),
    (
        "a scale high up",
        _both(
            _set(("scale", "min"), 950), _set(("scale", "max"), 960), _set(("scale", "labels"), {950: "Low"})
        ),
    ),
    (
        "a scale across zero",
        _both(_set(("scale", "min"), -60), _set(("scale", "max"), 40), _set(("scale", "labels"), {})),
    ),
    (
        "scale min just under max",
        _both(_set(("scale", "min"), 4), _set(("scale", "labels"), {4: "Some", 5: "High"})),
    ),
    ("labels at both ends", _set(("scale", "labels"), {1: "Low", 3: "Mid", 5: "High"})),
    ("source practice", _set((*Q0, 1, "source"), "practice")),
    ("no source at all", _set((*Q0, 1, "source"), None)),
    ("an id YAML keeps as text", _set(("dimensions", 1, "questions", 1, "id"), "yes-no")),
    (
        "a self-rating of the other side",
        _both(_set((*Q0, 3, "mirror"), None), _set((*Q0, 3, "self_of"), "g-mine")),
    ),
    ("as many priorities as actions", _set(("rules",), {"priorities": 3, "max_actions": 3})),
    ("one stage", _set(("stages",), [{"name": "Only", "from": 0}])),
    ("a stage just above", _set(("stages", 1, "from"), 0.5)),
    ("low view of the mirroring item", _set((*R0, "when"), {"low_view": "g-theirs"})),
    ("low view of the mirrored item", _set((*R0, "when"), {"low_view": "g-mine"})),
    ("an answer with at_least only", _set((*R0, "when"), {"answer": {"question": "g-agree", "at_least": 4}})),
    ("an answer with in only", _set((*R0, "when"), {"answer": {"question": "g-agree", "in": [1, 5]}})),
    (
        "any number for a number item",
        _set((*R0, "when"), {"answer": {"question": "l-hours", "in": [7, 1e6]}}),
    ),
    (
        "a role as the side",
        _set((*R0, "when"), {"answer": {"question": "g-agree", "below": 2, "side": "marketing"}}),
    ),
    ("either side", _set((*R0, "when"), {"answer": {"question": "g-agree", "below": 2, "side": "either"}})),
    ("both sides", _set((*R0, "when"), {"answer": {"question": "g-agree", "below": 2, "side": "both"}})),
    (
        "the typical side",
        _set((*R0, "when"), {"answer": {"question": "g-agree", "below": 2, "side": "typical"}}),
    ),
    ("a fact contested", _set((*R0, "when"), {"contested": "l-often"})),
    ("only a team gap", _set((*R0, "when"), {"team_gap": False})),
    ("only alignment", _set((*R0, "when"), {"alignment_below": 0})),
    ("only a gap", _set((*R0, "when"), {"gap_at_least": 0})),
    ("any of two", _set((*R0, "when"), {"any": [{"score_below": 1}, {"contested": "g-doc"}]})),
    (
        "a practice and its state",
        _both(
            _set(("practices",), [PRACTICE]),
            _set(("recommendations", 1, "practice"), "plan"),
            _set(("recommendations", 1, "state"), "disputed"),
            _set(("recommendations", 1, "supersedes"), ["r-agree"]),
        ),
    ),
    ("a cause and its symptom", _set(("causes",), [{"cause": "r-agree", "drives": ["r-doc"]}])),
    (
        "an acute rule",
        _set(
            ("acute",), [{"title": "A", "id": "a1", "dimension": "leads", "when": {"contested": "l-often"}}]
        ),
    ),
    ("a new recommendation", _append(("recommendations",), NEW_REC)),
]


@pytest.mark.parametrize("edit", [case[1] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_what_is_allowed_at_the_edge_is_accepted(edit: Callable[[Doc], None]) -> None:
    assert parsed(changed(edit)).id == "probe"


def test_a_refusal_without_a_path_names_the_place_alone() -> None:
    text = text_of(changed(_set(("roles",), ["sales", "sales"])))
    with pytest.raises(InputError) as caught:
        parse_questionnaire(text, path=None)
    assert (
        str(caught.value)
        == f"{locate(text, ('roles',))}: roles: expected two different roles, for example [sales, marketing]"
    )


def test_a_document_that_is_not_a_mapping() -> None:
    with pytest.raises(InputError) as caught:
        parse_questionnaire("- one\n- two\n", path="q.yaml")
    assert str(caught.value) == "q.yaml:1:1: expected a mapping with id, version, dimensions, ..."


def test_a_file_is_read_and_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text_of(changed(_set(("stages", 0, "from"), 5))), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    assert str(caught.value).startswith(f"{path}:") and str(caught.value).endswith(
        ": stages: the first stage must start from 0"
    )
    path.write_text(text_of(base()), encoding="utf-8")
    assert load_questionnaire(path).title == "Probe"


# --- the questionnaire's lookups ---------------------------------------------------------------


def sized(sales_only: int, marketing_only: int, both: int = 0, **extra: Any) -> Questionnaire:
    """A questionnaire with this many statements asked of each side alone and of both."""
    items = [{"kind": "likert", "id": f"s{i}", "text": "S.", "roles": ["sales"]} for i in range(sales_only)]
    items += [
        {"kind": "likert", "id": f"m{i}", "text": "M.", "roles": ["marketing"]} for i in range(marketing_only)
    ]
    items += [{"kind": "likert", "id": f"b{i}", "text": "B."} for i in range(both)]
    doc = {
        "id": "sized",
        "version": "1",
        "title": "Sized",
        "roles": ["sales", "marketing"],
        "dimensions": [{"id": "d", "title": "D", "questions": items}],
        "stages": [{"name": "All", "from": 0}],
        **extra,
    }
    return parse_questionnaire(text_of(doc), path=None)


@pytest.mark.parametrize(
    ("sales_only", "marketing_only", "both", "sales", "marketing", "longest"),
    [
        # 15 seconds an item, rounded up to whole minutes, at least one
        (1, 0, 0, 1, 1, 1),
        (4, 0, 0, 1, 1, 1),
        (5, 0, 0, 2, 1, 2),
        (0, 5, 0, 1, 2, 2),
        (8, 0, 0, 2, 1, 2),
        (9, 0, 0, 3, 1, 3),
        (3, 6, 3, 2, 3, 3),
        (6, 3, 3, 3, 2, 3),
        (60, 0, 0, 15, 1, 15),
        (61, 0, 0, 16, 1, 16),  # 915 seconds: a 16th minute begun
    ],
)
def test_minutes_at_a_pace_of_fifteen_seconds(
    sales_only: int, marketing_only: int, both: int, sales: int, marketing: int, longest: int
) -> None:
    q = sized(sales_only, marketing_only, both)
    assert q.question_count("sales") == sales_only + both
    assert q.question_count("marketing") == marketing_only + both
    assert (q.minutes_for("sales"), q.minutes_for("marketing"), q.minutes_for()) == (
        sales,
        marketing,
        longest,
    )


def test_minutes_as_the_file_states_them() -> None:
    q = sized(9, 0, estimated_minutes=12)
    assert (q.minutes_for(), q.minutes_for("sales"), q.minutes_for("marketing")) == (12, 12, 12)


def test_who_is_asked_what() -> None:
    q = parsed(base())
    assert [question.id for _, question in q.questions_for("sales")] == [
        "g-agree",
        "g-doc",
        "g-mine",
        "l-often",
        "l-hours",
    ]
    assert [d.id for d, _ in q.questions_for("marketing")] == ["goals", "goals", "goals", "leads", "leads"]
    assert q.asked_of["g-mine"] == frozenset({"sales"}) and q.asked_of["g-agree"] == frozenset(
        {"sales", "marketing"}
    )
    assert q.roles_of(q.questions["g-theirs"]) == ["marketing"] and q.roles_of(q.questions["g-doc"]) == [
        "sales",
        "marketing",
    ]
    by_role = q.score_tables_by_role
    assert list(by_role) == ["sales", "marketing"]
    assert list(by_role["sales"]) == ["g-agree", "g-doc", "g-mine", "l-often", "l-hours"]
    assert list(by_role["marketing"]) == ["g-agree", "g-doc", "g-theirs", "l-often", "l-hours"]
    assert by_role["sales"]["g-doc"] == {"yes": 100.0, "no": 0.0}
    assert by_role["sales"]["l-hours"] is None
    assert by_role["marketing"]["g-theirs"] == {1: 0.0, 2: 25.0, 3: 50.0, 4: 75.0, 5: 100.0}


def test_scores_and_labels_through_the_questionnaire() -> None:
    q = parsed(base())
    assert (q.item_score("g-agree", 4), q.item_score("l-often", "never"), q.item_score("g-doc", None)) == (
        75.0,
        0.0,
        None,
    )
    assert (
        q.answer_label("g-agree", 5),
        q.answer_label("l-often", "weekly"),
        q.answer_label("g-doc", "no"),
    ) == (
        "5 (High)",
        "Weekly",
        "No",
    )
    assert q.dimension_of["l-hours"].id == "leads" and list(q.dimensions_by_id) == ["goals", "leads"]
    assert list(q.sources_by_id) == ["art", "res"]


@pytest.mark.parametrize(
    ("item", "dimension", "expected"),
    [
        ({}, {}, False),
        ({"gap_expected": True}, {}, True),
        ({"context": True}, {}, True),
        ({}, {"gap_expected": True}, True),
        ({"gap_expected": True, "context": True}, {"gap_expected": True}, True),
    ],
)
def test_what_is_shown_but_not_scored(item: Doc, dimension: Doc, expected: bool) -> None:
    def edit(doc: Doc) -> None:
        question(doc, 0, 0).update(item)
        doc["dimensions"][0].update(dimension)

    q = parsed(changed(edit))
    assert q.is_gap_expected(q.questions["g-agree"]) is expected
    assert q.is_gap_expected(q.questions["l-often"]) is False


def test_practices_and_recommendations_by_id() -> None:
    q = parsed(changed(_set(("practices",), [PRACTICE])))
    assert list(q.practices_by_id) == ["plan"] and q.practices_by_id["plan"].outcomes == ["g-agree"]
    assert list(q.recommendations_by_id) == ["r-agree", "r-doc"]
    assert q.recommendations_by_id["r-doc"].title == "Write it"


# --- citations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ({"title": ""}, "source 'art' has no title"),
        ({"author": ""}, "source 'art' has no authors"),
        ({"year": None}, "source 'art' has no year"),
        ({"kind": None}, "source 'art' has no kind"),
        ({"title": "", "year": None, "kind": None}, "source 'art' has no title, year, kind"),
        ({"author": "", "kind": None}, "source 'art' has no authors, kind"),
    ],
)
def test_an_incomplete_source_is_named(source: Doc, problem: str) -> None:
    q = parsed(changed(lambda doc: doc["sources"][0].update(source)))
    assert citation_problems(q) == [problem]


def test_a_year_of_0_and_an_undated_work_are_complete() -> None:
    q = parsed(changed(lambda doc: doc["sources"][0].update({"year": 0})))
    assert citation_problems(q) == []


def test_items_and_recommendations_without_a_source() -> None:
    def edit(doc: Doc) -> None:
        question(doc, 0, 1)["source"] = None
        question(doc, 1, 1)["source"] = None
        recommendation(doc, 1)["source"] = None

    assert citation_problems(parsed(changed(edit))) == [
        "item g-doc names no source (or source: practice)",
        "item l-hours names no source (or source: practice)",
        "recommendation r-doc names no source (or source: practice)",
    ]


def test_practice_counts_as_a_source() -> None:
    def edit(doc: Doc) -> None:
        question(doc, 0, 1)["source"] = "practice"
        recommendation(doc, 1)["source"] = "practice"

    assert citation_problems(parsed(changed(edit))) == []


@pytest.mark.parametrize(
    ("kind", "source", "expected"),
    [
        ("article", "art", "an article's idea"),
        ("hbr-instrument", "art", "an HBR instrument theme"),
        ("research", "art", "published research"),
        (None, "art", "a source"),
        ("article", "zz", "a source"),
        ("article", "practice", "practice"),
        ("article", None, "no source"),
        ("article", "", "no source"),
    ],
)
def test_what_a_citation_is(kind: str | None, source: str | None, expected: str) -> None:
    q = parsed(changed(lambda doc: doc["sources"][0].update({"kind": kind})))
    assert citation_kind(q, source) == expected


# --- versions and the built-in questionnaires --------------------------------------------------


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.9", "1.10"),
        ("1.10", "2.0"),
        ("2", "2.0"),
        ("2.0", "2.1"),
        ("2.1-a", "2.1-b"),
        ("2.1-9", "2.1-10"),
        ("2.1-10", "2.1-rc"),  # a number before a word
        ("1.2.3", "1.2.10"),
    ],
)
def test_versions_in_the_order_people_read_them(older: str, newer: str) -> None:
    assert version_key(older) < version_key(newer)
    assert sorted([newer, older], key=version_key) == [older, newer]


def test_a_version_key_by_its_parts() -> None:
    assert version_key("1.10-rc") == ((0, 1), (0, 10), (1, "rc"))
    assert version_key("2") == ((0, 2),)


def small(qid: str, version: str, title: str) -> str:
    doc = {
        "id": qid,
        "version": version,
        "title": title,
        "roles": ["sales", "marketing"],
        "dimensions": [{"id": "d", "title": "D", "questions": [{"kind": "likert", "id": "q", "text": "Q."}]}],
        "stages": [{"name": "All", "from": 0}],
    }
    return yaml.safe_dump(doc, sort_keys=False)


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of built-in questionnaires: file names that say nothing, versions out of order."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "a.yaml").write_text(small("zeta", "1.10", "Zeta ten"), encoding="utf-8")
    (folder / "b.yaml").write_text(small("zeta", "1.9", "Zeta nine"), encoding="utf-8")
    (folder / "c.yaml").write_text(small("alpha", "2.0", "Alpha"), encoding="utf-8")
    (folder / "d.yaml").write_text(
        small("zeta", "1.2", "Zeta two").replace("version: '1.2'", 'version: "1.2"  # two'), encoding="utf-8"
    )
    (folder / "notes.txt").write_text(small("other", "1", "Not a questionnaire file"), encoding="utf-8")
    # files whose head names no id or no version are passed over, and the files after them read
    (folder / "0-draft.yaml").write_text("title: A draft\n", encoding="utf-8")
    (folder / "0-half.yaml").write_text("id: half\ntitle: No version\n", encoding="utf-8")
    (folder / "0-other-half.yaml").write_text("version: '3'\ntitle: No id\n", encoding="utf-8")
    monkeypatch.setattr(qmod, "data_dir", lambda name: tmp_path / name)
    return folder


def test_built_in_versions_are_read_from_each_files_head(shelf: Path) -> None:
    assert builtin_versions() == {
        "alpha": {"2.0": shelf / "c.yaml"},
        "zeta": {"1.2": shelf / "d.yaml", "1.9": shelf / "b.yaml", "1.10": shelf / "a.yaml"},
    }
    assert list(builtin_versions()) == ["alpha", "zeta"]
    assert list(builtin_versions()["zeta"]) == ["1.2", "1.9", "1.10"]
    assert builtin_paths() == {"alpha": shelf / "c.yaml", "zeta": shelf / "a.yaml"}


def test_a_built_in_file_by_id_and_version(shelf: Path) -> None:
    assert builtin_path("zeta") == shelf / "a.yaml"
    assert builtin_path("zeta", "1.9") == shelf / "b.yaml"
    assert builtin_path("nothing") is None
    assert builtin_path("nothing", "1.0") is None
    with pytest.raises(InputError) as caught:
        builtin_path("zeta", "3")
    assert str(caught.value) == (
        "questionnaire zeta has no built-in version 3 (built in: 1.2, 1.9, 1.10); name that "
        "version's file as the questionnaire (--questionnaire PATH, or questionnaire: in the config)"
    )


@pytest.mark.parametrize(
    ("ref", "version", "title"),
    [
        ("zeta", None, "Zeta ten"),
        ("zeta@1.9", None, "Zeta nine"),
        ("zeta", "1.2", "Zeta two"),
        ("alpha", None, "Alpha"),
    ],
)
def test_a_built_in_questionnaire_by_reference(
    shelf: Path, ref: str, version: str | None, title: str
) -> None:
    assert resolve_questionnaire(ref, version=version).title == title


def test_a_questionnaire_by_path(shelf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "custom.yaml").write_text(small("custom", "1", "Custom"), encoding="utf-8")
    (mine / "noext").write_text(small("custom", "2", "No extension"), encoding="utf-8")
    (mine / "at@sign.yaml").write_text(small("custom", "3", "With an at sign"), encoding="utf-8")
    assert resolve_questionnaire(mine / "custom.yaml").title == "Custom"
    assert resolve_questionnaire("custom.yaml", relative_to=mine).title == "Custom"
    assert (
        resolve_questionnaire(str(mine / "custom.yaml"), relative_to=tmp_path / "elsewhere").title == "Custom"
    )
    assert resolve_questionnaire("noext", relative_to=mine).title == "No extension"
    assert resolve_questionnaire("at@sign.yaml", relative_to=mine).title == "With an at sign"
    monkeypatch.chdir(mine)
    assert resolve_questionnaire("custom.yaml").title == "Custom"
    assert resolve_questionnaire(Path("noext")).title == "No extension"


def test_only_the_first_at_sign_names_a_version(shelf: Path) -> None:
    with pytest.raises(InputError) as caught:
        resolve_questionnaire("zeta@1.9@x")
    assert str(caught.value).startswith("questionnaire zeta has no built-in version 1.9@x (built in: ")


@pytest.mark.parametrize("name", ["missing.yaml", "missing.yml"])
def test_a_missing_file_named_as_a_questionnaire(shelf: Path, tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_questionnaire(name, relative_to=tmp_path)
    assert str(caught.value) == f"{tmp_path / name}: questionnaire not found"


def test_a_questionnaire_file_that_cannot_be_one(tmp_path: Path) -> None:
    folder = tmp_path / "q.yaml"
    folder.mkdir()
    with pytest.raises(InputError) as caught:
        load_questionnaire(folder)
    assert str(caught.value) == f"{folder}: is a folder; expected a questionnaire"
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(empty)
    assert str(caught.value) == f"{empty}: holds nothing but comments; expected a YAML questionnaire"
    with pytest.raises(InputError) as caught:
        parse_questionnaire("", path="q.yaml")
    assert str(caught.value) == "q.yaml: is empty; expected a YAML questionnaire"


def test_an_unknown_questionnaire(shelf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for ref in ("nothing", "nothing@1.0", "zeta-1.9"):
        with pytest.raises(InputError) as caught:
            resolve_questionnaire(ref)
        assert str(caught.value) == (
            f"unknown questionnaire {ref!r}: not a file, and not a built-in id (built-in: alpha, zeta)"
        )
    with pytest.raises(InputError) as caught:
        resolve_questionnaire("zeta@7")
    assert "questionnaire zeta has no built-in version 7 (built in: 1.2, 1.9, 1.10)" in str(caught.value)
    with pytest.raises(InputError) as caught:
        resolve_questionnaire("missing.yaml", relative_to=tmp_path)
    assert str(tmp_path / "missing.yaml") in str(caught.value)
    assert "unknown questionnaire" not in str(caught.value)


def test_no_built_in_questionnaire_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "questionnaires").mkdir()
    monkeypatch.setattr(qmod, "data_dir", lambda name: tmp_path / name)
    monkeypatch.chdir(tmp_path)
    assert builtin_versions() == {} and builtin_paths() == {}
    with pytest.raises(InputError) as caught:
        resolve_questionnaire("sales-marketing-alignment")
    assert str(caught.value) == (
        "unknown questionnaire 'sales-marketing-alignment': not a file, and not a built-in id "
        "(built-in: none)"
    )


def test_the_shipped_questionnaires_are_found() -> None:
    versions = builtin_versions()
    assert list(versions["sales-marketing-alignment"]) == ["1.0", "2.0", "2.1"]
    assert resolve_questionnaire("sales-marketing-alignment").version == "2.1"
    assert resolve_questionnaire("sales-marketing-alignment@1.0").version == "1.0"


# --- the questionnaire's own fields --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "version",
            1.5,
            'version: write the version in quotes, for example "1.5", so YAML keeps it as written',
        ),
        (
            "version",
            "1 0",
            "version: a version is letters, digits, '.', '_', '+' and '-', at most 32 characters, "
            'for example "1.0"',
        ),
        (
            "version",
            "v" * 33,
            "version: a version is letters, digits, '.', '_', '+' and '-', at most 32 characters, "
            'for example "1.0"',
        ),
        (
            "id",
            "Probe",
            "id: a questionnaire id is lower-case letters, digits, '.', '_' and '-', starting with a "
            "letter or digit, at most 64 characters",
        ),
        (
            "id",
            "p" * 65,
            "id: a questionnaire id is lower-case letters, digits, '.', '_' and '-', starting with a "
            "letter or digit, at most 64 characters",
        ),
        (
            "roles",
            ["sales", "Marketing"],
            "roles: role 'Marketing': a role id is lower-case letters, digits and '-', starting with "
            "a letter, at most 40 characters (it becomes part of response file names)",
        ),
    ],
)
def test_the_questionnaires_own_fields(field: str, value: Any, message: str) -> None:
    text = text_of(changed(_set((field,), value)))
    with pytest.raises(InputError) as caught:
        parse_questionnaire(text, path=None)
    detail = caught.value.detail
    assert detail == message or detail.startswith(message + " (got "), detail
    assert caught.value.where == locate(text, (field,))


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("version", 2, "2"),
        ("version", "1.10", "1.10"),
        ("version", "v" * 32, "v" * 32),
        ("id", "p" * 64, "p" * 64),
        ("id", "9.a_b-c", "9.a_b-c"),
        ("roles", ["s" * 40, "m-2"], ["s" * 40, "m-2"]),
        # text is cleaned where it enters: the line break never reaches the pattern
        ("id", "probe\n", "probe"),
        ("version", " 1.0\n", "1.0"),
        ("roles", ["sales\n", "marketing"], ["sales", "marketing"]),
    ],
)
def test_the_questionnaires_own_fields_at_their_edges(field: str, value: Any, kept: Any) -> None:
    def edit(doc: Doc) -> None:
        doc[field] = value
        if field == "roles":  # the items name no roles, so every item is asked of both
            for dimension in doc["dimensions"]:
                for item in dimension["questions"]:
                    item.pop("roles", None)
                    item.pop("mirror", None)

    assert getattr(parsed(changed(edit)), field) == kept


@pytest.mark.parametrize(
    ("written", "kept"),
    [([True, False], ["yes", "no"]), (["yes"], ["yes"]), ([1, 2], [1, 2]), ([1.5], [1.5])],
)
def test_answers_in_a_condition_as_yaml_reads_them(written: list[Any], kept: list[Any]) -> None:
    from alignment_cli.model.questionnaire import AgreedCondition, AnswerCondition

    assert AnswerCondition.model_validate({"question": "x", "in": written}).in_ == kept
    assert AgreedCondition.model_validate({"question": "x", "in": written}).in_ == kept
    assert AnswerCondition.model_validate({"question": "x", "below": 2}).in_ is None
