"""The advisor's decision rules: the doctrine's next move, with the principles behind it.

The rules are Diplomat v2's (docs/design.md), stated as advice a person can
follow and check. In order, on our turn:

1. Their ultimatum: accept it at or above the walk-away, else walk away (P7, P2).
2. Their offer at or above our target: accept (P2), unless it is a windfall
   before the late phase, which would exploit them: counter at our goal (P14).
3. Our last turn, or the deadline: accept anything at or above the walk-away;
   with nothing acceptable at the very last turn, walk away (P2).
4. Their claimed deadline while their offer is below target and there is
   time: consult our authority, do not decide under pressure (P6, P9).
5. They went quiet (silence, a pause) and our offer stands: stay silent (P5, P6, P10).
6. From the late phase: grant an add-on kept for the close (P8, P11); when
   losing, a conditional concession they can easily meet (P12).
7. Otherwise counter at the target: before the late phase it falls only as
   far as they have conceded (P3), never below the goal (the estimated fair
   deal plus an edge); later towards the walk-away. Among offers at the target,
   the one best for them by our estimate, a fresh one if nearly as good (P8).
   At our last turn, above the walk-away, as an ultimatum (P7).

Every counter keeps each issue at least as generous to them as our standing offer
and every add-on we granted (P3, P14): with nothing such at the target, we hold
our standing offer, its condition included. Only a standing offer below our
walk-away is taken back, and the reason says it is a retraction (P2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.advisor.history import History, Track, belief
from accord.doctrine import (
    closing_floor,
    conditional_floor,
    hold,
    is_losing,
    is_windfall,
    late_concession,
    late_start,
    turn_clock,
)
from accord.plan.core import Plan, concession_floor
from accord.plan.derive import goal_of
from accord.plan.estimate import Frontier, estimated_frontier, limit
from accord.preferences.grants import allowed_values, kept
from accord.preferences.ladder import ladder
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.view import Standing
from accord.strategies.opponent import preferred


@dataclass(frozen=True)
class Reason:
    """One reason for a move, citing the principles it applies."""

    principles: tuple[str, ...]
    text: str

    def to_json(self) -> dict[str, object]:
        return {"principles": list(self.principles), "text": self.text}


@dataclass(frozen=True)
class Choice:
    """A move and why. `kind` names it in the doctrine's words (see `KINDS`)."""

    kind: str
    move: Move | None
    reasons: tuple[Reason, ...]


#: Every kind of recommendation, in the order candidates are listed.
KINDS = (
    "accept",
    "counter",
    "silence",
    "consult_authority",
    "add_on",
    "conditional",
    "ultimatum",
    "walk_away",
    "wait",
    "close",
    "none",
)


@dataclass(frozen=True)
class Situation:
    """Where the talks stand, from our side, in the numbers the rules use.

    `time` is the share of the deadline gone; `clock` our own clock (1 at our last
    turn) and `start` where the late phase begins on it, as Diplomat counts them
    (`accord.doctrine.own_clock`, `late_start`): the late phase leaves at least the
    stance's `late_turns` of our turns to close in, however short the talks.
    """

    turn: int
    rounds: int
    time: float
    clock: float
    start: float
    turns_left: int
    our_turn: bool
    ended: bool
    theirs: Standing | None
    mine: Standing | None
    offered: float | None
    walk_away: float
    opening: float
    goal: float
    target: float
    floor: float
    nash: tuple[float, float] | None
    pressure: bool

    @property
    def last_turn(self) -> bool:
        """The very last turn of the talks: nothing we offer can be answered."""
        return self.turn >= 2 * self.rounds - 1

    @property
    def late(self) -> bool:
        """The late phase (`in_late_phase`): concede towards the walk-away, grant what was
        kept for the close."""
        return self.clock >= self.start


