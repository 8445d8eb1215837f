"""`accord coach PLAN`: a live negotiation typed in as it happens, with the advice after
every move; `--against STRATEGY` to practise; `--resume [ID]` to continue.

The terminal only reads lines (Python's `readline`: arrow keys and history) and
renders `Reply`s with rich; everything else is `accord.coach.CoachSession`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import friendly_errors
from accord.cli.formatting import warning_line
from accord.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from accord.advisor import Advice
    from accord.coach import CoachSession, Reply


@friendly_errors
def coach(
    target: Annotated[
        str | None,
        typer.Argument(
            help="The plan file (.yaml); with --resume, the id of the negotiation to continue "
            "(default: the newest open one).",
            metavar="PLAN|ID",
            show_default=False,
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            help="Practise against this registered strategy (e.g. hardliner), which plays "
            "the counterpart; without it you type their moves as they happen.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the practice strategy.")] = 0,
    counterparty: Annotated[
        str | None,
        typer.Option(
            help="Keep it in the ledger as a negotiation with this counterparty (we are "
            "side A): the relationship is updated when it ends.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue a coached negotiation where it stopped."),
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database the negotiation is saved in as it goes (a file or "
            "postgresql+psycopg://...; default: $ACCORD_DB, else ~/.local/share/accord/accord.db).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Coach a live negotiation: type each move as it happens (`they offer rebate=1.5`,
    `we can do 1.5% if you stock 1.5x`, `they are silent`), see the advice (Enter or
    `ok` records it), undo a mistyped move; everything is saved as it goes."""
    from accord.cli.common import open_db, out
    from accord.cli.wrapping import whole_words
    from accord.coach import CoachSession
    from accord.store import coached as saved

    with open_db(db) as store, whole_words(out):  # no line cut mid-word at 80 columns
        if resume:
            if against is not None or counterparty is not None:
                raise InputError(
                    "--against and --counterparty are stored with the negotiation",
                    field="--against" if against is not None else "--counterparty",
                    expected="--resume [ID] and --db only",
                )
            session = CoachSession.resume(store, _id(target) or saved.latest_open(store))
            _resumed(session, out)
        else:
            if target is None:
                raise InputError("no plan given", field="PLAN", expected="a plan .yaml file")
            session = CoachSession.start(store, Path(target), against, seed, counterparty)
            _started(session, out)
        run(session, out, db)


def _id(target: str | None) -> int | None:
    if target is None:
        return None
    if not target.strip().isdigit() or int(target) < 1:
        raise InputError(
            f"'{target}' is not a negotiation id",
            field="ID",
            expected="the id `accord coach` printed (1, 2, ...), or none for the newest",
        )
    return int(target)


def run(session: CoachSession, console: Console, db: str | None) -> None:
    """Read lines until `quit`, end of input or Ctrl-C; everything is saved as it goes."""
    _line_editing()
    _interruptible()
    render(session.status(), session, console)
    while True:
        try:
            line = input(session.prompt())
        except EOFError:
            console.print()
            line = "quit"
        except KeyboardInterrupt:
            console.print()
            _saved(session, console, db)
            raise typer.Exit(130) from None
        reply = session.handle(line)
        render(reply, session, console)
        if reply.quit:
            if session.ended:
                session.finish()
                console.print("The outcome is saved.", highlight=False)
            else:
                _saved(session, console, db)
            return


