"""A negotiation stored as it runs (`live.prepare` and `live.play`): what `accord negotiate
--db` does, as a library: new or resumed, it ends with the transcript of a run without a
store, and a coached negotiation is left to the coach."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import DEALER

from accord.errors import InputError
from accord.formats import load_scenario
from accord.protocol.engine import Negotiation
from accord.store import coached, live, negotiations, open_store
from accord.strategies import make

NAMES = ("diplomat", "boulware")


def _unstored(seed: int) -> str:
    scenario = load_scenario(DEALER)
    return Negotiation(scenario, make(NAMES[0]), make(NAMES[1]), seed=seed).run().dumps()


def test_a_new_negotiation_is_played_and_finished_in_the_store(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        prepared = live.prepare(store, DEALER, None, NAMES, seed=3, rounds=None)
        played = live.play(store, prepared)
        assert played.transcript.dumps() == _unstored(3)
        assert [s.name for s in played.strategies] == list(NAMES)
        assert played.analysis.scenario is played.scenario
        info = negotiations.info(store, played.negotiation_id)
        assert not info.open and info.strategies == NAMES
        stored = negotiations.transcript(store, played.negotiation_id)
        assert stored.events == played.transcript.events


def test_a_resumed_negotiation_ends_as_if_never_stopped(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        first = live.prepare(store, DEALER, None, NAMES, seed=5, rounds=None)
        for _ in range(7):  # stopped after seven moves
            first.negotiation.step()
        first.recorder.flush(first.negotiation.transcript)
        again = live.prepare(
            store, None, None, (None, None), seed=0, rounds=None, resume=first.negotiation_id
        )
        assert again.replayed == 7
        assert live.play(store, again).transcript.dumps() == _unstored(5)


def test_a_coached_negotiation_is_left_to_the_coach(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        saved = coached.begin(
            store,
            scenario_name="dealer",
            scenario_path=str(DEALER),
            strategies=(coached.COACHED, "boulware"),
            seed=0,
            rounds=10,
            plan_path=tmp_path / "plan.yaml",
            plan_body={},
            side="A",
            against="boulware",
        )
        assert coached.is_coached(store, saved.negotiation_id)
        with pytest.raises(InputError, match="held with the coach") as err:
            live.prepare(
                store, None, None, (None, None), seed=0, rounds=None, resume=saved.negotiation_id
            )
        go_on = f"`accord coach --resume {saved.negotiation_id} --db {store.shown}` to continue it"
        assert err.value.expected == go_on  # on the database it is in


def test_a_new_negotiation_needs_a_scenario(tmp_path: Path) -> None:
    with (
        open_store(str(tmp_path / "a.db")) as store,
        pytest.raises(InputError, match="no scenario"),
    ):
        live.prepare(store, None, None, NAMES, seed=0, rounds=None)


def test_a_suggested_command_names_the_database_but_never_a_servers_path(tmp_path) -> None:
    with open_store(str(tmp_path / "a.db")) as store:
        assert store.option == f" --db {tmp_path / 'a.db'}"
        store.label = "your ledger"  # a server's store: its paths are not its users'
        assert store.option == ""
