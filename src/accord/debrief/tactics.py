"""Tactics each side used, and how the other side answered each use.

The advisor's detectors (`accord.advisor.tactics.detect`) find silence,
authority, delay, ultimatums, time pressure, anchoring and nibbling; run from
each side's plan, they read the other side's tactics. Add-ons, conditional
offers, walking away and closing displays come from the transcript. Each use
is answered by the other side's next move (`Talks.reply`). Only our answers to
their tactics are judged, since the principles are ours, and by the advisor's
review of our reply (what the coach warned about): silence, delay and authority
are process, not a reason to concede (P5, P6, P10); a deadline neither (P9); an
ultimatum is checked against the walk-away only (P2); an anchor is answered with
our own firm offer (P3). Their answers to our tactics are described
(what they did, and its kind: conceded, held, accepted, ...), never scored as a
principle of ours.
"""

from __future__ import annotations

from collections.abc import Mapping

from accord.advisor.tactics import detect
from accord.debrief.model import Answer, Judgement, TacticUse
from accord.debrief.talks import Talks
from accord.model.issues import Role, other
from accord.protocol.moves import AddOn, Display, Offer, Silence, Ultimatum, WalkAway

#: Tactics whose pressure must not be answered with a concession, and the principles.
PRESSURE: dict[str, tuple[str, ...]] = {
    "silence": ("P5",),
    "authority": ("P6", "P10"),
    "delay": ("P10", "P6"),
    "time_pressure": ("P9", "P6"),
    "nibbling": ("P11", "P8"),
}

#: The principles our answer to each of their tactics is judged by, when the advisor's
#: review of our moves is given (accepting below the walk-away is P2 under any pressure).
JUDGED_BY: dict[str, tuple[str, ...]] = {
    **{name: (*principles, "P2") for name, principles in PRESSURE.items()},
    "ultimatum": ("P2",),
    "anchoring": ("P3",),
}

#: Tactics the detectors do not cover: (principles, meaning, answered?).
EXTRAS: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "add_on": (("P8", "P11"), "An extra granted: cheap for the giver, valued by the other.", True),
    "conditional": (
        ("P12",),
        "A concession with a condition attached: it keeps momentum for the next round.",
        True,
    ),
    "walk_away": (("P2", "P4"), "Left the table: both live on their BATNA.", False),
    "display_triumphant": (
        ("P13", "P14"),
        "Displayed triumph at the close: it costs the other side face.",
        False,
    ),
    "display_modest": (("P13",), "Closed modestly: the other side can feel it did well.", False),
}


#: The principles the advisor's review warned about on each of our moves, by its turn.
Warned = Mapping[int, frozenset[str]]


def tactics(talks: Talks, warned: Warned) -> tuple[TacticUse, ...]:
    """Their tactics with our answers (judged), then ours with theirs (described).

    `warned`: for each of our moves (by turn), the principles the advisor's review
    of it warned about (the coach's warnings, as the checklist reads them). Our
    answer to their tactic is broken exactly when the review of our reply warned
    about one of the principles it is judged by (`JUDGED_BY`), so this table, the
    checklist and the coach agree."""
    return (*_uses(talks, talks.other, warned), *_uses(talks, talks.side, warned))


def _uses(talks: Talks, user: Role, warned: Warned) -> list[TacticUse]:
    responder = other(user)
    found = []
    for t in detect(talks.plans[responder], talks.history):
        answers = tuple(
            _answer(talks, t.name, responder, turn, warned)
            for turn in _answer_turns(talks, t.name, user, t.turns)
        )
        found.append(TacticUse(user, t.name, t.turns, t.principles, t.meaning, answers))
    for name, (principles, meaning, answered) in EXTRAS.items():
        turns = _extra_turns(talks, user, name)
        if not turns:
            continue
        answers = (
            tuple(_answer(talks, name, responder, t, warned) for t in turns) if answered else ()
        )
        found.append(TacticUse(user, name, turns, principles, meaning, answers))
    return found


def _answer_turns(talks: Talks, name: str, user: Role, turns: tuple[int, ...]) -> tuple[int, ...]:
    """For a delay, the turn it became one (its second quiet turn, or a noted delay);
    for everything else the turns the tactic showed at."""
    if name != "delay":
        return turns
    quiet = [e for e in talks.moves if e.actor == user and isinstance(e.move, Silence)]
    out = []
    for t in turns:
        noted = any(e.turn == t and e.note.startswith("delay") for e in quiet)
        later = [e.turn for e in talks.moves if e.actor == user and e.turn > t]
        out.append(t if noted or not later else later[0])
    return tuple(out)


def _extra_turns(talks: Talks, user: Role, name: str) -> tuple[int, ...]:
    turns = []
    for e in talks.transcript.events:
        m = e.move
        if e.actor != user:
            continue
        hit = (
            (name == "add_on" and isinstance(m, AddOn))
            or (
                name == "conditional"
                and isinstance(m, Offer | Ultimatum)
                and m.condition is not None
            )
            or (name == "walk_away" and isinstance(m, WalkAway) and not e.note)
            or (isinstance(m, Display) and name == f"display_{m.kind}")
        )
        if hit:
            turns.append(e.turn)
    return tuple(turns)


def _answer(talks: Talks, name: str, responder: Role, turn: int, warned: Warned) -> Answer:
    """The responder's next move; judged only when the responder is us."""
    # A claimed deadline is dated to the turn it was said at, which may be the
    # responder's own: its answer is the responder's move at that turn or after. (An
    # early ultimatum is the claimant's own turn, so this changes nothing for it.)
    since = turn - 1 if name == "time_pressure" else turn
    reply = talks.reply(responder, since)
    if responder != talks.side:
        return Answer(turn, reply.turn, reply.text, None, (), reply.kind)
    if name not in JUDGED_BY:
        return Answer(turn, reply.turn, reply.text, None, (), reply.kind)
    verdict, principles = _as_warned(JUDGED_BY[name], reply.turn, warned)
    return Answer(turn, reply.turn, reply.text, verdict, principles, reply.kind)


def _as_warned(
    by: tuple[str, ...], reply: int | None, warned: Warned
) -> tuple[Judgement, tuple[str, ...]]:
    """Broken by the principles of `by` the review of our reply warned about; kept
    when it warned about none; no verdict without a reviewed reply of ours."""
    if reply is None or reply not in warned:
        return None, ()
    hits = tuple(p for p in by if p in warned[reply])
    return ("broken", hits) if hits else ("kept", by)
