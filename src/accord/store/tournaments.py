"""Tournament runs and their standings: the configuration, and one row per strategy
at each sweep point.

Only the summary is stored; every negotiation's result stays in the run's
JSON-lines file (`--out`), which is what resuming a run reads. A standings
record is stored whole as JSON, so metrics the tournament adds later are kept
without a migration.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store import codec
from accord.store.database import Store
from accord.store.schema import StandingRow, TournamentRun
from accord.tournament import Executed, Record

#: A sweep point: (parameter, value) pairs; () for the model's defaults.
Point = tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class StoredTournament:
    """A stored tournament: its configuration and standings (best first) per sweep point."""

    id: int
    key: str
    recorded_at: dt.datetime
    config: dict[str, Any]
    ran: int
    reused: int
    by_point: dict[Point, list[Record]]

    @property
    def standings(self) -> list[Record]:
        """The first point's standings (the only ones without a sweep)."""
        return next(iter(self.by_point.values()), [])


def save_tournament(store: Store, executed: Executed, config: dict[str, Any]) -> int:
    """Store a finished tournament's standings under `config` (one transaction); its id."""
    by_point = getattr(executed, "by_point", None) or {(): executed.standings}
    return save_standings(store, by_point, config, executed.ran, executed.reused)


def save_standings(
    store: Store,
    by_point: Mapping[Point, Sequence[Record]],
    config: dict[str, Any],
    ran: int = 0,
    reused: int = 0,
) -> int:
    """Store standings (best first, per sweep point) and the configuration; the run's id."""
    text = codec.canonical(config)

    def insert(s: Session) -> int:
        run = TournamentRun(key=uuid.uuid4().hex, config=text, ran=ran, reused=reused)
        s.add(run)
        s.flush()
        for point, records in by_point.items():
            for rank, record in enumerate(records, start=1):
                s.add(standing_row(run.id, point, rank, record.to_json()))
        return run.id

    return store.write(insert)


def standing_row(run_id: int, point: Point, rank: int, data: dict[str, Any]) -> StandingRow:
    return StandingRow(
        run_id=run_id,
        point=codec.canonical([list(p) for p in point]),
        rank=rank,
        strategy=str(data["strategy"]),
        n=int(data["n"]),
        own=float(data["own"]),
        data=codec.canonical(data),
    )


def tournaments(store: Store) -> list[StoredTournament]:
    """Every stored tournament, oldest first."""

    def read(s: Session) -> list[StoredTournament]:
        runs = s.scalars(select(TournamentRun).order_by(TournamentRun.id)).all()
        return [_stored(s, run) for run in runs]

    return store.read(read)


def standing_record(data: dict[str, Any]) -> Record:
    """A standings record from its JSON, keeping the fields this accord's `Record` has."""
    known = {f.name for f in fields(Record)}
    return Record(**{k: v for k, v in data.items() if k in known})


def _stored(s: Session, run: TournamentRun) -> StoredTournament:
    rows = s.scalars(
        select(StandingRow).where(StandingRow.run_id == run.id).order_by(StandingRow.id)
    ).all()
    by_point: dict[Point, list[Record]] = {}
    for row in rows:
        point = tuple((str(k), float(v)) for k, v in codec.load(row.point, "point", "store"))
        record = standing_record(codec.load(row.data, "standing", "store"))
        by_point.setdefault(point, []).append(record)
    return StoredTournament(
        id=run.id,
        key=run.key,
        recorded_at=run.recorded_at,
        config=codec.load(run.config, "tournament configuration", "store"),
        ran=run.ran,
        reused=run.reused,
        by_point=by_point,
    )
