"""The advisor as a library: given a plan and the talks so far, the next move and why.

`advise(plan, history)` is the one-shot entry point (what `accord advise`
calls). `Advisor(plan)` keeps what it has read between calls, so an
interface that advises after every move (a coach, the `advised` strategy)
pays only for the new events; feeding it a shorter history (an undo) or a
different one makes it start again. Its answers depend only on the plan and
the history, never on the order of calls.

>>> from pathlib import Path
>>> from accord.plan import load_plan
>>> examples = Path(__file__).resolve().parents[3] / "examples"
>>> plan = load_plan(examples / "dealer_rebate.plan.yaml")
>>> advice = advise(plan, [])
>>> advice.recommendation.kind, advice.recommendation.principles
('counter', ('P3', 'P1'))
>>> advice.recommendation.terms["co_marketing"]  # kept for the close (P11)
False
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.advisor.decide import (
    KINDS,
    Choice,
    Reason,
    Situation,
    choose,
    conditional,
    decide,
    frontier_of,
    situation,
    standing_condition,
)
from accord.advisor.history import History, Track, history_of
from accord.advisor.tactics import Tactic, detect
from accord.advisor.warnings import holds, past_warnings, review
from accord.model.issues import Value
from accord.plan.core import Caution, Plan
from accord.plan.estimate import Frontier
from accord.plan.package import Package, held_frontier, package_at
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Event, Transcript, move_json

HistoryLike = History | Transcript | Sequence[Event]
#: Each candidate kind in words, as the terminal and the browser name it.
KIND_WORDS = {
    "accept": "accept their offer",
    "counter": "counter",
    "silence": "stay silent",
    "consult_authority": "consult our authority",
    "add_on": "add",
    "conditional": "conditional concession",
    "ultimatum": "final offer (ultimatum)",
    "walk_away": "walk away",
    "wait": "wait for their move",
    "close": "close modestly",
    "none": "nothing: the talks have ended",
}


@dataclass(frozen=True)
class Candidate:
    """One possible move with its numbers: our utility, theirs as we estimate it, the
    distance to our estimated frontier, the concession against our last offer and the
    schedule's floor now; `verdict` is recommended, possible or not advised."""

    kind: str
    move: Move | None
    outcome: int | None
    terms: dict[str, Value] | None
    our_utility: float | None
    their_utility: float | None
    frontier_distance: float | None
    concession: float | None
    floor: float
    verdict: str
    reasons: tuple[Reason, ...] = ()
    warnings: tuple[Caution, ...] = ()

    @property
    def principles(self) -> tuple[str, ...]:
        """Every principle the reasons cite, in order, once."""
        return tuple(dict.fromkeys(p for r in self.reasons for p in r.principles))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "move": None if self.move is None else move_json(self.move),
            "outcome": self.outcome,
            "terms": self.terms,
            "our_utility": self.our_utility,
            "their_utility_estimated": self.their_utility,
            "frontier_distance": self.frontier_distance,
            "concession": self.concession,
            "schedule_floor": self.floor,
            "verdict": self.verdict,
            "principles": list(self.principles),
            "reasons": [r.to_json() for r in self.reasons],
            "warnings": [w.to_json() for w in self.warnings],
        }


