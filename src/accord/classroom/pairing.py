"""Pairing a session's roster: in join order, two by two, the first of each pair side A.

With an odd number of students the last one either plays side A against an
accord strategy (when the exercise allows practice; `diplomat` by default) or
joins as an observer, who watches and takes part in the debrief. Every student
is in exactly one pair or is the observer; the pairing is a pure function of
the roster and the settings, so it is the same each time it is asked for.

>>> p = pair_students(("Ann", "Bo", "Cy"), practice=False)
>>> [(x.a, x.b) for x in p.pairs], p.observers
([('Ann', 'Bo')], ('Cy',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.classroom.session import PRACTICE_STRATEGY, Session
from accord.model.issues import Role


@dataclass(frozen=True)
class Pair:
    """Pair `number` (from 1): student `a` plays side A; side B is student `b`, or the
    accord `strategy` when `b` is None (a practice pair)."""

    number: int
    a: str
    b: str | None
    strategy: str | None = None

    @property
    def practice(self) -> bool:
        return self.b is None

    @property
    def students(self) -> tuple[str, ...]:
        return (self.a,) if self.b is None else (self.a, self.b)

    def seat(self, role: Role) -> str:
        """Who sits on side `role`: a student's name, or `strategy:NAME`."""
        if role == "A":
            return self.a
        return self.b if self.b is not None else f"strategy:{self.strategy}"

    def to_json(self) -> dict[str, Any]:
        return {"pair": self.number, "A": self.a, "B": self.b, "strategy": self.strategy}


@dataclass(frozen=True)
class Pairing:
    pairs: tuple[Pair, ...]
    observers: tuple[str, ...] = ()

    def seat_of(self, name: str) -> tuple[Pair, Role] | None:
        """The pair and side of student `name` (as the roster spells it, any case);
        None for an observer or a name not on the roster."""
        key = name.casefold()
        for p in self.pairs:
            if p.a.casefold() == key:
                return p, "A"
            if p.b is not None and p.b.casefold() == key:
                return p, "B"
        return None

    def to_json(self) -> dict[str, Any]:
        return {"pairs": [p.to_json() for p in self.pairs], "observers": list(self.observers)}


def pair_students(
    students: Sequence[str], *, practice: bool, strategy: str = PRACTICE_STRATEGY
) -> Pairing:
    """`students` (in join order) paired two by two; the odd one out practises against
    `strategy` when `practice`, else observes."""
    names = tuple(students)
    pairs = [Pair(k // 2 + 1, names[k], names[k + 1]) for k in range(0, len(names) - 1, 2)]
    if len(names) % 2 == 0:
        return Pairing(tuple(pairs))
    last = names[-1]
    if practice:
        return Pairing((*pairs, Pair(len(pairs) + 1, last, None, strategy)))
    return Pairing(tuple(pairs), (last,))


def pairing(session: Session) -> Pairing:
    """The pairing of a session's roster under its exercise's settings."""
    ex = session.exercise
    return pair_students(session.students, practice=ex.practice, strategy=ex.strategy)


__all__ = ["Pair", "Pairing", "pair_students", "pairing"]
