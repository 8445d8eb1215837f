"""The same talks seen from the other chair: every role swapped (A for B).

Stores that keep "us" as side A (the ledger) take a negotiation held at side B this
way: each event's actor, a condition's obligor, the ending's `by` and beliefs, and the
strategies' order. Turns and outcomes are unchanged (the outcome space is shared).
"""

from __future__ import annotations

from dataclasses import replace

from accord.model.issues import other
from accord.protocol.moves import Condition, Move, Offer, Ultimatum
from accord.protocol.transcript import Ending, Event, Transcript


def _condition(c: Condition | None) -> Condition | None:
    return None if c is None else replace(c, obligor=other(c.obligor))


def _move(m: Move) -> Move:
    if isinstance(m, Offer | Ultimatum) and m.condition is not None:
        return replace(m, condition=_condition(m.condition))
    return m


def event(e: Event) -> Event:
    return replace(e, actor=other(e.actor), move=_move(e.move))


def ending(e: Ending) -> Ending:
    beliefs = None if e.beliefs is None else (e.beliefs[1], e.beliefs[0])
    by = None if e.by is None else other(e.by)
    return replace(e, by=by, condition=_condition(e.condition), beliefs=beliefs)


def transcript(t: Transcript) -> Transcript:
    """`t` with A and B swapped throughout (twice: `t` again)."""
    return Transcript(
        t.scenario,
        (t.strategies[1], t.strategies[0]),
        t.seed,
        t.rounds,
        [event(e) for e in t.events],
        None if t.ending is None else ending(t.ending),
    )
