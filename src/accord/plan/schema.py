"""The plan file: YAML validated with pydantic, built into a `Plan`.

A plan either names a scenario file (`scenario:`, relative to the plan) and
says which side we are, or embeds the issues and our own preferences
(`issues:` and `our_preferences:`) when the other side's are unknown. The six
elements of P1 are free text; the numbers (BATNA, walk-away, target, opening,
our estimate of their preferences, the stance) are checked. Every problem is
an `InputError` naming the file and the field. See examples/*.plan.yaml.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator

from accord.doctrine import BOUNDS, POSITIVE, Stance
from accord.errors import InputError
from accord.formats.accord_yaml import IssueSpec, Key, ValueSpec
from accord.formats.paths import exists, is_file
from accord.formats.strict_yaml import read_yaml_file
from accord.model.issues import Role, other
from accord.model.scenario import Scenario
from accord.model.space import OutcomeSpace
from accord.plan.core import TACTICS, Fit, Plan, Prior
from accord.plan.fraction import text_fraction
from accord.preferences.utility import LinearAdditiveUtility, Preferences
from accord.preferences.value_functions import TableValue, ValueFunction
from accord.validation import StrictModel, input_error

#: A fraction: a number in [0, 1], or text such as "30%" (`accord.plan.fraction`).
Unit = Annotated[float, BeforeValidator(text_fraction), Field(ge=0, le=1)]
Weight = Annotated[float, Field(ge=0)]


class OurPosition(StrictModel):
    wants: str = ""
    why: str = ""


class TheirPosition(StrictModel):
    wants: str = ""
    pressures: str = ""


class Analysis(StrictModel):
    gaps: str = ""
    trade_offs: str = ""
    risks: str = ""
    priorities: str = ""


class Present(StrictModel):
    story: str = ""
    evidence: str = ""


class Bargain(StrictModel):
    sequencing: str = ""
    concessions: str = ""
    # The Literal of the tactic names is built from the tuple at run time (pydantic checks it).
    tactics: list[Literal[TACTICS]] = list(TACTICS)  # type: ignore[valid-type]


class Agreement(StrictModel):
    structure: str = ""
    safeguards: str = ""


class PlanBatnaSpec(StrictModel):
    """Our best alternative: described, and valued by its utility or by its terms."""

    shape: ClassVar[str] = (
        "a mapping like `batna: {utility: 0.3, description: ...}` or "
        "`batna: {terms: {rebate: 1.5, ...}}`, or just a number (its utility)"
    )

    description: str = ""
    utility: Unit | None = None
    terms: dict[str, Key] | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_utility(cls, data: Any) -> Any:
        """`batna: 0.3` (or `30%`) is the BATNA's utility, undescribed."""
        bare = isinstance(data, int | float) and not isinstance(data, bool)
        return {"utility": data} if bare or (isinstance(data, str) and "%" in data) else data

    @model_validator(mode="after")
    def _one_value(self) -> PlanBatnaSpec:
        if (self.utility is None) == (self.terms is None):
            raise ValueError("give exactly one of 'utility' or 'terms'")
        return self


class OurPreferences(StrictModel):
    weights: dict[str, Weight]
    values: dict[str, ValueSpec] = {}
    aspiration: Unit = 1.0


class TheirPreferences(StrictModel):
    """`unknown` (learn from their offers), `scenario` (the scenario's other party, as our
    estimate) or our own estimate (`weights`, `values`)."""

    shape: ClassVar[str] = (
        "`unknown`, `scenario`, or a mapping like `{weights: {...}, values: {...}, batna: 0.3}`"
    )

    source: Literal["estimate", "scenario", "unknown"] = "estimate"
    weights: dict[str, Weight] | None = None
    values: dict[str, ValueSpec] = {}
    batna: Unit | None = None
    confidence: Unit = 0.5

    @model_validator(mode="after")
    def _weights_for_estimates(self) -> TheirPreferences:
        if self.source == "estimate" and self.weights is None:
            raise ValueError("an estimate needs 'weights' (or write 'unknown' or 'scenario')")
        return self


def _within(name: str) -> Any:
    """The doctrine's range of the stance's number `name` (`accord.doctrine.BOUNDS`)."""
    lo, hi = BOUNDS[name]
    return Field(gt=lo, le=hi) if name in POSITIVE else Field(ge=lo, le=hi)


class StanceSpec(StrictModel):
    edge: Annotated[Unit, _within("edge")] = Stance.edge
    reciprocity: Annotated[float, _within("reciprocity")] = Stance.reciprocity
    late: Annotated[Unit, _within("late")] = Stance.late
    exponent: Annotated[float, _within("exponent")] = Stance.exponent
    band: Annotated[Unit, _within("band")] = Stance.band
    windfall: Annotated[Unit, _within("windfall")] = Stance.windfall
    settle: Annotated[int, _within("settle")] = Stance.settle
    decay: Annotated[float, _within("decay")] = Stance.decay
    resentment_alert: Annotated[float, Field(ge=0)] = Stance.resentment_alert


