"""Strategies: small registered classes that map a view to a move."""

from accord.strategies.base import Ladder, Strategy, Traits, ladder, make, register, registry

__all__ = ["Ladder", "Strategy", "Traits", "ladder", "make", "register", "registry"]
