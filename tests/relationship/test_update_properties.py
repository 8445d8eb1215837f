"""Properties of the update rules (DESIGN.md, "Relationship model (v1)"; issue 4, Tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.relationship.generators import (
    conditions,
    params,
    records,
    resentments,
    role,
    states,
)

from accord.relationship import (
    Gift,
    NegotiationRecord,
    RelationshipParams,
    RelationshipState,
    grievance,
    leave,
    resolve_condition,
    self_blame,
    update,
)

DEFAULT = RelationshipParams()
#: Generating states runs the update rules several times: fewer, slower examples.
STATEFUL = settings(deadline=None, max_examples=60)


def other(r: str) -> str:
    return "B" if r == "A" else "A"


def start(resentment: tuple[float, float], trust: float = 0.5) -> RelationshipState:
    return RelationshipState(resentment=resentment, trust=trust)


def design_formula(r: float, record: NegotiationRecord, side: str, p: RelationshipParams) -> float:
    """DESIGN.md's formula, written out independently (valid when alpha == beta)."""
    k = "AB".index(side)
    gain = [u - res for u, res in zip(record.utilities, record.reservations, strict=True)]
    pos = [max(g, 0.0) for g in gain]
    inequity = 0.0
    if record.agreement and record.nash is not None and sum(pos) > 0:
        fair = [n - res for n, res in zip(record.nash, record.reservations, strict=True)]
        if sum(fair) > 0:
            inequity = max(0.0, fair[k] / sum(fair) - pos[k] / sum(pos))
    theirs = dict(record.tactics[1 - k])
    face = p.face if inequity > 0 and theirs.get("display_triumphant", 0) else 0.0
    face += p.face_ultimatum if record.ultimatum_by == "AB"[1 - k] else 0.0
    gestures = sum(max(g.value, 0.0) for g in record.gifts if g.receiver == side)
    c = record.condition
    if c is not None and c.obligor == side:
        gestures += c.beliefs[k] * max(0.0, c.met[k] - c.fallback[k])
    modest = p.modesty if inequity > 0 and theirs.get("display_modest", 0) else 0.0
    shortfall = p.alpha * inequity * (1.0 - modest)
    return max(0.0, p.decay * r + shortfall + face - p.gesture_weight * gestures)


@STATEFUL
@given(states(), records(), params())
def test_resentment_is_never_negative(state, record, p) -> None:
    if state.ended:
        state = replace(state, left=())
    after = update(state, record, p)
    assert all(r >= 0.0 for r in after.resentment)
    assert 0.0 <= after.trust <= 1.0
    assert all(d >= 0.0 for d in after.dependence)


@given(resentments(), records(), params())
def test_with_alpha_equal_to_beta_the_rule_is_designs_single_formula(r0, record, p) -> None:
    p = replace(p, beta=p.alpha)
    after = update(start(r0), record, p)
    for k, side in enumerate("AB"):
        assert after.resentment[k] == pytest.approx(design_formula(r0[k], record, side, p))


@given(resentments(), records(agreement=True, at_nash=True), params())
def test_an_outcome_at_the_nash_point_adds_no_inequity_resentment(r0, record, p) -> None:
    assert record.shares == record.fair_shares  # exactly, not approximately
    for side in "AB":
        g = grievance(record, side, p)
        assert g.exploited == 0.0 and g.self_inflicted == 0.0
        assert g.face == 0.0  # nobody is below its fair share: triumph costs no face
    bare = replace(record, gifts=(), condition=None)
    after = update(start(r0), bare, p)
    assert after.resentment == (p.decay * r0[0], p.decay * r0[1])


@given(resentments(), records(agreement=True), params(), role)
def test_a_triumphant_display_over_a_below_fair_outcome_costs_face(r0, record, p, side) -> None:
    them = 1 - "AB".index(side)
    counts = [dict(record.tactics[0]), dict(record.tactics[1])]
    counts[them].pop("display_triumphant", None)
    modest = replace(record, tactics=tuple(tuple(c.items()) for c in counts), gifts=())
    modest = replace(modest, condition=None)
    counts[them]["display_modest"] = 0
    counts[them]["display_triumphant"] = 1
    triumphant = replace(modest, tactics=tuple(tuple(c.items()) for c in counts))
    counts[them]["display_triumphant"] = 0
    plain = replace(modest, tactics=tuple(tuple(c.items()) for c in counts))  # no display
    k = "AB".index(side)
    with_face = update(start(r0), triumphant, p).resentment[k]
    without = update(start(r0), plain, p).resentment[k]
    if record.shortfall(side) > 0:
        assert grievance(triumphant, side, p).face == p.face
        assert with_face == pytest.approx(without + p.face)
    else:  # a fair or better outcome: gloating over it costs the loser nothing
        assert with_face == without
    assert grievance(modest, side, p).face == 0.0


