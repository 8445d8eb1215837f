"""Behaviour of tit-for-tat, MiCRO, the Hardliner, the Panderer and the frequency model.

Every strategy plays boulware, conceder and the others, on both sides, on the
dealer example, on the project's RiverTreaty GENIUS folder (576 outcomes) and on
it with raised reservation values; scripted opponents (stubborn, silent, climbing)
pin each strategy's rule.
"""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pytest
from tests.conftest import DEALER, RIVER, load

from accord.model.scenario import Scenario
from accord.protocol import (
    Accept,
    Display,
    Move,
    Negotiation,
    Offer,
    Silence,
    Transcript,
    Ultimatum,
    View,
    WalkAway,
)
from accord.strategies import Strategy, ladder, make, registry
from accord.strategies.opponent import NEUTRAL, FrequencyModel

MINE = ("tit_for_tat", "micro", "hardliner", "panderer")
OPPONENTS = ("boulware", "conceder", *MINE)
SCENARIOS = ("dealer", "river", "river_high_reservations")


@cache
def scenario(key: str) -> Scenario:
    if key == "dealer":
        return load(DEALER)
    sc = load(RIVER)
    if key == "river_high_reservations":
        return with_reservations(sc, 0.6, 0.5)
    return sc


def with_reservations(sc: Scenario, ra: float, rb: float) -> Scenario:
    parties = []
    for party, r in ((sc.a, ra), (sc.b, rb)):
        p = party.preferences
        prefs = dataclasses.replace(p, reservation=r, aspiration=max(p.aspiration, r))
        parties.append(dataclasses.replace(party, preferences=prefs))
    return dataclasses.replace(sc, a=parties[0], b=parties[1])


def play(sc: Scenario, a: Strategy, b: Strategy, *, seed: int = 7, rounds: int = 100) -> Transcript:
    return Negotiation(sc, a, b, seed=seed, rounds=rounds).run()


def prefs(sc: Scenario, role: str):  # type: ignore[no-untyped-def]
    return sc.a.preferences if role == "A" else sc.b.preferences


def offers(tr: Transcript, role: str) -> list[int]:
    return [e.move.outcome for e in tr.events if e.actor == role and isinstance(e.move, Offer)]


# scripted opponents --------------------------------------------------------------


class Stubborn(Strategy):
    """Always offers its own best outcome; never accepts."""

    name = "stubborn"

    def reset(self, view: View) -> None:
        self.best = int(ladder(view.preferences.utility).order[0])

    def act(self, view: View) -> Move:
        return Offer(self.best)


class Silent(Strategy):
    """Never says anything."""

    name = "silent"

    def act(self, view: View) -> Move:
        return Silence()


class Scripted(Strategy):
    """Plays a fixed list of moves, then repeats the last one."""

    name = "scripted"

    def __init__(self, moves: list[Move]) -> None:
        self.moves = moves
        self.i = 0

    def act(self, view: View) -> Move:
        move = self.moves[min(self.i, len(self.moves) - 1)]
        self.i += 1
        return move


# the matrix ------------------------------------------------------------------------


@pytest.mark.parametrize("key", SCENARIOS)
@pytest.mark.parametrize("opponent", OPPONENTS)
@pytest.mark.parametrize("mine", MINE)
def test_plays_by_the_rules_on_both_sides(mine: str, opponent: str, key: str) -> None:
    sc = scenario(key)
    for a, b, me in ((mine, opponent, "A"), (opponent, mine, "B")):
        tr = play(sc, make(a), make(b), rounds=60)
        ending = tr.ending
        assert ending is not None
        for e in tr.events:
            if isinstance(e.move, Offer | Ultimatum):
                assert 0 <= e.move.outcome < sc.space.n_outcomes
        if ending.reason == "agreement":
            assert ending.agreement is not None and ending.by is not None
            p = prefs(sc, ending.by)
            assert p.utility.at(ending.agreement) >= p.reservation - 1e-12
        kinds = {e.kind for e in tr.events if e.actor == me}
        if mine == "panderer":
            assert "silence" not in kinds
            closing = [e.move for e in tr.events if e.actor == me and e.note == "closing"]
            assert closing == ([Display("modest")] if ending.reason == "agreement" else [])
        if mine in ("micro", "hardliner"):
            r = prefs(sc, me).reservation
            assert all(prefs(sc, me).utility.at(o) >= r for o in offers(tr, me))


