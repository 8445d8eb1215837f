"""The repository functions, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.conftest import DEALER

from accord.errors import InputError
from accord.formats import load_scenario
from accord.protocol.engine import Negotiation
from accord.protocol.moves import Offer
from accord.protocol.transcript import Event
from accord.relationship import RelationshipParams, RelationshipState, long_term_value, update
from accord.store import Store, ledger, live, negotiations, plans, tournaments
from accord.store.manual import Entered, record
from accord.strategies import make
from accord.tournament import TournamentPlan, execute

SQUEEZED = Entered(True, 0.8, 0.45, reservation_us=0.3, reservation_them=0.4, conceded_them=0.3)
FAIR = Entered(True, 0.6, 0.7, reservation_us=0.3, reservation_them=0.4)


def test_health_is_the_relationship_models_own_numbers(store: Store) -> None:
    ledger.record_entered(store, "Dealer Co", record(SQUEEZED), held_on=dt.date(2025, 3, 1))
    ledger.record_entered(store, "Dealer Co", record(FAIR), held_on=dt.date(2025, 9, 1))
    ledger.record_entered(store, "Acme", record(Entered(False, None, None, 0.3, 0.4)))

    p = RelationshipParams()
    expected = update(update(RelationshipState.start(p), record(SQUEEZED), p), record(FAIR), p)
    acme, dealer = ledger.health(store)
    assert (acme.name, dealer.name) == ("Acme", "Dealer Co")
    assert dealer.negotiations == 2 and dealer.last == dt.date(2025, 9, 1)
    assert dealer.trust == expected.trust and dealer.resentment == expected.resentment
    assert dealer.value == long_term_value(expected, p, horizon=2)
    assert dealer.resentment[1] > 0 == dealer.resentment[0]  # they were squeezed, we were not
    assert acme.negotiations == 1 and acme.value == (0.3, 0.4)  # no deal: both live on BATNAs
    state, _ = ledger.relationship(store, "Dealer Co")
    assert state == expected
    assert [s.cause for s in ledger.history(store, "Dealer Co")] == ["negotiation"] * 2


def test_counterparty_names_are_unique_and_checked(store: Store) -> None:
    ledger.add_counterparty(store, "  Dealer   Co ")
    with pytest.raises(InputError, match="already in the ledger"):
        ledger.add_counterparty(store, "Dealer Co")
    with pytest.raises(InputError, match="not a usable name"):
        ledger.add_counterparty(store, "   ")
    with pytest.raises(InputError, match=r"no counterparty 'Nobody'.*Dealer Co"):
        ledger.history(store, "Nobody")
    assert [h.name for h in ledger.health(store)] == ["Dealer Co"]


def test_open_conditions_are_listed_until_checked(store: Store) -> None:
    conditional = Entered(
        True, 0.55, 0.75, 0.3, 0.4, condition="2% if stock >= 1.5x", if_broken_them=0.6
    )
    first = ledger.record_entered(store, "Dealer Co", record(FAIR))
    second = ledger.record_entered(
        store, "Dealer Co", record(conditional), check_by=dt.date(2025, 6, 30)
    )
    [c] = ledger.open_conditions(store, "Dealer Co")
    assert (c.negotiation_id, c.text, c.obligor, c.check_by) == (
        second,
        "2% if stock >= 1.5x",
        "them",
        dt.date(2025, 6, 30),
    )
    assert c.due(dt.date(2025, 7, 1)) and not c.due(dt.date(2025, 6, 1))
    before, _ = ledger.relationship(store, "Dealer Co")

    after = ledger.resolve(store, "dealer co", second, honoured=True)
    assert after.trust > before.trust
    assert ledger.open_conditions(store, "Dealer Co") == []
    assert [s.cause for s in ledger.history(store, "Dealer Co")][-1] == "condition"
    with pytest.raises(InputError, match="already checked"):
        ledger.resolve(store, "Dealer Co", second, honoured=False)
    with pytest.raises(InputError, match="has no condition"):
        ledger.resolve(store, "Dealer Co", first, honoured=False)
    held = rf"no negotiation 5 with 'Dealer Co' \(held: {first}, {second}\)"
    with pytest.raises(InputError, match=held):
        ledger.resolve(store, "Dealer Co", 5, honoured=False)


def test_a_negotiation_is_stored_event_by_event_and_reads_back_exactly(store: Store) -> None:
    scenario = load_scenario(DEALER)
    prepared = live.start_file(
        store, DEALER, None, ("diplomat", "boulware"), seed=4, rounds=None, counterparty="Dealer"
    )
    seen: list[Event] = []
    transcript = live.run(prepared.negotiation, prepared.recorder, on_event=seen.append)
    neg_id = prepared.negotiation_id
    reference = Negotiation(scenario, make("diplomat"), make("boulware"), seed=4).run()
    assert transcript.dumps() == reference.dumps()
    assert seen == transcript.events

    stored = negotiations.transcript(store, neg_id)
    assert stored.events == transcript.events and stored.ending is None
    assert negotiations.info(store, neg_id).open
    assert [n.id for n in negotiations.listing(store, open_only=True)] == [neg_id]

    from accord.analysis.report import analyse

    live.finish_analysed(store, neg_id, analyse(scenario, seed=4), transcript)
    assert negotiations.transcript(store, neg_id).dumps() == transcript.dumps()
    info = negotiations.info(store, neg_id)
    assert (info.reason, info.events, info.counterparty) == (
        transcript.ending.reason,
        len(transcript.events),
        "Dealer",
    )  # type: ignore[union-attr]
    assert negotiations.listing(store, open_only=True) == []
    [health] = ledger.health(store)
    assert health.negotiations == 1 and health.last == dt.date.today()


def test_the_event_log_refuses_gaps_overwrites_and_moves_after_the_end(store: Store) -> None:
    neg_id = negotiations.start(store, scenario="s", strategies=("a", "b"), seed=0, rounds=5)
    huge = 10**20 + 7  # outcome indices of huge spaces exceed 64 bits
    negotiations.append_event(store, neg_id, 0, Event(0, "A", Offer(huge), huge))
    with pytest.raises(InputError, match="already stored"):
        negotiations.append_event(store, neg_id, 0, Event(0, "A", Offer(1), 1))
    with pytest.raises(InputError, match=r"already stored|does not exist"):
        negotiations.append_event(store, neg_id + 99, 0, Event(0, "A", Offer(1), 1))
    assert negotiations.events(store, neg_id) == [Event(0, "A", Offer(huge), huge)]
    negotiations.finish(store, neg_id, None, record=record(FAIR))
    with pytest.raises(InputError, match="has ended"):
        negotiations.append_event(store, neg_id, 1, Event(1, "B", Offer(1), 1))
    with pytest.raises(InputError, match="no negotiation 12345"):
        negotiations.info(store, 12345)


def test_plans_are_kept_as_versions(store: Store) -> None:
    first = plans.save_plan(store, "renewal", {"batna": 0.4}, counterparty="Dealer Co")
    plans.save_plan(store, "renewal", {"batna": 0.45, "target": 0.7})
    plans.save_plan(store, "other", {"x": [1, 2]})
    latest = plans.latest_plan(store, "renewal")
    assert latest is not None and latest.body == {"batna": 0.45, "target": 0.7}
    versions = plans.plan_versions(store, "renewal")
    assert versions[0].key == first and versions[0].counterparty == "Dealer Co"
    assert plans.latest_plan(store, "missing") is None
    with pytest.raises(InputError, match="JSON object"):
        plans.save_plan(store, "bad", [1, 2])  # type: ignore[arg-type]


def test_tournament_standings_are_stored_with_their_configuration(store: Store) -> None:
    tasks = TournamentPlan([DEALER], ["boulware", "conceder"], [], repeat=1, seed=3, rounds=8)
    done = execute(tasks)
    config = {"domains": [str(DEALER)], "strategies": ["boulware", "conceder"], "seed": 3}
    run_id = tournaments.save_tournament(store, done, config)
    [stored] = tournaments.tournaments(store)
    assert stored.id == run_id and stored.config == config
    assert stored.standings == done.standings and (stored.ran, stored.reused) == (done.ran, 0)
    assert stored.by_point == (done.by_point or {(): done.standings})
