"""Signing in and out on a server with accounts (none on loopback: one person, no login)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accord.web import guard
from accord.web.pages import render

router = APIRouter()


def _safe_next(target: str) -> str:
    """Only a path on this site (no `//evil.example`, no scheme)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    if not request.app.state.settings.accounts:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", next=_safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    accounts = request.app.state.accounts
    if accounts is None:
        return RedirectResponse("/", status_code=303)
    throttle = request.app.state.throttle
    keys = (f"ip:{request.client.host if request.client else '?'}", f"name:{name.strip()}")
    if throttle.blocked(*keys):
        return render(
            request,
            "login.html",
            429,
            next=_safe_next(next),
            name=name,
            error="Too many failed sign-ins: wait a minute and try again.",
        )
    user = accounts.verify(name, password)
    if user is None:
        throttle.failed(*keys)
        return render(
            request,
            "login.html",
            401,
            next=_safe_next(next),
            name=name,
            error="Wrong name or password.",
        )
    guard.sign_in(request, user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    guard.sign_out(request)
    return RedirectResponse("/login" if request.app.state.settings.accounts else "/", 303)
