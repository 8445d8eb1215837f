"""Terms from a clause: which value goes with which issue.

A value is tied to an issue named next to it (`rebate=1.5`, `rebate of 1.5%`,
`1.5% rebate`); the rest are matched by their unit (`60 days` is the issue in
days) and by the values each issue allows (`45` fits only payment_days). When
more than one way of giving every number its own issue remains, every reading
is returned and the caller asks which one was meant; a number no issue takes, a
unit no issue has, or a value outside an issue's grid is refused with the
values it allows. Nothing is rounded to the nearest allowed value.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.errors import InputError
from accord.model.issues import Issue, Value
from accord.phrasing.lexicon import Item, Lexicon, shown_values
from accord.phrasing.results import Refusal
from accord.phrasing.vocabulary import stems

#: Most readings offered back as a question; more means the line should name the issues.
MAX_READINGS = 9
_CURRENCY = ("$", "€", "£", "¥")
#: Units that convert exactly (months to years only when the count is whole years).
_CONVERT = {("month", "year"): 1 / 12, ("year", "month"): 12.0, ("week", "day"): 7.0}
#: Words between a number and what its unit is counted per (`$120 a seat`).
_PER = ("per", "a", "an", "each", "every", "/")
_BINDERS = ("=", ":", "of", "at", "to", "is", "be", "at least", "minimum", "min", "set to")


@dataclass(frozen=True)
class Slot:
    """A number (with its unit) or a categorical value waiting for its issue."""

    index: int
    start: int
    end: int
    number: float | None = None
    unit: str | None = None
    values: tuple[tuple[str, int], ...] = ()

    def shown(self, lex: Lexicon) -> str:
        if self.number is None:
            name, k = self.values[0]
            return str(lex.issues[name].values[k])
        x = f"{self.number:g}"
        return x + (self.unit if self.unit in ("%", "x") else f" {self.unit}" if self.unit else "")


@dataclass(frozen=True)
class Terms:
    """Every complete reading of a clause's terms (one when it is unambiguous), the
    slots whose issue differs between readings, and the items used."""

    readings: tuple[dict[str, Value], ...]
    waiting: tuple[Slot, ...]
    assignments: tuple[tuple[str, ...], ...]
    used: frozenset[int]

    @property
    def open(self) -> tuple[int, ...]:
        """Positions in `waiting` whose issue differs between readings."""
        return tuple(
            k for k in range(len(self.waiting)) if len({a[k] for a in self.assignments}) > 1
        )


@dataclass(frozen=True)
class AliasDoubt:
    """A word that names more than one issue."""

    item: Item
    names: tuple[str, ...]


@dataclass(frozen=True)
class AddonCount:
    """A number said with an add-on (`5 training days`), which is only granted or not: the
    number is never moved to another issue."""

    name: str
    slot: Slot
    #: The add-on's words in the line, so the question can reword it without the number.
    start: int
    end: int


def read_terms(
    items: list[Item], lex: Lexicon, loose: bool = True
) -> Terms | Refusal | AliasDoubt | AddonCount:
    """The terms in `items`. With `loose` False (a condition's free text), a number
    counts only with a unit or next to an issue's name."""
    used: set[int] = set()
    slots = _slots(items, used, lex, loose)
    for i, item in enumerate(items):
        if item.has("per") and i not in used and i > 0 and i - 1 in slots:
            return Refusal(
                f"'{items[i - 1].text} {item.text}': name the issue ({lex.describe_issues()})"
            )
    bound: dict[str, Value] = {}
    runs: dict[str, int] = {}  # where a run of mentions of one issue began
    for i, item in enumerate(items):
        if i in used or i in slots or not item.has("issue"):
            continue
        names = tuple(str(n) for n in item.values("issue"))
        if item.has("noun") and i > 0 and items[i - 1].has("determiner"):
            continue  # `their terms`: their offer, not the issue payment_terms
        if len(names) > 1:
            return AliasDoubt(item, names)
        if _named_again(items, i, names[0]):
            runs.setdefault(names[0], i)
            continue  # `cap the uplift at 3%`: one issue named twice, bound at the last
        found = _bind(items, i, names[0], slots, used, lex, runs.pop(names[0], i))
        if isinstance(found, Refusal) and names[0] in bound and found.text.startswith("no value"):
            continue  # `a cap of 3% on price increases`: named again, without a value
        if isinstance(found, Refusal | AddonCount):
            return found
        if names[0] in bound and bound[names[0]] != found:
            return Refusal(f"'{names[0]}' is given two values ({bound[names[0]]} and {found})")
        bound[names[0]] = found
    waiting = [
        s for i, s in slots.items() if i not in used and (loose or s.unit is not None or s.values)
    ]
    return _assign(waiting, bound, lex, frozenset(used | {s.index for s in waiting}))


def _slots(items: list[Item], used: set[int], lex: Lexicon, loose: bool = True) -> dict[int, Slot]:
    """Numbers with the unit after them (or a currency sign before) and what the unit is
    counted per (`$120 per seat`, `120 a seat`), and values (one slot for a value said
    twice, as in `annually upfront`)."""
    slots: dict[int, Slot] = {}
    for i, item in enumerate(items):
        if i in used:
            continue
        x = item.number
        if x is None and item.has("numword") and not item.has("value"):
            # Senses hold any value: a numword's is its number, a value's (issue, index).
            x = float(item.values("numword")[0])  # type: ignore[arg-type]
        if x is None:
            if item.has("value") and (_modifies(items, i) or (not loose and _qualifies(items, i))):
                continue  # `cap annual increases`: a word that qualifies another issue
            if item.has("value") and (not item.has("issue") or _beside(items, i)):
                values = tuple(item.values("value"))
                if any(s.values == values for s in slots.values()):
                    used.add(i)
                    continue
                slots[i] = Slot(i, item.start, item.end, values=values)  # type: ignore[arg-type]
            continue
        start, end, unit = item.start, item.end, None
        after = items[i + 1] if i + 1 < len(items) else None
        if after is not None and after.has("unit") and not _names_issue(items, i + 1):
            unit, end = str(after.values("unit")[0]), after.end
            used.add(i + 1)
        before = items[i - 1] if i > 0 else None
        money = [str(u) for u in before.values("unit") if u in _CURRENCY] if before else []
        if unit is None and before is not None and (before.text in _CURRENCY or money):
            unit, start = (money[0] if money else before.text), before.start
            used.add(i - 1)  # `$108`, `USD 108`
        if unit is None and before is not None and before.text == "net":
            unit, start = "day", before.start
            used.add(i - 1)  # `net 60`: payment due in 60 days
        k = i + 2 if i + 1 in used else i + 1
        per = lex.per.get(items[k + 1].text, set()) if k + 1 < len(items) else set()
        if per and items[k].text in _PER and ((unit is None and len(per) == 1) or unit in per):
            unit, end = unit or next(iter(per)), items[k + 1].end
            used.update((k, k + 1))
        slots[i] = Slot(i, start, end, x, unit)
    return slots


def _qualifies(items: list[Item], i: int) -> bool:
    """In a condition's free text, a value word right before a word of another kind
    (`if you sign a standard contract`) qualifies that word and is no term."""
    if i + 1 >= len(items) or items[i + 1].text in _FUNCTION:
        return False
    roles = {s.role for s in items[i + 1].senses}
    return not roles or roles <= {"filler", "noun", "per"}


#: Words for a limit: `no cap` is no limit at all, not a limit of 0.
_LIMITS = frozenset(("cap", "ceiling", "limit", "max", "maximum"))
#: Small words after a value that do not make it a qualifier (`pay annually from now on`).
_FUNCTION = frozenset(
    [
        "from",
        "for",
        "on",
        "in",
        "at",
        "to",
        "of",
        "by",
        "now",
        "then",
        "too",
        "also",
        "only",
        "please",
        "instead",
        "again",
        "and",
        "or",
        "but",
        "so",
        "as",
        "with",
        "without",
        "until",
        "before",
        "after",
    ]
)


def _modifies(items: list[Item], i: int) -> bool:
    """Whether the value word at `i` stands right before another issue's name."""
    if i + 1 >= len(items) or not items[i + 1].has("issue"):
        return False
    own = {str(v[0]) for v in items[i].values("value")}  # type: ignore[index]
    return not own & {str(n) for n in items[i + 1].values("issue")}


def _beside(items: list[Item], i: int) -> bool:
    """Whether the value a word that also names an issue may stand for has its own issue
    named next to it (`quarterly payments`: payment's `quarterly over a year`)."""
    names = {str(v[0]) for v in items[i].values("value")}  # type: ignore[index]
    near = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
    return any(names & {str(n) for n in item.values("issue")} for item in near)


def _names_issue(items: list[Item], i: int) -> bool:
    """`days=60`: a unit word that is also an issue's name, followed by = or :."""
    nxt = items[i + 1] if i + 1 < len(items) else None
    return items[i].has("issue") and nxt is not None and nxt.text in ("=", ":")


def _bind(
    items: list[Item],
    i: int,
    name: str,
    slots: dict[int, Slot],
    used: set[int],
    lex: Lexicon,
    first: int,
) -> Value | Refusal | AddonCount:
    """The value for issue `name` named at `i` (and first at `first`, `a 3% ceiling on
    increases`): the slot after its last mention or before its first."""
    issue = lex.issues[name]
    if issue.kind == "addon":
        count = _count(items, i, slots, used)
        if count is not None:
            return AddonCount(name, count, items[i].start, items[i].end)
        return _addon(items, i, used)
    ahead = _ahead(items, i, slots, used)
    behind = _behind(items, first, slots, used)
    options = [s for s in (ahead, behind) if s is not None]
    said = {w for item in items[first : i + 1] for w in item.text.split(" ")}
    none = first > 0 and items[first - 1].text in ("no", "zero") and 0 in issue.values
    if not options and none and not _LIMITS & {s for w in said for s in stems(w)}:
        return issue.values[issue.values.index(0)]  # `no uplift`: the issue's zero
    if not options and none:
        shown = " ".join(item.text for item in items[first : i + 1])
        return Refusal(f"'no {shown}' reads as no limit at all: give '{name}' a value")
    if not options:
        return Refusal(f"no value given for '{name}' (values: {shown_values(issue)})")
    fitting = [s for s in options if fit(issue, s, lex) is not None]
    chosen = fitting[0] if fitting else options[0]
    value = fit(issue, chosen, lex)
    if value is None:
        return Refusal(_misfit(issue, chosen, lex))
    used.add(chosen.index)
    return value


def _named_again(items: list[Item], i: int, name: str) -> bool:
    """Whether the issue named at `i` is named again next, with only quiet words between."""
    for j in range(i + 1, min(i + 4, len(items))):
        if name in items[j].values("issue"):
            return True
        modifier = items[j].has("value") and not items[j].has("issue")
        if not _skippable(items[j]) and not modifier and items[j].text not in ("on", "of"):
            return False
    return False


def _skippable(item: Item) -> bool:
    """A word between an issue and its value that says nothing of the value (`increases`
    in `cap increases at 4%`, `ask` in `their rebate ask to 1.75%`)."""
    roles = {s.role for s in item.senses}
    return bool(roles) and roles <= {"filler", "determiner", "kind", "connector", "remove"}


def _ahead(items: list[Item], i: int, slots: dict[int, Slot], used: set[int]) -> Slot | None:
    j = i + 1
    skipped = 0
    while j < len(items) and (
        items[j].text in _BINDERS
        or _skippable(items[j])
        or (
            j in used and j not in slots and j + 1 in slots and slots[j + 1].start <= items[j].start
        )
    ):
        if items[j].text not in _BINDERS:
            skipped += 1
        if skipped > 2 or items[j].text in (",", ";"):
            return None
        j += 1
    return slots.get(j) if j not in used else None


def _behind(items: list[Item], i: int, slots: dict[int, Slot], used: set[int]) -> Slot | None:
    j = i - 1
    name = items[i].values("issue")[0] if items[i].has("issue") else None
    while (
        j >= 0
        and j not in slots
        and (
            j in used
            or items[j].text == "of"
            or (name is not None and name in items[j].values("issue"))
            or (items[j].has("value") and not items[j].has("issue"))
        )
    ):
        j -= 1  # "1.5 % rebate", "3% a year cap", "1.5 points of rebate", "5% annual increase cap"
    return slots[j] if j >= 0 and j in slots and j not in used else None


def _count(items: list[Item], i: int, slots: dict[int, Slot], used: set[int]) -> Slot | None:
    """A number right before an add-on (`5 training days`, `5 days of training`) or given
    to it (`training_days=5`)."""
    j = i - 1
    while (
        j >= 0
        and j not in slots
        and (
            j in used
            or items[j].text in ("of", "for")
            or {s.role for s in items[j].senses} == {"filler"}
        )
    ):
        j -= 1  # `20 free training days`
    if j >= 0 and j in slots and j not in used and slots[j].number is not None:
        return slots[j]
    if j > 0 and items[j].has("unit") and items[j - 1].text in ("a", "an"):
        unit = str(items[j].values("unit")[0])  # `a week of training`
        return Slot(j, items[j - 1].start, items[j].end, 1.0, unit)
    j = i + 1
    if j + 1 < len(items) and items[j].text in ("=", ":") and j + 1 in slots:
        return slots[j + 1] if slots[j + 1].number is not None else None
    return None


def _addon(items: list[Item], i: int, used: set[int]) -> Value:
    """An add-on is granted (`with X`, `X=yes`, or just named) or not (`without X`, `no X`)."""
    j = i + 1
    while j < len(items) and items[j].text in ("=", ":"):
        j += 1
    if j < len(items) and items[j].has("bool") and not items[j].has("issue"):
        used.add(j)
        return bool(items[j].values("bool")[0])
    for k in (i - 1, i - 2):
        if (
            k >= 0
            and (items[k].has("without") or items[k].has("remove"))
            and not items[k].has("with")
        ):
            return False
        if k >= 0 and items[k].has("with"):
            return True
    return True


def fit(issue: Issue, slot: Slot, lex: Lexicon) -> Value | None:
    """The issue's own value for `slot`, or None when it is not one of its values
    (nothing is rounded to a near value)."""
    if slot.values:
        return next((issue.values[k] for n, k in slot.values if n == issue.name), None)
    if issue.kind == "addon" or slot.number is None:
        return None
    x = slot.number
    if slot.unit is not None and slot.unit != lex.units[issue.name]:
        per = _CONVERT.get((slot.unit, lex.units[issue.name] or ""))
        if per is None:
            return None
        x = x * per  # `24 months` for a term in years: exact on the grid, or not at all
    try:
        return issue.values[issue.index(int(x) if x.is_integer() else x)]
    except InputError:
        return None


def _misfit(issue: Issue, slot: Slot, lex: Lexicon) -> str:
    unit = lex.units[issue.name]
    if slot.values:
        return f"'{slot.shown(lex)}' is not a value of '{issue.name}' ({shown_values(issue)})"
    if slot.unit is not None and slot.unit != unit:
        return f"'{issue.name}' is in {unit or 'plain numbers'}, not {slot.unit}"
    return f"{slot.shown(lex)} is not a value of '{issue.name}' (values: {shown_values(issue)})"


def _candidates(slot: Slot, taken: set[str], lex: Lexicon) -> dict[str, Value]:
    """The issues `slot` can fill, in space order, each with the value it would take."""
    fits = {i.name: fit(i, slot, lex) for i in lex.space.issues if i.name not in taken}
    return {name: value for name, value in fits.items() if value is not None}


def _assign(
    waiting: list[Slot], bound: dict[str, Value], lex: Lexicon, used: frozenset[int]
) -> Terms | Refusal:
    taken = set(bound)
    options = [_candidates(s, taken, lex) for s in waiting]
    for slot, names in zip(waiting, options, strict=True):
        if not names:
            return Refusal(_nowhere(slot, taken, lex))
    found: list[tuple[str, ...]] = []

    def walk(k: int, chosen: tuple[str, ...]) -> None:
        if len(found) > MAX_READINGS:
            return
        if k == len(waiting):
            found.append(chosen)
            return
        for name in options[k]:
            if name not in chosen:
                walk(k + 1, (*chosen, name))

    walk(0, ())
    if not found:
        shown = ", ".join(s.shown(lex) for s in waiting)
        return Refusal(
            f"{shown}: not every number fits an issue of its own; name them (issue=value)"
        )
    if len(found) > MAX_READINGS:
        return Refusal("too many ways to read these numbers; name the issues (issue=value)")
    readings = tuple(
        dict(bound) | {n: fits[n] for n, fits in zip(names, options, strict=True)}
        for names in found
    )
    return Terms(readings, tuple(waiting), tuple(found), used)


def _nowhere(slot: Slot, taken: set[str], lex: Lexicon) -> str:
    shown = slot.shown(lex)
    if slot.values:
        names = ", ".join(sorted({n for n, _ in slot.values}))
        return f"'{shown}' is a value of {names}, which is already given"
    if slot.unit is not None:
        same = [i for i in lex.space.issues if lex.units[i.name] == slot.unit]
        if not same:
            return f"no issue is in {slot.unit} (issues: {lex.describe_issues()})"
        free = [i for i in same if i.name not in taken]
        if free:
            return "; ".join(
                f"{shown} is not a value of '{i.name}' ({shown_values(i)})" for i in free
            )
        return f"{shown}: the issue in {slot.unit} is already given"
    return f"no issue takes the value {shown} (issues: {lex.describe_issues()})"
