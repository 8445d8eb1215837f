"""The strategy interface, the shared utility ladder, and the registry by name.

A strategy sees only a `View` (its own preferences, the clock, the transcript)
and answers with one `Move`. Strategies are small classes: parameters in the
constructor, state reset per negotiation in `reset`.
"""

from __future__ import annotations

import inspect
import re
import typing
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import yaml

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

    Parameters go in parentheses, as the class's constructor takes them:
    `diplomat(edge=0.1, conditional=false)` (values read as YAML scalars), so a
    variant needs no registration and travels as text to any worker.
    `negmas:ClassName` wraps one of negmas's SAO negotiators (needs the `negmas` extra).

    >>> make("boulware(e=0.1)").e
    0.1
    """
    key, kwargs = parse_spec(name)
    if key.startswith("negmas:"):
        from accord.interop.negmas import negmas_strategy

        return negmas_strategy(name.strip().split(":", 1)[1])
    known = registry()
    if key not in known:
        raise InputError(
            f"unknown strategy '{name}'", field="strategy", expected="one of: " + ", ".join(known)
        )
    cls = known[key]
    if not kwargs:
        return cls()
    hints = typing.get_type_hints(cls.__init__)
    accepted = {
        p.name: hints.get(p.name, inspect.Parameter.empty)
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    for k, v in kwargs.items():
        if k not in accepted:
            raise InputError(
                f"{key} has no parameter '{k}'",
                field="strategy",
                expected=f"parameters of {key}: " + (", ".join(accepted) or "none"),
            )
        kwargs[k] = _typed(key, k, v, accepted[k])
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as e:
        raise InputError(f"{name}: {e}", field="strategy", expected="valid parameters") from None


def _typed(strategy: str, name: str, value: Any, hint: Any) -> Any:
    """`value` checked against the parameter's annotation (ints widen to floats)."""
    allowed = set(typing.get_args(hint)) if typing.get_args(hint) else {hint}
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is None and type(None) in allowed:
        return value
    if float in allowed and number:
        return float(value)
    if (int in allowed and number and float(value).is_integer()) or any(
        t in (bool, str) and isinstance(value, t) for t in allowed
    ):
        return int(value) if int in allowed and number else value
    if hint is inspect.Parameter.empty or hint is Any:
        return value
    raise InputError(
        f"{strategy}({name}={value!r})",
        field="strategy",
        expected=f"{name} of type {getattr(hint, '__name__', hint)}",
    )


_SPEC = re.compile(r"^\s*([^()\s]+)\s*(?:\((.*)\))?\s*$", re.DOTALL)


def parse_spec(text: str) -> tuple[str, dict[str, Any]]:
    """`name(k=v, ...)` as (lower-case name, {k: v}); values are YAML scalars.

    >>> parse_spec("Diplomat(edge=0.1, conditional=false)")
    ('diplomat', {'edge': 0.1, 'conditional': False})
    """
    m = _SPEC.match(text)
    if m is None:
        raise InputError(
            f"'{text}' is not a strategy", field="strategy", expected="NAME or NAME(key=value, ...)"
        )
    name, inner = m.group(1).lower(), m.group(2)
    kwargs: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in (inner or "").split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip().isidentifier():
            raise InputError(
                f"'{part}' in '{text}' is not key=value",
                field="strategy",
                expected="NAME(key=value, ...)",
            )
        try:
            kwargs[key.strip()] = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError:
            raise InputError(
                f"'{value.strip()}' in '{text}' is not a value",
                field="strategy",
                expected="numbers, true/false or words",
            ) from None
    return name, kwargs


def split_specs(text: str) -> list[str]:
    """Comma-separated strategy specs, keeping the commas inside parentheses.

    >>> split_specs("diplomat(edge=0.1, late=0.9), boulware")
    ['diplomat(edge=0.1, late=0.9)', 'boulware']
    """
    return [p.strip() for p in re.split(r",(?![^()]*\))", text) if p.strip()]


def _load_builtins() -> None:
    import accord.strategies.builtin  # noqa: F401 - registers on import
