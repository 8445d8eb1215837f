"""`accord.store.quick` reads the ledger's overview without SQLAlchemy: it must return
exactly what `ledger.health` returns, or step aside (None) wherever it might not."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import cli_in_fresh_python

from accord.relationship import RelationshipParams
from accord.store import codec, ledger, negotiations, open_store, quick
from accord.store.health import Health
from accord.store.manual import Entered, record

NAMES = st.sampled_from(["Acme", "Dealer Co", "acme", "Zeta", "Ünïcode GmbH", "B  2"])
UNIT = st.floats(0.0, 1.0)
DAYS = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))


@st.composite
def entered(draw: st.DrawFn) -> Entered:
    deal = draw(st.booleans())
    conditional = deal and draw(st.booleans())
    return Entered(
        deal,
        draw(UNIT) if deal else None,
        draw(UNIT) if deal else None,
        draw(st.floats(0.0, 0.5)),
        draw(st.floats(0.0, 0.5)),
        conceded_us=draw(st.floats(0.0, 0.5)),
        conceded_them=draw(st.floats(0.0, 0.5)),
        triumph=draw(st.sampled_from([None, "us", "them"])),
        condition="delivery on time" if conditional else None,
        obligor=draw(st.sampled_from(["us", "them"])),
        if_broken_us=draw(UNIT) if conditional else None,
    )


# One step: a counterparty added, a negotiation entered (a day, a condition's day to
# check), the condition of negotiation n with someone resolved either way, a negotiation
# started with someone (open, as a coached one is) or the oldest open one ended.
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), NAMES),
        st.tuples(st.just("record"), NAMES, entered(), DAYS, DAYS),
        st.tuples(st.just("resolve"), NAMES, st.integers(1, 8), st.booleans()),
        st.tuples(st.just("start"), NAMES),
        st.tuples(st.just("finish"), NAMES, entered()),
        st.tuples(st.just("params"), NAMES, st.floats(0.5, 0.99)),
    ),
    max_size=12,
)


def _apply(db: str, steps: list[tuple[object, ...]]) -> None:
    with open_store(db) as store:
        for step in steps:
            try:
                _step(store, db, step)
            except Exception as e:  # a step the ledger refuses (name taken, ended...)
                if type(e).__name__ != "InputError":
                    raise


def _step(store: object, db: str, step: tuple[object, ...]) -> None:
    kind, name = step[0], str(step[1])
    if kind == "add":
        ledger.add_counterparty(store, name)  # type: ignore[arg-type]
    elif kind == "record":
        e, held, check = step[2], step[3], step[4]
        assert isinstance(e, Entered)
        check = check if e.condition else None
        ledger.record_entered(store, name, record(e), held_on=held, check_by=check)  # type: ignore[arg-type]
    elif kind == "start":
        negotiations.start(store, scenario="s", strategies=("coach", "hardliner"), seed=0,
                           rounds=5, counterparty=name)  # type: ignore[arg-type]  # fmt: skip
    elif kind == "finish":
        e = step[2]
        assert isinstance(e, Entered)
        found = negotiations.listing(store, open_only=True)  # type: ignore[arg-type]
        if found:
            negotiations.finish(store, found[0].id, None, record=record(e))  # type: ignore[arg-type]
    elif kind == "resolve":
        ledger.resolve(store, name, int(step[2]), bool(step[3]))  # type: ignore[arg-type, call-overload]
    else:  # per-relationship parameters, as an import writes them
        text = codec.canonical(RelationshipParams(discount=float(step[2])).to_json())  # type: ignore[arg-type]
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE counterparties SET params = ? WHERE name = ?", (text, name))
        conn.close()


def _normal(db: str) -> list[Health]:
    with open_store(db) as store:
        return ledger.health(store)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_the_quick_overview_equals_the_normal_one(
    tmp_path: Path, steps: list[tuple[object, ...]]
) -> None:
    db = str(tmp_path / f"{os.urandom(6).hex()}.db")
    _apply(db, steps)
    read = quick.health(db)
    assert read is not None
    rows, shown = read
    assert shown == str(Path(db).absolute())
    assert rows == _normal(db)
    assert [h.to_json() for h in rows] == [h.to_json() for h in _normal(db)]


def test_a_missing_file_a_server_and_a_bad_path_are_left_to_the_normal_path(tmp_path: Path) -> None:
    assert quick.health(str(tmp_path / "new.db")) is None
    assert not (tmp_path / "new.db").exists()  # nothing created by the quick path
    assert quick.health("postgresql://me:secret@127.0.0.1:1/x") is None
    assert quick.health(str(tmp_path / "no" / "such" / "folder.db")) is None
    assert quick.health(str(tmp_path)) is None  # a folder


def test_a_store_not_at_the_head_revision_is_left_to_the_upgrade(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with open_store(db) as store:
        ledger.add_counterparty(store, "Acme")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    assert quick.health(db) is None


def test_damage_and_foreign_files_are_left_to_the_normal_paths_messages(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert quick.health(str(text)) is None
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert quick.health(str(other)) is None
    bad = tmp_path / "bad.db"
    with open_store(str(bad)) as store:
        ledger.add_counterparty(store, "Acme")
    with sqlite3.connect(bad) as conn:
        conn.execute(
            "INSERT INTO relationship_states (counterparty_id, seq, cause, state, recorded_at) "
            "VALUES (1, 0, 'negotiation', '{not json', '2024-01-01 00:00:00')"
        )
    conn.close()
    assert quick.health(str(bad)) is None


def test_a_bad_day_is_left_to_the_normal_path(tmp_path: Path) -> None:
    db = str(tmp_path / "day.db")
    with open_store(db) as store:
        ledger.record_entered(store, "Acme", record(Entered(False, None, None, 0.3, 0.4)))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE outcomes SET held_on = 'soon'")
    conn.close()
    assert quick.health(db) is None


def test_a_locked_database_is_left_to_the_normal_path_which_waits(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    with open_store(str(db)) as store:
        ledger.add_counterparty(store, "Acme")
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = DELETE")  # readers blocked by a writer
        writer.execute("BEGIN EXCLUSIVE")
        assert quick.health(str(db)) is None
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_accord_ledger_on_a_store_at_head_loads_no_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with open_store(str(db)) as store:
        ledger.record_entered(store, "Acme", record(Entered(True, 0.6, 0.5, 0.3, 0.4)))
    started = cli_in_fresh_python("ledger", "--db", str(db))
    assert started.loaded("sqlalchemy", "alembic") == []
    assert "Acme" in started.stdout


@pytest.mark.parametrize("as_json", [False, True])
def test_the_command_prints_the_same_either_way(tmp_path: Path, as_json: bool) -> None:
    db = tmp_path / "same.db"
    with open_store(str(db)) as store:
        ledger.record_entered(store, "Acme", record(Entered(True, 0.6, 0.5, 0.3, 0.4)))
        ledger.add_counterparty(store, "Quiet Ltd")
    args = [sys.executable, "-m", "accord.cli.main", "ledger", "--db", str(db)]
    args += ["--json"] if as_json else []
    env = {**os.environ, "COLUMNS": "120"}
    fast = subprocess.run(args, capture_output=True, text=True, env=env)
    slow_way = (
        "import sys\n"
        "import accord.store.quick\n"
        "accord.store.quick.health = lambda db: None\n"
        "from accord.cli.main import app\n"
        "sys.argv = ['accord', *sys.argv[1:]]\n"
        "app()\n"
    )
    slow = subprocess.run(
        [sys.executable, "-c", slow_way, *args[3:]], capture_output=True, text=True, env=env
    )
    assert fast.returncode == slow.returncode == 0, (fast.stderr, slow.stderr)
    assert fast.stdout == slow.stdout
