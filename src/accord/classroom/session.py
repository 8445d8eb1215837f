"""Classroom exercises and sessions: join codes, the roster, pause and end, the clock.

Pure rules over frozen values, with time passed in, so every rule is testable
and the rooms and web layers only store and show what these functions return:

- an `Exercise` is a case with its settings (deadline in rounds, time limit,
  advisor allowed, practice against an accord strategy allowed), each
  overridable (`exercise(case, rounds=...)`);
- a `Session` is an instructor's run of an exercise: a join code
  (`new_code`), the roster in join order (`join`), and its state, `open` while
  students join, then `running`, `paused` and `ended` (`start`, `pause`,
  `resume`, `end`); the moments it was paused are kept, so the clock
  (`active_minutes`, `time_left`) and the monitor (`accord.classroom.monitor`)
  do not count them;
- `moves_allowed(session)` is the predicate the rooms layer asks before it
  accepts a move, and `check_moves_allowed` raises the `InputError` to show.

Pairing the roster is `accord.classroom.pairing`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from accord.classroom.cases import Case, case
from accord.errors import InputError, echo

#: Join-code characters: digits and capitals without look-alikes (no 0/O, 1/I/L), so a
#: code read aloud or off a projector is typed right. 31 characters.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Characters in a join code: 31**6 = 887,503,681 codes. Two of k sessions drawn at
#: random share a code with probability about k**2 / (2 * 31**6): 5.6e-4 for 1,000
#: sessions, 5.6e-8 for 10; `new_code` also redraws a code already in use.
CODE_LENGTH = 6
#: A student's name as the roster shows it, at most this long.
MAX_NAME = 40
#: The longest deadline an exercise may set (the rooms' own limit).
MAX_ROUNDS = 200
#: The longest time limit, in minutes (a long class).
MAX_MINUTES = 240
#: The strategy a student left without a partner practises against, by default.
PRACTICE_STRATEGY = "diplomat"

State = Literal["open", "running", "paused", "ended"]
STATES: tuple[State, ...] = ("open", "running", "paused", "ended")


@dataclass(frozen=True)
class Exercise:
    """A case and the settings it is played with."""

    case: Case
    rounds: int
    time_limit_minutes: int
    advisor: bool
    practice: bool
    strategy: str = PRACTICE_STRATEGY

    def to_json(self) -> dict[str, Any]:
        return {
            "case": self.case.slug,
            "title": self.case.title,
            "rounds": self.rounds,
            "time_limit_minutes": self.time_limit_minutes,
            "advisor": self.advisor,
            "practice": self.practice,
            "strategy": self.strategy,
        }


def exercise(
    case: Case,
    *,
    rounds: int | None = None,
    time_limit_minutes: int | None = None,
    advisor: bool | None = None,
    practice: bool | None = None,
    strategy: str | None = None,
) -> Exercise:
    """The exercise of `case` with its settings, each overridden when given; a deadline,
    time limit or strategy out of range is an `InputError` naming the field."""
    s = case.settings
    ex = Exercise(
        case=case,
        rounds=s.deadline_rounds if rounds is None else rounds,
        time_limit_minutes=s.time_limit_minutes
        if time_limit_minutes is None
        else time_limit_minutes,
        advisor=s.advisor if advisor is None else advisor,
        practice=s.practice if practice is None else practice,
        strategy=PRACTICE_STRATEGY if strategy is None else strategy.strip(),
    )
    if not 1 <= ex.rounds <= MAX_ROUNDS:
        raise InputError(
            f"a deadline of {ex.rounds} rounds", field="rounds", expected=f"1 to {MAX_ROUNDS}"
        )
    if not 1 <= ex.time_limit_minutes <= MAX_MINUTES:
        raise InputError(
            f"a time limit of {ex.time_limit_minutes} minutes",
            field="time_limit_minutes",
            expected=f"1 to {MAX_MINUTES} minutes",
        )
    if ex.practice:
        from accord.strategies import make

        make(ex.strategy)  # an unknown name is an InputError naming the strategies
    return ex


# Join codes -----------------------------------------------------------------------------


def new_code(taken: Container[str] = ()) -> str:
    """A fresh join code from `ALPHABET` (drawn with `secrets`), not one in `taken`."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def read_code(text: str) -> str:
    """A join code as typed ("k7m-q2x", "K7M Q2X") in its stored form ("K7MQ2X"); an
    `InputError` when it cannot be one."""
    code = "".join(text.split()).replace("-", "").upper()
    bad = sorted({c for c in code if c not in ALPHABET})
    if len(code) != CODE_LENGTH or bad:
        why = f"'{echo(text)}' is not a join code"
        if bad:
            why += f" ({', '.join(repr(c) for c in bad)} never appear in one)"
        raise InputError(
            why,
            field="code",
            expected=f"{CODE_LENGTH} characters from {ALPHABET}, as the instructor shows it",
        )
    return code


