"""A tournament's settings as one JSON object, its `config`.

The same object heads its results file (a rerun must match it, and `report`
reads the domains, repetitions, seed and sweep back from it), is stored with
the run (`accord tournament --db`) and printed by `--json`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accord.tournament.tasks import Point


def config(
    domains: Sequence[Path | str],
    strategies: Sequence[str],
    opponents: Sequence[str] = (),
    *,
    rounds: int | None = None,
    repeat: int = 1,
    seed: int = 0,
    series: int | None = None,
    sweep: Sequence[Point] | None = None,
) -> dict[str, Any]:
    """The settings, as the tournament's plan takes them; `series` and `sweep` (the
    sweep's points) only when given.

    >>> config(["a/dealer.yaml"], ["diplomat", "boulware"], seed=3, series=5)
    ... # doctest: +NORMALIZE_WHITESPACE
    {'domains': ['a/dealer.yaml'], 'strategies': ['diplomat', 'boulware'], 'opponents': [],
     'rounds': None, 'repeat': 1, 'seed': 3, 'series': 5}
    """
    settings: dict[str, Any] = {
        "domains": [str(d) for d in domains],
        "strategies": list(strategies),
        "opponents": list(opponents),
        "rounds": rounds,
        "repeat": repeat,
        "seed": seed,
    }
    if series is not None:
        settings["series"] = series
    if sweep is not None:
        settings["sweep"] = [dict(p) for p in sweep]
    return settings
