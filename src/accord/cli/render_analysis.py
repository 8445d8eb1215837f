"""Rich rendering of a scenario's analysis for people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from accord.model.units import show_terms, show_value

if TYPE_CHECKING:
    from accord.analysis.report import NamedPoint, ScenarioAnalysis


def render_analysis(a: ScenarioAnalysis, console: Console) -> None:
    s = a.scenario
    head = Table.grid(padding=(0, 2))
    head.add_row("Parties", escape(f"A: {s.a.name}   B: {s.b.name}"))
    head.add_row("Issues", escape(", ".join(f"{i.name} ({i.n})" for i in s.space.issues)))
    head.add_row("Outcomes", f"{s.space.n_outcomes:,}")
    head.add_row("BATNA utility", f"A {s.reservations[0]:.3f}   B {s.reservations[1]:.3f}")
    head.add_row("Deadline", f"{s.deadline_rounds} rounds")
    body: list[RenderableType] = [head]
    if s.context:
        body += ["", escape(s.context.strip())]
    console.print(Panel(Group(*body), title=escape(s.name), expand=False))
    console.print(_points_table(a))
    console.print(_zopa_line(a))
    if a.logrolls:
        console.print(_logroll_table(a))
    for role, adds in a.value_adds.items():
        if adds:
            console.print(_value_add_table(a, role))


def _points_table(a: ScenarioAnalysis) -> Table:
    t = Table(
        title=f"Pareto frontier: {len(a.frontier)} points; bargaining solutions",
        title_justify="left",
    )
    t.add_column("point")
    t.add_column("u A", justify="right")
    t.add_column("u B", justify="right")
    t.add_column("outcome")
    rows: list[tuple[str, NamedPoint | None]] = [
        ("Nash", a.nash),
        ("Kalai-Smorodinsky", a.kalai_smorodinsky),
        ("max welfare", a.max_welfare),
    ]
    for name, p in rows:
        if p is None:
            t.add_row(name, "-", "-", "[red]no outcome is at least as good as both BATNAs[/red]")
        else:
            t.add_row(
                name,
                f"{p.utilities[0]:.3f}",
                f"{p.utilities[1]:.3f}",
                escape(show_terms(a.scenario.space.issues, p.outcome)),
            )
    return t


def _zopa_line(a: ScenarioAnalysis) -> str:
    z = a.zopa
    if z.bounds_a is None or z.bounds_b is None:  # no outcome in the zone
        return (
            "[bold red]No ZOPA[/bold red]: no outcome is at least as good as both BATNAs; "
            "walking away is rational."
        )
    approx = "about " if z.estimated else ""
    strict = "" if z.n_strict == z.n_outcomes else f" ({approx}{z.n_strict:,} strictly better)"
    return (
        f"[bold]ZOPA[/bold]: {approx}{z.n_outcomes:,} outcomes ({z.fraction:.1%} of the space) "
        f"are at least as good as both BATNAs{strict}; "
        f"A gets {z.bounds_a[0]:.3f}-{z.bounds_a[1]:.3f}, "
        f"B gets {z.bounds_b[0]:.3f}-{z.bounds_b[1]:.3f} there."
    )


def _logroll_table(a: ScenarioAnalysis) -> Table:
    s = a.scenario
    t = Table(
        title="Logrolling: trade what you care less about for what you care more about",
        title_justify="left",
    )
    for col in (f"{s.a.name} gets", f"{s.b.name} gets", "terms", "gain A", "gain B"):
        t.add_column(escape(col), justify="right" if col.startswith("gain") else "left")
    for r in a.logrolls:
        terms = escape(show_terms(s.space.issues, r.terms))
        t.add_row(escape(r.a_gets), escape(r.b_gets), terms, f"{r.gain_a:+.3f}", f"{r.gain_b:+.3f}")
    return t


def _value_add_table(a: ScenarioAnalysis, role: str) -> Table:
    giver = a.scenario.a if role == "A" else a.scenario.b
    other = a.scenario.b if role == "A" else a.scenario.a
    t = Table(
        title=escape(f"Value-adding moves {giver.name} can offer {other.name} (P8, P11)"),
        title_justify="left",
    )
    for col in ("issue", "move", "cost to giver", "value to receiver", "net"):
        t.add_column(
            col, justify="right" if col in ("cost to giver", "value to receiver", "net") else "left"
        )
    space = a.scenario.space
    for v in a.value_adds[role]:
        kind = " (add-on)" if v.is_addon else ""
        issue = space.issues[space.issue_index(v.issue)]
        t.add_row(
            escape(v.issue + kind),
            escape(f"{show_value(issue, v.from_value)} -> {show_value(issue, v.to_value)}"),
            f"{v.cost:.3f}",
            f"{v.value:.3f}",
            f"{v.net:+.3f}",
        )
    return t
