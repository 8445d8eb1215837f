"""The first schema: counterparties, relationship states, plans, negotiations,
events, outcomes, tournament runs and standings.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(columns or ("id",)), name=f"pk_{table}")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "counterparties",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("params", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _pk("counterparties"),
        sa.UniqueConstraint("name", name="uq_counterparties_name"),
    )
    op.create_table(
        "negotiations",
        _id(),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=True),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("strategy_a", sa.String(200), nullable=True),
        sa.Column("strategy_b", sa.String(200), nullable=True),
        sa.Column("seed", sa.BigInteger(), nullable=True),
        sa.Column("rounds", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        _pk("negotiations"),
        _fk("negotiations", "counterparty_id", "counterparties"),
        sa.UniqueConstraint("key", name="uq_negotiations_key"),
    )
    op.create_table(
        "relationship_states",
        _id(),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(16), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _pk("relationship_states"),
        _fk("relationship_states", "counterparty_id", "counterparties"),
        _fk("relationship_states", "negotiation_id", "negotiations"),
        sa.UniqueConstraint("counterparty_id", "seq", name="uq_relationship_step"),
    )
    op.create_index(
        "ix_relationship_states_counterparty_id", "relationship_states", ["counterparty_id"]
    )
    op.create_table(
        "plans",
        _id(),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _pk("plans"),
        _fk("plans", "counterparty_id", "counterparties"),
        sa.UniqueConstraint("key", name="uq_plans_key"),
    )
    op.create_index("ix_plans_name", "plans", ["name"])
    op.create_table(
        "events",
        _id(),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("turn", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(1), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _pk("events"),
        _fk("events", "negotiation_id", "negotiations"),
        sa.UniqueConstraint("negotiation_id", "seq", name="uq_event_position"),
    )
    op.create_index("ix_events_negotiation_id", "events", ["negotiation_id"])
    op.create_table(
        "outcomes",
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("agreement", sa.Boolean(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("ending", sa.Text(), nullable=True),
        sa.Column("record", sa.Text(), nullable=True),
        sa.Column("metrics", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _pk("outcomes", "negotiation_id"),
        _fk("outcomes", "negotiation_id", "negotiations"),
    )
    op.create_table(
        "tournament_runs",
        _id(),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("config", sa.Text(), nullable=False),
        sa.Column("ran", sa.Integer(), nullable=False),
        sa.Column("reused", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _pk("tournament_runs"),
        sa.UniqueConstraint("key", name="uq_tournament_runs_key"),
    )
    op.create_table(
        "tournament_standings",
        _id(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(500), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("strategy", sa.String(200), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("own", sa.Float(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        _pk("tournament_standings"),
        _fk("tournament_standings", "run_id", "tournament_runs"),
        sa.UniqueConstraint("run_id", "point", "rank", name="uq_standing_rank"),
    )
    op.create_index("ix_tournament_standings_run_id", "tournament_standings", ["run_id"])


def downgrade() -> None:
    for table in (
        "tournament_standings",
        "tournament_runs",
        "outcomes",
        "events",
        "plans",
        "relationship_states",
        "negotiations",
        "counterparties",
    ):
        op.drop_table(table)
