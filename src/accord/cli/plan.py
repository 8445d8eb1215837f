"""`accord plan new` and `accord plan check`: write a plan template, derive a plan's numbers."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from accord.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from accord.plan.derive import PlanReport

F = TypeVar("F", bound=Callable[..., Any])

plan_app = typer.Typer(
    name="plan",
    help="Prepare a negotiation (P1): write a plan template, check a plan and derive its numbers.",
    no_args_is_help=True,
)


def friendly(fn: F) -> F:
    """`accord.cli.main.friendly_errors`, looked up when called (main imports this module)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from accord.cli.main import friendly_errors

        return friendly_errors(fn)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@plan_app.command("new")
@friendly
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
    from accord.plan.template import ask_answers, template

    role = side.strip().upper()
    if role not in ("A", "B"):
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
        answers = ask_answers(loaded, role, lambda q, d: typer.prompt(q, default=d))  # type: ignore[arg-type]
    text = template(loaded, ref, role, answers)  # type: ignore[arg-type]
    if out_file is None:
        sys.stdout.write(text)
        return
    out_file.write_text(text, encoding="utf-8")
    from accord.cli.main import out

    out.print(f"Plan written to {out_file}; check it with: accord plan check {out_file}")


@plan_app.command("check")
@friendly
def check(
    plan: Annotated[Path, typer.Argument(help="The plan file (.yaml).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Validate a plan and derive its numbers: BATNA, target, opening, concessions, ZOPA, trades."""
    from accord.plan import load_plan
    from accord.plan.derive import check_plan

    report = check_plan(load_plan(plan))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
        return
    from accord.cli.main import out

    render_report(report, out)


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


# rendering ---------------------------------------------------------------------------


def render_report(report: PlanReport, console: Console) -> None:
    from rich.panel import Panel
    from rich.table import Table

    p = report.plan
    head = Table.grid(padding=(0, 2))
    head.add_row("We are", f"{p.side}" + (f" ({_party(p)})" if _party(p) else ""))
    head.add_row("Counterpart", p.counterpart or "-")
    head.add_row(
        "Scenario",
        f"{p.scenario.name if p.scenario else 'embedded issues'}, "
        f"{p.space.n_outcomes:,} outcomes, {p.rounds} rounds",
    )
    console.print(Panel(head, title=f"Plan: {p.name}", expand=False))
    console.print(_numbers(report))
    console.print(_schedule(report))
    console.print(_zopa_line(report))
    _trades(report, console)
    for w in report.warnings:
        console.print(warning_line(w.severity, w.principles, w.message), soft_wrap=True)


def _numbers(report: PlanReport) -> Any:
    from rich.table import Table

    p = report.plan
    numbers = Table(title="The numbers (P2, P3)", title_justify="left")
    numbers.add_column("")
    numbers.add_column("utility", justify="right")
    numbers.add_column("how")
    described = " ".join(p.batna_description.split())
    numbers.add_row("BATNA", f"{report.batna:.3f}", _short(described) or "-")
    numbers.add_row("walk-away", f"{report.walk_away:.3f}", "never agree below (P2)")
    numbers.add_row(
        "opening",
        f"{report.opening:.3f}",
        "given" if p.opening is not None else "our aspiration (P3)",
    )
    how = "derived: estimated fair deal + edge" if report.target_derived else "given"
    numbers.add_row("target", f"{report.target:.3f}", how)
    numbers.add_row("concession budget", f"{report.budget:.3f}", "opening - walk-away")
    if report.nash is not None:
        numbers.add_row(
            "est. fair deal",
            f"{report.nash[0]:.3f}",
            f"Nash point; about {report.nash[1]:.3f} to them",
        )
    return numbers


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _party(p: Any) -> str:
    if p.scenario is None:
        return ""
    return (p.scenario.a if p.side == "A" else p.scenario.b).name


def _schedule(report: PlanReport) -> Any:
    from rich.table import Table

    t = Table(
        title="Concession schedule: the least to ask for by each round (P3, P11)",
        title_justify="left",
    )
    for col in ("round", "time", "ask at least", "conceded so far"):
        t.add_column(col, justify="right")
    for s in report.schedule:
        t.add_row(str(s.round), f"{s.time:.0%}", f"{s.floor:.3f}", f"{s.conceded:.3f}")
    t.caption = "Before the late phase we concede only as far as they do (reciprocity)."
    return t


def _zopa_line(report: PlanReport) -> str:
    z = report.zopa
    if z is None:
        return "[bold]ZOPA[/bold]: unknown until we estimate their preferences."
    if not z.exists:
        return "[bold red]No ZOPA[/bold red] by our estimate: no outcome beats both BATNAs."
    a, b = z.bounds_a, z.bounds_b
    ours, theirs = (a, b) if report.plan.side == "A" else (b, a)
    return (
        f"[bold]Estimated ZOPA[/bold]: {z.n_outcomes:,} outcomes ({z.fraction:.1%}); "
        f"we get {ours[0]:.3f}-{ours[1]:.3f}, they about {theirs[0]:.3f}-{theirs[1]:.3f}."  # type: ignore[index]
    )


def _trades(report: PlanReport, console: Console) -> None:
    from rich.table import Table

    from accord.cli.render import fmt_outcome, fmt_value

    if report.give or report.ask:
        t = Table(title="Value-adding moves, by our estimate (P8)", title_justify="left")
        for col in ("who gives", "issue", "move", "cost", "value", "net"):
            t.add_column(col, justify="right" if col in ("cost", "value", "net") else "left")
        for who, adds in (("we", report.give), ("they", report.ask)):
            for v in adds:
                move = f"{fmt_value(v.from_value)} -> {fmt_value(v.to_value)}"
                t.add_row(who, v.issue, move, f"{v.cost:.3f}", f"{v.value:.3f}", f"{v.net:+.3f}")
        console.print(t)
    if report.logrolls:
        t = Table(title="Logrolling trades, by our estimate (P8)", title_justify="left")
        for col in ("A gets its way on", "B gets its way on", "terms"):
            t.add_column(col)
        for r in report.logrolls:
            t.add_row(r.a_gets, r.b_gets, fmt_outcome(r.terms))
        console.print(t)
    if report.close:
        shown = ", ".join(
            f"{c.issue} (costs us {c.cost:.3f}"
            + ("" if c.value is None else f", worth about {c.value:.3f} to them")
            + ")"
            for c in report.close
        )
        console.print(f"[bold]Kept for the close[/bold] (P11): {shown}", soft_wrap=True)


def warning_line(severity: str, principles: tuple[str, ...], message: str) -> str:
    from rich.markup import escape

    colour = {"error": "bold red", "warning": "yellow", "note": "cyan"}.get(severity, "white")
    return f"[{colour}]{severity}[/{colour}] {escape(cite(principles))} {escape(message)}"


def cite(principles: tuple[str, ...]) -> str:
    return "[" + ", ".join(principles) + "]"
