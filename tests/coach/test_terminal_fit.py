"""`accord coach` in an 80-column terminal: no line longer than the terminal (which would
wrap it mid-word) and no word cut by rich's own wrapping. The same practice talks are
typed at 80 and at 400 columns: every word printed at 80 must be a word of the wide
run, so a word split across lines ("unreciproca" / "ted") or cut ("regi…") fails."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

pexpect = pytest.importorskip("pexpect")

PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
PROMPT = re.compile(r"(round \d+/20, (our|their) move|ended)> ")
#: Long advice, the candidates table, the help, the advised move recorded, warnings before
#: a move, the moves so far, and the end with the debrief's tables.
LINES = (
    "advice",
    "help",
    "",
    "we offer rebate=2 stock=1 payment_days=90",
    "no",
    "moves",
    "we walk away",
)
#: Box drawing (tables and panels) and the terminal's line ends are not words.
SEPARATORS = re.compile(r"[\s\u2500-\u257f]+")


def typed(tmp_path: Path, columns: int) -> str:
    """The terminal's text after typing LINES in a practice negotiation."""
    folder = tmp_path / str(columns)
    folder.mkdir()
    env = dict(
        os.environ,
        TERM="dumb",
        COLUMNS=str(columns),
        LINES="50",
        HOME=str(folder),
        XDG_DATA_HOME=str(folder / "data"),
        ACCORD_DB=str(folder / "ambient.db"),
    )
    env.pop("NO_COLOR", None)
    db = str(folder / "coach.db")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "accord.cli.main", "coach", str(PLAN), "--against", "boulware", "--db", db],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, columns),
    )
    log = (folder / "terminal.log").open("w", encoding="utf-8")
    child.logfile_read = log
    for line in LINES:
        child.expect(PROMPT)
        child.sendline(line)
    child.expect_exact("ended> ")
    child.sendline("quit")
    child.expect(pexpect.EOF)
    child.close()
    log.close()
    assert child.exitstatus == 0
    return (folder / "terminal.log").read_text(encoding="utf-8").replace("\r", "")


def words(text: str) -> set[str]:
    return {w for w in SEPARATORS.split(text) if w}


def test_no_line_is_wider_than_the_terminal_nor_a_word_cut(tmp_path: Path) -> None:
    narrow, wide = typed(tmp_path, 80), typed(tmp_path, 400)
    assert "unreciprocated" in narrow and "Principles:" in narrow  # the tables were shown
    assert "This plan's issues" in narrow and "The advised move (counter):" in narrow
    assert "make this move anyway?" in narrow  # warnings before a move
    too_long = [line for line in narrow.splitlines() if len(line.rstrip()) > 80]
    assert not too_long
    cut = words(narrow) - words(wide)
    assert not cut, sorted(cut)
    assert "Traceback" not in narrow


def test_a_narrow_table_and_an_indented_line_keep_their_words() -> None:
    from rich.console import Console
    from rich.table import Table

    from accord.cli.wrapping import whole_words

    console = Console(width=50, record=True, color_system=None)
    t = Table(title="Candidates")
    for name in ("move", "our u", "their u (est.)", "verdict"):
        t.add_column(name, overflow="fold")
    t.add_row("final offer (ultimatum)", "0.807", "0.250", "not advised: unreciprocated")
    with whole_words(console):
        console.print(t)
        console.print("  P3: " + "a concession in exchange only " * 3, soft_wrap=True)
    text = console.export_text()
    assert "unreciprocated" in text and "(ultimatum)" in text
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= 50 for line in lines)
    said = [line for line in lines if "exchange" in line or "concession" in line]
    assert len(said) > 1 and all(line.startswith("  ") for line in said)  # indent kept
    console.print("  " + "x" * 60, soft_wrap=True)  # the hook is gone: soft wrap again
    assert "x" * 60 in console.export_text()
