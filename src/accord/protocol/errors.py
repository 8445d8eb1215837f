"""Typed protocol violations: the engine refuses a move rather than guessing."""

from accord.errors import AccordError


class ProtocolError(AccordError):
    """A move the alternating-offers protocol does not allow."""


class OutOfTurnError(ProtocolError):
    """A party moved when it was the other side's turn."""


class OutsideSpaceError(ProtocolError):
    """An offer named an outcome that is not in the outcome space."""


class NegotiationOverError(ProtocolError):
    """A move after the negotiation ended."""


class IllegalMoveError(ProtocolError):
    """A move that is not allowed now (accepting nothing, granting another's add-on, ...)."""
