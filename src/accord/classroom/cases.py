"""Teaching cases: a scenario, a confidential brief for each side, teaching notes, settings.

A case is a folder holding `scenario.yaml` (accord's scenario format) and
`case.yaml`: the title, the situation both sides read, one brief per side (who
you are, what you want and why, your BATNA in money and as terms of this deal,
your authority, the history), the instructor's notes (what it teaches, the
principles at stake, an efficient deal and a deal that leaves value on the
table, questions for the debrief) and the settings of an exercise. The shipped
cases live in `accord/cases/<slug>/`.

Loading checks what a reader cannot: the brief's BATNA terms are worth the
scenario's BATNA to that side (so the story and the numbers agree), the cited
principles exist, the deals are complete outcomes, and each side's private
figures appear in its own brief and nowhere the other side reads. Every problem
is an `InputError` naming the file, the field and what was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, ValidationError

from accord.analysis.report import NamedPoint, analyse
from accord.doctrine import PRINCIPLES
from accord.errors import InputError
from accord.formats.accord_yaml import load_yaml_scenario
from accord.formats.paths import is_dir, is_file
from accord.formats.strict_yaml import read_yaml_file
from accord.model.issues import ROLES, Role, Value, other
from accord.model.scenario import Scenario
from accord.validation import StrictModel, input_error

#: The folder of the cases shipped with accord, one sub-folder per case.
SHIPPED = Path(__file__).resolve().parent.parent / "cases"
#: The files of a case folder.
CASE_FILE, SCENARIO_FILE = "case.yaml", "scenario.yaml"
#: How far a brief's BATNA terms may be worth from the scenario's BATNA utility.
BATNA_TOLERANCE = 0.02

Key = str | int | float | bool
Terms = dict[str, Key]


class BatnaBrief(StrictModel):
    shape: ClassVar[str] = (
        "a mapping like `batna: {text: 'the competitor at $98 a seat ...', terms: {price: 98}}`"
    )

    #: The alternative in words and money.
    text: str = Field(min_length=1)
    #: A package of this deal's terms worth as much to this side as walking away.
    terms: Terms


class Brief(StrictModel):
    """One side's confidential role brief."""

    shape: ClassVar[str] = (
        "a side's brief: a mapping with role, who, wants, batna, authority, history, private"
    )

    #: One line: the person and the organisation the student plays.
    role: str = Field(min_length=1)
    who: str = Field(min_length=1)
    wants: str = Field(min_length=1)
    batna: BatnaBrief
    authority: str = Field(min_length=1)
    history: str = Field(min_length=1)
    #: Figures only this side may read (its BATNA in money, its limits), as written in the brief.
    private: list[str] = Field(min_length=1)

    def text(self) -> str:
        """Everything the student of this side reads, in order."""
        return "\n\n".join((self.who, self.wants, self.batna.text, self.authority, self.history))

    def words(self) -> int:
        return len(self.text().split())


class Notes(StrictModel):
    """The instructor's teaching notes."""

    shape: ClassVar[str] = (
        "a mapping with teaches, principles, efficient, efficient_deal, value_left, "
        "inefficient_deal and questions"
    )

    teaches: str = Field(min_length=1)
    principles: list[str] = Field(min_length=1)
    #: Where the efficient deals lie, in words.
    efficient: str = Field(min_length=1)
    #: One efficient deal, as terms.
    efficient_deal: Terms
    #: Where value is left on the table, in words.
    value_left: str = Field(min_length=1)
    #: A deal classes often reach that leaves value on the table, as terms.
    inefficient_deal: Terms
    questions: list[str] = Field(min_length=1)


class CaseSettings(StrictModel):
    shape: ClassVar[str] = (
        "a mapping like `{deadline_rounds: 20, time_limit_minutes: 30, advisor: true, "
        "practice: true}`"
    )

    deadline_rounds: int = Field(ge=1)
    time_limit_minutes: int = Field(ge=1)
    #: The advisor may be switched on for the students.
    advisor: bool
    #: A student may practise against an accord strategy.
    practice: bool
    #: False when the case has no zone of agreement on purpose.
    zopa: bool = True


class CaseSpec(StrictModel):
    shape: ClassVar[str] = "a mapping with title, situation, sides, notes and settings"

    title: str = Field(min_length=1)
    #: Where the situation comes from (a seed text, a shipped example).
    source: str = ""
    situation: str = Field(min_length=1)
    sides: dict[Literal["A", "B"], Brief]
    notes: Notes
    settings: CaseSettings


@dataclass(frozen=True)
class Case:
    """A teaching case, checked: its scenario loaded and its briefs consistent with it."""

    slug: str
    folder: Path
    spec: CaseSpec
    scenario: Scenario

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def situation(self) -> str:
        return self.spec.situation

    @property
    def notes(self) -> Notes:
        return self.spec.notes

    @property
    def settings(self) -> CaseSettings:
        return self.spec.settings

    def brief(self, role: Role) -> Brief:
        """The confidential brief of side `role` ("A" or "B")."""
        return self.spec.sides[role]


