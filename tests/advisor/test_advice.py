"""The advisor's recommendations: each decision rule on a hand-made history, its numbers,
and that a session gives the same advice as a fresh call."""

from __future__ import annotations

import json

import numpy as np
import pytest
from tests.advisor.helpers import (
    FAIR,
    OURS,
    THEIRS,
    exchanges,
    history,
    make_plan,
    offer,
)
from tests.conftest import DEALER

from accord.advisor import Advisor, Candidate, History, advise
from accord.formats import load_scenario
from accord.plan.core import Plan
from accord.protocol import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Negotiation,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.strategies import ladder, make


def terms_at(plan: Plan, low: float, high: float) -> dict:
    """Terms of an outcome worth between `low` and `high` to us (without the add-on)."""
    lad = ladder(plan.ours.utility)
    for o, u in zip(lad.order, lad.utils, strict=True):
        named = plan.space.outcome(int(o))
        if low <= u <= high and not named["co_marketing"]:
            return named
    raise AssertionError(f"no outcome in [{low}, {high}]")


def serious(candidate: Candidate) -> list[str]:
    """Codes of a candidate's warnings and errors (notes aside)."""
    return [w.code for w in candidate.warnings if w.severity != "note"]


def test_opening_is_firm_and_explained() -> None:
    plan = make_plan()
    advice = advise(plan, [])
    rec = advice.recommendation
    assert rec.kind == "counter" and isinstance(rec.move, Offer)
    assert rec.our_utility >= plan.derived_opening - plan.stance.band
    assert rec.principles == ("P3", "P1") and rec.warnings == ()
    assert rec.their_utility is not None and rec.frontier_distance is not None
    assert not rec.terms["co_marketing"]  # P11: kept for the close
    json.dumps(advice.to_json())  # serialisable


def test_windfall_is_declined_for_a_fair_counter() -> None:
    plan = make_plan()
    generous = terms_at(plan, 0.85, 0.95)
    advice = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": offer(**generous)}))
    rec = advice.recommendation
    assert rec.kind == "counter" and "P14" in rec.principles
    assert rec.our_utility == pytest.approx(advice.situation.goal, abs=0.05)
    accept = next(c for c in advice.candidates if c.kind == "accept")
    assert accept.verdict == "not advised"
    assert "exploits_them" in {w.code for w in accept.warnings}


def test_accepts_an_offer_at_the_target() -> None:
    plan = make_plan()
    entries = [*exchanges(9, OURS, THEIRS), {"we": offer(**OURS)}]
    before = Advisor(plan).situation(history(plan, *entries, rounds=10))
    good = terms_at(plan, before.target + 0.02, before.goal + plan.stance.windfall)
    advice = advise(plan, history(plan, *entries, {"they": offer(**good)}, rounds=10))
    assert advice.recommendation.kind == "accept"
    assert advice.recommendation.move == Accept()
    assert serious(advice.recommendation) == []


@pytest.mark.parametrize(("terms", "kind"), [(THEIRS, "walk_away"), (FAIR, "accept")])
def test_their_ultimatum_is_checked_against_the_walk_away(terms: dict, kind: str) -> None:
    plan = make_plan()
    advice = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": {"ultimatum": terms}}))
    assert advice.recommendation.kind == kind
    assert {"P2", "P7"} <= set(advice.recommendation.principles)


def test_answers_silence_with_silence() -> None:
    plan = make_plan()
    advice = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": "silent"}))
    assert advice.recommendation.move == Silence()
    assert advice.recommendation.principles == ("P5", "P6", "P10")


def test_consults_authority_under_a_claimed_deadline() -> None:
    entries = [{"we": offer(**OURS)}, {"they": offer(**THEIRS)}, {"they": {"deadline": "Friday"}}]
    plan = make_plan()
    rec = advise(plan, history(plan, *entries)).recommendation
    assert rec.move == ConsultAuthority(1) and rec.principles == ("P6", "P9")
    forbidden = make_plan(bargain={"tactics": ["silence", "add_on"]})
    again = advise(forbidden, history(forbidden, *entries))
    assert again.recommendation.kind == "counter"
    assert "consult_authority" not in {c.kind for c in again.candidates}


def test_late_phase_grants_the_add_on_kept_for_the_close() -> None:
    plan = make_plan()
    h = history(plan, *exchanges(9, OURS, THEIRS), rounds=10)  # turn 18 of 20: late
    rec = advise(plan, h).recommendation
    assert rec.move == AddOn("co_marketing") and rec.principles == ("P11", "P8")
    early = advise(plan, history(plan, *exchanges(3, OURS, THEIRS), rounds=10))
    add = next(c for c in early.candidates if c.kind == "add_on")
    assert add.verdict == "not advised" and add.warnings[0].code == "early_add_on"  # P11


def test_conditional_concession_when_losing_late() -> None:
    plan = make_plan()
    entries = exchanges(18, OURS, THEIRS)
    entries[32] = {"we": {"add": "co_marketing"}}  # the add-on already granted
    # turn 36 of 40: in the second half of our late phase, our last turn but one (at
    # our last turn the target is the floor itself, with no room to concede from)
    advice = advise(plan, history(plan, *entries, rounds=20))
    rec = advice.recommendation
    assert rec.kind == "conditional" and rec.principles == ("P12",)
    assert isinstance(rec.move, Offer) and rec.move.condition is not None
    assert rec.move.condition.obligor == "B"
    assert serious(rec) == []


