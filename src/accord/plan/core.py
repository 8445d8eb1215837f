"""A preparation plan (P1) as the advisor reads it: a frozen value with every number resolved.

`accord.plan.schema` builds one from a YAML file; `default_plan` builds one from
what a strategy sees (its own preferences, nothing about the other side), which
is how the `advised` strategy and tests get a plan without writing a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from accord.doctrine import Stance, late_concession
from accord.model.issues import Role, other
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import Preferences

#: The moves a plan may allow or forbid; walking away and accepting are always allowed (P2).
TACTICS = ("silence", "consult_authority", "add_on", "conditional", "ultimatum")

#: The six elements of P1, with the questions each answers (also the template's prompts).
ELEMENTS: dict[str, dict[str, str]] = {
    "our_position": {"wants": "What do we want?", "why": "Why do we want it?"},
    "their_position": {
        "wants": "What do they want?",
        "pressures": "What pressures are they under?",
    },
    "analysis": {
        "gaps": "Where are we apart?",
        "trade_offs": "What could we trade?",
        "risks": "What could go wrong?",
        "priorities": "What matters most to us, in order?",
    },
    "present": {"story": "What story do we tell?", "evidence": "What evidence backs it?"},
    "bargain": {
        "sequencing": "In what order do we raise the issues?",
        "concessions": "What may we concede, and in exchange for what?",
    },
    "agreement": {
        "structure": "What goes in the agreement?",
        "safeguards": "What safeguards protect both sides?",
    },
}


@dataclass(frozen=True, eq=False)
class Prior:
    """Our estimate of their utility before the table: per issue, w_k * v_k (summing to at
    most 1), and how far to trust it against what their offers show (`confidence` in [0, 1])."""

    contributions: tuple[np.ndarray, ...]
    confidence: float = 0.5
    source: str = "plan"

    @property
    def pseudo_offers(self) -> float:
        """The prior counts as this many offers: c / (1 - c) * 4 (1.0 never yields)."""
        c = min(max(self.confidence, 0.0), 1.0)
        return np.inf if c >= 1.0 else 4.0 * c / (1.0 - c)


@dataclass(frozen=True)
class Fit:
    """P4: is this counterpart better served elsewhere? Our judgement, in words and a flag."""

    better_served_elsewhere: bool = False
    notes: str = ""


@dataclass(frozen=True, eq=False)
class Plan:
    """Everything the advisor needs: our side, our utility, the plan's numbers and texts.

    `target` and `opening` are None when the plan leaves them to be derived:
    the target from the estimated fair deal (re-estimated as their offers come
    in), the opening from our aspiration. `walk_away` is never below the BATNA.
    """

    name: str
    side: Role
    space: OutcomeSpace
    ours: Preferences
    rounds: int
    batna: float
    walk_away: float
    batna_description: str = ""
    batna_given: bool = True
    target: float | None = None
    opening: float | None = None
    their_prior: Prior | None = None
    their_batna: float = 0.0
    tactics: frozenset[str] = frozenset(TACTICS)
    keep_for_close: tuple[str, ...] = ()
    stance: Stance = field(default_factory=Stance)
    elements: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    fit: Fit = field(default_factory=Fit)
    counterpart: str = ""
    scenario: Scenario | None = None
    source: str = ""

    @property
    def other(self) -> Role:
        return other(self.side)

    @property
    def our_addons(self) -> tuple[str, ...]:
        """Add-on issues we can grant."""
        return tuple(
            i.name for i in self.space.issues if i.kind == "addon" and i.giver == self.side
        )

    @cached_property
    def best(self) -> float:
        """Our best achievable utility."""
        u = self.ours.utility
        return float(u.best) if hasattr(u, "best") else float(np.max(u.all()))

    @property
    def derived_opening(self) -> float:
        """The opening: the plan's, else our aspiration, never below the walk-away nor
        above our best (P3: open firmly)."""
        if self.opening is not None:
            return min(self.opening, self.best)
        return min(max(self.ours.aspiration, self.walk_away), self.best)


def default_plan(
    space: OutcomeSpace, ours: Preferences, side: Role, rounds: int, name: str = ""
) -> Plan:
    """The plan a strategy can make from its own view: walk-away at its BATNA, the
    target derived live, nothing known about the other side, every tactic allowed,
    and all our add-ons kept for the close (P11)."""
    plan = Plan(
        name=name or "default plan",
        side=side,
        space=space,
        ours=ours,
        rounds=rounds,
        batna=ours.reservation,
        walk_away=ours.reservation,
        batna_description=ours.batna,
    )
    return replace(plan, keep_for_close=plan.our_addons)


def concession_floor(
    t: float, goal: float, walk_away: float, stance: Stance, start: float
) -> float:
    """The least we should ask for at time `t` in [0, 1] (our own clock): the goal until the
    late phase `start` (`accord.doctrine.late_start`), then a Boulware curve (exponent
    `stance.exponent`) down to the walk-away at our last turn.

    >>> concession_floor(0.5, 0.6, 0.3, Stance(), 0.85)
    0.6
    >>> round(concession_floor(1.0, 0.6, 0.3, Stance(), 0.85), 6)
    0.3
    """
    return late_concession(t, goal, walk_away, start, stance.exponent)


@dataclass(frozen=True)
class Caution:
    """A warning: a short code, the principles it rests on, and what to do.

    `severity` is "error" (breaks a principle outright, e.g. below the walk-away),
    "warning" or "note".
    """

    code: str
    principles: tuple[str, ...]
    message: str
    severity: str = "warning"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "principles": list(self.principles),
            "message": self.message,
            "severity": self.severity,
        }
