"""Strategies: small classes that map a view to a move, found by name in the catalog."""

from accord.preferences.ladder import Ladder, ladder
from accord.protocol.strategy import Strategy, Traits
from accord.strategies.catalog import make, names, register, registry
from accord.strategies.specs import parse_spec, split_specs

__all__ = [
    "Ladder",
    "Strategy",
    "Traits",
    "ladder",
    "make",
    "names",
    "parse_spec",
    "register",
    "registry",
    "split_specs",
]
