"""A conditional offer's condition (P12): who must meet it, its text, the term it
applies to and that term's value when it is not met, asked back when unclear.

`we can do 1.5% if you stock 1.5x, else 1%`: the offer's terms are rebate 1.5%
and stock 1.5x (terms named in the condition are part of the offer: they are
what the other side commits to); the condition is on the rebate, which falls
back to 1% unless they meet it.
"""

from __future__ import annotations

from typing import Any

from accord.model.issues import Value
from accord.phrasing.clauses import (
    Context,
    Shape,
    alias_question,
    fmt,
    obligor_of,
    quiet,
)
from accord.phrasing.lexicon import Item, Lexicon, shown_values
from accord.phrasing.results import Question, Refusal, Speaker
from accord.phrasing.terms import AddonCount, AliasDoubt, read_terms


class ConditionReader:
    """Reads the condition of one line."""

    def __init__(self, line: str, lex: Lexicon, ctx: Context) -> None:
        self.line, self.lex, self.ctx = line, lex, ctx

    def read(self, shape: Shape, speaker: Speaker, reading: dict[str, Value]) -> Any:
        """The `if` entry of an offer (`reading` gains the condition's terms), or a
        question or refusal."""
        cond = list(shape.cond or [])
        while cond and cond[-1].text in (",", ";", "and", "but"):
            cond.pop()
        if all(quiet(i) for i in cond):
            return Refusal("'if' without a condition after it")
        obligor = obligor_of(cond, speaker)
        found = read_terms(cond, self.lex, loose=False)
        if isinstance(found, AliasDoubt):
            names = " or ".join(found.names)
            return Refusal(f"in the condition, '{found.item.text}' could be {names}: name it")
        if isinstance(found, AddonCount):
            return Refusal(f"'{found.name}' is an add-on, granted or not: it takes no number")
        if isinstance(found, Refusal):
            return found
        if len(found.readings) > 1:
            return Refusal("the condition's numbers fit more than one issue: name them")
        said = found.readings[0] if found.readings else {}
        for name, value in said.items():
            if name in reading and reading[name] != value:
                return Refusal(
                    f"'{name}' is {reading[name]} in the offer, {value} in the condition"
                )
            reading.setdefault(name, value)
        first = cond[1] if cond[0].has("pronoun") or cond[0].has("speaker") else cond[0]
        text = self.line[first.start : cond[-1].end].strip()
        main = [n for n in reading if self.lex.issues[n].kind != "addon" and n not in said]
        granted = [n for n in reading if n not in said and reading[n] is True]
        if not main and len(granted) == 1 and not shape.fallback:
            # `we'll include training if you sign today`: the add-on is what depends on it
            return {"issue": granted[0], "else": False, "by": obligor, "text": text}
        chosen = self._conditioned(shape, speaker, reading, main, cond[-1].end, obligor)
        if isinstance(chosen, Question | Refusal):
            return chosen
        issue, fallback = chosen
        return {"issue": issue, "else": fallback, "by": obligor, "text": text}

    def _conditioned(
        self,
        shape: Shape,
        speaker: Speaker,
        reading: dict[str, Value],
        main: list[str],
        at: int,
        obligor: str,
    ) -> tuple[str, Value] | Question | Refusal:
        """The term the condition applies to and its value when the condition is not met."""
        if shape.fallback:
            return self._fallback(shape.fallback, reading, main)
        if not main:
            return Refusal("a condition needs a term of the offer that depends on it")
        own = self.ctx.standing.get(speaker, {})
        if len(main) > 1:
            options = tuple(
                (n, self._insert(at, f", else {n}={fmt(own[n])}"))
                for n in main
                if n in own and own[n] != reading[n]
            )
            return Question(
                f"Which term depends on the condition: {', '.join(main)}? (add `else ISSUE=VALUE`)",
                options,
            )
        name = main[0]
        if name in own and own[name] != reading[name]:
            return name, own[name]
        issue = self.lex.issues[name]
        others = [v for v in issue.values if v != reading[name]]
        options = tuple((fmt(v), self._insert(at, f", else {name}={fmt(v)}")) for v in others)
        who = "we" if obligor == "we" else "they"
        return Question(
            f"What {name} applies if {who} do not meet the condition? (one of "
            f"{shown_values(issue)}, or add `else VALUE`)",
            options if len(others) <= 12 else (),
        )

    def _fallback(
        self, items: list[Item], reading: dict[str, Value], main: list[str]
    ) -> tuple[str, Value] | Question | Refusal:
        found = read_terms(items, self.lex)
        if isinstance(found, AliasDoubt):
            return alias_question(self.line, found)
        if isinstance(found, AddonCount):
            return Refusal(f"'{found.name}' is an add-on, granted or not: it takes no number")
        if isinstance(found, Refusal):
            return found
        fits = [r for r in found.readings if len(r) == 1 and next(iter(r)) in main]
        if not fits:
            shown = self.line[items[0].start : items[-1].end] if items else "nothing"
            return Refusal(
                f"'else {shown}' is not a value of the offered terms ({', '.join(main) or 'none'})"
            )
        if len(fits) > 1:
            options = tuple((next(iter(r)), self._respell(items, r)) for r in fits)
            return Question(f"'else' fits {' and '.join(o for o, _ in options)}: which?", options)
        name, value = next(iter(fits[0].items()))
        if value == reading.get(name):
            return Refusal(f"the fallback equals the offered {name} ({fmt(value)})")
        return name, value

    def _respell(self, items: list[Item], reading: dict[str, Value]) -> str:
        name, value = next(iter(reading.items()))
        start, end = items[0].start, items[-1].end
        return self.line[:start] + f"{name}={fmt(value)}" + self.line[end:]

    def _insert(self, at: int, text: str) -> str:
        return self.line[:at] + text + self.line[at:]
