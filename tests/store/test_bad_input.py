"""A file that is not accord's database, a damaged one, an unreachable server:
each is a clear `InputError` naming it, and nothing stored is changed."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from accord.errors import InputError
from accord.store import ledger, open_store
from accord.store.manual import Entered, record


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _refused(path: Path, match: str) -> InputError:
    before, names = _digest(path), _files(path.parent)
    with pytest.raises(InputError, match=match) as info:
        open_store(str(path))
    assert _digest(path) == before and _files(path.parent) == names  # nothing written
    assert str(path) in str(info.value)
    return info.value


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("dear diary, today we negotiated\n" * 50)
    error = _refused(path, "not an SQLite database")
    assert "an accord database" in str(error)


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers (name) VALUES ('Ann')")
    conn.close()
    _refused(path, r"not accord's \(its tables: customers\)")
    with sqlite3.connect(path) as conn:  # still in its own journal mode, with its own data
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT name FROM customers").fetchall() == [("Ann",)]
    conn.close()


def _accord_file(tmp_path: Path) -> Path:
    path = tmp_path / "accord.db"
    with open_store(str(path)) as store:
        for k in range(30):
            deal = Entered(True, 0.7, 0.6, 0.3, 0.4, scenario="x" * 2000)
            ledger.record_entered(store, f"Counterparty {k}", record(deal))
    return path


def test_a_damaged_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = _accord_file(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    for k in range(2 * page, 6 * page, 7):  # scribble over some pages of the tables
        data[k] = (data[k] * 31 + 7) % 256
    path.write_bytes(bytes(data))
    error = _refused(path, "damaged SQLite database")
    assert "nothing was changed" in str(error)


def test_a_truncated_database_is_refused(tmp_path: Path) -> None:
    path = _accord_file(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, "damaged SQLite database")


def test_a_database_from_a_newer_accord_is_refused(tmp_path: Path) -> None:
    path = _accord_file(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    _refused(path, "schema revision '0099', which this accord does not know")


def test_paths_that_cannot_hold_a_database(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a folder, not a database file"):
        open_store(str(tmp_path))
    with pytest.raises(InputError, match="folder for the database does not exist"):
        open_store(str(tmp_path / "missing" / "accord.db"))
    with pytest.raises(InputError, match="unsupported database 'mysql'"):
        open_store("mysql://me:secret@localhost/accord")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="cannot use the PostgreSQL server") as info:
        open_store("postgresql+psycopg://me:s3cret@127.0.0.1:1/accord", connect_timeout=2)
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert "postgresql+psycopg://me:***@127.0.0.1:1/accord" in message
    assert "s3cret" not in message


def test_a_foreign_postgresql_database_is_refused_and_left_alone(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE invoices (id SERIAL PRIMARY KEY)"))
    with pytest.raises(InputError, match=r"not accord's \(its tables: invoices\)"):
        open_store(postgres_url)
    with engine.connect() as c:
        assert inspect(c).get_table_names() == ["invoices"]
    engine.dispose()
