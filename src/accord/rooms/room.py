"""Rooms: two people negotiate through the engine, each seeing only their own side.

`Rooms(store)` holds the rooms of one server (`accord.rooms.tables`). A room
snapshots its scenario at creation, so it never depends on its owner's files
later. Its two seats are reached by invitation tokens (`secrets.token_urlsafe`,
stored as hashes; a new token for a seat replaces the old one at once).

`move(key, role, what, expected)` takes a move as the coach reads one (a
moves-file entry: `"accept"`, `{"offer": {...}}`, ...), checks it through the
engine (turn order, ultimatums, pauses, add-ons) and commits its events in one
transaction before it returns. `expected` is how many events the mover had
seen: when the other side moved in between, the move is refused
(`StaleMoveError`) and nothing is stored. `view(key, role)` is everything a
seat may see: its own preferences, BATNA, plan and advice, the public
transcript (offers as terms), never the other side's; after the end, its own
debrief.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from accord.coach import words
from accord.coach.entries import is_claim, to_move
from accord.coach.typed import Typed, pause_left
from accord.errors import InputError
from accord.model.issues import ROLES, Role, Value, other
from accord.phrasing import Context, Lexicon, Parsed, Question, Refusal, parse
from accord.plan.core import Caution, Plan, default_plan
from accord.protocol.engine import Negotiation
from accord.protocol.errors import ProtocolError
from accord.protocol.moves import Accept, Display, Move, Offer, Ultimatum
from accord.protocol.replay import ENGINE_NOTES
from accord.protocol.transcript import Event
from accord.protocol.view import View
from accord.rooms.seat import seat_data
from accord.rooms.tables import LedgeredRow, RoomRow, SeatRow
from accord.store import codec, negotiations
from accord.store.live import Following
from accord.store.schema import EventRow, NegotiationRow, OutcomeRow

if TYPE_CHECKING:
    from accord.advisor import Advice, Advisor, History
    from accord.analysis.report import ScenarioAnalysis
    from accord.debrief import Debrief
    from accord.model.scenario import Scenario
    from accord.store.database import Store

#: Closing displays a seat may choose for the moment of agreement (P13).
CLOSINGS = ("", "modest", "triumphant")
#: Longest deadline a room may have, in rounds.
MAX_ROUNDS = 200
#: How many rooms a server keeps in memory (others are rebuilt from the store when asked).
MAX_LIVE = 512


class RoomError(InputError):
    """A move or request the room refuses; nothing was stored."""


class StaleMoveError(RoomError):
    """The mover had not seen the latest events: the other side moved first."""

    def __init__(self, message: str, events: int) -> None:
        super().__init__(message, field="expected", expected=f"{events} (the events now)")
        self.events = events


@dataclass(frozen=True)
class RoomSettings:
    """What the owner decides: the deadline, whose advisor is on, the owner's seat (or
    None), and the name the other seat has in the owner's ledger."""

    rounds: int
    advisor: tuple[bool, bool] = (True, True)
    owner_side: Role | None = None
    counterparty: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "rounds": self.rounds,
            "advisor": {"A": self.advisor[0], "B": self.advisor[1]},
            "owner_side": self.owner_side,
            "counterparty": self.counterparty,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RoomSettings:
        adv = data.get("advisor", {})
        side = data.get("owner_side")
        return cls(
            rounds=int(data["rounds"]),
            advisor=(bool(adv.get("A", True)), bool(adv.get("B", True))),
            owner_side="A" if side == "A" else "B" if side == "B" else None,
            counterparty=str(data.get("counterparty", "")),
        )

    def advised(self, role: Role) -> bool:
        return self.advisor[0 if role == "A" else 1]


@dataclass(frozen=True)
class Created:
    """A new room: its key and one invitation token per seat (shown once, never stored)."""

    key: str
    tokens: dict[Role, str]


