"""Rooms in the browser (issue 16): the owner's pages and links, joining without an account,
every move from a seat's page, the privacy scan of everything each seat received, racing
moves, a restart that loses nothing, the event stream and the JSON API."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from tests.rooms.test_rooms import SECRETS
from tests.web.conftest import Client, make_client

from accord.web import rooms as web_rooms
from accord.web.accounts import Accounts

HERE = Path(__file__).parents[1] / "rooms"
PASSWORD = "correct horse battery staple"
#: A's first offer: price 20 k$, slow delivery, a 1-year warranty, no training.
TERMS = {"price": 20, "delivery": "slow", "warranty": 1, "training": False}


class Seat(Client):
    """A participant's browser: keeps every body, header and error it received."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.received: list[str] = []
        self.ended_at: int | None = None  # what was received before the ending move

    def mark_end(self) -> None:
        self.ended_at = len(self.received)

    def request(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        r = super().request(*args, **kwargs)
        self.received.append(r.text)
        self.received.append(json.dumps(dict(r.headers)))
        return r

    def state(self, key: str) -> dict[str, Any]:
        r = self.get(f"/api/rooms/{key}")
        assert r.status_code == 200, r.text
        return dict(r.json())

    def n(self, key: str) -> int:
        return int(self.state(key)["events"])

    def look(self, key: str) -> None:
        """Everything a seat's browser fetches: the page, the panels, the state, the stream."""
        assert self.get(f"/rooms/{key}").status_code == 200
        assert self.get(f"/rooms/{key}/panels", headers={"HX-Request": "true"}).status_code == 200
        self.state(key)
        self.get(f"/rooms/{key}/events", headers={"Last-Event-ID": "0"})


def with_scenario(client: Client, name: str = "supply") -> None:
    folder = Path(client.app.state.settings.data) / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "private.yaml", folder / f"{name}.yaml")


def new_room(client: Client, **body: Any) -> tuple[str, dict[str, str]]:
    with_scenario(client)
    given = {"scenario": "supply", "owner_side": "A", "counterparty": "Dana", **body}
    r = client.post("/api/rooms", json=given)
    assert r.status_code == 201, r.text
    data = r.json()
    assert set(data["links"]) == {"A", "B"}
    return data["key"], data["tokens"]


def seats(client: Client, key: str, tokens: dict[str, str]) -> tuple[Seat, Seat]:
    a, b = Seat(client.app), Seat(client.app)
    for seat, role in ((a, "A"), (b, "B")):
        r = seat.get(f"/rooms/join/{tokens[role]}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/rooms/{key}"
    return a, b


@pytest.fixture(autouse=True)
def short_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_rooms, "STREAM_SECONDS", 0.05)


# the owner ---------------------------------------------------------------------------------------


