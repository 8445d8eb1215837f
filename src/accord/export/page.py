"""Writing an export: CSV rows, and a standalone HTML page from the package's templates.

A page is a list of `Section`s (a heading, paragraphs, a table, a figure), so the
debrief and the ledger share one template. Figures are drawn by the functions the
terminal commands use (`accord.debrief.figure`, the ledger's chart) into a
temporary PNG and embedded as base64 data: the page needs no other file and no
network, and its CSS carries print rules (`@media print`).
"""

from __future__ import annotations

import base64
import csv
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """Column headers and rows of text; `marks` gives a row a CSS class (e.g. broken)."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    marks: Sequence[str] = ()
    numeric: tuple[int, ...] = ()  # columns aligned right


@dataclass(frozen=True)
class Section:
    """One part of a page: a heading, paragraphs, then a table and a figure if any."""

    title: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    figure: str | None = None  # a data: URI
    caption: str = ""


def png(draw: Callable[[Path], object]) -> str:
    """The figure `draw(path)` writes, as a `data:image/png;base64,...` URI."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "figure.png"
        draw(path)
        data = path.read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def render_html(title: str, subtitle: str, sections: Sequence[Section]) -> str:
    """The standalone page (inline CSS, embedded figures), from `templates/report.html`."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("accord.export", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html").render(title=title, subtitle=subtitle, sections=sections)


def write_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a crash never leaves half a file under its name."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Cell]]) -> None:
    """Rows as CSV with a header line; missing cells are empty, floats keep 4 decimals."""
    write_text(path, csv_text(columns, rows))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Cell]]) -> str:
    """The CSV `write_csv` writes, as text (the web app sends it as a download)."""
    import io

    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def _cell(v: Cell) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}"
    return str(v)
