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
from hypothesis import strategies as st
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
    _edited(["negotiations", 0, "events", 0, "event", "turn"], 10**30),  # OverflowError
]


class Target:
    """A store to import into, from a template file: the store the export came from
    (the import must find its items there and write nothing) or an empty one (it must
    write them all, or nothing); an import that wrote is undone by copying again."""

    def __init__(self, template: Path, path: Path) -> None:
        self.template, self.path = template, path
        self.store = self._open()

    def _open(self) -> Store:
        shutil.copy(self.template, self.path)
        for suffix in ("-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        return open_store(str(self.path))

    def reset(self) -> None:
        self.store.close()
        self.store = self._open()


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Target]]:
    folder = tmp_path_factory.mktemp("ledger")
    empty = folder / "empty-template.db"
    with open_store(str(empty)):
        pass
    made = [Target(INPUTS.ledger, folder / "full.db"), Target(empty, folder / "empty.db")]
    yield made
    for target in made:
        target.store.close()


def _digest(path: Path) -> str:
    """The database file and its write-ahead log, where a transaction would land first."""
    h = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


@fuzz_settings(200)
@given(damaged(EXPORT, dump_json), st.sampled_from([0, 1]))
@example(CRASHES[0], 1)
@example(CRASHES[1], 1)
@example(CRASHES[2], 1)
@example(CRASHES[3], 1)
def test_a_damaged_export_is_imported_or_refused_unwritten(
    targets: list[Target], tmp_path: Path, data: bytes, into: int
) -> None:
    target = targets[into]
    path = tmp_path / "ledger.json"
    path.write_bytes(data)
    before = _digest(target.path)
    done = read("ledger import", lambda: import_store(target.store, read_export(path), str(path)))
    if isinstance(done, InputError):
        assert _digest(target.path) == before, "a refused import changed the store"
    elif any(done.values()):
        target.reset()