def test_the_owner_makes_a_room_and_gets_two_links(client: Client) -> None:
    with_scenario(client)
    page = client.get("/rooms")
    assert page.status_code == 200 and '<option value="supply"' in page.text
    assert '<a href="/rooms">Rooms</a>' in page.text  # in the nav
    r = client.act(
        "/rooms",
        {"scenario": "supply", "rounds": "4", "owner_side": "A", "advisor_a": "1"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    key = r.headers["location"].split("/")[2]
    manage = client.get(f"/rooms/{key}/manage").text
    links = re.findall(r'value="(http[^"]+/rooms/join/[^"]+)"', manage)
    assert len(links) == 2 and links[0] != links[1]
    assert "Deadline: 4 rounds" in manage
    assert key in client.get("/rooms").text
    listed = client.get("/api/rooms").json()
    assert listed[0]["key"] == key and listed[0]["settings"]["advisor"] == {"A": True, "B": False}


def test_bad_input_is_shown_by_its_field(client: Client) -> None:
    with_scenario(client)
    r = client.act("/rooms", {"scenario": "nope", "rounds": ""})
    assert (
        r.status_code == 422
        and 'id="scenario-error"' in r.text
        and "no scenario &#39;nope&#39;" in r.text
    )
    r = client.act("/rooms", {"scenario": "supply", "rounds": "x"})
    assert r.status_code == 422 and 'id="rounds-error"' in r.text
    for rounds in ("0", "300"):  # out of range in the form: inline, as in the API
        r = client.act("/rooms", {"scenario": "supply", "rounds": rounds})
        assert r.status_code == 422 and 'id="rounds-error"' in r.text and "1 to 200" in r.text
    r = client.act("/rooms", {"scenario": "supply", "owner_side": "Z"})
    assert r.status_code == 422 and 'id="owner_side-error"' in r.text
    r = client.post("/api/rooms", json={"scenario": "supply", "rounds": 0})
    assert r.status_code == 400 and r.json()["error"]["field"] == "rounds"
    assert client.get("/api/rooms").json() == []  # nothing stored


def test_the_owner_takes_a_seat_and_reissues_links(client: Client) -> None:
    key, tokens = new_room(client)
    r = client.act(f"/rooms/{key}/seats/A/take", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/rooms/{key}"
    assert "you are Supplier (side A)" in client.get(f"/rooms/{key}").text
    b = Seat(client.app)
    b.get(f"/rooms/join/{tokens['B']}")
    assert b.get(f"/rooms/{key}").status_code == 200
    client.act(f"/rooms/{key}/seats/B/reissue")
    assert b.get(f"/api/rooms/{key}").status_code == 403  # the old link's holder is out
    assert b.get(f"/rooms/join/{tokens['B']}").status_code == 404
    new = client.act(f"/api/rooms/{key}/seats/B/reissue").json()["token"]
    assert b.get(f"/rooms/join/{new}").status_code == 200
    assert "you are Buyer (side B)" in b.get(f"/rooms/{key}").text


def test_only_the_owner_manages(client: Client) -> None:
    key, tokens = new_room(client)
    a = Seat(client.app)
    a.get(f"/rooms/join/{tokens['A']}")
    assert a.get(f"/rooms/{key}/manage").status_code == 200  # loopback: one person, the owner
    assert client.get("/rooms/nope/manage").status_code == 404
    r = client.get(f"/rooms/{key}", follow_redirects=False)  # the owner holds no seat
    assert r.status_code == 303 and r.headers["location"] == f"/rooms/{key}/manage"
    assert client.get("/rooms/nope").status_code == 403


# seats -------------------------------------------------------------------------------------------


def test_wrong_tokens_are_refused(client: Client) -> None:
    key, _ = new_room(client)
    stranger = Seat(client.app)
    assert stranger.get("/rooms/join/not-a-token").status_code == 404
    page = stranger.get(f"/rooms/{key}", follow_redirects=False)
    assert page.status_code == 303  # on loopback everyone is the owner: to the links
    assert stranger.get(f"/api/rooms/{key}").status_code == 403
    assert (
        stranger.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 0}).status_code
        == 403
    )
    assert stranger.get(f"/rooms/{key}/events").status_code == 403
    # a token of another room opens nothing here
    other_key, other_tokens = new_room(client)
    r = stranger.get(f"/api/rooms/{key}", headers={"X-Room-Token": other_tokens["A"]})
    assert r.status_code == 403
    r = stranger.get(f"/api/rooms/{other_key}", headers={"X-Room-Token": other_tokens["A"]})
    assert r.status_code == 200 and r.json()["side"] == "A"


def test_seats_need_no_account_on_a_server_with_accounts(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "web" / "accounts.db")
    accounts.create("ann", PASSWORD)
    accounts.create("bob", PASSWORD)
    accounts.close()
    with make_client(tmp_path, accounts=True) as owner:
        assert owner.get("/rooms", follow_redirects=False).status_code == 303  # sign in first
        owner.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": owner.csrf()})
        owner.token = None
        folder = Path(owner.app.state.settings.data) / "users"
        (user_folder,) = folder.iterdir()
        (user_folder / "scenarios").mkdir()
        shutil.copy(HERE / "private.yaml", user_folder / "scenarios" / "supply.yaml")
        r = owner.post("/api/rooms", json={"scenario": "supply", "owner_side": "A"})
        assert r.status_code == 201, r.text
        key, tokens = r.json()["key"], r.json()["tokens"]
        a, b = seats(owner, key, tokens)
        assert a.get(f"/rooms/{key}").status_code == 200
        assert a.get("/ledger", follow_redirects=False).status_code == 303  # no account, no ledger
        assert a.get(f"/rooms/{key}/manage", follow_redirects=False).status_code == 303
        r = a.act(f"/rooms/{key}/move", {"action": "silent", "expected": "0"})
        assert r.status_code == 200 and b.n(key) == 1
        assert b.act(f"/rooms/{key}/move", {"action": "walk", "expected": "1"}).status_code == 200
        assert "Your debrief" in b.get(f"/rooms/{key}").text

        stranger = Seat(owner.app)  # no account, no link
        assert stranger.get(f"/rooms/{key}").status_code == 403
        assert "open the invitation link" in stranger.get(f"/rooms/{key}").text
        # another signed-in user neither sees nor manages ann's room
        bob = Seat(owner.app)
        bob.post("/login", data={"name": "bob", "password": PASSWORD, "csrf": bob.csrf()})
        bob.token = None
        assert bob.get(f"/rooms/{key}/manage").status_code == 404
        assert bob.act(f"/rooms/{key}/seats/A/reissue").status_code == 404
        assert bob.act(f"/rooms/{key}/seats/B/take").status_code == 404
        assert bob.get(f"/api/rooms/{key}").status_code == 403
        assert bob.get("/api/rooms").json() == []
        assert key not in bob.get("/rooms").text


# whole negotiations and the privacy scan ---------------------------------------------------------


def play_to_agreement(client: Client, key: str, a: Seat, b: Seat) -> None:
    a.look(key)
    b.look(key)
    assert a.act(f"/rooms/{key}/closing", {"closing": "modest"}).status_code == 200
    # A: the offer builder (price 20 k$, slow, 1 year, no training)
    r = a.act(
        f"/rooms/{key}/offer",
        {
            "issue-0": "5",
            "issue-1": "2",
            "issue-2": "0",
            "issue-3": "0",
            "kind": "offer",
            "expected": "0",
        },
    )
    assert r.status_code == 200 and "we offer price=20 k$" in r.text, r.text[-3000:]
    # B moves out of turn, then too late (stale), then a sentence it confirms
    r = a.act(f"/rooms/{key}/move", {"action": "silent", "expected": "1"})
    assert r.status_code == 422 and "other side&#39;s move" in r.text
    r = b.act(f"/rooms/{key}/move", {"action": "silent", "expected": "0"})
    assert r.status_code == 422 and "moved first" in r.text
    r = b.act(f"/rooms/{key}/say", {"line": "xyzzy"})
    assert "xyzzy" in r.text
    r = b.act(
        f"/rooms/{key}/say", {"line": "we offer price 10, fast delivery, warranty 3, no training"}
    )
    assert r.status_code == 200 and "Yes, make this move" in r.text and b.n(key) == 1
    what = re.search(r'name="what" value="([^"]+)"', r.text)
    assert what is not None
    proposed = what.group(1).replace("&#34;", '"').replace("&quot;", '"')
    r = b.act(f"/rooms/{key}/confirm", {"what": proposed, "expected": "1"})
    assert r.status_code == 200 and b.n(key) == 2
    a.look(key)
    b.look(key)
    # A consults its authority; B stays silent, A's paused turn passes by itself
    assert a.act(f"/rooms/{key}/move", {"action": "consult", "expected": "2"}).status_code == 200
    assert b.act(f"/rooms/{key}/move", {"action": "silent", "expected": "3"}).status_code == 200
    assert b.n(key) == 5
    # B: a conditional offer from the builder (warranty 3 years if A ships fast, else 2)
    r = b.act(
        f"/rooms/{key}/offer",
        {
            "issue-0": "2",
            "issue-1": "1",
            "issue-2": "2",
            "issue-3": "0",
            "kind": "offer",
            "if_text": "A ships within a week",
            "if_else": "2:1",
            "if_by": "they",
            "expected": "5",
        },
    )
    assert r.status_code == 200, r.text
    a.look(key)
    b.look(key)
    # A sweetens its offer with the add-on (through the API), B accepts
    r = a.post(f"/api/rooms/{key}/moves", json={"move": {"add": "training"}, "expected": 6})
    assert r.status_code == 200, r.text
    a.look(key)
    b.look(key)
    a.mark_end()
    b.mark_end()
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "accept", "expected": 7})
    assert r.status_code == 200 and r.json()["state"]["ended"]