@dataclass(frozen=True)
class Advice:
    """The recommended move, the other candidates, their tactics and our warnings."""

    situation: Situation
    recommendation: Candidate
    candidates: tuple[Candidate, ...]
    tactics: tuple[Tactic, ...]
    warnings: tuple[Caution, ...]
    informed: bool
    plan: Plan = field(repr=False)
    frontier: Frontier | None = field(default=None, repr=False)
    held: Frontier | None = field(default=None, repr=False)

    def package(self, level: float, late: bool = True) -> Package:
        """The terms `level` stands for now: on our frontier by what we know of them so
        far, at that utility for us, the best for them (`accord.plan.package`); before
        the late phase (`late` False) without the add-ons kept for the close (P11)."""
        if late:
            return package_at(self.plan, level, self.frontier)
        return package_at(self.plan, level, self.held, held=True)

    def packages(self) -> dict[str, Package]:
        """The package of each of the numbers, by their names in `to_json`: the walk-away
        as the last deal, the others as we would offer them now."""
        s = self.situation
        late = s.late
        levels = {"target": s.target, "goal": s.goal, "schedule_floor": s.floor}
        out = {"walk_away": self.package(s.walk_away)}
        return out | {k: self.package(v, late) for k, v in levels.items()}

    def answer(self, tactic: Tactic) -> str:
        """Our answer to `tactic` as a panel says it beside the recommendation: an answer
        that holds our offer (to silence, a pause, a delay) only when the recommendation
        holds it too, else nothing, so that one panel never says two things."""
        move = self.recommendation.move
        if tactic.name in _HOLDING_ANSWERS and not (
            self.recommendation.kind in ("wait", "silence", "consult_authority")
            or holds(self.situation, move)
        ):
            return ""
        return tactic.response

    def to_json(self) -> dict[str, Any]:
        s = self.situation
        return {
            "plan": self.plan.name,
            "side": self.plan.side,
            "turn": s.turn,
            "round": s.turn // 2 + 1,  # counted from 1, as everywhere
            "rounds": s.rounds,
            "time": s.time,
            "our_turn": s.our_turn,
            "ended": s.ended,
            "numbers": {
                "walk_away": s.walk_away,
                "opening": s.opening,
                "goal": s.goal,
                "target": s.target,
                "schedule_floor": s.floor,
                "their_offer": s.offered,
                "estimated_nash": None if s.nash is None else list(s.nash),
                "their_preferences_known": self.informed,
                "packages": {k: p.to_json() for k, p in self.packages().items()},
            },
            "recommendation": self.recommendation.to_json(),
            "candidates": [c.to_json() for c in self.candidates],
            "tactics": [t.to_json() for t in self.tactics],
            "warnings": [w.to_json() for w in self.warnings],
        }


