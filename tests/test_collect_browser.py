"""The collect form in a real headless Chromium at phone size (375 px), served by uvicorn on
127.0.0.1: both sides answer every page by clicking and typing, with no JavaScript, a reload
continues where it stopped, and nothing is fetched from anywhere else.

Screenshots of the form at 375 px and 1280 px are written to $ALIGNMENT_SCREENSHOTS (or the
test's temporary folder) for a person to look at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alignment_cli.interactive.webform.app import Limits
from alignment_cli.interactive.webform.room import pages_for
from alignment_cli.interactive.webform.server import prepare, serving_in_thread
from alignment_cli.model.questionnaire import (
    ChoiceQuestion,
    LikertQuestion,
    NumberQuestion,
    resolve_questionnaire,
)
from alignment_cli.model.response import load_response
from tests.helpers import FLAGS, launched, png_size
from tests.webform_driver import person_answers, stored

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 375, "height": 740}
# as the report's browser test, but 127.0.0.1 (where the form is served) stays reachable
LOCAL_FLAGS = [f for f in FLAGS if not f.startswith("--host-resolver-rules")] + [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-proxy-server",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched(LOCAL_FLAGS) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def smma():
    # 2.0: it has every kind of item, numbers included (2.1 asks its estimates as ordered bands)
    return resolve_questionnaire("sales-marketing-alignment@2.0")


@pytest.fixture
def served(smma, tmp_path) -> Iterator[Any]:
    serving = prepare(
        smma,
        tmp_path / "responses",
        organization="Acme Corp",
        host="127.0.0.1",
        port=0,
        limits=Limits(requests=100_000),
    )
    assert serving.url.startswith("http://127.0.0.1:")
    with serving_in_thread(serving):
        yield serving


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("ALIGNMENT_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Phone:
    """A browser context at phone size with JavaScript off, that refuses any other origin."""

    def __init__(self, browser: Any, origin: str, width: int = 375) -> None:
        self.context = browser.new_context(
            viewport={**PHONE, "width": width},
            java_script_enabled=False,
            is_mobile=width < 500,
            has_touch=width < 500,
        )
        self.requests: list[str] = []
        self.context.route(re.compile(rf"^(?!{re.escape(origin)}/).*"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.origin = origin

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.origin + "/")]

    def close(self) -> None:
        self.context.close()


def origin_of(url: str) -> str:
    return "/".join(url.split("/")[:3])


def answer_page(
    page: Any, smma: Any, role: str, number: int, answers: dict[str, str], comments: dict[str, str]
) -> None:
    """Answer one page as a person does: click the labels, type the numbers, tick boxes."""
    current = pages_for(smma, role)[number - 1]
    assert page.locator("h1").inner_text() == current.dimension.title
    assert f"Part {number} of {current.count}" in page.locator(".progress").inner_text()
    for question in current.questions:
        value = answers[question.id]
        group = page.get_by_role("group", name=question.text, exact=True)
        if isinstance(question, NumberQuestion):
            if value == "?":
                group.get_by_label("Don't know").check()
            else:
                group.get_by_role("spinbutton").fill(value)
        elif value == "?":
            group.get_by_label("Don't know", exact=True).check()
        elif value == "na":
            group.get_by_label("Not applicable", exact=True).check()
        elif isinstance(question, LikertQuestion):
            label = smma.scale.labels.get(int(value))
            group.get_by_label(f"{value} · {label}" if label else value, exact=True).check()
        elif isinstance(question, ChoiceQuestion):
            label = next(o.label for o in question.options if o.value == value)
            group.get_by_label(label, exact=True).check()
        else:
            group.get_by_label(value.title(), exact=True).check()
    if current.dimension.id in comments:
        page.get_by_label(re.compile("^Anything to add")).fill(comments[current.dimension.id])
    button = "Finish" if number == current.count else "Save and continue"
    with page.expect_navigation():  # the next page, not the one still on screen
        page.get_by_role("button", name=button).click()


def start(page: Any, url: str, *, side: str, name: str, team: str, head: bool) -> None:
    page.goto(url)
    assert page.locator("h1").inner_text() == "Before you start"
    page.get_by_role("group", name="Which side are you on?").get_by_label(side).check()
    page.get_by_label("Yes, I lead it" if head else "No, I am on the team").check()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your team").fill(team)
    with page.expect_navigation():
        page.get_by_role("button", name="Start").click()


def fits_the_screen(page: Any, width: int) -> None:
    """Nothing sticks out sideways, and every button is a comfortable size to tap."""
    for element in page.locator("main, fieldset, label, input, textarea, button, p, h1").all():
        box = element.bounding_box()
        if box is None:  # e.g. a visually hidden label
            continue
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, element.inner_html()
    for button in page.get_by_role("button").all():
        b = button.bounding_box()
        assert b is not None and b["height"] >= 40


@pytest.mark.parametrize(
    ("side", "role", "head"), [("Sales", "sales", True), ("Marketing", "marketing", False)]
)
def test_a_phone_answers_every_page_and_the_file_is_complete(
    browser, served, smma, tmp_path, side, role, head
):
    phone = Phone(browser, origin_of(served.url))
    try:
        page = phone.page
        name = f"{side} Person"
        start(page, served.url, side=side, name=name, team="EMEA", head=head)
        answers, comments = person_answers(smma, role, 42 if head else 43)
        comments = comments or {smma.dimensions[0].id: 'Targets changed twice, "again".'}
        count = len(pages_for(smma, role))
        for number in range(1, count + 1):
            fits_the_screen(page, 375)
            if number == 2 and role == "sales":
                page.screenshot(path=str(shots_dir(tmp_path) / "collect-page-375.png"), full_page=True)
            answer_page(page, smma, role, number, answers, comments)
        assert page.locator("h1").inner_text() == "Thank you"
        assert "score" not in page.content().lower()
        assert phone.outside == []
    finally:
        phone.close()
    response = load_response(served.room.out / f"{role}-{side.lower()}-person.yaml", smma)
    assert response.complete and response.respondent.head is head
    assert response.respondent.team == "EMEA"
    assert response.answers == stored(smma, answers)
    assert response.comments == comments


def test_a_reload_and_a_reopened_link_continue_where_the_person_stopped(browser, served, smma):
    phone = Phone(browser, origin_of(served.url))
    try:
        page = phone.page
        start(page, served.url, side="Marketing", name="Reloader", team="", head=False)
        answers, _ = person_answers(smma, "marketing", 9)
        answer_page(page, smma, "marketing", 1, answers, {})
        answer_page(page, smma, "marketing", 2, answers, {})
        assert "Part 3 of" in page.locator(".progress").inner_text()
        page.reload()
        assert "Part 3 of" in page.locator(".progress").inner_text()
        page.goto(served.url)  # the shared link again, on the same phone
        assert "Part 3 of" in page.locator(".progress").inner_text()
        with page.expect_navigation():
            page.get_by_role("link", name="Back").click()
        assert "Part 2 of" in page.locator(".progress").inner_text()
        first = pages_for(smma, "marketing")[1].questions[0]
        group = page.get_by_role("group", name=first.text, exact=True)
        assert group.locator("input:checked").count() == 1  # the answer given is shown
    finally:
        phone.close()
    saved = load_response(served.room.out / "marketing-reloader.yaml", smma)
    assert not saved.complete
    asked = [q.id for p in pages_for(smma, "marketing")[:2] for q in p.questions]
    assert list(saved.answers) == asked


def test_a_wrong_number_comes_back_with_its_message_in_the_browser(browser, served, smma):
    phone = Phone(browser, origin_of(served.url))
    try:
        page = phone.page
        start(page, served.url, side="Sales", name="Typo", team="", head=False)
        pages = pages_for(smma, "sales")
        answers, _ = person_answers(smma, "sales", 5)
        number = next(p.number for p in pages if any(isinstance(q, NumberQuestion) for q in p.questions))
        for n in range(1, number):
            answer_page(page, smma, "sales", n, answers, {})
        current = pages[number - 1]
        # leave every question of this page unanswered and send it
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
        assert "Part " + str(number) in page.locator(".progress").inner_text()
        alert = page.get_by_role("alert")
        assert f"{len(current.questions)} answers need a look" in alert.inner_text()
        errors = page.locator("fieldset.invalid")
        assert errors.count() == len(current.questions)
        page.screenshot(
            path=str(shots_dir(Path(served.room.out).parent) / "collect-error-375.png"), full_page=True
        )
    finally:
        phone.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_start_page(browser, served, tmp_path, width):
    phone = Phone(browser, origin_of(served.url), width=width)
    try:
        phone.page.goto(served.url)
        fits_the_screen(phone.page, width)
        shot = shots_dir(tmp_path) / f"collect-start-{width}.png"
        phone.page.screenshot(path=str(shot), full_page=True)
        start(phone.page, served.url, side="Sales", name="Wide", team="", head=False)
        page_shot = shots_dir(tmp_path) / f"collect-page1-{width}.png"
        phone.page.screenshot(path=str(page_shot), full_page=True)
        assert phone.outside == []
    finally:
        phone.close()
    for path in (shot, page_shot):
        data = path.read_bytes()
        w, _ = png_size(data)
        # a phone screenshot is in device pixels (scale 1 unless mobile emulation says more)
        assert w in (width, width * 2, width * 3)
        assert len(data) > 10_000


def test_the_form_works_with_the_keyboard_alone(browser, served, smma):
    """Tab, arrows, Space and Enter, as a screen-reader or keyboard user moves: no mouse."""
    phone = Phone(browser, origin_of(served.url), width=1280)
    try:
        page = phone.page
        page.goto(served.url)
        keys = page.keyboard
        keys.press("Tab")  # the side: first radio of the group
        keys.press("ArrowDown")  # Marketing (arrows move and choose)
        keys.press("Tab")  # the 'do you lead' group, on its checked radio
        keys.press("ArrowDown")  # Yes, I lead it
        keys.press("Tab")
        keys.type("Kim Keys")  # name
        keys.press("Tab")
        keys.type("Brand")  # team
        keys.press("Tab")
        with page.expect_navigation():
            keys.press("Enter")  # Start
        first = pages_for(smma, "marketing")[0]
        assert page.locator("h1").inner_text() == first.dimension.title
        for question in first.questions:
            keys.press("Tab")  # into the question's group
            if isinstance(question, NumberQuestion):
                keys.type("50")  # the number field
                keys.press("Tab")  # past its "don't know" box
            else:
                keys.press("Space")  # choose its first answer
        keys.press("Tab")
        keys.type("Typed, not clicked.")  # the comment
        keys.press("Tab")
        with page.expect_navigation():
            keys.press("Enter")  # Save and continue
        assert "Part 2 of" in page.locator(".progress").inner_text(), page.locator(".error").all_inner_texts()
    finally:
        phone.close()
    saved = load_response(served.room.out / "marketing-kim-keys.yaml", smma)
    assert saved.respondent.head is True and saved.respondent.team == "Brand"

    def first_answer(q: Any) -> Any:
        if isinstance(q, LikertQuestion):
            return smma.scale.min
        if isinstance(q, ChoiceQuestion):
            return q.options[0].value
        return 50 if isinstance(q, NumberQuestion) else "yes"

    expected = {q.id: first_answer(q) for q in first.questions}
    assert saved.answers == expected
    assert saved.comments == {first.dimension.id: "Typed, not clicked."}


def test_not_applicable_is_chosen_by_a_click_and_saved_as_such(browser, served, smma):
    """An item that allows "not applicable" offers it; the click is saved as not applicable
    (not as don't know, and not as an answer), and items that do not allow it never offer it."""
    pages = pages_for(smma, "sales")
    number, question = next(
        (p.number, q) for p in pages for q in p.questions if getattr(q, "allow_na", False)
    )
    answers, _ = person_answers(smma, "sales", 7)
    answers[question.id] = "na"
    phone = Phone(browser, origin_of(served.url))
    try:
        page = phone.page
        start(page, served.url, side="Sales", name="Not Mine", team="", head=False)
        for n in range(1, number + 1):
            current = pages[n - 1]
            for item in current.questions:
                offered = (
                    page.get_by_role("group", name=item.text, exact=True)
                    .get_by_label("Not applicable", exact=True)
                    .count()
                )
                assert offered == (1 if getattr(item, "allow_na", False) else 0), item.id
            answer_page(page, smma, "sales", n, answers, {})
        assert phone.outside == []
    finally:
        phone.close()
    saved = load_response(served.room.out / "sales-not-mine.yaml", smma)
    assert question.id in saved.not_applicable
    assert question.id not in saved.answers
