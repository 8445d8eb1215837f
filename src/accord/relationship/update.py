"""The update rules: what a negotiation, a resolved condition or a departure does
to the relationship (DESIGN.md, "Relationship model (v1)").

Resentment, per side i, from its own perspective:

    R_i <- max(0, decay * R_i + alpha * g_i * (1 - q_i) + beta * g_i * q_i + face_i - gestures_i)

where `g_i = max(0, f_i - x_i)` is how far i's surplus share fell below its
fair (Nash) share. The shortfall is split by who produced it (P14, seed 003):
`q_i = c_i / (c_A + c_B)` is i's part of the concessions made in the talks
(1/2 when nobody conceded). The part the other side pushed i into is the
*exploited counterpart* (weight alpha, Fehr and Schmidt's disadvantageous
inequity); the part i gave away itself is the *over-conceding self* (weight
beta: "I negotiated poorly ... and ended up hating my customer"). With
alpha == beta (the default) this is DESIGN.md's single formula. Either way
the resentment is i's: it makes i leave, harden and serve worse.

`face_i` is `face` if the other side displayed triumph over an outcome below
i's fair share (P13), minus `modesty` times i's two shortfall terms if the other
side closed modestly instead (Thompson, Valley and Kramer 1995: the other's
display changes how the same outcome feels), plus `face_ultimatum` if the other side's ultimatum
ended the talks with no deal (P7). `gestures_i` is `gesture_weight` times the
utility i received as add-ons granted by the other side and as a conditional
concession i must meet, weighted by i's belief that it will (P8, P11, P12;
Curhan et al. 2006: the relationship counts beside the outcome).

Trust moves by fractions of the way, so it stays in [0, 1]: an agreement's
joint surplus S closes `min(1, trust_surplus * S)` of the gap to 1, unless the
deal leaves either side's resentment above the doctrine's alert
(`accord.doctrine.STANCE.resentment_alert`, the level at which the coach warns,
P14): a deal one side resents builds no trust, whatever surplus it made; each side
that took back a concession (a rise of its own utility above its earlier
offers by more than `retraction_tolerance`: the transcript's sign of a bluff)
costs `trust_bluff` of trust; an honoured condition closes `trust_honoured`
of the gap, a broken one costs `trust_broken` of trust (Slovic 1993).

Dependence of side i (P15, P17) is how far its BATNA falls short of what the
relationship delivers: max(0, mean realised utility of i per negotiation held
so far, its BATNA where there was no deal - i's latest reservation). The side
with the lower dependence is the one that "cares less" (seed 002).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import numpy as np

from accord.doctrine import STANCE
from accord.model.issues import ROLES, Role, other
from accord.relationship.effects import realised_utilities
from accord.relationship.params import RelationshipParams
from accord.relationship.record import NegotiationRecord, Pair, index_of, with_honoured
from accord.relationship.state import RelationshipState, Snapshot


@dataclass(frozen=True)
class Grievance:
    """The terms one negotiation adds to a side's resentment (before decay and floor)."""

    exploited: float
    self_inflicted: float
    face: float
    gestures: float
    #: The part of the shortfall terms a modest close by the other side relieved (P13).
    modesty: float = 0.0
    #: Each term and its sign in `net` (+1 adds to resentment, -1 relieves it): what a
    #: debrief lists, in this order.
    TERMS: ClassVar[tuple[tuple[str, int], ...]] = (
        ("exploited", 1),
        ("self_inflicted", 1),
        ("face", 1),
        ("gestures", -1),
        ("modesty", -1),
    )

    @property
    def net(self) -> float:
        return sum(sign * getattr(self, name) for name, sign in self.TERMS)

    @classmethod
    def labelled(cls) -> tuple[tuple[str, str], ...]:
        """(label, field) of each term as the debriefs show it: "+ self-inflicted"."""
        return tuple(
            (f"{'-' if sign < 0 else '+'} {name.replace('_', '-')}", name)
            for name, sign in cls.TERMS
        )


def self_blame(record: NegotiationRecord, role: Role) -> float:
    """`role`'s part of the concessions made in the talks (1/2 when nobody conceded)."""
    c = record.concessions
    total = c[0] + c[1]
    return c[index_of(role)] / total if total > 0 else 0.5


def grievance(record: NegotiationRecord, role: Role, params: RelationshipParams) -> Grievance:
    """What `role` takes away from `record`, from its own perspective."""
    them = other(role)
    gap = record.shortfall(role)
    q = self_blame(record, role)
    face = 0.0
    if gap > 0 and record.tactic(them, "display_triumphant") > 0:
        face += params.face
    if record.ultimatum_by == them:
        face += params.face_ultimatum
    exploited, self_inflicted = params.alpha * gap * (1.0 - q), params.beta * gap * q
    modest = gap > 0 and record.tactic(them, "display_modest") > 0
    return Grievance(
        exploited=exploited,
        self_inflicted=self_inflicted,
        face=face,
        gestures=params.gesture_weight * record.received(role),
        modesty=params.modesty * (exploited + self_inflicted) if modest else 0.0,
    )


