"""`accord ledger`: the relationships in the store.

Commands parse, call `accord.store` and render. The database is `--db`, else
`ACCORD_DB`, else `~/.local/share/accord/accord.db`. The store is imported
only inside the commands, so nothing else pays for loading SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from accord.cli.common import Db, check_output, friendly_errors, literal, open_db
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.plan.core import Plan
    from accord.store.database import Store
    from accord.store.manual import Terms
    from accord.store.negotiations import NegotiationInfo

Side = Literal["us", "them"]

ledger_app = typer.Typer(
    name="ledger",
    help="Your counterparties and the health of each relationship, kept in the store "
    "(--db PATH or URL, else $ACCORD_DB, else ~/.local/share/accord/accord.db).",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)

Name = Annotated[str, typer.Argument(help="The counterparty's name (in any case).")]


@ledger_app.callback()
@friendly_errors
def ledger(
    ctx: typer.Context,
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List counterparties with the health of each relationship: trust, resentment both
    ways, the last negotiation and the long-term value so far (P14, P15)."""
    if ctx.invoked_subcommand is not None:
        return
    from accord.store import quick

    read = quick.health(db)  # SQLite at the head revision, without SQLAlchemy
    if read is None:
        from accord.store import ledger as repo

        with open_db(db) as store:
            read = repo.health(store), store.shown
    rows, shown = read
    if as_json:
        sys.stdout.write(json.dumps([h.to_json() for h in rows], indent=2) + "\n")
        return
    from accord.cli.render_ledger import render_health

    render_health(rows, shown)