@pytest.mark.parametrize("mine", MINE)
def test_same_seed_same_transcript(mine: str) -> None:
    sc = scenario("river")
    for opponent in ("boulware", "micro"):
        first = play(sc, make(mine), make(opponent), seed=11).dumps()
        assert play(sc, make(mine), make(opponent), seed=11).dumps() == first


def test_registered_with_sources() -> None:
    known = registry()
    for name in MINE:
        cls = known[name]
        assert cls.name == name and cls.traits.source and cls.__doc__
    assert known["hardliner"].traits.tactics == ("silence", "ultimatum")
    assert known["micro"].traits.stochastic
    assert known["tit_for_tat"].traits.opponent_model


# the frequency model -------------------------------------------------------------


def test_frequency_model_learns_the_value_and_the_issue_they_keep() -> None:
    space = scenario("dealer").space
    model = FrequencyModel(space)
    probe = space.digits([0, 1, 2])
    assert np.all(model.estimate(probe) == NEUTRAL)
    assert model.best_for_them(np.array([5, 3, 9]), space) == 5
    rng = np.random.default_rng(3)
    for _ in range(30):  # the opponent keeps rebate at its top value and varies the rest
        digits = [4] + [int(rng.integers(n)) for n in space.sizes[1:]]
        model.observe(int(space.indices(np.array(digits))[0]))
    rebate = space.issue_index("rebate")
    assert int(np.argmax(model.weights)) == rebate
    assert model.weights.sum() == pytest.approx(1.0)
    scores = model.value_scores()[: space.sizes[0]]
    assert scores[4] == 1.0 and np.all(scores[:4] < 1.0)
    low, high = np.array([0, 2, 1, 0, 1]), np.array([4, 2, 1, 0, 1])
    est = model.estimate(np.stack([low, high]))
    assert est[1] > est[0] and np.all((est >= 0) & (est <= 1))
    candidates = space.indices(np.stack([low, high, low]))
    assert model.best_for_them(candidates, space) == candidates[1]


def test_frequency_model_weights_ignore_exact_repeats() -> None:
    space = scenario("dealer").space
    model = FrequencyModel(space)
    for _ in range(5):
        model.observe(17)
    assert np.allclose(model.weights, 1 / len(space.issues))
    assert model.estimate(space.digits([17]))[0] == pytest.approx(1.0)


def test_frequency_model_reads_each_event_once() -> None:
    seen: list[tuple[int, int]] = []

    class Spy(Strategy):
        name = "spy"

        def reset(self, view: View) -> None:
            self.model = FrequencyModel(view.space)
            self.best = int(ladder(view.preferences.utility).order[0])

        def act(self, view: View) -> Move:
            self.model.update(view)
            assert self.model.update(view) == []
            theirs = sum(
                1
                for e in view.events
                if e.actor != view.role and isinstance(e.move, Offer | Ultimatum)
            )
            seen.append((self.model.n_offers, theirs))
            return Offer(self.best)

    play(scenario("river"), make("hardliner"), Spy(), rounds=40)
    assert seen and all(n == m for n, m in seen)
    assert seen[-1][0] > 3


# tit-for-tat -----------------------------------------------------------------------


def test_tit_for_tat_does_not_concede_first() -> None:
    sc = scenario("river")
    tr = play(sc, make("tit_for_tat"), Stubborn(), rounds=100)
    u, best = sc.a.preferences.utility, ladder(sc.a.preferences.utility).best
    mine = [(e.turn / 200, e.move) for e in tr.events if e.actor == "A"]
    early = [move for t, move in mine if t <= 0.9]
    assert early and all(isinstance(m, Offer) and u.at(m.outcome) == best for m in early)
    late = [u.at(m.outcome) for t, m in mine if t > 0.9 and isinstance(m, Offer)]
    assert late and min(late) < best  # the deadline ramp


