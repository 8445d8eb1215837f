"""Export the whole store to one JSON document, and import one: for backups and
for moving a ledger between machines (SQLite here, PostgreSQL there).

An import is all or nothing: it validates the whole file first (layout with
pydantic, then every state, event, ending and record with the domain's own
parsers), then writes everything in one transaction. Items already in the
store (same counterparty name, same negotiation, plan or tournament key) are
skipped when identical, so importing a file twice changes nothing; an item
that differs is a conflict, and nothing is written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pydantic
from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.errors import InputError
from accord.relationship import NegotiationRecord, RelationshipParams, RelationshipState
from accord.store import codec, migrate
from accord.store.database import Store
from accord.store.export_format import (
    FORMAT,
    INT64,
    VERSION,
    CounterpartyItem,
    EventItem,
    Export,
    Header,
    NegotiationItem,
    OutcomeItem,
    PlanItem,
    StandingItem,
    StateItem,
    TournamentItem,
)
from accord.store.schema import (
    Counterparty,
    EventRow,
    NegotiationRow,
    OutcomeRow,
    PlanRow,
    RelationshipRow,
    StandingRow,
    TournamentRun,
    now,
)
from accord.store.tournaments import standing_record, standing_row


def export_store(store: Store) -> Export:
    """Everything in the store, as one validated document."""

    def read(s: Session) -> Export:
        return Export(
            format=FORMAT,
            version=VERSION,
            schema_revision=migrate.head(),
            exported_at=now(),
            counterparties=_counterparties(s),
            negotiations=_negotiations(s),
            plans=_plans(s),
            tournaments=_tournaments(s),
        )

    return store.read(read)


def export_text(store: Store) -> str:
    return export_store(store).model_dump_json(indent=1) + "\n"


def read_export(path: Path) -> Export:
    """Parse and validate an export file, or raise an `InputError` naming the field."""
    source = str(path)
    try:
        text = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror})", source=source) from None
    return parse_export(text, source)


def parse_export(text: bytes, source: str) -> Export:
    """Validate an export's bytes (a file, or one uploaded to the web app named `source`),
    or raise an `InputError` naming the field."""
    try:
        Header.model_validate_json(text)
        data = Export.model_validate_json(text)
    except pydantic.ValidationError as e:
        raise _invalid(source, e) from None
    _check_numbers(text, source)
    _check_payloads(data, source)
    return data


def import_store(store: Store, data: Export, source: str = "import") -> dict[str, int]:
    """Write `data` into the store in one transaction; counts of what was added."""
    return store.write(lambda s: _import(s, data, source))


# export ----------------------------------------------------------------------------


def _counterparties(s: Session) -> list[CounterpartyItem]:
    keys = dict(s.execute(select(NegotiationRow.id, NegotiationRow.key)).all())
    items = []
    for cp in s.scalars(select(Counterparty).order_by(Counterparty.id)):
        rows = s.scalars(
            select(RelationshipRow)
            .where(RelationshipRow.counterparty_id == cp.id)
            .order_by(RelationshipRow.seq)
        )
        states = [
            StateItem(
                cause=r.cause,  # type: ignore[arg-type]  # the column's text; the model checks it
                negotiation=None if r.negotiation_id is None else keys[r.negotiation_id],
                recorded_at=r.recorded_at,
                state=json.loads(r.state),
            )
            for r in rows
        ]
        params = None if cp.params is None else json.loads(cp.params)
        items.append(
            CounterpartyItem(
                name=cp.name, notes=cp.notes, params=params, created_at=cp.created_at, states=states
            )
        )
    return items


def _negotiations(s: Session) -> list[NegotiationItem]:
    names = dict(s.execute(select(Counterparty.id, Counterparty.name)).all())
    items = []
    for n in s.scalars(select(NegotiationRow).order_by(NegotiationRow.id)):
        events = s.scalars(
            select(EventRow).where(EventRow.negotiation_id == n.id).order_by(EventRow.seq)
        )
        o = s.get(OutcomeRow, n.id)
        items.append(
            NegotiationItem(
                key=n.key,
                kind=n.kind,  # type: ignore[arg-type]  # the column's text; the model checks it
                counterparty=None if n.counterparty_id is None else names[n.counterparty_id],
                scenario=n.scenario,
                source=_json(n.source),
                strategies=(n.strategy_a, n.strategy_b),
                seed=n.seed,
                rounds=n.rounds,
                started_at=n.started_at,
                events=[
                    EventItem(recorded_at=e.recorded_at, event=json.loads(e.data)) for e in events
                ],
                outcome=None if o is None else _outcome(o),
            )
        )
    return items


def _outcome(o: OutcomeRow) -> OutcomeItem:
    return OutcomeItem(
        reason=o.reason,
        agreement=o.agreement,
        held_on=o.held_on,
        check_by=o.check_by,
        ending=_json(o.ending),
        record=_json(o.record),
        metrics=_json(o.metrics),
        recorded_at=o.recorded_at,
    )


def _plans(s: Session) -> list[PlanItem]:
    names = dict(s.execute(select(Counterparty.id, Counterparty.name)).all())
    return [
        PlanItem(
            key=p.key,
            name=p.name,
            counterparty=None if p.counterparty_id is None else names[p.counterparty_id],
            created_at=p.created_at,
            body=json.loads(p.body),
        )
        for p in s.scalars(select(PlanRow).order_by(PlanRow.id))
    ]


def _tournaments(s: Session) -> list[TournamentItem]:
    items = []
    for run in s.scalars(select(TournamentRun).order_by(TournamentRun.id)):
        rows = s.scalars(
            select(StandingRow).where(StandingRow.run_id == run.id).order_by(StandingRow.id)
        )
        standings = [
            StandingItem(point=json.loads(r.point), rank=r.rank, record=json.loads(r.data))
            for r in rows
        ]
        items.append(
            TournamentItem(
                key=run.key,
                recorded_at=run.recorded_at,
                config=json.loads(run.config),
                ran=run.ran,
                reused=run.reused,
                standings=standings,
            )
        )
    return items


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


# import ----------------------------------------------------------------------------


def _check_numbers(text: bytes, source: str) -> None:
    """An export holds finite numbers only (JSON has no NaN or infinity; the store's
    columns refuse them), and whole numbers a 64-bit column holds, so NaN, Infinity,
    1e999 or 10**30 anywhere refuses the file."""

    def shown(token: str) -> str:
        return token if len(token) <= 24 else token[:24] + "..."

    def finite(token: str) -> float:
        x = float(token)
        if not math.isfinite(x):
            raise ValueError(shown(token))
        return x

    def whole(token: str) -> int:
        if len(token.lstrip("-")) > 19 or abs(int(token)) > INT64:
            raise ValueError(shown(token))
        return int(token)

    try:
        json.loads(text, parse_float=finite, parse_constant=finite, parse_int=whole)
    except ValueError as e:
        raise InputError(
            f"the file holds the number {e}",
            source=source,
            expected=f"finite numbers, and whole numbers of at most {INT64}",
        ) from None


def _check_payloads(data: Export, source: str) -> None:
    """Every embedded domain value must parse as what it claims to be."""
    names = {c.name for c in data.counterparties}
    keys = {n.key for n in data.negotiations}
    for i, c in enumerate(data.counterparties):
        where = f"counterparties.{i}"
        _parse(
            source,
            f"{where}.params",
            lambda c=c: c.params and RelationshipParams.from_mapping(c.params),
        )
        for j, st in enumerate(c.states):
            _parse(
                source,
                f"{where}.states.{j}.state",
                lambda st=st: RelationshipState.from_json(st.state),
            )
            if st.negotiation is not None and st.negotiation not in keys:
                raise InputError(
                    f"refers to negotiation {st.negotiation}, which the file does not hold",
                    source=source,
                    field=f"{where}.states.{j}.negotiation",
                )
    for i, n in enumerate(data.negotiations):
        where = f"negotiations.{i}"
        if n.counterparty is not None and n.counterparty not in names:
            raise InputError(
                f"names counterparty '{n.counterparty}', which the file does not hold",
                source=source,
                field=f"{where}.counterparty",
            )
        for j, e in enumerate(n.events):
            _parse(source, f"{where}.events.{j}.event", lambda e=e: codec.event_from_data(e.event))
        o = n.outcome
        if o is not None and o.ending is not None:
            _parse(source, f"{where}.outcome.ending", lambda o=o: codec.ending_from_data(o.ending))
        if o is not None and o.record is not None:
            _parse(
                source, f"{where}.outcome.record", lambda o=o: NegotiationRecord.from_json(o.record)
            )

    for i, t in enumerate(data.tournaments):
        for j, standing in enumerate(t.standings):
            where = f"tournaments.{i}.standings.{j}.record"
            _parse(
                source,
                where,
                lambda s=standing: (standing_record(s.record), standing_row(0, (), 1, s.record)),
            )


def _parse(source: str, field: str, fn: Any) -> None:
    try:
        fn()
    except InputError as e:
        raise InputError(e.message, source=source, field=field, expected=e.expected) from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ArithmeticError) as e:
        raise InputError(
            f"not valid ({type(e).__name__}: {e})", source=source, field=field
        ) from None


def _import(s: Session, data: Export, source: str) -> dict[str, int]:
    existing = _existing(s)
    added = dict.fromkeys(("counterparties", "negotiations", "plans", "tournaments"), 0)
    new_cps = []
    for c in data.counterparties:
        if _same(existing["counterparties"], c.name, c, source, "counterparty"):
            continue
        row = Counterparty(
            name=c.name, notes=c.notes, params=_text(c.params), created_at=c.created_at
        )
        s.add(row)
        new_cps.append((row, c))
        added["counterparties"] += 1
    s.flush()
    ids = dict(s.execute(select(Counterparty.name, Counterparty.id)).all())
    for n in data.negotiations:
        if _same(existing["negotiations"], n.key, n, source, "negotiation"):
            continue
        _add_negotiation(s, n, None if n.counterparty is None else ids[n.counterparty])
        added["negotiations"] += 1
    s.flush()
    keys = dict(s.execute(select(NegotiationRow.key, NegotiationRow.id)).all())
    for row, c in new_cps:
        for seq, st in enumerate(c.states):
            s.add(
                RelationshipRow(
                    counterparty_id=row.id,
                    seq=seq,
                    cause=st.cause,
                    negotiation_id=None if st.negotiation is None else keys[st.negotiation],
                    state=codec.canonical(st.state),
                    recorded_at=st.recorded_at,
                )
            )
    for p in data.plans:
        if _same(existing["plans"], p.key, p, source, "plan"):
            continue
        cp = None if p.counterparty is None else ids[p.counterparty]
        s.add(
            PlanRow(
                key=p.key,
                name=p.name,
                counterparty_id=cp,
                body=codec.canonical(p.body),
                created_at=p.created_at,
            )
        )
        added["plans"] += 1
    for t in data.tournaments:
        if _same(existing["tournaments"], t.key, t, source, "tournament"):
            continue
        _add_tournament(s, t)
        added["tournaments"] += 1
    s.flush()
    return added


def _existing(s: Session) -> dict[str, dict[str, Any]]:
    return {
        "counterparties": {c.name: c for c in _counterparties(s)},
        "negotiations": {n.key: n for n in _negotiations(s)},
        "plans": {p.key: p for p in _plans(s)},
        "tournaments": {t.key: t for t in _tournaments(s)},
    }


def _same(existing: dict[str, Any], key: str, item: Any, source: str, what: str) -> bool:
    """True if the store already holds `item`; a conflict if it holds something else."""
    if key not in existing:
        return False
    if existing[key] != item:
        raise InputError(
            f"the store already holds a different {what} '{key}'; nothing was imported",
            source=source,
            expected=f"a file whose {what}s are new to this store or identical to its own",
        )
    return True


def _add_negotiation(s: Session, n: NegotiationItem, counterparty_id: int | None) -> None:
    row = NegotiationRow(
        key=n.key,
        kind=n.kind,
        counterparty_id=counterparty_id,
        scenario=n.scenario,
        source=_text(n.source),
        strategy_a=n.strategies[0],
        strategy_b=n.strategies[1],
        seed=n.seed,
        rounds=n.rounds,
        started_at=n.started_at,
    )
    s.add(row)
    s.flush()
    for seq, e in enumerate(n.events):
        event = codec.event_from_data(e.event)
        s.add(
            EventRow(
                negotiation_id=row.id,
                seq=seq,
                turn=event.turn,
                actor=event.actor,
                kind=event.kind,
                data=codec.canonical(e.event),
                recorded_at=e.recorded_at,
            )
        )
    o = n.outcome
    if o is not None:
        s.add(
            OutcomeRow(
                negotiation_id=row.id,
                reason=o.reason,
                agreement=o.agreement,
                held_on=o.held_on,
                check_by=o.check_by,
                ending=_text(o.ending),
                record=_text(o.record),
                metrics=_text(o.metrics),
                recorded_at=o.recorded_at,
            )
        )


def _add_tournament(s: Session, t: TournamentItem) -> None:
    run = TournamentRun(
        key=t.key,
        config=codec.canonical(t.config),
        ran=t.ran,
        reused=t.reused,
        recorded_at=t.recorded_at,
    )
    s.add(run)
    s.flush()
    for st in t.standings:
        point = tuple((k, v) for k, v in st.point)
        s.add(standing_row(run.id, point, st.rank, st.record))


def _text(data: Any) -> str | None:
    return None if data is None else codec.canonical(data)


def _invalid(source: str, e: pydantic.ValidationError) -> InputError:
    first = e.errors()[0]
    field = ".".join(str(x) for x in first["loc"]) or None
    more = f" (and {e.error_count() - 1} more problems)" if e.error_count() > 1 else ""
    expected = None
    if first["type"] in ("literal_error",):
        expected = f"a file written by `accord ledger export` ({FORMAT}, version {VERSION})"
    return InputError(f"{first['msg']}{more}", source=source, field=field, expected=expected)
