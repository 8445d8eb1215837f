"""Bargaining solutions on the frontier: Nash, Kalai-Smorodinsky, maximum welfare.

All three lie on the Pareto frontier, so they are searched there: pass the
frontier's utility pairs and the reservation values (the disagreement point).
Each returns a row index into `utils`, or None when no outcome is acceptable to
both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def rational_mask(utils: np.ndarray, reservations: Sequence[float]) -> np.ndarray:
    """Rows at least as good as both sides' BATNA (individually rational)."""
    r = np.asarray(reservations, dtype=float)
    return np.all(np.asarray(utils) >= r[None, :], axis=1)


def nash_index(utils: np.ndarray, reservations: Sequence[float]) -> int | None:
    """Row maximising the product of gains over the reservation values (Nash 1950).

    >>> nash_index(np.array([[0.9, 0.2], [0.6, 0.6], [0.2, 0.9]]), (0.0, 0.0))
    1
    """
    u = np.asarray(utils, dtype=float)
    ok = rational_mask(u, reservations)
    if not ok.any():
        return None
    gains = u - np.asarray(reservations, dtype=float)[None, :]
    product = np.where(ok, gains[:, 0] * gains[:, 1], -np.inf)
    return int(np.argmax(product))


def kalai_smorodinsky_index(utils: np.ndarray, reservations: Sequence[float]) -> int | None:
    """Row maximising the smaller of the two normalised gains (Kalai and Smorodinsky 1975).

    Gains are normalised by each side's ideal gain over the rational rows, so the
    point lies (as nearly as a discrete frontier allows) on the line from the
    disagreement point to the ideal point. Ties go to the larger welfare.
    """
    u = np.asarray(utils, dtype=float)
    ok = rational_mask(u, reservations)
    if not ok.any():
        return None
    r = np.asarray(reservations, dtype=float)
    gains = u - r[None, :]
    ideal = gains[ok].max(axis=0)
    scale = np.where(ideal > 0, ideal, 1.0)
    level = np.where(ok, (gains / scale[None, :]).min(axis=1), -np.inf)
    best = level.max()
    tied = np.flatnonzero(level >= best - 1e-12)
    return int(tied[np.argmax(u[tied].sum(axis=1))])


def max_welfare_index(utils: np.ndarray, reservations: Sequence[float] | None = None) -> int | None:
    """Row with the largest sum of utilities (among the rational rows, if reservations given)."""
    u = np.asarray(utils, dtype=float)
    if len(u) == 0:
        return None
    welfare = u.sum(axis=1)
    if reservations is not None:
        ok = rational_mask(u, reservations)
        if not ok.any():
            return None
        welfare = np.where(ok, welfare, -np.inf)
    return int(np.argmax(welfare))
