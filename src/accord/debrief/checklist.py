"""The principles checklist: for our side, each principle kept, broken or not applicable,
with every round it was broken and a one-line reason (rules in docs/debrief.md).

Two judgements, each made in one place:

- **On our moves** (P2, P3, P5, P6, P7, P9, P10, P11, and P14 on a deal we took): a
  principle is broken exactly at the rounds where the advisor's review of the move
  we made warned about it (severity warning or error): the same `Advisor.review`
  the coach calls before each of our moves, with the same plan, history and
  claims, replayed by `accord.debrief.replay`. A coach's warning at round k is the
  debrief's breach at round k, and the debrief never reports a breach the coach
  did not warn about (`basis` "warned").
- **On the outcome, in hindsight** (P8 value left on the table, P12 a lost outcome
  without a condition, P13 the close, and P14 resentment by both sides' true
  utilities): judged after the talks, with what no advice before a move could know
  (their true preferences, how the deal closed) (`basis` "outcome").

The thresholds are the plan's stance (Diplomat's defaults without a plan), so the
checklist and the advisor judge by the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.debrief.model import Efficiency, RelationshipEffect, Status, TacticUse, Verdict
from accord.debrief.replay import Moment
from accord.debrief.talks import Talks
from accord.model.issues import ROLES
from accord.plan.core import Caution
from accord.protocol.moves import AddOn, Display, Offer, Ultimatum

#: A deal that leaves less than this of joint utility on the table counts as efficient (P8).
EFFICIENT = 0.01
#: A deal this far below our target was a lost outcome (P12; the advisor's threshold
#: for a conditional concession, there measured on their best offer).
LOSING = 0.1
#: The severities a coach stops for (it asks for `yes`): the warnings that, heeded or
#: not, judge the move.
SERIOUS = ("error", "warning")

NAMES = {
    "P2": "never below the walk-away",
    "P3": "equal footing: firm opening, concede only in exchange",
    "P5": "silence is not filled with concessions",
    "P6": "their authority is process, not rejection",
    "P7": "ultimatum only late, above the walk-away",
    "P8": "no value left on the table",
    "P9": "a deadline does not buy a concession",
    "P10": "delay is process: no concession for it",
    "P11": "add-ons kept for the close",
    "P12": "a lost outcome conceded with a condition",
    "P13": "a modest close",
    "P14": "neither exploited nor exploiting",
}


@dataclass(frozen=True)
class Facts:
    """What the rules read: the talks, the tactics with our answers, the efficiency, the
    relationship model's effect, and the advisor's review of each of our moves."""

    talks: Talks
    uses: tuple[TacticUse, ...]
    efficiency: Efficiency
    relationship: RelationshipEffect
    moments: tuple[Moment, ...]

    def theirs(self, name: str) -> TacticUse | None:
        t = self.talks
        return next((u for u in self.uses if u.side == t.other and u.name == name), None)

    def warned(self, principle: str) -> list[tuple[int, Caution]]:
        """(turn, caution) for each warning about `principle` on a move we made."""
        return [
            (m.turn, c)
            for m in self.moments
            for c in m.cautions
            if principle in c.principles and c.severity in SERIOUS
        ]


def checklist(facts: Facts) -> tuple[Verdict, ...]:
    """Every principle the talks can show, in principle order."""
    return tuple(rule(facts) for rule in RULES)


def _verdict(p: str, status: Status, turn: int | None, reason: str) -> Verdict:
    return Verdict(p, NAMES[p], status, turn, reason, basis="outcome")


def _on_moves(f: Facts, p: str, status: Status, turn: int | None, reason: str) -> Verdict:
    """A verdict on our moves: broken at every round the review warned about `p`, with
    the first warning's words; else `status` and `reason` as the rule found them."""
    warned = f.warned(p)
    if not warned:
        return Verdict(p, NAMES[p], status, turn, reason, basis="warned")
    turns = tuple(sorted({t for t, _ in warned}))
    first, caution = warned[0]
    text = caution.message
    if len(turns) == 2:
        text += f" (warned again in round {turns[1] // 2 + 1})"
    elif len(turns) > 2:
        text += f" (warned again in {len(turns) - 1} later rounds)"
    return Verdict(p, NAMES[p], "broken", first, text, turns=turns, basis="warned")


