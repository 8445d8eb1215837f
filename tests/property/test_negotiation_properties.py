"""Negotiation properties on random small scenarios and random pairs of registered strategies:
a seed fixes the transcript's bytes, nobody accepts below its reservation value, and every
negotiation ends by its deadline (and replays move for move)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.model import Issue, OutcomeSpace, Party, Scenario
from accord.model.issues import Role
from accord.preferences import LinearAdditiveUtility, Preferences
from accord.protocol import Negotiation, Transcript
from accord.protocol.replay import replay
from accord.strategies import make, registry
from accord.testing import agreed_utility

NAMES = sorted(registry())


@st.composite
def preferences(draw: st.DrawFn, space: OutcomeSpace) -> Preferences:
    """Integer weights, scores on the k/8 grid with a best value of 1, reservation in [0, 0.7]."""
    k = len(space.issues)
    weights = np.array(draw(st.lists(st.integers(1, 9), min_size=k, max_size=k)), dtype=float)
    tables = []
    for issue in space.issues:
        table = draw(st.lists(st.integers(0, 8), min_size=issue.n, max_size=issue.n))
        table[draw(st.integers(0, issue.n - 1))] = 8
        tables.append(np.array(table, dtype=float) / 8)
    reservation = draw(st.integers(0, 7)) / 10
    return Preferences(LinearAdditiveUtility(space, weights, tuple(tables)), reservation)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """1-3 categorical issues of 2-4 values, two random linear preferences, 1-15 rounds."""
    sizes = draw(st.lists(st.integers(2, 4), min_size=1, max_size=3))
    space = OutcomeSpace(
        tuple(Issue.categorical(f"i{k}", [f"v{j}" for j in range(n)]) for k, n in enumerate(sizes))
    )
    a = Party("a", "A", draw(preferences(space)))
    b = Party("b", "B", draw(preferences(space)))
    return Scenario("random", space, a, b, deadline_rounds=draw(st.integers(1, 15)))


@dataclass(frozen=True)
class Match:
    scenario: Scenario
    a: str
    b: str
    seed: int

    def play(self) -> Transcript:
        return Negotiation(self.scenario, make(self.a), make(self.b), seed=self.seed).run()


matches = st.builds(
    Match, scenarios(), st.sampled_from(NAMES), st.sampled_from(NAMES), st.integers(0, 2**32 - 1)
)
SETTINGS = settings(max_examples=40, deadline=None)


@SETTINGS
@given(matches)
def test_same_seed_same_bytes(m: Match) -> None:
    assert m.play().dumps() == m.play().dumps()


@SETTINGS
@given(matches)
def test_no_acceptance_below_reservation(m: Match) -> None:
    ending = m.play().ending
    assert ending is not None
    if ending.reason == "agreement":
        by: Role = ending.by  # type: ignore[assignment]
        party = m.scenario.a if by == "A" else m.scenario.b
        assert agreed_utility(m.scenario, ending, by) >= party.preferences.reservation - 1e-9


@SETTINGS
@given(matches)
def test_ends_by_the_deadline_and_replays(m: Match) -> None:
    t = m.play()
    limit = 2 * m.scenario.deadline_rounds
    assert t.ending is not None and t.ending.turn <= limit
    assert all(e.turn <= t.ending.turn and e.turn < limit for e in t.events)
    if t.ending.reason == "deadline":
        assert t.ending.turn == limit
    assert replay(m.scenario, t).dumps() == t.dumps()
