"""Effects of resentment and trust on the next negotiation (DESIGN.md, "Effects").

Pure functions of numbers, so a series runner, a strategy or a test can call
them on any state: `stay_probability(state.resentment[k], state.trust, params)`.
"""

from __future__ import annotations

import math

from accord.relationship.params import RelationshipParams
from accord.relationship.record import NegotiationRecord, Pair


def stay_probability(resentment: float, trust: float, params: RelationshipParams) -> float:
    """Probability a side comes back for the next negotiation (seed 003: resentment
    unravels relationships; trust shields it): exp(-kappa * R * (1 - trust_stay * T)).

    >>> p = RelationshipParams()
    >>> stay_probability(0.0, 0.5, p)
    1.0
    >>> round(stay_probability(0.5, 0.5, p), 3)
    0.687
    """
    return math.exp(-params.kappa * resentment * (1.0 - params.trust_stay * trust))


def effective_reservation(
    reservation: float, resentment: float, params: RelationshipParams
) -> float:
    """The walk-away a resentful side negotiates with: r + rho * R, at most 1.

    >>> effective_reservation(0.4, 0.5, RelationshipParams())
    0.45
    """
    return max(reservation, min(1.0, reservation + params.rho * resentment))


def service_discount(resentment: float, params: RelationshipParams) -> float:
    """Fraction of the *other* side's deal value lost to a resentful side's poorer
    service (seed 003): min(1, sigma * R)."""
    return min(1.0, params.sigma * resentment)


def realised_utilities(
    record: NegotiationRecord, resentment: Pair, params: RelationshipParams
) -> Pair:
    """What each side actually gets from a negotiation: its settled utility of the
    deal, discounted by the other side's service discount at `resentment` (the
    resentment right after the negotiation); without a deal, its BATNA. A granted
    renegotiation (P16) changes the deal's utilities for the rest of its term."""
    if not record.agreement:
        return record.reservations
    ua, ub = record.settled_utilities
    r = record.renegotiation
    if r is not None and r.granted:
        ua, ub = ua + r.term * r.delta[0], ub + r.term * r.delta[1]
    return (
        ua * (1.0 - service_discount(resentment[1], params)),
        ub * (1.0 - service_discount(resentment[0], params)),
    )
