"""Who is asking, and whether a request that changes state may: sessions, CSRF, isolation.

- **Sessions** are signed HttpOnly SameSite=Lax cookies (Starlette's
  `SessionMiddleware`); the cookie holds the user's id and their CSRF token.
- **CSRF**: every request that changes state (POST, PUT, PATCH, DELETE) must carry
  the session's token, in the `X-CSRF-Token` header (HTMX sends it from the
  page's `hx-headers`) or a `csrf` form field. A JSON body (`application/json`)
  also passes: a browser cannot send one across sites without a CORS preflight,
  which this app never grants. A request whose `Origin` is another site is
  refused either way.
- **Isolation**: every route reaches data only through `workspace(request)`, the
  signed-in user's own workspace; on a loopback server there is one person and
  no login.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.web.accounts import LOCAL, User

if TYPE_CHECKING:
    from accord.web.workspace import Workspace

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "X-CSRF-Token"
FIELD = "csrf"


class LoginNeededError(Exception):
    """No one is signed in on a server with accounts (pages redirect, the API says 401)."""


def current_user(request: Request) -> User | None:
    """The signed-in user; on a loopback server, always the one local person."""
    if not request.app.state.settings.accounts:
        return LOCAL
    found = request.session.get("user")
    if not isinstance(found, list) or len(found) != 2:
        return None
    return User(int(found[0]), str(found[1]))


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for `user` (a new CSRF token too: no session fixation)."""
    request.session.clear()
    request.session["user"] = [user.id, user.name]
    request.session[FIELD] = secrets.token_urlsafe(24)


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use."""
    token = request.session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        request.session[FIELD] = token
    return token


async def check_request(request: Request) -> None:
    """Refuse a state-changing request from another site or without the CSRF token
    (a FastAPI dependency on the whole app; the form it reads is cached for the route)."""
    if request.method not in UNSAFE:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "cross-site request refused")
    expected = request.session.get(FIELD)
    sent = request.headers.get(HEADER)
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if sent is None and kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        field = (await request.form()).get(FIELD)
        sent = field if isinstance(field, str) else None
    if sent is not None and isinstance(expected, str) and secrets.compare_digest(sent, expected):
        return
    if sent is None and kind == "application/json":
        return
    raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


def workspace(request: Request) -> Workspace:
    """The signed-in user's workspace (a FastAPI dependency), or LoginNeededError."""
    user = current_user(request)
    if user is None:
        raise LoginNeededError()
    found: Workspace = request.app.state.workspaces.get(user)
    return found


class BodyLimit:
    """ASGI middleware: a request body larger than `limit` bytes is answered 413 before
    the app reads it all (by its Content-Length, or counted as it streams in). The API
    answers its JSON error; a page says the file is over `upload` bytes (an HTMX request
    gets the error fragment in the page's #flash, as the app's error handler does). It
    runs inside the session middleware, so that the error page has its session."""

    def __init__(self, app: ASGIApp, limit: int, upload: int | None = None) -> None:
        self.app, self.limit = app, limit
        self.upload = limit if upload is None else upload

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(scope, self.limit, self.upload)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLargeError
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLargeError:
            await _too_large(scope, self.limit, self.upload)(scope, receive, send)


class _TooLargeError(Exception):
    pass


def _too_large(scope: Scope, limit: int, upload: int) -> ASGIApp:
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    if str(scope.get("path", "")).startswith("/api/"):
        text = f"the request is too large (at most {limit // 1024} KiB)"
        return JSONResponse({"error": {"message": text}}, status_code=413)
    from accord.web.pages import is_htmx, render

    request = Request(scope)
    size = _size(upload)
    text = f"The file is over {size}, too large to upload: choose one of at most {size}."
    if is_htmx(request):  # htmx swaps a 422 (base.html's config): into #flash
        page = render(request, "_error.html", status=422, error=text)
        page.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
        return page
    return render(request, "error.html", status=413, error=text)


def _size(n: int) -> str:
    """2097152 -> '2 MiB'; 1000 -> '1,000 bytes'."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n >= size and n % (size // 16) == 0:
            return f"{n / size:g} {unit}"
    return f"{n:,} bytes"
