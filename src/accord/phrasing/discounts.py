"""A discount said relative to a price (`5% off`, `a 10% discount`, `$6 off list`,
`another 5% off`), worked out on the plan's price issue: the one issue in money.

The price it is taken off is the list price (the top of the grid) when the line
says `list`, else the highest price on the table (the seller's ask: a discount is
off the price asked, whoever speaks). The result must be a value of the issue: an
exact one replaces the discount in the line (`price_per_seat=114`) and the working
is kept to be shown; one between two values is asked back with both, and with
no price on the table the list price is offered as a question. Nothing is rounded
silently. A plan without an issue in money refuses a discount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from accord.model.issues import Issue
from accord.model.units import show_value
from accord.phrasing.clauses import Context, fmt
from accord.phrasing.lexicon import Lexicon
from accord.phrasing.numerals import word_value
from accord.phrasing.results import Question, Refusal
from accord.phrasing.tokens import Token, tokenize

#: Words after an amount that make it a discount (`5% off`, `a 5% discount`).
_AFTER = ("off", "discount", "discounts", "reduction", "cheaper", "less", "lower")
#: Words before an amount that make it a discount (`a discount of 5%`).
_BEFORE = ("discount", "reduction", "cut")
#: Verbs and nouns of cutting a price (`cut the price by 5%`, `a 10% price cut`).
_CUT = (
    "cut",
    "cuts",
    "reduce",
    "reduces",
    "reduced",
    "reduction",
    "lower",
    "lowers",
    "lowered",
    "drop",
    "drops",
    "dropped",
    "discount",
    "discounted",
    "decrease",
    "decreased",
)
#: Words before a discount that belong to it (`another 5% off`).
_MORE = ("another", "extra", "further", "additional", "an", "a")
_PERCENT = ("%", "percent", "pct")
_CURRENCY = ("$", "€", "£", "¥", "usd", "eur", "gbp", "jpy", "dollars", "euros", "bucks")
#: What a discount may be said to be taken off, and whether that is the list price.
_OFF = {
    ("list",): True,
    ("list", "price"): True,
    ("the", "list", "price"): True,
    ("the", "list"): True,
    ("our", "list", "price"): True,
    ("the", "price"): False,
    ("our", "price"): False,
    ("your", "price"): False,
    ("that",): False,
    ("it",): False,
}


@dataclass(frozen=True)
class Discount:
    """A discount found in a line: its span, its size and what it is taken off."""

    start: int
    end: int
    amount: float
    percent: bool
    list_price: bool


def find(line: str) -> Discount | None:
    """The first discount said in `line`, if any."""
    tokens = tokenize(line)
    for k, t in enumerate(tokens):
        number = t.number if t.kind == "num" else word_value(t.text)
        amount = None if number is None else _amount(tokens, k)
        if number is None or amount is None:
            continue
        percent, after = amount
        start = _start(tokens, k, percent)
        before = _at(tokens, start - 1)
        nxt = _at(tokens, after)
        listed = False
        if nxt in _AFTER:
            end = after + 1
        elif nxt == "price" and _at(tokens, after + 1) in _CUT:
            end = after + 2  # `a 10% price cut`
        elif before in _BEFORE or (before == "of" and _at(tokens, start - 2) in _BEFORE):
            end = after
            start = start - 1 if before in _BEFORE else start - 2
        elif before == "by" and (verb := _cut_before(tokens, start - 1)) is not None:
            end = after  # `cut the (list) price by 5%`
            listed = "list" in (u.text for u in tokens[verb:start])
            start = verb
        else:
            continue
        list_price, end = _taken_off(tokens, end)
        while start > 0 and tokens[start - 1].text in _MORE:
            start -= 1
        found = Discount(tokens[start].start, tokens[end - 1].end, number, percent, list_price)
        return replace(found, list_price=True) if listed else found
    return None


def _cut_before(tokens: list[Token], by: int) -> int | None:
    """Where `... by N%` starts: a cutting verb at most four words before `by`, with the
    price it cuts (`cut the list price by`, `the price cut by`, `reduce it by`)."""
    for j in range(by - 1, max(by - 5, -1), -1):
        if tokens[j].text in _CUT:
            start = j
            while start > 0 and tokens[start - 1].text in ("the", "our", "your", "list", "price"):
                start -= 1
            return start
    return None


def _amount(tokens: list[Token], k: int) -> tuple[bool, int] | None:
    """Whether the number at `k` is a percentage or money, and the index after it."""
    nxt = tokens[k + 1].text if k + 1 < len(tokens) else ""
    prev = tokens[k - 1].text if k else ""
    if nxt in _PERCENT:
        return True, k + 2
    if nxt == "per" and k + 2 < len(tokens) and tokens[k + 2].text == "cent":
        return True, k + 3
    if nxt in _CURRENCY:
        return False, k + 2
    if prev in _CURRENCY:
        return False, k + 1
    return None


def _at(tokens: list[Token], k: int) -> str:
    return tokens[k].text if 0 <= k < len(tokens) else ""


def _start(tokens: list[Token], k: int, percent: bool) -> int:
    prev = tokens[k - 1].text if k else ""
    return k - 1 if not percent and prev in _CURRENCY else k


def _taken_off(tokens: list[Token], end: int) -> tuple[bool, int]:
    """`off list`, `off the list price`, `off our price`: whether off the list price, and
    the end of the discount's words."""
    at = end + 1 if end < len(tokens) and tokens[end].text in ("off", "on", "from") else end
    words = [t.text for t in tokens[at : at + 3]]
    for n in (3, 2, 1):
        said = tuple(words[:n])
        if len(said) == n and said in _OFF:
            return _OFF[said], at + n
    return False, end


