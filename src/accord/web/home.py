"""The front page (what a person can do, and their recent negotiations) and `/healthz`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from accord.web import guard
from accord.web.pages import render
from accord.web.workspace import Workspace

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness for a load balancer: `{"status": "ok"}`."""
    return {"status": "ok"}


@router.get("/", response_class=HTMLResponse)
def front(request: Request, ws: Ws) -> HTMLResponse:
    from accord.store.negotiations import listing

    recent = listing(ws.store)[-10:][::-1]
    return render(request, "home.html", scenarios=ws.scenarios(), recent=recent)
