"""Negotiate in the web app: practice and real negotiations through the pages and the API,
the advice after every move, the phrase box's questions, cautions, undo, bad input,
the live updates (server-sent events) and a restart that loses nothing."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import Client, make_client

from accord.web import negotiations
from accord.web.accounts import LOCAL
from accord.web.live import Hub

RECORDED = re.compile(r'<p class="recorded"><span class="ok">recorded</span> ([^<]*)</p>')
#: Most moves a whole practice negotiation may take here (the plan has 20 rounds).
MOST_MOVES = 80


def start(client: Client, **form: str) -> int:
    data = {"plan": "dealer_rebate", "mode": "practice", "against": "hardliner", "seed": "0"}
    data.update(form)
    r = client.post("/negotiations", data={"csrf": client.csrf(), **data}, follow_redirects=False)
    assert r.status_code == 303, r.text
    found = re.fullmatch(r"/negotiations/(\d+)", r.headers["location"])
    assert found
    return int(found.group(1))


def state(client: Client, nid: int) -> dict[str, Any]:
    r = client.get(f"/api/negotiations/{nid}")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def recorded(html: str) -> list[str]:
    return RECORDED.findall(html)


def panel(html: str, name: str) -> str:
    """The page's section `name` (each panel is one section)."""
    found = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    assert found, name
    return found.group(0)


def selected(html: str, field: str) -> str:
    """The option selected in the builder's select `field`."""
    block = re.search(rf'<select id="{field}" name="{field}">(.*?)</select>', html, re.S)
    assert block, field
    found = re.search(r'<option value="([^"]*)" selected>', block.group(1))
    assert found, field
    return found.group(1)


# practice ---------------------------------------------------------------------------


def test_practice_following_the_advice_to_the_end(client: Client) -> None:
    nid = start(client)
    page = client.get(f"/negotiations/{nid}")
    assert page.status_code == 200
    assert "Follow the advice" in page.text and 'id="follow-advice"' in page.text
    assert '<details class="principle"><summary>P3</summary>' in page.text  # reasons cite
    assert "Low neediness is strength" in page.text or "open firmly" in page.text
    assert 'class="chart utility-chart"' in page.text and "outcome-chart" in page.text
    for _ in range(MOST_MOVES):
        r = client.act(f"/negotiations/{nid}/follow")
        assert r.status_code == 200, r.text
        assert 'hx-swap-oob="true"' in r.text  # every panel swapped from one response
        if "make this move anyway?" in r.text:
            r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
        if state(client, nid)["ended"]:
            break
    else:
        pytest.fail("the practice never ended")
    s = state(client, nid)
    assert s["outcome"]["reason"] and s["outcome"]["summary"]
    assert s["whose_move"] is None and s["advice"] is None
    assert s["debrief"] == f"/negotiations/{nid}/debrief"
    page = client.get(f"/negotiations/{nid}")
    assert "The talks have ended" in page.text
    assert f'href="/negotiations/{nid}/debrief"' in page.text
    assert "Make this offer" not in page.text  # no builder once ended
    listed = client.get("/negotiations").text
    assert f'href="/negotiations/{nid}"' in listed and "ended:" in listed
    # the outcome is stored (finish): a new move is refused, undo too
    r = client.act(f"/negotiations/{nid}/line", {"line": "we accept"})
    assert r.status_code == 422 and "outcome is saved" in r.text
    assert "nothing to undo" in client.act(f"/negotiations/{nid}/undo").text


