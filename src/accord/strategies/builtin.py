"""Imports every built-in strategy module so that each registers itself."""

from accord.strategies import diplomat, micro, personalities, timebased, titfortat  # noqa: F401
