"""What a plan adds to the vocabulary: its issues (by name and by the parts of their
names), the values of categorical issues, the units, and the parties' names; and
the reading of tokens into items (the longest known phrase at each position).

Issue names are matched as written (`payment_days`), with spaces or hyphens
(`payment days`, `payment-days`), run together (`paymentdays`), and by a part of
the name that no other issue shares and that is not one of the parser's own
words (`payment`, `term`, `marketing`). A part that two issues share stays
ambiguous and is asked back.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord.model.issues import Issue, Role
from accord.model.space import OutcomeSpace
from accord.phrasing.numerals import word_value
from accord.phrasing.tokens import Token, tokenize
from accord.phrasing.vocabulary import UNITS, VOCABULARY, Sense, stems, unit_key

if TYPE_CHECKING:
    from accord.plan.core import Plan

#: Roles of the parser's own words: a part of an issue name that is one of these is
#: not an alias (so `consulting` stays a verb while `consulting hours` is the issue).
_RESERVED = {
    "kind",
    "speaker",
    "pronoun",
    "say",
    "if",
    "else",
    "with",
    "without",
    "connector",
    "boundary",
    "negation",
    "hedge",
    "determiner",
    "filler",
    "rounds",
    "bool",
    "numword",
    "authority",
}


@dataclass(frozen=True)
class Item:
    """A phrase read from the line: its senses (none: an unknown word), its words, its
    span in the line and, for a number, its value."""

    senses: tuple[Sense, ...]
    text: str
    start: int
    end: int
    number: float | None = None

    def has(self, role: str) -> bool:
        return any(s.role == role for s in self.senses)

    def values(self, role: str) -> list[object]:
        return [s.value for s in self.senses if s.role == role]

    @property
    def known(self) -> bool:
        return bool(self.senses) or self.number is not None


class Lexicon:
    """The vocabulary for one outcome space (and the names of the parties)."""

    def __init__(
        self,
        space: OutcomeSpace,
        our_names: tuple[str, ...] = (),
        their_names: tuple[str, ...] = (),
        side: Role | None = None,
    ) -> None:
        self.space = space
        #: Our role in the plan: who gives each add-on (None: not known).
        self.side = side
        self.issues: dict[str, Issue] = {i.name: i for i in space.issues}
        self.units: dict[str, str | None] = {i.name: unit_key(i.unit) for i in space.issues}
        #: What a unit is counted per (`seat` in `$/seat`), with the unit keys it goes with.
        self.per: dict[str, set[str]] = {}
        self.table: dict[tuple[str, ...], list[Sense]] = {
            tuple(p.split(" ")): list(s) for p, s in VOCABULARY.items()
        }
        self._issue_phrases()
        self._value_phrases()
        self._unit_words()
        self._list_price()
        for names, who in ((our_names, "we"), (their_names, "they")):
            for name in names:
                self._party(name, who)
        self._roles(our_names, their_names)
        self.longest = max(len(k) for k in self.table)

    @classmethod
    def of_plan(cls, plan: Plan) -> Lexicon:
        """The plan's issues, and its parties' names as speakers."""
        ours: list[str] = []
        theirs: list[str] = [plan.counterpart] if plan.counterpart else []
        if plan.scenario is not None:
            us, them = plan.scenario.a, plan.scenario.b
            if plan.side == "B":
                us, them = them, us
            ours.append(us.name)
            theirs.append(them.name)
        return cls(plan.space, tuple(ours), tuple(theirs), plan.side)

    def giver(self, name: str) -> str | None:
        """'we' or 'they': the side that grants add-on `name`, when the plan says."""
        giver = self.issues[name].giver
        if self.side is None or giver is None:
            return None
        return "we" if giver == self.side else "they"

    # building -------------------------------------------------------------------

    def _put(self, words: tuple[str, ...], sense: Sense) -> None:
        senses = self.table.setdefault(words, [])
        if sense not in senses:
            senses.append(sense)

    def _issue_phrases(self) -> None:
        parts: dict[str, set[str]] = {}
        for issue in self.space.issues:
            name = issue.name.lower()
            for form in _forms(name):
                self._put(form, Sense("issue", issue.name))
            for part in re.split(r"[_\-\s]+", name):
                if len(part) >= 3 and not part.isdigit():
                    parts.setdefault(part, set()).add(issue.name)
        for part, names in parts.items():
            roles = {s.role for s in self.table.get((part,), [])}
            addons = all(self.issues[n].kind == "addon" for n in names)
            word = roles == {"filler"} and len(part) >= 4  # `contract`, `support`, not `per`
            if roles & _RESERVED and not (addons and roles == {"kind"}) and not word:
                continue  # `consulting` stays a verb, and names the add-on `consulting_hours`
            for name in sorted(names):
                self._put((part,), Sense("issue", name))
        for part, names in parts.items():
            for other in _ISSUE_WORDS.get(part, ()) if len(names) == 1 else ():
                words = tuple(other.split(" "))
                if all(s.role == "filler" for s in self.table.get(words, [])):
                    self._put(words, Sense("issue", next(iter(names))))

    def _value_phrases(self) -> None:
        """Categorical values as written (`premium 24x7`, `annual upfront`), the aliases
        the scenario declares for any value, and a word of a multi-word value that no
        other value shares and that means nothing else here (`premium`, `upfront`)."""
        owners: dict[str, set[tuple[str, int]]] = {}
        for issue in self.space.issues:
            if issue.kind != "addon" and not issue.is_numeric:
                for k, value in enumerate(issue.values):
                    text = str(value).lower()
                    for form in _forms(text):
                        self._put(form, Sense("value", (issue.name, k)))
                    written = tuple(t.text for t in tokenize(text))
                    single = {
                        w for w in written for w in (w, *_EQUIVALENT.get(w, ())) if " " not in w
                    }
                    for word in single | _initials(written):
                        owners.setdefault(word, set()).add((issue.name, k))
                    for variant in {v for f in _forms(text) for v in _variants(f)}:
                        self._put(variant, Sense("value", (issue.name, k)))
            for alias, value in issue.aliases:
                for form in _forms(alias.lower()):
                    self._put(form, Sense("value", (issue.name, issue.index(value))))
        for word, values in sorted(owners.items()):
            senses = self.table.get((word,), [])
            if (
                len(values) == 1
                and len(word) >= 3
                and word not in _STOP
                and word.replace("-", "").isalpha()
                and all(s.role in ("filler", "issue") for s in senses)
            ):
                # A word that also names an issue is a value only beside that value's
                # issue (`quarterly payments`); see `accord.phrasing.terms`.
                self._put((word,), Sense("value", next(iter(values))))
        for word, equivalents in _EQUIVALENT.items():  # `every week` for `weekly`
            values = {s.value for s in self.table.get((word,), []) if s.role == "value"}
            for phrase in equivalents if len(values) == 1 else ():
                words = tuple(phrase.split(" "))
                if len(words) > 1 and words not in self.table:
                    self._put(words, Sense("value", next(iter(values))))

    def price(self) -> Issue | None:
        """The one numeric issue in money (the price a discount is taken off), or None."""
        money = [i for i in self.space.issues if i.is_numeric and self.units[i.name] in _MONEY]
        return money[0] if len(money) == 1 else None

    def _list_price(self) -> None:
        """`list price`, `list`, `full price`: the top of the price's grid, where a seller's
        list price is (docs/scenarios.md)."""
        price = self.price()
        if price is None:
            return
        top = max(range(price.n), key=lambda k: float(price.values[k]))
        for phrase in LIST_PRICE:
            words = tuple(phrase.split(" "))
            if all(s.role == "filler" for s in self.table.get(words, [])):
                self._put(words, Sense("value", (price.name, top)))

    def _unit_words(self) -> None:
        """Every word of an issue's unit text reads as a harmless filler
        ('1.5x monthly shipments'); a word after `/` or `per` is what the unit is
        counted per (`$120 a seat` is in the unit of `$/seat`)."""
        for issue in self.space.issues:
            tokens = tokenize(issue.unit)
            key = self.units[issue.name]
            if key is not None and key.isalpha() and key not in UNITS:
                # A unit of the scenario's own (`pallets`, `seats`): `200 pallets` is in it
                for word in {key, *stems(key), key + "s"}:
                    self._put((word,), Sense("unit", key))
            for before, t in itertools.pairwise(tokens):
                if key is not None and before.text in ("/", "per") and t.kind == "word":
                    for word in (t.text, *stems(t.text), *_PER.get(stems(t.text)[-1], ())):
                        self.per.setdefault(word, set()).add(key)
                        if (word,) not in self.table:
                            self._put((word,), Sense("per"))
            for t in tokens:
                if t.kind == "word" and (t.text,) not in self.table:
                    self._put((t.text,), Sense("filler"))

    def _roles(self, ours: tuple[str, ...], theirs: tuple[str, ...]) -> None:
        """`the customer`, `the supplier`: a role word is a side only when the parties'
        names say which side sells (`Sensor supplier` is us: the buyer is them)."""
        for names, side in ((ours, "we"), (theirs, "they")):
            words = {t.text for name in names for t in tokenize(name)}
            for group, other in ((_SELL, _BUY), (_BUY, _SELL)):
                if words & set(group):
                    opposite = "they" if side == "we" else "we"
                    for word_group, who in ((group, side), (other, opposite)):
                        for word in word_group:
                            for form in ((word,), ("the", word)):
                                if not self.table.get(form):
                                    self._put(form, Sense("speaker", who))
                    return

    def _party(self, name: str, who: str) -> None:
        words = tuple(t.text for t in tokenize(name) if t.kind == "word")
        if not words:
            return
        candidates = {words, words[1:] if words[0] in ("the", "a", "an") else words}
        candidates.add(words[-1:])
        for form in candidates:
            if form and all(
                s.role not in ("issue", "value", "unit", "kind") for s in self.table.get(form, [])
            ):
                self._put(form, Sense("speaker", who))
                if form[0] not in ("the", "a"):
                    self._put(("the", *form), Sense("speaker", who))

    # reading --------------------------------------------------------------------

    def items(self, tokens: list[Token]) -> list[Item]:
        """The longest known phrase at each position; numbers as numbers; an unknown
        word as an item with no senses."""
        out: list[Item] = []
        i = 0
        while i < len(tokens):
            t = tokens[i]
            item, used = self._phrase(tokens, i)
            if t.kind == "num" and used == 1:
                item = Item((Sense("num", t.number),), t.text, t.start, t.end, t.number)
            out.append(item)
            i += used
        return out

    def _phrase(self, tokens: list[Token], i: int) -> tuple[Item, int]:
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            span = tokens[i : i + n]
            if n == 1 and span[0].kind == "num":
                break  # a number alone is a number; with words it may be a value (`24x7`)
            senses = self.table.get(tuple(t.text for t in span))
            if senses:
                text = " ".join(t.text for t in span)
                return Item(tuple(senses), text, span[0].start, span[-1].end), n
        t = tokens[i]
        for stem in stems(t.text)[1:]:
            senses = self.table.get((stem,))
            if senses:
                return Item(tuple(senses), t.text, t.start, t.end), 1
        return Item((), t.text, t.start, t.end), 1

    def known_words(self) -> list[str]:
        """Words a 'did you mean' may suggest: the scenario's own (issues, values, aliases,
        units) and the move verbs, never a filler or a refusal ('nope' for 'open')."""
        roles = ("issue", "value", "kind", "speaker")
        out = {k[0] for k, senses in self.table.items() if len(k) == 1 and _suggests(senses, roles)}
        for issue in self.space.issues:
            out |= {t.text for t in tokenize(issue.unit) if t.kind == "word"}
        return sorted(w for w in out if w.isalpha() and len(w) >= 4)

    def describe_issues(self) -> str:
        """'rebate (%), stock (x), payment_days (day), co_marketing (add-on), ...'."""
        out = []
        for issue in self.space.issues:
            unit = self.units[issue.name]
            tag = "add-on" if issue.kind == "addon" else unit
            out.append(f"{issue.name} ({tag})" if tag else issue.name)
        return ", ".join(out)


def _suggests(senses: list[Sense], roles: tuple[str, ...]) -> bool:
    return any(s.role in roles for s in senses)


def _forms(text: str) -> set[tuple[str, ...]]:
    """A name as tokens, with its underscores and hyphens as spaces, hyphens, or nothing."""
    forms = set()
    for variant in (
        text,
        re.sub(r"[_\-]+", " ", text),
        re.sub(r"[_\s]+", "-", text),
        re.sub(r"[_\-\s]+", "", text),
    ):
        words = tuple(t.text for t in tokenize(variant))
        if words:
            forms.add(words)
    return forms


#: Small words that never stand for a value alone, even when a value has them (`over` in
#: `quarterly over a year`: `over 40,000 units` is a volume).
_STOP_WORDS = (
    "over under with from into onto upon than then also only just more less some any each"
    " per both all what which here there very even still back down well like year years"
    " month months week weeks day days time"
)
_STOP = frozenset(_STOP_WORDS.split(" "))
#: Words for the list price (the top of the price's grid).
LIST_PRICE = ("list price", "list", "full price", "full list price", "list prices")
#: Role words of the side that sells and of the side that buys.
_SELL = ("supplier", "seller", "vendor", "manufacturer", "provider", "carrier")
_BUY = ("buyer", "customer", "client", "purchaser", "dealer", "distributor", "shipper")
#: Units of money: an issue in one of them is a price.
_MONEY = ("$", "€", "£", "¥")
#: Words a price is counted per that mean the same in a licence deal.
_SEATS = ("seat", "seats", "user", "users", "licence", "licences", "license", "licenses")
_PER: dict[str, tuple[str, ...]] = dict.fromkeys(_SEATS[::2], _SEATS)

#: Words people use for one another in a value (`pay annually` for `annual upfront`).
_EQUIVALENT: dict[str, tuple[str, ...]] = {
    "annual": ("annually", "yearly", "once a year", "every year"),
    "yearly": ("annual", "annually", "once a year", "every year"),
    "monthly": ("month-to-month", "once a month", "every month"),
    "weekly": ("once a week", "every week"),
    "quarterly": ("once a quarter", "every quarter"),
    "upfront": ("up-front", "prepaid", "prepay", "prepayment", "in advance"),
    "instalments": ("installments",),
    "instalment": ("installment",),
}

#: Words for an issue that people use instead of its name's own words: a part of an
#: issue's name (`uplift` in `uplift_cap`) brings the others of its group.
_GROUPS = (
    (
        "uplift",
        "increase",
        "increases",
        "price increase",
        "price increases",
        "price rise",
        "price rises",
        "escalator",
        "escalation",
        "indexation",
    ),
    ("term", "duration", "contract length", "length", "contract term"),
    ("cap", "ceiling"),
    ("seats", "users", "licences", "licenses", "seat count", "headcount"),
    ("payment", "payments", "billing", "invoicing"),
    ("training", "onboarding"),
    ("support", "sla", "service level"),
    ("delivery", "deliveries", "shipping", "shipments"),
)
_ISSUE_WORDS: dict[str, tuple[str, ...]] = {
    word: tuple(w for w in group if w != word) for group in _GROUPS for word in group
}


def _initials(words: tuple[str, ...]) -> set[str]:
    """`jit` for `just-in-time`: the initials of a word of three or more hyphenated parts."""
    out = set()
    for word in words:
        parts = [p for p in word.split("-") if p]
        if len(parts) >= 3:
            out.add("".join(p[0] for p in parts))
    return out


def _variants(form: tuple[str, ...]) -> set[tuple[str, ...]]:
    """`form` with each of its words replaced in turn by an equivalent, and its number
    words in digits (`2 instalments` for `two instalments`)."""
    out = {form}
    for k, word in enumerate(form):
        for other in _EQUIVALENT.get(word, ()):
            out.add((*form[:k], *other.split(" "), *form[k + 1 :]))
        value = word_value(word)
        if value is not None and len(form) > 1:
            out.add((*form[:k], f"{value:g}", *form[k + 1 :]))
    return out


def shown_values(issue: Issue, limit: int = 8) -> str:
    """'1.0, 1.25, 1.5, 1.75, 2.0' (at most `limit`, then '...')."""
    vals = [_fmt(v) for v in issue.values[:limit]]
    return ", ".join(vals) + (", ..." if issue.n > limit else "")


def _fmt(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)
