"""The strategy interface, the shared utility ladder, and the registry by name.

A strategy sees only a `View` (its own preferences, the clock, the transcript)
and answers with one `Move`. Strategies are small classes: parameters in the
constructor, state reset per negotiation in `reset`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from accord.errors import InputError
from accord.preferences.utility import UtilityFunction
from accord.protocol.moves import Condition, Display, Move
from accord.protocol.view import View

if TYPE_CHECKING:  # the relationship package runs strategies; strategies only see its view
    from accord.relationship.renegotiation import RenegotiationRequest
    from accord.relationship.series import Relationship


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

    def relate(self, relationship: Relationship) -> None:  # noqa: B027 - optional hook
        """Called by a series (`accord.relationship.Series`) once before each of its
        negotiations, before `reset`, with the relationship as this side sees it: its
        own resentment, dependence and past results, the shared trust (a small frozen
        `Relationship`). Never called for a single negotiation. Keep it cheap: store
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
        return 0.9 if condition.obligor == view.role else 0.6


@dataclass(frozen=True, eq=False)
class Ladder:
    """Every outcome sorted by own utility, best first: what concession strategies climb down."""

    order: np.ndarray
    utils: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ascending", -self.utils)

    @property
    def best(self) -> float:
        return float(self.utils[0])

    def count_at_least(self, level: float) -> int:
        """How many outcomes have utility >= level (utilities are descending)."""
        return int(np.searchsorted(self._ascending, -level, side="right"))  # type: ignore[attr-defined]

    def closest_at_least(self, level: float) -> int:
        """Outcome with the lowest utility that is still >= level (the best one if none)."""
        k = self.count_at_least(level)
        return int(self.order[max(k - 1, 0)])


@lru_cache(maxsize=64)
def ladder(utility: UtilityFunction) -> Ladder:
    """The ladder of `utility`, computed once per utility object and shared."""
    utils = utility.dense if hasattr(utility, "dense") else utility.all()
    order = np.argsort(-utils, kind="stable")
    return Ladder(order, utils[order])


_REGISTRY: dict[str, type[Strategy]] = {}


def register(cls: type[Strategy]) -> type[Strategy]:
    """Class decorator: register a strategy under its `name`; names never overwrite."""
    if not cls.name or cls.name != cls.name.lower():
        raise ValueError(f"{cls.__name__} needs a lower-case `name`")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"a strategy named '{cls.name}' is already registered")
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[Strategy]]:
    _load_builtins()
    return dict(sorted(_REGISTRY.items()))


def make(name: str) -> Strategy:
    """A new strategy by registered name (case-insensitive), with a clear error if unknown.

    `negmas:ClassName` wraps one of negmas's SAO negotiators (needs the `negmas` extra).
    """
    key = name.strip().lower()
    if key.startswith("negmas:"):
        from accord.interop.negmas import negmas_strategy

        return negmas_strategy(name.strip().split(":", 1)[1])
    known = registry()
    if key not in known:
        raise InputError(
            f"unknown strategy '{name}'", field="strategy", expected="one of: " + ", ".join(known)
        )
    return known[key]()


def _load_builtins() -> None:
    import accord.strategies.builtin  # noqa: F401 - registers on import
