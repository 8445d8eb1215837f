"""Alembic migrations of the store, applied by `accord.store.migrate` when the store opens."""
