"""`accord` command-line interface: the app, assembled from one module per command.

Each command module parses its arguments, calls the library and renders; it imports
its implementation inside the command, so `accord --help` loads only typer.
"""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.advise import advise
from accord.cli.analyze import analyze
from accord.cli.case import case_app
from accord.cli.classroom import class_app
from accord.cli.coach import coach
from accord.cli.debrief import debrief
from accord.cli.ledger import ledger_app
from accord.cli.negotiate import negotiate
from accord.cli.phrase import phrase
from accord.cli.plan import plan_app
from accord.cli.report import report
from accord.cli.scenario import scenario_app
from accord.cli.serve import serve, user_app
from accord.cli.tournament import tournament

app = typer.Typer(
    name="accord",
    help="Negotiate well over the long run: analyse, negotiate, relate.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(shown: bool) -> None:
    if shown:
        from accord import __version__

        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """accord: negotiate well over the long run."""


app.command()(analyze)
app.command()(negotiate)
app.command()(tournament)
app.command()(report)
app.add_typer(ledger_app, name="ledger")
app.add_typer(plan_app, name="plan")
app.add_typer(scenario_app, name="scenario")
app.add_typer(case_app, name="case")
app.add_typer(class_app, name="class")
app.command()(advise)
app.command()(debrief)
app.command()(coach)
app.command()(phrase)
app.command()(serve)
app.add_typer(user_app, name="user")

if __name__ == "__main__":
    app()
