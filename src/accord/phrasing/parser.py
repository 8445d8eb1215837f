"""A line of text to moves-file entries, deterministically, against a plan's issues.

The reading goes in this order, and stops at the first doubt:

1. the speaker (`we`, `they`, `I`, a party's name) leading the line, or `from us`;
2. a claim split off: a deadline (`need an answer by Friday`) or something said
   (`they say ...`) that is not itself a move; its words are free text;
3. the move's verb (offer, accept, walk away, silent, consult, final offer, add,
   delay; none with terms is an offer), a condition after `if` and a fallback
   after `else`;
4. unknown words outside free text, then the speaker if none was named and the
   context gives none, then refusals (`not`) and hedges (`maybe`): all asked back;
5. the terms (`accord.phrasing.terms`) and the condition, which may ask which
   reading of the numbers, which term the condition applies to, or what applies
   if the condition is not met.

>>> from pathlib import Path
>>> from accord.plan import load_plan
>>> from accord.phrasing import Lexicon, parse
>>> plan = load_plan(Path(__file__).resolve().parents[3] / "examples/dealer_rebate.plan.yaml")
>>> lex = Lexicon.of_plan(plan)
>>> parse("final offer: 2% and 60 days", lex).text
'Who made this move, we or they?'
>>> parse("they: final offer: 2% and 60 days", lex).entries
[{'they': {'ultimatum': {'rebate': 2.0, 'payment_days': 60}}}]
>>> parse("we can do 1.5% if you stock 1.5x, else 1%", lex).move["if"]
{'issue': 'rebate', 'else': 1.0, 'by': 'they', 'text': 'stock 1.5x'}
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import replace
from typing import Any

import yaml

from accord.errors import echo
from accord.phrasing import discounts
from accord.phrasing.clauses import (
    TAKES_NO_TERMS,
    Context,
    Shape,
    alias_question,
    fmt,
    last_boundary,
    quiet,
    rounds_of,
    shape,
    termish,
)
from accord.phrasing.conditions import ConditionReader
from accord.phrasing.lexicon import LIST_PRICE, Item, Lexicon
from accord.phrasing.results import Parsed, Question, Reading, Refusal, Speaker
from accord.phrasing.terms import AddonCount, AliasDoubt, Terms, fit, read_terms
from accord.phrasing.tokens import tokenize
from accord.phrasing.vocabulary import describe_known

#: Words that make a side the subject of a move ("them" and "us" are objects).
_SUBJECTS = ("we", "i", "they", "he", "she")
#: Accepting words that, with terms, offer them (`we'd sign for 3 years`).
_SIGN = (
    "sign",
    "signs",
    "signed",
    "agree to",
    "agrees to",
    "agreed to",
    "sign off on",
    "signs off on",
    "signed off on",
)
EXCLUSIVE = ("accept", "walk", "silent", "consult", "delay")
_MERGED = {
    frozenset({"silent", "delay"}): "delay",
    frozenset({"consult", "delay"}): "consult",
    frozenset({"silent", "consult"}): "consult",
    frozenset({"silent", "consult", "delay"}): "consult",
}


def parse(line: str, lexicon: Lexicon, context: Context | None = None) -> Reading:
    """Read `line` as a move and/or a claim, a question to ask back, or a refusal."""
    text = line.strip()
    if not text:
        return Refusal("nothing to read")
    flow = _flow(text)
    if flow is not None:
        return flow
    ctx = context or Context()
    found = discounts.apply(text, lexicon, ctx)
    if isinstance(found, Question | Refusal):
        return found
    if found is None:
        return _Reader(text, lexicon, ctx).read()
    reading = _Reader(found[0], lexicon, ctx).read()
    if isinstance(reading, Parsed) and reading.move is None:
        return _Reader(text, lexicon, ctx).read()  # a discount in a note is the note's text
    return replace(reading, working=(found[1],)) if isinstance(reading, Parsed) else reading


def _flow(text: str) -> Reading | None:
    """`they: {offer: {rebate: 1.5}}`: a moves-file entry typed as it is (YAML flow)."""
    body = text[2:] if text.startswith("- ") else text
    if not re.match(r"^(we|they)\s*:\s*[{\[]", body, re.IGNORECASE):
        return None
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as e:
        return Refusal(f"malformed entry: {getattr(e, 'problem', e)}")
    if not isinstance(data, dict) or len(data) != 1:
        return Refusal("an entry is one 'we: ...' or 'they: ...'")
    who, what = next(iter(data.items()))
    return Parsed(_side(str(who).lower()), what)  # the pattern above admits only we/they


class _Reader:
    def __init__(self, line: str, lex: Lexicon, ctx: Context) -> None:
        self.line, self.lex, self.ctx = line, lex, ctx
        self.items = lex.items(tokenize(line))

    # the line ---------------------------------------------------------------------

    def read(self) -> Reading:
        named, body = self._speaker()
        if isinstance(named, Refusal):
            return named
        claim, rest = self._claim(body)
        if all(quiet(i) for i in rest):
            if claim is None:
                return Refusal(f"no move in '{self.line}' ({describe_known()})")
            subject = next((i for i in body if i.text in _SUBJECTS), None)
            said_by = _side(subject.values("speaker")[0]) if subject is not None else None
            speaker = named or _owner(body) or _possessor(body) or said_by or self.ctx.speaker
            if speaker is not None and claim[0] == "deadline" and _given(self.items):
                speaker = "they" if speaker == "we" else "we"  # `we have until Friday`: theirs
            return Parsed(speaker, None, claim) if speaker else self._who()
        parts = shape(rest)
        if isinstance(parts, Refusal):
            return parts
        return self._read_move(named, claim, parts)

    def _read_move(
        self, named: Speaker | None, claim: tuple[str, str] | None, shape: Shape
    ) -> Reading:
        doubt = self._unknown(shape)
        if doubt is not None:
            return doubt
        subjects = {_side(i.values("speaker")[0]) for i in shape.main if i.text in _SUBJECTS}
        if len(subjects | ({named} if named else set())) > 1:
            return Refusal("the line names both sides as the one who moves: one move per line")
        subject = subjects.pop() if subjects else None
        speaker = named or subject or _owner(shape.main) or self.ctx.speaker
        if speaker is None:
            return self._who()
        doubt = self._refusals(shape, speaker)
        if doubt is not None:
            return doubt
        move = self._move(shape, speaker)
        if isinstance(move, Question | Refusal):
            return move
        return Parsed(speaker, move, claim)

    def _speaker(self) -> tuple[Speaker | Refusal | None, list[Item]]:
        items = list(self.items)
        named: set[Speaker] = set()
        if items and items[0].has("speaker"):
            named.add(_side(items[0].values("speaker")[0]))
            items = items[1:]
        for item in [i for i in items if i.has("from")]:
            named.add(_side(item.values("from")[0]))
            items.remove(item)
        for k in range(len(items) - 2, -1, -1):
            if items[k].text == "from" and items[k + 1].has("speaker"):
                named.add(_side(items[k + 1].values("speaker")[0]))  # `no answer from the dealer`
                del items[k : k + 2]
        if len(named) > 1:
            return Refusal("the line names both sides as the speaker"), items
        return (named.pop() if named else None), items

    def _claim(self, body: list[Item]) -> tuple[tuple[str, str] | None, list[Item]]:
        said = next((k for k, i in enumerate(body) if i.has("say")), None)
        due = self._deadline(body)
        if due is not None:
            cut = said if said is not None and said < due else last_boundary(body, due)
            if cut is None and _about(body[:due]):
                return ("deadline", self._span(body)), []  # `our offer is valid until June`
            if cut is not None:
                start = body[cut + 1]
            else:
                start = body[0] if all(quiet(i) for i in body[:due]) else body[due]
            text = self._text(start.start, body[-1].end)
            return ("deadline", text), body[: cut if cut is not None else due]
        if said is None:
            reported = self._reported(body)
            return reported, body if reported is None else []
        content = body[said + 1 :]
        while content and content[0].text in ("that", "them", "us", "him", "her", "you"):
            content = content[1:]  # `we tell them (that) ...`
        if any(i.has("authority") for i in body[:said]):
            return ("note", self._text(body[0].start, body[-1].end)), []  # `my VP says no`
        if not content:
            return None, body
        if not _third_party(content) and any(i.has("kind") or termish(i) for i in content):
            return None, body[:said] + content  # saying a move is making it
        return ("note", self._text(content[0].start, content[-1].end)), body[:said]

    def _reported(self, body: list[Item]) -> tuple[str, str] | None:
        """`the CFO mandated 15% savings`: what someone away from the table wants is a
        note, unless the line says the side consults them."""
        lead = body[1:2] if body and body[0].has("determiner") else body[:1]
        if not lead or not lead[0].has("authority"):
            return None
        if any(k == "consult" for i in body for k in i.values("kind")):
            return None
        return "note", self._text(body[0].start, body[-1].end)

    def _deadline(self, body: list[Item]) -> int | None:
        """The first deadline phrase that is not inside an `if` clause."""
        inside = False
        for k, item in enumerate(body):
            if item.has("if"):
                inside = True
            elif item.has("boundary") and item.text in (",", ";", "but"):
                inside = False
            elif item.has("deadline") and not inside:
                return k
        return None

    def _text(self, start: int, end: int) -> str:
        return self.line[start:end].strip().rstrip(".!").strip()

    def _span(self, items: list[Item]) -> str:
        return self._text(items[0].start, items[-1].end) if items else ""

    def _who(self) -> Question:
        return Question(
            "Who made this move, we or they?",
            (("we", f"we {self.line}"), ("they", f"they {self.line}")),
        )

    # the move's shape -----------------------------------------------------------------

    def _unknown(self, shape: Shape) -> Question | None:
        strict = shape.main + shape.fallback
        if shape.kinds and shape.kinds[0][0] in TAKES_NO_TERMS:
            strict = shape.main
        word = next((i for i in strict if not i.known), None)
        if word is None:
            return None
        hint = f"issues: {self.lex.describe_issues()}; moves: {describe_known()}"
        known = [w for w in self.lex.known_words() if w[0] == word.text[0]]
        close = difflib.get_close_matches(word.text, known, n=3, cutoff=0.75)
        close = [w for w in close if _edits(word.text, w) <= (2 if len(w) >= 7 else 1)]
        if not close:
            return Question(f"I do not know the word '{echo(word.text)}' ({hint}).")
        fixed = self.line[: word.start] + close[0] + self.line[word.end :]
        return Question(
            f"I do not know the word '{echo(word.text)}': did you mean '{close[0]}'? (yes, or "
            "type the line again)",
            (("yes", fixed),),
        )

    def _refusals(self, shape: Shape, speaker: Speaker) -> Question | None:
        for k, item in enumerate(shape.main):
            nxt = shape.main[k + 1] if k + 1 < len(shape.main) else None
            if item.has("negation") and not (nxt is not None and nxt.has("issue")):
                who = "we" if speaker == "we" else "they"
                return Question(
                    f"'{item.text}' reads as a refusal, which is not a move: did {who} stay "
                    "silent or walk away? (or type the counter-offer)",
                    (("silent", f"{who} are silent"), ("walk away", f"{who} walk away")),
                )
            if item.has("hedge"):
                rest = (self.line[: item.start] + self.line[item.end :]).replace("  ", " ")
                return Question(
                    f"'{item.text}' sounds tentative: record it as a move? (yes, or type "
                    "what was said)",
                    (("yes", rest.strip()),),
                )
        return None

    # the move -----------------------------------------------------------------------

    def _move(self, shape: Shape, speaker: Speaker) -> Any:
        kinds = {k for k, _ in shape.kinds}
        wish = kinds & {"delay", "consult", "silent"} and not kinds & {"accept", "walk"}
        if "offer" in kinds and wish and not any(map(termish, shape.main)):
            kinds.discard("offer")  # `they want to sleep on it`: the wish is the other move
            shape.kinds = [(k, i) for k, i in shape.kinds if k != "offer"]
        if len(shape.kinds) == 1 and shape.kinds[0][1].has("issue"):
            verb = shape.kinds[0][1]  # `they need consulting`: the verb or the add-on?
            if not any(i.has("authority") for i in shape.main + shape.free):
                name = str(verb.values("issue")[0])
                return Question(
                    f"'{verb.text}': did {speaker} consult their side, or is it {name}?",
                    (
                        ("consult", f"{speaker} consult authority"),
                        (name, f"{speaker} offer {name}"),
                    ),
                )
        if "ultimatum" in kinds:
            kinds -= {"offer", "repeat"}
        first = shape.kinds[0][1] if shape.kinds else None
        if kinds == {"accept"} and first is not None and _authority_before(shape.main, first):
            return self._plain("consult", shape, speaker)  # `they need their board to sign off`
        if kinds == {"accept"} and (shape.cond is not None or any(map(termish, shape.main))):
            if all(i.text in _SIGN for k, i in shape.kinds):
                kinds = {"offer"}  # `they'd sign at $90 for two years`: these terms, offered
            elif shape.cond is not None:
                return self._plain("accept", shape, speaker)
        only = kinds & set(EXCLUSIVE)
        if only and len(kinds) > 1:
            merged = _MERGED.get(frozenset(kinds))
            if merged is None:
                a, b = sorted(kinds)[:2]
                return Refusal(f"the line reads as both '{a}' and '{b}': type one move per line")
            kinds = only = {merged}
        if only and shape.cond is not None:
            return Refusal(f"a condition goes with an offer, not with '{next(iter(only))}'")
        if only:
            return self._plain(next(iter(only)), shape, speaker)
        return self._proposal(kinds, shape, speaker)

    def _plain(self, kind: str, shape: Shape, speaker: Speaker) -> Any:
        if kind == "accept":
            terms = read_terms([i for i in shape.main if not i.has("kind")], self.lex)
            said = isinstance(terms, Terms) and any(terms.readings[0])
            if said or shape.cond is not None:
                verb = next(i for k, i in shape.kinds if k == "accept")
                offer = self.line[: verb.start] + "offer" + self.line[verb.end :]
                return Question(
                    "Accepting takes the other side's standing offer as it is: did "
                    f"{speaker} accept it, or offer these terms?",
                    (("accept", f"{speaker} accept"), ("offer", offer)),
                )
            return "accept"
        if kind == "walk":
            return "walk away"
        text = self._span(shape.free)
        if kind == "silent" and shape.free and shape.free[0].text == "for":
            return {"delay": text}
        if kind == "silent":
            return "silent"
        if kind == "delay":
            return {"delay": text} if text else "delay"
        rounds = rounds_of(shape.main + shape.free)
        return "consult authority" if rounds == 1 else {"consult authority": rounds}

    def _proposal(self, kinds: set[str], shape: Shape, speaker: Speaker) -> Any:
        verbs = [i for _, i in shape.kinds]
        if verbs and all(_indefinite(shape.main, v) for v in verbs):
            # `they have a quote at 9,000 yen`: whose? theirs to us, or one they hold
            whose = "our" if speaker == "we" else "their"
            return Question(
                f"Is this {whose} offer, or a claim about one (a note)?",
                (
                    ("offer", f"{speaker} offer " + self._span(self._after_verb(shape))),
                    ("note", f"{speaker}: {{note: {self.line!r}}}"),
                ),
            )
        terms = read_terms([i for i in shape.main if _term_word(i, verbs)], self.lex)
        if isinstance(terms, AliasDoubt):
            return alias_question(self.line, terms)
        if isinstance(terms, AddonCount):
            return self._count(terms)
        if isinstance(terms, Refusal):
            return terms
        if len(terms.readings) > 1:
            return self._readings(terms)
        doubt = self._percent(terms)
        if doubt is not None:
            return doubt
        reading = dict(terms.readings[0]) if terms.readings else {}
        condition = None
        if shape.cond is not None:
            condition = ConditionReader(self.line, self.lex, self.ctx).read(shape, speaker, reading)
            if isinstance(condition, Question | Refusal):
                return condition
        addons = [n for n, v in reading.items() if self.lex.issues[n].kind == "addon" and v]
        core = [n for n in reading if self.lex.issues[n].kind != "addon"]
        if "ultimatum" in kinds:
            return _with({"ultimatum": reading}, condition)
        granted = len(addons) == 1 and not core and condition is None and len(reading) == 1
        if granted and self.lex.giver(addons[0]) in (None, speaker):
            return {"add": addons[0]}  # only the giver grants; the other side asks for it
        if "add" in kinds and not reading:
            names = [i.name for i in self.lex.space.issues if i.kind == "addon"]
            return Question(f"Add what? Add-ons: {', '.join(names) or '(none in this plan)'}.")
        if reading or "repeat" in kinds:
            return _with({"offer": reading}, condition)
        if "offer" in kinds and any(i.has("authority") for i in shape.main):
            return "consult authority"  # `they must ask their boss`
        if "offer" in kinds:
            return Question(
                f"Which terms did {speaker} offer? e.g. `{speaker} offer "
                f"{self._example()}` ({self.lex.describe_issues()})."
            )
        return Refusal(f"no move in '{self.line}' ({describe_known()})")

    def _percent(self, terms: Terms) -> Question | None:
        """`we can do 5%` in a plan with a price in money: a percentage that no issue's
        name claims may be that issue's or a discount on the price; asked back."""
        price = discounts.price_issue(self.lex)
        if price is None or not terms.assignments:
            return None
        for slot, name in zip(terms.waiting, terms.assignments[0], strict=True):
            if slot.unit == "%" and name != price.name and slot.number:  # 0% is no discount
                value = fit(self.lex.issues[name], slot, self.lex)
                line = self.line
                as_issue = line[: slot.start] + f"{name}={fmt(value)}" + line[slot.end :]
                off = line[: slot.start] + f"{fmt(slot.number)}% off" + line[slot.end :]
                return Question(
                    f"{slot.shown(self.lex)}: {name}={fmt(value)}, or {fmt(slot.number)}% off "
                    f"the {price.name}?",
                    ((name, as_issue), ("off", off)),
                )
        return None

    def _after_verb(self, shape: Shape) -> list[Item]:
        last = shape.kinds[-1][1]
        return shape.main[shape.main.index(last) + 1 :]

    def _count(self, found: AddonCount) -> Question:
        """`we'll throw in 5 training days`: the add-on is granted or not; the number is
        asked about, never given to another issue."""
        slot, line = found.slot, self.line
        if slot.start < found.start:
            without = line[: slot.start] + line[found.start :]
        else:
            without = line[: found.end] + "=yes" + line[slot.end :]
        return Question(
            f"'{found.name}' is an add-on, granted or not: it carries no number "
            f"({slot.shown(self.lex)}). Record it as granted? (yes, or type the line again "
            "naming the issue for the number)",
            (("yes", without),),
        )

    def _readings(self, terms: Terms) -> Question:
        slots = [terms.waiting[k] for k in terms.open]
        shown = ", ".join(s.shown(self.lex) for s in slots)
        options = []
        lines = []
        for n, names in enumerate(terms.assignments, start=1):
            line = self.line
            pairs = sorted(zip(names, terms.waiting, strict=True), key=lambda p: -p[1].start)
            for name, slot in pairs:
                value = fit(self.lex.issues[name], slot, self.lex)
                line = line[: slot.start] + f"{name}={fmt(value)}" + line[slot.end :]
            options.append((str(n), line))
            lines.append(f"{n}) " + ", ".join(f"{a}={s.shown(self.lex)}" for a, s in pairs[::-1]))
        text = f"{shown} could go to more than one issue: which reading? " + "  ".join(lines)
        return Question(text, tuple(options))

    def _example(self) -> str:
        parts = []
        for issue in self.lex.space.issues[:2]:
            parts.append(f"{issue.name}={fmt(issue.values[issue.n // 2])}")
        return " ".join(parts)


