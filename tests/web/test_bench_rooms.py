"""bench/rooms.py (issue 16's load benchmark) on a tiny class, so that it cannot rot: a
real `accord serve`, three rooms (one runs into its deadline), racing double moves,
every transcript checked against what the participants sent."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def bench(tmp_path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    out = tmp_path / "rooms.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "rooms.py"), "--json", str(out), *args],
        capture_output=True,
        text=True,
        timeout=90,
    )
    found = json.loads(out.read_text()) if out.exists() else {}
    return run.returncode, found, run.stdout + run.stderr


def test_a_small_class_negotiates_every_room_to_its_end(tmp_path: Path) -> None:
    code, r, printed = bench(
        tmp_path,
        *("--rooms", "3", "--rounds", "3", "--deadline-every", "3"),
        *("--think", "0.05", "0.15", "--races", "0.5", "--timeout", "60"),
    )
    assert code == 0, printed
    assert r["rooms_completed"] == 3 and r["errors"] == 0, printed
    # rooms 0 and 1: 4 and 5 offers then an accept; room 2: offers until its 3-round deadline
    assert r["moves"] == 5 + 6 + 6, printed
    screen = r["move_to_partner_screen_ms"]
    event = r["move_to_partner_event_ms"]
    assert screen["n"] == event["n"] == r["moves"], printed  # every move reached the partner
    assert 0 < event["p50"] <= screen["p50"] <= screen["max"]
    assert r["refused_race_moves"] >= 1, printed
    assert "p95" in printed and "rooms completed 3/3" in printed
    assert r["machine"]["nproc"] and r["load_average"]["before"]


def test_a_small_class_on_two_processes_sharing_postgresql(tmp_path: Path) -> None:
    """Seat A of every room on one `accord serve`, seat B on another, one throwaway
    PostgreSQL database between them: every move crosses processes (LISTEN/NOTIFY)."""
    import pytest
    from tests.store import postgres

    reason = postgres.why_not()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    code, r, printed = bench(
        tmp_path,
        *("--rooms", "2", "--rounds", "3", "--processes", "2"),
        *("--think", "0.05", "0.15", "--timeout", "60"),
    )
    assert code == 0, printed
    assert r["processes"] == 2 and r["rooms_store"] == "postgresql", printed
    assert r["rooms_completed"] == 2 and r["errors"] == 0, printed
    assert r["move_to_partner_screen_ms"]["n"] == r["moves"] == 5 + 6, printed
    assert "2 server process(es), rooms on postgresql" in printed


def test_a_class_past_its_time_limit_is_reported_and_fails(tmp_path: Path) -> None:
    code, r, printed = bench(tmp_path, "--rooms", "2", "--think", "4", "5", "--timeout", "2")
    assert code == 1, printed
    assert r["rooms_completed"] < 2 and r["errors"] >= 1, printed
    assert "after --timeout 2 s" in printed or "seated in 2 s" in printed, printed


def load_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_rooms", ROOT / "bench" / "rooms.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_rooms"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class Answer:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state

    def json(self) -> dict[str, Any]:
        return self.state


class Seen:
    """A seat whose API answers `rows` as its transcript."""

    def __init__(self, role: str, rows: list[dict[str, Any]], ended: bool = True) -> None:
        self.role, self.shown = role, ["rebate"]
        self.state = {"transcript": rows, "ended": ended}
        self.http = self

    async def get(self, url: str) -> Answer:
        return Answer(self.state)


def test_the_check_finds_a_lost_a_doubled_or_a_changed_move() -> None:
    bench = load_bench()
    sent = {
        0: bench.Sent("A", "offer", {"rebate": "2%"}, 0.0),
        1: bench.Sent("B", "offer", {"rebate": "1%"}, 0.0),
        2: bench.Sent("A", "accept", None, 0.0),
    }

    def row(seq: int, who: str, kind: str, rebate: str | None) -> dict[str, Any]:
        terms = None if rebate is None else {"rebate": rebate, "stock": "1x"}
        return {"seq": seq, "who": who, "kind": kind, "terms": terms}

    def checked(rows_a: list[dict[str, Any]], ended: bool = True) -> Any:
        # B sees the same moves with "you" and "they" swapped
        swap = {"you": "they", "they": "you"}
        rows_b = [{**r, "who": swap[r["who"]]} for r in rows_a]
        room = bench.Room("k", {}, 1, dict(sent))
        tally = bench.Tally()
        seats = [Seen("A", rows_a, ended), Seen("B", rows_b, ended)]
        asyncio.run(bench.check(room, seats, tally))
        return tally

    good = [
        row(0, "you", "offer", "2%"),
        row(1, "they", "offer", "1%"),
        row(2, "you", "accept", None),
    ]
    assert checked(good).completed == 1 and not checked(good).errors
    lost = [good[0], {**good[2], "seq": 1}]
    doubled = [*good[:2], {**good[1], "seq": 2}, {**good[2], "seq": 3}]
    changed = [good[0], row(1, "they", "offer", "1.5%"), good[2]]
    for bad in (lost, doubled, changed):
        tally = checked(bad)
        assert tally.completed == 0 and any("!= sent" in e for e in tally.errors), bad
    unordered = [good[1], good[0], good[2]]
    assert any("out of order" in e for e in checked(unordered).errors)
    assert any("not ended" in e for e in checked(good, ended=False).errors)
