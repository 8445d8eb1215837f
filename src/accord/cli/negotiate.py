"""`accord negotiate SCENARIO`: two strategies negotiate; the transcript and the outcome.

With a database (`--db`, `ACCORD_DB`, `--counterparty`) every event is stored as it
happens, and `--resume ID` continues a stored negotiation where it stopped.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import (
    AsJson,
    Profiles,
    check_output,
    default_strategies,
    friendly_errors,
    literal,
    open_db,
    strategy,
)
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.store.live import Played


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
    profiles: Profiles = None,
    as_json: AsJson = False,
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
        default_a, default_b = default_strategies()
        strategy_a = strategy(a or default_a, "--a")
        strategy_b = strategy(b or default_b, "--b")
        if plot is not None:
            check_output(plot, ".png", "--plot", "plot")
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
    from accord.cli.common import out
    from accord.cli.render_negotiation import render_negotiation

    render_negotiation(result, transcript, outcome, out)
    if plot is not None:
        literal(out, f"Plot written to {plot}", highlight=True, soft_wrap=False)


def wants_store(db: str | None, resume: int | None, counterparty: str | None) -> bool:
    """Whether `accord negotiate` stores: only when asked (--db, ACCORD_DB, --resume,
    --counterparty), never by default."""
    return bool(db or os.environ.get("ACCORD_DB") or resume is not None or counterparty)


def negotiate_stored(
    scenario: Path | None,
    profiles: tuple[Path, Path] | None,
    names: tuple[str | None, str | None],
    seed: int,
    rounds: int | None,
    *,
    plot: Path | None,
    db: str | None,
    resume: int | None,
    counterparty: str | None,
) -> Played:
    """`accord negotiate` with a store (`accord.store.live`): a new negotiation, or
    `resume` a stored one (then `names` must be None or the stored ones, and seed and
    rounds are stored); Ctrl-C leaves it resumable."""
    from accord.cli.common import err
    from accord.store import live

    if resume is None:
        defaults = default_strategies()
        names = (names[0] or defaults[0], names[1] or defaults[1])
    if plot is not None:
        check_output(plot, ".png", "--plot", "plot")
    with open_db(db) as store:
        prepared = live.prepare(
            store,
            scenario,
            profiles,
            names,
            seed=seed,
            rounds=rounds,
            resume=resume,
            counterparty=counterparty,
        )
        if resume is not None:
            literal(err, f"Resuming negotiation {resume} after {prepared.replayed} stored events")
        else:
            literal(err, f"Storing as negotiation {prepared.negotiation_id} in {store.shown}")
        try:
            return live.play(store, prepared)
        except KeyboardInterrupt:
            literal(
                err,
                "interrupted: every move so far is stored; continue with "
                f"`accord negotiate --resume {prepared.negotiation_id}`",
            )
            raise typer.Exit(130) from None
