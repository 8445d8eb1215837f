"""accord's outcomes, utilities and scenarios as negmas objects, exactly (float for float)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.interop.negmas._lib import (
    LinearAdditiveUtilityFunction,
    NegmasUtility,
    TableFun,
    make_issue,
    make_os,
    require_negmas,
)
from accord.model.issues import Issue, Value
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences


class _Codec:
    """Index <-> negmas tuple for one accord space, with per-issue lookup tables.

    Holds no reference to the accord space, so a cache keyed on it can be weak.
    """

    def __init__(self, space: OutcomeSpace) -> None:
        self.names = space.names
        self.issues: tuple[Issue, ...] = space.issues
        self.values: tuple[tuple[Value, ...], ...] = tuple(i.values for i in space.issues)
        self.sizes = tuple(i.n for i in space.issues)
        self.n = space.n_outcomes
        self.lookup = tuple({v: d for d, v in enumerate(vals)} for vals in self.values)
        self._space: Any = None

    @property
    def negmas_space(self) -> Any:
        """negmas's outcome space, built on first use and shared (negmas treats it as immutable)."""
        if self._space is None:
            require_negmas()
            issues = [
                make_issue(list(v), name=n) for v, n in zip(self.values, self.names, strict=True)
            ]
            self._space = make_os(issues)
        return self._space

    def to_negmas(self, index: int) -> tuple[Value, ...]:
        i = int(index)
        if not 0 <= i < self.n:
            raise InputError(
                f"outcome {index} is outside the space",
                field="outcome",
                expected=f"0 <= index < {self.n}",
            )
        out: list[Value] = [False] * len(self.sizes)
        for k in range(len(self.sizes) - 1, -1, -1):
            i, d = divmod(i, self.sizes[k])
            out[k] = self.values[k][d]
        return tuple(out)

    def from_negmas(self, outcome: Sequence[Value] | Mapping[str, Value]) -> int:
        if isinstance(outcome, Mapping):  # a missing issue reads as None: no value matches
            outcome = tuple(outcome.get(n) for n in self.names)  # type: ignore[misc]
        if outcome is None or len(outcome) != len(self.sizes):
            raise InputError(
                f"{outcome!r} is not an outcome of this space",
                field="outcome",
                expected=f"one value for each of {len(self.sizes)} issues",
            )
        index = 0
        for k, value in enumerate(outcome):
            try:
                d = self.lookup[k].get(value)
            except TypeError:  # an unhashable value
                d = None
            if d is None:
                d = self.issues[k].index(value)  # tolerant match, or a clear InputError
            index = index * self.sizes[k] + d
        return index


_CODECS: dict[int, tuple[weakref.ref[OutcomeSpace], _Codec]] = {}


def codec_of(space: OutcomeSpace) -> _Codec:
    """The codec of `space`, built once per space object (per value, not per outcome)."""
    key = id(space)
    hit = _CODECS.get(key)
    if hit is not None and hit[0]() is space:
        return hit[1]
    codec = _Codec(space)
    _CODECS[key] = (weakref.ref(space, _forget(key, _CODECS)), codec)
    return codec


def _forget(key: int, codecs: dict[int, Any]) -> Callable[[Any], None]:
    """Drop the cache entry of a collected space (binds the dict: safe at interpreter exit)."""

    def callback(ref: Any) -> None:
        entry = codecs.get(key)
        if entry is not None and entry[0] is ref:
            del codecs[key]

    return callback


def outcome_to_negmas(space: OutcomeSpace, index: int) -> tuple[Value, ...]:
    """The negmas outcome (a tuple of issue values, in issue order) of accord outcome `index`."""
    return codec_of(space).to_negmas(index)


def outcome_from_negmas(space: OutcomeSpace, outcome: Sequence[Value] | Mapping[str, Value]) -> int:
    """The accord outcome index of a negmas outcome (a tuple, or a dict by issue name)."""
    return codec_of(space).from_negmas(outcome)


