"""Filling in the collect form over HTTP as a participant would, for the web-form tests."""

from __future__ import annotations

import random
import re
from typing import Any

from starlette.testclient import TestClient

from alignment_cli.interactive.webform.app import Limits, create_app
from alignment_cli.interactive.webform.room import DONT_KNOW, Room, pages_for
from alignment_cli.model.questionnaire import (
    ChoiceQuestion,
    LikertQuestion,
    NumberQuestion,
    Questionnaire,
)

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
            elif isinstance(question, LikertQuestion):
                form[question.id] = str(rng.randint(q.scale.min, q.scale.max))
            elif isinstance(question, ChoiceQuestion):
                form[question.id] = rng.choice(question.options).value
            elif isinstance(question, NumberQuestion):
                form[question.id] = str(rng.randint(int(question.min), int(question.max)))
            else:
                form[question.id] = rng.choice(["yes", "no"])
        if rng.random() < 0.3:
            comments[page.dimension.id] = f'Seen from {role}, {seed}: "quoted", commas; and more'
    return form, comments


def stored(q: Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for qid, value in answers.items():
        question = q.questions[qid]
        if value == DONT_KNOW:
            out[qid] = None
        elif isinstance(question, LikertQuestion | NumberQuestion):
            out[qid] = int(value)
        else:
            out[qid] = value
    return out


def page_fields(
    q: Questionnaire, role: str, number: int, answers: dict[str, Any], comments: dict[str, str]
) -> dict[str, str]:
    page = pages_for(q, role)[number - 1]
    fields: dict[str, str] = {}
    for question in page.questions:
        value = answers[question.id]
        if isinstance(question, NumberQuestion) and value == DONT_KNOW:
            fields[f"dk:{question.id}"] = "1"
        else:
            fields[f"q:{question.id}"] = value
    fields["comment"] = comments.get(page.dimension.id, "")
    return fields


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
