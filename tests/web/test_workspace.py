"""What a workspace keeps between requests, and when it lets go."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from accord.store import open_store
from accord.web.workspace import REMEMBERED, Workspace


def test_remembered_until_the_ledger_changes(tmp_path: Path) -> None:
    ws = Workspace(open_store(str(tmp_path / "accord.db")), tmp_path)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert ws.remembered("k", compute) == 1
    assert ws.remembered("k", compute) == 1  # kept
    assert ws.remembered("other", compute) == 2
    ws.store.write(lambda s: s.execute(text("CREATE TABLE t (x)")))
    assert ws.remembered("k", compute) == 3  # any write: computed again
    for k in range(REMEMBERED + 5):
        ws.remembered(("n", k), compute)
    assert len(ws.memo) == REMEMBERED
