"""accord's own scenario format: YAML validated with pydantic.

The schema reads like a negotiator's notes: issues with units, two parties each
with weights, value functions, a BATNA (described, with its utility) and an
aspiration, a deadline and the story. docs/scenarios.md documents every field,
and the shorthands read here (`batna: 0.3`, `deadline: 20`, issues keyed by
name, a value table without `table:`); `examples/` holds annotated files.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, FiniteFloat, ValidationError, field_validator, model_validator

from accord.errors import InputError
from accord.formats.strict_yaml import read_yaml_file
from accord.model.issues import ROLES, Issue
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences
from accord.preferences.value_functions import LinearValue, PeakValue, TableValue, ValueFunction
from accord.validation import StrictModel, input_error

Key = str | int | float | bool

#: The fields each kind of issue takes, besides name, type, description and aliases.
KIND_FIELDS = {
    "categorical": ("values", "unit"),
    "ordered": ("values", "unit"),
    "integer": ("low", "high", "step", "unit"),
    "real": ("low", "high", "step", "unit"),
    "addon": ("giver",),
}


def _kind(kind: str) -> str:
    """'an integer', 'an add-on', 'a real'."""
    word = "add-on" if kind == "addon" else kind
    return ("an " if word[0] in "aeiou" else "a ") + word


def _is_number(data: Any) -> bool:
    return isinstance(data, int | float) and not isinstance(data, bool)


class IssueSpec(StrictModel):
    shape: ClassVar[str] = "a mapping like `{name: seats, type: integer, low: 1000, high: 1600}`"

    name: str = Field(min_length=1)
    type: Literal["categorical", "ordered", "integer", "real", "addon"]
    values: list[Key] | None = None
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None
    step: FiniteFloat | None = None
    giver: Literal["A", "B"] | None = None
    unit: str = ""
    description: str = ""
    aliases: dict[str, Key] = Field(default_factory=dict)

    @field_validator("giver", mode="before")
    @classmethod
    def _role_in_any_case(cls, value: Any) -> Any:
        """`giver: a` is the role A."""
        return value.upper() if isinstance(value, str) and value in ("a", "b") else value

    @model_validator(mode="after")
    def _fields_fit_type(self) -> IssueSpec:
        needs = {
            "categorical": ("values",),
            "ordered": ("values",),
            "integer": ("low", "high"),
            "real": ("low", "high", "step"),
            "addon": ("giver",),
        }[self.type]
        missing = [f for f in needs if getattr(self, f) is None]
        if missing:
            raise ValueError(f"{_kind(self.type)} issue needs '{missing[0]}'")
        takes = KIND_FIELDS[self.type]
        unused = [f for f in self.model_fields_set if f in _KIND_ONLY and f not in takes]
        if unused:  # it would be ignored: a silent misreading of what the author meant
            raise ValueError(
                f"{_kind(self.type)} issue takes no '{sorted(unused)[0]}' "
                f"(it takes {', '.join(takes)}; see docs/scenarios.md)"
            )
        return self

    def build(self) -> Issue:
        issue = self._grid()
        if not self.aliases:
            return issue
        aliases = tuple((str(k), _as_value(issue, v)) for k, v in self.aliases.items())
        return replace(issue, aliases=aliases)

    def _grid(self) -> Issue:
        if self.type in ("categorical", "ordered"):
            return Issue(self.name, tuple(self.values or ()), self.type, unit=self.unit)
        # _fields_fit_type has checked that the fields this type needs are set.
        if self.type == "integer":
            assert self.low is not None and self.high is not None
            step = 1 if self.step is None else self.step
            return Issue.integer(self.name, self.low, self.high, step, self.unit)
        if self.type == "real":
            assert self.low is not None and self.high is not None and self.step is not None
            return Issue.real(self.name, self.low, self.high, self.step, self.unit)
        assert self.giver is not None
        return Issue.addon(self.name, self.giver)


def _as_value(issue: Issue, v: Key) -> Key:
    """An alias's value as the issue holds it (`2` for a grid of floats is 2.0)."""
    try:
        return issue.values[issue.index(v)]
    except InputError:
        return v  # Issue names the alias and the value it lacks


