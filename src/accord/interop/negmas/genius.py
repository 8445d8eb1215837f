"""The ANAC agents as accord strategies (`genius:Name`), from `negmas-genius-agents`.

The package (AGPL-3.0, by negmas's author) re-implements 146 GENIUS agents, every
ANAC winner 2010-2019 among them, as negmas SAO negotiators; each plays in accord's
engine through `NegmasStrategy` (the negmas adapter, checked turn for turn against
negmas's own mechanism in tests/interop). ``make("genius:HardHeaded")`` builds one;
names are case-insensitive. It is imported only when a `genius:` name is asked
for (importing it takes seconds), never by accord's core.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

from accord.errors import InputError
from accord.interop.negmas._lib import SAONegotiator, require_negmas
from accord.interop.negmas.in_accord import NegmasStrategy, _abstract
from accord.interop.negmas.randomness import Randomness
from accord.protocol.strategy import Traits

#: The ANAC winners 2010-2019, one a year (the issue's opponents and bench/anac.py's field).
WINNERS = (
    "AgentK",  # 2010
    "HardHeaded",  # 2011
    "CUHKAgent",  # 2012
    "TheFawkes",  # 2013
    "AgentM",  # 2014
    "Atlas3",  # 2015
    "Caduceus",  # 2016
    "PonPokoAgent",  # 2017
    "AgreeableAgent2018",  # 2018
    "AgentGG",  # 2019
)
#: What to install when the package is missing.
INSTALL = "pip install 'accord[negmas]' (negmas-genius-agents>=0.3,<0.4)"


class GeniusStrategy(NegmasStrategy):
    """A negmas-genius-agents negotiator as an accord strategy, named ``genius:<Class>``."""

    traits = Traits(
        source="negmas-genius-agents (https://github.com/yasserfarouk/negmas-genius-agents), "
        "Python re-implementations of GENIUS agents"
    )

    def __init__(self, negotiator: type, **kwargs: Any) -> None:
        super().__init__(negotiator, **kwargs)
        self.name = f"genius:{negotiator.__name__}"  # type: ignore[misc]


def _package() -> Any:
    """The imported package, or the user's error naming the extra to install."""
    require_negmas()
    try:
        import negmas_genius_agents
    except ImportError as e:
        raise InputError(
            f"genius: strategies need negmas-genius-agents, which is not installed ({e})",
            field="strategy",
            expected=INSTALL,
        ) from None
    return negmas_genius_agents


@cache
def genius_classes() -> dict[str, type]:
    """Every playable agent of negmas-genius-agents, by lower-case class name."""
    package = _package()
    found: dict[str, type] = {}
    for name in package.__all__:
        obj = getattr(package, name, None)
        if inspect.isclass(obj) and issubclass(obj, SAONegotiator) and not _abstract(obj):
            found[name.lower()] = obj
    return found


def genius_strategy(class_name: str, **kwargs: Any) -> GeniusStrategy:
    """`GeniusStrategy` for an agent of negmas-genius-agents named case-insensitively.

    An unknown name is an `InputError` listing the ANAC winners as examples.
    """
    name = class_name.strip()
    cls = genius_classes().get(name.lower())
    if cls is None:
        raise InputError(
            f"unknown GENIUS agent '{name}'",
            field="strategy",
            expected="genius:<agent> with an agent of negmas-genius-agents, e.g. "
            + ", ".join(f"genius:{n}" for n in WINNERS),
        )
    try:
        with Randomness(0).active():  # agents may draw from `random` while constructing
            cls(**kwargs)
    except Exception as e:
        raise InputError(
            f"GENIUS agent '{cls.__name__}' cannot be built here ({type(e).__name__}: {e})",
            field="strategy",
            expected="an agent that needs no constructor arguments",
        ) from None
    return GeniusStrategy(cls, **kwargs)
