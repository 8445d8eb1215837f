"""`accord advise PLAN TRANSCRIPT`: the advice for the next move, without any dialogue."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, friendly_errors


@friendly_errors
def advise(
    plan: Annotated[Path, typer.Argument(help="The plan file (.yaml).")],
    transcript: Annotated[
        Path,
        typer.Argument(
            help="The talks so far: `accord negotiate --json` output, a transcript JSON, "
            "or a moves list (YAML or JSON, see docs/advisor.md)."
        ),
    ],
    as_json: AsJson = False,
) -> None:
    """Advise the next move: the recommendation with reasons citing principles, the numbers
    behind each candidate, their tactics and our warnings."""
    from accord.advisor import advise as advise_on
    from accord.advisor.moves import load_history
    from accord.plan import load_plan

    loaded = load_plan(plan)
    advice = advise_on(loaded, load_history(transcript, loaded))
    if as_json:
        sys.stdout.write(json.dumps(advice.to_json(), indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_advice import render_advice

    render_advice(advice, out)
