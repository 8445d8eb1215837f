"""The JSON layout of `accord ledger export`, as pydantic models that validate an import.

Every object forbids unknown fields and every field is typed, so a wrong file
fails on its first bad field, named by its path (`negotiations.3.events.0`).
Rows refer to each other by stable keys (a counterparty's name, a
negotiation's key), never by database ids, so a file moves between machines.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from accord.validation import StrictModel

#: Value of the "format" field; "version" is the layout's version, not the schema's.
FORMAT: Final = "accord-store"
VERSION: Final = 1

Json = dict[str, Any]
#: The largest integer a database column holds.
INT64 = 2**63 - 1


class _Strict(StrictModel):
    """Strict types too: a file written by `export` has exactly its types, nothing to coerce."""

    model_config = ConfigDict(strict=True)


class StateItem(_Strict):
    cause: Literal["negotiation", "condition"]
    negotiation: str | None
    recorded_at: dt.datetime
    state: Json


class CounterpartyItem(_Strict):
    name: str = Field(min_length=1, max_length=200)
    notes: str
    params: Json | None
    created_at: dt.datetime
    states: list[StateItem]


class EventItem(_Strict):
    recorded_at: dt.datetime
    event: Json


class OutcomeItem(_Strict):
    reason: str = Field(min_length=1, max_length=32)
    agreement: bool
    held_on: dt.date
    check_by: dt.date | None
    ending: Json | None
    record: Json | None
    metrics: Json | None
    recorded_at: dt.datetime


class NegotiationItem(_Strict):
    key: str = Field(pattern=r"^[0-9a-f]{32}$")
    kind: Literal["engine", "manual"]
    counterparty: str | None
    scenario: str = Field(max_length=200)
    source: Json | None
    strategies: tuple[str | None, str | None]
    seed: int | None = Field(ge=0, le=2**63 - 1)
    rounds: int | None = Field(ge=1, le=INT64)
    started_at: dt.datetime
    events: list[EventItem]
    outcome: OutcomeItem | None


class PlanItem(_Strict):
    key: str = Field(pattern=r"^[0-9a-f]{32}$")
    name: str = Field(min_length=1, max_length=200)
    counterparty: str | None
    created_at: dt.datetime
    body: Json


class StandingItem(_Strict):
    point: list[tuple[str, float]]
    rank: int = Field(ge=1, le=INT64)
    record: Json


class TournamentItem(_Strict):
    key: str = Field(pattern=r"^[0-9a-f]{32}$")
    recorded_at: dt.datetime
    config: Json
    ran: int = Field(ge=0, le=INT64)
    reused: int = Field(ge=0, le=INT64)
    standings: list[StandingItem]


class Header(BaseModel):
    """Read first, so a file of another kind or version gets that error, not a field's."""

    model_config = ConfigDict(extra="allow")
    format: Literal["accord-store"]
    version: Literal[1]


class Export(_Strict):
    format: Literal["accord-store"]
    version: Literal[1]
    schema_revision: str
    exported_at: dt.datetime
    counterparties: list[CounterpartyItem]
    negotiations: list[NegotiationItem]
    plans: list[PlanItem]
    tournaments: list[TournamentItem]
