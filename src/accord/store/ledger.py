"""The relationship ledger: counterparties, each relationship's states over time,
its health now, and the conditions (P12) still to be checked.

A relationship is stored as one row per state it has been in (after each
negotiation, after each condition resolved), each a whole `RelationshipState`
with us as side A and the counterparty as side B. The newest row is the
relationship now; the rows in order are its history, for the chart.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accord.errors import InputError, echo
from accord.relationship import (
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    resolve_condition,
    update,
)
from accord.store import codec
from accord.store.database import Store
from accord.store.health import SIDE, Health, day_text, health_of, sides
from accord.store.negotiations import outcome_row
from accord.store.schema import Counterparty, NegotiationRow, OutcomeRow, RelationshipRow


@dataclass(frozen=True)
class HistoryEntry:
    """One state of a relationship: after a negotiation, or after a condition resolved."""

    seq: int
    cause: str
    negotiation_id: int | None
    held_on: dt.date | None
    state: RelationshipState

    def to_json(self) -> dict[str, Any]:
        negotiated = self.cause == "negotiation"
        return {
            "seq": self.seq,
            "cause": self.cause,
            "negotiation": self.negotiation_id,
            "held_on": day_text(self.held_on),
            "trust": self.state.trust,
            "resentment": sides(self.state.resentment),
            "record": self.state.history[-1].to_json() if negotiated else None,
        }


@dataclass(frozen=True)
class OpenCondition:
    """A condition attached to a past deal (P12) that nobody has checked yet, under the
    id of its negotiation (the one number `record` prints and `resolve` takes)."""

    text: str
    obligor: str  # "us" or "them"
    negotiation_id: int | None
    held_on: dt.date | None
    check_by: dt.date | None

    def due(self, today: dt.date) -> bool:
        """Due to be checked: its day has come, or it has no day."""
        return self.check_by is None or self.check_by <= today

    def to_json(self, today: dt.date) -> dict[str, Any]:
        return {
            "text": self.text,
            "obligor": self.obligor,
            "negotiation": self.negotiation_id,
            "held_on": day_text(self.held_on),
            "check_by": day_text(self.check_by),
            "due": self.due(today),
        }


def add_counterparty(store: Store, name: str, notes: str = "") -> None:
    """A new counterparty, or an `InputError` if the name is taken (in any case)."""
    name = _name(name)

    def insert(s: Session) -> None:
        found = _find(s, name)
        if found is not None:
            raise InputError(f"'{found.name}' is already in the ledger", field="NAME")
        s.add(Counterparty(name=name, notes=notes))

    store.write(insert)


def ensure_counterparty(s: Session, name: str) -> Counterparty:
    """The counterparty named `name` (in any case), created if new (inside the caller's
    transaction)."""
    name = _name(name)
    found = _find(s, name)
    if found is not None:
        return found
    try:
        with s.begin_nested():
            row = Counterparty(name=name, notes="")
            s.add(row)
    except IntegrityError:  # another process created it just now (PostgreSQL)
        found = _find(s, name)
        assert found is not None
        return found
    return row


def health(store: Store) -> list[Health]:
    """Every counterparty's relationship now, by name."""

    def read(s: Session) -> list[Health]:
        rows = s.scalars(select(Counterparty).order_by(Counterparty.name)).all()
        return [_health(s, row) for row in rows]

    return store.read(read)


def stored_name(store: Store, name: str) -> str:
    """The counterparty's name as stored, for `name` typed in any case."""
    return store.read(lambda s: _get(s, name, store).name)


def history(store: Store, name: str) -> list[HistoryEntry]:
    """Every state the relationship with `name` has been in, oldest first."""

    def read(s: Session) -> list[HistoryEntry]:
        cp = _get(s, name, store)
        q = (
            select(RelationshipRow, OutcomeRow.held_on)
            .outerjoin(OutcomeRow, OutcomeRow.negotiation_id == RelationshipRow.negotiation_id)
            .where(RelationshipRow.counterparty_id == cp.id)
            .order_by(RelationshipRow.seq)
        )
        return [
            HistoryEntry(
                row.seq, row.cause, row.negotiation_id, held, codec.state_of(row.state, store.shown)
            )
            for row, held in s.execute(q).all()
        ]

    return store.read(read)


