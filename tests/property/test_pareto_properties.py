"""Pareto frontier properties, each checked against a plain-loop brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.property.strategies import two_utilities, utility_pairs

from accord.analysis import pareto
from accord.analysis.pareto import linear_frontier, pareto_indices
from accord.model.issues import Issue
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility

TOL = 1e-12

# -- brute-force twins ---------------------------------------------------------


def dominates(p: tuple[float, float], q: tuple[float, float]) -> bool:
    """p is at least as good as q for both and strictly better for one."""
    return p[0] >= q[0] and p[1] >= q[1] and (p[0] > q[0] or p[1] > q[1])


def brute_frontier(pairs: list[tuple[float, float]]) -> set[tuple[float, float]]:
    """Distinct pairs that no pair dominates: two nested loops."""
    distinct = set(pairs)
    return {p for p in distinct if not any(dominates(q, p) for q in distinct)}


def rows(u: np.ndarray) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in u.tolist()]


def brute_utility(utility: LinearAdditiveUtility, digits: tuple[int, ...]) -> float:
    """sum_k w_k * v_k(d_k), issue by issue, in plain Python floats."""
    total = 0.0
    for k, d in enumerate(digits):
        total += float(utility.weights[k]) * float(utility.tables[k][d])
    return total


def brute_outcomes(space: OutcomeSpace) -> list[tuple[int, ...]]:
    return list(itertools.product(*[range(issue.n) for issue in space.issues]))


def assert_same_points(got: list[tuple[float, float]], want: list[tuple[float, float]]) -> None:
    """Same sets of pairs up to TOL (both directions, and no extra points)."""
    assert len(got) == len(want), (sorted(got), sorted(want))
    for p in got:
        assert any(abs(p[0] - q[0]) <= TOL and abs(p[1] - q[1]) <= TOL for q in want), p
    for q in want:
        assert any(abs(p[0] - q[0]) <= TOL and abs(p[1] - q[1]) <= TOL for p in got), q


# -- pinned tie-heavy cases -------------------------------------------------------

ALL_EQUAL = np.full((7, 2), 0.5)
TIES = np.array(
    [
        [0.5, 0.5],
        [0.5, 0.5],
        [0.25, 0.5],
        [0.5, 0.25],
        [0.0, 1.0],
        [1.0, 0.0],
        [1.0, 0.0],
        [0.0, 1.0],
        [0.5, 0.5],
        [0.75, 0.0],
        [1.0, 0.0],
        [0.0, 0.875],
    ]
)
SAME_A = np.array([[0.5, 0.125], [0.5, 0.75], [0.5, 0.75], [0.5, 0.0]])
SAME_B = np.array([[0.125, 0.5], [0.75, 0.5], [0.0, 0.5], [0.75, 0.5]])
EMPTY = np.empty((0, 2))

FAST = settings(deadline=None, max_examples=100)


# -- pareto_indices -----------------------------------------------------------------


@FAST
@given(utility_pairs())
@example(TIES)
@example(ALL_EQUAL)
@example(SAME_A)
@example(SAME_B)
def test_frontier_points_are_non_dominated(u: np.ndarray) -> None:
    idx = pareto_indices(u)
    pairs = rows(u)
    for i in idx.tolist():
        for q in pairs:
            assert not dominates(q, pairs[i]), (pairs[i], q)


@FAST
@given(utility_pairs())
@example(TIES)
@example(SAME_A)
@example(SAME_B)
def test_every_row_is_weakly_dominated_by_a_frontier_point(u: np.ndarray) -> None:
    idx = pareto_indices(u)
    pairs = rows(u)
    front = [pairs[i] for i in idx.tolist()]
    for r in pairs:
        assert any(f[0] >= r[0] and f[1] >= r[1] for f in front), r


@FAST
@given(utility_pairs())
@example(TIES)
@example(ALL_EQUAL)
@example(SAME_A)
@example(SAME_B)
@example(EMPTY)
def test_one_row_per_distinct_non_dominated_pair_sorted(u: np.ndarray) -> None:
    idx = pareto_indices(u)
    pairs = rows(u)
    got = idx.tolist()
    assert all(isinstance(i, int) and 0 <= i < len(pairs) for i in got)
    front = [pairs[i] for i in got]
    # exactly the brute-force frontier, each pair once
    assert len(front) == len(set(front))
    assert set(front) == brute_frontier(pairs)
    # sorted by u_A ascending, u_B then strictly descending
    for p, q in itertools.pairwise(front):
        assert p[0] < q[0] and p[1] > q[1], (p, q)
    # the row kept for a pair is the lowest index holding that pair (documented)
    for i in got:
        first = next(j for j, r in enumerate(pairs) if r == pairs[i])
        assert i == first, (i, first, pairs[i])


@FAST
@given(utility_pairs())
@example(TIES)
@example(ALL_EQUAL)
@example(SAME_A)
@example(SAME_B)
def test_anchor_prefilter_agrees_with_plain_path(u: np.ndarray) -> None:
    plain = pareto_indices(u)  # small arrays take the plain path by default
    assert len(u) < pareto.PREFILTER_MIN
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pareto, "PREFILTER_MIN", 0)
        filtered = pareto_indices(u)
    assert filtered.tolist() == plain.tolist()


@settings(deadline=None, max_examples=15)
@given(utility_pairs(min_n=1, max_n=60))
@example(TIES)
def test_large_arrays_take_the_prefilter_and_match_brute_force(small: np.ndarray) -> None:
    # tiling keeps the set of pairs; the lowest index of each pair is in the first copy
    copies = -(-pareto.PREFILTER_MIN // len(small))
    big = np.tile(small, (copies, 1))
    assert len(big) >= pareto.PREFILTER_MIN
    pairs = rows(small)
    want = sorted(brute_frontier(pairs))
    want_idx = [next(j for j, r in enumerate(pairs) if r == p) for p in want]
    assert pareto_indices(big).tolist() == want_idx


def test_pareto_rejects_wrong_shape() -> None:
    with pytest.raises(ValueError):
        pareto_indices(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        pareto_indices(np.zeros(4))


# -- linear_frontier ------------------------------------------------------------------


def _pinned_space_case() -> tuple[OutcomeSpace, LinearAdditiveUtility, LinearAdditiveUtility]:
    """Tie-heavy: equal scores within issues, mirrored tables, a zero weight."""
    space = OutcomeSpace(
        (
            Issue.integer("p", 0, 3),
            Issue.categorical("c", ["x", "y", "z"]),
            Issue.addon("g", "A"),
        )
    )
    ua = LinearAdditiveUtility(
        space,
        np.array([1.0, 1.0, 0.0]),
        (np.array([0.0, 0.5, 0.5, 1.0]), np.array([1.0, 1.0, 0.25]), np.array([1.0, 0.0])),
    )
    ub = LinearAdditiveUtility(
        space,
        np.array([1.0, 1.0, 2.0]),
        (np.array([1.0, 0.5, 0.5, 0.0]), np.array([0.25, 1.0, 1.0]), np.array([0.0, 1.0])),
    )
    return space, ua, ub


@settings(deadline=None, max_examples=120)
@given(two_utilities(max_issues=4, max_values=4))
@example(_pinned_space_case())
def test_linear_frontier_matches_brute_force(
    case: tuple[OutcomeSpace, LinearAdditiveUtility, LinearAdditiveUtility],
) -> None:
    space, ua, ub = case
    points, digits = linear_frontier(ua.contributions(), ub.contributions())
    assert points.shape == (len(digits), 2)
    assert digits.shape == (len(points), len(space.issues))

    outcomes = brute_outcomes(space)
    all_pairs = [(brute_utility(ua, d), brute_utility(ub, d)) for d in outcomes]
    want = brute_frontier(all_pairs)
    got = rows(points)
    assert_same_points(got, sorted(want))

    # sorted by u_A ascending
    for p, q in itertools.pairwise(got):
        assert p[0] < q[0], (p, q)

    # each digits row is a real outcome that reproduces its pair
    for pair, d in zip(got, digits.tolist(), strict=True):
        assert all(0 <= x < issue.n for x, issue in zip(d, space.issues, strict=True))
        assert abs(brute_utility(ua, tuple(d)) - pair[0]) <= TOL
        assert abs(brute_utility(ub, tuple(d)) - pair[1]) <= TOL
        assert abs(float(ua.of_digits(np.array(d))[0]) - pair[0]) <= TOL
        assert abs(float(ub.of_digits(np.array(d))[0]) - pair[1]) <= TOL


@settings(deadline=None, max_examples=50)
@given(st.data())
def test_linear_frontier_identical_parties_is_single_point(data: st.DataObject) -> None:
    # when both sides have the same utility, the frontier is the single best outcome
    space, ua, _ = data.draw(two_utilities(max_issues=4, max_values=5))
    points, digits = linear_frontier(ua.contributions(), ua.contributions())
    best = 0.0
    for d in brute_outcomes(space):
        best = max(best, brute_utility(ua, d))
    assert len(points) == 1
    assert abs(points[0, 0] - best) <= TOL and abs(points[0, 1] - best) <= TOL
    assert abs(brute_utility(ua, tuple(digits[0].tolist())) - best) <= TOL
