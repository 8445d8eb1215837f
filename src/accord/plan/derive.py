"""What a plan implies before the table: its numbers, the estimated ZOPA and trades, warnings.

`check_plan(plan)` is a pure function of the plan. The estimate of their
preferences is the plan's prior alone (no offers yet); where the plan knows
nothing about them, the numbers that need it say so instead of guessing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from accord.analysis.trades import Logroll, ValueAdd, logrolls, value_adds
from accord.analysis.zopa import Zopa, zopa
from accord.doctrine import goal, late_start
from accord.plan.checks import plan_warnings
from accord.plan.core import Caution, Plan, concession_floor
from accord.plan.estimate import Frontier, TheirEstimate, as_utility, estimated_frontier, limit
from accord.plan.package import Package, held_frontier, package_at
from accord.preferences.utility import LinearAdditiveUtility

#: Fractions of the deadline shown in the concession schedule.
SCHEDULE_TIMES = (0.0, 0.25, 0.5, 0.75, 0.85, 0.9, 0.95, 1.0)


@dataclass(frozen=True)
class ScheduleRow:
    """One row of the concession schedule: by `round`, ask at least `floor`."""

    round: int
    time: float
    floor: float
    conceded: float  # opening - floor: how much of the budget may be spent by then


@dataclass(frozen=True)
class CloseAddOn:
    """An add-on kept for the close (P11): what it costs us, what it is worth to them."""

    issue: str
    cost: float
    value: float | None  # None when we know nothing about them


@dataclass(frozen=True)
class PlanReport:
    """The derived numbers of a plan and its warnings; `to_json` is `plan check --json`."""

    plan: Plan
    batna: float
    walk_away: float
    opening: float
    target: float
    target_derived: bool
    best: float
    budget: float
    schedule: tuple[ScheduleRow, ...]
    informed: bool
    nash: tuple[float, float] | None
    zopa: Zopa | None
    their_batna: float
    give: tuple[ValueAdd, ...]
    ask: tuple[ValueAdd, ...]
    logrolls: tuple[Logroll, ...]
    close: tuple[CloseAddOn, ...]
    warnings: tuple[Caution, ...]
    frontier: Frontier | None = field(default=None, repr=False, compare=False)
    held: Frontier | None = field(default=None, repr=False, compare=False)

    def package(self, level: float, late: bool = True) -> Package:
        """The terms `level` stands for: on our estimated frontier, at that utility for us,
        the best for them (`accord.plan.package`); before the late phase (`late` False)
        without the add-ons kept for the close, as the advisor offers (P11)."""
        if late:
            return package_at(self.plan, level, self.frontier)
        return package_at(self.plan, level, self.held, held=True)

    def packages(self) -> dict[str, Package]:
        """The package of each of the plan's numbers, by name as in `to_json`: the opening
        and the target as we offer them before the late phase, the walk-away at the end."""
        out = {
            "walk_away": self.package(self.walk_away),
            "opening": self.package(self.opening, late=False),
            "target": self.package(self.target, late=False),
        }
        if self.nash is not None:
            out["estimated_nash"] = self.package(self.nash[0])
        return out

    def step_package(self, row: ScheduleRow) -> Package:
        """A step of the concession schedule as terms: add-ons for the close only late."""
        return self.package(row.floor, late=row.time >= late_phase(self.plan))

    def to_json(self) -> dict[str, Any]:
        p = self.plan
        return {
            "plan": p.name,
            "side": p.side,
            "counterpart": p.counterpart,
            "scenario": p.scenario.name if p.scenario else None,
            "n_outcomes": p.space.n_outcomes,
            "rounds": p.rounds,
            "batna": {"utility": self.batna, "description": p.batna_description},
            "walk_away": self.walk_away,
            "opening": self.opening,
            "target": self.target,
            "target_derived": self.target_derived,
            "best": self.best,
            "concession_budget": self.budget,
            "schedule": [
                asdict(s) | {"package": self.step_package(s).to_json()} for s in self.schedule
            ],
            "their_preferences": "unknown" if p.their_prior is None else p.their_prior.source,
            "estimated_nash": None if self.nash is None else list(self.nash),
            "estimated_zopa": None if self.zopa is None else asdict(self.zopa),
            "their_batna": self.their_batna,
            "value_adding": {
                "we_give": [asdict(v) | {"net": v.net} for v in self.give],
                "we_ask": [asdict(v) | {"net": v.net} for v in self.ask],
            },
            "logrolling": [asdict(t) for t in self.logrolls],
            "keep_for_close": [asdict(c) for c in self.close],
            "fit": asdict(p.fit),
            "warnings": [w.to_json() for w in self.warnings],
            "packages": {k: v.to_json() for k, v in self.packages().items()},
        }


def goal_of(plan: Plan, frontier: Frontier | None) -> float:
    """The target: the plan's, else the estimated fair deal (Nash) plus the edge (P3);
    never below the walk-away nor above the opening. Before we know anything about
    them (no prior, no offer) it is the opening."""
    floor, opening = limit(plan), plan.derived_opening
    if plan.target is not None:
        return max(min(plan.target, plan.best), floor)
    if frontier is None or frontier.nash is None:
        return max(opening, floor)
    return goal(frontier.nash[0], plan.stance.edge, opening, floor)


def check_plan(plan: Plan) -> PlanReport:
    """Derive the plan's numbers and list what is wrong with it."""
    estimate = TheirEstimate(plan)
    frontier = estimated_frontier(plan, estimate) if estimate.informed else None
    target = goal_of(plan, frontier)
    opening = plan.derived_opening
    floor = limit(plan)
    theirs = as_utility(plan, estimate)
    report = PlanReport(
        plan=plan,
        batna=plan.batna,
        walk_away=floor,
        opening=opening,
        target=target,
        target_derived=plan.target is None,
        best=plan.best,
        budget=max(opening - floor, 0.0),
        schedule=_schedule(plan, target, opening),
        informed=estimate.informed,
        nash=None if frontier is None else frontier.nash,
        zopa=_zopa(plan, theirs),
        their_batna=plan.their_batna,
        give=_adds(plan, theirs, ours_give=True),
        ask=_adds(plan, theirs, ours_give=False),
        logrolls=_logrolls(plan, theirs),
        close=_close(plan, theirs),
        warnings=(),
        frontier=frontier,
        held=held_frontier(plan, estimate) if plan.keep_for_close else frontier,
    )
    return replace(report, warnings=tuple(plan_warnings(report, estimate)))


