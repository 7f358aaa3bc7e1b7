"""The collect web form through its routes: the guards (token, body size, rate, CSRF, CSP), the
pages, and the response files they write, in-process with starlette's TestClient."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from alignment_cli.errors import InputError
from alignment_cli.interactive.webform.app import Limits, create_app
from alignment_cli.interactive.webform.room import STATE_FILE, Room, pages_for
from alignment_cli.model.response import load_response
from tests.webform_driver import (
    BASE,
    TOKEN,
    client_for,
    csrf_of,
    fill_in,
    page_fields,
    person_answers,
    start,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def room(mini, tmp_path: Path) -> Room:
    return Room(mini, tmp_path / "responses", organization="Acme Corp", token=TOKEN)


# --- the token ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/favicon.ico",
        f"/{TOKEN[:-1]}/",
        f"/{TOKEN}x/",
        f"/x/{TOKEN}/",
        f"/{TOKEN.upper()}/",
        "/../etc/passwd",
        f"/static/{TOKEN}/form.css",
    ],
)
def test_every_path_without_the_token_is_403_and_serves_nothing(room, path):
    client = client_for(room)
    for method in ("GET", "POST"):
        response = client.request(method, path)
        assert response.status_code == 403, (method, path)
        assert "Forbidden" in response.text and "<" not in response.text
        assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_the_token_alone_redirects_to_the_form_and_files_are_not_served(room):
    client = client_for(room)
    assert client.get(f"/{TOKEN}").headers["location"] == BASE
    assert client.get(BASE).status_code == 200
    for path in ("templates/form.css", "templates/base.html.j2", "../app.py", "form.css"):
        assert client.get(BASE + path).status_code in (403, 404), path


# --- the headers --------------------------------------------------------------------------------


def test_pages_carry_a_strict_policy_and_use_nothing_outside_it(room):
    client = client_for(room)
    response = client.get(BASE)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    html = response.text
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert ' style="' not in html  # inline style attributes would break the policy
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style is not None
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp  # the one stylesheet is allowed by its exact hash


# --- the body-size limit ------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "status"), [(999, "ok"), (1000, "ok"), (1001, 413)])
def test_body_limit_boundary(room, size, status):
    client = client_for(room, Limits(max_body=1000, requests=10_000))
    page = client.get(BASE)
    prefix = f"csrf={csrf_of(page.text)}&role=sales&head=no&name="
    body = prefix + "x" * (size - len(prefix))
    assert len(body) == size
    response = client.post(
        BASE + "start", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    if status == 413:
        assert response.status_code == 413
        assert not room.participants
    else:
        assert response.status_code in (303, 400)  # accepted for reading: too long a name is 400


def test_body_over_the_limit_without_a_declared_length_is_413(room):
    client = client_for(room, Limits(max_body=1000, requests=10_000))

    def chunks():
        for _ in range(20):
            yield b"x" * 100

    response = client.post(
        BASE + "start", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


# --- the rate limit -----------------------------------------------------------------------------


def test_rate_limit_allows_exactly_n_per_window_per_client(room):
    clock = Clock()
    client = client_for(room, Limits(requests=5, window=60), clock)
    assert [client.get(BASE).status_code for _ in range(5)] == [200] * 5
    refused = client.get(BASE)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert client.get("/no-token").status_code == 429  # guessing the token costs the same
    clock.now += 59.9
    assert client.get(BASE).status_code == 429
    clock.now += 0.1  # the first requests are now a full window old
    assert client.get(BASE).status_code == 200


def test_rate_limit_is_per_client_address(room):
    clock = Clock()
    app = create_app(room, Limits(requests=2, window=60), clock)
    one = TestClient(app, base_url="http://127.0.0.1", client=("10.0.0.1", 5000))
    two = TestClient(app, base_url="http://127.0.0.1", client=("10.0.0.2", 5000))
    assert [one.get(BASE).status_code for _ in range(3)] == [200, 200, 429]
    assert two.get(BASE).status_code == 200


# --- CSRF ----------------------------------------------------------------------------------------


def test_every_form_needs_the_csrf_token_of_its_cookie(room, mini):
    client = client_for(room)
    page = client.get(BASE)
    token = csrf_of(page.text)
    for data in (
        {"role": "sales", "head": "no"},
        {"csrf": "0" * 64, "role": "sales", "head": "no"},
        {"csrf": token[:-1] + ("0" if token[-1] != "0" else "1"), "role": "sales", "head": "no"},
    ):
        refused = client.post(BASE + "start", data=data)
        assert refused.status_code == 403
        assert "expired" in refused.text
    assert not room.participants
    # a request from elsewhere carries no cookie: the right-looking field alone is not enough
    stranger = client_for(room)
    assert (
        stranger.post(BASE + "start", data={"csrf": token, "role": "sales", "head": "no"}).status_code == 403
    )
    # the same check guards the pages of answers and the 'new response' button
    participant = start(client)
    fields = page_fields(mini, "sales", 1, person_answers(mini, "sales", 1)[0], {})
    assert client.post(f"{participant}/1", data=fields).status_code == 403
    assert not room.get(participant.rsplit("/", 1)[1]).response.answers
    assert client.post(BASE + "new", data={}).status_code == 403


def test_the_cookies_are_httponly_strict_and_scoped_to_the_form(room):
    client = client_for(room)
    cookie = client.get(BASE).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and f"Path={BASE}" in cookie


# --- answering --------------------------------------------------------------------------------------


def test_a_complete_response_is_the_survey_file_format(room, mini):
    client = client_for(room)
    answers, comments = person_answers(mini, "marketing", 7)
    comments = {"goals": 'Targets changed twice <b>this</b> year; "really"'}
    participant = fill_in(
        client,
        BASE,
        mini,
        role="marketing",
        name="Mo Reyes",
        team="Brand",
        head=True,
        answers=answers,
        comments=comments,
    )
    path = room.out / "marketing-mo-reyes.yaml"
    assert path.is_file()
    response = load_response(path, mini)  # checked exactly as any response file
    assert response.complete
    assert response.organization == "Acme Corp"
    assert response.respondent.model_dump() == {
        "role": "marketing",
        "name": "Mo Reyes",
        "team": "Brand",
        "head": True,
    }
    asked = [q.id for p in pages_for(mini, "marketing") for q in p.questions]
    assert list(response.answers) == asked  # every question, in questionnaire order
    assert response.comments == comments
    text = path.read_text(encoding="utf-8")
    assert text.startswith("questionnaire:\n  id: mini\n  version: '1'\norganization: Acme Corp")
    # a finished participant sees a thank-you and no result, whatever they open
    for url in (BASE, participant, f"{participant}/1", f"{participant}/2"):
        page = client.get(url, follow_redirects=True)
        assert "Thank you" in page.text and "score" not in page.text.lower()


def test_a_bad_value_returns_the_form_with_the_error_and_saves_nothing(room, mini):
    client = client_for(room)
    participant = start(client)
    page = client.get(f"{participant}/1")
    fields = {
        "csrf": csrf_of(page.text),
        "q:goals.agreed": "9",
        "q:goals.conflict": "4",
        "q:goals.structure": "a-committee",
        "comment": "kept <i>as typed</i>",
    }
    response = client.post(f"{participant}/1", data=fields)
    assert response.status_code == 400
    errors = re.findall(r'<p class="error" id="e-(\d+)">([^<]+)</p>', response.text)
    assert [n for n, _ in errors] == ["1", "3"]
    assert re.findall(r'<li><a href="#f-(\d+)">', response.text) == ["1", "3"]
    assert '<fieldset id="f-1" class="invalid" aria-describedby="e-1">' in response.text
    assert all(m == "Please choose one of the answers shown." for _, m in errors)
    assert re.search(r'name="q:goals.conflict" value="4"\s+checked', response.text)  # kept
    assert "kept &lt;i&gt;as typed&lt;/i&gt;</textarea>" in response.text
    assert "Traceback" not in response.text
    assert not (room.out / "sales-jana.yaml").exists()  # no page was taken, so no file yet


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q:leads.follow-up", "101", "Please type a number from 0 to 100 %."),
        ("q:leads.follow-up", "-1", "Please type a number from 0 to 100 %."),
        ("q:leads.follow-up", "lots", "Please type a number from 0 to 100 %."),
        ("q:leads.follow-up", "", "Please type a number, or tick"),
        ("q:leads.definition", "maybe", "Please choose one of the answers shown."),
        ("q:leads.definition", "", "Please choose an answer, or"),
        ("q:leads.worth-it", "2.5", "Please choose one of the answers shown."),
        ("q:leads.worth-it", "0", "Please choose one of the answers shown."),
    ],
)
def test_each_kind_refuses_what_a_response_file_would_refuse(room, mini, field, value, message):
    client = client_for(room)
    participant = start(client)
    answers, _ = person_answers(mini, "sales", 3)
    answers = {k: ("3" if k.startswith("goals.") and v == "?" else v) for k, v in answers.items()}
    first = client.get(f"{participant}/1")
    client.post(
        f"{participant}/1", data={"csrf": csrf_of(first.text)} | page_fields(mini, "sales", 1, answers, {})
    )
    second = client.get(f"{participant}/2")
    fields = page_fields(mini, "sales", 2, answers | {"leads.follow-up": "50"}, {})
    fields[field] = value
    response = client.post(f"{participant}/2", data={"csrf": csrf_of(second.text)} | fields)
    assert response.status_code == 400
    assert message in response.text.replace("&#34;", '"')


@pytest.mark.parametrize(("value", "stored"), [("0", 0), ("100", 100), ("35,5", 35.5), ("35%", 35)])
def test_numbers_at_their_limits_and_as_people_type_them(room, mini, value, stored):
    client = client_for(room)
    participant = start(client)
    answers = {q.id: "3" for p in pages_for(mini, "sales") for q in p.questions}
    answers |= {"goals.structure": "one-leader", "leads.definition": "no", "leads.follow-up": value}
    for number in (1, 2):
        page = client.get(f"{participant}/{number}")
        sent = client.post(
            f"{participant}/{number}",
            data={"csrf": csrf_of(page.text)} | page_fields(mini, "sales", number, answers, {}),
        )
        assert sent.status_code == 303
    assert load_response(room.out / "sales-jana.yaml", mini).answers["leads.follow-up"] == stored


def test_dont_know_is_stored_as_null_for_every_kind(room, mini):
    client = client_for(room)
    answers = {q.id: "?" for p in pages_for(mini, "sales") for q in p.questions}
    fill_in(client, BASE, mini, role="sales", name="Ann", answers=answers, comments={})
    saved = load_response(room.out / "sales-ann.yaml", mini)
    assert saved.complete and set(saved.answers.values()) == {None}


def test_start_form_errors_come_back_on_the_form(room):
    client = client_for(room)
    page = client.get(BASE)
    response = client.post(
        BASE + "start",
        data={"csrf": csrf_of(page.text), "role": "finance", "head": "perhaps", "name": "x" * 201},
    )
    assert response.status_code == 400
    assert "Please choose your side." in response.text
    assert "Please choose yes or no." in response.text
    assert "under 200 characters" in response.text
    assert not room.participants
    assert not room.out.exists() or not list(room.out.glob("*.yaml"))


# --- resuming ----------------------------------------------------------------------------------------


def test_reopening_the_link_continues_where_the_participant_stopped(room, mini):
    client = client_for(room)
    participant = start(client)
    answers, _ = person_answers(mini, "sales", 11)
    page = client.get(f"{participant}/1")
    client.post(
        f"{participant}/1",
        data={"csrf": csrf_of(page.text)}
        | page_fields(mini, "sales", 1, answers, {"goals": "first page note"}),
    )
    # the main link, on the same phone: straight back to page 2
    assert client.get(BASE).headers["location"] == participant
    assert client.get(participant).headers["location"] == f"{participant}/2"
    # no skipping ahead of what was sent
    assert client.get(f"{participant}/3").headers["location"] == f"{participant}/2"
    # Back shows what was answered, including the comment
    back = client.get(f"{participant}/1").text
    for qid in ("goals.agreed", "goals.conflict", "goals.structure"):
        value = answers[qid]
        assert re.search(rf'name="q:{re.escape(qid)}" value="{re.escape(value)}"\s+checked', back), qid
    assert "first page note</textarea>" in back
    # the participant's own address works in another browser (no cookie) too
    other = client_for(room)
    assert other.get(participant).headers["location"] == f"{participant}/2"


def test_a_restarted_server_keeps_the_address_and_everyone_s_place(room, mini):
    client = client_for(room)
    participant = start(client)
    answers, _ = person_answers(mini, "sales", 5)
    page = client.get(f"{participant}/1")
    client.post(
        f"{participant}/1", data={"csrf": csrf_of(page.text)} | page_fields(mini, "sales", 1, answers, {})
    )
    state = room.out / STATE_FILE
    assert state.stat().st_mode & 0o777 == 0o600
    again = Room(mini, room.out, organization="Acme Corp")  # no token given: the saved one
    assert again.token == TOKEN
    later = client_for(again)
    later.cookies = client.cookies
    assert later.get(BASE).headers["location"] == participant
    assert later.get(participant).headers["location"] == f"{participant}/2"


def test_a_restart_before_the_first_page_keeps_who_the_person_is(room, mini):
    client = client_for(room)
    participant = start(client, role="marketing", name="Mo", head="yes")
    again = Room(mini, room.out)
    person = again.get(participant.rsplit("/", 1)[1])
    assert person is not None and person.path.name == "marketing-mo.yaml"
    assert person.response.respondent.model_dump() == {
        "role": "marketing",
        "name": "Mo",
        "team": None,
        "head": True,
    }
    assert person.response.started_at is not None


@pytest.mark.parametrize(
    "state",
    [
        "not json",
        '{"participants": {}}',
        '{"token": "t"}',
        '{"token": "t", "participants": {"s": {"file": "../x.yaml", "respondent": {"role": "sales"}}}}',
        '{"token": "t", "participants": {"s": {"file": "a.yaml", "respondent": {"role": "finance"}}}}',
    ],
)
def test_a_damaged_participants_file_is_a_clear_error(mini, tmp_path, state):
    (tmp_path / STATE_FILE).write_text(state, encoding="utf-8")
    with pytest.raises(InputError, match="move the file away to start afresh"):
        Room(mini, tmp_path)


def test_two_people_with_one_name_get_two_files(room):
    for _ in range(2):
        start(client_for(room), name="Sam Lee")
    assert sorted(p.path.name for p in room.participants.values()) == [
        "sales-sam-lee-2.yaml",
        "sales-sam-lee.yaml",
    ]
    assert not list(room.out.glob("*.yaml"))  # written with the first page sent


def test_an_existing_file_is_never_overwritten(room, mini):
    room.out.mkdir(parents=True)
    (room.out / "sales-jana.yaml").write_text("kept", encoding="utf-8")
    client = client_for(room)
    answers = {q.id: "?" for p in pages_for(mini, "sales") for q in p.questions}
    fill_in(client, BASE, mini, role="sales", name="Jana", answers=answers, comments={})
    assert (room.out / "sales-jana.yaml").read_text(encoding="utf-8") == "kept"
    assert load_response(room.out / "sales-jana-2.yaml", mini).complete


def test_a_new_response_on_a_shared_device(room, mini):
    client = client_for(room)
    answers = {q.id: "?" for p in pages_for(mini, "sales") for q in p.questions}
    fill_in(client, BASE, mini, role="sales", name="First", answers=answers, comments={})
    thanks = client.get(BASE, follow_redirects=True)
    cleared = client.post(BASE + "new", data={"csrf": csrf_of(thanks.text)})
    assert cleared.status_code == 303
    client.cookies.delete("alignment_participant")  # what the browser does with the reply
    assert "Before you start" in client.get(BASE).text


def test_an_unknown_participant_gets_a_plain_page(room):
    response = client_for(room).get(f"{BASE}p/not-a-participant/1")
    assert response.status_code == 404 and "not known" in response.text


def test_respondent_text_is_escaped(mini, tmp_path):
    room = Room(mini, tmp_path, organization='<script>alert(1)</script>"&', token=TOKEN)
    html = client_for(room).get(BASE).text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&amp;" in html


def test_a_page_the_laptop_cannot_save_is_said_so_and_not_taken_as_sent(room, mini, monkeypatch):
    from alignment_cli.errors import OutputError

    client = client_for(room)
    participant = start(client)
    told: list[Exception] = []
    room.on_error = told.append
    answers, _ = person_answers(mini, "sales", 2)

    def full_disk(_participant: Any) -> None:
        raise OutputError("responses/sales-jana.yaml: cannot write: No space left on device")

    monkeypatch.setattr(room, "_save", full_disk)
    page = client.get(f"{participant}/1")
    sent = client.post(
        f"{participant}/1", data={"csrf": csrf_of(page.text)} | page_fields(mini, "sales", 1, answers, {})
    )
    assert sent.status_code == 503 and "could not be saved" in sent.text
    assert "No space left" in str(told[0])
    secret = participant.rsplit("/", 1)[1]
    assert room.get(secret).response.answers == {}  # memory did not run ahead of the file
    monkeypatch.undo()
    assert client.get(participant).headers["location"] == f"{participant}/1"


def test_out_must_be_a_folder(mini, tmp_path):
    from alignment_cli.errors import OutputError

    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        Room(mini, tmp_path / "file")


def test_collect_without_the_extra_says_how_to_add_it(cli, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "segno" else real(name, *a)
    )
    result = cli("collect", "--port", "0", "--host", "127.0.0.1")
    assert result.code == 2
    assert "needs the collect extra (segno missing): pip install 'alignment-cli[collect]'" in result.err


class _Controls(HTMLParser):
    """Every form control of a page, with its label and the fieldset legend it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, Any]] = []
        self.legends = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        if tag == "legend":
            self.legends += 1
        if tag in ("input", "textarea") and a.get("type") != "hidden":
            self.controls.append(
                {
                    "tag": tag,
                    "type": a.get("type"),
                    "id": a.get("id"),
                    "in_label": "label" in self.stack,
                    "in_fieldset": "fieldset" in self.stack,
                }
            )
        if tag not in ("input", "meta", "br", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def test_every_control_has_a_label_and_every_choice_a_fieldset(room, mini):
    client = client_for(room)
    pages = [client.get(BASE).text]
    participant = start(client)
    answers = {q.id: "?" for p in pages_for(mini, "sales") for q in p.questions}
    for number in (1, 2):
        page = client.get(f"{participant}/{number}")
        pages.append(page.text)
        client.post(
            f"{participant}/{number}",
            data={"csrf": csrf_of(page.text)} | page_fields(mini, "sales", number, answers, {}),
        )
    kinds = set()
    for html in pages:
        parsed = _Controls()
        parsed.feed(html)
        for control in parsed.controls:
            kinds.add(control["type"] or control["tag"])
            if control["type"] in ("radio", "checkbox"):
                assert control["in_label"] and control["in_fieldset"], control
            else:
                assert control["id"] in parsed.label_for, control
    assert kinds == {"radio", "checkbox", "text", "number", "textarea"}  # every kind was seen
