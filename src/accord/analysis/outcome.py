"""Outcome metrics of a finished negotiation, derived from its transcript.

`evaluate(analysis, transcript)` is a pure function of the scenario (through
its `ScenarioAnalysis`) and the transcript. Analysis may look at both sides'
utilities; strategies never do.

Definitions:

- **Utility of the result.** No agreement: each side's reservation value (its
  BATNA). An agreement: the utility of the agreed outcome. A conditional
  agreement: each side's expected utility under its *own* belief `b` (from
  `transcript.ending.beliefs`) that the condition is met,
  `b * u(o) + (1 - b) * u(o')`, where `o'` is `o` with the condition's issue
  set to the fallback value.
- **Surplus** is `u - r`. The **surplus share** of a side is its positive
  surplus over the sum of both positive surpluses (a side below its BATNA
  counts as 0), so shares lie in [0, 1] and sum to 1; None when neither side
  has a positive surplus.
- **Distance to the Pareto frontier** is the Euclidean distance in utility
  space from the result's utility pair to the nearest *vertex* of the frontier
  (the frontier is a finite set of outcomes; the segments between vertices
  are not outcomes). It is 0 for a frontier outcome. Distances to the Nash and
  Kalai-Smorodinsky points are Euclidean too, None when the point does not
  exist.
- **Rounds used** is the round of the last move, counted from 1 (a round is
  one turn each): `last_event.turn // 2 + 1`, 0 if nobody moved.
- **Offers** of a side are its offers, ultimatums and add-ons (the standing
  offer after the add-on), each with *both* sides' utilities at face value
  (any condition met). **Concession** is the sum of the drops in the side's
  own utility between consecutive offers of its own.
- **Tactics** count a side's moves other than offers and accepts: silence
  (chosen, not the engine's waiting while it consults authority),
  consult_authority, ultimatum, add_on, conditional (offers or ultimatums
  carrying a condition), walk_away and display_modest / display_triumphant.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from accord.analysis.report import NamedPoint, ScenarioAnalysis
from accord.model.issues import ROLES, Role, Value
from accord.model.scenario import Scenario
from accord.protocol.moves import (
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
    expected_utility,
    if_missed,
)
from accord.protocol.transcript import Ending, Transcript

#: Tactic counters, in display order; every side gets every key (0 if unused).
TACTICS = (
    "silence",
    "consult_authority",
    "ultimatum",
    "add_on",
    "conditional",
    "walk_away",
    "display_modest",
    "display_triumphant",
)

#: The note the engine puts on the silences it records while a side consults authority.
_CONSULTING_NOTE = "consulting authority"


@dataclass(frozen=True)
class OfferPoint:
    """One offer on the table: when, which outcome, and both sides' face-value utilities."""

    turn: int
    outcome: int
    kind: str  # "offer", "ultimatum" or "add_on"
    utilities: tuple[float, float]
    conditional: bool = False

    @property
    def round(self) -> int:
        """Counted from 1, as every table and the debrief count rounds."""
        return self.turn // 2 + 1

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "round": self.round,
            "outcome": self.outcome,
            "kind": self.kind,
            "utilities": list(self.utilities),
            "conditional": self.conditional,
        }


@dataclass(frozen=True)
class NegotiationOutcome:
    """What a negotiation achieved, for each side and jointly. Pairs are (A, B)."""

    scenario: str
    strategies: tuple[str, str]
    agreement: bool
    reason: str
    by: Role | None
    outcome: int | None
    values: dict[str, Value] | None
    condition: Condition | None
    fallback_values: dict[str, Value] | None
    beliefs: tuple[float, float] | None
    utilities: tuple[float, float]
    reservations: tuple[float, float]
    surplus: tuple[float, float]
    surplus_share: tuple[float, float] | None
    welfare: float
    distance_to_pareto: float
    distance_to_nash: float | None
    distance_to_kalai_smorodinsky: float | None
    rounds_used: int
    rounds: int
    offers: dict[Role, tuple[OfferPoint, ...]]
    concessions: dict[Role, float]
    tactics: dict[Role, dict[str, int]]

    def to_json(self) -> dict[str, Any]:
        c = self.condition
        return {
            "scenario": self.scenario,
            "strategies": {"A": self.strategies[0], "B": self.strategies[1]},
            "agreement": self.agreement,
            "reason": self.reason,
            "by": self.by,
            "outcome": self.outcome,
            "values": self.values,
            "condition": None
            if c is None
            else {
                "issue": c.issue,
                "fallback": c.fallback,
                "obligor": c.obligor,
                "text": c.text,
                "fallback_values": self.fallback_values,
            },
            "beliefs": None if self.beliefs is None else list(self.beliefs),
            "utilities": list(self.utilities),
            "reservations": list(self.reservations),
            "surplus": list(self.surplus),
            "surplus_share": None if self.surplus_share is None else list(self.surplus_share),
            "welfare": self.welfare,
            "distance_to_pareto": self.distance_to_pareto,
            "distance_to_nash": self.distance_to_nash,
            "distance_to_kalai_smorodinsky": self.distance_to_kalai_smorodinsky,
            "rounds_used": self.rounds_used,
            "rounds": self.rounds,
            "offers": {r: [p.to_json() for p in self.offers[r]] for r in ROLES},
            "concessions": dict(self.concessions),
            "tactics": {r: dict(self.tactics[r]) for r in ROLES},
        }


