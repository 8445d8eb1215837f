"""Rendering: the Jinja2 templates shipped in the package, and what every page is given.

Autoescape is on for every template, so anything a person typed (a scenario
called `<script>`) renders as text. Each page gets the signed-in `user`, the CSRF
`csrf` token that its forms and HTMX requests send back, and `accounts` (whether
the server has logins).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Path as PathParam
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from accord.errors import InputError
from accord.web import guard

#: A negotiation's id in a URL: a row id the database can hold, so a huge number is a
#: clear error (422, naming the field), not the database's overflow.
NegotiationId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """`template` rendered for this request, with the user and the CSRF token."""
    context.setdefault("error", None)
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "user": guard.current_user(request),
            "csrf": guard.csrf_token(request),
            "accounts": request.app.state.settings.accounts,
            **context,
        },
        status_code=status,
    )


def is_htmx(request: Request) -> bool:
    """A request HTMX made (it swaps a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"


def error_parts(e: InputError) -> dict[str, str | None]:
    """An error as the API and the pages show it: message, file, field, expected."""
    return {
        "message": e.message,
        "source": e.source,
        "field": e.field,
        "expected": e.expected,
        "text": e.describe(),
    }