def test_the_builder_is_prefilled_with_the_advice_and_overrides_it(client: Client) -> None:
    nid = start(client)
    advice = state(client, nid)["advice"]["recommendation"]["terms"]
    page = client.get(f"/negotiations/{nid}").text
    assert selected(page, "issue-0") == "1"  # rebate 1.25%, the advised counter
    assert advice["rebate"] == 1.25
    # our own offer, not the advised one: 1% rebate, 2x stock, 30 days, no co-marketing, 3 years
    fields = {"issue-0": "0", "issue-1": "4", "issue-2": "0", "issue-3": "0", "issue-4": "2"}
    r = client.act(f"/negotiations/{nid}/offer", {"speaker": "we", "kind": "offer", **fields})
    assert r.status_code == 200, r.text
    said = recorded(r.text)
    assert said[0].startswith("round 1: we offer rebate=1%, stock=2x, payment_days=30 days")
    assert said[1].startswith("round 1: they offer")  # hardliner answers at once
    assert len(state(client, nid)["events"]) == 2


def test_a_caution_waits_for_yes(client: Client) -> None:
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    # conceding everything at once: below the schedule, the advisor warns first
    fields = {"issue-0": "4", "issue-1": "0", "issue-2": "3", "issue-3": "1", "issue-4": "0"}
    r = client.act(f"/negotiations/{nid}/offer", {"speaker": "we", **fields})
    assert "make this move anyway?" in r.text
    assert 'class="warning caution"' in r.text
    assert re.search(r'name="answer" value="yes"[^>]*>yes, make this move</button>', r.text)
    assert 'name="answer" value="no"' in r.text
    assert len(state(client, nid)["events"]) == 2  # nothing recorded yet
    r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    assert recorded(r.text)[0].startswith("round 2: we offer rebate=2%")
    assert len(state(client, nid)["events"]) == 4


def test_phrases_are_read_and_asked_back(client: Client) -> None:
    nid = start(client)
    r = client.act(f"/negotiations/{nid}/line", {"line": "we can do 45 days and 1.5%"})
    assert r.status_code == 422  # a first offer names every issue
    assert "no value for issue &#39;stock&#39;" in r.text
    client.act(f"/negotiations/{nid}/follow")
    r = client.act(f"/negotiations/{nid}/line", {"line": "we can do 45 days and 1.5%"})
    if "make this move anyway?" in r.text:
        r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    assert "round 2: we offer rebate=1.5%" in recorded(r.text)[0]
    assert "payment_days=45 days" in recorded(r.text)[0]
    # ambiguous: 1.5 is a rebate and a stock level; asked inline, answered with a button
    r = client.act(f"/negotiations/{nid}/line", {"line": "we offer 1.75"})
    assert "could go to more than one issue" in r.text
    assert 'id="answer-1" name="answer" value="1"' in r.text
    assert "1: we offer rebate=1.75%</button>" in r.text  # the terms in their units
    before = len(state(client, nid)["events"])
    r = client.act(f"/negotiations/{nid}/answer", {"answer": "1"})
    if "make this move anyway?" in r.text:
        r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    assert any("we offer rebate=1.75%" in line for line in recorded(r.text))
    assert len(state(client, nid)["events"]) == before + 2
    # help: the phrasing this plan reads, shown inline
    r = client.act(f"/negotiations/{nid}/line", {"line": "help"})
    assert "This plan&#39;s issues" in r.text or "This plan's issues" in r.text


def test_undo_takes_back_our_move_and_their_reply(client: Client) -> None:
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    client.act(f"/negotiations/{nid}/follow")
    assert len(state(client, nid)["events"]) == 4
    r = client.act(f"/negotiations/{nid}/undo")
    assert r.status_code == 200
    assert "Undone: round 2: we offer" in r.text
    assert len(state(client, nid)["events"]) == 2
    moves = panel(client.get(f"/negotiations/{nid}").text, "moves")
    assert "round 1: we offer" in moves and "round 2: we offer" not in moves


