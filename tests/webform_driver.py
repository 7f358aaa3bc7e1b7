"""Filling in the collect form over HTTP as a participant would, for the web-form tests."""

from __future__ import annotations

import math
import random
import re
from typing import Any, assert_never

from starlette.testclient import TestClient

from alignment_cli.interactive.webform.app import Limits, create_app, dont_know_field
from alignment_cli.interactive.webform.room import DONT_KNOW, Room, pages_for
from alignment_cli.model.questionnaire import ChooseOne, Questionnaire, TypeNumber, Widget

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def person_answers(q: Questionnaire, role: str, seed: int) -> tuple[dict[str, Any], dict[str, str]]:
    """Plausible answers for one person of `role` (some "don't know"), and a comment or two.
    Values are as the form sends them; `stored` gives them as a response file holds them."""
    rng = random.Random(seed)  # noqa: S311 - plausible answers, not secrets
    form: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for page in pages_for(q, role):
        for question in page.questions:
            if rng.random() < 0.08:
                form[question.id] = DONT_KNOW
            else:
                form[question.id] = an_answer(rng, question.widget(q.scale))
        if rng.random() < 0.3:
            comments[page.dimension.id] = f'Seen from {role}, {seed}: "quoted", commas; and more'
    return form, comments


def an_answer(rng: random.Random, widget: Widget) -> str:
    """One answer picked at random, as the form sends it: whatever the kind of question, it is
    one of the options shown or a whole number typed within the range."""
    match widget:
        case ChooseOne():
            value, _ = rng.choice(widget.options)
            return str(value)
        case TypeNumber():
            return str(rng.randint(math.ceil(widget.minimum), math.floor(widget.maximum)))
        case _:
            assert_never(widget)


def stored(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as a response file holds them: read by each question's kind, as the form
    reads them; "don't know" is null."""
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        question = q.questions[qid]
        out[qid] = (
            None if value == DONT_KNOW else question.normalize(question.from_form(value, q.scale), q.scale)
        )
    return out


def page_fields(
    q: Questionnaire, role: str, number: int, answers: dict[str, Any], comments: dict[str, str]
) -> dict[str, str]:
    page = pages_for(q, role)[number - 1]
    fields: dict[str, str] = {}
    for question in page.questions:
        fields |= answer_field(question.id, question.widget(q.scale), answers[question.id])
    fields["comment"] = comments.get(page.dimension.id, "")
    return fields


def answer_field(question_id: str, widget: Widget, value: str) -> dict[str, str]:
    """The field that sends an answer: "don't know" is a box beside a number's field, and one
    more button among the options."""
    if value != DONT_KNOW:
        return {f"q:{question_id}": value}
    return dont_know_field(question_id, widget)  # as the form itself fills one in again


def fill_in(
    client: Any,
    base: str,
    q: Questionnaire,
    *,
    role: str,
    name: str,
    team: str = "",
    head: bool = False,
    answers: dict[str, Any],
    comments: dict[str, str],
) -> str:
    """Start, send every page, and return the participant's address; asserts each step."""
    page = client.get(base)
    assert page.status_code == 200, page.text
    started = client.post(
        base + "start",
        data={
            "csrf": csrf_of(page.text),
            "role": role,
            "name": name,
            "team": team,
            "head": "yes" if head else "no",
        },
    )
    assert started.status_code == 303, started.text
    location = started.headers["location"]
    participant = location.rsplit("/", 1)[0]
    count = len(pages_for(q, role))
    for number in range(1, count + 1):
        shown = client.get(f"{participant}/{number}")
        assert shown.status_code == 200, (number, shown.text[:500])
        fields = page_fields(q, role, number, answers, comments)
        sent = client.post(f"{participant}/{number}", data={"csrf": csrf_of(shown.text)} | fields)
        assert sent.status_code == 303, (number, sent.text[:2000])
    done = client.get(participant)
    assert done.status_code == 200 and "Thank you" in done.text
    return participant


# The in-process client of the form's routes, shared by the route and security tests.

TOKEN = "T0ken-for-tests_0123456789ab"  # noqa: S105 - a test's access token
BASE = f"/{TOKEN}/"

GENEROUS = Limits(requests=10_000)


def client_for(room: Room, limits: Limits = GENEROUS, clock: Any = None) -> TestClient:
    app = create_app(room, limits, clock) if clock else create_app(room, limits)
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


def start(client: TestClient, role: str = "sales", name: str = "Jana", head: str = "no") -> str:
    page = client.get(BASE)
    sent = client.post(
        BASE + "start", data={"csrf": csrf_of(page.text), "role": role, "name": name, "head": head}
    )
    assert sent.status_code == 303
    return sent.headers["location"].rsplit("/", 1)[0]
