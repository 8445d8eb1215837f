"""Our estimate of their utility, and the frontier as we can see it.

The estimate is linear additive, like the scenarios: per issue, what each value
adds to their utility. Before the table it is the plan's prior (or nothing);
each offer of theirs feeds a frequency model (`accord.strategies.opponent`,
the one Diplomat uses), and the two are blended by how many offers we have
seen against how much the plan trusts its prior: u = (1 - l) * prior + l * model
with l = n / (n + k), k the prior's worth in offers. Being linear, the blend
has an exact frontier against our own utility (`linear_frontier`), which is
what keeps one piece of advice cheap on large spaces.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.analysis.pareto import linear_frontier, pareto_indices
from accord.analysis.points import nash_index
from accord.plan.core import Plan
from accord.preferences.ladder import ladder
from accord.preferences.utility import LinearAdditiveUtility
from accord.strategies.opponent import NEUTRAL, FrequencyModel, rung_digits

#: Spaces up to this size get their frontier by enumeration: cheaper than per issue there.
ENUMERATED = 20_000
#: Most outcomes enumerated for a utility that is not linear additive (as Diplomat).
MAX_ENUMERATED = 200_000


class TheirEstimate:
    """Their utility as we estimate it; `observe` each of their offers in order."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.model = FrequencyModel(plan.space, decay=plan.stance.decay)
        sizes = [int(n) for n in plan.space.sizes]
        self._offsets = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self._splits = np.cumsum(sizes)[:-1]
        self._table: np.ndarray | None = None

    @property
    def n_offers(self) -> int:
        return self.model.n_offers

    @property
    def informed(self) -> bool:
        """False while we know nothing about them: no prior and no offer yet."""
        return self.plan.their_prior is not None or self.model.n_offers > 0

    @property
    def weight_of_offers(self) -> float:
        """l: the share of the estimate that comes from their offers."""
        prior, n = self.plan.their_prior, self.model.n_offers
        if prior is None:
            return 1.0 if n else 0.0
        k = prior.pseudo_offers
        return 0.0 if np.isinf(k) else n / (n + k)

    def observe(self, outcome: int) -> None:
        self.model.observe(outcome)
        self._table = None

    def table(self) -> np.ndarray:
        """Every value's contribution to their utility, issue after issue."""
        if self._table is None:
            self._table = self._blend()
        return self._table

    def contributions(self) -> list[np.ndarray]:
        return np.split(self.table(), self._splits)

    def of_digits(self, digits: np.ndarray) -> np.ndarray:
        """Estimated utilities of outcomes given as digits, shape (k, n_issues)."""
        d = np.atleast_2d(digits)
        return self.table()[d + self._offsets].sum(axis=1)

    def _blend(self) -> np.ndarray:
        n_issues = len(self.plan.space.issues)
        if self.model.n_offers:
            weights = np.repeat(self.model.weights, self.plan.space.sizes)
            learnt = self.model.value_scores() * weights
        else:
            learnt = np.full(int(self.plan.space.sizes.sum()), NEUTRAL / n_issues)
        prior = self.plan.their_prior
        if prior is None:
            return learnt
        l = self.weight_of_offers  # noqa: E741 - the blend's name in the docstring
        return (1.0 - l) * np.concatenate(prior.contributions) + l * learnt


@dataclass(frozen=True, eq=False)
class Frontier:
    """The Pareto frontier of our utility against our estimate of theirs.

    `points` are (ours, theirs estimated) sorted by ours; `nash` the estimated
    Nash point against (our walk-away, their estimated BATNA), None if no
    outcome is acceptable to both.
    """

    points: np.ndarray
    digits: np.ndarray
    nash: tuple[float, float] | None

    def distance(self, ours: float, theirs: float) -> float:
        """Euclidean distance from a point to the nearest frontier vertex (0 on it)."""
        if len(self.points) == 0:
            return 0.0
        gaps = self.points - np.array([ours, theirs])
        return float(np.sqrt((gaps**2).sum(axis=1)).min())


def estimated_frontier(plan: Plan, estimate: TheirEstimate) -> Frontier:
    """The frontier and Nash point of our utility against the estimate: by enumeration
    on small spaces (cheaper there), per issue (`linear_frontier`) on large ones."""
    utility = plan.ours.utility
    if plan.space.n_outcomes <= ENUMERATED or not isinstance(utility, LinearAdditiveUtility):
        lad = ladder(utility)
        keep = lad.order.size if plan.space.n_outcomes <= ENUMERATED else _acceptable(plan)
        digits = rung_digits(lad, plan.space, 0, keep)
        pairs = np.column_stack((lad.utils[:keep], estimate.of_digits(digits)))
        front = pareto_indices(pairs)
        points, digits = pairs[front], digits[front]
    else:
        points, digits = linear_frontier(utility.contributions(), estimate.contributions())
    k = nash_index(points, (limit(plan), plan.their_batna))
    nash = None if k is None else (float(points[k, 0]), float(points[k, 1]))
    return Frontier(points, digits, nash)


def _acceptable(plan: Plan) -> int:
    """How many outcomes we could accept (at most `MAX_ENUMERATED`, the best ones)."""
    lad = ladder(plan.ours.utility)
    return min(max(lad.count_at_least(plan.ours.reservation), 1), MAX_ENUMERATED)


def limit(plan: Plan) -> float:
    """The walk-away the advisor enforces: the plan's, never below the BATNA (P2)."""
    return max(plan.walk_away, plan.batna)


def as_utility(plan: Plan, estimate: TheirEstimate) -> LinearAdditiveUtility | None:
    """The estimate as a `LinearAdditiveUtility` (for ZOPA and trades); None if uninformed."""
    if not estimate.informed:
        return None
    parts = estimate.contributions()
    weights = np.array([float(c.max()) for c in parts])
    if weights.sum() <= 0:
        return None
    tables = tuple(
        c / w if w > 0 else np.zeros_like(c) for c, w in zip(parts, weights, strict=True)
    )
    return LinearAdditiveUtility(plan.space, weights, tables)
