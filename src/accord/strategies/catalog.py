"""Strategies by name: the catalog `make` reads, without importing its users.

Strategies are found through entry points, so the catalog never imports the
modules that define them until one is asked for, and other packages can plug
theirs in from their own `pyproject.toml`:

- group `accord.strategies`: `name = "module:Class"`, a `Strategy` subclass
  whose `name` is the entry point's name. Listing the names reads only the
  installed packages' metadata; `make("boulware")` imports only the module of
  `boulware`. accord's own strategies come first and cannot be replaced.
- group `accord.strategy_families`: `prefix = "module:function"`, for names
  written `prefix:Name` (accord declares `negmas`: any negmas negotiator,
  `make("negmas:BoulwareTBNegotiator")`); the function gets `Name`.
- `register`: a class decorator for strategies defined at run time (a test, a
  notebook). Such names never overwrite another.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import EntryPoint, PackageNotFoundError, distribution, entry_points

from accord.errors import InputError
from accord.protocol.strategy import Strategy
from accord.strategies.specs import checked_arguments, parse_spec

GROUP = "accord.strategies"
FAMILIES = "accord.strategy_families"

#: A family's function: the name after its prefix to a strategy.
Maker = Callable[[str], Strategy]

_REGISTERED: dict[str, type[Strategy]] = {}  # by `register`
_LOADED: dict[str, type[Strategy]] = {}  # entry points loaded so far


def register(cls: type[Strategy]) -> type[Strategy]:
    """Class decorator: register a strategy under its `name`; names never overwrite."""
    if not cls.name or cls.name != cls.name.lower():
        raise ValueError(f"{cls.__name__} needs a lower-case `name`")
    if _REGISTERED.get(cls.name, cls) is not cls or (
        cls.name in _declared() and _load(cls.name) is not cls
    ):
        raise ValueError(f"a strategy named '{cls.name}' is already registered")
    _REGISTERED[cls.name] = cls
    return cls


def names() -> list[str]:
    """Every strategy name, sorted, without importing any strategy."""
    return sorted({*_declared(), *_REGISTERED})


def registry() -> dict[str, type[Strategy]]:
    """Every strategy by name, sorted (this imports them all)."""
    return {name: _REGISTERED.get(name) or _load(name) for name in names()}


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
    prefix, sep, _ = key.partition(":")
    if sep and prefix in _families():
        maker: Maker = _families()[prefix].load()
        return maker(name.strip().split(":", 1)[1])
    cls = _find(key)
    if cls is None:
        raise InputError(
            f"unknown strategy '{name}'",
            field="strategy",
            expected="one of: " + ", ".join(names()),
        )
    if not kwargs:
        return cls()
    kwargs = checked_arguments(cls, key, kwargs)
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as e:
        raise InputError(f"{name}: {e}", field="strategy", expected="valid parameters") from None


def _find(name: str) -> type[Strategy] | None:
    """The class registered or declared as `name`, importing only its module."""
    if name in _REGISTERED:
        return _REGISTERED[name]
    if name in _builtin() or name in _declared():
        return _load(name)
    return None


def _load(name: str) -> type[Strategy]:
    if name not in _LOADED:
        point = _builtin().get(name) or _declared()[name]
        cls = point.load()
        if not (isinstance(cls, type) and issubclass(cls, Strategy)) or cls.name != name:
            raise TypeError(
                f"entry point {name} = '{point.value}' ({GROUP}) is not a Strategy named '{name}'"
            )
        _LOADED[name] = cls
    return _LOADED[name]


@cache
def _builtin() -> dict[str, EntryPoint]:
    """accord's own strategies: its own metadata only, the cheap look-up of `make`."""
    try:
        points = distribution("accord").entry_points
    except PackageNotFoundError:  # run from a source tree without installing it
        return {}
    return {p.name: p for p in points.select(group=GROUP)}


@cache
def _declared() -> dict[str, EntryPoint]:
    """Every installed package's strategies; accord's own win a clash of names."""
    return _points(GROUP) | _builtin()


@cache
def _families() -> dict[str, EntryPoint]:
    return _points(FAMILIES)


def _points(group: str) -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for point in entry_points(group=group):
        found.setdefault(point.name.lower(), point)
    return found
