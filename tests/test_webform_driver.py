"""The web-form driver of the collect tests: for the same seed it gives the same answers it always
gave to the built-in questionnaires (the tests built on those answers rely on them), every answer
it gives is one the form takes, and it answers a kind of question it has never heard of."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.interactive.webform.room import DONT_KNOW, Room, pages_for, read_page
from alignment_cli.model.questionnaire import (
    Questionnaire,
    builtin_versions,
    load_questionnaire,
    register_kind,
    resolve_questionnaire,
    unregister_kind,
)
from alignment_cli.model.response import load_response
from tests.helpers import MINI
from tests.rating_kind import RatingQuestion
from tests.webform_driver import BASE, TOKEN, client_for, fill_in, page_fields, person_answers, stored

SEEDS = range(20)

# What the driver gave each built-in questionnaire, every role and seed together: a change here
# changes the answers of every collect test that fills the form with the built-in questionnaire.
ANSWERED = {
    "sales-marketing-alignment@1.0": "5ef1d53ef39a006ec64d61f164a4355aeca4eb0d8d5537baddbd1a9a772a429a",
    "sales-marketing-alignment@2.0": "8d20fc55e8f9f991cd0781fb54cce595f88a5ee033b5b75e98cb3b58df24fa6e",
    "sales-marketing-alignment@2.1": "f67ba1e4ad6bbb4cbf11d3ab8ec269e63d111e1c888f62f0a6c4a7ed4a1f6d36",
    "sales-marketing-quick@1.0": "596cdccfd874865f87769db1c1e9fc884ce763d2f3e97ea970953cb3ab32a68d",
    "sales-marketing-quick@1.1": "d5030e75b5e74427d680d24c71d9cbf5e06482d779a573c6ba2cabaa4f1d26ba",
}


def builtin(ref: str) -> Questionnaire:
    qid, _, version = ref.partition("@")
    return resolve_questionnaire(qid, version=version)


def filled(q: Questionnaire, role: str, seed: int) -> list[Any]:
    """Everything the driver makes for one person: the answers and comments, the answers as
    stored, and the fields of each page."""
    form, comments = person_answers(q, role, seed)
    pages = [page_fields(q, role, number, form, comments) for number in range(1, len(pages_for(q, role)) + 1)]
    return [form, comments, stored(q, form), pages]


def test_every_builtin_questionnaire_has_its_answers_pinned() -> None:
    shipped = {f"{qid}@{version}" for qid, versions in builtin_versions().items() for version in versions}
    assert shipped >= set(ANSWERED)


@pytest.mark.parametrize("ref", sorted(ANSWERED))
def test_the_same_seed_gives_a_builtin_questionnaire_the_same_answers(ref: str) -> None:
    q = builtin(ref)
    runs = [filled(q, role, seed) for role in q.roles for seed in SEEDS]
    assert hashlib.sha256(json.dumps(runs).encode()).hexdigest() == ANSWERED[ref]


def test_the_answers_are_varied() -> None:
    """Each kind of answer turns up, "don't know" among them, so the pinned runs exercise them."""
    q = builtin("sales-marketing-alignment@2.0")
    seen: dict[str, set[Any]] = {}
    for seed in SEEDS:
        for qid, value in stored(q, person_answers(q, "sales", seed)[0]).items():
            seen.setdefault(q.questions[qid].kind, set()).add(value)
    assert set(seen) == {"likert", "choice", "yes_no", "number"}
    assert all(None in values and len(values) > 2 for values in seen.values())


def assert_read_as_stored(q: Questionnaire, seeds: range) -> None:
    """The form reads every page the driver fills as the answers `stored` says it keeps."""
    for role in q.roles:
        for seed in seeds:
            form, comments = person_answers(q, role, seed)
            for page in pages_for(q, role):
                read, problems = read_page(q, page, page_fields(q, role, page.number, form, comments))
                assert problems.errors == {}
                assert read == {question.id: stored(q, form)[question.id] for question in page.questions}


@pytest.mark.parametrize("ref", sorted(ANSWERED))
def test_the_form_reads_each_page_as_the_answers_stored(ref: str) -> None:
    assert_read_as_stored(builtin(ref), range(5))


# --- a kind the driver does not name: the 0-10 rating of tests/rating_kind.py --------------------

RATING = "partnership.recommend"


@pytest.fixture
def rated(tmp_path: Path) -> Iterator[Questionnaire]:
    """mini.yaml with one more page, a rating asked of both sides; the kind is known for one test."""
    page = (
        "  - id: partnership\n    title: Partnership\n    questions:\n"
        f'      - {{id: {RATING}, kind: rating, text: "How likely are you to recommend them?"}}\n'
        "recommendations:\n"
    )
    path = tmp_path / "rated.yaml"
    path.write_text(MINI.read_text(encoding="utf-8").replace("recommendations:\n", page, 1), encoding="utf-8")
    register_kind(RatingQuestion)
    try:
        yield load_questionnaire(path)
    finally:
        unregister_kind(RatingQuestion)


def test_a_rating_is_answered_from_its_own_options(rated: Questionnaire) -> None:
    given = {person_answers(rated, "sales", seed)[0][RATING] for seed in range(60)}
    assert DONT_KNOW in given
    assert len(given) > 6 and given - {DONT_KNOW} <= {str(point) for point in range(11)}
    assert_read_as_stored(rated, range(10))


def test_the_driver_fills_the_form_with_a_rating(rated: Questionnaire, tmp_path: Path) -> None:
    answers, comments = person_answers(rated, "marketing", 4)
    assert answers[RATING] == "10"
    room = Room(rated, tmp_path / "responses", organization="Acme Corp", token=TOKEN)
    fill_in(client_for(room), BASE, rated, role="marketing", name="Mo", answers=answers, comments=comments)
    (saved,) = (tmp_path / "responses").glob("marketing-*.yaml")
    assert load_response(saved, rated).answers == stored(rated, answers)
    assert stored(rated, answers)[RATING] == 10
