"""The bilateral alternating-offers engine with the doctrine's moves.

A moves on even turns, B on odd turns; a round is one turn each. The engine
validates every move (typed `ProtocolError`s), keeps each side's standing offer,
runs pauses for consulting authority, enforces ultimatums, and ends on
agreement, walk-away, a refused ultimatum, the deadline or a wall-clock limit.
Randomness comes only from `seed`, split into one generator per side.

The engine is on the hot path of every tournament, so the common turn (a plain
offer of a Python int) takes a short path, in `run` and in `submit`, with the
same checks and the same event; views, events and standing offers are built
without the frozen dataclass `__init__`; and each side's generator is only
seeded when its strategy first reads `view.rng`.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from accord.model.issues import ROLES, Role, other
from accord.model.scenario import Scenario
from accord.protocol.errors import (
    IllegalMoveError,
    NegotiationOverError,
    OutOfTurnError,
    OutsideSpaceError,
)
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Ending, EndReason, Event, EventWindow, Transcript, fast_event
from accord.protocol.view import DeferredRng, Standing, View, fast_standing, fast_view

if TYPE_CHECKING:
    from accord.protocol.strategy import Strategy

#: Longest pause a party may announce to consult its authority, in rounds.
MAX_CONSULT_ROUNDS = 3
#: What `run`'s inline turn stands for; a subclass overriding one of them runs by `step`.
_STEP_PARTS = ("step", "view", "submit", "_advance", "_record", "_time", "ended", "actor")


class Negotiation:
    """One negotiation between two strategies on a scenario."""

    def __init__(
        self,
        scenario: Scenario,
        a: Strategy,
        b: Strategy,
        *,
        seed: int = 0,
        rounds: int | None = None,
        time_limit: float | None = None,
    ) -> None:
        self.scenario = scenario
        self.rounds = scenario.deadline_rounds if rounds is None else rounds
        if self.rounds < 1:
            raise ValueError("a negotiation needs at least one round")
        self.time_limit = time_limit
        self.strategies: dict[Role, Strategy] = {"A": a, "B": b}
        self.transcript = Transcript(scenario.name, (a.name, b.name), seed, self.rounds)
        self._rngs: dict[Role, np.random.Generator | DeferredRng]
        if type(seed) is int and seed >= 0:
            # Seeding costs ~45 µs; make each side's generator on first use. It is the
            # same generator `SeedSequence(seed).spawn(2)[k]` gives (spawn_key (k,)).
            self._rngs = {"A": _deferred_rng(seed, 0), "B": _deferred_rng(seed, 1)}
        else:  # None, sequences, or a seed numpy must validate now
            rng_a, rng_b = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
            self._rngs = {"A": rng_a, "B": rng_b}
        self._standing: dict[Role, Standing | None] = {"A": None, "B": None}
        self._pause: dict[Role, int] = {"A": 0, "B": 0}
        self._events = EventWindow(self.transcript.events)
        self.turn = 0
        self._started = time.monotonic()
        for role in ROLES:
            self.strategies[role].reset(self.view(role))

    # state -------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.transcript.ending is not None

    @property
    def actor(self) -> Role:
        return "A" if self.turn % 2 == 0 else "B"

    def view(self, role: Role) -> View:
        them = other(role)
        scenario = self.scenario
        party = scenario.a if role == "A" else scenario.b
        events = self._events
        if events._events is not self.transcript.events:  # the transcript was replaced
            events = self._events = EventWindow(self.transcript.events)
        t = self.turn / (2 * self.rounds)  # as `_time()`, inline
        if self.time_limit:
            t = max(t, (time.monotonic() - self._started) / self.time_limit)
        return fast_view(
            role,
            scenario.space,
            party.preferences,
            self.rounds,
            self.turn,
            min(t, 1.0),
            events,
            self._standing[them],
            self._standing[role],
            self._rngs[role],
        )

    def _time(self) -> float:
        t = self.turn / (2 * self.rounds)
        if self.time_limit:
            t = max(t, (time.monotonic() - self._started) / self.time_limit)
        return min(t, 1.0)

    # running -------------------------------------------------------------------

    def run(self) -> Transcript:
        """Step until the negotiation ends; return the transcript."""
        if self.time_limit or any(
            getattr(type(self), name) is not getattr(Negotiation, name) for name in _STEP_PARTS
        ):
            while not self.ended:
                self.step()
        else:
            self._run_steps()
        return self.transcript

    def _run_steps(self) -> None:
        """`while not self.ended: self.step()` with the common turn inline.

        The common turn: no pause, no ultimatum pending, and a plain `Offer` of a
        Python int. It gets the same view, checks and event as through `step`,
        `view` and `submit`; any other turn goes through `step`'s own path.
        """
        space = self.scenario.space
        n_outcomes = space.n_outcomes
        rounds = self.rounds
        last = 2 * rounds
        preferences = {"A": self.scenario.a.preferences, "B": self.scenario.b.preferences}
        act = {role: strategy.act for role, strategy in self.strategies.items()}
        standing, pause, rngs = self._standing, self._pause, self._rngs
        role: Role
        them: Role
        while self.transcript.ending is None:
            turn = self.turn
            role, them = ("A", "B") if turn % 2 == 0 else ("B", "A")
            if pause[role] > 0:
                self.step()
                continue
            events = self._events
            if events._events is not self.transcript.events:
                events = self._events = EventWindow(self.transcript.events)
            theirs, mine = standing[them], standing[role]
            t = turn / last  # < 1 before the deadline
            view = fast_view(
                role,
                space,
                preferences[role],
                rounds,
                turn,
                t,
                events,
                theirs,
                mine,
                rngs[role],
            )
            move = act[role](view)
            if (
                type(move) is not Offer
                or move.condition is not None
                or type(move.outcome) is not int
                or (theirs is not None and theirs.final)
            ):
                self.submit(role, move)
                continue
            outcome = move.outcome
            if not 0 <= outcome < n_outcomes:
                raise OutsideSpaceError(f"outcome {outcome!r} is not in the outcome space")
            if mine is None or mine.outcome != outcome or mine.condition is not None or mine.final:
                standing[role] = fast_standing(outcome)
            self.transcript.events.append(fast_event(turn, role, move, outcome, ""))
            self.turn = turn + 1
            if turn + 1 >= last:
                self._end("deadline", None)

    def step(self) -> Event:
        """Let the party whose turn it is move (or wait, while it consults authority)."""
        role = self.actor
        if self._pause[role] > 0 and not self.ended:
            return self._wait(role)
        move = self.strategies[role].act(self.view(role))
        return self.submit(role, move)

    def submit(self, actor: Role, move: Move) -> Event:
        """Apply one move by `actor`, or raise a `ProtocolError` and change nothing."""
        if self.ended:
            raise NegotiationOverError(f"the negotiation has ended; {actor} cannot move")
        if actor != self.actor:
            raise OutOfTurnError(f"it is {self.actor}'s turn, not {actor}'s")
        if self._pause[actor] > 0:
            raise IllegalMoveError(
                f"{actor} is consulting its authority for {self._pause[actor]} more turn(s)"
            )
        them = other(actor)
        theirs = self._standing[them]
        if type(move) is Offer and (theirs is None or not theirs.final):
            # The common turn, checked as below: a plain offer of a Python int.
            outcome = move.outcome
            if move.condition is None and type(outcome) is int:
                if not 0 <= outcome < self.scenario.space.n_outcomes:
                    raise OutsideSpaceError(f"outcome {outcome!r} is not in the outcome space")
                mine = self._standing[actor]
                if (
                    mine is None
                    or mine.outcome != outcome
                    or mine.condition is not None
                    or mine.final
                ):
                    self._standing[actor] = fast_standing(outcome)  # else keep the equal one
                return self._advance(self._record(actor, move, outcome))
        if theirs is not None and theirs.final and not isinstance(move, Accept):
            return self._refuse_ultimatum(actor, "refused the ultimatum")
        if isinstance(move, Accept):
            if theirs is None:
                raise IllegalMoveError(f"{actor} accepted, but {them} has no offer on the table")
            return self._agree(actor, theirs)
        if isinstance(move, Offer | Ultimatum):
            self._check_outcome(move.outcome, move.condition)
            move = _plain(move)
            final = isinstance(move, Ultimatum)
            self._standing[actor] = Standing(move.outcome, move.condition, final)
            return self._advance(self._record(actor, move, move.outcome))
        if isinstance(move, AddOn):
            outcome = self._with_addon(actor, move.issue)
            mine = self._standing[actor]
            self._standing[actor] = Standing(outcome, mine.condition if mine else None)
            return self._advance(self._record(actor, move, outcome))
        if isinstance(move, ConsultAuthority):
            if not 1 <= move.rounds <= MAX_CONSULT_ROUNDS:
                raise IllegalMoveError(
                    f"a pause of {move.rounds} rounds; allowed: 1 to {MAX_CONSULT_ROUNDS}"
                )
            self._pause[actor] = move.rounds
            return self._advance(self._record(actor, move, None))
        if isinstance(move, WalkAway):
            event = self._record(actor, move, None)
            self._end("walk_away", actor)
            return event
        if isinstance(move, Silence):
            return self._advance(self._record(actor, move, None))
        if isinstance(move, Display):
            raise IllegalMoveError("a display comes only after an agreement")
        raise IllegalMoveError(f"unknown move {move!r}")

    # helpers -------------------------------------------------------------------

    def _wait(self, role: Role) -> Event:
        """One turn of a pause: silence, except that it lets a pending ultimatum lapse."""
        self._pause[role] -= 1
        theirs = self._standing[other(role)]
        if theirs is not None and theirs.final:
            return self._refuse_ultimatum(role, "let the ultimatum lapse (consulting authority)")
        return self._advance(self._record(role, Silence(), None, "consulting authority"))

    def _refuse_ultimatum(self, actor: Role, note: str) -> Event:
        """Anything but acceptance refuses an ultimatum: recorded as walking away."""
        event = self._record(actor, WalkAway(), None, note)
        self._end("ultimatum_refused", actor)
        return event

    def _record(self, actor: Role, move: Move, outcome: int | None, note: str = "") -> Event:
        event = fast_event(self.turn, actor, move, outcome, note)
        self.transcript.events.append(event)
        return event

    def _advance(self, event: Event) -> Event:
        self.turn += 1
        if self.turn >= 2 * self.rounds:
            self._end("deadline", None)
        elif self.time_limit and time.monotonic() - self._started > self.time_limit:
            self._end("time_limit", None)
        return event

    def stop(self) -> None:
        """End the talks without agreement because time was called from outside (a
        classroom's time limit, or its instructor ending the session); no move is recorded."""
        if self.ended:
            raise IllegalMoveError("the negotiation has already ended")
        self._end("time_limit", None)

    def _end(self, reason: EndReason, by: Role | None) -> None:
        self.transcript.ending = Ending(reason, self.turn, by)

    def _agree(self, actor: Role, offer: Standing) -> Event:
        """Record acceptance, ending and closing displays together, or nothing at all."""
        beliefs: tuple[float, float] | None = None
        if offer.condition is not None:
            belief_a, belief_b = (
                float(np.clip(self.strategies[r].belief(offer.condition, self.view(r)), 0, 1))
                for r in ROLES
            )
            beliefs = (belief_a, belief_b)
        displays = []
        for role in ROLES:
            display = self.strategies[role].close(self.view(role))
            if display is not None and not isinstance(display, Display):
                raise IllegalMoveError(f"{role} closed with {display!r}, not a Display")
            displays.append((role, display))
        event = self._record(actor, Accept(), offer.outcome)
        self.transcript.ending = Ending(
            "agreement", self.turn, actor, offer.outcome, offer.condition, beliefs
        )
        for role, display in displays:
            if display is not None:
                self.transcript.events.append(Event(self.turn, role, display, None, "closing"))
        return event

    def _check_outcome(self, outcome: int, condition: Condition | None) -> None:
        space = self.scenario.space
        if not _is_index(outcome) or not 0 <= outcome < space.n_outcomes:
            raise OutsideSpaceError(f"outcome {outcome!r} is not in the outcome space")
        if condition is None:
            return
        if condition.issue not in space.names:
            raise IllegalMoveError(f"the condition names an unknown issue '{condition.issue}'")
        issue = space.issues[space.names.index(condition.issue)]
        if not _is_index(condition.fallback) or not 0 <= condition.fallback < issue.n:
            raise OutsideSpaceError(f"fallback {condition.fallback} is not a value of {issue.name}")
        if condition.obligor not in ("A", "B"):
            raise IllegalMoveError(f"obligor '{condition.obligor}' is not A or B")

    def _with_addon(self, actor: Role, name: str) -> int:
        space = self.scenario.space
        if name not in space.names:
            raise IllegalMoveError(f"unknown add-on '{name}'")
        k = space.names.index(name)
        issue = space.issues[k]
        if issue.kind != "addon" or issue.giver != actor:
            raise IllegalMoveError(f"'{name}' is not an add-on that {actor} can grant")
        mine = self._standing[actor]
        if mine is None:
            raise IllegalMoveError(f"{actor} has no offer on the table to sweeten")
        digits = space.digits(mine.outcome)[0]
        if digits[k] == 1:
            raise IllegalMoveError(f"'{name}' is already in {actor}'s offer")
        digits[k] = 1
        return int(space.indices(digits)[0])


def _is_index(x: object) -> bool:
    """An integer that is not a bool (True would pass as outcome 1)."""
    return isinstance(x, int | np.integer) and not isinstance(x, bool)


def _plain(move: Offer | Ultimatum) -> Offer | Ultimatum:
    """The same move with Python ints, so that the transcript serialises to JSON."""
    if move.condition is None and type(move.outcome) is int:
        return move  # already plain (moves are frozen, so it can be kept as it is)
    c = move.condition
    if c is not None:
        c = Condition(c.issue, int(c.fallback), c.obligor, c.text)
    return type(move)(int(move.outcome), c)


def _deferred_rng(seed: int, k: int) -> DeferredRng:
    """Side k's generator, made on first use: `default_rng(SeedSequence(seed).spawn(2)[k])`."""
    return DeferredRng(partial(_spawned_rng, seed, k))  # a partial pickles, a lambda would not


def _spawned_rng(seed: int, k: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,)))
