"""`accord plan new --ask`: the plan's fields asked one question at a time.

Each question shows its default (Enter takes it). An answer that does not parse
is refused with what was expected and the question is asked again, so a person
at a terminal never sees a traceback. Fractions take `0.3` or `30%`
(`accord.plan.fraction`); their priorities are a ranking of issues
(`accord.plan.ranking`); the answers fill the template (`accord.plan.template`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from accord.doctrine import STANCE
from accord.errors import InputError
from accord.model.issues import Issue, Role
from accord.model.scenario import Scenario
from accord.plan.core import ELEMENTS, TACTICS
from accord.plan.fraction import parse_fraction
from accord.plan.ranking import ranking_weights
from accord.plan.template import ELEMENT_NOTES
from accord.preferences.utility import LinearAdditiveUtility, Preferences
from accord.preferences.value_functions import LinearValue

#: `ask(question, default shown)` returns the answer's text (the default on Enter).
Ask = Callable[[str, str], str]
#: `tell(message)` shows why an answer was refused.
Tell = Callable[[str], None]
T = TypeVar("T")

#: Answers that leave a derived number to the plan (target, opening).
AUTO = ("", "auto", "derived")
YES, NO = ("y", "yes", "true"), ("n", "no", "false")


def ask_answers(scenario: Scenario | None, side: Role, ask: Ask, tell: Tell) -> dict[str, Any]:
    """Answers for the template by dotted name ("batna.utility", "target", ...)."""
    answers: dict[str, Any] = {}
    for element, questions in ELEMENTS.items():
        for key, question in questions.items():
            topic = ELEMENT_NOTES[element].split(":")[0]
            answers[f"{element}.{key}"] = ask(f"{topic}: {question}", "")
    party = None if scenario is None else (scenario.a if side == "A" else scenario.b)
    answers["batna.description"] = ask(
        "Our BATNA: what do we do if there is no deal?",
        " ".join(party.preferences.batna.split()) if party else "",
    )
    answers.update(_numbers(party.preferences if party else None, ask, tell))
    if scenario is not None:
        weights = until_valid(ask, tell, *_priorities(scenario.space.names))
        if weights is not None:
            answers["their_preferences"] = their_estimate(scenario, side, weights)
    answers["bargain.tactics"] = until_valid(
        ask,
        tell,
        "Tactics we allow ourselves (comma-separated, or all, or none)",
        ", ".join(TACTICS),
        parse_tactics,
    )
    answers["fit.better_served_elsewhere"] = until_valid(
        ask, tell, "Are they better served elsewhere? (yes/no)", "no", parse_yes_no
    )
    answers["fit.notes"] = ask("Notes on the fit", "")
    return answers


def _numbers(ours: Preferences | None, ask: Ask, tell: Tell) -> dict[str, float]:
    """BATNA, walk-away, target and opening, each at least the one before (P2, P3)."""
    batna = until_valid(
        ask,
        tell,
        "Its utility to us, in [0, 1] (0.3 or 30%)",
        _shown(ours.reservation if ours else 0.0),
        lambda raw: parse_fraction(raw, "batna.utility"),
    )
    walk = until_valid(
        ask,
        tell,
        "Our walk-away utility: never agree below it",
        _shown(batna),
        lambda raw: _at_least(parse_fraction(raw, "walk_away"), batna, "the BATNA", "walk_away"),
    )
    numbers = {"batna.utility": batna, "walk_away": walk}
    target = until_valid(
        ask,
        tell,
        f"Our target utility (auto: the estimated fair deal plus an edge of {STANCE.edge:g})",
        "auto",
        lambda raw: _optional(raw, "target", walk, "the walk-away"),
    )
    floor, floor_name = (walk, "the walk-away") if target is None else (target, "the target")
    opening = until_valid(
        ask,
        tell,
        f"Our opening utility (auto: our aspiration, {ours.aspiration if ours else 1.0:g})",
        "auto",
        lambda raw: _optional(raw, "opening", floor, floor_name),
    )
    numbers.update({k: v for k, v in (("target", target), ("opening", opening)) if v is not None})
    return numbers


def _priorities(
    names: Sequence[str],
) -> tuple[str, str, Callable[[str], dict[str, float] | None]]:
    """The question on their priorities: its text, default and parser (None: unknown)."""
    question = (
        f"Their priorities, most important first, e.g. {' > '.join(names[:3])} (= for a "
        f"tie; issues: {', '.join(names)}; unknown: learn from their offers)"
    )

    def parse(raw: str) -> dict[str, float] | None:
        if raw.strip().lower() in ("", "unknown"):
            return None
        return ranking_weights(raw, names, "their_preferences")

    return question, "unknown", parse


def until_valid(
    ask: Ask,
    tell: Tell,
    question: str,
    default: str,
    parse: Callable[[str], T],
) -> T:
    """Ask until `parse` accepts the answer, telling why each refused one was refused."""
    while True:
        raw = str(ask(question, default))
        try:
            return parse(raw)
        except InputError as e:
            expected = f" (expected {e.expected})" if e.expected else ""
            tell(f"Not accepted: {e.message}{expected}. Try again.")


def parse_tactics(raw: str) -> list[str]:
    """The tactics named in `raw` (any case, commas or spaces), `all` or `none`.

    >>> parse_tactics("Silence, add_on"), parse_tactics("none"), len(parse_tactics("all"))
    (['silence', 'add_on'], [], 5)
    """
    words = [w for w in raw.replace(",", " ").lower().split() if w]
    if words == ["all"]:
        return list(TACTICS)
    if words == ["none"]:
        return []
    for w in words:
        if w not in TACTICS:
            raise InputError(
                f"'{w}' is not a tactic",
                field="bargain.tactics",
                expected="some of: " + ", ".join(TACTICS) + "; or all, or none",
            )
    return [t for t in TACTICS if t in words]


def parse_yes_no(raw: str) -> bool:
    word = raw.strip().lower()
    if word in YES or word in NO:
        return word in YES
    raise InputError(f"'{raw.strip()}' is not yes or no", expected="yes or no")


def their_estimate(scenario: Scenario, side: Role, weights: dict[str, float]) -> dict[str, Any]:
    """The plan's `their_preferences` from ranked weights: on every issue, what they
    want is the scenario's own account of the other party (its value functions,
    which are our model of them), and the estimate counts as much as four of their
    offers (confidence 0.5)."""
    theirs = (scenario.b if side == "A" else scenario.a).preferences.utility
    values: dict[str, Any] = {}
    if isinstance(theirs, LinearAdditiveUtility):  # every scenario format builds one
        for issue, table in zip(scenario.space.issues, theirs.tables, strict=True):
            values[issue.name] = _value_spec(issue, np.asarray(table))
    return {"weights": weights, "values": values, "confidence": 0.5}


def _value_spec(issue: Issue, table: np.ndarray) -> dict[str, Any]:
    """A value function as the plan file writes it: `linear` when it is one, else a
    table, scaled so that the best value is 1."""
    top = float(table.max())
    scaled = table / top if top > 0 else table
    if issue.is_numeric:
        for best in ("high", "low"):
            if np.allclose(LinearValue(best).compile(issue), scaled):
                return {"linear": best}
    return {
        "table": {str(v): round(float(x), 4) for v, x in zip(issue.values, scaled, strict=True)}
    }


def _optional(raw: str, field: str, floor: float, floor_name: str) -> float | None:
    if raw.strip().lower() in AUTO:
        return None
    return _at_least(parse_fraction(raw, field), floor, floor_name, field)


def _at_least(value: float, floor: float, floor_name: str, field: str) -> float:
    if value < floor:
        raise InputError(f"{_shown(value)} is below {floor_name} ({_shown(floor)})", field=field)
    return value


def _shown(x: float) -> str:
    return f"{x:.4g}"