@dataclass(frozen=True)
class RoomInfo:
    """A room as its owner's list and a monitor show it (times in UTC)."""

    key: str
    scenario: str
    owner: int
    settings: RoomSettings
    events: int
    ended: bool
    reason: str | None
    created_at: dt.datetime
    last_move_at: dt.datetime | None


@dataclass(frozen=True)
class Proposal:
    """A typed sentence read as a move, for the sender to confirm: `what` (the moves-file
    entry `move` takes), in words, how a relative figure was worked out, and (for a
    seat with the advisor) the advisor's cautions about making it now."""

    what: Any
    text: str
    working: tuple[str, ...] = ()
    cautions: tuple[Caution, ...] = ()


@dataclass(frozen=True)
class SeatView:
    """Everything one seat may see now. `data` is JSON (the API's answer and the page's
    content alike); the advice and the debrief are the library's objects."""

    key: str
    role: Role
    plan: Plan
    data: dict[str, Any]
    advice: Advice | None = None
    debrief: Debrief | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Seat(Typed):
    """A seat's person: moves are submitted for them; at agreement, their chosen closing."""

    def __init__(self, label: str, closing: str = "") -> None:
        super().__init__(label)
        self.closing = closing

    def close(self, view: View) -> Display | None:
        if self.closing == "modest":
            return Display("modest")
        if self.closing == "triumphant":
            return Display("triumphant")
        return None


@dataclass
class Room:
    """A room held in memory: its engine rebuilt from the store, one plan per seat."""

    id: int
    key: str
    negotiation_id: int
    owner: int
    scenario: Scenario
    settings: RoomSettings
    neg: Negotiation
    seats: dict[Role, Seat]
    plans: dict[Role, Plan]
    lock: threading.RLock = field(default_factory=threading.RLock)
    advisors: dict[Role, Advisor] = field(default_factory=dict)
    advice: dict[Role, tuple[int, Advice]] = field(default_factory=dict)
    debriefs: dict[Role, Debrief] = field(default_factory=dict)
    analysis: ScenarioAnalysis | None = None
    finished: bool = False

    @property
    def events(self) -> list[Event]:
        return self.neg.transcript.events

    @property
    def ended(self) -> bool:
        return self.neg.ended


def plan_for(scenario: Scenario, role: Role, rounds: int) -> Plan:
    """A seat's plan: its own preferences only (the other side's are never read), the
    walk-away at its BATNA and the target derived live (`default_plan`)."""
    party = scenario.a if role == "A" else scenario.b
    return default_plan(scenario.space, party.preferences, role, rounds, name=party.name)


def scenario_of_text(text: str, source: str) -> Scenario:
    """A scenario from its YAML text (a room's snapshot)."""
    from pydantic import ValidationError

    from accord.formats.accord_yaml import ScenarioSpec, build_scenario
    from accord.formats.strict_yaml import parse_yaml
    from accord.validation import input_error

    data = parse_yaml(text)
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as e:
        raise input_error(e, source, data) from None
    return build_scenario(spec, source)


