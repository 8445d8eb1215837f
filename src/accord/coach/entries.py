"""A moves-file entry (what the phrasing parser returns) as an engine move.

The same shapes as `accord.advisor.moves` reads from a file (docs/advisor.md),
checked the same way, but one at a time against the engine's state: an offer
that names only some issues keeps the side's standing terms for the rest, and
a side's first offer names every issue (add-ons left out are not granted).
`delay` is a turn of silence whose text the coach keeps as a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.errors import InputError
from accord.model.issues import Role, Value
from accord.plan.core import Plan
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)

CLAIMS = ("deadline", "note")
_WORDS: dict[str, Move] = {
    "silent": Silence(),
    "silence": Silence(),
    "accept": Accept(),
    "walk away": WalkAway(),
    "consult authority": ConsultAuthority(1),
}
_KNOWN = (
    "silent, accept, walk away, consult authority [rounds], delay, or {offer: {...}}, "
    "{ultimatum: {...}}, {add: ADD-ON}, {delay: TEXT}, {deadline: TEXT}, {note: TEXT}"
)


@dataclass(frozen=True)
class Entry:
    """An engine move and, for a delay, the note said with it."""

    move: Move
    note: str | None = None


def is_claim(what: Any) -> bool:
    """`{deadline: TEXT}` or `{note: TEXT}`: said, not a move."""
    return isinstance(what, dict) and len(what) == 1 and next(iter(what)) in CLAIMS


def to_move(
    what: Any,
    who: str,
    actor: Role,
    plan: Plan,
    standing: dict[str, Value] | None,
    condition: Condition | None = None,
) -> Entry:
    """The move `what` (a moves-file value for side `who`) by `actor`, whose standing
    terms are `standing` (None before its first offer) and its standing offer's
    `condition`: an offer naming no terms and no condition ("we hold") repeats the
    standing offer, condition included. Raises `InputError`."""
    field = who
    if isinstance(what, str):
        word = " ".join(what.lower().replace("_", " ").split())
        if word == "delay":
            return Entry(Silence(), "delay")
        if word.startswith("consult authority") and word[17:].strip().isdigit():
            return Entry(ConsultAuthority(int(word[17:])))
        if word in _WORDS:
            return Entry(_WORDS[word])
        raise InputError(f"unknown move '{what}'", field=field, expected=_KNOWN)
    if not isinstance(what, dict) or not what:
        raise InputError(f"unknown move {what!r}", field=field, expected=_KNOWN)
    if set(what) - {"if"} in ({"offer"}, {"ultimatum"}):
        return Entry(_proposal(what, who, actor, plan, standing, condition))
    if len(what) != 1:
        raise InputError(f"unknown move {what!r}", field=field, expected=_KNOWN)
    kind, arg = next(iter(what.items()))
    kind = str(kind).replace("_", " ")
    if kind == "add":
        return Entry(_add_on(str(arg), who, actor, plan))
    if kind == "delay":
        return Entry(Silence(), f"delay: {arg}" if arg else "delay")
    if kind == "consult authority":
        if isinstance(arg, bool) or not isinstance(arg, int) or not 1 <= arg <= 3:
            raise InputError(
                f"consult authority for {arg!r} rounds",
                field=f"{field}.consult authority",
                expected="1, 2 or 3 rounds",
            )
        return Entry(ConsultAuthority(arg))
    if kind == "display":
        raise InputError(
            "closing displays are not typed in the coach",
            field=field,
            expected="a move; the advice after an agreement says how to close",
        )
    raise InputError(f"unknown move {what!r}", field=field, expected=_KNOWN)


def _proposal(
    what: dict[str, Any],
    who: str,
    actor: Role,
    plan: Plan,
    standing: dict[str, Value] | None,
    held: Condition | None,
) -> Move:
    kind = "ultimatum" if "ultimatum" in what else "offer"
    terms = what[kind] or {}
    field = f"{who}.{kind}"
    if not isinstance(terms, dict):
        raise InputError("the terms are not a mapping", field=field, expected="{issue: value}")
    space = plan.space
    full: dict[str, Any] = (
        dict(standing)
        if standing is not None
        else {i.name: False for i in space.issues if i.kind == "addon"}
    )
    full.update(terms)
    try:
        outcome = space.index_of(full)
    except InputError as e:
        hint = e.expected
        if standing is None and e.message.startswith("no value"):
            hint = "every issue in a side's first offer; later ones may leave out the rest"
        where = f"{field}.{e.field}" if e.field else field
        raise InputError(e.message, field=where, expected=hint) from None
    condition = _condition(what["if"], who, plan) if "if" in what else None
    if condition is None and not terms and standing is not None:
        condition = held  # a repeat: the standing offer as it was
    return Offer(outcome, condition) if kind == "offer" else Ultimatum(outcome, condition)


def _condition(spec: Any, who: str, plan: Plan) -> Condition:
    field = f"{who}.if"
    expected = "{issue: ISSUE, else: VALUE, by: they|we, text: TEXT}"
    if not isinstance(spec, dict) or "issue" not in spec or "else" not in spec:
        raise InputError("a condition needs 'issue' and 'else'", field=field, expected=expected)
    space = plan.space
    try:
        issue = space.issues[space.issue_index(str(spec["issue"]))]
        fallback = issue.index(spec["else"])
    except InputError as e:
        raise InputError(e.message, field=field, expected=e.expected) from None
    by = spec.get("by", "they")
    if by not in ("we", "they"):
        raise InputError(f"by '{by}'", field=field, expected="'we' or 'they'")
    obligor = plan.side if by == "we" else plan.other
    return Condition(issue.name, fallback, obligor, str(spec.get("text", "")))


def _add_on(name: str, who: str, actor: Role, plan: Plan) -> AddOn:
    space = plan.space
    givers = [i.name for i in space.issues if i.kind == "addon" and i.giver == actor]
    if name not in givers:
        raise InputError(
            f"'{name}' is not an add-on {who} can grant",
            field=f"{who}.add",
            expected="one of: " + (", ".join(givers) or "(none)"),
        )
    return AddOn(name)
