"""Rich rendering of `accord plan check`: the plan's numbers, concession schedule, ZOPA,
trades and warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape

from accord.cli.formatting import fmt_package, warning_line

if TYPE_CHECKING:
    from rich.console import Console

    from accord.plan.derive import PlanReport


def render_report(report: PlanReport, console: Console) -> None:
    from rich.panel import Panel
    from rich.table import Table

    p = report.plan
    head = Table.grid(padding=(0, 2))
    head.add_row("We are", escape(f"{p.side}" + (f" ({_party(p)})" if _party(p) else "")))
    head.add_row("Counterpart", escape(p.counterpart or "-"))
    head.add_row(
        "Scenario",
        escape(
            f"{p.scenario.name if p.scenario else 'embedded issues'}, "
            f"{p.space.n_outcomes:,} outcomes, {p.rounds} rounds"
        ),
    )
    console.print(Panel(head, title=escape(f"Plan: {p.name}"), expand=False))
    console.print(_numbers(report))
    _packages(report, console)
    console.print(_schedule(report))
    console.print(_zopa_line(report))
    _trades(report, console)
    for w in report.warnings:
        console.print(warning_line(w.severity, w.principles, w.message), soft_wrap=True)


def _numbers(report: PlanReport) -> Any:
    from rich.table import Table

    p = report.plan
    numbers = Table(title="The numbers (P2, P3)", title_justify="left")
    numbers.add_column("")
    numbers.add_column("utility", justify="right")
    numbers.add_column("how")
    described = " ".join(p.batna_description.split())
    numbers.add_row("BATNA", f"{report.batna:.3f}", escape(_short(described) or "-"))
    numbers.add_row("walk-away", f"{report.walk_away:.3f}", "never agree below (P2)")
    numbers.add_row(
        "opening",
        f"{report.opening:.3f}",
        "given" if p.opening is not None else "our aspiration (P3)",
    )
    how = "derived: estimated fair deal + edge" if report.target_derived else "given"
    numbers.add_row("target", f"{report.target:.3f}", how)
    numbers.add_row("concession budget", f"{report.budget:.3f}", "opening - walk-away")
    if report.nash is not None:
        numbers.add_row(
            "est. fair deal",
            f"{report.nash[0]:.3f}",
            f"Nash point; about {report.nash[1]:.3f} to them",
        )
    return numbers


def _packages(report: PlanReport, console: Console) -> None:
    """Each number as the terms it stands for: 'target 0.575: rebate=1.75%, ...'."""
    names = {
        "opening": "opening",
        "target": "target",
        "estimated_nash": "est. fair deal",
        "walk_away": "walk-away",
    }
    packages = report.packages()
    console.print(f"[bold]The numbers as terms[/bold] ({_terms_heading(report)}):")
    issues = report.plan.space.issues
    for key, name in names.items():
        if key in packages:
            p = packages[key]
            shown = escape(fmt_package(issues, p))
            console.print(f"  {name} {p.level:.3f}: {shown}", soft_wrap=True)


def _terms_heading(report: PlanReport) -> str:
    kept = ", ".join(report.plan.keep_for_close)
    close = f"; {kept} kept for the close until the late phase" if kept else ""
    if report.informed:
        return "at that utility for us, the best for them by our estimate" + close
    return "the package closest above that utility; their preferences are unknown"


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _party(p: Any) -> str:
    if p.scenario is None:
        return ""
    return (p.scenario.a if p.side == "A" else p.scenario.b).name


def _schedule(report: PlanReport) -> Any:
    from rich.table import Table

    t = Table(
        title="Concession schedule: the least to ask for by each round (P3, P11)",
        title_justify="left",
    )
    for col in ("round", "time", "ask at least", "conceded so far"):
        t.add_column(col, justify="right")
    t.add_column("terms")
    before = None
    for s in report.schedule:
        terms = escape(fmt_package(report.plan.space.issues, report.step_package(s)))
        shown = "[dim]same[/dim]" if terms == before else terms
        t.add_row(str(s.round), f"{s.time:.0%}", f"{s.floor:.3f}", f"{s.conceded:.3f}", shown)
        before = terms
    t.caption = "Before the late phase we concede only as far as they do (reciprocity)."
    return t


def _zopa_line(report: PlanReport) -> str:
    z = report.zopa
    if z is None:
        return "[bold]ZOPA[/bold]: unknown until we estimate their preferences."
    a, b = z.bounds_a, z.bounds_b
    if a is None or b is None:  # no outcome in the zone
        return (
            "[bold red]No ZOPA[/bold red] by our estimate: "
            "no outcome is at least as good as both BATNAs."
        )
    ours, theirs = (a, b) if report.plan.side == "A" else (b, a)
    strict = "" if z.n_strict == z.n_outcomes else f", {z.n_strict:,} strictly better"
    return (
        f"[bold]Estimated ZOPA[/bold]: {z.n_outcomes:,} outcomes ({z.fraction:.1%}{strict}); "
        f"we get {ours[0]:.3f}-{ours[1]:.3f}, they about {theirs[0]:.3f}-{theirs[1]:.3f}."
    )


def _trades(report: PlanReport, console: Console) -> None:
    from rich.table import Table

    from accord.model.units import show_terms, show_value

    space = report.plan.space
    if report.give or report.ask:
        t = Table(title="Value-adding moves, by our estimate (P8)", title_justify="left")
        for col in ("who gives", "issue", "move", "cost", "value", "net"):
            t.add_column(col, justify="right" if col in ("cost", "value", "net") else "left")
        for who, adds in (("we", report.give), ("they", report.ask)):
            for v in adds:
                issue = space.issues[space.issue_index(v.issue)]
                move = escape(
                    f"{show_value(issue, v.from_value)} -> {show_value(issue, v.to_value)}"
                )
                numbers = (f"{v.cost:.3f}", f"{v.value:.3f}", f"{v.net:+.3f}")
                t.add_row(who, escape(v.issue), move, *numbers)
        console.print(t)
    if report.logrolls:
        t = Table(title="Logrolling trades, by our estimate (P8)", title_justify="left")
        for col in ("A gets its way on", "B gets its way on", "terms"):
            t.add_column(col)
        for r in report.logrolls:
            t.add_row(escape(r.a_gets), escape(r.b_gets), escape(show_terms(space.issues, r.terms)))
        console.print(t)
    if report.close:
        shown = ", ".join(
            f"{escape(c.issue)} (costs us {c.cost:.3f}"
            + ("" if c.value is None else f", worth about {c.value:.3f} to them")
            + ")"
            for c in report.close
        )
        console.print(f"[bold]Kept for the close[/bold] (P11): {shown}", soft_wrap=True)
