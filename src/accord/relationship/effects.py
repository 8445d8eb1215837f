"""Effects of resentment and trust on the next negotiation (DESIGN.md, "Effects").

Pure functions of numbers, so a series runner, a strategy or a test can call
them on any state: `stay_probabilities(state, params)` (resentment, trust and the
doctrine's exits), built on `stay_probability` for one side.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from accord.relationship.params import RelationshipParams
from accord.relationship.record import NegotiationRecord, Pair
from accord.relationship.state import RelationshipState


def stay_probability(
    resentment: float,
    trust: float,
    params: RelationshipParams,
    failures: int = 0,
    cares_less: float = 0.0,
) -> float:
    """Probability a side comes back for the next negotiation, exp(-hazard), where

        hazard = kappa * R * (1 - trust_stay * T) + no_deal * failures + outside * cares_less

    Seed 003: resentment unravels relationships, trust shields it. The doctrine's
    exits (docs/design.md, "Relationships and series"): `failures` negotiations in
    a row ended without a deal (each side took its business elsewhere, seed 004);
    `cares_less` is how far this side's dependence falls short of the other's
    (P15, seed 002: the side with the better BATNA leaves more easily).

    >>> p = RelationshipParams()
    >>> stay_probability(0.0, 0.5, p)
    1.0
    >>> round(stay_probability(0.5, 0.5, p), 3)
    0.687
    >>> round(stay_probability(0.0, 0.5, p, failures=1), 3)
    0.705
    """
    if failures < 0 or cares_less < 0:
        raise ValueError(f"failures {failures} and cares_less {cares_less} must be >= 0")
    hazard = (
        params.kappa * resentment * (1.0 - params.trust_stay * trust)
        + params.no_deal * failures
        + params.outside * cares_less
    )
    return math.exp(-hazard)


def failures_in_a_row(history: Sequence[NegotiationRecord]) -> int:
    """How many negotiations, counting back from the last, ended without a deal.

    >>> r = (0.3, 0.3)
    >>> yes, no = NegotiationRecord(True, (0.6, 0.6), r), NegotiationRecord(False, r, r)
    >>> failures_in_a_row([no, yes, no, no])
    2
    """
    n = 0
    for record in reversed(history):
        if record.agreement:
            break
        n += 1
    return n


def cares_less(dependence: Pair) -> Pair:
    """How far each side's dependence falls short of the other's (P15): positive
    for the side that cares less, 0 for the other.

    >>> cares_less((0.1, 0.4))
    (0.30000000000000004, 0.0)
    """
    a, b = dependence
    return (max(0.0, b - a), max(0.0, a - b))


def stay_probabilities(state: RelationshipState, params: RelationshipParams) -> Pair:
    """Each side's probability of coming back after the negotiations of `state`:
    `stay_probability` with its resentment, the trust, the failed negotiations in
    a row and how far it cares less."""
    n = failures_in_a_row(state.history)
    gap = cares_less(state.dependence)
    a, b = (stay_probability(state.resentment[k], state.trust, params, n, gap[k]) for k in (0, 1))
    return (a, b)


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