def _k(f: Facts) -> int:
    return ROLES.index(f.talks.side)


def _our_offers(f: Facts) -> list[tuple[int, float, str, bool]]:
    """(turn, our utility, kind, conditional) of each of our offers."""
    k = _k(f)
    return [
        (p.turn, p.utilities[k], p.kind, p.conditional)
        for p in f.talks.outcome.offers[f.talks.side]
    ]


def p2(f: Facts) -> Verdict:
    t, o = f.talks, f.talks.outcome
    walk = t.walk_away[t.side]
    ending = t.transcript.ending
    if o.agreement:
        u = o.utilities[_k(f)]
        turn = None if ending is None else ending.turn
        return _on_moves(f, "P2", "kept", turn, f"agreed at {u:.3f}, our walk-away {walk:.3f}")
    reason = f"never offered or agreed below our walk-away {walk:.3f}"
    return _on_moves(f, "P2", "kept", None, reason)


def p3(f: Facts) -> Verdict:
    t = f.talks
    ours = _our_offers(f)
    if not ours:
        return _on_moves(f, "P3", "not applicable", None, "we made no offer")
    first_turn, first, _, _ = ours[0]
    reason = f"opened at {first:.3f} (target {t.targets[t.side]:.3f}), conceded only in exchange"
    return _on_moves(f, "P3", "kept", first_turn, reason)


def _answered(f: Facts, principle: str, names: tuple[str, ...], what: str) -> Verdict:
    """P5, P6, P9, P10: broken by a concession in answer to their pressure."""
    uses = [u for n in names if (u := f.theirs(n)) is not None]
    if not uses:
        return _on_moves(f, principle, "not applicable", None, f"they used no {what}")
    n = sum(len(u.turns) for u in uses)
    first = min(u.turns[0] for u in uses)
    reason = f"their {what} ({n}x) was never answered with a concession"
    return _on_moves(f, principle, "kept", first, reason)


def p5(f: Facts) -> Verdict:
    return _answered(f, "P5", ("silence",), "silence")


def p6(f: Facts) -> Verdict:
    return _answered(f, "P6", ("authority",), "consulting of authority")


def p9(f: Facts) -> Verdict:
    return _answered(f, "P9", ("time_pressure",), "time pressure")


def p10(f: Facts) -> Verdict:
    return _answered(f, "P10", ("delay", "authority"), "delay or pause")


def p7(f: Facts) -> Verdict:
    t = f.talks
    ultimatums = [turn for turn, _, kind, _ in _our_offers(f) if kind == "ultimatum"]
    if not ultimatums:
        return _on_moves(f, "P7", "not applicable", None, "we gave no ultimatum")
    turn = ultimatums[0]
    reason = f"our ultimatum came late ({t.time(turn):.0%}), above the walk-away"
    return _on_moves(f, "P7", "kept", turn, reason)


def p8(f: Facts) -> Verdict:
    t, e = f.talks, f.efficiency
    if not t.outcome.agreement:
        return _verdict(
            "P8", "not applicable", None, "no agreement (the better deal is shown above)"
        )
    turn = None if t.transcript.ending is None else t.transcript.ending.turn
    if e.better is None:
        reason = "the deal is on the Pareto frontier: nothing left on the table"
        return _verdict("P8", "kept", turn, reason)
    if e.joint_left < EFFICIENT:
        reason = f"nearly on the frontier: {e.joint_left:.3f} of joint utility left"
        return _verdict("P8", "kept", turn, reason)
    k = _k(f)
    reason = (
        f"{e.joint_left:.3f} of joint utility left on the table "
        f"({e.left_on_table[k]:.3f} ours, {e.left_on_table[1 - k]:.3f} theirs)"
    )
    return _verdict("P8", "broken", turn, reason)


