"""Serving the form from this machine: the address to share, the QR code, live counts, the end.

The address shown is this machine's address on the local network, read from its interfaces
(no packet is sent to find it). uvicorn serves the application on a socket bound here first, so
a port in use is a clear message before anything is printed.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alignment_cli.errors import UsageError
from alignment_cli.interactive.webform.app import Limits, create_app
from alignment_cli.interactive.webform.room import Room
from alignment_cli.model.questionnaire import Questionnaire
from alignment_cli.model.result import side_name
from alignment_cli.program import report_command

if TYPE_CHECKING:
    import uvicorn
    from rich.console import Console

    from alignment_cli.interactive.webform.protocol import TimedH11Protocol

ALL_INTERFACES = {"0.0.0.0", "", "::"}  # noqa: S104 - names them, to show the LAN address


def lan_address() -> str:
    """This machine's private IPv4 address, found without sending anything; 127.0.0.1 when
    there is none."""
    candidates: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        candidates += [str(info[4][0]) for info in infos]
    except OSError:
        pass
    candidates += _ip_addr_lines()
    return pick_lan_address(candidates)


_PRIVATE = [ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def pick_lan_address(candidates: list[str]) -> str:
    """A private (RFC 1918) address first, as home and office networks use; else any other
    address phones could reach; else 127.0.0.1."""
    usable = []
    for text in candidates:
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if not (
            address.is_loopback or address.is_link_local or address.is_multicast or address.is_unspecified
        ):
            usable.append(address)
    for address in usable:
        if any(address in network for network in _PRIVATE):
            return str(address)
    return str(usable[0]) if usable else "127.0.0.1"


def _ip_addr_lines() -> list[str]:
    """Addresses from `ip -4 -o addr show` (Linux), which lists every interface's address."""
    ip = shutil.which("ip") or next((p for p in ("/usr/sbin/ip", "/sbin/ip") if Path(p).is_file()), None)
    if ip is None:
        return []
    try:
        out = subprocess.run(  # noqa: S603 - the system's own ip tool, fixed arguments
            [ip, "-4", "-o", "addr", "show"],
            capture_output=True,
            text=True,
            timeout=2,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return parse_ip_addr(out)


def parse_ip_addr(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        parts = line.split()
        if "inet" in parts:
            value = parts[parts.index("inet") + 1] if parts.index("inet") + 1 < len(parts) else ""
            found.append(value.split("/", 1)[0])
    return found


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, or a clear message when the address cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and
    # without it every kept-alive request waits some 40 ms for a delayed acknowledgement
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror}; choose another port with --port"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@dataclass(frozen=True)
class Serving:
    """A running collection: the room, the socket and the server, and the address to share."""

    room: Room
    url: str
    server: uvicorn.Server
    socket: socket.socket


def prepare(
    questionnaire: Questionnaire,
    out: Path,
    *,
    organization: str | None,
    host: str,
    port: int,
    limits: Limits | None = None,
    token: str | None = None,
    on_change: Callable[[Room], None] | None = None,
) -> Serving:
    import uvicorn

    room = Room(questionnaire, out, organization=organization, token=token, on_change=on_change)
    sock = bind(host, port)
    shown = lan_address() if host in ALL_INTERFACES else host
    bound_port = sock.getsockname()[1]
    shown_host = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown_host}:{bound_port}/{room.token}/"
    hosts = served_hosts(host, shown_host, bound_port)
    config = uvicorn.Config(
        create_app(room, limits or Limits(), hosts=hosts),
        log_level="warning",
        access_log=False,
        lifespan="off",
        server_header=False,
        timeout_graceful_shutdown=3,
        http=timed_protocol(),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=MAX_CONNECTIONS,
    )
    return Serving(room, url, uvicorn.Server(config), sock)


KEEP_ALIVE_SECONDS = 5  # an idle kept-alive connection is closed after this
REQUEST_SECONDS = 15.0  # a request's header and body must arrive within this
MAX_HEADER_BYTES = 16 * 1024
MAX_CONNECTIONS = 200


def served_hosts(host: str, shown_host: str, port: int) -> frozenset[str]:
    """The Host header values a request may carry: the address shared, the address listened
    on, and this machine's loopback names (for the facilitator's own browser)."""
    names = {shown_host, host if ":" not in host else f"[{host}]", "127.0.0.1", "localhost", "[::1]"}
    names.discard("0.0.0.0")  # noqa: S104 - not an address anyone browses to
    names.discard("[::]")
    out = {f"{name}:{port}" for name in names if name}
    if port == 80:
        out |= {name for name in names if name}
    return frozenset(out)


