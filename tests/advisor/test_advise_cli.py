"""`accord advise` end to end: the example, JSON, a transcript from `negotiate`, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEALER, MOVES, PLAN
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_the_example_advice_reads_like_advice() -> None:
    code, out, err = run("advise", PLAN, MOVES)
    assert code == 0, err
    assert "consult our authority" in out and "[P6, P9]" in out
    for tactic in ("silence", "authority", "time_pressure", "anchoring"):
        assert tactic in out
    assert "Candidates" in out and "recommended" in out and "below walk" in out


def test_json_output() -> None:
    code, out, _ = run("advise", PLAN, MOVES, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["recommendation"]["kind"] == "consult_authority"
    assert data["recommendation"]["principles"] == ["P6", "P9"]
    assert {t["name"] for t in data["tactics"]} >= {"silence", "time_pressure"}
    for c in data["candidates"]:
        assert set(c) >= {"kind", "our_utility", "their_utility_estimated", "verdict", "reasons"}
    assert data["numbers"]["walk_away"] == 0.32


def test_advice_on_a_transcript_from_accord_negotiate(tmp_path: Path) -> None:
    code, out, _ = run("negotiate", DEALER, "--a", "boulware", "--b", "boulware", "--json")
    assert code == 0
    (tmp_path / "t.json").write_text(out)
    code, out, err = run("advise", PLAN, tmp_path / "t.json", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["ended"] and data["recommendation"]["kind"] in ("close", "none")


def test_bad_input_is_one_paragraph_and_exit_2(tmp_path: Path) -> None:
    bad_plan = tmp_path / "bad.plan.yaml"
    bad_plan.write_text(PLAN.read_text().replace("walk_away: 0.32", "walk_away: 1.5"))
    code, _, err = run("advise", bad_plan, MOVES)
    assert code == 2 and "bad.plan.yaml" in err and "walk_away" in err
    bad_moves = tmp_path / "bad.moves.yaml"
    bad_moves.write_text("- we: {offer: {rebate: 1.0}}\n")
    code, _, err = run("advise", PLAN, bad_moves)
    assert code == 2 and "bad.moves.yaml" in err and "moves[1].we.offer" in err
    code, _, err = run("advise", PLAN, tmp_path / "missing.yaml")
    assert code == 2 and "no such file" in err


def test_the_real_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "talks.yaml"
    bad.write_text("- we: silent\n- we: silent\n")
    proc = subprocess.run(
        [sys.executable, "-m", "accord.cli.main", "advise", str(PLAN), str(bad)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "two moves by 'we' in a row" in proc.stderr and "talks.yaml" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 3  # one paragraph, wrapped at most
