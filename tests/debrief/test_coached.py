"""A coached negotiation debriefed from the store keeps what was said beside the moves."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLES

from accord.coach import CoachSession
from accord.debrief import debrief
from accord.debrief.sources import from_store
from accord.store import open_store

PLAN = EXAMPLES / "dealer_rebate.plan.yaml"


def test_a_deadline_claimed_in_the_coach_reaches_the_debrief(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "coach.db")) as store:
        s = CoachSession.start(store, PLAN)
        for line in (
            "we offer rebate=1 stock=2 payment_days=30 term_years=3",
            "they want 2%, 1x, 90 days and a 2-year term",
            "they say they need an answer by Friday",
            "we can do 1.5% if you stock 1.5x",
            "yes",
            "they accept",
            "quit",
        ):
            assert s.handle(line).error is None, line
        s.finish()
        loaded = from_store(store, s.negotiation_id)
    assert [(c.actor, c.kind) for c in loaded.claims] == [("B", "deadline")]
    said = debrief(loaded.scenario, loaded.transcript, "A", claims=loaded.claims)
    unsaid = debrief(loaded.scenario, loaded.transcript, "A")
    assert said.verdict("P9").status == "broken"  # we conceded right after their deadline
    assert unsaid.verdict("P9").status == "not applicable"
