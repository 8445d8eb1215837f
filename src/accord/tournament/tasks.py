"""A tournament as a list of independent, seeded tasks: one negotiation each.

Every task carries all it needs (the domain's path, both strategy names, the
rounds, its own seed, and for a series its horizon and the model's parameter
overrides), so tasks can run in any order, in any process, and give the same
result. Seeds are derived from the tournament seed and the task's *names*
(domain, strategies, repetition), not from list positions: adding a strategy
leaves every other pairing's seed unchanged. Neither parameter overrides (a
sweep point) nor a strategy's parameters (`diplomat(conditional=false)`) enter
the seed, so every point of a sweep, and every variant of a strategy, meets the
same circumstances and draws: they differ by the parameters alone (common
random numbers, a paired comparison).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from accord.errors import InputError

#: A sweep point: parameter overrides as sorted (name, value) pairs; () is the defaults.
Point = tuple[tuple[str, float], ...]


def point_label(point: Point) -> str:
    """'alpha=0.5,kappa=2' ('defaults' for no override).

    >>> point_label((("alpha", 0.5), ("kappa", 2.0)))
    'alpha=0.5,kappa=2'
    """
    return ",".join(f"{k}={v:g}" for k, v in point) or "defaults"


@dataclass(frozen=True)
class Task:
    """One negotiation of a tournament, or one series of `series` negotiations:
    `a` (first mover) against `b` on `domain`, with the model's `params` overrides."""

    domain: str  # a scenario .yaml file or a GENIUS folder
    a: str
    b: str
    repeat: int
    seed: int
    rounds: int | None  # None: the scenario's own deadline
    series: int | None = None  # a series of this many negotiations; None: one negotiation
    params: Point = ()

    @property
    def key(self) -> str:
        """Stable identity of the task (for resuming and de-duplicating)."""
        key = f"{self.domain}|{self.a}|{self.b}|{self.repeat}"
        if self.series is not None:
            key += f"|series={self.series}"
        if self.params:
            key += f"|{point_label(self.params)}"
        return key

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "domain": self.domain,
            "a": self.a,
            "b": self.b,
            "repeat": self.repeat,
            "seed": self.seed,
            "rounds": self.rounds,
        }
        if self.series is not None:
            data["series"] = self.series
        if self.params:
            data["params"] = dict(self.params)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Task:
        return cls(
            data["domain"],
            data["a"],
            data["b"],
            data["repeat"],
            data["seed"],
            data["rounds"],
            data.get("series"),
            tuple(sorted((str(k), float(v)) for k, v in (data.get("params") or {}).items())),
        )


def derive_seed(seed: int, *names: str | int) -> int:
    """A 63-bit seed from the tournament seed and names, stable across processes.

    >>> derive_seed(0, "Travel", "boulware", "conceder", 0) == derive_seed(
    ...     0, "Travel", "boulware", "conceder", 0)
    True
    >>> derive_seed(0, "a", "b") != derive_seed(0, "b", "a")
    True
    """
    words = [seed] + [zlib.crc32(str(n).encode()) for n in names]
    return int(np.random.SeedSequence(words).generate_state(2, np.uint64)[0] >> np.uint64(1))


def base_name(spec: str) -> str:
    """The strategy's name without its parameters: variants share seeds (a plain
    name is kept as written, so earlier plans keep their seeds).

    >>> base_name("diplomat(conditional=false)")
    'diplomat'
    """
    return spec.split("(", 1)[0].strip()