def test_bad_input_shows_an_error_and_records_nothing(client: Client) -> None:
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    # an issue value there is not
    r = client.act(f"/negotiations/{nid}/line", {"line": "we offer rebate=7%"})
    assert r.status_code == 422
    assert "7% is not a value of" in r.text and 'role="alert"' in r.text
    # their move, in practice: the strategy plays it
    r = client.act(f"/negotiations/{nid}/line", {"line": "they accept"})
    assert r.status_code == 422 and "hardliner plays their side" in r.text
    # a tampered builder value, an unknown button
    r = client.act(f"/negotiations/{nid}/offer", {"issue-0": "99"})
    assert r.status_code == 422 and "no value &#39;99&#39; of rebate" in r.text
    r = client.act(f"/negotiations/{nid}/move", {"action": "dance"})
    assert r.status_code == 422 and "unknown action" in r.text
    r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    assert r.status_code == 422 and "No question is waiting" in r.text
    assert len(state(client, nid)["events"]) == 2
    # an unknown negotiation
    assert client.get("/negotiations/999").status_code == 404
    assert client.get("/api/negotiations/999").status_code == 404
    huge = 10**23  # more than the database holds: the field named, not a crash
    for url in (f"/negotiations/{huge}", f"/negotiations/{huge}/debrief"):
        r = client.get(url)
        assert r.status_code == 422 and "negotiation_id" in r.text, url
    for r in (
        client.get(f"/api/negotiations/{huge}"),
        client.post(f"/api/negotiations/{huge}/moves", json={"follow_advice": True}),
    ):
        assert r.status_code == 400 and r.json()["error"]["field"] == "path.negotiation_id"


def test_the_form_refuses_bad_input_inline(client: Client) -> None:
    data = {"csrf": client.csrf(), "plan": "dealer_rebate", "mode": "practice"}
    r = client.post("/negotiations", data={**data, "against": "hardliner", "seed": "x"})
    assert r.status_code == 422 and 'id="seed-error"' in r.text
    r = client.post("/negotiations", data={**data, "against": "no_such_strategy"})
    assert r.status_code == 422 and 'id="against-error"' in r.text
    assert "unknown strategy" in r.text
    r = client.post("/negotiations", data={"csrf": client.csrf(), "mode": "practice"})
    assert r.status_code == 422 and 'id="plan-error"' in r.text
    r = client.post(
        "/negotiations",
        data={**data, "against": "hardliner", "counterparty": "x" * 201},
    )
    assert r.status_code == 422 and 'id="counterparty-error"' in r.text  # 1 to 200 characters
    assert client.get("/api/negotiations").json() == []  # nothing stored
    page = client.get("/negotiations/new").text
    for control in ("plan", "scenario", "side", "against", "counterparty", "seed"):
        assert f'<label for="{control}"' in page and f'id="{control}"' in page
    assert "hardliner" in page


def test_a_fallback_asked_back_is_offered_in_units(client: Client) -> None:
    assert negotiations.with_units("we offer rebate=1.75, else stock=2 (x=1)", ()) == (
        "we offer rebate=1.75, else stock=2 (x=1)"  # no issues: as typed
    )
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    r = client.act(f"/negotiations/{nid}/line", {"line": "we offer rebate=1.25 if you stock 2x"})
    assert "applies if they do not meet the condition?" in r.text, r.text
    buttons = re.findall(r'<button type="submit" id="answer-\d+"[^>]*>([^<]*)</button>', r.text)
    assert buttons and all("else rebate=" in b and b.endswith("%") for b in buttons), buttons
    assert "1: we offer rebate=1.25% if you stock 2x, else rebate=1%" in buttons
    r = client.act(f"/negotiations/{nid}/line", {"line": "we offer 1.75"})
    assert "1) rebate=1.75%  2) stock=1.75x" in r.text  # the question's own readings too


def test_every_move_open_to_us_scrolls_in_its_own_box(client: Client) -> None:
    nid = start(client)
    advice = panel(client.get(f"/negotiations/{nid}").text, "advice")
    assert re.search(r'<div class="table-scroll"[^>]*tabindex="0">\s*<table>', advice)
    css = client.get("/static/negotiate.css").text
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", css)
    # one column on a narrow window, no wider than the window (`1fr` alone grows to fit
    # the widest table)
    assert "@media (max-width: 900px) { .negotiate { grid-template-columns: minmax(0, 1fr)" in css
    assert re.search(r"(?m)^fieldset \{[^}]*min-width: 0", css)  # the builder shrinks too


