"""The principles checklist: for our side, each principle kept, broken or not applicable,
with the turn it happened and a one-line reason (rules in docs/debrief.md).

Each rule is a small function of what the debrief already computed: the talks,
the tactics with our answers, the efficiency and the relationship model's
grievances. The thresholds are the plan's stance (Diplomat's defaults without a
plan), so the checklist and the advisor judge by the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accord.debrief.model import Efficiency, RelationshipEffect, Status, TacticUse, Verdict
from accord.debrief.talks import EPS, Talks
from accord.model.issues import ROLES
from accord.protocol.moves import AddOn, Display, Offer, Ultimatum

#: A deal that leaves less than this of joint utility on the table counts as efficient (P8).
EFFICIENT = 0.01
#: A deal this far below our target was a lost outcome (P12; the advisor's threshold
#: for a conditional concession, there measured on their best offer).
LOSING = 0.1

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
    """What the rules read."""

    talks: Talks
    uses: tuple[TacticUse, ...]
    efficiency: Efficiency
    relationship: RelationshipEffect

    def theirs(self, name: str) -> TacticUse | None:
        t = self.talks
        return next((u for u in self.uses if u.side == t.other and u.name == name), None)


def checklist(facts: Facts) -> tuple[Verdict, ...]:
    """Every principle the talks can show, in principle order."""
    return tuple(rule(facts) for rule in RULES)


def _verdict(p: str, status: Status, turn: int | None, reason: str) -> Verdict:
    return Verdict(p, NAMES[p], status, turn, reason)


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
    if o.agreement and o.utilities[_k(f)] < walk - EPS:
        u = o.utilities[_k(f)]
        turn = None if ending is None else ending.turn
        return _verdict("P2", "broken", turn, f"agreed at {u:.3f}, below our walk-away {walk:.3f}")
    below = [(turn, u) for turn, u, _, _ in _our_offers(f) if u < walk - EPS]
    if below:
        turn, u = below[0]
        return _verdict("P2", "broken", turn, f"offered {u:.3f}, below our walk-away {walk:.3f}")
    if o.agreement:
        u = o.utilities[_k(f)]
        reason = f"agreed at {u:.3f}, above our walk-away {walk:.3f}"
        return _verdict("P2", "kept", None if ending is None else ending.turn, reason)
    return _verdict("P2", "kept", None, f"never offered or agreed below our walk-away {walk:.3f}")


def p3(f: Facts) -> Verdict:
    t = f.talks
    ours = _our_offers(f)
    if not ours:
        return _verdict("P3", "not applicable", None, "we made no offer")
    target, band = t.targets[t.side], t.plans[t.side].stance.band
    first_turn, first, _, _ = ours[0]
    if first < target - band:
        reason = f"opened at {first:.3f}, below our target {target:.3f}: a pandering opening"
        return _verdict("P3", "broken", first_turn, reason)
    stance = t.plans[t.side].stance
    theirs = [(p.turn, p.utilities[_k(f)]) for p in t.outcome.offers[t.other]]
    lowest = first
    for turn, u, _, conditional in ours[1:]:
        if t.time(turn) >= stance.late or conditional:
            break
        lowest = min(lowest, u)
        received = [v for when, v in theirs if when < turn]
        given = max(received) - received[0] if received else 0.0
        if first - lowest > stance.reciprocity * given + band:
            reason = (
                f"by round {turn // 2 + 1} we had conceded {first - lowest:.3f}, they {given:.3f}: "
                "concede only in exchange"
            )
            return _verdict("P3", "broken", turn, reason)
    reason = f"opened at {first:.3f} (target {target:.3f}) and conceded only in exchange"
    return _verdict("P3", "kept", first_turn, reason)


def _answered(f: Facts, principle: str, names: tuple[str, ...], what: str) -> Verdict:
    """P5, P6, P9, P10: broken by a concession in answer to their pressure."""
    uses = [u for n in names if (u := f.theirs(n)) is not None]
    if not uses:
        return _verdict(principle, "not applicable", None, f"they used no {what}")
    broken = sorted(
        (a for u in uses for a in u.answers if a.verdict == "broken" and principle in a.principles),
        key=lambda a: a.reply_turn or 0,
    )
    if broken:
        a = broken[0]
        return _verdict(
            principle,
            "broken",
            a.reply_turn,
            f"after their {what} (round {a.turn // 2 + 1}) we {a.reply}",
        )
    n = sum(len(u.turns) for u in uses)
    first = min(u.turns[0] for u in uses)
    return _verdict(
        principle, "kept", first, f"their {what} ({n}x) was never answered with a concession"
    )


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
    ultimatums = [(turn, u) for turn, u, kind, _ in _our_offers(f) if kind == "ultimatum"]
    if not ultimatums:
        return _verdict("P7", "not applicable", None, "we gave no ultimatum")
    turn, u = ultimatums[0]
    late, walk = t.late(t.side), t.walk_away[t.side]
    if t.time(turn) < late:
        when = f"{t.time(turn):.0%} of the time"
        reason = f"our ultimatum came at {when}, before the late phase ({late:.0%})"
        return _verdict("P7", "broken", turn, reason)
    if u < walk - EPS:
        return _verdict("P7", "broken", turn, f"our ultimatum ({u:.3f}) was below our walk-away")
    return _verdict(
        "P7", "kept", turn, f"our ultimatum came late ({t.time(turn):.0%}), above the walk-away"
    )


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
    plan = t.plans[t.side]
    kept = plan.keep_for_close
    if not kept:
        return _verdict("P11", "not applicable", None, "no add-ons of ours to keep for the close")
    space, late = t.analysis.scenario.space, t.late(t.side)
    columns = [space.issue_index(n) for n in kept]
    granted = []
    for turn, outcome in _our_outcomes(f):
        digits = space.digits(outcome)[0]
        names = [n for n, c in zip(kept, columns, strict=True) if digits[c] == 1]
        if names:
            granted.append((turn, names[0]))
    if not granted:
        return _verdict("P11", "kept", None, f"{', '.join(kept)} kept back throughout")
    turn, name = granted[0]
    if t.time(turn) < late:
        reason = (
            f"'{name}' granted at {t.time(turn):.0%} of the time, before the close ({late:.0%})"
        )
        return _verdict("P11", "broken", turn, reason)
    return _verdict("P11", "kept", turn, f"'{name}' granted only at the close ({t.time(turn):.0%})")


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
    t, o, r = f.talks, f.talks.outcome, f.relationship
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
