"""bench/rooms.py (issue 16's load benchmark) on a tiny class, so that it cannot rot: a
real `accord serve`, three rooms (one runs into its deadline), racing double moves,
every transcript checked against what the participants sent."""

from __future__ import annotations

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


def test_a_class_past_its_time_limit_is_reported_and_fails(tmp_path: Path) -> None:
    code, r, printed = bench(tmp_path, "--rooms", "2", "--think", "4", "5", "--timeout", "2")
    assert code == 1, printed
    assert r["rooms_completed"] < 2 and r["errors"] >= 1, printed
    assert "after --timeout 2 s" in printed or "seated in 2 s" in printed, printed
