"""A utility's ladder: every outcome sorted by own utility, best first.

Concession strategies climb down it, and the plan and the advisor read it
(how many outcomes are at least this good?). It is computed once per utility
object and shared across negotiations, so a turn costs a few microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from accord.preferences.utility import UtilityFunction


@dataclass(frozen=True, eq=False)
class Ladder:
    """Every outcome sorted by own utility, best first: what concession strategies climb down."""

    order: np.ndarray
    utils: np.ndarray
    _ascending: np.ndarray = field(init=False, repr=False)  # -utils, for searchsorted

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ascending", -self.utils)

    @property
    def best(self) -> float:
        return float(self.utils[0])

    def count_at_least(self, level: float) -> int:
        """How many outcomes have utility >= level (utilities are descending)."""
        return int(np.searchsorted(self._ascending, -level, side="right"))

    def closest_at_least(self, level: float) -> int:
        """Outcome with the lowest utility that is still >= level (the best one if none)."""
        k = self.count_at_least(level)
        return int(self.order[max(k - 1, 0)])


@lru_cache(maxsize=64)
def ladder(utility: UtilityFunction) -> Ladder:
    """The ladder of `utility`, computed once per utility object and shared."""
    utils = utility.dense if hasattr(utility, "dense") else utility.all()
    order = np.argsort(-utils, kind="stable")
    return Ladder(order, utils[order])
