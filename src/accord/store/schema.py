"""The tables of the store, as SQLAlchemy 2 declarative models (the head revision).

Everything a negotiator accumulates is *appended*: a negotiation is a row and
then one row per event, written when it happens; a relationship is one row per
state it has been in; a plan is one row per saved version. Nothing is updated
in place, so a crash can cut a history short but never garble it.

JSON payloads are canonical text (sorted keys, no spaces) in `Text` columns:
the same bytes on SQLite and PostgreSQL, integers of any size (outcome indices
of huge spaces) kept exactly, and a row either parses whole or was never
committed. The migrations in `accord.store.migrations` create exactly these
tables; a test compares the two.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Names of constraints and indexes, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and read back as aware UTC (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def now() -> dt.datetime:
    """The current time in UTC, to the microsecond (what every backend keeps)."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Counterparty(Base):
    """Someone we negotiate with, by a unique name; `params` are the relationship
    model's parameters for this relationship (JSON; NULL means the defaults)."""

    __tablename__ = "counterparties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class RelationshipRow(Base):
    """The relationship with a counterparty after step `seq` (0, 1, ...): a whole
    `RelationshipState` as JSON. `cause` is 'negotiation' or 'condition' (a
    condition resolved)."""

    __tablename__ = "relationship_states"
    __table_args__ = (UniqueConstraint("counterparty_id", "seq", name="uq_relationship_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("counterparties.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(16))
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    state: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class PlanRow(Base):
    """One saved version of a plan (P1); the newest row of a name is the plan."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class NegotiationRow(Base):
    """A negotiation: what it takes to replay it (scenario file, strategies, seed,
    rounds) for `kind` 'engine', or only a label for one entered by hand ('manual').
    `key` identifies it across machines (export and import)."""

    __tablename__ = "negotiations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    counterparty_id: Mapped[int | None] = mapped_column(ForeignKey("counterparties.id"))
    scenario: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)  # JSON: {"path": ..., "profiles": ...}
    strategy_a: Mapped[str | None] = mapped_column(String(200))
    strategy_b: Mapped[str | None] = mapped_column(String(200))
    seed: Mapped[int | None] = mapped_column(BigInteger)
    rounds: Mapped[int | None] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class EventRow(Base):
    """One event of a negotiation's transcript, position `seq` (0, 1, ...), as JSON;
    turn, actor and kind are copied out for queries."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("negotiation_id", "seq", name="uq_event_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    turn: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(1))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class OutcomeRow(Base):
    """How a negotiation ended: the engine's ending (JSON), the relationship's
    `NegotiationRecord` (JSON), the outcome metrics (JSON), the day it was held
    and, for a conditional deal, the day by which to check the condition (P12)."""

    __tablename__ = "outcomes"

    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32))
    agreement: Mapped[bool] = mapped_column(Boolean)
    held_on: Mapped[dt.date] = mapped_column(Date)
    ending: Mapped[str | None] = mapped_column(Text)
    record: Mapped[str | None] = mapped_column(Text)
    metrics: Mapped[str | None] = mapped_column(Text)
    check_by: Mapped[dt.date | None] = mapped_column(Date)  # revision 0002
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class TournamentRun(Base):
    """A tournament's configuration (JSON) and how many tasks it ran or reused."""

    __tablename__ = "tournament_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    config: Mapped[str] = mapped_column(Text)
    ran: Mapped[int] = mapped_column(Integer)
    reused: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class StandingRow(Base):
    """One strategy's line in a tournament's standings at one sweep `point` (JSON
    `[[parameter, value], ...]`, `[]` without a sweep), `rank` 1 being the best.
    `data` is the whole standings record (JSON), whose columns grow with the
    tournament's metrics; strategy, n and own utility are copied out for queries."""

    __tablename__ = "tournament_standings"
    __table_args__ = (UniqueConstraint("run_id", "point", "rank", name="uq_standing_rank"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("tournament_runs.id"), index=True)
    point: Mapped[str] = mapped_column(String(500))
    rank: Mapped[int] = mapped_column(Integer)
    strategy: Mapped[str] = mapped_column(String(200))
    n: Mapped[int] = mapped_column(Integer)
    own: Mapped[float] = mapped_column(Float)
    data: Mapped[str] = mapped_column(Text)
