"""The web application behind `alignment collect`: routes, and the guards every request passes.

From the outside in: security headers on every response (a strict Content-Security-Policy, no
referrer, no caching), a per-client rate limit (429), a limit on request bodies (413), the access
token as the first part of every path (403 without it), then the form's routes. Every form
carries a CSRF token tied to a cookie. Nothing from the filesystem is served: the stylesheet is
inlined and allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, assert_never

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from alignment_cli.errors import AlignmentError
from alignment_cli.interactive.webform.room import (
    DONT_KNOW,
    MAX_COMMENT,
    MAX_TEXT,
    NOT_APPLICABLE,
    Participant,
    Room,
    allows_na,
    is_not_applicable,
    pages_for,
)
from alignment_cli.model.questionnaire import AnyQuestion, ChooseOne, TypeNumber, Widget
from alignment_cli.model.result import side_name

TEMPLATES = Path(__file__).parent / "templates"
PARTICIPANT_COOKIE = "alignment_participant"
CSRF_COOKIE = "alignment_csrf"


@dataclass(frozen=True)
class Limits:
    """The guards' numbers: a body limit for a page of answers and a generous request rate."""

    max_body: int = 64 * 1024
    requests: int = 120  # per client address ...
    window: float = 60.0  # ... per this many seconds


def create_app(
    room: Room,
    limits: Limits = Limits(),
    clock: Callable[[], float] = time.monotonic,
    hosts: frozenset[str] | None = None,
) -> ASGIApp:
    """The whole application, guards included, for one room and its access token. With
    `hosts`, a request whose Host header names anything else is refused (DNS rebinding)."""
    token = room.token
    form = _Form(room, token)
    routes = [
        Route(f"/{token}/", form.start_page, methods=["GET"]),
        Route(f"/{token}/start", form.start, methods=["POST"]),
        Route(f"/{token}/new", form.forget, methods=["POST"]),
        Route(f"/{token}/p/{{secret}}", form.resume, methods=["GET"]),
        Route(f"/{token}/p/{{secret}}/{{number:int}}", form.page, methods=["GET", "POST"]),
    ]
    app = Starlette(routes=routes)
    guarded: ASGIApp = _TokenGuard(app, token)
    guarded = _BodyLimit(guarded, limits.max_body)
    guarded = _RateLimit(guarded, limits.requests, limits.window, clock)
    if hosts is not None:
        guarded = _HostGuard(guarded, hosts)
    return _SecurityHeaders(guarded, form.csp)


# --- the form ----------------------------------------------------------------------------------


def dont_know_field(question_id: str, widget: Widget) -> dict[str, str]:
    """The field a stored "don't know" fills in again: a number's box, or a choice's button."""
    match widget:
        case TypeNumber():
            return {f"dk:{question_id}": "1"}
        case ChooseOne():
            return {f"q:{question_id}": DONT_KNOW}
        case _:
            assert_never(widget)


