"""Standings: each strategy's results over the negotiations it took part in.

Every number is from the strategy's own side: its utility, its counterpart's,
and the joint measures (welfare, distance to the Pareto frontier and to the
Nash point) of the negotiations it was in. A failed negotiation counts at the
reservation values, as evaluation defines it.

In a series tournament the negotiation numbers are the series' first
negotiations (single-negotiation utility, no history), and the series columns
add the long run: long-term value, lifetime, the strategy's own resentment and
the resentment it caused, trust, the share of series ended by a break-up, and
the renegotiations it was asked for and granted (P16). Standings are ranked by
long-term value then, by own utility otherwise. A sweep keeps one table per
point (`Tally.records(point)`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from accord.model.issues import ROLES
from accord.tournament.runner import TaskResult
from accord.tournament.tasks import Point


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
    long_term_value: float | None = None
    mean_utility: float | None = None
    lifetime: float | None = None
    resentment: float | None = None
    resentment_caused: float | None = None
    trust: float | None = None
    breakups: float | None = None
    asked: int | None = None  # renegotiations this strategy was asked for
    granted: int | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def standings(results: Iterable[TaskResult]) -> list[Record]:
    """One record per strategy, best long-term value (series) or own utility first."""
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
#: Series columns: long-term value, mean utility, lifetime, resentment, caused, trust, break-up
_SERIES = 7


class _Row:
    __slots__ = ("asked", "counts", "granted", "n", "odd", "sums")

    def __init__(self) -> None:
        self.asked = self.granted = 0
        self.n = 0
        self.sums = [0] * (_COLUMNS + _SERIES)
        self.counts = [0] * (_COLUMNS + _SERIES)  # values present (Nash d, share may be undefined)
        self.odd = [0.0] * (_COLUMNS + _SERIES)  # non-finite values

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
    """Standings accumulated one result at a time, in constant memory per strategy
    (and sweep point)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Point, str], _Row] = {}

    def add(self, r: TaskResult) -> None:
        """Count one negotiation (or series) for both of its strategies."""
        u, share = r.utilities, r.surplus_share
        agreed, rounds = float(r.agreement), float(r.rounds_used)
        s = r.series
        for side, name in enumerate((r.task.a, r.task.b)):
            key = (r.task.params, name)
            row = self._rows.get(key)
            if row is None:
                row = self._rows[key] = _Row()
            values: tuple[float | None, ...] = (
                u[side],
                u[1 - side],
                agreed,
                r.welfare,
                r.distance_to_pareto,
                r.distance_to_nash,
                None if share is None else share[side],
                rounds,
            )
            if s is not None:
                values += (
                    s.long_term_value[side],
                    s.mean_utility[side],
                    float(s.lifetime),
                    s.mean_resentment[side],
                    s.mean_resentment[1 - side],
                    s.mean_trust,
                    float(bool(s.left)),
                )
                asker = ROLES[1 - side]  # the other side asks this one
                for who, granted in s.renegotiations:
                    if who == asker:
                        row.asked += 1
                        row.granted += granted
            row.add(values)

    def points(self) -> list[Point]:
        """The sweep points counted so far, sorted."""
        return sorted({p for p, _ in self._rows})

    def records(self, point: Point = ()) -> list[Record]:
        """One record per strategy at `point`, best long-term value (series) or own
        utility first."""
        records = [_record(name, row) for (p, name), row in self._rows.items() if p == point]
        return sorted(records, key=_rank_key)


def _rank_key(rec: Record) -> tuple[float, float, str]:
    first = -rec.long_term_value if rec.long_term_value is not None else -rec.own
    return (first, -rec.own, rec.strategy)


def _record(name: str, row: _Row) -> Record:
    own, opponent, agreement, welfare, pareto, nash, share, rounds = map(row.mean, range(_COLUMNS))
    assert own is not None and opponent is not None and agreement is not None
    assert welfare is not None and pareto is not None and rounds is not None
    ltv, mean_u, life, res, caused, trust, breakups = (
        row.mean(j) for j in range(_COLUMNS, _COLUMNS + _SERIES)
    )
    series = ltv is not None
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
        long_term_value=ltv,
        mean_utility=mean_u,
        lifetime=life,
        resentment=res,
        resentment_caused=caused,
        trust=trust,
        breakups=breakups,
        asked=row.asked if series else None,
        granted=row.granted if series else None,
    )
