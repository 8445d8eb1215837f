"""`accord coach` typed on standard input, then `accord debrief ID --json` on the same
database: the debrief judges by the plan the negotiation was coached with (even after
the file changed), and the warnings the terminal showed before our moves are the
checklist's breaches, round for round."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

from accord.debrief.checklist import NAMES

#: The prompt before each of our moves, and a warning shown before the move is made
#: (the advice panel's own lines are indented, and so not matched).
PROMPT = re.compile(r"round (\d+)/\d+, our move> ")
CAUTION = re.compile(r"(?:^|our move> )(error|warning) \[([^\]]*)\]", re.MULTILINE)

LINES = [
    "we offer rebate=1 stock=2 payment_days=30 term_years=3",
    "we add co_marketing",  # early: P11
    "yes",
    "we hold",  # holding is no concession: no warning
    "we offer rebate=1.75 stock=1.25 payment_days=60 term_years=2",  # below the schedule
    "yes",
    "we stick to our offer",  # still below the walk-away: P2 again
    "yes",
    "we walk away",  # from offers below our walk-away: no warning
    "quit",
]


def accord(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(tmp_path), COLUMNS="200", TERM="dumb")
    env.pop("ACCORD_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "accord.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def shown_warnings(out: str) -> set[tuple[str, int]]:
    """(principle, round) of each warning printed before one of our moves."""
    marks = sorted(
        [(m.start(), "round", m.group(1)) for m in PROMPT.finditer(out)]
        + [(m.start(1), "caution", m.group(2)) for m in CAUTION.finditer(out)]
    )
    found, current = set(), 0
    for _, kind, text in marks:
        if kind == "round":
            current = int(text)
        else:
            found |= {(p.strip(), current) for p in text.split(",") if p.strip() in NAMES}
    return found


def test_the_debrief_of_a_coached_negotiation_uses_its_plan(tmp_path: Path) -> None:
    plan = tmp_path / "renewal.plan.yaml"
    body = (EXAMPLES / "dealer_rebate.plan.yaml").read_text(encoding="utf-8")
    body = body.replace(
        "scenario: dealer_rebate.yaml", f"scenario: {EXAMPLES / 'dealer_rebate.yaml'}"
    )
    assert re.search(r"^\s*walk_away: 0\.32", body, re.MULTILINE)
    plan.write_text(re.sub(r"walk_away: 0\.32", "walk_away: 0.35", body), encoding="utf-8")
    db = str(tmp_path / "talks.db")

    coached = accord(
        tmp_path,
        "coach",
        str(plan),
        "--against",
        "hardliner",
        "--seed",
        "1",
        "--db",
        db,
        stdin="\n".join(LINES) + "\n",
    )
    assert coached.returncode == 0, coached.stderr
    assert "Negotiation 1," in coached.stdout and "Traceback" not in coached.stderr
    warned = shown_warnings(coached.stdout)
    assert warned == {("P11", 2), ("P2", 4), ("P2", 5)}  # each warned, then made

    plan.write_text(body.replace("walk_away: 0.32", "walk_away: 0.5"), encoding="utf-8")
    debriefed = accord(tmp_path, "debrief", "1", "--db", db, "--json")
    assert debriefed.returncode == 0, debriefed.stderr
    data = json.loads(debriefed.stdout)
    assert data["result"]["walk_away"] == 0.35  # the coached plan's, not the file's now
    broken = {
        (v["principle"], r)
        for v in data["checklist"]
        if v["basis"] == "warned" and v["status"] == "broken"
        for r in v["rounds"]
    }
    assert broken == warned


def test_an_unfinished_coached_negotiation_says_how_to_go_on(tmp_path: Path) -> None:
    """Its debrief, and `negotiate --resume`, name the command that goes on with it, on
    the database it is in: the coach's, with `--db`."""
    db = str(tmp_path / "saas.db")
    plan = str(EXAMPLES / "saas_renewal.plan.yaml")
    assert accord(tmp_path, "coach", plan, "--db", db, stdin="quit\n").returncode == 0
    go_on = f"accord coach --resume 1 --db {db}"
    debriefed = accord(tmp_path, "debrief", "1", "--db", db)
    assert debriefed.returncode == 2 and go_on in debriefed.stderr.replace("\n", " ")
    resumed = accord(tmp_path, "negotiate", "--resume", "1", "--db", db)
    assert resumed.returncode == 2 and go_on in resumed.stderr.replace("\n", " ")
