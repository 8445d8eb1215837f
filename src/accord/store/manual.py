"""A real negotiation entered by hand, as the relationship model's record of it.

A negotiator knows roughly what the deal was worth to each side on a 0-1 scale
(1: the best conceivable terms, the reservation: as good as walking away) and
who conceded how much; accord turns that into a `NegotiationRecord` so the
ledger's trust, resentment and long-term value are the model's own numbers.

With a plan, the deal can be entered by its terms instead (`--terms
"price_per_seat=108, seats=1200, ..."`): our utility is the plan's, theirs our
plan's estimate of them (`valued`), and the terms are kept with the outcome
(its metrics column, `entered_terms` reads them back) so the ledger shows them.

The fair reference (DESIGN.md's Nash point) cannot be computed without both
utility functions, so it is entered as our fair share of the joint surplus:
0.5 (the default) when neither side had more power or put in more, which is
where the Nash point of a deal with transferable value lies. We are side A,
the counterparty side B.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from accord.errors import InputError
from accord.model.issues import Issue, Role, Value
from accord.model.space import OutcomeSpace
from accord.model.units import show_terms, show_value
from accord.relationship import ConditionTerm, NegotiationRecord

if TYPE_CHECKING:
    from accord.plan.core import Plan
    from accord.store.database import Store

Side = Literal["us", "them"]
_ROLE: dict[str, Role] = {"us": "A", "them": "B"}


@dataclass(frozen=True)
class Entered:
    """What the user typed. Utilities and reservations lie in [0, 1]; `fair_us`
    is our fair share of the surplus; `conceded_*` how much utility each side gave
    up from its opening; the condition (P12) is met by `obligor`, valued at
    `if_broken_*` when it is not met, believed met with probability `belief`."""

    agreement: bool
    utility_us: float | None
    utility_them: float | None
    reservation_us: float = 0.0
    reservation_them: float = 0.0
    fair_us: float = 0.5
    conceded_us: float = 0.0
    conceded_them: float = 0.0
    triumph: Side | None = None
    ultimatum_by: Side | None = None
    condition: str | None = None
    obligor: Side = "them"
    belief: float = 0.9
    if_broken_us: float | None = None
    if_broken_them: float | None = None
    scenario: str = ""


def record(e: Entered) -> NegotiationRecord:
    """The relationship's record of an entered negotiation, or an `InputError`
    naming the option that is wrong.

    We kept two thirds of the surplus where half was fair: they fell 1/6 short.

    >>> r = record(Entered(True, 0.75, 0.75, reservation_us=0.25, reservation_them=0.5))
    >>> [round(x, 3) for x in r.shares], r.fair_shares, round(r.shortfall("B"), 3)
    ([0.667, 0.333], (0.5, 0.5), 0.167)
    """
    reservations = (
        _unit(e.reservation_us, "--reservation-us"),
        _unit(e.reservation_them, "--reservation-them"),
    )
    _unit(e.fair_us, "--fair-us")
    conceded = (
        _nonnegative(e.conceded_us, "--conceded-us"),
        _nonnegative(e.conceded_them, "--conceded-them"),
    )
    if not e.agreement:
        if e.condition is not None:
            raise InputError("a condition needs an agreement", field="--condition")
        return NegotiationRecord(
            agreement=False,
            utilities=reservations,
            reservations=reservations,
            concessions=conceded,
            tactics=_tactics(e),
            ultimatum_by=None if e.ultimatum_by is None else _ROLE[e.ultimatum_by],
            reason="no agreement",
            scenario=e.scenario,
            strategies=("us", "them"),
        )
    if e.utility_us is None or e.utility_them is None:
        raise InputError(
            "an agreement needs both sides' utilities",
            field="--utility-us/--utility-them",
            expected="numbers in [0, 1]",
        )
    utilities = (_unit(e.utility_us, "--utility-us"), _unit(e.utility_them, "--utility-them"))
    joint = sum(max(0.0, u - r) for u, r in zip(utilities, reservations, strict=True))
    nash = None
    if joint > 0:
        nash = (reservations[0] + e.fair_us * joint, reservations[1] + (1 - e.fair_us) * joint)
    return NegotiationRecord(
        agreement=True,
        utilities=utilities,
        reservations=reservations,
        nash=nash,
        concessions=conceded,
        tactics=_tactics(e),
        condition=_condition(e, utilities),
        reason="agreement",
        scenario=e.scenario,
        strategies=("us", "them"),
    )


def _condition(e: Entered, met: tuple[float, float]) -> ConditionTerm | None:
    if e.condition is None:
        return None
    text = e.condition.strip()
    if not text:
        raise InputError("an empty condition", field="--condition", expected="the condition's text")
    belief = _unit(e.belief, "--belief")
    fallback = (
        met[0] if e.if_broken_us is None else _unit(e.if_broken_us, "--if-broken-us"),
        met[1] if e.if_broken_them is None else _unit(e.if_broken_them, "--if-broken-them"),
    )
    return ConditionTerm(
        issue="condition",
        obligor=_ROLE[e.obligor],
        beliefs=(belief, belief),
        met=met,
        fallback=fallback,
        text=text,
    )


def _tactics(e: Entered) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    counts: list[dict[str, int]] = [{}, {}]
    if e.triumph is not None:
        counts[0 if e.triumph == "us" else 1]["display_triumphant"] = 1
    if e.ultimatum_by is not None:
        counts[0 if e.ultimatum_by == "us" else 1]["ultimatum"] = 1
    return (tuple(counts[0].items()), tuple(counts[1].items()))


def _unit(x: float, option: str) -> float:
    if not (isinstance(x, int | float) and math.isfinite(x) and 0.0 <= x <= 1.0):
        raise InputError(f"{x!r} is not in [0, 1]", field=option, expected="a number in [0, 1]")
    return float(x)


def _nonnegative(x: float, option: str) -> float:
    if not (isinstance(x, int | float) and math.isfinite(x) and x >= 0.0):
        raise InputError(f"{x!r} is negative", field=option, expected="a number >= 0")
    return float(x)


# a deal entered by its terms ---------------------------------------------------------

#: Signs and separators a number may carry when typed: '$108', '1,200', '3%'.
_NUMBER = re.compile(r"^[$€£¥]?\s*([-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+)\s*(.*)$")
#: Words a unit may be typed with besides its own: '$108 per seat', '108 a seat'.
_FILLER = {"per", "a", "an", "each"}
#: Words for the currency of a unit that starts with its sign ('108 dollars a seat').
_CURRENCY = {
    "$": {"dollar", "usd"},
    "€": {"euro", "eur"},
    "£": {"pound", "gbp"},
    "¥": {"yen", "jpy"},
}
#: Where one term ends and the next begins: a comma before 'name='.
_NEXT_TERM = re.compile(r",\s*(?=[A-Za-z_][\w \-]*=)")


@dataclass(frozen=True)
class Terms:
    """A deal entered by its terms and valued with a plan: `ours` by the plan's utility,
    `theirs` by its estimate of them; `else_*` the terms if a condition is not met."""

    plan: str
    values: dict[str, Value]
    ours: float
    theirs: float
    else_values: dict[str, Value] | None = None
    else_ours: float | None = None
    else_theirs: float | None = None
    #: The terms as shown with the plan's units, kept so the ledger shows them without it.
    shown: str = ""
    else_shown: str | None = None
    #: Their utilities were given (`--utility-them`), the plan having no estimate of them.
    given: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "terms": self.values,
            "utilities": [self.ours, self.theirs],
            "shown": self.shown,
            "else_terms": self.else_values,
            "else_utilities": None
            if self.else_ours is None
            else [self.else_ours, self.else_theirs],
            "else_shown": self.else_shown,
            "theirs_given": self.given,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Terms:
        other = data.get("else_utilities") or (None, None)
        return cls(
            plan=data["plan"],
            values=data["terms"],
            ours=data["utilities"][0],
            theirs=data["utilities"][1],
            else_values=data.get("else_terms"),
            else_ours=other[0],
            else_theirs=other[1],
            shown=data.get("shown", ""),
            else_shown=data.get("else_shown"),
            given=bool(data.get("theirs_given", False)),
        )


def parse_terms(
    space: OutcomeSpace, text: str, option: str = "--terms", base: dict[str, Value] | None = None
) -> dict[str, Value]:
    """'price_per_seat=$108, seats=1,200, payment_terms=annually' as the values of
    `space`, every issue given (or taken from `base`: the terms an alternative
    changes). Units, currency signs and thousands separators are read, aliases too;
    an error names `option`, the issue and the values it allows."""
    given: dict[str, Value] = {}
    for part in _NEXT_TERM.split(text.strip()):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(
                f"'{part.strip()}' is not a term",
                field=option,
                expected="issue=value, separated by commas, e.g. " + _example(space),
            )
        name, raw = (x.strip() for x in part.split("=", 1))
        issue = _issue(space, name, option)
        if issue.name in given:
            raise InputError(f"issue '{issue.name}' is given twice", field=option)
        given[issue.name] = issue.values[_value_index(issue, raw.rstrip(", "), option)]
    values = {**(base or {}), **given}
    missing = [n for n in space.names if n not in values]
    if missing:
        raise InputError(
            "no value for issue" + ("s " if len(missing) > 1 else " ") + ", ".join(missing),
            field=option,
            expected="a value for every issue, e.g. " + _example(space),
        )
    return {n: values[n] for n in space.names}


def valued(
    plan: Plan,
    text: str,
    else_text: str | None = None,
    theirs: float | None = None,
    else_theirs: float | None = None,
) -> Terms:
    """The terms typed, valued: ours by the plan, theirs by the plan's estimate of them,
    or, for a plan with none, as given (`theirs`, and `else_theirs` for `else_text`, the
    terms that change if a condition is not met)."""
    from accord.plan.estimate import TheirEstimate

    estimate = TheirEstimate(plan)
    if not estimate.informed and theirs is None:
        raise InputError(
            f"plan '{plan.name}' has no estimate of their preferences to value the terms by",
            field="--plan",
            expected="a plan with their_preferences, or --utility-them with the terms",
        )
    if estimate.informed and (theirs is not None or else_theirs is not None):
        raise InputError(
            "both --utility-them and the plan's estimate of their preferences",
            field="--utility-them",
            expected="one of them: the plan values the terms for them",
        )
    if theirs is not None and else_text is not None and else_theirs is None:
        raise InputError(
            "--else-terms without what they are worth to them",
            field="--if-broken-them",
            expected="their utility of the --else-terms (the plan has no estimate of them)",
        )

    def worth(values: dict[str, Value], given: float | None) -> tuple[float, float]:
        ours = float(plan.ours.utility.at(plan.space.index_of(values)))
        if given is not None:  # the plan has no estimate of them: as the user says
            return ours, float(given)
        digits = plan.space.digits_of(values)
        return ours, float(estimate.of_digits(np.array(digits))[0])

    issues = plan.space.issues
    values = parse_terms(plan.space, text)
    ours, them = worth(values, theirs)
    given = theirs is not None
    if else_text is None:
        return Terms(plan.name, values, ours, them, shown=show_terms(issues, values), given=given)
    other = parse_terms(plan.space, else_text, "--else-terms", base=values)
    else_ours, else_them = worth(other, else_theirs)
    return Terms(
        plan.name,
        values,
        ours,
        them,
        other,
        else_ours,
        else_them,
        show_terms(issues, values),
        show_terms(issues, other),
        given,
    )


def entered_terms(store: Store, negotiation_ids: list[int]) -> dict[int, Terms]:
    """The terms stored with negotiations entered by hand (`--terms`), by id."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from accord.store import codec
    from accord.store.schema import NegotiationRow, OutcomeRow

    def read(s: Session) -> dict[int, Terms]:
        q = (
            select(OutcomeRow.negotiation_id, OutcomeRow.metrics)
            .join(NegotiationRow, NegotiationRow.id == OutcomeRow.negotiation_id)
            .where(NegotiationRow.kind == "manual", OutcomeRow.negotiation_id.in_(negotiation_ids))
        )
        found = {}
        for neg, metrics in s.execute(q).all():
            data = None if metrics is None else codec.load(metrics, "terms", store.shown)
            if isinstance(data, dict) and "terms" in data:
                found[neg] = Terms.from_json(data)
        return found

    return store.read(read)