def load_case(path: Path | str) -> Case:
    """The case in folder `path` (or whose `case.yaml` is `path`), checked."""
    path = Path(path)
    folder = path.parent if path.name == CASE_FILE else path
    source = str(folder / CASE_FILE)
    if not is_dir(folder) or not is_file(folder / CASE_FILE):
        raise InputError(
            "no such case",
            source=source,
            expected=f"a folder holding {CASE_FILE} and {SCENARIO_FILE}",
        )
    if not is_file(folder / SCENARIO_FILE):
        raise InputError(
            "the case has no scenario",
            source=str(folder / SCENARIO_FILE),
            expected=f"a scenario file beside {CASE_FILE}, in accord's YAML format",
        )
    scenario = load_yaml_scenario(folder / SCENARIO_FILE)
    data = read_yaml_file(folder / CASE_FILE, "a YAML mapping as in accord/cases/*/case.yaml")
    if not isinstance(data, dict):
        raise InputError(
            "the file is not a YAML mapping",
            source=source,
            expected="keys title, situation, sides, notes, settings",
        )
    try:
        spec = CaseSpec.model_validate(data)
    except ValidationError as e:
        raise input_error(e, source, data) from None
    _check(spec, scenario, source)
    return Case(folder.name, folder, spec, scenario)


@cache
def shipped_cases() -> tuple[Case, ...]:
    """The cases shipped with accord, by slug."""
    folders = sorted(p for p in SHIPPED.iterdir() if is_file(p / CASE_FILE))
    return tuple(load_case(p) for p in folders)


def case(name: str) -> Case:
    """The shipped case called `name` (its folder's name, e.g. `dealer_rebate`)."""
    for c in shipped_cases():
        if c.slug == name:
            return c
    raise InputError(
        f"no case called '{name}'",
        field="case",
        expected="one of: " + ", ".join(c.slug for c in shipped_cases()),
    )


# Checks a schema cannot make --------------------------------------------------------


def _check(spec: CaseSpec, scenario: Scenario, source: str) -> None:
    if set(spec.sides) != set(ROLES):
        raise InputError(
            "a brief for each side is needed",
            source=source,
            field="sides",
            expected="both 'A' and 'B'",
        )
    rounds = spec.settings.deadline_rounds
    if rounds != scenario.deadline_rounds:
        raise InputError(
            f"{rounds} rounds, but the scenario's deadline is {scenario.deadline_rounds}",
            source=source,
            field="settings.deadline_rounds",
            expected="the deadline of scenario.yaml",
        )
    unknown = [p for p in spec.notes.principles if p not in PRINCIPLES]
    if unknown:
        raise InputError(
            f"no principle '{unknown[0]}'",
            source=source,
            field="notes.principles",
            expected="ids of the doctrine's principles, P1 to P" + str(len(PRINCIPLES)),
        )
    for field in ("efficient_deal", "inefficient_deal"):
        _outcome(scenario, getattr(spec.notes, field), source, f"notes.{field}")
    for role in ROLES:
        brief = spec.sides[role]
        field = f"sides.{role}.batna.terms"
        prefs = (scenario.a if role == "A" else scenario.b).preferences
        worth = prefs.utility.at(_outcome(scenario, brief.batna.terms, source, field))
        reservation = prefs.reservation
        if abs(worth - reservation) > BATNA_TOLERANCE:
            raise InputError(
                f"these terms are worth {worth:.3f} to side {role}, but its BATNA in "
                f"{SCENARIO_FILE} is worth {reservation:.3f}",
                source=source,
                field=field,
                expected=f"terms worth the BATNA's utility, within {BATNA_TOLERANCE}",
            )
        _check_private(spec, role, source)


def _outcome(scenario: Scenario, terms: Terms, source: str, field: str) -> int:
    """The outcome index of `terms`, which must name one value for every issue."""
    try:
        return scenario.space.index_of(terms)
    except InputError as e:
        inner = f"{field}.{e.field}" if e.field else field
        raise InputError(e.message, source=source, field=inner, expected=e.expected) from None


def _check_private(spec: CaseSpec, role: Role, source: str) -> None:
    own, theirs = spec.sides[role], spec.sides[other(role)]
    for k, figure in enumerate(own.private):
        field = f"sides.{role}.private.{k}"
        if not mentions(own.text(), figure):
            raise InputError(
                f"'{figure}' is not in side {role}'s brief",
                source=source,
                field=field,
                expected="a figure written in this side's brief",
            )
        for where, text in (
            (f"side {other(role)}'s brief", theirs.text()),
            ("the situation", spec.situation),
        ):
            if mentions(text, figure):
                raise InputError(
                    f"side {role}'s private figure '{figure}' is also in {where}",
                    source=source,
                    field=field,
                    expected="a figure only side " + role + " reads",
                )


def mentions(text: str, figure: str) -> bool:
    """Whether `text` holds `figure` as a whole figure: '$98' is in 'at $98 a seat' but
    not in '$980' or '$98.5'; a line break
    counts as a space."""
    pattern = r"(?<![\w.,])" + re.escape(" ".join(figure.split())) + r"(?![\w]|[.,]\d)"
    return re.search(pattern, " ".join(text.split())) is not None


