"""The end of a coached negotiation: the outcome in a few lines, and the debrief when
`accord.debrief` is installed (looked up once, at import) and the plan has a scenario."""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

from accord.coach import words
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.coach.session import CoachSession
    from accord.debrief import Debrief

HAS_DEBRIEF = find_spec("accord.debrief") is not None


def summary(session: CoachSession) -> tuple[str, ...]:
    """How it ended, our utility against the walk-away, and theirs when the scenario
    gives it."""
    plan, ending = session.plan, session.transcript.ending
    if ending is None:
        return ()
    lines = [words.ending(plan, ending)]
    used = ending.turn // 2 + 1
    if ending.reason == "agreement" and ending.agreement is not None:
        ours = plan.ours.utility.at(ending.agreement)
        line = f"our utility {ours:.3f} (walk-away {plan.walk_away:.3f}, BATNA {plan.batna:.3f})"
        if plan.scenario is not None:
            other = plan.scenario.b if plan.side == "A" else plan.scenario.a
            line += f"; theirs {other.preferences.utility.at(ending.agreement):.3f}"
        lines.append(line)
    else:
        lines.append(
            f"we live on our BATNA ({plan.batna:.3f}): {plan.batna_description.strip()}".rstrip(
                ": "
            )
        )
    lines.append(f"{used} of {session.neg.rounds} rounds used")
    return tuple(lines)


def debrief_of(session: CoachSession) -> Debrief | None:
    """The debrief from our seat, or None (no debrief library, no scenario, or the
    debrief refuses these talks)."""
    if not HAS_DEBRIEF or session.plan.scenario is None or not session.ended:
        return None
    from accord.debrief import debrief

    try:
        return debrief(
            session.scenario,
            session.transcript,
            session.plan.side,
            session.plan,
            claims=session.history().claims,
        )
    except InputError:
        return None