def test_triumph_example_with_default_params() -> None:
    r = NegotiationRecord(True, (0.9, 0.45), (0.3, 0.4), nash=(0.6, 0.7))
    gloat = replace(r, tactics=((("display_triumphant", 1),), ()))
    assert update(start((0, 0)), gloat, DEFAULT).resentment[1] == pytest.approx(
        update(start((0, 0)), r, DEFAULT).resentment[1] + DEFAULT.face
    )


@given(resentments(), records(agreement=False), params())
def test_an_ultimatum_that_ended_the_talks_costs_its_receiver_face(r0, record, p) -> None:
    for side in "AB":
        k = "AB".index(side)
        by_them = replace(record, ultimatum_by=other(side))
        by_nobody = replace(record, ultimatum_by=None)
        after = update(start(r0), by_them, p).resentment[k]
        assert after == pytest.approx(
            update(start(r0), by_nobody, p).resentment[k] + p.face_ultimatum
        )
        assert grievance(replace(record, ultimatum_by=side), side, p).face == 0.0


@STATEFUL
@given(states(), params(), conditions())
def test_an_honoured_condition_raises_trust_and_a_broken_one_lowers_it(state, p, term) -> None:
    deal = NegotiationRecord(True, (0.6, 0.6), (0.3, 0.3), nash=(0.6, 0.6), condition=term)
    state = update(replace(state, left=()), deal, p)
    t = state.trust
    kept = resolve_condition(state, -1, True, p)
    broken = resolve_condition(state, -1, False, p)
    assert kept.trust >= t >= broken.trust
    assert kept.trust == pytest.approx(t + p.trust_honoured * (1 - t))
    assert broken.trust == pytest.approx(t * (1 - p.trust_broken))
    if t < 1 and p.trust_honoured > 1e-9:
        assert kept.trust > t
    if t > 0 and p.trust_broken > 1e-9:
        assert broken.trust < t
    assert kept.history[-1].condition.honoured is True
    assert broken.history[-1].condition.honoured is False
    assert kept.trajectory == state.trajectory  # the snapshot after the talks is history
    with pytest.raises(ValueError, match="already resolved"):
        resolve_condition(kept, -1, False, p)


def test_resolving_a_negotiation_without_condition_is_refused() -> None:
    s = update(RelationshipState(), NegotiationRecord(True, (0.5, 0.5), (0.2, 0.2)), DEFAULT)
    with pytest.raises(ValueError, match="no condition"):
        resolve_condition(s, 0, True, DEFAULT)
    with pytest.raises(IndexError):
        resolve_condition(s, 1, True, DEFAULT)


@given(resentments(), records(agreement=True), params(), role, st.integers(1, 20))
def test_gestures_reduce_resentment_but_never_below_zero(r0, record, p, side, worth) -> None:
    bare = replace(record, gifts=(), condition=None)
    gift = replace(bare, gifts=(Gift("co_marketing", side, worth / 20),))
    k = "AB".index(side)
    before = update(start(r0), bare, p).resentment[k]
    after = update(start(r0), gift, p).resentment[k]
    assert 0.0 <= after <= before
    if before > 0 and p.gesture_weight > 0:
        assert after < before
    assert (
        update(start(r0), gift, p).resentment[1 - k] == update(start(r0), bare, p).resentment[1 - k]
    )


@given(resentments(), records(agreement=False), params())
@example((1.0, 2.0), NegotiationRecord(False, (0.3, 0.4), (0.3, 0.4)), RelationshipParams())
def test_decay_shrinks_resentment_when_nothing_new_happens(r0, record, p) -> None:
    quiet = replace(record, ultimatum_by=None)
    after = update(start(r0), quiet, p).resentment
    assert after == (p.decay * r0[0], p.decay * r0[1])
    assert all(a <= b for a, b in zip(after, r0, strict=True))
    if p.decay < 1:
        assert all(a < b for a, b in zip(after, r0, strict=True) if b > 0)


