"""Good-faith renegotiation of a standing deal when circumstances change (P16)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.relationship import (
    CircumstanceParams,
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    Renegotiation,
    Series,
    realised_series,
    renegotiate,
    request_for,
    update,
)
from accord.strategies import Strategy, make

P = RelationshipParams()
#: A frontier (u_A, u_B), sorted by u_A.
FRONTIER = np.array([[0.2, 0.95], [0.4, 0.9], [0.6, 0.75], [0.8, 0.5], [0.95, 0.2]])
DEAL = NegotiationRecord(True, (0.6, 0.75), (0.3, 0.3), nash=(0.6, 0.75))  # fair: no resentment


def after_deal(record: NegotiationRecord = DEAL) -> RelationshipState:
    return update(RelationshipState.start(P), record, P)


def test_no_request_without_a_standing_deal_or_a_side_below_its_walk_away() -> None:
    assert request_for(RelationshipState.start(P), (0.5, 0.5), FRONTIER) is None
    no_deal = NegotiationRecord(False, (0.3, 0.3), (0.3, 0.3))
    assert request_for(after_deal(no_deal), (0.65, 0.3), FRONTIER) is None
    assert request_for(after_deal(), (0.6, 0.7), FRONTIER) is None  # at, not below


def test_the_side_held_below_its_walk_away_asks_for_the_cheapest_fix() -> None:
    # A's reservation rose to 0.65 > 0.6: A asks, B decides. Feasible frontier points
    # give A >= 0.65 and B >= 0.3: (0.8, 0.5) and (0.95, 0.2 < 0.3: out): B's best is 0.5.
    req = request_for(after_deal(), (0.65, 0.3), FRONTIER, "A's costs rise")
    assert req is not None
    assert (req.asker, req.role) == ("A", "B")
    assert req.deal == (0.75, 0.6)  # (B's own, A's)
    assert req.adjusted == (0.5, 0.8)
    assert req.shortfall == pytest.approx(0.05)
    assert req.cost == pytest.approx(0.25)
    assert req.circumstance == "A's costs rise"


def test_no_request_when_good_faith_would_take_the_other_below_its_walk_away() -> None:
    assert request_for(after_deal(), (0.9, 0.6), FRONTIER) is None


def test_granting_raises_trust_and_moves_the_deals_value_for_the_rest_of_its_term() -> None:
    state = after_deal()
    req = request_for(state, (0.65, 0.3), FRONTIER)
    assert req is not None
    granted = renegotiate(state, req, True, P)
    assert granted.trust == pytest.approx(state.trust + P.trust_renegotiated * (1 - state.trust))
    assert granted.resentment == state.resentment
    term = granted.history[-1].renegotiation
    assert (term.asker, term.granted, term.term) == ("A", True, P.renegotiation_term)
    assert term.delta == pytest.approx((0.2, -0.25))
    before, after = realised_series(state, P)[-1], realised_series(granted, P)[-1]
    assert after == pytest.approx(before + P.renegotiation_term * np.array([0.2, -0.25]))


def test_refusing_leaves_the_deal_and_makes_the_asker_resent_its_shortfall() -> None:
    state = after_deal()
    req = request_for(state, (0.65, 0.3), FRONTIER)
    assert req is not None
    refused = renegotiate(state, req, False, P)
    assert refused.trust == state.trust
    assert refused.resentment[0] == pytest.approx(state.resentment[0] + P.refusal * 0.05)
    assert refused.resentment[1] == state.resentment[1]
    assert (realised_series(refused, P) == realised_series(state, P)).all()
    assert request_for(refused, (0.7, 0.3), FRONTIER) is None  # one renegotiation per deal
    assert RelationshipState.loads(refused.dumps()) == refused


def test_a_refusal_changes_no_utility() -> None:
    with pytest.raises(ValueError, match="refused"):
        Renegotiation("A", False, 0.1, (0.1, -0.1), 0.5)


class Asks(Strategy):
    """Boulware that records the requests it was asked and answers `grant`."""

    name = "asks"
    grant = False
    seen: ClassVar[list] = []

    def __init__(self) -> None:
        self.inner = make("boulware")

    def reset(self, view):
        self.inner.reset(view)

    def act(self, view):
        return self.inner.act(view)

    def renegotiate(self, request):
        Asks.seen.append(request)
        return Asks.grant


# Costs rise after every negotiation, by up to 0.3: deals are soon held below walk-aways.
RISING = CircumstanceParams(p_batna=0, p_competitor=0, p_crisis=0, p_costs=1.0, costs_size=0.3)


def series_with(grant: bool, dealer, seed: int | None = None):
    """A series where a request comes up (the first such seed, if none given)."""
    for s in [seed] if seed is not None else range(30):
        Asks.grant, Asks.seen = grant, []
        result = Series(dealer, Asks, Asks, rounds=6, seed=s, circumstances=RISING).run()
        if Asks.seen:
            return result
    raise AssertionError("rising costs must hold someone below its walk-away")


def test_a_series_asks_the_other_side_and_records_its_answer(dealer) -> None:
    for grant in (True, False):
        result = series_with(grant, dealer)
        asked = [r for r in result.rounds if r.renegotiation is not None]
        assert asked, "rising costs must hold someone below its walk-away"
        assert len(Asks.seen) == len(asked)
        for r, req in zip(asked, Asks.seen, strict=True):
            assert r.renegotiation.granted is grant
            assert r.renegotiation.asker == req.asker != req.role
            assert r.renegotiation.circumstance == r.circumstance.label
            # the deal it adjusts is the previous negotiation's
            assert result.rounds[r.index - 1].record.agreement
            held = result.rounds[r.index - 1].record.settled_utilities
            k = "AB".index(req.asker)
            assert r.reservations[k] > held[k]
        again = series_with(grant, dealer, result.seed)
        assert again.dumps() == result.dumps()


def test_granting_and_refusing_differ_in_trust_and_resolve_as_the_model_says(dealer) -> None:
    granted = series_with(True, dealer)
    refused = series_with(False, dealer, granted.seed)
    first = next(r.index for r in granted.rounds if r.renegotiation is not None)
    # identical up to the first request: same seeds, same strategies
    before = first - 1
    assert granted.rounds[before].state == refused.rounds[before].state
    g, f = granted.rounds[first], refused.rounds[first]
    assert g.renegotiation.granted and not f.renegotiation.granted
    k = "AB".index(g.renegotiation.asker)
    extra = P.rho * P.refusal * g.renegotiation.shortfall
    assert f.effective[k] == pytest.approx(min(1.0, g.effective[k] + extra))
    assert g.effective[1 - k] == f.effective[1 - k]


def test_doctrine_strategies_answer_as_documented() -> None:
    assert make("diplomat").renegotiate(None) is True  # P16
    assert make("panderer").renegotiate(None) is True
    for name in ("hardliner", "boulware", "conceder", "micro", "tit_for_tat"):
        assert make(name).renegotiate(None) is False  # holds to the contract


@st.composite
def standing_deals(draw):
    """A Pareto frontier, a deal on or under it, and reservations after a change."""
    n = draw(st.integers(2, 12))
    xs = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n, unique=True)))
    ys = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n, unique=True)), reverse=True)
    frontier = np.column_stack([xs, ys])
    k = draw(st.integers(0, n - 1))
    shrink = draw(st.floats(0.5, 1.0))
    deal = (float(frontier[k, 0] * shrink), float(frontier[k, 1] * shrink))
    before = (draw(st.floats(0, 0.5)), draw(st.floats(0, 0.5)))
    after = (draw(st.floats(0, 1)), draw(st.floats(0, 1)))
    record = NegotiationRecord(True, deal, before, nash=None)
    return frontier, record, after


@given(standing_deals(), st.booleans())
@settings(max_examples=200, deadline=None)
def test_good_faith_never_costs_the_granter_its_walk_away(case, granted) -> None:
    frontier, record, after = case
    state = update(RelationshipState.start(P), record, P)
    req = request_for(state, after, frontier)
    if req is None:
        return
    i, j = "AB".index(req.asker), "AB".index(req.role)
    assert after[i] > record.utilities[i]  # it asked because the deal holds it below
    assert req.adjusted[1] >= after[i] and req.adjusted[0] >= after[j]  # the fix is feasible
    # the cheapest fix: no feasible frontier point is better for the granter
    feasible = (frontier[:, i] >= after[i]) & (frontier[:, j] >= after[j])
    assert req.adjusted[0] == frontier[feasible, j].max()
    result = renegotiate(state, req, granted, P)
    assert min(result.resentment) >= 0.0 and 0.0 <= result.trust <= 1.0
    term = result.history[-1].renegotiation
    assert term is not None and term.granted is granted
    if granted:
        assert result.trust >= state.trust and result.resentment == state.resentment
    else:
        assert term.delta == (0.0, 0.0) and result.resentment[i] >= state.resentment[i]
