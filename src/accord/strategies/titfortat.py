"""Relative tit-for-tat: concede as much as the other side just conceded."""

from __future__ import annotations

from accord.preferences.ladder import Ladder, ladder
from accord.protocol.moves import Accept, Move, Offer, WalkAway
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View
from accord.strategies.opponent import FrequencyModel


class TitForTat(Strategy):
    """Opens at its best outcome, then lowers its target by `factor` times what the
    other side conceded, measured in its own utility: the gain of their latest
    offer over the best offer they had made before (so swinging back and forth
    earns nothing; an add-on they grant counts as a concession). It never
    concedes first and never goes below its reservation.

    So that two imitators cannot deadlock forever, after `t > deadline_time` its
    target is also capped by a line falling from its best utility at
    `deadline_time` to its reservation at t = 1.

    Among its outcomes within `band` above the target it offers the one a
    frequency model says the other side likes best. It accepts an offer worth at
    least its next offer and at least its reservation (an ultimatum: at least its
    reservation, since refusing ends the talks at the BATNA).

    Source: the imitative tactics (relative tit-for-tat) of Faratin, Sierra and
    Jennings (1998), moved from issue values to own utility.
    """

    name = "tit_for_tat"
    traits = Traits(
        opponent_model=True,
        source="Faratin, Sierra and Jennings (1998), Robotics and Autonomous Systems 24(3-4)",
    )

    def __init__(self, factor: float = 1.0, deadline_time: float = 0.9, band: float = 0.02):
        self.factor = factor
        self.deadline_time = deadline_time
        self.band = band
        self._ladder: Ladder | None = None
        self._model: FrequencyModel | None = None
        self._target = 1.0
        self._their_best: float | None = None

    def reset(self, view: View) -> None:
        self._ladder = ladder(view.preferences.utility)
        self._model = FrequencyModel(view.space)
        self._target = self._ladder.best
        self._their_best = None

    def level(self, view: View) -> float:
        """The utility it aims at this turn: the imitated target, capped near the deadline."""
        assert self._ladder is not None
        r, best, t = view.reservation, self._ladder.best, view.time
        level = self._target
        if t > self.deadline_time:
            cap = r + (best - r) * (1.0 - t) / (1.0 - self.deadline_time)
            level = min(level, cap)
        return max(level, r)

    def act(self, view: View) -> Move:
        assert self._ladder is not None and self._model is not None
        self._model.update(view)
        if view.theirs is not None:  # their standing offer: an offer, ultimatum or add-on
            u = view.utility(view.theirs.outcome)
            if self._their_best is None:
                self._their_best = u
            elif u > self._their_best:
                self._target -= self.factor * (u - self._their_best)
                self._their_best = u
        self._target = max(self._target, view.reservation)
        outcome = self._model.best_near(self._ladder, self.level(view), view.space, band=self.band)
        if view.theirs is not None:
            offered = view.utility(view.theirs.outcome)
            if view.theirs.final:
                return Accept() if offered >= view.reservation else WalkAway()
            if offered >= view.reservation and offered >= view.utility(outcome):
                return Accept()
        return Offer(outcome)
