"""The debrief pages and API: the library's own debrief of a stored negotiation, as
`accord debrief ID` shows it, its CSV and printable page, and bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from markupsafe import escape
from tests.web.conftest import Client, make_client

from accord.coach import CoachSession
from accord.debrief.sources import from_store
from accord.doctrine import PRINCIPLES
from accord.store import live
from accord.store.database import Store
from accord.web.accounts import LOCAL, Accounts
from accord.web.workspace import Workspace, shipped_folder

SCENARIO = shipped_folder() / "dealer_rebate.yaml"
PLAN = shipped_folder() / "dealer_rebate.plan.yaml"


def workspace(client: Client) -> Workspace:
    found: Workspace = client.app.state.workspaces.get(LOCAL)  # type: ignore[attr-defined]
    return found


def negotiated(
    store: Store,
    counterparty: str | None = "Dealer Co",
    names: tuple[str, str] = ("diplomat", "boulware"),
) -> int:
    """A negotiation run and stored as `accord negotiate --counterparty` does."""
    prepared = live.prepare(
        store, SCENARIO, None, names, seed=1, rounds=None, counterparty=counterparty
    )
    return live.play(store, prepared).negotiation_id


def coached(store: Store) -> CoachSession:
    """A practice negotiation against hardliner, following the advice to the end."""
    s = CoachSession.start(store, PLAN, against="hardliner", seed=3)
    for _ in range(200):
        if s.ended:
            break
        s.handle("ok")
    assert s.ended
    return s


def test_the_page_shows_the_librarys_debrief(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    d = from_store(ws.store, neg).debrief()
    page = client.get(f"/negotiations/{neg}/debrief")
    assert page.status_code == 200
    text = page.text
    r, e = d.result, d.efficiency
    assert ("Agreement" if r.agreement else "No agreement") in text
    assert f"in round {d.rounds_used} of {d.rounds}" in text
    for x in (*r.utilities, *r.reservations, r.walk_away, r.target, e.distance_to_frontier):
        assert f"{x:.3f}" in text
    assert r.nash is not None and f"{r.nash.utilities[0]:.3f}" in text
    assert "rebate=1.75%" in text or "rebate=" in text  # terms with their units
    assert "%" in text and "days" in text
    assert (
        f"Principles: {sum(v.status == 'kept' for v in d.checklist)} kept, {len(d.broken)} broken"
        in text
    )
    for v in d.checklist:
        assert v.principle in text and v.reason.replace("'", "&#39;") in text
    rel = d.relationship
    assert f"{rel.trust_before:.3f} → {rel.trust_after:.3f}" in text
    assert "<svg" in text and "<?xml" not in text  # the figures, inline
    assert "round 1: we (A) offer: rebate=" in text  # an offer's terms on hover
    assert 'class="deal"' in text  # the agreement ringed
    assert f"our target {r.target:.3f}" in text  # on the concessions over time
    p5 = PRINCIPLES["P5"][1]
    assert str(escape(p5)) in text  # a principle's id opens its text
    assert f'href="/negotiations/{neg}/debrief.csv"' in text
    assert '<a href="/ledger/Dealer%20Co">Dealer Co</a>' in text


def test_the_api_is_the_clis_json(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    got = client.get(f"/api/negotiations/{neg}/debrief")
    assert got.status_code == 200
    expected = from_store(ws.store, neg).debrief().to_json()
    assert got.json() == expected
    b = client.get(f"/api/negotiations/{neg}/debrief", params={"side": "b"}).json()
    assert b["side"] == "B" and b["result"]["utilities"] == expected["result"]["utilities"]


def test_the_api_is_what_accord_debrief_prints(client: Client, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli.main import app

    ws = workspace(client)
    neg = negotiated(ws.store)
    for side in ("A", "B"):
        cli = CliRunner().invoke(
            app,
            ["debrief", str(neg), "--json", "--side", side, "--db", str(tmp_path / "accord.db")],
        )
        assert cli.exit_code == 0, cli.output
        web = client.get(f"/api/negotiations/{neg}/debrief", params={"side": side}).json()
        assert web == json.loads(cli.stdout)


def test_the_page_from_the_other_side(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    d = from_store(ws.store, neg).debrief("B")
    text = client.get(f"/negotiations/{neg}/debrief?side=B").text
    assert f"{d.parties[1]} (we, B)" in text
    assert '<option value="B" selected>' in text


def test_exports_are_accords_exports(client: Client) -> None:
    from accord.export import debrief as export

    ws = workspace(client)
    neg = negotiated(ws.store)
    d = from_store(ws.store, neg).debrief()
    got = client.get(f"/negotiations/{neg}/debrief.csv")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    assert got.text == export.csv(d)
    rows = list(csv.DictReader(io.StringIO(got.text)))
    assert {r["section"] for r in rows} >= {"result", "checklist", "move", "point", "frontier"}
    report = client.get(f"/negotiations/{neg}/debrief.html")
    assert report.status_code == 200
    assert report.text.startswith("<!DOCTYPE html>") and "@media print" in report.text
    assert "data:image/png;base64," in report.text and f"Debrief: {d.scenario}" in report.text


def test_a_coached_negotiation_is_judged_by_its_plan(client: Client) -> None:
    ws = workspace(client)
    s = coached(ws.store)
    ws.sessions[s.negotiation_id] = s  # ended in memory, not finished: as the web holds it
    expected = from_store(ws.store, s.negotiation_id, held=s.transcript).debrief()
    got = client.get(f"/api/negotiations/{s.negotiation_id}/debrief").json()
    assert got == expected.to_json()
    assert got["strategies"]["B"] == "hardliner" and got["advice"]["moves"]
    page = client.get(f"/negotiations/{s.negotiation_id}/debrief")
    assert page.status_code == 200 and "Against the advice" in page.text
    warned = [c for c in got["checklist"] if c["basis"] == "warned" and c["rounds"]]
    assert page.text.count("(as the coach warned)") == len(warned)  # only where it did
    s.finish()  # stored: the same without the session in memory
    ws.sessions.clear()
    assert client.get(f"/api/negotiations/{s.negotiation_id}/debrief").json() == got


def test_an_unfinished_coached_negotiation_says_where_to_continue(client: Client) -> None:
    ws = workspace(client)
    s = CoachSession.start(ws.store, PLAN, against="hardliner", seed=3)
    got = client.get(f"/api/negotiations/{s.negotiation_id}/debrief")
    assert got.status_code == 400
    assert f"/negotiations/{s.negotiation_id}" in got.json()["error"]["expected"]
    page = client.get(f"/negotiations/{s.negotiation_id}/debrief")
    assert page.status_code == 422 and "has not ended yet" in page.text


def test_bad_input(client: Client) -> None:
    ws = workspace(client)
    neg = negotiated(ws.store)
    missing = client.get("/api/negotiations/999/debrief")
    assert missing.status_code == 400 and "no negotiation 999" in missing.json()["error"]["message"]
    assert client.get("/negotiations/999/debrief").status_code == 422
    assert client.get("/negotiations/999/debrief.csv").status_code == 422
    assert client.get("/negotiations/999/debrief.html").status_code == 422
    side = client.get(f"/api/negotiations/{neg}/debrief?side=C")
    assert side.status_code == 400 and side.json()["error"]["field"] == "side"
    page = client.get(f"/negotiations/{neg}/debrief?side=<script>")
    assert page.status_code == 422 and "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert client.get("/api/negotiations/abc/debrief").status_code == 400


def test_a_negotiation_entered_by_hand_has_no_debrief(client: Client) -> None:
    from accord.store import ledger
    from accord.store.manual import Entered, record

    ws = workspace(client)
    neg = ledger.record_entered(ws.store, "Dealer Co", record(Entered(True, 0.6, 0.6)))
    got = client.get(f"/api/negotiations/{neg}/debrief")
    assert got.status_code == 400 and "entered by hand" in got.json()["error"]["message"]
    assert "/ledger/Dealer%20Co" in got.json()["error"]["expected"]


def test_with_accounts_only_the_workspaces_files_are_read(tmp_path: Path) -> None:
    """A backup imported by hand could name any file as a negotiation's scenario: beyond
    loopback, a debrief reads only the person's own files and the shipped examples."""
    accounts = Accounts(tmp_path / "web" / "accounts.db")
    ann = accounts.create("ann", "correct horse battery")
    accounts.close()
    outside = tmp_path / "elsewhere" / "dealer_rebate.yaml"
    outside.parent.mkdir()
    shutil.copy(SCENARIO, outside)
    with make_client(tmp_path, accounts=True) as c:
        c.post(
            "/login",
            data={"name": "ann", "password": "correct horse battery", "csrf": c.csrf()},
        )
        c.token = None
        ws: Workspace = c.app.state.workspaces.get(ann)  # type: ignore[attr-defined]
        shipped = negotiated(ws.store)
        assert c.get(f"/api/negotiations/{shipped}/debrief").status_code == 200
        prepared = live.prepare(
            ws.store, outside, None, ("diplomat", "boulware"), seed=1, rounds=None
        )
        away = live.play(ws.store, prepared).negotiation_id
        refused = c.get(f"/api/negotiations/{away}/debrief")
        assert refused.status_code == 400
        assert "outside this workspace" in refused.json()["error"]["message"]
        own = ws.folder / "scenarios" / "dealer_rebate.yaml"
        own.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SCENARIO, own)
        prepared = live.prepare(ws.store, own, None, ("diplomat", "boulware"), seed=1, rounds=None)
        mine = live.play(ws.store, prepared).negotiation_id
        assert c.get(f"/negotiations/{mine}/debrief").status_code == 200
        practice = coached(ws.store)  # coached with a shipped plan, on a shipped scenario
        practice.finish()
        assert c.get(f"/api/negotiations/{practice.negotiation_id}/debrief").status_code == 200
