"""The two sides of a coached negotiation: a side whose moves a person types, the
practice strategy, and what the engine does on its own.

The coach keeps the negotiation in the engine (`accord.protocol.engine`), so
the protocol's rules hold for typed moves as for a strategy's: turns, pauses
while consulting authority, ultimatums, add-ons. A typed side is a `Typed`
strategy the engine never asks for a move (the coach submits it), except while
the stored moves are replayed on resume, where its answer is ignored.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.errors import InputError
from accord.model.issues import Role
from accord.model.scenario import Party, Scenario
from accord.plan.core import Plan
from accord.protocol.moves import ConsultAuthority, Move, Silence
from accord.protocol.replay import ENGINE_NOTES
from accord.protocol.strategy import Strategy
from accord.protocol.transcript import Event
from accord.protocol.view import View
from accord.store.coached import COACHED, COUNTERPART

LAPSE = "let the ultimatum lapse"


class Typed(Strategy):
    """Moves typed by a person: the coach submits them; `act` only answers the replay."""

    def __init__(self, label: str) -> None:
        self.name = label  # type: ignore[misc]  # Strategy.name is a ClassVar; one per person

    def act(self, view: View) -> Move:
        return Silence()  # asked only while replaying, where the stored move is played


def automatic(event: Event, typed: frozenset[Role]) -> bool:
    """Made by the engine or a strategy, not typed: a strategy's move, a turn spent
    consulting authority, a lapsed ultimatum or a closing display."""
    return event.actor not in typed or event.note in ENGINE_NOTES or event.note.startswith(LAPSE)


def pause_left(events: Sequence[Event], role: Role) -> int:
    """Turns `role` still spends consulting its authority (the engine's pause, read from
    the events so that it survives a resume)."""
    left = 0
    for e in events:
        if e.actor != role:
            continue
        if isinstance(e.move, ConsultAuthority) and not e.note:
            left = e.move.rounds
        elif e.note == "consulting authority" or e.note.startswith(LAPSE):
            left -= 1
    return max(left, 0)


def stand_in(plan: Plan) -> Scenario:
    """A scenario for a plan written without one (its issues and our preferences only).

    The engine needs two parties; the other side is typed in, so its preferences
    are never read: ours stand in for them.
    """
    ours = Party("we", plan.side, plan.ours)
    theirs = Party(plan.counterpart or "they", plan.other, plan.ours)
    a, b = (ours, theirs) if plan.side == "A" else (theirs, ours)
    return Scenario(plan.name, plan.space, a, b, plan.rounds)


def strategies_for(plan: Plan, against: str | None) -> tuple[Strategy, Strategy]:
    """(A, B): typed sides, or the practice strategy made from its spec."""
    ours: Strategy = Typed(COACHED)
    theirs: Strategy = Typed(COUNTERPART) if against is None else make_strategy(against)
    return (ours, theirs) if plan.side == "A" else (theirs, ours)


def make_strategy(spec: str) -> Strategy:
    """A registered strategy by spec; a bad name is an error on --against."""
    from accord.strategies import make

    try:
        return make(spec)
    except InputError as e:
        raise InputError(e.message, field="--against", expected=e.expected) from None


def names_of(plan: Plan, against: str | None) -> tuple[str, str]:
    """The strategies as stored: `coach` for us, the counterpart or the strategy's spec."""
    theirs = against or COUNTERPART
    return (COACHED, theirs) if plan.side == "A" else (theirs, COACHED)
