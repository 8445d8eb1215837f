"""MiCRO: monotonic concession with rational offers (de Jonge 2022)."""

from __future__ import annotations

from accord.preferences.ladder import Ladder, ladder
from accord.protocol.moves import Accept, Move, Offer, WalkAway
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View


class MiCRO(Strategy):
    """Walks down its outcomes from best to worst, one new outcome at a time, but
    only while the other side has made at least as many distinct offers as it
    has; otherwise it repeats one of its earlier offers, picked at random. It
    never proposes an outcome below its reservation (when it has none left, it
    repeats). It accepts an offer worth at least its next proposal when it is
    ready to concede, else at least the lowest proposal it has made so far, and
    never below its reservation.

    An ultimatum (which the paper does not know) is accepted when it is worth
    at least the reservation: refusing it ends the talks at the BATNA anyway.

    Source: de Jonge (2022), "An Analysis of the Linear Bilateral ANAC Domains
    Using the MiCRO Benchmark Strategy", IJCAI 2022.
    """

    name = "micro"
    traits = Traits(stochastic=True, source="de Jonge (2022), IJCAI-22, pp. 223-229")

    def __init__(self) -> None:
        self._ladder: Ladder | None = None
        self._rational = 0
        self._sent = 0
        self._received: set[int] = set()
        self._cursor = 0

    def reset(self, view: View) -> None:
        self._ladder = ladder(view.preferences.utility)
        self._rational = self._ladder.count_at_least(view.reservation)
        self._sent = 0
        self._received = set()
        self._cursor = 0

    def _read(self, view: View) -> None:
        events = view.events
        for i in range(self._cursor, len(events)):
            e = events[i]
            if e.actor != view.role and e.outcome is not None and e.kind != "accept":
                self._received.add(e.outcome)  # offers, ultimatums and sweetened offers
        self._cursor = len(events)

    def act(self, view: View) -> Move:
        assert self._ladder is not None
        self._read(view)
        # Each proposal is a new outcome, so `_sent` counts its distinct offers.
        ready = self._sent <= len(self._received)
        if view.theirs is not None and self._accepts(view, ready):
            return Accept()
        if view.theirs is not None and view.theirs.final:
            return WalkAway()
        if ready and self._sent < self._rational:
            self._sent += 1
            return Offer(int(self._ladder.order[self._sent - 1]))
        if self._sent == 0:
            return WalkAway()  # no outcome is worth its reservation
        return Offer(int(self._ladder.order[int(view.rng.integers(self._sent))]))

    def _accepts(self, view: View, ready: bool) -> bool:
        """At least its next proposal (if ready) or its lowest one so far, and rational."""
        assert self._ladder is not None and view.theirs is not None
        offered = view.utility(view.theirs.outcome)
        if offered < view.reservation:
            return False
        if view.theirs.final:
            return True
        if not ready:
            return offered >= float(self._ladder.utils[self._sent - 1])
        if self._sent >= self._rational:
            return True  # no rational outcome left to propose: the reservation is the bar
        return offered >= float(self._ladder.utils[self._sent])