class Advisor:
    """Advice for one side of one negotiation, reading the history incrementally."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._start()

    def _start(self) -> None:
        self.track = Track(self.plan)
        self._frontier: Frontier | None = None
        self._frontier_key = -1
        self._held: Frontier | None = None
        self._held_key = -1

    def _read(self, history: History) -> None:
        """Feed the new events; start again if the history is not an extension."""
        events, seen = history.events, self.track.events
        n = len(seen)
        if n and (len(events) < n or (events[n - 1] is not seen[-1] and list(events[:n]) != seen)):
            self._start()
        for e in events[len(self.track.events) :]:
            self.track.feed(e)

    def frontier(self) -> Frontier | None:
        key = self.track.estimate.n_offers
        if key != self._frontier_key:
            self._frontier, self._frontier_key = frontier_of(self.plan, self.track), key
        return self._frontier

    def held(self) -> Frontier | None:
        """The frontier without the add-ons kept for the close (P11), for the advice's
        packages; the whole one when the plan keeps none."""
        if not self.plan.keep_for_close:
            return self.frontier()
        key = self.track.estimate.n_offers
        if key != self._held_key:
            self._held, self._held_key = held_frontier(self.plan, self.track.estimate), key
        return self._held

    def situation(self, history: HistoryLike) -> Situation:
        h = history_of(history)
        self._read(h)
        return situation(self.plan, self.track, h, self.frontier())

    def next_move(self, history: HistoryLike) -> Move | None:
        """The recommended move alone: the same rules as `advise`, without the explanation."""
        s = self.situation(history)  # first: reading may start a new track
        return decide(self.plan, self.track, s).move

    def review(self, history: HistoryLike, move: Move) -> tuple[Caution, ...]:
        """Warnings about making `move` now (for a coach, before the person's move)."""
        s = self.situation(history)
        return review(self.plan, self.track, s, move, self.frontier())

    def advise(self, history: HistoryLike) -> Advice:
        h = history_of(history)
        s = self.situation(h)
        choice = decide(self.plan, self.track, s)
        candidates = self._candidates(s, choice)
        chosen = next(c for c in candidates if c.verdict == "recommended")
        return Advice(
            situation=s,
            recommendation=chosen,
            candidates=candidates,
            tactics=detect(self.plan, h),
            warnings=past_warnings(self.plan, self.track, s, chosen.move) + chosen.warnings,
            informed=self.track.estimate.informed,
            plan=self.plan,
            frontier=self.frontier(),
            held=self.held(),
        )

    # candidates ---------------------------------------------------------------------

    def _candidates(self, s: Situation, choice: Choice) -> tuple[Candidate, ...]:
        options = [choice] if choice.kind in ("wait", "close", "none") else self._options(s, choice)
        return tuple(self._candidate(s, c, c is choice) for c in options)

    def _options(self, s: Situation, choice: Choice) -> list[Choice]:
        """The recommended choice and every other move open to us now, in `KINDS` order."""
        plan, track = self.plan, self.track
        late = s.late
        outcome = choose(plan, track, s.target, late)
        counter = Offer(outcome, standing_condition(s, outcome))
        if choice.kind in ("counter", "ultimatum") and isinstance(choice.move, Offer | Ultimatum):
            counter = Offer(choice.move.outcome, choice.move.condition)
        ultimatum = Ultimatum(counter.outcome, counter.condition)
        out = [_plain("counter", counter), _plain("ultimatum", ultimatum)]
        out.append(_plain("walk_away", WalkAway()))
        if s.theirs is not None:
            out.append(_plain("accept", Accept()))
        if s.mine is not None:
            out += [_plain("silence", Silence()), _plain("consult_authority", ConsultAuthority(1))]
            addon = self._addon(s)
            if addon is not None:
                out.append(_plain("add_on", AddOn(addon)))
        if not track.conditioned and choice.kind != "conditional":
            cond = conditional(plan, track, s)
            if cond is not None:
                out.append(cond)
        allowed = [
            c
            for c in out
            if c.kind != choice.kind and (c.kind not in _TACTIC_KINDS or c.kind in plan.tactics)
        ]
        return sorted([choice, *allowed], key=lambda c: KINDS.index(c.kind))

    def _addon(self, s: Situation) -> str | None:
        assert s.mine is not None
        digits = self.plan.space.digits(s.mine.outcome)[0]
        for name in (*self.plan.keep_for_close, *self.plan.our_addons):
            if digits[self.plan.space.issue_index(name)] == 0:
                return name
        return None

    def _candidate(self, s: Situation, c: Choice, chosen: bool) -> Candidate:
        plan, track = self.plan, self.track
        outcome = _outcome_of(c.move, s, plan)
        ours = theirs = distance = concession = None
        if outcome is not None:
            ours = track.utility.at(outcome)
            theirs = float(track.estimate.of_digits(plan.space.digits(outcome))[0])
            front = self.frontier()
            distance = None if front is None else front.distance(ours, theirs)
            if isinstance(c.move, Offer | Ultimatum | AddOn) and track.our_offers:
                concession = track.our_offers[-1][2] - ours
        elif isinstance(c.move, WalkAway):
            ours, theirs = plan.batna, plan.their_batna
        warnings = () if c.move is None else review(plan, track, s, c.move, self.frontier())
        serious = any(w.severity in ("error", "warning") for w in warnings)
        verdict = "recommended" if chosen else ("not advised" if serious else "possible")
        return Candidate(
            kind=c.kind,
            move=c.move,
            outcome=outcome,
            terms=None if outcome is None else plan.space.outcome(outcome),
            our_utility=ours,
            their_utility=theirs if track.estimate.informed or outcome is None else None,
            frontier_distance=distance if track.estimate.informed else None,
            concession=concession,
            floor=s.floor,
            verdict=verdict,
            reasons=c.reasons,
            warnings=warnings,
        )


_TACTIC_KINDS = ("silence", "consult_authority", "add_on", "conditional", "ultimatum")
#: Tactics of theirs whose answer is to let our offer stand (`Advice.answer`).
_HOLDING_ANSWERS = ("silence", "authority", "delay")


def _plain(kind: str, move: Move) -> Choice:
    return Choice(kind, move, ())


def _outcome_of(move: Move | None, s: Situation, plan: Plan) -> int | None:
    """The outcome on the table after `move`."""
    if isinstance(move, Offer | Ultimatum):
        return move.outcome
    if isinstance(move, Accept):
        return None if s.theirs is None else s.theirs.outcome
    if isinstance(move, Silence | ConsultAuthority):
        return None if s.mine is None else s.mine.outcome
    if isinstance(move, AddOn) and s.mine is not None:
        digits = plan.space.digits(s.mine.outcome)[0]
        digits[plan.space.issue_index(move.issue)] = 1
        return int(plan.space.indices(digits)[0])
    return None


def advise(plan: Plan, history: HistoryLike) -> Advice:
    """Advice for the next move of `plan.side` after `history` (a transcript, events or
    a `History`)."""
    return Advisor(plan).advise(history)
