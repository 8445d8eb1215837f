"""Diplomat: the doctrine's own strategy (principles P2-P13 of DESIGN.md).

Negotiation as diplomacy between equals: a firm opening, concessions only in
exchange, offers near the estimated Pareto frontier, extras kept for the close,
a conditional concession when losing, a modest close, and no reaction to
silence, delay or claims of authority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from accord.analysis.pareto import pareto_indices
from accord.analysis.points import nash_index
from accord.doctrine import (
    STANCE,
    accept_recent_best,
    check_stance,
    closing_floor,
    conditional_floor,
    goal,
    hold,
    is_losing,
    is_windfall,
    late_concession,
    late_start,
    own_clock,
)
from accord.preferences.grants import allowed_values, keeps_grants
from accord.preferences.ladder import Ladder, ladder
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.strategy import Strategy, Traits
from accord.protocol.view import View
from accord.strategies.exploiter import known_fair, recognised, unanchored, walk_away
from accord.strategies.opponent import FrequencyModel, preferred

if TYPE_CHECKING:
    from accord.relationship.renegotiation import RenegotiationRequest
    from accord.relationship.series import RelationshipView

#: Most outcomes Diplomat keeps as candidates (the best for itself), to bound memory.
MAX_CANDIDATES = 200_000


class Diplomat(Strategy):
    """Firm, reciprocal, integrative and modest.

    - P2: never offers or accepts below its reservation value (its BATNA).
    - P3, equal footing: it opens at its aspiration and aims at a fair deal,
      its estimate of the Nash point (from the frequency opponent model) plus
      a small `edge`; it neither begs below that nor squeezes far above it.
    - P14: before `late` it declines a windfall (an offer more than
      `windfall` above its goal) and counters with a fair deal at its goal,
      since a deal that exploits the other side's weakness costs the next one.
    - Reciprocity: before `late` it concedes only as far as the other side
      has conceded (the rise in Diplomat's utility of their best offer, times
      `reciprocity`), and never below that goal.
    - From `late` (on its own clock, 1 at its last turn; earlier if that leaves fewer
      than `late_turns` turns) it concedes on a Boulware curve (exponent `e`) towards
      its walk-away, or towards the best offer they made if that is better: it closes
      with a firm counterpart without giving away what they had already granted.
    - Acceptance: an offer at or above its target; in its last `accept_turns` turns, one
      at least as good as their best over the last stretch as long as the time left
      (AC_combi); at its last turn anything above its walk-away if nobody moves after
      it, else it answers with the best offer they made, as an ultimatum.
    - Logrolling (P8): among outcomes at its target (within `band`) it offers
      the one the opponent model rates best for the other side, preferring
      one it has not offered yet, so every offer carries information.
    - P11: its own add-ons stay out of its offers until `late`; then it
      grants the cheapest one as a sweetener.
    - P12: when losing late (their best offer is far below its target), it
      concedes on the issue they care most about, conditioned on them
      meeting an easy condition, falling back to its own preferred value; a
      step of at most `losing_gap` below its target, not a leap to their value.
    - P5, P6, P10: silence, pauses and delay change nothing; it answers
      silence with silence.
    - P7: an ultimatum only at its last turn, only above its walk-away.
    - P13: closes with a modest display.

    Ablations for studies (`make("diplomat(conditional=false)")`): `conditional`
    off makes the P12 concession plain; `display` "triumphant" or "none" changes
    the close; `good_faith` off refuses every renegotiation; `retract` off keeps
    every term it granted, as the advice to a person does (`accord.preferences.
    grants`): no re-packaging that asks back on an issue, holding its offer when
    nothing at its target keeps them all.

    In a series (`relate`, never called for a single negotiation):

    - P14, P16 repair: if the last agreement left it more than `overshoot`
      above its fair share (so the other side below theirs), or trust is below
      `fragile`, it lowers its `edge` by `repair` and grants its add-ons from
      `late - early` instead of `late`: value back to the relationship.
    - P2, P17: its own resentment never lowers its walk-away (the series may
      raise it); its goal rises by `resolve` times its resentment, the same
      logic as the effective reservation (a side that needs the relationship
      less stands firmer).
    - P2, P15, seed 004 (issue 14): against an exploiter recognised from the
      history (`accord.strategies.exploiter`), and against any take-it-or-leave-it,
      its walk-away is a fair deal less its edge, not its BATNA: not every
      discussion should become a partnership. Until a past negotiation shows the
      fair deal, it is the model's estimate, never below halfway between their
      best offer and its opening (the estimate is anchored on a lone position).
    """

    name = "diplomat"
    traits = Traits(
        opponent_model=True,
        tactics=("silence", "add_on", "conditional", "ultimatum", "display"),
        source="accord doctrine, DESIGN.md P2-P13 (seeds 000-004)",
    )

    def __init__(
        self,
        edge: float = STANCE.edge,
        reciprocity: float = STANCE.reciprocity,
        late: float = STANCE.late,
        e: float = STANCE.exponent,
        band: float = STANCE.band,
        windfall: float = STANCE.windfall,
        settle: int = STANCE.settle,
        decay: float = STANCE.decay,
        repair: float = STANCE.repair,
        overshoot: float = STANCE.overshoot,
        fragile: float = STANCE.fragile,
        early: float = STANCE.early,
        resolve: float = STANCE.resolve,
        late_turns: int = STANCE.late_turns,
        accept_turns: int = STANCE.accept_turns,
        conditional: bool = True,
        display: str = "modest",
        good_faith: bool = True,
        retract: bool = True,
    ) -> None:
        if display not in ("modest", "triumphant", "none"):
            raise ValueError(f"display {display!r} is not modest, triumphant or none")
        check_stance(
            edge=edge, reciprocity=reciprocity, late=late, exponent=e, band=band,
            windfall=windfall, settle=settle, decay=decay, repair=repair, overshoot=overshoot,
            fragile=fragile, early=early, resolve=resolve, late_turns=late_turns,
            accept_turns=accept_turns,
        )  # fmt: skip
        self.edge, self.reciprocity, self.late, self.e = edge, reciprocity, late, e
        self.band, self.windfall, self.settle, self.decay = band, windfall, settle, decay
        self.repair, self.overshoot, self.fragile = repair, overshoot, fragile
        self.early, self.resolve = early, resolve
        self.late_turns, self.accept_turns = int(late_turns), int(accept_turns)
        self.conditional, self.display, self.good_faith = bool(conditional), display, good_faith
        self.retract = bool(retract)
        self._allowed: list[np.ndarray] | None = None
        self._held = 0
        self._relationship: RelationshipView | None = None

    def relate(self, relationship: RelationshipView) -> None:
        """Remember the relationship; `reset` turns it into this negotiation's stance."""
        self._relationship = relationship

    def renegotiate(self, request: RenegotiationRequest) -> bool:
        """P16: when circumstances change, adjust in good faith (the request never
        takes this side below its own walk-away)."""
        return bool(self.good_faith)

    def reset(self, view: View) -> None:
        lad: Ladder = ladder(view.preferences.utility)
        keep = min(max(lad.count_at_least(view.reservation), 1), MAX_CANDIDATES)
        self._own = lad.utils[:keep]
        self._outcomes = lad.order[:keep]
        self._digits = view.space.digits(self._outcomes).astype(np.int32)
        self._addons = [
            k for k, i in enumerate(view.space.issues) if i.kind == "addon" and i.giver == view.role
        ]
        self._model = FrequencyModel(view.space, decay=self.decay)
        self._opening = max(view.preferences.aspiration, view.reservation)
        if self._opening > lad.best:
            self._opening = lad.best
        self._best_received = -np.inf
        self._best_outcome: int | None = None
        self._received: list[tuple[float, float]] = []  # (own clock, utility) of theirs
        self._clock, self._start = 0.0, self.late
        self._first_received: float | None = None
        self._nash = self._opening
        self._conditioned = False
        self._granted: set[int] = set()
        self._offered: set[int] = set()
        self._edge, self._lift, self._gift_lead = self.edge, 0.0, 0.0
        rel = self._relationship
        self._firm, self._fair_known = recognised(rel), known_fair(rel)  # an exploiter?
        if rel is not None:
            margin = rel.last_margin
            if (margin is not None and margin > self.overshoot) or rel.trust < self.fragile:
                self._edge = max(self.edge - self.repair, 0.0)  # P14, P16: repair
                self._gift_lead = self.early  # P11 gifts earlier
            self._lift = self.resolve * rel.resentment  # P2, P17: firmer, never lower

    # the decision ---------------------------------------------------------------

    def act(self, view: View) -> Move:
        self._clock = own_clock(view.time, view.turns_left, view.rounds)
        self._start = late_start(self.late, self.late_turns, view.rounds)
        self._observe(view)
        target = self._target(view)
        theirs = view.theirs
        last = view.turns_left <= 1
        answered = last and view.turn < 2 * view.rounds - 1  # they move after our last turn
        if theirs is not None:
            offered = view.utility(theirs.outcome)
            if theirs.final:
                return Accept() if offered >= self._walk_away(view, final=True) else WalkAway()
            if offered >= target and self._windfall(view, offered):
                target = self._goal(view)  # P14: counter with a fair deal instead
            elif offered >= target or self._accept_late(view, offered, last, answered):
                return Accept()
        if self._they_went_quiet(view) and view.mine is not None:
            return Silence()  # P5, P6, P10: nothing to answer, nothing to concede
        if self._clock >= max(self._start - self._gift_lead, 0.0):
            late = self._late_move(view, target)
            if late is not None:
                return late
        if (
            answered
            and self._best_outcome is not None
            and self._best_received > self._walk_away(view)
        ):
            return Ultimatum(self._best_outcome)  # the best deal they offered, to close on
        self._allowed = None
        if not self.retract and view.mine is not None:
            self._held = view.mine.outcome
            self._allowed = allowed_values(view.preferences.utility, view.role, self._held)
        gifts = self._clock >= max(self._start - self._gift_lead, 0.0)
        outcome = self._choose(target, allow_addons=gifts)
        self._offered.add(outcome)
        if view.turns_left <= 1 and view.utility(outcome) > view.reservation:
            return Ultimatum(outcome)
        return Offer(outcome)

    def close(self, view: View) -> Display | None:
        if self.display == "none":
            return None
        return Display("triumphant" if self.display == "triumphant" else "modest")

    # pieces ---------------------------------------------------------------------

    def _observe(self, view: View) -> None:
        if self._model.update(view):
            self._nash = self._estimate_nash(view)
        if view.theirs is not None:
            u = view.utility(view.theirs.outcome)
            if self._first_received is None:
                self._first_received = u
            if u > self._best_received:
                self._best_received, self._best_outcome = u, view.theirs.outcome
            self._received.append((self._clock, u))

    def _accept_late(self, view: View, offered: float, last: bool, answered: bool) -> bool:
        """Late acceptance, never below the walk-away (P2): at our last turn if nothing
        follows it (or their offer is the best they made), else AC_combi in the last
        `accept_turns` turns."""
        if offered < self._walk_away(view):
            return False
        if last:
            return not answered or offered >= self._best_received
        since = 2 * self._clock - 1  # the last stretch as long as the time left
        recent = max((u for c, u in self._received if c >= since), default=offered)
        return accept_recent_best(view.turns_left, offered, recent, self.accept_turns)

    def _walk_away(self, view: View, final: bool = False) -> float:
        """P2, the BATNA; in a series, against an exploiter recognised from the history
        or a take-it-or-leave-it (`final`), a fair deal less the edge (seed 004: not
        every discussion should become a partnership; `accord.strategies.exploiter`)."""
        firm = self._firm or (final and self._relationship is not None)
        fair = self._fair_known  # else only their offers to go on: not below halfway
        if fair is None:
            fair = unanchored(self._nash, self._opening, self._best_received)
        return walk_away(view.reservation, fair, firm)

    def _goal(self, view: View) -> float:
        """A fair deal, slightly in our favour: the estimated Nash point plus `edge`
        (less after a repair), plus the lift of its own resentment (in a series)."""
        return goal(self._nash, self._edge, self._opening, view.reservation, self._lift)

    def _windfall(self, view: View, offered: float) -> bool:
        """An offer so far above a fair deal that taking it would exploit their weakness."""
        return is_windfall(self._clock, offered, self._goal(view), self._start, self.windfall)

    def _level(self, view: View) -> float:
        fair = self._goal(view)
        conceded = 0.0
        if self._first_received is not None:
            conceded = max(self._best_received - self._first_received, 0.0)
        settled = self._model.n_offers >= self.settle  # P14: then it asks no windfall either
        return hold(fair, self._opening, conceded, self.reciprocity, self.windfall, settled)

    def _target(self, view: View) -> float:
        r = self._walk_away(view)
        level = self._level(view)
        floor = closing_floor(r, self._best_received)
        return late_concession(self._clock, level, floor, self._start, self.e)

    def _estimate_nash(self, view: View) -> float:
        """Own utility at the Nash point of the estimated frontier (reservations: ours and 0)."""
        theirs = self._model.estimate(self._digits)
        utils = np.column_stack((self._own, theirs))
        front = utils[pareto_indices(utils)]
        k = nash_index(front, (view.reservation, 0.0))
        return float(front[k, 0]) if k is not None else view.reservation

    def _choose(self, target: float, allow_addons: bool) -> int:
        """At or above target, within a band: the outcome best for them by the model,
        a fresh one if one is nearly as good."""
        upto = int(np.searchsorted(-self._own, -target, side="right"))
        upto = max(upto, 1)
        if self._allowed is not None:  # keep every grant: only what keeps them all
            rows = np.flatnonzero(keeps_grants(self._allowed, self._digits[:upto]))
            if len(rows) == 0:
                return self._held  # nothing at the target keeps them all: hold
            rows = rows[self._own[rows] <= self._own[rows[-1]] + self.band]
        else:
            lo = int(np.searchsorted(-self._own, -(self._own[upto - 1] + self.band), side="left"))
            rows = np.arange(min(lo, upto - 1), upto)
        if not allow_addons and self._addons:
            plain = rows[(self._digits[rows][:, self._addons] == 0).all(axis=1)]
            rows = plain if len(plain) else rows
        scores = self._model.estimate(self._digits[rows])
        fresh = np.fromiter(
            (int(o) not in self._offered for o in self._outcomes[rows]), bool, len(rows)
        )
        if fresh.any() and scores[fresh].max() >= scores.max() - self.band:
            rows, scores = rows[fresh], scores[fresh]
        return int(self._outcomes[rows[int(np.argmax(scores))]])

    def _they_went_quiet(self, view: View) -> bool:
        last = next((e for e in reversed(view.events) if e.actor != view.role), None)
        return last is not None and last.kind in ("silence", "consult_authority")

    def _late_move(self, view: View, target: float) -> Move | None:
        mine = view.mine
        if mine is None:
            return None
        if self._addons and len(self._granted) < len(self._addons):
            digits = view.space.digits(mine.outcome)[0]
            for k in self._addons:
                if k in self._granted or digits[k] != 0:
                    continue
                granted = digits.copy()
                granted[k] = 1
                if view.utility(int(view.space.indices(granted)[0])) >= self._walk_away(view):
                    self._granted.add(k)
                    return AddOn(view.space.issues[k].name)  # P11, never below P2
        if not self._conditioned and self._losing(target):
            self._conditioned = True
            return self._conditional(view, target)
        return None

    def _losing(self, target: float) -> bool:
        """In the second half of the late phase, on our own clock (P12's last resort)."""
        return is_losing(self._best_received, target, self._clock, self._start, STANCE.losing_gap)

    def _conditional(self, view: View, target: float) -> Move | None:
        """Concede on the issue they value most, but only if they meet an easy condition
        (P12), from where we stand (our offer on the table; at our last turn the target is
        already the floor, with no room left to concede from): the value they like best
        that keeps us within `conditional_floor`, a step towards them, not a leap."""
        stand = view.mine.outcome if view.mine is not None else self._choose(target, True)
        base = view.space.digits(stand)[0]
        fallback = view.utility(stand)
        scores = np.split(self._model.value_scores(), np.cumsum(view.space.sizes)[:-1])
        floor = conditional_floor(
            target, closing_floor(self._walk_away(view), self._best_received), STANCE.losing_gap
        )  # P2, P12
        for k in np.argsort(-self._model.weights):
            issue = view.space.issues[k]
            belief = self.belief(Condition(issue.name, int(base[k]), view.other), view)
            for value in preferred(scores[k], than=int(base[k])):
                conceded = base.copy()
                conceded[k] = value
                outcome = int(view.space.indices(conceded)[0])
                u = view.utility(outcome)
                if u < floor or belief * u + (1 - belief) * fallback < floor:
                    continue
                text = (
                    f"{issue.name} = {issue.values[value]} only if {view.other} meets "
                    "an agreed commitment, else the earlier value"
                )
                if not self.conditional:  # the ablation: the same concession, unconditioned
                    return Offer(outcome)
                return Offer(outcome, Condition(issue.name, int(base[k]), view.other, text))
        return None