def play_to_walk_away(client: Client, key: str, a: Seat, b: Seat) -> None:
    a.look(key)
    b.look(key)
    r = a.post(
        f"/api/rooms/{key}/moves",
        json={"move": {"offer": {**TERMS, "price": 18, "warranty": 2}}, "expected": 0},
    )
    assert r.status_code == 200, r.text
    b.look(key)
    r = b.post(f"/api/rooms/{key}/propose", json={"line": "we walk away"})
    assert r.status_code == 200 and r.json()["proposal"]["move"] == "walk away"
    a.mark_end()
    b.mark_end()
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "walk away", "expected": 1})
    assert r.status_code == 200 and r.json()["state"]["ending"]["reason"] == "walk_away"


@pytest.mark.parametrize("play", [play_to_agreement, play_to_walk_away])
def test_privacy_scan(client: Client, play: Any) -> None:
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    play(client, key, a, b)
    during = {"A": a.ended_at, "B": b.ended_at}
    a.look(key)
    b.look(key)
    for seat, role, them in ((a, "A", "B"), (b, "B", "A")):
        before = "\n".join(seat.received[: during[role]])
        after = "\n".join(seat.received[during[role] :])
        for secret in SECRETS[them]:
            assert secret not in before, f"{role} received {them}'s {secret} during the talks"
        # afterwards only what the seat's debrief shows
        debrief = json.dumps(seat.state(key)["debrief"])
        for secret in SECRETS[them]:
            assert secret not in after or secret in debrief, f"{role} received {them}'s {secret}"
        for name in SECRETS[them][-2:]:
            assert name not in after
        assert tokens[them] not in before + after  # the other seat's token never shown
        assert "Your debrief" in seat.get(f"/rooms/{key}").text
    # each seat does see its own side
    assert all(s in "\n".join(a.received) for s in SECRETS["A"])
    assert all(s in "\n".join(b.received) for s in SECRETS["B"])


