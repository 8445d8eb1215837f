"""The doctrine core's curves: monotone in time, from the start to the floor, never below it."""

from __future__ import annotations

import itertools
import math

from hypothesis import given
from hypothesis import strategies as st

from accord.doctrine import (
    STANCE,
    accept_recent_best,
    belief,
    closing_floor,
    goal,
    hold,
    in_late_phase,
    is_losing,
    is_windfall,
    late_concession,
    late_start,
    own_clock,
    time_concession,
    turn_clock,
)

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


@given(nash=unit, edge=st.floats(0.0, 0.3), opening=unit, floor=unit)
def test_goal_is_the_fair_deal_plus_the_edge_within_the_limits(
    nash: float, edge: float, opening: float, floor: float
) -> None:
    g = goal(nash, edge, opening, floor)
    assert g >= floor
    assert g <= max(opening, floor)
    if floor <= nash + edge <= opening:
        assert g == nash + edge


@given(
    fair=unit,
    opening=unit,
    c1=unit,
    c2=unit,
    reciprocity=st.floats(0.0, 5.0),
    windfall=st.floats(0.0, 0.5),
    settled=st.booleans(),
)
def test_hold_falls_only_as_they_concede_and_never_below_the_goal(
    fair: float,
    opening: float,
    c1: float,
    c2: float,
    reciprocity: float,
    windfall: float,
    settled: bool,
) -> None:
    less, more = sorted((c1, c2))
    first = hold(fair, opening, less, reciprocity, windfall, settled)
    assert first >= hold(fair, opening, more, reciprocity, windfall, settled)
    assert first >= fair
    if settled:
        assert first <= fair + windfall


def test_windfall_only_before_the_late_phase() -> None:
    assert is_windfall(0.5, 0.9, 0.6, STANCE.late, STANCE.windfall)
    assert not is_windfall(0.5, 0.65, 0.6, STANCE.late, STANCE.windfall)
    assert not is_windfall(0.9, 0.9, 0.6, STANCE.late, STANCE.windfall)


def test_losing_only_far_below_the_target_in_the_second_half_of_the_late_phase() -> None:
    args = (STANCE.late, STANCE.losing_gap)
    assert is_losing(0.4, 0.6, 0.95, *args)
    assert not is_losing(0.4, 0.6, 0.9, *args)  # before (1 + late) / 2
    assert not is_losing(0.55, 0.6, 0.95, *args)  # within the gap


def test_a_condition_of_ours_is_believed_more_than_one_of_theirs() -> None:
    assert belief(True) == STANCE.belief_ours > belief(False) == STANCE.belief_theirs


@given(rounds=st.integers(2, 500), first=st.booleans())
def test_own_clock_runs_from_zero_to_one_at_our_last_turn(rounds: int, first: bool) -> None:
    """Accord's time is turn / (2 * rounds): our last turn comes before t = 1; our own
    clock puts it at 1, rising with every turn of ours."""
    turns = range(0 if first else 1, 2 * rounds, 2)
    clocks = [own_clock(k / (2 * rounds), (2 * rounds - k + 1) // 2, rounds) for k in turns]
    assert clocks[-1] == 1.0 and (clocks[0] == 0.0 or not first)
    assert all(a < b for a, b in itertools.pairwise(clocks))


@given(rounds=st.integers(1, 300), data=st.data())
def test_a_turn_counts_on_the_clock_of_the_side_that_moves(
    rounds: int, data: st.DataObject
) -> None:
    """The advisor counts turns, Diplomat reads its view: the same clock, the same late
    phase, and the late phase keeps at least `late_turns` turns of each side's (or all)."""
    turn = data.draw(st.integers(0, 2 * rounds - 1))
    turns_left = (2 * rounds - turn + 1) // 2  # the view's, this turn included
    assert turn_clock(turn, rounds) == own_clock(turn / (2 * rounds), turns_left, rounds)
    start = late_start(STANCE.late, STANCE.late_turns, rounds)
    assert in_late_phase(turn, rounds) == (turn_clock(turn, rounds) >= start)
    late = [k for k in range(turn % 2, 2 * rounds, 2) if in_late_phase(k, rounds)]
    assert len(late) >= min(STANCE.late_turns, rounds)


def test_the_late_phase_leaves_enough_turns_at_a_short_deadline() -> None:
    assert late_start(STANCE.late, STANCE.late_turns, 100) == STANCE.late  # long: `late` rules
    start = late_start(STANCE.late, STANCE.late_turns, 20)
    assert start < STANCE.late and (1 - start) * 20 >= STANCE.late_turns  # short: the turns
    assert late_start(0.85, 5, 3) == 0.0


def test_the_late_concession_ends_at_their_best_offer_when_it_beats_the_walk_away() -> None:
    assert closing_floor(0.3, 0.55) == 0.55 and closing_floor(0.3, 0.1) == 0.3
    floor = closing_floor(0.3, 0.55)
    assert late_concession(1.0, 0.8, floor, 0.85, 0.5) == 0.55  # not the walk-away


def test_ac_combi_accepts_only_late_and_only_the_best_recent_offer() -> None:
    assert not accept_recent_best(STANCE.accept_turns + 1, 0.6, 0.6, STANCE.accept_turns)
    assert accept_recent_best(2, 0.6, 0.6, 2)
    assert not accept_recent_best(1, 0.59, 0.6, 2)  # they offered better lately
