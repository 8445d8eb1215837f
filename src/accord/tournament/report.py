"""A tournament's report, built from its results file in one streaming pass.

`build(path)` reads what `accord tournament --out` wrote and keeps, per sweep
point and strategy, the standings (a `Tally`) plus what the plots need: every
long-term value and single-negotiation utility (for means and their spread),
the lifetimes, and running sums of the strategy's own resentment and of trust
after each negotiation of its series. A million results fit: a few floats per
result, no transcripts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.tournament.results import read_results
from accord.tournament.standings import Record, Tally
from accord.tournament.tasks import Point


@dataclass
class StrategyTrack:
    """One strategy's series at one sweep point, as the plots need them."""

    long_term_value: list[float] = field(default_factory=list)
    one_shot: list[float] = field(default_factory=list)
    lifetimes: list[int] = field(default_factory=list)
    resentment: np.ndarray = field(default_factory=lambda: np.zeros(0))  # sums by negotiation
    trust: np.ndarray = field(default_factory=lambda: np.zeros(0))
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0))  # series reaching each one

    def add(self, lifetime: int, resentment: list[float], trust: tuple[float, ...]) -> None:
        n = len(trust)
        if len(self.alive) < n:
            grow = n - len(self.alive)
            self.resentment = np.concatenate([self.resentment, np.zeros(grow)])
            self.trust = np.concatenate([self.trust, np.zeros(grow)])
            self.alive = np.concatenate([self.alive, np.zeros(grow)])
        self.resentment[:n] += resentment
        self.trust[:n] += trust
        self.alive[:n] += 1
        self.lifetimes.append(lifetime)

    def mean_path(self, which: str) -> np.ndarray:
        """Mean own resentment or trust after negotiation k, over the series that held it."""
        sums = self.resentment if which == "resentment" else self.trust
        return sums / np.maximum(self.alive, 1)


@dataclass
class Report:
    """Everything `accord report` shows."""

    path: Path
    config: dict[str, Any]
    expected: int  # tasks in the plan
    count: int  # results read
    points: list[Point]
    standings: dict[Point, list[Record]]
    tracks: dict[Point, dict[str, StrategyTrack]]
    horizon: int | None

    @property
    def series(self) -> bool:
        return self.horizon is not None

    @property
    def field(self) -> set[str]:
        """The opponents' field: strategies that are not ranked."""
        return set(self.config.get("opponents", ())) - set(self.config.get("strategies", ()))

    def to_json(self) -> dict[str, Any]:
        return {
            "results": str(self.path),
            "config": self.config,
            "tasks": self.expected,
            "read": self.count,
            "standings": [
                {"params": dict(p), "standings": [r.to_json() for r in self.standings[p]]}
                for p in self.points
            ],
        }


def build(path: Path, warn: Callable[[str], None] | None = None) -> Report:
    """The report of the results file at `path` (see the module doc)."""
    header, results = read_results(path, warn)
    config = dict(header.get("meta") or {})
    tally = Tally()
    tracks: dict[Point, dict[str, StrategyTrack]] = {}
    expected = int(header.get("tasks", 0))
    seen: set[int] = set()  # a resumed run may have written a task twice: count it once
    count, horizon = 0, None
    for index, r in results:
        if not 0 <= index < expected:
            raise InputError(
                f"a result of task {index}, outside the plan's {expected} tasks",
                source=str(path),
                expected="a results file accord wrote",
            )
        if index in seen:
            continue
        seen.add(index)
        count += 1
        tally.add(r)
        s = r.series
        if s is None:
            continue
        horizon = s.horizon
        by_name = tracks.setdefault(r.task.params, {})
        for side, name in enumerate((r.task.a, r.task.b)):
            track = by_name.setdefault(name, StrategyTrack())
            track.long_term_value.append(s.long_term_value[side])
            track.one_shot.append(r.utilities[side])
            track.add(s.lifetime, [x[side] for x in s.resentment], s.trust)
    swept = [
        tuple(sorted((str(k), float(v)) for k, v in p.items())) for p in config.get("sweep", [])
    ]
    points = swept or tally.points() or [()]
    return Report(
        path=path,
        config=config,
        expected=expected,
        count=count,
        points=points,
        standings={p: tally.records(p) for p in points},
        tracks=tracks,
        horizon=horizon,
    )
