"""Rooms: two people negotiate with each other through the engine, in the browser; the
pages and the JSON API (`/api/rooms/...`), both calling `accord.rooms.Rooms`.

- The owner (signed in, or the one person on loopback) makes a room from a scenario
  (theirs or a shipped one) at `/rooms`, and gets one invitation link per seat
  (`/rooms/join/TOKEN`), which they may replace (the old one stops working) or use
  to take a seat themselves. The links are shown from the owner's session: the
  rooms store keeps only their hashes.
- A seat's holder needs no account: the link puts the seat's token in the (signed)
  session cookie, and every room route checks it against the seat's current token.
  A script sends it in the `X-Room-Token` header instead.
- The room page shows the seat's own preferences and BATNA, the offers on the table
  as terms, the offer builder and every doctrine move, a message box whose sentence
  the coach's parser reads into a move to confirm, the seat's advice when the room
  allows it, and after the end the seat's own debrief. Moves arrive live through
  server-sent events (id: the number of events; a reconnect with `Last-Event-ID`
  behind the room gets a `moved` at once, so nothing is lost or shown twice).
- A move carries `expected`, the events its sender had seen: when the other side
  moved first it is refused (409 in the API) with the new state, nothing stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator  # at run time: FastAPI reads the stream's type
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel, Field

from accord.errors import InputError
from accord.model.issues import Role  # at run time: FastAPI reads the streams' dependency
from accord.model.units import show_terms, show_value
from accord.phrasing import Question
from accord.rooms import Proposal, RoomError, Rooms, RoomSettings, SeatView, StaleMoveError
from accord.web import guard
from accord.web.accounts import User
from accord.web.live import Channel
from accord.web.negotiations import advice_view, hub_of, issue_controls, offer_line
from accord.web.pages import is_htmx, render
from accord.web.workspace import Workspace

if TYPE_CHECKING:
    from accord.model.issues import Value


async def _one_read(request: Request) -> None:
    """Every room route is one scope of the rooms' reads (`Rooms.scope`): the seat's token
    and the room's stored events are read once per request, not at every call. An
    event stream opens a scope of its own each time it looks again. (Before the rooms
    store is first opened, in a thread, a request has no scope: it reads every time.)"""
    found = getattr(request.app.state, "rooms", None)
    if isinstance(found, Rooms):
        found.open_scope()


router = APIRouter(dependencies=[Depends(_one_read)])
WS = Annotated[Workspace, Depends(guard.workspace)]

#: How long one event stream stays open (seconds); the browser reconnects by itself.
STREAM_SECONDS = 25.0
RETRY_MS = 1000
#: Where a seat's token is kept in the session, by room key.
SEATS = "room_seats"
#: Where the owner's invitation links are kept in the session, by room key.
LINKS = "room_links"
#: How many rooms' seats and links a session keeps (the newest): a cookie holds ~4 KB.
KEPT = 8
#: What a page whose seat was given a new link is told (its stream then ends).
REVOKED = "This seat now has a new invitation link: ask the room's owner for it."
#: The moves a button makes, as the coach reads them.
ACTIONS = {
    "accept": "accept",
    "silent": "silent",
    "consult": "consult authority",
    "walk": "walk away",
}
_LOCK = threading.Lock()
log = logging.getLogger("accord.web.rooms")


def rooms_of(request: Request) -> Rooms:
    """The server's rooms, in its rooms store (`data/rooms.db`, or `--rooms-db`), opened
    on first use; on PostgreSQL, live updates go to and come from the other server
    processes on it (`accord.web.bus`)."""
    state = request.app.state
    with _LOCK:
        found = getattr(state, "rooms", None)
        if not isinstance(found, Rooms):
            from accord.web.bus import open_shared

            store = open_shared(state.settings.rooms_store, hub_of(request.app))
            found = state.rooms = Rooms(store)
        return found


def channel(key: str) -> Channel:
    return (f"room:{key}", 0)


def _role(text: str) -> Role:
    role = text.strip().upper()
    if role == "A":
        return "A"
    if role == "B":
        return "B"
    raise InputError(f"seat '{text}'", field="seat", expected="A or B")


# who may see what ---------------------------------------------------------------------------


def seat_of(request: Request, key: str) -> Role:
    """The seat this request holds in room `key` (its token from the session or the
    `X-Room-Token` header, checked against the seat's current one), else 403."""
    rooms = rooms_of(request)
    held = request.session.get(SEATS)
    tokens = [request.headers.get("x-room-token")]
    if isinstance(held, dict):
        tokens.append(held.get(key))
    for token in tokens:
        if isinstance(token, str) and token:
            try:
                found_key, role = rooms.seat_of(token)
            except RoomError:
                continue
            if found_key == key:
                return role
    raise HTTPException(
        403, "you hold no seat in this room: open the invitation link you were sent"
    )


def _owner(request: Request, key: str) -> User:
    """The signed-in owner of room `key`, else 404 (it is not theirs to manage)."""
    user = guard.current_user(request)
    if user is None:
        raise guard.LoginNeededError()
    try:
        owner = rooms_of(request).owner_of(key)
    except RoomError:
        raise HTTPException(404, f"no room '{key}'") from None
    if owner != user.id:
        raise HTTPException(404, f"no room '{key}'")
    return user


def _links(request: Request, key: str) -> dict[str, str]:
    found = request.session.get(LINKS)
    kept = found.get(key) if isinstance(found, dict) else None
    return dict(kept) if isinstance(kept, dict) else {}


def _keep_link(request: Request, key: str, role: Role, token: str) -> None:
    found = request.session.get(LINKS)
    links = dict(found) if isinstance(found, dict) else {}
    room = dict(links.pop(key, None) or {})
    room[role] = token
    links[key] = room
    request.session[LINKS] = _newest(links)


def _hold_seat(request: Request, key: str, token: str) -> None:
    found = request.session.get(SEATS)
    seats = dict(found) if isinstance(found, dict) else {}
    seats.pop(key, None)
    seats[key] = token
    request.session[SEATS] = _newest(seats)


def _newest(kept: dict[str, Any]) -> dict[str, Any]:
    """The last `KEPT` rooms of a session's dict: a cookie holds about 4 KB."""
    return dict(list(kept.items())[-KEPT:])


def _link_url(request: Request, token: str) -> str:
    return str(request.base_url).rstrip("/") + f"/rooms/join/{token}"


def _ledgered(request: Request, key: str) -> None:
    """An ended room goes into its owner's ledger (once; only when the owner took a seat)."""
    rooms = rooms_of(request)
    room = rooms.room(key)
    if not room.ended or room.settings.owner_side is None:
        return
    try:
        ws = request.app.state.workspaces.get(User(room.owner, ""))
        with ws.lock:
            rooms.record_in_ledger(key, ws.store)
    except InputError as e:  # the owner's ledger is theirs: a seat is never told about it
        log.warning("room %s: not kept in its owner's ledger: %s", key, e.describe())


# the owner's pages ----------------------------------------------------------------------------


class CreateBody(BaseModel):
    """A new room: a scenario by name (the owner's or a shipped one), the deadline in rounds
    (default: the scenario's), the owner's seat (or none), whose advisor is on, and the
    name the other seat gets in the owner's ledger."""

    scenario: str
    rounds: int | None = None  # its range is the rooms' own (`Rooms.create`)
    owner_side: Literal["A", "B"] | None = None
    advisor_a: bool = True
    advisor_b: bool = True
    counterparty: str = Field(default="", max_length=200)


def create(request: Request, ws: Workspace, body: CreateBody) -> tuple[str, dict[Role, str]]:
    """Make the room from a snapshot of the scenario; the tokens are kept in the owner's
    session (the store has only their hashes)."""
    user = guard.current_user(request)
    assert user is not None  # the workspace dependency signed them in
    name = body.scenario.strip()
    scenario = ws.scenario(name)
    settings = RoomSettings(
        rounds=scenario.deadline_rounds if body.rounds is None else body.rounds,
        advisor=(body.advisor_a, body.advisor_b),
        owner_side=body.owner_side,
        counterparty=body.counterparty.strip(),
    )
    created = rooms_of(request).create(scenario, owner=user.id, settings=settings)
    for role, token in created.tokens.items():
        _keep_link(request, created.key, role, token)
    return created.key, created.tokens


def _list_page(request: Request, ws: Workspace, status: int = 200, **ctx: Any) -> HTMLResponse:
    user = guard.current_user(request)
    assert user is not None
    return render(
        request,
        "rooms/list.html",
        status=status,
        rooms=rooms_of(request).listing(user.id),
        scenarios=[s.name for s in ws.scenarios()],
        **ctx,
    )


@router.get("/rooms", response_class=HTMLResponse)
def rooms_page(request: Request, ws: WS) -> HTMLResponse:
    """The owner's rooms and the form that makes one."""
    return _list_page(request, ws)


@router.post("/rooms", response_model=None)
def create_action(
    request: Request,
    ws: WS,
    scenario: Annotated[str, Form()] = "",
    rounds: Annotated[str, Form()] = "",
    owner_side: Annotated[str, Form()] = "",
    advisor_a: Annotated[str, Form()] = "",
    advisor_b: Annotated[str, Form()] = "",
    counterparty: Annotated[str, Form()] = "",
) -> Response:
    """Make a room (post/redirect/get to its page of links); bad input is shown inline."""
    form = {"scenario": scenario, "rounds": rounds, "counterparty": counterparty}
    try:
        if rounds.strip() and not rounds.strip().isdigit():
            raise InputError(f"'{rounds[:40]}' rounds", field="rounds", expected="a whole number")
        side = owner_side.strip().upper()
        if side not in ("", "A", "B"):
            raise InputError(
                f"seat '{owner_side[:40]}'", field="owner_side", expected="A, B or none"
            )
        body = CreateBody(
            scenario=scenario,
            rounds=int(rounds) if rounds.strip() else None,
            owner_side="A" if side == "A" else "B" if side == "B" else None,
            advisor_a=bool(advisor_a),
            advisor_b=bool(advisor_b),
            counterparty=counterparty[:200],
        )
        key, _ = create(request, ws, body)
    except InputError as e:
        return _list_page(request, ws, 422, form_error=e.describe(), field=e.field, form=form)
    return RedirectResponse(f"/rooms/{key}/manage", status_code=303)


@router.get("/rooms/{key}/manage", response_class=HTMLResponse)
def manage_page(request: Request, key: str) -> HTMLResponse:
    """The owner's page of a room: its state and the two invitation links."""
    _owner(request, key)
    return _manage(request, key)


def _manage(request: Request, key: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    rooms = rooms_of(request)
    room = rooms.room(key)
    links = _links(request, key)
    held = request.session.get(SEATS)
    seated = None
    if isinstance(held, dict) and isinstance(held.get(key), str):
        try:
            seated = rooms.seat_of(held[key])[1]
        except RoomError:
            seated = None
    seats = [
        {
            "role": role,
            "party": (room.scenario.a if role == "A" else room.scenario.b).name,
            "link": _link_url(request, links[role]) if role in links else None,
            "advisor": room.settings.advised(role),
            "owner": room.settings.owner_side == role,
        }
        for role in ("A", "B")
    ]
    return render(
        request,
        "rooms/manage.html",
        status=status,
        key=key,
        scenario=room.scenario.name,
        settings=room.settings,
        seats=seats,
        seated=seated,
        events=len(room.events),
        ended=room.ended,
        ending=None
        if room.neg.transcript.ending is None
        else room.neg.transcript.ending.reason.replace("_", " "),
        **ctx,
    )


@router.post("/rooms/{key}/seats/{seat}/reissue", response_model=None)
def reissue_action(request: Request, key: str, seat: str) -> Response:
    """A new link for a seat: the old one (and whoever holds the seat by it) is out."""
    _owner(request, key)
    role = _role(seat)
    token = rooms_of(request).reissue(key, role)
    _keep_link(request, key, role, token)
    hub_of(request.app).publish(channel(key))  # a page held by the old link notices
    return RedirectResponse(f"/rooms/{key}/manage", status_code=303)


@router.post("/rooms/{key}/seats/{seat}/take", response_model=None)
def take_action(request: Request, key: str, seat: str) -> Response:
    """The owner takes a seat: with its link kept in the session, else a new link (the
    one sent before stops working)."""
    _owner(request, key)
    role = _role(seat)
    rooms = rooms_of(request)
    token = _links(request, key).get(role)
    if token is None or not rooms.holds(key, role, token):
        token = rooms.reissue(key, role)
        _keep_link(request, key, role, token)
    _hold_seat(request, key, token)
    return RedirectResponse(f"/rooms/{key}", status_code=303)


# joining and the seat's page --------------------------------------------------------------------


@router.get("/rooms/join/{token}", response_model=None)
def join(request: Request, token: str) -> Response:
    """An invitation link: the seat's token goes into the session, then the room's page.
    No account is needed."""
    try:
        key, _ = rooms_of(request).seat_of(token)
    except RoomError as e:
        return render(request, "error.html", status=404, error=e.message)
    _hold_seat(request, key, token)
    return RedirectResponse(f"/rooms/{key}", status_code=303)


@router.get("/rooms/{key}", response_model=None)
def room_page(request: Request, key: str) -> Response:
    """The seat's page: its side, the table, the moves, the advice, the debrief (the
    owner without a seat is sent to the room's own page of links)."""
    try:
        role = seat_of(request, key)
    except HTTPException:
        user = guard.current_user(request)
        try:
            owner = rooms_of(request).owner_of(key) if user is not None else None
        except RoomError:
            owner = None
        if user is not None and owner == user.id:
            return RedirectResponse(f"/rooms/{key}/manage", status_code=303)
        raise
    return _page(request, key, role, "rooms/page.html")


@router.get("/rooms/{key}/panels", response_class=HTMLResponse)
def panels_fragment(request: Request, key: str) -> HTMLResponse:
    """Every panel, swapped out of band (after a server-sent `moved`)."""
    role = seat_of(request, key)
    return _page(request, key, role, "rooms/_panels.html")


def _page(
    request: Request, key: str, role: Role, template: str, status: int = 200, **ctx: Any
) -> HTMLResponse:
    _ledgered(request, key)
    view = rooms_of(request).view(key, role)
    ctx.setdefault("reply", {})
    return render(request, template, status=status, **panels(view), **ctx)


def panels(view: SeatView) -> dict[str, Any]:
    """What the seat's page shows, from the seat's view only."""
    data = view.data
    advice = None if view.advice is None else advice_view(view.advice)
    return {
        "room": data,
        "builder": builder_view(view, advice),
        "advice": advice,
        "state": {"ended": data["ended"], "id": data["room"]},
        "debrief": None if view.debrief is None else debrief_view(view),
    }


def builder_view(view: SeatView, advice: dict[str, Any] | None) -> dict[str, Any]:
    """The offer builder: one control per issue, prefilled with the advised counter (else
    the seat's standing offer, else the other side's, else the middle values); `advice`
    is the seat's advice as the page shows it (`advice_view`)."""
    plan = view.plan
    issues = plan.space.issues
    prefill: dict[str, Value] = {}
    if view.advice is not None:
        for c in (view.advice.recommendation, *view.advice.candidates):
            if c.terms is not None and c.kind in ("counter", "conditional", "ultimatum"):
                prefill = dict(c.terms)
                break
    if not prefill:
        offers = view.data["offers"]
        for mine in (offers["yours"], offers["theirs"]):
            if mine is not None:
                prefill = {
                    i.name: next(
                        (v for v in i.values if show_value(i, v) == mine["terms"][i.name]),
                        i.values[0],
                    )
                    for i in issues
                }
                break
    middle = {i.name: i.values[len(i.values) // 2] for i in issues}
    return {
        **issue_controls(issues, middle | prefill),
        "addons": view.data["addons"],
        "can_accept": view.data["offers"]["theirs"] is not None,
        "follow": None if advice is None or _advised(view) is None else advice["text"],
    }


def _advised(view: SeatView) -> Any:
    """The advised move as a moves-file entry, or None (no advice, or advice to wait)."""
    from accord.coach.advised import entry

    if view.advice is None:
        return None
    return entry(view.advice.recommendation.move, view.plan)


def debrief_view(view: SeatView) -> dict[str, Any]:
    """The seat's own debrief, in short: the result against its BATNA, the Nash point,
    its surplus share, a better deal that was available, the principles kept and broken."""
    d = view.debrief
    assert d is not None
    k = 0 if view.role == "A" else 1
    r = d.result
    better = d.efficiency.better
    return {
        "agreement": r.agreement,
        "reason": r.reason.replace("_", " "),
        "ours": r.utilities[k],
        "batna": r.reservations[k],
        "nash": None if r.nash is None else r.nash.utilities[k],
        "share": None if r.shares is None else r.shares[k],
        "better": None
        if better is None or better.terms is None
        else show_terms(view.plan.space.issues, better.terms),
        "checklist": [
            {"id": v.principle, "name": v.name, "status": v.status, "text": v.reason}
            for v in d.checklist
        ],
    }


# moves -----------------------------------------------------------------------------


def _expected(text: str) -> int:
    if not text.strip().isdigit():
        raise InputError(
            f"expected '{text}'", field="expected", expected="the number of events you saw"
        )
    return int(text)


def moved(request: Request, key: str, role: Role, what: Any, expected: int) -> None:
    """The move through the library (committed before this returns); the other seat's
    page is told."""
    try:
        rooms_of(request).move(key, role, what, expected)
    finally:
        hub_of(request.app).publish(channel(key))
    _ledgered(request, key)


def _answer(
    request: Request, key: str, role: Role, reply: dict[str, Any], error: bool = False
) -> Response:
    """After a form: every panel (HTMX, out of band) or, without HTMX, the page again
    (post/redirect/get when nothing needs saying)."""
    if not is_htmx(request):
        if not reply:
            return RedirectResponse(f"/rooms/{key}", status_code=303)
        return _page(request, key, role, "rooms/page.html", 422 if error else 200, reply=reply)
    return _page(request, key, role, "rooms/_panels.html", 422 if error else 200, reply=reply)


def _act(request: Request, key: str, what: Any, expected: str) -> Response:
    role = seat_of(request, key)
    try:
        moved(request, key, role, what, _expected(expected))
    except InputError as e:
        stale = isinstance(e, StaleMoveError)
        return _answer(request, key, role, {"error": e.message, "stale": stale}, error=True)
    return _answer(request, key, role, {})


@router.post("/rooms/{key}/offer", response_model=None)
async def offer_action(request: Request, key: str) -> Response:
    """The offer builder: one value per issue, as an offer or a final offer, with an
    optional condition."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    fields.pop("speaker", None)  # a seat speaks for itself

    def run() -> Response:
        role = seat_of(request, key)
        try:
            plan = rooms_of(request).view(key, role).plan
            what = json.loads(offer_line(plan, fields).split(": ", 1)[1])
        except InputError as e:
            return _answer(request, key, role, {"error": e.describe()}, error=True)
        return _act(request, key, what, fields.get("expected", ""))

    return await run_in_threadpool(run)


@router.post("/rooms/{key}/move", response_model=None)
def move_action(
    request: Request,
    key: str,
    action: Annotated[str, Form()] = "",
    addon: Annotated[str, Form()] = "",
    expected: Annotated[str, Form()] = "",
) -> Response:
    """A button: accept, stay silent, consult authority, walk away, grant an add-on."""
    what: Any
    if action == "add":
        what = {"add": addon}
    elif action in ACTIONS:
        what = ACTIONS[action]
    else:
        role = seat_of(request, key)
        error = f"unknown action '{action}' (expected add, {', '.join(ACTIONS)})"
        return _answer(request, key, role, {"error": error}, error=True)
    return _act(request, key, what, expected)


@router.post("/rooms/{key}/follow", response_model=None)
def follow_action(request: Request, key: str, expected: Annotated[str, Form()] = "") -> Response:
    """Follow the advice: the advised move, made as if built by hand."""
    role = seat_of(request, key)
    what = _advised(rooms_of(request).view(key, role))
    if what is None:
        error = "there is no advice to follow now (the advisor is off, or it is not your move)"
        return _answer(request, key, role, {"error": error}, error=True)
    return _act(request, key, what, expected)


@router.post("/rooms/{key}/say", response_model=None)
def say_action(request: Request, key: str, line: Annotated[str, Form()] = "") -> Response:
    """The message box: the sentence read as a move, shown for the sender to confirm."""
    role = seat_of(request, key)
    try:
        found = rooms_of(request).propose(key, role, line)
    except InputError as e:
        return _answer(request, key, role, {"error": e.message, "typed": line}, error=True)
    return _answer(request, key, role, reply_of(found, line))


def reply_of(found: Proposal | Question, line: str) -> dict[str, Any]:
    if isinstance(found, Question):
        return {
            "question": found.text,
            "options": [{"key": k, "line": v} for k, v in found.options],
            "typed": line,
        }
    return {
        "proposal": found.text,
        "what": json.dumps(found.what),
        "working": list(found.working),
        "cautions": [
            {"severity": c.severity, "cited": cited(c.principles), "text": c.message}
            for c in found.cautions
        ],
    }


def cited(principles: tuple[str, ...]) -> list[dict[str, str]]:
    """Principles as the advice panel cites them: id, name, text."""
    from accord.doctrine import PRINCIPLES

    return [
        {"id": p, "name": PRINCIPLES.get(p, ("", ""))[0], "text": PRINCIPLES.get(p, ("", ""))[1]}
        for p in principles
    ]


@router.post("/rooms/{key}/confirm", response_model=None)
def confirm_action(
    request: Request,
    key: str,
    what: Annotated[str, Form()] = "",
    expected: Annotated[str, Form()] = "",
) -> Response:
    """A proposed move confirmed: recorded as it was read."""
    try:
        parsed = json.loads(what)
    except ValueError:
        role = seat_of(request, key)
        return _answer(request, key, role, {"error": "the proposed move is garbled"}, error=True)
    return _act(request, key, parsed, expected)


@router.post("/rooms/{key}/closing", response_model=None)
def closing_action(request: Request, key: str, closing: Annotated[str, Form()] = "") -> Response:
    """The closing display this seat makes if the talks end in agreement (P13)."""
    role = seat_of(request, key)
    try:
        rooms_of(request).set_closing(key, role, closing)
    except InputError as e:
        return _answer(request, key, role, {"error": e.message}, error=True)
    return _answer(request, key, role, {"info": "Your closing is set."})


# live updates ----------------------------------------------------------------------


def _stream_seat(request: Request, key: str) -> Role:
    """The seat a stream follows, checked before the stream starts."""
    return seat_of(request, key)


@router.get("/rooms/{key}/events", response_class=EventSourceResponse)
@router.get("/api/rooms/{key}/events", response_class=EventSourceResponse)
async def events_stream(
    request: Request,
    key: str,
    role: Annotated[Role, Depends(_stream_seat)],
    since: str | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """Server-sent events: `moved` (data: the seat's new transcript rows) each time the
    room changes, id the number of its events; a reconnect whose `Last-Event-ID` (first:
    `since`) is behind gets the rows it missed at once."""
    from starlette.concurrency import run_in_threadpool

    rooms = rooms_of(request)

    def rows_after(n: int) -> tuple[int, list[dict[str, Any]]]:
        data = rooms.view(key, role, full=False).data
        return data["events"], data["transcript"][n:]

    def first_rows(n: int) -> tuple[int, list[dict[str, Any]]]:
        """Read again once subscribed (a move stored since the seat was checked counts)."""
        with rooms.scope():
            return rows_after(n)

    def woken(n: int) -> tuple[int, list[dict[str, Any]]] | None:
        """After a publish, in one trip through the thread pool (one read of the store):
        the rows after `n`, or None when the seat is no longer held by this stream."""
        with rooms.scope():
            if not _still_seated(request, key, role):
                return None
            return rows_after(n)

    def number(text: str | None) -> int | None:
        return int(text) if text is not None and text.isdigit() else None

    last = number(request.headers.get("last-event-id") or since)
    hub = hub_of(request.app)
    with hub.subscribe(channel(key)) as sub:
        now, rows = await run_in_threadpool(first_rows, last or 0)
        if last is not None and last != now:
            yield ServerSentEvent(
                event="moved", data={"events": now, "rows": rows}, id=str(now), retry=RETRY_MS
            )
        else:
            yield ServerSentEvent(comment="connected", id=str(now), retry=RETRY_MS)
        seen = now
        loop = asyncio.get_running_loop()
        until = loop.time() + STREAM_SECONDS
        while (left := until - loop.time()) > 0:
            if await sub.wait(left) is None:
                break
            found = await run_in_threadpool(woken, seen)
            if found is None:
                yield ServerSentEvent(event="revoked", raw_data=REVOKED)
                break
            now, rows = found
            if now != seen:
                data = {"events": now, "rows": rows}
                yield ServerSentEvent(event="moved", data=data, id=str(now))
                seen = now


def _still_seated(request: Request, key: str, role: Role) -> bool:
    try:
        return seat_of(request, key) == role
    except HTTPException:
        return False


# the JSON API ----------------------------------------------------------------------


class MoveBody(BaseModel):
    """A move: a moves-file entry as the coach reads one (`"accept"`, `"silent"`,
    `"walk away"`, `"consult authority 2"`, `{"offer": {...}}`, `{"ultimatum": {...}}`,
    `{"offer": {...}, "if": {...}}`, `{"add": ADD-ON}`), made after seeing `expected` events."""

    move: Any
    expected: int = Field(ge=0)


class ProposeBody(BaseModel):
    line: str = Field(max_length=2000)


class ClosingBody(BaseModel):
    closing: Literal["", "modest", "triumphant"]


def state_json(request: Request, key: str, role: Role) -> dict[str, Any]:
    """The seat's view as the API shows it: the view, its advice, its debrief once ended."""
    _ledgered(request, key)
    view = rooms_of(request).view(key, role)
    return {
        **view.data,
        "advice": None if view.advice is None else view.advice.to_json(),
        "debrief": None if view.debrief is None else view.debrief.to_json(),
    }


@router.get("/api/rooms")
def api_list(request: Request, ws: WS) -> list[dict[str, Any]]:
    """The rooms the signed-in user made."""
    user = guard.current_user(request)
    assert user is not None
    return [
        {
            "key": r.key,
            "scenario": r.scenario,
            "settings": r.settings.to_json(),
            "events": r.events,
            "ended": r.ended,
            "reason": r.reason,
        }
        for r in rooms_of(request).listing(user.id)
    ]


@router.post("/api/rooms", status_code=201)
def api_create(request: Request, ws: WS, body: CreateBody) -> dict[str, Any]:
    """Make a room; the answer holds each seat's invitation link (shown only now)."""
    key, tokens = create(request, ws, body)
    return {
        "key": key,
        "links": {role: _link_url(request, t) for role, t in tokens.items()},
        "tokens": dict(tokens),
    }


@router.post("/api/rooms/{key}/seats/{seat}/reissue")
def api_reissue(request: Request, key: str, seat: str) -> dict[str, Any]:
    """A new invitation link for a seat; the old one stops working."""
    _owner(request, key)
    role = _role(seat)
    token = rooms_of(request).reissue(key, role)
    _keep_link(request, key, role, token)
    hub_of(request.app).publish(channel(key))
    return {"seat": role, "link": _link_url(request, token), "token": token}


@router.post("/api/rooms/join/{token}")
def api_join(request: Request, token: str) -> dict[str, Any]:
    """Take the seat a token opens (kept in the session cookie; or send the token as the
    `X-Room-Token` header on each request)."""
    try:
        key, role = rooms_of(request).seat_of(token)
    except RoomError as e:
        raise HTTPException(404, e.message) from None
    _hold_seat(request, key, token)
    return {"room": key, "side": role}


@router.get("/api/rooms/{key}")
def api_state(request: Request, key: str) -> dict[str, Any]:
    """What this seat may see now."""
    return state_json(request, key, seat_of(request, key))


@router.post("/api/rooms/{key}/moves")
def api_move(request: Request, key: str, body: MoveBody) -> JSONResponse:
    """A move; 200 with the new state, 409 when the other side moved first (with the state
    now), 400 when the room refuses it."""
    role = seat_of(request, key)
    try:
        moved(request, key, role, body.move, body.expected)
    except StaleMoveError as e:
        error = {"message": e.message, "field": "expected", "events": e.events}
        return JSONResponse({"error": error, "state": state_json(request, key, role)}, 409)
    except InputError as e:
        error = {"message": e.message, "field": e.field, "expected": e.expected}
        return JSONResponse({"error": error, "state": state_json(request, key, role)}, 400)
    return JSONResponse({"state": state_json(request, key, role)})


@router.post("/api/rooms/{key}/propose")
def api_propose(request: Request, key: str, body: ProposeBody) -> dict[str, Any]:
    """A sentence read as this seat's move, to confirm with `/moves` (nothing is stored)."""
    role = seat_of(request, key)
    found = rooms_of(request).propose(key, role, body.line)
    if isinstance(found, Question):
        return {"question": {"text": found.text, "options": [k for k, _ in found.options]}}
    cautions = [c.to_json() for c in found.cautions]
    proposal = {"move": found.what, "text": found.text, "working": found.working}
    return {"proposal": {**proposal, "cautions": cautions}}


@router.post("/api/rooms/{key}/closing")
def api_closing(request: Request, key: str, body: ClosingBody) -> dict[str, Any]:
    role = seat_of(request, key)
    rooms_of(request).set_closing(key, role, body.closing)
    return {"closing": body.closing}
