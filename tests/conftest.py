"""Suite-wide fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's ACCORD_DB must never receive the tests' negotiations; tests
    that want a store set their own."""
    monkeypatch.delenv("ACCORD_DB", raising=False)