class _Form:
    def __init__(self, room: Room, token: str) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.room = room
        self.base = f"/{token}/"
        self._key = secrets.token_bytes(32)
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.css = (TEMPLATES / "form.css").read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(self.css.encode()).digest()).decode()
        self.csp = (
            "default-src 'none'; style-src 'sha256-" + digest + "'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        )

    # --- rendering ---

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        csrf_cookie = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(16)
        q = self.room.questionnaire
        html = self.env.get_template(template).render(
            {
                "questionnaire": q,
                "organization": self.room.organization,
                "base": self.base,
                "css": self.css,
                "csrf": self._csrf(csrf_cookie),
                "side_name": side_name,
                "sides": self.room.sides,
                "widget": self._widget,
                "options": self._options,
                "aside_values": {DONT_KNOW, NOT_APPLICABLE},
                "max_text": MAX_TEXT,
                "max_comment": MAX_COMMENT,
                "errors": {},
                "sent": {},
            }
            | context
        )
        response = HTMLResponse(html, status_code=status)
        if request.cookies.get(CSRF_COOKIE) != csrf_cookie:
            self._cookie(response, CSRF_COOKIE, csrf_cookie)
        return response

    def _widget(self, question: AnyQuestion) -> Widget:
        """How the page draws a question: its `name` picks the template's field."""
        return question.widget(self.room.questionnaire.scale)

    def _options(self, question: AnyQuestion) -> list[tuple[str, str]]:
        """A choice's radio buttons as (value sent, label), then "don't know" (and "not
        applicable" where allowed)."""
        widget = self._widget(question)
        match widget:
            case ChooseOne():
                options = [
                    (str(value), widget.label(value, words, " \u00b7 ")) for value, words in widget.options
                ]
            case TypeNumber():
                options = []  # typed, with a "don't know" box of its own
            case _:
                assert_never(widget)
        options.append((DONT_KNOW, "Don't know"))
        if allows_na(question):
            options.append((NOT_APPLICABLE, "Not applicable"))
        return options

    def _cookie(self, response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name, value, max_age=7 * 24 * 3600, path=self.base, httponly=True, samesite="strict"
        )

    def _csrf(self, cookie: str) -> str:
        return hmac.new(self._key, cookie.encode(), hashlib.sha256).hexdigest()

    async def _checked_form(self, request: Request) -> dict[str, str] | Response:
        """The sent fields, or a 403 page when the CSRF token does not match the cookie."""
        async with request.form(max_files=0, max_fields=200, max_part_size=16 * 1024) as data:
            fields = {k: v for k, v in data.items() if isinstance(v, str)}
        cookie = request.cookies.get(CSRF_COOKIE)
        sent = fields.get("csrf", "")
        if not cookie or not hmac.compare_digest(sent, self._csrf(cookie)):
            return self.render(
                request,
                "message.html.j2",
                status=403,
                heading="This page has expired",
                message="Open the form again and send it once more (cookies must be allowed for this page).",
                link=self.base,
            )
        return fields

    # --- routes ---

    async def start_page(self, request: Request) -> Response:
        participant = self.room.get(request.cookies.get(PARTICIPANT_COOKIE))
        if participant is not None:
            return RedirectResponse(f"{self.base}p/{participant.secret}", status_code=303)
        return self._start_form(request)

    def _start_form(
        self, request: Request, errors: dict[str, str] | None = None, sent: dict[str, str] | None = None
    ) -> Response:
        q = self.room.questionnaire
        pages = {len(pages_for(q, role)) for role in self.room.sides}
        return self.render(
            request,
            "start.html.j2",
            status=400 if errors else 200,
            errors=errors or {},
            sent=sent or {},
            page_count=" or ".join(str(n) for n in sorted(pages)),
            minutes=q.minutes_for(),
        )

    async def start(self, request: Request) -> Response:
        fields = await self._checked_form(request)
        if isinstance(fields, Response):
            return fields
        sent = {k: fields.get(k, "").strip() for k in ("role", "name", "team", "head")}
        errors: dict[str, str] = {}
        if sent["role"] not in self.room.sides:
            errors["role"] = "Please choose your side."
        if sent["head"] not in {"yes", "no"}:
            errors["head"] = "Please choose yes or no."
        for key in ("name", "team"):
            if len(sent[key]) > MAX_TEXT:
                errors[key] = f"Please keep this under {MAX_TEXT} characters."
        if errors:
            return self._start_form(request, errors, sent)
        try:
            participant = self.room.start(
                role=sent["role"],
                name=sent["name"] or None,
                team=sent["team"] or None,
                head=sent["head"] == "yes",
            )
        except AlignmentError as exc:
            return self._not_saved(request, exc)
        response = RedirectResponse(f"{self.base}p/{participant.secret}/1", status_code=303)
        self._cookie(response, PARTICIPANT_COOKIE, participant.secret)
        return response

    async def forget(self, request: Request) -> Response:
        fields = await self._checked_form(request)
        if isinstance(fields, Response):
            return fields
        response = RedirectResponse(self.base, status_code=303)
        response.delete_cookie(PARTICIPANT_COOKIE, path=self.base)
        return response

    async def resume(self, request: Request) -> Response:
        participant = self._still_answering(request)
        if isinstance(participant, Response):
            return participant
        return RedirectResponse(f"{self.base}p/{participant.secret}/{participant.current}", status_code=303)

    async def page(self, request: Request) -> Response:
        participant = self._still_answering(request)
        if isinstance(participant, Response):
            return participant
        number = int(request.path_params["number"])
        if not 1 <= number <= participant.current:  # no skipping ahead of what was sent
            return RedirectResponse(
                f"{self.base}p/{participant.secret}/{participant.current}", status_code=303
            )
        page = participant.pages[number - 1]
        if request.method == "GET":
            return self._page(request, participant, number)
        fields = await self._checked_form(request)
        if isinstance(fields, Response):
            return fields
        try:
            problems = self.room.submit(participant, page, fields)
        except AlignmentError as exc:
            return self._not_saved(request, exc)
        if problems is not None:
            return self.render(
                request,
                "page.html.j2",
                status=400,
                participant=participant,
                page=page,
                errors=problems.errors,
                sent=problems.sent,
            )
        if participant.finished:
            return RedirectResponse(f"{self.base}p/{participant.secret}", status_code=303)
        return RedirectResponse(f"{self.base}p/{participant.secret}/{participant.current}", status_code=303)

    def _page(self, request: Request, participant: Participant, number: int) -> Response:
        """A page with what this participant already answered on it, for Back and reloads."""
        page = participant.pages[number - 1]
        response = participant.response
        sent: dict[str, str] = {"comment": response.comments.get(page.dimension.id, "")}
        for question in page.questions:
            if is_not_applicable(response, question.id):
                sent[f"q:{question.id}"] = NOT_APPLICABLE
                continue
            if question.id not in response.answers:
                continue
            value = response.answers[question.id]
            if value is None:
                sent.update(dont_know_field(question.id, self._widget(question)))
            else:
                sent[f"q:{question.id}"] = f"{value:g}" if isinstance(value, float) else str(value)
        return self.render(request, "page.html.j2", participant=participant, page=page, sent=sent)

    def _not_saved(self, request: Request, exc: AlignmentError) -> Response:
        """The laptop could not write the file (a full disk, a removed folder): say so to the
        person, and to the facilitator in the terminal; the answers on the page are not lost
        from the phone, which can send them again."""
        if self.room.on_error is not None:
            self.room.on_error(exc)
        return self.render(
            request,
            "message.html.j2",
            status=503,
            heading="Your answers could not be saved",
            message="Please tell the facilitator, then go back and send this page again.",
        )

    def _still_answering(self, request: Request) -> Participant | Response:
        """The participant whose link this is, or the page to show instead: not known, or
        thanked once finished."""
        participant = self._participant(request)
        if isinstance(participant, Participant) and participant.finished:
            return self.render(request, "thanks.html.j2")
        return participant

    def _participant(self, request: Request) -> Participant | Response:
        participant = self.room.get(request.path_params["secret"])
        if participant is None:
            return self.render(
                request,
                "message.html.j2",
                status=404,
                heading="This link is not known",
                message="Start from the address the facilitator shared.",
                link=self.base,
            )
        return participant


# --- the guards ----------------------------------------------------------------------------------


async def _plain(
    send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ]
            + (headers or []),
        }
    )
    await send({"type": "http.response.body", "body": body})


