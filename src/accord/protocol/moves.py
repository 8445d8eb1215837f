"""Moves a party can make, and the conditional terms an offer may carry.

Moves are small frozen values. Outcomes are indices into the outcome space; the
engine checks every move against the protocol before it enters the transcript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from accord.model.issues import Role

if TYPE_CHECKING:
    from accord.model.space import OutcomeSpace
    from accord.preferences.utility import UtilityFunction

DisplayKind = Literal["modest", "triumphant"]


@dataclass(frozen=True, slots=True)
class Condition:
    """A contingent term: `issue` keeps the offered value if `obligor` meets it, else `fallback`.

    Example (P12): rebate 2% only if the dealer stocks at least 1.5x monthly
    shipments, else 1%: `Condition("rebate", fallback=<index of 1.0>, obligor="B",
    text="stock >= 1.5x monthly shipments")`. Each side values it through its
    own belief that the condition will be met.
    """

    issue: str
    fallback: int
    obligor: Role
    text: str = ""


def if_missed(space: OutcomeSpace, outcome: int, condition: Condition) -> int:
    """The outcome that applies when `condition` is not met: `outcome` with the
    condition's issue at its fallback."""
    digits = space.digits(outcome)[0]
    digits[space.issue_index(condition.issue)] = condition.fallback
    return int(space.indices(digits)[0])


def expected_utility(
    utility: UtilityFunction,
    space: OutcomeSpace,
    outcome: int,
    condition: Condition | None,
    belief: float,
) -> float:
    """The worth of agreeing `outcome` to a side: its face value, or for a conditional
    term `belief * met + (1 - belief) * missed`. The one formula every figure of a
    conditional deal comes from (the outcome metrics, the advisor, the coach)."""
    met = utility.at(outcome)
    if condition is None:
        return met
    missed = utility.at(if_missed(space, outcome, condition))
    return belief * met + (1.0 - belief) * missed


@dataclass(frozen=True, slots=True)
class Offer:
    """Propose an outcome, optionally with a conditional term."""

    outcome: int
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class Accept:
    """Accept the other side's standing offer: the negotiation ends in agreement."""


@dataclass(frozen=True, slots=True)
class WalkAway:
    """Leave the table: both live on their BATNA."""


@dataclass(frozen=True, slots=True)
class Silence:
    """Say nothing this turn (P5): the other side's offer stands, no counter-offer."""


@dataclass(frozen=True, slots=True)
class ConsultAuthority:
    """Announce a pause of `rounds` rounds to consult a higher authority (P6)."""

    rounds: int = 1


@dataclass(frozen=True, slots=True)
class Ultimatum:
    """A final offer (P7): the other side accepts it on its next turn or the talks end."""

    outcome: int
    condition: Condition | None = None


@dataclass(frozen=True, slots=True)
class AddOn:
    """Sweeten one's own standing offer by granting the add-on issue `issue` (P8, P11)."""

    issue: str


@dataclass(frozen=True, slots=True)
class Display:
    """A closing display after agreement (P13): modest or triumphant."""

    kind: DisplayKind = "modest"


Move = Offer | Accept | WalkAway | Silence | ConsultAuthority | Ultimatum | AddOn | Display

MOVE_KINDS: dict[type, str] = {
    Offer: "offer",
    Accept: "accept",
    WalkAway: "walk_away",
    Silence: "silence",
    ConsultAuthority: "consult_authority",
    Ultimatum: "ultimatum",
    AddOn: "add_on",
    Display: "display",
}
