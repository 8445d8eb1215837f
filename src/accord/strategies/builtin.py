"""Imports every built-in strategy module so that each registers itself."""

from accord.strategies import timebased  # noqa: F401
