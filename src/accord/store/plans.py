"""Plans (P1's six elements), saved as versions: each save appends a row, the newest
version of a name is the plan, and earlier ones stay for the debrief.

The store keeps a plan's body as the JSON object the advisor gives it; it
checks only that it is one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.errors import InputError
from accord.store import codec
from accord.store.database import Store
from accord.store.ledger import ensure_counterparty
from accord.store.schema import Counterparty, PlanRow


@dataclass(frozen=True)
class StoredPlan:
    """One saved version of a plan."""

    key: str
    name: str
    counterparty: str | None
    created_at: dt.datetime
    body: dict[str, Any]


def save_plan(
    store: Store, name: str, body: dict[str, Any], *, counterparty: str | None = None
) -> str:
    """Save a new version of plan `name` (optionally for a counterparty); its key."""
    if not isinstance(body, dict):
        raise InputError("a plan must be a JSON object", field="plan")
    if not name.strip():
        raise InputError("a plan needs a name", field="name")
    text = codec.canonical(body)
    key = uuid.uuid4().hex

    def insert(s: Session) -> None:
        cp = None if counterparty is None else ensure_counterparty(s, counterparty).id
        s.add(PlanRow(key=key, name=name.strip(), counterparty_id=cp, body=text))

    store.write(insert)
    return key


def latest_plan(store: Store, name: str) -> StoredPlan | None:
    """The newest version of plan `name`, or None."""
    versions = plan_versions(store, name)
    return versions[-1] if versions else None


def plan_versions(store: Store, name: str | None = None) -> list[StoredPlan]:
    """Every saved version of plan `name` (of every plan if None), oldest first."""

    def read(s: Session) -> list[StoredPlan]:
        q = select(PlanRow, Counterparty.name).outerjoin(
            Counterparty, Counterparty.id == PlanRow.counterparty_id
        )
        if name is not None:
            q = q.where(PlanRow.name == name.strip())
        rows = s.execute(q.order_by(PlanRow.id)).all()
        return [
            StoredPlan(
                row.key, row.name, cp, row.created_at, codec.load(row.body, "plan", store.shown)
            )
            for row, cp in rows
        ]

    return store.read(read)
