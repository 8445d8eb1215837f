"""`accord serve`: the web app on 127.0.0.1:8000 (docs/web.md); `accord user add NAME`
makes an account for a server that listens beyond loopback."""

from __future__ import annotations

from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from accord.cli.common import Db, friendly_errors
from accord.errors import InputError

Data = Annotated[
    Path | None,
    typer.Option(
        help="Folder for the app's own files: scenarios and plans made in the browser, "
        "accounts and each account's ledger (default: beside the SQLite ledger, in web/).",
        show_default=False,
    ),
]

RoomsDb = Annotated[
    str | None,
    typer.Option(
        "--rooms-db",
        envvar="ACCORD_ROOMS_DB",
        help="Where rooms and classroom sessions are kept: a file, or "
        "postgresql+psycopg://USER@HOST/DB, which several `accord serve` processes share, "
        "with live updates between them (default: rooms.db in the data folder).",
        show_default=False,
    ),
]


@friendly_errors
def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. Anything but loopback needs accounts "
            "(`accord user add`), and each account gets a ledger of its own."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Db = None,
    data: Data = None,
    rooms_db: RoomsDb = None,
    secure_cookies: Annotated[
        bool,
        typer.Option(help="Send the session cookie over HTTPS only (behind a TLS proxy)."),
    ] = False,
) -> None:
    """Serve accord in the browser until Ctrl-C."""
    try:
        import uvicorn

        from accord.web.app import create_app
        from accord.web.settings import Settings
    except ImportError as e:
        raise InputError(
            f"the web app needs the `web` extra ({e.name} is missing)",
            expected="pip install 'accord[web]'",
        ) from None
    settings = Settings.for_host(host, port, db, data, secure=secure_cookies, rooms_db=rooms_db)
    if settings.rooms_db is not None:  # a server that cannot be reached says so now
        from accord.rooms import open_rooms

        try:
            open_rooms(settings.rooms_store).close()
        except InputError as e:
            field = e.field or "--rooms-db"
            raise InputError(e.message, source=e.source, field=field, expected=e.expected) from None
    app = create_app(settings)
    if settings.accounts and app.state.accounts.count() == 0:
        typer.echo(
            f"No accounts yet: add one with `accord user add NAME --data {settings.data}`.",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"accord is at http://{shown}:{port}/  (Ctrl-C stops it)")
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    stop = server.handle_exit

    def handle_exit(sig: int, frame: FrameType | None) -> None:
        from accord.web.negotiations import close_streams

        close_streams(app)  # a page's open event stream ends now, so Ctrl-C stops at once
        stop(sig, frame)

    server.handle_exit = handle_exit  # type: ignore[method-assign]
    server.run()


user_app = typer.Typer(help="Accounts for a server beyond loopback.", no_args_is_help=True)


@user_app.command("add")
@friendly_errors
def add_user(
    name: Annotated[str, typer.Argument(help="The account's name.")],
    data: Data = None,
    db: Db = None,
) -> None:
    """Add an account (the password is asked twice, or read from $ACCORD_PASSWORD)."""
    import os

    from accord.web.accounts import Accounts
    from accord.web.settings import Settings

    settings = Settings.for_host("127.0.0.1", 0, db, data)
    password = os.environ.get("ACCORD_PASSWORD") or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    accounts = Accounts(settings.data / "accounts.db")
    user = accounts.create(name, password)
    accounts.close()
    typer.echo(f"Added {user.name} (workspace {settings.data / 'users' / str(user.id)}).")