class FitSpec(StrictModel):
    better_served_elsewhere: bool = False
    notes: str = ""


class PlanSpec(StrictModel):
    name: str = ""
    scenario: str | None = None
    side: Literal["A", "B"] = "A"
    counterpart: str = ""
    issues: list[IssueSpec] | None = None
    our_preferences: OurPreferences | None = None
    rounds: int | None = Field(default=None, ge=1)
    our_position: OurPosition = OurPosition()
    their_position: TheirPosition = TheirPosition()
    analysis: Analysis = Analysis()
    present: Present = Present()
    bargain: Bargain = Bargain()
    agreement: Agreement = Agreement()
    batna: PlanBatnaSpec | None = None
    walk_away: Unit | None = None
    target: Unit | None = None
    opening: Unit | None = None
    their_preferences: TheirPreferences = TheirPreferences(source="unknown")
    stance: StanceSpec = StanceSpec()
    keep_for_close: list[str] | None = None
    fit: FitSpec = FitSpec()

    @model_validator(mode="before")
    @classmethod
    def _empty_sections(cls, data: Any) -> Any:
        """A section left empty (`stance:` with every line commented out) takes its defaults."""
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if v is not None or k not in _SECTIONS}

    @field_validator("their_preferences", mode="before")
    @classmethod
    def _word(cls, value: Any) -> Any:
        return {"source": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_domain(self) -> PlanSpec:
        if (self.scenario is None) == (self.issues is None):
            raise ValueError("give either 'scenario' (a file) or 'issues' with 'our_preferences'")
        if self.issues is not None and self.our_preferences is None:
            raise ValueError("embedded 'issues' need 'our_preferences' (weights and values)")
        if self.scenario is not None and self.our_preferences is not None:
            raise ValueError("'our_preferences' come from the scenario; remove them")
        if self.issues is not None and self.their_preferences.source == "scenario":
            raise ValueError("their_preferences 'scenario' needs a scenario file")
        return self


_SECTIONS = (
    "our_position",
    "their_position",
    "analysis",
    "present",
    "bargain",
    "agreement",
    "their_preferences",
    "stance",
    "fit",
    "keep_for_close",
)


def read_yaml(path: Path, expected: str) -> Any:
    """Parse a YAML (or JSON) file; unreadable or malformed files are InputErrors."""
    source = str(path)
    if not is_file(path):
        raise InputError("no such file", source=source, expected=expected)
    return read_yaml_file(path, expected)


def load_plan(path: Path) -> Plan:
    """Read, validate and build a plan file."""
    data = read_yaml(path, "a plan as in examples/dealer_rebate.plan.yaml")
    if not isinstance(data, dict):
        raise InputError(
            "the file is not a YAML mapping",
            source=str(path),
            expected="keys such as scenario, side, batna as in examples/dealer_rebate.plan.yaml",
        )
    if "parties" in data and "side" not in data:  # a scenario given where a plan is asked
        raise InputError(
            "this is a scenario (it has parties), not a plan",
            source=str(path),
            expected=f"a plan: `accord plan new --scenario {path} --out my.plan.yaml` writes one",
        )
    try:
        spec = PlanSpec.model_validate(data)
    except ValidationError as e:
        raise input_error(e, str(path), data) from None
    try:
        return build_plan(spec, path.parent, str(path))
    except InputError as e:
        raise e.located(str(path)) from None


def build_plan(spec: PlanSpec, base: Path, source: str = "") -> Plan:
    """The `Plan` of a validated spec; `base` is the folder relative paths start from."""
    scenario, space, utility, aspiration = _domain(spec, base)
    their_role = other(spec.side)
    batna, described, given = _batna(spec, scenario, utility)
    walk_away = batna if spec.walk_away is None else spec.walk_away
    prior, their_batna = _prior(spec.their_preferences, scenario, space, their_role)
    rounds = spec.rounds or (scenario.deadline_rounds if scenario else 20)
    ours = Preferences(utility, batna, max(aspiration, batna), described)
    plan = Plan(
        name=spec.name or (scenario.name if scenario else "plan"),
        side=spec.side,
        space=space,
        ours=ours,
        rounds=rounds,
        batna=batna,
        walk_away=walk_away,
        batna_description=described,
        batna_given=given,
        target=spec.target,
        opening=spec.opening,
        their_prior=prior,
        their_batna=their_batna,
        tactics=frozenset(spec.bargain.tactics),
        stance=Stance(**spec.stance.model_dump()),
        elements=_elements(spec),
        fit=Fit(spec.fit.better_served_elsewhere, spec.fit.notes),
        counterpart=spec.counterpart or _counterpart(scenario, their_role),
        scenario=scenario,
        source=source,
    )
    return _with_close(plan, spec.keep_for_close)


def _domain(
    spec: PlanSpec, base: Path
) -> tuple[Scenario | None, OutcomeSpace, LinearAdditiveUtility, float]:
    if spec.scenario is not None:
        from accord.formats import load_scenario

        path = Path(spec.scenario)
        path = path if path.is_absolute() else base / path
        if not exists(path):
            raise InputError(
                f"the scenario '{spec.scenario}' does not exist (looked for {path})",
                field="scenario",
                expected="a scenario .yaml file or GENIUS folder, relative to the plan",
            )
        scenario = load_scenario(path)
        party = scenario.a if spec.side == "A" else scenario.b
        utility = party.preferences.utility
        if not isinstance(utility, LinearAdditiveUtility):  # pragma: no cover - all formats are
            raise InputError("the advisor needs linear additive utilities", field="scenario")
        return scenario, scenario.space, utility, party.preferences.aspiration
    space = OutcomeSpace(tuple(i.build() for i in spec.issues or ()))
    mine = spec.our_preferences
    assert mine is not None
    utility = _utility(space, mine.weights, mine.values, spec.side, "our_preferences")
    return None, space, utility, mine.aspiration


def _utility(
    space: OutcomeSpace,
    weights: dict[str, float],
    values: dict[str, ValueSpec],
    role: Role,
    field: str,
) -> LinearAdditiveUtility:
    """A linear utility; add-ons without a value function score what a side gets."""
    functions: dict[str, ValueFunction] = {k: v.build() for k, v in values.items()}
    for issue in space.issues:
        if issue.kind == "addon" and issue.name not in functions:
            receives = issue.giver != role
            functions[issue.name] = TableValue({True: float(receives), False: float(not receives)})
    try:
        return LinearAdditiveUtility.from_functions(space, weights, functions)
    except InputError as e:
        located = f"{field}.{e.field}" if e.field else field
        raise InputError(e.message, field=located, expected=e.expected) from None


def _batna(
    spec: PlanSpec, scenario: Scenario | None, utility: LinearAdditiveUtility
) -> tuple[float, str, bool]:
    """Our BATNA's utility, its description, and whether the plan wrote it down (P2)."""
    b = spec.batna
    if b is None:
        if scenario is None:
            return 0.0, "", False
        party = scenario.a if spec.side == "A" else scenario.b
        return party.preferences.reservation, party.preferences.batna, False
    if b.utility is not None:
        return b.utility, b.description, True
    try:
        return utility.of(b.terms or {}), b.description, True
    except InputError as e:
        field = f"batna.terms.{e.field}" if e.field else "batna.terms"
        raise InputError(e.message, field=field, expected=e.expected) from None


def _prior(
    spec: TheirPreferences, scenario: Scenario | None, space: OutcomeSpace, role: Role
) -> tuple[Prior | None, float]:
    """Our estimate of their utility (None when unknown) and of their BATNA."""
    if spec.source == "unknown":
        return None, spec.batna or 0.0
    if spec.source == "scenario":
        assert scenario is not None
        party = scenario.a if role == "A" else scenario.b
        utility = party.preferences.utility
        batna = party.preferences.reservation if spec.batna is None else spec.batna
    else:
        utility = _utility(space, spec.weights or {}, spec.values, role, "their_preferences")
        batna = spec.batna or 0.0
    # Linear additive: every scenario format and _utility build those.
    contributions = tuple(np.asarray(c) for c in utility.contributions())  # type: ignore[attr-defined]
    return Prior(contributions, spec.confidence, spec.source), batna


def _elements(spec: PlanSpec) -> dict[str, dict[str, str]]:
    """The six P1 texts (tactics are numbers, not text, and are left out)."""
    names = ("our_position", "their_position", "analysis", "present", "bargain", "agreement")
    out = {}
    for name in names:
        texts = getattr(spec, name).model_dump()
        out[name] = {k: v for k, v in texts.items() if isinstance(v, str)}
    return out


def _counterpart(scenario: Scenario | None, role: Role) -> str:
    if scenario is None:
        return ""
    return (scenario.a if role == "A" else scenario.b).name


def _with_close(plan: Plan, names: list[str] | None) -> Plan:
    """Check `keep_for_close` names our own add-ons (default: all of them, P11)."""
    ours = plan.our_addons
    if names is None:
        return replace(plan, keep_for_close=ours)
    for k, name in enumerate(names):
        if name not in ours:
            raise InputError(
                f"'{name}' is not an add-on we ({plan.side}) can grant",
                field=f"keep_for_close.{k}",
                expected="add-ons we give: " + (", ".join(ours) or "(the scenario has none)"),
            )
    return replace(plan, keep_for_close=tuple(names))