def _interruptible() -> None:
    """Ctrl-C must save and leave, even when the parent process ignored SIGINT (a child
    inherits an ignored signal, and Python then never raises KeyboardInterrupt)."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _line_editing() -> None:
    """Arrow keys and history for `input` (the standard library's readline, when present)."""
    try:
        import readline  # noqa: F401 - importing it is what turns line editing on
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return


def _saved(session: CoachSession, console: Console, db: str | None) -> None:
    from accord.cli.common import literal

    where = f" --db {db}" if db else ""
    literal(console, f"Saved. Continue with: accord coach --resume {session.negotiation_id}{where}")


def _started(session: CoachSession, console: Console) -> None:
    from rich.markup import escape

    plan = session.plan
    them = plan.counterpart or "the counterpart"
    how = (
        f"practice: {escape(session.saved.against or '')} plays {escape(them)}"
        if session.practice
        else f"type their moves as they happen ({escape(them)})"
    )
    console.print(
        f"[bold]Coaching[/bold] {escape(plan.name)}: we are side {plan.side}; {how}. "
        f"Negotiation {session.negotiation_id}, saved as it goes. `help` for the phrasing; "
        "at our move, Enter or `ok` records the advised move.",
        soft_wrap=True,
    )


def _resumed(session: CoachSession, console: Console) -> None:
    from rich.markup import escape

    moves = session.moves()
    console.print(
        f"[bold]Resumed[/bold] negotiation {session.negotiation_id} "
        f"({escape(session.plan.name)}), {len(session.transcript.events)} events so far:",
        soft_wrap=True,
    )
    for line in moves:
        console.print(f"  {escape(line)}", highlight=False, soft_wrap=True)


def render(reply: Reply, session: CoachSession, console: Console) -> None:
    """A reply: what was recorded, cautions, errors, questions, then the advice."""
    from rich.markup import escape

    for line in reply.info:
        console.print(escape(line), highlight=False, soft_wrap=True)
    for line in reply.said:
        console.print(f"[green]recorded[/green] {escape(line.strip())}", soft_wrap=True)
    for c in reply.cautions:
        console.print(warning_line(c.severity, c.principles, c.message), soft_wrap=True)
    if reply.error is not None:
        console.print(f"[bold red]![/bold red] {escape(reply.error)}", soft_wrap=True)
    if reply.question is not None:
        console.print(f"[bold yellow]?[/bold yellow] {escape(reply.question.text)}", soft_wrap=True)
        keys = [k for k, _ in reply.question.options]
        if keys and not reply.question.text.endswith("(yes / no)"):
            console.print(f"  answer: {escape(' / '.join(keys))}", highlight=False)
    if reply.ended:
        _outcome(session, console)
    elif reply.advice is not None:
        if reply.full:
            from accord.cli.render_advice import render_advice

            render_advice(reply.advice, console)
        else:
            _advice(reply.advice, console)
    elif reply.waiting is not None:
        console.print(f"[dim]{escape(reply.waiting)}[/dim]", soft_wrap=True)


def _advice(advice: Advice, console: Console) -> None:
    """The recommendation in a few lines (`advice` shows every candidate)."""
    from rich.markup import escape

    from accord.cli.formatting import cite
    from accord.cli.render_advice import describe, package_lines

    rec = advice.recommendation
    shown = describe(rec, issues=advice.plan.space.issues)
    console.print(f"[bold cyan]advice[/bold cyan] {escape(shown)}", soft_wrap=True)
    for line in package_lines(advice, ("target", "walk_away")):
        console.print(f"[dim]{escape(line)}[/dim]", soft_wrap=True)
    for r in rec.reasons:
        console.print(f"  {escape(cite(r.principles))} {escape(r.text)}", soft_wrap=True)
    for t in advice.tactics:
        console.print(
            f"  [bold]{t.name}[/bold] {escape(cite(t.principles))} "
            f"{escape(advice.answer(t) or t.meaning)}",
            soft_wrap=True,
        )
    for w in advice.warnings:
        console.print("  " + warning_line(w.severity, w.principles, w.message), soft_wrap=True)


def _outcome(session: CoachSession, console: Console) -> None:
    from rich.markup import escape

    from accord.coach.ending import debrief_of, summary

    console.print("[bold]The talks have ended.[/bold]")
    for line in summary(session):
        console.print(f"  {escape(line)}", highlight=False, soft_wrap=True)
    found = debrief_of(session)
    if found is not None:
        from accord.cli.render_debrief import render_debrief

        render_debrief(found, console, brief=True)
    console.print("`undo` takes back the last move; `quit` saves the outcome.", highlight=False)
