"""Each warning: about a move we are about to make (`Advisor.review`), and about our past moves."""

from __future__ import annotations

from tests.advisor.helpers import FAIR, OURS, THEIRS, exchanges, history, make_plan, offer

from accord.advisor import Advisor, advise
from accord.plan.core import Caution
from accord.protocol import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.moves import Move


def codes(found: tuple[Caution, ...]) -> dict[str, str]:
    return {w.code: w.severity for w in found}


def review(move: Move, *entries: dict, rounds: int = 20, **plan_fields: object) -> dict[str, str]:
    plan = make_plan(**plan_fields)
    return codes(Advisor(plan).review(history(plan, *entries, rounds=rounds), move))


def index(terms: dict, co_marketing: bool = False) -> int:
    return make_plan().space.index_of(terms | {"co_marketing": co_marketing})


OPENED = ({"we": offer(**OURS)}, {"they": offer(**THEIRS)})


def test_accepting_below_the_walk_away_is_an_error() -> None:
    found = review(Accept(), *OPENED)
    assert found == {"below_walk_away": "error"}


def test_accepting_with_nothing_on_the_table() -> None:
    assert review(Accept(), {"we": offer(**OURS)}, {"they": "silent"}) == {
        "nothing_to_accept": "error"
    }


def test_accepting_a_windfall_exploits_them() -> None:
    generous = {"rebate": 1.25, "stock": 2.0, "payment_days": 30, "term_years": 3}
    found = review(Accept(), {"we": offer(**OURS)}, {"they": offer(**generous)})
    assert found == {"exploits_them": "warning"}


def test_accepting_far_below_a_fair_share_exploits_us() -> None:
    poor = {"rebate": 2.0, "stock": 1.0, "payment_days": 45, "term_years": 3}  # 0.32 to us
    found = review(Accept(), {"we": offer(**OURS)}, {"they": offer(**poor)})
    assert found == {"exploits_us": "warning"}


def test_offering_below_the_walk_away_is_an_error() -> None:
    assert review(Offer(index(THEIRS)), *OPENED) == {"below_walk_away": "error"}


def test_conceding_below_the_schedule() -> None:
    low = {"rebate": 1.75, "stock": 1.5, "payment_days": 45, "term_years": 2}  # ~0.48 to us
    assert review(Offer(index(low)), *OPENED)["over_concession"] == "warning"


def test_conceding_more_than_they_did() -> None:
    plan = make_plan()
    s = Advisor(plan).situation(history(plan, *OPENED))
    middle = next(
        o
        for o in range(plan.space.n_outcomes)
        if s.floor + 0.02 < plan.ours.utility.at(o) < s.target - 0.05
        and not plan.space.outcome(o)["co_marketing"]
    )
    assert review(Offer(middle), *OPENED) == {"unreciprocated": "warning"}


def test_filling_their_silence_with_a_concession() -> None:
    found = review(
        Offer(index(OURS | {"rebate": 1.25})),
        {"we": offer(**OURS)},
        {"they": offer(**THEIRS)},
        {"we": offer(**OURS)},
        {"they": "silent"},
    )
    assert found == {"fills_silence": "warning"}


def test_an_early_ultimatum() -> None:
    assert review(Ultimatum(index(OURS)), *OPENED) == {"early_ultimatum": "warning"}


def test_spending_the_close_add_on_early() -> None:
    # P11 broken: the coach stops for it, and the debrief reports it at that round
    assert review(AddOn("co_marketing"), *OPENED) == {"early_add_on": "warning"}
    assert review(Offer(index(OURS, co_marketing=True)), *OPENED) == {"early_add_on": "warning"}
    late = exchanges(9, OURS, THEIRS)
    assert review(AddOn("co_marketing"), *late, rounds=10) == {}


def test_walking_away_from_a_deal_above_the_walk_away() -> None:
    opened = ({"we": offer(**OURS)}, {"they": offer(**FAIR)})
    assert review(WalkAway(), *opened) == {"walks_from_a_deal": "warning"}
    fit = {"better_served_elsewhere": True}
    assert review(WalkAway(), *opened, fit=fit) == {}  # P4: we judged them better served


def test_anything_but_accepting_refuses_their_ultimatum() -> None:
    final = ({"we": offer(**OURS)}, {"they": {"ultimatum": FAIR}})
    assert review(Silence(), *final) == {"refuses_ultimatum": "warning"}
    assert "refuses_ultimatum" in review(ConsultAuthority(1), *final)


def test_consulting_late_costs_turns() -> None:
    late = exchanges(9, OURS, THEIRS)
    assert review(ConsultAuthority(1), *late, rounds=10) == {"late_pause": "note"}


def test_gloating_after_an_agreement() -> None:
    agreed = ({"they": offer(**FAIR)}, {"we": "accept"})
    found = review(Display("triumphant"), *agreed)
    assert found == {"gloat": "warning"}
    assert review(Display("modest"), *agreed) == {}


def test_warnings_about_our_past_moves() -> None:
    plan = make_plan()
    h = history(
        plan,
        {"we": {"ultimatum": OURS}},
        {"they": "silent"},
        {"we": offer(**FAIR)},
        {"they": "silent"},
        {"we": offer(**THEIRS)},
        {"they": offer(**FAIR)},
        {"we": "accept"},
        {"we": {"display": "triumphant"}},
    )
    found = codes(advise(plan, h).warnings)
    assert set(found) == {
        "offered_below_walk_away",
        "over_conceded",
        "filled_silence",
        "early_ultimatum",
        "gloat",
    }
    assert found["offered_below_walk_away"] == "error"


def test_the_example_moves_warn_about_nothing_we_did() -> None:
    plan = make_plan()
    assert advise(plan, history(plan, *OPENED)).warnings == ()


def test_refusing_their_ultimatum_is_judged_as_the_walk_away_it_becomes() -> None:
    """Anything but accepting a final offer is recorded as refusing it: a mistake only
    when it was worth at least our walk-away (P2), never a concession or a P7 breach."""
    above = ({"we": offer(**OURS)}, {"they": {"ultimatum": FAIR}})
    below = ({"we": offer(**OURS)}, {"they": {"ultimatum": THEIRS}})
    for move in (Offer(index(THEIRS)), Silence(), AddOn("co_marketing"), WalkAway()):
        assert review(move, *above) == {"refuses_ultimatum": "warning"}
        assert review(move, *below) == {}