def p11(f: Facts) -> Verdict:
    t = f.talks
    kept = t.plans[t.side].keep_for_close
    if not kept:
        reason = "no add-ons of ours to keep for the close"
        return _on_moves(f, "P11", "not applicable", None, reason)
    space = t.analysis.scenario.space
    columns = [space.issue_index(n) for n in kept]
    granted = []
    for turn, outcome in _our_outcomes(f):
        digits = space.digits(outcome)[0]
        names = [n for n, c in zip(kept, columns, strict=True) if digits[c] == 1]
        if names:
            granted.append((turn, names[0]))
    if not granted:
        return _on_moves(f, "P11", "kept", None, f"{', '.join(kept)} kept back throughout")
    turn, name = granted[0]
    reason = f"'{name}' granted only at the close ({t.time(turn):.0%})"
    return _on_moves(f, "P11", "kept", turn, reason)


def _our_outcomes(f: Facts) -> list[tuple[int, int]]:
    t = f.talks
    return [
        (e.turn, e.outcome)
        for e in t.moves
        if e.actor == t.side
        and isinstance(e.move, Offer | Ultimatum | AddOn)
        and e.outcome is not None
    ]


def p12(f: Facts) -> Verdict:
    t, o = f.talks, f.talks.outcome
    conditional = [turn for turn, _, _, c in _our_offers(f) if c]
    if conditional:
        return _verdict("P12", "kept", conditional[0], "we conceded with a condition attached")
    if not o.agreement:
        return _verdict("P12", "not applicable", None, "no agreement: nothing was conceded")
    k, target = _k(f), t.targets[t.side]
    u = o.utilities[k]
    if u >= target - LOSING:
        reason = f"the outcome was not lost ({u:.3f}, target {target:.3f})"
        return _verdict("P12", "not applicable", None, reason)
    turn = None if t.transcript.ending is None else t.transcript.ending.turn
    reason = (
        f"settled {target - u:.3f} below our target ({u:.3f} against {target:.3f}) "
        "without a condition attached"
    )
    return _verdict("P12", "broken", turn, reason)


def p13(f: Facts) -> Verdict:
    t = f.talks
    if not t.outcome.agreement:
        return _verdict("P13", "not applicable", None, "no agreement to close")
    shown = [
        e.move for e in t.transcript.events if e.actor == t.side and isinstance(e.move, Display)
    ]
    turn = None if t.transcript.ending is None else t.transcript.ending.turn
    if any(d.kind == "triumphant" for d in shown):
        return _verdict("P13", "broken", turn, "we displayed triumph at the close")
    return _verdict("P13", "kept", turn, "closed modestly" if shown else "no display of triumph")


def p14(f: Facts) -> Verdict:
    """Warned on a deal we took (the review projects resentment on our estimates);
    else judged in hindsight on the resentment both sides take away."""
    t, o, r = f.talks, f.talks.outcome, f.relationship
    if f.warned("P14"):
        return _on_moves(f, "P14", "kept", None, "")
    if not o.agreement:
        return _verdict("P14", "not applicable", None, "no agreement: no share to judge")
    k = _k(f)
    alert = t.plans[t.side].stance.resentment_alert
    x, fair = r.record.shares, r.record.fair_shares
    ours, theirs = r.grievances[k].net, r.grievances[1 - k].net
    turn = None if t.transcript.ending is None else t.transcript.ending.turn
    share = (
        "" if x is None or fair is None else f"our share {x[k]:.0%} against a fair {fair[k]:.0%}; "
    )
    if theirs > alert:
        reason = f"{share}they take away resentment {theirs:.3f} (alert {alert:.2f})"
        return _verdict("P14", "broken", turn, reason)
    if ours > alert:
        reason = f"{share}we take away resentment {ours:.3f} (alert {alert:.2f})"
        return _verdict("P14", "broken", turn, reason)
    reason = f"{share}resentment within the alert ({alert:.2f}) on both sides"
    return _verdict("P14", "kept", turn, reason)


RULES: tuple[Callable[[Facts], Verdict], ...] = (
    p2,
    p3,
    p5,
    p6,
    p7,
    p8,
    p9,
    p10,
    p11,
    p12,
    p13,
    p14,
)
