"""Classroom exercises in the browser (issue 16 item 4): the instructor opens a session of a
shipped case, students join by code and name without an account, Start pairs them into
rooms (the odd one practises against a strategy or observes), pairs negotiate through the
rooms' routes, the monitor follows them, a pause refuses every move, the class debrief and
its CSV; the privacy scan of everything each student received; bad input inline."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from tests.web.conftest import Client

from accord.classroom.cases import case, mentions
from accord.classroom.class_debrief import COLUMNS
from accord.errors import InputError
from accord.web import classroom as web_classroom
from accord.web import rooms as web_rooms

CASE = "dealer_rebate"
PASSWORD = "correct horse battery staple"


class Student(Client):
    """A student's browser: keeps every body and header it received."""

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self.received: list[str] = []

    def request(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        r = super().request(*args, **kwargs)
        self.received.append(r.text)
        self.received.append(json.dumps(dict(r.headers)))
        return r


@pytest.fixture(autouse=True)
def short_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_rooms, "STREAM_SECONDS", 0.05)
    monkeypatch.setattr(web_classroom, "STREAM_SECONDS", 0.05)


def open_class(client: Client, **form: str) -> str:
    """The instructor opens a session from the page's form; its code."""
    given = {"case": CASE, "rounds": "", "time_limit_minutes": "", "advisor": "1", **form}
    r = client.act("/classroom", given, follow_redirects=False)
    assert r.status_code == 303, r.text
    code = r.headers["location"].removeprefix("/classroom/")
    page = client.get(f"/classroom/{code}")
    assert page.status_code == 200 and code in page.text and "Roster (0)" in page.text
    return code


