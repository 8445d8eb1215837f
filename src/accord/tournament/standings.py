"""Standings: each strategy's results over the negotiations it took part in.

Every number is from the strategy's own side: its utility, its counterpart's,
and the joint measures (welfare, distance to the Pareto frontier and to the
Nash point) of the negotiations it was in. A failed negotiation counts at the
reservation values, as evaluation defines it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from accord.tournament.runner import Result


@dataclass(frozen=True)
class Record:
    """A strategy's means over its `n` negotiations (None when undefined in all)."""

    strategy: str
    n: int
    own: float
    opponent: float
    agreement: float
    welfare: float
    distance_to_pareto: float
    distance_to_nash: float | None
    surplus_share: float | None
    rounds_used: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def standings(results: Iterable[Result]) -> list[Record]:
    """One record per strategy, best own utility first."""
    tally = Tally()
    for r in results:
        tally.add(r)
    return tally.records()


# Sums are kept exactly, as integers in units of 2**-_SHIFT (every finite double
# is a whole number of those), so every mean is correctly rounded and does not
# depend on the order results arrive in: any backend, and a resumed run, give the
# same standings to the last bit. A non-finite value (none is expected) goes to a
# float side sum, so it shows in the mean as numpy's mean would show it.
_SHIFT = 1100
_COLUMNS = 8  # own, opponent, agreement, welfare, Pareto d, Nash d, share, rounds


class _Row:
    __slots__ = ("counts", "n", "odd", "sums")

    def __init__(self) -> None:
        self.n = 0
        self.sums = [0] * _COLUMNS
        self.counts = [0] * _COLUMNS  # values present (Nash d and share may be undefined)
        self.odd = [0.0] * _COLUMNS  # non-finite values

    def add(self, values: tuple[float | None, ...]) -> None:
        self.n += 1
        for j, x in enumerate(values):
            if x is None:
                continue
            self.counts[j] += 1
            try:
                num, den = x.as_integer_ratio()
            except (OverflowError, ValueError):  # inf, nan
                self.odd[j] += x
                continue
            self.sums[j] += num << (_SHIFT + 1 - den.bit_length())

    def mean(self, j: int) -> float | None:
        if not self.counts[j]:
            return None
        return self.sums[j] / (self.counts[j] << _SHIFT) + self.odd[j]  # int / int: rounded once


class Tally:
    """Standings accumulated one result at a time, in constant memory per strategy."""

    def __init__(self) -> None:
        self._rows: dict[str, _Row] = {}

    def add(self, r: Result) -> None:
        """Count one negotiation for both of its strategies."""
        u, share = r.utilities, r.surplus_share
        agreed, rounds = float(r.agreement), float(r.rounds_used)
        for side, name in enumerate((r.task.a, r.task.b)):
            row = self._rows.get(name)
            if row is None:
                row = self._rows[name] = _Row()
            row.add(
                (
                    u[side],
                    u[1 - side],
                    agreed,
                    r.welfare,
                    r.distance_to_pareto,
                    r.distance_to_nash,
                    None if share is None else share[side],
                    rounds,
                )
            )

    def records(self) -> list[Record]:
        """One record per strategy, best own utility first."""
        records = [_record(name, row) for name, row in self._rows.items()]
        return sorted(records, key=lambda rec: (-rec.own, rec.strategy))


def _record(name: str, row: _Row) -> Record:
    own, opponent, agreement, welfare, pareto, nash, share, rounds = map(row.mean, range(_COLUMNS))
    assert own is not None and opponent is not None and agreement is not None
    assert welfare is not None and pareto is not None and rounds is not None
    return Record(
        strategy=name,
        n=row.n,
        own=own,
        opponent=opponent,
        agreement=agreement,
        welfare=welfare,
        distance_to_pareto=pareto,
        distance_to_nash=nash,
        surplus_share=share,
        rounds_used=rounds,
    )