def late_phase(plan: Plan) -> float:
    """Where the late phase starts on our own clock in talks of the plan's rounds."""
    return late_start(plan.stance.late, plan.stance.late_turns, plan.rounds)


def _schedule(plan: Plan, target: float, opening: float) -> tuple[ScheduleRow, ...]:
    """The concession schedule at a few times and where the late phase starts; a time
    is read as our own clock, which reaches 1 at our last turn."""
    rows = []
    start = late_phase(plan)
    for t in sorted({*SCHEDULE_TIMES, round(start, 4)}):
        floor = concession_floor(t, target, limit(plan), plan.stance, start)
        if t == 0.0:
            floor = max(opening, floor)
        rows.append(ScheduleRow(round(t * plan.rounds), t, floor, max(opening - floor, 0.0)))
    return tuple(rows)


def _zopa(plan: Plan, theirs: LinearAdditiveUtility | None) -> Zopa | None:
    if theirs is None:
        return None
    return zopa(plan.ours.utility, theirs, (limit(plan), plan.their_batna))


def _pair(plan: Plan, theirs: LinearAdditiveUtility) -> tuple[LinearAdditiveUtility, ...]:
    ours = plan.ours.utility
    assert isinstance(ours, LinearAdditiveUtility)
    return (ours, theirs) if plan.side == "A" else (theirs, ours)


def _adds(
    plan: Plan, theirs: LinearAdditiveUtility | None, ours_give: bool
) -> tuple[ValueAdd, ...]:
    """P8: what costs us little and matters to them (or the reverse, to ask for)."""
    ours = plan.ours.utility
    if theirs is None or not isinstance(ours, LinearAdditiveUtility):
        return ()
    if ours_give:
        return tuple(value_adds(ours, theirs, plan.side))
    return tuple(value_adds(theirs, ours, plan.other))


def _logrolls(plan: Plan, theirs: LinearAdditiveUtility | None) -> tuple[Logroll, ...]:
    if theirs is None or not isinstance(plan.ours.utility, LinearAdditiveUtility):
        return ()
    ua, ub = _pair(plan, theirs)
    return tuple(logrolls(ua, ub))


def _close(plan: Plan, theirs: LinearAdditiveUtility | None) -> tuple[CloseAddOn, ...]:
    ours = plan.ours.utility
    out = []
    for name in plan.keep_for_close:
        k = plan.space.issue_index(name)
        cost = _stake(ours, k)
        value = None if theirs is None else _stake(theirs, k)
        out.append(CloseAddOn(name, cost, value))
    return tuple(out)


def _stake(utility: object, k: int) -> float:
    # A plan's utilities are linear additive (every format builds those).
    contributions = utility.contributions()  # type: ignore[attr-defined]
    c = np.asarray(contributions[k])
    return float(c.max() - c.min())
