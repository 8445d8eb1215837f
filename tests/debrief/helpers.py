"""Hand-made negotiations on the dealer rebate scenario, played move by move through the
engine (`Negotiation.submit`), for the debrief's tests. We are the manufacturer (A)."""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.conftest import DEALER, load

from accord.analysis.report import ScenarioAnalysis, analyse
from accord.model.issues import Role
from accord.model.scenario import Scenario
from accord.protocol.engine import Negotiation
from accord.protocol.moves import Display, Move, Offer
from accord.protocol.transcript import Transcript
from accord.protocol.view import View
from accord.strategies import Strategy

#: A's best outcome (1.0 to A, 0.0 to B) and B's best (0.075 to A, 1.0 to B).
OURS = {"rebate": 1.0, "stock": 2.0, "payment_days": 30, "term_years": 3}
THEIRS = {"rebate": 2.0, "stock": 1.0, "payment_days": 90, "term_years": 2, "co_marketing": True}
#: 0.4825 to A, 0.5975 to B: below A's derived target (0.545) by more than the band.
SOFT = {"rebate": 1.75, "stock": 1.5, "payment_days": 45, "term_years": 2}
#: 0.925 to A, 0.1 to B: a small concession from OURS.
NEAR = {"rebate": 1.0, "stock": 2.0, "payment_days": 30, "term_years": 3 - 1}


class Scripted(Strategy):
    """Never asked to act (moves are submitted); closes with `display` after an agreement."""

    name = "scripted"

    def __init__(self, display: str | None = None) -> None:
        self.display = display

    def act(self, view: View) -> Move:  # pragma: no cover - moves are submitted
        raise AssertionError("scripted moves are submitted, not asked for")

    def close(self, view: View) -> Display | None:
        return None if self.display is None else Display(self.display)  # type: ignore[arg-type]


def scenario() -> Scenario:
    return load(DEALER)


@cache
def analysis() -> ScenarioAnalysis:
    return analyse(scenario())


def o(terms: dict[str, Any], **changes: Any) -> int:
    """The outcome index of `terms` (co_marketing off unless named), with `changes`."""
    full = {"co_marketing": False, **terms, **changes}
    return scenario().space.index_of(full)


def play(
    *moves: tuple[Role, Move | None],
    rounds: int = 20,
    close: tuple[str | None, str | None] = (None, None),
) -> Transcript:
    """Submit `moves` in order; a None move lets the engine step (a side waiting on its
    authority)."""
    neg = Negotiation(scenario(), Scripted(close[0]), Scripted(close[1]), rounds=rounds)
    for role, move in moves:
        if move is None:
            neg.step()
        else:
            neg.submit(role, move)
    return neg.transcript


def exchanges(
    n: int, ours: int | None = None, theirs: int | None = None
) -> list[tuple[Role, Move]]:
    """`n` rounds of both sides repeating an offer, A first."""
    a = Offer(o(OURS) if ours is None else ours)
    b = Offer(o(THEIRS) if theirs is None else theirs)
    return [m for _ in range(n) for m in (("A", a), ("B", b))]  # type: ignore[misc]
