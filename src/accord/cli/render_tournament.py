"""Rich rendering of a tournament's standings."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from accord.cli.formatting import print_wide
from accord.tournament.standings import Record
from accord.tournament.tasks import Point, point_label


def render_standings_of(
    by_point: dict[Point, list[Record]],
    *,
    series: int | None,
    per_point: int,
    domains: int,
    repeat: int,
    seed: int,
    field: Collection[str],
    console: Console,
) -> None:
    """The standings of a tournament: one table per sweep point, then the sensitivity."""
    unit = "negotiations" if series is None else f"series of {series}"
    last = list(by_point)[-1]
    for point, records in by_point.items():
        title = (
            f"Tournament: {per_point} {unit} on {domains} domain(s), "
            f"{repeat} repeat(s), seed {seed}"
        )
        if point:
            title += f"; {escape(point_label(point))}"
        if series is None:
            render_standings(records, field, console, title)
        else:
            render_series_standings(records, field, console, title, caption=point == last)
    if len(by_point) > 1:
        render_sweep(by_point, field, console)


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
    for rank, name, r in _ranked(records, field):
        t.add_row(
            rank,
            name,
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
    print_wide(t, console)


def render_series_standings(
    records: Sequence[Record],
    field: Collection[str],
    console: Console,
    title: str,
    caption: bool = True,
) -> None:
    """One row per strategy, best long-term value first, with its rank by
    single-negotiation utility beside it."""
    t = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        caption=None
        if not caption
        else "LTV: long-term value (discounted realised utility over the horizon, BATNA "
        "after a break-up); one-shot: own utility in the first negotiation (# its rank); "
        "per deal: realised utility per negotiation held; life: negotiations held; "
        "resent/caused: own resentment and the counterpart's; break: series ended by a "
        "break-up; reneg: renegotiations granted/asked of it (P16); * opponent field",
        caption_justify="left",
    )
    t.add_column("#", justify="right")
    t.add_column("strategy", no_wrap=True)
    for name in (
        "n",
        "LTV",
        "one-shot",
        "#",
        "per deal",
        "agree",
        "life",
        "resent",
        "caused",
        "trust",
        "break",
        "reneg",
    ):
        t.add_column(name, justify="right", no_wrap=True)
    ranked = [r for r in records if r.strategy not in field]
    by_own = {r.strategy: k for k, r in enumerate(sorted(ranked, key=lambda r: -r.own), 1)}
    for rank, name, r in _ranked(records, field):
        t.add_row(
            rank,
            name,
            str(r.n),
            _opt(r.long_term_value),
            f"{r.own:.3f}",
            str(by_own.get(r.strategy, "")),
            _opt(r.mean_utility),
            f"{r.agreement:.0%}",
            _opt(r.lifetime, ".1f"),
            _opt(r.resentment),
            _opt(r.resentment_caused),
            _opt(r.trust),
            "-" if r.breakups is None else f"{r.breakups:.0%}",
            f"{r.granted}/{r.asked}",
        )
    print_wide(t, console)


def render_sweep(
    by_point: dict[Point, list[Record]], field: Collection[str], console: Console
) -> None:
    """Each strategy's rank by long-term value (and the value) at every sweep point."""
    t = Table(
        title="Sensitivity: rank by long-term value at each sweep point",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    t.add_column("strategy", no_wrap=True)
    for point in by_point:
        t.add_column(escape(point_label(point)), justify="right", no_wrap=True)
    names = [r.strategy for r in next(iter(by_point.values())) if r.strategy not in field]
    cells: dict[str, list[str]] = {n: [] for n in names}
    for records in by_point.values():
        ranked = [r for r in records if r.strategy not in field]
        for k, r in enumerate(ranked, 1):
            if r.strategy in cells:
                cells[r.strategy].append(f"{k} ({_opt(r.long_term_value, '.2f')})")
    for name in names:
        t.add_row(f"[bold]{escape(name)}[/bold]", *cells[name])
    print_wide(t, console)


def _ranked(records: Sequence[Record], field: Collection[str]) -> Iterator[tuple[str, str, Record]]:
    """(rank, shown name, record) in order; the opponents' field is marked and unranked."""
    rank = 0
    for r in records:
        if r.strategy in field:
            yield "", f"{escape(r.strategy)} *", r
        else:
            rank += 1
            yield str(rank), f"[bold]{escape(r.strategy)}[/bold]", r


def _opt(x: float | None, spec: str = ".3f") -> str:
    return "-" if x is None else format(x, spec)
