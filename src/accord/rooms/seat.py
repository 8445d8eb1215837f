"""A seat's view of its room as JSON: its own side in full (preferences, BATNA, plan,
offers with what each is worth to it), the other side's name and public moves only.
The one place that decides what a seat is shown (issue 16: private stays private)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.coach import words
from accord.coach.typed import pause_left
from accord.model.issues import Role
from accord.model.units import show_terms, show_value

if TYPE_CHECKING:
    from accord.rooms.room import Room


def seat_data(room: Room, role: Role) -> dict[str, Any]:
    """Seat `role`'s view of `room` as JSON: its own side in full, the other side's name
    and public moves only."""
    scenario, plan, neg = room.scenario, room.plans[role], room.neg
    party = scenario.a if role == "A" else scenario.b
    them = scenario.b if role == "A" else scenario.a
    space = scenario.space
    ending = neg.transcript.ending
    view = neg.view(role)
    theirs, mine = view.theirs, view.mine
    ours = party.preferences.utility
    return {
        "room": room.key,
        "scenario": scenario.name,
        "side": role,
        "party": party.name,
        "counterpart": them.name,
        "rounds": neg.rounds,
        "round": min(neg.turn // 2 + 1, neg.rounds),
        "events": len(neg.transcript.events),
        "whose": None if neg.ended else ("you" if neg.actor == role else "they"),
        "ended": neg.ended,
        "ending": None
        if ending is None
        else {
            "reason": ending.reason,
            "text": words.ending(plan, ending),
            "by": None if ending.by is None else ("you" if ending.by == role else "they"),
            "terms": None if ending.agreement is None else _terms(room, ending.agreement),
        },
        "advisor": room.settings.advised(role),
        "closing": room.seats[role].closing,
        "preferences": preferences_data(room, role),
        "offers": {
            "yours": None if mine is None else _standing(room, role, mine.outcome, mine.final),
            "theirs": None
            if theirs is None
            else _standing(room, role, theirs.outcome, theirs.final, theirs.condition is not None),
        },
        "addons": [i.name for i in space.issues if i.kind == "addon" and i.giver == role],
        "paused": pause_left(neg.transcript.events, role),
        "transcript": [
            {
                "seq": k,
                "round": e.turn // 2 + 1,
                "who": "you" if e.actor == role else "they",
                "kind": e.kind,
                "text": words.event(plan, e).split(": ", 1)[1],
                "terms": None if e.outcome is None else _terms(room, e.outcome),
                "worth_to_you": None if e.outcome is None else round(ours.at(e.outcome), 3),
            }
            for k, e in enumerate(neg.transcript.events)
        ],
    }


def preferences_data(room: Room, role: Role) -> dict[str, Any]:
    """Seat `role`'s own preferences: each issue's weight and its values' scores, the BATNA
    (what it is and its utility), the aspiration, the walk-away of its plan."""
    party = room.scenario.a if room.scenario.a.role == role else room.scenario.b
    prefs, plan = party.preferences, room.plans[role]
    utility: Any = prefs.utility
    issues = []
    for k, issue in enumerate(room.scenario.space.issues):
        row: dict[str, Any] = {"name": issue.name, "unit": issue.unit or ""}
        if hasattr(utility, "weights") and hasattr(utility, "tables"):
            row["weight"] = round(float(utility.weights[k]), 4)
            row["values"] = [
                {"value": show_value(issue, v), "score": round(float(utility.tables[k][j]), 4)}
                for j, v in enumerate(issue.values)
            ]
        issues.append(row)
    return {
        "description": party.description,
        "batna": {"description": prefs.batna, "utility": round(prefs.reservation, 4)},
        "aspiration": round(prefs.aspiration, 4),
        "walk_away": round(plan.walk_away, 4),
        "issues": issues,
    }


def _terms(room: Room, outcome: int) -> dict[str, str]:
    issues = room.scenario.space.issues
    values = room.scenario.space.outcome(outcome)
    by_name = {i.name: i for i in issues}
    return {k: show_value(by_name[k], v) for k, v in values.items()}


def _standing(
    room: Room, role: Role, outcome: int, final: bool, conditional: bool = False
) -> dict[str, Any]:
    party = room.scenario.a if role == "A" else room.scenario.b
    return {
        "terms": _terms(room, outcome),
        "text": show_terms(room.scenario.space.issues, room.scenario.space.outcome(outcome)),
        "final": final,
        "conditional": conditional,
        "worth_to_you": round(party.preferences.utility.at(outcome), 3),
    }
