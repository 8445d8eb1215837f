"""The ledger's overview read with `sqlite3` alone: `accord ledger` without SQLAlchemy.

Importing SQLAlchemy's ORM costs more CPU than the whole overview may take, and
the overview is what a person runs most. So for an SQLite file already at the
packaged schema head, `health(db)` opens the file read-only, runs the same
four queries as `ledger.health` as SQL text in one read transaction, and builds
each `Health` with the same `health.health_of` from the same decoders (`codec`).

It answers only when nothing could differ; otherwise it returns None and the
caller takes the normal path (`open_store` and `ledger.health`), whose messages
and waiting are then exactly what they always were: a server URL, a path the
normal path would refuse, a file that does not exist yet, one the checks of
`sqlite_file` refuse, one not at the head revision (to be upgraded), a busy or
locked database (`timeout=0`: the normal path waits and says so), and any
`sqlite3` error or stored value that does not decode. A test builds random stores
and checks that both paths return equal values.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from accord.errors import InputError
from accord.relationship import RelationshipState
from accord.store import codec, migrate
from accord.store.health import Health, health_of
from accord.store.location import sqlite_file
from accord.store.sqlite_file import check_sqlite_file

_COUNTERPARTIES = "SELECT id, name, params FROM counterparties ORDER BY name"
_NEWEST_STATE = (
    "SELECT state FROM relationship_states WHERE counterparty_id = ? ORDER BY seq DESC LIMIT 1"
)
_LAST_HELD = (
    "SELECT max(outcomes.held_on) FROM outcomes JOIN negotiations "
    "ON negotiations.id = outcomes.negotiation_id WHERE negotiations.counterparty_id = ?"
)
_OPEN = (
    "SELECT count(*) FROM negotiations LEFT JOIN outcomes "
    "ON outcomes.negotiation_id = negotiations.id "
    "WHERE negotiations.counterparty_id = ? AND outcomes.negotiation_id IS NULL"
)
#: What makes the quick path step aside rather than answer.
_DECLINED = (sqlite3.Error, InputError, ValueError, TypeError, KeyError)


def health(db: str | None) -> tuple[list[Health], str] | None:
    """Every counterparty's health by name and how the database is named in messages,
    as `ledger.health` would return them; None where only the normal path may answer."""
    try:
        path = sqlite_file(db)
        if path is None or not path.is_file():
            return None
        check_sqlite_file(path)
        return _read(path), str(path)
    except _DECLINED:
        return None


def _read(path: Path) -> list[Health]:
    uri = path.as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)) as conn:
        conn.execute("BEGIN")  # one snapshot for every query
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(migrate.head(),)]:
            raise ValueError(f"revision {revision}, not the head")
        found = []
        for cp_id, name, params in conn.execute(_COUNTERPARTIES).fetchall():
            newest = conn.execute(_NEWEST_STATE, (cp_id,)).fetchone()
            held = conn.execute(_LAST_HELD, (cp_id,)).fetchone()[0]
            running = conn.execute(_OPEN, (cp_id,)).fetchone()[0]
            p = codec.params_of(params)
            state = codec.state_of(newest[0]) if newest else RelationshipState.start(p)
            found.append(
                health_of(_text(name), state, p, _day(held), open_negotiations=_count(running))
            )
        return found


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a name of type {type(value).__name__}")
    return value


def _count(value: object) -> int:
    if not isinstance(value, int):
        raise TypeError(f"a count of type {type(value).__name__}")
    return value


def _day(value: object) -> dt.date | None:
    """A stored DATE as SQLAlchemy 2 reads it on SQLite (`date.fromisoformat`), or NULL."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"a day of type {type(value).__name__}")
    return dt.date.fromisoformat(value)
