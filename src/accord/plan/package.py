"""The package at a utility: the concrete terms a number of ours stands for.

A target of 0.643 means nothing to a salesperson; "$102/seat, 1,200 seats,
3 years" does. The package at a level is the outcome on our estimated frontier
at (or just above) that utility for us, the best for them by our estimate: on a
Pareto frontier sorted by our utility theirs falls as ours rises, so the first
frontier point at the level is the best for them among every outcome at least
that good for us. Before we know anything about them there is no "best for
them": the package is then the outcome closest above the level on our ladder.

One lookup per level (a binary search on the frontier or the ladder), so every
number a screen shows can carry its terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from accord.analysis.pareto import linear_frontier
from accord.model.issues import Value
from accord.model.space import OutcomeSpace
from accord.model.units import show_terms
from accord.plan.core import Plan
from accord.plan.estimate import Frontier, TheirEstimate, estimated_frontier
from accord.preferences.ladder import Ladder, ladder
from accord.preferences.utility import LinearAdditiveUtility

#: Float noise tolerated when a level is an outcome's own utility.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Package:
    """The terms a utility level stands for: `ours` is the package's own utility (at
    least `level` unless nothing is), `theirs` their utility by our estimate (None
    while we know nothing of them)."""

    level: float
    outcome: int
    ours: float
    theirs: float | None
    values: dict[str, Value]

    def shown(self, plan: Plan) -> str:
        """'rebate=1.5%, stock=2x, payment_days=45 days, ...'."""
        return show_terms(plan.space.issues, self.values)

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "terms": self.values,
            "our_utility": self.ours,
            "their_utility_estimated": self.theirs,
        }


def package_at(
    plan: Plan, level: float, frontier: Frontier | None = None, held: bool = False
) -> Package:
    """The package at `level` for us: on `frontier` (our utility against our estimate of
    theirs, e.g. `prior_frontier(plan)`, the advisor's live one, or `held_frontier`), the
    first point at or above `level`, the best for them there; without one, the outcome
    of our ladder closest above `level`, without the add-ons kept for the close if
    `held`. A level above our best gives our best outcome."""
    if frontier is None or len(frontier.points) == 0:
        lad = _held_ladder(plan) if held and plan.keep_for_close else ladder(plan.ours.utility)
        outcome = lad.closest_at_least(level)
        ours = float(plan.ours.utility.at(outcome))
        return Package(level, outcome, ours, None, plan.space.outcome(outcome))
    return frontier_package(plan.space, frontier.points, frontier.digits, level)


def frontier_package(
    space: OutcomeSpace, points: np.ndarray, digits: np.ndarray, level: float
) -> Package:
    """The package at `level` on a frontier given as `points` (ours, theirs), sorted by
    ours rising, with each point's `digits`: the first point at or above `level`, the
    last (our best) if none is. Any frontier: our estimate's, or the true one in a
    debrief, where hindsight knows their utility."""
    k = int(np.searchsorted(points[:, 0], level - TOLERANCE, side="left"))
    k = min(k, len(points) - 1)
    outcome = 0
    for issue, d in zip(space.issues, digits[k].tolist(), strict=True):
        outcome = outcome * issue.n + int(d)  # a Python int: any space, however large
    return Package(level, outcome, float(points[k, 0]), float(points[k, 1]), space.named(digits[k]))


def seat_package(
    space: OutcomeSpace, frontier: np.ndarray, digits: np.ndarray, k: int, level: float
) -> Package:
    """`frontier_package` on a frontier of (A, B) pairs sorted by A's utility rising (as
    `accord.analysis` gives it), from the seat of side `k` (0 for A, 1 for B): the debrief's
    packages with hindsight, where their true utility is known."""
    points = frontier[:, [k, 1 - k]]
    if k == 1:  # the frontier rises in A's utility: ours must rise
        points, digits = points[::-1], digits[::-1]
    return frontier_package(space, points, digits, level)


def held_frontier(plan: Plan, estimate: TheirEstimate) -> Frontier | None:
    """Our frontier against `estimate` with the add-ons kept for the close not granted
    (P11): the packages we offer before the late phase, as the advisor's counters keep
    them out. The whole frontier when the plan keeps none for the close or our utility
    is not linear additive; None while we know nothing of them."""
    if not estimate.informed:
        return None
    ours = plan.ours.utility
    if not plan.keep_for_close or not isinstance(ours, LinearAdditiveUtility):
        return estimated_frontier(plan, estimate)
    kept = {plan.space.issue_index(n) for n in plan.keep_for_close}

    def without(parts: list[np.ndarray] | tuple[np.ndarray, ...]) -> list[np.ndarray]:
        return [c[:1] if k in kept else c for k, c in enumerate(parts)]  # value 0: not granted

    points, digits = linear_frontier(
        without(ours.contributions()), without(estimate.contributions())
    )
    return Frontier(points, digits, None)


@lru_cache(maxsize=8)
def _held_ladder(plan: Plan) -> Ladder:
    """Our ladder without the outcomes that grant an add-on kept for the close."""
    lad = ladder(plan.ours.utility)
    digits = plan.space.digits(lad.order)
    kept = [plan.space.issue_index(n) for n in plan.keep_for_close]
    plain = (digits[:, kept] == 0).all(axis=1)
    return Ladder(lad.order[plain], lad.utils[plain])


@lru_cache(maxsize=16)
def prior_frontier(plan: Plan) -> Frontier | None:
    """Our frontier by the plan's estimate of them before the table (None if it has none).
    Cached per plan: every number of a plan's screen reads the same one."""
    estimate = TheirEstimate(plan)
    return estimated_frontier(plan, estimate) if estimate.informed else None
