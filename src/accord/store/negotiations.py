"""Negotiations as append-only event logs: start one, append each event as it
happens (one committed transaction per event), record how it ended, read it back.

A negotiation without an outcome row is open: it was interrupted (or is still
running) and can be resumed from its events (`accord.store.live.resume`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accord.errors import InputError
from accord.protocol.transcript import Ending, Event, Transcript
from accord.relationship import NegotiationRecord
from accord.store import codec
from accord.store.database import Store
from accord.store.schema import Counterparty, EventRow, NegotiationRow, OutcomeRow

_MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class NegotiationInfo:
    """A stored negotiation, without its events."""

    id: int
    key: str
    kind: str
    scenario: str
    path: str | None
    profiles: tuple[str, str] | None
    strategies: tuple[str | None, str | None]
    seed: int | None
    rounds: int | None
    counterparty: str | None
    started_at: dt.datetime
    events: int
    reason: str | None  # how it ended; None while open

    @property
    def open(self) -> bool:
        return self.reason is None


def start(
    store: Store,
    *,
    scenario: str,
    strategies: tuple[str, str],
    seed: int,
    rounds: int,
    path: str | None = None,
    profiles: tuple[str, str] | None = None,
    counterparty: str | None = None,
) -> int:
    """Store a new engine negotiation (before its first move) and return its id.

    `path` and `profiles` say where to load the scenario again to resume it;
    `counterparty` (side B, we are A) gets its relationship updated at the end.
    """
    if not 0 <= seed <= _MAX_SEED:
        raise InputError(f"seed {seed} is too large to store", field="--seed", expected="< 2**63")
    source = None if path is None else codec.canonical({"path": path, "profiles": profiles})

    def insert(s: Session) -> int:
        row = NegotiationRow(
            key=uuid.uuid4().hex,
            kind="engine",
            counterparty_id=None if counterparty is None else _counterparty_id(s, counterparty),
            scenario=scenario,
            source=source,
            strategy_a=strategies[0],
            strategy_b=strategies[1],
            seed=seed,
            rounds=rounds,
        )
        s.add(row)
        s.flush()
        return row.id

    return store.write(insert)


def append_event(store: Store, negotiation_id: int, seq: int, event: Event) -> None:
    """Append event number `seq` (0, 1, ...) in its own committed transaction.

    Raises `InputError` if that position is already taken (another process is
    writing the same negotiation) or the negotiation has ended.
    """
    data = codec.event_text(event)

    def insert(s: Session) -> None:
        if s.get(OutcomeRow, negotiation_id) is not None:
            raise InputError(f"negotiation {negotiation_id} has ended", source=store.shown)
        s.add(
            EventRow(
                negotiation_id=negotiation_id,
                seq=seq,
                turn=event.turn,
                actor=event.actor,
                kind=event.kind,
                data=data,
            )
        )
        s.flush()

    try:
        store.write(insert)
    except IntegrityError:
        raise InputError(
            f"event {seq} of negotiation {negotiation_id} is already stored: another "
            "process is writing this negotiation, or it does not exist",
            source=store.shown,
        ) from None


def finish(
    store: Store,
    negotiation_id: int,
    ending: Ending | None,
    *,
    record: NegotiationRecord | None = None,
    metrics: dict[str, Any] | None = None,
    held_on: dt.date | None = None,
    check_by: dt.date | None = None,
) -> None:
    """Record how the negotiation ended and, when it has a counterparty and a
    `record`, the relationship after it: both in one transaction."""
    from accord.store.ledger import append_negotiation

    def insert(s: Session) -> None:
        neg = s.get(NegotiationRow, negotiation_id)
        if neg is None:
            raise InputError(f"no negotiation {negotiation_id}", source=store.shown)
        if s.get(OutcomeRow, negotiation_id) is not None:
            raise InputError(f"negotiation {negotiation_id} already ended", source=store.shown)
        s.add(outcome_row(negotiation_id, ending, record, metrics, held_on, check_by))
        if neg.counterparty_id is not None and record is not None:
            append_negotiation(s, neg.counterparty_id, record, negotiation_id)

    store.write(insert)


def outcome_row(
    negotiation_id: int,
    ending: Ending | None,
    record: NegotiationRecord | None,
    metrics: dict[str, Any] | None,
    held_on: dt.date | None,
    check_by: dt.date | None,
) -> OutcomeRow:
    reason: str
    if ending is not None:
        agreement, reason = ending.reason == "agreement", ending.reason
    elif record is not None:
        agreement, reason = record.agreement, record.reason or "entered"
    else:
        raise ValueError("an outcome needs an ending or a record")
    return OutcomeRow(
        negotiation_id=negotiation_id,
        reason=reason,
        agreement=agreement,
        held_on=held_on or dt.date.today(),
        ending=None if ending is None else codec.ending_text(ending),
        record=None if record is None else codec.record_text(record),
        metrics=None if metrics is None else codec.canonical(metrics),
        check_by=check_by,
    )


def info(store: Store, negotiation_id: int) -> NegotiationInfo:
    """A stored negotiation by id, or an `InputError` naming the store."""

    def read(s: Session) -> NegotiationInfo | None:
        row = s.get(NegotiationRow, negotiation_id)
        return None if row is None else _info(s, row)

    found = store.read(read)
    if found is None:
        raise InputError(
            f"no negotiation {negotiation_id} is stored",
            source=store.shown,
            expected="an id shown by `accord negotiate --db` or `accord ledger negotiations`",
        )
    return found


def listing(store: Store, *, open_only: bool = False) -> list[NegotiationInfo]:
    """Every stored negotiation, oldest first."""

    def read(s: Session) -> list[NegotiationInfo]:
        rows = s.scalars(select(NegotiationRow).order_by(NegotiationRow.id)).all()
        found = [_info(s, r) for r in rows]
        return [n for n in found if n.open] if open_only else found

    return store.read(read)


def events(store: Store, negotiation_id: int) -> list[Event]:
    """The stored events in order; checks that none is missing."""

    def read(s: Session) -> list[tuple[int, str]]:
        q = select(EventRow.seq, EventRow.data).where(EventRow.negotiation_id == negotiation_id)
        return [(seq, data) for seq, data in s.execute(q.order_by(EventRow.seq)).all()]

    rows = store.read(read)
    for k, (seq, _) in enumerate(rows):
        if seq != k:
            raise InputError(f"negotiation {negotiation_id} misses event {k}", source=store.shown)
    return [codec.event_of(data, store.shown) for _, data in rows]


def transcript(store: Store, negotiation_id: int) -> Transcript:
    """The stored transcript: every event so far, and the ending if it ended."""
    neg = info(store, negotiation_id)
    if neg.kind != "engine":
        raise InputError(
            f"negotiation {negotiation_id} was entered by hand and has no transcript",
            source=store.shown,
        )

    def read(s: Session) -> str | None:
        row = s.get(OutcomeRow, negotiation_id)
        return None if row is None else row.ending

    ending_text = store.read(read)
    return Transcript(
        scenario=neg.scenario,
        strategies=(neg.strategies[0] or "", neg.strategies[1] or ""),
        seed=neg.seed or 0,
        rounds=neg.rounds or 0,
        events=events(store, negotiation_id),
        ending=None if ending_text is None else codec.ending_of(ending_text, store.shown),
    )


def _info(s: Session, row: NegotiationRow) -> NegotiationInfo:
    count = s.scalar(select(func.count()).where(EventRow.negotiation_id == row.id)) or 0
    outcome = s.get(OutcomeRow, row.id)
    source = {} if row.source is None else codec.load(row.source, "source", "store")
    profiles = source.get("profiles")
    name = None
    if row.counterparty_id is not None:
        name = s.scalar(select(Counterparty.name).where(Counterparty.id == row.counterparty_id))
    return NegotiationInfo(
        id=row.id,
        key=row.key,
        kind=row.kind,
        scenario=row.scenario,
        path=source.get("path"),
        profiles=None if profiles is None else (str(profiles[0]), str(profiles[1])),
        strategies=(row.strategy_a, row.strategy_b),
        seed=row.seed,
        rounds=row.rounds,
        counterparty=name,
        started_at=row.started_at,
        events=int(count),
        reason=None if outcome is None else outcome.reason,
    )


def _counterparty_id(s: Session, name: str) -> int:
    from accord.store.ledger import ensure_counterparty

    return ensure_counterparty(s, name).id


def agreed_terms(store: Store, negotiation_ids: list[int]) -> dict[int, str]:
    """The agreed terms of the negotiations among `negotiation_ids` run by the engine or
    a coach, in the scenario's own units ('rebate=1.75%, stock=2x, ...'), by id: what a
    person reads in a ledger. A deal whose scenario file cannot be read any more is left
    out (its utilities are stored and still shown)."""
    from accord.formats import load_scenario
    from accord.model.units import show_terms, show_value
    from accord.protocol.moves import if_missed

    def read(s: Session) -> list[tuple[int, str | None, str | None]]:
        q = (
            select(NegotiationRow.id, NegotiationRow.source, OutcomeRow.ending)
            .join(OutcomeRow, OutcomeRow.negotiation_id == NegotiationRow.id)
            .where(
                NegotiationRow.kind == "engine",
                OutcomeRow.agreement.is_(True),
                NegotiationRow.id.in_(negotiation_ids),
            )
        )
        return [(n, source, ending) for n, source, ending in s.execute(q).all()]

    found: dict[int, str] = {}
    scenarios: dict[tuple[str, tuple[str, ...]], Any] = {}
    for neg, source, ending_text in store.read(read):
        where = {} if source is None else codec.load(source, "source", store.shown)
        ending = None if ending_text is None else codec.ending_of(ending_text, store.shown)
        if not where.get("path") or ending is None or ending.agreement is None:
            continue
        key = (str(where["path"]), tuple(str(p) for p in where.get("profiles") or ()))
        if key not in scenarios:
            try:
                profiles = tuple(Path(p) for p in key[1]) or None
                scenarios[key] = load_scenario(key[0], profiles)
            except InputError:
                scenarios[key] = None
        scenario = scenarios[key]
        if scenario is None:
            continue
        space = scenario.space
        try:  # a file edited since may no longer hold the deal: then no terms, no error
            text = show_terms(space.issues, space.outcome(ending.agreement))
            c = ending.condition
            if c is not None:  # P12: the condition, and what the issue falls back to
                issue = space.issues[space.issue_index(c.issue)]
                fallback = space.outcome(if_missed(space, ending.agreement, c))[c.issue]
                what = c.text or f"the condition on {c.issue}"
                missed = show_value(issue, fallback)
                text += f" (if {c.obligor} meets '{what}', else {c.issue}={missed})"
        except (InputError, KeyError, IndexError, ValueError):
            continue
        found[neg] = text
    return found
