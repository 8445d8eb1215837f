"""The debrief's values: what a finished negotiation achieved, how, and at what cost.

Frozen dataclasses with `to_json`, so the terminal, a PNG, a coach and a web
page read the same numbers. Utility pairs are (A, B), as everywhere in
accord; `Debrief.side` says which one is "we".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from accord.analysis.outcome import NegotiationOutcome
from accord.analysis.report import ScenarioAnalysis
from accord.debrief.replay import Moment
from accord.model.issues import Role, Value, other
from accord.protocol.transcript import Transcript
from accord.relationship import Grievance, NegotiationRecord

Pair = tuple[float, float]
Status = Literal["kept", "broken", "not applicable"]
#: How an answer to a tactic reads against the doctrine; None when it takes no side.
Judgement = Literal["kept", "broken"] | None


@dataclass(frozen=True)
class Deal:
    """A point of the outcome space: both utilities and, when it is an outcome, its terms."""

    utilities: Pair
    terms: dict[str, Value] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"utilities": list(self.utilities), "terms": self.terms}


@dataclass(frozen=True)
class Result:
    """The outcome against each side's BATNA, our walk-away and target, and the Nash point.

    `utilities`, `reservations`, `surplus` and `shares` are the outcome metrics
    (`accord.analysis.outcome.evaluate`); `fair_shares` are the shares at the
    Nash point, the relationship model's fair reference.
    """

    agreement: bool
    reason: str
    turn: int | None
    terms: dict[str, Value] | None
    condition: str | None
    utilities: Pair
    reservations: Pair
    walk_away: float
    target: float
    target_source: Literal["plan", "derived"]
    nash: Deal | None
    surplus: Pair
    shares: Pair | None
    fair_shares: Pair | None

    @property
    def target_label(self) -> str:
        """Where the target comes from, said where it is shown: a derived one is judged in
        hindsight (the true fair deal), not the estimate the coach worked from."""
        if self.target_source == "plan":
            return "our target (the plan's)"
        return "our target in hindsight (true fair deal + edge)"

    def to_json(self) -> dict[str, Any]:
        return {
            "agreement": self.agreement,
            "reason": self.reason,
            "turn": self.turn,
            "terms": self.terms,
            "condition": self.condition,
            "utilities": list(self.utilities),
            "reservations": list(self.reservations),
            "walk_away": self.walk_away,
            "target": self.target,
            "target_source": self.target_source,
            "nash": None if self.nash is None else self.nash.to_json(),
            "surplus": list(self.surplus),
            "shares": _list(self.shares),
            "fair_shares": _list(self.fair_shares),
        }


@dataclass(frozen=True)
class Efficiency:
    """How far the result is from the Pareto frontier, and the better deal that was there.

    `better` is the frontier point that dominates the result and is nearest to
    it (`kind` "dominating"), or, without an agreement, the Nash point ("nash");
    None when nothing better for both was available. `left_on_table` is what
    each side would have gained there. A conditional agreement is judged by its
    terms as stated (`face_value`), the terms a better deal replaces.
    `reachable` says whether the counterpart's behaviour put the better deal
    within reach, or only the numbers did, and `why`
    (`accord.debrief.efficiency.reachability`); None without a better deal.
    """

    point: Pair
    distance_to_frontier: float
    better: Deal | None
    kind: Literal["dominating", "nash"] | None
    left_on_table: Pair
    welfare: float
    max_welfare: float | None
    face_value: bool = False
    reachable: bool | None = None
    why: str | None = None

    @property
    def joint_left(self) -> float:
        return self.left_on_table[0] + self.left_on_table[1]

    def to_json(self) -> dict[str, Any]:
        return {
            "point": list(self.point),
            "distance_to_frontier": self.distance_to_frontier,
            "better_deal": None if self.better is None else self.better.to_json(),
            "better_kind": self.kind,
            "left_on_table": list(self.left_on_table),
            "joint_left_on_table": self.joint_left,
            "welfare": self.welfare,
            "max_welfare": self.max_welfare,
            "face_value": self.face_value,
            "reachable": self.reachable,
            "reachable_why": self.why,
        }


@dataclass(frozen=True)
class Step:
    """One offer of a side: its own utility and the other's, and what it conceded.

    `conceded` is the drop in the side's own utility from its previous offer
    (negative: it took some back); `total` the sum of its drops so far, which
    ends at the outcome metrics' `concessions`.
    """

    turn: int
    side: Role
    kind: str
    own: float
    other: float
    conceded: float
    total: float

    @property
    def round(self) -> int:
        """Round counted from 1, as the transcript table shows it."""
        return self.turn // 2 + 1

    def to_json(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "round": self.round,
            "side": self.side,
            "kind": self.kind,
            "own": self.own,
            "other": self.other,
            "conceded": self.conceded,
            "total": self.total,
        }


@dataclass(frozen=True)
class Answer:
    """How the other side answered one use of a tactic: its next move, and `kind`, what
    that move was (concede, hold, accept, silence, ...). Our answers to their tactics
    carry a `verdict` against our principles; theirs to ours are described only (the
    principles are ours: their answer is never a principle we kept or broke)."""

    turn: int
    reply_turn: int | None
    reply: str
    verdict: Judgement
    principles: tuple[str, ...] = ()
    kind: str = "none"

    @property
    def round(self) -> int:
        return self.turn // 2 + 1

    def to_json(self, judged: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "turn": self.turn,
            "round": self.round,
            "reply_turn": self.reply_turn,
            "reply_round": None if self.reply_turn is None else self.reply_turn // 2 + 1,
            "reply": self.reply,
            "kind": self.kind,
        }
        if judged:
            out |= {"verdict": self.verdict, "principles": list(self.principles)}
        return out


@dataclass(frozen=True)
class TacticUse:
    """A tactic one side used, when, what it means, and how the other side answered it."""

    side: Role
    name: str
    turns: tuple[int, ...]
    principles: tuple[str, ...]
    meaning: str
    answers: tuple[Answer, ...]

    @property
    def broken(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.verdict == "broken")

    def to_json(self, judged: bool = True) -> dict[str, Any]:
        """`judged`: the answers are ours, with their verdicts (False: theirs, described)."""
        return {
            "side": self.side,
            "name": self.name,
            "turns": list(self.turns),
            "rounds": [t // 2 + 1 for t in self.turns],
            "principles": list(self.principles),
            "meaning": self.meaning,
            "answers": [a.to_json(judged) for a in self.answers],
        }


@dataclass(frozen=True)
class RelationshipEffect:
    """The relationship model's reading of this negotiation (pairs are (A, B)).

    `before`/`after`: resentment of each side and trust around it (a fresh
    relationship unless a state was given); `grievances` the terms it added to
    each side's resentment (exploited, self-inflicted, face, gestures, modesty); `stay`
    each side's probability of coming back for the next negotiation.
    """

    resentment_before: Pair
    resentment_after: Pair
    trust_before: float
    trust_after: float
    grievances: tuple[Grievance, Grievance]
    stay: Pair
    record: NegotiationRecord = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "resentment_before": list(self.resentment_before),
            "resentment_after": list(self.resentment_after),
            "trust_before": self.trust_before,
            "trust_after": self.trust_after,
            "grievances": [
                {
                    "exploited": g.exploited,
                    "self_inflicted": g.self_inflicted,
                    "face": g.face,
                    "gestures": g.gestures,
                    "modesty": g.modesty,
                    "net": g.net,
                }
                for g in self.grievances
            ],
            "stay_probability": list(self.stay),
            "record": self.record.to_json(),
        }


@dataclass(frozen=True)
class Verdict:
    """One line of the principles checklist: kept, broken or not applicable, and when."""

    principle: str
    name: str
    status: Status
    turn: int | None
    reason: str
    turns: tuple[int, ...] = ()  # every turn it was broken (the first is `turn`)
    basis: str = "outcome"  # "warned": on our moves, as the coach warned; "outcome": hindsight

    def to_json(self) -> dict[str, Any]:
        return {
            "principle": self.principle,
            "name": self.name,
            "status": self.status,
            "turn": self.turn,
            "round": None if self.turn is None else self.turn // 2 + 1,
            "rounds": [t // 2 + 1 for t in self.turns],
            "basis": self.basis,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief says about one finished negotiation, from `side`'s seat."""

    scenario: str
    side: Role
    parties: tuple[str, str]
    strategies: tuple[str, str]
    rounds: int
    rounds_used: int
    result: Result
    efficiency: Efficiency
    concessions: tuple[Step, ...]
    tactics: tuple[TacticUse, ...]
    relationship: RelationshipEffect
    checklist: tuple[Verdict, ...]
    advice: tuple[Moment, ...]
    analysis: ScenarioAnalysis = field(repr=False)
    transcript: Transcript = field(repr=False)
    outcome: NegotiationOutcome = field(repr=False)

    @property
    def other(self) -> Role:
        return other(self.side)

    def verdict(self, principle: str) -> Verdict:
        """The checklist line of `principle` (e.g. "P5")."""
        return next(v for v in self.checklist if v.principle == principle)

    @property
    def followed(self) -> float | None:
        """Share of our moves that followed the advice (None without moves)."""
        if not self.advice:
            return None
        return sum(m.followed for m in self.advice) / len(self.advice)

    @property
    def broken(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.checklist if v.status == "broken")

    def steps(self, role: Role) -> tuple[Step, ...]:
        return tuple(s for s in self.concessions if s.side == role)

    @property
    def their_tactics(self) -> tuple[TacticUse, ...]:
        """Their tactics, with our answers judged against our principles."""
        return tuple(u for u in self.tactics if u.side == self.other)

    @property
    def our_tactics(self) -> tuple[TacticUse, ...]:
        """Our tactics, with their answers described."""
        return tuple(u for u in self.tactics if u.side == self.side)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "side": self.side,
            "parties": {"A": self.parties[0], "B": self.parties[1]},
            "strategies": {"A": self.strategies[0], "B": self.strategies[1]},
            "rounds": self.rounds,
            "rounds_used": self.rounds_used,
            "result": self.result.to_json(),
            "efficiency": self.efficiency.to_json(),
            "concessions": {
                "A": [s.to_json() for s in self.steps("A")],
                "B": [s.to_json() for s in self.steps("B")],
                "total": dict(self.outcome.concessions),
            },
            "tactics": {
                "theirs": [t.to_json() for t in self.their_tactics],
                "ours": [t.to_json(judged=False) for t in self.our_tactics],
            },
            "relationship": self.relationship.to_json(),
            "checklist": [v.to_json() for v in self.checklist],
            "advice": {
                "followed": self.followed,
                "moves": [m.to_json() for m in self.advice],
            },
        }


def _list(p: Pair | None) -> list[float] | None:
    return None if p is None else list(p)
