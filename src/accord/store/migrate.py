"""Schema migrations with Alembic, applied when the store opens.

The scripts live in `accord/store/migrations` (shipped in the package, no
alembic.ini). An upgrade runs in one transaction that first takes the
database's write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an advisory
lock), so two processes opening a new or old database at once upgrade it
exactly once, and a failed upgrade leaves the database as it was.

Alembic is imported only when a database needs upgrading: a database already
at the newest revision is recognised by reading its `alembic_version` row,
which keeps every command's start-up short. SQLAlchemy too is imported inside the
functions, so the revisions can be known without it (`accord.store.quick`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

SCRIPTS = Path(__file__).parent / "migrations"
#: Every revision, oldest first (a test checks it against the scripts).
REVISIONS = ("0001", "0002")
#: Key of the PostgreSQL advisory lock that serialises upgrades ("accord" in ASCII).
_LOCK = 0x6163636F7264


def head() -> str:
    """The newest revision: what the models in `accord.store.schema` describe."""
    return REVISIONS[-1]


def revisions() -> tuple[str, ...]:
    """Every revision, oldest first."""
    return REVISIONS


def scripted_revisions() -> tuple[str, ...]:
    """Every revision as the migration scripts chain them, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    return tuple(reversed([s.revision for s in scripts.walk_revisions()]))


def current(connection: Connection) -> str | None:
    """The database's revision (None for a database without accord's tables)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to `target` (by default the newest revision), in one transaction."""
    from sqlalchemy import text

    with engine.connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK})
        wanted = head() if target == "head" else target
        if current(connection) == wanted:
            return
        from alembic import command

        command.upgrade(_config(connection), target)


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config
