"""`accord case list` and `accord case show NAME`: the teaching cases shipped with accord.

A case is a scenario, a confidential brief per side, teaching notes and the
settings of a classroom exercise (`accord.classroom.cases`). `show` prints the
situation both sides read and only the brief of the side asked for, so a
student can be handed its own; `--notes` is the instructor's view (both briefs,
unless `--side` names one, and the teaching notes).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import AsJson, friendly_errors
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.classroom.cases import Case
    from accord.model.issues import Role

case_app = typer.Typer(
    name="case",
    help="Teaching cases: a scenario, a confidential brief per side, teaching notes.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@case_app.command("list")
@friendly_errors
def list_cases(as_json: AsJson = False) -> None:
    """List the shipped teaching cases."""
    from accord.classroom.cases import listing, shipped_cases

    rows = [listing(c) for c in shipped_cases()]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_case import render_list

    render_list(rows, out)


@case_app.command("show")
@friendly_errors
def show(
    name: Annotated[str, typer.Argument(help="A case's name (see `accord case list`) or folder.")],
    side: Annotated[
        str | None,
        typer.Option("--side", help="Show this side's confidential brief: A or B."),
    ] = None,
    notes: Annotated[
        bool, typer.Option("--notes", help="Show the instructor's teaching notes.")
    ] = False,
    as_json: AsJson = False,
) -> None:
    """Show a case: the situation, one side's brief (--side), or the instructor's view
    (--notes: both briefs and the teaching notes)."""
    from accord.classroom.cases import view

    sides: tuple[Role, ...] = ("A", "B") if notes else ()  # the instructor reads both
    if side is not None:
        role = side.strip().upper()
        if role not in ("A", "B"):
            raise InputError(f"no side '{side}'", field="--side", expected="A or B")
        sides = ("A",) if role == "A" else ("B",)
    found = _find(name)
    shown = view(found, sides, notes)
    if as_json:
        sys.stdout.write(json.dumps(shown, indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_case import render_case

    render_case(shown, found.scenario.space.issues, out)


def _find(name: str) -> Case:
    """The shipped case `name`, or the case in the folder `name`."""
    from pathlib import Path

    from accord.classroom.cases import case, load_case
    from accord.formats.paths import exists

    if ("/" in name or name.endswith(".yaml")) and exists(Path(name)):
        return load_case(name)
    return case(name)
