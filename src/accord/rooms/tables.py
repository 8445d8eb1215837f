"""Where rooms are kept: a server-wide accord store (`rooms.db`, or a PostgreSQL database
that several server processes share) with tables of its own.

A room's transcript is an ordinary stored negotiation (the `negotiations`,
`events` and `outcomes` tables, so the store's codecs, its one-transaction
writes and its unique `(negotiation, seq)` position apply as for any
negotiation). Beside it, `rooms` holds what the room is (its key, the
scenario's YAML text snapshotted at creation, the settings, the owner) and
`room_seats` one row per change of a seat (a new invitation token, a new
closing display): appended, never updated, the newest row of a seat being the
seat. Tokens are stored only as SHA-256 hashes.

These tables are not in the store's migrations (they are only ever in the rooms
store, never in a person's ledger): `open_rooms` creates them if absent, through
`make_tables`, which other tables of the rooms store (the classroom's) use too, so
that processes starting at once on a new database make them once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import ForeignKey, Integer, MetaData, String, Text, UniqueConstraint, text
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


#: Key of the PostgreSQL advisory lock under which the rooms' tables are made ("rooms").
_TABLES_LOCK = 0x726F6F6D73


def open_rooms(where: Path | str) -> Store:
    """The rooms store: an SQLite file at `where` (made, with its folder, if new) or the
    PostgreSQL database its URL names; its tables made if absent."""
    if isinstance(where, Path):
        where.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(str(where))
    try:
        make_tables(store, RoomBase.metadata)
    except BaseException:
        store.close()
        raise
    return store


def make_tables(store: Store, metadata: MetaData) -> None:
    """`metadata`'s tables in `store`, those absent made, in one write transaction that
    first takes the database's write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an
    advisory lock), so that processes opening a new database at once make them once."""

    def make() -> None:
        with store.writer.connect() as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                lock = text("SELECT pg_advisory_xact_lock(:key)")
                connection.execute(lock, {"key": _TABLES_LOCK})
            metadata.create_all(connection)

    store.retrying(make)