def situation(plan: Plan, track: Track, history: History, frontier: Frontier | None) -> Situation:
    """The numbers of this turn: time, standing offers, goal, target and schedule floor."""
    rounds = history.rounds or plan.rounds
    turn = history.next_turn
    t = min(turn / (2 * rounds), 1.0)
    clock = turn_clock(turn, rounds)
    start = late_start(plan.stance.late, plan.stance.late_turns, rounds)
    other = plan.other
    walk, opening = limit(plan), plan.derived_opening
    goal = goal_of(plan, frontier)
    theirs = track.standing[other]
    last = track.events[-1] if track.events else None
    return Situation(
        turn=turn,
        rounds=rounds,
        time=t,
        clock=clock,
        start=start,
        turns_left=max((2 * rounds - turn + 1) // 2, 0),
        our_turn=history.turn is not None or last is None or last.actor != plan.side,
        ended=track.ended or history.ending is not None,
        theirs=theirs,
        mine=track.standing[plan.side],
        offered=None if theirs is None else track.value(theirs),
        walk_away=walk,
        opening=opening,
        goal=goal,
        target=_target(plan, track, clock, start, goal, opening, walk),
        floor=concession_floor(clock, goal, walk, plan.stance, start),
        nash=None if frontier is None else frontier.nash,
        pressure=_pressure(plan, track, history),
    )


def _target(
    plan: Plan, track: Track, clock: float, start: float, goal: float, opening: float, walk: float
) -> float:
    """Reciprocal before the late phase (never below the goal), then Boulware to the walk-away,
    or to the best offer they made if that is better (Diplomat's `closing_floor`)."""
    s = plan.stance
    settled = track.estimate.n_offers >= s.settle  # P14: then ask no windfall either
    level = hold(goal, opening, track.conceded_by_them, s.reciprocity, s.windfall, settled)
    floor = closing_floor(walk, track.best_received)
    return late_concession(clock, level, floor, start, s.exponent)


def _pressure(plan: Plan, track: Track, history: History) -> bool:
    """They claimed a deadline since our last move (P9)."""
    ours = [e.turn for e in track.events if e.actor == plan.side]
    since = ours[-1] if ours else -1
    return any(
        c.actor != plan.side and c.kind == "deadline" and c.turn > since for c in history.claims
    )


def frontier_of(plan: Plan, track: Track) -> Frontier | None:
    return estimated_frontier(plan, track.estimate) if track.estimate.informed else None


# the rules ------------------------------------------------------------------------


def decide(plan: Plan, track: Track, s: Situation) -> Choice:
    """The recommended move (rules 1-7 of the module docstring)."""
    if s.ended:
        return _ended(track)
    if not s.our_turn:
        return Choice("wait", None, (Reason(("P5", "P10"), "It is their move: let them answer."),))
    answer = _answer(plan, track, s)
    if answer is not None:
        return answer
    if _consult(plan, track, s):
        text = "They press with a deadline: take it to our authority instead of deciding now."
        return Choice("consult_authority", ConsultAuthority(1), (Reason(("P6", "P9"), text),))
    standing_ok = s.mine is not None and track.value(s.mine) >= s.walk_away - 1e-9
    if track.their_quiet and standing_ok and "silence" in plan.tactics:  # P2: never let
        # an offer below our walk-away stand for them to accept
        text = "They went quiet and our offer stands: silence is theirs to fill, not ours."
        return Choice("silence", Silence(), (Reason(("P5", "P6", "P10"), text),))
    if s.late:
        late = _late_move(plan, track, s)
        if late is not None:
            return late
    return _counter(plan, track, s, s.target)


def _ended(track: Track) -> Choice:
    if track.agreement is not None:
        text = "Agreed: close modestly and let them feel they did well."
        return Choice("close", Display("modest"), (Reason(("P13",), text),))
    text = "The talks have ended without a deal: no pushy follow-ups; leave the door open."
    return Choice("none", None, (Reason(("P4", "P2"), text),))


def _answer(plan: Plan, track: Track, s: Situation) -> Choice | None:
    """Rules 1-3: what to do with their standing offer."""
    if s.theirs is None or s.offered is None:
        return None
    v = s.offered
    if s.theirs.final:
        if v >= s.walk_away:
            text = f"Their final offer ({v:.2f}) is at or above our walk-away ({s.walk_away:.2f})."
            return Choice("accept", Accept(), (Reason(("P7", "P2"), text),))
        text = f"Their final offer ({v:.2f}) is below our walk-away ({s.walk_away:.2f})."
        return Choice("walk_away", WalkAway(), (Reason(("P2", "P7"), text),))
    if v >= s.target and windfall(plan, s, v):
        text = (
            f"Their offer ({v:.2f}) is far above a fair deal as we estimate it ({s.goal:.2f}): "
            "taking it exploits their weakness and costs the next negotiation. Counter at a "
            "fair deal."
        )
        return _counter(plan, track, s, s.goal, Reason(("P14", "P3"), text))
    if v >= s.target and not s.late:
        text = f"Their offer ({v:.2f}) reaches our target ({s.target:.2f})."
        return Choice("accept", Accept(), (Reason(("P2", "P3"), text),))
    if v >= s.target:
        text = (
            f"Their offer ({v:.2f}) reaches our target ({s.target:.2f}), which falls towards "
            f"our walk-away as the deadline nears: {_against_no_deal(s, v)}"
        )
        return Choice("accept", Accept(), (Reason(("P2", "P3"), text),))
    if s.turns_left <= 1 and v >= s.walk_away:
        text = f"Our last turn: {_against_no_deal(s, v)}"
        return Choice("accept", Accept(), (Reason(("P2",), text),))
    if s.last_turn:
        text = f"The deadline has come and their offer ({v:.2f}) is below our walk-away."
        return Choice("walk_away", WalkAway(), (Reason(("P2", "P4"), text),))
    return None


def _against_no_deal(s: Situation, v: float) -> str:
    """Why accepting late is right: the deadline's alternative is no deal (P2)."""
    return (
        "if we do not accept, the alternative at the deadline is no deal, worth our "
        f"walk-away ({s.walk_away:.2f}); their offer is worth {v:.2f} > {s.walk_away:.2f}, "
        "so accepting beats it."
    )


def windfall(plan: Plan, s: Situation, value: float) -> bool:
    """An offer so far above a fair deal, so early, that taking it would exploit them (P14)."""
    return is_windfall(s.clock, value, s.goal, s.start, plan.stance.windfall)


def _consult(plan: Plan, track: Track, s: Situation) -> bool:
    """Rule 4: pressed by a claimed deadline, short of our target, with time to spare."""
    if not s.pressure or "consult_authority" not in plan.tactics or s.late:
        return False
    recent = track.consulted_at is not None and s.turn - track.consulted_at < 6
    short = s.offered is None or s.offered < s.target
    return short and not recent and s.turns_left > 3


def _counter(
    plan: Plan, track: Track, s: Situation, target: float, why: Reason | None = None
) -> Choice:
    retracting = s.mine is not None and track.utility.at(s.mine.outcome) < s.walk_away
    if retracting:  # take back no more than P2 needs: the best for them at our walk-away
        target = s.walk_away
    # an add-on already granted is kept, not spent again (P11 counts a new grant only)
    outcome = choose(plan, track, target, allow_addons=s.late or retracting)
    condition = standing_condition(s, outcome)
    u = track.utility.at(outcome)
    reasons = [why] if why is not None else []
    if retracting:
        assert s.mine is not None
        text = (
            f"Retract our standing offer, only as far as our walk-away: it is worth "
            f"{track.utility.at(s.mine.outcome):.2f}, below our walk-away ({s.walk_away:.2f}), "
            "where we must never agree. Say so plainly: taking terms back costs their trust "
            "(see the retraction warning)."
        )
        reasons.append(Reason(("P2", "P3", "P14"), text))
    if s.turns_left <= 1 and u > s.walk_away and "ultimatum" in plan.tactics and not s.last_turn:
        text = "Our last turn, patience shown and the offer above our walk-away: make it final."
        move = Ultimatum(outcome, condition)
        return Choice("ultimatum", move, (*reasons, Reason(("P7",), text)))
    held = s.mine is not None and outcome == s.mine.outcome and u < target - 1e-9
    if (why is None or held) and not retracting:
        reasons.append(_counter_reason(plan, track, s, u, target))
    return Choice("counter", Offer(outcome, condition), tuple(reasons))


def standing_condition(s: Situation, outcome: int) -> Condition | None:
    """The condition of our standing offer when `outcome` repeats it: holding a
    conditional offer keeps its condition."""
    mine = s.mine
    return mine.condition if mine is not None and mine.outcome == outcome else None


def _counter_reason(plan: Plan, track: Track, s: Situation, u: float, target: float) -> Reason:
    if not track.our_offers:
        return Reason(("P3", "P1"), f"Open firmly at {u:.2f}, with the story of what we present.")
    if s.mine is not None and u < target - 1e-9:
        text = (
            f"Hold our standing offer ({u:.2f}): it is already below the target "
            f"({target:.2f}), and reaching the target would ask back on an issue or withdraw "
            "a grant, a retraction that costs their trust."
        )
        return Reason(("P3", "P14"), text)
    if not s.late:
        st = plan.stance
        if _capped(plan, track, s):
            text = (
                f"Ask {u:.2f}: no more than {st.windfall:.2f} above what we estimate a fair "
                f"deal to be ({s.goal:.2f}), now that they have made {st.settle} offers or "
                "more: asking further above it would exploit them and cost the next deal. "
                "The offer is the one best for them at that level."
            )
            return Reason(("P14", "P3", "P8"), text)
        text = (
            f"Hold at {u:.2f}: we concede only as far as they have "
            f"({track.conceded_by_them:.2f} so far), never below a fair deal as we estimate it "
            f"({s.goal:.2f}); "
            "the offer is the one best for them at that level."
        )
        return Reason(("P3", "P8"), text)
    text = f"Late phase: move towards the walk-away on schedule ({u:.2f}), best for them there."
    return Reason(("P3", "P11"), text)


def _capped(plan: Plan, track: Track, s: Situation) -> bool:
    """The target is P14's cap (the goal plus `windfall`, once they have made `settle`
    offers), not what their concessions earned them (`accord.doctrine.hold`)."""
    st = plan.stance
    reciprocal = s.opening - st.reciprocity * track.conceded_by_them
    return track.estimate.n_offers >= st.settle and s.goal + st.windfall < reciprocal - 1e-9


def choose(plan: Plan, track: Track, target: float, allow_addons: bool) -> int:
    """At or above `target` (within the stance's band): the outcome best for them by our
    estimate, a fresh one if nearly as good; add-ons kept for the close stay out before
    the late phase (P11). Only outcomes that keep every issue at least as generous to them
    as our standing offer are candidates (`kept`); if none reaches `target`, the standing
    offer itself: we hold rather than ask back or withdraw a grant (P3, P14). A standing
    offer below our walk-away is not held (P2): then any outcome is a candidate."""
    mine = track.standing[plan.side]
    granted: list[int] = []  # our add-ons granted in the standing offer, kept if we can
    if mine is not None and track.utility.at(mine.outcome) < limit(plan):
        standing = plan.space.digits(mine.outcome)[0]
        granted = [k for k in range(len(standing)) if _ours_granted(plan, k, standing)]
        mine = None  # below our walk-away: never hold it (P2); `_counter` says it retracts
    if mine is None:
        lad = ladder(plan.ours.utility)
    else:
        lad = kept(plan.ours.utility, plan.side, mine.outcome)
    order, utils = lad.order, lad.utils
    band = plan.stance.band
    upto = lad.count_at_least(target)
    if upto == 0 and mine is not None:
        return mine.outcome
    upto = max(upto, 1)
    lo = lad.count_at_least(float(utils[upto - 1]) + band + 1e-12)
    outcomes = order[min(lo, upto - 1) : upto]
    digits = plan.space.digits(outcomes)
    if granted:
        keep = (digits[:, granted] == 1).all(axis=1)
        if keep.any():
            outcomes, digits = outcomes[keep], digits[keep]
    if not allow_addons and plan.keep_for_close:
        held = [plan.space.issue_index(n) for n in plan.keep_for_close]
        plain = (digits[:, held] == 0).all(axis=1)
        if plain.any():
            outcomes, digits = outcomes[plain], digits[plain]
    scores = np.round(track.estimate.of_digits(digits), 12)  # ties: the better one for us
    if track.offered:
        offered = track.offered
        fresh = np.fromiter((o not in offered for o in outcomes.tolist()), bool, len(outcomes))
        if fresh.any() and scores[fresh].max() >= scores.max() - band:
            outcomes, scores = outcomes[fresh], scores[fresh]
    return int(outcomes[int(np.argmax(scores))])


def _ours_granted(plan: Plan, k: int, digits: np.ndarray) -> bool:
    issue = plan.space.issues[k]
    return issue.kind == "addon" and issue.giver == plan.side and int(digits[k]) == 1


def _late_move(plan: Plan, track: Track, s: Situation) -> Choice | None:
    """Rule 6: an add-on for the close, or a conditional concession when losing."""
    mine = s.mine
    if mine is None:
        return None
    if "add_on" in plan.tactics:
        digits = plan.space.digits(mine.outcome)[0]
        for name in plan.keep_for_close:
            k = plan.space.issue_index(name)
            if name in track.granted or digits[k] != 0:
                continue
            granted = digits.copy()
            granted[k] = 1
            if track.utility.at(int(plan.space.indices(granted)[0])) < s.walk_away:
                continue  # P2 before P11: no sweetener that takes us below the walk-away
            text = f"The close: grant '{name}', cheap for us and valued by them."
            return Choice("add_on", AddOn(name), (Reason(("P11", "P8"), text),))
    stance = plan.stance
    losing = is_losing(track.best_received, s.target, s.clock, s.start, stance.losing_gap)
    if "conditional" in plan.tactics and not track.conditioned and losing:
        return conditional(plan, track, s)
    return None


def conditional(plan: Plan, track: Track, s: Situation) -> Choice | None:
    """P12: concede on the issue they care most about, on a condition they can easily
    meet: the value they like best that keeps us within `conditional_floor` (a step
    towards them, not a leap)."""
    space = plan.space
    base = space.digits(choose(plan, track, s.target, True))[0]
    base_u = track.utility.at(int(space.indices(base)[0]))
    parts = track.estimate.contributions()
    stakes = np.array([c.max() - c.min() for c in parts])
    b = belief(plan.other, plan.side)
    mine = s.mine
    allowed = None if mine is None else allowed_values(plan.ours.utility, plan.side, mine.outcome)
    floor = conditional_floor(s.target, s.walk_away, plan.stance.losing_gap)
    for k in np.argsort(-stakes, kind="stable"):
        if stakes[k] <= 0:
            continue
        for value in preferred(parts[k], than=int(base[k])):
            if allowed is not None and not allowed[k][value]:
                continue
            conceded = base.copy()
            conceded[k] = value
            outcome = int(space.indices(conceded)[0])
            u = track.utility.at(outcome)
            if u < floor or b * u + (1 - b) * base_u < floor:
                continue
            issue = space.issues[k]
            text = (
                f"{issue.name} = {issue.values[value]} only if they meet an agreed "
                f"commitment, else {issue.values[base[k]]}"
            )
            move = Offer(outcome, Condition(issue.name, int(base[k]), plan.other, text))
            why = (
                f"Concede on what they want most ({issue.name}) on a condition they can "
                "easily meet: when the outcome is lost, it keeps our momentum for the next round."
            )
            return Choice("conditional", move, (Reason(("P12",), why),))
    return None
