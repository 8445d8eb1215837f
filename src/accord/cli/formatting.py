"""Text shared by the renderers: values and outcomes in words, principle citations,
warning lines (rich markup, with data escaped) and wide tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from accord.model.issues import Issue, Value
    from accord.plan.package import Package


def fmt_value(v: Value) -> str:
    """A value without its issue at hand (`accord.model.units.show`, no unit)."""
    from accord.model.units import show

    return show(v)


def fmt_outcome(outcome: dict[str, Value]) -> str:
    """Terms without their issues at hand; with them, `accord.model.units.show_terms`."""
    return ", ".join(f"{k}={fmt_value(v)}" for k, v in outcome.items())


def fmt_package(issues: tuple[Issue, ...], package: Package) -> str:
    """A level's package: its terms with units and, when they differ from the level as
    shown (3 decimals), its own utilities: 'rebate=1.75%, ... (0.582 to us, about 0.575
    to them)'. The number beside it is the level; these are what the terms are worth."""
    from accord.model.units import show_terms

    text = show_terms(issues, package.values)
    worth = []
    if f"{package.ours:.3f}" != f"{package.level:.3f}":
        worth.append(f"{package.ours:.3f} to us")
    if package.theirs is not None:
        worth.append(f"about {package.theirs:.3f} to them")
    return text + (f" ({', '.join(worth)})" if worth else "")


def warning_line(severity: str, principles: tuple[str, ...], message: str) -> str:
    from rich.markup import escape

    colour = {"error": "bold red", "warning": "yellow", "note": "cyan"}.get(severity, "white")
    return f"[{colour}]{severity}[/{colour}] {escape(cite(principles))} {escape(message)}"


def cite(principles: tuple[str, ...]) -> str:
    return "[" + ", ".join(principles) + "]"


def print_wide(t: Table, console: Console) -> None:
    """Print `t`; to a file or pipe at its full width, never squashing the numbers."""
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
