"""negmas is AGPL and optional: accord's core never imports it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import DEALER

CODE = f"""
import sys
from pathlib import Path
import accord.cli.main, accord.analysis, accord.formats, accord.plots, accord.testing
from accord.formats import load_scenario
from accord.protocol import Negotiation
from accord.strategies import make, registry
from accord.tournament import plan, run, standings
scenario = load_scenario(Path({str(DEALER)!r}))
for name in registry():
    Negotiation(scenario, make(name), make("diplomat"), seed=1).run()
tasks = plan([Path({str(DEALER)!r})], ["diplomat", "micro"])
standings(run(tasks))
assert "negmas" not in sys.modules, "the core imported negmas"
"""


def test_core_runs_without_importing_negmas() -> None:
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
