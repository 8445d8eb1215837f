"""Imports every built-in strategy module so that each registers itself."""

# The advisor's `advised` strategy sits on top of the strategies (it follows the advice):
# the registry imports it lazily, through this module, as `make("negmas:...")` does its adapter.
import accord.advisor.strategy  # noqa: F401
from accord.strategies import diplomat, micro, personalities, timebased, titfortat  # noqa: F401