class Rooms:
    """The rooms of one server, in its rooms store; rooms in use are kept in memory."""

    def __init__(self, store: Store, gate: Callable[[str, Session], None] | None = None) -> None:
        """`gate(key, s)`, when given, is asked inside the write transaction `s` of every
        move in room `key` (so a change it reads, such as a classroom session paused, is
        stored either before the move or after it) and raises the `InputError` to show
        when moves are not allowed now."""
        self.store = store
        self.gate = gate
        self._live: dict[str, Room] = {}
        self._lock = threading.Lock()
        #: What the current scope (`scope()`) has read: ("seat", token) -> (key, role)
        #: or None; ("events", key) -> the room's version in the store (`_version`).
        self._read: ContextVar[dict[tuple[str, str], Any] | None] = ContextVar(
            f"accord.rooms.read.{id(self)}", default=None
        )

    # one request's reads ---------------------------------------------------------------------

    @contextmanager
    def scope(self) -> Iterator[None]:
        """Within it (one request), the store is asked once for a seat's token and once
        for each room's count of stored events (both in the one read transaction of
        `seat_of`, when it comes first), instead of at every call; the scope's own moves
        and seat changes count. Outside any scope, every call reads the store."""
        token = self._read.set({})
        try:
            yield
        finally:
            self._read.reset(token)

    def open_scope(self) -> None:
        """Start a scope that lasts as long as the current context (an asyncio task: one
        request of a server), as `scope()` does."""
        self._read.set({})

    # creating and inviting -------------------------------------------------------------------

    def create(self, scenario: Scenario, *, owner: int, settings: RoomSettings) -> Created:
        """A new room on (a snapshot of) `scenario`, stored with its two seats' tokens."""
        from accord.formats.yaml_out import scenario_yaml

        if not 1 <= settings.rounds <= MAX_ROUNDS:
            raise RoomError(
                f"a deadline of {settings.rounds} rounds",
                field="rounds",
                expected=f"1 to {MAX_ROUNDS} rounds",
            )
        text = scenario_yaml(scenario)
        scenario_of_text(text, "the room's scenario")  # it must read back as it is
        key = secrets.token_urlsafe(12)
        tokens: dict[Role, str] = {role: secrets.token_urlsafe(24) for role in ROLES}

        def insert(s: Session) -> None:
            neg = NegotiationRow(
                key=uuid.uuid4().hex,
                kind="engine",
                scenario=scenario.name,
                strategy_a=f"room:{scenario.a.name}",
                strategy_b=f"room:{scenario.b.name}",
                seed=0,
                rounds=settings.rounds,
            )
            s.add(neg)
            s.flush()
            row = RoomRow(
                key=key,
                negotiation_id=neg.id,
                owner=owner,
                scenario=text,
                settings=codec.canonical(settings.to_json()),
            )
            s.add(row)
            s.flush()
            for role in ROLES:
                hashed = token_hash(tokens[role])
                s.add(SeatRow(room_id=row.id, role=role, seq=0, token_hash=hashed))

        self.store.write(insert)
        return Created(key, tokens)

    def seat_of(self, token: str) -> tuple[str, Role]:
        """The room and seat a token opens, or a `RoomError` (unknown or replaced)."""
        wanted = token_hash(token)
        memo = self._read.get()
        counted: dict[str, int] = {}

        def read(s: Session) -> tuple[str, Role] | None:
            row = s.execute(_SEAT_OF, {"wanted": wanted}).first()
            if row is None or row[0] != row[1]:
                return None
            counted[row[3]] = _stored_version(row[4], row[5])
            return str(row[3]), "A" if row[2] == "A" else "B"

        if memo is not None and ("seat", token) in memo:
            found = memo[("seat", token)]
        else:
            found = self.store.read(read)
            if memo is not None:
                memo[("seat", token)] = found
                memo.update({("events", k): n for k, n in counted.items()})
        if found is None:
            raise RoomError(
                "this invitation link is not valid: it was replaced by a new one, or never existed",
                field="token",
                expected="the newest link the room's owner sent you",
            )
        return found

    def holds(self, key: str, role: Role, token: str) -> bool:
        """Whether `token` is seat `role`'s current token in room `key`."""
        try:
            return self.seat_of(token) == (key, role)
        except RoomError:
            return False

    def reissue(self, key: str, role: Role) -> str:
        """A new token for seat `role`; the old link stops working at once."""
        room = self.room(key)
        token = secrets.token_urlsafe(24)
        self._seat_change(room, role, token_hash=token_hash(token))
        return token

    def set_closing(self, key: str, role: Role, closing: str) -> None:
        """The closing display seat `role` makes at agreement: '', 'modest' or 'triumphant'."""
        if closing not in CLOSINGS:
            raise RoomError(
                f"closing '{closing}'", field="closing", expected="modest, triumphant or none"
            )
        room = self.room(key)
        with room.lock:
            if room.ended:
                raise RoomError("the talks have ended", field="closing")
            self._seat_change(room, role, closing=closing)
            room.seats[role].closing = closing

    def _seat_change(
        self, room: Room, role: Role, *, token_hash: str | None = None, closing: str | None = None
    ) -> None:
        memo = self._read.get()
        if memo is not None:  # tokens read before this change may be out of date
            for k in [k for k in memo if k[0] == "seat"]:
                del memo[k]

        def insert(s: Session) -> None:
            last = _newest(s, room.id, role)
            s.add(
                SeatRow(
                    room_id=room.id,
                    role=role,
                    seq=last.seq + 1,
                    token_hash=last.token_hash if token_hash is None else token_hash,
                    closing=last.closing if closing is None else closing,
                )
            )

        self.store.write(insert)

    # reading ----------------------------------------------------------------------------------

    def listing(self, owner: int) -> list[RoomInfo]:
        """The rooms `owner` made, newest first."""

        def read(s: Session) -> list[RoomInfo]:
            q = select(RoomRow).where(RoomRow.owner == owner).order_by(RoomRow.id.desc())
            return [_info(s, row) for row in s.execute(q).scalars()]

        return self.store.read(read)

    def info(self, key: str) -> RoomInfo:
        """Room `key` as a monitor shows it (read from the store, so any server's moves
        count): its events, when the last was made, how it ended."""

        def read(s: Session) -> RoomInfo | None:
            row = s.execute(select(RoomRow).where(RoomRow.key == key)).scalars().first()
            return None if row is None else _info(s, row)

        found = self.store.read(read)
        if found is None:
            raise RoomError(f"no room '{key}'", field="room", expected="a room's link")
        return found

    def room(self, key: str) -> Room:
        """Room `key`, in memory or rebuilt from the store; a `RoomError` if there is none.

        A room in memory is rebuilt when the store holds a later version of it (another
        server on the same store moved, or called time: `_version`), so every server
        shows the same room; within a `scope()` the store's version is read once.
        """
        memo = self._read.get()
        with self._lock:
            found = self._live.get(key)
        if found is not None:
            stored = None if memo is None else memo.get(("events", key))
            if stored is None:
                stored = self._stored(found)
                if memo is not None:
                    memo[("events", key)] = stored
            if stored <= _version(found):
                return found
        loaded = self._load(key)
        with self._lock:
            if found is not None and self._live.get(key) is found:
                del self._live[key]
            found = self._live.setdefault(key, loaded)
            while len(self._live) > MAX_LIVE:  # the oldest first; rebuilt when asked again
                self._live.pop(next(iter(self._live)))
        self._settle(found)
        if memo is not None:
            memo[("events", key)] = _version(found)
        return found

    def _closings(self, room: Room) -> None:
        """Each seat's closing display as stored (a seat may have chosen it through another
        server process: choosing one adds no event, so this room in memory was kept)."""
        found = self.store.read(lambda s: {r: _newest(s, room.id, r).closing for r in ROLES})
        for role, closing in found.items():
            room.seats[role].closing = closing

    def _stored(self, room: Room) -> int:
        """How many events of `room` the store holds."""
        return self.store.read(lambda s: _events_stored(s, room.negotiation_id))

    def forget(self, key: str) -> None:
        """Drop the room from memory (it is rebuilt from the store when next asked for)."""
        with self._lock:
            self._live.pop(key, None)

    def _load(self, key: str) -> Room:
        def read(s: Session) -> tuple[RoomRow, dict[Role, str]] | None:
            row = s.execute(select(RoomRow).where(RoomRow.key == key)).scalars().first()
            if row is None:
                return None
            return row, {role: _newest(s, row.id, role).closing for role in ROLES}

        found = self.store.read(read)
        if found is None:
            raise RoomError(f"no room '{key}'", field="room", expected="a room's link")
        row, closings = found
        scenario = scenario_of_text(row.scenario, f"room {key}")
        settings = RoomSettings.from_json(json.loads(row.settings))
        stored = negotiations.events(self.store, row.negotiation_id)
        seats = {role: Seat(_label(scenario, role), closings[role]) for role in ROLES}
        moves = {
            role: [e.move for e in stored if e.actor == role and e.note not in ENGINE_NOTES]
            for role in ROLES
        }
        neg = Negotiation(
            scenario,
            Following(seats["A"], moves["A"]),
            Following(seats["B"], moves["B"]),
            seed=0,
            rounds=settings.rounds,
        )
        try:
            while not neg.ended and len(neg.transcript.events) < len(stored):
                neg.step()
        except ProtocolError as e:
            raise RoomError(f"room {key} cannot be rebuilt: {e}", field="room") from None
        if neg.transcript.events != stored:
            raise RoomError(f"room {key} cannot be rebuilt: its events differ", field="room")
        plans = {role: plan_for(scenario, role, settings.rounds) for role in ROLES}
        room = Room(
            row.id, key, row.negotiation_id, row.owner, scenario, settings, neg, seats, plans
        )
        info = negotiations.info(self.store, row.negotiation_id)
        if not neg.ended and info.reason == "time_limit":
            neg.stop()  # time was called (`stop`): no event says so, the stored ending does
        room.finished = neg.ended and not info.open
        return room

    # moving -----------------------------------------------------------------------------------

    def propose(self, key: str, role: Role, line: str) -> Proposal | Question:
        """A typed sentence read by the coach's parser as seat `role`'s move, for the sender
        to confirm (nothing is stored); a `Question` when it is ambiguous; else a
        `RoomError` saying why it cannot be read."""
        room = self.room(key)
        text = line.strip()
        if not text:
            raise RoomError("nothing typed", field="line", expected="a move in words")
        plan = room.plans[role]
        with room.lock:
            standing = self._standing(room, role)
            reading = parse(text, Lexicon.of_plan(plan), Context("we", standing))
            if isinstance(reading, Question):
                return reading
            if isinstance(reading, Refusal):
                raise RoomError(f"cannot read '{text}': {reading.text}", field="line")
            return self._proposal(room, role, reading)

    def _standing(self, room: Room, role: Role) -> dict[str, dict[str, Value]]:
        out: dict[str, dict[str, Value]] = {}
        for r, who in ((role, "we"), (other(role), "they")):
            mine = room.neg.view(r).mine
            if mine is not None:
                out[who] = room.scenario.space.outcome(mine.outcome)
        return out

    def _proposal(self, room: Room, role: Role, reading: Parsed) -> Proposal:
        if reading.speaker != "we":
            raise RoomError(
                "in a room you type only your own moves (the other side types theirs)",
                field="line",
                expected="a move of ours: 'we offer ...', 'we accept', ...",
            )
        what = reading.move
        if what is None or is_claim(what):
            raise RoomError(
                "a room records moves, not remarks",
                field="line",
                expected="an offer, accept, silence, consult authority, add-on or walk away",
            )
        try:
            move = self._entry(room, role, what)
        except InputError as e:
            raise RoomError(e.message, field="line", expected=e.expected) from None
        cautions: tuple[Caution, ...] = ()
        if room.settings.advised(role) and room.neg.actor == role:
            cautions = self._advisor(room, role).review(self._history(room), move)
        return Proposal(what, self._words(room, role, move), tuple(reading.working), cautions)

    def _entry(self, room: Room, role: Role, what: Any) -> Move:
        plan = room.plans[role]
        mine = room.neg.view(role).mine
        standing = None if mine is None else room.scenario.space.outcome(mine.outcome)
        held = None if mine is None else mine.condition
        return to_move(what, "we", role, plan, standing, held).move

    def _words(self, room: Room, role: Role, move: Move) -> str:
        outcome: int | None = None
        if isinstance(move, Offer | Ultimatum):
            outcome = move.outcome
        elif isinstance(move, Accept):
            theirs = room.neg.view(role).theirs
            outcome = None if theirs is None else theirs.outcome
        event = Event(room.neg.turn, role, move, outcome)
        return words.event(room.plans[role], event).split(": ", 1)[1]

    def move(self, key: str, role: Role, what: Any, expected: int) -> list[Event]:
        """Seat `role`'s move `what` (a moves-file entry), made after seeing `expected`
        events; its events (with the turns the engine plays itself: pauses, closings)
        are committed in one transaction before this returns them. Raises
        `StaleMoveError` when the other side moved in between, `RoomError` when the
        move is refused; either way nothing is stored."""
        room = self.room(key)
        with room.lock:
            n = len(room.events)
            if expected != n:
                raise StaleMoveError(
                    f"not recorded: the other side moved first ({n} events now, you had seen "
                    f"{expected}); look at the new state and move again",
                    n,
                )
            if room.ended:
                raise RoomError("not recorded: the talks have ended", field="move")
            if room.neg.actor != role:
                raise RoomError(
                    "not recorded: it is the other side's move", field="move", expected="your turn"
                )
            try:
                move = self._entry(room, role, what)
            except InputError as e:
                why = f"not recorded: {e.message}"
                raise RoomError(why, field="move", expected=e.expected) from None
            if isinstance(move, Accept):  # the talks may end: each seat's closing as stored
                self._closings(room)
            try:
                room.neg.submit(role, move)
                while not room.neg.ended and pause_left(room.events, room.neg.actor) > 0:
                    room.neg.step()  # a turn spent consulting authority
            except ProtocolError as e:
                self.forget(key)  # the engine may be half-way: rebuild from the store
                why = f"not recorded: the protocol refuses it ({e})"
                raise RoomError(why, field="move") from None
            new = room.events[n:]
            try:
                self._commit(room, n, new)
            except BaseException:
                self.forget(key)
                raise
            room.advice.clear()
        self._settle(room)
        return list(new)

    def stop(self, key: str) -> bool:
        """End room `key`'s talks without agreement, time being called (a classroom's time
        limit, or its instructor ending the session), and store that ending; False when
        they had ended already."""
        room = self.room(key)
        with room.lock:
            if room.ended:
                return False
            room.neg.stop()
            room.advice.clear()
        try:
            self._settle(room)
        except BaseException:
            self.forget(key)
            raise
        return True

    def _commit(self, room: Room, first: int, new: list[Event]) -> None:
        def insert(s: Session) -> None:
            if s.get(OutcomeRow, room.negotiation_id) is not None:
                raise RoomError("not recorded: the talks have ended", field="move")
            if self.gate is not None:  # in the move's transaction: a pause is before or after
                try:
                    self.gate(room.key, s)
                except InputError as e:
                    raise RoomError(e.message, field="move", expected=e.expected) from None
            for k, event in enumerate(new):
                s.add(
                    EventRow(
                        negotiation_id=room.negotiation_id,
                        seq=first + k,
                        turn=event.turn,
                        actor=event.actor,
                        kind=event.kind,
                        data=codec.event_text(event),
                    )
                )
            s.flush()

        try:
            self.store.write(insert)
        except IntegrityError:
            raise StaleMoveError(
                "not recorded: the other side moved first (another server stored a move); "
                "look at the new state and move again",
                first,
            ) from None

    def _settle(self, room: Room) -> None:
        """Once the talks have ended, store how, with the outcome metrics (once)."""
        with room.lock:
            if not room.ended or room.finished:
                return
            if negotiations.info(self.store, room.negotiation_id).open:
                from accord.analysis.outcome import evaluate

                outcome = evaluate(self.analysis(room), room.neg.transcript)
                try:
                    negotiations.finish(
                        self.store,
                        room.negotiation_id,
                        room.neg.transcript.ending,
                        metrics=outcome.to_json(),
                    )
                except InputError:  # another server on this store stored it first
                    if negotiations.info(self.store, room.negotiation_id).open:
                        raise
            room.finished = True

    def analysis(self, room: Room) -> ScenarioAnalysis:
        if room.analysis is None:
            from accord.analysis.report import analyse

            room.analysis = analyse(room.scenario, seed=0)
        return room.analysis

    # what a seat sees -------------------------------------------------------------------------

    def view(self, key: str, role: Role, *, full: bool = True) -> SeatView:
        """What seat `role` may see of room `key` now (see the module's doc); without
        `full`, its data only (no advice or debrief worked out: an event stream's)."""
        room = self.room(key)
        with room.lock:
            plan = room.plans[role]
            advice = self._advice(room, role) if full else None
            debrief = self._debrief(room, role) if full and room.ended else None
            data = seat_data(room, role)
        return SeatView(key, role, plan, data, advice, debrief)

    def _advice(self, room: Room, role: Role) -> Advice | None:
        if not room.settings.advised(role) or room.ended or room.neg.actor != role:
            return None
        n = len(room.events)
        kept = room.advice.get(role)
        if kept is not None and kept[0] == n:
            return kept[1]
        advice = self._advisor(room, role).advise(self._history(room))
        room.advice[role] = (n, advice)
        return advice

    def _advisor(self, room: Room, role: Role) -> Advisor:
        found = room.advisors.get(role)
        if found is None:
            from accord.advisor import Advisor

            found = room.advisors[role] = Advisor(room.plans[role])
        return found

    def _history(self, room: Room) -> History:
        from accord.advisor import History

        return History(tuple(room.events), room.neg.rounds, room.neg.transcript.ending)

    def _debrief(self, room: Room, role: Role) -> Debrief:
        found = room.debriefs.get(role)
        if found is None:
            from accord.debrief import debrief

            found = room.debriefs[role] = debrief(
                self.analysis(room), room.neg.transcript, role, room.plans[role]
            )
        return found

    # the owner's ledger -----------------------------------------------------------------------

    def record_in_ledger(self, key: str, ledger: Store) -> bool:
        """Once the room has ended, keep it in its owner's `ledger` as a negotiation with
        the other seat as counterparty, the relationship updated; only when the owner
        sat at a seat. The ledger keeps us as side A: talks held at B are stored seen
        from that chair (`accord.protocol.mirror`, `NegotiationRecord.mirrored`). True
        when it was recorded now."""
        room = self.room(key)
        with room.lock:
            side = room.settings.owner_side
            if not room.ended or side is None:
                return False
            try:  # claimed first, so that two servers never both write it
                self.store.write(lambda s: s.add(LedgeredRow(room_id=room.id)))
            except IntegrityError:
                return False
            try:
                self._to_ledger(room, ledger, side)
            except BaseException:
                self.store.write(lambda s: s.delete(s.get(LedgeredRow, room.id)))
                raise
            return True

    def _to_ledger(self, room: Room, ledger: Store, side: Role) -> None:
        """The ended room as a negotiation of `ledger` held at `side`, the relationship
        with the other seat updated."""
        from accord.analysis.outcome import evaluate
        from accord.protocol import mirror
        from accord.relationship import record_of

        transcript = room.neg.transcript
        analysis = self.analysis(room)
        outcome = evaluate(analysis, transcript)  # its metrics as the room names its sides
        record = record_of(analysis, outcome)
        them = room.scenario.b if side == "A" else room.scenario.a
        if side == "B":
            transcript, record = mirror.transcript(transcript), record.mirrored()
        neg_id = negotiations.start(
            ledger,
            scenario=room.scenario.name,
            strategies=transcript.strategies,
            seed=0,
            rounds=room.neg.rounds,
            counterparty=room.settings.counterparty or them.name,
        )
        for k, event in enumerate(transcript.events):
            negotiations.append_event(ledger, neg_id, k, event)
        negotiations.finish(
            ledger,
            neg_id,
            transcript.ending,
            record=record,
            metrics=outcome.to_json(),
        )

    def owner_of(self, key: str) -> int:
        return self.room(key).owner


