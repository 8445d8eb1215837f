"""The end of a coached negotiation: the outcome in a few lines, and the debrief when
`accord.debrief` is installed (looked up once, at import) and the plan has a scenario."""

from __future__ import annotations

from importlib.util import find_spec
from typing import TYPE_CHECKING

from accord.coach import words
from accord.errors import InputError
from accord.model.issues import ROLES

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
        from accord.analysis.outcome import agreed_utilities

        k = ROLES.index(plan.side)
        worth = agreed_utilities(session.scenario, ending)
        expected = "expected " if ending.condition is not None else ""
        line = (
            f"our {expected}utility {worth[k]:.3f} "
            f"(walk-away {plan.walk_away:.3f}, BATNA {plan.batna:.3f})"
        )
        if plan.scenario is not None:
            line += f"; theirs {worth[1 - k]:.3f}"
        lines.append(line)
        if ending.condition is not None:
            from accord.protocol.moves import if_missed

            scenario = session.scenario
            ours = (scenario.a if plan.side == "A" else scenario.b).preferences.utility
            met = ours.at(ending.agreement)
            missed = ours.at(if_missed(plan.space, ending.agreement, ending.condition))
            belief = "" if ending.beliefs is None else f", at our belief {ending.beliefs[k]:.0%}"
            lines.append(f"to us {met:.3f} if the condition is met, {missed:.3f} if not{belief}")
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
    from accord.debrief.sources import from_store

    try:  # from the store, as `accord debrief ID` reads it: one source of every figure
        held = session.transcript
        return from_store(session.store, session.negotiation_id, held=held).debrief()
    except InputError:
        return None