def join(client: Client, code: str, name: str) -> Student:
    s = Student(client.app)
    r = s.act("/join", {"code": code.lower(), "name": name}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/classroom/{code}/me", r.text
    page = s.get(f"/classroom/{code}/me")
    assert page.status_code == 200 and f"Welcome, {name}" in page.text
    return s


def look(code: str, *students: Student) -> None:
    """Everything a student's browser fetches: its class page, banner, state and streams,
    and its room's page, panels, state and stream."""
    for s in students:
        me = seat(s, code)
        assert s.get(f"/classroom/{code}/me", follow_redirects=True).status_code == 200
        assert s.get(f"/classroom/{code}/events").status_code == 200
        if "room" in me:
            key = me["room"]
            assert s.get(f"/classroom/{code}/banner").status_code == 200
            assert s.get(f"/rooms/{key}/panels", headers={"HX-Request": "true"}).is_success
            assert s.get(f"/api/rooms/{key}").status_code == 200
            s.get(f"/rooms/{key}/events", headers={"Last-Event-ID": "0"})


def seat(s: Student, code: str) -> dict[str, Any]:
    """The student's room as the API gives it (their seat taken)."""
    r = s.get(f"/api/classroom/{code}/me")
    assert r.status_code == 200, r.text
    return dict(r.json())


def events(s: Student, key: str) -> int:
    r = s.get(f"/api/rooms/{key}")
    assert r.status_code == 200, r.text
    return int(r.json()["events"])


def states(client: Client, code: str) -> list[str]:
    r = client.get(f"/api/classroom/{code}")
    assert r.status_code == 200, r.text
    return [p["state"] for p in r.json()["monitor"]["pairs"]]


def test_a_class_negotiates_pauses_and_is_debriefed(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = case(CASE)
    code = open_class(client, practice="1")
    ann, bo, cy = (join(client, code, n) for n in ("Ann", "Bo", "Cy"))
    assert "Roster (3)" in client.get(f"/classroom/{code}").text
    # before the start a student has no room, and the roster is closed after it
    assert ann.get(f"/classroom/{code}/room", follow_redirects=False).status_code == 303
    r = client.act(f"/classroom/{code}/start", {})
    assert r.status_code == 200 and "Monitor" in r.text and "waiting" in r.text
    assert states(client, code) == ["waiting", "waiting"]

    # each student is sent to their room, with their own brief only
    r = ann.get(f"/classroom/{code}/me", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/classroom/{code}/room"
    page = ann.get(f"/classroom/{code}/room")
    assert page.status_code == 200
    assert c.brief("A").role in page.text and c.brief("B").role not in page.text
    page = bo.get(f"/classroom/{code}/room")
    assert c.brief("B").role in page.text and c.brief("A").role not in page.text
    a, b, practice = seat(ann, code), seat(bo, code), seat(cy, code)
    assert (a["side"], b["side"], practice["side"]) == ("A", "B", "A")
    assert a["room"] == b["room"] != practice["room"]
    key = a["room"]

    # the waiting page's fragment sends a paired student to the room
    r = ann.get(f"/classroom/{code}/me/status", headers={"HX-Request": "true"})
    assert r.headers.get("HX-Redirect") == f"/classroom/{code}/room"

    # A offers from the room's builder form; the monitor sees it
    deal = c.notes.inefficient_deal
    r = ann.post(f"/api/rooms/{key}/moves", json={"move": {"offer": deal}, "expected": 0})
    assert r.status_code == 200, r.text
    assert states(client, code)[0] == "negotiating"
    look(code, ann, bo, cy)
    later = web_classroom._now() + timedelta(minutes=9)
    monkeypatch.setattr(web_classroom, "_now", lambda: later)
    assert "stuck for 9 minutes" in client.get(f"/classroom/{code}").text
    monkeypatch.undo()
    monkeypatch.setattr(web_rooms, "STREAM_SECONDS", 0.05)
    monkeypatch.setattr(web_classroom, "STREAM_SECONDS", 0.05)

    # a pause refuses every move with a clear message (the page, HTMX and the API)
    assert client.act(f"/classroom/{code}/pause", {}).status_code == 200
    r = bo.act(f"/rooms/{key}/move", {"action": "accept", "expected": "1"})
    assert r.status_code == 422 and "paused by the instructor" in r.text
    assert r.headers["HX-Retarget"] == "#flash"
    r = bo.post(f"/api/rooms/{key}/moves", json={"move": "accept", "expected": 1})
    assert r.status_code == 400 and "paused" in r.json()["error"]["message"]
    assert "No moves now" in bo.get(f"/classroom/{code}/banner").text
    assert events(bo, key) == 1
    look(code, ann, bo, cy)
    assert client.act(f"/classroom/{code}/pause", {}).status_code == 422  # already paused
    assert client.act(f"/classroom/{code}/resume", {}).status_code == 200
    assert "No moves now" not in bo.get(f"/classroom/{code}/banner").text

    # B accepts from the room's form: agreed
    r = bo.act(f"/rooms/{key}/move", {"action": "accept", "expected": "1"})
    assert r.status_code == 200, r.text
    assert states(client, code)[0] == "agreed"
    page = bo.get(f"/classroom/{code}/room")
    assert "The talks have ended" in page.text and "your own debrief" in page.text
    assert "Your debrief" in page.text
    assert "your own debrief" in ann.get(f"/classroom/{code}/banner").text
    assert seat(ann, code)["ended"] is True and seat(cy, code)["ended"] is False

    # the practice pair: the strategy answers Cy's offer by itself, Cy walks away
    pkey = practice["room"]
    r = cy.post(f"/api/rooms/{pkey}/moves", json={"move": {"offer": deal}, "expected": 0})
    assert r.status_code == 200, r.text
    n = events(cy, pkey)
    assert n >= 2  # the strategy moved
    state = cy.get(f"/api/rooms/{pkey}").json()
    if not state["ended"]:
        r = cy.post(f"/api/rooms/{pkey}/moves", json={"move": "walk away", "expected": n})
        assert r.status_code == 200, r.text
    assert states(client, code)[1] in ("walked_away", "agreed", "no_deal")

    look(code, ann, bo, cy)
    # end; a move after the end is refused
    assert client.act(f"/classroom/{code}/end", {}).status_code == 200
    r = cy.post(f"/api/rooms/{pkey}/moves", json={"move": "silent", "expected": events(cy, pkey)})
    assert r.status_code == 400 and "has ended" in r.json()["error"]["message"]

    # the class debrief, its JSON and its CSV
    page = client.get(f"/classroom/{code}/debrief")
    assert page.status_code == 200 and "<svg" in page.text and "Pair 1 (Ann &amp; Bo)" in page.text
    assert "each pair&#39;s agreement" in page.text and "A&#39;s offers" not in page.text
    assert re.search(r'<g class="offers-A"[^>]*><circle', page.text)  # no line between pairs
    d = client.get(f"/api/classroom/{code}/debrief").json()
    assert len(d["pairs"]) == 2 and d["unfinished"] == []
    assert d["pairs"][0]["agreement"] is True
    assert 0.5 <= d["deal_rate"] <= 1.0
    assert d["students"] == 3  # the strategy's seat is not a student
    assert d["principles"]
    text = client.get(f"/classroom/{code}/debrief.csv")
    assert text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.text)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2
    assert rows[0]["student_a"] == "Ann" and rows[0]["agreement"] == "yes"
    assert rows[1]["student_b"] == ""

    look(code, ann, bo, cy)
    # privacy: nothing a student received holds the other side's private figures or brief
    for student, role in ((ann, "A"), (bo, "B"), (cy, "A")):
        theirs = c.brief("B" if role == "A" else "A")
        seen = "\n".join(student.received)
        assert any(mentions(seen, f) for f in c.brief(role).private)  # the scan can see
        for figure in theirs.private:
            assert not mentions(seen, figure), (role, figure)
        assert theirs.role not in seen and theirs.authority.split("\n")[0] not in seen


def test_time_over_ends_the_session_and_every_pair_still_talking(
    client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """The time limit is called whoever looks first (here a student's move): the session
    ends, the pair's talks end without agreement (`time_limit`), each student gets their
    debrief and the class debrief counts the pair; a server started again agrees."""
    from tests.web.conftest import make_client

    code = open_class(client)
    ann, bo = join(client, code, "Ann"), join(client, code, "Bo")
    assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
    key = seat(ann, code)["room"]
    assert seat(bo, code)["room"] == key
    deal = case(CASE).notes.inefficient_deal
    r = ann.post(f"/api/rooms/{key}/moves", json={"move": {"offer": deal}, "expected": 0})
    assert r.status_code == 200, r.text
    over = web_classroom._now() + timedelta(minutes=31)  # the case's limit is 30 minutes
    monkeypatch.setattr(web_classroom, "_now", lambda: over)
    r = bo.post(f"/api/rooms/{key}/moves", json={"move": "accept", "expected": 1})
    assert r.status_code == 400 and "time limit of 30 minutes is over" in r.text
    assert events(bo, key) == 1  # the refused move is not stored
    state = client.get(f"/api/classroom/{code}").json()
    assert state["state"] == "ended" and state["monitor"]["pairs"][0]["ending"] == "time_limit"
    for s in (ann, bo):
        room = s.get(f"/api/rooms/{key}").json()
        assert room["ended"] is True and room["debrief"] is not None
    assert "Your debrief" in bo.get(f"/classroom/{code}/room").text
    d = client.get(f"/api/classroom/{code}/debrief").json()
    assert d["unfinished"] == [] and d["pairs"][0]["agreement"] is False
    with make_client(tmp_path) as other:  # the ending is stored, not only in memory
        again = Student(other.app)
        again.cookies.set("accord_session", ann.cookies.get("accord_session") or "")
        assert again.get(f"/api/rooms/{key}").json()["ended"] is True
        r = again.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})
        assert r.status_code == 400


def test_ending_a_session_ends_its_pairs_talks(client: Client) -> None:
    code = open_class(client)
    ann, bo = join(client, code, "Ann"), join(client, code, "Bo")
    assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
    key = seat(ann, code)["room"]
    assert seat(bo, code)["room"] == key
    assert client.act(f"/classroom/{code}/end", {}).status_code == 200
    assert states(client, code) == ["no_deal"]
    assert bo.get(f"/api/rooms/{key}").json()["ended"] is True
    assert client.get(f"/api/classroom/{code}/debrief").json()["unfinished"] == []


def test_a_pause_stored_after_the_check_still_refuses_the_move(client: Client) -> None:
    """The rooms ask the session again inside the move's own write transaction, so a pause
    that lands after the middleware's check is still before the move's commit."""
    code = open_class(client)
    ann, _ = join(client, code, "Ann"), join(client, code, "Bo")
    assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
    key = seat(ann, code)["room"]
    classes = web_classroom.classes_of(client.app)
    classes.update(
        code,
        lambda r: web_classroom.replace(
            r, session=web_classroom.lib.pause(r.session, web_classroom._now())
        ),
    )  # as another process would, behind the middleware's back
    rooms = web_rooms.rooms_of(web_classroom._AppOnly(client.app))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="paused by the instructor"):
        rooms.move(key, "A", "silent", 0)
    assert events(ann, key) == 0


