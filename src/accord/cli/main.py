"""`accord` command-line interface. Each command parses, calls the library and renders."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from accord.errors import InputError

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
