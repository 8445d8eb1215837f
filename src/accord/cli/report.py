"""`accord report RESULTS`: standings, sensitivity and figures of a tournament's results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, friendly_errors, literal, print_warning
from accord.errors import InputError


@friendly_errors
def report(
    results: Annotated[
        Path, typer.Argument(help="A results .jsonl file written by `accord tournament --out`.")
    ],
    plots: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the PNG figures (default: RESULTS's name + '-report', beside it).",
            show_default=False,
        ),
    ] = None,
    no_plots: Annotated[bool, typer.Option("--no-plots", help="Tables only.")] = False,
    as_json: AsJson = False,
) -> None:
    """Standings, sensitivity and figures of a tournament's results (streamed; a run
    still in progress or cut short is reported as far as it got)."""
    from accord.tournament.report import build

    made = build(results, print_warning)
    folder = plots or results.with_name(results.stem + "-report")
    if not no_plots and folder.exists() and not folder.is_dir():
        raise InputError(
            "not a folder", source=str(folder), field="--plots", expected="a folder for PNG files"
        )
    written = []
    if not no_plots and made.count:
        from accord.tournament.figures import write_all

        written = write_all(made, folder)
    if as_json:
        data = made.to_json()
        data["figures"] = [str(p) for p in written]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_tournament import render_standings_of

    c = made.config
    if made.count < made.expected:
        print_warning(
            f"{made.count} of {made.expected} results: the run is "
            "incomplete (rerun the tournament with the same --out to finish it)",
            "note",
        )
    if not made.count:
        out.print("No results yet.")
        return
    render_standings_of(
        made.standings,
        series=made.horizon,
        per_point=made.count // len(made.points),
        domains=len(c.get("domains", ())),
        repeat=int(c.get("repeat", 1)),
        seed=int(c.get("seed", 0)),
        field=made.field,
        console=out,
    )
    for p in written:
        literal(out, f"Figure written to {p}")
