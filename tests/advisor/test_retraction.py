"""A standing offer of ours below the walk-away (a person typed it, warned): the advice
never lets it stand, and takes back only as much as P2 needs, keeping granted add-ons."""

from __future__ import annotations

from tests.advisor.helpers import OURS, THEIRS, history, make_plan, offer

from accord.advisor import advise
from accord.protocol.moves import Offer

#: 0.31 to us with co_marketing granted: below the walk-away (0.35).
TOO_LOW = {"rebate": 1.75, "stock": 1.25, "payment_days": 60, "term_years": 2}


def test_below_the_walk_away_the_advice_retracts_only_to_it() -> None:
    plan = make_plan(walk_away=0.35)
    entries = (
        {"we": offer(**OURS)},
        {"they": offer(**THEIRS)},
        {"we": offer(**TOO_LOW, co_marketing=True)},
        {"they": "silent"},
    )
    h = history(plan, *entries)
    rec = advise(plan, h).recommendation
    assert rec.kind == "counter" and isinstance(rec.move, Offer)  # not silence: P2
    assert rec.our_utility is not None
    assert 0.35 <= rec.our_utility <= 0.35 + plan.stance.band + 1e-9  # no more than P2 needs
    assert rec.terms is not None and rec.terms["co_marketing"] is True  # the grant stays
    assert rec.reasons[0].principles == ("P2", "P3", "P14")
    assert "only as far as our walk-away" in rec.reasons[0].text
