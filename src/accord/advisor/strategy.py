"""`advised`: a strategy that follows the advisor's recommendation on every turn.

It is how the advisor is measured (bench/advisor.py): the advice played
automatically, against every registered strategy. Its plan is the one a
strategy can make from its own view (`default_plan`): walk-away at its BATNA,
nothing known about the other side (learnt from their offers), every tactic
allowed, its add-ons kept for the close.
"""

from __future__ import annotations

from accord.advisor.advice import Advisor
from accord.advisor.history import History, belief
from accord.plan.core import default_plan
from accord.protocol.moves import Condition, Display, Move, Silence
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View


class Advised(Strategy):
    """Plays `Advisor.next_move` each turn: the doctrine's rules as advice (docs/advisor.md),
    P2-P13 of DESIGN.md; closes modestly (P13) and values conditions as the advisor does."""

    name = "advised"
    traits = Traits(
        opponent_model=True,
        tactics=("silence", "consult_authority", "add_on", "conditional", "ultimatum", "display"),
        source="accord advisor (docs/advisor.md), DESIGN.md P2-P13",
    )

    def __init__(self) -> None:
        self._advisor: Advisor | None = None

    def reset(self, view: View) -> None:
        plan = default_plan(view.space, view.preferences, view.role, view.rounds)
        self._advisor = Advisor(plan)

    def act(self, view: View) -> Move:
        assert self._advisor is not None, "reset() was not called"
        move = self._advisor.next_move(History(view.events, view.rounds, turn=view.turn))
        return Silence() if move is None or isinstance(move, Display) else move

    def close(self, view: View) -> Display:
        return Display("modest")

    def belief(self, condition: Condition, view: View) -> float:
        return belief(condition.obligor, view.role)
