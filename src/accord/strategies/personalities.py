"""Two counterpart personalities for practice and tournaments: the Hardliner and the Panderer.

Both break the doctrine on purpose (DESIGN.md): the Hardliner plays "the side
that cares less" of seed 002 with silence and an early ultimatum (P5 and P7
misused); the Panderer over-accommodates (P3 violated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.doctrine import time_concession
from accord.preferences.ladder import Ladder, ladder
from accord.protocol.moves import Accept, Display, Move, Offer, Silence, Ultimatum, WalkAway
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View
from accord.strategies.opponent import FrequencyModel

FARATIN = "Faratin, Sierra and Jennings (1998)"
if TYPE_CHECKING:
    from accord.relationship.renegotiation import RenegotiationRequest


class Hardliner(Strategy):
    """The side that "cares less" (seed 002): it opens at `aspiration` times its best
    utility and barely moves (Boulware, e = 0.05) toward a floor of
    max(reservation, `aspiration_floor`). After its opening offer it stays
    silent every other turn until `silence_until`; on its first turn at or after
    `ultimatum_time` it turns its current offer into an ultimatum, so a refusal
    ends the talks. It accepts only offers worth at least its current target;
    faced with the other side's ultimatum it accepts if the offer reaches its
    floor and walks away otherwise.

    Source: doctrine seed 002 ("the individual who cares less holds all the
    power") with P5 and P7 used against their letter; concession curve from
    Faratin, Sierra and Jennings (1998).
    """

    name = "hardliner"
    traits = Traits(tactics=("silence", "ultimatum"), source=f"doctrine seed 002; {FARATIN}")

    def __init__(
        self,
        aspiration: float = 0.95,
        aspiration_floor: float = 0.8,
        e: float = 0.05,
        silence_until: float = 0.5,
        ultimatum_time: float = 0.5,
    ):
        self.aspiration = aspiration
        self.aspiration_floor = aspiration_floor
        self.e = e
        self.silence_until = silence_until
        self.ultimatum_time = ultimatum_time
        self._ladder: Ladder | None = None
        self._start = self._floor = 1.0
        self._turns = 0
        self._ultimatum_sent = False

    def reset(self, view: View) -> None:
        self._ladder = ladder(view.preferences.utility)
        r = view.reservation
        self._start = max(self.aspiration * self._ladder.best, r)
        self._floor = min(max(r, self.aspiration_floor), self._start)
        self._turns = 0
        self._ultimatum_sent = False

    def act(self, view: View) -> Move:
        assert self._ladder is not None
        own_turn, self._turns = self._turns, self._turns + 1
        level = time_concession(view.time, self.e, self._start, self._floor)
        if view.theirs is not None:
            offered = view.utility(view.theirs.outcome)
            if view.theirs.final:
                return Accept() if offered >= self._floor else WalkAway()
            if offered >= level:
                return Accept()
        outcome = self._ladder.closest_at_least(level)
        if not self._ultimatum_sent and view.time >= self.ultimatum_time:
            self._ultimatum_sent = True
            return Ultimatum(outcome)
        if view.time < self.silence_until and own_turn % 2 == 1 and view.mine is not None:
            return Silence()
        return Offer(outcome)


class Panderer(Strategy):
    """Over-accommodating (P3 violated on purpose): concedes early and fast
    (Conceder, e = 3, from its best to its reservation), never keeps silent,
    offers among the outcomes near its target the one a frequency model says the
    other side likes best, accepts any offer worth its reservation once
    t > `eager_after` (or earlier any offer reaching its target), always
    accepts an ultimatum worth its reservation, and closes modestly.

    Source: the doctrine's P3 as a counter-example; concession curve from
    Faratin, Sierra and Jennings (1998); opponent model after HardHeaded
    (van Krimpen, Looije and Hajizadeh 2013).
    """

    name = "panderer"
    traits = Traits(
        opponent_model=True,
        tactics=("pander", "modest_close"),
        source=f"doctrine P3 (counter-example); {FARATIN}",
    )

    def __init__(self, e: float = 3.0, eager_after: float = 0.1, band: float = 0.02):
        self.e = e
        self.eager_after = eager_after
        self.band = band
        self._ladder: Ladder | None = None
        self._model: FrequencyModel | None = None

    def reset(self, view: View) -> None:
        self._ladder = ladder(view.preferences.utility)
        self._model = FrequencyModel(view.space)

    def act(self, view: View) -> Move:
        assert self._ladder is not None and self._model is not None
        self._model.update(view)
        r = view.reservation
        level = max(time_concession(view.time, self.e, self._ladder.best, r), r)
        if view.theirs is not None:
            offered = view.utility(view.theirs.outcome)
            if view.theirs.final:
                return Accept() if offered >= r else WalkAway()
            if offered >= r and (view.time > self.eager_after or offered >= level):
                return Accept()
        return Offer(self._model.best_near(self._ladder, level, view.space, band=self.band))

    def close(self, view: View) -> Display | None:
        return Display("modest")

    def renegotiate(self, request: RenegotiationRequest) -> bool:
        """Gives in to this too."""
        return True
