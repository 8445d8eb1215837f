"""Tactics of both sides and how the other side answered each use, on hand-made talks."""

from __future__ import annotations

from tests.debrief.helpers import NEAR, OURS, SOFT, THEIRS, analysis, o, play

from accord.debrief import TacticUse, debrief
from accord.model.issues import Role
from accord.protocol.moves import Accept, AddOn, Offer, Silence, Ultimatum, WalkAway
from accord.protocol.transcript import Transcript

END: tuple[Role, WalkAway] = ("B", WalkAway())
#: 0.375 to us: above our walk-away (0.30).
ABOVE = {**THEIRS, "stock": 1.75, "payment_days": 60}


def use(t: Transcript, name: str, by: Role = "B", side: Role = "A") -> TacticUse:
    d = debrief(analysis(), t, side)
    return next(u for u in d.tactics if u.name == name and u.side == by)


def test_their_ultimatum_below_our_walk_away_refused_is_kept() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Ultimatum(o(THEIRS))), ("A", Offer(o(OURS))))
    answer = use(t, "ultimatum").answers[0]
    assert answer.verdict == "kept" and answer.reply_turn == 2 and "refused" in answer.reply


def test_refusing_an_ultimatum_above_the_walk_away_is_against_the_advice() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Ultimatum(o(ABOVE))), ("A", WalkAway()))
    answer = use(t, "ultimatum").answers[0]
    assert answer.verdict == "broken" and answer.principles == ("P2",)


def test_accepting_an_ultimatum_below_the_walk_away_breaks_p2() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Ultimatum(o(THEIRS))), ("A", Accept()))
    answer = use(t, "ultimatum").answers[0]
    assert answer.verdict == "broken" and answer.principles == ("P2",)


def test_an_anchor_answered_by_pandering() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", Offer(o(SOFT))), END)
    answer = use(t, "anchoring").answers[0]
    assert answer.verdict == "broken" and answer.principles == ("P3",)


def test_an_anchor_answered_firmly() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Offer(o(THEIRS))), ("A", Offer(o(OURS))), END)
    answer = use(t, "anchoring").answers[0]
    assert answer.verdict == "kept" and answer.reply_turn == 2


def test_silences_are_answered_one_by_one() -> None:
    moves = [
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Offer(o(OURS))),
        ("B", Silence()),
        ("A", Silence()),
        ("B", Offer(o(THEIRS))),
        ("A", Offer(o(OURS))),
        ("B", Silence()),
        ("A", Offer(o(NEAR))),
        ("B", WalkAway()),
    ]
    silence = use(play(*moves), "silence")  # type: ignore[arg-type]
    assert silence.turns == (3, 7)
    assert [a.verdict for a in silence.answers] == ["kept", "broken"]
    assert silence.broken[0].reply_turn == 8 and "conceded" in silence.broken[0].reply


def test_our_tactics_are_listed_with_their_answers() -> None:
    moves = [
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Silence()),
        ("B", Offer(o(ABOVE))),
        ("A", AddOn("co_marketing")),
        ("B", Accept()),
    ]
    d = debrief(analysis(), play(*moves), "A")  # type: ignore[arg-type]
    ours = {u.name: u for u in d.tactics if u.side == "A"}
    assert set(ours) >= {"silence", "add_on"}
    filled = ours["silence"].answers[0]  # they filled our silence: described, not judged
    assert filled.kind == "concede" and filled.verdict is None and filled.principles == ()
    assert ours["add_on"].answers[0].reply.startswith("accepted")
    assert d.tactics[0].side == "B"  # theirs first: the person's answers matter most
