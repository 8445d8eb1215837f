"""`accord scenario check FILE`: validate a scenario and read it back in words.

What a person writing a scenario needs before negotiating on it: that it loads
(else the one-paragraph error every command prints, exit code 2), and that it
says what they meant: the issues and their grids with units, each party's
weights and value functions in words, their BATNAs and the outcome count.
docs/scenarios.md documents the format.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, Profiles, friendly_errors

scenario_app = typer.Typer(
    name="scenario",
    help="Write scenarios: check that a scenario loads and reads as meant (docs/scenarios.md).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@scenario_app.command("check")
@friendly_errors
def check(
    scenario: Annotated[Path, typer.Argument(help="A scenario .yaml file or a GENIUS folder.")],
    profiles: Profiles = None,
    as_json: AsJson = False,
) -> None:
    """Validate a scenario; print its issues, grids with units, parties and outcome count."""
    from accord.cli.render_scenario import render, summary
    from accord.formats import load_scenario

    read = summary(load_scenario(scenario, profiles))
    if as_json:
        sys.stdout.write(json.dumps(read, indent=2) + "\n")
        return
    sys.stdout.write(render(read))