def test_accept_is_offered_only_with_an_offer_on_the_table(client: Client) -> None:
    nid = start(client)
    page = client.get(f"/negotiations/{nid}").text
    assert 'id="act-accept"' not in page and 'id="act-walk"' in page  # round 1: nothing
    r = client.act(f"/negotiations/{nid}/follow")
    assert recorded(r.text)[1].startswith("round 1: they offer")
    assert 'id="act-accept"' in panel(r.text, "builder")  # their offer now stands


def test_an_ended_negotiation_offers_no_more_moves(client: Client) -> None:
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    r = client.act(f"/negotiations/{nid}/move", {"action": "walk"})
    if "make this move anyway?" in r.text:
        r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    for html in (r.text, client.get(f"/negotiations/{nid}").text):
        assert "The talks have ended" in html
        assert f'href="/negotiations/{nid}/debrief"' in panel(html, "status")
        for control in ('id="line"', 'id="undo"', 'id="follow-advice"', 'id="make-offer"'):
            assert control not in html, control
        assert "No more moves" in panel(html, "builder")


def test_a_real_negotiation_without_a_plan_is_titled_by_its_counterparty(
    client: Client,
) -> None:
    nid = start(client, plan="", scenario="saas_renewal", mode="real", counterparty="Acme")
    page = client.get(f"/negotiations/{nid}").text
    assert "<h1>Negotiation " + str(nid) + " with Acme</h1>" in page
    assert "practice A</h1>" not in page
    nid = start(client, plan="", scenario="saas_renewal", mode="real")
    page = client.get(f"/negotiations/{nid}").text  # no counterparty: the plan's counterpart
    assert f"<h1>Negotiation {nid} with Customer procurement</h1>" in page
    nid = start(client)  # a practice keeps its plan's name
    named = state(client, nid)["plan"]
    assert f"<h1>Negotiation {nid}: {named}</h1>" in client.get(f"/negotiations/{nid}").text


def test_a_plan_in_the_address_is_chosen_on_the_form(client: Client) -> None:
    page = client.get("/negotiations/new?plan=saas_renewal").text
    chosen = re.search(r'<select id="plan" name="plan">(.*?)</select>', page, re.S)
    assert chosen and re.findall(r'<option value="([^"]*)" selected>', chosen.group(1)) == [
        "saas_renewal"
    ]
    plan_page = client.get("/plans/saas_renewal").text
    assert 'href="/negotiations/new?plan=saas_renewal"' in plan_page


def test_a_default_plan_from_a_scenario(client: Client) -> None:
    nid = start(client, plan="", scenario="saas_renewal", side="B")
    s = state(client, nid)
    assert s["side"] == "B" and s["against"] == "hardliner"
    assert "price_per_seat" in client.get(f"/negotiations/{nid}").text


# a real negotiation ---------------------------------------------------------------------


def test_a_real_negotiation_typed_for_both_sides_updates_the_ledger(tmp_path: Path) -> None:
    from accord.store import ledger, open_store

    with make_client(tmp_path) as client:
        nid = start(client, mode="real", against="", counterparty="Acme <b>Dealers</b>")
        page = client.get(f"/negotiations/{nid}").text
        assert "Acme &lt;b&gt;Dealers&lt;/b&gt;" in page and "<b>Dealers" not in page
        assert '<select id="speaker-offer" name="speaker">' in page
        ours = {"issue-0": "1", "issue-1": "4", "issue-2": "1", "issue-3": "0", "issue-4": "1"}
        r = client.act(f"/negotiations/{nid}/offer", {"speaker": "we", **ours})
        assert recorded(r.text) == [recorded(r.text)[0]]  # no strategy answers
        assert "Their move" in r.text
        # their move through the phrase box, then the builder's default is theirs
        r = client.act(f"/negotiations/{nid}/line", {"line": "they offer rebate=2, stock=1"})
        assert r.status_code == 422 and "Not recorded" in r.text  # their first offer: all terms
        r = client.act(
            f"/negotiations/{nid}/line",
            {"line": "they offer rebate=2 stock=1 payment_days=60 co_marketing=yes term_years=2"},
        )
        assert "round 1: they offer rebate=2%" in recorded(r.text)[0]
        # out of turn: their move again, asked whether we were silent first
        r = client.act(f"/negotiations/{nid}/line", {"line": "they are silent"})
        assert "did we stay silent first?" in r.text
        client.act(f"/negotiations/{nid}/answer", {"answer": "no"})
        r = client.act(f"/negotiations/{nid}/move", {"action": "accept", "speaker": "we"})
        if "make this move anyway?" in r.text:
            r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
        assert "The talks have ended" in r.text
        assert "relationship updated" in r.text
    with open_store(str(tmp_path / "accord.db")) as store:
        assert len(ledger.history(store, "Acme <b>Dealers</b>")) == 1