def find_domains(paths: Sequence[Path]) -> list[Path]:
    """Scenarios under `paths`: a .yaml file, a GENIUS folder, or a folder of either.

    A folder holding XML files is one GENIUS domain; otherwise its sub-folders
    and .yaml files are searched (recursively), in sorted order.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise InputError(
                "no such file or folder",
                source=str(path),
                field="--domains",
                expected="scenario .yaml files, GENIUS folders, or folders holding them",
            )
        before = len(found)
        _collect(path, found)
        if len(found) == before:
            raise InputError(
                "no scenario found here",
                source=str(path),
                field="--domains",
                expected="a .yaml scenario, or a folder with GENIUS XML files (or sub-folders)",
            )
    return list(dict.fromkeys(p.resolve() for p in found))


def _collect(path: Path, found: list[Path]) -> None:
    if path.is_file():
        if path.suffix.lower() in (".yaml", ".yml"):
            found.append(path)
        return
    if any(p.suffix.lower() == ".xml" for p in path.iterdir()):
        found.append(path)
        return
    for child in sorted(path.iterdir()):
        plan_or_moves = child.name.lower().endswith((".plan.yaml", ".moves.yaml"))  # advisor files
        if child.is_dir() or (child.suffix.lower() in (".yaml", ".yml") and not plan_or_moves):
            _collect(child, found)


def pairings(strategies: Sequence[str], opponents: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Ordered (A, B) pairs: every strategy against every other participant, both orders.

    Opponents form the field: they meet the strategies but not each other.
    Nobody meets itself.

    >>> pairings(["x", "y"], ["o"])
    [('x', 'y'), ('y', 'x'), ('x', 'o'), ('o', 'x'), ('y', 'o'), ('o', 'y')]
    """
    pairs: list[tuple[str, str]] = []
    for i, s in enumerate(strategies):
        for other in [*strategies[i + 1 :], *opponents]:
            if other != s:
                pairs += [(s, other), (other, s)]
    return list(dict.fromkeys(pairs))


def plan(
    domains: Sequence[Path],
    strategies: Sequence[str],
    opponents: Sequence[str] = (),
    *,
    repeat: int = 1,
    seed: int = 0,
    rounds: int | None = None,
    series: int | None = None,
    points: Sequence[Point] = ((),),
) -> list[Task]:
    """Every pairing on every domain, `repeat` times, each with its own derived seed
    (for every sweep point, when there are several)."""
    return list(
        TournamentPlan(
            domains,
            strategies,
            opponents,
            repeat=repeat,
            seed=seed,
            rounds=rounds,
            series=series,
            points=points,
        )
    )


class TournamentPlan(Sequence[Task]):
    """The tasks of `plan`, made on demand: the same tasks, in the same order
    (sweep points outermost, then domains, pairings and repetitions).

    A plan of a million tasks holds only its domains and pairings; `plan[i]`
    builds task `i`.
    """

    def __init__(
        self,
        domains: Sequence[Path | str],
        strategies: Sequence[str],
        opponents: Sequence[str] = (),
        *,
        repeat: int = 1,
        seed: int = 0,
        rounds: int | None = None,
        series: int | None = None,
        points: Sequence[Point] = ((),),
    ) -> None:
        if series is not None and series < 1:
            raise InputError(f"series {series}", field="--series", expected="an integer >= 1")
        if not points:
            raise InputError("no sweep points", field="--sweep", expected="at least one point")
        if series is None and any(points):
            raise InputError(
                "a parameter sweep needs series",
                field="--sweep",
                expected="--series N: the relationship model's parameters act across a series",
            )
        if repeat < 1:
            raise InputError(f"repeat {repeat}", field="--repeat", expected="an integer >= 1")
        self.pairs = pairings(strategies, opponents)
        if not self.pairs:
            raise InputError(
                "nobody to negotiate with",
                field="--strategies",
                expected="at least two different strategies, or one and --opponents",
            )
        self.domains = [str(d) for d in domains]
        self.repeat, self.seed, self.rounds = repeat, seed, rounds
        self.series, self.points = series, [tuple(p) for p in points]
        self._names = [Path(d).name for d in self.domains]
        self._per_domain = len(self.pairs) * repeat
        self._per_point = len(self.domains) * self._per_domain

    def __len__(self) -> int:
        return len(self.points) * self._per_point

    @overload
    def __getitem__(self, index: int) -> Task: ...
    @overload
    def __getitem__(self, index: slice) -> list[Task]: ...
    def __getitem__(self, index: int | slice) -> Task | list[Task]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(f"task {index} of {n}")
        q, rest = divmod(index, self._per_point)
        d, rest = divmod(rest, self._per_domain)
        p, k = divmod(rest, self.repeat)
        a, b = self.pairs[p]
        return self._task(self.domains[d], self._names[d], a, b, k, self.points[q])

    def __iter__(self) -> Iterator[Task]:
        for point in self.points:
            for domain, name in zip(self.domains, self._names, strict=True):
                for a, b in self.pairs:
                    for k in range(self.repeat):
                        yield self._task(domain, name, a, b, k, point)

    def _task(self, domain: str, name: str, a: str, b: str, k: int, point: Point) -> Task:
        seed = derive_seed(self.seed, name, base_name(a), base_name(b), k)
        return Task(domain, a, b, k, seed, self.rounds, self.series, point)
