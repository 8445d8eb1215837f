"""Export and import: a round trip between stores (and backends) is exact, importing
twice changes nothing, and a bad or conflicting file changes nothing at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.store.sample import fill

from accord.errors import InputError
from accord.store import Store, ledger, negotiations, open_store
from accord.store.backup import export_store, export_text, import_store, read_export


def _data(store: Store) -> dict[str, Any]:
    """The export without its time stamp."""
    data = json.loads(export_text(store))
    del data["exported_at"]
    return data


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one of everything (read only by the tests)."""
    path = tmp_path_factory.mktemp("source") / "source.db"
    with open_store(str(path)) as store:
        fill(store)
    return path


@pytest.fixture
def exported(source: Path, tmp_path: Path) -> Path:
    """An export file of `source`."""
    path = tmp_path / "backup.json"
    with open_store(str(source)) as store:
        path.write_text(export_text(store))
    return path


def test_export_then_import_reproduces_the_store_exactly(
    source: Path, exported: Path, store: Store
) -> None:
    with open_store(str(source)) as origin:
        original = _data(origin)
        health = ledger.health(origin)
        transcripts = [
            negotiations.transcript(origin, n.id)
            for n in negotiations.listing(origin)
            if n.kind == "engine"
        ]
    added = import_store(store, read_export(exported), str(exported))
    assert added == {"counterparties": 3, "negotiations": 6, "plans": 2, "tournaments": 1}
    assert _data(store) == original
    assert ledger.health(store) == health
    again = [
        negotiations.transcript(store, n.id)
        for n in negotiations.listing(store)
        if n.kind == "engine"
    ]
    assert [t.dumps() for t in again] == [t.dumps() for t in transcripts]
    assert [c.text for c in ledger.open_conditions(store, "Dealer Co")] == ["stock >= 1.5x"]

    added = import_store(store, read_export(exported), str(exported))  # twice: nothing new
    assert set(added.values()) == {0}
    assert _data(store) == original


def test_the_export_has_a_format_header(exported: Path) -> None:
    data = json.loads(exported.read_text())
    assert (data["format"], data["version"], data["schema_revision"]) == ("accord-store", 1, "0002")
    assert list(data)[:3] == ["format", "version", "schema_revision"]


def _edited(exported: Path, tmp_path: Path, edit: Any) -> Path:
    data = json.loads(exported.read_text())
    edit(data)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda d: d.update(format="something-else"), "format", "Input should be 'accord-store'"),
        (lambda d: d.update(version=7), "version", "Input should be 1"),
        (lambda d: d["negotiations"][1].update(colour=1), "negotiations.1.colour", "Extra inputs"),
        (lambda d: d["negotiations"][0].update(seed="x"), "negotiations.0.seed", "valid integer"),
        (lambda d: d["counterparties"][0].pop("name"), "counterparties.0.name", "Field required"),
        (lambda d: d["counterparties"][0]["states"][0]["state"].update(trust=2.0),
         "counterparties.0.states.0.state", "trust"),
        (lambda d: d["negotiations"][4]["events"][0]["event"].update(actor=None),
         "negotiations.4.events.0.event", "not valid"),
        (lambda d: d["negotiations"][0].update(counterparty="Ghost"),
         "negotiations.0.counterparty", "Ghost"),
        (lambda d: d["tournaments"][0]["standings"][0]["record"].pop("own"),
         "tournaments.0.standings.0.record", "not valid"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_field_and_changes_nothing(
    exported: Path, tmp_path: Path, edit: Any, field: str, message: str
) -> None:
    path = _edited(exported, tmp_path, edit)
    with pytest.raises(InputError) as info:
        read_export(path)
    assert info.value.field == field and info.value.source == str(path)
    assert message in str(info.value)


def test_files_that_are_not_exports(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "accord-store", ')
    with pytest.raises(InputError, match="Invalid JSON"):
        read_export(broken)
    with pytest.raises(InputError, match="cannot read the file"):
        read_export(tmp_path / "missing.json")


def test_a_conflicting_import_writes_nothing(exported: Path, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "target.db")) as target:
        ledger.add_counterparty(target, "Dealer Co", notes="another Dealer Co")
        before = _data(target)
        with pytest.raises(InputError, match="different counterparty 'Dealer Co'"):
            import_store(target, read_export(exported), str(exported))
        assert _data(target) == before  # the other counterparties were not imported either

    def retitle(d: dict[str, Any]) -> None:
        d["plans"][0]["body"] = {"changed": True}

    changed = _edited(exported, tmp_path, retitle)
    with open_store(str(tmp_path / "other.db")) as other:
        import_store(other, read_export(exported), str(exported))
        before = _data(other)
        with pytest.raises(InputError, match="different plan"):
            import_store(other, read_export(changed), str(changed))
        assert _data(other) == before
        assert export_store(other).counterparties  # still readable
