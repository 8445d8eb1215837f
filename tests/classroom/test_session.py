"""Classroom sessions: exercises and their settings, join codes, the roster, pause and
end, the clock that leaves pauses out, pairing in join order, and the monitor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.classroom.cases import case
from accord.classroom.monitor import (
    STUCK_MINUTES,
    PairActivity,
    counts,
    monitor,
    pair_status,
)
from accord.classroom.pairing import pair_students, pairing
from accord.classroom.session import (
    ALPHABET,
    CODE_LENGTH,
    Session,
    active_minutes,
    check_moves_allowed,
    end,
    exercise,
    join,
    moves_allowed,
    new_code,
    open_session,
    pause,
    read_code,
    resume,
    session_from_json,
    start,
    time_left,
)
from accord.errors import InputError

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def session(*names: str, practice: bool = True, running: bool = False) -> Session:
    s = open_session(exercise(case("dealer_rebate"), practice=practice), at(0))
    for n in names:
        s = join(s, n)
    return start(s, at(0)) if running else s


# exercises -------------------------------------------------------------------------------


def test_an_exercise_takes_the_case_settings_unless_overridden() -> None:
    c = case("saas_renewal")
    ex = exercise(c)
    s = c.settings
    assert (ex.rounds, ex.time_limit_minutes, ex.advisor, ex.practice) == (
        s.deadline_rounds,
        s.time_limit_minutes,
        s.advisor,
        s.practice,
    )
    assert ex.strategy == "diplomat"
    mine = exercise(c, rounds=7, time_limit_minutes=12, advisor=False, practice=False)
    assert (mine.rounds, mine.time_limit_minutes, mine.advisor, mine.practice) == (
        7,
        12,
        False,
        False,
    )
    assert mine.to_json()["case"] == "saas_renewal"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rounds": 0}, "rounds"),
        ({"rounds": 201}, "rounds"),
        ({"time_limit_minutes": 0}, "time_limit_minutes"),
        ({"strategy": "no_such_player"}, "strategy"),
    ],
)
def test_an_exercise_refuses_settings_out_of_range(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as e:
        exercise(case("dealer_rebate"), **kwargs)  # type: ignore[arg-type]
    assert e.value.field == field and e.value.expected


def test_the_practice_strategy_is_checked_only_when_practice_is_allowed() -> None:
    ex = exercise(case("dealer_rebate"), practice=False, strategy="no_such_player")
    assert not ex.practice
    assert exercise(case("dealer_rebate"), strategy="hardliner").strategy == "hardliner"


# join codes ------------------------------------------------------------------------------


def test_the_alphabet_has_no_look_alikes() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_codes_are_from_the_alphabet_and_unique() -> None:
    codes = [new_code() for _ in range(2000)]
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)  # 2000 of 31**6: a collision has odds 2e-3
    assert len({c[0] for c in codes}) == len(ALPHABET)  # every character is drawn


def test_a_new_code_is_not_one_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    draws = iter("AAAAAA" + "BBBBBB")
    monkeypatch.setattr("accord.classroom.session.secrets.choice", lambda _: next(draws))
    assert new_code({"AAAAAA"}) == "BBBBBB"


def test_a_code_is_read_as_typed() -> None:
    assert read_code(" k7m-q2x ") == "K7MQ2X"
    assert read_code("k7m q2x") == "K7MQ2X"
    for bad in ("K7MQ2", "K7MQ2XY", "K7MQ20", "KOMQ2X", ""):
        with pytest.raises(InputError) as e:
            read_code(bad)
        assert e.value.field == "code" and ALPHABET in (e.value.expected or "")
    with pytest.raises(InputError, match="'0'"):
        read_code("K7MQ20")


# the roster and the states ---------------------------------------------------------------


def test_students_join_in_order_and_a_taken_name_is_refused() -> None:
    s = session("Ann", " Bo  Li ")
    assert s.students == ("Ann", "Bo Li")
    with pytest.raises(InputError) as e:
        join(s, "ann")
    assert e.value.field == "name" and "'ann' has already joined" in e.value.message
    for bad in ("", "   ", "x" * 41):
        with pytest.raises(InputError) as e:
            join(s, bad)
        assert e.value.field == "name"
    assert s.students == ("Ann", "Bo Li")  # a refused join changes nothing


def test_joining_closes_at_the_start() -> None:
    s = start(session("Ann", "Bo"), at(1))
    with pytest.raises(InputError, match="no longer takes students") as e:
        join(s, "Cy")
    assert e.value.field == "code"


def test_pause_resume_and_end_rules() -> None:
    s = session("Ann", "Bo")
    assert s.state == "open" and not moves_allowed(s)
    with pytest.raises(InputError, match="has not started"):
        check_moves_allowed(s)
    for wrong in (pause, resume):
        with pytest.raises(InputError, match="it is open"):
            wrong(s, at(1))
    s = start(s, at(1))
    assert moves_allowed(s)
    check_moves_allowed(s)
    with pytest.raises(InputError):
        start(s, at(2))
    with pytest.raises(InputError):
        resume(s, at(2))
    s = pause(s, at(2))
    assert s.state == "paused" and not moves_allowed(s)
    with pytest.raises(InputError, match="paused by the instructor") as e:
        check_moves_allowed(s)
    assert e.value.field == "move"
    with pytest.raises(InputError):
        pause(s, at(3))
    s = resume(s, at(4))
    assert s.state == "running" and moves_allowed(s) and s.pauses == ((at(2), at(4)),)
    s = end(pause(s, at(5)), at(6))
    assert s.state == "ended" and not moves_allowed(s) and s.pauses[-1] == (at(5), at(6))
    with pytest.raises(InputError, match="has ended"):
        check_moves_allowed(s)
    with pytest.raises(InputError, match="already ended"):
        end(s, at(7))
    assert end(session(), at(1)).state == "ended"  # an open session may end unplayed


def test_times_must_carry_a_zone() -> None:
    with pytest.raises(InputError) as e:
        start(session(), datetime(2026, 12, 4, 9, 0))
    assert "time zone" in e.value.message


def test_the_clock_leaves_pauses_out() -> None:
    s = session("Ann", "Bo", running=True)  # started at 0, limit 30 minutes (the case's)
    assert s.exercise.time_limit_minutes == 30
    assert time_left(session(), at(5)) is None
    s = resume(pause(s, at(10)), at(15))
    assert active_minutes(s, at(0), at(20)) == pytest.approx(15)
    assert time_left(s, at(20)) == pytest.approx(15)
    s = pause(s, at(25))
    assert active_minutes(s, at(0), at(40)) == pytest.approx(20)  # paused since 25
    s = end(resume(s, at(41)), at(50))
    assert active_minutes(s, at(0), at(90)) == pytest.approx(29)  # stops at the end
    assert time_left(s, at(90)) == pytest.approx(1)
    s2 = start(session("A", "B"), at(0))
    assert time_left(s2, at(45)) == 0.0


def test_a_session_reads_back_from_its_json() -> None:
    import json

    s = resume(pause(session("Ann", "Bo", "Cy", running=True), at(3)), at(5))
    s = pause(s, at(8))
    back = session_from_json(json.loads(json.dumps(s.to_json())))
    assert back == s
    data = s.to_json()
    for key, bad in (("state", "sleeping"), ("code", "OOOOOO"), ("opened_at", "noon")):
        with pytest.raises(InputError):
            session_from_json({**data, key: bad})
    with pytest.raises(InputError, match="not a classroom session"):
        session_from_json({"code": s.code})
    with pytest.raises(InputError, match="no case called"):
        session_from_json({**data, "exercise": {**data["exercise"], "case": "gone"}})


# pairing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "practice", "pairs", "observers", "practising"),
    [
        (0, True, 0, (), None),
        (1, True, 1, (), "S0"),
        (1, False, 0, ("S0",), None),
        (2, True, 1, (), None),
        (3, True, 2, (), "S2"),
        (3, False, 1, ("S2",), None),
        (7, True, 4, (), "S6"),
        (7, False, 3, ("S6",), None),
    ],
)
def test_pairing_in_join_order(
    n: int, practice: bool, pairs: int, observers: tuple[str, ...], practising: str | None
) -> None:
    names = [f"S{k}" for k in range(n)]
    p = pair_students(names, practice=practice, strategy="boulware")
    assert len(p.pairs) == pairs and p.observers == observers
    humans = [x for x in p.pairs if not x.practice]
    assert [(x.a, x.b) for x in humans] == [
        (names[k], names[k + 1]) for k in range(0, 2 * len(humans), 2)
    ]
    assert [x.number for x in p.pairs] == list(range(1, pairs + 1))
    solo = [x for x in p.pairs if x.practice]
    if practising is None:
        assert not solo
    else:
        assert [(x.a, x.strategy) for x in solo] == [(practising, "boulware")]
        assert solo[0].seat("B") == "strategy:boulware" and solo[0].seat("A") == practising
        assert p.pairs[-1] is solo[0]


def test_a_session_is_paired_by_its_settings() -> None:
    assert pairing(session("Ann", "Bo", "Cy")).pairs[-1].strategy == "diplomat"
    assert pairing(session("Ann", "Bo", "Cy", practice=False)).observers == ("Cy",)
    p = pairing(session("Ann", "Bo", "Cy"))
    assert p.seat_of("bo") == (p.pairs[0], "B") and p.seat_of("Cy") == (p.pairs[1], "A")
    assert p.seat_of("Dee") is None
    assert p.to_json()["pairs"][1] == {"pair": 2, "A": "Cy", "B": None, "strategy": "diplomat"}


@given(st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=40), st.booleans())
def test_every_student_is_in_exactly_one_pair_or_observes(names: list[str], practice: bool) -> None:
    p = pair_students(names, practice=practice)
    placed = [s for x in p.pairs for s in x.students] + list(p.observers)
    assert sorted(placed) == sorted(names)  # each once, nobody invented
    assert placed[: len(names) - len(p.observers)] == names[: len(names) - len(p.observers)]
    assert len(p.observers) == (0 if practice else len(names) % 2)
    assert sum(x.practice for x in p.pairs) == (len(names) % 2 if practice else 0)
    assert all(x.b is not None or x.strategy for x in p.pairs)
    assert p == pair_students(names, practice=practice)  # the same each time


# the monitor ------------------------------------------------------------------------------------


def test_the_monitor_reads_each_pair_from_its_moves_and_ending() -> None:
    s = session("A1", "B1", "A2", "B2", "A3", "B3", "A4", "B4", "Solo", running=True)
    pairs = pairing(s)
    activity = {
        2: PairActivity((at(1), at(2))),
        3: PairActivity((at(1),)),
        4: PairActivity((at(1), at(3)), "agreement"),
        5: PairActivity((at(1),), "walk_away"),
    }
    now = at(1 + STUCK_MINUTES + 0.5)
    states = {p.number: st.state for p, st in monitor(s, pairs, activity, now)}
    assert states == {1: "waiting", 2: "negotiating", 3: "stuck", 4: "agreed", 5: "walked_away"}
    statuses = [x for _, x in monitor(s, pairs, activity, now)]
    assert counts(statuses) == {
        "waiting": 1,
        "negotiating": 1,
        "stuck": 1,
        "agreed": 1,
        "walked_away": 1,
        "no_deal": 0,
    }


def test_stuck_only_after_the_threshold() -> None:
    s = session("A", "B", running=True)
    one = PairActivity((at(2),))
    assert pair_status(s, one, at(2 + STUCK_MINUTES)).state == "negotiating"
    late = pair_status(s, one, at(2 + STUCK_MINUTES + 0.01))
    assert late.state == "stuck" and late.idle_minutes == pytest.approx(STUCK_MINUTES + 0.01)
    assert pair_status(s, one, at(4), stuck_after=1).state == "stuck"
    assert pair_status(s, PairActivity(), at(60)).state == "waiting"


def test_a_pause_does_not_make_a_pair_stuck() -> None:
    s = resume(pause(session("A", "B", running=True), at(3)), at(13))
    status = pair_status(s, PairActivity((at(2),)), at(14))
    assert status.state == "negotiating" and status.idle_minutes == pytest.approx(2)


@pytest.mark.parametrize("reason", ["deadline", "time_limit", "ultimatum_refused"])
def test_talks_ended_without_a_deal(reason: str) -> None:
    s = session("A", "B", running=True)
    status = pair_status(s, PairActivity((at(1),), reason), at(2))
    assert status.state == "no_deal" and status.ending == reason and status.idle_minutes is None
