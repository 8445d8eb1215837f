"""The Pareto frontier of two utilities, on enumerated arrays or per issue.

`pareto_indices` works on any (n, 2) array of utility pairs. `linear_frontier`
never enumerates the space: for linear additive utilities the frontier of a sum
is contained in the sum of the per-issue frontiers, so it merges issues one at a
time and prunes after each merge. Spaces of 10**20 outcomes are solved exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Below this size the anchor pre-filter costs more than it saves.
PREFILTER_MIN = 50_000
#: Slopes of the weighted sums whose maximisers serve as pre-filter anchors.
_ANCHOR_SLOPES = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


def pareto_indices(utils: np.ndarray) -> np.ndarray:
    """Row indices of the non-dominated utility pairs, sorted by u_A ascending.

    One row per distinct non-dominated pair (the lowest row index among equals),
    so the result is the frontier as a set of points.

    >>> pareto_indices(np.array([[0.2, 0.9], [0.5, 0.5], [0.4, 0.4], [0.9, 0.1]])).tolist()
    [0, 1, 3]
    """
    u = np.asarray(utils, dtype=float)
    if u.ndim != 2 or u.shape[1] != 2:
        raise ValueError(f"expected an (n, 2) array of utility pairs, got shape {u.shape}")
    if len(u) == 0:
        return np.empty(0, dtype=np.int64)
    candidates = _undominated_by_anchors(u) if len(u) >= PREFILTER_MIN else np.arange(len(u))
    a, b = u[candidates, 0], u[candidates, 1]
    order = np.lexsort((-b, -a))  # u_A descending, then u_B descending; stable on index
    b_sorted = b[order]
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], b_sorted[:-1])))
    keep = order[b_sorted > best_before]
    return candidates[keep[::-1]]


def _undominated_by_anchors(u: np.ndarray) -> np.ndarray:
    """Rows not strictly dominated by a few frontier points (maximisers of weighted sums)."""
    a, b = u[:, 0], u[:, 1]
    alive = np.ones(len(u), dtype=bool)
    for slope in _ANCHOR_SLOPES:
        k = int(np.argmax(a + slope * b))
        alive &= (a >= a[k]) | (b >= b[k])
    return np.flatnonzero(alive)


def linear_frontier(
    contributions_a: Sequence[np.ndarray], contributions_b: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier of two linear additive utilities without enumerating outcomes.

    Args:
        contributions_a: per issue, the utility each value adds for A (w_k * v_k).
        contributions_b: the same for B.

    Returns:
        `(utils, digits)`: the frontier's utility pairs, shape (m, 2), sorted by
        u_A ascending, and the value index per issue of one outcome for each pair,
        shape (m, n_issues).
    """
    points = np.zeros((1, 2))
    digits = np.zeros((1, 0), dtype=np.int32)
    for ca, cb in zip(contributions_a, contributions_b, strict=True):
        issue_points = np.column_stack((ca, cb))
        own = pareto_indices(issue_points)  # dominated values never help the sum
        summed = (points[:, None, :] + issue_points[None, own, :]).reshape(-1, 2)
        keep = pareto_indices(summed)
        rows, cols = np.divmod(keep, len(own))
        points = summed[keep]
        digits = np.column_stack((digits[rows], own[cols].astype(np.int32)))
    return points, digits