@pytest.mark.parametrize("factor", [1.0, 0.5])
def test_tit_for_tat_concedes_what_they_concede(factor: float) -> None:
    sc = scenario("river")
    lad = ladder(sc.a.preferences.utility)
    n = lad.order.size
    climb = [int(lad.order[n - 1 - 15 * i]) for i in range(12)]  # worst for A, then better
    tr = play(sc, make_tft(factor), Scripted([Offer(o) for o in climb]), rounds=100)
    u = sc.a.preferences.utility
    theirs = [u.at(o) for o in climb]
    mine = [u.at(o) for o in offers(tr, "A")]
    assert mine[0] == mine[1] == lad.best
    for k in range(2, min(len(mine), len(climb))):
        target = lad.best - factor * (max(theirs[:k]) - theirs[0])
        assert target - 1e-9 <= mine[k] < target + 0.05


def make_tft(factor: float) -> Strategy:
    return registry()["tit_for_tat"](factor=factor)  # type: ignore[call-arg]


# MiCRO -------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["A", "B"])
def test_micro_repeats_when_they_repeat(side: str) -> None:
    sc = scenario("river")
    a, b = (make("micro"), Stubborn()) if side == "A" else (Stubborn(), make("micro"))
    tr = play(sc, a, b, rounds=50)
    mine = offers(tr, side)
    assert len(mine) > 10 and len(set(mine)) <= 2


def test_micro_walks_down_its_ladder_one_step_at_a_time() -> None:
    sc = scenario("river")
    tr = play(sc, make("micro"), make("boulware"), rounds=100)
    lad = ladder(sc.a.preferences.utility)
    firsts = list(dict.fromkeys(offers(tr, "A")))
    assert firsts == [int(o) for o in lad.order[: len(firsts)]]


# the Hardliner -------------------------------------------------------------------


def test_hardliner_silence_then_ultimatum_ends_when_refused() -> None:
    sc = scenario("river")
    tr = play(sc, make("hardliner"), Stubborn(), rounds=100)
    mine = [e for e in tr.events if e.actor == "A"]
    assert isinstance(mine[0].move, Offer)
    silences = [e for e in mine if isinstance(e.move, Silence)]
    assert len(silences) >= 10 and all(e.turn / 200 < 0.5 for e in silences)
    ultimatums = [e for e in mine if isinstance(e.move, Ultimatum)]
    assert len(ultimatums) == 1 and ultimatums[0].turn == 100
    assert tr.ending is not None and tr.ending.reason == "ultimatum_refused"
    assert tr.ending.by == "B" and tr.ending.turn == 101


@pytest.mark.parametrize(("level", "expected"), [(0.82, Accept), (0.5, WalkAway)])
def test_hardliner_meets_an_ultimatum_with_its_floor(level: float, expected: type) -> None:
    sc = scenario("river")
    u = sc.b.preferences.utility
    outcome = ladder(u).closest_at_least(level)  # the floor is 0.8, the target about 0.95
    assert u.at(outcome) < 0.9 and (u.at(outcome) >= 0.8) == (expected is Accept)
    tr = play(sc, Scripted([Ultimatum(outcome)]), make("hardliner"), rounds=20)
    assert isinstance(tr.events[1].move, expected)


# the Panderer ------------------------------------------------------------------------


def test_panderer_concedes_faster_than_boulware() -> None:
    sc = scenario("river")
    u = sc.a.preferences.utility
    at_mid = {}
    for name in ("panderer", "boulware"):
        tr = play(sc, make(name), Silent(), rounds=100)
        assert all(not isinstance(e.move, Silence) for e in tr.events if e.actor == "A")
        mid = [e.move.outcome for e in tr.events if e.actor == "A" and e.turn == 100]
        at_mid[name] = u.at(mid[0])
    assert at_mid["panderer"] < at_mid["boulware"] - 0.1


def test_panderer_accepts_any_ultimatum_above_its_reservation() -> None:
    sc = with_reservations(scenario("river"), 0.0, 0.3)
    lad = ladder(sc.b.preferences.utility)
    good, bad = lad.closest_at_least(0.35), int(lad.order[-1])
    assert sc.b.preferences.utility.at(bad) < 0.3
    tr = play(sc, Scripted([Ultimatum(good)]), make("panderer"), rounds=20)
    assert isinstance(tr.events[1].move, Accept)
    assert tr.events[-1].move == Display("modest")
    tr = play(sc, Scripted([Ultimatum(bad)]), make("panderer"), rounds=20)
    assert isinstance(tr.events[1].move, WalkAway)