# helpers --------------------------------------------------------------------------------


def _owner(body: list[Item]) -> Speaker | None:
    """`their CFO ...`, `my VP ...`, `our proposal: ...`, `their final offer is $102`: the
    side whose authority or offer leads the line."""
    for k in range(min(3, len(body) - 1)):  # `this is our final offer: 1.5%`
        first, second = body[k], body[k + 1]
        if second.has("authority") or second.has("noun") or "ultimatum" in second.values("kind"):
            for who in first.values("pronoun"):
                if who in ("we", "they") and first.has("determiner"):
                    return _side(who)
        if first.has("kind") and not first.has("noun"):
            return None  # `accept their offer`: the offer is the other side's
    return None


def _given(items: list[Item]) -> bool:
    """`we have until Friday`: a deadline the speaker was given, so the other side's claim."""
    for before, item in itertools.pairwise(items):
        if item.has("deadline") and before.text in ("have", "has", "got", "had"):
            return True
    return False


def _indefinite(items: list[Item], verb: Item) -> bool:
    """Whether a move's noun comes after `a`, `an` or `another` (`a quote`, `an offer`)."""
    k = next(k for k, i in enumerate(items) if i is verb)
    after_a = k > 0 and items[k - 1].text in ("a", "an", "another")
    return after_a and (verb.has("noun") or verb.text in _QUOTES)


