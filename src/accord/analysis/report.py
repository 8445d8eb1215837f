"""One call that analyses a scenario: frontier, bargaining points, ZOPA, trades."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from accord.analysis.pareto import linear_frontier, pareto_indices
from accord.analysis.points import kalai_smorodinsky_index, max_welfare_index, nash_index
from accord.analysis.trades import Logroll, ValueAdd, logrolls, value_adds
from accord.analysis.zopa import Zopa, zopa
from accord.model.issues import Value
from accord.model.scenario import Scenario
from accord.preferences.utility import LinearAdditiveUtility


@dataclass(frozen=True)
class NamedPoint:
    """An outcome with both sides' utilities."""

    utilities: tuple[float, float]
    outcome: dict[str, Value]


@dataclass(frozen=True)
class ScenarioAnalysis:
    """Everything analysis knows about a scenario; `to_json` is the CLI's --json."""

    scenario: Scenario = field(repr=False)
    frontier: np.ndarray = field(repr=False)
    frontier_digits: np.ndarray = field(repr=False)
    nash: NamedPoint | None
    kalai_smorodinsky: NamedPoint | None
    max_welfare: NamedPoint | None
    zopa: Zopa
    logrolls: list[Logroll]
    value_adds: dict[str, list[ValueAdd]]

    def to_json(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "scenario": s.name,
            "parties": {"A": s.a.name, "B": s.b.name},
            "issues": list(s.space.names),
            "n_outcomes": s.space.n_outcomes,
            "reservations": list(s.reservations),
            "pareto": [[float(a), float(b)] for a, b in self.frontier],
            "nash": _point_json(self.nash),
            "kalai_smorodinsky": _point_json(self.kalai_smorodinsky),
            "max_welfare": _point_json(self.max_welfare),
            "zopa": asdict(self.zopa),
            "logrolling": [asdict(t) for t in self.logrolls],
            "value_adding": {
                k: [asdict(v) | {"net": v.net} for v in vs] for k, vs in self.value_adds.items()
            },
        }


def frontier(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Frontier utility pairs (sorted by u_A) and one outcome's digits per pair."""
    ua, ub = scenario.a.preferences.utility, scenario.b.preferences.utility
    if isinstance(ua, LinearAdditiveUtility) and isinstance(ub, LinearAdditiveUtility):
        return linear_frontier(ua.contributions(), ub.contributions())
    utils = np.column_stack((ua.all(), ub.all()))
    keep = pareto_indices(utils)
    return utils[keep], scenario.space.digits(keep)


def analyse(scenario: Scenario, seed: int = 0) -> ScenarioAnalysis:
    """Analyse `scenario`; `seed` only matters where the ZOPA must be sampled."""
    utils, digits = frontier(scenario)
    r = scenario.reservations
    ua, ub = scenario.a.preferences.utility, scenario.b.preferences.utility

    def named(index: int | None) -> NamedPoint | None:
        if index is None:
            return None
        a, b = utils[index]
        return NamedPoint((float(a), float(b)), scenario.space.named(digits[index]))

    trades, adds = [], {}
    if isinstance(ua, LinearAdditiveUtility) and isinstance(ub, LinearAdditiveUtility):
        trades = logrolls(ua, ub)
        adds = {"A": value_adds(ua, ub, "A"), "B": value_adds(ub, ua, "B")}
    return ScenarioAnalysis(
        scenario=scenario,
        frontier=utils,
        frontier_digits=digits,
        nash=named(nash_index(utils, r)),
        kalai_smorodinsky=named(kalai_smorodinsky_index(utils, r)),
        max_welfare=named(max_welfare_index(utils, r)),
        zopa=zopa(ua, ub, r, seed=seed),
        logrolls=trades,
        value_adds=adds,
    )


def _point_json(p: NamedPoint | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"utilities": list(p.utilities), "outcome": p.outcome}
