"""Rich rendering of `accord class debrief`: the pairs, the class's figures, the principles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape

if TYPE_CHECKING:
    from rich.console import Console

    from accord.classroom.class_debrief import ClassDebrief, Spread


def render_class(cd: ClassDebrief, title: str, console: Console) -> None:
    from rich import box
    from rich.table import Table

    from accord.cli.formatting import print_wide
    from accord.model.units import show_terms

    issues = cd.analysis.scenario.space.issues
    t = Table(
        title=f"Class debrief: {title}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        caption="u: utility (A, B); share: A's share of the surplus; left: value left on the "
        "table (both sides); d: distance to the frontier",
        caption_justify="left",
    )
    for name, right in (
        ("pair", False),
        ("deal", False),
        ("terms", False),
        ("u", True),
        ("share", True),
        ("left", True),
        ("d", True),
        ("rounds", True),
        ("broken A", False),
        ("broken B", False),
    ):
        t.add_column(name, justify="right" if right else "left", no_wrap=name == "pair")
    for p in cd.pairs:
        t.add_row(
            escape(p.label),
            "yes" if p.agreement else escape(p.reason.replace("_", " ")),
            "" if p.terms is None else escape(show_terms(issues, p.terms)),
            f"{p.utilities[0]:.3f}, {p.utilities[1]:.3f}",
            "" if p.shares is None else f"{p.shares[0]:.0%}",
            f"{p.joint_left:.3f}",
            f"{p.distance_to_frontier:.3f}",
            str(p.rounds),
            " ".join(p.broken("A")) if p.students[0] is not None else "(strategy)",
            " ".join(p.broken("B")) if p.students[1] is not None else "(strategy)",
        )
    print_wide(t, console)
    rate = cd.deal_rate
    lines = [
        f"Deals: {cd.deals} of {len(cd.pairs)} pairs" + ("" if rate is None else f" ({rate:.0%})"),
        "A's share of the surplus: " + _spread(cd.shares, percent=True),
        "Value left on the table: " + _spread(cd.left_on_table),
        "Rounds to agreement: " + _spread(cd.rounds_to_agreement, digits=1),
    ]
    if cd.minutes_to_agreement is not None:
        lines.append("Minutes to agreement: " + _spread(cd.minutes_to_agreement, digits=1))
    for line in lines:
        console.print(escape(line), highlight=False)
    counts = [c for c in cd.principles() if c.broken]
    if not cd.students:
        console.print(
            "No student seats: accord's strategies played every seat "
            "(--all-seats counts their principles too)."
        )
        return
    if not counts:
        console.print(f"No principle broken across {cd.students} student seats.")
        return
    pt = Table(
        title=f"Principles broken across the class ({cd.students} student seats)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    pt.add_column("principle", no_wrap=True)
    pt.add_column("broken", justify="right")
    pt.add_column("kept", justify="right")
    pt.add_column("by")
    for c in counts:
        pt.add_row(
            escape(f"{c.principle} {c.name}"),
            str(c.broken),
            str(c.kept),
            escape(", ".join(c.broken_by)),
        )
    print_wide(pt, console)


def _spread(s: Spread | None, *, percent: bool = False, digits: int = 3) -> str:
    if s is None:
        return "none"

    def f(x: float) -> str:
        return f"{x:.0%}" if percent else f"{x:.{digits}f}"

    return f"mean {f(s.mean)}, sd {f(s.sd)}, from {f(s.low)} to {f(s.high)} (n={s.n})"
