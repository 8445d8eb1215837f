"""One person's data in the app: their ledger (the store) and their scenario and plan files.

Scenarios and plans are files, as on the command line, so the app calls the same
loaders (`accord.formats.load_scenario`, `accord.plan.load_plan`) and the coach
(`CoachSession.start(store, plan_path)`) unchanged. The shipped examples are read
from the package and cannot be overwritten; a person's own files sit in
`folder/scenarios` and `folder/plans`. Plans are also saved as versions in the
store (`accord.store.plans`), which the debrief reads.

Requests run in a thread pool: `lock` serialises what changes a workspace (one
move at a time per person), and `sessions` keeps the coached negotiations in
memory between requests. They are rebuilt from the store after a restart, since
every move is committed when it is made.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.coach import CoachSession
    from accord.model.scenario import Scenario
    from accord.store.database import Store

T = TypeVar("T")
#: How many results `Workspace.remembered` keeps (a debrief of a long negotiation
#: replays the advisor at every move: a few hundred ms on 10^5 outcomes).
REMEMBERED = 32

#: A name a person gives a scenario or plan: it becomes a file name.
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$")
NAME_RULE = "1-80 letters, digits, spaces, '_', '-' or '.', starting with a letter or digit"


def shipped_folder() -> Path:
    """The examples shipped inside the package."""
    return Path(str(files("accord") / "examples"))


def check_name(name: str, what: str) -> str:
    """`name` stripped, or an InputError naming the rule."""
    name = name.strip()
    if not NAME.match(name) or name.endswith("."):
        raise InputError(f"'{name}' cannot name a {what}", field="name", expected=NAME_RULE)
    return name


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario the person can open: its name, its file or folder, whether it shipped."""

    name: str
    path: Path
    shipped: bool


@dataclass
class Workspace:
    """A person's store and folder, and the negotiations they have open."""

    store: Store
    folder: Path
    lock: threading.RLock = field(default_factory=threading.RLock)
    sessions: dict[int, CoachSession] = field(default_factory=dict)
    memo: dict[Hashable, Any] = field(default_factory=dict)

    @property
    def scenario_folder(self) -> Path:
        return self.folder / "scenarios"

    @property
    def plan_folder(self) -> Path:
        return self.folder / "plans"

    def scenarios(self) -> list[ScenarioFile]:
        """The shipped examples, then the person's own scenarios, each by name."""
        out = [
            ScenarioFile(p.name.removesuffix(".yaml"), p, True)
            for p in sorted(shipped_folder().glob("*.yaml"))
            if not p.name.endswith((".plan.yaml", ".moves.yaml"))
        ]
        if self.scenario_folder.is_dir():
            for p in sorted(self.scenario_folder.iterdir()):
                if p.is_dir() or p.suffix == ".yaml":
                    out.append(ScenarioFile(p.name.removesuffix(".yaml"), p, False))
        return out

    def scenario_file(self, name: str) -> ScenarioFile:
        """The scenario called `name`, or an InputError listing the ones there are."""
        for s in self.scenarios():
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.scenarios())
        raise InputError(f"no scenario '{name}'", field="scenario", expected=f"one of: {known}")

    def scenario(self, name: str) -> Scenario:
        """The scenario called `name`, loaded (cached while its file is unchanged)."""
        path = self.scenario_file(name).path
        return _load(path, _stamp(path))

    def session(self, negotiation_id: int) -> CoachSession:
        """The coached negotiation `negotiation_id`: in memory, else resumed from the store."""
        from accord.coach import CoachSession

        with self.lock:
            found = self.sessions.get(negotiation_id)
            if found is None:
                found = CoachSession.resume(self.store, negotiation_id)
                self.sessions[negotiation_id] = found
            return found

    def remembered(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, kept while the ledger is unchanged: any write to its SQLite file,
        from this server or a command, computes it again; on a database server, always."""
        stamp = self._ledger_stamp()
        if stamp is None:
            return compute()
        full = (key, stamp)
        with self.lock:
            if full in self.memo:
                return self.memo[full]
        value = compute()
        with self.lock:
            while len(self.memo) >= REMEMBERED:
                self.memo.pop(next(iter(self.memo)))
            self.memo[full] = value
        return value

    def _ledger_stamp(self) -> tuple[tuple[int, int] | None, ...] | None:
        path = self.store.location.path
        if path is None:
            return None
        files = (path, path.with_name(path.name + "-wal"))
        stats = [p.stat() if p.exists() else None for p in files]
        return tuple(None if s is None else (s.st_mtime_ns, s.st_size) for s in stats)


def _stamp(path: Path) -> float:
    """When a scenario last changed (a folder: its newest file)."""
    if path.is_dir():
        return max((p.stat().st_mtime for p in path.iterdir()), default=0.0)
    return path.stat().st_mtime


@lru_cache(maxsize=32)
def _load(path: Path, _stamp: float) -> Scenario:
    from accord.formats import load_scenario

    return load_scenario(path)
