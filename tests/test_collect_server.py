"""`alignment collect` for real: uvicorn on 127.0.0.1 (an ephemeral port; never another address),
many participants at once, and a simulated room whose report matches the same answers imported
from a survey platform's CSV."""

from __future__ import annotations

import csv
import io
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from alignment_cli.interactive.webform.app import Limits
from alignment_cli.interactive.webform.room import pages_for
from alignment_cli.interactive.webform.server import (
    parse_ip_addr,
    pick_lan_address,
    prepare,
    serving_in_thread,
    summary,
)
from alignment_cli.model.questionnaire import resolve_questionnaire
from alignment_cli.model.response import discover, load_response
from tests.webform_driver import fill_in, person_answers, stored

pytestmark = pytest.mark.slow

LOCAL = "127.0.0.1"
GENEROUS = Limits(requests=100_000)  # every test client shares one address here


def local_client(url: str) -> httpx.Client:
    """A client that talks to this machine only: no proxy from the environment."""
    assert url.startswith(f"http://{LOCAL}:")
    return httpx.Client(
        base_url=url.split("/", 3)[0] + "//" + url.split("/", 3)[2],
        trust_env=False,
        follow_redirects=False,
        timeout=30,
    )


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture(scope="module")
def smma():
    return resolve_questionnaire("sales-marketing-alignment")


def test_thirty_participants_at_once_give_thirty_valid_files(smma, tmp_path):
    serving = prepare(smma, tmp_path / "room", organization="Acme Corp", host=LOCAL, port=0, limits=GENEROUS)
    people = [("sales" if i % 2 else "marketing", f"Person {i:02d}", i) for i in range(30)]
    answers = {name: person_answers(smma, role, seed) for role, name, seed in people}

    def one(person: tuple[str, str, int]) -> str:
        role, name, _ = person
        with local_client(serving.url) as client:
            return fill_in(
                client,
                path_of(serving.url),
                smma,
                role=role,
                name=name,
                team="EMEA",
                answers=answers[name][0],
                comments=answers[name][1],
            )

    with serving_in_thread(serving), ThreadPoolExecutor(max_workers=30) as pool:
        done = list(pool.map(one, people))
    assert len(set(done)) == 30
    files = discover([tmp_path / "room"])
    assert len(files) == 30
    for role, name, _ in people:
        slug = name.lower().replace(" ", "-")
        response = load_response(tmp_path / "room" / f"{role}-{slug}.yaml", smma)
        assert response.complete
        # every page arrived: each answer as sent, in the file
        assert response.answers == stored(smma, answers[name][0])
        assert response.comments == answers[name][1]
    assert serving.room.counts() == {"sales": (15, 15), "marketing": (15, 15)}


ROOM = [("sales", f"Sales {i}", "EMEA" if i % 2 else "Americas", i == 0) for i in range(10)] + [
    ("marketing", f"Marketing {i}", "Brand" if i % 2 else "Demand", i == 0) for i in range(10)
]