def test_last_turn_ultimatum_for_the_first_mover() -> None:
    plan = make_plan(batna={"utility": 0.31})  # between two outcomes' utilities
    entries = exchanges(4, OURS, THEIRS)
    entries[6] = {"we": {"add": "co_marketing"}}  # the sweetener for the close given
    # our last turn: the late concession has reached the walk-away, made final
    rec = advise(plan, history(plan, *entries, rounds=5)).recommendation
    assert isinstance(rec.move, Ultimatum) and rec.principles == ("P7",)
    assert rec.our_utility > plan.walk_away


def test_second_mover_at_the_deadline_accepts_or_walks() -> None:
    plan = make_plan(side="B", batna={"utility": 0.4})
    stingy = [e for _ in range(5) for e in ({"they": offer(**OURS)}, {"we": offer(**THEIRS)})]
    rec = advise(plan, history(plan, *stingy[:-1], rounds=5)).recommendation
    assert rec.move == WalkAway() and "P2" in rec.principles  # 0.0 to B: below 0.4
    fairer = [*stingy[:-2], {"they": offer(**FAIR)}]
    assert advise(plan, history(plan, *fairer, rounds=5)).recommendation.move == Accept()


def test_after_the_end_close_modestly_or_let_go() -> None:
    plan = make_plan()
    agreed = history(plan, {"they": offer(**FAIR)}, {"we": "accept"})
    rec = advise(plan, agreed).recommendation
    assert rec.kind == "close" and rec.move == Display("modest") and rec.principles == ("P13",)
    gone = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": "walk away"}))
    assert gone.recommendation.kind == "none" and "P4" in gone.recommendation.principles
    assert len(gone.candidates) == 1


def test_waits_when_it_is_their_move() -> None:
    plan = make_plan()
    advice = advise(plan, history(plan, {"we": offer(**OURS)}))
    assert advice.recommendation.kind == "wait" and advice.recommendation.move is None


def test_candidates_carry_the_numbers() -> None:
    plan = make_plan()
    advice = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": offer(**FAIR)}))
    kinds = [c.kind for c in advice.candidates]
    assert kinds[0] == "accept" and "walk_away" in kinds and "ultimatum" in kinds
    assert sum(c.verdict == "recommended" for c in advice.candidates) == 1
    accept = advice.candidates[0]
    assert accept.our_utility == pytest.approx(plan.ours.utility.of(FAIR | {"co_marketing": 0}))
    assert accept.their_utility is not None and 0 <= accept.their_utility <= 1
    counter = next(c for c in advice.candidates if c.kind == "counter")
    assert counter.concession == pytest.approx(1.0 - counter.our_utility)
    assert counter.floor == advice.situation.floor


def test_unknown_preferences_are_learnt_from_their_offers() -> None:
    plan = make_plan(their_preferences="unknown")
    before = advise(plan, [])
    assert not before.informed and before.recommendation.their_utility is None
    after = advise(plan, history(plan, {"we": offer(**OURS)}, {"they": offer(**THEIRS)}))
    assert after.informed and after.situation.nash is not None


def test_a_session_gives_the_advice_of_a_fresh_call_and_survives_an_undo() -> None:
    scenario = load_scenario(DEALER)
    plan = make_plan(their_preferences="unknown")
    for opponent in ("boulware", "tit_for_tat", "hardliner"):
        t = Negotiation(scenario, make("advised"), make(opponent), seed=3).run()
        session = Advisor(plan)
        ours = [k for k, e in enumerate(t.events) if e.actor == "A" and e.note == ""]
        for k in ours:
            prefix = History(t.events[:k], t.rounds)
            fresh = advise(plan, prefix).recommendation.move
            assert session.next_move(prefix) == fresh
            assert session.advise(prefix).recommendation.move == fresh
        if len(ours) > 3:  # an undo: back to an earlier turn
            prefix = History(t.events[: ours[2]], t.rounds)
            assert session.next_move(prefix) == advise(plan, prefix).recommendation.move


def test_the_advised_strategy_plays_the_recommendation() -> None:
    scenario = load_scenario(DEALER)
    t = Negotiation(scenario, make("advised"), make("boulware"), seed=0).run()
    plan = make_plan(their_preferences="unknown", batna={"utility": 0.3})
    for k, e in enumerate(t.events):
        if e.actor == "A" and e.note == "":
            expected = advise(plan, History(t.events[:k], t.rounds)).recommendation.move
            assert e.move == expected, k
    assert t.ending is not None
    if t.ending.agreement is not None:
        assert scenario.a.preferences.utility.at(t.ending.agreement) >= 0.3


def test_advice_never_recommends_below_the_walk_away() -> None:
    scenario = load_scenario(DEALER)
    plan = make_plan(walk_away=0.45)
    rng = np.random.default_rng(0)
    for _ in range(20):
        outcomes = rng.integers(0, scenario.space.n_outcomes, 6)
        entries = []
        for k, o in enumerate(outcomes):
            entries.append(
                {"we" if k % 2 == 0 else "they": offer(**scenario.space.outcome(int(o)))}
            )
        rec = advise(plan, history(plan, *entries, rounds=4)).recommendation
        if rec.kind == "accept":
            assert advise(plan, history(plan, *entries, rounds=4)).situation.offered >= 0.45
        if rec.outcome is not None and rec.kind != "accept":
            assert rec.our_utility >= 0.45
