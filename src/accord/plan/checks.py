"""The warnings of `plan check`: what in a plan breaks a principle, or leans on luck.

Each check is a small function of the derived report returning a `Caution`
or None, so each can be tested alone and cited by its code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from accord.plan.core import Caution
from accord.plan.estimate import TheirEstimate, estimated_frontier

if TYPE_CHECKING:
    from accord.plan.derive import PlanReport

Check = Callable[["PlanReport", TheirEstimate], "Caution | None"]


def plan_warnings(report: PlanReport, estimate: TheirEstimate) -> list[Caution]:
    """Every warning that applies, most serious first."""
    found = [w for check in CHECKS if (w := check(report, estimate)) is not None]
    order = {"error": 0, "warning": 1, "note": 2}
    return sorted(found, key=lambda w: order.get(w.severity, 3))


def no_batna(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    plan = report.plan
    if plan.batna_given:
        return None
    if plan.scenario is not None:
        message = (
            f"the plan does not state our BATNA; the scenario's ({plan.batna:.2f}) is used. "
            "Write down what we do if there is no deal, and what it is worth, before the table"
        )
        return Caution("no_batna", ("P2", "P17"), message, "warning")
    message = (
        "no BATNA: the walk-away defaults to 0, so any deal looks better than none. Find "
        "our best alternative and value it: a strong BATNA is what lets us stand firm"
    )
    return Caution("no_batna", ("P2", "P17"), message, "error")


def walk_away_below_batna(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    plan = report.plan
    if plan.walk_away >= plan.batna:
        return None
    message = (
        f"the walk-away ({plan.walk_away:.2f}) is below the BATNA ({plan.batna:.2f}): a deal "
        f"there is worse than no deal. The advisor walks away below {plan.batna:.2f}"
    )
    return Caution("walk_away_below_batna", ("P2",), message, "error")


def target_below_walk_away(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    plan = report.plan
    if plan.target is None or plan.target >= report.walk_away:
        return None
    message = (
        f"the target ({plan.target:.2f}) is below the walk-away ({report.walk_away:.2f}): "
        "we would be aiming at a deal we should refuse"
    )
    return Caution("target_below_walk_away", ("P2",), message, "error")


def opening_panders(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    """P3: an opening below our own target (or below a fair deal) gives away the start."""
    fair = report.nash[0] if report.nash is not None else None
    if report.opening < report.target - 1e-9:
        why = f"below our own target ({report.target:.2f})"
    elif fair is not None and report.opening < fair - 1e-9:
        why = f"below the estimated fair deal ({fair:.2f})"
    else:
        return None
    message = (
        f"the opening ({report.opening:.2f}) is {why}: it concedes before they have asked. "
        "Open firmly at what we can justify, then concede only in exchange"
    )
    return Caution("opening_panders", ("P3",), message, "warning")


def depends_on_them_caring_more(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    """P15, P17: a target far above the fair deal needs them to be the needier side."""
    if report.nash is None:
        return None
    fair = report.nash[0]
    slack = report.plan.stance.windfall
    if report.target <= fair + slack + 1e-9:
        return None
    message = (
        f"the target ({report.target:.2f}) is {report.target - fair:.2f} above the estimated "
        f"fair deal ({fair:.2f}): the plan works only if they need this deal more than we do. "
        "Stand firm on a strong BATNA, not on pressure, or aim nearer the fair deal"
    )
    return Caution("depends_on_them_caring_more", ("P15", "P17", "P14"), message, "warning")


def target_exploits(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    """P14: if even the best deal for them at our target is worse than their BATNA."""
    if not estimate.informed:
        return None
    front = estimated_frontier(report.plan, estimate).points
    reachable = front[front[:, 0] >= report.target - 1e-9]
    if len(reachable) == 0:
        return None
    theirs = float(reachable[:, 1].max())
    if theirs >= report.their_batna:
        return None
    message = (
        f"at our target ({report.target:.2f}) the best we can offer them is worth about "
        f"{theirs:.2f} to them, below their estimated BATNA ({report.their_batna:.2f}): "
        "expect no deal, or a deal they resent"
    )
    return Caution("target_exploits", ("P14", "P4"), message, "warning")


def no_zopa(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    if report.zopa is None or report.zopa.exists:
        return None
    message = (
        "by our estimate no outcome is at least as good as both BATNAs: there may be no deal "
        "to make. "
        "Say so honestly; they may be better served elsewhere, and forced deals go badly"
    )
    return Caution("no_zopa", ("P4", "P2"), message, "warning")


def fit(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    plan = report.plan
    if not plan.fit.better_served_elsewhere:
        return None
    notes = f" ({plan.fit.notes.strip()})" if plan.fit.notes.strip() else ""
    message = (
        f"the plan judges them better served elsewhere{notes}: tell them so, "
        "do not chase, and leave the door open"
    )
    return Caution("fit", ("P4",), message, "warning")


def unknown_counterpart(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    if estimate.informed:
        return None
    message = (
        "their preferences are unknown: the target starts at the opening and is derived "
        "from their offers as they come. Fill in 'their_preferences' to see the ZOPA and trades"
    )
    return Caution("unknown_counterpart", ("P1",), message, "note")


def incomplete(report: PlanReport, estimate: TheirEstimate) -> Caution | None:
    empty = [
        f"{element}.{key}"
        for element, texts in report.plan.elements.items()
        for key, text in texts.items()
        if not text.strip()
    ]
    if not empty:
        return None
    shown = ", ".join(empty[:6]) + (f" and {len(empty) - 6} more" if len(empty) > 6 else "")
    message = f"preparation is incomplete: {shown} are empty"
    return Caution("incomplete", ("P1",), message, "note")


CHECKS: tuple[Check, ...] = (
    no_batna,
    walk_away_below_batna,
    target_below_walk_away,
    opening_panders,
    depends_on_them_caring_more,
    target_exploits,
    no_zopa,
    fit,
    unknown_counterpart,
    incomplete,
)