def open_conditions(store: Store, name: str) -> list[OpenCondition]:
    """The conditions of past deals with `name` not yet checked, oldest first."""

    def read(s: Session) -> list[OpenCondition]:
        cp = _get(s, name, store)
        state, _ = _current(s, cp)
        q = (
            select(RelationshipRow.negotiation_id, OutcomeRow.held_on, OutcomeRow.check_by)
            .join(OutcomeRow, OutcomeRow.negotiation_id == RelationshipRow.negotiation_id)
            .where(RelationshipRow.counterparty_id == cp.id, RelationshipRow.cause == "negotiation")
            .order_by(RelationshipRow.seq)
        )
        dates = s.execute(q).all()
        found = []
        for k, rec in enumerate(state.history):
            c = rec.condition
            if c is None or c.honoured is not None:
                continue
            neg, held, check_by = dates[k] if k < len(dates) else (None, None, None)
            found.append(OpenCondition(c.text, SIDE[c.obligor], neg, held, check_by))
        return found

    return store.read(read)


def relationship(store: Store, name: str) -> tuple[RelationshipState, RelationshipParams]:
    """The relationship with `name` now, and the model's parameters for it."""
    return store.read(lambda s: _current(s, _get(s, name, store)))


def record_entered(
    store: Store,
    name: str,
    record: NegotiationRecord,
    *,
    held_on: dt.date | None = None,
    check_by: dt.date | None = None,
    metrics: dict[str, Any] | None = None,
) -> int:
    """Store a negotiation entered by hand and the relationship after it, in one
    transaction; returns the negotiation's id. The counterparty is created if new.
    `metrics`: what is known of the outcome, e.g. its terms (`manual.Terms`)."""
    if check_by is not None and record.condition is None:
        raise InputError("a day to check a condition, but no condition", field="--check-by")

    def insert(s: Session) -> int:
        cp = ensure_counterparty(s, name)
        neg = NegotiationRow(
            key=uuid.uuid4().hex, kind="manual", counterparty_id=cp.id, scenario=record.scenario
        )
        s.add(neg)
        s.flush()
        s.add(outcome_row(neg.id, None, record, metrics, held_on, check_by))
        append_negotiation(s, cp.id, record, neg.id)
        return neg.id

    return store.write(insert)


def resolve(store: Store, name: str, negotiation_id: int, honoured: bool) -> RelationshipState:
    """Record whether the condition of stored negotiation `negotiation_id` with `name`
    was honoured; trust moves (P12). Returns the relationship after it."""

    def insert(s: Session) -> RelationshipState:
        cp = _get(s, name, store, lock=True)
        state, params = _current(s, cp)
        ids = _held_ids(s, cp)[: len(state.history)]
        waiting = [
            i
            for i, rec in zip(ids, state.history, strict=False)
            if i is not None and rec.condition is not None and rec.condition.honoured is None
        ]
        expected = (
            "the id of one with an open condition: " + ", ".join(map(str, waiting))
            if waiting
            else f"no condition with '{cp.name}' is open"
        )
        if negotiation_id not in ids:
            held = ", ".join(str(i) for i in ids if i is not None) or "none"
            raise InputError(
                f"no negotiation {negotiation_id} with '{cp.name}' (held: {held})",
                source=store.shown,
                field="ID",
                expected=expected,
            )
        k = ids.index(negotiation_id)
        c = state.history[k].condition
        if c is None or c.honoured is not None:
            what = "no condition" if c is None else "a condition already checked"
            raise InputError(
                f"negotiation {negotiation_id} with '{cp.name}' has {what}",
                source=store.shown,
                field="ID",
                expected=expected,
            )
        after = resolve_condition(state, k, honoured, params)
        _append(s, cp.id, after, "condition", None)
        return after

    return store.write(insert)


