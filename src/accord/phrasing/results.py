"""What the parser returns: a reading (moves-file entries), a question to ask back, or a
refusal. A question's options are whole lines, reworded so that they read without
doubt: answering one parses that line (which may ask the next question)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Speaker = Literal["we", "they"]


@dataclass(frozen=True)
class Parsed:
    """A move and a claim said with it, as moves-file values (docs/advisor.md).

    `move` is what follows `- we:` or `- they:` in a moves file ("accept",
    `{"offer": {...}, "if": {...}}`, ...), None for a claim alone; `claim` is
    ("deadline" or "note", text).
    """

    speaker: Speaker
    move: Any = None
    claim: tuple[str, str] | None = None
    #: How a term was worked out from what was said, to show beside the reading
    #: (`5% off $120/seat is $114/seat`).
    working: tuple[str, ...] = ()

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The entries in moves-file form: the move first, then the claim."""
        out: list[dict[str, Any]] = []
        if self.move is not None:
            out.append({self.speaker: self.move})
        if self.claim is not None:
            out.append({self.speaker: {self.claim[0]: self.claim[1]}})
        return out


@dataclass(frozen=True)
class Question:
    """Something the parser will not guess. `options` pair a short answer with the
    line it stands for."""

    text: str
    options: tuple[tuple[str, str], ...] = field(default=())

    def answer(self, reply: str) -> str | None:
        """The line an answer stands for (an option's key, or its number), else None."""
        said = reply.strip().strip("`'\".").lower()
        for key, line in self.options:
            if said == key.lower():
                return line
        x = _number(said)
        if x is None:
            return None
        for key, line in self.options:
            if _number(key) == x:
                return line
        return None


@dataclass(frozen=True)
class Refusal:
    """A line that cannot be read as a move, with what was expected."""

    text: str


Reading = Parsed | Question | Refusal


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("%x").strip())
    except ValueError:
        return None