def test_anything_but_accepting_an_ultimatum_ends_the_talks(client: Client) -> None:
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    terms = {"price": 18, "delivery": "normal", "warranty": 2, "training": False}
    r = a.post(f"/api/rooms/{key}/moves", json={"move": {"ultimatum": terms}, "expected": 0})
    assert r.status_code == 200
    page = b.get(f"/rooms/{key}").text
    assert "Their offer is final" in page and "Their offer (final)" in page
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})
    assert r.json()["state"]["ending"]["reason"] == "ultimatum_refused"


def test_the_owners_ledger_gets_the_relationship(client: Client) -> None:
    key, tokens = new_room(client, counterparty="Dana at Buyer")
    a, b = seats(client, key, tokens)
    play_to_agreement(client, key, a, b)
    ledger = client.get("/api/ledger").json()
    assert "Dana at Buyer" in json.dumps(ledger)


# races, restarts, streams ------------------------------------------------------------------------


def test_two_moves_at_once_give_one_transcript(client: Client) -> None:
    key, tokens = new_room(client)
    a, _ = seats(client, key, tokens)
    a2 = Seat(client.app)  # the same seat in a second tab
    a2.get(f"/rooms/join/{tokens['A']}")
    barrier = threading.Barrier(2)
    answers: list[Any] = []

    def send(seat: Seat, price: int) -> None:
        terms = {"price": price, "delivery": "slow", "warranty": 1, "training": False}
        barrier.wait()
        answers.append(
            seat.post(f"/api/rooms/{key}/moves", json={"move": {"offer": terms}, "expected": 0})
        )

    threads = [threading.Thread(target=send, args=(s, p)) for s, p in ((a, 20), (a2, 18))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 409]
    lost = next(r for r in answers if r.status_code == 409).json()
    assert "moved first" in lost["error"]["message"] and lost["state"]["events"] == 1
    assert len(a.state(key)["transcript"]) == 1


