"""The coach: a live negotiation typed in as it happens, with the advisor's advice.

`CoachSession.start(store, plan_path, against=None, seed=0)` begins one (stored
before the first move), `CoachSession.resume(store, id)` continues it, and
`session.handle(line)` reads a line (a move in strict or natural phrasing, an
answer, or a command: help, undo, advice, moves, quit; Enter or `ok` at our move
records the advised move) and returns a `Reply`.
`accord coach` is the terminal around it (docs/coach.md).
"""

from accord.coach.reply import Reply, help_text
from accord.coach.session import CoachSession

__all__ = ["CoachSession", "Reply", "help_text"]
