"""Pareto efficiency of a result: the better deal that was available, and what was left.

Pure numpy over the frontier's utility pairs (`ScenarioAnalysis.frontier`),
so the numbers can be checked against the analysis functions directly. Whether
the better deal was within reach of this counterpart, or only on paper, is
`reachability`: the one rule, read from their offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from accord.analysis.outcome import NegotiationOutcome, OfferPoint, distance_to_frontier
from accord.analysis.report import ScenarioAnalysis
from accord.debrief.model import Deal, Efficiency, Pair
from accord.model.issues import ROLES, Role, other

#: Gains below this are rounding, not value: a point must beat the result by more.
TOLERANCE = 1e-9


def dominating(frontier: np.ndarray, point: Pair) -> np.ndarray:
    """Mask of the frontier points at least as good for both sides as `point` and
    better for one.

    >>> dominating(np.array([[0.2, 0.9], [0.6, 0.6], [0.9, 0.2]]), (0.5, 0.5)).tolist()
    [False, True, False]
    """
    f = np.asarray(frontier, dtype=float).reshape(-1, 2)
    gain = f - np.asarray(point, dtype=float)[None, :]
    return np.all(gain >= -TOLERANCE, axis=1) & np.any(gain > TOLERANCE, axis=1)


def better_deal_index(frontier: np.ndarray, point: Pair) -> int | None:
    """Row of the frontier point nearest to `point` among those that dominate it
    (None when `point` is Pareto efficient). Ties go to the lower row.

    >>> better_deal_index(np.array([[0.2, 0.9], [0.55, 0.7], [0.7, 0.5]]), (0.5, 0.5))
    2
    """
    f = np.asarray(frontier, dtype=float).reshape(-1, 2)
    mask = dominating(f, point)
    if not mask.any():
        return None
    rows = np.flatnonzero(mask)
    d = np.hypot(f[rows, 0] - point[0], f[rows, 1] - point[1])
    return int(rows[np.argmin(d)])


def left_on_table(better: Pair | None, point: Pair) -> Pair:
    """What each side would have gained at `better` (0 for both without one)."""
    if better is None:
        return (0.0, 0.0)
    return (max(better[0] - point[0], 0.0), max(better[1] - point[1], 0.0))


def reachability(
    kind: Literal["dominating", "nash"], better: float, theirs: Sequence[OfferPoint], side: Role
) -> tuple[bool, str]:
    """Whether the counterpart's behaviour made the better deal reachable for `side`
    (worth `better` to it), and why, from their offers (`theirs`, in turn order).

    A dominating deal after an agreement is no worse for them than the deal they
    agreed to, so proposing it could have reached it. Without an agreement the
    better deal is the Nash point, reachable when they offered us as much, or
    moved at all: an offer better for us than their opening, or any concession
    of their own utility. A counterpart that never moved (a hardliner) made it
    available only on paper.

    >>> reachability("nash", 0.5, (), "A")
    (False, 'only the numbers made it available: they made no offer')
    """
    if kind == "dominating":
        return True, "within reach: no worse for them than the deal they agreed to"
    if not theirs:
        return False, "only the numbers made it available: they made no offer"
    k = ROLES.index(side)
    ours = [p.utilities[k] for p in theirs]
    own = [p.utilities[1 - k] for p in theirs]
    best = max(range(len(ours)), key=ours.__getitem__)
    first, most = ours[0], ours[best]
    if most >= better - TOLERANCE:
        at = f"round {theirs[best].turn // 2 + 1}"
        return True, f"within reach: they offered us as much ({most:.3f}, {at})"
    if most > first + TOLERANCE:
        return True, f"within reach: their offers rose from {first:.3f} to {most:.3f} for us"
    conceded = own[0] - min(own)
    if conceded > TOLERANCE:
        return True, f"within reach: they conceded {conceded:.3f} of their own utility"
    return False, (
        "only the numbers made it available: they never moved from their opening "
        f"(worth {first:.3f} to us)"
    )


def efficiency(analysis: ScenarioAnalysis, outcome: NegotiationOutcome, side: Role) -> Efficiency:
    """The result against the frontier, from `side`'s seat (see `Efficiency`)."""
    point, face = _point(analysis, outcome)
    f = analysis.frontier
    better: Deal | None = None
    kind: Literal["dominating", "nash"] | None = None
    if outcome.agreement:
        k = better_deal_index(f, point)
        if k is not None:
            terms = analysis.scenario.space.named(analysis.frontier_digits[k])
            better, kind = Deal((float(f[k, 0]), float(f[k, 1])), terms), "dominating"
    elif analysis.nash is not None and dominating(np.array([analysis.nash.utilities]), point)[0]:
        better, kind = Deal(analysis.nash.utilities, analysis.nash.outcome), "nash"
    best = analysis.max_welfare
    reachable, why = None, None
    if better is not None and kind is not None:
        k = ROLES.index(side)
        reachable, why = reachability(kind, better.utilities[k], outcome.offers[other(side)], side)
    return Efficiency(
        point=point,
        distance_to_frontier=distance_to_frontier(f, point),
        better=better,
        kind=kind,
        left_on_table=left_on_table(None if better is None else better.utilities, point),
        welfare=point[0] + point[1],
        max_welfare=None if best is None else best.utilities[0] + best.utilities[1],
        face_value=face,
        reachable=reachable,
        why=why,
    )


def _point(analysis: ScenarioAnalysis, outcome: NegotiationOutcome) -> tuple[Pair, bool]:
    """The result's utility pair; a conditional deal's terms as stated (condition met)."""
    if outcome.condition is None or outcome.outcome is None:
        return outcome.utilities, False
    parties = analysis.scenario.parties
    a, b = (p.preferences.utility.at(outcome.outcome) for p in parties)
    return (float(a), float(b)), True
