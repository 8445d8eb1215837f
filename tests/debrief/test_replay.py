"""Our moves against the advice, replayed as the advisor would have seen them."""

from __future__ import annotations

import pytest

from accord.debrief import debrief
from accord.protocol import Negotiation
from accord.strategies import make


@pytest.mark.parametrize("other", ["boulware", "hardliner", "conceder", "micro"])
def test_the_advised_strategy_always_follows_the_advice(dealer, other: str) -> None:
    # `advised` plays the advisor with the default plan the debrief also uses
    t = Negotiation(dealer, make("advised"), make(other), seed=3).run()
    d = debrief(dealer, t, "A")
    engine = lambda e: e.note == "closing" or (e.kind == "silence" and e.note)  # noqa: E731
    ours = [e for e in t.events if e.actor == "A" and not engine(e)]
    assert len(d.advice) == len(ours) > 0
    assert d.followed == 1.0
    assert all(m.did == m.advised for m in d.advice)


def test_a_panderer_departs_from_the_advice_and_is_warned(dealer) -> None:
    t = Negotiation(dealer, make("panderer"), make("hardliner"), seed=1).run()
    d = debrief(dealer, t, "A")
    assert d.followed is not None and d.followed < 0.5
    warned = {w for m in d.advice for w in m.warnings}
    assert "over_concession" in warned  # conceding faster than the schedule (P3)
    departed = [m for m in d.advice if not m.followed]
    assert all(m.did_utility is not None for m in departed if m.did == "counter")
    data = d.to_json()["advice"]
    assert data["followed"] == d.followed and len(data["moves"]) == len(d.advice)
    assert data["moves"][0]["round"] == 1
