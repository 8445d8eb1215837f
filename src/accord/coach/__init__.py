"""The coach: a live negotiation typed in as it happens, with the advisor's advice.

`CoachSession.start(store, plan_path, against=None, seed=0)` begins one (stored
before the first move), `CoachSession.resume(store, id)` continues it, and
`session.handle(line)` reads a line (a move in strict or natural phrasing, an
answer, or a command: help, undo, advice, moves, quit) and returns a `Reply`.
`accord coach` is the terminal around it (docs/coach.md).
"""

from accord.coach.reply import HELP, Reply
from accord.coach.session import CoachSession

__all__ = ["HELP", "CoachSession", "Reply"]