def test_an_odd_student_observes_without_practice(client: Client) -> None:
    code = open_class(client)  # the practice box unticked
    students = [join(client, code, n) for n in ("Ann", "Bo", "Cy", "Di", "Ed")]
    assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
    data = client.get(f"/api/classroom/{code}").json()
    assert data["pairing"]["observers"] == ["Ed"] and len(data["pairing"]["pairs"]) == 2
    ed = students[-1]
    page = ed.get(f"/classroom/{code}/me")
    assert page.status_code == 200 and "You are observing" in page.text and "Di" in page.text
    me = seat(ed, code)
    assert me["role"] == "observer" and "brief" not in me and len(me["monitor"]) == 2
    assert ed.get(f"/classroom/{code}/room", follow_redirects=False).status_code == 303
    c = case(CASE)
    seen = "\n".join(ed.received)
    for role in ("A", "B"):
        assert c.brief(role).role not in seen
        assert not any(mentions(seen, f) for f in c.brief(role).private)


def test_an_even_class_is_paired_two_by_two(client: Client) -> None:
    cases = client.get("/api/classroom/cases").json()
    assert len(cases) >= 8 and {"slug", "title", "settings"} <= set(cases[0])
    assert all(c["title"] in client.get("/classroom").text.replace("&#39;", "'") for c in cases)
    r = client.post("/api/classroom", json={"case": CASE, "practice": True, "rounds": 12})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    for name in ("Ann", "Bo", "Cy", "Di"):
        r = Student(client.app).post("/api/classroom/join", json={"code": code, "name": name})
        assert r.status_code == 200 and r.json()["name"] == name
    data = client.post(f"/api/classroom/{code}/start", json={}).json()
    assert [(p["A"], p["B"]) for p in data["pairing"]["pairs"]] == [("Ann", "Bo"), ("Cy", "Di")]
    assert data["state"] == "running" and len(set(data["rooms"].values())) == 2
    assert data["exercise"]["rounds"] == 12
    assert code in client.get("/classroom").text  # the instructor's list of sessions


