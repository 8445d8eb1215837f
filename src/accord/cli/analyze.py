"""`accord analyze SCENARIO`: Pareto frontier, bargaining points, ZOPA and trades."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, Profiles, check_output, friendly_errors, literal


@friendly_errors
def analyze(
    scenario: Annotated[Path, typer.Argument(help="A scenario .yaml file or a GENIUS folder.")],
    profiles: Profiles = None,
    as_json: AsJson = False,
    plot: Annotated[Path | None, typer.Option(help="Write a PNG of the outcome space.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling very large spaces.")] = 0,
) -> None:
    """Analyse a scenario: Pareto frontier, Nash and Kalai-Smorodinsky points, ZOPA, trades."""
    from accord.analysis.report import analyse
    from accord.formats import load_scenario

    loaded = load_scenario(scenario, profiles)
    result = analyse(loaded, seed=seed)
    if plot is not None:
        check_output(plot, ".png", "--plot", "plot")
        from accord.plots import plot_outcome_space

        plot_outcome_space(result, plot, seed=seed)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_analysis import render_analysis

    render_analysis(result, out)
    if plot is not None:
        literal(out, f"Plot written to {plot}", highlight=True, soft_wrap=False)
