"""The finished talks as every part of the debrief reads them.

`Talks` holds the analysis, the transcript and its outcome metrics, our side,
a plan for each side (ours as given, else the default a strategy would make;
theirs always the default) and both sides' walk-aways and targets. Its
`reply` says how a side answered a move of the other side: the one reading
shared by the tactics and the checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from accord.advisor.history import Claim, History
from accord.analysis.outcome import NegotiationOutcome
from accord.analysis.report import ScenarioAnalysis
from accord.model.issues import ROLES, Role, other
from accord.plan.core import Plan, default_plan
from accord.plan.derive import goal_of
from accord.plan.estimate import Frontier, limit
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Event, Transcript

#: Utility changes below this are rounding, not a concession.
EPS = 1e-9
#: The engine's note on the silences it records while a side consults its authority.
WAITING = "consulting authority"


@dataclass(frozen=True)
class Response:
    """A side's next move after some turn, as a concession or not."""

    turn: int | None
    kind: str  # accept, walk_away, refuse, silence, waiting, consult, concede, hold, open, none
    text: str
    conceded: float = 0.0
    value: float | None = None  # the replier's utility of what it accepted or offered


@dataclass(frozen=True, eq=False)
class Talks:
    analysis: ScenarioAnalysis
    transcript: Transcript
    outcome: NegotiationOutcome
    side: Role
    plans: dict[Role, Plan]
    claims: tuple[Claim, ...] = ()

    @property
    def other(self) -> Role:
        return other(self.side)

    @property
    def rounds(self) -> int:
        return self.transcript.rounds

    @cached_property
    def moves(self) -> tuple[Event, ...]:
        """The events, without the closing displays."""
        return tuple(e for e in self.transcript.events if e.note != "closing")

    @cached_property
    def history(self) -> History:
        t = self.transcript
        return History(tuple(t.events), t.rounds, t.ending, self.claims)

    @cached_property
    def walk_away(self) -> dict[Role, float]:
        """Each side's walk-away: the plan's (never below its BATNA), else its BATNA."""
        return {r: limit(self.plans[r]) for r in ROLES}

    @cached_property
    def targets(self) -> dict[Role, float]:
        """Each side's target: its plan's when the plan fixes one, else the fair deal
        (the true Nash point) plus the stance's edge, as a plan derives it."""
        return {r: goal_of(self.plans[r], self.frontier(r)) for r in ROLES}

    def frontier(self, role: Role) -> Frontier:
        """The true frontier seen from `role`'s side (its utility first)."""
        a = self.analysis
        k = ROLES.index(role)
        points = a.frontier if k == 0 else a.frontier[:, ::-1]
        nash = None if a.nash is None else (a.nash.utilities[k], a.nash.utilities[1 - k])
        return Frontier(points, a.frontier_digits, nash)

    def utility(self, role: Role, outcome: int) -> float:
        party = self.analysis.scenario.parties[ROLES.index(role)]
        return float(party.preferences.utility.at(outcome))

    def late(self, role: Role) -> float:
        return self.plans[role].stance.late

    def time(self, turn: int) -> float:
        """Fraction of the deadline gone at `turn`."""
        return min(turn / (2 * self.rounds), 1.0)

    def own_offer_before(self, role: Role, turn: int) -> float | None:
        """`role`'s utility of its own last offer on the table before `turn`."""
        last = None
        for p in self.outcome.offers[role]:
            if p.turn >= turn:
                break
            last = p.utilities[ROLES.index(role)]
        return last

    def reply(self, role: Role, after: int) -> Response:
        """`role`'s first move after turn `after`, read as a concession or not."""
        e = next((e for e in self.moves if e.actor == role and e.turn > after), None)
        if e is None:
            return Response(None, "none", "no reply: the talks had ended")
        m = e.move
        if isinstance(m, Accept):
            assert e.outcome is not None
            v = self.utility(role, e.outcome)
            return Response(e.turn, "accept", f"accepted their offer (worth {v:.3f})", value=v)
        if isinstance(m, WalkAway):
            if e.note:
                return Response(e.turn, "refuse", "refused it: the talks ended")
            return Response(e.turn, "walk_away", "walked away")
        if isinstance(m, Silence):
            if e.note == WAITING:
                return Response(e.turn, "waiting", "was consulting its authority")
            return Response(e.turn, "silence", "stayed silent")
        if isinstance(m, ConsultAuthority):
            return Response(e.turn, "consult", "consulted its authority")
        if isinstance(m, Offer | Ultimatum | AddOn) and e.outcome is not None:
            return self._offer_reply(role, e)
        if isinstance(m, Display):  # pragma: no cover - displays are closing events
            return Response(e.turn, "none", "closed")
        return Response(e.turn, "none", e.kind)  # pragma: no cover - every move is handled

    def _offer_reply(self, role: Role, e: Event) -> Response:
        assert e.outcome is not None
        u = self.utility(role, e.outcome)
        before = self.own_offer_before(role, e.turn)
        what = {"offer": "an offer", "ultimatum": "an ultimatum", "add_on": "an add-on"}[e.kind]
        if isinstance(e.move, AddOn):
            what = f"add-on '{e.move.issue}'"
        if before is None:
            return Response(e.turn, "open", f"opened with {what} worth {u:.3f}", value=u)
        drop = before - u
        if drop > EPS:
            cond = getattr(e.move, "condition", None) is not None
            how = " with a condition" if cond else ""
            return Response(
                e.turn, "concede", f"conceded {drop:.3f}{how} ({what})", conceded=drop, value=u
            )
        return Response(e.turn, "hold", f"held firm ({what} worth {u:.3f})", value=u)


def plans_for(analysis: ScenarioAnalysis, side: Role, plan: Plan | None) -> dict[Role, Plan]:
    """Our plan (given, else the default), and the default plan for them."""
    scenario = analysis.scenario
    out: dict[Role, Plan] = {}
    for k, role in enumerate(ROLES):
        party = scenario.parties[k]
        out[role] = default_plan(
            scenario.space, party.preferences, role, scenario.deadline_rounds, name=party.name
        )
    if plan is not None:
        out[side] = plan
    return out
