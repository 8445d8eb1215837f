"""The doctrine core's curves: monotone in time, from the start to the floor, never below it."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from accord.doctrine import STANCE, late_concession, time_concession

unit = st.floats(0.0, 1.0)
exponents = st.floats(0.05, 10.0)


@given(t1=unit, t2=unit, e=exponents, start=unit, floor=unit)
def test_time_concession_falls_from_start_to_floor(
    t1: float, t2: float, e: float, start: float, floor: float
) -> None:
    early, later = sorted((t1, t2))
    assert time_concession(early, e, start, floor) >= time_concession(later, e, start, floor)
    assert math.isclose(time_concession(0.0, e, start, floor), max(start, floor), abs_tol=1e-12)
    assert time_concession(1.0, e, start, floor) == floor
    assert time_concession(early, e, start, floor) >= floor


@given(t=unit, start=st.floats(0.5, 1.0), floor=st.floats(0.0, 0.4))
def test_boulware_concedes_less_than_conceder(t: float, start: float, floor: float) -> None:
    assert time_concession(t, 0.2, start, floor) >= time_concession(t, 2.0, start, floor)


@given(t1=unit, t2=unit, hold=unit, walk=unit, late=st.floats(0.0, 0.99), e=exponents)
def test_late_concession_holds_then_falls_to_the_walk_away(
    t1: float, t2: float, hold: float, walk: float, late: float, e: float
) -> None:
    early, later = sorted((t1, t2))
    first = late_concession(early, hold, walk, late, e)
    assert first >= late_concession(later, hold, walk, late, e)
    assert first >= walk  # P2: never below the walk-away
    if early < late:
        assert first == max(hold, walk)
    assert math.isclose(late_concession(1.0, hold, walk, late, e), walk, abs_tol=1e-12)


def test_late_concession_with_no_late_phase_is_the_walk_away_at_the_deadline() -> None:
    assert math.isclose(late_concession(1.0, 0.8, 0.3, 1.0, 0.5), 0.3)
    assert late_concession(0.99, 0.8, 0.3, 1.0, 0.5) == 0.8


def test_late_concession_is_boulware_with_the_stance_defaults() -> None:
    """Half-way through the late phase, exponent 0.5 has conceded a quarter of the range."""
    t = STANCE.late + (1.0 - STANCE.late) / 2
    value = late_concession(t, 0.8, 0.4, STANCE.late, STANCE.exponent)
    assert math.isclose(value, 0.8 - 0.25 * 0.4)
