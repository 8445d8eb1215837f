"""Time-dependent tactics (Faratin, Sierra and Jennings 1998).

The target utility falls from the best outcome to the reservation value as
u(t) = r + (1 - t**(1/e)) * (best - r): e < 1 concedes late (Boulware), e = 1
linearly, e > 1 early (Conceder). Accepts an offer worth at least the next own
offer.

Conventions, checked against the sources:

- The curve is Faratin et al.'s polynomial alpha(t) = kappa + (1 - kappa) *
  t**(1/beta) with kappa = 0 and beta = e, applied to utility. The exponents
  0.2 (Boulware), 1 (Linear) and 2 (Conceder) are those of Genius's
  TimeDependentAgentBoulware, ...Linear and ...Conceder.
- Acceptance is Faratin et al.'s rule (AC_next): accept when the offer is worth
  at least the counter-offer one would make now.
- negmas's BoulwareTBNegotiator and ConcederTBNegotiator use 1 - t**4 and
  1 - t**0.25, that is e = 0.25 and e = 4, and their curve ends at
  max(worst outcome, reservation) rather than at the reservation. Its Conceder
  thus concedes much faster than this one (e = 4 against 2), which is why a
  negmas Boulware-Conceder pair agrees in fewer rounds than accord's.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from accord.doctrine import time_concession
from accord.preferences.ladder import Ladder, ladder
from accord.preferences.utility import LinearAdditiveUtility
from accord.protocol.moves import Accept, Move, Offer
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View

SOURCE = "Faratin, Sierra and Jennings (1998), Robotics and Autonomous Systems 24(3-4)"

#: Ladders up to this size are also kept as Python sequences, so that a turn's
#: lookups are a `bisect` and indexing rather than numpy calls (which cost more
#: than the rest of a turn): lists up to `MAX_LIST` outcomes (about 100 bytes an
#: outcome for the three), compact arrays above (24 bytes, somewhat slower).
MAX_LISTED = 1_000_000
MAX_LIST = 100_000


class TimeBased(Strategy):
    """Concede on the clock with exponent `e`; accept what is at least the next offer."""

    e: float = 1.0

    def __init__(self, e: float | None = None) -> None:
        if e is not None:
            self.e = e
        self._ladder: Ladder | None = None
        self._rungs: tuple[Sequence[float], Sequence[int]] | None = None
        self._best = 0.0
        self._utilities: Sequence[float] | None = None
        self._last: Offer | None = None

    def reset(self, view: View) -> None:
        utility = view.preferences.utility
        self._ladder = ladder(utility)
        self._best = self._ladder.best
        small = self._ladder.order.size <= MAX_LISTED
        self._rungs = listed_rungs(self._ladder) if small else None
        # For these, `utility.at(o)` is `float(utility.dense[o])` and the ladder is
        # built from `dense` too: the same numbers, read from lists.
        exact = small and type(utility) is LinearAdditiveUtility
        self._utilities = listed_utilities(utility) if exact else None
        self._last = None

    def target(self, view: View) -> float:
        assert self._ladder is not None
        return time_concession(view.time, self.e, self._best, view.reservation)

    def act(self, view: View) -> Move:
        assert self._ladder is not None
        level = self.target(view)
        rungs = self._rungs
        if rungs is None:
            outcome = self._ladder.closest_at_least(level)
        else:  # the same as `closest_at_least`, on lists
            k = bisect_right(rungs[0], -level)  # = Ladder.count_at_least(level)
            outcome = rungs[1][k - 1 if k else 0]
        theirs = view.theirs
        if theirs is not None:
            u = self._utilities  # if set, the same numbers as `view.utility`
            offered = view.utility(theirs.outcome) if u is None else u[theirs.outcome]
            if offered >= view.reservation:
                mine = view.utility(outcome) if u is None else u[outcome]
                if offered >= min(level, mine):
                    return Accept()
        last = self._last
        if last is None or last.outcome != outcome:
            last = self._last = Offer(outcome)  # else the same (immutable) offer again
        return last


@lru_cache(maxsize=64)
def listed_utilities(utility: LinearAdditiveUtility) -> Sequence[float]:
    """Every outcome's utility by index: `utility.at` without numpy scalars."""
    return _listed(utility.dense)


@lru_cache(maxsize=64)
def listed_rungs(rungs: Ladder) -> tuple[Sequence[float], Sequence[int]]:
    """The ladder's utilities negated (ascending, as `Ladder` searches them), its outcomes."""
    return _listed(-rungs.utils), _listed(rungs.order)


def _listed(values: np.ndarray) -> Sequence[Any]:
    """`values` as a list, or as an array of the same numbers when large; items are Python's."""
    if values.size <= MAX_LIST:
        return values.tolist()
    if values.dtype.kind == "f":
        return array("d", values.astype(np.float64).tobytes())
    return array("q", values.astype(np.int64).tobytes())


class Boulware(TimeBased):
    """Concedes little until close to the deadline (e = 0.2)."""

    name = "boulware"
    e = 0.2
    traits = Traits(source=SOURCE)


class Linear(TimeBased):
    """Concedes at a constant rate (e = 1)."""

    name = "linear"
    e = 1.0
    traits = Traits(source=SOURCE)


class Conceder(TimeBased):
    """Concedes most of its range early (e = 2)."""

    name = "conceder"
    e = 2.0
    traits = Traits(source=SOURCE)