class ValueSpec(StrictModel):
    """Exactly one of: `table` (scores per value), `linear` (best: high|low), `peak`;
    `low` and `high` only with `peak`. A mapping of values to scores is a table."""

    shape: ClassVar[str] = (
        "a value function: `{linear: high}`, `{linear: low}`, `{peak: 2}` "
        "or `{table: {monthly: 0.0, annual upfront: 1.0}}`"
    )

    table: dict[Key, Annotated[float, Field(ge=0)]] | None = None
    linear: Literal["high", "low"] | None = None
    peak: FiniteFloat | None = None
    low: FiniteFloat | None = None
    high: FiniteFloat | None = None

    @model_validator(mode="before")
    @classmethod
    def _bare_table(cls, data: Any) -> Any:
        """`{monthly: 0, annual upfront: 1}` is the table it lists (no key is a field)."""
        if isinstance(data, dict) and data and not set(data) & set(cls.model_fields):
            return {"table": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> ValueSpec:
        given = [k for k in ("table", "linear", "peak") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'table', 'linear' or 'peak'")
        if self.peak is None and (self.low is not None or self.high is not None):
            raise ValueError("'low' and 'high' bound a 'peak' only")
        return self

    def build(self) -> ValueFunction:
        if self.table is not None:
            return TableValue(self.table)
        if self.linear is not None:
            return LinearValue(self.linear)
        assert self.peak is not None  # _exactly_one: table, linear or peak
        return PeakValue(self.peak, self.low, self.high)


class BatnaSpec(StrictModel):
    shape: ClassVar[str] = (
        "a mapping like `batna: {utility: 0.3, description: ...}`, or just a number (its utility)"
    )

    description: str = ""
    utility: float = Field(ge=0, le=1)

    @model_validator(mode="before")
    @classmethod
    def _bare_utility(cls, data: Any) -> Any:
        """`batna: 0.3` is the BATNA's utility, undescribed."""
        return {"utility": data} if _is_number(data) else data


class PartySpec(StrictModel):
    shape: ClassVar[str] = "a mapping with name, weights, values, batna and aspiration"

    name: str = Field(min_length=1)
    description: str = ""
    weights: dict[str, Annotated[float, Field(ge=0)]]
    values: dict[str, ValueSpec] = {}
    batna: BatnaSpec
    aspiration: float = Field(default=1.0, ge=0, le=1)


class DeadlineSpec(StrictModel):
    shape: ClassVar[str] = "`deadline: {rounds: 20}`, or just the number of rounds"

    rounds: int = Field(default=100, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _bare_rounds(cls, data: Any) -> Any:
        """`deadline: 20` is 20 rounds."""
        return {"rounds": data} if _is_number(data) else data


class ScenarioSpec(StrictModel):
    name: str = Field(min_length=1)
    context: str = ""
    deadline: DeadlineSpec = DeadlineSpec()
    issues: list[IssueSpec] = Field(min_length=1)
    parties: dict[Literal["A", "B"], PartySpec]

    @model_validator(mode="before")
    @classmethod
    def _shorthands(cls, data: Any) -> Any:
        """Issues keyed by name (`issues: {seats: {type: integer, ...}}`) are that list."""
        if not isinstance(data, dict) or not isinstance(data.get("issues"), dict):
            return data
        issues = data["issues"]
        if not all(isinstance(v, dict) and v.get("name", k) == k for k, v in issues.items()):
            return data  # left for the schema to refuse in its own words
        return {**data, "issues": [{**v, "name": k} for k, v in issues.items()]}

    @model_validator(mode="after")
    def _two_parties(self) -> ScenarioSpec:
        if set(self.parties) != {"A", "B"}:
            raise ValueError("define both parties, 'A' and 'B'")
        return self


def load_yaml_scenario(path: Path) -> Scenario:
    """Read, validate and build a scenario; every problem becomes an InputError naming the field."""
    source = str(path)
    data = read_yaml_file(path, "a YAML mapping as in examples/")
    if not isinstance(data, dict):
        raise InputError(
            "the file is not a YAML mapping",
            source=source,
            expected="keys name, issues, parties as in examples/",
        )
    if "parties" not in data and ("scenario" in data or "our_preferences" in data):
        raise InputError(
            "this is a plan, not a scenario",
            source=source,
            expected="a scenario (name, issues, parties); check a plan with `accord plan check`",
        )
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as e:
        raise input_error(e, source, data) from None
    try:
        return build_scenario(spec, source)
    except InputError as e:
        raise e.located(source) from None


def build_scenario(spec: ScenarioSpec, source: str = "") -> Scenario:
    space = OutcomeSpace(tuple(i.build() for i in spec.issues))
    parties = []
    for role in ROLES:
        p = spec.parties[role]
        try:
            prefs = Preferences(
                utility=_utility(space, p, role),
                reservation=p.batna.utility,
                aspiration=p.aspiration,
                batna=p.batna.description,
            )
        except InputError as e:
            inner = "batna.utility" if e.field == "reservation" else e.field
            field = f"parties.{role}.{inner}" if inner else f"parties.{role}"
            raise InputError(e.message, source=source, field=field, expected=e.expected) from None
        parties.append(Party(p.name, role, prefs, p.description))
    return Scenario(
        spec.name, space, parties[0], parties[1], spec.deadline.rounds, spec.context, source
    )


#: Fields only some kinds of issue take.
_KIND_ONLY = ("values", "low", "high", "step", "unit", "giver")


def _utility(space: OutcomeSpace, p: PartySpec, role: str) -> LinearAdditiveUtility:
    functions: dict[str, ValueFunction] = {k: v.build() for k, v in p.values.items()}
    for issue in space.issues:
        if issue.kind == "addon" and issue.name not in functions:
            receives = issue.giver != role
            functions[issue.name] = TableValue({True: float(receives), False: float(not receives)})
    return LinearAdditiveUtility.from_functions(space, p.weights, functions)


__all__ = ["ScenarioSpec", "build_scenario", "load_yaml_scenario"]
