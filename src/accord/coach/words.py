"""Events, claims and endings in words, from our side of the table ("we", "they")."""

from __future__ import annotations

from accord.model.units import show_terms, show_value
from accord.plan.core import Plan
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Ending, Event
from accord.store.coached import Said


def terms(plan: Plan, outcome: int) -> str:
    """'rebate=1.5%, stock=2x, payment_days=45 days, co_marketing=no, term_years=3 years'."""
    return show_terms(plan.space.issues, plan.space.outcome(outcome))


def who(plan: Plan, actor: str) -> str:
    return "we" if actor == plan.side else "they"


def event(plan: Plan, e: Event) -> str:
    """'round 2: they offer rebate=2%, ...'."""
    w = who(plan, e.actor)
    m = e.move
    text: str
    if isinstance(m, Offer | Ultimatum):
        verb = "offer" if isinstance(m, Offer) else "make a final offer:"
        text = f"{w} {verb} {terms(plan, m.outcome)}"
        if m.condition is not None:
            c = m.condition
            issue = plan.space.issues[plan.space.issue_index(c.issue)]
            fallback = show_value(issue, issue.values[c.fallback])
            text += f" (if {who(plan, c.obligor)} meet '{c.text}', else {c.issue}={fallback})"
    elif isinstance(m, Accept):
        text = f"{w} accept" + (f": {terms(plan, e.outcome)}" if e.outcome is not None else "")
    elif isinstance(m, WalkAway):
        text = f"{w} walk away" + (f" ({e.note})" if e.note else "")
    elif isinstance(m, Silence):
        text = f"{w} stay silent" + (f" ({e.note})" if e.note else "")
    elif isinstance(m, ConsultAuthority):
        plural = "s" if m.rounds > 1 else ""
        whose = "our" if w == "we" else "their"
        text = f"{w} consult {whose} authority ({m.rounds} round{plural})"
    elif isinstance(m, AddOn):
        text = f"{w} add {m.issue}"
    elif isinstance(m, Display):
        text = f"{w} close {m.kind}ly" if m.kind == "modest" else f"{w} close triumphantly"
    else:  # pragma: no cover - every move is above
        text = f"{w} {m}"
    return f"round {e.turn // 2 + 1}: {text}"


def claim(plan: Plan, c: Said) -> str:
    w = who(plan, c.actor)
    if c.kind == "deadline":
        return f"{w} claim a deadline: {c.text}"
    return f"{w} say: {c.text}"


def ending(plan: Plan, e: Ending) -> str:
    """'The talks ended in agreement: ...' and the like."""
    if e.reason == "agreement" and e.agreement is not None:
        text = f"Agreement: {terms(plan, e.agreement)}"
        if e.condition is not None:
            c = e.condition
            issue = plan.space.issues[plan.space.issue_index(c.issue)]
            fallback = show_value(issue, issue.values[c.fallback])
            text += f" (conditional: '{c.text}', else {c.issue}={fallback})"
        return text
    by = f" by {'us' if e.by == plan.side else 'them'}" if e.by else ""
    reasons = {
        "walk_away": f"No deal: walked away{by}",
        "ultimatum_refused": f"No deal: the ultimatum was refused{by}",
        "deadline": "No deal: the deadline passed",
        "time_limit": "No deal: the time ran out",
    }
    return reasons.get(e.reason, e.reason)
