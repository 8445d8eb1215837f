"""Beyond loopback: accounts, sign-in, throttling, cookies, and per-user isolation."""

from __future__ import annotations

import hashlib
import html
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from tests.conftest import EXAMPLES
from tests.web.conftest import Client, make_client
from typer.testing import CliRunner

from accord.web.accounts import Accounts, User
from accord.web.settings import Settings

PASSWORD = "correct horse battery"
SECRET = "zq7731"  # in every name of user A's data: B may type it, never be told it
INNER = "qx5512"  # only inside user A's files: no response to B may contain it
TERMS = {
    "rebate": "1.5%",
    "stock": "2x",
    "payment_days": "45 days",
    "co_marketing": "yes",
    "term_years": "3 years",
}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Client]:
    accounts = Accounts(tmp_path / "web" / "accounts.db")
    accounts.create("ann", PASSWORD)
    accounts.create("bob", PASSWORD)
    accounts.close()
    with make_client(tmp_path, accounts=True) as c:
        yield c


def sign_in(c: Client, name: str, password: str = PASSWORD) -> int:
    c.token = None
    r = c.post(
        "/login",
        data={"name": name, "password": password, "csrf": c.csrf()},
        follow_redirects=False,
    )
    c.token = None
    return r.status_code


def test_everything_needs_a_sign_in(server: Client) -> None:
    page = server.get("/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert server.get("/api/scenarios").status_code == 401
    assert server.get("/healthz").json() == {"status": "ok"}


def test_sign_in_sets_a_safe_cookie_and_a_new_token(server: Client) -> None:
    before = server.csrf()
    assert sign_in(server, "ann") == 303
    header = server.post(
        "/login",
        data={"name": "ann", "password": PASSWORD, "csrf": server.csrf()},
        follow_redirects=False,
    ).headers["set-cookie"]
    assert "httponly" in header.lower() and "samesite=lax" in header.lower()
    assert server.csrf() != before  # a fresh session: no fixation
    assert "ann" in server.get("/").text


def test_wrong_password_then_throttled(server: Client) -> None:
    for _ in range(5):
        assert sign_in(server, "ann", "wrong password!") == 401
    assert sign_in(server, "ann", PASSWORD) == 429  # even the right one, for a while
    assert sign_in(server, "nobody", "whatever pass") in (401, 429)


def test_short_password_and_taken_name_are_refused(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "a.db")
    accounts.create("ann", PASSWORD)
    with pytest.raises(ValueError, match="taken"):
        accounts.create("ann", PASSWORD)
    with pytest.raises(ValueError, match="at least"):
        accounts.create("cy", "short")
    assert accounts.verify("ann", PASSWORD) == User(1, "ann")
    assert accounts.verify("ann", "nope") is None


def test_a_store_error_names_your_ledger_not_the_servers_file(
    server: Client, tmp_path: Path
) -> None:
    assert sign_in(server, "ann") == 303
    made = server.post(
        "/api/ledger/counterparties/Co/deals",
        json={"plan": "dealer_rebate", "condition": "stock >= 1.5x", "terms": TERMS},
    )
    assert made.status_code == 201, made.text
    nid = made.json()["negotiation"]
    server.post(f"/api/ledger/conditions/{nid}/resolve", json={"met": True})
    again = server.post(f"/api/ledger/conditions/{nid}/resolve", json={"met": True})
    page = server.act(f"/ledger/conditions/{nid}/resolve", {"met": "yes"})
    for r in (again, server.post("/api/ledger/conditions/999/resolve", json={"met": True}), page):
        assert r.status_code in (400, 422) and "in your ledger" in r.text, r.text
        assert "accord.db" not in r.text and str(tmp_path) not in r.text


def test_on_loopback_a_store_error_names_its_file(client: Client) -> None:
    r = client.post("/api/ledger/conditions/999/resolve", json={"met": True})
    assert r.status_code == 400 and "accord.db" in r.json()["error"]["source"]


def test_beyond_loopback_means_accounts(tmp_path: Path) -> None:
    assert Settings.for_host("0.0.0.0", 80, None, tmp_path).accounts
    assert not Settings.for_host("127.0.0.1", 80, None, tmp_path).accounts
    with pytest.raises(ValueError, match="own ledger"):
        Settings.for_host("0.0.0.0", 80, "postgresql://u@h/db", tmp_path)


def test_user_add_command(tmp_path: Path) -> None:
    from accord.cli.main import app

    result = CliRunner().invoke(
        app,
        ["user", "add", "dee", "--data", str(tmp_path)],
        env={"ACCORD_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert Accounts(tmp_path / "accounts.db").verify("dee", PASSWORD) is not None


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix not in (".db-wal", ".db-shm"):
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def _routes(routes: list[object]) -> Iterator[APIRoute]:
    """Every API route, also inside included routers (FastAPI keeps those whole)."""
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        inner = getattr(r, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)


def _fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(:path)?\}", lambda m: values.get(m.group(1), "1"), path)


def _without(text: str, typed: list[str]) -> str:
    """The response less what the request itself said (an error may echo a name)."""
    for value in typed:
        for form in (value, html.escape(value), urllib.parse.quote(value), value.replace(" ", "+")):
            text = text.replace(form, "")
    return text


def test_one_user_never_reaches_another_users_data(server: Client, tmp_path: Path) -> None:
    """User A's scenario, plan and negotiation; B replays every route at them."""
    from accord.coach import CoachSession

    ann = server.app.state.workspaces.get(User(1, "ann"))
    ann.scenario_folder.mkdir(parents=True)
    scenario = ann.scenario_folder / f"deal {SECRET}.yaml"
    text = (EXAMPLES / "dealer_rebate.yaml").read_text()
    scenario.write_text(re.sub(r"(?m)^name: .*$", f"name: Rebate {INNER}", text, count=1))
    ann.plan_folder.mkdir(parents=True)
    plan = ann.plan_folder / f"plan {SECRET}.plan.yaml"
    text = (EXAMPLES / "dealer_rebate.plan.yaml").read_text()
    plan.write_text(re.sub(r"(?m)^scenario: .*$", f"scenario: {scenario}", text))
    session = CoachSession.start(ann.store, plan, against="hardliner", counterparty=f"Co {SECRET}")
    ann.store.write(lambda s: None)
    before = _digest(ann.folder)

    assert sign_in(server, "bob") == 303
    values = {
        "name": f"deal {SECRET}",
        "scenario": f"deal {SECRET}",
        "plan": f"plan {SECRET}",
        "counterparty": f"Co {SECRET}",
        "id": str(session.negotiation_id),
        "negotiation_id": str(session.negotiation_id),
    }
    routes = list(_routes(server.app.routes))
    assert len(routes) > 10
    for route in routes:
        url = _fill(route.path, values)
        for method in route.methods - {"HEAD"}:
            if route.path in ("/logout", "/login"):
                continue
            r = server.request(
                method,
                url,
                headers={"X-CSRF-Token": server.csrf()},
                data={"csrf": server.csrf(), "name": f"x{SECRET}"} if method != "GET" else None,
            )
            told = _without(r.text, [*values.values(), f"x{SECRET}"])
            where = (method, url, r.status_code)
            assert SECRET not in told and INNER not in told, where
            if "{" in route.path:  # a route at one of A's things finds nothing
                assert r.status_code >= 400, where
    assert _digest(ann.folder) == before
