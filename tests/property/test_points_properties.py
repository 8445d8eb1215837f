"""Bargaining points (Nash, Kalai-Smorodinsky, max welfare) against brute force.

The solutions are computed on the frontier only, as accord does; the twins
search the whole enumerated space with plain loops.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.property.strategies import grid_values, two_utilities, utility_pairs

from accord.analysis.pareto import linear_frontier, pareto_indices
from accord.analysis.points import (
    kalai_smorodinsky_index,
    max_welfare_index,
    nash_index,
    rational_mask,
)
from accord.model.issues import Issue
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility

TOL = 1e-12
Pair = tuple[float, float]
Case = tuple[OutcomeSpace, LinearAdditiveUtility, LinearAdditiveUtility]


# -- brute-force twins ------------------------------------------------------------


def brute_utility(utility: LinearAdditiveUtility, digits: tuple[int, ...]) -> float:
    total = 0.0
    for k, d in enumerate(digits):
        total += float(utility.weights[k]) * float(utility.tables[k][d])
    return total


def brute_pairs(space: OutcomeSpace, ua: LinearAdditiveUtility, ub: LinearAdditiveUtility):
    outcomes = itertools.product(*[range(issue.n) for issue in space.issues])
    return [(brute_utility(ua, d), brute_utility(ub, d)) for d in outcomes]


def dominates(p: Pair, q: Pair) -> bool:
    return p[0] >= q[0] and p[1] >= q[1] and (p[0] > q[0] or p[1] > q[1])


def is_rational(p: Pair, r: Pair) -> bool:
    return p[0] >= r[0] and p[1] >= r[1]


def nash_product(p: Pair, r: Pair) -> float:
    return (p[0] - r[0]) * (p[1] - r[1])


def ks_level(p: Pair, r: Pair, ideal: Pair) -> float:
    """Smaller of the two gains, each divided by that side's ideal gain (1 if zero)."""
    levels = []
    for k in range(2):
        scale = ideal[k] if ideal[k] > 0 else 1.0
        levels.append((p[k] - r[k]) / scale)
    return min(levels)


def rows(u: np.ndarray) -> list[Pair]:
    return [(float(a), float(b)) for a, b in u.tolist()]


# -- inputs -----------------------------------------------------------------------------

reservations = st.tuples(grid_values(), grid_values())


def _pinned_case() -> Case:
    space = OutcomeSpace((Issue.integer("p", 0, 4), Issue.categorical("c", ["x", "y", "z"])))
    ua = LinearAdditiveUtility(
        space,
        np.array([1.0, 1.0]),
        (np.array([0.0, 0.25, 0.5, 0.75, 1.0]), np.array([1.0, 0.5, 0.5])),
    )
    ub = LinearAdditiveUtility(
        space,
        np.array([1.0, 1.0]),
        (np.array([1.0, 0.75, 0.5, 0.25, 0.0]), np.array([0.5, 1.0, 1.0])),
    )
    return space, ua, ub


def frontiers(case: Case) -> list[list[Pair]]:
    """The frontier two ways: per-issue merge and pareto_indices on the whole space."""
    space, ua, ub = case
    merged, _ = linear_frontier(ua.contributions(), ub.contributions())
    everything = np.array(brute_pairs(space, ua, ub))
    return [rows(merged), rows(everything[pareto_indices(everything)])]


SPACE_CASES = two_utilities(max_issues=4, max_values=4)
FAST = settings(deadline=None, max_examples=100)


# -- Nash ----------------------------------------------------------------------------------


@FAST
@given(SPACE_CASES, reservations)
@example(_pinned_case(), (0.5, 0.5))
@example(_pinned_case(), (0.75, 0.75))
@example(_pinned_case(), (1.0, 1.0))
@example(_pinned_case(), (0.0, 0.0))
def test_nash_on_frontier_maximises_product_over_whole_zopa(case: Case, r: Pair) -> None:
    space, ua, ub = case
    everything = brute_pairs(space, ua, ub)
    zopa = [p for p in everything if is_rational(p, r)]
    for front in frontiers(case):
        k = nash_index(np.array(front).reshape(-1, 2), r)
        if not zopa:
            assert k is None
            continue
        assert k is not None
        best = max(nash_product(p, r) for p in zopa)
        assert is_rational(front[k], r)
        assert abs(nash_product(front[k], r) - best) <= TOL, (front[k], best)


