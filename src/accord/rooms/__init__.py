"""Rooms: two people negotiate with each other through the engine (issue 16).

`Rooms(open_rooms(path))` keeps a server's rooms; see `accord.rooms.room`.
"""

from accord.rooms.room import (
    CLOSINGS,
    Created,
    Proposal,
    RoomError,
    RoomInfo,
    Rooms,
    RoomSettings,
    SeatView,
    StaleMoveError,
)
from accord.rooms.tables import open_rooms

__all__ = [
    "CLOSINGS",
    "Created",
    "Proposal",
    "RoomError",
    "RoomInfo",
    "RoomSettings",
    "Rooms",
    "SeatView",
    "StaleMoveError",
    "open_rooms",
]
