"""Records of real negotiations on examples/dealer_rebate.yaml and what they do to a relationship.

On this scenario the Nash point gives the manufacturer (A) about 39% of the
joint surplus and the dealer (B) about 61%.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.conftest import DEALER

from accord.analysis.outcome import evaluate
from accord.analysis.report import analyse
from accord.formats import load_scenario
from accord.protocol import Display, Negotiation
from accord.relationship import (
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    effective_reservation,
    grievance,
    leave,
    long_term_value,
    record_of,
    resolve_condition,
    stay_probability,
    summarise,
    update,
)
from accord.strategies import make, registry

EXAMPLE = DEALER
P = RelationshipParams()


@pytest.fixture(scope="module")
def analysis():
    return analyse(load_scenario(EXAMPLE))


def negotiate(analysis, a, b, seed: int = 1):
    a = make(a) if isinstance(a, str) else a
    b = make(b) if isinstance(b, str) else b
    return Negotiation(analysis.scenario, a, b, seed=seed).run()


def after(record: NegotiationRecord, p: RelationshipParams = P) -> RelationshipState:
    return update(RelationshipState.start(p), record, p)


def test_the_record_agrees_with_the_analysis_and_the_outcome_metrics(analysis) -> None:
    t = negotiate(analysis, "diplomat", "panderer")
    o = evaluate(analysis, t)
    record = record_of(analysis, t)
    assert record == record_of(analysis, o)  # a transcript or its outcome: the same record
    assert record.utilities == o.utilities and record.reservations == o.reservations
    assert record.nash == analysis.nash.utilities
    assert record.shares == pytest.approx(o.surplus_share)
    assert sum(record.fair_shares) == pytest.approx(1.0)
    assert record.fair_shares == pytest.approx((0.386, 0.614), abs=1e-3)
    assert record.concessions == (o.concessions["A"], o.concessions["B"])
    assert record.tactic("A", "display_modest") == 1 == record.tactic("B", "display_modest")
    assert record.strategies == ("diplomat", "panderer") and record.reason == "agreement"


@pytest.mark.parametrize(
    ("a", "b", "loser"), [("diplomat", "panderer", "B"), ("panderer", "diplomat", "A")]
)
def test_the_side_far_below_its_fair_share_gains_resentment(analysis, a, b, loser) -> None:
    record = record_of(analysis, negotiate(analysis, a, b))
    winner = "B" if loser == "A" else "A"
    k = "AB".index(loser)
    assert record.shares[k] < record.fair_shares[k] - 0.25  # far less than fair
    state = after(record)
    # alpha = beta = 1, less the part the winner's modest close relieves (P13)
    assert record.tactic(winner, "display_modest") == 1
    assert state.resentment[k] == pytest.approx(record.shortfall(loser) * (1 - P.modesty))
    assert state.resentment[1 - k] == 0.0  # the winner has nothing to resent
    # The panderer conceded most: its resentment is mostly at itself (P14, seed 003).
    g = grievance(record, loser, P)
    assert g.self_inflicted > g.exploited > 0
    assert grievance(record, winner, P).net == 0.0
    # ... so it stays less willingly and bargains harder next time.
    assert stay_probability(state.resentment[k], state.trust, P) < 0.85
    r = record.reservations[k]
    assert effective_reservation(r, state.resentment[k], P) > r


def test_silencing_self_resentment_leaves_only_the_exploited_part(analysis) -> None:
    record = record_of(analysis, negotiate(analysis, "diplomat", "panderer"))
    no_self = replace(P, beta=0.0)
    g = grievance(record, "B", no_self)
    assert g.self_inflicted == 0.0
    assert after(record, no_self).resentment[1] == pytest.approx(max(0.0, g.net))
    assert g.modesty == pytest.approx(no_self.modesty * g.exploited)  # relief of what is left
    assert after(record, no_self).resentment[1] < after(record).resentment[1]


def test_an_ultimatum_that_ends_the_talks_costs_the_receiver_face(analysis) -> None:
    record = record_of(analysis, negotiate(analysis, "hardliner", "diplomat"))
    assert not record.agreement and record.reason == "ultimatum_refused"
    assert record.ultimatum_by == "A" and record.shares is None
    assert after(record).resentment == (0.0, P.face_ultimatum)
    assert after(record).trust == P.initial_trust  # no deal, no bluff: nothing learned


class _Closing:
    """Mixin: a built-in strategy that closes with a given display."""

    display = "modest"

    def close(self, view):
        return Display(self.display)


def _closing(kind: str):
    base = registry()["boulware"]
    return type(f"Boulware_{kind}", (_Closing, base), {"display": kind, "name": "boulware"})()


def test_a_triumphant_close_over_a_below_fair_deal_costs_face(analysis) -> None:
    gloat = record_of(analysis, negotiate(analysis, _closing("triumphant"), "panderer"))
    modest = record_of(analysis, negotiate(analysis, _closing("modest"), "panderer"))
    assert gloat.utilities == modest.utilities  # the same deal ...
    assert gloat.shortfall("B") > 0 and gloat.tactic("A", "display_triumphant") == 1
    assert grievance(gloat, "B", P).face == P.face  # ... but the gloat hurts
    assert grievance(modest, "B", P).face == 0.0
    relief = grievance(modest, "B", P).modesty  # a modest close softens the shortfall (P13)
    assert relief > 0
    gloated = after(modest).resentment[1] + P.face + relief
    assert after(gloat).resentment[1] == pytest.approx(gloated)
    assert grievance(gloat, "A", P).face == 0.0  # B's modest close costs A nothing


def test_a_conditional_concession_is_a_gesture_and_its_resolution_moves_trust() -> None:
    # Diplomat (B), losing late, concedes on a condition linear (A) must meet (P12)
    dealer = analyse(load_scenario(DEALER))
    record = record_of(dealer, negotiate(dealer, "linear", "diplomat", seed=3))
    c = record.condition
    assert c is not None and c.obligor == "A" and c.honoured is None
    assert c.beliefs == (0.9, 0.6) and c.stake > 0
    assert record.received("A") == pytest.approx(0.9 * c.stake)
    assert grievance(record, "A", P).gestures == pytest.approx(0.9 * c.stake)
    state = after(record)
    kept, broken = (resolve_condition(state, 0, h, P) for h in (True, False))
    assert kept.trust > state.trust > broken.trust
    assert kept.history[0].settled_utilities == c.met
    assert broken.history[0].settled_utilities == c.fallback
    assert RelationshipState.loads(kept.dumps()) == kept


def test_judging_against_the_true_batna_when_the_talks_ran_on_a_raised_one(analysis) -> None:
    t = negotiate(analysis, "diplomat", "panderer")
    plain = record_of(analysis, t)
    true = record_of(analysis, t, reservations=(0.25, 0.35))
    assert true.reservations == (0.25, 0.35) and true.utilities == plain.utilities
    assert true.surplus == pytest.approx((plain.surplus[0] + 0.05, plain.surplus[1] + 0.05))
    assert true.fair_shares != plain.fair_shares
    # A BATNA far enough away moves the Nash point itself.
    moved = record_of(analysis, t, reservations=(0.45, 0.2))
    assert moved.nash == pytest.approx((0.67, 0.485)) != plain.nash


@pytest.mark.parametrize(("b", "worse"), [("panderer", True), ("diplomat", False)])
def test_a_short_series_of_renewals(analysis, b, worse) -> None:
    """Five yearly renewals against the same dealer strategy; nobody leaves."""
    state = RelationshipState.start(P)
    for year in range(5):
        state = update(state, record_of(analysis, negotiate(analysis, "diplomat", b, seed=year)), P)
    summary = summarise(state, P, horizon=5)
    assert summary.lifetime == 5 and summary.agreements == 5
    assert len(state.trajectory) == 5
    assert RelationshipState.from_json(state.to_json()) == state
    # The squeezed panderer carries resentment, a fairly treated diplomat little.
    assert (summary.mean_resentment[1] > 0.3) is worse
    # Had the dealer left after year 5 of an 8-year horizon, both live on their BATNA.
    ltv = long_term_value(leave(state, "B"), P, horizon=8)
    batna = analysis.scenario.reservations
    tail = sum(P.discount**t for t in range(5, 8))
    for k in (0, 1):
        assert ltv[k] == pytest.approx(summary.long_term_value[k] + tail * batna[k])