def _info(s: Session, row: RoomRow) -> RoomInfo:
    events = select(func.count(), func.max(EventRow.recorded_at)).select_from(EventRow)
    n, last = s.execute(events.where(EventRow.negotiation_id == row.negotiation_id)).one()
    ended = s.get(OutcomeRow, row.negotiation_id)
    neg = s.get(NegotiationRow, row.negotiation_id)
    return RoomInfo(
        row.key,
        neg.scenario if neg is not None else "",
        row.owner,
        RoomSettings.from_json(json.loads(row.settings)),
        int(n),
        ended is not None,
        None if ended is None else ended.reason,
        row.created_at,
        None if last is None else _utc(last),
    )


def _seat_of_query() -> Any:
    """One statement for `Rooms.seat_of`: the seat a token's hash opens (its newest
    row), the seat's newest step, its room, and the room's last event position."""
    later = aliased(SeatRow)
    newest = select(func.max(later.seq)).where(
        later.room_id == SeatRow.room_id, later.role == SeatRow.role
    )
    last = select(func.max(EventRow.seq)).where(EventRow.negotiation_id == RoomRow.negotiation_id)
    ended = select(OutcomeRow.negotiation_id).where(
        OutcomeRow.negotiation_id == RoomRow.negotiation_id
    )
    return (
        select(SeatRow.seq, newest.scalar_subquery(), SeatRow.role, RoomRow.key)
        .add_columns(last.scalar_subquery(), ended.exists())
        .join(RoomRow, RoomRow.id == SeatRow.room_id)
        .where(SeatRow.token_hash == bindparam("wanted"))
        .order_by(SeatRow.seq.desc())
        .limit(1)
    )


