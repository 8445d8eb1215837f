"""Domain values to the store's JSON text and back: events, endings, states, records.

One canonical form (sorted keys, no spaces), so a value has exactly one
stored text, an export is byte-stable, and equal values compare equal as text.
The transcript's codec is imported inside the functions that need it: the
ledger's overview (`quick`) decodes states without loading the engine.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from accord.errors import InputError
from accord.relationship import NegotiationRecord, RelationshipParams, RelationshipState

if TYPE_CHECKING:
    from accord.protocol.transcript import Ending, Event


def canonical(data: Any) -> str:
    """JSON text with sorted keys and no spaces.

    >>> canonical({"b": 1, "a": [1, 2]})
    '{"a":[1,2],"b":1}'
    """
    return json.dumps(data, sort_keys=True, separators=(",", ":"), allow_nan=False)


def load(text: str, what: str, source: str) -> Any:
    """Parse stored JSON text; a row that does not parse is damage, named as such."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"a stored {what} is not valid JSON ({e})", source=source) from None


def event_text(event: Event) -> str:
    from accord.protocol.transcript import event_json

    return canonical(event_json(event))


def event_of(text: str, source: str = "store") -> Event:
    data = load(text, "event", source)
    try:
        return event_from_data(data)
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(f"a stored event is not valid ({e})", source=source) from None


def event_from_data(data: dict[str, Any]) -> Event:
    """Raises KeyError, TypeError or ValueError on a malformed event."""
    from accord.protocol.transcript import event_from

    event = event_from(data)
    if event.actor not in ("A", "B"):
        raise ValueError(f"actor {event.actor!r} is not A or B")
    if event.turn < 0:
        raise ValueError(f"turn {event.turn} is negative")
    return event


def ending_text(ending: Ending) -> str:
    from accord.protocol.transcript import ending_json

    return canonical(ending_json(ending))


def ending_of(text: str, source: str = "store") -> Ending:
    data = load(text, "ending", source)
    try:
        return ending_from_data(data)
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(f"a stored ending is not valid ({e})", source=source) from None


def ending_from_data(data: dict[str, Any]) -> Ending:
    from accord.protocol.transcript import ending_from

    return ending_from(data)


def state_text(state: RelationshipState) -> str:
    return state.dumps()


def state_of(text: str, source: str = "store") -> RelationshipState:
    return RelationshipState.loads(text, source)


def record_text(record: NegotiationRecord) -> str:
    return canonical(record.to_json())


def params_of(text: str | None, source: str = "store") -> RelationshipParams:
    if text is None:
        return RelationshipParams()
    return RelationshipParams.from_mapping(load(text, "parameter set", source), source)