def test_a_restart_loses_no_move(tmp_path: Path) -> None:
    with make_client(tmp_path) as client:
        key, tokens = new_room(client)
        a, b = seats(client, key, tokens)
        a.post(
            f"/api/rooms/{key}/moves",
            json={"move": {"offer": TERMS}, "expected": 0},
        )
        b.post(f"/api/rooms/{key}/moves", json={"move": "consult authority 2", "expected": 1})
    with make_client(tmp_path) as again:  # a new server on the same data
        b2 = Seat(again.app)
        b2.cookies = b.cookies  # the browser keeps its cookie
        state = b2.state(key)
        assert [r["kind"] for r in state["transcript"]] == ["offer", "consult_authority"]
        a2 = Seat(again.app)
        a2.get(f"/rooms/join/{tokens['A']}")
        r = a2.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 2})
        assert r.status_code == 200 and r.json()["state"]["events"] == 4  # the pause resumed


def test_the_stream_resends_what_a_reconnect_missed(client: Client) -> None:
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    page = b.get(f"/rooms/{key}").text
    assert f'sse-connect="/rooms/{key}/events?since=0"' in page
    a.post(
        f"/api/rooms/{key}/moves",
        json={"move": {"offer": TERMS}, "expected": 0},
    )
    a.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})  # refused: B's turn
    stale = b.get(f"/rooms/{key}/events", headers={"Last-Event-ID": "0"}).text
    assert stale.startswith("event: moved") and "id: 1" in stale
    data = json.loads(stale.split("data: ", 1)[1].split("\n", 1)[0])
    assert data["events"] == 1 and [r["seq"] for r in data["rows"]] == [0]
    assert data["rows"][0]["who"] == "they"
    fresh = b.get(f"/api/rooms/{key}/events", headers={"Last-Event-ID": "1"}).text
    assert "event: moved" not in fresh and ": connected" in fresh
    panels = b.get(f"/rooms/{key}/panels").text
    assert panels.count('hx-swap-oob="true"') == 7


def test_a_live_move_reaches_the_other_page(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(web_rooms, "STREAM_SECONDS", 3.0)
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    out: list[str] = []
    hub = web_rooms.hub_of(client.app)
    listener = threading.Thread(
        target=lambda: out.append(
            b.get(f"/rooms/{key}/events", headers={"Last-Event-ID": "0"}).text
        )
    )
    listener.start()
    deadline = time.monotonic() + 5
    while hub.listeners(web_rooms.channel(key)) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    a.act(f"/rooms/{key}/move", {"action": "silent", "expected": "0"})
    listener.join(timeout=10)
    assert "event: moved" in out[0] and "id: 1" in out[0]
    assert out[0].count("event: moved") == 1  # no move twice


def test_an_owners_ledger_that_fails_is_not_told_to_a_seat(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.errors import InputError
    from accord.rooms import Rooms

    def broken(*_: Any) -> bool:
        raise InputError("the database is locked", source="/secret/owner/accord.db")

    monkeypatch.setattr(Rooms, "record_in_ledger", broken)
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    a.post(f"/api/rooms/{key}/moves", json={"move": {"offer": TERMS}, "expected": 0})
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "accept", "expected": 1})
    assert r.status_code == 200 and r.json()["state"]["ended"]
    page = b.get(f"/rooms/{key}")
    assert page.status_code == 200 and "/secret/owner" not in page.text