def _issue(space: OutcomeSpace, name: str, option: str) -> Issue:
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    for issue in space.issues:
        if issue.name.lower() == key:
            return issue
    close = [n for n in space.names if n.lower().startswith(key)] or difflib.get_close_matches(
        key, space.names, n=1
    )
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise InputError(
        f"unknown issue '{name}'{hint}",
        field=option,
        expected="issues: " + ", ".join(space.names),
    )


def _value_index(issue: Issue, raw: str, option: str) -> int:
    """The index of the value `raw` stands for: as written, by an alias, or a number
    with its unit ('$108/seat', '1,200 seats', '3%')."""
    from accord.model.units import show_value

    text = " ".join(raw.split())
    low = text.lower()
    for alias, value in issue.aliases:
        if alias.lower() == low:
            return issue.values.index(value)
    for k, v in enumerate(issue.values):
        if not isinstance(v, int | float) and str(v).lower() == low:
            return k
    if issue.is_numeric:
        m = _NUMBER.match(text)
        if m is not None and _unit_fits(m.group(2), issue.unit):
            text = m.group(1).replace(",", "")
    try:
        return issue.index(text)
    except InputError:
        shown = ", ".join(show_value(issue, v) for v in issue.values[:10])
        more = ", ..." if issue.n > 10 else ""
        raise InputError(
            f"'{raw}' is not a value of issue '{issue.name}'",
            field=option,
            expected=f"{issue.name} is one of: {shown}{more}",
        ) from None


def _unit_fits(rest: str, unit: str) -> bool:
    """Whether the text after a number is its issue's unit, or some of its words."""
    allowed = set(_words(unit)) | _FILLER
    if unit.strip()[:1] in _CURRENCY:
        allowed |= _CURRENCY[unit.strip()[:1]]
    return set(_words(rest)) <= allowed


def _words(text: str) -> list[str]:
    return [w.rstrip("s") or w for w in re.findall(r"[a-z]+|%|x(?![a-z])", text.lower())]


def _example(space: OutcomeSpace) -> str:
    return "'" + ", ".join(f"{i.name}={show_value(i, i.values[0])}" for i in space.issues) + "'"
