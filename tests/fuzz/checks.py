"""What a correct load must hold: the numbers a reader lets through are usable."""

from __future__ import annotations

import math
import re

import numpy as np

from accord.errors import InputError
from accord.model.scenario import Scenario
from accord.preferences.utility import Preferences


def sound_preferences(prefs: Preferences) -> None:
    """Utilities, reservation and aspiration finite and in [0, 1]."""
    u = prefs.utility
    low, high = u.worst, u.best  # type: ignore[attr-defined]
    assert math.isfinite(low) and math.isfinite(high), (low, high)
    assert -1e-9 <= low <= high <= 1 + 1e-9, (low, high)
    assert 0 <= prefs.reservation <= prefs.aspiration <= 1
    weights = getattr(u, "weights", None)
    if weights is not None:  # linear additive: normalised, whatever the file's scale
        assert abs(float(np.sum(weights)) - 1) < 1e-9, weights


def sound_scenario(scenario: Scenario) -> None:
    assert scenario.space.n_outcomes >= 1
    assert scenario.deadline_rounds >= 1
    for party in scenario.parties:
        sound_preferences(party.preferences)


#: A schema class's name or pydantic's own wording: never in a message about a file.
SCHEMA_WORDS = re.compile(r"Spec\b|instance of|Input should be|Value error|Field required")


def in_the_files_terms(error: InputError) -> None:
    """A scenario's or plan's error speaks of the file's keys, not of the code's classes."""
    assert not SCHEMA_WORDS.search(error.describe()), error.describe()
