"""Moves, events, transcripts and the alternating-offers engine."""

from accord.protocol.engine import Negotiation
from accord.protocol.errors import (
    IllegalMoveError,
    NegotiationOverError,
    OutOfTurnError,
    OutsideSpaceError,
    ProtocolError,
)
from accord.protocol.moves import (
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
from accord.protocol.transcript import Ending, Event, Transcript
from accord.protocol.view import Standing, View

__all__ = [
    "Accept",
    "AddOn",
    "Condition",
    "ConsultAuthority",
    "Display",
    "Ending",
    "Event",
    "IllegalMoveError",
    "Move",
    "Negotiation",
    "NegotiationOverError",
    "Offer",
    "OutOfTurnError",
    "OutsideSpaceError",
    "ProtocolError",
    "Silence",
    "Standing",
    "Transcript",
    "Ultimatum",
    "View",
    "WalkAway",
]
