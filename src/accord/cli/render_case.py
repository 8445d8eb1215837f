"""Rich rendering of `accord case list` and `accord case show`, from the JSON view."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.markup import escape

if TYPE_CHECKING:
    from rich.console import Console

    from accord.model.issues import Issue, Value


def render_list(rows: list[dict[str, Any]], console: Console) -> None:
    from rich.table import Table

    table = Table(title="Teaching cases", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("issues", justify="right")
    table.add_column("outcomes", justify="right")
    table.add_column("rounds", justify="right")
    table.add_column("minutes", justify="right")
    for r in rows:
        s = r["settings"]
        table.add_row(
            escape(r["name"]),
            escape(r["title"]),
            str(len(r["issues"])),
            f"{r['outcomes']:,}",
            str(s["deadline_rounds"]),
            str(s["time_limit_minutes"]),
        )
    console.print(table)
    console.print("Show one with `accord case show NAME --side A` (or B, or --notes).")


def render_case(shown: dict[str, Any], issues: tuple[Issue, ...], console: Console) -> None:
    """The case as `view` gives it; terms are shown with their issues' units."""
    from rich.panel import Panel

    def terms(values: dict[str, Value]) -> str:
        from accord.model.units import show_terms

        return escape(show_terms(issues, values))

    s = shown["settings"]
    rules = (
        f"{s['deadline_rounds']} rounds, {s['time_limit_minutes']} minutes; advisor "
        f"{'allowed' if s['advisor'] else 'not allowed'}; practice against a strategy "
        f"{'allowed' if s['practice'] else 'not allowed'}"
    )
    body = f"{_para(shown['situation'])}\n\n[dim]{escape(rules)}[/dim]"
    if shown["source"]:
        body += f"\n[dim]From {escape(shown['source'])}[/dim]"
    console.print(Panel(body, title=escape(shown["title"]), expand=False))
    for role, b in shown["sides"].items():
        parts = [
            f"[bold]Who you are.[/bold] {_para(b['who'])}",
            f"[bold]What you want.[/bold] {_para(b['wants'])}",
            f"[bold]Your BATNA.[/bold] {_para(b['batna']['text'])}",
            f"[dim]Worth as much to you as: {terms(b['batna']['terms'])}[/dim]",
            f"[bold]Your authority.[/bold] {_para(b['authority'])}",
            f"[bold]History.[/bold] {_para(b['history'])}",
        ]
        title = f"Confidential brief, side {role}: {b['role']}"
        console.print(Panel("\n\n".join(parts), title=escape(title), expand=False))
    if "notes" in shown:
        _notes(shown["notes"], terms, console)
    elif not shown["sides"]:
        console.print("Add --side A or --side B for a brief, --notes for the teaching notes.")


def _notes(n: dict[str, Any], terms: Callable[[dict[str, Value]], str], console: Console) -> None:
    from rich.panel import Panel

    f = n["figures"]
    principles = ", ".join(f"{k} {v}" for k, v in n["principles"].items())
    lines = [
        f"[bold]What it teaches.[/bold] {_para(n['teaches'])}",
        f"[bold]Principles.[/bold] {escape(principles)}",
        f"[bold]Efficient deals.[/bold] {_para(n['efficient'])}",
        f"  {terms(n['efficient_deal'])}: utilities {_pair(f['efficient_deal']['utilities'])}",
        f"[bold]Value left on the table.[/bold] {_para(n['value_left'])}",
        f"  {terms(n['inefficient_deal'])}: utilities {_pair(f['inefficient_deal']['utilities'])}",
    ]
    if f["better_deal"]:
        lines.append(
            f"  better for both: {terms(f['better_deal']['terms'])}: utilities "
            f"{_pair(f['better_deal']['utilities'])} (gains {_pair(f['gains'])})"
        )
    zone = f"{f['zopa_outcomes']:,} of {f['n_outcomes']:,} outcomes are in the zone of agreement"
    lines.append(f"[bold]Zone.[/bold] {escape(zone)}")
    if f["nash"]:
        lines.append(
            f"  Nash deal: {terms(f['nash']['terms'])}: utilities {_pair(f['nash']['utilities'])}"
        )
    lines.append("[bold]Debrief questions.[/bold]")
    lines += [f"  {k}. {escape(q)}" for k, q in enumerate(n["questions"], 1)]
    console.print(Panel("\n".join(lines), title="Teaching notes (instructor)", expand=False))


def _para(text: str) -> str:
    return escape(" ".join(text.split()))


def _pair(u: list[float]) -> str:
    return f"A {u[0]:.3f}, B {u[1]:.3f}"
