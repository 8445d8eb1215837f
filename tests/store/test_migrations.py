"""Migrations: a database of the first schema upgrades without loss, and the
migrations build exactly the tables the models describe."""

from __future__ import annotations

import datetime as dt
import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from accord.protocol.moves import Accept, Offer
from accord.protocol.transcript import Ending, Event
from accord.relationship import RelationshipParams, RelationshipState, update
from accord.store import ledger, migrate, negotiations, open_store
from accord.store.codec import canonical, event_text
from accord.store.manual import Entered, record
from accord.store.schema import Base

DEAL = record(Entered(True, 0.7, 0.6, reservation_us=0.3, reservation_them=0.4))
EVENTS = [Event(0, "A", Offer(10**20), 10**20), Event(1, "B", Accept(), 10**20)]
ENDING = Ending("agreement", 1, "B", 10**20)
WHEN = dt.datetime(2024, 5, 1, 12, 0)


def _fill_first_schema(url: str) -> tuple[RelationshipState, int]:
    """A database at revision 0001, with a counterparty, a negotiation and its history."""
    p = RelationshipParams()
    state = update(RelationshipState.start(p), DEAL, p)
    with open_store(url, upgrade=False) as store:
        migrate.upgrade(store.writer, "0001")
        with store.writer.begin() as c:
            c.execute(
                text(
                    "INSERT INTO counterparties (name, notes, created_at) VALUES ('Old Co', '', :t)"
                ),
                {"t": WHEN},
            )
            cp = c.execute(text("SELECT id FROM counterparties")).scalar_one()
            c.execute(
                text(
                    "INSERT INTO negotiations (key, kind, counterparty_id, scenario, source, "
                    "strategy_a, strategy_b, seed, rounds, started_at) VALUES "
                    "(:k, 'engine', :cp, 'Dealer', NULL, 'diplomat', 'boulware', 9, 20, :t)"
                ),
                {"k": "a" * 32, "cp": cp, "t": WHEN},
            )
            neg = c.execute(text("SELECT id FROM negotiations")).scalar_one()
            for seq, e in enumerate(EVENTS):
                c.execute(
                    text(
                        "INSERT INTO events (negotiation_id, seq, turn, actor, kind, data, "
                        "recorded_at) VALUES (:n, :s, :turn, :actor, :kind, :data, :t)"
                    ),
                    {"n": neg, "s": seq, "turn": e.turn, "actor": e.actor, "kind": e.kind,
                     "data": event_text(e), "t": WHEN},
                )  # fmt: skip
            c.execute(
                text(
                    "INSERT INTO outcomes (negotiation_id, reason, agreement, held_on, ending, "
                    "record, metrics, recorded_at) VALUES (:n, 'agreement', :yes, :d, :e, :r, "
                    "NULL, :t)"
                ),
                {"n": neg, "yes": True, "d": dt.date(2024, 5, 1), "e": json.dumps(ending_json()),
                 "r": canonical(DEAL.to_json()), "t": WHEN},
            )  # fmt: skip
            c.execute(
                text(
                    "INSERT INTO relationship_states (counterparty_id, seq, cause, "
                    "negotiation_id, state, recorded_at) VALUES (:cp, 0, 'negotiation', :n, :s, :t)"
                ),
                {"cp": cp, "n": neg, "s": state.dumps(), "t": WHEN},
            )
        with store.engine.connect() as c:
            assert migrate.current(c) == "0001"
            assert "check_by" not in {col["name"] for col in inspect(c).get_columns("outcomes")}
    return state, neg


def ending_json() -> dict[str, object]:
    return {"reason": "agreement", "turn": 1, "by": "B", "agreement": 10**20,
            "condition": None, "beliefs": None}  # fmt: skip


def test_a_first_schema_database_upgrades_on_open_without_loss(db_url: str) -> None:
    state, neg = _fill_first_schema(db_url)
    with open_store(db_url) as store:
        with store.engine.connect() as c:
            assert migrate.current(c) == migrate.head() == "0002"
        [health] = ledger.health(store)
        assert (health.name, health.negotiations, health.last) == ("Old Co", 1, dt.date(2024, 5, 1))
        assert ledger.relationship(store, "Old Co")[0] == state
        t = negotiations.transcript(store, neg)
        assert (t.events, t.ending, t.seed, t.strategies) == (
            EVENTS,
            ENDING,
            9,
            ("diplomat", "boulware"),
        )
        [step] = ledger.history(store, "Old Co")
        assert step.state == state and step.negotiation_id == neg
        # the new column works on the upgraded database
        conditional = Entered(True, 0.6, 0.7, 0.3, 0.4, condition="stock >= 1.5x")
        new = ledger.record_entered(
            store, "Old Co", record(conditional), check_by=dt.date(2025, 1, 1)
        )
        [c] = ledger.open_conditions(store, "Old Co")
        assert c.check_by == dt.date(2025, 1, 1) and c.negotiation_id == new
    with open_store(db_url) as store:  # opening again changes nothing
        assert len(ledger.history(store, "Old Co")) == 2


def test_the_migrations_build_exactly_the_models(db_url: str) -> None:
    with open_store(db_url) as store, store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
        assert diff == []
        assert migrate.revisions() == migrate.scripted_revisions() == ("0001", "0002")
