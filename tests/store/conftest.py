"""Fixtures of the store's tests: a database on each backend, never in the real home folder."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.store import postgres

from accord.store import Store, open_store

_SKIPPED: list[str] = []


@pytest.fixture(autouse=True)
def _away_from_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default database would be under XDG_DATA_HOME: point it into tmp_path."""
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str]:
    """A PostgreSQL server for the whole session, or a skip saying why there is none."""
    reason = postgres.why_not()
    if reason is not None:
        _SKIPPED.append(reason)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with postgres.server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin: str) -> str:
    """A new, empty PostgreSQL database."""
    return postgres.create_database(postgres_admin, f"t{uuid.uuid4().hex[:12]}")


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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _SKIPPED:
        terminalreporter.write_line(f"PostgreSQL store tests skipped: {_SKIPPED[0]}")
