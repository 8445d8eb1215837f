"""The parts of a line: what the parser knows beside it (`Context`), the shape of a
move (verbs, the clause before `if`, the condition, the fallback, free text), and
small readings shared by the parser and the condition reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from accord.model.issues import Value
from accord.phrasing.lexicon import Item
from accord.phrasing.results import Question, Refusal, Speaker
from accord.phrasing.terms import AliasDoubt

QUIET = (
    "filler",
    "determiner",
    "pronoun",
    "speaker",
    "boundary",
    "connector",
    "noun",
    "authority",
    "remove",
)
#: Verbs after which the rest of the clause is free text (a walk-away's reason).
TAKES_NO_TERMS = ("walk", "silent", "consult", "delay")


@dataclass(frozen=True)
class Context:
    """What the parser may know of the talks: who speaks when the line names no one
    (against a strategy only we type), and each side's standing terms (a condition's
    fallback defaults to the speaker's terms before the offer)."""

    speaker: Speaker | None = None
    standing: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)


@dataclass
class Shape:
    """A move's parts: verbs found, the clause before `if`, the condition, the fallback
    and the free text after a verb that takes none (a walk-away's reason)."""

    kinds: list[tuple[str, Item]]
    main: list[Item]
    cond: list[Item] | None
    fallback: list[Item]
    free: list[Item]


def shape(items: list[Item]) -> Shape | Refusal:
    """Split a move's items at `if` and `else`, and cut the free text after a verb that
    takes no terms."""
    at_if = next((k for k, i in enumerate(items) if i.has("if")), None)
    at_else = next((k for k, i in enumerate(items) if i.has("else")), None)
    if at_else is not None and (at_if is None or at_else < at_if):
        return Refusal("'else' needs a condition ('if ...') before it")
    main = items if at_if is None else items[:at_if]
    cond = None if at_if is None else items[at_if + 1 : at_else]
    fallback = [] if at_else is None else items[at_else + 1 :]
    leading = at_if is not None and items[at_if].text in _LEADING_IF
    if at_if is not None and cond is not None and leading and all(quiet(i) for i in main):
        # `if you sign for 3 years(,) we can do $108`: the condition comes first
        end = next(
            (
                k
                for k in range(1, len(cond))
                if cond[k].text in (",", ";", "then") or cond[k].text in _SUBJECT_WORDS
            ),
            None,
        )
        if end is not None:
            rest = cond[end + 1 :] if cond[end].text in (",", ";", "then") else cond[end:]
            main, cond = main + rest, cond[:end]
    kinds = kinds_of(main)
    free: list[Item] = []
    if kinds and kinds[0][0] in TAKES_NO_TERMS:
        first = next(k for k, i in enumerate(main) if i is kinds[0][1])
        main, free = main[: first + 1], main[first + 1 :]
    return Shape(kinds, main, cond, fallback, free)


#: Markers that may open a line with its condition (not `when`: `when they called, ...`).
_LEADING_IF = ("if", "only if", "provided", "provided that", "as long as", "so long as")
#: Words that start a new clause as its subject (`if you sign, we can do $108`).
_SUBJECT_WORDS = ("we", "i", "they", "he", "she")


def alias_question(line: str, doubt: AliasDoubt) -> Question:
    """Which issue a word that names several means; each option names one."""
    item = doubt.item
    options = tuple((name, line[: item.start] + name + line[item.end :]) for name in doubt.names)
    return Question(f"'{item.text}' could be {' or '.join(doubt.names)}: which?", options)


def quiet(item: Item) -> bool:
    return item.known and item.number is None and all(s.role in QUIET for s in item.senses)


def termish(item: Item) -> bool:
    return item.number is not None or item.has("issue") or item.has("value")


def last_boundary(body: list[Item], before: int) -> int | None:
    marks = [k for k in range(before) if body[k].has("boundary") or body[k].text in (",", ";")]
    return marks[-1] if marks else None


def kinds_of(main: list[Item]) -> list[tuple[str, Item]]:
    """The verbs of a clause. 'offer' after a determiner is a noun (`accept their offer`),
    and 'yes' after an add-on is its value; nouns count only when no other verb does."""
    verbs: list[tuple[str, Item, bool]] = []
    for k, item in enumerate(main):
        if not item.has("kind"):
            continue
        before = main[k - 1] if k else None
        after = main[k + 1] if k + 1 < len(main) else None
        if item.has("issue") and after is not None and (after.text in ("=", ":") or termish(after)):
            continue
        if item.has("bool") and before is not None and before.has("issue"):
            continue
        noun = before is not None and before.has("determiner") and before.text not in ("to",)
        if item.text == "deal" and (noun or any(termish(i) for i in main)):
            continue  # `a one-year deal`, `the deal is off`: the deal is not an acceptance
        nouns = ("offer", "ultimatum", "repeat", *(("accept",) if item.text == "deal" else ()))
        for kind in item.values("kind"):
            verbs.append((str(kind), item, noun and kind in nouns))
    if any(not noun for _, _, noun in verbs):
        verbs = [v for v in verbs if not v[2]]
    if len({k for k, _, _ in verbs}) > 1:
        # `we add consulting`: a verb that is also an add-on's name is the add-on
        verbs = [v for v in verbs if not v[1].has("issue")] or verbs
    return [(k, i) for k, i, _ in verbs]


def rounds_of(items: list[Item]) -> int:
    """`consult authority 2`, `for two rounds`: else 1."""
    for k, item in enumerate(items):
        x = item.number
        if x is None and item.has("numword"):
            x = float(item.values("numword")[0])  # type: ignore[arg-type]  # its number
        if x is None:
            continue
        after = items[k + 1] if k + 1 < len(items) else None
        before = items[k - 1] if k else None
        if (after is not None and after.has("rounds")) or (
            before is not None and before.has("kind") and after is None
        ):
            return int(x)
    return 1


def obligor_of(cond: list[Item], speaker: Speaker) -> str:
    """Who must meet a condition: its first pronoun (`you` is the side spoken to), else
    the side spoken to."""
    addressee = "they" if speaker == "we" else "we"
    for item in cond:
        for role in ("pronoun", "speaker"):
            for who in item.values(role):
                return addressee if who == "you" else str(who)
    return addressee


def fmt(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)