# The session ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """An instructor's session of an exercise. `students` in join order; `pauses` the
    (from, to) of each pause, `to` None while it lasts; times are timezone-aware."""

    code: str
    exercise: Exercise
    opened_at: datetime
    students: tuple[str, ...] = ()
    state: State = "open"
    started_at: datetime | None = None
    ended_at: datetime | None = None
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "exercise": self.exercise.to_json(),
            "state": self.state,
            "students": list(self.students),
            "opened_at": self.opened_at.isoformat(),
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "pauses": [[a.isoformat(), _iso(b)] for a, b in self.pauses],
        }


def session_from_json(data: dict[str, Any], find: Callable[[str], Case] = case) -> Session:
    """The session `Session.to_json` wrote; its case found by name with `find` (default:
    the shipped cases). A damaged record is an `InputError`."""
    try:
        ex = data["exercise"]
        exercise_ = exercise(
            find(str(ex["case"])),
            rounds=int(ex["rounds"]),
            time_limit_minutes=int(ex["time_limit_minutes"]),
            advisor=bool(ex["advisor"]),
            practice=bool(ex["practice"]),
            strategy=str(ex["strategy"]),
        )
        state = str(data["state"])
        if state not in STATES:
            raise ValueError(f"no state '{state}'")
        return Session(
            code=read_code(str(data["code"])),
            exercise=exercise_,
            opened_at=_when(data["opened_at"]),
            students=tuple(student_name(str(n)) for n in data["students"]),
            state=state,
            started_at=None if data["started_at"] is None else _when(data["started_at"]),
            ended_at=None if data["ended_at"] is None else _when(data["ended_at"]),
            pauses=tuple((_when(a), None if b is None else _when(b)) for a, b in data["pauses"]),
        )
    except (KeyError, TypeError, ValueError, IndexError) as e:
        if isinstance(e, InputError):
            raise
        raise InputError(
            f"not a classroom session ({type(e).__name__}: {e})",
            field="session",
            expected="the JSON of Session.to_json",
        ) from None


def _when(text: Any) -> datetime:
    return _aware(datetime.fromisoformat(str(text)))


def open_session(ex: Exercise, now: datetime, taken: Container[str] = ()) -> Session:
    """A new session of `ex`, open for joining, with a code not in `taken`."""
    return Session(new_code(taken), ex, _aware(now))


def student_name(text: str) -> str:
    """A name as the roster keeps it: spaces collapsed; empty or too long is refused."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME:
        raise InputError(
            "an empty name" if not name else f"a name of {len(name)} characters",
            field="name",
            expected=f"your name, 1 to {MAX_NAME} characters",
        )
    return name


