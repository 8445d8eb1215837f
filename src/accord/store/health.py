"""How a relationship stands now (`Health`), computed from its newest state alone.

Both readers of the ledger's overview build it here, `ledger.health` through
SQLAlchemy and `quick.health` with `sqlite3`, so the two cannot differ in how
a state becomes the numbers shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from accord.relationship import RelationshipParams, RelationshipState, long_term_value
from accord.relationship.record import Pair

#: The store keeps us as side A and the counterparty as side B.
SIDE = {"A": "us", "B": "them"}


@dataclass(frozen=True)
class Health:
    """How a relationship stands now. Pairs are (us, them)."""

    name: str
    negotiations: int
    trust: float
    resentment: Pair
    dependence: Pair
    last: dt.date | None
    value: Pair | None  # long-term value so far: discounted sum of what each side realised
    open_conditions: int
    left: tuple[str, ...]
    open_negotiations: int  # started with this counterparty, not ended (e.g. coached)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "negotiations": self.negotiations,
            "trust": self.trust,
            "resentment": sides(self.resentment),
            "dependence": sides(self.dependence),
            "last": day_text(self.last),
            "long_term_value": None if self.value is None else sides(self.value),
            "open_conditions": self.open_conditions,
            "left": list(self.left),
            "open_negotiations": self.open_negotiations,
        }


def health_of(
    name: str,
    state: RelationshipState,
    params: RelationshipParams,
    last: dt.date | None,
    *,
    open_negotiations: int,
) -> Health:
    """The health of the relationship with `name` in `state`, last negotiated on `last`,
    with `open_negotiations` still running (their records join `state` when they end)."""
    n = len(state.history)
    value = long_term_value(state, params, horizon=n) if n else None
    pending = sum(
        1 for r in state.history if r.condition is not None and r.condition.honoured is None
    )
    return Health(
        name=name,
        negotiations=n,
        trust=state.trust,
        resentment=state.resentment,
        dependence=state.dependence,
        last=last,
        value=value,
        open_conditions=pending,
        left=tuple(SIDE[r] for r in state.left),
        open_negotiations=open_negotiations,
    )


def sides(p: Pair) -> dict[str, float]:
    return {"us": p[0], "them": p[1]}


def day_text(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()
