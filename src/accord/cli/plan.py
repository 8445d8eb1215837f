"""`accord plan new` and `accord plan check`: write a plan template, derive a plan's numbers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import AsJson, friendly_errors, literal
from accord.errors import InputError

plan_app = typer.Typer(
    name="plan",
    help="Prepare a negotiation (P1): write a plan template, check a plan and derive its numbers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@plan_app.command("new")
@friendly_errors
def new(
    scenario: Annotated[
        Path | None, typer.Option(help="The scenario the plan is for (.yaml or GENIUS folder).")
    ] = None,
    side: Annotated[str, typer.Option(help="Which party we are: A or B.")] = "A",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the plan here (default: print it).")
    ] = None,
    ask: Annotated[
        bool, typer.Option("--ask", help="Build the plan by answering questions in the terminal.")
    ] = False,
    force: Annotated[bool, typer.Option(help="Overwrite --out if it exists.")] = False,
) -> None:
    """Write a commented plan template (or build one by asking questions)."""
    from accord.model.issues import ROLES
    from accord.plan.template import template

    role = side.strip().upper()
    if role not in ROLES:
        raise InputError(f"side '{side}'", field="--side", expected="A or B")
    if out_file is not None:
        _check_out(out_file, force)
    loaded, ref = None, None
    if scenario is not None:
        from accord.formats import load_scenario

        loaded = load_scenario(scenario)
        ref = _relative(scenario, out_file)
    answers = None
    if ask:
        from accord.plan.questions import ask_answers

        answers = ask_answers(loaded, role, _prompt, lambda m: typer.echo(m, err=True))
    text = template(loaded, ref, role, answers)
    if out_file is None:
        sys.stdout.write(text)
        return
    out_file.write_text(text, encoding="utf-8")
    from accord.cli.common import out

    literal(
        out,
        f"Plan written to {out_file}; check it with: accord plan check {out_file}",
        highlight=True,
        soft_wrap=False,
    )


@plan_app.command("check")
@friendly_errors
def check(
    plan: Annotated[Path, typer.Argument(help="The plan file (.yaml).")],
    as_json: AsJson = False,
) -> None:
    """Validate a plan and derive its numbers: BATNA, target, opening, concessions, ZOPA, trades."""
    from accord.plan import load_plan
    from accord.plan.derive import check_plan

    report = check_plan(load_plan(plan))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
        return
    from accord.cli.common import out
    from accord.cli.render_plan import render_report

    render_report(report, out)


def _prompt(question: str, default: str) -> str:
    """One question, its default shown; the text as typed (the questions parse it, so
    `30%` reaches them instead of being refused as not a number)."""
    return str(typer.prompt(question, default=default, type=str))


def _check_out(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise InputError(
            "the file exists",
            source=str(path),
            field="--out",
            expected="a new file, or --force to overwrite it",
        )
    if not path.parent.exists():
        raise InputError(
            "the folder does not exist",
            source=str(path),
            field="--out",
            expected="an existing folder",
        )


def _relative(scenario: Path, out_file: Path | None) -> str:
    """The scenario's path as the plan will read it: relative to the plan's folder."""
    if out_file is None:
        return str(scenario)
    return os.path.relpath(scenario.resolve(), out_file.resolve().parent)
