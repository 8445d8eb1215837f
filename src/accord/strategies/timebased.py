"""Time-dependent tactics (Faratin, Sierra and Jennings 1998).

The target utility falls from the best outcome to the reservation value as
u(t) = r + (1 - t**(1/e)) * (best - r): e < 1 concedes late (Boulware), e = 1
linearly, e > 1 early (Conceder). Accepts an offer worth at least the next own
offer.
"""

from __future__ import annotations

from accord.protocol.moves import Accept, Move, Offer
from accord.protocol.view import View
from accord.strategies.base import Ladder, Strategy, Traits, ladder, register

SOURCE = "Faratin, Sierra and Jennings (1998), Robotics and Autonomous Systems 24(3-4)"


class TimeBased(Strategy):
    """Concede on the clock with exponent `e`; accept what is at least the next offer."""

    e: float = 1.0

    def __init__(self, e: float | None = None) -> None:
        if e is not None:
            self.e = e
        self._ladder: Ladder | None = None

    def reset(self, view: View) -> None:
        self._ladder = ladder(view.preferences.utility)

    def target(self, view: View) -> float:
        assert self._ladder is not None
        r, best = view.reservation, self._ladder.best
        return r + (1.0 - view.time ** (1.0 / self.e)) * max(best - r, 0.0)

    def act(self, view: View) -> Move:
        assert self._ladder is not None
        level = self.target(view)
        outcome = self._ladder.closest_at_least(level)
        if view.theirs is not None:
            offered = view.utility(view.theirs.outcome)
            if offered >= view.reservation and offered >= min(level, view.utility(outcome)):
                return Accept()
        return Offer(outcome)


@register
class Boulware(TimeBased):
    """Concedes little until close to the deadline (e = 0.2)."""

    name = "boulware"
    e = 0.2
    traits = Traits(source=SOURCE)


@register
class Linear(TimeBased):
    """Concedes at a constant rate (e = 1)."""

    name = "linear"
    e = 1.0
    traits = Traits(source=SOURCE)


@register
class Conceder(TimeBased):
    """Concedes most of its range early (e = 2)."""

    name = "conceder"
    e = 2.0
    traits = Traits(source=SOURCE)
