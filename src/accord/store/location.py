"""Where the store lives: `--db`, else `ACCORD_DB`, else a file in the user's data folder.

A plain path (or `sqlite:///PATH`) is an SQLite file; `postgresql+psycopg://...`
(or `postgresql://...`, which means the same driver) is a PostgreSQL server.
URLs are shown with the password hidden, in every message. SQLAlchemy is imported
only to make a `Location`: `sqlite_file` names the file without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

#: The environment variable naming the database, when `--db` is not given.
ENV = "ACCORD_DB"
_SQLITE_PREFIX = "sqlite:///"
_EXPECTED = "a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


@dataclass(frozen=True)
class Location:
    """A resolved database: its SQLAlchemy URL and, for SQLite, the file."""

    url: URL
    path: Path | None  # the SQLite file; None for a server

    @property
    def shown(self) -> str:
        """How messages name it: the file, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return self.url.render_as_string(hide_password=True)


def default_path() -> Path:
    """`$XDG_DATA_HOME/accord/accord.db`, by default `~/.local/share/accord/accord.db`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accord" / "accord.db"


def configured(db: str | None) -> str | None:
    """`db`, else `ACCORD_DB`, else None: what commands that store only on request use."""
    return db or os.environ.get(ENV) or None


def resolve(db: str | None = None) -> Location:
    """The database named by `db`, else `ACCORD_DB`, else the default file.

    >>> resolve("/tmp/x.db").url.render_as_string()
    'sqlite:////tmp/x.db'
    >>> resolve("postgresql://me:secret@db.example/accord").shown
    'postgresql+psycopg://me:***@db.example/accord'
    """
    path = sqlite_file(db)
    if path is None:
        return _server(str(configured(db)))
    from sqlalchemy.engine import URL

    return Location(URL.create("sqlite", database=str(path)), path)


def sqlite_file(db: str | None = None) -> Path | None:
    """The SQLite file `resolve(db)` names (checked the same way), or None for a server."""
    text = configured(db)
    if text is None:
        return _sqlite(default_path(), create_folder=True)
    if text.startswith(_SQLITE_PREFIX):
        return _sqlite(Path(text[len(_SQLITE_PREFIX) :]), create_folder=False)
    if "://" not in text:
        return _sqlite(Path(text).expanduser(), create_folder=False)
    return None


def _sqlite(path: Path, *, create_folder: bool) -> Path:
    if str(path) in ("", ":memory:"):
        raise InputError("an in-memory database keeps nothing", field="--db", expected=_EXPECTED)
    path = path.absolute()
    if path.is_dir():
        raise InputError("a folder, not a database file", source=str(path), field="--db")
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        raise InputError(
            "the folder for the database does not exist",
            source=str(path),
            field="--db",
            expected="a file in an existing folder",
        )
    return path


def _server(text: str) -> Location:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        raise InputError(
            "not a database URL", source=_without_password(text), field="--db", expected=_EXPECTED
        ) from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return Location(url.set(drivername="postgresql+psycopg"), None)
    raise InputError(
        f"unsupported database '{url.drivername}'",
        source=url.render_as_string(hide_password=True),
        field="--db",
        expected=_EXPECTED,
    )


def _without_password(text: str) -> str:
    """`scheme://user:***@host...` for a string SQLAlchemy could not parse."""
    scheme, _, rest = text.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return text
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"