def join(session: Session, name: str) -> Session:
    """`session` with `name` on its roster. Refused (`InputError`) once it has started,
    or when someone of that name (in any case) has joined: the pairing and the
    debrief name students, so two of one name would be confused."""
    who = student_name(name)
    if session.state != "open":
        raise InputError(
            f"session {session.code} is {session.state}: it no longer takes students",
            field="code",
            expected="the code of a session still open for joining; ask the instructor",
        )
    if any(s.casefold() == who.casefold() for s in session.students):
        raise InputError(
            f"'{who}' has already joined session {session.code}",
            field="name",
            expected="a name no one else in the session uses (add an initial)",
        )
    return replace(session, students=(*session.students, who))


def start(session: Session, now: datetime) -> Session:
    """The session running: joining closes and the pairs may move."""
    _must(session, "open", "start")
    return replace(session, state="running", started_at=_aware(now))


def pause(session: Session, now: datetime) -> Session:
    """The session paused: every pair's moves are refused until `resume`."""
    _must(session, "running", "pause")
    return replace(session, state="paused", pauses=(*session.pauses, (_aware(now), None)))


def resume(session: Session, now: datetime) -> Session:
    _must(session, "paused", "resume")
    began, _ = session.pauses[-1]
    return replace(session, state="running", pauses=(*session.pauses[:-1], (began, _aware(now))))


def end(session: Session, now: datetime) -> Session:
    """The session ended, from any state but ended (an open one ends unplayed)."""
    if session.state == "ended":
        raise InputError(f"session {session.code} has already ended", field="state")
    at = _aware(now)
    pauses = session.pauses
    if session.state == "paused":
        pauses = (*pauses[:-1], (pauses[-1][0], at))
    return replace(session, state="ended", ended_at=at, pauses=pauses)


def moves_allowed(session: Session) -> bool:
    """Whether a pair of this session may move now: only while it runs."""
    return session.state == "running"


def check_moves_allowed(session: Session) -> None:
    """Raise the `InputError` a refused move shows, unless the session runs."""
    if moves_allowed(session):
        return
    why = {
        "open": "has not started yet",
        "paused": "is paused by the instructor",
        "ended": "has ended",
    }[session.state]
    raise InputError(
        f"not recorded: the session {why}",
        field="move",
        expected="a move while the session runs",
    )


# The clock --------------------------------------------------------------------------------


def active_minutes(session: Session, since: datetime, now: datetime) -> float:
    """Minutes from `since` to `now` (or to the session's end, if earlier) that the
    session was not paused: what the time limit and the monitor count."""
    until = _aware(now)
    if session.ended_at is not None:
        until = min(until, session.ended_at)
    begin = _aware(since)
    total = max((until - begin).total_seconds(), 0.0)
    for a, b in session.pauses:
        lo, hi = max(a, begin), min(b if b is not None else until, until)
        total -= max((hi - lo).total_seconds(), 0.0)
    return total / 60.0


def time_left(session: Session, now: datetime) -> float | None:
    """Minutes left of the exercise's time limit (0 once over); None before the start."""
    if session.started_at is None:
        return None
    used = active_minutes(session, session.started_at, now)
    return max(session.exercise.time_limit_minutes - used, 0.0)


def _must(session: Session, state: State, action: str) -> None:
    if session.state != state:
        raise InputError(
            f"cannot {action} session {session.code}: it is {session.state}",
            field="state",
            expected=f"a {state} session",
        )


def _aware(t: datetime) -> datetime:
    if t.tzinfo is None:
        raise InputError(
            f"the time {t.isoformat()} has no time zone",
            field="now",
            expected="a timezone-aware datetime (UTC)",
        )
    return t


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat()


__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "PRACTICE_STRATEGY",
    "STATES",
    "Exercise",
    "Session",
    "active_minutes",
    "check_moves_allowed",
    "end",
    "exercise",
    "join",
    "moves_allowed",
    "new_code",
    "open_session",
    "pause",
    "read_code",
    "resume",
    "session_from_json",
    "start",
    "student_name",
    "time_left",
]
