"""Records of real negotiations: from accord's analysis and outcome metrics.

The only part of the relationship package that reads scenarios, transcripts
and analysis (which sees both sides' utilities); everything downstream works
on `NegotiationRecord`s.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np

from accord.analysis.outcome import NegotiationOutcome, OfferPoint, evaluate
from accord.analysis.points import nash_index
from accord.analysis.report import ScenarioAnalysis
from accord.model.issues import ROLES, Role, other
from accord.model.scenario import Scenario
from accord.protocol.transcript import Transcript
from accord.relationship.record import (
    ConditionTerm,
    Gift,
    NegotiationRecord,
    Pair,
    canonical_counts,
    finite_pair,
    index_of,
)


def record_of(
    analysis: ScenarioAnalysis,
    result: Transcript | NegotiationOutcome,
    *,
    reservations: Pair | None = None,
) -> NegotiationRecord:
    """The relationship's record of a finished negotiation.

    `reservations` are the true BATNAs to judge surplus and fairness against,
    when the talks ran on effective reservations raised by resentment (rho);
    by default the scenario's own.
    """
    o = result if isinstance(result, NegotiationOutcome) else evaluate(analysis, result)
    r = o.reservations if reservations is None else finite_pair(reservations, "reservations")
    scenario = analysis.scenario
    agreed = None if not o.agreement or o.outcome is None else scenario.space.digits(o.outcome)[0]
    return NegotiationRecord(
        agreement=o.agreement,
        utilities=o.utilities if o.agreement else r,
        reservations=r,
        nash=_nash(analysis.frontier, r),
        concessions=(o.concessions["A"], o.concessions["B"]),
        retracted=(_retracted(o.offers["A"], 0), _retracted(o.offers["B"], 1)),
        tactics=(
            canonical_counts(o.tactics["A"].items()),
            canonical_counts(o.tactics["B"].items()),
        ),
        gifts=() if agreed is None else _gifts(scenario, o, agreed),
        condition=None if agreed is None else _condition(scenario, o, agreed),
        ultimatum_by=_ultimatum_by(o),
        reason=o.reason,
        scenario=o.scenario,
        strategies=o.strategies,
        rounds_used=o.rounds_used,
    )


def _nash(frontier: np.ndarray, r: Pair) -> Pair | None:
    f = np.asarray(frontier, dtype=float)
    k = nash_index(f, r) if len(f) else None
    return None if k is None else (float(f[k, 0]), float(f[k, 1]))


def _retracted(offers: tuple[OfferPoint, ...], k: int) -> float:
    """Largest rise of a side's own utility above the lowest of its earlier offers."""
    worst, most = math.inf, 0.0
    for p in offers:
        most = max(most, p.utilities[k] - worst)
        worst = min(worst, p.utilities[k])
    return float(most)


def _utilities(scenario: Scenario, digits: np.ndarray) -> Pair:
    d = np.asarray(digits, dtype=np.int64)[None, :]
    ua, ub = (p.preferences.utility.of_digits(d)[0] for p in scenario.parties)
    return (float(ua), float(ub))


def _gifts(scenario: Scenario, o: NegotiationOutcome, agreed: np.ndarray) -> tuple[Gift, ...]:
    found: dict[str, Gift] = {}
    space = scenario.space
    for giver in ROLES:
        for before, after in pairwise(o.offers[giver]):
            if after.kind != "add_on":
                continue
            d = space.digits([before.outcome, after.outcome])
            for k in np.flatnonzero(d[0] != d[1]):
                if space.issues[k].kind != "addon" or agreed[k] != d[1][k]:
                    continue  # not an add-on, or taken out of the deal again
                without = agreed.copy()
                without[k] = d[0][k]
                receiver = other(giver)
                j = index_of(receiver)
                value = _utilities(scenario, agreed)[j] - _utilities(scenario, without)[j]
                found[space.issues[k].name] = Gift(space.issues[k].name, receiver, value)
    return tuple(found.values())


def _condition(
    scenario: Scenario, o: NegotiationOutcome, agreed: np.ndarray
) -> ConditionTerm | None:
    c = o.condition
    if c is None:
        return None
    fallback = agreed.copy()
    fallback[scenario.space.issue_index(c.issue)] = c.fallback
    return ConditionTerm(
        issue=c.issue,
        obligor=c.obligor,
        beliefs=o.beliefs if o.beliefs is not None else (1.0, 1.0),
        met=_utilities(scenario, agreed),
        fallback=_utilities(scenario, fallback),
        text=c.text,
    )


def _ultimatum_by(o: NegotiationOutcome) -> Role | None:
    """The side whose ultimatum ended the talks without a deal, if any."""
    if o.agreement or o.by is None:
        return None
    issuer = other(o.by)
    last = o.offers[issuer][-1:] if o.offers[issuer] else ()
    if o.reason == "ultimatum_refused" or (
        o.reason == "walk_away" and last and last[0].kind == "ultimatum"
    ):
        return issuer
    return None