def test_bad_moves_are_refused_and_nothing_is_stored(client: Client) -> None:
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    for url, form, says in (
        ("move", {"action": "dance", "expected": "0"}, "unknown action"),
        ("move", {"action": "silent", "expected": "x"}, "expected"),
        ("confirm", {"what": "{not json", "expected": "0"}, "garbled"),
        ("offer", {"issue-0": "99", "expected": "0"}, "no value"),
        ("say", {"line": ""}, "nothing typed"),
        ("closing", {"closing": "gloating"}, "closing"),
    ):
        r = a.act(f"/rooms/{key}/{url}", form)
        assert r.status_code == 422 and says in r.text, (url, r.text[-500:])
    r = a.post(f"/api/rooms/{key}/moves", json={"move": {"add": "nothing"}, "expected": 0})
    assert r.status_code == 400 and "not an add-on" in r.json()["error"]["message"]
    assert r.json()["state"]["events"] == 0
    r = a.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": -1})
    assert r.status_code == 400
    r = a.post(f"/api/rooms/{key}/closing", json={"closing": "gloating"})
    assert r.status_code == 400
    r = a.post(f"/api/rooms/{key}/closing", json={"closing": "modest"})
    assert r.status_code == 200 and a.state(key)["closing"] == "modest"
    asked = a.post(f"/api/rooms/{key}/propose", json={"line": "xyzzy"}).json()
    assert "xyzzy" in asked["question"]["text"]
    r = a.post(f"/api/rooms/{key}/propose", json={"line": "they accept"})
    assert r.status_code == 400 and "only your own moves" in r.json()["error"]["message"]
    assert a.n(key) == 0 and b.n(key) == 0
    # a form without HTMX: the page again with the error, or back to the page
    r = a.post(f"/rooms/{key}/move", data={"action": "walk", "expected": "5", "csrf": a.csrf()})
    assert r.status_code == 422 and "moved first" in r.text and "<html" in r.text
    r = a.post(
        f"/rooms/{key}/move",
        data={"action": "silent", "expected": "0", "csrf": a.csrf()},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/rooms/{key}"


def test_the_session_cookie_stays_small(client: Client) -> None:
    """A browser keeps a cookie of about 4 KB at most: links and seats of the newest rooms
    only; an older room's link is made again on its page."""
    keys = [new_room(client)[0] for _ in range(web_rooms.KEPT + 12)]
    for key in keys[-web_rooms.KEPT - 4 :]:
        client.act(f"/rooms/{key}/seats/A/take")
    assert len(client.cookies["accord_session"]) < 3000
    assert "/rooms/join/" in client.get(f"/rooms/{keys[-1]}/manage").text
    assert "make a new one to see a link" in client.get(f"/rooms/{keys[0]}/manage").text


def test_follow_the_advice(client: Client) -> None:
    key, tokens = new_room(client, advisor_b=False)
    a, b = seats(client, key, tokens)
    page = a.get(f"/rooms/{key}").text
    assert 'id="follow-advice"' in page
    assert 'id="follow-advice"' not in b.get(f"/rooms/{key}").text  # off for B
    r = a.act(f"/rooms/{key}/follow", {"expected": "0"})
    assert r.status_code == 200 and a.n(key) == 1
    advised = a.state(key)["transcript"][0]
    assert advised["kind"] == "offer" and advised["who"] == "you"
    r = b.act(f"/rooms/{key}/follow", {"expected": "1"})
    assert r.status_code == 422 and "no advice to follow" in r.text and b.n(key) == 1


def test_a_proposal_shows_the_advisors_cautions(client: Client) -> None:
    key, tokens = new_room(client)
    a, _ = seats(client, key, tokens)
    line = "we offer price 10, fast delivery, warranty 3, no training"  # A's worst terms
    r = a.act(f"/rooms/{key}/say", {"line": line})
    assert r.status_code == 200 and 'class="warning caution"' in r.text
    assert "Yes, make this move" in r.text and a.n(key) == 0
    found = a.post(f"/api/rooms/{key}/propose", json={"line": line}).json()["proposal"]
    assert found["cautions"] and found["move"]["offer"]["price"] == 10


def test_a_replaced_link_is_told_on_the_stream(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(web_rooms, "STREAM_SECONDS", 3.0)
    key, tokens = new_room(client)
    _, b = seats(client, key, tokens)
    assert 'sse-swap="revoked"' in b.get(f"/rooms/{key}").text
    out: list[str] = []
    url = f"/rooms/{key}/events"
    listener = threading.Thread(target=lambda: out.append(b.get(url).text))
    listener.start()
    hub = web_rooms.hub_of(client.app)
    deadline = time.monotonic() + 5
    while hub.listeners(web_rooms.channel(key)) == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    client.act(f"/rooms/{key}/seats/B/reissue")
    listener.join(timeout=10)
    assert f"event: revoked\ndata: {web_rooms.REVOKED}" in out[0]
    assert time.monotonic() - started < 2.5  # the stream ended at once


def test_a_request_reads_the_rooms_store_once(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seat's token and the room's stored events are read in one transaction per
    request (not at every call into the rooms), and a move adds only its write; a move
    another server stored on the same store is still seen at the next request."""
    from accord.rooms import Rooms, open_rooms

    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    r = a.post(f"/api/rooms/{key}/moves", json={"move": {"offer": TERMS}, "expected": 0})
    assert r.status_code == 200  # the room in memory, and the first move's one-off reads
    rooms = client.app.state.rooms
    counts = {"read": 0, "write": 0}
    read, write = rooms.store.read, rooms.store.write

    def counted(kind: str, fn: Any) -> Any:
        def run(*args: Any) -> Any:
            counts[kind] += 1
            return fn(*args)

        return run

    monkeypatch.setattr(rooms.store, "read", counted("read", read))
    monkeypatch.setattr(rooms.store, "write", counted("write", write))
    assert b.get(f"/rooms/{key}/panels", headers={"HX-Request": "true"}).status_code == 200
    assert counts == {"read": 1, "write": 0}
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})
    assert r.status_code == 200 and r.json()["state"]["events"] == 2
    assert counts == {"read": 2, "write": 1}
    other = Rooms(open_rooms(Path(client.app.state.settings.data) / "rooms.db"))
    other.move(key, "A", "silent", 2)  # another server on the same store
    assert b.state(key)["events"] == 3 and a.state(key)["transcript"][2]["kind"] == "silence"
    assert counts["write"] == 1


def test_accept_is_offered_only_with_an_offer_on_the_table(client: Client) -> None:
    key, tokens = new_room(client)
    a, b = seats(client, key, tokens)
    assert 'id="act-accept"' not in a.get(f"/rooms/{key}").text  # round 1: nothing to accept
    terms = {"issue-0": "5", "issue-1": "2", "issue-2": "0", "issue-3": "0"}
    r = a.act(f"/rooms/{key}/offer", {**terms, "kind": "offer", "expected": "0"})
    assert r.status_code == 200
    assert 'id="act-accept"' in b.get(f"/rooms/{key}").text
    assert 'id="act-accept"' not in a.get(f"/rooms/{key}").text  # our own offer is not theirs
