"""The fuzz suite's summary: how many cases each reader took, under the test results."""

from __future__ import annotations

import pytest
from tests.fuzz.outcome import CASES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES:
        counts = ", ".join(f"{reader} {n}" for reader, n in sorted(CASES.items()))
        terminalreporter.write_line(f"fuzz cases per reader: {counts}")
