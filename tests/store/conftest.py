"""Fixtures of the store's tests: a database on each backend, never in the real home folder
(the PostgreSQL server, `postgres_admin` and `postgres_url`, is in tests/conftest.py: the
rooms' tests use it too)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.store import Store, open_store


@pytest.fixture(autouse=True)
def _away_from_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default database would be under XDG_DATA_HOME: point it into tmp_path."""
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database on each backend: an SQLite file, a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "accord.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url, patience=20) as s:
        yield s
