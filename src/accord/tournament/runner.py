"""Running tournament tasks: one negotiation each, serially or on local processes.

`play` is a pure function of its task (scenarios and their analyses are cached
per process), so every backend gives the same results for the same tasks; the
runner only chooses where they run and reports each result as it arrives.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.analysis.outcome import evaluate
from accord.analysis.report import ScenarioAnalysis, analyse
from accord.formats import load_scenario
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.strategies import make
from accord.tournament.tasks import Task


@dataclass(frozen=True)
class Result:
    """What one task produced, in the numbers a standings table needs. Pairs are (A, B)."""

    task: Task
    scenario: str
    agreement: bool
    reason: str
    utilities: tuple[float, float]
    reservations: tuple[float, float]
    welfare: float
    distance_to_pareto: float
    distance_to_nash: float | None
    surplus_share: tuple[float, float] | None
    rounds_used: int

    def to_json(self) -> dict[str, Any]:
        return {
            **self.task.to_json(),
            "scenario": self.scenario,
            "agreement": self.agreement,
            "reason": self.reason,
            "utilities": list(self.utilities),
            "reservations": list(self.reservations),
            "welfare": self.welfare,
            "distance_to_pareto": self.distance_to_pareto,
            "distance_to_nash": self.distance_to_nash,
            "surplus_share": None if self.surplus_share is None else list(self.surplus_share),
            "rounds_used": self.rounds_used,
        }


@lru_cache(maxsize=8)
def _prepared(domain: str) -> tuple[Scenario, ScenarioAnalysis]:
    scenario = load_scenario(Path(domain))
    return scenario, analyse(scenario)


def play(task: Task) -> Result:
    """Run one task's negotiation and measure it."""
    scenario, analysis = _prepared(task.domain)
    a, b = make(task.a), make(task.b)
    transcript = Negotiation(scenario, a, b, seed=task.seed, rounds=task.rounds).run()
    o = evaluate(analysis, transcript)
    return Result(
        task=task,
        scenario=scenario.name,
        agreement=o.agreement,
        reason=o.reason,
        utilities=o.utilities,
        reservations=o.reservations,
        welfare=o.welfare,
        distance_to_pareto=o.distance_to_pareto,
        distance_to_nash=o.distance_to_nash,
        surplus_share=o.surplus_share,
        rounds_used=o.rounds_used,
    )


def run(tasks: Sequence[Task], workers: int = 1) -> Iterator[Result]:
    """Results of `tasks`, in task order; `workers` > 1 runs them on local processes.

    Tasks are handed out grouped by domain so each process loads few scenarios.
    """
    if workers <= 1 or len(tasks) <= 1:
        yield from map(play, tasks)
        return
    chunk = max(1, min(32, len(tasks) // (4 * workers)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(play, tasks, chunksize=chunk)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