def negmas_ufun(preferences: Preferences, space: OutcomeSpace) -> Any:
    """A fresh negmas utility function equal to `preferences` (utility and reservation).

    Linear-additive utilities become negmas's `LinearAdditiveUtilityFunction` with
    the same normalised weights and value tables: negmas evaluates
    ``0.0 + w_0*v_0 + w_1*v_1 + ...`` in issue order, exactly the sum accord
    builds, so the values are identical. Other utilities become a lookup into
    accord's dense table. Fresh per call because negotiators take ownership of
    their ufun.
    """
    require_negmas()
    codec = codec_of(space)
    u = preferences.utility
    reserved = float(preferences.reservation)
    if isinstance(u, LinearAdditiveUtility):
        values = [
            TableFun(dict(zip(vals, table.tolist(), strict=True)))
            for vals, table in zip(codec.values, u.tables, strict=True)
        ]
        return LinearAdditiveUtilityFunction(
            values=values,
            weights=[float(w) for w in u.weights],
            outcome_space=codec.negmas_space,
            reserved_value=reserved,
        )
    dense = u.dense if hasattr(u, "dense") else u.all()
    return _dense_ufun_type()(codec, np.asarray(dense, dtype=float), reserved)


@cache
def _dense_ufun_type() -> type:
    """A negmas ufun reading accord's dense utilities; defined on demand (needs negmas)."""

    class DenseUtilityFunction(NegmasUtility):
        """u(o) = dense[index(o)]: O(n_issues) per call, no per-outcome table in Python."""

        def __init__(self, codec: _Codec, dense: np.ndarray, reserved: float) -> None:
            super().__init__(outcome_space=codec.negmas_space, reserved_value=reserved)
            self.codec_of = codec
            self._dense = dense

        def eval(self, offer: Any) -> float:
            if offer is None:
                return float(self.reserved_value)
            return float(self._dense[self.codec_of.from_negmas(offer)])

        def extreme_outcomes(
            self, outcome_space: Any = None, issues: Any = None, outcomes: Any = None, **kw: Any
        ) -> tuple[Any, Any]:
            if outcome_space is None and issues is None and outcomes is None:
                c = self.codec_of
                return c.to_negmas(int(self._dense.argmin())), c.to_negmas(
                    int(self._dense.argmax())
                )
            return super().extreme_outcomes(outcome_space, issues, outcomes, **kw)

    return DenseUtilityFunction


def to_negmas(scenario: Scenario) -> tuple[Any, Any, Any]:
    """negmas's outcome space and A's and B's utility functions for `scenario`.

    Issue values keep their accord type (strings, numbers, booleans for add-ons);
    each ufun's value for every outcome equals accord's utility and its
    ``reserved_value`` equals the party's reservation value. Construction costs
    O(total issue values), never O(outcomes).

    >>> import numpy as np
    >>> from accord.model import Issue, OutcomeSpace, Party, Scenario
    >>> from accord.preferences import LinearAdditiveUtility, Preferences
    >>> space = OutcomeSpace((Issue.integer("price", 1, 3), Issue.addon("support", "A")))
    >>> def party(role, price):
    ...     tables = (np.array(price), np.array([0, 1.0]))
    ...     u = LinearAdditiveUtility(space, np.array([3.0, 1.0]), tables)
    ...     return Party(role, role, Preferences(u, reservation=0.25))
    >>> s = Scenario("toy", space, party("A", [1, 0.5, 0]), party("B", [0, 0.5, 1]))
    >>> os_, ua, ub = to_negmas(s)
    >>> outcome_to_negmas(space, 3), outcome_from_negmas(space, (2, True))
    ((2, True), 3)
    >>> ua((2, True)) == s.a.preferences.utility.at(3), ub.reserved_value
    (True, 0.25)
    """
    require_negmas()
    space = scenario.space
    return (
        codec_of(space).negmas_space,
        negmas_ufun(scenario.a.preferences, space),
        negmas_ufun(scenario.b.preferences, space),
    )
