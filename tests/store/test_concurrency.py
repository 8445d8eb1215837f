"""Two processes writing the same database at once both succeed; a writer kept
waiting says "busy, retrying" and then succeeds."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.store import postgres
from tests.store.writer import expected

from accord.store import Store, StoreBusyError, ledger, negotiations, open_store
from accord.store.manual import Entered, record
from accord.store.schema import EventRow

WRITER = Path(__file__).with_name("writer.py")
EVENTS = 200


def test_two_coaches_write_the_same_new_database_at_once(
    db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # On a loaded machine one writer may finish before the other starts; then the
    # run proved nothing about concurrency, so it runs again, on a new empty
    # database, with more events.
    for attempt, n in enumerate((EVENTS, 4 * EVENTS, 8 * EVENTS)):
        if attempt == 0:
            url = db_url
        elif db_url.startswith("postgresql"):
            admin = request.getfixturevalue("postgres_admin")
            url = postgres.create_database(admin, f"t{uuid.uuid4().hex[:12]}")
        else:
            url = str(tmp_path / f"again-{attempt}.db")
        if _write_at_once(url, n):
            return
    pytest.fail("the two writers never overlapped, even with 1600 events each")


def _write_at_once(db_url: str, n: int) -> bool:
    """Two writer processes of `n` events each; checks everything they wrote, and
    returns whether they really wrote at the same time."""
    labels = ("coach one", "coach two")
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), "coach", db_url, label, str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in labels
    ]
    for proc in procs:  # both have opened (and created or upgraded) the database
        assert proc.stdout is not None and proc.stdout.readline().startswith("id ")
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, errors = proc.communicate(timeout=300)
        assert proc.returncode == 0, errors
    with open_store(db_url) as store:
        found = {x.scenario: x for x in negotiations.listing(store)}
        spans = []
        for label in labels:
            events = negotiations.events(store, found[label].id)
            assert events == [expected(label, i) for i in range(n)]
            spans.append(_span(store, found[label].id))
        steps = ledger.history(store, "Shared Co")
        assert [s.seq for s in steps] == list(range(2 * n // 10))
        # each state extends the one before: no update was lost or applied twice
        for before, after in itertools.pairwise(steps):
            assert after.state.history[:-1] == before.state.history
        recorded = sorted(r.scenario for r in steps[-1].state.history)
        assert recorded == sorted(f"{c}-{i}" for c in labels for i in range(9, n, 10))
    return max(s[0] for s in spans) < min(s[1] for s in spans)


def _span(store: Store, neg_id: int) -> tuple[dt.datetime, dt.datetime]:
    """When a negotiation's first and last events were written."""
    q = select(func.min(EventRow.recorded_at), func.max(EventRow.recorded_at))
    first, last = store.read(lambda s: s.execute(q.where(EventRow.negotiation_id == neg_id)).one())
    return first, last


def _hold_lock(path: Path, seconds: float) -> threading.Thread:
    """Take the database's write lock in another connection for `seconds`."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")

    def release() -> None:
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=release)
    thread.start()
    return thread


def test_a_busy_database_is_reported_then_written(tmp_path: Path) -> None:
    path = tmp_path / "accord.db"
    told: list[str] = []
    with open_store(str(path), on_busy=told.append, busy_timeout=0.1, patience=30) as store:
        holder = _hold_lock(path, 0.6)
        deal = record(Entered(True, 0.6, 0.6, 0.3, 0.3))
        ledger.record_entered(store, "Dealer Co", deal)
        holder.join()
        assert told and all("is busy" in m and "retrying" in m and str(path) in m for m in told)
        assert [h.name for h in ledger.health(store)] == ["Dealer Co"]


def test_a_database_busy_beyond_patience_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "accord.db"
    with open_store(str(path), on_busy=lambda _: None, busy_timeout=0.1, patience=0.3) as store:
        holder = _hold_lock(path, 1.0)
        with pytest.raises(StoreBusyError, match="stayed busy"):
            ledger.add_counterparty(store, "Dealer Co")
        holder.join()
        assert ledger.health(store) == []  # nothing half-done


def test_the_cli_says_busy_retrying_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from accord.cli.common import open_db

    with open_db(str(tmp_path / "accord.db")) as store:
        store.on_busy(f"{store.shown} is busy (another process is writing), retrying")
    err = capsys.readouterr().err
    assert "busy" in err and "retrying" in err and "accord.db" in err
