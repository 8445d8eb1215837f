"""Running tournament tasks (one negotiation or one series each) on any backend,
streamed and resumable.

`play` is a pure function of its task (scenarios and their analyses are cached
per process), so every backend gives the same results for the same tasks; the
runner only chooses where they run and reports each result as it arrives.
`execute` streams results to a JSON-lines file as they finish, resumes from it,
and keeps standings as running sums, so memory stays bounded however many tasks.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.analysis.outcome import NegotiationOutcome, evaluate
from accord.analysis.report import ScenarioAnalysis, analyse
from accord.formats import load_scenario
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.strategies import make
from accord.tournament.tasks import Point, Task

if TYPE_CHECKING:
    from accord.relationship.record import NegotiationRecord
    from accord.tournament.backends import Backend
    from accord.tournament.standings import Record


@dataclass(frozen=True)
class SeriesStats:
    """What a series adds to its first negotiation's numbers. Pairs are (A, B).

    `mean_utility` is what each side realised per negotiation held; `trust` and
    `resentment` the relationship right after each negotiation held (for plots
    over the series); `renegotiations` (asker, granted) of each request (P16);
    `tactics` each side's tactic counts summed over the series; `conditions`
    the conditional deals agreed and how many of them were honoured (P12).
    """

    horizon: int
    lifetime: int
    agreements: int
    long_term_value: tuple[float, float]
    mean_utility: tuple[float, float]
    mean_resentment: tuple[float, float]
    mean_trust: float
    left: tuple[str, ...]
    renegotiations: tuple[tuple[str, bool], ...]
    trust: tuple[float, ...]
    resentment: tuple[tuple[float, float], ...]
    tactics: tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = ((), ())
    conditions: tuple[int, int] = (0, 0)

    def tactic(self, side: int, name: str) -> int:
        """How often side 0 (A) or 1 (B) used tactic `name` over the series."""
        return dict(self.tactics[side]).get(name, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "lifetime": self.lifetime,
            "agreements": self.agreements,
            "long_term_value": list(self.long_term_value),
            "mean_utility": list(self.mean_utility),
            "mean_resentment": list(self.mean_resentment),
            "mean_trust": self.mean_trust,
            "left": list(self.left),
            "renegotiations": [[a, g] for a, g in self.renegotiations],
            "trust": list(self.trust),
            "resentment": [list(r) for r in self.resentment],
            "tactics": [dict(t) for t in self.tactics],
            "conditions": list(self.conditions),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SeriesStats:
        return cls(
            horizon=d["horizon"],
            lifetime=d["lifetime"],
            agreements=d["agreements"],
            long_term_value=_pair(d["long_term_value"]),
            mean_utility=_pair(d["mean_utility"]),
            mean_resentment=_pair(d["mean_resentment"]),
            mean_trust=d["mean_trust"],
            left=tuple(d["left"]),
            renegotiations=tuple((str(a), bool(g)) for a, g in d["renegotiations"]),
            trust=tuple(d["trust"]),
            resentment=tuple(_pair(r) for r in d["resentment"]),
            tactics=(_counts(d["tactics"][0]), _counts(d["tactics"][1])),
            conditions=(d["conditions"][0], d["conditions"][1]),
        )


def _counts(d: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(d.items()))


def _pair(x: Any) -> tuple[float, float]:
    return (x[0], x[1])


@dataclass(frozen=True)
class TaskResult:
    """What one task produced, in the numbers a standings table needs. Pairs are (A, B).

    For a series task the negotiation numbers are those of its first negotiation
    (the one-shot view: no history yet), and `series` holds the rest.
    """

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
    series: SeriesStats | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
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
        if self.series is not None:
            data["series_stats"] = self.series.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TaskResult:
        """The result `to_json` wrote (floats survive JSON exactly)."""
        share, stats = data["surplus_share"], data.get("series_stats")
        return cls(
            task=Task.from_json(data),
            scenario=data["scenario"],
            agreement=data["agreement"],
            reason=data["reason"],
            utilities=(data["utilities"][0], data["utilities"][1]),
            reservations=(data["reservations"][0], data["reservations"][1]),
            welfare=data["welfare"],
            distance_to_pareto=data["distance_to_pareto"],
            distance_to_nash=data["distance_to_nash"],
            surplus_share=None if share is None else (share[0], share[1]),
            rounds_used=data["rounds_used"],
            series=None if stats is None else SeriesStats.from_json(stats),
        )


@lru_cache(maxsize=8)
def _prepared(domain: str) -> tuple[Scenario, ScenarioAnalysis]:
    scenario = load_scenario(Path(domain))
    return scenario, analyse(scenario)


def play(task: Task) -> TaskResult:
    """Run one task's negotiation (or series) and measure it."""
    scenario, analysis = _prepared(task.domain)
    if task.series is not None:
        return _play_series(task, scenario, analysis)
    a, b = make(task.a), make(task.b)
    transcript = Negotiation(scenario, a, b, seed=task.seed, rounds=task.rounds).run()
    return _result(task, scenario, evaluate(analysis, transcript))