#: Nouns for an offer that a side may hold from someone else.
_QUOTES = ("quote", "quotes", "bid", "bids", "proposal", "offer", "offers")


def _authority_before(items: list[Item], verb: Item) -> bool:
    """Whether an authority is named before `verb`: it is theirs to accept, not the side's."""
    for item in items:
        if item is verb:
            return False
        if item.has("authority"):
            return True
    return False


def _edits(a: str, b: str) -> int:
    """Letters to insert, delete, change or swap to turn `a` into `b` (a typo is one or
    two: `seet` for `seat`, `opne` for `open`; `weak` is not `walk`)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


def _term_word(item: Item, verbs: list[Item]) -> bool:
    """Whether `item` may carry terms: not a verb of the move (a verb that is also an
    add-on's name, `consulting` beside `add`, names the add-on)."""
    if not item.has("kind"):
        return True
    return item.has("remove") or (item.has("issue") and all(item is not v for v in verbs))


def _about(items: list[Item]) -> bool:
    """Whether words before a deadline only say what it is about (`our offer is`, `we
    need a signature`): no number, no value, no verb but a noun after a determiner."""
    for k, item in enumerate(items):
        if item.number is not None or item.has("value"):
            return False
        if item.has("kind") and not (k and items[k - 1].has("determiner")):
            return False
    return bool(items)


def _possessor(body: list[Item]) -> Speaker | None:
    """`our offer ...`, `their price ...`: the side a claim's leading possessive names."""
    if body and body[0].has("determiner"):
        for who in body[0].values("pronoun"):
            if who in ("we", "they"):
                return _side(who)
    return None


def _lead_in(item: Item) -> bool:
    """A word before what is said proper (`the`, `:`, `ok,`)."""
    roles = {s.role for s in item.senses}
    spoken = item.text in ("ok", "okay", "well", "so", "oh", "um", "uh", "yes", "look")
    return spoken or (bool(roles) and roles <= {"determiner", "connector", "boundary"})


def _third_party(content: list[Item]) -> bool:
    """Whether what is said is a report, not a move: its subject (after `the`, `their`)
    is not a side, a move's verb, `it`, or terms (`the CFO mandated ...`, `competitors
    pay 2%`, `budget approval came through`, `our price is too high`)."""
    objects = ("them", "us", "him", "her", "you", "that")
    subject = next((i for i in content if not _lead_in(i) and i.text not in objects), None)
    if subject is None or subject.has("authority") or subject.text in LIST_PRICE:
        return subject is not None  # `our list price goes up 7%`: about the list, no offer
    if subject.has("speaker") or subject.has("kind") or subject.text in ("it", "this"):
        return False
    at = content.index(subject)
    money = subject.has("unit") and at + 1 < len(content) and content[at + 1].number is not None
    if money or any(subject.has(role) for role in ("num", "value", "numword")):
        return False  # `$102 is their best and final`; `the yen is weak` is a report
    valued = any(i.number is not None or i.has("value") for i in content)
    return not (subject.has("issue") and valued)


def _with(move: dict[str, Any], condition: dict[str, Any] | None) -> dict[str, Any]:
    return move if condition is None else {**move, "if": condition}


def _side(value: object) -> Speaker:
    """The side a speaker word names: the lexicon maps each one to "we" or "they"."""
    if value == "we":
        return "we"
    if value == "they":
        return "they"
    raise ValueError(f"{value!r} is not a side")
