"""Advice a person can follow (issue 12, item 3): one panel that agrees with itself, a
counter that never takes back what we granted, holding that is not a concession, a
repeated conditional offer that keeps its condition, a late acceptance explained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.advisor.helpers import FAIR, OURS, THEIRS, exchanges, history, make_plan, offer
from tests.advisor.test_advice import terms_at
from tests.conftest import EXAMPLES

from accord.advisor import Advisor, advise
from accord.coach import CoachSession
from accord.coach.entries import to_move
from accord.formats import load_scenario
from accord.model.issues import Value
from accord.plan.core import Plan
from accord.preferences.grants import issue_values
from accord.protocol import Negotiation
from accord.protocol.moves import Condition, Offer
from accord.store import open_store
from accord.strategies import make

CONCESSIONS = {"unreciprocated", "over_concession", "fills_silence"}


def asks_back(plan: Plan, standing: int, outcome: int) -> list[str]:
    """Issues where `outcome` is worth more to us than our `standing` offer, or an add-on
    of ours granted there is taken out."""
    parts = issue_values(plan.ours.utility)
    before, after = plan.space.digits([standing, outcome])
    out = []
    for k, issue in enumerate(plan.space.issues):
        if issue.kind == "addon" and issue.giver == plan.side and before[k] != 0:
            if after[k] != before[k]:
                out.append(issue.name)
        elif parts[k][after[k]] > parts[k][before[k]] + 1e-12:
            out.append(issue.name)
    return out


def test_the_counter_never_asks_back_what_we_conceded() -> None:
    plan = make_plan()
    entries = [{"we": offer(**OURS)}, {"they": offer(**THEIRS)}, {"we": offer(**FAIR)}]
    standing = plan.space.index_of({**FAIR, "co_marketing": False})
    for _ in range(6):  # their offer stands; the target is far above FAIR (0.557)
        entries.append({"they": offer(**THEIRS)})  # all before the late phase
        rec = advise(plan, history(plan, *entries, rounds=20)).recommendation
        assert rec.kind == "counter" and rec.outcome is not None
        assert asks_back(plan, standing, rec.outcome) == []
        entries.append({"we": offer(**plan.space.outcome(rec.outcome))})
    # with nothing at the target that keeps FAIR's terms, it holds FAIR and says why
    assert rec.outcome == standing
    assert "Hold our standing offer" in rec.reasons[-1].text


def test_a_granted_add_on_stays_granted() -> None:
    plan = make_plan()
    entries = exchanges(19, OURS, THEIRS)
    entries[34] = {"we": {"add": "co_marketing"}}
    for n in (36, 37, 38):
        advice = advise(plan, history(plan, *entries[:n], rounds=20))
        if advice.recommendation.terms is not None and advice.recommendation.kind != "accept":
            assert advice.recommendation.terms["co_marketing"] is True
        for c in advice.candidates:
            if c.kind in ("counter", "ultimatum", "conditional") and c.terms is not None:
                assert c.terms["co_marketing"] is True, c.kind


def test_a_typed_retraction_is_warned_with_its_cost_in_trust() -> None:
    plan = make_plan()
    h = history(
        plan,
        {"we": offer(**OURS)},
        {"they": offer(**THEIRS)},
        {"we": offer(**FAIR)},
        {"they": offer(**THEIRS)},
    )
    advisor = Advisor(plan)
    back = Offer(plan.space.index_of({**FAIR, "co_marketing": False, "rebate": 1.0}))
    found = {c.code: c for c in advisor.review(h, back)}
    assert "retracts" in found
    c = found["retracts"]
    assert c.principles == ("P3", "P14") and c.severity == "warning"
    assert "retraction" in c.message and "rebate" in c.message and "trust" in c.message
    assert CONCESSIONS.isdisjoint(found)  # asking back is not a concession
    standing = Offer(plan.space.index_of({**FAIR, "co_marketing": False}))
    assert "retracts" not in {c.code for c in advisor.review(h, standing)}


def test_holding_is_not_a_concession_but_conceding_further_is() -> None:
    plan = make_plan()
    h = history(
        plan,
        {"we": offer(**OURS)},
        {"they": offer(**THEIRS)},
        {"we": offer(**FAIR)},  # below the target, early: a concession then
        {"they": "silent"},
    )
    advisor = Advisor(plan)
    standing = plan.space.index_of({**FAIR, "co_marketing": False})
    assert not CONCESSIONS & {c.code for c in advisor.review(h, Offer(standing))}
    lower = Offer(plan.space.index_of({**FAIR, "co_marketing": False, "rebate": 2.0}))
    codes = {c.code for c in advisor.review(h, lower)}
    assert "fills_silence" in codes and codes & {"unreciprocated", "over_concession"}


def test_a_conditional_offer_is_held_with_its_condition() -> None:
    plan = make_plan()
    cond = {"issue": "stock", "else": 1.0, "by": "they", "text": "stock 1.5x"}
    terms = {**FAIR, "stock": 1.5}
    h = history(
        plan,
        {"we": offer(**OURS)},
        {"they": offer(**THEIRS)},
        {"we": {"offer": terms, "if": cond}},
        {"they": offer(**THEIRS)},
    )
    mine = h.events[2].move
    assert isinstance(mine, Offer) and mine.condition is not None
    standing_terms = plan.space.outcome(mine.outcome)
    held = to_move({"offer": {}}, "we", plan.side, plan, standing_terms, mine.condition).move
    assert held == mine  # "we hold": the same terms, the same condition
    new = to_move({"offer": {"rebate": 2.0}}, "we", plan.side, plan, standing_terms, mine.condition)
    assert isinstance(new.move, Offer) and new.move.condition is None
    # the advisor holds it with its condition, and holding draws no concession warning
    rec = advise(plan, h).recommendation
    assert rec.kind == "counter" and rec.move == mine
    assert CONCESSIONS.isdisjoint(w.code for w in rec.warnings)


def test_the_coach_repeats_a_conditional_offer_with_its_condition(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "coach.db")) as store:
        s = CoachSession.start(store, EXAMPLES / "dealer_rebate.plan.yaml")
        for line in (
            "we offer rebate=1 stock=2 payment_days=30 term_years=3",
            "they want 2%, 1x, 90 days and a 2-year term",
            "we can do 1.5% if you stock 1.5x",
            "yes",
            "they want 2%, 1x, 90 days and a 2-year term",
            "we stick to our offer",
        ):
            reply = s.handle(line)
            assert reply.error is None, (line, reply.error)
        ours = [e for e in s.transcript.events if e.actor == s.plan.side]
        assert isinstance(ours[-1].move, Offer) and ours[-1].move == ours[-2].move
        assert isinstance(ours[-1].move.condition, Condition)
        assert not CONCESSIONS & {c.code for c in reply.cautions}


def test_accepting_late_is_explained_against_no_deal() -> None:
    plan = make_plan()
    their = terms_at(plan, 0.45, 0.49)
    entries = exchanges(9, OURS, THEIRS)
    entries[-1] = {"they": offer(**their)}
    advice = advise(plan, history(plan, *entries, rounds=10))
    rec, s = advice.recommendation, advice.situation
    assert rec.kind == "accept" and s.offered is not None and s.offered < s.goal
    text = " ".join(r.text for r in rec.reasons)
    assert "no deal" in text and f"walk-away ({s.walk_away:.2f})" in text
    assert f"{s.offered:.2f} > {s.walk_away:.2f}" in text


def test_past_warnings_do_not_contradict_an_acceptance() -> None:
    plan = make_plan()
    low = terms_at(plan, 0.40, 0.45)
    rounds = [{"we": offer(**OURS)}, {"they": offer(**THEIRS)}, {"we": offer(**low)}]
    accepting = advise(plan, history(plan, *rounds, {"they": offer(**FAIR)}, rounds=10))
    assert accepting.recommendation.kind == "accept"
    over = next(w for w in accepting.warnings if w.code == "over_conceded")
    assert "hold" not in over.message and "below the concession schedule" in over.message
    their = terms_at(plan, 0.35, 0.40)
    holding = advise(plan, history(plan, *rounds, {"they": offer(**their)}, rounds=10))
    assert holding.recommendation.kind == "counter"
    assert np.isclose(holding.recommendation.our_utility or 0, value_of(plan, low))
    over = next(w for w in holding.warnings if w.code == "over_conceded")
    assert "hold here" in over.message


def value_of(plan: Plan, terms: dict[str, Value]) -> float:
    return plan.ours.utility.at(plan.space.index_of(terms))


@pytest.mark.parametrize("name", ["dealer_rebate", "saas_renewal", "japan_supplier"])
@pytest.mark.parametrize("rounds", [6, 8, 12, 20])
def test_two_people_following_the_advice_reach_a_deal(name: str, rounds: int) -> None:
    """A classroom pair both clicking "follow the advice" must not deadlock: the late
    phase leaves each of them enough turns to close, as Diplomat's does, however short the
    talks (it once began at 85% of the deadline: two turns at 12 rounds, and no deal)."""
    scenario = load_scenario(EXAMPLES / f"{name}.yaml")
    t = Negotiation(scenario, make("advised"), make("advised"), seed=1, rounds=rounds).run()
    assert t.ending is not None and t.ending.agreement is not None, t.ending
    for party in scenario.parties:  # and never below either side's walk-away (P2)
        assert party.preferences.utility.at(t.ending.agreement) >= party.preferences.reservation