def _elsewhere(line: str, found: Discount, lex: Lexicon, price: Issue | None) -> bool:
    """Whether the discount's words, or the word right after them, name another issue."""
    items = lex.items(tokenize(line[found.start :]))
    inside = [i for i in items if i.start < found.end - found.start]
    after = items[len(inside) : len(inside) + 1]
    named = {str(n) for i in inside + after for n in i.values("issue")}
    return bool(named - ({price.name} if price is not None else set()))


def price_issue(lex: Lexicon) -> Issue | None:
    """The one numeric issue in money, or None."""
    return lex.price()


def apply(line: str, lex: Lexicon, ctx: Context) -> tuple[str, str] | Question | Refusal | None:
    """`line` with its discount replaced by the price it gives, and the working shown
    (`5% off $120/seat is $114/seat`); or a question, a refusal, or None without one."""
    found = find(line)
    if found is None:
        return None
    issue = price_issue(lex)
    if _elsewhere(line, found, lex, issue):
        return None  # `10% less seats`, `seats reduced by 5%`: not the price
    if issue is None:
        return Refusal(
            f"'{line[found.start : found.end]}' is a discount, and no single issue of this "
            f"plan is in money ({lex.describe_issues()})"
        )
    top = max(float(v) for v in issue.values)
    table = [float(t[issue.name]) for t in ctx.standing.values() if issue.name in t]
    base = top if found.list_price or not table else max(table)
    price = base * (1 - found.amount / 100) if found.percent else base - found.amount
    less = f"{fmt(found.amount)}%" if found.percent else show_value(issue, _num(found.amount))
    shown = show_value(issue, _num(base)), show_value(issue, _num(price))
    working = f"{shown[0]} less {less} is {shown[1]}"
    exact = [v for v in issue.values if math.isclose(float(v), price, abs_tol=1e-6)]
    if exact and (found.list_price or table):
        return _put(line, found, issue, exact[0]), working
    options = [v for v in _near(issue, price) if v < base] if not exact else list(exact)
    grid = [float(v) for v in issue.values]
    if not options or not min(grid) <= price <= max(grid):
        return Refusal(f"{working}, outside the values of '{issue.name}'")
    where = "" if found.list_price or table else " (no price is on the table: off the list price)"
    asked = "record it?" if exact else "which price?"
    return Question(
        f"{working}{where}: {asked} ("
        + " or ".join(show_value(issue, v) for v in options)
        + ", or type the line again)",
        tuple((fmt(v), _put(line, found, issue, v)) for v in options),
    )


def _near(issue: Issue, price: float) -> list[float | int]:
    """The values of `issue` just below and just above `price`."""
    values = sorted(float(v) for v in issue.values)
    below = [v for v in values if v < price]
    above = [v for v in values if v > price]
    return [_num(v) for v in (below[-1:] + above[:1])]


def _put(line: str, found: Discount, issue: Issue, value: object) -> str:
    return line[: found.start] + f"{issue.name}={fmt(value)}" + line[found.end :]


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)