def _play_series(task: Task, scenario: Scenario, analysis: ScenarioAnalysis) -> TaskResult:
    from accord.relationship.series import Series
    from accord.relationship.value import realised_series
    from accord.tournament.sweep import settings

    assert task.series is not None
    params, circumstances, honour = settings(task.params)
    played = Series(
        scenario,
        task.a,
        task.b,
        rounds=task.series,
        seed=task.seed,
        params=params,
        circumstances=circumstances,
        honour=honour,
        negotiation_rounds=task.rounds,
        analysis=analysis,
    ).run()
    s, state = played.summary, played.state
    per = realised_series(state, params)
    stats = SeriesStats(
        horizon=played.horizon,
        lifetime=s.lifetime,
        agreements=s.agreements,
        long_term_value=s.long_term_value,
        mean_utility=(float(per[:, 0].mean()), float(per[:, 1].mean())),
        mean_resentment=s.mean_resentment,
        mean_trust=s.mean_trust,
        left=tuple(s.left),
        renegotiations=tuple(
            (r.renegotiation.asker, r.renegotiation.granted)
            for r in played.rounds
            if r.renegotiation is not None
        ),
        trust=tuple(snap.trust for snap in state.trajectory),
        resentment=tuple(snap.resentment for snap in state.trajectory),
        tactics=(_summed(state.history, 0), _summed(state.history, 1)),
        conditions=(
            sum(1 for r in state.history if r.condition is not None),
            sum(1 for r in state.history if r.condition is not None and r.condition.honoured),
        ),
    )
    first = _result(task, scenario, played.rounds[0].outcome)  # judged on the true scenario
    return replace(first, series=stats)


def _summed(history: Sequence[NegotiationRecord], side: int) -> tuple[tuple[str, int], ...]:
    total: Counter[str] = Counter()
    for record in history:
        total.update(dict(record.tactics[side]))
    return tuple(sorted(total.items()))


def _result(task: Task, scenario: Scenario, o: NegotiationOutcome) -> TaskResult:
    return TaskResult(
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


def play_chunk(chunk: Sequence[tuple[int, Task]]) -> list[tuple[int, TaskResult]]:
    """`play` on (index, task) pairs: the unit of work a backend hands out."""
    return [(index, play(task)) for index, task in chunk]


def run(
    tasks: Iterable[Task], workers: int = 1, *, backend: Backend | None = None
) -> Iterator[TaskResult]:
    """Results of `tasks`, in task order; `workers` > 1 runs them on local processes.

    `backend` (see `accord.tournament.backends`) overrides `workers`.
    """
    from accord.tournament.backends import ProcessBackend

    backend = backend or ProcessBackend(workers)
    total = len(tasks) if isinstance(tasks, Sized) else None
    waiting: dict[int, TaskResult] = {}
    following = 0
    with closing(backend.imap(enumerate(tasks), total)) as finished:
        for index, result in finished:
            waiting[index] = result
            while following in waiting:
                yield waiting.pop(following)
                following += 1


@dataclass
class Executed:
    """What `execute` did: standings over every result, and where the results came from.

    `standings` are those of the plan's first sweep point (the only one without a
    sweep); `by_point` has every point's, in plan order.
    """

    standings: list[Record]
    results: list[TaskResult] | None  # every result in task order, when kept
    ran: int  # tasks run now
    reused: int  # results read back from the results file
    by_point: dict[Point, list[Record]] = field(default_factory=dict)


def execute(
    tasks: Sequence[Task],
    backend: Backend | None = None,
    *,
    out: Path | None = None,
    keep: bool = False,
    meta: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Executed:
    """Run `tasks` on `backend` (default: serial) and tally the standings as results arrive.

    With `out`, each result is appended to that JSON-lines file as it finishes
    (see `accord.tournament.results`); results already there from an earlier run
    of the same plan are counted, not run again. `keep` also returns every result
    (in memory: for small runs). `progress` gets the number of results so far.
    """
    from accord.tournament.backends import SerialBackend
    from accord.tournament.results import ResultsFile
    from accord.tournament.standings import Tally

    backend = backend or SerialBackend()
    tally = Tally()
    kept: dict[int, TaskResult] | None = {} if keep else None

    def take(index: int, result: TaskResult) -> None:
        tally.add(result)
        if kept is not None:
            kept[index] = result

    file = None if out is None else ResultsFile.open(out, tasks, meta=meta, take=take, warn=warn)
    reused = 0 if file is None else file.count
    todo: Iterable[tuple[int, Task]] = (
        enumerate(tasks)
        if file is None or not reused
        else ((i, tasks[i]) for i in range(len(tasks)) if not file.done[i])
    )
    if progress is not None:
        progress(reused)
    ran = 0
    try:
        with closing(backend.imap(todo, len(tasks) - reused)) as finished:
            for index, result in finished:
                if file is not None:
                    file.write(index, result)
                take(index, result)
                ran += 1
                if progress is not None:
                    progress(reused + ran)
    finally:
        if file is not None:
            file.close()
    results = None if kept is None else [kept[i] for i in sorted(kept)]
    order = list(getattr(tasks, "points", None) or tally.points() or [()])
    by_point = {p: tally.records(p) for p in order}
    return Executed(by_point[order[0]], results, ran, reused, by_point)


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
