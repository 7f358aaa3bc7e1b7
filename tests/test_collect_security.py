"""collect, attacked: the state file's token and secrets, what a posted page may save, whose file
a page lands in (across tools and restarts), and the HTTP edges (slow, spoofed, ambiguous).
Servers listen on 127.0.0.1 only; every loop is bounded."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from alignment_cli.errors import InputError
from alignment_cli.interactive.webform.app import Limits
from alignment_cli.interactive.webform.room import STATE_FILE, Room, pages_for
from alignment_cli.model.response import load_response
from tests.webform_driver import BASE, TOKEN, client_for, csrf_of, page_fields, person_answers, start

LOCAL = "127.0.0.1"


@pytest.fixture
def room(mini, tmp_path: Path) -> Room:
    return Room(mini, tmp_path / "responses", organization="Acme Corp", token=TOKEN)


def send_page(
    client, participant: str, mini, number: int, extra: dict | None = None, role: str = "sales", seed: int = 5
):
    answers, _ = person_answers(mini, role, seed)
    page = client.get(f"{participant}/{number}")
    data = {"csrf": csrf_of(page.text)} | page_fields(mini, role, number, answers, {})
    return client.post(f"{participant}/{number}", data=data | (extra or {}))


# --- collect-auth -------------------------------------------------------------------------------

SECRET = "Zq3_xY7-Lm2pQ9rT5vW8kN4j"  # noqa: S105 - a test's participant secret


@pytest.mark.parametrize(
    "token",
    [
        "",
        "t",
        "short-token",
        "a" * 32,
        "0123456789abcdef0123",
        "abababababababababababab",
        None,
        12345678901234567890,
        "has spaces in it and is long",
        "tok\nen-0123456789abcdef",
    ],
)
def test_a_state_file_with_a_weak_token_is_refused(mini, tmp_path, token):
    """The issue's example: an empty token was accepted, so the address was guessable."""
    (tmp_path / STATE_FILE).write_text(json.dumps({"token": token, "participants": {}}), encoding="utf-8")
    with pytest.raises(InputError, match="move the file away"):
        Room(mini, tmp_path)


@pytest.mark.parametrize("secret", ["", "s", "x" * 40, "../../etc", "0" * 18])
def test_a_state_file_with_a_weak_participant_secret_is_refused(mini, tmp_path, secret):
    (tmp_path / STATE_FILE).write_text(
        json.dumps(
            {
                "token": TOKEN,
                "participants": {secret: {"file": "sales-a.yaml", "respondent": {"role": "sales"}}},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="move the file away"):
        Room(mini, tmp_path)


def test_a_weak_token_given_directly_is_refused(mini, tmp_path):
    with pytest.raises(InputError):
        Room(mini, tmp_path, token="abc")  # noqa: S106 - a weak token, refused


def test_the_state_file_is_private_from_its_first_byte(room, monkeypatch):
    import os

    modes: list[int] = []
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(dst).endswith(STATE_FILE):
            modes.append(os.stat(src).st_mode & 0o777)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    start(client_for(room))
    assert modes and set(modes) == {0o600}
    assert (room.out / STATE_FILE).stat().st_mode & 0o777 == 0o600


def test_a_readable_state_file_is_made_private_again(room, mini):
    start(client_for(room))
    state = room.out / STATE_FILE
    state.chmod(0o644)
    Room(mini, room.out)
    assert state.stat().st_mode & 0o777 == 0o600


def test_a_state_file_that_is_a_link_is_refused(mini, tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"token": TOKEN, "participants": {}}), encoding="utf-8")
    folder = tmp_path / "responses"
    folder.mkdir()
    (folder / STATE_FILE).symlink_to(target)
    with pytest.raises(InputError, match="symbolic link"):
        Room(mini, folder)


def test_cookies_are_httponly_and_strict(room):
    client = client_for(room)
    page = client.get(BASE)
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    # plain http on a local network: no Secure flag, or the browser would drop the cookie


def test_too_many_participants_is_a_clear_page(room, monkeypatch):
    from alignment_cli.interactive.webform import room as room_module

    monkeypatch.setattr(room_module, "MAX_PARTICIPANTS", 2)
    client = client_for(room)
    start(client, name="A")
    start(client_for(room), name="B")
    client = client_for(room)
    page = client.get(BASE)
    refused = client.post(
        BASE + "start", data={"csrf": csrf_of(page.text), "role": "sales", "name": "C", "head": "no"}
    )
    assert refused.status_code == 503
    assert len(room.participants) == 2


# --- collect-input ------------------------------------------------------------------------------


def test_a_page_saves_only_its_own_questions(room, mini):
    """The issue's example: fields of another page, or of no question, are not saved."""
    client = client_for(room)
    participant = start(client)
    later = [q.id for p in pages_for(mini, "sales")[1:] for q in p.questions]
    marketing_only = [q.id for q in mini.questions.values() if "sales" not in mini.roles_of(q)]
    extra = {f"q:{qid}": "1" for qid in later + marketing_only}
    extra |= {
        "q:no.such.question": "5",
        "answers": "x",
        "organization": "Evil Corp",
        "respondent": "ceo",
        f"dk:{later[0]}": "1",
        "comment:leads": "smuggled",
    }
    sent = send_page(client, participant, mini, 1, extra)
    assert sent.status_code == 303
    response = load_response(room.out / "sales-jana.yaml", mini)
    first = {q.id for q in pages_for(mini, "sales")[0].questions}
    assert set(response.answers) == first
    assert response.organization == "Acme Corp"
    assert "leads" not in response.comments