@ledger_app.command()
@friendly_errors
def show(
    name: Name,
    db: Db = None,
    plot: Annotated[
        Path | None, typer.Option(help="Write a PNG of trust and both resentments over time.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """One relationship: every negotiation (# is its id, the one `ledger resolve` and
    `accord debrief` take), how trust and resentment moved, the conditions of past deals
    that are due to be checked (P12), and the negotiations still open."""
    from accord.cli.common import out
    from accord.store import ledger as repo
    from accord.store import negotiations
    from accord.store.manual import entered_terms

    if plot is not None:
        check_output(plot, ".png", "--plot", "plot")
    with open_db(db) as store:
        steps = repo.history(store, name)
        conditions = repo.open_conditions(store, name)
        stored = repo.stored_name(store, name)
        health = next(h for h in repo.health(store) if h.name == stored)
        _, params = repo.relationship(store, name)
        running = [n for n in _negotiations_of(store, stored) if n.open]
        ids = [s.negotiation_id for s in steps if s.negotiation_id is not None]
        terms = entered_terms(store, ids)
        agreed = negotiations.agreed_terms(store, ids)
        option = store.option
    if plot is not None:
        from accord.export.ledger import plot_relationship
        from accord.relationship import RelationshipState

        plot_relationship(steps, RelationshipState.start(params), health.name, plot)
    if as_json:
        data = {
            "health": health.to_json(),
            "history": [s.to_json() for s in steps],
            "open_conditions": [c.to_json(dt.date.today()) for c in conditions],
            "open_negotiations": [n.id for n in running],
            "terms": {str(k): t.to_json() for k, t in sorted(terms.items())},
            "agreed_terms": {str(k): v for k, v in sorted(agreed.items())},
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    from accord.cli.render_ledger import render_show

    render_show(health, steps, conditions, running, terms, agreed, option)
    if plot is not None:
        literal(out, f"Plot written to {plot}")


@ledger_app.command()
@friendly_errors
def record(
    name: Name,
    db: Db = None,
    agreement: Annotated[
        bool, typer.Option("--agreement/--no-agreement", help="Whether a deal was signed.")
    ] = True,
    utility_us: Annotated[
        float | None,
        typer.Option(help="What the deal is worth to us, 0 (worst terms) to 1 (best terms)."),
    ] = None,
    utility_them: Annotated[
        float | None, typer.Option(help="What it is worth to them, on their own 0-1 scale.")
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            help="The plan (.yaml) that values --terms: ours by it, theirs by its estimate."
        ),
    ] = None,
    terms: Annotated[
        str | None,
        typer.Option(
            help="The deal's terms, valued with --plan instead of --utility-us/--utility-them, "
            "e.g. 'price_per_seat=$108, seats=1200, term=3, ...'."
        ),
    ] = None,
    else_terms: Annotated[
        str | None,
        typer.Option(
            help="The terms that change if --condition is not met, e.g. 'rebate=1' "
            "(instead of --if-broken-us/--if-broken-them)."
        ),
    ] = None,
    reservation_us: Annotated[
        float | None,
        typer.Option(
            help="Our walk-away: the utility of our best alternative (P2) "
            "[default: the plan's BATNA with --plan, else 0]."
        ),
    ] = None,
    reservation_them: Annotated[
        float | None,
        typer.Option(
            help="Their walk-away, as we judge it [default: the plan's with --plan, else 0]."
        ),
    ] = None,
    fair_us: Annotated[
        float,
        typer.Option(help="Our fair share of the joint surplus (0.5: neither side owed more)."),
    ] = 0.5,
    conceded_us: Annotated[
        float, typer.Option(help="Utility we gave up from our opening offer.")
    ] = 0.0,
    conceded_them: Annotated[float, typer.Option(help="Utility they gave up from theirs.")] = 0.0,
    triumph: Annotated[
        Side | None, typer.Option(help="Who displayed triumph at the close (P13): us or them.")
    ] = None,
    ultimatum_by: Annotated[
        Side | None, typer.Option(help="Who issued an ultimatum (P7): us or them.")
    ] = None,
    condition: Annotated[
        str | None,
        typer.Option(help="A condition attached to the deal (P12), e.g. '2% if stock >= 1.5x'."),
    ] = None,
    obligor: Annotated[Side, typer.Option(help="Who must meet the condition.")] = "them",
    belief: Annotated[float, typer.Option(help="Probability the condition will be met.")] = 0.9,
    if_broken_us: Annotated[
        float | None, typer.Option(help="Our utility if it is not met (default: unchanged).")
    ] = None,
    if_broken_them: Annotated[
        float | None, typer.Option(help="Their utility if it is not met (default: unchanged).")
    ] = None,
    check_by: Annotated[
        str | None, typer.Option(help="Day to check the condition, YYYY-MM-DD.")
    ] = None,
    scenario: Annotated[str, typer.Option(help="What was negotiated, e.g. '2025 rebate'.")] = "",
    date: Annotated[
        str | None, typer.Option(help="Day it was held, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Record a real negotiation with NAME, entered by hand; the relationship model
    updates trust, resentment both ways and dependence from it.

    Utilities are on a 0-1 scale per side: 1 is the best terms that side could hope
    for, its reservation is what walking away was worth. Resentment grows on the side
    whose share of the surplus fell below its fair share (--fair-us), split by who
    made the concessions (P14); a triumphant display over a loser adds to it (P13);
    an easy condition the other side must meet (P12) softens it. We are side A.

    With a plan, enter the deal by its terms instead: --plan P --terms "rebate=1.5,
    stock=2, ..." values them, ours by the plan, theirs by its estimate of them (or
    --utility-them, when the plan has none), and --else-terms gives the terms a
    condition's breach would change.

    Example: accord ledger record "Dealer Co" --utility-us 0.62 --utility-them 0.71
    --reservation-us 0.4 --reservation-them 0.5 --conceded-us 0.2 --conceded-them 0.1
    --condition "2% rebate if stock >= 1.5x monthly shipments, else 1%" --check-by 2026-03-31

    Example: accord ledger record "Dealer Co" --plan dealer_rebate.plan.yaml --terms
    "rebate=2%, stock=1.5x, payment_days=45, co_marketing=yes, term_years=3" --condition
    "stock >= 1.5x monthly shipments" --else-terms "rebate=1%"
    """
    from accord.cli.common import out
    from accord.plan import load_plan
    from accord.store import ledger as repo
    from accord.store.manual import Entered
    from accord.store.manual import record as record_of_entered

    the_plan = None if plan is None else load_plan(plan)
    valued = _valued(
        the_plan, terms, else_terms, agreement, condition, utility_them, if_broken_them
    )
    if valued is not None:  # theirs: by the plan's estimate of them, else as given
        _only_one(utility_us, "--utility-us", "--terms")
        _only_one(if_broken_us, "--if-broken-us", "--else-terms")
        utility_us, utility_them = valued.ours, valued.theirs
        if valued.else_values is not None:
            if_broken_us, if_broken_them = valued.else_ours, valued.else_theirs
    if the_plan is not None:
        if reservation_us is None:
            reservation_us = the_plan.batna
        if reservation_them is None:
            reservation_them = the_plan.their_batna
    entered = Entered(
        agreement=agreement,
        utility_us=utility_us,
        utility_them=utility_them,
        reservation_us=0.0 if reservation_us is None else reservation_us,
        reservation_them=0.0 if reservation_them is None else reservation_them,
        fair_us=fair_us,
        conceded_us=conceded_us,
        conceded_them=conceded_them,
        triumph=triumph,
        ultimatum_by=ultimatum_by,
        condition=condition,
        obligor=obligor,
        belief=belief,
        if_broken_us=if_broken_us,
        if_broken_them=if_broken_them,
        scenario=scenario or "entered by hand",
    )
    rec = record_of_entered(entered)
    held = _day(date, "--date")
    with open_db(db) as store:
        neg_id = repo.record_entered(
            store,
            name,
            rec,
            held_on=held,
            check_by=_day(check_by, "--check-by"),
            metrics=None if valued is None else valued.to_json(),
        )
        state, _ = repo.relationship(store, name)
        stored = repo.stored_name(store, name)
    literal(
        out,
        f"Recorded negotiation {neg_id} with {stored}: trust {state.trust:.2f}, "
        f"resentment us {state.resentment[0]:.2f}, them {state.resentment[1]:.2f}",
    )
    if valued is not None:
        from accord.cli.render_ledger import terms_lines

        for line in terms_lines(valued):
            literal(out, line)


def _valued(
    plan: Plan | None,
    terms: str | None,
    else_terms: str | None,
    agreement: bool,
    condition: str | None,
    theirs: float | None = None,
    else_theirs: float | None = None,
) -> Terms | None:
    """The deal's terms valued with the plan (theirs as given when it has no estimate of
    them), or None when the deal is given by utilities."""
    if terms is None:
        if else_terms is not None:
            raise InputError("--else-terms without --terms", field="--else-terms")
        return None
    if plan is None:
        raise InputError(
            "--terms needs the plan that values them",
            field="--plan",
            expected="--plan PLAN.yaml, or --utility-us and --utility-them",
        )
    if not agreement:
        raise InputError("terms, but no agreement", field="--terms", expected="--agreement")
    if else_terms is not None and condition is None:
        raise InputError(
            "--else-terms without a condition",
            field="--condition",
            expected="the condition whose breach the --else-terms are",
        )
    from accord.store.manual import valued

    return valued(plan, terms, else_terms, theirs, else_theirs)


def _only_one(given: float | None, option: str, instead: str) -> None:
    if given is not None:
        raise InputError(
            f"both {option} and {instead}", field=option, expected=f"one of {option} or {instead}"
        )


@ledger_app.command()
@friendly_errors
def resolve(
    name: Name,
    negotiation_id: Annotated[
        int,
        typer.Argument(
            help="The negotiation's id: what `ledger record` printed, # in `ledger show`.",
            metavar="ID",
            show_default=False,
        ),
    ],
    honoured: Annotated[
        bool, typer.Option("--honoured/--broken", help="Whether the condition was met.")
    ],
    db: Db = None,
) -> None:
    """Check an open condition of a past deal (P12): honoured raises trust, broken lowers it."""
    from accord.cli.common import out
    from accord.store import ledger as repo

    with open_db(db) as store:
        state = repo.resolve(store, name, negotiation_id, honoured)
        stored = repo.stored_name(store, name)
    verdict = "honoured" if honoured else "broken"
    literal(
        out,
        f"Condition of negotiation {negotiation_id} with {stored} {verdict}: "
        f"trust now {state.trust:.2f}",
    )


@ledger_app.command()
@friendly_errors
def add(
    name: Name,
    db: Db = None,
    notes: Annotated[str, typer.Option(help="Free notes on the counterparty.")] = "",
) -> None:
    """Add a counterparty before any negotiation with it (e.g. to attach a plan)."""
    from accord.cli.common import out
    from accord.store import ledger as repo

    with open_db(db) as store:
        repo.add_counterparty(store, name, notes)
    literal(out, f"Added {' '.join(name.split())}")


@ledger_app.command("export")
@friendly_errors
def export_(
    target: Annotated[
        str | None,
        typer.Argument(
            help="Without --csv/--html: the JSON file to write (the whole store). With them: "
            "the counterparty to report on (default: every one).",
            metavar="PATH|NAME",
            show_default=False,
        ),
    ] = None,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Write each counterparty's health, negotiations and open conditions as CSV "
            "rows (columns in docs/debrief.md).",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Write a standalone, printable HTML page with the same, and a chart of trust "
            "and resentment per counterparty.",
            show_default=False,
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Write the whole store (relationships, negotiations with every event, plans,
    tournaments) to one JSON file: a backup, or a ledger to move to another machine.
    With --csv or --html, a report on the relationships for a person instead (one
    counterparty with NAME): `accord ledger export "Dealer Co" --html dealer.html`."""
    from accord.cli.common import out

    if csv is not None or html is not None:
        _report(target, csv, html, db)
        return
    from accord.store.backup import export_text

    if target is None:
        raise InputError(
            "no file to export to",
            field="PATH",
            expected="a .json path (the whole store), or --csv FILE / --html FILE",
        )
    path = Path(target)
    check_output(path, ".json", "PATH", "export")
    with open_db(db) as store:
        text = export_text(store)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # a crash never leaves half a backup under the real name
    literal(out, f"Exported to {path}")


def _report(name: str | None, csv: Path | None, html: Path | None, db: str | None) -> None:
    """`ledger export [NAME] --csv FILE --html FILE`: the relationships, for a person."""
    from accord.cli.common import out
    from accord.export import ledger as export
    from accord.relationship import RelationshipState
    from accord.store import ledger as repo

    for path, option, suffix in ((csv, "--csv", ".csv"), (html, "--html", ".html")):
        if path is not None:
            check_output(path, suffix, option, "report")
    from accord.store.manual import entered_terms

    with open_db(db) as store:
        every = {h.name: h for h in repo.health(store)}
        names = list(every) if name is None else [repo.stored_name(store, name)]
        parties = []
        for n in names:
            steps = repo.history(store, n)
            ids = [s.negotiation_id for s in steps if s.negotiation_id is not None]
            parties.append(
                export.Counterparty(
                    every[n],
                    steps,
                    repo.open_conditions(store, n),
                    RelationshipState.start(repo.relationship(store, n)[1]),
                    entered_terms(store, ids),
                )
            )
        shown = store.shown
    if not parties:
        raise InputError(
            f"no counterparties in {shown} yet",
            field="NAME",
            expected="a ledger with a counterparty: `accord ledger record NAME ...` adds one",
        )
    if csv is not None:
        export.write_csv_file(parties, csv)
    if html is not None:
        from accord.export.ledger import plot_relationship

        def chart(p: export.Counterparty, path: Path) -> None:
            plot_relationship(p.steps, p.start, p.health.name, path)

        export.write_html_file(parties, html, chart, shown)
    for path in (csv, html):
        if path is not None:
            literal(out, f"Written to {path}")


@ledger_app.command("import")
@friendly_errors
def import_(
    path: Annotated[Path, typer.Argument(help="A JSON file written by `accord ledger export`.")],
    db: Db = None,
) -> None:
    """Read a file written by `accord ledger export` into the store, all or nothing.
    What the store already holds identically is skipped; anything that differs stops
    the import before a single row is written."""
    from accord.cli.common import out
    from accord.store.backup import import_store, read_export

    data = read_export(path)
    with open_db(db) as store:
        added = import_store(store, data, str(path))
    counts = ", ".join(f"{n} {what}" for what, n in added.items())
    literal(out, f"Imported from {path}: {counts}")


@ledger_app.command()
@friendly_errors
def negotiations(
    db: Db = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only interrupted ones, to resume.")
    ] = False,
) -> None:
    """Stored negotiations (engine, coached, practice, entered by hand), with the ids
    `accord debrief`, `ledger resolve` and `negotiate --resume` / `coach --resume` take."""
    from rich.markup import escape
    from rich.table import Table

    from accord.cli.common import out
    from accord.cli.formatting import print_wide
    from accord.store import negotiations as repo
    from accord.store.coached import kind_of

    with open_db(db) as store:
        found = repo.listing(store, open_only=open_only)
    t = Table(title="Negotiations", title_justify="left")
    for column in ("id", "started", "kind", "scenario", "A", "B", "seed", "events", "ended"):
        t.add_column(column)
    for n in found:
        t.add_row(
            str(n.id),
            f"{n.started_at:%Y-%m-%d %H:%M}",
            kind_of(n.strategies, n.kind),
            escape(n.scenario),
            escape(n.strategies[0] or ""),
            escape(n.counterparty or n.strategies[1] or ""),
            "" if n.seed is None else str(n.seed),
            str(n.events),
            n.reason or "[yellow]open[/yellow]",
        )
    print_wide(t, out)


def _negotiations_of(store: Store, name: str) -> list[NegotiationInfo]:
    """The stored negotiations with counterparty `name` (its stored name), oldest first."""
    from accord.store import negotiations as repo

    return [n for n in repo.listing(store) if n.counterparty == name]


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"'{text}' is not a date", field=option, expected="YYYY-MM-DD") from None
