"""`accord tournament`: all pairs on every domain, standings by own utility or by
long-term value over a series; results streamed to a file and resumed from it."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli.common import (
    check_output,
    friendly_errors,
    literal,
    open_db,
    print_warning,
    strategy,
    strategy_names,
)
from accord.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accord.tournament import Executed, Task
    from accord.tournament.backends import Backend


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
    from accord.tournament import TournamentPlan, find_domains, settings
    from accord.tournament.backends import make_backend
    from accord.tournament.sweep import points

    runner_backend = make_backend(backend, workers, address)
    if results_file is not None:
        check_output(results_file, ".jsonl", "--out", "results file")
    names = strategy_names(strategies, "--strategies")
    field = strategy_names(opponents, "--opponents") if opponents.strip() else []
    for name in [*names, *field]:
        strategy(name, "--opponents" if name in field else "--strategies")
    found = find_domains([*(domains or []), *(paths or [])])
    if not found:
        raise InputError("no domains given", field="--domains", expected="at least one path")
    grid = points(sweep or [])
    tasks = TournamentPlan(
        found,
        names,
        field,
        repeat=repeat,
        seed=seed,
        rounds=rounds,
        series=series,
        points=grid,
    )
    from accord.formats import load_scenario

    for domain in found:
        load_scenario(domain)  # once up front, so a bad file fails before any negotiation runs
    config = settings.config(
        found,
        names,
        field,
        rounds=rounds,
        repeat=repeat,
        seed=seed,
        series=series,
        sweep=grid if sweep else None,
    )
    try:
        done = _run(tasks, runner_backend, results_file, as_json, config)
    except KeyboardInterrupt:
        if results_file is None:
            raise
        from accord.cli.common import err

        literal(
            err,
            f"interrupted: finished results are in {results_file}; "
            "run the same command again to resume",
        )
        raise typer.Exit(130) from None
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
    from accord.cli.common import out
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
        literal(out, f"Results written to {results_file}{reused}")


def _run(
    tasks: Sequence[Task],
    backend: Backend,
    results_file: Path | None,
    keep: bool,
    config: dict[str, Any],
) -> Executed:
    """Run with a progress bar on stderr (when it is a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from accord.cli.common import err
    from accord.tournament import execute

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
            tasks,
            backend,
            out=results_file,
            keep=keep,
            meta=config,
            progress=show,
            warn=print_warning,
        )


def store_tournament(db: str | None, executed: Executed, config: dict[str, Any]) -> int | None:
    """For `accord tournament --db`: store the standings when a database is named
    (`--db` or ACCORD_DB); the run's id, or None when none is."""
    if not (db or os.environ.get("ACCORD_DB")):
        return None
    from accord.cli.common import err
    from accord.store.tournaments import save_tournament

    with open_db(db) as store:
        run_id = save_tournament(store, executed, config)
        where = store.shown
    literal(err, f"Standings stored as tournament {run_id} in {where}")
    return run_id
