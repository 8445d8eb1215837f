"""Our moves against the advice: what the advisor would have recommended at each of
our turns, whether we followed it, and what it would have warned about our move.

A coach's debrief is most useful where the person departed from the advice
(issue 5: "how the person answered them"). The advisor reads the talks up to
each of our moves exactly as it would have live (`Advisor.advise` on the
history so far, `Advisor.review` of the move we made), with our plan, or the
default plan a strategy makes for itself. A move follows the advice when it is
the same kind of move and, for an offer, worth within the plan's band of the
recommended one to us.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.advisor.advice import Advisor
from accord.advisor.history import Claim, History
from accord.debrief.talks import WAITING
from accord.plan.core import Caution, Plan
from accord.protocol.moves import Condition, Offer, Ultimatum
from accord.protocol.transcript import Event, Transcript

#: The advisor's name for each kind of move the engine records.
_KIND = {
    "offer": "counter",
    "accept": "accept",
    "walk_away": "walk_away",
    "silence": "silence",
    "consult_authority": "consult_authority",
    "ultimatum": "ultimatum",
    "add_on": "add_on",
}


@dataclass(frozen=True)
class Moment:
    """One of our moves: what we did, what was advised, and the warnings it drew."""

    turn: int
    did: str
    did_utility: float | None
    advised: str
    advised_utility: float | None
    followed: bool
    warnings: tuple[str, ...]  # caution codes the advisor would have raised about our move
    principles: tuple[str, ...]  # the principles the advice cited
    cautions: tuple[Caution, ...] = ()  # those cautions in full, as the coach showed them

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "round": self.turn // 2 + 1,
            "did": self.did,
            "did_utility": self.did_utility,
            "advised": self.advised,
            "advised_utility": self.advised_utility,
            "followed": self.followed,
            "warnings": list(self.warnings),
            "principles": list(self.principles),
        }


def replay(
    plan: Plan, transcript: Transcript, claims: tuple[Claim, ...] = ()
) -> tuple[Moment, ...]:
    """Every move of `plan.side` in `transcript` against the advice at that moment."""
    advisor = Advisor(plan)
    utility = plan.ours.utility
    events = transcript.events
    moments = []
    standing: Offer | Ultimatum | None = None  # our offer on the table before this move
    for k, e in enumerate(events):
        if e.actor != plan.side or e.note == "closing" or e.kind not in _KIND:
            continue
        if e.note == WAITING and e.kind == "silence":
            continue  # silences the engine records while a side consults authority
        history = History(
            tuple(events[:k]),
            transcript.rounds,
            claims=tuple(c for c in claims if c.turn <= e.turn),
            turn=e.turn,
        )
        advice = advisor.advise(history)
        chosen = advice.recommendation
        did = _kind(e, standing)
        if isinstance(e.move, Offer | Ultimatum):
            standing = e.move
        mine = None if e.outcome is None else float(utility.at(e.outcome))
        followed = did == chosen.kind and (
            mine is None
            or chosen.our_utility is None
            or abs(mine - chosen.our_utility) <= plan.stance.band + 1e-9
        )
        cautions = advisor.review(history, e.move)
        moments.append(
            Moment(
                turn=e.turn,
                did=did,
                did_utility=mine,
                advised=chosen.kind,
                advised_utility=chosen.our_utility,
                followed=followed,
                warnings=tuple(c.code for c in cautions),
                principles=chosen.principles,
                cautions=cautions,
            )
        )
    return tuple(moments)


def _kind(e: Event, standing: Offer | Ultimatum | None) -> str:
    """The move's kind in the advice's words: a conditional offer made again as it stands
    is holding it (a counter), as the advice says, not a new conditional concession."""
    move = e.move
    if isinstance(move, Offer | Ultimatum) and isinstance(move.condition, Condition):
        if isinstance(move, Ultimatum):
            return "ultimatum"
        again = standing is not None and (standing.outcome, standing.condition) == (
            move.outcome,
            move.condition,
        )
        return "counter" if again else "conditional"
    return _KIND[e.kind]
