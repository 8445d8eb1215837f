"""A practice partner: an accord strategy playing one seat of a room (a classroom's odd
student practises against it), in the state it would have had playing every turn of
that seat, whichever server process played each turn.

A strategy keeps state between its turns (an opponent model, the best offer received,
its clock). With several server processes on one rooms store, a room's turns may be
played by different processes. Each process keeps each room's strategy with the number
of events the room had after the strategy's last move; when the seat has moved since
(another process played that turn), or the process has no strategy for the room yet,
the strategy is made afresh and the stored transcript replayed to it (each side's
recorded moves through `Following`, as a resumed negotiation is), so it is asked every
question it would have been asked.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from accord.coach.typed import Typed, automatic
from accord.model.issues import ROLES, Role
from accord.protocol.engine import Negotiation
from accord.protocol.replay import ENGINE_NOTES
from accord.store.live import Following

if TYPE_CHECKING:
    from accord.protocol.moves import Move
    from accord.protocol.strategy import Strategy
    from accord.rooms.room import Room

#: How many rooms' strategies a process keeps (then it forgets them all: they are rebuilt).
KEPT = 10_000


class Partners:
    """This process's practice strategies, by room."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Strategy, int]] = {}
        self._lock = threading.Lock()

    def act(self, room: Room, spec: str, role: Role) -> Move:
        """The move of strategy `spec` (a catalog name) for seat `role` of `room` now; the
        caller holds `room.lock` and stores the move."""
        with self._lock:
            kept = self._kept.get(room.key)
        if kept is not None and caught_up(room, role, kept[1]):
            strategy = kept[0]
        else:
            from accord.strategies import make

            strategy = replayed(room, make(spec), role)
        move = strategy.act(room.neg.view(role))
        with self._lock:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[room.key] = (strategy, len(room.events) + 1)
        return move


def caught_up(room: Room, role: Role, seen: int) -> bool:
    """Whether a strategy that last moved when `room` had `seen` - 1 events has seen every
    move of seat `role` since (none was made elsewhere)."""
    events = room.events
    if len(events) < seen:  # its move was not stored as it was made
        return False
    return all(automatic(e, frozenset((role,))) for e in events[seen:])


def replayed(room: Room, strategy: Strategy, role: Role) -> Strategy:
    """`strategy` after playing seat `role` of `room`'s stored transcript (its answers
    ignored: the recorded moves are played), ready for the next turn."""
    events = room.events
    moves = {
        r: [e.move for e in events if e.actor == r and e.note not in ENGINE_NOTES] for r in ROLES
    }
    players = {r: Following(strategy if r == role else Typed(r), moves[r]) for r in ROLES}
    neg = Negotiation(room.scenario, players["A"], players["B"], seed=0, rounds=room.neg.rounds)
    while not neg.ended and len(neg.transcript.events) < len(events):
        neg.step()
    return strategy
