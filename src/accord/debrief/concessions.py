"""Concessions of each side over time, offer by offer, from the outcome metrics' offers.

A side concedes when its own utility of its offer drops from its previous
offer; a rise takes some back. The running total counts drops only, as
`accord.analysis.outcome.concession` does, so it ends at the same number; a step
smaller than rounding noise shows as 0.
"""

from __future__ import annotations

from accord.analysis.outcome import NegotiationOutcome
from accord.debrief.model import Step
from accord.debrief.talks import EPS
from accord.model.issues import ROLES


def steps(outcome: NegotiationOutcome) -> tuple[Step, ...]:
    """Every offer of both sides (offers, ultimatums, add-ons), in turn order."""
    found: list[Step] = []
    for k, role in enumerate(ROLES):
        total, before = 0.0, None
        for p in outcome.offers[role]:
            own, other = p.utilities[k], p.utilities[1 - k]
            drop = 0.0 if before is None else before - own
            total += max(drop, 0.0)  # unrounded, so that it ends at `concession`'s sum
            conceded = drop if abs(drop) > EPS else 0.0
            found.append(Step(p.turn, role, p.kind, own, other, conceded, total))
            before = own
    return tuple(sorted(found, key=lambda s: s.turn))
