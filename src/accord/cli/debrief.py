"""`accord debrief NEGOTIATION`: a finished negotiation read back from one side's seat.

NEGOTIATION is a file (`accord negotiate --json` output, a transcript JSON, or
with --plan a moves file) or the id of a stored negotiation. The command
parses, calls `accord.debrief` and renders; the store is opened only for an id.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import AsJson, Profiles, check_output, friendly_errors
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.debrief.model import Debrief
    from accord.debrief.sources import Loaded
    from accord.plan.core import Plan


@friendly_errors
def debrief(
    negotiation: Annotated[
        str,
        typer.Argument(
            help="A file (`accord negotiate --json` output, a transcript JSON, or with --plan "
            "a moves file) or the id of a stored negotiation.",
            show_default=False,
        ),
    ],
    plan: Annotated[
        Path | None,
        typer.Option(
            help="Our plan (.yaml): side, walk-away, target, add-ons kept for the close "
            "(default for a coached negotiation: the plan it was coached with)."
        ),
    ] = None,
    side: Annotated[
        str | None,
        typer.Option(help="Which side we were: A or B (default: the plan's, else A)."),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            help="The scenario file or GENIUS folder (default: the plan's, or the stored one).",
            show_default=False,
        ),
    ] = None,
    profiles: Profiles = None,
    plot: Annotated[
        Path | None,
        typer.Option(help="Write a PNG of the offers over the frontier and the concessions."),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write the result, the checklist, every move and the figure's data as CSV "
            "rows (columns in docs/debrief.md).",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Write the debrief as one standalone, printable HTML page with its figure.",
            show_default=False,
        ),
    ] = None,
    as_json: AsJson = False,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database of stored negotiations (a file or postgresql+psycopg://...; "
            "default: $ACCORD_DB, else ~/.local/share/accord/accord.db).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Debrief a finished negotiation: the outcome against BATNA, target and the Nash
    point, Pareto efficiency, concessions, tactics and answers, resentment and trust,
    and the principles kept and broken."""
    if plot is not None:
        check_output(plot, ".png", "--plot", "plot")
    if csv is not None:
        check_output(csv, ".csv", "--csv", "CSV file")
    if html is not None:
        check_output(html, ".html", "--html", "report")
    loaded_plan = _plan(plan)
    found = _load(negotiation, loaded_plan, scenario, profiles, db)
    try:
        result = found.debrief(side, loaded_plan)
    except InputError as e:
        raise e.located(_label(negotiation)) from None
    if plot is not None:
        from accord.debrief.figure import plot_debrief

        plot_debrief(result, plot)
    written = _exported(result, csv, html)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
        return
    from accord.cli.common import literal, out
    from accord.cli.render_debrief import render_debrief

    render_debrief(result, out)
    if plot is not None:
        literal(out, f"Plot written to {plot}")
    for path in written:
        literal(out, f"Written to {path}")


def _exported(result: Debrief, csv: Path | None, html: Path | None) -> list[Path]:
    """Write the CSV and the page asked for; the paths written."""
    from accord.export import debrief as export

    if csv is not None:
        export.write_csv_file(result, csv)
    if html is not None:
        export.write_html_file(result, html)
    return [p for p in (csv, html) if p is not None]


def _label(negotiation: str) -> str:
    """How messages name the negotiation: its file, or its id in the store."""
    if Path(negotiation).exists() or not negotiation.strip().isdigit():
        return negotiation
    return f"stored negotiation {negotiation.strip()}"


def _plan(path: Path | None) -> Plan | None:
    if path is None:
        return None
    from accord.plan import load_plan

    return load_plan(path)


def _load(
    negotiation: str,
    plan: Plan | None,
    scenario: Path | None,
    profiles: tuple[Path, Path] | None,
    db: str | None,
) -> Loaded:
    """A file when one exists by that name, else a stored negotiation's id."""
    from accord.debrief import sources
    from accord.formats.paths import exists

    path = Path(negotiation)
    text = negotiation.strip()
    if exists(path) or not text.isdigit():
        return sources.from_file(path, plan, scenario, profiles)
    if int(text) < 1:
        raise InputError(
            f"negotiation id {text}", field="NEGOTIATION", expected="a stored id (1, 2, ...)"
        )
    from accord.cli.common import open_db

    with open_db(db) as store:
        return sources.from_store(store, int(text), scenario, profiles)
