"""What every `accord` command shares: the two consoles, the one error printer, the
options several commands take, and the checks made before any work starts.

Kept light on purpose: importing this module loads neither rich nor any of accord's
heavy parts, so `accord --help` and `accord --version` stay fast. The consoles are
made on first use (`from accord.cli.common import out` inside a command).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar, get_type_hints

import typer

from accord.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from accord.store import Store
    from accord.strategies import Strategy

P = ParamSpec("P")
R = TypeVar("R")

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database: a file, or postgresql+psycopg://USER@HOST/DB "
        "(default: $ACCORD_DB, else ~/.local/share/accord/accord.db).",
        show_default=False,
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
Profiles = Annotated[
    tuple[Path, Path] | None,
    typer.Option(help="GENIUS profiles for A and B, when the folder has more than two."),
]

_consoles: dict[str, Console] = {}


def __getattr__(name: str) -> Console:
    """`out` (stdout) and `err` (stderr), made when a command first prints."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _console(name)


def _console(name: str) -> Console:
    if name not in _consoles:
        from rich.console import Console

        _consoles[name] = Console(stderr=name == "err")
    return _consoles[name]


def labelled(console: Console, label: str, style: str, message: str) -> None:
    """`label message` on one line; the message printed literally (no markup, no emoji),
    since it carries file names, user input and data: `pip install 'accord[ray]'`."""
    from rich.text import Text

    console.print(Text.assemble((label, style), " ", message), soft_wrap=True)


def literal(
    console: Console, message: str, *, highlight: bool = False, soft_wrap: bool = True
) -> None:
    """A plain message holding user input or data, printed exactly as written."""
    console.print(message, markup=False, emoji=False, highlight=highlight, soft_wrap=soft_wrap)


def print_error(message: str) -> None:
    """The one error printer: `error <message>` on stderr."""
    labelled(_console("err"), "error", "bold red", message)


def print_warning(message: str, label: str = "warning") -> None:
    """`warning <message>` (or another yellow label, e.g. `note`, `busy`) on stderr."""
    labelled(_console("err"), label, "yellow", message)


def friendly_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn InputError into one paragraph on stderr and exit code 2, never a traceback.

    The command's annotations (text, under `from __future__ import annotations`) are
    evaluated here once: typer would evaluate them four times per command on every
    start, a fifth of what `accord --help` costs.
    """
    fn.__annotations__ = get_type_hints(fn, include_extras=True)

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            print_error(e.describe())
            raise typer.Exit(2) from None

    return wrapper


def check_output(path: Path, suffix: str, option: str, what: str) -> None:
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


def default_strategies() -> tuple[str, str]:
    """diplomat vs boulware when diplomat is registered, else boulware vs conceder."""
    from accord.strategies import names

    return ("diplomat", "boulware") if "diplomat" in names() else ("boulware", "conceder")


def strategy(name: str, option: str) -> Strategy:
    """The registered strategy `name`, an unknown name reported against `option`."""
    from accord.strategies import make

    try:
        return make(name)
    except InputError as e:
        raise InputError(e.message, field=option, expected=e.expected) from None


def strategy_names(text: str, option: str) -> list[str]:
    """Comma-separated strategy specs, at least one and each once."""
    from accord.strategies import split_specs

    names = split_specs(text)
    if not names:
        raise InputError("no strategy names", field=option, expected="comma-separated names")
    if len(set(names)) != len(names):
        raise InputError(
            f"a name appears twice in '{text}'", field=option, expected="distinct names"
        )
    return names


def open_db(db: str | None) -> Store:
    """The store, telling the user on stderr whenever it waits
    for another process. SQLAlchemy is loaded here, not before."""
    from accord.store import open_store

    return open_store(db, on_busy=lambda message: print_warning(message, "busy"))
