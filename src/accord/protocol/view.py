"""What a party sees: its own preferences, the clock and the transcript so far.

A view never holds the other side's utility: the engine builds it from the
party's own `Preferences` only.

The engine builds one view per turn, so construction is kept cheap (`fast_view`
fills the slots directly), and the party's random generator is only made when a
strategy first reads `rng` (seeding one costs more than a whole turn, and most
strategies never draw).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.model.issues import Role, other
from accord.model.space import OutcomeSpace
from accord.preferences.utility import Preferences
from accord.protocol.moves import Condition
from accord.protocol.transcript import Event


@dataclass(frozen=True, slots=True)
class Standing:
    """An offer on the table: its outcome, its condition, and whether it is final."""

    outcome: int
    condition: Condition | None = None
    final: bool = False


_new = object.__new__
_set_outcome, _set_condition, _set_final = (
    Standing.__dict__[name].__set__ for name in ("outcome", "condition", "final")
)


def fast_standing(outcome: int) -> Standing:
    """`Standing(outcome)` without the frozen `__init__`'s overhead."""
    standing = _new(Standing)
    _set_outcome(standing, outcome)
    _set_condition(standing, None)
    _set_final(standing, False)
    return standing


class DeferredRng:
    """A party's generator, made by `make` on first use and then kept."""

    __slots__ = ("_make", "_rng")

    def __init__(self, make: Callable[[], np.random.Generator]) -> None:
        self._make: Callable[[], np.random.Generator] | None = make
        self._rng: np.random.Generator | None = None

    def get(self) -> np.random.Generator:
        if self._rng is None:
            assert self._make is not None
            self._rng, self._make = self._make(), None
        return self._rng


@dataclass(frozen=True)
class View:
    """A party's snapshot of the negotiation at its turn (immutable)."""

    # Explicit slots: the `rng` field lives in `_rng` behind a property (set
    # below), so that the engine can pass a `DeferredRng` instead.
    __slots__ = (
        "_rng",
        "events",
        "mine",
        "preferences",
        "role",
        "rounds",
        "space",
        "theirs",
        "time",
        "turn",
    )

    role: Role
    space: OutcomeSpace
    preferences: Preferences
    rounds: int
    turn: int
    time: float
    events: Sequence[Event]
    theirs: Standing | None
    mine: Standing | None
    rng: np.random.Generator

    @property
    def other(self) -> Role:
        return other(self.role)

    @property
    def round(self) -> int:
        return self.turn // 2

    @property
    def turns_left(self) -> int:
        """Own turns left, this one included."""
        return (2 * self.rounds - self.turn + 1) // 2

    @property
    def reservation(self) -> float:
        return self.preferences.reservation

    def utility(self, outcome: int) -> float:
        return self.preferences.utility.at(outcome)

    # frozen classes with explicit slots need these to copy and pickle
    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in _FIELDS]

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(_FIELDS, state, strict=True):
            object.__setattr__(self, name, value)


def _get_rng(view: View) -> np.random.Generator:
    rng = _rng_slot.__get__(view, View)
    return rng.get() if type(rng) is DeferredRng else rng


# `rng` is a property over the `_rng` slot that makes a deferred generator on first
# read, patched in after the dataclass made its slots: mypy sees neither.
_rng_slot = View._rng  # type: ignore[attr-defined]
View.rng = property(_get_rng, _rng_slot.__set__, doc="The party's own random generator.")  # type: ignore[assignment]
_FIELDS = tuple(View.__dataclass_fields__)
(
    _set_role,
    _set_space,
    _set_preferences,
    _set_rounds,
    _set_turn,
    _set_time,
    _set_events,
    _set_theirs,
    _set_mine,
) = (View.__dict__[name].__set__ for name in _FIELDS[:-1])


def fast_view(
    role: Role,
    space: OutcomeSpace,
    preferences: Preferences,
    rounds: int,
    turn: int,
    time: float,
    events: Sequence[Event],
    theirs: Standing | None,
    mine: Standing | None,
    rng: np.random.Generator | DeferredRng,
) -> View:
    """`View(...)` without the frozen `__init__`'s overhead; `rng` may be deferred."""
    view = _new(View)
    _set_role(view, role)
    _set_space(view, space)
    _set_preferences(view, preferences)
    _set_rounds(view, rounds)
    _set_turn(view, turn)
    _set_time(view, time)
    _set_events(view, events)
    _set_theirs(view, theirs)
    _set_mine(view, mine)
    _rng_slot.__set__(view, rng)
    return view