@pytest.mark.parametrize(
    "value", ["nan", "inf", "-inf", "1e999", "1_0", "\u0664", "+4", "4.0", " 4 4", "0x4", "4" * 400, "\x00"]
)
def test_values_are_plain_digits(room, mini, value):
    client = client_for(room)
    participant = start(client)
    page = pages_for(mini, "sales")[0]
    question = next(q for q in page.questions if q.kind in ("likert", "number"))
    sent = send_page(client, participant, mini, 1, {f"q:{question.id}": value})
    assert sent.status_code == 400
    assert not (room.out / "sales-jana.yaml").exists()


# --- collect-files ------------------------------------------------------------------------------


def test_a_file_written_by_another_tool_after_the_start_is_never_replaced(room, mini):
    """The issue's example: started under a name; another tool then writes that file."""
    client = client_for(room)
    participant = start(client)
    room.out.mkdir(parents=True, exist_ok=True)
    (room.out / "sales-jana.yaml").write_text("written by the survey\n", encoding="utf-8")
    assert send_page(client, participant, mini, 1).status_code == 303
    assert (room.out / "sales-jana.yaml").read_text(encoding="utf-8") == "written by the survey\n"
    mine = [p.path for p in room.participants.values()]
    assert mine == [room.out / "sales-jana-2.yaml"]
    assert load_response(mine[0], mini).answers


def test_a_file_replaced_between_two_pages_is_not_written_over(room, mini):
    client = client_for(room)
    participant = start(client)
    assert send_page(client, participant, mini, 1).status_code == 303
    (room.out / "sales-jana.yaml").write_text("replaced by hand\n", encoding="utf-8")
    assert send_page(client, participant, mini, 2).status_code == 303
    assert (room.out / "sales-jana.yaml").read_text(encoding="utf-8") == "replaced by hand\n"


def test_a_restarted_server_hands_a_file_back_only_to_its_owner(room, mini):
    client = client_for(room)
    participant = start(client)
    assert send_page(client, participant, mini, 1).status_code == 303
    secret = participant.rsplit("/", 1)[1]
    # while the server is down, another tool replaces the file with someone else's answers
    (room.out / "sales-jana.yaml").write_text(
        (room.out / "sales-jana.yaml").read_text(encoding="utf-8").replace("Jana", "Ravi"), encoding="utf-8"
    )
    again = Room(mini, room.out)
    person = again.get(secret)
    assert person is not None
    assert person.path != room.out / "sales-jana.yaml"
    assert person.response.answers == {}
    assert person.response.respondent.name == "Jana"


def test_a_restarted_server_gives_the_unchanged_file_back(room, mini):
    client = client_for(room)
    participant = start(client)
    assert send_page(client, participant, mini, 1).status_code == 303
    again = Room(mini, room.out)
    person = again.get(participant.rsplit("/", 1)[1])
    assert person is not None and person.path == room.out / "sales-jana.yaml"
    assert person.response.answers


def test_one_file_for_two_secrets_in_the_state_is_refused(room, mini):
    start(client_for(room))
    state_path = room.out / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8"))
    (only,) = state["participants"].values()
    state["participants"][SECRET] = dict(only)
    state_path.write_text(json.dumps(state), encoding="utf-8")
    with pytest.raises(InputError, match="two participants"):
        Room(mini, room.out)


# --- collect-http: a real server on 127.0.0.1 -----------------------------------------------------


@pytest.fixture
def served(mini, tmp_path, monkeypatch):
    from alignment_cli.interactive.webform import server

    monkeypatch.setattr(server, "REQUEST_SECONDS", 1.0)
    serving = server.prepare(
        mini,
        tmp_path / "room",
        organization=None,
        host=LOCAL,
        port=0,
        limits=Limits(requests=10_000),
        token=TOKEN,
    )
    with server.serving_in_thread(serving):
        yield serving


def raw_exchange(port: int, data: bytes, wait: float = 5.0) -> bytes:
    with socket.create_connection((LOCAL, port), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                return b"".join(chunks) + b"<closed>"
            chunks.append(chunk)
        return b"".join(chunks)


def port_of(serving) -> int:
    return serving.socket.getsockname()[1]


def test_half_a_request_header_is_disconnected(served):
    """The issue's example: half a header, then nothing; the server hangs up."""
    began = time.monotonic()
    got = raw_exchange(port_of(served), f"GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0".encode(), wait=6.0)
    assert got.endswith(b"<closed>")
    assert time.monotonic() - began < 5.0


def test_half_a_body_is_disconnected(served):
    port = port_of(served)
    head = (
        f"POST /{TOKEN}/start HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nro"
    )
    began = time.monotonic()
    got = raw_exchange(port, head.encode(), wait=6.0)
    assert got.endswith(b"<closed>") and time.monotonic() - began < 5.0


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "localhost.evil.example:{port}", ""]
)
def test_a_spoofed_host_is_refused(served, host):
    port = port_of(served)
    request = f"GET /{TOKEN}/ HTTP/1.1\r\nHost: {host.format(port=port)}\r\nConnection: close\r\n\r\n"
    got = raw_exchange(port, request.encode())
    assert got.startswith((b"HTTP/1.1 421", b"HTTP/1.1 400")), got[:200]
    assert b"csrf" not in got


def test_the_served_host_is_accepted(served):
    port = port_of(served)
    got = raw_exchange(
        port, f"GET /{TOKEN}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
    )
    assert got.startswith(b"HTTP/1.1 200"), got[:200]


@pytest.mark.parametrize(
    "headers",
    [
        "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
    ],
)
def test_ambiguous_lengths_are_refused(served, headers):
    port = port_of(served)
    request = (
        f"POST /{TOKEN}/start HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\n0\r\n\r\n"
    )
    got = raw_exchange(port, request.encode())
    assert got.startswith(b"HTTP/1.1 400"), got[:200]
