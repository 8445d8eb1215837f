"""Each checklist verdict on hand-made negotiations played through the engine. We are A
(walk-away 0.30, derived target 0.545, late phase from 85% of the time)."""

from __future__ import annotations

import pytest
from tests.debrief.helpers import NEAR, OURS, SOFT, THEIRS, analysis, exchanges, o, play

from accord.advisor.history import Claim
from accord.debrief import debrief
from accord.model.issues import Role
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
from accord.protocol.transcript import Transcript

FAIR_FOR_A = {"rebate": 1.5, "stock": 2.0, "payment_days": 45, "term_years": 2}  # 0.67, 0.48
#: 0.375 to us, 0.805 to them: above our walk-away, far below our target (a lost outcome).
LOST = {**THEIRS, "stock": 1.75, "payment_days": 60}


def check(t: Transcript, principle: str, side: Role = "A", **kw: object) -> tuple[str, int | None]:
    v = debrief(analysis(), t, side, **kw).verdict(principle)  # type: ignore[arg-type]
    assert v.reason and v.name
    return v.status, v.turn


def opening() -> list[tuple[Role, Move]]:
    return [("A", Offer(o(OURS))), ("B", Offer(o(THEIRS)))]


# P2 -----------------------------------------------------------------------------------


def test_p2_broken_by_agreeing_below_the_walk_away() -> None:
    t = play(*opening(), ("A", Accept()))
    assert check(t, "P2") == ("broken", 2)


def test_p2_broken_by_offering_below_it_even_without_a_deal() -> None:
    t = play(*opening(), ("A", Offer(o(THEIRS))), ("B", WalkAway()))
    assert check(t, "P2") == ("broken", 2)


def test_p2_kept() -> None:
    t = play(*opening(), ("A", Offer(o(FAIR_FOR_A))), ("B", Accept()))
    assert check(t, "P2") == ("kept", 3)


# P3 -----------------------------------------------------------------------------------


def test_p3_broken_by_a_pandering_opening() -> None:
    t = play(("A", Offer(o(SOFT))), ("B", Accept()))
    assert check(t, "P3") == ("broken", 0)


def test_p3_broken_where_the_advisor_warned_not_before() -> None:
    """Conceding to NEAR (still above our target) is on the advisor's schedule; SOFT,
    below it, is the over-concession the coach warns about (and the debrief reports)."""
    more = [("B", Offer(o(THEIRS))), ("A", Offer(o(SOFT))), ("B", WalkAway())]
    t = play(*opening(), ("A", Offer(o(NEAR))), *more)
    assert check(t, "P3") == ("broken", 4)
    v = debrief(analysis(), t, "A").verdict("P3")
    assert v.basis == "warned" and v.turns == (4,) and "concession schedule" in v.reason


def test_p3_kept_when_concessions_answer_theirs() -> None:
    softer = o(THEIRS, rebate=1.5, stock=2.0)  # 0.55 to us: they conceded 0.475
    more = [("B", Offer(softer)), ("A", Offer(o(NEAR))), ("B", WalkAway())]
    t = play(*opening(), ("A", Offer(o(OURS))), *more)
    assert check(t, "P3") == ("kept", 0)


# P5, P6, P9, P10: pressure answered with a concession ----------------------------------


def test_p5_broken_by_filling_their_silence() -> None:
    more = [("B", Silence()), ("A", Offer(o(NEAR))), ("B", WalkAway())]
    t = play(*opening(), ("A", Offer(o(OURS))), *more)
    assert check(t, "P5") == ("broken", 4)
    assert check(t, "P10")[0] == "not applicable"  # one quiet turn is not a delay


def test_p5_kept_by_sitting_with_it_and_not_applicable_without_it() -> None:
    more = [("B", Silence()), ("A", Silence()), ("B", WalkAway())]
    t = play(*opening(), ("A", Offer(o(OURS))), *more)
    assert check(t, "P5") == ("kept", 3)
    t = play(*opening(), ("A", WalkAway()))
    assert check(t, "P5") == ("not applicable", None)


def test_p6_and_p10_broken_by_conceding_while_they_consult() -> None:
    pause: list[tuple[Role, Move | None]] = [
        ("B", ConsultAuthority(2)),
        ("A", Offer(o(NEAR))),
        ("B", None),  # waiting
        ("A", Offer(o(NEAR))),
        ("B", None),
        ("A", WalkAway()),
    ]
    t = play(*opening(), ("A", Offer(o(OURS))), *pause)
    assert check(t, "P6") == ("broken", 4)
    assert check(t, "P10") == ("broken", 4)
    assert check(t, "P5")[0] == "not applicable"  # waiting is not a chosen silence


def test_p6_kept() -> None:
    more = [("B", ConsultAuthority(1)), ("A", Silence()), ("B", None), ("A", WalkAway())]
    t = play(*opening(), ("A", Offer(o(OURS))), *more)
    assert check(t, "P6") == ("kept", 3)


def test_p10_broken_by_conceding_to_a_delay() -> None:
    quiet = [("B", Silence()), ("A", Silence()), ("B", Silence())]
    t = play(*opening(), ("A", Offer(o(OURS))), *quiet, ("A", Offer(o(NEAR))), ("B", WalkAway()))
    assert check(t, "P10") == ("broken", 6)
    assert check(t, "P5") == ("broken", 6)


def test_p9_broken_by_conceding_to_a_claimed_deadline() -> None:
    more = [("B", Offer(o(THEIRS))), ("A", Offer(o(NEAR))), ("B", WalkAway())]
    t = play(*opening(), ("A", Offer(o(OURS))), *more)
    claim = (Claim(3, "B", "deadline", "the board decides on Friday"),)
    assert check(t, "P9", claims=claim) == ("broken", 4)
    assert check(t, "P9")[0] == "not applicable"


