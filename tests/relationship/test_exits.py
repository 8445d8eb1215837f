"""The doctrine's exits (issue 14, item 5): no deal, the side that cares less, a modest close.

Each parameter does what its row of `parameter_table()` says, is switched off
at 0, and refuses values outside its bounds with an error naming the field.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.formats import load_scenario
from accord.relationship import (
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    Series,
    grievance,
    stay_probabilities,
    stay_probability,
    update,
)
from accord.relationship.effects import cares_less, failures_in_a_row

P = RelationshipParams()
DEAL = NegotiationRecord(True, (0.65, 0.65), (0.3, 0.3), nash=(0.65, 0.65))
NO_DEAL = NegotiationRecord(False, (0.3, 0.3), (0.3, 0.3))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(state: RelationshipState, *records: NegotiationRecord, p=P) -> RelationshipState:
    for r in records:
        state = update(state, r, p)
    return state


# no deal, no relationship --------------------------------------------------------------


def test_a_failed_negotiation_lowers_the_chance_of_staying() -> None:
    after_deal = run(RelationshipState(resentment=(0.3, 0.1)), DEAL)
    after_failure = run(after_deal, NO_DEAL)
    assert after_failure.resentment == pytest.approx([P.decay * r for r in after_deal.resentment])
    stay = stay_probabilities(after_failure, P)
    without_exit = stay_probabilities(after_failure, replace(P, no_deal=0.0))
    assert all(s < w for s, w in zip(stay, without_exit, strict=True))
    assert stay[0] == pytest.approx(without_exit[0] * math.exp(-P.no_deal))
    # a second failure in a row costs again; a deal resets the count
    twice = run(after_failure, NO_DEAL)
    assert failures_in_a_row(twice.history) == 2
    assert stay_probabilities(twice, P)[0] < stay[0]
    assert failures_in_a_row(run(twice, DEAL).history) == 0


def test_the_default_gives_even_odds_that_both_come_back_after_one_failed_renewal() -> None:
    s = run(RelationshipState.start(P), NO_DEAL)
    a, b = stay_probabilities(s, P)
    assert a * b == pytest.approx(0.5, abs=0.01)


def test_a_failed_negotiation_lowers_dependence() -> None:
    after_deal = run(RelationshipState.start(P), DEAL)
    after_failure = run(after_deal, NO_DEAL)
    assert all(d > 0 for d in after_deal.dependence)
    assert after_failure.dependence == pytest.approx([d / 2 for d in after_deal.dependence])


def test_a_side_that_never_agrees_no_longer_keeps_the_longest_relationships() -> None:
    """dealer_rebate: hardliner and diplomat never agree; the same seeds, exit on or off."""
    dealer = load_scenario(EXAMPLES / "dealer_rebate.yaml")
    life = {}
    for no_deal in (0.0, P.no_deal):
        p = replace(P, no_deal=no_deal, face_ultimatum=0.0)  # the exit alone
        runs = [
            Series(dealer, "hardliner", "boulware", rounds=10, seed=s, params=p).run()
            for s in range(6)
        ]
        assert all(r.summary.agreements == 0 for r in runs)
        life[no_deal] = np.mean([r.summary.lifetime for r in runs])
    assert life[0.0] == 10  # no resentment, so nobody ever left
    assert life[P.no_deal] < 5


# the side that cares less --------------------------------------------------------------


def test_the_side_with_the_better_batna_is_the_likelier_to_leave() -> None:
    even = run(RelationshipState.start(P), DEAL)
    b_better = run(RelationshipState.start(P), replace(DEAL, reservations=(0.3, 0.5)))
    assert b_better.dependence[1] < b_better.dependence[0]
    assert cares_less(b_better.dependence)[1] > 0 == cares_less(b_better.dependence)[0]
    a, b = stay_probabilities(b_better, P)
    assert b < a
    assert stay_probabilities(b_better, replace(P, outside=0.0))[1] > b
    gap = b_better.dependence[0] - b_better.dependence[1]
    assert b == pytest.approx(
        stay_probability(b_better.resentment[1], b_better.trust, P) * math.exp(-P.outside * gap)
    )
    # equal dependence: the exit is silent
    assert cares_less(even.dependence) == (0.0, 0.0)


def test_stay_probability_refuses_negative_exits() -> None:
    with pytest.raises(ValueError, match="failures"):
        stay_probability(0.0, 0.5, P, failures=-1)
    with pytest.raises(ValueError, match="cares_less"):
        stay_probability(0.0, 0.5, P, cares_less=-0.1)


# a modest close -----------------------------------------------------------------------


def _closed(record: NegotiationRecord, by: int, kind: str | None) -> NegotiationRecord:
    tactics = [(), ()]
    if kind is not None:
        tactics[by] = ((f"display_{kind}", 1),)
    return replace(record, tactics=(tactics[0], tactics[1]))


def test_a_modest_close_softens_the_losers_grievance() -> None:
    squeezed = NegotiationRecord(True, (0.75, 0.45), (0.4, 0.4), nash=(0.6, 0.7))
    plain, modest = _closed(squeezed, 0, None), _closed(squeezed, 0, "modest")
    g_plain, g_modest = grievance(plain, "B", P), grievance(modest, "B", P)
    shortfall = g_plain.exploited + g_plain.self_inflicted
    assert shortfall > 0
    assert g_modest.modesty == pytest.approx(P.modesty * shortfall)
    r_plain = update(RelationshipState(), plain, P).resentment[1]
    r_modest = update(RelationshipState(), modest, P).resentment[1]
    assert r_modest == pytest.approx(r_plain * (1 - P.modesty))
    # ordered: triumph < nothing < modesty, for the side below its fair share
    r_triumph = update(RelationshipState(), _closed(squeezed, 0, "triumphant"), P).resentment[1]
    assert r_modest < r_plain < r_triumph
    # switched off at 0
    off = replace(P, modesty=0.0)
    assert update(RelationshipState(), modest, off).resentment[1] == pytest.approx(r_plain)


def test_modesty_softens_nothing_for_a_side_at_or_above_its_fair_share() -> None:
    at_nash = _closed(NegotiationRecord(True, (0.6, 0.7), (0.4, 0.4), nash=(0.6, 0.7)), 0, "modest")
    assert grievance(at_nash, "B", P).modesty == 0.0
    # the modest side's own display does nothing for itself
    squeezed = _closed(
        NegotiationRecord(True, (0.75, 0.45), (0.4, 0.4), nash=(0.6, 0.7)), 1, "modest"
    )
    assert grievance(squeezed, "B", P).modesty == 0.0


# bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad", "expected"),
    [
        ("no_deal", -0.1, "a number >= 0"),
        ("outside", -1.0, "a number >= 0"),
        ("outside", math.inf, "a number >= 0"),
        ("modesty", 1.5, "a number in [0, 1]"),
        ("modesty", -0.2, "a number in [0, 1]"),
    ],
)
def test_each_exit_is_bounded(name: str, bad: float, expected: str) -> None:
    with pytest.raises(InputError) as e:
        RelationshipParams.from_mapping({name: bad}, source="sweep.yaml")
    assert name in str(e.value) and expected in str(e.value)


def test_each_exit_is_documented_in_the_parameter_table() -> None:
    from accord.relationship import parameter_table

    rows = {p.name: p for p in parameter_table()}
    assert rows["no_deal"].default == 0.35 and rows["outside"].default == 0.7
    assert rows["modesty"].default == 0.2 and rows["modesty"].high == 1.0
    for name in ("no_deal", "outside", "modesty"):
        assert rows[name].meaning and rows[name].why
