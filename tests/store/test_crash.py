"""Nothing lost: a writing process killed (SIGKILL) at seeded random points leaves
every acknowledged event stored, in order, and no row half-written; a negotiation
killed mid-way resumes to exactly the transcript of an uninterrupted run."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import DEALER
from tests.store.writer import expected
from typer.testing import CliRunner

from accord.cli.main import app
from accord.protocol.transcript import event_from
from accord.store import negotiations, open_store
from accord.store.schema import EventRow, NegotiationRow

WRITER = Path(__file__).with_name("writer.py")
runner = CliRunner()


def _kill_at_random(db: Path, label: str, rng: random.Random, acks: int) -> list[int]:
    """Start a writer, kill it at a random point after `acks` acknowledgements (0: in
    its start-up); the event numbers it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), "events", str(db), label, "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    acked: list[int] = []
    if acks == 0:  # anywhere in start-up: imports, opening, migrations, the first insert
        time.sleep(rng.uniform(0.0, 1.5))
    else:
        while len(acked) < acks:
            line = proc.stdout.readline()
            assert line, "the writer stopped before it was killed"
            if line.startswith("ack "):
                acked.append(int(line.split()[1]))
        time.sleep(rng.uniform(0.0, 0.003))  # land inside a later transaction, or between
    proc.kill()
    proc.wait()
    for line in proc.stdout:  # acknowledgements still in the pipe were acknowledged too
        if line.startswith("ack "):
            acked.append(int(line.split()[1]))
    proc.stdout.close()
    return acked


def _check_whole(db: Path) -> dict[str, int]:
    """Every stored event is complete and what its writer wrote; counts per negotiation."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    counts = {}
    with open_store(str(db)) as store:

        def rows(s):  # type: ignore[no-untyped-def]
            q = select(NegotiationRow.id, NegotiationRow.scenario)
            return s.execute(q).all()

        for neg_id, label in store.read(rows):
            events = negotiations.events(store, neg_id)  # raises on a gap
            assert events == [expected(label, i) for i in range(len(events))]
            raw = store.read(
                lambda s, n=neg_id: s.scalars(
                    select(EventRow).where(EventRow.negotiation_id == n)
                ).all()
            )
            for row in raw:  # the copied-out columns agree with the JSON: no torn rows
                e = event_from(json.loads(row.data))
                assert (row.turn, row.actor, row.kind) == (e.turn, e.actor, e.kind)
            counts[label] = len(events)
    return counts


def test_every_acknowledged_event_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    rng = random.Random(6)
    for trial, acks in enumerate([0, rng.randint(1, 10), rng.randint(10, 300), 0, 40]):
        label = f"trial {trial}"
        acked = _kill_at_random(db, label, rng, acks)
        if not db.exists():
            continue  # killed before it created the file
        counts = _check_whole(db)
        stored = counts.get(label, 0)
        assert acked == list(range(len(acked)))
        assert stored >= len(acked), f"{label}: {len(acked)} acknowledged, {stored} stored"
        assert stored <= len(acked) + 1  # at most the one being committed when killed


def _negotiate(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["negotiate", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("pair", "where"),
    [
        (("diplomat", "boulware"), "mid-way"),
        (("diplomat", "boulware"), "between the acceptance and the closing display"),
        (("diplomat", "boulware"), "after the last event, before the outcome"),
        (("micro", "conceder"), "mid-way"),
    ],
)
def test_a_killed_negotiation_resumes_to_the_uninterrupted_transcript(
    tmp_path: Path, pair: tuple[str, str], where: str
) -> None:
    strategies = ["--a", pair[0], "--b", pair[1], "--seed", "5"]
    reference = _negotiate(str(DEALER), *strategies)
    kinds = [e["move"]["kind"] for e in reference["transcript"]["events"]]
    n = len(kinds)
    k = {
        "mid-way": random.Random(pair[0]).randint(1, n - 2),
        "between the acceptance and the closing display": n - 1,
        "after the last event, before the outcome": n,
    }[where]
    if k == n - 1:
        assert kinds[-2:] == ["accept", "display"]  # the case exists in this negotiation
    db = tmp_path / "killed.db"
    args = ["negotiate", str(DEALER), *strategies, "--db", str(db), "--counterparty", "Co"]
    done = subprocess.run(
        [sys.executable, str(WRITER), "kill-after", str(k), *args],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    with open_store(str(db)) as store:
        [info] = negotiations.listing(store)
        assert info.open and info.events == k

    resumed = _negotiate("--resume", str(info.id), "--db", str(db))
    assert resumed["transcript"] == reference["transcript"]
    assert resumed["outcome"] == reference["outcome"]
    with open_store(str(db)) as store:
        [info] = negotiations.listing(store)
        assert not info.open and info.events == n and info.counterparty == "Co"
        assert negotiations.transcript(store, info.id).to_json() == reference["transcript"]
    result = runner.invoke(app, ["negotiate", "--resume", str(info.id), "--db", str(db)])
    assert result.exit_code == 2 and "already ended" in result.stderr
