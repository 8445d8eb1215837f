"""The parallel backends every equivalence test runs: local processes, and Ray when installed."""

from __future__ import annotations

import importlib.util

import pytest

PARALLEL = [
    pytest.param("processes", id="processes"),
    pytest.param(
        "ray",
        id="ray",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("ray") is None,
            reason="Ray is not installed (pip install 'accord[ray]')",
        ),
    ),
]
