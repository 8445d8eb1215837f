"""A scenario: the issues, both parties' preferences, the deadline and the story."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.errors import InputError
from accord.model.issues import Role
from accord.model.space import OutcomeSpace

if TYPE_CHECKING:  # preferences import the model; the model needs them only as a type
    from accord.preferences.utility import Preferences


@dataclass(frozen=True, eq=False)
class Party:
    """One side of the table. `role` is 'A' or 'B'; `name` is what people call it."""

    name: str
    role: Role
    preferences: Preferences
    description: str = ""


@dataclass(frozen=True, eq=False)
class Scenario:
    """Everything needed to analyse or run one bilateral negotiation."""

    name: str
    space: OutcomeSpace
    a: Party
    b: Party
    deadline_rounds: int = 100
    context: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if (self.a.role, self.b.role) != ("A", "B"):
            raise InputError(
                "parties must have roles A then B", field="parties", source=self.source
            )
        for party in (self.a, self.b):
            if party.preferences.utility.space is not self.space and (
                party.preferences.utility.space.issues != self.space.issues
            ):
                raise InputError(
                    f"preferences of '{party.name}' are over other issues",
                    field=f"parties.{party.role}",
                    source=self.source,
                    expected="the scenario's issues",
                )
        if self.deadline_rounds < 1:
            raise InputError(
                f"deadline of {self.deadline_rounds} rounds",
                field="deadline.rounds",
                source=self.source,
                expected="at least 1 round",
            )

    @property
    def parties(self) -> tuple[Party, Party]:
        return (self.a, self.b)

    @property
    def reservations(self) -> tuple[float, float]:
        return (self.a.preferences.reservation, self.b.preferences.reservation)
