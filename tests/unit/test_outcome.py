"""Outcome metrics of a finished negotiation, on a tiny hand-made scenario and transcripts.

The scenario has two issues of two values each; outcome index = 2 * rebate + stock:

    index  rebate  stock   u_A   u_B
      0      1       1     0.5   0.3   (dominated by 3)
      1      1       2     1.0   0.0
      2      2       1     0.0   1.0
      3      2       2     0.5   0.7

Both reservation values are 0.2, so the Nash point is outcome 3.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.analysis.outcome import evaluate
from accord.analysis.report import analyse
from accord.model import Issue, OutcomeSpace, Party, Scenario
from accord.preferences import LinearAdditiveUtility, Preferences
from accord.protocol import (
    Accept,
    Condition,
    ConsultAuthority,
    Display,
    Ending,
    Event,
    Offer,
    Silence,
    Transcript,
    Ultimatum,
    WalkAway,
)


@pytest.fixture(scope="module")
def analysis():
    space = OutcomeSpace((Issue.ordered("rebate", [1, 2]), Issue.ordered("stock", [1, 2])))
    ua = LinearAdditiveUtility(
        space, np.array([0.5, 0.5]), (np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    )
    ub = LinearAdditiveUtility(
        space, np.array([0.7, 0.3]), (np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    )
    scenario = Scenario(
        "tiny",
        space,
        Party("Maker", "A", Preferences(ua, 0.2)),
        Party("Dealer", "B", Preferences(ub, 0.2)),
        deadline_rounds=5,
    )
    return analyse(scenario)


#: Rebate 2% only if the dealer meets the stocking condition, else 1% (value index 0).
CONDITION = Condition("rebate", fallback=0, obligor="B", text="stock >= 1.5x")


def conditional_deal() -> Transcript:
    events = [
        Event(0, "A", Offer(1), 1),
        Event(1, "B", Offer(2), 2),
        Event(2, "A", Silence()),
        Event(3, "B", ConsultAuthority(1)),
        Event(4, "A", Offer(3), 3),
        Event(5, "B", Silence(), None, "consulting authority"),
        Event(6, "A", Silence()),
        Event(7, "B", Offer(3, CONDITION), 3),
        Event(8, "A", Accept(), 3),
        Event(8, "A", Display("modest"), None, "closing"),
    ]
    ending = Ending("agreement", 8, "A", 3, CONDITION, (0.6, 0.9))
    return Transcript("tiny", ("x", "y"), 0, 5, events, ending)


def test_conditional_agreement_uses_each_sides_own_belief(analysis) -> None:
    o = evaluate(analysis, conditional_deal())
    assert o.agreement and o.reason == "agreement" and o.by == "A"
    assert o.outcome == 3 and o.values == {"rebate": 2, "stock": 2}
    assert o.fallback_values == {"rebate": 1, "stock": 2}
    assert o.beliefs == (0.6, 0.9)
    # A: 0.6 * u_A(3) + 0.4 * u_A(1); B: 0.9 * u_B(3) + 0.1 * u_B(1).
    assert o.utilities == pytest.approx((0.6 * 0.5 + 0.4 * 1.0, 0.9 * 0.7 + 0.1 * 0.0))
    assert o.surplus == pytest.approx((0.5, 0.43))
    assert o.surplus_share == pytest.approx((0.5 / 0.93, 0.43 / 0.93))
    assert o.welfare == pytest.approx(1.33)
    # Nearest frontier vertex and the Nash point are both (0.5, 0.7).
    assert o.distance_to_pareto == pytest.approx(math.hypot(0.2, 0.07))
    assert o.distance_to_nash == pytest.approx(math.hypot(0.2, 0.07))
    assert o.rounds_used == 5 and o.rounds == 5


def test_offers_concessions_and_tactics(analysis) -> None:
    o = evaluate(analysis, conditional_deal())
    assert [p.outcome for p in o.offers["A"]] == [1, 3]
    assert [p.outcome for p in o.offers["B"]] == [2, 3]
    assert [p.conditional for p in o.offers["B"]] == [False, True]
    assert o.offers["A"][0].utilities == pytest.approx((1.0, 0.0))  # both sides' utilities
    assert o.offers["B"][1].utilities == pytest.approx((0.5, 0.7))
    assert o.concessions["A"] == pytest.approx(0.5)
    assert o.concessions["B"] == pytest.approx(0.3)
    a, b = o.tactics["A"], o.tactics["B"]
    assert a["silence"] == 2 and a["display_modest"] == 1 and a["conditional"] == 0
    assert b["silence"] == 0  # the engine's waiting while B consults is not B's silence
    assert b["consult_authority"] == 1 and b["conditional"] == 1
    assert sum(a.values()) == 3 and sum(b.values()) == 2


def test_json_round_trip_gives_the_same_outcome(analysis) -> None:
    t = conditional_deal()
    again = Transcript.from_json(t.to_json())
    assert evaluate(analysis, again).to_json() == evaluate(analysis, t).to_json()
    data = evaluate(analysis, t).to_json()
    assert data["condition"]["fallback_values"] == {"rebate": 1, "stock": 2}
    assert data["tactics"]["B"]["consult_authority"] == 1
    assert data["offers"]["B"][1]["conditional"] is True


@pytest.mark.parametrize("reason", ["deadline", "walk_away", "ultimatum_refused"])
def test_no_agreement_gives_reservations_and_zero_surplus(analysis, reason) -> None:
    events = [
        Event(0, "A", Ultimatum(1), 1),
        Event(1, "B", WalkAway() if reason == "walk_away" else Offer(2), None),
    ]
    ending = Ending(
        reason, 1 if reason != "deadline" else 10, "B" if reason != "deadline" else None
    )
    o = evaluate(analysis, Transcript("tiny", ("x", "y"), 0, 5, events, ending))
    assert not o.agreement and o.reason == reason
    assert o.outcome is None and o.values is None and o.condition is None
    assert o.utilities == (0.2, 0.2)
    assert o.surplus == (0.0, 0.0)
    assert o.surplus_share is None
    assert o.welfare == pytest.approx(0.4)
    assert o.distance_to_pareto == pytest.approx(math.hypot(0.3, 0.5))
    assert o.tactics["A"]["ultimatum"] == 1
    assert o.tactics["B"]["walk_away"] == (1 if reason == "walk_away" else 0)
    assert [p.outcome for p in o.offers["B"]] == []  # the refusing offer never reached the table
    assert o.rounds_used == 1


@pytest.mark.parametrize(("agreed", "distance"), [(3, 0.0), (1, 0.0), (2, 0.0), (0, 0.4)])
def test_distance_to_pareto_is_zero_on_the_frontier_only(analysis, agreed, distance) -> None:
    events = [Event(0, "A", Offer(agreed), agreed), Event(1, "B", Accept(), agreed)]
    ending = Ending("agreement", 1, "B", agreed)
    o = evaluate(analysis, Transcript("tiny", ("x", "y"), 0, 5, events, ending))
    ua, ub = (
        u.at(agreed)
        for u in (analysis.scenario.a.preferences.utility, analysis.scenario.b.preferences.utility)
    )
    assert o.utilities == (ua, ub)
    assert o.distance_to_pareto == pytest.approx(distance, abs=1e-12)
    assert o.beliefs is None and o.fallback_values is None


def test_surplus_share_ignores_a_side_below_its_batna(analysis) -> None:
    events = [Event(0, "A", Offer(1), 1), Event(1, "B", Accept(), 1)]
    o = evaluate(
        analysis, Transcript("tiny", ("x", "y"), 0, 5, events, Ending("agreement", 1, "B", 1))
    )
    assert o.surplus == pytest.approx((0.8, -0.2))
    assert o.surplus_share == (1.0, 0.0)


def test_unfinished_negotiation_is_refused(analysis) -> None:
    with pytest.raises(ValueError, match="not ended"):
        evaluate(analysis, Transcript("tiny", ("x", "y"), 0, 5, [Event(0, "A", Offer(1), 1)]))
