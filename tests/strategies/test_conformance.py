"""Every registered strategy passes the conformance kit; the kit catches broken strategies.

The registry grows as strategies are added: the parametrisation reads it at
collection time, so a new strategy is checked without touching this file.
"""

from __future__ import annotations

import random

import pytest
from tests.conftest import DEALER, RIVER, load

from accord.model.scenario import Scenario
from accord.protocol import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Ending,
    Move,
    Offer,
    Silence,
    Ultimatum,
    View,
)
from accord.protocol.transcript import Event, Transcript
from accord.strategies import Strategy, registry
from accord.testing import (
    Accepter,
    AddOnner,
    Consulter,
    Silent,
    Stubborn,
    UltimatumGiver,
    agreed_utility,
    assert_conforms,
    assert_dialogue,
    check_strategy,
)
from accord.testing.conformance import deadline_violation

SCENARIOS = {"dealer_rebate": DEALER, "RiverTreaty": RIVER}


def scenario(key: str) -> Scenario:
    return load(SCENARIOS[key])


@pytest.mark.parametrize("key", SCENARIOS)
@pytest.mark.parametrize("name", sorted(registry()))
def test_registered_strategy_conforms(name: str, key: str) -> None:
    assert_conforms(name, [scenario(key)])


# the kit finds what is wrong ------------------------------------------------------


class OutsideOfferer(Strategy):
    """Offers an outcome one past the end of the space."""

    name = "outside_offerer"

    def act(self, view: View) -> Move:
        return Offer(view.space.n_outcomes)


class GlobalRandom(Strategy):
    """Draws offers from the global RNG, not from its seeded generator."""

    name = "global_random"

    def act(self, view: View) -> Move:
        return Offer(random.randrange(view.space.n_outcomes))


class ConditionTaker(Strategy):
    """Accepts any offer, believing no condition will ever be met."""

    name = "condition_taker"

    def act(self, view: View) -> Move:
        return Accept() if view.theirs is not None else Silence()

    def belief(self, condition: Condition, view: View) -> float:
        return 0.0


#: A's best deal except for a 2% rebate (dealer_rebate.yaml).
FULL_REBATE = {
    "rebate": 2.0,
    "stock": 2.0,
    "payment_days": 30,
    "co_marketing": False,
    "term_years": 3,
}


class ConditionalOfferer(Strategy):
    """Offers `FULL_REBATE` on condition that B stocks enough, else a 1% rebate."""

    name = "conditional_offerer"

    def act(self, view: View) -> Move:
        best = view.space.index_of(FULL_REBATE)
        return Offer(best, Condition("rebate", 0, "B", "stock >= 1.5x"))


def checks(found: list) -> set[str]:
    return {v.check for v in found}


def test_kit_flags_accepting_below_reservation() -> None:
    found = check_strategy(Accepter, [scenario("dealer_rebate")], opponents=["boulware"])
    assert checks(found) == {"reservation"}
    assert all(v.strategy == "accepter" and v.opponent == "boulware" for v in found)


def test_kit_values_conditional_deals_with_own_belief() -> None:
    s = scenario("dealer_rebate")
    found = check_strategy(ConditionTaker, [s], opponents=[ConditionalOfferer], rounds=(3,))
    assert found and checks(found) == {"reservation"}
    assert all(v.role == "B" for v in found)  # as A it never sees the conditional offer first
    full = s.space.index_of(FULL_REBATE)
    ending = Ending("agreement", 1, "B", full, Condition("rebate", 0, "B"), (0.5, 0.0))
    fallback = s.space.index_of(FULL_REBATE | {"rebate": 1.0})
    assert agreed_utility(s, ending, "B") == pytest.approx(s.b.preferences.utility.at(fallback))


def test_kit_flags_moves_the_engine_refuses() -> None:
    found = check_strategy(OutsideOfferer, [scenario("dealer_rebate")], opponents=[Silent])
    assert checks(found) == {"protocol"}
    assert all("OutsideSpaceError" in v.detail and "outside_offerer" in v.detail for v in found)
    blamed = check_strategy(Silent, [scenario("dealer_rebate")], opponents=[OutsideOfferer])
    assert checks(blamed) == {"opponent_protocol"}


def test_kit_flags_an_unseeded_strategy() -> None:
    found = check_strategy(GlobalRandom, [scenario("dealer_rebate")], opponents=[Stubborn])
    assert checks(found) == {"seed"}


def test_kit_flags_events_after_the_end() -> None:
    t = Transcript("x", ("a", "b"), 0, 2, [Event(0, "A", Silence()), Event(1, "B", Silence())])
    assert "still running" in deadline_violation(t, 2)
    t.ending = Ending("walk_away", 0, "A")
    assert "after the end" in deadline_violation(t, 2)
    t.ending = Ending("deadline", 4)
    assert deadline_violation(t, 2) == ""
    assert "turn 4 > 2" in deadline_violation(t, 1)


def test_kit_passes_scripted_opponents() -> None:
    for cls in (Stubborn, Silent, UltimatumGiver, Consulter, AddOnner):
        assert check_strategy(cls, [scenario("dealer_rebate")], opponents=["linear"]) == []


# scripted opponents and dialogues ------------------------------------------------


def test_scripted_opponents_do_what_they_say() -> None:
    s = scenario("dealer_rebate")
    consulter = assert_dialogue(Consulter(), [Silence()] * 3, s, role="A")
    notes = [e.note for e in consulter.events if e.actor == "A"]
    assert notes == ["", "consulting authority", "consulting authority", ""]
    giver = assert_dialogue(UltimatumGiver(), [Offer(0), Accept()], s, role="B")
    assert giver.events[1].kind == "ultimatum" and giver.ending is not None
    assert giver.ending.agreement == giver.events[1].outcome
    addon = assert_dialogue(AddOnner(), [Silence(), Silence()], s, role="A")
    assert [e.move for e in addon.events][2] == AddOn("co_marketing")


def test_dialogue_boulware_holds_then_accepts_its_best() -> None:
    s = scenario("dealer_rebate")
    best_for_b = int(s.b.preferences.utility.dense.argmax())
    worst_for_b = int(s.b.preferences.utility.dense.argmin())
    t = assert_dialogue(
        "boulware",
        [Offer(worst_for_b), Offer(best_for_b)],
        s,
        role="B",
        expect=lambda t: [e.kind for e in t.events] == ["offer", "offer", "offer", "accept"],
    )
    assert t.ending is not None and t.ending.agreement == best_for_b


def test_dialogue_failure_shows_the_transcript() -> None:
    with pytest.raises(AssertionError, match="turn   0 A offer"):
        assert_dialogue("linear", [Silence()], scenario("dealer_rebate"), expect=lambda t: False)


def test_dialogue_against_an_ultimatum_and_a_pause() -> None:
    s = scenario("dealer_rebate")
    moves: list[Move] = [ConsultAuthority(1), Ultimatum(0)]
    t = assert_dialogue("conceder", moves, s, role="A")
    assert t.ending is not None and t.ending.reason in ("agreement", "ultimatum_refused")
    assert [e.note for e in t.events[:4]] == ["", "", "", "consulting authority"]
