"""The web app: `create_app(settings)` assembles FastAPI, the pages and the JSON API.

One module per concept holds its pages and its `/api/...` routes side by side,
both calling the same library function (`scenarios`, `analysis`, `plans`,
`negotiations`, `debriefs`, `ledger`), so a script sees exactly what a person
sees. Bad input anywhere is an `InputError`: the API answers 400 with its parts
as JSON, a page shows it inline, and nothing is stored.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from accord.errors import InputError
from accord.web import guard
from accord.web.accounts import Accounts, Throttle, User
from accord.web.pages import error_parts, is_htmx, render
from accord.web.settings import LOGIN_ATTEMPTS, LOGIN_WINDOW, Settings
from accord.web.workspace import Workspace

#: How messages name a user's store on a server with accounts (never its path there).
STORE_LABEL = "your ledger"
#: How long a signed-in session lasts without a new login (seconds).
SESSION_AGE = 8 * 3600


class Workspaces:
    """Each user's workspace, opened on first use and kept while the server runs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._open: dict[int, Workspace] = {}
        self._lock = threading.Lock()

    def get(self, user: User) -> Workspace:
        with self._lock:
            found = self._open.get(user.id)
            if found is None:
                found = self._open[user.id] = self._make(user)
            return found

    def _make(self, user: User) -> Workspace:
        from accord.store import open_store

        if not self.settings.accounts:
            return Workspace(open_store(self.settings.db), self.settings.data)
        folder = self.settings.data / "users" / str(user.id)
        folder.mkdir(parents=True, exist_ok=True)
        path = str(folder / "accord.db")
        try:
            store = open_store(path)
        except InputError as e:  # its message names the server's file: not theirs to see
            raise InputError(
                e.message.replace(path, STORE_LABEL),
                source=STORE_LABEL if e.source else None,
                field=e.field,
                expected=e.expected,
            ) from None
        store.label = STORE_LABEL
        return Workspace(store, folder)

    def close(self) -> None:
        with self._lock:
            for w in self._open.values():
                w.store.close()
            self._open.clear()


def create_app(settings: Settings) -> FastAPI:
    """The app for `settings` (a test makes one per temporary folder)."""
    from accord import __version__

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        live = getattr(app.state, "live", None)  # made on first use (web.negotiations)
        if live is not None and live.bus is not None:
            live.bus.stop()  # the other processes' updates: its threads end
        app.state.workspaces.close()
        rooms = getattr(app.state, "rooms", None)  # opened on first use (web.rooms)
        if rooms is not None:
            rooms.store.close()

    app = FastAPI(
        title="accord",
        lifespan=lifespan,
        version=__version__,
        description="Negotiate well over the long run: the JSON API of accord's web app.",
        dependencies=[Depends(guard.check_request)],
        docs_url=None,  # served below from the package's own copy of Swagger UI
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.workspaces = Workspaces(settings)
    app.state.accounts = Accounts(settings.data / "accounts.db") if settings.accounts else None
    app.state.throttle = Throttle(LOGIN_ATTEMPTS, LOGIN_WINDOW)
    # Largest body: an upload plus its form's other fields (inside the session: its
    # error page has the session's CSRF token and user).
    app.add_middleware(
        guard.BodyLimit, limit=settings.max_upload + 64 * 1024, upload=settings.max_upload
    )
    from accord.web.classroom import ClassroomMoves

    app.add_middleware(ClassroomMoves)  # inside the session: a paused class refuses moves
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret(),
        session_cookie="accord_session",
        max_age=SESSION_AGE,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # Pages with the outcome chart are 190-270 KB: compressed when over 1 KiB. Starlette's
    # GZipMiddleware passes text/event-stream through untouched (its default excluded
    # types), so each server-sent event still leaves at once.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _errors(app)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="accord API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    from accord.web import (
        analysis,
        classroom,
        debriefs,
        home,
        ledger,
        login,
        negotiations,
        plans,
        rooms,
        scenarios,
    )

    for module in (home, login, scenarios, analysis, plans, negotiations, debriefs, ledger, rooms):
        app.include_router(module.router)
    app.include_router(classroom.router)

    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _errors(app: FastAPI) -> None:
    """Every error as a person or a script can act on it, never a traceback."""

    @app.exception_handler(InputError)
    async def _input(request: Request, e: InputError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": error_parts(e)}, status_code=400)
        if is_htmx(request):  # a fragment into the page's #flash, whatever the target was
            page = render(request, "_error.html", status=422, error=e.describe())
            page.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
            return page
        return render(request, "error.html", status=422, error=e.describe())

    @app.exception_handler(guard.LoginNeededError)
    async def _login(request: Request, _: guard.LoginNeededError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": {"message": "sign in first"}}, status_code=401)
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError) -> Response:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        err = InputError(str(first.get("msg", "invalid request")), field=where or None)
        return await _input(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException) -> Response:
        if _is_api(request) or request.url.path == "/healthz":
            return JSONResponse({"error": {"message": e.detail}}, status_code=e.status_code)
        template = "_error.html" if is_htmx(request) else "error.html"
        page: HTMLResponse = render(request, template, status=e.status_code, error=str(e.detail))
        return page
