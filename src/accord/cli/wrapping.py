"""Output that fits the terminal without a word cut in two (the coach at 80 columns).

Rich leaves a line printed with `soft_wrap=True` for the terminal to wrap, which
cuts it at the last column, mid-word; and it narrows a table that is too wide by
shrinking its widest columns, down to folding a word ("unreciproca/ted"). While
`whole_words(console)` is active, a render hook (rich's `RenderHook`, applied to
everything printed) wraps text at spaces, with continuation lines indented like
the first, and gives each column of a table at least its longest word, taking
the width a table must give up from the columns with room to wrap.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import RenderHook
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleRenderable, RenderableType


@contextmanager
def whole_words(console: Console) -> Iterator[None]:
    """While active, everything `console` prints wraps between words."""
    console.push_render_hook(WholeWords(console))
    try:
        yield
    finally:
        console.pop_render_hook()


class WholeWords(RenderHook):
    """Text wraps at spaces (indented lines keep their indent); tables keep words whole."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [self._fitted(r) for r in renderables]

    def _fitted(self, r: ConsoleRenderable) -> ConsoleRenderable:
        if isinstance(r, Table):
            fit_table(r, self.console)
            return r
        if not isinstance(r, Text):
            return r
        r.no_wrap, r.overflow = False, "fold"  # a word longer than the line is still folded
        plain = r.plain
        indent = len(plain) - len(plain.lstrip(" "))
        if not indent or "\n" in plain.rstrip("\n") or indent > self.console.width // 2:
            return r
        rest = r.divide([indent])[1]
        rest.no_wrap, rest.overflow = False, "fold"
        return Padding(rest, (0, 0, 0, indent), expand=False)


def fit_table(table: Table, console: Console) -> None:
    """Fix `table`'s column widths so it fits `console` with no word split, when it is
    too wide and its longest words fit; otherwise leave it to rich."""
    if not table.columns:
        return
    n = len(table.columns)
    extra = (2 if table.box and table.show_edge else 0) + (n - 1 if table.box else 0)
    available = console.width - extra
    pads = [_padding(table, k) for k in range(n)]
    lows: list[int] = []
    highs: list[int] = []
    for k, column in enumerate(table.columns):
        low, high = _measure(console, [column.header, *column.cells])
        lows.append((high if column.no_wrap else low) + pads[k])
        highs.append(high + pads[k])
    if sum(highs) <= available or sum(lows) > available:
        return
    widths = list(highs)
    for _ in range(sum(widths) - available):  # one column at a time, the widest with room
        k = max(range(n), key=lambda j: (widths[j] > lows[j], widths[j]))
        widths[k] -= 1
    for column, width, pad in zip(table.columns, widths, pads, strict=True):
        column.width = max(1, width - pad)


def _measure(console: Console, cells: Sequence[RenderableType]) -> tuple[int, int]:
    """The longest word and the longest line among `cells`."""
    sizes = [Measurement.get(console, console.options, c) for c in cells]
    return max(m.minimum for m in sizes), max(m.maximum for m in sizes)


def _padding(table: Table, k: int) -> int:
    """Columns' left and right padding, as rich counts it (no outer padding without
    `pad_edge`)."""
    _, right, _, left = Padding.unpack(table.padding)
    if table.collapse_padding:
        left, right = 0, abs(left - right)
    if not table.pad_edge:
        left = 0 if k == 0 else left
        right = 0 if k == len(table.columns) - 1 else right
    return left + right