def agreed_utilities(scenario: Scenario, ending: Ending) -> tuple[float, float]:
    """What an agreement is worth to A and B: the face value, or for a conditional one
    each side's expectation under its own belief (face value when none is recorded).
    Every figure of a deal (the outcome metrics, the debrief, the coach) is this one."""
    assert ending.agreement is not None
    beliefs = ending.beliefs if ending.beliefs is not None else (1.0, 1.0)
    return (
        expected_utility(
            scenario.a.preferences.utility,
            scenario.space,
            ending.agreement,
            ending.condition,
            beliefs[0],
        ),
        expected_utility(
            scenario.b.preferences.utility,
            scenario.space,
            ending.agreement,
            ending.condition,
            beliefs[1],
        ),
    )


def evaluate(analysis: ScenarioAnalysis, transcript: Transcript) -> NegotiationOutcome:
    """The outcome metrics of a finished negotiation (see the module docstring)."""
    ending = transcript.ending
    if ending is None:
        raise ValueError("the negotiation has not ended: no outcome to evaluate")
    scenario = analysis.scenario
    r = (float(scenario.reservations[0]), float(scenario.reservations[1]))
    agreed = ending.reason == "agreement" and ending.agreement is not None

    values = fallback_values = None
    beliefs = ending.beliefs
    if agreed:
        assert ending.agreement is not None
        values = scenario.space.outcome(ending.agreement)
        u = agreed_utilities(scenario, ending)
        if ending.condition is not None:
            missed = if_missed(scenario.space, ending.agreement, ending.condition)
            fallback_values = scenario.space.outcome(missed)
    else:
        u = r
    ua, ub = float(u[0]), float(u[1])
    surplus = (ua - r[0], ub - r[1])
    positive = (max(surplus[0], 0.0), max(surplus[1], 0.0))
    total = positive[0] + positive[1]
    share = (positive[0] / total, positive[1] / total) if total > 0 else None

    offers = _offers(scenario, transcript)
    return NegotiationOutcome(
        scenario=scenario.name,
        strategies=transcript.strategies,
        agreement=agreed,
        reason=ending.reason,
        by=ending.by,
        outcome=ending.agreement if agreed else None,
        values=values,
        condition=ending.condition if agreed else None,
        fallback_values=fallback_values,
        beliefs=beliefs if agreed and ending.condition is not None else None,
        utilities=(ua, ub),
        reservations=(r[0], r[1]),
        surplus=surplus,
        surplus_share=share,
        welfare=ua + ub,
        distance_to_pareto=distance_to_frontier(analysis.frontier, (ua, ub)),
        distance_to_nash=_distance(analysis.nash, (ua, ub)),
        distance_to_kalai_smorodinsky=_distance(analysis.kalai_smorodinsky, (ua, ub)),
        rounds_used=transcript.events[-1].turn // 2 + 1 if transcript.events else 0,
        rounds=transcript.rounds,
        offers=offers,
        concessions={role: concession(offers[role], role) for role in ROLES},
        tactics=_tactics(transcript),
    )


def distance_to_frontier(frontier: np.ndarray, point: tuple[float, float]) -> float:
    """Euclidean distance from `point` to the nearest frontier vertex (0 on the frontier).

    >>> distance_to_frontier(np.array([[0.0, 1.0], [1.0, 0.0]]), (0.0, 0.0))
    1.0
    """
    f = np.asarray(frontier, dtype=float)
    if len(f) == 0:
        return float("nan")
    return float(np.min(np.hypot(f[:, 0] - point[0], f[:, 1] - point[1])))


def concession(offers: tuple[OfferPoint, ...], role: Role) -> float:
    """Sum of the drops in `role`'s own utility between its consecutive offers."""
    k = ROLES.index(role)
    own = [p.utilities[k] for p in offers]
    return float(sum(max(prev - cur, 0.0) for prev, cur in pairwise(own)))


def _distance(point: NamedPoint | None, u: tuple[float, float]) -> float | None:
    if point is None:
        return None
    return float(np.hypot(point.utilities[0] - u[0], point.utilities[1] - u[1]))


def _offers(scenario: Scenario, transcript: Transcript) -> dict[Role, tuple[OfferPoint, ...]]:
    ua, ub = scenario.a.preferences.utility.at, scenario.b.preferences.utility.at
    found: dict[Role, list[OfferPoint]] = {"A": [], "B": []}
    new = object.__new__
    for e in transcript.events:
        m, outcome = e.move, e.outcome
        if outcome is None or type(m) not in _ON_TABLE:
            continue  # an offer that refused an ultimatum never reached the table
        point = new(OfferPoint)  # frozen: fill it without the dataclass __init__ (hot path)
        point.__dict__.update(
            turn=e.turn,
            outcome=outcome,
            kind=e.kind,
            utilities=(ua(outcome), ub(outcome)),
            conditional=getattr(m, "condition", None) is not None,
        )
        found[e.actor].append(point)
    return {role: tuple(found[role]) for role in ROLES}


#: Moves that put an outcome on the table.
_ON_TABLE = frozenset((Offer, Ultimatum, AddOn))


def _tactics(transcript: Transcript) -> dict[Role, dict[str, int]]:
    counts: dict[Role, dict[str, int]] = {role: dict.fromkeys(TACTICS, 0) for role in ROLES}
    for e in transcript.events:
        m = e.move
        if type(m) is Offer and m.condition is None:
            continue  # the common case: a plain offer is no tactic
        c = counts[e.actor]
        if isinstance(m, Silence):
            if e.note != _CONSULTING_NOTE:
                c["silence"] += 1
        elif isinstance(m, ConsultAuthority):
            c["consult_authority"] += 1
        elif isinstance(m, AddOn):
            c["add_on"] += 1
        elif isinstance(m, WalkAway):
            c["walk_away"] += 1
        elif isinstance(m, Display):
            c[f"display_{m.kind}"] += 1
        if isinstance(m, Ultimatum):
            c["ultimatum"] += 1
        if isinstance(m, Offer | Ultimatum) and m.condition is not None:
            c["conditional"] += 1
    return counts
