"""`accord class debrief CASE TRANSCRIPT...`: the class debrief of stored transcripts.

A trainer whose class negotiated a case with the CLI coach (or `accord
negotiate --json`) debriefs every pair at once: each TRANSCRIPT is read as
`accord debrief` reads a file (`accord.debrief.sources.from_file`, the case's
scenario), one pair per file, named by the file's stem. The command calls
`accord.classroom.class_debrief` and renders: one row per pair, the class's
figures, the principles most broken; `--csv` writes one row per pair, `--json`
prints everything, the Pareto chart's data included.

A seat played by one of accord's strategies (by its name in the transcript) is
not a student and its principles are not counted, unless `--all-seats`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, check_output, friendly_errors

class_app = typer.Typer(
    name="class",
    help="Classroom exercises: the class debrief of a case's negotiations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@class_app.command("debrief")
@friendly_errors
def debrief_class(
    case_name: Annotated[
        str,
        typer.Argument(
            metavar="CASE",
            help="The case the class negotiated (see `accord case list`) or its folder.",
        ),
    ],
    transcripts: Annotated[
        list[Path],
        typer.Argument(
            metavar="TRANSCRIPT...",
            help="One finished negotiation per pair: `accord negotiate --json` output or a "
            "transcript JSON.",
            show_default=False,
        ),
    ],
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write one row per pair (columns in docs/cases.md).",
            show_default=False,
        ),
    ] = None,
    all_seats: Annotated[
        bool,
        typer.Option(
            "--all-seats", help="Count the principles of seats accord's strategies played too."
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Debrief a class: every pair's outcome, the deal rate, surplus shares, value left on
    the table, time to agreement, and the principles kept and broken across the class."""
    if csv is not None:
        check_output(csv, ".csv", "--csv", "CSV file")
    from accord.classroom.cases import SCENARIO_FILE
    from accord.classroom.class_debrief import PairNegotiation, class_debrief
    from accord.cli.case import _find
    from accord.debrief.sources import from_file
    from accord.errors import InputError

    found = _find(case_name)
    pairs = []
    for path in transcripts:
        loaded = from_file(path, None, found.folder / SCENARIO_FILE)
        t = loaded.transcript
        seats = tuple(
            None if not all_seats and _is_strategy(name) else f"{path.stem}:{role}"
            for role, name in zip("AB", t.strategies, strict=True)
        )
        pairs.append(PairNegotiation(path.stem, t, (seats[0], seats[1])))
    labels = [p.label for p in pairs]
    twice = sorted({x for x in labels if labels.count(x) > 1})
    if twice:
        raise InputError(
            f"two transcripts are named '{twice[0]}'",
            field="TRANSCRIPT",
            expected="one file per pair, each with its own name",
        )
    result = class_debrief(found.scenario, pairs)
    if csv is not None:
        result.write_csv(csv)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
        return
    from accord.cli.common import literal, out
    from accord.cli.render_class import render_class

    render_class(result, found.title, out)
    if csv is not None:
        literal(out, f"Written to {csv}")


def _is_strategy(name: str) -> bool:
    """Whether a transcript's seat name is one of accord's strategies (`diplomat`,
    `boulware(e=0.1)`), not a person."""
    from accord.errors import InputError
    from accord.strategies.catalog import names
    from accord.strategies.specs import parse_spec

    try:
        key, _ = parse_spec(name)
    except InputError:  # not a spec at all: a person's name
        return False
    return ":" in key or key in names()  # a family's, e.g. negmas:X, or a built-in
