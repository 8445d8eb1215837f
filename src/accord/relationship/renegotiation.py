"""Good-faith renegotiation of a standing deal when circumstances change (P16).

Seed 004: "If circumstances change later, the expectation is that both sides
will adjust in good faith, even if the contract says otherwise." In a series, a
change of circumstance arrives while the last deal is still in force. When it
raises a side's reservation above its utility of that deal (its costs rose, or
its outside option improved), the contract now holds that side below its
walk-away. It asks to renegotiate; the other side's strategy decides
(`Strategy.renegotiate`):

- granted: the deal is adjusted, for the rest of its term
  (`renegotiation_term`), to the cheapest terms for the granting side that lift
  the asker to its new walk-away: the point of the Pareto frontier with
  u_asker >= r_asker maximising u_granter (if the old deal was inefficient this
  can cost the granter nothing). Trust closes `trust_renegotiated` of its gap.
- refused: the deal stands; the asker's resentment rises by `refusal` times
  its shortfall (a loss the other side could have relieved and chose not to).

No request is made when no frontier point lifts the asker to its walk-away
without pushing the other side below its own: good faith cannot ask a side to
lose money on the deal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from accord.model.issues import ROLES, Role, other
from accord.relationship.params import RelationshipParams
from accord.relationship.record import Pair, Renegotiation, index_of, with_renegotiation
from accord.relationship.state import RelationshipState
from accord.relationship.update import dependence_of


@dataclass(frozen=True)
class RenegotiationRequest:
    """A request to adjust the standing deal, as the side asked to decide sees it.

    `deal` and `adjusted` are (own, theirs) utilities of the standing deal and of
    the adjusted one; `cost` is what granting costs this side (negative when the
    adjustment is a Pareto improvement); `shortfall` how far the deal holds the
    asker below its new walk-away.
    """

    role: Role
    asker: Role
    circumstance: str
    deal: Pair
    adjusted: Pair
    shortfall: float

    @property
    def cost(self) -> float:
        return self.deal[0] - self.adjusted[0]


def request_for(
    state: RelationshipState,
    reservations: Pair,
    frontier: np.ndarray,
    circumstance: str = "",
) -> RenegotiationRequest | None:
    """The request a change of circumstance prompts, or None.

    `reservations` are the true ones after the change, `frontier` the Pareto
    frontier's utilities (shape (n, 2), columns A, B). Only the last deal is in
    force; a side asks when it is held below its new walk-away.
    """
    if state.ended or not state.history or not state.history[-1].agreement:
        return None
    deal = state.history[-1]
    if deal.renegotiation is not None:
        return None
    u = deal.settled_utilities
    for asker in ROLES:
        i = index_of(asker)
        j = 1 - i
        shortfall = reservations[i] - u[i]
        if shortfall <= 0.0:
            continue
        ok = (frontier[:, i] >= reservations[i]) & (frontier[:, j] >= reservations[j])
        if not ok.any():
            return None
        best = int(np.flatnonzero(ok)[np.argmax(frontier[ok, j])])
        adjusted = (float(frontier[best, 0]), float(frontier[best, 1]))
        return RenegotiationRequest(
            role=other(asker),
            asker=asker,
            circumstance=circumstance,
            deal=(u[j], u[i]),
            adjusted=(adjusted[j], adjusted[i]),
            shortfall=float(shortfall),
        )
    return None


def renegotiate(
    state: RelationshipState,
    request: RenegotiationRequest,
    granted: bool,
    params: RelationshipParams,
) -> RelationshipState:
    """The relationship after the standing deal was renegotiated (or not)."""
    i, j = index_of(request.asker), index_of(request.role)
    delta = [0.0, 0.0]
    if granted:
        delta[j] = request.adjusted[0] - request.deal[0]
        delta[i] = request.adjusted[1] - request.deal[1]
    term = Renegotiation(
        asker=request.asker,
        granted=bool(granted),
        shortfall=request.shortfall,
        delta=(delta[0], delta[1]),
        term=params.renegotiation_term,
        circumstance=request.circumstance,
    )
    history = (*state.history[:-1], with_renegotiation(state.history[-1], term))
    trust, resentment = state.trust, list(state.resentment)
    if granted:
        trust = min(1.0, trust + params.trust_renegotiated * (1.0 - trust))
    else:
        resentment[i] += params.refusal * request.shortfall
    after = [s.resentment for s in state.trajectory]
    return replace(
        state,
        history=history,
        trust=trust,
        resentment=(resentment[0], resentment[1]),
        dependence=dependence_of(history, after, params),
    )
