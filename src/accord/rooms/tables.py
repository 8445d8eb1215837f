"""Where rooms are kept: a server-wide accord store (`rooms.db`) with two tables of its own.

A room's transcript is an ordinary stored negotiation (the `negotiations`,
`events` and `outcomes` tables, so the store's codecs, its one-transaction
writes and its unique `(negotiation, seq)` position apply as for any
negotiation). Beside it, `rooms` holds what the room is (its key, the
scenario's YAML text snapshotted at creation, the settings, the owner) and
`room_seats` one row per change of a seat (a new invitation token, a new
closing display): appended, never updated, the newest row of a seat being the
seat. Tokens are stored only as SHA-256 hashes.

These two tables are not in the store's migrations (they are only ever in
`rooms.db`, never in a person's ledger): `open_rooms` creates them if absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from accord.store.database import Store, open_store
from accord.store.schema import NAMING, UTCDateTime, now


class RoomBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RoomRow(RoomBase):
    """A room: `key` (public, in its URL), its negotiation in this store, the scenario's
    YAML text, its settings (JSON) and who made it (`owner`, a user id)."""

    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    negotiation_id: Mapped[int] = mapped_column(Integer, unique=True)
    owner: Mapped[int] = mapped_column(Integer, index=True)
    scenario: Mapped[str] = mapped_column(Text)
    settings: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class SeatRow(RoomBase):
    """Seat `role` of a room after change `seq`: its token's hash and closing display."""

    __tablename__ = "room_seats"
    __table_args__ = (UniqueConstraint("room_id", "role", "seq", name="uq_room_seat_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    role: Mapped[str] = mapped_column(String(1))
    seq: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), index=True)
    closing: Mapped[str] = mapped_column(String(16), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class LedgeredRow(RoomBase):
    """A room whose ending went into its owner's ledger (once: written with it)."""

    __tablename__ = "room_ledgered"

    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), primary_key=True)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


def open_rooms(path: Path) -> Store:
    """The rooms store at `path` (made, with its tables, if new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(str(path))
    store.retrying(lambda: RoomBase.metadata.create_all(store.writer))
    return store
