"""`accord coach` driven through a pseudo-terminal (pexpect): whole negotiations with bad
input, undo, arrow-key history, a question answered, and resume after SIGKILL and
after Ctrl-C. The database is a temporary file; HOME points at a temporary folder."""

from __future__ import annotations

import os
import re
import signal
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from accord.coach import words
from accord.plan import load_plan
from accord.store import negotiations, open_store

pexpect = pytest.importorskip("pexpect")

PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
OPENING = "we offer rebate=1 stock=2 payment_days=30 term_years=3"
OUR_MOVE = re.compile(r"round \d+/20, our move> ")
THEIR_MOVE = re.compile(r"round \d+/20, their move> ")
UP = "\x1b[A"


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = dict(
        os.environ,
        TERM="dumb",  # plain text from rich; readline still reads the arrow keys
        COLUMNS="160",
        LINES="50",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        ACCORD_DB=str(tmp_path / "ambient.db"),  # never the real home's database
    )
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "accord.cli.main", "coach", *args],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
        # as a parent that ignores SIGINT leaves it (some libraries do): Ctrl-C must still work
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    child.logfile_read = (tmp_path / "terminal.log").open("a", encoding="utf-8")
    return child


def transcript_of(tmp_path: Path) -> str:
    return (tmp_path / "terminal.log").read_text(encoding="utf-8")


def test_practice_with_bad_input_undo_history_and_a_kill(tmp_path: Path) -> None:
    db = str(tmp_path / "coach.db")
    c = spawn(tmp_path, str(PLAN), "--against", "hardliner", "--seed", "1", "--db", db)
    c.expect(r"Negotiation (\d+), saved as it goes")
    neg_id = c.match.group(1)
    c.expect(OUR_MOVE)
    c.sendline(OPENING)
    c.expect_exact("recorded round 1: they offer")
    c.expect(OUR_MOVE)
    c.sendline("we offer 1.3%")  # bad input: a clear message, nothing recorded
    c.expect_exact("Cannot read 'we offer 1.3%': 1.3% is not a value of 'rebate' (1, 1.25,")
    c.expect(OUR_MOVE)
    c.sendline("blorp")
    c.expect_exact("I do not know the word 'blorp'")
    c.expect(OUR_MOVE)
    c.sendline("we offer 1.25% and 45 days")  # a mistyped move ...
    c.expect_exact("recorded round 2: we offer rebate=1.25%")
    c.expect(OUR_MOVE)
    c.sendline("undo")  # ... taken back, with the strategy's reply
    c.expect_exact("Undone: round 2: we offer rebate=1.25%")
    c.expect_exact("round 2/20, our move> ")
    c.send(UP + UP + "\r")  # arrow keys: the line before `undo`, typed again
    c.expect_exact("recorded round 2: we offer rebate=1.25%")
    c.expect(OUR_MOVE)
    c.sendline("we are silent")
    c.expect_exact("recorded round 3: we stay silent")
    c.expect(OUR_MOVE)
    c.kill(signal.SIGKILL)  # mid-negotiation
    c.expect(pexpect.EOF)

    plan = load_plan(PLAN)
    with open_store(db) as store:
        kept = negotiations.events(store, int(neg_id))
    assert len(kept) == 6  # every move made before the kill: three rounds
    r = spawn(tmp_path, "--resume", neg_id, "--db", db)
    r.expect_exact(f"Resumed negotiation {neg_id}")
    for event in kept:
        r.expect_exact(words.event(plan, event))
    r.expect_exact("round 4/20, our move> ")
    r.sendline("we walk away")
    r.expect_exact("The talks have ended.")
    r.expect_exact("No deal: walked away by us")
    r.expect_exact("ended> ")
    r.sendline("quit")
    r.expect_exact("The outcome is saved.")
    r.expect(pexpect.EOF)
    r.close()
    assert r.exitstatus == 0
    with open_store(db) as store:
        info = negotiations.info(store, int(neg_id))
        assert info.reason == "walk_away"
        assert negotiations.events(store, int(neg_id))[:6] == kept
    assert "Traceback" not in transcript_of(tmp_path)
    assert not (tmp_path / "ambient.db").exists()


def test_live_with_a_question_a_claim_and_ctrl_c(tmp_path: Path) -> None:
    db = str(tmp_path / "coach.db")
    c = spawn(tmp_path, str(PLAN), "--db", db)
    c.expect(OUR_MOVE)
    c.sendline("help")
    c.expect_exact("Commands: advice")
    c.expect(OUR_MOVE)
    c.sendline(OPENING)
    c.expect(THEIR_MOVE)
    c.sendline("final offer: 2% 1.25x 60 days 2 years")
    c.expect_exact("? Who made this move, we or they?")
    c.expect_exact("answer: we / they")
    c.sendline("they")
    c.expect_exact("recorded round 1: they make a final offer: rebate=2%")
    c.expect(OUR_MOVE)
    c.sendline("they say they need an answer by Friday")
    c.expect_exact("recorded they claim a deadline: they need an answer by Friday")
    c.expect(OUR_MOVE)
    c.sendcontrol("c")
    c.expect_exact("Saved. Continue with: accord coach --resume 1")
    c.expect(pexpect.EOF)
    c.close()
    assert c.exitstatus == 130

    r = spawn(tmp_path, "--resume", "--db", db)  # the newest open one
    r.expect_exact("Resumed negotiation 1")
    r.expect_exact("they claim a deadline: they need an answer by Friday")
    r.expect(OUR_MOVE)
    r.sendline("we accept")
    if r.expect([r"make this move anyway", r"The talks have ended"]) == 0:
        r.sendline("yes")
        r.expect_exact("The talks have ended")
    r.expect_exact("Agreement: rebate=2%")
    r.expect_exact("ended> ")
    r.sendeof()  # Ctrl-D leaves like quit
    r.expect_exact("The outcome is saved.")
    r.expect(pexpect.EOF)
    with open_store(db) as store:
        assert negotiations.info(store, 1).reason == "agreement"
    assert "Traceback" not in transcript_of(tmp_path)
