"""A store holding one of everything: for the export, import and CLI tests."""

from __future__ import annotations

import datetime as dt

from tests.conftest import DEALER

from accord.analysis.report import analyse
from accord.store import Store, ledger, live, plans, tournaments
from accord.store.manual import Entered, record
from accord.tournament import TournamentPlan, execute


def fill(store: Store) -> None:
    """Counterparties with histories (a condition checked, one still open), a finished
    and an open engine negotiation, plan versions and a tournament."""
    squeeze = Entered(True, 0.8, 0.45, 0.3, 0.4, conceded_them=0.3, triumph="us")
    easy = Entered(True, 0.6, 0.7, 0.3, 0.4, condition="stock >= 1.5x", if_broken_them=0.6)
    ledger.record_entered(store, "Dealer Co", record(squeeze), held_on=dt.date(2024, 3, 1))
    conditional = ledger.record_entered(
        store, "Dealer Co", record(easy), held_on=dt.date(2024, 9, 1), check_by=dt.date(2025, 1, 1)
    )
    ledger.resolve(store, "Dealer Co", conditional, honoured=True)
    ledger.record_entered(store, "Dealer Co", record(easy), check_by=dt.date(2026, 1, 1))
    ledger.add_counterparty(store, "Quiet Ltd", notes="met at a fair")
    ledger.record_entered(store, "Acme", record(Entered(False, None, None, 0.3, 0.4)))

    done = live.start_file(store, DEALER, None, ("diplomat", "boulware"), seed=2, rounds=None,
                           counterparty="Acme")  # fmt: skip
    transcript = live.run(done.negotiation, done.recorder)
    live.finish_analysed(store, done.negotiation_id, analyse(done.scenario), transcript)
    open_one = live.start_file(store, DEALER, None, ("micro", "conceder"), seed=3, rounds=6)
    open_one.negotiation.step()
    open_one.negotiation.step()
    open_one.recorder.flush(open_one.negotiation.transcript)

    plans.save_plan(store, "renewal", {"batna": 0.4, "six": [1, 2, 3]}, counterparty="Dealer Co")
    plans.save_plan(store, "renewal", {"batna": 0.45})
    tasks = TournamentPlan([DEALER], ["boulware", "conceder"], [], repeat=1, seed=3, rounds=6)
    tournaments.save_tournament(store, execute(tasks), {"seed": 3, "strategies": ["b", "c"]})
