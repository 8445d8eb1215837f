"""Circumstances that change between the negotiations of a series (DESIGN.md, P16).

Yearly renewals do not meet the same world twice: a side's BATNA moves, a
competitor signs with a side's alternative partner, costs rise, a crisis hits
both. Each change is a pure function `Scenario -> Scenario` that moves the
parties' reservation values (their BATNAs' utilities) and nothing else, so the
issues, utilities and outcome space stay shared and cached analysis stays valid.

Every reservation a change produces is clipped to [0, 1) and to the side's best
outcome (a BATNA better than any deal would make the table pointless); a side's
aspiration is raised to its reservation where it would fall below it.

`draw(rng, params)` picks at most one change per interval between negotiations,
with the named probabilities and sizes of `CircumstanceParams`. It always
consumes the same three numbers from `rng`, whatever it picks, so a seed fixes
the whole sequence of circumstances independently of what happened at the table.

>>> import numpy as np
>>> from accord.relationship.circumstances import CircumstanceParams, draw
>>> c = draw(np.random.default_rng(1), CircumstanceParams())
>>> c.kind in KINDS
True
>>> Circumstance.none().label
'no change'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

import numpy as np

from accord.errors import InputError
from accord.model.issues import ROLES, Role
from accord.model.scenario import Party, Scenario
from accord.relationship.record import Pair, index_of

Kind = Literal["none", "batna_moves", "competitor_signs", "costs_rise", "crisis"]
#: The kinds of change, in the order `draw` tests them.
KINDS: tuple[Kind, ...] = ("none", "batna_moves", "competitor_signs", "costs_rise", "crisis")
#: Highest reservation a change may produce: just below 1 (reservations live in [0, 1)).
MAX_RESERVATION = math.nextafter(1.0, 0.0)


@dataclass(frozen=True)
class CircumstanceParams:
    """How often, and how much, circumstances change between two negotiations.

    Probabilities are per interval between negotiations and exclusive (at most
    one change per interval; their sum must be at most 1, the rest is "no
    change"). Sizes are the largest change of a reservation value, in utility;
    a drawn change is uniform in (0, size].

    - `p_batna` (0.2), `batna_size` (0.1): one side's BATNA moves, up or down
      with equal chance (its outside options improve or worsen; seed 004, P2:
      the BATNA is a fact of the world, not of the table).
    - `p_competitor` (0.1), `competitor_size` (0.1): a competitor signs with one
      side's best alternative partner, so that side's BATNA falls (P17: the
      side that now cares more loses power).
    - `p_costs` (0.1), `costs_size` (0.05): one side's costs rise, so every deal
      is worth less to it relative to its outside option: its reservation rises.
      Smaller than a BATNA move, since costs creep.
    - `p_crisis` (0.05), `crisis_size` (0.1): a crisis hits both (a market
      collapse): both BATNAs fall by the same drawn amount (P16: a crisis is
      also an opportunity, since both now need the relationship more).

    The defaults give a change in about 45% of intervals: a 10-round series
    sees four or five, enough to test good faith without drowning the
    relationship in noise. Tests and sweeps override them.
    """

    p_batna: float = 0.2
    batna_size: float = 0.1
    p_competitor: float = 0.1
    competitor_size: float = 0.1
    p_costs: float = 0.1
    costs_size: float = 0.05
    p_crisis: float = 0.05
    crisis_size: float = 0.1

    def __post_init__(self) -> None:
        for f in fields(self):
            x = getattr(self, f.name)
            if isinstance(x, bool) or not isinstance(x, int | float) or not 0.0 <= x <= 1.0:
                raise InputError(f"{f.name} = {x!r}", field=f.name, expected="a number in [0, 1]")
            object.__setattr__(self, f.name, float(x))
        if self.total > 1.0 + 1e-12:
            raise InputError(
                f"circumstance probabilities sum to {self.total:g}",
                field="p_batna",
                expected="p_batna + p_competitor + p_costs + p_crisis <= 1",
            )

    @property
    def total(self) -> float:
        """Probability of some change in an interval."""
        return self.p_batna + self.p_competitor + self.p_costs + self.p_crisis

    @classmethod
    def never(cls) -> CircumstanceParams:
        """No change ever: every negotiation of the series meets the same scenario."""
        return cls(p_batna=0.0, p_competitor=0.0, p_costs=0.0, p_crisis=0.0)

    def to_json(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Circumstance:
    """One change between negotiations: `shift` is the requested change of each
    side's reservation (A, B), before clipping; `side` the side it concerns
    (None for a crisis or no change)."""

    kind: Kind
    side: Role | None
    shift: Pair
    label: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown circumstance {self.kind!r}")
        if self.side is not None:
            index_of(self.side)
        object.__setattr__(self, "shift", (float(self.shift[0]), float(self.shift[1])))

    @classmethod
    def none(cls) -> Circumstance:
        return cls("none", None, (0.0, 0.0), "no change")

    def apply(self, scenario: Scenario) -> Scenario:
        """The scenario after this change (the same object if nothing changes)."""
        if self.shift == (0.0, 0.0):
            return scenario
        r = scenario.reservations
        return with_reservations(scenario, (r[0] + self.shift[0], r[1] + self.shift[1]))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "side": self.side,
            "shift": list(self.shift),
            "label": self.label,
        }


# the changes, as pure functions ---------------------------------------------------


def best_utility(party: Party) -> float:
    """The utility of the party's best outcome."""
    u = party.preferences.utility
    best = getattr(u, "best", None)
    return float(best) if best is not None else float(np.max(u.all()))


def clip_reservation(value: float, party: Party) -> float:
    """`value` clipped to [0, 1) and to the party's best outcome."""
    return float(min(max(value, 0.0), MAX_RESERVATION, best_utility(party)))


def with_reservations(scenario: Scenario, reservations: Pair) -> Scenario:
    """The scenario with these reservation values (clipped; aspirations raised to
    match). Issues, utilities and the outcome space are shared with `scenario`."""
    parties = []
    for party, value in zip(scenario.parties, reservations, strict=True):
        prefs = party.preferences
        if value == prefs.reservation:
            parties.append(party)
            continue
        r = clip_reservation(value, party)
        if r != prefs.reservation:
            prefs = replace(prefs, reservation=r, aspiration=max(prefs.aspiration, r))
            party = replace(party, preferences=prefs)
        parties.append(party)
    if parties[0] is scenario.a and parties[1] is scenario.b:
        return scenario
    return replace(scenario, a=parties[0], b=parties[1])


def _one_side(side: Role, delta: float) -> Pair:
    k = index_of(side)
    return (delta, 0.0) if k == 0 else (0.0, delta)


def batna_moves(side: Role, delta: float) -> Circumstance:
    """`side`'s BATNA moves by `delta` (up if positive)."""
    word = "improves" if delta >= 0 else "worsens"
    return Circumstance(
        "batna_moves", side, _one_side(side, delta), f"{side}'s BATNA {word} by {abs(delta):.3f}"
    )


def competitor_signs(side: Role, size: float) -> Circumstance:
    """A competitor signs with `side`'s best alternative partner: its BATNA falls by `size`."""
    return Circumstance(
        "competitor_signs",
        side,
        _one_side(side, -abs(size)),
        f"a competitor signs with {side}'s alternative: its BATNA falls by {abs(size):.3f}",
    )


def costs_rise(side: Role, size: float) -> Circumstance:
    """`side`'s costs rise: its reservation rises by `size`."""
    return Circumstance(
        "costs_rise",
        side,
        _one_side(side, abs(size)),
        f"{side}'s costs rise: its reservation rises by {abs(size):.3f}",
    )


def crisis(size: float) -> Circumstance:
    """A crisis: both BATNAs fall by `size`."""
    s = -abs(size)
    return Circumstance("crisis", None, (s, s), f"a crisis: both BATNAs fall by {abs(size):.3f}")


def draw(rng: np.random.Generator, params: CircumstanceParams) -> Circumstance:
    """At most one change, drawn with `params`' probabilities and sizes.

    Consumes exactly three uniforms from `rng` (kind, side, size), whatever it draws.
    """
    u_kind, u_side, u_size = rng.random(3)
    side: Role = ROLES[int(u_side < 0.5)]  # A when u_side >= 0.5, else B
    # (0, 1] rather than [0, 1): a drawn change is never zero
    magnitude = 1.0 - float(u_size)
    edge = 0.0
    for kind, p in (
        ("batna_moves", params.p_batna),
        ("competitor_signs", params.p_competitor),
        ("costs_rise", params.p_costs),
        ("crisis", params.p_crisis),
    ):
        lower, edge = edge, edge + p
        if not u_kind < edge:
            continue
        if kind == "batna_moves":
            # reuse the kind draw's position inside its band for the direction
            up = (u_kind - lower) < p / 2
            delta = magnitude * params.batna_size
            return batna_moves(side, delta if up else -delta)
        if kind == "competitor_signs":
            return competitor_signs(side, magnitude * params.competitor_size)
        if kind == "costs_rise":
            return costs_rise(side, magnitude * params.costs_size)
        return crisis(magnitude * params.crisis_size)
    return Circumstance.none()
