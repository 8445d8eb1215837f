"""The instructor's live monitor: each pair's state, from what happened and when.

Pure functions of a pair's moves (the times they were recorded), how its talks
ended (the engine's ending reason, or None) and `now`:

- `waiting`: no move yet (the students are reading their briefs);
- `negotiating`: moves, the last one at most `STUCK_MINUTES` ago;
- `stuck`: moves, but none for more than `STUCK_MINUTES`;
- `agreed`, `walked_away`, or `no_deal` (the deadline, the time limit, or a
  refused ultimatum) once the talks have ended.

Time is counted as the session's clock counts it (`session.active_minutes`): a
pause does not make a pair stuck.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from accord.classroom.pairing import Pair, Pairing
from accord.classroom.session import Session, active_minutes

#: Minutes without a move after which a pair shows as stuck. The shipped cases give
#: 16 to 30 rounds in 25 to 40 minutes, a round every 1.3 to 2 minutes; five minutes
#: is two to four rounds' worth of time with nothing happening: longer than a side
#: weighing an offer or rereading its brief, yet early enough (a fifth to an eighth
#: of the time limit) for the instructor to step in.
STUCK_MINUTES = 5.0

PairState = Literal["waiting", "negotiating", "stuck", "agreed", "walked_away", "no_deal"]
_ENDED: dict[str, PairState] = {"agreement": "agreed", "walk_away": "walked_away"}


@dataclass(frozen=True)
class PairActivity:
    """What a pair's room recorded: when each move was made (in order), and how the
    talks ended (an ending reason of the engine: agreement, walk_away, deadline,
    time_limit, ultimatum_refused), None while they go on."""

    moves: tuple[datetime, ...] = ()
    ending: str | None = None


@dataclass(frozen=True)
class PairStatus:
    """A pair's state on the monitor; `idle_minutes` since its last move (or the start)
    while the talks go on, None once they have ended or before the session starts."""

    state: PairState
    moves: int
    idle_minutes: float | None
    ending: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "moves": self.moves,
            "idle_minutes": self.idle_minutes,
            "ending": self.ending,
        }


def pair_status(
    session: Session,
    activity: PairActivity,
    now: datetime,
    stuck_after: float = STUCK_MINUTES,
) -> PairStatus:
    """The state of one pair of `session` at `now` (see the module's doc)."""
    n = len(activity.moves)
    if activity.ending is not None:
        return PairStatus(_ENDED.get(activity.ending, "no_deal"), n, None, activity.ending)
    since = activity.moves[-1] if activity.moves else session.started_at
    idle = None if since is None else active_minutes(session, since, now)
    if n == 0:
        return PairStatus("waiting", 0, idle)
    assert idle is not None
    return PairStatus("stuck" if idle > stuck_after else "negotiating", n, idle)


def monitor(
    session: Session,
    pairs: Pairing,
    activity: Mapping[int, PairActivity],
    now: datetime,
    stuck_after: float = STUCK_MINUTES,
) -> tuple[tuple[Pair, PairStatus], ...]:
    """Every pair of `pairs` with its status; `activity` by pair number (a pair without
    an entry has not moved)."""
    return tuple(
        (p, pair_status(session, activity.get(p.number, PairActivity()), now, stuck_after))
        for p in pairs.pairs
    )


def counts(statuses: Sequence[PairStatus]) -> dict[PairState, int]:
    """How many pairs are in each state, every state listed (the monitor's summary line)."""
    order: tuple[PairState, ...] = (
        "waiting",
        "negotiating",
        "stuck",
        "agreed",
        "walked_away",
        "no_deal",
    )
    return {s: sum(1 for x in statuses if x.state == s) for s in order}


__all__ = [
    "STUCK_MINUTES",
    "PairActivity",
    "PairState",
    "PairStatus",
    "counts",
    "monitor",
    "pair_status",
]
