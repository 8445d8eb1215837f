"""The negotiation so far, as the advisor reads it, and what it says, read once.

`History` is the events (the engine's, so a coach and a strategy pass theirs
as they are), the deadline in rounds, claims made in words that are not moves
(a deadline, a reason for a delay), and the turn to advise on. `Track` reads
the events once, in order, into what the decision rules need: the standing
offers, each side's offers and their utility to us, our add-ons granted, and
the estimate of their preferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from accord.doctrine import belief as doctrine_belief
from accord.model.issues import Role
from accord.plan.core import Plan
from accord.plan.estimate import TheirEstimate
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
    expected_utility,
)
from accord.protocol.transcript import Ending, Event, Transcript
from accord.protocol.view import Standing

ClaimKind = Literal["deadline", "note"]


@dataclass(frozen=True)
class Claim:
    """Something said that is not a move: a deadline ("the offer expires Friday"), a note."""

    turn: int
    actor: Role
    kind: ClaimKind
    text: str = ""


@dataclass(frozen=True)
class History:
    """The events so far. `turn` is the turn to advise on (default: after the last event)."""

    events: Sequence[Event]
    rounds: int | None = None
    ending: Ending | None = None
    claims: tuple[Claim, ...] = ()
    turn: int | None = None

    @property
    def next_turn(self) -> int:
        if self.turn is not None:
            return self.turn
        moves = [e for e in self.events if e.note != "closing"]
        return moves[-1].turn + 1 if moves else 0


#: Their turns in a row without a new offer that count as a delay (P10).
DELAY_TURNS = 2


def history_of(source: History | Transcript | Sequence[Event]) -> History:
    """A `History` from a transcript, a list of events, or a history."""
    if isinstance(source, History):
        return source
    if isinstance(source, Transcript):
        return History(tuple(source.events), source.rounds, source.ending)
    return History(tuple(source))


def belief(obligor: Role, side: Role) -> float:
    """Our belief that a condition will be met: high when it is ours to meet (as
    `Strategy.belief`), so conditional terms are valued the same way everywhere."""
    return doctrine_belief(obligor == side)


class Track:
    """What the events say, read incrementally (`feed` each new event in order)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.side = plan.side
        self.utility = plan.ours.utility
        self.estimate = TheirEstimate(plan)
        self.standing: dict[Role, Standing | None] = {"A": None, "B": None}
        self.our_offers: list[tuple[int, int, float]] = []  # (turn, outcome, our utility)
        self.their_offers: list[tuple[int, int, float]] = []
        self.offered: set[int] = set()
        self.granted: set[str] = set()
        self.conditioned = False
        self.consulted_at: int | None = None
        self.first_received: float | None = None
        self.best_received = float("-inf")
        self.last_theirs: Event | None = None
        self.ended = False
        self.agreement: int | None = None
        self.events: list[Event] = []

    def feed(self, e: Event) -> None:
        self.events.append(e)
        if e.note == "closing" or isinstance(e.move, Display):
            return
        ours = e.actor == self.side
        if not ours:
            self.last_theirs = e
        move = e.move
        if isinstance(move, Offer | Ultimatum):
            self.standing[e.actor] = Standing(
                move.outcome, move.condition, isinstance(move, Ultimatum)
            )
            self._offer(e, move.outcome, ours, move.condition)
        elif isinstance(move, AddOn) and e.outcome is not None:
            before = self.standing[e.actor]
            self.standing[e.actor] = Standing(e.outcome, before.condition if before else None)
            if ours:
                self.granted.add(move.issue)
            self._offer(e, e.outcome, ours, None, learn=False)
        elif isinstance(move, Accept):
            self.ended, self.agreement = True, e.outcome
        elif isinstance(move, WalkAway):
            self.ended = True
        elif isinstance(move, ConsultAuthority) and ours:
            self.consulted_at = e.turn

    def _offer(
        self, e: Event, outcome: int, ours: bool, condition: Condition | None, learn: bool = True
    ) -> None:
        u = self.utility.at(outcome)
        if ours:
            self.our_offers.append((e.turn, outcome, u))
            self.offered.add(outcome)
            self.conditioned = self.conditioned or condition is not None
            return
        self.their_offers.append((e.turn, outcome, u))
        if learn:  # an add-on is a gift, not a wish (as the frequency model reads it)
            self.estimate.observe(outcome)
        if self.first_received is None:
            self.first_received = u
        self.best_received = max(self.best_received, u)

    @property
    def their_quiet(self) -> bool:
        """Their last move was silence or a pause (P5, P6, P10)."""
        e = self.last_theirs
        return e is not None and isinstance(e.move, Silence | ConsultAuthority)

    def quiet_principles(self) -> tuple[str, ...]:
        """What their quiet run asks of us, as the tactics read it: a silence (P5), a pause
        to consult authority (P6, P10), a delay of `DELAY_TURNS` quiet turns (P10)."""
        run = []
        for e in reversed(self.events):
            if e.actor == self.side or e.note == "closing":
                continue
            if not isinstance(e.move, Silence | ConsultAuthority):
                break
            run.append(e)
        found = set()
        for e in run:
            if isinstance(e.move, ConsultAuthority) or e.note == "consulting authority":
                found |= {"P6", "P10"}
            elif e.note.startswith("delay"):
                found.add("P10")
            else:
                found.add("P5")
        if len(run) >= DELAY_TURNS:
            found.add("P10")
        return tuple(sorted(found, key=lambda p: int(p[1:])))

    @property
    def conceded_by_them(self) -> float:
        """How much their offers have risen in our utility since their first."""
        if self.first_received is None:
            return 0.0
        return max(self.best_received - self.first_received, 0.0)

    def value(self, standing: Standing) -> float:
        """Our utility of a standing offer; a conditional one at our belief it is met."""
        c = standing.condition
        b = 1.0 if c is None else belief(c.obligor, self.side)
        return expected_utility(self.utility, self.plan.space, standing.outcome, c, b)
