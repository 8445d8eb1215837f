"""A real negotiation entered by hand, as the relationship model's record of it.

A negotiator knows roughly what the deal was worth to each side on a 0-1 scale
(1: the best conceivable terms, the reservation: as good as walking away) and
who conceded how much; accord turns that into a `NegotiationRecord` so the
ledger's trust, resentment and long-term value are the model's own numbers.

The fair reference (DESIGN.md's Nash point) cannot be computed without both
utility functions, so it is entered as our fair share of the joint surplus:
0.5 (the default) when neither side had more power or put in more, which is
where the Nash point of a deal with transferable value lies. We are side A,
the counterparty side B.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from accord.errors import InputError
from accord.model.issues import Role
from accord.relationship import ConditionTerm, NegotiationRecord

Side = Literal["us", "them"]
_ROLE: dict[str, Role] = {"us": "A", "them": "B"}


@dataclass(frozen=True)
class Entered:
    """What the user typed. Utilities and reservations lie in [0, 1]; `fair_us`
    is our fair share of the surplus; `conceded_*` how much utility each side gave
    up from its opening; the condition (P12) is met by `obligor`, valued at
    `if_broken_*` when it is not met, believed met with probability `belief`."""

    agreement: bool
    utility_us: float | None
    utility_them: float | None
    reservation_us: float = 0.0
    reservation_them: float = 0.0
    fair_us: float = 0.5
    conceded_us: float = 0.0
    conceded_them: float = 0.0
    triumph: Side | None = None
    ultimatum_by: Side | None = None
    condition: str | None = None
    obligor: Side = "them"
    belief: float = 0.9
    if_broken_us: float | None = None
    if_broken_them: float | None = None
    scenario: str = ""


def record(e: Entered) -> NegotiationRecord:
    """The relationship's record of an entered negotiation, or an `InputError`
    naming the option that is wrong.

    We kept two thirds of the surplus where half was fair: they fell 1/6 short.

    >>> r = record(Entered(True, 0.75, 0.75, reservation_us=0.25, reservation_them=0.5))
    >>> [round(x, 3) for x in r.shares], r.fair_shares, round(r.shortfall("B"), 3)
    ([0.667, 0.333], (0.5, 0.5), 0.167)
    """
    reservations = (
        _unit(e.reservation_us, "--reservation-us"),
        _unit(e.reservation_them, "--reservation-them"),
    )
    _unit(e.fair_us, "--fair-us")
    conceded = (
        _nonnegative(e.conceded_us, "--conceded-us"),
        _nonnegative(e.conceded_them, "--conceded-them"),
    )
    if not e.agreement:
        if e.condition is not None:
            raise InputError("a condition needs an agreement", field="--condition")
        return NegotiationRecord(
            agreement=False,
            utilities=reservations,
            reservations=reservations,
            concessions=conceded,
            tactics=_tactics(e),
            ultimatum_by=None if e.ultimatum_by is None else _ROLE[e.ultimatum_by],
            reason="no agreement",
            scenario=e.scenario,
            strategies=("us", "them"),
        )
    if e.utility_us is None or e.utility_them is None:
        raise InputError(
            "an agreement needs both sides' utilities",
            field="--utility-us/--utility-them",
            expected="numbers in [0, 1]",
        )
    utilities = (_unit(e.utility_us, "--utility-us"), _unit(e.utility_them, "--utility-them"))
    joint = sum(max(0.0, u - r) for u, r in zip(utilities, reservations, strict=True))
    nash = None
    if joint > 0:
        nash = (reservations[0] + e.fair_us * joint, reservations[1] + (1 - e.fair_us) * joint)
    return NegotiationRecord(
        agreement=True,
        utilities=utilities,
        reservations=reservations,
        nash=nash,
        concessions=conceded,
        tactics=_tactics(e),
        condition=_condition(e, utilities),
        reason="agreement",
        scenario=e.scenario,
        strategies=("us", "them"),
    )


def _condition(e: Entered, met: tuple[float, float]) -> ConditionTerm | None:
    if e.condition is None:
        return None
    text = e.condition.strip()
    if not text:
        raise InputError("an empty condition", field="--condition", expected="the condition's text")
    belief = _unit(e.belief, "--belief")
    fallback = (
        met[0] if e.if_broken_us is None else _unit(e.if_broken_us, "--if-broken-us"),
        met[1] if e.if_broken_them is None else _unit(e.if_broken_them, "--if-broken-them"),
    )
    return ConditionTerm(
        issue="condition",
        obligor=_ROLE[e.obligor],
        beliefs=(belief, belief),
        met=met,
        fallback=fallback,
        text=text,
    )


def _tactics(e: Entered) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    counts: list[dict[str, int]] = [{}, {}]
    if e.triumph is not None:
        counts[0 if e.triumph == "us" else 1]["display_triumphant"] = 1
    if e.ultimatum_by is not None:
        counts[0 if e.ultimatum_by == "us" else 1]["ultimatum"] = 1
    return (tuple(counts[0].items()), tuple(counts[1].items()))


def _unit(x: float, option: str) -> float:
    if not (isinstance(x, int | float) and math.isfinite(x) and 0.0 <= x <= 1.0):
        raise InputError(f"{x!r} is not in [0, 1]", field=option, expected="a number in [0, 1]")
    return float(x)


def _nonnegative(x: float, option: str) -> float:
    if not (isinstance(x, int | float) and math.isfinite(x) and x >= 0.0):
        raise InputError(f"{x!r} is negative", field=option, expected="a number >= 0")
    return float(x)
