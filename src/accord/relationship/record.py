"""What one negotiation meant for the relationship, as a compact JSON-ready record.

`accord.relationship.observe.record_of` builds it from accord's analysis and
outcome metrics; tests and other tools may build one directly. Shares follow
DESIGN.md: surplus `s_i = u_i - r_i`; realised share `x_i = s_i+ / (s_A+ + s_B+)`
(a side below its BATNA counts 0); fair share `f_i` is the same at the Nash
point `w*`. Both come from `shares`, so an outcome with the Nash point's
utilities has x == f exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from accord.model.issues import ROLES, Role, other

Pair = tuple[float, float]
#: Non-zero tactic counts of one side, sorted by name (so JSON round-trips exactly).
Counts = tuple[tuple[str, int], ...]


def index_of(role: str) -> int:
    """0 for A, 1 for B."""
    if role not in ROLES:
        raise ValueError(f"role {role!r} is not 'A' or 'B'")
    return ROLES.index(role)


def shares(surplus: Pair) -> Pair | None:
    """Each side's positive surplus over the sum of both; None when neither has any.

    >>> shares((0.5, 1.5))
    (0.25, 0.75)
    >>> shares((0.3, -0.1))
    (1.0, 0.0)
    """
    a, b = max(surplus[0], 0.0), max(surplus[1], 0.0)
    total = a + b
    if not total > 0:
        return None
    return (a / total, b / total)


@dataclass(frozen=True)
class Gift:
    """An add-on the other side granted by an add-on move and that stayed in the deal
    (P8, P11); `value` is its utility to the receiver in the agreed outcome."""

    issue: str
    receiver: Role
    value: float

    def __post_init__(self) -> None:
        index_of(self.receiver)
        object.__setattr__(self, "value", finite_float(self.value, "value"))


@dataclass(frozen=True)
class ConditionTerm:
    """The agreed conditional term (P12) and, once resolved, whether it was honoured.

    `met` and `fallback` are both sides' utilities of the agreed outcome with the
    condition met or not; `beliefs` each side's belief at agreement that it would be.
    """

    issue: str
    obligor: Role
    beliefs: Pair
    met: Pair
    fallback: Pair
    text: str = ""
    honoured: bool | None = None

    def __post_init__(self) -> None:
        index_of(self.obligor)
        for name in ("beliefs", "met", "fallback"):
            object.__setattr__(self, name, finite_pair(getattr(self, name), name))
        if not all(0.0 <= b <= 1.0 for b in self.beliefs):
            raise ValueError(f"beliefs {self.beliefs} are not probabilities")
        if self.honoured is not None:
            _bool(self.honoured)

    @property
    def stake(self) -> float:
        """What meeting the condition is worth to its obligor (the conditional concession)."""
        k = index_of(self.obligor)
        return self.met[k] - self.fallback[k]


@dataclass(frozen=True)
class Renegotiation:
    """A good-faith request to adjust this standing deal after circumstances changed (P16).

    The change raised the `asker`'s reservation `shortfall` above its utility of
    the deal, so under the contract it is held below its walk-away. The other side
    `granted` an adjustment or held to the contract. `delta` is the change of both
    sides' utilities the adjustment brings (zero when refused), for the `term`
    (fraction of the deal's term) left when it was asked.
    """

    asker: Role
    granted: bool
    shortfall: float
    delta: Pair
    term: float
    circumstance: str = ""

    def __post_init__(self) -> None:
        index_of(self.asker)
        _bool(self.granted)
        object.__setattr__(self, "shortfall", finite_float(self.shortfall, "shortfall"))
        object.__setattr__(self, "delta", finite_pair(self.delta, "delta"))
        object.__setattr__(self, "term", finite_float(self.term, "term"))
        if not self.granted and self.delta != (0.0, 0.0):
            raise ValueError("a refused renegotiation changes no utility")

    def to_json(self) -> dict[str, Any]:
        return {
            "asker": self.asker,
            "granted": self.granted,
            "shortfall": self.shortfall,
            "delta": list(self.delta),
            "term": self.term,
            "circumstance": self.circumstance,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Renegotiation:
        return cls(
            asker=as_role(d["asker"]),
            granted=_bool(d["granted"]),
            shortfall=finite_float(d["shortfall"], "shortfall"),
            delta=finite_pair(d["delta"], "delta"),
            term=finite_float(d["term"], "term"),
            circumstance=str(d.get("circumstance", "")),
        )


@dataclass(frozen=True)
class NegotiationRecord:
    """One negotiation, as the relationship remembers it. Pairs are (A, B).

    `utilities` are each side's utility of the result (expected under its own
    belief for a conditional deal; the reservation without a deal); `nash` the
    Nash point's utilities against these reservations; `retracted` the most a
    side took back of its own concessions (rise of its own utility above its
    earlier offers); `ultimatum_by` the side whose ultimatum ended the talks;
    `renegotiation` a later good-faith request to adjust the deal (P16).
    """

    agreement: bool
    utilities: Pair
    reservations: Pair
    nash: Pair | None = None
    concessions: Pair = (0.0, 0.0)
    retracted: Pair = (0.0, 0.0)
    tactics: tuple[Counts, Counts] = ((), ())
    gifts: tuple[Gift, ...] = ()
    condition: ConditionTerm | None = None
    ultimatum_by: Role | None = None
    reason: str = ""
    scenario: str = ""
    strategies: tuple[str, str] = ("", "")
    rounds_used: int = 0
    renegotiation: Renegotiation | None = None

    def __post_init__(self) -> None:
        for name in ("utilities", "reservations", "concessions", "retracted"):
            object.__setattr__(self, name, finite_pair(getattr(self, name), name))
        if self.nash is not None:
            object.__setattr__(self, "nash", finite_pair(self.nash, "nash"))
        object.__setattr__(self, "tactics", tuple(canonical_counts(c) for c in self.tactics))
        if not self.agreement and (
            self.gifts or self.condition is not None or self.renegotiation is not None
        ):
            raise ValueError("gifts, conditions and renegotiations need an agreement")
        if self.ultimatum_by is not None:
            index_of(self.ultimatum_by)

    @property
    def surplus(self) -> Pair:
        return (self.utilities[0] - self.reservations[0], self.utilities[1] - self.reservations[1])

    @property
    def shares(self) -> Pair | None:
        """Realised surplus shares x (None without positive surplus, e.g. no deal)."""
        return shares(self.surplus) if self.agreement else None

    @property
    def fair_shares(self) -> Pair | None:
        """Fair shares f at the Nash point (None when there is no Nash point)."""
        if self.nash is None:
            return None
        r = self.reservations
        return shares((self.nash[0] - r[0], self.nash[1] - r[1]))

    def shortfall(self, role: Role) -> float:
        """How far `role`'s realised share fell below its fair share: max(0, f - x)."""
        x, f = self.shares, self.fair_shares
        if x is None or f is None:
            return 0.0
        k = index_of(role)
        return max(0.0, f[k] - x[k])

    def tactic(self, role: Role, name: str) -> int:
        """How often `role` used tactic `name` (see `accord.analysis.outcome.TACTICS`)."""
        return dict(self.tactics[index_of(role)]).get(name, 0)

    def received(self, role: Role) -> float:
        """Utility `role` received as gestures: add-ons granted to it, plus a
        conditional concession it must meet, weighted by its belief it will."""
        total = sum(max(0.0, g.value) for g in self.gifts if g.receiver == role)
        c = self.condition
        if c is not None and c.obligor == role:
            total += c.beliefs[index_of(role)] * max(0.0, c.stake)
        return float(total)

    @property
    def settled_utilities(self) -> Pair:
        """Utilities once the condition is resolved (expected ones until then)."""
        c = self.condition
        if c is None or c.honoured is None:
            return self.utilities
        return c.met if c.honoured else c.fallback

    def mirrored(self) -> NegotiationRecord:
        """The record seen from the other side (A for B): how a store that keeps us as
        side A records talks we held at side B."""

        def swap(p: Pair) -> Pair:
            return (p[1], p[0])

        c, r = self.condition, self.renegotiation
        return replace(
            self,
            utilities=swap(self.utilities),
            reservations=swap(self.reservations),
            nash=None if self.nash is None else swap(self.nash),
            concessions=swap(self.concessions),
            retracted=swap(self.retracted),
            tactics=(self.tactics[1], self.tactics[0]),
            gifts=tuple(replace(g, receiver=other(g.receiver)) for g in self.gifts),
            condition=None
            if c is None
            else replace(
                c,
                obligor=other(c.obligor),
                beliefs=swap(c.beliefs),
                met=swap(c.met),
                fallback=swap(c.fallback),
            ),
            ultimatum_by=None if self.ultimatum_by is None else other(self.ultimatum_by),
            strategies=(self.strategies[1], self.strategies[0]),
            renegotiation=None
            if r is None
            else replace(r, asker=other(r.asker), delta=swap(r.delta)),
        )

    def to_json(self) -> dict[str, Any]:
        c = self.condition
        return {
            "scenario": self.scenario,
            "strategies": list(self.strategies),
            "agreement": self.agreement,
            "reason": self.reason,
            "utilities": list(self.utilities),
            "reservations": list(self.reservations),
            "nash": None if self.nash is None else list(self.nash),
            "surplus": list(self.surplus),  # derived, for readers; ignored on load
            "shares": _list_or_none(self.shares),
            "fair_shares": _list_or_none(self.fair_shares),
            "concessions": list(self.concessions),
            "retracted": list(self.retracted),
            "tactics": {r: dict(self.tactics[k]) for k, r in enumerate(ROLES)},
            "gifts": [
                {"issue": g.issue, "receiver": g.receiver, "value": g.value} for g in self.gifts
            ],
            "condition": None if c is None else _condition_json(c),
            "ultimatum_by": self.ultimatum_by,
            "rounds_used": self.rounds_used,
            "renegotiation": None if self.renegotiation is None else self.renegotiation.to_json(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NegotiationRecord:
        """The record of `to_json`; raises KeyError/TypeError/ValueError on bad data."""
        c = d.get("condition")
        return cls(
            agreement=_bool(d["agreement"]),
            utilities=finite_pair(d["utilities"], "utilities"),
            reservations=finite_pair(d["reservations"], "reservations"),
            nash=None if d.get("nash") is None else finite_pair(d["nash"], "nash"),
            concessions=finite_pair(d["concessions"], "concessions"),
            retracted=finite_pair(d["retracted"], "retracted"),
            tactics=(_counts(d["tactics"]["A"]), _counts(d["tactics"]["B"])),
            gifts=tuple(
                Gift(str(g["issue"]), as_role(g["receiver"]), finite_float(g["value"], "gift"))
                for g in d.get("gifts", ())
            ),
            condition=None if c is None else _condition_from(c),
            ultimatum_by=None if d.get("ultimatum_by") is None else as_role(d["ultimatum_by"]),
            reason=str(d.get("reason", "")),
            scenario=str(d.get("scenario", "")),
            strategies=(str(d["strategies"][0]), str(d["strategies"][1])),
            rounds_used=int(d.get("rounds_used", 0)),
            renegotiation=None
            if d.get("renegotiation") is None
            else Renegotiation.from_json(d["renegotiation"]),
        )


def with_honoured(record: NegotiationRecord, honoured: bool) -> NegotiationRecord:
    """The record with its condition resolved."""
    if record.condition is None:
        raise ValueError("this negotiation attached no condition")
    if record.condition.honoured is not None:
        raise ValueError("this condition was already resolved")
    return replace(record, condition=replace(record.condition, honoured=honoured))


def with_renegotiation(record: NegotiationRecord, r: Renegotiation) -> NegotiationRecord:
    """The record with a renegotiation of its deal (at most one per deal)."""
    if record.renegotiation is not None:
        raise ValueError("this deal was already renegotiated")
    return replace(record, renegotiation=r)


# JSON helpers --------------------------------------------------------------------


def finite_float(x: Any, name: str) -> float:
    """`x` as a float, or an error naming `name`: records read from JSON trust nothing."""
    if isinstance(x, bool) or not isinstance(x, int | float | np.floating | np.integer):
        raise TypeError(f"{name}: {x!r} is not a number")
    v = float(x)
    if not math.isfinite(v):
        raise ValueError(f"{name}: {x!r} is not finite")
    return v


def finite_pair(x: Any, name: str) -> Pair:
    """Two finite floats (A's, B's) read from JSON."""
    a, b = x  # exactly two
    return (finite_float(a, name), finite_float(b, name))


def _bool(x: Any) -> bool:
    if not isinstance(x, bool):
        raise TypeError(f"{x!r} is not true or false")
    return x


def as_role(x: Any) -> Role:
    """`x` checked to be 'A' or 'B'."""
    return ROLES[index_of(x)]


def canonical_counts(counts: Any) -> Counts:
    """Non-zero counts sorted by name, so equal tallies compare and serialise equal."""
    items = counts.items() if isinstance(counts, dict) else counts
    return tuple(sorted((str(k), int(v)) for k, v in items if int(v)))


def _counts(d: dict[str, Any]) -> Counts:
    return canonical_counts(dict(d))


def _list_or_none(p: Pair | None) -> list[float] | None:
    return None if p is None else list(p)


def _condition_json(c: ConditionTerm) -> dict[str, Any]:
    return {
        "issue": c.issue,
        "obligor": c.obligor,
        "text": c.text,
        "beliefs": list(c.beliefs),
        "met": list(c.met),
        "fallback": list(c.fallback),
        "honoured": c.honoured,
    }


def _condition_from(d: dict[str, Any]) -> ConditionTerm:
    honoured = d.get("honoured")
    return ConditionTerm(
        issue=str(d["issue"]),
        obligor=as_role(d["obligor"]),
        beliefs=finite_pair(d["beliefs"], "beliefs"),
        met=finite_pair(d["met"], "met"),
        fallback=finite_pair(d["fallback"], "fallback"),
        text=str(d.get("text", "")),
        honoured=None if honoured is None else _bool(honoured),
    )