def test_a_script_takes_part_with_headers_only(client: Client) -> None:
    """No cookies: the student's token in `X-Class-Token`, the seat's in `X-Room-Token`."""
    r = client.post("/api/classroom", json={"case": CASE, "practice": False})
    code = r.json()["code"]
    bot = Student(client.app)
    tokens = []
    for name in ("Ann", "Bo"):
        bot.cookies.clear()
        r = bot.post("/api/classroom/join", json={"code": code, "name": name})
        tokens.append(r.json()["token"])
    assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
    bot.cookies.clear()
    assert bot.get(f"/api/classroom/{code}/me").status_code == 403
    me = bot.get(f"/api/classroom/{code}/me", headers={"X-Class-Token": tokens[0]}).json()
    assert me["name"] == "Ann" and me["side"] == "A"
    bot.cookies.clear()
    headers = {"X-Class-Token": tokens[0], "X-Room-Token": me["token"]}
    again = bot.get(f"/api/classroom/{code}/me", headers=headers).json()
    assert again["token"] == me["token"]  # kept: the script's token still holds the seat
    bot.cookies.clear()
    r = bot.post(
        f"/api/rooms/{me['room']}/moves",
        json={"move": "silent", "expected": 0},
        headers={"X-Room-Token": me["token"]},
    )
    assert r.status_code == 200, r.text


def test_bad_input_is_shown_inline(client: Client) -> None:
    code = open_class(client)
    s = Student(client.app)
    r = s.act("/join", {"code": "0OIL11", "name": "Ann"})
    assert r.status_code == 422 and 'id="code-error"' in r.text and "not a join code" in r.text
    other = "".join("Z" if ch != "Z" else "Y" for ch in code)
    r = s.act("/join", {"code": other, "name": "Ann"})
    assert r.status_code == 422 and "no session with the code" in r.text
    r = s.act("/join", {"code": code, "name": "   "})
    assert r.status_code == 422 and 'id="name-error"' in r.text
    join(client, code, "Ann")
    r = s.act("/join", {"code": code, "name": "ann"})
    assert r.status_code == 422 and "already joined" in r.text and 'id="name-error"' in r.text
    r = s.post("/api/classroom/join", json={"code": code, "name": "ANN"})
    assert r.status_code == 400 and r.json()["error"]["field"] == "name"
    client.act(f"/classroom/{code}/start", {})
    r = s.act("/join", {"code": code, "name": "Late"})
    assert r.status_code == 422 and "no longer takes students" in r.text
    assert "Roster (1)" in client.get(f"/classroom/{code}").text
    # the instructor's form: a bad deadline named by its field, nothing opened
    r = client.act("/classroom", {"case": CASE, "rounds": "500"})
    assert r.status_code == 422 and 'id="rounds-error"' in r.text
    r = client.act("/classroom", {"case": CASE, "time_limit_minutes": "soon"})
    assert r.status_code == 422 and 'id="time_limit_minutes-error"' in r.text
    r = client.act("/classroom", {"case": "nope"})
    assert r.status_code == 422 and "no case called" in r.text
    assert len(client.get("/api/classroom").json()) == 1
    # a student is no instructor; no session is no page
    assert s.get(f"/classroom/{code}/me").status_code == 403
    assert client.get("/classroom/ZZZZZZ").status_code == 404
    r = client.post(f"/api/classroom/{code}/start", json={})
    assert r.status_code == 400 and "running" in r.json()["error"]["message"]
    r = client.act(f"/classroom/{code}/fly", {})
    assert r.status_code == 422 and "no action" in r.text


