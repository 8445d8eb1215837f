"""The relationship between two parties: resentment, trust, dependence and history.

Immutable: every update returns a new state. The state carries the whole
series (each negotiation's record and a snapshot of the relationship right
after it), so one JSON document is enough for a store to persist, and the
long-term value and the plots of resentment and trust over the series are
functions of the final state alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from accord.errors import InputError
from accord.model.issues import Role
from accord.relationship.params import RelationshipParams
from accord.relationship.record import NegotiationRecord, Pair, as_role, finite_float, finite_pair

#: Version of the JSON layout; `from_json` refuses others.
JSON_VERSION = 1


@dataclass(frozen=True)
class Snapshot:
    """How the relationship stood right after one negotiation."""

    resentment: Pair
    trust: float
    dependence: Pair

    def __post_init__(self) -> None:
        _normalise(self)

    def to_json(self) -> dict[str, Any]:
        return {
            "resentment": list(self.resentment),
            "trust": self.trust,
            "dependence": list(self.dependence),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Snapshot:
        return cls(
            finite_pair(d["resentment"], "resentment"),
            finite_float(d["trust"], "trust"),
            finite_pair(d["dependence"], "dependence"),
        )


@dataclass(frozen=True)
class RelationshipState:
    """Resentment of each side (>= 0), trust in [0, 1], dependence of each side
    (how far its BATNA falls short of what the relationship delivers, P15, P17),
    the history with one snapshot per negotiation, and the sides that `left`."""

    resentment: Pair = (0.0, 0.0)
    trust: float = 0.5
    dependence: Pair = (0.0, 0.0)
    history: tuple[NegotiationRecord, ...] = ()
    trajectory: tuple[Snapshot, ...] = ()
    left: tuple[Role, ...] = ()

    def __post_init__(self) -> None:
        _normalise(self)
        if len(self.history) != len(self.trajectory):
            raise ValueError(
                f"{len(self.history)} negotiations but {len(self.trajectory)} snapshots"
            )
        left = tuple(sorted({as_role(r) for r in self.left}))
        object.__setattr__(self, "left", left)

    @classmethod
    def start(cls, params: RelationshipParams | None = None) -> RelationshipState:
        """A new relationship: no resentment, the parameters' initial trust."""
        p = params or RelationshipParams()
        return cls(trust=p.initial_trust)

    @property
    def ended(self) -> bool:
        """Whether a side has left (both then live on their BATNA)."""
        return bool(self.left)

    @property
    def snapshot(self) -> Snapshot:
        return Snapshot(self.resentment, self.trust, self.dependence)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "resentment": list(self.resentment),
            "trust": self.trust,
            "dependence": list(self.dependence),
            "left": list(self.left),
            "history": [r.to_json() for r in self.history],
            "trajectory": [s.to_json() for s in self.trajectory],
        }

    def dumps(self) -> str:
        """Canonical JSON text (sorted keys, no spaces): same state, same bytes."""
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "relationship") -> RelationshipState:
        """The state of `to_json`, or an `InputError` saying what is wrong."""
        try:
            if data.get("version") != JSON_VERSION:
                raise ValueError(f"version {data.get('version')!r}, not {JSON_VERSION}")
            return cls(
                resentment=finite_pair(data["resentment"], "resentment"),
                trust=finite_float(data["trust"], "trust"),
                dependence=finite_pair(data["dependence"], "dependence"),
                history=tuple(NegotiationRecord.from_json(r) for r in data["history"]),
                trajectory=tuple(Snapshot.from_json(s) for s in data["trajectory"]),
                left=tuple(as_role(r) for r in data.get("left", ())),
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
            raise InputError(
                f"not a valid relationship state ({type(e).__name__}: {e})",
                source=source,
                expected=f"the JSON of RelationshipState.to_json (version {JSON_VERSION})",
            ) from None

    @classmethod
    def loads(cls, text: str, source: str = "relationship") -> RelationshipState:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"not JSON ({e})", source=source) from None
        if not isinstance(data, dict):
            raise InputError("not a JSON object", source=source)
        return cls.from_json(data, source)


def condition_checked(before: RelationshipState | None, after: RelationshipState) -> int | None:
    """The index in the history of the negotiation whose open condition `after` records
    as checked (honoured or not), if one is; None for the first state."""
    if before is None:
        return None
    for k, (was, now) in enumerate(zip(before.history, after.history, strict=False)):
        was_open = was.condition is not None and was.condition.honoured is None
        if was_open and now.condition is not None and now.condition.honoured is not None:
            return k
    return None


def _normalise(x: Snapshot | RelationshipState) -> None:
    """Plain floats in tuples, levels checked: what JSON round-trips exactly."""
    object.__setattr__(x, "resentment", finite_pair(x.resentment, "resentment"))
    object.__setattr__(x, "dependence", finite_pair(x.dependence, "dependence"))
    object.__setattr__(x, "trust", finite_float(x.trust, "trust"))
    _check_levels(x.resentment, x.trust, x.dependence)


def _check_levels(resentment: Pair, trust: float, dependence: Pair) -> None:
    if not all(math.isfinite(x) and x >= 0.0 for x in resentment):
        raise ValueError(f"resentment {resentment} must be finite and >= 0")
    if not 0.0 <= trust <= 1.0:
        raise ValueError(f"trust {trust} must lie in [0, 1]")
    if not all(math.isfinite(x) and x >= 0.0 for x in dependence):
        raise ValueError(f"dependence {dependence} must be finite and >= 0")
