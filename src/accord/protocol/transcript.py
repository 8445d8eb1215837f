"""The transcript: an append-only list of events, serialisable to JSON and back.

Everything about a negotiation (outcome, concessions, tactics, metrics) is
derived from its transcript. JSON output is canonical (sorted keys, no
whitespace variation), so the same seed gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

from accord.errors import InputError
from accord.model.issues import Role
from accord.protocol.moves import (
    MOVE_KINDS,
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)

EndReason = Literal["agreement", "walk_away", "ultimatum_refused", "deadline", "time_limit"]


@dataclass(frozen=True, slots=True)
class Event:
    """One move. `outcome` is the offer on the table after it (offers, ultimatums,
    add-ons) or the agreed outcome (accept); `note` says what the engine did
    on the party's behalf (waiting while consulting, a refused ultimatum)."""

    turn: int
    actor: Role
    move: Move
    outcome: int | None = None
    note: str = ""

    @property
    def round(self) -> int:
        return self.turn // 2

    @property
    def kind(self) -> str:
        return MOVE_KINDS[type(self.move)]


_new = object.__new__
_set_turn, _set_actor, _set_move, _set_outcome, _set_note = (
    Event.__dict__[name].__set__ for name in ("turn", "actor", "move", "outcome", "note")
)


def fast_event(turn: int, actor: Role, move: Move, outcome: int | None, note: str) -> Event:
    """`Event(...)` without the frozen `__init__`'s overhead: the engine makes one per turn."""
    event = _new(Event)
    _set_turn(event, turn)
    _set_actor(event, actor)
    _set_move(event, move)
    _set_outcome(event, outcome)
    _set_note(event, note)
    return event


class EventWindow(Sequence[Event]):
    """A live, read-only window on a list of events: what a `View` holds, so a
    strategy sees the transcript so far without a copy per turn."""

    __slots__ = ("_events",)

    def __init__(self, events: list[Event]) -> None:
        self._events = events

    @overload
    def __getitem__(self, i: int) -> Event: ...
    @overload
    def __getitem__(self, i: slice) -> list[Event]: ...
    def __getitem__(self, i: int | slice) -> Event | list[Event]:
        return self._events[i]

    def __len__(self) -> int:
        return len(self._events)


@dataclass(frozen=True, slots=True)
class Ending:
    """How the negotiation ended. `beliefs` are each side's belief that an agreed
    condition will be met (A, B), asked at agreement time."""

    reason: EndReason
    turn: int
    by: Role | None = None
    agreement: int | None = None
    condition: Condition | None = None
    beliefs: tuple[float, float] | None = None


@dataclass
class Transcript:
    """Events in order, then the ending. Append-only while the negotiation runs."""

    scenario: str
    strategies: tuple[str, str]
    seed: int
    rounds: int
    events: list[Event] = field(default_factory=list)
    ending: Ending | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "strategies": list(self.strategies),
            "seed": self.seed,
            "rounds": self.rounds,
            "events": [event_json(e) for e in self.events],
            "ending": None if self.ending is None else ending_json(self.ending),
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "transcript") -> Transcript:
        try:
            t = cls(
                scenario=str(data["scenario"]),
                strategies=(str(data["strategies"][0]), str(data["strategies"][1])),
                seed=int(data["seed"]),
                rounds=int(data["rounds"]),
                events=[event_from(e) for e in data["events"]],
                ending=None if data.get("ending") is None else ending_from(data["ending"]),
            )
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
            raise InputError(
                f"not a valid transcript ({type(e).__name__}: {e})",
                source=source,
                expected="the JSON written by `accord negotiate --json`",
            ) from None
        return t


def _condition_json(c: Condition | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"issue": c.issue, "fallback": c.fallback, "obligor": c.obligor, "text": c.text}


def _condition_from(d: dict[str, Any] | None) -> Condition | None:
    if d is None:
        return None
    return Condition(str(d["issue"]), int(d["fallback"]), d["obligor"], str(d.get("text", "")))


def move_json(m: Move) -> dict[str, Any]:
    """A move as the transcript writes it (the advisor shows moves this way too)."""
    out: dict[str, Any] = {"kind": MOVE_KINDS[type(m)]}
    if isinstance(m, Offer | Ultimatum):
        out["outcome"] = m.outcome
        if m.condition is not None:
            out["condition"] = _condition_json(m.condition)
    elif isinstance(m, ConsultAuthority):
        out["rounds"] = m.rounds
    elif isinstance(m, AddOn):
        out["issue"] = m.issue
    elif isinstance(m, Display):
        out["display"] = m.kind
    return out


def _move_from(d: dict[str, Any]) -> Move:
    kind = d["kind"]
    if kind in ("offer", "ultimatum"):
        cls = Offer if kind == "offer" else Ultimatum
        return cls(int(d["outcome"]), _condition_from(d.get("condition")))
    simple: dict[str, Move] = {"accept": Accept(), "walk_away": WalkAway(), "silence": Silence()}
    if kind in simple:
        return simple[kind]
    if kind == "consult_authority":
        return ConsultAuthority(int(d["rounds"]))
    if kind == "add_on":
        return AddOn(str(d["issue"]))
    if kind == "display":
        return Display(d["display"])
    raise ValueError(f"unknown move kind '{kind}'")


def event_json(e: Event) -> dict[str, Any]:
    """One event as JSON (the store writes events one at a time with this)."""
    out: dict[str, Any] = {
        "turn": e.turn,
        "actor": e.actor,
        "move": move_json(e.move),
        "outcome": e.outcome,
    }
    if e.note:
        out["note"] = e.note
    return out


def event_from(d: dict[str, Any]) -> Event:
    """The event `event_json` wrote; raises KeyError/TypeError/ValueError on bad data."""
    outcome = d.get("outcome")
    return Event(
        int(d["turn"]),
        d["actor"],
        _move_from(d["move"]),
        None if outcome is None else int(outcome),
        str(d.get("note", "")),
    )


def ending_json(e: Ending) -> dict[str, Any]:
    """How a negotiation ended, as JSON."""
    return {
        "reason": e.reason,
        "turn": e.turn,
        "by": e.by,
        "agreement": e.agreement,
        "condition": _condition_json(e.condition),
        "beliefs": None if e.beliefs is None else list(e.beliefs),
    }


def ending_from(d: dict[str, Any]) -> Ending:
    """The ending `ending_json` wrote."""
    beliefs = d.get("beliefs")
    agreement = d.get("agreement")
    return Ending(
        d["reason"],
        int(d["turn"]),
        d.get("by"),
        None if agreement is None else int(agreement),
        _condition_from(d.get("condition")),
        None if beliefs is None else (float(beliefs[0]), float(beliefs[1])),
    )
