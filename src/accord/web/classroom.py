"""Classroom exercises in the browser: the instructor's pages, the students' join and
waiting pages, the live monitor, the class debrief; the JSON API (`/api/classroom/...`).

Everything is `accord.classroom` (the rules) and `accord.rooms` (one room per pair):

- The instructor picks a shipped case and its settings at `/classroom`; the session's
  page shows the join code, the roster as students join, Start (which pairs the roster
  and makes one room per pair, the instructor its owner with no seat), Pause, Resume,
  End, and the monitor, all updated live by server-sent events.
- A student opens `/join`, types the code and a name (no account): a random token in the
  session cookie (or the `X-Class-Token` header) is who they are. They wait; once
  paired they are sent to `/classroom/CODE/room`, their seat's room page with their own
  side's confidential brief above it (the seat's token is put into their session as a
  room invitation would). An observer sees the pairs and their states, nothing private.
  The odd student plays side A against the exercise's strategy when practice is allowed.
- Pause: `ClassroomMoves`, a middleware inside the session middleware, refuses every
  move in every room of a session that is not running (or past its time limit) with
  the library's message, before the rooms' routes see it; the rooms' gate
  (`Classes.gate`) asks again inside the move's transaction, so no move lands after a
  pause. After a move in a practice room it plays the strategy's turns. Either way the
  class's monitor is told.
- Time limit and end: `call_time` ends a session whose time is over, and the talks of
  every pair of an ended session (the engine's `time_limit`), so each student gets a
  debrief; every look at the session asks it.
- Sessions are kept in the rooms store (`data/rooms.db`, or the server's database), in
  two tables of their own: every server process on that store shares them, and a change
  is one write transaction. Only the hashes of the students' tokens are stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
import threading
from collections.abc import AsyncIterator, Callable  # at run time: FastAPI reads the stream's type
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.classroom import session as lib
from accord.classroom.cases import Case, case, shipped_cases
from accord.classroom.monitor import PairActivity, counts, monitor
from accord.classroom.pairing import Pair, Pairing, pairing
from accord.errors import InputError
from accord.model.issues import Role
from accord.rooms.practice import Partners
from accord.rooms.tables import make_tables
from accord.store.schema import NAMING
from accord.web import guard
from accord.web.live import Channel
from accord.web.negotiations import hub_of
from accord.web.pages import error_parts, is_htmx, render
from accord.web.rooms import KEPT, SEATS, panels, rooms_of
from accord.web.rooms import channel as room_channel
from accord.web.workspace import Workspace

if TYPE_CHECKING:
    from accord.classroom.class_debrief import ClassDebrief
    from accord.rooms import Rooms
    from accord.store.database import Store

router = APIRouter()
WS = Annotated[Workspace, Depends(guard.workspace)]

#: Where a student's token is kept in the session, by join code.
STUDENTS = "classroom_students"
#: How long one event stream stays open (seconds); the browser reconnects by itself.
STREAM_SECONDS = 25.0
RETRY_MS = 1000
#: The room routes that make a move (a sentence only proposes one; a closing is a setting).
MOVE_PATH = re.compile(r"^/(?:api/)?rooms/([^/]+)/(?:offer|move|follow|confirm|moves)$")
_LOCK = threading.Lock()
#: How many rooms' sessions a server remembers (then it forgets them all and asks again).
ROOMS_KNOWN = 10_000
log = logging.getLogger("accord.web.classroom")


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# the sessions kept --------------------------------------------------------------------------


@dataclass
class Record:
    """A classroom session as the server keeps it: the library's session, its owner,
    the room of each pair (by pair number) and the students' token hashes."""

    session: lib.Session
    owner: int
    rooms: dict[int, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # token hash -> student name

    @property
    def code(self) -> str:
        return self.session.code

    def pairs(self) -> Pairing | None:
        return None if self.session.state == "open" else pairing(self.session)

    def to_json(self) -> dict[str, Any]:
        return {
            "session": self.session.to_json(),
            "owner": self.owner,
            "rooms": {str(k): v for k, v in self.rooms.items()},
            "tokens": dict(self.tokens),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        return cls(
            lib.session_from_json(data["session"]),
            int(data["owner"]),
            {int(k): str(v) for k, v in data["rooms"].items()},
            {str(k): str(v) for k, v in data["tokens"].items()},
        )


class ClassBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ClassRow(ClassBase):
    """A classroom session (`Record.to_json`), by its join code."""

    __tablename__ = "classroom_sessions"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    owner: Mapped[int] = mapped_column(Integer, index=True)
    data: Mapped[str] = mapped_column(Text)


class ClassRoomRow(ClassBase):
    """A room made for a pair of a classroom session."""

    __tablename__ = "classroom_rooms"

    room_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("classroom_sessions.code"), index=True)


class Classes:
    """The server's classroom sessions, in the rooms store (two tables of their own, made
    if absent), so that every server process on that store shares them; each change is
    one write transaction (read, change, write back)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        #: The practice strategies, as if one process played every turn of theirs.
        self.partners = Partners()
        #: Ended sessions whose rooms this process has seen ended (`call_time`).
        self.stopped: set[str] = set()
        self._parsed: dict[str, tuple[str, Record]] = {}
        #: Each room's session's code (None: an ordinary room), once asked. A room is
        #: indexed before any student can reach it, so a None is never out of date.
        self._room_codes: dict[str, str | None] = {}
        self._lock = threading.Lock()
        make_tables(store, ClassBase.metadata)  # once, when processes start at once

    def _record(self, row: ClassRow) -> Record:
        with self._lock:
            kept = self._parsed.get(row.code)
        if kept is not None and kept[0] == row.data:
            return kept[1]
        rec = Record.from_json(json.loads(row.data))
        with self._lock:
            self._parsed[row.code] = (row.data, rec)
        return rec

    def add(self, make: Callable[[set[str]], Record]) -> Record:
        """A new session, `make(codes in use)`, stored."""

        def insert(s: Session) -> Record:
            taken = set(s.execute(select(ClassRow.code)).scalars())
            rec = make(taken)
            s.add(ClassRow(code=rec.code, owner=rec.owner, data=json.dumps(rec.to_json())))
            return rec

        return self.store.write(insert)

    def update(self, code: str, change: Callable[[Record], Record]) -> Record:
        """Session `code` changed by `change` (which raises to change nothing), in one
        write transaction; its new rooms are indexed."""
        wanted = lib.read_code(code)

        def write(s: Session) -> Record:
            row = s.get(ClassRow, wanted, with_for_update=True)
            if row is None:
                raise _missing(wanted)
            before = Record.from_json(json.loads(row.data))
            after = change(before)
            row.data = json.dumps(after.to_json())
            for key in set(after.rooms.values()) - set(before.rooms.values()):
                s.add(ClassRoomRow(room_key=key, code=wanted))
            return after

        return self.store.write(write)

    def get(self, code: str) -> Record:
        """The session of join code `code` (as typed), or an InputError."""
        wanted = lib.read_code(code)
        row = self.store.read(lambda s: s.get(ClassRow, wanted))
        if row is None:
            raise _missing(wanted)
        return self._record(row)

    def owned(self, owner: int) -> list[Record]:
        rows = self.store.read(
            lambda s: list(s.execute(select(ClassRow).where(ClassRow.owner == owner)).scalars())
        )
        found = [self._record(r) for r in rows]
        return sorted(found, key=lambda r: r.session.opened_at, reverse=True)

    def of_room(self, key: str) -> Record | None:
        """The session room `key` was made for, or None (an ordinary room)."""
        code = self._code_of(key)
        return None if code is None else self.get(code)

    def _code_of(self, key: str, s: Session | None = None) -> str | None:
        """The join code of room `key`'s session (None: an ordinary room), read in `s`
        when given, else in a read of its own."""
        with self._lock:
            known = key in self._room_codes
            code = self._room_codes.get(key)
        if not known:  # a room's session never changes: asked of the store once
            rows = select(ClassRoomRow.code).where(ClassRoomRow.room_key == key)
            if s is not None:
                code = s.execute(rows).scalar_one_or_none()
            else:
                code = self.store.read(lambda r: r.execute(rows).scalar_one_or_none())
            with self._lock:
                if len(self._room_codes) >= ROOMS_KNOWN:
                    self._room_codes.clear()
                self._room_codes[key] = code
        return code

    def gate(self, key: str, s: Session) -> None:
        """The rooms' gate (`Rooms.gate`): in a move's write transaction `s`, refuse it
        unless its session runs, so a pause or an end stored by any process is either
        before the move (which is refused) or after it."""
        code = self._code_of(key, s)
        if code is None:
            return
        # shared: the class's moves go on side by side; a pause (`update`) waits for them
        row = s.get(ClassRow, code, with_for_update={"read": True})
        if row is not None:
            allowed(Record.from_json(json.loads(row.data)))


def _missing(code: str) -> InputError:
    return InputError(
        f"no session with the code {code}",
        field="code",
        expected="the code the instructor shows (check each character)",
    )


def classes_of(app: Any) -> Classes:
    """The server's classroom sessions, in its rooms store (opened on first use)."""
    state = app.state
    with _LOCK:
        found = getattr(state, "classes", None)
        if not isinstance(found, Classes):
            rooms = _rooms(app)
            found = state.classes = Classes(rooms.store)
            rooms.gate = found.gate  # every move asks, in its transaction
        return found


def channel(code: str, monitor: bool = False) -> Channel:
    """Session `code`'s changes of state (joins, start, pause, resume, end), which every
    page of the session follows; with `monitor`, those and every move in its rooms, which
    only the instructor's monitor follows (a class of 120 is not woken by each move)."""
    return (f"classroom:{code}", 1 if monitor else 0)


def _tell(app: Any, rec: Record) -> None:
    """Every page following the session (the monitor, the students' pages) and its rooms."""
    hub = hub_of(app)
    hub.publish(channel(rec.code))
    hub.publish(channel(rec.code, monitor=True))
    for key in rec.rooms.values():
        hub.publish(room_channel(key))


# who is asking ------------------------------------------------------------------------------


def _owned(request: Request, code: str) -> Record:
    """The session `code` if the signed-in user runs it, else 404."""
    user = guard.current_user(request)
    if user is None:
        raise guard.LoginNeededError()
    try:
        rec = classes_of(request.app).get(code)
    except InputError:
        raise HTTPException(404, f"no session '{code}'") from None
    if rec.owner != user.id:
        raise HTTPException(404, f"no session '{code}'")
    return call_time(request.app, rec)


def _student(request: Request, code: str) -> tuple[Record, str]:
    """The session `code` and the name of the student asking (their token from the
    session or the `X-Class-Token` header), else 403."""
    try:
        rec = classes_of(request.app).get(code)
    except InputError:
        raise HTTPException(404, f"no session '{code}'") from None
    held = request.session.get(STUDENTS)
    tokens = [request.headers.get("x-class-token")]
    if isinstance(held, dict):
        tokens.append(held.get(rec.code))
    for token in tokens:
        if isinstance(token, str) and token:
            name = rec.tokens.get(_hash(token))
            if name is not None:
                return call_time(request.app, rec), name
    raise HTTPException(403, "you have not joined this session: join it with its code at /join")


def _keep_student(request: Request, code: str, token: str) -> None:
    found = request.session.get(STUDENTS)
    kept = dict(found) if isinstance(found, dict) else {}
    kept.pop(code, None)
    kept[code] = token
    request.session[STUDENTS] = dict(list(kept.items())[-KEPT:])


def _seat_of(rec: Record, name: str) -> tuple[Pair, Role, str] | None:
    """The pair, side and room of student `name`; None before the start or for an observer."""
    pairs = rec.pairs()
    found = None if pairs is None else pairs.seat_of(name)
    if found is None or found[0].number not in rec.rooms:
        return None
    return found[0], found[1], rec.rooms[found[0].number]


def take_seat(request: Request, rec: Record, name: str) -> tuple[str, Role, str] | None:
    """Student `name`'s room and side, their seat's token put into their session as a
    room invitation would (a new token unless the session holds the current one); None
    when they have no seat (not started, or an observer)."""
    seat = _seat_of(rec, name)
    if seat is None:
        return None
    _, role, key = seat
    rooms = rooms_of(request)
    found = request.session.get(SEATS)
    held = dict(found) if isinstance(found, dict) else {}
    token = held.get(key)
    sent = request.headers.get("x-room-token")  # a script without cookies keeps its token
    if sent and rooms.holds(key, role, sent):
        token = sent
    if not isinstance(token, str) or not rooms.holds(key, role, token):
        token = rooms.reissue(key, role)
        held.pop(key, None)
        held[key] = token
        request.session[SEATS] = dict(list(held.items())[-KEPT:])
    return key, role, token


# the library's steps, shared by the pages and the API ----------------------------------------


class CreateBody(BaseModel):
    """A new session: a shipped case by name, its settings (default: the case's)."""

    case: str
    rounds: int | None = None
    time_limit_minutes: int | None = None
    advisor: bool | None = None
    practice: bool | None = None


def create(request: Request, body: CreateBody) -> Record:
    user = guard.current_user(request)
    assert user is not None
    ex = lib.exercise(
        case(body.case.strip()),
        rounds=body.rounds,
        time_limit_minutes=body.time_limit_minutes,
        advisor=body.advisor,
        practice=body.practice,
    )
    return classes_of(request.app).add(
        lambda taken: Record(lib.open_session(ex, _now(), taken), user.id)
    )


def join_session(request: Request, code: str, name: str) -> tuple[Record, str, str]:
    """Student `name` on the roster of session `code`: (the session, their name as kept,
    their token)."""
    token = secrets.token_urlsafe(24)

    def joined(rec: Record) -> Record:
        session = lib.join(rec.session, name)
        tokens = {**rec.tokens, _hash(token): session.students[-1]}
        return replace(rec, session=session, tokens=tokens)

    rec = classes_of(request.app).update(code, joined)
    _tell(request.app, rec)
    return rec, rec.tokens[_hash(token)], token


def change(request: Request, rec: Record, action: str) -> Record:
    """Start (pairs the roster, one room per pair), pause, resume or end a session."""
    steps: dict[str, Callable[[lib.Session, datetime], lib.Session]] = {
        "start": _start,
        "pause": lib.pause,
        "resume": lib.resume,
        "end": lib.end,
    }
    step = steps.get(action)
    if step is None:
        raise InputError(
            f"no action '{action}'", field="action", expected="start, pause, resume or end"
        )
    now = _now()
    classes = classes_of(request.app)
    rec = classes.update(rec.code, lambda r: replace(r, session=step(r.session, now)))
    if action == "end":
        rec = call_time(request.app, rec)  # the pairs still talking end with it
    if action == "start":  # the rooms after the start is stored: a second Start is refused
        made = _make_rooms(request, rec)
        rec = classes.update(rec.code, lambda r: replace(r, rooms={**made, **r.rooms}))
    if action in ("start", "resume"):  # the strategy's turn may be waiting
        for p in pairing(rec.session).pairs:
            if p.practice and p.number in rec.rooms:
                play_practice(request.app, rec, rec.rooms[p.number])
    _tell(request.app, rec)
    return rec


def _start(session: lib.Session, now: datetime) -> lib.Session:
    if not session.students:
        raise InputError(
            "no student has joined yet",
            field="state",
            expected="at least one student on the roster",
        )
    return lib.start(session, now)


def _make_rooms(request: Request, rec: Record) -> dict[int, str]:
    from accord.rooms import RoomSettings

    ex = rec.session.exercise
    settings = RoomSettings(rounds=ex.rounds, advisor=(ex.advisor, ex.advisor))
    rooms = rooms_of(request)
    out = {}
    for p in pairing(rec.session).pairs:
        created = rooms.create(ex.case.scenario, owner=rec.owner, settings=settings)
        out[p.number] = created.key  # tokens are made afresh when a student takes a seat
    return out


def play_practice(app: Any, rec: Record, key: str) -> None:
    """In a practice room, the strategy's turns (side B) while it is B's move and the
    session runs."""
    from accord.coach.advised import entry

    if not lib.moves_allowed(rec.session):
        return
    rooms: Rooms = _rooms(app)
    classes = classes_of(app)
    for _ in range(4 * rec.session.exercise.rounds):  # bounded: each turn is one event
        room = rooms.room(key)
        with room.lock:
            if room.ended or room.neg.actor != "B":
                return
            move = classes.partners.act(room, rec.session.exercise.strategy, "B")
            what = entry(move, room.plans["B"])
            n = len(room.events)
        if what is None:
            what = "silent"
        try:
            rooms.move(key, "B", what, n)
        except InputError as e:  # the strategy's move refused: it stays silent instead
            log.info("practice room %s: %s", key, e.message)
            try:
                rooms.move(key, "B", "silent", n)
            except InputError:
                return
        hub_of(app).publish(room_channel(key))


@dataclass(frozen=True)
class _AppOnly:
    """What `rooms_of` reads of a request: its app (for a middleware or a worker)."""

    app: Any


def _rooms(app: Any) -> Rooms:
    return rooms_of(_AppOnly(app))  # type: ignore[arg-type]


def call_time(app: Any, rec: Record) -> Record:
    """Time called: a running session whose time limit is over ends; once a session has
    ended, every pair still talking ends without agreement (the engine's `time_limit`), so
    each student gets their debrief and the class debrief counts the pair. Asked by the
    pages that follow a session and before a move; safe to repeat, from any process."""
    now = _now()
    classes = classes_of(app)
    left = lib.time_left(rec.session, now)
    if rec.session.state == "running" and left is not None and left <= 0:

        def over(r: Record) -> Record:
            return r if r.session.state == "ended" else replace(r, session=lib.end(r.session, now))

        rec = classes.update(rec.code, over)
        _tell(app, rec)
    if rec.session.state == "ended" and rec.code not in classes.stopped:
        rooms = _rooms(app)
        stopped = [key for key in rec.rooms.values() if rooms.stop(key)]
        for key in stopped:
            hub_of(app).publish(room_channel(key))
        if stopped:
            hub_of(app).publish(channel(rec.code, monitor=True))
        classes.stopped.add(rec.code)  # an ended session's rooms stay ended
    return rec


def allowed(rec: Record) -> None:
    """Raise the InputError a refused move shows: the session is not running, or its time
    is over."""
    lib.check_moves_allowed(rec.session)
    left = lib.time_left(rec.session, _now())
    if left is not None and left <= 0:
        minutes = rec.session.exercise.time_limit_minutes
        raise InputError(
            f"not recorded: the session's time limit of {minutes} minutes is over",
            field="move",
            expected="a move within the time limit",
        )


# the monitor and the debrief ----------------------------------------------------------------


def activity(app: Any, rec: Record) -> dict[int, PairActivity]:
    """Each pair's moves (when they were stored) and ending, from its room."""
    rooms = _rooms(app)
    out = {}
    for number, key in rec.rooms.items():
        ending = rooms.room(key).neg.transcript.ending
        reason = None if ending is None else ending.reason
        out[number] = PairActivity(tuple(_times(rooms, key)), reason)
    return out


def monitor_view(app: Any, rec: Record) -> dict[str, Any]:
    """The monitor: the session's state and clock, and each pair's state (public only)."""
    now = _now()
    session = rec.session
    pairs = rec.pairs()
    rows = []
    summary: dict[str, int] = {}  # by state
    if pairs is not None:
        statuses = monitor(session, pairs, activity(app, rec), now)
        for state, n in counts([s for _, s in statuses]).items():
            summary[state] = n
        for p, s in statuses:
            label = s.state.replace("_", " ")
            if s.state == "stuck" and s.idle_minutes is not None:
                minutes = int(s.idle_minutes)
                label = f"stuck for {minutes} minute{'s' if minutes != 1 else ''}"
            rows.append(
                {
                    "pair": p.number,
                    "A": p.a,
                    "B": p.b if p.b is not None else f"accord ({p.strategy})",
                    "practice": p.practice,
                    "state": s.state,
                    "label": label,
                    "moves": s.moves,
                    "idle_minutes": None if s.idle_minutes is None else round(s.idle_minutes, 1),
                    "ending": s.ending,
                }
            )
    left = lib.time_left(session, now)
    return {
        "code": session.code,
        "state": session.state,
        "students": list(session.students),
        "time_left": None if left is None else round(left, 1),
        "pairs": rows,
        "observers": [] if pairs is None else list(pairs.observers),
        "summary": summary,
    }


def debrief_of(app: Any, rec: Record) -> tuple[ClassDebrief, list[int], list[tuple[str, int, str]]]:
    """The class debrief of the pairs whose talks have ended (by the rooms' own per-seat
    debriefs), the numbers of the pairs still going, and the chart's markers."""
    from accord.classroom.class_debrief import pair_result, summarise

    rooms = _rooms(app)
    pairs = rec.pairs()
    results, unfinished, markers = [], [], []
    analysis = None
    for p in () if pairs is None else pairs.pairs:
        key = rec.rooms.get(p.number)
        if key is None:
            continue
        room = rooms.room(key)
        analysis = rooms.analysis(room)
        if not room.ended:
            unfinished.append(p.number)
            continue
        a, b = rooms.view(key, "A").debrief, rooms.view(key, "B").debrief
        assert a is not None and b is not None
        events = _last_time(rooms, key)
        minutes = None
        if events is not None and rec.session.started_at is not None:
            minutes = round(lib.active_minutes(rec.session, rec.session.started_at, events), 1)
        label = f"Pair {p.number}"
        results.append(pair_result(label, (a, b), (p.a, p.b), minutes))
        ending = room.neg.transcript.ending
        if ending is not None and ending.agreement is not None:
            names = f"{p.a} & {p.b or 'accord'}"
            markers.append(("A", ending.agreement, f"{label} ({names}): agreed"))
    if analysis is None:
        from accord.analysis.report import analyse

        analysis = analyse(rec.session.exercise.case.scenario, seed=0)
    return summarise(analysis, results), unfinished, markers


def _last_time(rooms: Rooms, key: str) -> datetime | None:
    """When room `key`'s last event was stored."""
    times = _times(rooms, key)
    return times[-1] if times else None


def _times(rooms: Rooms, key: str) -> list[datetime]:
    """When each of room `key`'s events was stored, in order (UTC)."""
    from accord.store.schema import EventRow

    neg_id = rooms.room(key).negotiation_id

    def read(s: Session) -> list[datetime]:
        rows = select(EventRow.recorded_at).where(EventRow.negotiation_id == neg_id)
        found = s.execute(rows.order_by(EventRow.seq)).scalars()
        return [t if t.tzinfo else t.replace(tzinfo=UTC) for t in found]

    return rooms.store.read(read)


def brief_view(c: Case, role: Role) -> dict[str, Any]:
    """Side `role`'s confidential brief (only ever shown to that side's student)."""
    from accord.classroom.cases import view

    return {"situation": c.situation, **view(c, (role,))["sides"][role]}


# the instructor's pages ---------------------------------------------------------------------


def _cases() -> list[dict[str, Any]]:
    return [
        {"slug": c.slug, "title": c.title, "settings": c.settings.model_dump()}
        for c in shipped_cases()
    ]


def _list_page(request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
    user = guard.current_user(request)
    assert user is not None
    ctx.setdefault("form", {})
    return render(
        request,
        "classroom/list.html",
        status=status,
        sessions=[r.session for r in classes_of(request.app).owned(user.id)],
        cases=_cases(),
        **ctx,
    )


@router.get("/classroom", response_class=HTMLResponse)
def classroom_page(request: Request, ws: WS) -> HTMLResponse:
    """The instructor's sessions and the form that starts one."""
    return _list_page(request)


def _number(text: str, name: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"'{text}'", field=name, expected="a whole number")
    return int(text)


@router.post("/classroom", response_model=None)
def create_action(
    request: Request,
    ws: WS,
    case_name: Annotated[str, Form(alias="case")] = "",
    rounds: Annotated[str, Form()] = "",
    time_limit_minutes: Annotated[str, Form()] = "",
    advisor: Annotated[str, Form()] = "",
    practice: Annotated[str, Form()] = "",
) -> Response:
    """Open a session (post/redirect/get to its page); bad input is shown inline."""
    form = {"case": case_name, "rounds": rounds, "time_limit_minutes": time_limit_minutes}
    try:
        body = CreateBody(
            case=case_name,
            rounds=_number(rounds, "rounds"),
            time_limit_minutes=_number(time_limit_minutes, "time_limit_minutes"),
            advisor=bool(advisor),
            practice=bool(practice),
        )
        rec = create(request, body)
    except InputError as e:
        return _list_page(request, 422, form_error=e.describe(), field=e.field, form=form)
    return RedirectResponse(f"/classroom/{rec.code}", status_code=303)


def _session_page(
    request: Request, rec: Record, template: str, status: int = 200, **ctx: Any
) -> HTMLResponse:
    return render(
        request,
        template,
        status=status,
        rec=rec,
        exercise=rec.session.exercise,
        live=monitor_view(request.app, rec),
        join_url=str(request.base_url).rstrip("/") + "/join",
        **ctx,
    )


@router.get("/classroom/{code}", response_class=HTMLResponse)
def session_page(request: Request, code: str) -> HTMLResponse:
    """The instructor's page: the join code, the roster, the controls, the monitor."""
    rec = _owned(request, code)
    return _session_page(request, rec, "classroom/session.html")


@router.get("/classroom/{code}/live", response_class=HTMLResponse)
def live_fragment(request: Request, code: str) -> HTMLResponse:
    """The roster, controls and monitor (swapped in after a server-sent `changed`)."""
    rec = _owned(request, code)
    return _session_page(request, rec, "classroom/_live.html")


@router.post("/classroom/{code}/{action}", response_model=None)
def change_action(request: Request, code: str, action: str) -> Response:
    """Start, pause, resume or end the session; a refusal is shown on the page."""
    rec = _owned(request, code)
    try:
        rec = change(request, rec, action)
    except InputError as e:
        template = "classroom/_live.html" if is_htmx(request) else "classroom/session.html"
        return _session_page(request, rec, template, 422, action_error=e.describe())
    if is_htmx(request):
        return _session_page(request, rec, "classroom/_live.html")
    return RedirectResponse(f"/classroom/{rec.code}", status_code=303)


@router.get("/classroom/{code}/debrief", response_class=HTMLResponse)
def debrief_page(request: Request, code: str) -> HTMLResponse:
    """The class debrief: every pair's outcome on the Pareto chart, the class's figures."""
    from accord.web.chart import outcome_chart

    rec = _owned(request, code)
    d, unfinished, markers = debrief_of(request.app, rec)
    chart = class_chart(
        outcome_chart(rec.session.exercise.case.scenario, d.analysis, offers=markers)
    )
    return render(
        request,
        "classroom/debrief.html",
        rec=rec,
        d=d,
        data=d.to_json(),
        unfinished=unfinished,
        chart=chart,
        notes=rec.session.exercise.case.notes,
    )


def class_chart(svg: Markup) -> Markup:
    """The outcome chart with each pair's agreement as a marker: drawn as side A's offers
    by `outcome_chart`, so without the line joining them (they are different pairs') and
    named for what they are in the legend."""
    text = re.sub(r'(<g class="offers-A"[^>]*>)<polyline [^>]*/>', r"\1", str(svg), count=1)
    return Markup(text.replace(str(escape("A's offers")), str(escape("each pair's agreement"))))


@router.get("/classroom/{code}/debrief.csv")
@router.get("/api/classroom/{code}/debrief.csv")
def debrief_csv(request: Request, code: str) -> Response:
    """The class debrief as CSV, one row per pair."""
    rec = _owned(request, code)
    d, _, _ = debrief_of(request.app, rec)
    name = f"class-{rec.code}-{rec.session.exercise.case.slug}.csv"
    return Response(
        d.csv(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# the students' pages -------------------------------------------------------------------------


@router.get("/join", response_class=HTMLResponse)
def join_page(request: Request, code: str = "") -> HTMLResponse:
    """The form a student joins a session with: its code and their name."""
    return render(request, "classroom/join.html", form={"code": code, "name": ""})


@router.post("/join", response_model=None)
def join_action(
    request: Request,
    code: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
) -> Response:
    """Join (no account): the student's token goes into the session, then the waiting page."""
    try:
        rec, _, token = join_session(request, code, name)
    except InputError as e:
        form = {"code": code, "name": name}
        return render(
            request,
            "classroom/join.html",
            status=422,
            form=form,
            form_error=e.describe(),
            field=e.field,
        )
    _keep_student(request, rec.code, token)
    return RedirectResponse(f"/classroom/{rec.code}/me", status_code=303)


def _student_ctx(request: Request, rec: Record, name: str) -> dict[str, Any]:
    pairs = rec.pairs()
    observer = pairs is not None and name in pairs.observers
    live = monitor_view(request.app, rec) if observer else None
    return {
        "rec": rec,
        "name": name,
        "exercise": rec.session.exercise,
        "observer": observer,
        "live": live,
        "joined": len(rec.session.students),
    }


@router.get("/classroom/{code}/me", response_model=None)
def student_page(request: Request, code: str) -> Response:
    """A student's page: waiting until paired, then sent to their room; an observer sees
    the pairs' states."""
    rec, name = _student(request, code)
    if _seat_of(rec, name) is not None:
        return RedirectResponse(f"/classroom/{rec.code}/room", status_code=303)
    return render(request, "classroom/student.html", **_student_ctx(request, rec, name))


@router.get("/classroom/{code}/me/status", response_model=None)
def student_status(request: Request, code: str) -> Response:
    """The waiting panel (after a server-sent `changed`); once paired, HTMX is sent to the room."""
    rec, name = _student(request, code)
    if _seat_of(rec, name) is not None:
        return Response(status_code=204, headers={"HX-Redirect": f"/classroom/{rec.code}/room"})
    return render(request, "classroom/_student.html", **_student_ctx(request, rec, name))


@router.get("/classroom/{code}/room", response_model=None)
def student_room(request: Request, code: str) -> Response:
    """The student's seat: their side's confidential brief and the room's page."""
    rec, name = _student(request, code)
    seat = take_seat(request, rec, name)
    if seat is None:
        return RedirectResponse(f"/classroom/{rec.code}/me", status_code=303)
    key, role, _ = seat
    view = rooms_of(request).view(key, role)
    return render(
        request,
        "classroom/room.html",
        reply={},
        brief=brief_view(rec.session.exercise.case, role),
        banner=_banner(rec, bool(view.data["ended"])),
        code=rec.code,
        **panels(view),
    )


@router.get("/classroom/{code}/banner", response_class=HTMLResponse)
def banner_fragment(request: Request, code: str) -> HTMLResponse:
    """The session's state above a student's room (paused, ended, time left)."""
    rec, name = _student(request, code)
    seat = _seat_of(rec, name)
    ended = seat is not None and rooms_of(request).room(seat[2]).ended
    return render(request, "classroom/_banner.html", banner=_banner(rec, ended), code=rec.code)


def _banner(rec: Record, ended: bool) -> dict[str, Any]:
    """What the student's room shows above the brief: why moves are refused now, the time
    left, and once their talks have ended, where their debrief is."""
    try:
        allowed(rec)
        refusal = None
    except InputError as e:
        refusal = e.message.removeprefix("not recorded: ")
    left = lib.time_left(rec.session, _now())
    return {
        "state": rec.session.state,
        "refusal": refusal,
        "time_left": None if left is None else int(left),
        "ended": ended,
    }


# live updates ----------------------------------------------------------------------------------


def _follower(request: Request, code: str, monitor: bool = False) -> Channel:
    """The channel a stream follows: the monitor's (its instructor only), else the
    session's (its instructor or one of its students)."""
    if monitor:
        return channel(_owned(request, code).code, monitor=True)
    try:
        return channel(_owned(request, code).code)
    except (HTTPException, guard.LoginNeededError):
        return channel(_student(request, code)[0].code)


@router.get("/classroom/{code}/events", response_class=EventSourceResponse)
@router.get("/api/classroom/{code}/events", response_class=EventSourceResponse)
async def events_stream(
    request: Request, found: Annotated[Channel, Depends(_follower)]
) -> AsyncIterator[ServerSentEvent]:
    """Server-sent events: `changed` each time the session changes (with `monitor=true`,
    for its instructor: also each move in one of its rooms); id: the number of changes
    since the server started."""
    hub = hub_of(request.app)
    with hub.subscribe(found) as sub:
        yield ServerSentEvent(comment="connected", id=str(hub.count(found)), retry=RETRY_MS)
        loop = asyncio.get_running_loop()
        until = loop.time() + STREAM_SECONDS
        while (left := until - loop.time()) > 0:
            n = await sub.wait(left)
            if n is None:
                break
            yield ServerSentEvent(event="changed", data={"changes": n}, id=str(n))


# refusing moves while paused; the practice strategy's turns -----------------------------------


class ClassroomMoves:
    """ASGI middleware (inside the session middleware): a move in a classroom room is
    refused, with the library's message, while its session is not running; after a move
    in a practice room the strategy plays; the class's monitor is told of every move."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = MOVE_PATH.match(str(scope.get("path", ""))) if scope["type"] == "http" else None
        if found is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool

        app = scope["app"]
        key = found.group(1)
        rec = await run_in_threadpool(lambda: classes_of(app).of_room(key))  # a store read
        if rec is None:
            await self.app(scope, receive, send)
            return
        try:
            allowed(rec)  # fast; the rooms' gate asks again in the move's transaction
        except InputError as e:
            await run_in_threadpool(call_time, app, rec)  # the time may be over: call it
            await _refused(scope, e)(scope, receive, send)
            return
        await self.app(scope, receive, send)
        if any(p.practice and rec.rooms.get(p.number) == key for p in pairing(rec.session).pairs):
            await run_in_threadpool(play_practice, app, rec, key)
        hub_of(app).publish(channel(rec.code, monitor=True))


def _refused(scope: Scope, e: InputError) -> ASGIApp:
    from starlette.requests import Request as StarletteRequest

    if str(scope.get("path", "")).startswith("/api/"):
        return JSONResponse({"error": error_parts(e)}, status_code=400)
    request = StarletteRequest(scope)
    if is_htmx(request):
        page = render(request, "_error.html", status=422, error=e.message)
        page.headers.update({"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"})
        return page
    return render(request, "error.html", status=422, error=e.message)


# the JSON API ----------------------------------------------------------------------------------


class JoinBody(BaseModel):
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)


@router.get("/api/classroom/cases")
def api_cases() -> list[dict[str, Any]]:
    """The shipped cases an exercise may be made of, with their settings."""
    return _cases()


@router.get("/api/classroom")
def api_list(request: Request, ws: WS) -> list[dict[str, Any]]:
    """The sessions the signed-in user runs."""
    user = guard.current_user(request)
    assert user is not None
    return [r.session.to_json() for r in classes_of(request.app).owned(user.id)]


@router.post("/api/classroom", status_code=201)
def api_create(request: Request, ws: WS, body: CreateBody) -> dict[str, Any]:
    """Open a session; the answer holds its join code."""
    rec = create(request, body)
    return {**rec.session.to_json(), "join": str(request.base_url).rstrip("/") + "/join"}


def _state_json(request: Request, rec: Record) -> dict[str, Any]:
    pairs = rec.pairs()
    return {
        **rec.session.to_json(),
        "pairing": None if pairs is None else pairs.to_json(),
        "rooms": {str(k): v for k, v in rec.rooms.items()},
        "monitor": monitor_view(request.app, rec),
    }


@router.get("/api/classroom/{code}")
def api_state(request: Request, code: str) -> dict[str, Any]:
    """The session, its pairing and rooms, and the monitor (for its instructor)."""
    return _state_json(request, _owned(request, code))


@router.post("/api/classroom/{code}/{action}")
def api_change(request: Request, code: str, action: str) -> dict[str, Any]:
    """Start, pause, resume or end the session."""
    return _state_json(request, change(request, _owned(request, code), action))


@router.get("/api/classroom/{code}/debrief")
def api_debrief(request: Request, code: str) -> dict[str, Any]:
    """The class debrief of the pairs that have ended, and the pairs still going."""
    d, unfinished, _ = debrief_of(request.app, _owned(request, code))
    return {**d.to_json(), "unfinished": unfinished}


@router.post("/api/classroom/join")
def api_join(request: Request, body: JoinBody) -> dict[str, Any]:
    """Join a session by its code (the token is kept in the session cookie; or send it as
    the `X-Class-Token` header)."""
    rec, name, token = join_session(request, body.code, body.name)
    _keep_student(request, rec.code, token)
    return {"code": rec.code, "name": name, "token": token}


@router.get("/api/classroom/{code}/me")
def api_me(request: Request, code: str) -> dict[str, Any]:
    """The student's session: its state; once paired their room, side and seat token
    (for `X-Room-Token`) and their own brief; an observer gets the pairs' states."""
    rec, name = _student(request, code)
    seat = take_seat(request, rec, name)
    pairs = rec.pairs()
    out: dict[str, Any] = {
        "code": rec.code,
        "name": name,
        "state": rec.session.state,
        "case": rec.session.exercise.case.title,
        "role": "waiting" if pairs is None else "observer" if seat is None else "student",
    }
    if seat is not None:
        key, role, token = seat
        out.update(
            room=key,
            side=role,
            token=token,
            brief=brief_view(rec.session.exercise.case, role),
            ended=rooms_of(request).room(key).ended,  # then /api/rooms/KEY has the debrief
            page=f"/classroom/{rec.code}/room",
        )
    elif pairs is not None:
        out["monitor"] = monitor_view(request.app, rec)["pairs"]
    return out