def test_two_servers_on_one_store_share_sessions(client: Client, tmp_path: Any) -> None:
    from tests.web.conftest import make_client

    code = open_class(client)
    ann = join(client, code, "Ann")
    with make_client(tmp_path) as other:  # a second server process on the same files
        bo = join(other, code, "Bo")
        assert client.get(f"/api/classroom/{code}").json()["students"] == ["Ann", "Bo"]
        r = Student(other.app).act("/join", {"code": code, "name": "ann"})
        assert r.status_code == 422 and "already joined" in r.text
        assert client.post(f"/api/classroom/{code}/start", json={}).status_code == 200
        assert other.post(f"/api/classroom/{code}/start", json={}).status_code == 400
        key = seat(ann, code)["room"]
        assert seat(bo, code)["room"] == key
        assert client.post(f"/api/classroom/{code}/pause", json={}).status_code == 200
        r = ann.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 0})
        assert r.status_code == 400 and "paused" in r.text
        # a student's cookie works on either server (one signing key)
        token = ann.cookies.get("accord_session")
        again = Student(other.app)
        again.cookies.set("accord_session", token or "")
        assert "Ann" in again.get(f"/api/classroom/{code}/me").text


def test_the_stream_says_when_the_class_changes(client: Client) -> None:
    code = open_class(client)
    r = client.get(f"/classroom/{code}/events")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert ": connected" in r.text
    assert (
        f'sse-connect="/classroom/{code}/events?monitor=true"'
        in client.get(f"/classroom/{code}").text
    )
    r = client.get(f"/classroom/{code}/events?monitor=true")
    assert r.status_code == 200 and ": connected" in r.text
    # a move in one of the session's rooms wakes the monitor's channel, not the students'
    hub = web_classroom.hub_of(client.app)
    ann, bo = join(client, code, "Ann"), join(client, code, "Bo")
    client.post(f"/api/classroom/{code}/start", json={})
    key = seat(ann, code)["room"]
    seat(bo, code)
    before = (hub.count(web_classroom.channel(code)), hub.count(web_classroom.channel(code, True)))
    assert ann.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 0}).is_success
    after = (hub.count(web_classroom.channel(code)), hub.count(web_classroom.channel(code, True)))
    assert after == (before[0], before[1] + 1)


def test_students_need_no_account_on_a_server_with_accounts(tmp_path: Any) -> None:
    from tests.web.conftest import make_client

    from accord.web.accounts import Accounts

    accounts = Accounts(tmp_path / "web" / "accounts.db")
    accounts.create("ann", PASSWORD)
    accounts.create("bob", PASSWORD)
    accounts.close()
    with make_client(tmp_path, accounts=True) as teacher:
        assert teacher.get("/classroom", follow_redirects=False).status_code == 303
        teacher.post("/login", data={"name": "ann", "password": PASSWORD, "csrf": teacher.csrf()})
        teacher.token = None
        code = open_class(teacher)
        kim, lee = join(teacher, code, "Kim"), join(teacher, code, "Lee")
        assert teacher.act(f"/classroom/{code}/start", {}).status_code == 200
        key = seat(kim, code)["room"]
        assert seat(lee, code)["room"] == key
        assert kim.get(f"/classroom/{code}/room").status_code == 200
        r = kim.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 0})
        assert r.status_code == 200, r.text
        # a student is no instructor, and another instructor does not see the session
        assert kim.get(f"/classroom/{code}", follow_redirects=False).status_code == 303
        assert kim.get(f"/classroom/{code}/debrief", follow_redirects=False).status_code == 303
        assert kim.get(f"/classroom/{code}/events").status_code == 200  # the student's stream
        bob = Student(teacher.app)
        bob.post("/login", data={"name": "bob", "password": PASSWORD, "csrf": bob.csrf()})
        bob.token = None
        assert bob.get(f"/classroom/{code}").status_code == 404
        assert bob.act(f"/classroom/{code}/end", {}).status_code == 404
        assert bob.get(f"/classroom/{code}/events").status_code == 403
        assert bob.get("/api/classroom").json() == []
        assert bob.get(f"/classroom/{code}/me").status_code == 403
