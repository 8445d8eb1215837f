"""Long-term value and the other series metrics, as functions of the final state.

A party's long-term value over a series of `horizon` negotiations is the
discounted sum of what it realised in each negotiation held (its utility of
the deal, discounted by the other side's service discount; its BATNA without
a deal), and of its BATNA for every negotiation after a break-up:

    V_i = sum_{t < n} delta^t * realised_i(t) + sum_{n <= t < horizon} delta^t * batna_i
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.model.issues import Role
from accord.relationship.effects import realised_utilities
from accord.relationship.params import RelationshipParams
from accord.relationship.record import Pair
from accord.relationship.state import RelationshipState


@dataclass(frozen=True)
class SeriesSummary:
    """The relationship metrics of one series. Pairs are (A, B)."""

    lifetime: int
    agreements: int
    long_term_value: Pair
    mean_resentment: Pair
    mean_trust: float
    final_resentment: Pair
    final_trust: float
    left: tuple[Role, ...]


def discounts(horizon: int, discount: float) -> np.ndarray:
    """delta^t for t = 0 .. horizon - 1.

    >>> discounts(3, 0.5).tolist()
    [1.0, 0.5, 0.25]
    """
    if horizon < 0:
        raise ValueError(f"horizon {horizon} < 0")
    return float(discount) ** np.arange(horizon, dtype=float)


def discounted_value(realised: np.ndarray, batna: Pair, horizon: int, discount: float) -> Pair:
    """Discounted sum of `realised` (shape (n, 2)), then `batna` up to `horizon`.

    >>> discounted_value(np.zeros((0, 2)), (0.3, 0.4), 2, 0.5)
    (0.44999999999999996, 0.6000000000000001)
    """
    u = np.asarray(realised, dtype=float).reshape(-1, 2)
    if len(u) > horizon:
        raise ValueError(f"{len(u)} negotiations in a series of {horizon}")
    w = discounts(horizon, discount)
    total = w[: len(u)] @ u + w[len(u) :].sum() * np.asarray(batna, dtype=float)
    return (float(total[0]), float(total[1]))


def realised_series(state: RelationshipState, params: RelationshipParams) -> np.ndarray:
    """What each side realised in each negotiation held, shape (n, 2)."""
    rows = [
        realised_utilities(rec, snap.resentment, params)
        for rec, snap in zip(state.history, state.trajectory, strict=True)
    ]
    return np.asarray(rows, dtype=float).reshape(-1, 2)


def long_term_value(
    state: RelationshipState,
    params: RelationshipParams,
    horizon: int,
    batna: Pair | None = None,
) -> Pair:
    """Each side's long-term value of a finished series (ended, or `horizon` reached).

    `batna` is what each side lives on after a break-up: by default the
    reservations of the last negotiation.
    """
    n = len(state.history)
    if not state.ended and n < horizon:
        raise ValueError(f"the series is still running: {n} of {horizon} held and nobody left")
    if batna is None:
        if not state.history:
            raise ValueError("no negotiation was held: give the BATNAs to live on")
        batna = state.history[-1].reservations
    return discounted_value(realised_series(state, params), batna, horizon, params.discount)


def lifetime(state: RelationshipState) -> int:
    """Negotiations held before the break-up (or the horizon)."""
    return len(state.history)


def mean_resentment(state: RelationshipState) -> Pair:
    """Mean resentment of each side right after each negotiation (the current one if none)."""
    if not state.trajectory:
        return state.resentment
    m = np.mean([s.resentment for s in state.trajectory], axis=0)
    return (float(m[0]), float(m[1]))


def mean_trust(state: RelationshipState) -> float:
    """Mean trust right after each negotiation (the current trust if none)."""
    if not state.trajectory:
        return state.trust
    return float(np.mean([s.trust for s in state.trajectory]))


def summarise(
    state: RelationshipState,
    params: RelationshipParams,
    horizon: int,
    batna: Pair | None = None,
) -> SeriesSummary:
    """All series metrics of a finished series at once."""
    return SeriesSummary(
        lifetime=lifetime(state),
        agreements=sum(1 for r in state.history if r.agreement),
        long_term_value=long_term_value(state, params, horizon, batna),
        mean_resentment=mean_resentment(state),
        mean_trust=mean_trust(state),
        final_resentment=state.resentment,
        final_trust=state.trust,
        left=state.left,
    )
