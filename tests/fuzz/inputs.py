"""The real files the fuzz suite damages, made once per test process at import.

Every input is a file accord ships (examples/) or writes itself: a GENIUS
folder by accord's export, a transcript by `accord negotiate --json`, a
results file by `accord tournament --out`, a ledger by `accord ledger
export`; all in a temporary folder, removed at exit. They exist at import so
the strategies and the `@example`s of the crashes found can be built from them.
"""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from accord.cli.main import app
from accord.formats import load_scenario
from accord.formats.genius import save_genius

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEALER = "dealer_rebate"


@dataclass(frozen=True)
class Inputs:
    """Paths of the real files, in `folder` with the examples beside them."""

    folder: Path
    scenario: Path
    plan: Path
    moves: Path
    genius: list[Path]  # domain, profile A, profile B
    transcript: Path
    results: Path
    export: Path
    ledger: Path  # the database the export came from

    def yaml(self, path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def json(self, path: Path) -> Any:
        return json.loads(path.read_text(encoding="utf-8"))


def _cli(*args: object) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"ACCORD_DB": None})
    assert result.exit_code == 0, result.output
    return result.stdout


def _make(folder: Path) -> Inputs:
    for suffix in (".yaml", ".plan.yaml", ".moves.yaml"):
        shutil.copy(EXAMPLES / f"{DEALER}{suffix}", folder / f"{DEALER}{suffix}")
    scenario = folder / f"{DEALER}.yaml"
    genius = save_genius(load_scenario(scenario), folder / "genius")
    transcript = folder / "talks.json"
    transcript.write_text(_cli("negotiate", scenario, "--json"), encoding="utf-8")
    ledger = folder / "ledger.db"
    _cli("negotiate", scenario, "--db", ledger, "--counterparty", "Dealer Co")
    results = folder / "results.jsonl"
    _cli("tournament", scenario, "--strategies", "boulware,conceder", "--backend", "serial",
         "--out", results, "--db", ledger)  # fmt: skip
    export = folder / "ledger.json"
    _cli("ledger", "export", export, "--db", ledger)
    return Inputs(
        folder,
        scenario,
        folder / f"{DEALER}.plan.yaml",
        folder / f"{DEALER}.moves.yaml",
        genius,
        transcript,
        results,
        export,
        ledger,
    )


def _folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="accord-fuzz-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


INPUTS = _make(_folder())
