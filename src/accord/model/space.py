"""The outcome space: the cartesian product of the issues, enumerated lazily.

An outcome is an integer index in mixed radix (the first issue most significant,
as `itertools.product` orders them). Its digits are the value indices per issue.
Hot code passes numpy arrays of indices or of digits; named values appear only
at the edges.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from accord.errors import InputError
from accord.model.issues import Issue, Value

#: Spaces up to this size have int64 indices; larger ones are handled per issue only.
MAX_INDEXABLE = 2**62


@dataclass(frozen=True)
class OutcomeSpace:
    """The product of `issues`. Never materialises outcomes as Python objects."""

    issues: tuple[Issue, ...]
    _by_name: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.issues:
            raise InputError("the domain has no issues", field="issues", expected="at least one")
        names = [i.name for i in self.issues]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise InputError(
                f"issue names repeat: {', '.join(dupes)}", field="issues", expected="unique names"
            )
        object.__setattr__(self, "_by_name", {n: k for k, n in enumerate(names)})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.issues)

    @cached_property
    def sizes(self) -> np.ndarray:
        return np.array([i.n for i in self.issues], dtype=np.int64)

    @cached_property
    def n_outcomes(self) -> int:
        """Exact size as a Python int (may exceed 2**63)."""
        return math.prod(i.n for i in self.issues)

    @property
    def indexable(self) -> bool:
        return self.n_outcomes <= MAX_INDEXABLE

    @cached_property
    def strides(self) -> np.ndarray:
        self._require_indexable()
        strides = np.ones(len(self.issues), dtype=np.int64)
        for k in range(len(self.issues) - 2, -1, -1):
            strides[k] = strides[k + 1] * self.issues[k + 1].n
        return strides

    def issue_index(self, name: str) -> int:
        try:
            return self._by_name[name]
        except KeyError:
            raise InputError(
                f"unknown issue '{name}'",
                field=name,
                expected="one of: " + ", ".join(self.names),
            ) from None

    # index <-> digits ------------------------------------------------------

    def digits(self, indices: np.ndarray | Sequence[int] | int) -> np.ndarray:
        """Value indices, shape (len(indices), n_issues), of outcome indices."""
        try:
            idx = np.atleast_1d(np.asarray(indices, dtype=np.int64))
        except OverflowError:
            idx = np.array([-1], dtype=np.int64)  # reported as outside the space below
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_outcomes):
            raise InputError(
                "an outcome index is outside the space",
                field="outcome",
                expected=f"0 <= index < {self.n_outcomes}",
            )
        return (idx[:, None] // self.strides[None, :]) % self.sizes[None, :]

    def indices(self, digits: np.ndarray) -> np.ndarray:
        """Outcome indices of a (k, n_issues) array of value indices."""
        d = np.asarray(digits, dtype=np.int64)
        if d.ndim == 1:
            d = d[None, :]
        if d.shape[1] != len(self.issues) or (d < 0).any() or (d >= self.sizes).any():
            raise InputError(
                "value indices do not fit the issues",
                field="outcome",
                expected=f"{len(self.issues)} value indices within the issue sizes",
            )
        return d @ self.strides

    def iter_chunks(self, chunk: int = 1 << 20) -> Iterator[np.ndarray]:
        """All outcome indices, `chunk` at a time, so memory stays bounded."""
        for start in range(0, self.n_outcomes, chunk):
            yield np.arange(start, min(start + chunk, self.n_outcomes), dtype=np.int64)

    def sample_digits(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """`k` uniform random outcomes as digits: works on spaces too large to index."""
        return np.column_stack([rng.integers(0, n, k) for n in self.sizes])

    # named values ----------------------------------------------------------

    def outcome(self, index: int) -> dict[str, Value]:
        """Named values of one outcome; works on spaces too large to index in numpy."""
        if not 0 <= index < self.n_outcomes:
            raise InputError(
                f"outcome {index} is outside the space",
                field="outcome",
                expected=f"0 <= index < {self.n_outcomes}",
            )
        out: dict[str, Value] = {}
        for issue in reversed(self.issues):
            index, d = divmod(index, issue.n)
            out[issue.name] = issue.values[d]
        return dict(reversed(out.items()))

    def named(self, digits: Sequence[int] | np.ndarray) -> dict[str, Value]:
        """Named values of one outcome given by its value indices."""
        return {i.name: i.values[int(d)] for i, d in zip(self.issues, digits, strict=True)}

    def digits_of(self, values: Mapping[str, Value]) -> tuple[int, ...]:
        """Value indices of a complete outcome given by name, with clear errors."""
        unknown = sorted(set(values) - set(self.names))
        if unknown:
            raise InputError(
                f"unknown issue '{unknown[0]}'",
                field=unknown[0],
                expected="one of: " + ", ".join(self.names),
            )
        missing = [n for n in self.names if n not in values]
        if missing:
            raise InputError(
                f"no value for issue '{missing[0]}'",
                field=missing[0],
                expected="a value for every issue",
            )
        return tuple(i.index(values[i.name]) for i in self.issues)

    def index_of(self, values: Mapping[str, Value]) -> int:
        index = 0
        for issue, d in zip(self.issues, self.digits_of(values), strict=True):
            index = index * issue.n + d
        return index

    def _require_indexable(self) -> None:
        if not self.indexable:
            raise InputError(
                f"the space has {self.n_outcomes:.3e} outcomes, too many to index",
                field="issues",
                expected=f"at most {MAX_INDEXABLE:.1e} outcomes for this operation",
            )