# the API ----------------------------------------------------------------------------------


def test_the_api_plays_a_negotiation(client: Client) -> None:
    r = client.post("/api/negotiations", json={"plan": "dealer_rebate", "against": "hardliner"})
    assert r.status_code == 201, r.text
    nid = r.json()["id"]
    assert r.json()["whose_move"] == "we"
    advice = r.json()["advice"]
    assert advice["recommendation"]["kind"] == "counter"
    assert advice["recommendation"]["principles"] and advice["candidates"]
    assert advice["recommendation"]["text"].startswith("counter: rebate=1.25%")
    r = client.post(f"/api/negotiations/{nid}/moves", json={"follow_advice": True})
    assert r.status_code == 200
    assert len(r.json()["reply"]["recorded"]) == 2
    assert r.json()["state"]["events"][0]["terms"]["rebate"] == 1.25
    r = client.post(f"/api/negotiations/{nid}/moves", json={"line": "we offer 1.5"})
    assert r.json()["reply"]["question"]["options"] == ["1", "2"]
    r = client.post(f"/api/negotiations/{nid}/answer", json={"answer": "1"})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/negotiations/{nid}/moves", json={"offer": {"rebate": 9}})
    assert r.status_code == 400 and "rebate" in r.json()["error"]["message"]
    n = len(state(client, nid)["events"])
    r = client.post(f"/api/negotiations/{nid}/undo", json={})  # JSON: no CSRF token needed
    assert r.status_code == 200 and len(r.json()["state"]["events"]) < n
    r = client.post(f"/api/negotiations/{nid}/moves", json={"line": "x", "follow_advice": True})
    assert r.status_code == 400
    listed = client.get("/api/negotiations").json()
    assert [row["id"] for row in listed] == [nid] and listed[0]["kind"] == "practice"
    r = client.post("/api/negotiations", json={"plan": "nope", "against": "hardliner"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "plan"
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("", "/{negotiation_id}", "/{negotiation_id}/moves", "/{negotiation_id}/undo"):
        assert f"/api/negotiations{path}" in paths
    assert "/api/negotiations/{negotiation_id}/answer" in paths


# live updates -------------------------------------------------------------------------------


def test_the_hub_wakes_subscribers_from_any_thread() -> None:
    hub = Hub()
    channel = ("folder", 1)

    async def listen() -> tuple[int | None, int | None]:
        with hub.subscribe(channel) as sub:
            assert hub.listeners(channel) == 1
            threading.Timer(0.05, hub.publish, args=(channel,)).start()
            first = await sub.wait(5)
            quiet = await sub.wait(0.05)
        return first, quiet

    assert asyncio.run(asyncio.wait_for(listen(), 10)) == (1, None)
    assert hub.listeners(channel) == 0 and hub.count(channel) == 1


def test_closing_the_hub_ends_every_stream(client: Client) -> None:
    hub = Hub()
    channel = ("folder", 1)

    async def listen() -> list[int | None]:
        with hub.subscribe(channel) as sub:
            threading.Timer(0.05, hub.close).start()
            first = await sub.wait(5)  # woken by the close, not by a publish
        with hub.subscribe(channel) as late:
            second = await late.wait(5)  # a closed hub ends a new stream at once
        return [first, second]

    started = time.monotonic()
    assert asyncio.run(asyncio.wait_for(listen(), 10)) == [None, None]
    assert time.monotonic() - started < 2
    nid = start(client)
    client.get(f"/negotiations/{nid}")
    negotiations.hub_of(client.app)
    negotiations.close_streams(client.app)  # what Ctrl-C does before the server stops
    started = time.monotonic()
    body = client.get(f"/negotiations/{nid}/events", headers={"Last-Event-ID": "0"}).text
    assert body.startswith(": connected")
    assert time.monotonic() - started < negotiations.STREAM_SECONDS / 5  # it ended at once


def _stream(client: Client, url: str, headers: dict[str, str], out: list[str]) -> None:
    out.append(client.get(url, headers=headers).text)


def test_the_event_stream_tells_other_pages_of_a_move(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(negotiations, "STREAM_SECONDS", 1.5)
    nid = start(client)
    page = client.get(f"/negotiations/{nid}").text
    assert f'sse-connect="/negotiations/{nid}/events?since=0"' in page
    assert 'hx-trigger="sse:moved"' in page
    out: list[str] = []
    hub = negotiations.hub_of(client.app)
    channel = negotiations.channel_of(client.app.state.workspaces.get(LOCAL), nid)
    listener = threading.Thread(
        target=_stream, args=(client, f"/negotiations/{nid}/events", {"Last-Event-ID": "0"}, out)
    )
    listener.start()
    deadline = time.monotonic() + 5
    while hub.listeners(channel) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert hub.listeners(channel) == 1
    client.act(f"/negotiations/{nid}/follow")
    listener.join(timeout=10)
    assert not listener.is_alive()
    assert "event: moved\ndata: 2\nid: 2" in out[0]
    # reconnecting with an older id gets the news at once; with the current one, nothing
    monkeypatch.setattr(negotiations, "STREAM_SECONDS", 0.2)
    stale = client.get(f"/negotiations/{nid}/events", headers={"Last-Event-ID": "0"}).text
    assert stale.startswith("event: moved") and "id: 2" in stale
    fresh = client.get(f"/negotiations/{nid}/events", headers={"Last-Event-ID": "2"}).text
    assert "event: moved" not in fresh and ": connected" in fresh
    panels = client.get(f"/negotiations/{nid}/panels").text
    assert panels.count('hx-swap-oob="true"') == 6


def test_pages_are_compressed_and_events_are_not_held_back(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    nid = start(client)
    page = client.get(f"/negotiations/{nid}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "outcome-chart" in page.text
    assert "content-encoding" not in client.get("/healthz").headers  # small: as it is
    # the event stream, driven straight through the app's middleware: its first event
    # leaves at once, not compressed (gzip would hold it back until the stream ends)
    monkeypatch.setattr(negotiations, "STREAM_SECONDS", 1.0)
    sent: list[tuple[float, dict[str, Any]]] = []

    async def run() -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": f"/negotiations/{nid}/events",
            "raw_path": f"/negotiations/{nid}/events".encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"accept-encoding", b"gzip")],
            "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
            "state": {},
        }
        began = time.monotonic()

        async def receive() -> dict[str, Any]:
            await asyncio.sleep(5)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append((time.monotonic() - began, message))

        await client.app(scope, receive, send)  # type: ignore[arg-type]

    asyncio.run(run())
    start_message = next(m for _, m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start_message["headers"]}
    assert headers["content-type"].startswith("text/event-stream")
    assert "content-encoding" not in headers
    first = next((t, m) for t, m in sent if m["type"] == "http.response.body" and m["body"])
    assert b": connected" in first[1]["body"] and first[1].get("more_body")
    assert first[0] < 0.5  # at once, a second before the stream ends


# restart ----------------------------------------------------------------------------------------


def test_a_restart_loses_no_move(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        nid = start(client)
        client.act(f"/negotiations/{nid}/follow")
        r = client.act(f"/negotiations/{nid}/line", {"line": "we can do 45 days and 1.5%"})
        if "make this move anyway?" in r.text:
            client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
        before = state(client, nid)
    assert len(before["events"]) == 4
    with make_client(tmp_path) as again:  # a new app on the same folder: nothing in memory
        after = state(again, nid)
        assert after["moves"] == before["moves"]
        assert after["advice"]["recommendation"] == before["advice"]["recommendation"]
        shown = again.get(f"/negotiations/{nid}").text
        for line in before["moves"]:
            assert line.replace("'", "&#39;") in shown
        r = again.act(f"/negotiations/{nid}/follow")
        assert r.status_code == 200 and len(state(again, nid)["events"]) == 6


def test_the_builder_makes_conditional_offers_and_grants_add_ons(client: Client) -> None:
    nid = start(client)
    client.act(f"/negotiations/{nid}/follow")
    page = client.get(f"/negotiations/{nid}").text
    fields = {f"issue-{k}": selected(page, f"issue-{k}") for k in range(5)}
    fields["issue-0"] = "4"  # 2% rebate ...
    condition = {"if_text": "stock is at least 1.5x", "if_else": "0:0", "if_by": "they"}
    r = client.act(f"/negotiations/{nid}/offer", {**fields, **condition})
    if "make this move anyway?" in r.text:
        r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    said = recorded(r.text)
    assert said[0].startswith("round 2: we offer rebate=2%")
    assert "(if they meet &#39;stock is at least 1.5x&#39;, else rebate=1%)" in said[0]
    r = client.act(f"/negotiations/{nid}/move", {"action": "add", "addon": "co_marketing"})
    if "make this move anyway?" in r.text:
        r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
    assert recorded(r.text)[0] == "round 3: we add co_marketing"
    r = client.act(f"/negotiations/{nid}/offer", {**fields, "if_else": "9:0"})
    assert r.status_code == 422 and "if_else" in r.text
    r = client.act(f"/negotiations/{nid}/offer", {**fields, **condition, "if_text": " "})
    assert r.status_code == 422 and "if_text" in r.text and "a condition with no words" in r.text


def test_every_control_has_a_label_and_an_id(client: Client) -> None:
    nid = start(client, mode="real", against="")
    page = client.get(f"/negotiations/{nid}").text
    controls = re.findall(r'<(?:select|input|textarea) id="([^"]+)"', page)
    assert len(controls) >= 10
    for control in controls:
        assert f'<label for="{control}"' in page, control
    hidden = re.findall(r'<input type="hidden" name="(\w+)"', page)
    assert set(hidden) <= {"csrf", "speaker"}
    buttons = re.findall(r"<button ([^>]*)>", page)
    assert all('id="' in b for b in buttons if 'type="submit"' in b), buttons
    assert '<script src="/static/negotiate.js" defer></script>' in page
    assert client.get("/static/negotiate.js").status_code == 200


def test_an_ended_negotiation_shows_after_a_restart(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        nid = start(client)
        client.act(f"/negotiations/{nid}/follow")
        r = client.act(f"/negotiations/{nid}/move", {"action": "walk"})
        if "make this move anyway?" in r.text:
            r = client.act(f"/negotiations/{nid}/answer", {"answer": "yes"})
        assert "The talks have ended" in r.text
        before = state(client, nid)
    with make_client(tmp_path) as again:  # replayed from the stored events
        after = state(again, nid)
        assert after["moves"] == before["moves"] and after["ended"]
        assert after["outcome"] == before["outcome"]
        page = again.get(f"/negotiations/{nid}").text
        assert "The talks have ended" in page and "No deal: walked away by us" in page
        assert "nothing to undo" in again.act(f"/negotiations/{nid}/undo").text


def test_with_accounts_a_negotiation_is_its_owners_and_names_only_their_files(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from accord.store import coached, open_store
    from accord.web.accounts import Accounts

    accounts = Accounts(tmp_path / "web" / "accounts.db")
    ann = accounts.create("ann", "correct horse battery")
    accounts.create("bob", "correct horse battery")
    accounts.close()

    def sign_in(c: Client, name: str) -> None:
        c.token = None
        data = {"name": name, "password": "correct horse battery", "csrf": c.csrf()}
        assert c.post("/login", data=data, follow_redirects=False).status_code == 303
        c.token = None

    with make_client(tmp_path, accounts=True) as client:
        sign_in(client, "ann")
        nid = start(client)
        client.act(f"/negotiations/{nid}/follow")
        sign_in(client, "bob")
        assert client.get(f"/negotiations/{nid}").status_code == 404
        assert client.post(f"/api/negotiations/{nid}/moves", json={"line": "ok"}).status_code == 404
        assert client.get("/api/negotiations").json() == []
    db = tmp_path / "web" / "users" / str(ann.id) / "accord.db"
    with open_store(str(db)) as store:  # a record naming a file elsewhere (a forged backup)
        saved = coached.load(store, nid)
        coached.write(store, replace(saved, plan_path="/etc/accord/elsewhere.plan.yaml"))
    with make_client(tmp_path, accounts=True) as client:
        sign_in(client, "ann")
        r = client.get(f"/api/negotiations/{nid}")
        assert r.status_code == 400 and "outside this workspace" in r.json()["error"]["message"]


def test_practice_against_an_anac_agent_when_installed(client: Client) -> None:
    if "genius" not in negotiations.families():
        pytest.skip("the genius strategies (negmas-genius-agents) are not installed")
    page = client.get("/negotiations/new").text
    assert '<option value="genius:HardHeaded">' in page and 'list="other-strategies"' in page
    nid = start(client, other="genius:HardHeaded")
    assert state(client, nid)["against"] == "genius:HardHeaded"
    r = client.act(f"/negotiations/{nid}/follow")
    assert recorded(r.text)[1].startswith("round 1: they offer")  # the agent answers


def test_without_javascript_a_move_posts_and_comes_back_to_the_page(client: Client) -> None:
    nid = start(client)
    r = client.post(
        f"/negotiations/{nid}/follow", data={"csrf": client.csrf()}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == f"/negotiations/{nid}"
    page = client.get(f"/negotiations/{nid}").text
    assert recorded(page)[0].startswith("round 1: we offer")  # the reply, kept
    assert len(state(client, nid)["events"]) == 2
    form = {"csrf": client.csrf(), "line": "we offer rebate=7%"}
    r = client.post(f"/negotiations/{nid}/line", data=form, follow_redirects=True)
    assert "7% is not a value of" in r.text and len(state(client, nid)["events"]) == 2


def test_what_a_relative_figure_was_read_as_is_shown(client: Client) -> None:
    nid = start(client, plan="saas_renewal")
    client.act(f"/negotiations/{nid}/follow")
    r = client.act(f"/negotiations/{nid}/line", {"line": "we offer 5% off"})
    reply = panel(r.text, "reply")
    assert "read as: $120/seat less 5% is $114/seat" in reply
    assert "make this move anyway?" in reply  # a caution about it, asked inline
    assert 'value="we offer 5% off"' in r.text  # the line waits in the phrase box


def test_a_pasted_page_is_not_echoed_back_and_the_form_field_is_named(client: Client) -> None:
    data = {"csrf": client.csrf(), "plan": "dealer_rebate", "mode": "real"}
    r = client.post("/negotiations", data={**data, "counterparty": "Acme" * 1250})
    assert r.status_code == 422 and 'id="counterparty-error"' in r.text
    [said] = re.findall(r'<p class="error" id="counterparty-error">(.*?)</p>', r.text)
    assert "(5000 characters)" in said and len(said) < 300
