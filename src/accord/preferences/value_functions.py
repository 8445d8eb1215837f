"""Per-issue value functions: how much a party likes each value of one issue.

Each compiles, for a given issue, to a score per value index in [0, 1] with the
best value at 1 (GENIUS's convention: evaluations divided by the issue's largest).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from accord.errors import InputError
from accord.model.issues import Issue, Value


@dataclass(frozen=True)
class TableValue:
    """Explicit scores per value, scaled so the best is 1 (negatives are rejected)."""

    scores: Mapping[Value, float]

    def compile(self, issue: Issue) -> np.ndarray:
        raw = np.zeros(issue.n)
        covered: set[int] = set()
        for value, score in self.scores.items():
            if not np.isfinite(score) or score < 0:
                raise InputError(
                    f"score {score} for value '{value}' of issue '{issue.name}' is invalid",
                    field=f"{issue.name}.{value}",
                    expected="a finite score >= 0",
                )
            k = issue.index(value)
            raw[k] = float(score)
            covered.add(k)
        if len(covered) < issue.n:
            first = next(v for k, v in enumerate(issue.values) if k not in covered)
            raise InputError(
                f"issue '{issue.name}' has no score for '{first}'",
                field=issue.name,
                expected="a score for every value",
            )
        top = raw.max()
        return raw / top if top > 0 else raw


@dataclass(frozen=True)
class LinearValue:
    """Score rises (or falls) linearly with a numeric value: more rebate is better for a dealer."""

    best: Literal["high", "low"] = "high"

    def compile(self, issue: Issue) -> np.ndarray:
        x = _numeric(issue)
        span = x.max() - x.min()
        if span == 0:
            return np.ones(issue.n)
        up = (x - x.min()) / span
        return up if self.best == "high" else 1.0 - up


@dataclass(frozen=True)
class PeakValue:
    """Triangular: best at `peak`, falling linearly to 0 at `low` and `high` (default: the ends).

    Fits issues with a sweet spot, such as a stock level that is neither too lean nor too costly.
    """

    peak: float
    low: float | None = None
    high: float | None = None

    def compile(self, issue: Issue) -> np.ndarray:
        x = _numeric(issue)
        low = x.min() if self.low is None else self.low
        high = x.max() if self.high is None else self.high
        if not low <= self.peak <= high:
            raise InputError(
                f"peak {self.peak} of issue '{issue.name}' lies outside [{low}, {high}]",
                field=f"{issue.name}.peak",
                expected="low <= peak <= high",
            )
        left = np.where(
            x < self.peak, (x - low) / (self.peak - low) if self.peak > low else 1.0, 1.0
        )
        right = np.where(
            x > self.peak, (high - x) / (high - self.peak) if high > self.peak else 1.0, 1.0
        )
        return np.clip(np.minimum(left, right), 0.0, 1.0)


ValueFunction = TableValue | LinearValue | PeakValue


def _numeric(issue: Issue) -> np.ndarray:
    if not issue.is_numeric:
        raise InputError(
            f"issue '{issue.name}' is not numeric",
            field=issue.name,
            expected="a table value function for a categorical issue",
        )
    return np.asarray(issue.numeric_values(), dtype=float)
