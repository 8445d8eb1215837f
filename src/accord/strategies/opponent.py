"""A frequency opponent model: what the other side seems to want, learnt from its offers.

The model follows the frequency family of HardHeaded (van Krimpen, Looije and
Hajizadeh 2013, "HardHeaded", in Complex Automated Negotiations, Springer) as
surveyed by Baarslag, Hendrikx, Hindriks and Jonker (2013, "Predicting the
performance of opponent models in automated negotiation", WI-IAT): a value the
opponent offers often is a value it likes, and an issue whose value it keeps
unchanged from one offer to the next is an issue it cares about.
"""

from __future__ import annotations

import weakref
from itertools import accumulate

import numpy as np

from accord.model.space import OutcomeSpace
from accord.preferences.ladder import Ladder
from accord.protocol.moves import Offer, Ultimatum
from accord.protocol.view import View

_PROPOSALS = (Offer, Ultimatum)

#: Ladders of spaces up to this many outcomes x issues keep the digits of every rung.
MAX_DIGIT_TABLE = 4_000_000

_DIGITS: weakref.WeakKeyDictionary[Ladder, np.ndarray] = weakref.WeakKeyDictionary()

#: Estimate given for every outcome before the opponent has offered anything.
NEUTRAL = 0.5


class FrequencyModel:
    """Estimated opponent utility u(o) = sum_k w_k * v_k(o_k), in [0, 1].

    - Value scores: v_k(x) = (count_k(x) + smoothing) / (max_x' count_k(x') + smoothing),
      so the value offered most often on issue k scores 1. With `decay` < 1 the
      i-th offer counts decay**i: opponents open with what they want most, and a
      fast conceder's later offers say little about it.
    - Issue weights start equal. After each opponent offer, every issue whose
      value is the same as in the opponent's previous offer gains `weight_step`,
      then the weights are normalised to sum to 1. An exact repeat (every issue
      unchanged) says nothing about which issue matters more and moves no weight.

    Only offers and ultimatums count: an add-on is a gift, not a wish.
    `update(view)` reads the transcript from a cursor, so each event is read once.
    """

    def __init__(
        self,
        space: OutcomeSpace,
        *,
        weight_step: float = 0.2,
        smoothing: float = 1.0,
        decay: float = 1.0,
    ):
        if weight_step < 0 or smoothing <= 0 or not 0 < decay <= 1:
            raise ValueError("weight_step must be >= 0, smoothing > 0 and decay in (0, 1]")
        self.weight_step = weight_step
        self.smoothing = smoothing
        self.decay = decay
        self._mass = 1.0
        sizes = [int(n) for n in space.sizes]
        offsets = [0, *accumulate(sizes)][:-1]
        self._layout = list(zip([int(st) for st in space.strides], sizes, offsets, strict=True))
        self._offsets = np.array(offsets, dtype=np.int64)
        self._sizes = sizes
        self._counts: list[float] = [0] * sum(sizes)
        self._max: list[float] = [0] * len(sizes)
        self._weights = [1.0 / len(sizes)] * len(sizes)
        self._last: list[int] | None = None
        self._cursor = 0
        self._cache: tuple[np.ndarray, np.ndarray] | None = None
        self._band: tuple[tuple[Ladder, float, float, int], tuple[int, int]] | None = None
        self.n_offers = 0

    # learning ------------------------------------------------------------------

    def update(self, view: View) -> list[int]:
        """Consume the opponent's offers made since the last call; return their outcomes."""
        events, me = view.events, view.role
        new = []
        for i in range(self._cursor, len(events)):
            e = events[i]
            if e.actor != me and type(e.move) in _PROPOSALS:  # an Offer or an Ultimatum
                new.append(e.move.outcome)  # type: ignore[union-attr]
                self.observe(e.move.outcome)  # type: ignore[union-attr]
        self._cursor = len(events)
        return new

    def observe(self, outcome: int) -> None:
        """Learn from one opponent offer (also usable directly, e.g. with synthetic offers)."""
        counts, top = self._counts, self._max
        digits = []
        for k, (stride, size, offset) in enumerate(self._layout):
            d = outcome // stride % size
            digits.append(d)
            c = counts[offset + d] + self._mass
            counts[offset + d] = c
            if c > top[k]:
                top[k] = c
        last = self._last
        if last is not None and digits != last:
            same = [a == b for a, b in zip(digits, last, strict=True)]
            if any(same):
                step = self.weight_step
                w = [x + step if s else x for x, s in zip(self._weights, same, strict=True)]
                total = sum(w)
                self._weights = [x / total for x in w]
        self._last = digits
        self._mass *= self.decay
        self.n_offers += 1
        self._cache = None

    # estimating ----------------------------------------------------------------

    @property
    def weights(self) -> np.ndarray:
        """Estimated issue weights (sum 1)."""
        return np.array(self._weights)

    def value_scores(self) -> np.ndarray:
        """Estimated value scores of every value of every issue, issue after issue."""
        return self._tables()[0]

    def estimate(self, digits: np.ndarray) -> np.ndarray:
        """Estimated opponent utilities of outcomes given as digits, shape (k, n_issues)."""
        d = digits if isinstance(digits, np.ndarray) and digits.ndim == 2 else np.atleast_2d(digits)
        if self.n_offers == 0:
            return np.full(d.shape[0], NEUTRAL)
        scores, weights = self._tables()
        return scores[d + self._offsets] @ weights

    def best_for_them(self, candidates: np.ndarray, space: OutcomeSpace) -> int:
        """The candidate outcome with the highest estimate (the first one on ties)."""
        cands = np.asarray(candidates, dtype=np.int64)
        if cands.size == 0:
            raise ValueError("no candidates to choose from")
        if self.n_offers == 0 or cands.size == 1:
            return int(cands[0])
        return int(cands[int(np.argmax(self.estimate(space.digits(cands))))])

    def best_near(
        self,
        ladder: Ladder,
        level: float,
        space: OutcomeSpace,
        *,
        band: float = 0.02,
        limit: int = 64,
    ) -> int:
        """Among own outcomes with utility in [level, level + band] (at most `limit` of
        them, those closest to `level`), the one the opponent seems to like best.

        Falls back to the outcome closest above `level` when the band is empty, and
        to the best outcome when nothing reaches `level`.
        """
        key = (ladder, level, band, limit)
        if self._band is not None and self._band[0] == key:
            j, k = self._band[1]
        else:
            k = ladder.count_at_least(level)
            j = max(ladder.count_at_least(level + band), k - limit)
            self._band = (key, (j, k))
        if k == 0:
            return int(ladder.order[0])
        if j >= k - 1 or self.n_offers == 0:
            return int(ladder.order[j if j < k else k - 1])
        scores = self.estimate(rung_digits(ladder, space, j, k))
        return int(ladder.order[j + int(np.argmax(scores))])

    def _tables(self) -> tuple[np.ndarray, np.ndarray]:
        if self._cache is None:
            s = self.smoothing
            top = np.repeat(np.asarray(self._max, dtype=float), self._sizes)
            scores = (np.asarray(self._counts, dtype=float) + s) / (top + s)
            self._cache = (scores, np.asarray(self._weights))
        return self._cache


def preferred(scores: np.ndarray, than: int) -> np.ndarray:
    """The values of one issue that the other side seems to like better than value
    `than`, by their estimated score, the best first (where a concession on that
    issue can go).

    >>> preferred(np.array([0.2, 1.0, 0.5, 0.2]), than=0).tolist()
    [1, 2]
    """
    order = np.argsort(-scores, kind="stable")
    return order[scores[order] > scores[than]]


def rung_digits(ladder: Ladder, space: OutcomeSpace, j: int, k: int) -> np.ndarray:
    """Digits of the rungs j..k-1 of `ladder`, from a table built once per ladder
    when the space is small enough, else computed for the slice."""
    table = _DIGITS.get(ladder)
    if table is None:
        if ladder.order.size * len(space.issues) > MAX_DIGIT_TABLE:
            return space.digits(ladder.order[j:k])
        table = space.digits(ladder.order).astype(np.int32)
        _DIGITS[ladder] = table
    return table[j:k]
