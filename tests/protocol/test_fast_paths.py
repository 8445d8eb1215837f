"""The engine's short paths change nothing: `run`'s inline turn, the submit fast
path, views built without `__init__`, generators seeded on first use, and the
time-based strategies' list lookups all give the transcripts of the plain paths."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from array import array
from typing import Any

import numpy as np
import pytest
from tests.conftest import DEALER, JAPAN

import accord.strategies.timebased as timebased
from accord.formats import load_scenario
from accord.model.scenario import Scenario
from accord.protocol import Negotiation, Offer, OutsideSpaceError, Transcript, View
from accord.strategies import Strategy, ladder, make, registry

SCENARIOS = [DEALER, JAPAN]


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def sc(request: pytest.FixtureRequest) -> Scenario:
    return load_scenario(request.param)


class Stepped(Negotiation):
    """Overrides `step`, so `run` takes the plain loop."""

    def step(self) -> Any:
        return super().step()


def stepped(sc: Scenario, a: str, b: str, seed: int, rounds: int) -> Transcript:
    neg = Negotiation(sc, make(a), make(b), seed=seed, rounds=rounds)
    while not neg.ended:
        neg.step()
    return neg.transcript


@pytest.mark.parametrize("rounds", [1, 6, 40])
def test_run_gives_the_transcript_of_stepping(sc: Scenario, rounds: int) -> None:
    for a in registry():
        for b in registry():
            fast = Negotiation(sc, make(a), make(b), seed=5, rounds=rounds).run().dumps()
            assert fast == stepped(sc, a, b, 5, rounds).dumps(), (a, b)
            plain = Stepped(sc, make(a), make(b), seed=5, rounds=rounds).run().dumps()
            assert fast == plain, (a, b)
            limited = Negotiation(sc, make(a), make(b), seed=5, rounds=rounds, time_limit=1e9)
            assert fast == limited.run().dumps(), (a, b)


def test_time_based_list_lookups_match_the_ladder(
    sc: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("boulware", "linear", "conceder")

    def runs() -> list[str]:
        pairs = [(a, b) for a in names for b in names]
        return [Negotiation(sc, make(a), make(b), seed=1).run().dumps() for a, b in pairs]

    fast = runs()
    monkeypatch.setattr(timebased, "MAX_LIST", 0)  # arrays instead of lists
    timebased.listed_rungs.cache_clear()
    timebased.listed_utilities.cache_clear()
    assert fast == runs()
    assert isinstance(timebased.listed_rungs(ladder(sc.a.preferences.utility))[0], array)
    timebased.listed_rungs.cache_clear()
    timebased.listed_utilities.cache_clear()
    monkeypatch.setattr(timebased, "MAX_LISTED", 0)  # numpy `Ladder` lookups, `view.utility`
    assert fast == runs()


class Drawer(Strategy):
    """Records the generator of every view, draws from it, offers its draw."""

    name = "drawer"

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def reset(self, view: View) -> None:
        self.seen.append(view.rng)

    def act(self, view: View) -> Offer:
        self.seen.append(view.rng)
        return Offer(int(view.rng.integers(view.space.n_outcomes)))


@pytest.mark.parametrize("seed", [0, 7, 2**70, np.int64(7), [1, 2]])
def test_each_side_gets_its_spawned_generator_once(sc: Scenario, seed: Any) -> None:
    expected = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2)]
    a, b = Drawer(), Drawer()
    neg = Negotiation(sc, a, b, seed=seed, rounds=3)
    assert [a.seen[0].bit_generator.state, b.seen[0].bit_generator.state] == [
        g.bit_generator.state for g in expected
    ]
    neg.run()
    for side in (a, b):
        assert all(g is side.seen[0] for g in side.seen)
    assert a.seen[0] is not b.seen[0]


def test_an_invalid_seed_still_fails_at_once(sc: Scenario) -> None:
    with pytest.raises(ValueError):
        Negotiation(sc, make("boulware"), make("conceder"), seed=-1)


def test_a_view_is_still_a_frozen_dataclass(sc: Scenario) -> None:
    neg = Negotiation(sc, make("boulware"), make("conceder"), seed=3)
    neg.step()
    view = neg.view("B")
    assert [f.name for f in dataclasses.fields(View)] == [
        "role", "space", "preferences", "rounds", "turn", "time",
        "events", "theirs", "mine", "rng",
    ]  # fmt: skip
    assert isinstance(view.rng, np.random.Generator) and view.rng is neg.view("B").rng
    for name in ("turn", "rng"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(view, name, None)
    assert dataclasses.replace(view, turn=9).turn == 9 and view.turn == 1
    assert copy.copy(view) == view and copy.copy(view).rng is view.rng
    again = pickle.loads(pickle.dumps(view))
    assert (again.turn, again.time, again.role) == (view.turn, view.time, view.role)
    made = View(**{f.name: getattr(view, f.name) for f in dataclasses.fields(View)})
    assert made == view and made.rng is view.rng


class Offers(Strategy):
    name = "offers"

    def __init__(self, outcome: Any) -> None:
        self.outcome = outcome

    def act(self, view: View) -> Offer:
        return Offer(self.outcome)


@pytest.mark.parametrize("bad", ["end", -1, True, np.int64(-1)])
def test_run_refuses_an_offer_outside_the_space(sc: Scenario, bad: Any) -> None:
    outcome = sc.space.n_outcomes if bad == "end" else bad
    neg = Negotiation(sc, Offers(outcome), Offers(0), rounds=5)
    with pytest.raises(OutsideSpaceError, match="is not in the outcome space"):
        neg.run()
    assert neg.turn == 0 and not neg.transcript.events


def test_a_repeated_offer_keeps_an_equal_standing(sc: Scenario) -> None:
    neg = Negotiation(sc, Offers(np.int64(2)), Offers(3), rounds=3)
    t = neg.run()
    assert [e.outcome for e in t.events] == [2, 3] * 3
    assert all(type(e.move.outcome) is int for e in t.events)  # type: ignore[union-attr]
    assert neg.view("A").mine == neg.view("B").theirs and neg.view("A").mine.outcome == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("steps", [0, 1, 7])
def test_a_negotiation_still_pickles_and_copies(sc: Scenario, steps: int) -> None:
    neg = Negotiation(sc, make("micro"), Drawer(), seed=4, rounds=12)
    for _ in range(steps):
        neg.step()
    twins = [pickle.loads(pickle.dumps(neg)), copy.deepcopy(neg)]
    expected = neg.run().dumps()
    assert [t.run().dumps() for t in twins] == [expected, expected]
