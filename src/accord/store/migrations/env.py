"""Alembic's entry point, driven by `accord.store.migrate`: no alembic.ini.

The caller passes an open connection (in `config.attributes["connection"]`),
already inside the transaction that serialises concurrent upgrades, so the
whole upgrade commits or rolls back as one.
"""

from __future__ import annotations

from alembic import context

from accord.store.schema import Base


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=Base.metadata)
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # run by alembic; a plain import (doctest collection) is not
    run()