def test_a_room_of_twenty_reports_as_the_same_answers_imported(smma, tmp_path, cli):
    collected = tmp_path / "collected"
    serving = prepare(smma, collected, organization="Acme Corp", host=LOCAL, port=0, limits=GENEROUS)
    given = {}
    with serving_in_thread(serving), local_client(serving.url) as client:
        for seed, (role, name, team, head) in enumerate(ROOM):
            # each phone is its own browser: a fresh client (cookies) per person
            client.cookies.clear()
            given[name] = person_answers(smma, role, 100 + seed)
            fill_in(
                client,
                path_of(serving.url),
                smma,
                role=role,
                name=name,
                team=team,
                head=head,
                answers=given[name][0],
                comments=given[name][1],
            )
    assert len(discover([collected])) == 20

    # the same answers as a platform would export them: one row each, one column per question
    questions = list(smma.questions)
    header = (
        ["Timestamp", "Email address", "side", "name", "team", "head"]
        + questions
        + [f"comment:{d.id}" for d in smma.dimensions]
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for seed, (role, name, team, head) in enumerate(ROOM):
        answers, comments = given[name]
        cells = [
            f"2026/11/25 10:{seed:02d}:00",
            f"p{seed}@example.com",
            role.title(),
            name,
            team,
            "Yes" if head else "No",
        ]
        cells += ["Don't know" if answers.get(q) == "?" else answers.get(q, "") for q in questions]
        cells += [comments.get(d.id, "") for d in smma.dimensions]
        writer.writerow(cells)
    sheet = tmp_path / "export.csv"
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    imported = tmp_path / "imported"
    result = cli("import", sheet, "--out", imported, "--organization", "Acme Corp")
    assert result.code == 0, result.err
    # the timestamp becomes completed_at; only the e-mail column is left unused
    assert "Timestamp" not in result.err and "Email address" in result.err

    a = cli("report", collected, "-f", "md")
    b = cli("report", imported, "-f", "md")
    assert a.code == 0 and b.code == 0, a.err + b.err
    assert "Sales: 10" in a.out and "Marketing: 10" in a.out

    def without_dates(md: str) -> str:
        return re.sub(r"\| Answered \|.*\|", "| Answered | (date) |", md)

    assert a.out != "" and without_dates(a.out) == without_dates(b.out)
    changed = [x for x, y in zip(a.out.splitlines(), b.out.splitlines(), strict=True) if x != y]
    assert all(line.startswith("| Answered |") for line in changed)


def test_the_server_stops_by_itself_and_the_socket_is_closed(smma, tmp_path):
    serving = prepare(smma, tmp_path, organization=None, host=LOCAL, port=0, limits=GENEROUS)
    port = serving.socket.getsockname()[1]
    with serving_in_thread(serving), local_client(serving.url) as client:
        assert client.get(path_of(serving.url)).status_code == 200
        assert client.get("/").status_code == 403
    with pytest.raises(httpx.ConnectError), httpx.Client(trust_env=False, timeout=2) as c:
        c.get(f"http://{LOCAL}:{port}/")


def test_collect_command_prints_the_address_and_qr_and_ctrl_c_gives_the_summary(tmp_path):
    """The real command in a subprocess on 127.0.0.1; Ctrl-C (SIGINT) ends it with exit 0."""
    out = tmp_path / "responses"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "alignment_cli",
            "collect",
            "--host",
            LOCAL,
            "--port",
            "0",
            "--out",
            str(out),
            "--organization",
            "Acme Corp",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100"},
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    url = None
    while time.monotonic() < deadline and url is None:
        line = proc.stdout.readline()
        lines.append(line)
        match = re.match(rf"^(http://{re.escape(LOCAL)}:\d+/[\w-]+/)$", line.strip())
        url = match.group(1) if match else None
    assert url, "".join(lines)
    smma = resolve_questionnaire("sales-marketing-alignment")
    try:
        with local_client(url) as client:
            answers, comments = person_answers(smma, "sales", 1)
            fill_in(client, path_of(url), smma, role="sales", name="Jana", answers=answers, comments=comments)
    finally:
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        rest, _ = proc.communicate(timeout=30)
    text = "".join(lines) + rest
    assert proc.returncode == 0, text
    assert "█" in text or "▀" in text  # the QR code, drawn with block characters
    assert "Sales: 1 started, 0 finished" in text and "Sales: 1 started, 1 finished" in text
    # the command is printed as it will work when pasted (here: this interpreter -m alignment_cli)
    assert f"alignment_cli report {out}\n" in text  # on one line, so it works when pasted
    report = subprocess.run(
        [sys.executable, "-m", "alignment_cli", "report", str(out), "-f", "md"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.returncode == 0, report.stderr  # the printed command works


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (["127.0.0.1", "192.168.1.23"], "192.168.1.23"),
        (["127.0.1.1", "10.0.0.5"], "10.0.0.5"),
        (["169.254.3.4", "172.16.0.9"], "172.16.0.9"),
        (["203.0.113.7", "192.168.5.5"], "192.168.5.5"),  # a private network first
        (["203.0.113.7"], "203.0.113.7"),  # a machine with a public address only: that one
        (["0.0.0.0", "224.0.0.1"], "127.0.0.1"),  # noqa: S104 - an address to classify
        (["fe80::1", "not an address"], "127.0.0.1"),
        ([], "127.0.0.1"),
    ],
)
def test_the_address_shown_is_a_private_lan_address(candidates, expected):
    assert pick_lan_address(candidates) == expected


def test_ip_addr_output_is_read():
    text = (
        "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n"
        "2: wlan0    inet 192.168.0.42/24 brd 192.168.0.255 scope global dynamic wlan0\n"
    )
    assert parse_ip_addr(text) == ["127.0.0.1", "192.168.0.42"]
    assert pick_lan_address(parse_ip_addr(text)) == "192.168.0.42"


def test_summary_names_the_next_command(smma, tmp_path):
    serving = prepare(smma, tmp_path / "my responses", organization=None, host=LOCAL, port=0)
    serving.socket.close()
    room = serving.room
    assert "nothing to report" in summary(room, tmp_path / "my responses", "sales-marketing-alignment")
    person = room.start(role="marketing", name="Mo", team=None, head=False)
    answers = {q.id: "?" for p in pages_for(smma, "marketing") for q in p.questions}
    for page in person.pages:
        fields = {f"q:{q.id}": answers[q.id] for q in page.questions}
        assert room.submit(person, page, fields) is None
    text = summary(room, tmp_path / "my responses", "custom.yaml")
    assert f"Next: alignment report '{tmp_path / 'my responses'}' --questionnaire custom.yaml" in text


def test_a_port_in_use_is_a_clear_message(smma, tmp_path):
    from alignment_cli.errors import UsageError

    first = prepare(smma, tmp_path / "a", organization=None, host=LOCAL, port=0)
    port = first.socket.getsockname()[1]
    try:
        with pytest.raises(UsageError, match=rf"cannot listen on 127.0.0.1:{port}: .*--port"):
            prepare(smma, tmp_path / "b", organization=None, host=LOCAL, port=port)
    finally:
        first.socket.close()


def test_the_listening_socket_says_it_is_tcp_so_replies_are_not_delayed(smma, tmp_path):
    """asyncio sets TCP_NODELAY only on sockets whose protocol is TCP; with proto 0 every
    kept-alive request waited about 40 ms."""
    import socket

    serving = prepare(smma, tmp_path, organization=None, host=LOCAL, port=0)
    try:
        assert serving.socket.proto == socket.IPPROTO_TCP
    finally:
        serving.socket.close()


def test_the_instructions_follow_the_address_served() -> None:
    from alignment_cli.interactive.webform.server import only_this_computer, open_instruction

    for url in ("http://127.0.0.1:8000/", "http://localhost:8000/", "http://[::1]:8000/"):
        assert only_this_computer(url)
        assert "this computer" in open_instruction(url) and "phone" not in open_instruction(url).split("(")[0]
    assert not only_this_computer("http://192.168.1.20:8000/")
    assert "phone" in open_instruction("http://192.168.1.20:8000/")
