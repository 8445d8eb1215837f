"""Utility functions, value functions and a party's preferences."""

from accord.preferences.utility import (
    LinearAdditiveUtility,
    Preferences,
    UtilityFunction,
)
from accord.preferences.value_functions import LinearValue, PeakValue, TableValue, ValueFunction

__all__ = [
    "LinearAdditiveUtility",
    "LinearValue",
    "PeakValue",
    "Preferences",
    "TableValue",
    "UtilityFunction",
    "ValueFunction",
]
