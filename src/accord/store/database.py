"""Opening the store, and running each unit of work as one transaction, retried when busy.

`open_store` checks the database before it changes anything: a file that is
not SQLite, a damaged one, another program's SQLite database or one from a
newer accord, and an unreachable PostgreSQL server are each an `InputError`
naming the database and what was expected. Only then does it switch SQLite to
WAL and apply the migrations.

SQLite runs in WAL mode (readers never block the writer), with foreign keys
on, `synchronous=FULL` (a committed event survives a power cut, not only a
crash) and a busy timeout. Write transactions start with `BEGIN IMMEDIATE`,
so they queue for the write lock at their start instead of failing when a
read turns into a write. When the lock stays taken longer than the timeout,
`Store.write` reports "busy, retrying" through `on_busy` and tries the whole
unit of work again, until `patience` runs out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from accord.errors import InputError
from accord.store import migrate
from accord.store.location import Location, default_path, resolve
from accord.store.sqlite_file import check_known, check_sqlite_file, damaged

T = TypeVar("T")
log = logging.getLogger("accord.store")


class StoreBusyError(InputError):
    """Another process held the database for longer than the store's patience."""


class Store:
    """An open store: `read(fn)` and `write(fn)` run `fn(session)` in one transaction."""

    def __init__(
        self,
        location: Location,
        engine: Engine,
        *,
        on_busy: Callable[[str], None] | None = None,
        patience: float = 60.0,
    ) -> None:
        self.location = location
        self.engine = engine
        self.writer = engine.execution_options(accord_write=True)
        self.on_busy = on_busy or log.warning
        self.patience = patience
        #: How messages name the store instead of its file or URL (a server with many
        #: users says "your ledger": its paths are not theirs to see).
        self.label: str | None = None

    @property
    def shown(self) -> str:
        return self.label or self.location.shown

    @property
    def option(self) -> str:
        """The `--db` option that names this store in a command we suggest: "" for the
        default file, and for a store shown by a `label` (a server's: its paths are not
        its users' to see); the password hidden."""
        if self.label or self.location.path == default_path():
            return ""
        return f" --db {self.location.shown}"

    def read(self, fn: Callable[[Session], T]) -> T:
        """`fn(session)` in a read transaction (a consistent snapshot)."""
        return self._run(fn, self.engine)

    def write(self, fn: Callable[[Session], T]) -> T:
        """`fn(session)` in one write transaction, committed before this returns.

        `fn` may run more than once (when the database was busy), so it must not
        have effects outside the session.
        """
        return self._run(fn, self.writer)

    def _run(self, fn: Callable[[Session], T], engine: Engine) -> T:
        def unit() -> T:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                return fn(session)

        return self.retrying(unit)

    def retrying(self, fn: Callable[[], T]) -> T:
        """`fn()`, again after a pause each time the database is busy, up to `patience`."""
        started, delay = time.monotonic(), 0.05
        while True:
            try:
                return fn()
            except OperationalError as e:
                if not is_busy(e):
                    raise failure(self.location, e) from None
                waited = time.monotonic() - started
                if waited > self.patience:
                    raise StoreBusyError(
                        f"the database stayed busy for {waited:.0f} s (another process is "
                        "writing to it); try again when it has finished",
                        source=self.shown,
                    ) from None
                self.on_busy(f"{self.shown} is busy (another process is writing), retrying")
                time.sleep(delay)
                delay = min(2 * delay, 1.0)
            except DBAPIError as e:
                if is_damage(e):
                    raise failure(self.location, e) from None
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(
    db: str | None = None,
    *,
    on_busy: Callable[[str], None] | None = None,
    patience: float = 60.0,
    busy_timeout: float = 5.0,
    connect_timeout: int = 5,
    upgrade: bool = True,
) -> Store:
    """Open (and create or upgrade) the store named by `db`, `ACCORD_DB` or the default.

    Args:
        db: a file path, `sqlite:///PATH` or `postgresql+psycopg://...`.
        on_busy: told "busy, retrying" each time a write waits for another process.
        patience: seconds to keep retrying a busy database before giving up.
        busy_timeout: seconds SQLite itself waits for the lock in each attempt.
        connect_timeout: seconds to wait for a PostgreSQL server.
        upgrade: apply the migrations (off only for tests of the migrations).
    """
    location = resolve(db)
    if location.path is not None:
        check_sqlite_file(location.path)
        engine = _sqlite_engine(location, busy_timeout)
    else:
        engine = _server_engine(location, connect_timeout)
    store = Store(location, engine, on_busy=on_busy, patience=patience)
    try:
        store.read(lambda s: _check_tables(location, s))
        if upgrade:
            store.retrying(lambda: migrate.upgrade(store.writer))
    except BaseException:
        engine.dispose()
        raise
    return store


def _check_tables(location: Location, session: Session) -> None:
    """The same recognition on any backend, through SQLAlchemy."""
    connection = session.connection()
    tables = set(inspect(connection).get_table_names())
    revision = migrate.current(connection) if "alembic_version" in tables else None
    check_known(location.shown, tables, revision)


def _sqlite_engine(location: Location, busy_timeout: float) -> Engine:
    engine = create_engine(location.url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by sqlite3
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        write = connection.get_execution_options().get("accord_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _server_engine(location: Location, connect_timeout: int) -> Engine:
    try:
        return create_engine(
            location.url,
            connect_args={"connect_timeout": connect_timeout},
            pool_pre_ping=True,  # a coach's session outlives idle connections
        )
    except ImportError:
        raise InputError(
            "PostgreSQL needs the psycopg driver",
            source=location.shown,
            expected="pip install 'accord[postgres]'",
        ) from None


def is_busy(e: DBAPIError) -> bool:
    """A lock held by another process (SQLite) or a serialisation conflict (PostgreSQL)."""
    text = str(e.orig).lower()
    if "database is locked" in text or "database is busy" in text or "table is locked" in text:
        return True
    return getattr(e.orig, "sqlstate", None) in ("40001", "40P01", "55P03")


def is_damage(e: DBAPIError) -> bool:
    text = str(e.orig).lower()
    return "malformed" in text or "not a database" in text or "disk i/o error" in text


def failure(location: Location, e: DBAPIError) -> InputError:
    """The user's view of a database error: damage, or a server that cannot be reached."""
    message = str(e.orig).strip().splitlines()[0] if str(e.orig).strip() else type(e).__name__
    password = location.url.password
    if password:
        message = message.replace(str(password), "***")
    if is_damage(e):
        return damaged(location.shown, message)
    if location.path is None:
        return InputError(
            f"cannot use the PostgreSQL server ({message})",
            source=location.shown,
            expected="a running server at that address that accepts this user",
        )
    return InputError(f"cannot use the database ({message})", source=location.shown)
