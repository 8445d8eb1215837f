"""Utility functions and a party's preferences (utility, reservation, aspiration).

Utilities are evaluated on numpy arrays of outcome indices or of digits (value
indices per issue). `LinearAdditiveUtility` also exposes its per-issue
contributions, which is what lets analysis solve spaces too large to enumerate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol, runtime_checkable

import numpy as np

from accord.errors import InputError
from accord.model.issues import Value
from accord.model.space import OutcomeSpace
from accord.preferences.value_functions import ValueFunction

#: Spaces up to this size keep a dense utility table for O(1) lookups.
MAX_DENSE = 20_000_000
#: `all()` refuses to materialise more utilities than this (8 bytes each).
MAX_MATERIALISED = 200_000_000


@runtime_checkable
class UtilityFunction(Protocol):
    """What analysis and strategies need from any utility: values in [0, 1].

    Utilities are hashable (compared by identity): per-utility caches key on them.
    """

    @property
    def space(self) -> OutcomeSpace: ...

    def __hash__(self) -> int: ...

    def __call__(self, indices: np.ndarray) -> np.ndarray: ...

    def of_digits(self, digits: np.ndarray) -> np.ndarray: ...

    def all(self) -> np.ndarray: ...

    def at(self, outcome: int) -> float: ...


@dataclass(frozen=True, eq=False)
class LinearAdditiveUtility:
    """u(o) = sum_k w_k * v_k(o_k) with weights summing to 1 and v_k in [0, 1]."""

    space: OutcomeSpace
    weights: np.ndarray
    tables: tuple[np.ndarray, ...]
    # Derived in __post_init__: w_k * v_k per issue, and whether a dense table is affordable.
    _contributions: tuple[np.ndarray, ...] = field(init=False, repr=False)
    _dense_at: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        w = np.asarray(self.weights, dtype=float)
        if w.shape != (len(self.space.issues),):
            raise InputError(
                f"{w.size} weights for {len(self.space.issues)} issues",
                field="weights",
                expected="one weight per issue",
            )
        bad = [n for n, x in zip(self.space.names, w, strict=True) if not np.isfinite(x) or x < 0]
        if bad:
            raise InputError(
                f"weight of issue '{bad[0]}' is negative or not a number",
                field=f"weights.{bad[0]}",
                expected="a finite weight >= 0",
            )
        with np.errstate(over="ignore"):
            total = w.sum()
        if total <= 0:
            raise InputError("all weights are zero", field="weights", expected="a positive sum")
        if not np.isfinite(total):  # 1e308 twice: normalising would zero every weight
            raise InputError(
                "the weights are too large to add up",
                field="weights",
                expected="weights below 1e300 (only their ratios matter)",
            )
        if len(self.tables) != len(self.space.issues):
            raise InputError(
                f"{len(self.tables)} value tables for {len(self.space.issues)} issues",
                field="values",
                expected="one value table per issue",
            )
        for issue, t in zip(self.space.issues, self.tables, strict=True):
            t = np.asarray(t, dtype=float)
            if (
                t.shape != (issue.n,)
                or not np.isfinite(t).all()
                or (t < 0).any()
                or (t > 1 + 1e-12).any()
            ):
                raise InputError(
                    f"value scores of issue '{issue.name}' are out of range",
                    field=issue.name,
                    expected=f"{issue.n} scores in [0, 1]",
                )
        object.__setattr__(self, "weights", w / w.sum())
        object.__setattr__(self, "tables", tuple(np.asarray(t, dtype=float) for t in self.tables))
        contributions = tuple(w * t for w, t in zip(self.weights, self.tables, strict=True))
        object.__setattr__(self, "_contributions", contributions)
        object.__setattr__(self, "_dense_at", self.space.n_outcomes <= MAX_DENSE)

    @classmethod
    def from_functions(
        cls,
        space: OutcomeSpace,
        weights: Mapping[str, float],
        functions: Mapping[str, ValueFunction],
    ) -> LinearAdditiveUtility:
        """Build from named weights and value functions; every issue needs both."""
        for section, names in (("weights", weights), ("values", functions)):
            unknown = [n for n in names if n not in space.names]
            if unknown:
                raise InputError(
                    f"unknown issue '{unknown[0]}'",
                    field=f"{section}.{unknown[0]}",
                    expected="one of: " + ", ".join(space.names),
                )
        missing = [n for n in space.names if n not in weights]
        if missing:
            raise InputError(
                f"no weight for issue '{missing[0]}'",
                field=f"weights.{missing[0]}",
                expected="a weight for every issue",
            )
        tables = []
        for issue in space.issues:
            if issue.name not in functions:
                raise InputError(
                    f"no value function for issue '{issue.name}'",
                    field=f"values.{issue.name}",
                    expected="a value function for every issue",
                )
            try:
                tables.append(functions[issue.name].compile(issue))
            except InputError as e:
                raise InputError(
                    e.message, field=f"values.{issue.name}", expected=e.expected
                ) from None
        w = np.array([float(weights[n]) for n in space.names])
        return cls(space, w, tuple(tables))

    def contributions(self) -> tuple[np.ndarray, ...]:
        """Per issue, the utility each value adds: w_k * v_k."""
        return self._contributions

    def at(self, outcome: int) -> float:
        """Utility of one outcome index: a lookup once the dense table exists."""
        if self._dense_at:  # n_outcomes <= MAX_DENSE
            return float(self.dense[outcome])
        return float(self(outcome)[0])

    @cached_property
    def dense(self) -> np.ndarray:
        """`all()`, computed once and kept: the hot path of negotiations."""
        values = self.all()
        values.flags.writeable = False
        return values

    def of_digits(self, digits: np.ndarray) -> np.ndarray:
        d = np.atleast_2d(np.asarray(digits, dtype=np.int64))
        total = np.zeros(d.shape[0])
        for k, c in enumerate(self.contributions()):
            total += c[d[:, k]]
        return total

    def __call__(self, indices: np.ndarray | Sequence[int] | int) -> np.ndarray:
        return self.of_digits(self.space.digits(indices))

    def of(self, values: Mapping[str, Value]) -> float:
        """Utility of one outcome given by named values."""
        return float(self.of_digits(np.array(self.space.digits_of(values)))[0])

    def all(self) -> np.ndarray:
        """Utilities of every outcome in index order, built by outer sums (no digit arrays)."""
        n = self.space.n_outcomes
        if n > MAX_MATERIALISED:
            raise InputError(
                f"{n:.3e} outcomes are too many to evaluate at once",
                field="issues",
                expected=f"at most {MAX_MATERIALISED:.1e} outcomes",
            )
        total = np.zeros(1)
        for c in self.contributions():
            total = (total[:, None] + c[None, :]).ravel()
        return total

    @property
    def best(self) -> float:
        return float(sum(c.max() for c in self.contributions()))

    @property
    def worst(self) -> float:
        return float(sum(c.min() for c in self.contributions()))


@dataclass(frozen=True, eq=False)
class Preferences:
    """A party's utility, reservation value (its BATNA's utility) and aspiration."""

    utility: UtilityFunction
    reservation: float = 0.0
    aspiration: float = 1.0
    batna: str = ""

    def __post_init__(self) -> None:
        for name, x in (("reservation", self.reservation), ("aspiration", self.aspiration)):
            if not (np.isfinite(x) and 0.0 <= x <= 1.0):
                raise InputError(
                    f"{name} {x} is outside [0, 1]", field=name, expected="a utility in [0, 1]"
                )
        if self.aspiration < self.reservation:
            raise InputError(
                f"aspiration {self.aspiration} is below the reservation value {self.reservation}",
                field="aspiration",
                expected="aspiration >= reservation",
            )
