"""The web app in-process (FastAPI's TestClient): one app per test, on a temporary ledger.

`client` is the loopback app (one person, no login); `Client.post` sends the
page's CSRF token the way HTMX does, so a test exercises the real guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.web.app import create_app
from accord.web.settings import Settings

TOKEN = re.compile(r'"X-CSRF-Token": "([^"]+)"')


class Client(TestClient):
    """A TestClient that reads the CSRF token from the first page and sends it."""

    token: str | None = None

    def csrf(self) -> str:
        if self.token is None:
            page = self.get("/", follow_redirects=True)
            if "X-CSRF-Token" not in page.text:
                page = self.get("/login")
            found = TOKEN.search(page.text)
            assert found, "no CSRF token on the page"
            self.token = found.group(1)
        return self.token

    def act(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        """POST a form as the page would (with the token, as HTMX sends it)."""
        headers = {"X-CSRF-Token": self.csrf(), "HX-Request": "true", **kw.pop("headers", {})}
        return self.post(url, data=data, headers=headers, **kw)


def make_client(tmp: Path, **settings: Any) -> Client:
    app = create_app(Settings(data=tmp / "web", db=str(tmp / "accord.db"), **settings))
    return Client(app)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    with make_client(tmp_path) as c:
        yield c
