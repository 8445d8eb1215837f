"""The transcript: an append-only list of events, serialisable to JSON and back.

Everything about a negotiation (outcome, concessions, tactics, metrics) is
derived from its transcript. JSON output is canonical (sorted keys, no
whitespace variation), so the same seed gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NoReturn, get_args, overload

from accord.errors import InputError
from accord.model.issues import Role

if TYPE_CHECKING:
    from accord.model.space import OutcomeSpace
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
                seed=whole(data["seed"], "seed", least=None),
                rounds=whole(data["rounds"], "rounds"),
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
    fallback, obligor = whole(d["fallback"], "fallback"), role(d["obligor"], "obligor")
    return Condition(str(d["issue"]), fallback, obligor, str(d.get("text", "")))


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
        return cls(whole(d["outcome"], "outcome"), _condition_from(d.get("condition")))
    simple: dict[str, Move] = {"accept": Accept(), "walk_away": WalkAway(), "silence": Silence()}
    if kind in simple:
        return simple[kind]
    if kind == "consult_authority":
        return ConsultAuthority(whole(d["rounds"], "rounds", least=1))
    if kind == "add_on":
        return AddOn(str(d["issue"]))
    if kind == "display":
        if d["display"] not in ("modest", "triumphant"):
            raise ValueError(f"display is {d['display']!r}, not modest or triumphant")
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
        whole(d["turn"], "turn"),
        role(d["actor"], "actor"),
        _move_from(d["move"]),
        None if outcome is None else whole(outcome, "outcome"),
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
    by = d.get("by")
    if d["reason"] not in get_args(EndReason):
        raise ValueError(f"reason is {d['reason']!r}, not one of {', '.join(get_args(EndReason))}")
    return Ending(
        d["reason"],
        whole(d["turn"], "turn"),
        None if by is None else role(by, "by"),
        None if agreement is None else whole(agreement, "agreement"),
        _condition_from(d.get("condition")),
        None if beliefs is None else (_belief(beliefs[0]), _belief(beliefs[1])),
    )


def check_fits(
    t: Transcript, space: OutcomeSpace, source: str | None, whose: str = "scenario"
) -> None:
    """Raise an InputError unless every outcome, condition and add-on of `t` is in `space`:
    a transcript names its scenario only, so a file of another one must not get this far."""
    n = space.n_outcomes

    def fail(message: str, field: str, expected: str) -> NoReturn:
        raise InputError(message, source=source, field=field, expected=expected)

    def outcome(value: int | None, field: str) -> None:
        if value is not None and not 0 <= value < n:
            message = f"outcome {value} is outside the {whose}'s outcome space"
            fail(message, field, f"0 <= outcome < {n}")

    def condition(c: Condition | None, field: str) -> None:
        if c is not None and c.issue not in space.names:
            fail(f"unknown issue '{c.issue}'", field, "one of: " + ", ".join(space.names))
        if c is not None and not c.fallback < space.issues[space.issue_index(c.issue)].n:
            fail(f"fallback {c.fallback} is not a value of '{c.issue}'", field, "a value index")

    for k, e in enumerate(t.events):
        outcome(e.outcome, f"events.{k}.outcome")
        m = e.move
        if isinstance(m, Offer | Ultimatum):
            outcome(m.outcome, f"events.{k}.move.outcome")
            condition(m.condition, f"events.{k}.move.condition")
        if isinstance(m, AddOn) and m.issue not in space.names:
            fail(f"unknown add-on '{m.issue}'", f"events.{k}.move.issue", "an add-on issue")
    if t.ending is not None:
        outcome(t.ending.agreement, "ending.agreement")
        condition(t.ending.condition, "ending.condition")


def whole(value: Any, name: str, least: int | None = 0) -> int:
    """`value` if it is a whole number >= `least` (JSON's true and 2.5 are not)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} is {value!r}, not a whole number")
    if least is not None and value < least:
        raise ValueError(f"{name} is {value!r}, not a whole number >= {least}")
    return value


def role(value: Any, name: str) -> Role:
    if value not in ("A", "B"):
        raise ValueError(f"{name} is {value!r}, not 'A' or 'B'")
    return value


def _belief(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"a belief is {value!r}, not a probability in [0, 1]")
    return float(value)
