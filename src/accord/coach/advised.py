"""The advised move as the line a person would have typed for it (moves-file form), so
that pressing Enter or typing `ok` records it through the same path as a typed move:
the advisor's review, the confirmation, the store."""

from __future__ import annotations

from typing import Any

from accord.plan.core import Plan
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)


def entry(move: Move | None, plan: Plan) -> Any:
    """`move` by us as a moves-file value (`{offer: {...}, if: {...}}`, `accept`, ...);
    None when it is not a move one types (waiting, a closing display)."""
    if isinstance(move, Offer | Ultimatum):
        kind = "offer" if isinstance(move, Offer) else "ultimatum"
        out: dict[str, Any] = {kind: plan.space.outcome(move.outcome)}
        c = move.condition
        if c is not None:
            issue = plan.space.issues[plan.space.issue_index(c.issue)]
            by = "we" if c.obligor == plan.side else "they"
            out["if"] = {"issue": c.issue, "else": issue.values[c.fallback], "by": by}
            out["if"]["text"] = c.text
        return out
    if isinstance(move, AddOn):
        return {"add": move.issue}
    if isinstance(move, ConsultAuthority):
        return {"consult authority": move.rounds}
    words: tuple[tuple[type[Move], str], ...] = (
        (Accept, "accept"),
        (WalkAway, "walk away"),
        (Silence, "silent"),
    )
    return next((word for kind, word in words if isinstance(move, kind)), None)
