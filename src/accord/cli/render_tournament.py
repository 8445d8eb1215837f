"""Rich rendering of a tournament's standings."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich import box
from rich.console import Console
from rich.table import Table

from accord.tournament.standings import Record


def render_standings(
    records: Sequence[Record],
    field: Collection[str],
    console: Console,
    title: str,
) -> None:
    """One row per strategy, best own utility first; the opponents' field marked."""
    t = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        caption="own/opp: mean utility; d: distance; share: of the surplus; * opponent field",
        caption_justify="left",
    )
    t.add_column("#", justify="right")
    t.add_column("strategy", no_wrap=True)
    for name in ("n", "own", "opp", "agree", "welfare", "Pareto d", "Nash d", "share", "rounds"):
        t.add_column(name, justify="right", no_wrap=True)
    rank = 0
    for r in records:
        opponent = r.strategy in field
        rank += not opponent
        t.add_row(
            "" if opponent else str(rank),
            f"{r.strategy} *" if opponent else f"[bold]{r.strategy}[/bold]",
            str(r.n),
            f"{r.own:.3f}",
            f"{r.opponent:.3f}",
            f"{r.agreement:.0%}",
            f"{r.welfare:.3f}",
            f"{r.distance_to_pareto:.3f}",
            _opt(r.distance_to_nash),
            _opt(r.surplus_share),
            f"{r.rounds_used:.1f}",
        )
    if console.is_terminal:
        console.print(t)
        return
    width, console.width = console.width, 10_000  # a file or pipe: never squash the numbers
    needed = console.measure(t).maximum
    console.width = max(width, needed)
    try:
        console.print(t)
    finally:
        console.width = width


def _opt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"
