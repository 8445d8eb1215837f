"""A tournament's config: what its results file, the store and --json record of the run."""

from __future__ import annotations

import json
from pathlib import Path

from accord.tournament.settings import config
from accord.tournament.sweep import points


def test_series_and_sweep_appear_only_when_given() -> None:
    plain = config([Path("d/dealer.yaml")], ("diplomat",), ("boulware",), rounds=20, repeat=2)
    assert plain == {
        "domains": ["d/dealer.yaml"],
        "strategies": ["diplomat"],
        "opponents": ["boulware"],
        "rounds": 20,
        "repeat": 2,
        "seed": 0,
    }
    swept = config(["d"], ["diplomat"], series=4, sweep=points(["alpha=0.5:1:2"]))
    assert swept["series"] == 4
    assert swept["sweep"] == [{"alpha": 0.5}, {"alpha": 1.0}]
    assert json.loads(json.dumps(swept)) == swept  # the results file's header, as written


def test_a_sweep_given_with_no_parameter_is_still_recorded() -> None:
    assert config(["d"], ["diplomat"], series=2, sweep=[()])["sweep"] == [{}]
    assert "sweep" not in config(["d"], ["diplomat"], series=2)
