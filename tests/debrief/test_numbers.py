"""The debrief's numbers, checked against the analysis and relationship functions that
define them, on negotiations the strategies play and on brute-force twins."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.debrief.helpers import OURS, THEIRS, analysis, o, play, scenario

from accord.analysis.outcome import distance_to_frontier, evaluate
from accord.analysis.pareto import pareto_indices
from accord.analysis.points import nash_index
from accord.debrief import Debrief, better_deal_index, debrief, dominating
from accord.protocol.engine import Negotiation
from accord.protocol.moves import Accept, Offer, WalkAway
from accord.protocol.transcript import Transcript
from accord.relationship import RelationshipParams, RelationshipState, record_of, shares, update
from accord.strategies import make

PAIRS = [("diplomat", "boulware"), ("diplomat", "panderer"), ("boulware", "conceder")]


def _run(a: str, b: str, seed: int = 0):  # type: ignore[no-untyped-def]
    return Negotiation(scenario(), make(a), make(b), seed=seed).run()


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_result_matches_the_outcome_metrics_and_the_nash_point(a: str, b: str) -> None:
    t = _run(a, b)
    d = debrief(analysis(), t, "A")
    o_ = evaluate(analysis(), t)
    assert d.result.utilities == o_.utilities
    assert d.result.surplus == o_.surplus
    assert d.result.shares == o_.surplus_share
    f, r = analysis().frontier, scenario().reservations
    k = nash_index(f, r)
    assert k is not None and d.result.nash is not None
    assert d.result.nash.utilities == (f[k, 0], f[k, 1])
    assert d.result.fair_shares == shares((f[k, 0] - r[0], f[k, 1] - r[1]))
    # the derived target: the fair deal (Nash) plus Diplomat's edge, below the aspiration
    assert d.result.target == pytest.approx(min(f[k, 0] + 0.05, 0.8))
    assert d.result.target_source == "derived"


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_efficiency_against_a_brute_force_frontier(a: str, b: str) -> None:
    t = _run(a, b)
    d = debrief(analysis(), t, "A")
    e = d.efficiency
    ua, ub = (p.preferences.utility for p in scenario().parties)
    every = np.column_stack((ua.all(), ub.all()))
    brute = every[pareto_indices(every)]
    assert e.distance_to_frontier == pytest.approx(distance_to_frontier(brute, e.point))
    assert e.distance_to_frontier == pytest.approx(evaluate(analysis(), t).distance_to_pareto)
    better = brute[dominating(brute, e.point)]
    if len(better) == 0:
        assert e.better is None and e.left_on_table == (0.0, 0.0)
        return
    assert e.better is not None and e.better.terms is not None
    b_ = e.better.utilities
    assert any(np.allclose(b_, row) for row in analysis().frontier)  # on the frontier
    assert b_[0] >= e.point[0] and b_[1] >= e.point[1] and sum(b_) > sum(e.point)  # dominates
    nearest = np.hypot(*(better - np.array(e.point)).T).min()
    assert np.hypot(b_[0] - e.point[0], b_[1] - e.point[1]) == pytest.approx(nearest)
    index = scenario().space.index_of(e.better.terms)
    assert (ua.at(index), ub.at(index)) == pytest.approx(b_)  # its terms are that deal
    assert e.left_on_table == pytest.approx((b_[0] - e.point[0], b_[1] - e.point[1]))


def test_the_panderer_leaves_value_on_the_table() -> None:
    d = debrief(analysis(), _run("diplomat", "panderer"), "A")
    better, e = d.efficiency.better, d.efficiency
    assert better is not None and e.distance_to_frontier > 0.02
    # the value left is the better deal's welfare over the one agreed
    assert e.joint_left == pytest.approx(sum(better.utilities) - sum(e.point))
    assert e.joint_left > 0.02 and d.verdict("P8").status == "broken"


def test_without_a_deal_the_better_deal_is_the_nash_point() -> None:
    t = play(
        ("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", Offer(o(OURS))), ("B", WalkAway())
    )
    d = debrief(analysis(), t, "A")
    nash = analysis().nash
    assert nash is not None and d.efficiency.kind == "nash"
    assert d.efficiency.better is not None and d.efficiency.better.utilities == nash.utilities
    r = scenario().reservations
    assert d.efficiency.left_on_table == pytest.approx(
        (nash.utilities[0] - r[0], nash.utilities[1] - r[1])
    )


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_concessions_add_up_to_the_outcome_metrics(a: str, b: str) -> None:
    t = _run(a, b)
    d = debrief(analysis(), t, "A")
    o_ = evaluate(analysis(), t)
    for role in ("A", "B"):
        steps = d.steps(role)  # type: ignore[arg-type]
        assert len(steps) == len(o_.offers[role])  # type: ignore[index]
        assert [s.turn for s in steps] == [p.turn for p in o_.offers[role]]  # type: ignore[index]
        total = steps[-1].total if steps else 0.0
        assert total == o_.concessions[role]  # type: ignore[index]
        assert sum(max(s.conceded, 0.0) for s in steps) == pytest.approx(total)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_relationship_is_the_models_update(a: str, b: str) -> None:
    t = _run(a, b)
    p = RelationshipParams()
    start = RelationshipState.start(p)
    d = debrief(analysis(), t, "A")
    after = update(start, record_of(analysis(), t), p)
    rel = d.relationship
    assert rel.resentment_after == after.resentment and rel.trust_after == after.trust
    assert rel.resentment_before == (0.0, 0.0) and rel.trust_before == start.trust
    # from a given state, as a stored relationship continues
    worn = RelationshipState(resentment=(0.2, 0.3), trust=0.3)
    again = debrief(analysis(), t, "A", state=worn, params=p)
    assert (
        again.relationship.resentment_after == update(worn, record_of(analysis(), t), p).resentment
    )


def test_json_is_plain_and_complete() -> None:
    d = debrief(analysis(), _run("diplomat", "boulware"), "A")
    data = json.loads(json.dumps(d.to_json()))
    assert set(data) >= {
        "result",
        "efficiency",
        "concessions",
        "tactics",
        "relationship",
        "checklist",
    }
    assert [c["principle"] for c in data["checklist"]] == [v.principle for v in d.checklist]
    assert data["concessions"]["total"] == dict(evaluate(analysis(), d.transcript).concessions)


def test_accepting_their_best_is_seen_from_both_seats() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", Accept()))
    ours, theirs = debrief(analysis(), t, "A"), debrief(analysis(), t, "B")
    assert ours.result.utilities == theirs.result.utilities
    assert ours.verdict("P2").status == "broken" and theirs.verdict("P2").status == "kept"


TOL = 1e-9  # what counts as a gain, as in accord.debrief.efficiency
points = st.lists(
    st.tuples(st.floats(0, 1, allow_nan=False), st.floats(0, 1, allow_nan=False)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(points, st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_better_deal_index_is_the_nearest_dominating_point(cloud, point) -> None:  # type: ignore[no-untyped-def]
    u = np.array(cloud, dtype=float)
    f = u[pareto_indices(u)]
    k = better_deal_index(f, point)
    brute = [
        (float(np.hypot(a - point[0], b - point[1])), i)
        for i, (a, b) in enumerate(f)
        if min(a - point[0], b - point[1]) >= -TOL and max(a - point[0], b - point[1]) > TOL
    ]
    if not brute:
        assert k is None
    else:
        assert k is not None
        assert np.hypot(f[k, 0] - point[0], f[k, 1] - point[1]) == pytest.approx(min(brute)[0])


def conditional_deal() -> tuple[int, Transcript, Debrief]:
    """A's conditional offer (rebate 2% if B stocks 1.5x, else 1%), accepted: its terms
    as stated, the talks and A's debrief."""
    from accord.protocol.moves import Condition

    space = scenario().space
    fallback = space.issues[space.issue_index("rebate")].index(1.0)
    terms = o(OURS, rebate=2.0, payment_days=45)
    deal = Offer(terms, Condition("rebate", fallback, "B", "stock >= 1.5x"))
    t = play(("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", deal), ("B", Accept()))
    return terms, t, debrief(analysis(), t, "A")


def test_a_conditional_deal_is_judged_by_its_terms_as_stated() -> None:
    terms, t, d = conditional_deal()
    ua, ub = (p.preferences.utility for p in scenario().parties)
    assert d.efficiency.face_value and d.efficiency.point == (ua.at(terms), ub.at(terms))
    assert d.result.utilities == evaluate(analysis(), t).utilities  # expected, by belief
    assert d.result.utilities != d.efficiency.point and d.result.condition == "stock >= 1.5x"


def test_the_efficiency_panel_shows_the_stated_terms_it_compares_with() -> None:
    """The headline weighs a condition by belief; the Pareto panel, the terms as stated:
    it says which numbers it compares with, so 'better for both' is not read against
    the headline (a coach user's confusion)."""
    from rich.console import Console

    from accord.cli.render_debrief import _efficiency_panel

    _, _, d = conditional_deal()
    console = Console(record=True, width=200)
    console.print(_efficiency_panel(d))
    a, b = d.efficiency.point
    assert f"terms as stated: we {a:.3f}, they {b:.3f}" in console.export_text()
