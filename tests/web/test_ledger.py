"""The ledger pages and API: the same figures as `accord ledger` and `ledger show`, a
real deal recorded by its terms, conditions due and resolved, export and import (a
bad file changes nothing), and a counterparty's name always shown as text."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from markupsafe import escape
from tests.web.conftest import Client, make_client
from tests.web.test_debriefs import PLAN, SCENARIO, negotiated, workspace

from accord.formats import load_scenario
from accord.model.units import show_terms
from accord.plan import load_plan
from accord.store import ledger as repo
from accord.store import negotiations
from accord.store.backup import export_text
from accord.store.manual import entered_terms, valued

NAME = "Dealer Co"
TERMS = {
    "term-rebate": "1.5%",
    "term-stock": "2x",
    "term-payment_days": "45 days",
    "term-co_marketing": "yes",
    "term-term_years": "3 years",
}


def deal(**extra: Any) -> dict[str, Any]:
    return {"plan": "dealer_rebate", **TERMS, **extra}


def api_deal(**extra: Any) -> dict[str, Any]:
    terms = {k.removeprefix("term-"): v for k, v in TERMS.items()}
    return {"plan": "dealer_rebate", "terms": terms, **extra}


def counted(client: Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get("/api/ledger").json()
    return found


def test_the_ledger_shows_the_clis_figures(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    rows = repo.health(ws.store)
    assert client.get("/api/ledger").json() == [h.to_json() for h in rows]
    page = client.get("/ledger")
    assert page.status_code == 200
    h = rows[0]
    assert h.name == NAME and 'href="/ledger/Dealer%20Co"' in page.text
    for x in (h.trust, *h.resentment, *(h.value or ())):
        assert f"{x:.2f}" in page.text
    shown = client.get(f"/api/ledger/counterparties/{NAME}").json()
    assert shown["health"] == h.to_json()
    assert [s["negotiation"] for s in shown["history"]] == [neg]
    assert shown["history"] == [s.to_json() for s in repo.history(ws.store, NAME)]
    one = client.get("/ledger/dealer co")  # any case, as the CLI
    assert one.status_code == 200 and "Relationship with Dealer Co" in one.text
    assert f'href="/negotiations/{neg}/debrief"' in one.text
    assert 'class="chart rel-chart"' in one.text and f"trust {h.trust:.2f}" in one.text
    # the deal in the scenario's own units, as a person reads terms (the CLI says the same)
    t = negotiations.transcript(ws.store, neg)
    assert t.ending is not None and t.ending.agreement is not None
    space = load_scenario(SCENARIO).space
    terms = show_terms(space.issues, space.outcome(t.ending.agreement))
    assert "%" in terms and f"Terms: {terms}" in one.text
    assert shown["agreed_terms"] == {str(neg): terms}


def test_the_api_is_what_accord_ledger_prints(client: Client, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli.main import app

    ws = workspace(client)
    negotiated(ws.store)
    client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="stock >= 1.5x")
    )
    db = ["--db", str(tmp_path / "accord.db")]
    listed = CliRunner().invoke(app, ["ledger", *db, "--json"])
    assert listed.exit_code == 0, listed.output
    assert client.get("/api/ledger").json() == json.loads(listed.stdout)
    show = CliRunner().invoke(app, ["ledger", "show", NAME, *db, "--json"])
    assert show.exit_code == 0, show.output
    assert client.get(f"/api/ledger/counterparties/{NAME}").json() == json.loads(show.stdout)


def test_record_a_real_deal_by_its_terms(client: Client) -> None:
    ws = workspace(client)
    page = client.get(f"/ledger/{NAME}") if counted(client) else client.get("/ledger")
    assert page.status_code == 200
    client.post("/ledger", data={"name": NAME, "csrf": client.csrf()})
    form = client.get(f"/ledger/{NAME}")
    assert '<select id="term-rebate" name="term-rebate">' in form.text
    assert 'for="term-rebate"' in form.text and "1.75%" in form.text  # values with units
    done = client.act(
        f"/ledger/{NAME}/deals",
        deal(condition="stock at least 1.5x", **{"else-rebate": "1%"}, check_by="2030-01-31"),
    )
    assert done.status_code == 200 and done.headers["HX-Redirect"].startswith("/ledger/Dealer")
    expected = valued(
        load_plan(PLAN),
        "rebate=1.5%, stock=2x, payment_days=45 days, co_marketing=yes, term_years=3 years",
        "rebate=1%",
    )
    steps = repo.history(ws.store, NAME)
    neg = steps[-1].negotiation_id
    assert neg is not None
    stored = entered_terms(ws.store, [neg])[neg]
    assert stored == expected
    rec = steps[-1].state.history[-1]
    assert rec.utilities == (expected.ours, expected.theirs)
    page = client.get(done.headers["HX-Redirect"])
    assert "Terms: rebate=1.5%, stock=2x, payment_days=45 days" in page.text
    # the next deal valued by this plan starts from these terms (a renewal)
    assert '<option value="1.5%" selected>' in page.text
    assert '<option value="3 years" selected>' in page.text
    assert "stock at least 1.5x" in page.text and "check by 2030-01-31" in page.text


def test_record_without_htmx_redirects(client: Client) -> None:
    r = client.post(
        f"/ledger/{NAME}/deals", data={"csrf": client.csrf(), **deal()}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/ledger/Dealer%20Co")


def test_recording_bad_input_stores_nothing(client: Client) -> None:
    client.act("/ledger", {"name": NAME})
    cases = [
        (deal(plan="nope"), "no plan 'nope'"),
        (deal(belief="abc"), "'abc' is not a number"),
        (deal(**{"else-rebate": "1%"}), "no condition"),
        (deal(**{"term-rebate": "7%"}), "not a value of issue 'rebate'"),
        (deal(condition="x", belief="1.5"), "not in [0, 1]"),
        (deal(check_by="31/01/2030", condition="x"), "not a date"),
        (deal(triumph="everyone"), "'everyone'"),
    ]
    for data, message in cases:
        r = client.act(f"/ledger/{NAME}/deals", data)
        assert r.status_code == 422, data
        assert str(escape(message)) in r.text and 'class="field-error"' in r.text, message
        assert "<select" in r.text and "<h1>" not in r.text  # the form again, as a fragment
        plain = client.post(f"/ledger/{NAME}/deals", data={"csrf": client.csrf(), **data})
        assert plain.status_code == 422 and "<h1>" in plain.text  # the whole page
        assert str(escape(message)) in plain.text
    assert [h["negotiations"] for h in counted(client)] == [0]  # nothing stored
    new = client.act("/ledger/Someone New/deals", deal(belief="abc"))
    assert new.status_code == 422 and "&#39;abc&#39; is not a number" in new.text
    assert [h["name"] for h in counted(client)] == [NAME]
    missing = client.act(f"/ledger/{NAME}/deals", {"plan": "dealer_rebate"})
    assert missing.status_code == 422 and "no terms" in missing.text


def test_the_api_records_and_names_fields(client: Client) -> None:
    got = client.post(
        f"/api/ledger/counterparties/{NAME}/deals",
        json=api_deal(condition="stock >= 1.5x", else_terms={"rebate": "1%"}, belief=0.8),
    )
    assert got.status_code == 201, got.text
    body = got.json()
    assert body["counterparty"] == NAME and body["terms"]["terms"]["rebate"] == 1.5
    assert body["health"]["negotiations"] == 1 and body["health"]["open_conditions"] == 1
    bad = client.post(f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(fair_us=2))
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "fair_us"
    bad = client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(terms={"rebate": "1.5%"})
    )
    assert bad.status_code == 400 and "no value for issue" in bad.json()["error"]["message"]
    assert bad.json()["error"]["field"] == "terms"
    for extra, field in (
        ({"plan": "nope"}, "plan"),
        ({"condition": "x", "belief": 1.5}, "belief"),
        ({"else_terms": {"rebate": "1%"}}, "condition"),
        ({"obligor": "everyone"}, "obligor"),
        ({"check_by": "soon"}, "check_by"),
    ):
        bad = client.post(f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(**extra))
        assert bad.status_code == 400 and bad.json()["error"]["field"] == field, bad.text
    wrong = client.post(f"/api/ledger/counterparties/{NAME}/deals", json={"plan": "dealer_rebate"})
    assert wrong.status_code == 400 and wrong.json()["error"]["field"] == "terms"
    assert client.get("/api/ledger").json()[0]["negotiations"] == 1


def test_conditions_due_are_highlighted(client: Client) -> None:
    today = dt.date.today()
    for name, day in (
        ("Past Ltd", today - dt.timedelta(days=3)),
        ("Soon Ltd", today + dt.timedelta(days=5)),
        ("Later Ltd", today + dt.timedelta(days=90)),
    ):
        r = client.post(
            f"/api/ledger/counterparties/{name}/deals",
            json=api_deal(condition=f"{name} condition", check_by=day.isoformat()),
        )
        assert r.status_code == 201
    page = client.get("/ledger").text
    assert "overdue by 3 days" in page and "due in 5 days" in page and "due in 90 days" in page
    items = page.split("<li ")
    past = next(i for i in items if "Past Ltd condition" in i)
    soon = next(i for i in items if "Soon Ltd condition" in i)
    later = next(i for i in items if "Later Ltd condition" in i)
    assert 'class="overdue"' in past and 'class="soon"' in soon and 'class=""' in later
    assert page.index("Past Ltd condition") < page.index("Soon Ltd condition")
    assert page.index("Soon Ltd condition") < page.index("Later Ltd condition")
    one = client.get("/ledger/Past Ltd").text
    assert "overdue by 3 days" in one and 'value="yes"' in one and 'value="no"' in one


def test_resolve_a_condition(client: Client) -> None:
    ws = workspace(client)
    made = client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="stock >= 1.5x")
    )
    neg = made.json()["negotiation"]
    before = repo.relationship(ws.store, NAME)[0].trust
    r = client.act(f"/ledger/conditions/{neg}/resolve", {"met": "yes"})
    assert r.status_code == 200 and r.headers["HX-Redirect"].endswith(f"?resolved={neg}")
    after = repo.relationship(ws.store, NAME)[0]
    assert after.trust > before and repo.open_conditions(ws.store, NAME) == []
    page = client.get(r.headers["HX-Redirect"]).text
    assert f"condition of #{neg} checked" in page and "No open conditions." in page
    again = client.post(f"/api/ledger/conditions/{neg}/resolve", json={"met": False})
    assert again.status_code == 400 and "already checked" in again.json()["error"]["message"]
    second = client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="pays on time")
    ).json()["negotiation"]
    broken = client.post(f"/api/ledger/conditions/{second}/resolve", json={"met": False})
    assert broken.status_code == 200 and broken.json()["trust"] < after.trust
    assert broken.json()["counterparty"] == NAME and broken.json()["met"] is False
    assert client.post("/api/ledger/conditions/999/resolve", json={"met": True}).status_code == 400
    assert client.post(f"/api/ledger/conditions/{neg}/resolve", json={}).status_code == 400
    bad = client.act(f"/ledger/conditions/{second}/resolve", {"met": "maybe"})
    assert bad.status_code == 422 and "yes (met) or no (not met)" in bad.text


def test_a_negotiation_without_counterparty_has_no_condition(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store, counterparty=None)
    r = client.post(f"/api/ledger/conditions/{neg}/resolve", json={"met": True})
    assert r.status_code == 400 and "no counterparty" in r.json()["error"]["message"]


def test_exports(client: Client) -> None:
    from accord.export import ledger as export
    from accord.web.ledger import report_parties

    ws = workspace(client)
    negotiated(ws.store)
    client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="stock >= 1.5x")
    )
    got = client.get("/ledger.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.text == export.csv(report_parties(ws, None))
    assert "stock >= 1.5x" in got.text and "rebate=1.5%" in got.text
    one = client.get(f"/ledger/{NAME}/report.csv")
    assert one.status_code == 200 and one.text == export.csv(report_parties(ws, NAME))
    page = client.get("/ledger.html")
    assert page.status_code == 200 and page.text.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in page.text and "@media print" in page.text
    assert "Relationship with Dealer Co" in client.get(f"/ledger/{NAME}/report.html").text
    backup = client.get("/ledger.json")
    assert "attachment" in backup.headers["content-disposition"]
    api = client.get("/api/ledger/export")
    for r in (backup, api):
        data = r.json()
        assert data["format"] == json.loads(export_text(ws.store))["format"]
        assert [c["name"] for c in data["counterparties"]] == [NAME]
        assert len(data["negotiations"]) == 2
    empty = make_client(Path(str(ws.folder)) / "empty")
    with empty:
        assert empty.get("/ledger.csv").status_code == 422
        assert empty.get("/api/ledger/counterparties/Nobody").status_code == 400
        assert empty.get("/ledger/Nobody").status_code == 422


def test_import_a_backup(client: Client, tmp_path: Path) -> None:
    ws = workspace(client)
    negotiated(ws.store)
    client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="stock >= 1.5x")
    )
    backup = client.get("/ledger.json").content
    with make_client(tmp_path / "other") as other:
        r = other.post(
            "/ledger/import",
            files={"file": ("backup.json", backup, "application/json")},
            data={"csrf": other.csrf()},
        )
        assert r.status_code == 200, r.text[:500]
        assert "Imported from backup.json: 1 counterparties, 2 negotiations" in r.text
        assert other.get("/api/ledger").json() == client.get("/api/ledger").json()
        again = other.post(
            "/api/ledger/import", content=backup, headers={"content-type": "application/json"}
        )
        assert again.status_code == 200 and set(again.json()["imported"].values()) == {0}
    with make_client(tmp_path / "third") as third:
        r = third.post("/api/ledger/import", files={"file": ("b.json", backup, "application/json")})
        assert r.status_code == 403  # a multipart post needs the CSRF token
        r = third.post(
            "/api/ledger/import",
            files={"file": ("b.json", backup, "application/json")},
            headers={"X-CSRF-Token": third.csrf()},
        )
        assert r.status_code == 200 and r.json()["imported"]["negotiations"] == 2


def test_a_bad_backup_is_refused_whole(client: Client) -> None:
    ws = workspace(client)
    negotiated(ws.store)
    before = export_text(ws.store)
    good = json.loads(before)
    wrong_format = {**good, "format": "something else"}
    bad_state = json.loads(before)
    bad_state["counterparties"][0]["states"][0]["state"] = {"trust": "high"}
    bad_state["counterparties"][0]["name"] = "Another Co"
    cases = [
        (b"{not json", "broken.json", None),
        (json.dumps(wrong_format).encode(), "format.json", "format"),
        (json.dumps(bad_state).encode(), "state.json", "counterparties.0.states.0.state"),
        (b"", "empty.json", None),
    ]
    for data, filename, field in cases:
        r = client.post(
            "/ledger/import",
            files={"file": (filename, data, "application/json")},
            data={"csrf": client.csrf()},
        )
        assert r.status_code == 422, filename
        assert f"in {filename}" in r.text and "Nothing was imported" in r.text
        assert 'id="import-error"' in r.text
        if field is not None:
            assert f"at field &#39;{field}&#39;" in r.text
        api = client.post(
            "/api/ledger/import", content=data, headers={"content-type": "application/json"}
        )
        assert api.status_code == 400 and api.json()["error"]["source"] == "the request body"
        if field is not None:
            assert api.json()["error"]["field"] == field
        assert export_text(ws.store).split('"exported_at"')[0] == before.split('"exported_at"')[0]
        assert [h.name for h in repo.health(ws.store)] == [NAME]
    none = client.post("/ledger/import", data={"csrf": client.csrf()})
    assert none.status_code == 422 and "no file chosen" in none.text


def test_add_a_counterparty(client: Client) -> None:
    r = client.act("/ledger", {"name": "  New   Partner ", "notes": "met at a fair"})
    assert r.status_code == 200 and r.headers["HX-Redirect"] == "/ledger/New%20Partner"
    assert [h["name"] for h in counted(client)] == ["New Partner"]
    dup = client.act("/ledger", {"name": "new partner"})
    assert dup.status_code == 422 and "already in the ledger" in dup.text
    assert 'aria-describedby="add-error"' in dup.text
    blank = client.act("/ledger", {"name": "   "})
    assert blank.status_code == 422 and "needs a name" in blank.text


def test_a_name_is_shown_as_text(client: Client) -> None:
    evil = "<script>alert(1)</script>"
    r = client.post(
        f"/api/ledger/counterparties/{evil}/deals", json=api_deal(condition=f"{evil} pays")
    )
    assert r.status_code == 201
    for url in ("/ledger", f"/ledger/{evil}"):
        page = client.get(url)
        assert page.status_code == 200
        assert "<script>alert(1)" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert client.get(f"/api/ledger/counterparties/{evil}").json()["health"]["name"] == evil
    report = client.get(f"/ledger/{evil}/report.html").text
    assert "<script>alert(1)" not in report


def test_a_counterparty_called_export_has_its_own_api_path(client: Client) -> None:
    for name in ("export", "import", NAME):
        made = client.post(f"/api/ledger/counterparties/{name}/deals", json=api_deal())
        assert made.status_code == 201, made.text
        got = client.get(f"/api/ledger/counterparties/{name}")
        assert got.status_code == 200 and got.json()["health"]["name"] == name
    assert "counterparties" in client.get("/api/ledger/export").json()  # still the backup
    old = client.get(f"/api/ledger/{NAME}")  # the first path still answers
    assert old.status_code == 200 and old.json()["health"]["name"] == NAME
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/ledger/counterparties/{name}" in paths and "/api/ledger/{name}" not in paths


def test_a_plan_change_swaps_the_form(client: Client) -> None:
    client.post("/ledger", data={"name": NAME, "csrf": client.csrf()})
    r = client.get(f"/ledger/{NAME}/deal-form", params={"plan": "saas_renewal"})
    assert r.status_code == 200 and '<section class="card" id="record"' in r.text
    assert 'name="term-price_per_seat"' in r.text and "$108/seat" in r.text
    assert "<h1>" not in r.text  # a fragment
    page = client.get(f"/ledger/{NAME}", params={"plan": "saas_renewal"})
    assert 'name="term-seats"' in page.text


def test_a_plan_change_keeps_what_was_typed(client: Client) -> None:
    client.post("/ledger", data={"name": NAME, "csrf": client.csrf()})
    page = client.get(f"/ledger/{NAME}").text
    assert re.search(r'<select id="record-plan"[^>]*hx-include="closest form"', page)
    typed = {"scenario": "2026 renewal", "condition": "stock at 1.5x", "belief": "0.7"}
    typed |= {"obligor": "us", "held_on": "2026-03-01", "term-rebate": "2%"}
    r = client.get(f"/ledger/{NAME}/deal-form", params={"plan": "saas_renewal", **typed})
    assert 'name="term-price_per_seat"' in r.text  # the new plan's issues
    for field, value in (("scenario", "2026 renewal"), ("condition", "stock at 1.5x")):
        assert re.search(f'name="{field}" value="{value}"', r.text), field
    assert 'name="belief" type="number" min="0" max="1" step="0.05" value="0.7"' in r.text
    assert '<option value="us" selected>us</option>' in r.text
    back = client.get(f"/ledger/{NAME}/deal-form", params={"plan": "dealer_rebate", **typed})
    assert '<option value="2%" selected>2%</option>' in back.text  # a term it has, kept


def test_the_ledger_finds_plans_as_the_plan_pages_do(client: Client) -> None:
    from accord.web import ledger, plans

    ws = workspace(client)
    ws.plan_folder.mkdir(parents=True, exist_ok=True)
    own = (ws.plan_folder / "dealer_rebate.plan.yaml").write_text(PLAN.read_text())
    assert own
    listed = [f.name for f in plans.plan_files(ws)]
    assert ledger.deal_form(ws, None)["plans"] == listed
    assert not hasattr(ledger, "plan_files")  # one home for the rule: web.plans


def test_every_control_has_a_label(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    client.post(
        f"/api/ledger/counterparties/{NAME}/deals", json=api_deal(condition="stock >= 1.5x")
    )
    for url in ("/ledger", f"/ledger/{NAME}", f"/negotiations/{neg}/debrief"):
        page = client.get(url).text
        controls = re.findall(r"<(input|select|textarea)\b([^>]*)>", page)
        shown = [attrs for _, attrs in controls if 'type="hidden"' not in attrs]
        assert shown, url
        for attrs in shown:
            found = re.search(r'\bid="([^"]+)"', attrs)
            assert found, (url, attrs)
            assert f'for="{found.group(1)}"' in page, (url, found.group(1))
