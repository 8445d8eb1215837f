"""Standings: each strategy's results over the negotiations it took part in.

Every number is from the strategy's own side: its utility, its counterpart's,
and the joint measures (welfare, distance to the Pareto frontier and to the
Nash point) of the negotiations it was in. A failed negotiation counts at the
reservation values, as evaluation defines it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

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
    rows: dict[str, list[tuple[float, ...]]] = defaultdict(list)
    for r in results:
        for side, name in enumerate((r.task.a, r.task.b)):
            share = r.surplus_share[side] if r.surplus_share is not None else np.nan
            nash = r.distance_to_nash if r.distance_to_nash is not None else np.nan
            rows[name].append(
                (
                    r.utilities[side],
                    r.utilities[1 - side],
                    float(r.agreement),
                    r.welfare,
                    r.distance_to_pareto,
                    nash,
                    share,
                    r.rounds_used,
                )
            )
    records = [_record(name, np.array(values, dtype=float)) for name, values in rows.items()]
    return sorted(records, key=lambda rec: (-rec.own, rec.strategy))


def _record(name: str, m: np.ndarray) -> Record:
    def mean(column: int) -> float | None:
        x = m[:, column]
        x = x[~np.isnan(x)]
        return float(x.mean()) if len(x) else None

    own, opponent, agreement, welfare, pareto, _, _, rounds = (float(v) for v in m.mean(axis=0))
    return Record(
        strategy=name,
        n=len(m),
        own=own,
        opponent=opponent,
        agreement=agreement,
        welfare=welfare,
        distance_to_pareto=pareto,
        distance_to_nash=mean(5),
        surplus_share=mean(6),
        rounds_used=rounds,
    )
