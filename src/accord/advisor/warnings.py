"""Warnings before a move is made, and about the moves already made.

`review` checks one proposed move of ours against the plan and the state of
the talks: agreeing or offering below the walk-away (P2), conceding ahead of
the schedule or of their concessions (P3, P14), filling their silence with a
concession (P5), an early ultimatum (P7), an add-on spent before the close
(P11), a deal that would exploit them or us into resentment (P14, projected
with the relationship model), a triumphant display (P13). A coach calls it on
every move the person is about to make; the advisor calls it on every
candidate, so a recommendation carries no warning of its own making.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from accord.advisor.decide import Situation, windfall
from accord.advisor.history import Track
from accord.doctrine import in_late_phase
from accord.plan.core import Caution, Plan
from accord.plan.estimate import Frontier
from accord.preferences.grants import allowed_values
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.view import Standing
from accord.relationship import NegotiationRecord, RelationshipParams, grievance
from accord.relationship.record import Counts


def review(
    plan: Plan, track: Track, s: Situation, move: Move, frontier: Frontier | None
) -> tuple[Caution, ...]:
    """Every warning about making `move` now."""
    found: list[Caution | None] = []
    if isinstance(move, Display):
        found.append(_gloat(plan, track, s, move, frontier))
    elif s.ended:
        return ()
    elif _ultimatum_pending(s) and not isinstance(move, Accept):
        # The protocol records anything but accepting their ultimatum as refusing it (a
        # walk-away): judge that move, the one the record will show.
        found.append(_refuses_ultimatum(plan, s))
    elif isinstance(move, Accept):
        found.extend(_accepting(plan, track, s, frontier))
    elif isinstance(move, Offer | Ultimatum):
        found.extend(_offering(plan, track, s, move, frontier))
    elif isinstance(move, AddOn):
        found.append(_early_add_on(plan, s, move.issue))
    elif isinstance(move, WalkAway):
        found.append(_walking(plan, s))
    if isinstance(move, ConsultAuthority) and s.late:
        text = "consulting authority this late spends turns the deadline will not give back"
        found.append(Caution("late_pause", ("P6", "P10"), text, "note"))
    return tuple(c for c in found if c is not None)


# accepting ------------------------------------------------------------------------


def _accepting(
    plan: Plan, track: Track, s: Situation, frontier: Frontier | None
) -> list[Caution | None]:
    if s.theirs is None or s.offered is None:
        text = "there is no offer of theirs on the table to accept"
        return [Caution("nothing_to_accept", ("P1",), text, "error")]
    v = s.offered
    if v < s.walk_away:
        text = (
            f"their offer is worth {v:.2f} to us, below our walk-away ({s.walk_away:.2f}): "
            "no deal is better than this one"
        )
        return [Caution("below_walk_away", ("P2",), text, "error")]
    exploit = _exploits(plan, track, s, s.theirs.outcome, frontier)
    if windfall(plan, s, v):
        text = (
            f"their offer ({v:.2f}) is far above a fair deal as we estimate it ({s.goal:.2f}) "
            "this early: taking it exploits their weakness or missing information"
        )
        return [exploit or Caution("exploits_them", ("P14",), text, "warning")]
    # Within what the rules accept (our target, or the deadline): a note, not a warning.
    rules_accept = v >= s.target or (s.turns_left <= 1 and v >= s.walk_away)
    if exploit is not None and rules_accept:
        after = {
            "exploits_them": ". Accepting is within our target: be generous in the close.",
            "exploits_us": ". It still beats our walk-away, and the deadline is here.",
        }
        exploit = Caution(
            exploit.code, exploit.principles, exploit.message + after[exploit.code], "note"
        )
    return [exploit]


# offering ---------------------------------------------------------------------------


def _offering(
    plan: Plan, track: Track, s: Situation, move: Offer | Ultimatum, frontier: Frontier | None
) -> list[Caution | None]:
    u = track.utility.at(move.outcome)
    if u < s.walk_away:
        text = f"this offer is worth {u:.2f} to us, below our walk-away ({s.walk_away:.2f})"
        cited = ("P2", "P7") if isinstance(move, Ultimatum) else ("P2",)
        return [Caution("below_walk_away", cited, text, "error")]
    if move.condition is not None:  # P12: valued at our belief that they meet it
        u = track.value(Standing(move.outcome, move.condition))
    found: list[Caution | None] = [_retracts(plan, track, s, move)]
    # Only a move that concedes against our standing offer is warned as a concession:
    # repeating it (the same terms, the same condition) is holding.
    if s.mine is None or u < track.value(s.mine) - 1e-9:
        found += [
            _over_concession(s, u, conditional=move.condition is not None),
            _unreciprocated(plan, track, s, u),
        ]
        if track.their_quiet and s.mine is not None:
            text = (
                "they went quiet and this offer concedes: do not fill their silence with a "
                "concession; let the offer stand"
            )
            found.append(Caution("fills_silence", track.quiet_principles(), text, "warning"))
        if s.pressure and s.mine is not None:
            text = (
                "they claimed a deadline and this offer concedes: a deadline does not buy a "
                "concession; check it against our walk-away and let the offer stand"
            )
            found.append(Caution("deadline_concession", ("P9",), text, "warning"))
    if isinstance(move, Ultimatum) and not s.late:
        text = (
            f"an ultimatum at {s.time:.0%} of the time, before patience and fairness were shown: "
            "keep it for the end"
        )
        found.append(Caution("early_ultimatum", ("P7",), text, "warning"))
    found.extend(_spent_add_ons(plan, s, move.outcome))
    return found


def _retracts(plan: Plan, track: Track, s: Situation, move: Offer | Ultimatum) -> Caution | None:
    """P3, P14: an offer that asks back on an issue or withdraws an add-on we granted,
    against our standing offer, takes back a concession: to them, reneging."""
    mine = s.mine
    if mine is None:
        return None
    space = plan.space
    allowed = allowed_values(plan.ours.utility, plan.side, mine.outcome)
    digits = space.digits(move.outcome)[0]
    back = [space.issues[k] for k, ok in enumerate(allowed) if not ok[digits[k]]]
    if not back:
        return None
    withdrawn = [i.name for i in back if i.kind == "addon" and i.giver == plan.side]
    asked = [i.name for i in back if i.name not in withdrawn]
    what = [f"withdraws {', '.join(withdrawn)}"] if withdrawn else []
    what += [f"asks back on {', '.join(asked)}"] if asked else []
    params = RelationshipParams()
    lowest = min((u for _, _, u in track.our_offers), default=track.utility.at(mine.outcome))
    rise = track.utility.at(move.outcome) - lowest
    if rise > params.retraction_tolerance:
        cost = (
            f"taking back {rise:.2f} of utility, it counts as a bluff and costs "
            f"{params.trust_bluff:.0%} of their trust (relationship model)"
        )
    else:
        cost = (
            "it costs their trust (a take-back of more than "
            f"{params.retraction_tolerance:.2f} costs {params.trust_bluff:.0%} of it)"
        )
    text = (
        f"a retraction: this offer {' and '.join(what)} against our standing offer; "
        f"to them that is reneging, and {cost}"
    )
    return Caution("retracts", ("P3", "P14"), text, "warning")


def _over_concession(s: Situation, u: float, conditional: bool = False) -> Caution | None:
    if u >= s.floor - 1e-9:
        return None
    if conditional:
        text = (
            f"this conditional offer (worth {u:.2f} at our belief they meet it) is below the "
            f"schedule ({s.floor:.2f}): right only when the outcome is lost"
        )
        return Caution("over_concession", ("P12", "P3"), text, "note")
    text = (
        f"this offer ({u:.2f}) is below the concession schedule ({s.floor:.2f} at this point): "
        "over-conceding now is resentment of our own later"
    )
    return Caution("over_concession", ("P3", "P14"), text, "warning")


def _unreciprocated(plan: Plan, track: Track, s: Situation, u: float) -> Caution | None:
    """P3: before the late phase, concede no further than they have conceded."""
    if s.late or u >= s.target - 1e-9 or u < s.floor - 1e-9:
        return None
    text = (
        f"this offer ({u:.2f}) concedes more than they have ({track.conceded_by_them:.2f}): "
        "concede only in exchange"
    )
    return Caution("unreciprocated", ("P3",), text, "warning")


def _spent_add_ons(plan: Plan, s: Situation, outcome: int) -> list[Caution | None]:
    if s.late or not plan.keep_for_close:
        return []
    space = plan.space
    digits = space.digits(outcome)[0]
    before = None if s.mine is None else space.digits(s.mine.outcome)[0]
    given = [
        n
        for n in plan.keep_for_close
        if digits[k := space.issue_index(n)] == 1 and (before is None or before[k] == 0)
    ]  # only what this offer newly grants: one already granted is not spent again
    return [_early_add_on(plan, s, given[0])] if given else []


def _early_add_on(plan: Plan, s: Situation, name: str) -> Caution | None:
    if name not in plan.keep_for_close or s.late:
        return None
    text = f"'{name}' is kept for the close, where most concessions happen: hold it back"
    return Caution("early_add_on", ("P11",), text, "warning")


# leaving, ultimatums --------------------------------------------------------------


def _walking(plan: Plan, s: Situation) -> Caution | None:
    if s.offered is None or s.offered < s.walk_away or plan.fit.better_served_elsewhere:
        return None
    text = (
        f"their offer ({s.offered:.2f}) beats our walk-away ({s.walk_away:.2f}): "
        "walking away leaves a better deal than our BATNA on the table"
    )
    return Caution("walks_from_a_deal", ("P2", "P4"), text, "warning")


def _ultimatum_pending(s: Situation) -> bool:
    return s.theirs is not None and s.theirs.final


def _refuses_ultimatum(plan: Plan, s: Situation) -> Caution | None:
    """Refusing a final offer worth at least our walk-away leaves that deal for the BATNA
    (the walk-away rule, as `_walking`); refusing one below it is right (P2)."""
    if s.offered is None or s.offered < s.walk_away or plan.fit.better_served_elsewhere:
        return None
    text = (
        f"they gave an ultimatum worth {s.offered:.2f} to us, above our walk-away "
        f"({s.walk_away:.2f}): anything but accepting ends the talks without a deal"
    )
    return Caution("refuses_ultimatum", ("P2", "P4"), text, "warning")


# resentment (P13, P14) -------------------------------------------------------------


def projected_resentment(
    plan: Plan, track: Track, outcome: int, frontier: Frontier | None, triumph: bool = False
) -> tuple[float, float] | None:
    """(ours, theirs): the resentment each side would take from agreeing `outcome` now,
    by the relationship model (`accord.relationship.grievance`) on our estimates."""
    if frontier is None or frontier.nash is None:
        return None
    side = plan.side
    ours = track.utility.at(outcome)
    theirs = float(track.estimate.of_digits(plan.space.digits(outcome))[0])

    def pair(x: float, y: float) -> tuple[float, float]:
        return (x, y) if side == "A" else (y, x)

    mine = _drops([u for _, _, u in track.our_offers])
    given = [o for _, o, _ in track.their_offers]
    est = track.estimate.of_digits(plan.space.digits(given)) if given else np.zeros(0)
    shown: Counts = (("display_triumphant", 1),) if triumph else ()
    record = NegotiationRecord(
        agreement=True,
        utilities=pair(ours, theirs),
        reservations=pair(max(plan.walk_away, plan.batna), plan.their_batna),
        nash=pair(*frontier.nash),
        concessions=pair(mine, _drops(list(est))),
        tactics=(shown, ()) if side == "A" else ((), shown),
    )
    params = RelationshipParams()
    return (grievance(record, side, params).net, grievance(record, plan.other, params).net)


def _drops(utilities: list[float]) -> float:
    return float(sum(max(a - b, 0.0) for a, b in pairwise(utilities)))


def _exploits(
    plan: Plan, track: Track, s: Situation, outcome: int, frontier: Frontier | None
) -> Caution | None:
    projected = projected_resentment(plan, track, outcome, frontier)
    if projected is None:
        return None
    ours, theirs = projected
    alert = plan.stance.resentment_alert
    if theirs > alert:
        text = (
            f"this deal leaves them well below a fair share (projected resentment {theirs:.2f} "
            f"> {alert:.2f}): it will cost the next negotiation"
        )
        return Caution("exploits_them", ("P14",), text, "warning")
    if ours > alert:
        text = (
            f"this deal leaves us well below a fair share (projected resentment {ours:.2f} "
            f"> {alert:.2f}): we would resent it later"
        )
        return Caution("exploits_us", ("P14", "P3"), text, "warning")
    return None


def _gloat(
    plan: Plan, track: Track, s: Situation, move: Display, frontier: Frontier | None
) -> Caution | None:
    if move.kind != "triumphant":
        return None
    cost = ""
    if track.agreement is not None:
        projected = projected_resentment(plan, track, track.agreement, frontier, triumph=True)
        if projected is not None:
            cost = f" (their projected resentment {projected[1]:.2f})"
    text = f"never display triumph: let them feel they did well{cost}"
    return Caution("gloat", ("P13", "P14"), text, "warning")


# what we have done so far -------------------------------------------------------------


def past_warnings(
    plan: Plan, track: Track, s: Situation, recommended: Move | None
) -> tuple[Caution, ...]:
    """Warnings about our own moves so far: offers below the walk-away (P2), a last offer
    below the schedule (P3, P14), concessions made into their silence (P5), an early
    ultimatum (P7), a triumphant display (P13). They are facts about the past; what to
    do now is the `recommended` move's to say, so "hold here" is added only when the
    recommendation holds our standing offer, and none contradicts it."""
    found: list[Caution] = []
    below = [t for t, _, u in track.our_offers if u < s.walk_away - 1e-9]
    if below:
        text = f"we offered below our walk-away in round {below[0] // 2 + 1}: never agree there"
        found.append(Caution("offered_below_walk_away", ("P2",), text, "error"))
    holding = holds(s, recommended)
    if track.our_offers and track.our_offers[-1][2] < s.floor - 1e-9:
        u = track.our_offers[-1][2]
        text = (
            f"our standing offer ({u:.2f}) is already below the concession schedule as we "
            f"now see it ({s.floor:.2f}): we conceded ahead of it, or learnt since from "
            "their offers that a fair deal gives us more"
        )
        text += ": hold here, and let them move" if holding else ""
        found.append(Caution("over_conceded", ("P3", "P14"), text, "warning"))
    filled = _filled_silences(plan, track)
    if filled:
        text = f"we conceded right after their silence (round {filled[0] // 2 + 1})"
        text += ": let silence work" if holding else ""
        found.append(Caution("filled_silence", ("P5",), text, "warning"))
    rounds = s.rounds
    early = [
        e.turn
        for e in track.events
        if e.actor == plan.side
        and isinstance(e.move, Ultimatum)
        and not in_late_phase(e.turn, rounds, plan.stance)
    ]
    if early:
        text = f"our ultimatum in round {early[0] // 2 + 1} came early: keep ultimatums for the end"
        found.append(Caution("early_ultimatum", ("P7",), text, "warning"))
    gloats = [
        e.turn
        for e in track.events
        if e.actor == plan.side and isinstance(e.move, Display) and e.move.kind == "triumphant"
    ]
    if gloats:
        text = "we displayed triumph at the close: repair it; let them feel they did well"
        found.append(Caution("gloat", ("P13", "P14"), text, "warning"))
    return tuple(found)


def holds(s: Situation, move: Move | None) -> bool:
    """`move` keeps our standing offer as it is: silence, a pause, or repeating it."""
    if s.mine is None:
        return False
    if isinstance(move, Silence | ConsultAuthority):
        return True
    return isinstance(move, Offer | Ultimatum) and move.outcome == s.mine.outcome


def _filled_silences(plan: Plan, track: Track) -> list[int]:
    """Turns where we lowered our offer right after their silence or pause."""
    turns, last_u, quiet = [], None, False
    for e in track.events:
        if e.actor != plan.side:
            quiet = isinstance(e.move, Silence | ConsultAuthority)
            continue
        if isinstance(e.move, Offer | Ultimatum):
            u = track.utility.at(e.move.outcome)
            if quiet and last_u is not None and u < last_u - 1e-9:
                turns.append(e.turn)
            last_u = u
    return turns