# What the instructor's notes compute --------------------------------------------------


@dataclass(frozen=True)
class CaseFigures:
    """The numbers behind the teaching notes, from the scenario's analysis."""

    n_outcomes: int
    zopa_outcomes: int
    nash: NamedPoint | None
    efficient: tuple[float, float]
    efficient_is_efficient: bool
    inefficient: tuple[float, float]
    #: The frontier deal that most improves the inefficient one for both sides, and its gains.
    better: NamedPoint | None
    gains: tuple[float, float]

    def to_json(self) -> dict[str, Any]:
        def point(p: NamedPoint | None) -> dict[str, Any] | None:
            return None if p is None else {"utilities": list(p.utilities), "terms": p.outcome}

        return {
            "n_outcomes": self.n_outcomes,
            "zopa_outcomes": self.zopa_outcomes,
            "nash": point(self.nash),
            "efficient_deal": {
                "utilities": list(self.efficient),
                "efficient": self.efficient_is_efficient,
            },
            "inefficient_deal": {"utilities": list(self.inefficient)},
            "better_deal": point(self.better),
            "gains": list(self.gains),
        }


def figures(c: Case) -> CaseFigures:
    """The analysis the notes rest on: the zone, the Nash deal, both named deals' worth,
    and the frontier deal that gives both sides most over the inefficient one."""
    s = c.scenario
    analysis = analyse(s)
    front = analysis.frontier
    ua, ub = s.a.preferences.utility, s.b.preferences.utility

    def worth(terms: Terms) -> tuple[float, float]:
        i = s.space.index_of(terms)
        return (ua.at(i), ub.at(i))

    eff, ineff = worth(c.notes.efficient_deal), worth(c.notes.inefficient_deal)
    gain = np.minimum(front[:, 0] - ineff[0], front[:, 1] - ineff[1])
    best = int(np.argmax(gain))
    better, gains = None, (0.0, 0.0)
    if gain[best] > 1e-9:
        a, b = front[best]
        better = NamedPoint((float(a), float(b)), s.space.named(analysis.frontier_digits[best]))
        gains = (float(a) - ineff[0], float(b) - ineff[1])
    return CaseFigures(
        n_outcomes=s.space.n_outcomes,
        zopa_outcomes=analysis.zopa.n_outcomes,
        nash=analysis.nash,
        efficient=eff,
        efficient_is_efficient=not dominated(front, eff),
        inefficient=ineff,
        better=better,
        gains=gains,
    )


def dominated(front: np.ndarray, point: tuple[float, float], tol: float = 1e-9) -> bool:
    """Whether a frontier point is at least as good for both and better for one."""
    ge = (front[:, 0] >= point[0] - tol) & (front[:, 1] >= point[1] - tol)
    gt = (front[:, 0] > point[0] + tol) | (front[:, 1] > point[1] + tol)
    return bool((ge & gt).any())


def listing(c: Case) -> dict[str, Any]:
    """One line of the catalogue: what a student may see before choosing a side."""
    space = c.scenario.space
    return {
        "name": c.slug,
        "title": c.title,
        "source": c.spec.source,
        "issues": list(space.names),
        "outcomes": space.n_outcomes,
        "settings": c.settings.model_dump(),
    }


def view(c: Case, sides: tuple[Role, ...] = (), notes: bool = False) -> dict[str, Any]:
    """The case as `sides` (and, with `notes`, the instructor) may read it: the situation
    and settings always, the briefs of `sides` only, the notes and their figures on request."""
    shown: dict[str, Any] = {**listing(c), "situation": c.situation, "sides": {}}
    for role in sides:
        b = c.brief(role)
        shown["sides"][role] = {
            "party": (c.scenario.a if role == "A" else c.scenario.b).name,
            "role": b.role,
            "who": b.who,
            "wants": b.wants,
            "batna": {"text": b.batna.text, "terms": terms_of(c, b.batna.terms)},
            "authority": b.authority,
            "history": b.history,
        }
    if notes:
        n = c.notes
        shown["notes"] = {
            "teaches": n.teaches,
            "principles": {p: PRINCIPLES[p][0] for p in n.principles},
            "efficient": n.efficient,
            "efficient_deal": terms_of(c, n.efficient_deal),
            "value_left": n.value_left,
            "inefficient_deal": terms_of(c, n.inefficient_deal),
            "questions": list(n.questions),
            "figures": figures(c).to_json(),
        }
    return shown


def terms_of(c: Case, terms: Terms) -> dict[str, Value]:
    """`terms` in the scenario's issue order, each value as the issue holds it."""
    space = c.scenario.space
    return space.named(space.digits_of(terms))


__all__ = [
    "BatnaBrief",
    "Brief",
    "Case",
    "CaseFigures",
    "CaseSettings",
    "CaseSpec",
    "Notes",
    "case",
    "dominated",
    "figures",
    "listing",
    "load_case",
    "mentions",
    "shipped_cases",
    "terms_of",
    "view",
]
