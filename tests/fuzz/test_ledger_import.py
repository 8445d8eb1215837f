"""The ledger import (accord.store.backup, `accord ledger import`) on a damaged export,
into the store the export came from: a refused import must leave its file unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given
from tests.fuzz.inputs import INPUTS
from tests.fuzz.mutations import damaged, dump_json
from tests.fuzz.outcome import fuzz_settings, read

from accord.errors import InputError
from accord.store import Store, open_store
from accord.store.backup import import_store, read_export

EXPORT = INPUTS.json(INPUTS.export)


def _edited(path: list[object], value: object) -> bytes:
    data = json.loads(json.dumps(EXPORT))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value  # type: ignore[index]
    return json.dumps(data, allow_nan=True).encode()


CRASHES = [  # what the import let through before
    _edited(["tournaments", 0, "standings", 0, "rank"], 10**30),  # past SQLite's INTEGER
    _edited(["negotiations", 0, "outcome", "metrics"], {"x": float("nan")}),  # NaN in a column
    _edited(["counterparties", 0, "states", 0, "state", "history", 0, "tactics"], {"x": 1e999}),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    path = tmp_path_factory.mktemp("ledger") / "ledger.db"
    shutil.copy(INPUTS.ledger, path)
    with open_store(str(path)) as opened:
        yield opened, path


def _digest(path: Path) -> str:
    """The database file and its write-ahead log, where a transaction would land first."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@fuzz_settings(200)
@given(damaged(EXPORT, dump_json))
@example(CRASHES[0])
@example(CRASHES[1])
@example(CRASHES[2])
def test_a_damaged_export_is_imported_or_refused_unwritten(
    store: tuple[Store, Path], tmp_path: Path, data: bytes
) -> None:
    opened, db = store
    path = tmp_path / "ledger.json"
    path.write_bytes(data)
    before = _digest(db)
    done = read("ledger import", lambda: import_store(opened, read_export(path), str(path)))
    if isinstance(done, InputError):
        assert _digest(db) == before, "a refused import changed the store"
