"""`accord` command-line interface. Each command parses, calls the library and renders."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.strategies.base import Strategy

app = typer.Typer(
    name="accord",
    help="Negotiate well over the long run: analyse, negotiate, relate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(fn: F) -> F:
    """Turn InputError into one paragraph on stderr and exit code 2, never a traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            err.print(f"[bold red]error[/bold red] {e.describe()}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


@app.callback()
def main() -> None:
    """accord: negotiate well over the long run."""


@app.command()
@friendly_errors
def analyze(
    scenario: Annotated[Path, typer.Argument(help="A scenario .yaml file or a GENIUS folder.")],
    profiles: Annotated[
        tuple[Path, Path] | None,
        typer.Option(help="GENIUS profiles for A and B, when the folder has more than two."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    plot: Annotated[Path | None, typer.Option(help="Write a PNG of the outcome space.")] = None,
    seed: Annotated[int, typer.Option(help="Seed for sampling very large spaces.")] = 0,
) -> None:
    """Analyse a scenario: Pareto frontier, Nash and Kalai-Smorodinsky points, ZOPA, trades."""
    from accord.analysis.report import analyse
    from accord.formats import load_scenario

    loaded = load_scenario(scenario, profiles)
    result = analyse(loaded, seed=seed)
    if plot is not None:
        _check_writable(plot)
        from accord.plots import plot_outcome_space

        plot_outcome_space(result, plot, seed=seed)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
        return
    from accord.cli.render import render_analysis

    render_analysis(result, out)
    if plot is not None:
        out.print(f"Plot written to {plot}")


@app.command()
@friendly_errors
def negotiate(
    scenario: Annotated[Path, typer.Argument(help="A scenario .yaml file or a GENIUS folder.")],
    a: Annotated[
        str | None,
        typer.Option(
            "--a",
            help="Strategy of side A by registered name "
            "(default: diplomat if available, else boulware).",
        ),
    ] = None,
    b: Annotated[
        str | None,
        typer.Option(
            "--b",
            help="Strategy of side B by registered name "
            "(default: boulware against diplomat, else conceder).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the negotiation.")] = 0,
    rounds: Annotated[
        int | None, typer.Option(min=1, help="Rounds (default: the scenario's deadline).")
    ] = None,
    profiles: Annotated[
        tuple[Path, Path] | None,
        typer.Option(help="GENIUS profiles for A and B, when the folder has more than two."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of the offers in the outcome space.")
    ] = None,
) -> None:
    """Run a negotiation between two strategies and report the transcript and the outcome."""
    from accord.analysis.outcome import evaluate
    from accord.analysis.report import analyse
    from accord.formats import load_scenario
    from accord.protocol.engine import Negotiation

    default_a, default_b = _default_strategies()
    strategy_a = _strategy(a or default_a, "--a")
    strategy_b = _strategy(b or default_b, "--b")
    if plot is not None:
        _check_writable(plot)
    loaded = load_scenario(scenario, profiles)
    transcript = Negotiation(loaded, strategy_a, strategy_b, seed=seed, rounds=rounds).run()
    result = analyse(loaded, seed=seed)
    outcome = evaluate(result, transcript)
    if plot is not None:
        from accord.plots import plot_negotiation

        plot_negotiation(result, transcript, outcome, plot)
    if as_json:
        data = {
            "scenario": loaded.name,
            "strategies": {"A": strategy_a.name, "B": strategy_b.name},
            "transcript": transcript.to_json(),
            "outcome": outcome.to_json(),
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from accord.cli.render_negotiation import render_negotiation

    render_negotiation(result, transcript, outcome, out)
    if plot is not None:
        out.print(f"Plot written to {plot}")


def _default_strategies() -> tuple[str, str]:
    """diplomat vs boulware when diplomat is registered, else boulware vs conceder."""
    from accord.strategies import registry

    return ("diplomat", "boulware") if "diplomat" in registry() else ("boulware", "conceder")


def _strategy(name: str, option: str) -> Strategy:
    from accord.strategies import make

    try:
        return make(name)
    except InputError as e:
        raise InputError(e.message, field=option, expected=e.expected) from None


def _check_writable(path: Path) -> None:
    if path.suffix.lower() != ".png":
        raise InputError(
            "the plot must be a .png file",
            source=str(path),
            field="--plot",
            expected="a path ending in .png",
        )
    if not path.parent.exists():
        raise InputError(
            "the folder for the plot does not exist",
            source=str(path),
            field="--plot",
            expected="an existing folder",
        )


if __name__ == "__main__":
    app()
