"""Text shared by the renderers: values and outcomes in words, principle citations,
warning lines (rich markup, with data escaped) and wide tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from accord.model.issues import Value


def fmt_value(v: Value) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def fmt_outcome(outcome: dict[str, Value]) -> str:
    return ", ".join(f"{k}={fmt_value(v)}" for k, v in outcome.items())


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
