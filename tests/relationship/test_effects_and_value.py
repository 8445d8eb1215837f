"""Effects of resentment (stay, harder bargaining, poorer service) and long-term value."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.relationship.generators import UNIT, params, records, states

from accord.relationship import (
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    discounts,
    effective_reservation,
    leave,
    lifetime,
    long_term_value,
    mean_resentment,
    mean_trust,
    realised_series,
    service_discount,
    stay_probability,
    summarise,
    update,
)

LEVEL = st.floats(0.0, 50.0, allow_nan=False, allow_subnormal=False)
KAPPA = st.floats(0.0, 10.0, allow_nan=False).map(lambda x: round(x, 6))


@given(LEVEL, LEVEL, UNIT, params(), KAPPA)
def test_stay_probability_is_in_0_1_and_decreases_with_resentment(r1, r2, trust, p, kappa) -> None:
    p = replace(p, kappa=kappa)
    low, high = sorted((r1, r2))
    p_low, p_high = stay_probability(low, trust, p), stay_probability(high, trust, p)
    assert 0.0 < p_high <= p_low <= 1.0
    assert stay_probability(0.0, trust, p) == 1.0
    hazard = p.kappa * (1 - p.trust_stay * trust)
    if high - low > 1e-3 and hazard > 1e-3:
        assert p_high < p_low


@given(LEVEL, UNIT, UNIT, params())
def test_trust_raises_staying(r, t1, t2, p) -> None:
    lo, hi = sorted((t1, t2))
    assert stay_probability(r, hi, p) >= stay_probability(r, lo, p)


@given(UNIT, LEVEL, LEVEL, params())
def test_a_resentful_side_bargains_harder_but_never_beyond_1(r, a, b, p) -> None:
    lo, hi = sorted((a, b))
    e_lo, e_hi = effective_reservation(r, lo, p), effective_reservation(r, hi, p)
    assert r <= e_lo <= e_hi <= 1.0
    assert effective_reservation(r, 0.0, p) == r


@given(LEVEL, LEVEL, params())
def test_service_discount_is_a_fraction_that_grows_with_resentment(a, b, p) -> None:
    lo, hi = sorted((a, b))
    assert 0.0 <= service_discount(lo, p) <= service_discount(hi, p) <= 1.0


@given(st.integers(0, 30), UNIT, st.tuples(UNIT, UNIT), params())
def test_a_series_that_breaks_up_immediately_is_worth_the_batna_throughout(
    horizon, delta, batna, p
) -> None:
    p = replace(p, discount=delta)
    nothing = leave(RelationshipState.start(p), "A")
    expected = np.asarray(batna) * discounts(horizon, delta).sum()
    assert long_term_value(nothing, p, horizon, batna) == pytest.approx(tuple(expected))
    if horizon >= 1:  # one failed negotiation, then a break-up: the same
        failed = NegotiationRecord(False, batna, batna, nash=None)
        once = leave(update(RelationshipState.start(p), failed, p), "B")
        assert long_term_value(once, p, horizon) == pytest.approx(tuple(expected))


def test_long_term_value_by_hand() -> None:
    p = RelationshipParams(discount=0.5, sigma=0.5, decay=0.0, gesture_weight=0.0)
    fair = NegotiationRecord(True, (0.6, 0.6), (0.2, 0.2), nash=(0.6, 0.6))
    # B's share is 0.1/0.5 = 0.2 against a fair 0.5: R_B = 0.3, A is served 15% worse.
    lopsided = NegotiationRecord(True, (0.6, 0.3), (0.2, 0.2), nash=(0.6, 0.6))
    s = update(update(RelationshipState.start(p), fair, p), lopsided, p)
    assert s.resentment == pytest.approx((0.0, 0.3))
    assert realised_series(s, p) == pytest.approx(np.array([[0.6, 0.6], [0.6 * 0.85, 0.3]]))
    v = long_term_value(leave(s, "B"), p, horizon=4)
    assert v == pytest.approx((0.6 + 0.5 * 0.51 + 0.2 * (0.25 + 0.125), 0.6 + 0.15 + 0.075))


@settings(deadline=None, max_examples=60)
@given(states(), params(), st.integers(0, 5))
def test_series_metrics_are_consistent(state, p, extra) -> None:
    state = leave(state, "A") if not state.ended else state
    horizon = len(state.history) + extra
    batna = (0.3, 0.4)
    summary = summarise(state, p, horizon, batna)
    assert summary.lifetime == lifetime(state) == len(state.history)
    assert summary.mean_resentment == mean_resentment(state)
    assert all(r >= 0 for r in summary.mean_resentment)
    assert 0.0 <= summary.mean_trust == mean_trust(state) <= 1.0
    assert summary.left == state.left
    # Value is at most what full utility every round would give.
    assert all(v <= discounts(horizon, p.discount).sum() + 1e-9 for v in summary.long_term_value)


def test_long_term_value_of_a_running_series_is_refused() -> None:
    p = RelationshipParams()
    s = update(RelationshipState(), NegotiationRecord(True, (0.5, 0.5), (0.2, 0.2)), p)
    with pytest.raises(ValueError, match="still running"):
        long_term_value(s, p, horizon=3)
    assert long_term_value(s, p, horizon=1) == pytest.approx((0.5, 0.5))
    with pytest.raises(ValueError, match="BATNA"):
        long_term_value(leave(RelationshipState(), "A"), p, horizon=3)


@given(records(agreement=True), params())
def test_an_unresolved_condition_counts_at_its_expected_value(record, p) -> None:
    s = update(RelationshipState.start(p), replace(record, gifts=()), p)
    ((ua, ub),) = realised_series(s, p)
    discount = 1 - service_discount(s.resentment[1], p), 1 - service_discount(s.resentment[0], p)
    assert (ua, ub) == pytest.approx(
        (record.utilities[0] * discount[0], record.utilities[1] * discount[1])
    )