def test_p9_kept_when_their_early_ultimatum_is_checked_against_the_walk_away() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Ultimatum(o(FAIR_FOR_A))), ("A", Accept()))
    assert check(t, "P9") == ("kept", 1)


# P7 -----------------------------------------------------------------------------------


def test_p7_broken_by_an_early_ultimatum() -> None:
    t = play(("A", Ultimatum(o(OURS))), ("B", WalkAway()))
    assert check(t, "P7") == ("broken", 0)


def test_p7_kept_late_and_not_applicable_without_one() -> None:
    t = play(*exchanges(9), ("A", Ultimatum(o(FAIR_FOR_A))), ("B", Accept()), rounds=10)
    assert check(t, "P7") == ("kept", 18)
    assert check(play(*opening(), ("A", WalkAway())), "P7") == ("not applicable", None)


def test_p7_broken_by_a_late_ultimatum_below_the_walk_away() -> None:
    t = play(*exchanges(9), ("A", Ultimatum(o(THEIRS))), ("B", Accept()), rounds=10)
    assert check(t, "P7") == ("broken", 18)


# P8 -----------------------------------------------------------------------------------


def test_p8_kept_on_the_frontier_broken_inside_it() -> None:
    a = analysis()
    space = a.scenario.space
    on_frontier = int(space.indices(a.frontier_digits[len(a.frontier) // 2])[0])
    t = play(("A", Offer(on_frontier)), ("B", Accept()))
    assert check(t, "P8") == ("kept", 1)
    inside = o({"rebate": 1.5, "stock": 1.5, "payment_days": 60, "term_years": 1})
    t = play(("A", Offer(inside)), ("B", Accept()))
    assert check(t, "P8") == ("broken", 1)
    assert check(play(*opening(), ("A", WalkAway())), "P8")[0] == "not applicable"


# P11 ----------------------------------------------------------------------------------


def test_p11_broken_by_an_early_add_on() -> None:
    t = play(*opening(), ("A", AddOn("co_marketing")), ("B", WalkAway()))
    assert check(t, "P11") == ("broken", 2)


def test_p11_kept_for_the_close_or_never_given() -> None:
    t = play(*exchanges(9), ("A", AddOn("co_marketing")), ("B", WalkAway()), rounds=10)
    assert check(t, "P11") == ("kept", 18)
    assert check(play(*opening(), ("A", WalkAway())), "P11") == ("kept", None)


def test_p11_not_applicable_to_a_side_without_add_ons() -> None:
    assert check(play(*opening(), ("A", WalkAway())), "P11", side="B")[0] == "not applicable"


# P12 ----------------------------------------------------------------------------------


def test_p12_kept_with_a_condition() -> None:
    space = analysis().scenario.space
    fallback = space.issues[space.issue_index("rebate")].index(1.0)
    deal = Offer(o(FAIR_FOR_A, rebate=2.0), Condition("rebate", fallback, "B", "stock >= 1.5x"))
    t = play(*opening(), ("A", deal), ("B", Accept()))
    assert check(t, "P12") == ("kept", 2)


def test_p12_broken_when_a_lost_outcome_is_conceded_plainly() -> None:
    t = play(*opening(), ("A", Offer(o(OURS))), ("B", Offer(o(LOST))), ("A", Accept()))
    assert check(t, "P12") == ("broken", 4)


def test_p12_not_applicable_when_the_outcome_was_not_lost() -> None:
    t = play(*opening(), ("A", Offer(o(FAIR_FOR_A))), ("B", Accept()))
    assert check(t, "P12")[0] == "not applicable"


# P13 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("display", "status"), [("triumphant", "broken"), ("modest", "kept"), (None, "kept")]
)
def test_p13_depends_on_our_closing_display(display: str | None, status: str) -> None:
    t = play(*opening(), ("A", Offer(o(FAIR_FOR_A))), ("B", Accept()), close=(display, None))
    assert check(t, "P13") == (status, 3)


def test_p13_not_applicable_without_a_deal() -> None:
    assert check(play(*opening(), ("A", WalkAway())), "P13")[0] == "not applicable"


# P14 ----------------------------------------------------------------------------------


def test_p14_broken_when_we_exploit_them() -> None:
    t = play(("A", Offer(o(OURS, term_years=2, payment_days=45))), ("B", Accept()))
    d = debrief(analysis(), t, "A")
    v = d.verdict("P14")
    assert v.status == "broken" and "they take away" in v.reason
    assert d.relationship.resentment_after[1] > 0.15


def test_p14_broken_when_we_are_exploited() -> None:
    t = play(*opening(), ("A", Offer(o(OURS))), ("B", Offer(o(LOST))), ("A", Accept()))
    v = debrief(analysis(), t, "A").verdict("P14")
    assert (v.status, v.turn, v.basis) == ("broken", 4, "warned")  # the coach warned on accepting
    assert "leaves us well below a fair share" in v.reason


def test_p14_kept_when_the_advice_is_followed_to_a_fair_deal() -> None:
    from accord.protocol.engine import Negotiation
    from accord.strategies import make

    t = Negotiation(analysis().scenario, make("advised"), make("boulware"), seed=0).run()
    v = debrief(analysis(), t, "A").verdict("P14")
    assert (v.status, v.basis) == ("kept", "outcome") and "within the alert" in v.reason
    assert check(play(*opening(), ("A", WalkAway())), "P14")[0] == "not applicable"