def update(
    state: RelationshipState, record: NegotiationRecord, params: RelationshipParams
) -> RelationshipState:
    """The relationship after one more negotiation.

    >>> from accord.relationship import NegotiationRecord, RelationshipState
    >>> p, start = RelationshipParams(), RelationshipState()
    >>> at_nash = NegotiationRecord(True, (0.6, 0.7), (0.4, 0.4), nash=(0.6, 0.7))
    >>> update(start, at_nash, p).resentment
    (0.0, 0.0)

    B's fair share is 0.6 of the surplus; it got 0.125, a shortfall of 0.475:

    >>> squeezed = NegotiationRecord(True, (0.75, 0.45), (0.4, 0.4), nash=(0.6, 0.7))
    >>> [round(r, 3) for r in update(start, squeezed, p).resentment]
    [0.0, 0.475]
    """
    if state.ended:
        raise ValueError(f"the relationship has ended ({', '.join(state.left)} left)")
    ra, rb = (
        max(0.0, params.decay * state.resentment[k] + grievance(record, role, params).net)
        for k, role in enumerate(ROLES)
    )
    resentment: Pair = (ra, rb)
    trust = _after_negotiation(state.trust, record, resentment, params)
    history = (*state.history, record)
    dependence = dependence_of(history, [*_resentments(state), resentment], params)
    trajectory = (*state.trajectory, Snapshot(resentment, trust, dependence))
    return replace(
        state,
        resentment=resentment,
        trust=trust,
        dependence=dependence,
        history=history,
        trajectory=trajectory,
    )


def resolve_condition(
    state: RelationshipState, index: int, honoured: bool, params: RelationshipParams
) -> RelationshipState:
    """Record whether the condition attached in negotiation `index` was met, and move trust.

    >>> from accord.relationship import ConditionTerm, NegotiationRecord, RelationshipState
    >>> c = ConditionTerm("rebate", "B", (0.6, 0.9), met=(0.5, 0.7), fallback=(0.7, 0.5))
    >>> deal = NegotiationRecord(True, (0.6, 0.68), (0.3, 0.4), nash=(0.5, 0.7), condition=c)
    >>> p = RelationshipParams()
    >>> s = update(RelationshipState.start(p), deal, p)
    >>> resolve_condition(s, 0, True, p).trust > s.trust > resolve_condition(s, 0, False, p).trust
    True
    """
    if not isinstance(honoured, bool | np.bool_):
        raise TypeError(f"honoured must be True or False, not {honoured!r}")
    n = len(state.history)
    if not -n <= index < n:
        raise IndexError(f"no negotiation {index} in a history of {n}")
    history = list(state.history)
    history[index] = with_honoured(history[index], bool(honoured))
    t = state.trust
    t = t + params.trust_honoured * (1.0 - t) if honoured else t * (1.0 - params.trust_broken)
    dependence = dependence_of(history, _resentments(state), params)
    return replace(state, history=tuple(history), trust=_unit(t), dependence=dependence)


def leave(state: RelationshipState, *roles: Role) -> RelationshipState:
    """The relationship after `roles` left it: the series ends, both live on their BATNA."""
    if not roles:
        raise ValueError("name the side(s) that leave")
    return replace(state, left=(*state.left, *roles))


def dependence_of(
    history: Sequence[NegotiationRecord],
    resentment_after: Sequence[Pair],
    params: RelationshipParams,
) -> Pair:
    """How far each side's latest BATNA falls short of the mean utility it realised
    per negotiation held (0 before the first). A negotiation without a deal counts
    at that negotiation's BATNA: nothing above the alternative (the no-deal exit,
    Thibaut and Kelley 1959), so failed negotiations lower dependence."""
    held = [
        realised_utilities(rec, res, params)
        for rec, res in zip(history, resentment_after, strict=True)
    ]
    if not held:
        return (0.0, 0.0)
    value = np.mean(np.asarray(held, dtype=float), axis=0)
    r = history[-1].reservations
    return (max(0.0, float(value[0]) - r[0]), max(0.0, float(value[1]) - r[1]))


def _resentments(state: RelationshipState) -> list[Pair]:
    """Resentment right after each negotiation held so far."""
    return [s.resentment for s in state.trajectory]


def resented(resentment: Pair) -> bool:
    """Whether either side's resentment is above the doctrine's alert (P14): a deal
    that leaves it there earns no trust, so the ledger never shows trust rising
    after a deal the coach warned about."""
    return max(resentment) > STANCE.resentment_alert


def _after_negotiation(
    trust: float, record: NegotiationRecord, resentment: Pair, params: RelationshipParams
) -> float:
    """Trust after `record`, given both sides' `resentment` right after it: the
    surplus's gain only when nobody is left resenting the deal; bluffs cost always."""
    t = trust
    if record.agreement and not resented(resentment):
        s = record.surplus
        joint = max(s[0], 0.0) + max(s[1], 0.0)
        t += min(1.0, params.trust_surplus * joint) * (1.0 - t)
    bluffers = sum(1 for x in record.retracted if x > params.retraction_tolerance)
    t *= (1.0 - params.trust_bluff) ** bluffers
    return _unit(t)


def _unit(x: float) -> float:
    return min(1.0, max(0.0, float(x)))