@given(resentments(), records(agreement=True), params(), role)
def test_both_directions_of_p14_are_told_apart(r0, record, p, side) -> None:
    """Exploited: i conceded nothing (alpha). Over-conceding: i made every concession (beta)."""
    k = "AB".index(side)
    exploited = replace(record, concessions=(0.0, 0.3) if k == 0 else (0.3, 0.0))
    over_conceded = replace(record, concessions=(0.3, 0.0) if k == 0 else (0.0, 0.3))
    gap = record.shortfall(side)
    g = grievance(exploited, side, p)
    assert (g.exploited, g.self_inflicted) == (pytest.approx(p.alpha * gap), 0.0)
    g = grievance(over_conceded, side, p)
    assert (g.exploited, g.self_inflicted) == (0.0, pytest.approx(p.beta * gap))
    # Silencing one direction silences only it.
    no_self = replace(p, beta=0.0)
    assert grievance(over_conceded, side, no_self).self_inflicted == 0.0
    assert grievance(exploited, side, no_self).exploited == pytest.approx(p.alpha * gap)


@given(records(), role)
def test_self_blame_is_a_share_of_the_concessions(record, side) -> None:
    q = self_blame(record, side)
    assert 0.0 <= q <= 1.0
    assert q + self_blame(record, other(side)) == pytest.approx(1.0)


@STATEFUL
@given(states(), records(agreement=True), params())
def test_joint_surplus_never_lowers_trust_without_bluffs(state, record, p) -> None:
    honest = replace(record, retracted=(0.0, 0.0))
    state = replace(state, left=())
    assert update(state, honest, p).trust >= state.trust


@STATEFUL
@given(states(), records(), params())
def test_a_retraction_beyond_the_tolerance_costs_trust(state, record, p) -> None:
    state = replace(state, left=())
    honest = replace(record, retracted=(0.0, 0.0))
    bluff = replace(record, retracted=(p.retraction_tolerance + 0.01, 0.0))
    t_honest, t_bluff = update(state, honest, p).trust, update(state, bluff, p).trust
    assert t_bluff == pytest.approx(t_honest * (1 - p.trust_bluff))


@given(st.lists(records(agreement=True), min_size=1, max_size=4), params())
def test_dependence_is_the_shortfall_of_the_batna_below_the_relationships_value(rs, p) -> None:
    s = RelationshipState.start(p)
    for r in rs:
        s = update(s, r, p)
    richer = update(s, replace(rs[-1], reservations=(0.0, 0.0)), p)
    poorer = update(s, replace(rs[-1], reservations=(0.6, 0.6)), p)
    assert all(a >= b for a, b in zip(richer.dependence, poorer.dependence, strict=True))


def test_dependence_by_hand_the_side_with_the_better_batna_cares_less() -> None:
    p = RelationshipParams(sigma=0.5)
    fair = NegotiationRecord(True, (0.7, 0.5), (0.3, 0.4), nash=(0.7, 0.5))
    s = update(RelationshipState(), fair, p)
    assert s.dependence == pytest.approx((0.4, 0.1))  # B "cares less" (seed 002)
    # B is squeezed next: 0.05 of 0.55 surplus against a fair 0.1 of 0.5; it serves A worse.
    squeezed = NegotiationRecord(True, (0.8, 0.45), (0.3, 0.4), nash=(0.7, 0.5))
    s = update(s, squeezed, p)
    r_b = s.resentment[1]
    assert r_b == pytest.approx(0.1 / 0.5 - 0.05 / 0.55)
    mean_a = (0.7 + 0.8 * (1 - 0.5 * r_b)) / 2
    assert s.dependence == pytest.approx((mean_a - 0.3, (0.5 + 0.45) / 2 - 0.4))
    assert s.trajectory[-1].dependence == s.dependence


def test_no_deal_ever_means_no_dependence() -> None:
    s = update(RelationshipState(), NegotiationRecord(False, (0.3, 0.4), (0.3, 0.4)), DEFAULT)
    assert s.dependence == (0.0, 0.0)


@STATEFUL
@given(states())
def test_an_ended_relationship_takes_no_more_negotiations(state) -> None:
    ended = leave(state, "A")
    assert ended.ended and "A" in ended.left
    with pytest.raises(ValueError, match="ended"):
        update(ended, NegotiationRecord(False, (0.3, 0.4), (0.3, 0.4)), DEFAULT)