@FAST
@given(utility_pairs(), reservations)
@example(np.array([[0.5, 0.5], [0.5, 0.5], [0.25, 0.75]]), (0.25, 0.5))
@example(np.empty((0, 2)), (0.0, 0.0))
def test_nash_on_any_rows_is_the_best_rational_row(u: np.ndarray, r: Pair) -> None:
    pairs = rows(u)
    zopa = [p for p in pairs if is_rational(p, r)]
    k = nash_index(u, r)
    assert (k is None) == (not zopa)
    if k is not None:
        assert is_rational(pairs[k], r)
        assert nash_product(pairs[k], r) >= max(nash_product(p, r) for p in zopa) - TOL


# -- Kalai-Smorodinsky ---------------------------------------------------------------------


@FAST
@given(SPACE_CASES, reservations)
@example(_pinned_case(), (0.5, 0.5))
@example(_pinned_case(), (0.0, 0.75))
@example(_pinned_case(), (1.0, 1.0))
def test_kalai_smorodinsky_on_frontier(case: Case, r: Pair) -> None:
    space, ua, ub = case
    everything = brute_pairs(space, ua, ub)
    zopa = [p for p in everything if is_rational(p, r)]
    # ideal gains over the whole ZOPA: equal to those over the rational frontier points
    ideal = (max(p[0] for p in zopa) - r[0], max(p[1] for p in zopa) - r[1]) if zopa else (0.0, 0.0)
    for front in frontiers(case):
        k = kalai_smorodinsky_index(np.array(front).reshape(-1, 2), r)
        if not zopa:
            assert k is None
            continue
        assert k is not None
        chosen = front[k]
        # on the frontier of the whole space, and rational
        assert not any(dominates(q, chosen) for q in everything), chosen
        assert is_rational(chosen, r)
        # its smaller normalised gain is the best among rational frontier points
        rational_front = [p for p in front if is_rational(p, r)]
        best = max(ks_level(p, r, ideal) for p in rational_front)
        assert ks_level(chosen, r, ideal) >= best - TOL, (chosen, best)
        # documented tie-break: the largest welfare among the (near-)tied points
        tied = [p for p in rational_front if ks_level(p, r, ideal) >= best - TOL]
        assert chosen[0] + chosen[1] >= max(p[0] + p[1] for p in tied) - TOL


@FAST
@given(utility_pairs(), reservations)
@example(np.array([[1.0, 0.0], [0.6, 0.6], [0.5, 0.75], [0.3, 0.9], [0.0, 1.0]]), (0.25, 0.25))
@example(np.array([[0.5, 0.5], [0.5, 0.75], [0.25, 1.0]]), (0.0, 0.0))
@example(np.empty((0, 2)), (0.0, 0.0))
def test_kalai_smorodinsky_on_any_rows(u: np.ndarray, r: Pair) -> None:
    pairs = rows(u)
    zopa = [p for p in pairs if is_rational(p, r)]
    k = kalai_smorodinsky_index(u, r)
    assert (k is None) == (not zopa)
    if k is None:
        return
    chosen = pairs[k]
    assert is_rational(chosen, r)
    # ideal gains over the rational rows only
    ideal = (max(p[0] for p in zopa) - r[0], max(p[1] for p in zopa) - r[1])
    best = max(ks_level(p, r, ideal) for p in zopa)
    assert ks_level(chosen, r, ideal) >= best - TOL, (chosen, best)
    tied = [p for p in zopa if ks_level(p, r, ideal) >= best - TOL]
    assert chosen[0] + chosen[1] >= max(p[0] + p[1] for p in tied) - TOL


# -- max welfare -----------------------------------------------------------------------------


@FAST
@given(SPACE_CASES)
@example(_pinned_case())
def test_max_welfare_on_frontier_is_max_over_all_outcomes(case: Case) -> None:
    space, ua, ub = case
    everything = brute_pairs(space, ua, ub)
    best = max(p[0] + p[1] for p in everything)
    for front in frontiers(case):
        k = max_welfare_index(np.array(front).reshape(-1, 2))
        assert k is not None
        assert abs(front[k][0] + front[k][1] - best) <= TOL


@FAST
@given(utility_pairs(), st.one_of(st.none(), reservations))
@example(np.empty((0, 2)), None)
@example(np.array([[0.5, 0.5], [0.25, 0.75], [1.0, 0.0]]), None)
def test_max_welfare_on_any_rows(u: np.ndarray, r: Pair | None) -> None:
    pairs = rows(u)
    allowed = [p for p in pairs if r is None or is_rational(p, r)]
    k = max_welfare_index(u, r)
    assert (k is None) == (not allowed)
    if k is not None:
        assert r is None or is_rational(pairs[k], r)
        assert pairs[k][0] + pairs[k][1] == max(p[0] + p[1] for p in allowed)


@FAST
@given(utility_pairs(), reservations)
def test_rational_mask_matches_loop(u: np.ndarray, r: Pair) -> None:
    assert rational_mask(u, r).tolist() == [is_rational(p, r) for p in rows(u)]
