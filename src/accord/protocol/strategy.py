"""The interface the engine plays: a strategy maps a `View` to one `Move`.

It lives with the engine because the engine calls it; the strategies
themselves, and the catalog that finds them by name, sit one layer up
(`accord.strategies`). Strategies are small classes: parameters in the
constructor, state reset per negotiation in `reset`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from accord.doctrine import belief
from accord.protocol.moves import Condition, Display, Move
from accord.protocol.view import View

if TYPE_CHECKING:  # the relationship package runs strategies; strategies only see its view
    from accord.relationship.renegotiation import RenegotiationRequest
    from accord.relationship.series import RelationshipView


@dataclass(frozen=True)
class Traits:
    """Static facts about a strategy, for filtering and for the conformance kit."""

    stochastic: bool = False
    opponent_model: bool = False
    tactics: tuple[str, ...] = ()
    source: str = ""


class Strategy(ABC):
    """Base class: implement `act`; optionally `reset`, `close`, `belief`, `relate`
    and `renegotiate`."""

    name: ClassVar[str] = ""
    traits: ClassVar[Traits] = Traits()

    def relate(self, relationship: RelationshipView) -> None:  # noqa: B027 - optional hook
        """Called by a series (`accord.relationship.Series`) once before each of its
        negotiations, before `reset`, with the relationship as this side sees it: its
        own resentment, dependence and past results, the shared trust (a small frozen
        `RelationshipView`). Never called for a single negotiation. Keep it cheap: store
        what you need and use it in `reset`. Ignored by default."""

    def renegotiate(self, request: RenegotiationRequest) -> bool:
        """Asked by a series, after `relate`, when a change of circumstance holds the
        other side below its walk-away under the standing deal: adjust it in good
        faith (P16)? By default a strategy holds to the contract (False)."""
        return False

    def reset(self, view: View) -> None:  # noqa: B027 - optional hook
        """Called once before the first move, with the opening view."""

    @abstractmethod
    def act(self, view: View) -> Move:
        """The move for this turn."""

    def close(self, view: View) -> Display | None:
        """A closing display after agreement (P13); none by default."""
        return None

    def belief(self, condition: Condition, view: View) -> float:
        """Belief that `condition` will be met: high when we are the ones to meet it."""
        return belief(condition.obligor == view.role)
