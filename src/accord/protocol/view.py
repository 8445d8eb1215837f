"""What a party sees: its own preferences, the clock and the transcript so far.

A view never holds the other side's utility: the engine builds it from the
party's own `Preferences` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accord.model.issues import Role
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


@dataclass(frozen=True, slots=True)
class View:
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
        return "B" if self.role == "A" else "A"

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

    def their_events(self) -> list[Event]:
        return [e for e in self.events if e.actor != self.role]
