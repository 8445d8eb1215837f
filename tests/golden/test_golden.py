"""Byte-exact outputs of the CLI's JSON paths, and the GENIUS test data as accord writes it.

Each file in `tests/golden/` is what one `accord ... --json` command prints (see
`COMMANDS`; the repository's path is written as `{repo}`). The commands run in
process through the real Typer app, so the whole CLI JSON path is covered, and any
byte that changes is a change of behaviour. When a change is deliberate (a new
analysis rule, say), regenerate, then read the diff before committing it:

    ACCORD_REGENERATE_GOLDEN=1 .venv/bin/pytest -q -p no:cacheprovider tests/golden
    git diff --stat tests/golden tests/data

The same variable rewrites `tests/data/genius/`, accord's own GENIUS export of the
scenarios in `tests/data/scenarios/`, which the other tests read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.conftest import DATA, DEALER, GENIUS, JAPAN, ROOT
from typer.testing import CliRunner

from accord.cli.main import app
from accord.formats import load_scenario
from accord.formats.genius import save_genius

GOLDEN = Path(__file__).parent
REGENERATE = os.environ.get("ACCORD_REGENERATE_GOLDEN") == "1"
REPO = b"{repo}"


def _negotiations() -> dict[str, list[str]]:
    return {
        f"neg_dealer_rebate_{a}_{b}.json": [
            "negotiate", str(DEALER), "--a", a, "--b", b, "--seed", "7", "--json"
        ]
        for a in ("diplomat", "advised", "boulware", "hardliner")
        for b in ("hardliner", "boulware")
    }  # fmt: skip


COMMANDS: dict[str, list[str]] = {
    "analyze_dealer_rebate.json": ["analyze", str(DEALER), "--json"],
    "analyze_japan_supplier.json": ["analyze", str(JAPAN), "--json"],
    **_negotiations(),
    "tournament.json": [
        "tournament", str(DEALER), str(JAPAN),
        "--strategies", "diplomat,boulware,hardliner,advised", "--repeat", "2",
        "--seed", "3", "--backend", "serial", "--json",
    ],
    "series.json": [
        "tournament", str(DEALER), "--strategies", "diplomat,hardliner", "--series", "4",
        "--seed", "3", "--backend", "serial", "--json",
    ],
}  # fmt: skip

#: tests/data/genius/<folder> is the export of tests/data/scenarios/<file>.
OWNED_GENIUS = {
    "RiverTreaty": "river_treaty.yaml",
    "OfficeLease": "office_lease.yaml",
    "Laptop": "laptop.yaml",
}


def _check(path: Path, produced: bytes) -> None:
    if REGENERATE:
        path.write_bytes(produced)
    assert path.exists(), f"no golden {path.name}: run with ACCORD_REGENERATE_GOLDEN=1"
    assert produced == path.read_bytes(), (
        f"{path.relative_to(ROOT)} differs from what accord now writes; if the change is "
        "deliberate, regenerate with ACCORD_REGENERATE_GOLDEN=1 (see this module's docstring)"
    )


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_cli_json_is_byte_identical(name: str) -> None:
    result = CliRunner().invoke(app, COMMANDS[name])
    assert result.exit_code == 0, result.stderr
    _check(GOLDEN / name, result.stdout_bytes.replace(str(ROOT).encode(), REPO))


def test_every_golden_file_has_a_command() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == sorted(COMMANDS)


@pytest.mark.parametrize("folder", sorted(OWNED_GENIUS))
def test_genius_data_is_accords_export(folder: str, tmp_path: Path) -> None:
    written = save_genius(load_scenario(DATA / "scenarios" / OWNED_GENIUS[folder]), tmp_path)
    if REGENERATE:
        shutil.rmtree(GENIUS / folder, ignore_errors=True)
        shutil.copytree(tmp_path, GENIUS / folder)
    assert sorted(p.name for p in (GENIUS / folder).iterdir()) == sorted(p.name for p in written)
    for path in written:
        _check(GENIUS / folder / path.name, path.read_bytes())