#: Built once (building a statement costs more than running it).
_SEAT_OF = _seat_of_query()
_STORED = select(
    select(func.max(EventRow.seq))
    .where(EventRow.negotiation_id == bindparam("negotiation"))
    .scalar_subquery(),
    select(OutcomeRow.negotiation_id)
    .where(OutcomeRow.negotiation_id == bindparam("negotiation"))
    .exists(),
)


def _events_stored(s: Session, negotiation_id: int) -> int:
    """The room's version in the store (`_version`), in one statement."""
    last, ended = s.execute(_STORED, {"negotiation": negotiation_id}).one()
    return _stored_version(last, ended)


def _stored_version(last: int | None, ended: bool) -> int:
    """How many events the store holds (the last position + 1: positions have no gaps),
    plus 1 once the ending is stored."""
    return (0 if last is None else int(last) + 1) + (1 if ended else 0)


def _version(room: Room) -> int:
    """A room in memory's version, as `_stored_version` counts it: its events, plus 1
    once its ending is stored. Time called (`Rooms.stop`) stores an ending without an
    event, so another server's copy of the room is behind by its version, not its events."""
    return len(room.events) + (1 if room.finished else 0)


def _utc(t: dt.datetime | str) -> dt.datetime:
    """A time read by an aggregate (SQLite gives text, without the column's type)."""
    if isinstance(t, str):
        t = dt.datetime.fromisoformat(t)
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t.astimezone(dt.UTC)


def _newest(s: Session, room_id: int, role: str) -> SeatRow:
    row = (
        s.execute(
            select(SeatRow)
            .where(SeatRow.room_id == room_id, SeatRow.role == role)
            .order_by(SeatRow.seq.desc())
        )
        .scalars()
        .first()
    )
    if row is None:
        raise RoomError(f"room {room_id} has no seat {role}", field="room")
    return row


def _label(scenario: Scenario, role: Role) -> str:
    return (scenario.a if role == "A" else scenario.b).name


__all__ = [
    "CLOSINGS",
    "Created",
    "Proposal",
    "Room",
    "RoomError",
    "RoomInfo",
    "RoomSettings",
    "Rooms",
    "SeatView",
    "StaleMoveError",
    "plan_for",
]
