"""Suite-wide fixtures: where the tests' inputs live, and the ANAC cross-checks.

Tests read inputs the project owns: the scenarios in `examples/` and small GENIUS
folders in `tests/data/genius/`, accord's own export of `tests/data/scenarios/`
(regenerated with `ACCORD_REGENERATE_GOLDEN=1 pytest tests/golden`). Import the
paths from here (`from tests.conftest import DEALER`) instead of computing them.

Tests marked `anac` cross-check accord against the real ANAC collection, read
from `$ACCORD_ANAC_DOMAINS` (default `../shared/domains` beside the repository).
Without it they are skipped with one reason, so a fresh clone is green; with
`ACCORD_REQUIRE_ANAC=1` (CI, where the collection exists) a collection that
cannot be read stops the run instead, so skips never hide a broken path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from accord.model.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "src" / "accord" / "examples"  # `examples/` links here
DEALER = EXAMPLES / "dealer_rebate.yaml"
JAPAN = EXAMPLES / "japan_supplier.yaml"
PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
MOVES = EXAMPLES / "dealer_rebate.moves.yaml"

DATA = ROOT / "tests" / "data"
#: A folder of GENIUS folders, laid out as one ANAC year is.
GENIUS = DATA / "genius"
RIVER = GENIUS / "RiverTreaty"  # 576 outcomes, five issues, no reservation values
LEASE = GENIUS / "OfficeLease"  # 180 outcomes, four issues, no reservation values
LAPTOP = GENIUS / "Laptop"  # 27 outcomes, reservation values 0.5

ANAC_DOMAINS = Path(os.environ.get("ACCORD_ANAC_DOMAINS") or ROOT.parent / "shared" / "domains")
ANAC = ANAC_DOMAINS / "anac"
#: Every ANAC domain folder (`anac/<year>/<domain>`); empty without the collection.
ANAC_FOLDERS = sorted(p for p in ANAC.glob("*/*") if p.is_dir()) if ANAC.is_dir() else []
ANAC_MISSING = f"no ANAC collection at {ANAC} (set ACCORD_ANAC_DOMAINS to the folder holding anac/)"

_ANAC_TESTS = pytest.StashKey[set[str]]()
#: Why the PostgreSQL fixtures skipped (empty when they ran, or were not asked for).
_PG_SKIPPED: list[str] = []


@cache
def load(path: Path) -> Scenario:
    """A scenario file or GENIUS folder, loaded once for the whole run (scenarios are
    immutable, and loading the larger ones costs more than the tests that use them)."""
    from accord.formats import load_scenario

    return load_scenario(path)


@dataclass(frozen=True)
class Started:
    """What `accord ARGS` printed, and every module it had loaded when it ended."""

    stdout: str
    modules: frozenset[str]

    def loaded(self, *packages: str) -> list[str]:
        """The modules loaded from these top-level packages (start-up tests list them)."""
        return sorted(m for m in self.modules if m.split(".")[0] in packages)


_START = """import json, sys
from accord.cli.main import app
sys.argv = ["accord", *json.loads(sys.argv[1])]
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def cli_in_fresh_python(*args: str) -> Started:
    """Run `accord ARGS` in a new interpreter, as a person starts it, so that what it
    imports can be checked: start-up cost is decided by what a command loads."""
    proc = subprocess.run(
        [sys.executable, "-c", _START, json.dumps(args)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    return Started(proc.stdout, frozenset(json.loads(proc.stderr.splitlines()[-1])))


#: A two-issue domain where one issue is most of A's utility (conditional concessions,
#: an anchored estimate of the fair deal).
LOPSIDED = """
name: One issue decides
deadline: {rounds: 40}
issues:
  - {name: price, type: ordered, values: [1, 2, 3, 4, 5, 6, 7]}
  - {name: terms, type: ordered, values: [1, 2, 3, 4, 5, 6, 7]}
parties:
  A:
    name: Seller
    weights: {price: 0.8, terms: 0.2}
    values: {price: {linear: high}, terms: {linear: high}}
    batna: {utility: 0.1}
    aspiration: 0.9
  B:
    name: Buyer
    weights: {price: 0.5, terms: 0.5}
    values: {price: {linear: low}, terms: {linear: low}}
    batna: {utility: 0.1}
    aspiration: 0.9
"""


@pytest.fixture(scope="session")
def dealer() -> Scenario:
    """The flagship scenario, `examples/dealer_rebate.yaml`."""
    return load(DEALER)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str]:
    """A throwaway PostgreSQL server for the whole session (`tests/store/postgres.py`), or
    a skip saying why there is none (a failure with `ACCORD_REQUIRE_POSTGRES=1`, as CI
    sets where the server binaries are installed)."""
    from tests.store import postgres

    reason = postgres.why_not()
    if reason is not None and os.environ.get("ACCORD_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"ACCORD_REQUIRE_POSTGRES=1 (CI) but {reason}")
    if reason is not None:
        _PG_SKIPPED.append(reason)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    with postgres.server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin: str) -> str:
    """A new, empty PostgreSQL database on that server."""
    from tests.store import postgres

    return postgres.create_database(postgres_admin, f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ACCORD_DB must never receive the tests' negotiations; tests
    that want a store set their own."""
    monkeypatch.delenv("ACCORD_DB", raising=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "anac: cross-checks accord against the real ANAC collection (skipped without it)"
    )
    if os.environ.get("ACCORD_REQUIRE_ANAC") == "1" and not ANAC_FOLDERS:
        pytest.exit(
            f"ACCORD_REQUIRE_ANAC=1 but the ANAC collection cannot be read: {ANAC_MISSING}",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    marked = [item for item in items if item.get_closest_marker("anac")]
    config.stash[_ANAC_TESTS] = {item.nodeid for item in marked}
    if not ANAC_FOLDERS:
        skip = pytest.mark.skip(reason=ANAC_MISSING)
        for item in marked:  # first, so this reason wins over "empty parameter set"
            item.add_marker(skip, append=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line saying why the PostgreSQL tests were skipped, if they were; one line
    saying how many ANAC cross-checks ran, or why none did."""
    if _PG_SKIPPED:
        terminalreporter.write_line(f"PostgreSQL tests skipped: {_PG_SKIPPED[0]}")
    marked = terminalreporter.config.stash.get(_ANAC_TESTS, set())
    if not marked:
        return
    outcome: dict[str, str] = {}
    for category in ("passed", "skipped", "xfailed", "xpassed", "failed", "error"):
        for report in terminalreporter.stats.get(category, []):
            if getattr(report, "nodeid", None) in marked:
                outcome[report.nodeid] = category  # failures and errors, listed last, win
    if not outcome:  # nothing ran (--collect-only, or stopped before them)
        return
    counts = Counter(outcome.values())
    if not ANAC_FOLDERS:
        line = f"ANAC cross-checks: {counts['skipped']} skipped: {ANAC_MISSING}"
    else:
        ran = sum(n for category, n in counts.items() if category != "skipped")
        detail = ", ".join(f"{n} {category}" for category, n in sorted(counts.items()))
        line = f"ANAC cross-checks: {ran} ran ({detail}) on {len(ANAC_FOLDERS)} domains in {ANAC}"
    terminalreporter.write_line(line)