def timed_protocol() -> type[TimedH11Protocol]:
    """uvicorn's h11 protocol, with a deadline for each request to arrive whole: a client that
    sends half a header (or half a body) and waits is disconnected after REQUEST_SECONDS."""
    from alignment_cli.interactive.webform.protocol import TimedH11Protocol

    class Timed(TimedH11Protocol):
        deadline = REQUEST_SECONDS  # read when the server is prepared, so a test can shorten it

    return Timed


@contextmanager
def serving_in_thread(serving: Serving, timeout: float = 10.0) -> Iterator[Serving]:
    """Run the server in a thread for the duration of the block (tests, embedding)."""
    thread = threading.Thread(target=serving.server.run, kwargs={"sockets": [serving.socket]}, daemon=True)
    thread.start()
    waited = 0.0
    while not serving.server.started and waited < timeout and thread.is_alive():
        threading.Event().wait(0.02)
        waited += 0.02
    if not serving.server.started:
        raise RuntimeError("the collect server did not start")
    try:
        yield serving
    finally:
        serving.server.should_exit = True
        thread.join(timeout)
        serving.socket.close()


def counts_line(room: Room) -> str:
    parts = []
    for role, (started, finished) in room.counts().items():
        parts.append(f"{side_name(role)}: {started} started, {finished} finished")
    return " · ".join(parts)


def qr_text(url: str) -> str:
    """The address as a QR code drawn with block characters, for phones' cameras."""
    import io

    import segno

    buffer = io.StringIO()
    segno.make(url, error="m").terminal(out=buffer, compact=True, border=2)
    return buffer.getvalue()


def run_collect(
    *, questionnaire: str, organization: str | None, out: Path, host: str, port: int, console: Console
) -> None:
    """`alignment collect`: serve until Ctrl-C, then say what was collected and what is next."""
    from alignment_cli.model.questionnaire import resolve_questionnaire

    chosen = resolve_questionnaire(questionnaire)
    lock = threading.Lock()

    def changed(room: Room) -> None:
        import time

        with lock:
            console.print(f"{time.strftime('%H:%M:%S')}  {counts_line(room)}", markup=False, highlight=False)

    def failed(exc: Exception) -> None:
        with lock:
            console.print(f"Could not save a page: {exc}", style="bold red", markup=False)

    serving = prepare(chosen, out, organization=organization, host=host, port=port, on_change=changed)
    serving.room.on_error = failed
    console.print(
        f"{chosen.title}" + (f" · {organization}" if organization else ""), style="bold", markup=False
    )
    console.print(open_instruction(serving.url), markup=False)
    console.print(serving.url, style="bold", markup=False, soft_wrap=True)
    console.file.write(qr_text(serving.url))
    console.file.flush()
    console.print(
        f"Answers are saved in {out}/, one file per person; nothing leaves this "
        "machine. Press Ctrl-C to stop.",
        markup=False,
        style="dim",
    )
    if serving.room.participants:
        console.print(f"Continuing an earlier collection in {out}/.", markup=False)
    console.print(counts_line(serving.room), markup=False)
    try:
        serving.server.run(sockets=[serving.socket])
    except KeyboardInterrupt:
        pass  # uvicorn shut down cleanly and passes Ctrl-C on: it is how a collection ends
    finally:
        serving.socket.close()
    console.print()
    # soft_wrap: the printed command must stay on one line to work when pasted
    console.print(summary(serving.room, out, questionnaire), markup=False, soft_wrap=True)


def only_this_computer(url: str) -> bool:
    """Whether the address is a loopback one, which no other device can open."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def open_instruction(url: str) -> str:
    """What to do with the address, worded by who can reach it."""
    if only_this_computer(url):
        return (
            "Open this address in a browser on this computer (it serves this computer "
            "only; give --host with this computer's network address to reach phones):"
        )
    return "Open this address on a phone or laptop on the same network:"


def summary(room: Room, out: Path, questionnaire_ref: str) -> str:
    lines = ["Stopped. " + counts_line(room) + "."]
    finished = sum(f for _, f in room.counts().values())
    unfinished = [p.path for p in room.participants.values() if not p.finished]
    if unfinished:
        lines.append(
            f"{len(unfinished)} unfinished: their files hold the pages they sent; run "
            "`alignment collect` again with the same --out to let them continue."
        )
    if finished:
        lines.append("Next: " + report_command([out], questionnaire_ref))
    else:
        lines.append("No one has finished yet, so there is nothing to report.")
    return "\n".join(lines)
