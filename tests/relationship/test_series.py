"""Series of negotiations: seeds, break-ups, resentment over time, conditions,
circumstances, and the relationship hook of strategies (Diplomat's above all)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import ClassVar

import numpy as np
import pytest
from tests.conftest import LEASE, load

from accord.protocol import Negotiation
from accord.relationship import (
    Circumstance,
    CircumstanceParams,
    RelationshipParams,
    RelationshipView,
    Series,
    batna_moves,
    competitor_signs,
    costs_rise,
    crisis,
    draw,
    with_reservations,
)
from accord.relationship.circumstances import MAX_RESERVATION, best_utility
from accord.strategies import make
from accord.strategies.diplomat import Diplomat

STILL = CircumstanceParams.never()


@pytest.fixture(scope="module")
def lease():
    return load(LEASE)


# determinism ------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_series(dealer) -> None:
    first = Series(dealer, "diplomat", "diplomat", rounds=6, seed=3).run().dumps()
    again = Series(dealer, "diplomat", "diplomat", rounds=6, seed=3).run().dumps()
    other = Series(dealer, "diplomat", "diplomat", rounds=6, seed=4).run().dumps()
    assert first == again
    assert first != other


def test_iterating_twice_replays_the_series(dealer) -> None:
    s = Series(dealer, "diplomat", "boulware", rounds=4, seed=1)
    assert [r.to_json() for r in s] == [r.to_json() for r in s]


def test_circumstances_do_not_depend_on_the_strategies(dealer) -> None:
    """Common random numbers: the seed fixes the world, the strategies only the talks."""
    p = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)  # nobody leaves: compare all rounds
    x = Series(dealer, "diplomat", "diplomat", rounds=8, seed=7, params=p).run()
    y = Series(dealer, "boulware", "conceder", rounds=8, seed=7, params=p).run()
    assert x.circumstances == y.circumstances
    assert x.circumstances[0] == Circumstance.none()
    assert any(c.kind != "none" for c in x.circumstances)


# break-up and long-term value ---------------------------------------------------------


def test_a_side_that_always_leaves_ends_the_series_after_one_negotiation(dealer) -> None:
    p = RelationshipParams(kappa=1e9)
    result = Series(dealer, "diplomat", "panderer", rounds=10, seed=0, params=p).run()
    first = result.rounds[0]
    assert result.summary.lifetime == 1 == len(result.rounds)
    assert first.record.agreement and max(first.state.resentment) > 0
    assert result.state.left and first.stayed is not None and not all(first.stayed)
    # Long-term value: the first deal (net of poorer service), then the BATNA for 9 rounds.
    realised = np.asarray(result.summary.long_term_value) - np.asarray(dealer.reservations) * sum(
        p.discount**t for t in range(1, 10)
    )
    deal = np.asarray(first.record.settled_utilities)
    assert np.all(realised <= deal + 1e-12)
    assert realised == pytest.approx(
        deal * (1 - np.minimum(1, p.sigma * np.asarray(first.state.resentment)[::-1]))
    )


def test_without_resentment_hazard_the_series_runs_its_horizon(dealer) -> None:
    p = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)
    result = Series(dealer, "diplomat", "panderer", rounds=5, seed=0, params=p).run()
    assert result.summary.lifetime == 5 and not result.state.left
    assert result.rounds[-1].stayed is None and all(
        r.stayed == (True, True) for r in result.rounds[:-1]
    )


# resentment over time ----------------------------------------------------------------


def test_an_exploited_panderer_grows_resentful_against_a_hardliner(lease) -> None:
    p = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)
    result = Series(
        lease, "panderer", "hardliner", rounds=5, seed=0, params=p, circumstances=STILL
    ).run()
    panderer = [r.state.resentment[0] for r in result.rounds]
    hardliner = [r.state.resentment[1] for r in result.rounds]
    assert all(r.record.agreement for r in result.rounds)
    assert panderer[0] > 0 and all(b > a for a, b in pairwise(panderer))
    assert hardliner == [0.0] * 5
    # and a resentful panderer negotiates on a raised reservation (rho)
    assert result.rounds[1].effective[0] > result.rounds[1].reservations[0]


# conditions -----------------------------------------------------------------------------


def _conditional_series(dealer, honour: float):
    p = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)
    return Series(
        dealer,
        "conceder",
        "diplomat",
        rounds=4,
        seed=0,
        params=p,
        circumstances=STILL,
        honour=honour,
    ).run()


@pytest.mark.parametrize("honour", [1.0, 0.0])
def test_conditions_are_resolved_and_move_trust(dealer, honour) -> None:
    result = _conditional_series(dealer, honour)
    attached = [k for k, r in enumerate(result.rounds) if r.record.condition is not None]
    assert attached, "Diplomat (B) attaches conditions against a conceder on this scenario"
    resolved = [j for r in result.rounds for j, _ in r.resolved]
    assert sorted(resolved) == attached  # each exactly once, the last at the end
    for j in attached:
        assert result.state.history[j].condition.honoured is bool(honour)


def test_honoured_conditions_build_more_trust_than_broken_ones(dealer) -> None:
    kept, broken = _conditional_series(dealer, 1.0), _conditional_series(dealer, 0.0)
    k = next(k for k, r in enumerate(kept.rounds) if r.resolved)
    for j in range(k):  # same talks, same trust until the first resolution
        assert kept.rounds[j].state.trust == broken.rounds[j].state.trust
    assert kept.rounds[k].state.trust > broken.rounds[k].state.trust
    assert kept.state.trust > broken.state.trust


# circumstances ----------------------------------------------------------------------------


def test_circumstances_move_reservations_within_bounds(dealer) -> None:
    ra, rb = dealer.reservations
    assert batna_moves("A", 0.05).apply(dealer).reservations == pytest.approx((ra + 0.05, rb))
    assert competitor_signs("B", 0.1).apply(dealer).reservations == pytest.approx((ra, rb - 0.1))
    assert costs_rise("B", 0.05).apply(dealer).reservations == pytest.approx((ra, rb + 0.05))
    assert crisis(0.1).apply(dealer).reservations == pytest.approx((ra - 0.1, rb - 0.1))
    assert crisis(5.0).apply(dealer).reservations == (0.0, 0.0)
    high = batna_moves("A", 5.0).apply(dealer)
    assert high.reservations[0] == min(best_utility(dealer.a), MAX_RESERVATION) < 1.0
    assert high.a.preferences.aspiration >= high.reservations[0]
    assert high.space is dealer.space and high.b is dealer.b
    assert Circumstance.none().apply(dealer) is dealer
    assert with_reservations(dealer, dealer.reservations) is dealer


def test_drawn_circumstances_keep_reservations_in_bounds(dealer) -> None:
    rng = np.random.default_rng(0)
    wild = CircumstanceParams(
        p_batna=0.25, batna_size=1.0, p_competitor=0.25, competitor_size=1.0,
        p_costs=0.25, costs_size=1.0, p_crisis=0.25, crisis_size=1.0,
    )  # fmt: skip
    s, kinds = dealer, set()
    for _ in range(200):
        c = draw(rng, wild)
        kinds.add(c.kind)
        s = c.apply(s)
        for party, r in zip(s.parties, s.reservations, strict=True):
            assert 0.0 <= r < 1.0 and r <= best_utility(party)
    assert kinds == {"batna_moves", "competitor_signs", "costs_rise", "crisis"}
    never = [draw(rng, STILL) for _ in range(20)]
    assert all(c == Circumstance.none() for c in never)


def test_circumstance_probabilities_are_checked() -> None:
    from accord.errors import InputError

    with pytest.raises(InputError):
        CircumstanceParams(p_batna=0.6, p_competitor=0.6)
    with pytest.raises(InputError):
        CircumstanceParams(batna_size=-0.1)


# the strategy hook ------------------------------------------------------------------------


class SpyDiplomat(Diplomat):
    """A Diplomat that records what the series tells it."""

    calls: ClassVar[list[RelationshipView]] = []

    def relate(self, relationship: RelationshipView) -> None:
        SpyDiplomat.calls.append(relationship)
        super().relate(relationship)


def test_diplomat_is_told_the_relationship_from_its_own_side(dealer) -> None:
    SpyDiplomat.calls = []
    p = RelationshipParams(kappa=0.0, no_deal=0.0, outside=0.0)
    result = Series(
        dealer, SpyDiplomat, "panderer", rounds=3, seed=0, params=p, circumstances=STILL
    ).run()
    calls = SpyDiplomat.calls
    assert [c.negotiations for c in calls] == [0, 1, 2]
    assert all(c.role == "A" for c in calls)
    assert calls[0].utilities == () and calls[0].trust == p.initial_trust
    for k, c in enumerate(calls[1:], start=1):
        before = result.rounds[k - 1].state
        assert c.resentment == before.resentment[0] and c.trust == before.trust
        assert c.dependence == before.dependence[0] and len(c.utilities) == k
    # Diplomat took more than its fair share from the panderer, and the view says so
    last = result.rounds[0].record
    assert calls[1].their_shortfall == pytest.approx(last.shares[0] - last.fair_shares[0])
    assert calls[1].their_shortfall > 0
    # told it took far more (beyond `overshoot`), it repairs: a smaller edge, gifts earlier
    far = replace(calls[1], shares=(last.fair_shares[0] + 0.2,))
    d = Diplomat()
    d.relate(far)
    n = Negotiation(dealer, d, make("panderer"), seed=0)
    assert d._edge < d.edge and d._gift_lead > 0
    assert n.transcript.events == []


def test_diplomat_grows_firmer_when_resentful_but_keeps_its_walk_away(dealer) -> None:
    angry, calm = Diplomat(), Diplomat()
    angry.relate(
        RelationshipView("A", negotiations=2, resentment=0.5, trust=0.6, utilities=(0.4, 0.4))
    )
    n_angry = Negotiation(dealer, angry, make("panderer"), seed=0)
    n_calm = Negotiation(dealer, calm, make("panderer"), seed=0)
    assert angry._lift == pytest.approx(0.05) and angry._edge == angry.edge  # no repair
    angry._nash = calm._nash = 0.5  # the same estimate of the Nash point
    assert angry._goal(n_angry.view("A")) == pytest.approx(calm._goal(n_calm.view("A")) + 0.05)
    t = n_angry.run()  # P2: the walk-away is the scenario's, and it holds
    u = dealer.a.preferences.utility
    assert t.ending.agreement is None or u.at(t.ending.agreement) >= dealer.reservations[0]


def test_single_negotiations_never_call_the_hook(dealer) -> None:
    SpyDiplomat.calls = []
    spy = Negotiation(dealer, SpyDiplomat(), make("hardliner"), seed=5).run()
    plain = Negotiation(dealer, Diplomat(), make("hardliner"), seed=5).run()
    assert SpyDiplomat.calls == []
    assert spy.to_json()["events"] == plain.to_json()["events"]
    assert spy.ending == plain.ending


def test_a_neutral_relationship_leaves_diplomat_as_in_a_single_negotiation(dealer) -> None:
    """The first negotiation of a series (no history, neutral trust) is an ordinary one."""
    told = Diplomat()
    told.relate(RelationshipView("A"))
    with_hook = Negotiation(dealer, told, make("boulware"), seed=2).run()
    alone = Negotiation(dealer, Diplomat(), make("boulware"), seed=2).run()
    assert with_hook.dumps() == alone.dumps()
