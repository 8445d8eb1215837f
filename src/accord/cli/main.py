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
    from collections.abc import Sequence

    from accord.strategies import Strategy
    from accord.tournament import Executed, Task
    from accord.tournament.backends import Backend

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
        _check_output(plot, ".png", "--plot", "plot")
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
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="A scenario .yaml file or a GENIUS folder (with --resume: the stored one).",
            show_default=False,
        ),
    ] = None,
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
    db: Annotated[
        str | None,
        typer.Option(
            help="Store every event as it happens in this database (a file or "
            "postgresql+psycopg://...; default: $ACCORD_DB if set, else nothing is stored).",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Continue stored negotiation ID where it stopped (same scenario, "
            "strategies, seed and rounds; see `accord ledger negotiations --open`).",
            show_default=False,
        ),
    ] = None,
    counterparty: Annotated[
        str | None,
        typer.Option(
            help="Store it (default database unless --db) as a negotiation with this "
            "counterparty, side B; the ledger's relationship is updated at the end.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run a negotiation between two strategies and report the transcript and the outcome."""
    from accord.analysis.outcome import evaluate
    from accord.analysis.report import analyse
    from accord.cli.ledger import negotiate_stored, wants_store
    from accord.formats import load_scenario
    from accord.protocol.engine import Negotiation

    if wants_store(db, resume, counterparty):  # every event written as it happens
        stored = negotiate_stored(
            scenario,
            profiles,
            (a, b),
            seed,
            rounds,
            plot=plot,
            db=db,
            resume=resume,
            counterparty=counterparty,
        )
        loaded, transcript, result = stored.scenario, stored.transcript, stored.analysis
        strategy_a, strategy_b = stored.strategies
    else:
        default_a, default_b = _default_strategies()
        strategy_a = _strategy(a or default_a, "--a")
        strategy_b = _strategy(b or default_b, "--b")
        if plot is not None:
            _check_output(plot, ".png", "--plot", "plot")
        if scenario is None:
            raise InputError("no scenario given", field="SCENARIO", expected="a file or folder")
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


@app.command()
@friendly_errors
def tournament(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="More scenarios or folders, as for --domains.", show_default=False),
    ] = None,
    domains: Annotated[
        list[Path] | None,
        typer.Option(
            "--domains",
            help="A scenario .yaml, a GENIUS folder, or a folder of them (searched recursively). "
            "Repeat the option or list more paths after it.",
            show_default=False,
        ),
    ] = None,
    strategies: Annotated[
        str, typer.Option(help="Comma-separated strategies to rank, e.g. diplomat,boulware.")
    ] = "diplomat,boulware,conceder",
    opponents: Annotated[
        str,
        typer.Option(
            help="Comma-separated field the strategies also meet (not each other), "
            "e.g. negmas:BoulwareTBNegotiator.",
        ),
    ] = "",
    rounds: Annotated[
        int | None, typer.Option(min=1, help="Rounds (default: each scenario's deadline).")
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Negotiations per pairing and domain.")] = 1,
    seed: Annotated[
        int, typer.Option(min=0, help="Tournament seed; each task derives its own.")
    ] = 0,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Local processes, or a local Ray's CPUs (default: all cores)."),
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="Where negotiations run: serial, processes (local, --workers) or ray "
            "(a cluster at --address, else a local Ray on loopback; pip install 'accord[ray]')."
        ),
    ] = "processes",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster address for --backend ray, e.g. 127.0.0.1:6379."),
    ] = None,
    results_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Stream every result to this JSON-lines file as it finishes. Rerun with "
            "the same file and settings to resume: results already there are not run again.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print one JSON object: standings and every result "
            "(all held in memory; for huge runs use --out alone).",
        ),
    ] = False,
    series: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Play each pairing as a series of N negotiations (yearly renewals) with "
            "seeded changes of circumstance, and rank by long-term value.",
            show_default=False,
        ),
    ] = None,
    sweep: Annotated[
        list[str] | None,
        typer.Option(
            help="With --series: vary a model parameter, e.g. alpha=0.5:2:5 (5 values), "
            "kappa=0.5,1,2, or a sweep .yaml file; repeat for a grid. Shows how the "
            "ranking depends on it.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            help="Also store the run and its standings in this database (a file or "
            "postgresql+psycopg://...; default: $ACCORD_DB if set, else nothing is stored).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """All pairs in both orders on every domain; standings by own utility, or by
    long-term value over a series (--series)."""
    from accord.tournament import Plan, find_domains
    from accord.tournament.backends import make_backend
    from accord.tournament.sweep import points

    runner_backend = make_backend(backend, workers, address)
    if results_file is not None:
        _check_output(results_file, ".jsonl", "--out", "results file")
    names = _names(strategies, "--strategies")
    field = _names(opponents, "--opponents") if opponents.strip() else []
    for name in [*names, *field]:
        _strategy(name, "--opponents" if name in field else "--strategies")
    found = find_domains([*(domains or []), *(paths or [])])
    if not found:
        raise InputError("no domains given", field="--domains", expected="at least one path")
    grid = points(sweep or [])
    tasks = Plan(
        found,
        names,
        field,
        repeat=repeat,
        seed=seed,
        rounds=rounds,
        series=series,
        points=grid,
    )
    for domain in found:
        load_scenario_checked(domain)
    config: dict[str, Any] = {
        "domains": [str(d) for d in found],
        "strategies": names,
        "opponents": field,
        "rounds": rounds,
        "repeat": repeat,
        "seed": seed,
    }
    if series is not None:
        config["series"] = series
    if sweep:
        config["sweep"] = [dict(p) for p in grid]
    try:
        done = _run_tournament(tasks, runner_backend, results_file, as_json, config)
    except KeyboardInterrupt:
        if results_file is None:
            raise
        err.print(
            f"interrupted: finished results are in {results_file}; "
            "run the same command again to resume",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
    from accord.cli.ledger import store_tournament

    store_tournament(db, done, config)
    if as_json:
        data: dict[str, Any] = {
            "config": config,
            "standings": [r.to_json() for r in done.standings],
            "negotiations": [r.to_json() for r in done.results or []],
        }
        if len(done.by_point) > 1:
            data["sweep"] = [
                {"params": dict(p), "standings": [r.to_json() for r in records]}
                for p, records in done.by_point.items()
            ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from accord.cli.render_tournament import render_standings_of

    render_standings_of(
        done.by_point,
        series=series,
        per_point=len(tasks) // len(grid),
        domains=len(found),
        repeat=repeat,
        seed=seed,
        field=set(field) - set(names),
        console=out,
    )
    if results_file is not None:
        reused = f" ({done.reused} from an earlier run)" if done.reused else ""
        out.print(f"Results written to {results_file}{reused}", highlight=False, soft_wrap=True)


@app.command()
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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Standings, sensitivity and figures of a tournament's results (streamed; a run
    still in progress or cut short is reported as far as it got)."""
    from accord.tournament.report import build

    def warn(message: str) -> None:
        err.print(f"[yellow]warning[/yellow] {message}", highlight=False, soft_wrap=True)

    made = build(results, warn)
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
    from accord.cli.render_tournament import render_standings_of

    c = made.config
    if made.count < made.expected:
        err.print(
            f"[yellow]note[/yellow] {made.count} of {made.expected} results: the run is "
            "incomplete (rerun the tournament with the same --out to finish it)",
            highlight=False,
            soft_wrap=True,
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
        out.print(f"Figure written to {p}", highlight=False, soft_wrap=True)


def _run_tournament(
    tasks: Sequence[Task],
    backend: Backend,
    results_file: Path | None,
    keep: bool,
    config: dict[str, Any],
) -> Executed:
    """Run with a progress bar on stderr (when it is a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from accord.tournament import execute

    def warn(message: str) -> None:
        err.print(f"[yellow]warning[/yellow] {message}", highlight=False, soft_wrap=True)

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        bar = progress.add_task("negotiating", total=len(tasks))
        started = False

        def show(done: int) -> None:
            nonlocal started
            if not started:  # results read back from --out: no part of the speed estimate
                progress.reset(bar, total=len(tasks), completed=done)
                started = True
            else:
                progress.update(bar, completed=done)

        return execute(
            tasks, backend, out=results_file, keep=keep, meta=config, progress=show, warn=warn
        )


def _names(text: str, option: str) -> list[str]:
    from accord.strategies import split_specs

    names = split_specs(text)
    if not names:
        raise InputError("no strategy names", field=option, expected="comma-separated names")
    if len(set(names)) != len(names):
        raise InputError(
            f"a name appears twice in '{text}'", field=option, expected="distinct names"
        )
    return names


def load_scenario_checked(path: Path) -> None:
    """Load once up front, so a bad file fails before any negotiation runs."""
    from accord.formats import load_scenario

    load_scenario(path)


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


def _check_output(path: Path, suffix: str, option: str, what: str) -> None:
    """An output path must have the right suffix and an existing folder, before any work."""
    if path.suffix.lower() != suffix:
        raise InputError(
            f"the {what} must be a {suffix} file",
            source=str(path),
            field=option,
            expected=f"a path ending in {suffix}",
        )
    if not path.parent.exists():
        raise InputError(
            f"the folder for the {what} does not exist",
            source=str(path),
            field=option,
            expected="an existing folder",
        )


from accord.cli.ledger import ledger_app  # noqa: E402 - needs the helpers above

app.add_typer(ledger_app, name="ledger")

from accord.cli.advise import advise as advise_command  # noqa: E402 - needs the helpers above
from accord.cli.plan import plan_app  # noqa: E402

app.add_typer(plan_app, name="plan")
app.command(name="advise")(advise_command)

from accord.cli.debrief import debrief as debrief_command  # noqa: E402 - needs the helpers above

app.command(name="debrief")(debrief_command)

from accord.cli.coach import coach as coach_command  # noqa: E402 - needs the helpers above

app.command(name="coach")(coach_command)

if __name__ == "__main__":
    app()
