"""Hypothesis strategies that build only valid accord objects.

Every number is drawn by Hypothesis itself (no numpy random generators), so a
failing case shrinks to a small, readable one. Scores and utilities come mostly
from small grids (k/4, k/8) so that ties, duplicates and equal coordinates are
frequent: that is where frontier code usually breaks.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.model.issues import Issue
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility

_NAME_ALPHABET = "abcdxyz_"

#: Steps of real issues: decimal steps users actually write, plus binary-exact ones.
_REAL_STEPS = (0.1, 0.2, 0.25, 0.5, 1.0, 2.5, 0.125, 0.05)


def names(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[str]:
    """Short identifier-like issue names."""
    return st.text(alphabet=_NAME_ALPHABET, min_size=min_size, max_size=max_size)


@st.composite
def issues(draw: st.DrawFn, name: str | None = None, max_values: int = 5) -> Issue:
    """One valid issue of any kind, with 1..max_values values (add-ons have 2)."""
    if name is None:
        name = draw(names())
    kind = draw(st.sampled_from(("categorical", "ordered", "integer", "real", "addon")))
    if kind == "categorical":
        values = draw(st.lists(names(1, 3), min_size=1, max_size=max_values, unique=True))
        return Issue.categorical(name, values)
    if kind == "ordered":
        values = draw(
            st.one_of(
                st.lists(st.integers(-5, 5), min_size=1, max_size=max_values, unique=True),
                st.lists(names(1, 3), min_size=1, max_size=max_values, unique=True),
            )
        )
        return Issue.ordered(name, values)
    if kind == "integer":
        low = draw(st.integers(-10, 10))
        step = draw(st.integers(1, 3))
        count = draw(st.integers(1, max_values))
        return Issue.integer(name, low, low + (count - 1) * step, step)  # high on the grid
    if kind == "real":
        low = draw(st.integers(-20, 20)) / 4
        step = draw(st.sampled_from(_REAL_STEPS))
        count = draw(st.integers(1, max_values))
        return Issue.real(name, low, low + (count - 1) * step, step)
    return Issue.addon(name, draw(st.sampled_from(("A", "B"))))


@st.composite
def spaces(draw: st.DrawFn, max_issues: int = 4, max_values: int = 5) -> OutcomeSpace:
    """A valid outcome space of 1..max_issues issues with unique names."""
    issue_names = draw(st.lists(names(), min_size=1, max_size=max_issues, unique=True))
    return OutcomeSpace(tuple(draw(issues(name=n, max_values=max_values)) for n in issue_names))


_GRID4 = st.integers(0, 4).map(lambda k: k / 4)
_UNIT_FLOAT = st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False)
_WEIGHT = st.one_of(st.integers(0, 8).map(float), st.floats(0.0, 5.0, allow_subnormal=False))


@st.composite
def linear_utilities(draw: st.DrawFn, space: OutcomeSpace) -> LinearAdditiveUtility:
    """A linear additive utility on `space`: weights >= 0 with a positive sum,
    per-issue scores in [0, 1] whose maximum is exactly 1."""
    k = len(space.issues)
    weights = draw(st.lists(_WEIGHT, min_size=k, max_size=k))
    if sum(weights) <= 0:
        weights[draw(st.integers(0, k - 1))] = 1.0
    tables = []
    for issue in space.issues:
        score = draw(st.sampled_from((_GRID4, _UNIT_FLOAT)))
        table = draw(st.lists(score, min_size=issue.n, max_size=issue.n))
        table[draw(st.integers(0, issue.n - 1))] = 1.0
        tables.append(np.array(table, dtype=float))
    return LinearAdditiveUtility(space, np.array(weights, dtype=float), tuple(tables))


@st.composite
def two_utilities(
    draw: st.DrawFn, max_issues: int = 4, max_values: int = 5
) -> tuple[OutcomeSpace, LinearAdditiveUtility, LinearAdditiveUtility]:
    """A space and two independent linear utilities on it (party A, party B)."""
    space = draw(spaces(max_issues=max_issues, max_values=max_values))
    return space, draw(linear_utilities(space)), draw(linear_utilities(space))


_GRID8 = st.integers(0, 8).map(lambda k: k / 8)
_COORD = st.one_of(_GRID8, _GRID8, _GRID8, _UNIT_FLOAT)


def grid_values() -> st.SearchStrategy[float]:
    """A utility in [0, 1], usually on the k/8 grid (many ties)."""
    return _COORD


def utility_pairs(min_n: int = 0, max_n: int = 200) -> st.SearchStrategy[np.ndarray]:
    """(n, 2) float arrays of utility pairs in [0, 1], mostly on the k/8 grid so
    duplicate rows and equal coordinates are common."""
    return st.lists(st.tuples(_COORD, _COORD), min_size=min_n, max_size=max_n).map(
        lambda rows: np.array(rows, dtype=float).reshape(-1, 2)
    )
