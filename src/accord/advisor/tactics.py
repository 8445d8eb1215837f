"""Detectors of the counterpart's tactics, read from our side of the transcript.

Each detector is a small function of the plan and the history returning a
`Tactic` (what they did, at which turns, what it probably means, how to
answer, and the principles behind the reading) or None. The readings follow
the doctrine: silence, delay and consulting authority are process, not
rejection (P5, P6, P10); an ultimatum or a deadline is checked against the
walk-away, never obeyed for its own sake (P7, P9); an extreme first offer is
a position, not a fact (P3); asking for extras at the end is nibbling (P11).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.advisor.history import DELAY_TURNS, History
from accord.doctrine import in_late_phase
from accord.plan.core import Plan
from accord.plan.estimate import limit
from accord.protocol.moves import AddOn, ConsultAuthority, Offer, Silence, Ultimatum
from accord.protocol.transcript import Event

#: An opening of theirs within this fraction of the way from our walk-away to our
#: opening (or below the walk-away) is an anchor.
ANCHOR_SHARE = 0.25


@dataclass(frozen=True)
class Tactic:
    """A tactic of theirs: `name`, the turns it showed at, its likely meaning and our answer."""

    name: str
    turns: tuple[int, ...]
    principles: tuple[str, ...]
    meaning: str
    response: str

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "turns": list(self.turns),
            "principles": list(self.principles),
            "meaning": self.meaning,
            "response": self.response,
        }


Detector = Callable[[Plan, History, list[Event]], "Tactic | None"]


def detect(plan: Plan, history: History) -> tuple[Tactic, ...]:
    """Every tactic of theirs the history shows, in the order of `DETECTORS`."""
    theirs = [e for e in history.events if e.actor != plan.side and e.note != "closing"]
    found = (d(plan, history, theirs) for d in DETECTORS)
    return tuple(t for t in found if t is not None)


def silence(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    turns = tuple(e.turn for e in theirs if isinstance(e.move, Silence) and not e.note)
    if not turns:
        return None
    return Tactic(
        "silence",
        turns,
        ("P5",),
        "Silence creates pressure: it invites us to fill the gap with a concession or information.",
        "Sit with it. Let our offer stand; answer silence with patience, not a better offer.",
    )


def authority(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    turns = tuple(e.turn for e in theirs if isinstance(e.move, ConsultAuthority))
    if not turns:
        return None
    return Tactic(
        "authority",
        turns,
        ("P6", "P10"),
        "They take it to a higher authority: internal approval is process, not rejection, "
        "and it paces the talks.",
        "Keep the offer standing and do not sweeten it while they consult; expect time.",
    )


def delay(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    """A delay note, or `DELAY_TURNS` of their turns in a row without a new offer."""
    turns = [e.turn for e in theirs if e.note.startswith("delay")]
    run: list[int] = []
    for e in theirs:
        if isinstance(e.move, Silence | ConsultAuthority):
            run.append(e.turn)
            if len(run) == DELAY_TURNS:
                turns.append(run[0])
        else:
            run = []
    if not turns:
        return None
    return Tactic(
        "delay",
        tuple(sorted(set(turns))),
        ("P10", "P6"),
        "A long gap is a signal of process (approvals, other priorities), not an emotional "
        "message; it may also be tactical, to weaken our momentum.",
        "Expect long timelines, do not read the delay as rejection, and do not chase with "
        "follow-ups or concessions.",
    )


def ultimatum(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    turns = tuple(e.turn for e in theirs if isinstance(e.move, Ultimatum))
    if not turns:
        return None
    rounds = history.rounds or plan.rounds
    early = not in_late_phase(turns[0], rounds, plan.stance)
    when = "early, before patience and fairness were shown: likely pressure" if early else "late"
    return Tactic(
        "ultimatum",
        turns,
        ("P7", "P2"),
        f"A deal/no-deal boundary ({when}).",
        "Check it against the walk-away only: accept if it is above it, leave if not. "
        "Its timing is not our reason.",
    )


def time_pressure(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    """A deadline they claim, or an ultimatum before the late phase."""
    rounds = history.rounds or plan.rounds
    claimed = [c.turn for c in history.claims if c.actor != plan.side and c.kind == "deadline"]
    early = [
        e.turn
        for e in theirs
        if isinstance(e.move, Ultimatum) and not in_late_phase(e.turn, rounds, plan.stance)
    ]
    turns = tuple(sorted(set(claimed + early)))
    if not turns:
        return None
    return Tactic(
        "time_pressure",
        turns,
        ("P9", "P6"),
        "A time window to make us decide fast: credible ones move slow deciders, invented "
        "ones destroy trust.",
        "Ask what the deadline rests on; do not let it push us below the walk-away; "
        "consulting our authority buys time.",
    )


def anchoring(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    """Their first offer sits at or below a quarter of the way from our walk-away to our opening."""
    first = next(
        ((e.turn, e.move.outcome) for e in theirs if isinstance(e.move, Offer | Ultimatum)), None
    )
    if first is None:
        return None
    turn, outcome = first
    walk, opening = limit(plan), plan.derived_opening
    u = plan.ours.utility.at(outcome)
    if u > walk + ANCHOR_SHARE * max(opening - walk, 0.0):
        return None
    return Tactic(
        "anchoring",
        (turn,),
        ("P3", "P1"),
        f"An extreme first offer (worth {u:.2f} to us) sets an anchor to pull our target "
        "towards theirs.",
        "An anchor is a position, not a fact: keep our target, answer with our own firm, "
        "reasoned opening and the evidence we prepared.",
    )


def nibbling(plan: Plan, history: History, theirs: list[Event]) -> Tactic | None:
    """Asking for one of our add-ons on top of an otherwise unchanged offer, or asking
    for more right after we granted an extra."""
    space, ours = plan.space, plan.our_addons
    kept = [space.issue_index(n) for n in ours]
    turns: list[int] = []
    offers = [(e.turn, e.move.outcome) for e in theirs if isinstance(e.move, Offer | Ultimatum)]
    digits = space.digits([o for _, o in offers]) if offers else np.empty((0, 0), np.int64)
    for k, (turn, _) in enumerate(offers[1:], start=1):
        a, b = digits[k - 1], digits[k]
        changed = np.flatnonzero(a != b)
        if changed.size and all(i in kept and b[i] == 1 for i in changed):
            turns.append(turn)
    turns.extend(_after_gifts(plan, history))
    if not turns:
        return None
    return Tactic(
        "nibbling",
        tuple(sorted(set(turns))),
        ("P11", "P8"),
        "They ask for an extra on top of a nearly settled deal: most concessions happen at "
        "the end, and they know it.",
        "Extras are ours to give for the close, in exchange: grant one only if it closes the "
        "deal, and ask for something back.",
    )


def _after_gifts(plan: Plan, history: History) -> list[int]:
    """Their offers that ask more of us right after we granted an add-on."""
    u = plan.ours.utility
    turns, last_u, gifted = [], None, False
    for e in history.events:
        if e.actor == plan.side:
            gifted = gifted or isinstance(e.move, AddOn)
            continue
        if isinstance(e.move, Offer | Ultimatum):
            now = u.at(e.move.outcome)
            if gifted and last_u is not None and now < last_u - 1e-9:
                turns.append(e.turn)
            last_u, gifted = now, False
    return turns


DETECTORS: tuple[Detector, ...] = (
    silence,
    authority,
    delay,
    ultimatum,
    time_pressure,
    anchoring,
    nibbling,
)
