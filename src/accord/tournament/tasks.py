"""A tournament as a list of independent, seeded tasks: one negotiation each.

Every task carries all it needs (the domain's path, both strategy names, the
rounds and its own seed), so tasks can run in any order, in any process, and
give the same result. Seeds are derived from the tournament seed and the task's
*names* (domain, strategies, repetition), not from list positions: adding a
strategy leaves every other pairing's seed unchanged.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np

from accord.errors import InputError


@dataclass(frozen=True)
class Task:
    """One negotiation of a tournament: `a` (first mover) against `b` on `domain`."""

    domain: str  # a scenario .yaml file or a GENIUS folder
    a: str
    b: str
    repeat: int
    seed: int
    rounds: int | None  # None: the scenario's own deadline

    @property
    def key(self) -> str:
        """Stable identity of the task (for resuming and de-duplicating)."""
        return f"{self.domain}|{self.a}|{self.b}|{self.repeat}"

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "a": self.a,
            "b": self.b,
            "repeat": self.repeat,
            "seed": self.seed,
            "rounds": self.rounds,
        }


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
        if child.is_dir() or child.suffix.lower() in (".yaml", ".yml"):
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
) -> list[Task]:
    """Every pairing on every domain, `repeat` times, each with its own derived seed."""
    return list(Plan(domains, strategies, opponents, repeat=repeat, seed=seed, rounds=rounds))


class Plan(Sequence[Task]):
    """The tasks of `plan`, made on demand: the same tasks, in the same order.

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
    ) -> None:
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
        self._names = [Path(d).name for d in self.domains]
        self._per_domain = len(self.pairs) * repeat

    def __len__(self) -> int:
        return len(self.domains) * self._per_domain

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
        d, rest = divmod(index, self._per_domain)
        p, k = divmod(rest, self.repeat)
        a, b = self.pairs[p]
        return Task(
            self.domains[d], a, b, k, derive_seed(self.seed, self._names[d], a, b, k), self.rounds
        )

    def __iter__(self) -> Iterator[Task]:
        for domain, name in zip(self.domains, self._names, strict=True):
            for a, b in self.pairs:
                for k in range(self.repeat):
                    yield Task(domain, a, b, k, derive_seed(self.seed, name, a, b, k), self.rounds)