def append_negotiation(
    s: Session, counterparty_id: int, record: NegotiationRecord, negotiation_id: int
) -> RelationshipState:
    """The relationship after `record`, appended inside the caller's transaction."""
    cp = s.execute(
        select(Counterparty).where(Counterparty.id == counterparty_id).with_for_update()
    ).scalar_one()
    state, params = _current(s, cp)
    if state.ended:
        raise InputError(
            f"the relationship with '{cp.name}' has ended ({', '.join(state.left)} left)"
        )
    after = update(state, record, params)
    _append(s, cp.id, after, "negotiation", negotiation_id)
    return after


def _append(
    s: Session,
    counterparty_id: int,
    state: RelationshipState,
    cause: str,
    negotiation_id: int | None,
) -> None:
    last = s.scalar(
        select(func.max(RelationshipRow.seq)).where(
            RelationshipRow.counterparty_id == counterparty_id
        )
    )
    s.add(
        RelationshipRow(
            counterparty_id=counterparty_id,
            seq=0 if last is None else last + 1,
            cause=cause,
            negotiation_id=negotiation_id,
            state=codec.state_text(state),
        )
    )
    s.flush()


def _current(s: Session, cp: Counterparty) -> tuple[RelationshipState, RelationshipParams]:
    params = codec.params_of(cp.params)
    text = s.scalar(
        select(RelationshipRow.state)
        .where(RelationshipRow.counterparty_id == cp.id)
        .order_by(RelationshipRow.seq.desc())
        .limit(1)
    )
    state = RelationshipState.start(params) if text is None else codec.state_of(text)
    return state, params


def _held_ids(s: Session, cp: Counterparty) -> list[int | None]:
    """The stored negotiation of each record in the relationship's history, in order."""
    q = (
        select(RelationshipRow.negotiation_id)
        .where(RelationshipRow.counterparty_id == cp.id, RelationshipRow.cause == "negotiation")
        .order_by(RelationshipRow.seq)
    )
    return list(s.scalars(q).all())


def _health(s: Session, cp: Counterparty) -> Health:
    state, params = _current(s, cp)
    last = s.scalar(
        select(func.max(OutcomeRow.held_on))
        .join(NegotiationRow, NegotiationRow.id == OutcomeRow.negotiation_id)
        .where(NegotiationRow.counterparty_id == cp.id)
    )
    running = s.scalar(
        select(func.count())
        .select_from(NegotiationRow)
        .outerjoin(OutcomeRow, OutcomeRow.negotiation_id == NegotiationRow.id)
        .where(NegotiationRow.counterparty_id == cp.id, OutcomeRow.negotiation_id.is_(None))
    )
    return health_of(cp.name, state, params, last, open_negotiations=running or 0)


def _find(s: Session, name: str) -> Counterparty | None:
    """The counterparty `name` designates: the name exactly as stored, else the one
    stored name equal to it ignoring case. Two names differing only in case (a store
    made before names were matched so) make a case-only match ambiguous: an error."""
    exact = s.scalar(select(Counterparty).where(Counterparty.name == name))
    if exact is not None:
        return exact
    folded = name.casefold()
    rows = s.execute(select(Counterparty.id, Counterparty.name).order_by(Counterparty.name))
    same = [(i, n) for i, n in rows.all() if n.casefold() == folded]
    if len(same) > 1:
        listed = ", ".join(f"'{n}'" for _, n in same)
        raise InputError(
            f"'{name}' matches {len(same)} counterparties: {listed}",
            field="NAME",
            expected="one of these names exactly as stored",
        )
    return s.get(Counterparty, same[0][0]) if same else None


def _get(s: Session, name: str, store: Store, *, lock: bool = False) -> Counterparty:
    found = _find(s, _name(name))
    if found is not None and lock:
        q = select(Counterparty).where(Counterparty.id == found.id).with_for_update()
        found = s.scalar(q)
    if found is None:
        known = s.scalars(select(Counterparty.name).order_by(Counterparty.name).limit(8)).all()
        raise InputError(
            f"no counterparty '{name}' in the ledger",
            source=store.shown,
            field="NAME",
            expected="one of: " + ", ".join(known) if known else "`accord ledger record` first",
        )
    return found


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 200:
        raise InputError(
            f"'{echo(name)}' is not a usable name", field="NAME", expected="1 to 200 characters"
        )
    return cleaned