class _SecurityHeaders:
    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cache-control", b"no-store"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        await self.app(scope, receive, with_headers)


class _RateLimit:
    """At most `requests` per client address in any `window` seconds; then 429."""

    def __init__(
        self, app: ASGIApp, requests: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.requests = requests
        self.window = window
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        key = client[0] if client else "?"
        now = self.clock()
        if len(self.seen) > 10_000:  # many addresses: forget those quiet for a window
            self.seen = {k: t for k, t in self.seen.items() if t and t[-1] > now - self.window}
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.requests:
            wait = max(1, int(times[0] + self.window - now + 1))
            await _plain(
                send,
                429,
                "Too many requests from this device; wait a moment and try again.\n",
                [(b"retry-after", str(wait).encode())],
            )
            return
        times.append(now)
        await self.app(scope, receive, send)


class _BodyLimit:
    """Reads a request body up to `limit` bytes before the app sees it; more is refused (413)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        names = [name for name, _ in headers]
        declared = dict(headers).get(b"content-length")
        # a length given twice, or a length and a chunked body: the request means different
        # things to different parsers, so it is refused and the connection closed
        if (
            (declared is not None and not declared.isdigit())
            or names.count(b"content-length") > 1
            or (declared is not None and b"transfer-encoding" in names)
            or names.count(b"transfer-encoding") > 1
            or names.count(b"host") > 1
        ):
            await _plain(send, 400, "Bad request.\n", [(b"connection", b"close")])
            return
        body = None if declared and int(declared) > self.limit else await self._read(receive)
        if body is None:
            await _plain(send, 413, "The form sent is too large.\n")
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it passes the limit."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


class _HostGuard:
    """The Host header must name the address the form is served on (or this machine's own
    loopback names): a page on another site whose name was pointed at this machine (DNS
    rebinding) gets 421, never the form."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = [v for k, v in scope.get("headers", []) if k == b"host"]
        host = given[0].decode("latin-1").strip().lower() if len(given) == 1 else ""
        if host not in self.hosts:
            await _plain(
                send,
                421,
                "This address is not the one the facilitator shared.\n",
                [(b"connection", b"close")],
            )
            return
        await self.app(scope, receive, send)


class _TokenGuard:
    """Every path starts with the access token; anything else is 403, with nothing served."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        first = path.lstrip("/").split("/", 1)[0].encode()
        if not hmac.compare_digest(first, self.token):
            await _plain(send, 403, "Forbidden: open the address the facilitator shared.\n")
            return
        if path.rstrip("/") == "/" + self.token.decode() and not path.endswith("/"):
            await send(
                {
                    "type": "http.response.start",
                    "status": 308,
                    "headers": [(b"location", path.encode() + b"/"), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)
