"""The scenario report: ZOPA counting, trades, and spaces far too large to enumerate."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from accord.analysis.report import analyse
from accord.analysis.trades import logrolls, value_adds
from accord.analysis.zopa import zopa
from accord.model import Issue, OutcomeSpace, Party, Scenario
from accord.preferences import LinearAdditiveUtility, Preferences


def random_scenario(n_issues: int, n_values: int, seed: int, ra: float = 0.3, rb: float = 0.3):
    rng = np.random.default_rng(seed)
    space = OutcomeSpace(
        tuple(
            Issue.categorical(f"i{k}", [f"v{j}" for j in range(n_values)]) for k in range(n_issues)
        )
    )

    def utility() -> LinearAdditiveUtility:
        tables = []
        for _ in range(n_issues):
            t = rng.random(n_values)
            tables.append(t / t.max())
        return LinearAdditiveUtility(space, rng.random(n_issues) + 0.01, tuple(tables))

    a = Party("A", "A", Preferences(utility(), ra))
    b = Party("B", "B", Preferences(utility(), rb))
    return Scenario("random", space, a, b)


def test_zopa_counts_exactly_on_small_spaces() -> None:
    s = random_scenario(4, 5, seed=1)
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    expected = [
        (float(ua.of_digits(np.array(d))[0]), float(ub.of_digits(np.array(d))[0]))
        for d in itertools.product(range(5), repeat=4)
    ]
    inside = [(a, b) for a, b in expected if a >= 0.3 and b >= 0.3]
    z = zopa(ua, ub, (0.3, 0.3))
    assert not z.estimated
    assert z.n_outcomes == len(inside)
    assert z.n_strict == sum(a > 0.3 and b > 0.3 for a, b in expected)
    assert z.bounds_a == pytest.approx((min(a for a, _ in inside), max(a for a, _ in inside)))
    assert z.bounds_b == pytest.approx((min(b for _, b in inside), max(b for _, b in inside)))


def test_no_zopa_when_batnas_are_too_strong() -> None:
    s = random_scenario(3, 4, seed=2, ra=0.99, rb=0.99)
    report = analyse(s)
    assert not report.zopa.exists
    assert report.nash is None and report.kalai_smorodinsky is None
    assert report.to_json()["nash"] is None


def test_an_outcome_worth_exactly_both_batnas_is_in_the_zopa() -> None:
    """One rule with the Nash point: the middle price is worth each side's BATNA, so
    the ZOPA holds it (and only it), the strict count is 0, and the Nash point is it."""
    space = OutcomeSpace((Issue.ordered("price", [1, 2, 3]),))
    ua = LinearAdditiveUtility(space, np.array([1.0]), (np.array([0.0, 0.5, 1.0]),))
    ub = LinearAdditiveUtility(space, np.array([1.0]), (np.array([1.0, 0.5, 0.0]),))
    s = Scenario(
        "tie", space, Party("A", "A", Preferences(ua, 0.5)), Party("B", "B", Preferences(ub, 0.5))
    )
    report = analyse(s)
    assert (report.zopa.n_outcomes, report.zopa.n_strict) == (1, 0)
    assert report.zopa.exists and report.zopa.bounds_a == report.zopa.bounds_b == (0.5, 0.5)
    assert report.nash is not None and report.nash.outcome == {"price": 2}
    assert report.to_json()["zopa"]["n_strict"] == 0


def test_huge_space_is_solved_without_enumeration() -> None:
    """20 issues of 10 values: 10**20 outcomes, frontier exact, ZOPA estimated by sampling."""
    s = random_scenario(20, 10, seed=3, ra=0.5, rb=0.5)
    report = analyse(s)
    data = report.to_json()
    assert data["n_outcomes"] == 10**20
    assert report.zopa.estimated
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    # Every frontier pair is realised by the outcome the report names for it.
    realised = np.column_stack(
        (ua.of_digits(report.frontier_digits), ub.of_digits(report.frontier_digits))
    )
    np.testing.assert_allclose(realised, report.frontier, atol=1e-12)
    # No sampled outcome dominates a frontier point.
    rng = np.random.default_rng(0)
    sample = np.column_stack([rng.integers(0, 10, 20_000) for _ in range(20)])
    su, sv = ua.of_digits(sample), ub.of_digits(sample)
    for a, b in report.frontier[:: max(1, len(report.frontier) // 50)]:
        assert not np.any((su >= a) & (sv >= b) & ((su > a) | (sv > b)))
    nash = data["nash"]["utilities"]
    assert nash[0] > 0.5 and nash[1] > 0.5


def test_logrolls_gain_both_and_are_best_on_their_pair() -> None:
    s = random_scenario(4, 4, seed=4)
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    found = logrolls(ua, ub, top=20)
    assert found, "random priorities should admit some logroll"
    names = s.space.names
    for t in found:
        assert t.gain_a > 0 and t.gain_b > 0 and t.contrast > 0
        i, j = names.index(t.a_gets), names.index(t.b_gets)
        # A's stake ratio i:j exceeds B's: A really cares relatively more about i.
        sa = [c.max() - c.min() for c in ua.contributions()]
        sb = [c.max() - c.min() for c in ub.contributions()]
        assert sa[i] / sa[j] > sb[i] / sb[j]


def test_value_adds_are_cheaper_to_give_than_they_are_worth() -> None:
    s = random_scenario(5, 4, seed=5)
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    for giver, receiver, role in ((ua, ub, "A"), (ub, ua, "B")):
        for v in value_adds(giver, receiver, role, top=10):
            assert v.value > v.cost >= 0
            k = s.space.names.index(v.issue)
            issue = s.space.issues[k]
            start, to = issue.index(v.from_value), issue.index(v.to_value)
            assert giver.tables[k][start] == giver.tables[k].max()
            assert v.cost == pytest.approx(
                giver.contributions()[k][start] - giver.contributions()[k][to]
            )


def test_addons_are_offered_only_by_their_giver() -> None:
    space = OutcomeSpace((Issue.addon("reports", "A"), Issue.ordered("price", [1, 2, 3])))
    ua = LinearAdditiveUtility(
        space, np.array([0.1, 0.9]), (np.array([1.0, 0.0]), np.array([0.0, 0.5, 1.0]))
    )
    ub = LinearAdditiveUtility(
        space, np.array([0.4, 0.6]), (np.array([0.0, 1.0]), np.array([1.0, 0.5, 0.0]))
    )
    assert [v.issue for v in value_adds(ua, ub, "A")] == ["reports"]
    assert all(v.issue != "reports" for v in value_adds(ub, ua, "B"))
