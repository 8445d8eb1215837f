"""Moves, events, transcripts, the alternating-offers engine and the `Strategy` it plays."""

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
from accord.protocol.strategy import Strategy, Traits
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
    "Strategy",
    "Traits",
    "Transcript",
    "Ultimatum",
    "View",
    "WalkAway",
]
