"""The doctrine's numbers and curves, held once (DESIGN.md P2-P17, docs/design.md).

Diplomat, the plan, the advisor, the time-based strategies and the ledger's display
all read their numbers from `Stance` and their curves from these functions, so that
the coach, the advice, the debrief and the ledger cannot disagree about them.

Pure and small on purpose: plain floats in, a float out, nothing from the rest of
accord, so it sits low in the layers and any package may call it. The operations
keep the order of the code they replaced, so results are the same to the last bit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Stance:
    """How we bargain, as numbers; the defaults are Diplomat v2's (docs/design.md).

    - `edge`: the goal is the estimated fair deal (Nash point) plus this (P3).
    - `reciprocity`: before `late`, concede at most this times what they conceded (P3).
    - `late`: fraction of the deadline from which we concede towards the walk-away
      on a Boulware curve of exponent `exponent`, and grant add-ons kept for the close (P11).
    - `band`: offers within this of the target count as "at the target" (logrolling room, P8).
    - `windfall`: before `late`, an offer more than this above the goal is a windfall
      that would exploit them (P14): counter at the goal instead; also the cap on what
      we ask above the goal once they have made `settle` offers.
    - `settle`: after this many offers of theirs we ask no windfall either (P14).
    - `decay`: weight of each later offer of theirs in the opponent model.
    - `resentment_alert`: warn when a deal's projected resentment of either side
      (relationship model, P14) exceeds this; exp(-0.15) ~ 0.86 chance they stay.
    - `losing_gap`: in the second half of the late phase we are losing when their best
      offer is more than this below our target (P12: time for a conditional concession).
    - `belief_ours`, `belief_theirs`: our belief that a condition will be met when it is
      ours to meet, and when it is theirs; conditional deals are valued with these (P12).

    In a series (Diplomat's `relate`):

    - `repair`, `overshoot`, `fragile`, `early`: if the last agreement left us more than
      `overshoot` above our fair share, or trust is below `fragile`, lower the edge by
      `repair` and grant add-ons from `late - early` instead of `late` (P14, P16).
    - `resolve`: the goal rises by this times our own resentment (P2, P17).

    Against a deadline in rounds (issue 14, measured against the ANAC winners):

    - `late_turns`: the late phase lasts at least this many of our own turns, whatever
      `late` says: at 20 rounds `late` alone leaves three turns, too few to close with a
      firm counterpart (89% agreement); at 100 rounds `late` governs (15 turns).
    - `accept_turns`: in our last this many turns, accept an offer at least as good as
      the best they made over the last stretch as long as the time left (Baarslag et al.
      2014's AC_combi(T, MAX_W), T close to the deadline): that is what waiting buys. In
      turns, not time: at 100 rounds a window of 10% of the time accepted too early.
      One turn, not two: a firm counterpart (Boulware) concedes most at its very last
      offers, and a window of two turns took its second-to-last offer instead of its
      last (dealer_rebate against boulware: 36% of the surplus instead of 59%); on the
      tune split one turn also earned more (BENCHMARKS.md, "After item 3").
    """

    edge: float = 0.05
    reciprocity: float = 1.0
    late: float = 0.85
    exponent: float = 0.5
    band: float = 0.02
    windfall: float = 0.1
    settle: int = 3
    decay: float = 0.9
    resentment_alert: float = 0.15
    losing_gap: float = 0.1
    belief_ours: float = 0.9
    belief_theirs: float = 0.6
    repair: float = 0.05
    overshoot: float = 0.1
    fragile: float = 0.3
    early: float = 0.2
    resolve: float = 0.1
    late_turns: int = 5
    accept_turns: int = 1


#: The doctrine's stance with every default: what a player uses when nobody tuned it.
STANCE = Stance()

#: The range of each of the stance's numbers (inclusive, but above 0 for those in
#: `POSITIVE`): outside it a value is an input error wherever it is given, in a plan's
#: stance or a strategy's parameters ("diplomat(edge=-5)").
BOUNDS: dict[str, tuple[float, float]] = {
    "edge": (0.0, 1.0),
    "reciprocity": (0.0, 5.0),
    "late": (0.0, 1.0),
    "exponent": (0.0, 10.0),
    "band": (0.0, 1.0),
    "windfall": (0.0, 1.0),
    "settle": (0, 1000),
    "decay": (0.0, 1.0),
    "losing_gap": (0.0, 1.0),
    "repair": (0.0, 1.0),
    "overshoot": (0.0, 1.0),
    "fragile": (0.0, 1.0),
    "early": (0.0, 1.0),
    "resolve": (0.0, 5.0),
    "late_turns": (0, 1000),
    "accept_turns": (0, 1000),
}
POSITIVE = frozenset({"exponent", "decay"})


def check_stance(**values: float) -> None:
    """A `ValueError` naming the first of the stance's numbers outside `BOUNDS`.

    >>> check_stance(edge=0.1, late=0.9)
    >>> check_stance(edge=-5)
    Traceback (most recent call last):
    ...
    ValueError: edge=-5 is outside 0 to 1
    """
    for name, v in values.items():
        lo, hi = BOUNDS[name]
        if not (lo < v if name in POSITIVE else lo <= v) or not v <= hi:
            low = f"more than {lo:g}" if name in POSITIVE else f"{lo:g}"
            raise ValueError(f"{name}={v:g} is outside {low} to {hi:g}")


def time_concession(t: float, e: float, start: float, floor: float) -> float:
    """Faratin, Sierra and Jennings's (1998) time-dependent target, applied to utility:
    `start` at t = 0, `floor` at t = 1, u(t) = floor + (1 - t**(1/e)) * (start - floor).
    e < 1 concedes late (Boulware), e = 1 linearly, e > 1 early (Conceder). A `start`
    below `floor` is `floor` throughout.

    >>> round(time_concession(0.0, 0.5, 0.9, 0.3), 9), time_concession(1.0, 0.5, 0.9, 0.3)
    (0.9, 0.3)
    """
    return floor + (1.0 - t ** (1.0 / e)) * max(start - floor, 0.0)


def late_concession(t: float, hold: float, walk_away: float, late: float, exponent: float) -> float:
    """Hold at `hold` until `late`, then concede on a Boulware curve of `exponent` to the
    walk-away at the deadline (t = 1); never below the walk-away (P2). Diplomat's and the
    advisor's target and the plan's schedule floor are this curve.

    >>> late_concession(0.5, 0.6, 0.3, 0.85, 0.5)
    0.6
    >>> round(late_concession(1.0, 0.6, 0.3, 0.85, 0.5), 6)
    0.3
    """
    if t < late or hold <= walk_away:
        return max(hold, walk_away)
    x = 1.0 if late >= 1 else min((t - late) / (1.0 - late), 1.0)
    return max(hold - x ** (1.0 / exponent) * (hold - walk_away), walk_away)


def own_clock(t: float, turns_left: int, rounds: int) -> float:
    """Time on our own clock: 0 at the start, 1 at our last turn (`turns_left` = 1).

    The deadline `t` = 1 falls after the last move, so our last turn comes at t < 1 (at
    20 rounds, 0.95 for the first mover): a curve in `t` would never reach its end.

    >>> own_clock(0.95, 1, 20), own_clock(0.0, 20, 20)
    (1.0, 0.0)
    """
    if turns_left <= 1:
        return 1.0
    last = t + (turns_left - 1) / max(rounds, 1)
    return min(t / last, 1.0) if last > 0 else 0.0


def turn_clock(turn: int, rounds: int) -> float:
    """`own_clock` at turn `turn` (0-based, the two sides alternating) of talks of `rounds`
    rounds: for those who count turns rather than hold a view (the advisor, the plan).

    >>> turn_clock(0, 20), turn_clock(38, 20), turn_clock(39, 20)
    (0.0, 1.0, 1.0)
    """
    turns_left = max((2 * rounds - turn + 1) // 2, 0)
    return own_clock(min(turn / (2 * max(rounds, 1)), 1.0), turns_left, rounds)


def late_start(late: float, late_turns: int, rounds: int) -> float:
    """When the late phase starts on our own clock: at `late`, but early enough to leave
    `late_turns` of our own turns to close (P11: most concessions come at the end, and
    there must be an end to make them in).

    >>> late_start(0.85, 5, 100), late_start(0.85, 5, 20)
    (0.85, 0.75)
    """
    return max(min(late, 1.0 - late_turns / max(rounds, 1)), 0.0)


def in_late_phase(turn: int, rounds: int, stance: Stance = STANCE) -> bool:
    """Whether turn `turn` (0-based) of talks of `rounds` rounds is in the late phase of
    the side that moves at it: its own clock past `late_start`. Diplomat's test, for
    those who count turns (the advisor's rules, its warnings, its reading of tactics).

    >>> in_late_phase(29, 20), in_late_phase(30, 20), in_late_phase(15, 12)
    (False, True, True)
    """
    return turn_clock(turn, rounds) >= late_start(stance.late, stance.late_turns, rounds)


def closing_floor(walk_away: float, their_best: float) -> float:
    """Where the late concession ends: the walk-away (P2), or the best offer they have
    already made if it is better. That deal is on the table; conceding below it gives
    away what they had already granted (firm, not generous to a hardliner)."""
    return max(walk_away, their_best)


def conditional_floor(target: float, floor: float, gap: float) -> float:
    """How far a P12 conditional concession may go: at most `gap` (the stance's
    `losing_gap`) below what we ask now, never below the closing `floor`. The art of
    losing is a small loss on a condition (the seed's 2% rebate against 1%), not a leap
    to their position: where a condition cannot be stated (negmas drops it) the
    concession is made outright, and a leap would hand a hardliner its best deal.

    >>> round(conditional_floor(0.6, 0.2, 0.1), 6), conditional_floor(0.25, 0.2, 0.1)
    (0.5, 0.2)
    """
    return max(target - gap, floor)


def accept_recent_best(turns_left: int, value: float, recent_best: float, window: int) -> bool:
    """AC_combi(T, MAX_W) (Baarslag, Hindriks and Jonker 2014, "Effective acceptance
    conditions in real-time automated negotiation", Decision Support Systems 60): with
    `window` of our turns or fewer left, an offer at least as good as the best they made
    over the last stretch as long as the time left (`recent_best`) is accepted."""
    return turns_left <= window and value >= recent_best


def goal(nash: float, edge: float, opening: float, floor: float, lift: float = 0.0) -> float:
    """A fair deal, slightly in our favour (P3): the estimated Nash point plus `edge`, plus
    `lift` (Diplomat's own resentment in a series, P17); never above the opening nor below
    the walk-away `floor`.

    >>> goal(0.6, 0.05, 0.9, 0.3)
    0.65
    """
    return max(min(nash + edge + lift, opening), floor)


def hold(
    goal: float,
    opening: float,
    conceded: float,
    reciprocity: float,
    windfall: float,
    settled: bool,
) -> float:
    """What we ask before the late phase (P3): the opening less `reciprocity` times what
    they have `conceded`, never below the goal; once `settled` (they have made the
    stance's `settle` offers) no more than `windfall` above the goal either (P14).

    >>> hold(0.65, 0.9, 0.1, 1.0, 0.1, settled=False), hold(0.65, 0.9, 0.1, 1.0, 0.1, True)
    (0.8, 0.75)
    """
    level = max(goal, opening - reciprocity * conceded)
    if settled:
        level = min(level, goal + windfall)
    return level


def is_windfall(t: float, value: float, goal: float, late: float, windfall: float) -> bool:
    """An offer so far above a fair deal, so early (before `late`), that taking it would
    exploit their weakness and cost the next negotiation (P14)."""
    return t < late and value > goal + windfall


def is_losing(best_received: float, target: float, t: float, late: float, gap: float) -> bool:
    """In the second half of the late phase, their best offer is still more than `gap`
    below our target: the outcome is lost unless we concede, on a condition (P12)."""
    return best_received < target - gap and t >= (1 + late) / 2


def belief(ours: bool, stance: Stance = STANCE) -> float:
    """Our belief that a condition will be met: high when it is `ours` to meet. Every
    player and the advisor value conditional terms with it, so they agree on them."""
    return stance.belief_ours if ours else stance.belief_theirs


#: The principles the advice, warnings and reports cite, by id: (short name, text), as
#: in DESIGN.md's table (a page opens a cited id to its text).
PRINCIPLES: dict[str, tuple[str, str]] = {
    "P1": (
        "prepare",
        "Prepare six elements: our position, their position and pressures, analysis (gaps, "
        "trade-offs, risks, priorities), what we present, how we bargain (sequencing, "
        "concessions), what goes in the agreement (structure, safeguards).",
    ),
    "P2": (
        "batna",
        "Know the BATNA and the walk-away point before the table; never agree below it.",
    ),
    "P3": (
        "equal footing",
        "Negotiation is diplomacy between equals: open firmly, do not pander or "
        "over-accommodate, concede only in exchange, apologise for real mistakes and no more.",
    ),
    "P4": (
        "fit",
        "Do not chase: say so when the counterpart is better served elsewhere, no pushy "
        "follow-ups, forced deals go badly.",
    ),
    "P5": ("silence", "Silence creates pressure: do not fill it with concessions; use it."),
    "P6": (
        "authority",
        "Consulting a higher authority paces the talks; the counterpart's internal approvals "
        "are process, not rejection.",
    ),
    "P7": (
        "ultimatum",
        "A deal/no-deal boundary, only late, only after patience and fairness were shown, "
        "only above the walk-away point.",
    ),
    "P8": (
        "value-add",
        "Add what costs us little and matters to them (reports, consulting time, phased or "
        "delayed payment) instead of cutting the core price.",
    ),
    "P9": (
        "time pressure",
        "A credible time window moves slow deciders; an invented one destroys trust.",
    ),
    "P10": (
        "delay",
        "Delay is a signal of process, not an emotional message; expect long timelines.",
    ),
    "P11": (
        "add-ons",
        "Most concessions happen at the end: keep small, valued extras for the close.",
    ),
    "P12": (
        "art of losing",
        "When the outcome is lost, concede but attach a condition the other side can easily "
        "meet (2% rebate only if stock is at least 1.5x monthly shipments, else 1%): keep "
        "momentum for the next round.",
    ),
    "P13": (
        "modest win",
        "When you win, be modest; let the other side feel it won; never display triumph.",
    ),
    "P14": (
        "resentment",
        "Resentment runs both ways: a counterpart exploited through weakness or missing "
        "information, or yourself after over-conceding; both destroy the relationship later.",
    ),
    "P15": (
        "mutual value",
        "The side that cares less holds the power, but the best relationships are mutually "
        "dependent and thankful: care, empathy, value that they value, honesty, becoming "
        "indispensable.",
    ),
    "P16": (
        "relationship",
        "The contract serves the relationship; when circumstances change, both sides adjust "
        "in good faith (a crisis is also an opportunity).",
    ),
    "P17": (
        "independence",
        "Low neediness is strength: a strong BATNA, not pressure, is what lets you stand firm.",
    ),
}
