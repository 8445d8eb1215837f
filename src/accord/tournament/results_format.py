"""The JSON layout of a results file's lines, as pydantic models that check a line read back.

A results file may be cut short, edited by hand or written by another
program; a line read back is checked against these models before anything
counts it, so a wrong type, NaN or infinity in any number becomes one
`InputError` naming the line and the field, not a traceback in the report.
Unknown fields are allowed: they are ignored, as before.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Strict scalars (a number in quotes is not a number; true is not 1); lists stand for tuples.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Whole = Annotated[int, Field(strict=True)]
Count = Annotated[int, Field(strict=True, ge=0)]
Positive = Annotated[int, Field(strict=True, ge=1)]
Text = Annotated[str, Field(strict=True)]
Flag = Annotated[bool, Field(strict=True)]
Pair = tuple[Number, Number]


class _Layout(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class MetaLayout(_Layout):
    """The run's settings in the header (`accord report` shows and groups by them)."""

    domains: list[Text] = []
    strategies: list[Text] = []
    opponents: list[Text] = []
    repeat: Positive = 1
    seed: Whole = 0
    sweep: list[dict[Text, Number]] = []


class HeaderLayout(_Layout):
    plan: Text
    tasks: Count
    meta: MetaLayout | None = None


class SeriesLayout(_Layout):
    horizon: Count
    lifetime: Count
    agreements: Count
    long_term_value: Pair
    mean_utility: Pair
    mean_resentment: Pair
    mean_trust: Number
    left: list[Text]
    renegotiations: list[tuple[Text, Flag]]
    trust: list[Number]
    resentment: list[Pair]
    tactics: tuple[dict[Text, Count], dict[Text, Count]]
    conditions: tuple[Count, Count]


class ResultLayout(_Layout):
    """One finished task: its index and key in the plan, the task and its numbers."""

    index: Count
    key: Text
    domain: Text
    a: Text
    b: Text
    repeat: Count
    seed: Whole
    rounds: Positive | None
    series: Positive | None = None
    params: dict[Text, Number] | None = None
    scenario: Text
    agreement: Flag
    reason: Text
    utilities: Pair
    reservations: Pair
    welfare: Number
    distance_to_pareto: Number
    distance_to_nash: Number | None
    surplus_share: Pair | None
    rounds_used: Count
    series_stats: SeriesLayout | None = None


def first_problem(layout: type[_Layout], data: Any) -> str | None:
    """What is wrong with `data` as a `layout` (the first problem and its field), or None."""
    try:
        layout.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(x) for x in first["loc"]) or "the line"
        return f"{field}: {first['msg']}"
    return None
