"""Issues: the negotiable dimensions of a deal.

An issue is a finite, ordered tuple of values; everything downstream works on
value *indices* (0..n-1), so categorical, ordered, integer and real issues and
add-ons share one representation and one code path.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from accord.errors import InputError

Value = str | int | float | bool
IssueKind = Literal["categorical", "ordered", "integer", "real", "addon"]
Role = Literal["A", "B"]
#: Both sides in order: A opens.
ROLES: tuple[Role, Role] = ("A", "B")

#: Largest number of grid points a real or integer issue may have.
MAX_ISSUE_VALUES = 1_000_000


def other(role: Role) -> Role:
    """The other side of a two-party negotiation (one helper, so the result stays a `Role`).

    >>> other("A"), other("B")
    ('B', 'A')
    """
    return "B" if role == "A" else "A"


@dataclass(frozen=True, slots=True)
class Issue:
    """A negotiable dimension with a finite, ordered set of values.

    Build issues with the constructors (`categorical`, `ordered`, `integer`,
    `real`, `addon`) rather than directly. An add-on is a boolean issue
    (`False`, `True`) that its `giver` grants to the other side: it usually
    costs the giver little and is worth more to the receiver (P8, P11).
    """

    name: str
    values: tuple[Value, ...]
    kind: IssueKind = "categorical"
    giver: Role | None = None
    unit: str = ""
    #: Other words people use for a value: (alias as written, the value it stands for),
    #: e.g. ("annually", "annual upfront"). Declared in the scenario, read by the phrasing.
    aliases: tuple[tuple[str, Value], ...] = ()

    def __post_init__(self) -> None:
        if not self.name:
            raise InputError("an issue has an empty name", field="issues", expected="a name")
        if len(self.values) == 0:
            raise InputError(
                f"issue '{self.name}' has no values",
                field=f"issues.{self.name}",
                expected="at least one value",
            )
        if len(set(self.values)) != len(self.values):
            raise InputError(
                f"issue '{self.name}' lists a value twice",
                field=f"issues.{self.name}.values",
                expected="distinct values",
            )
        for alias, value in self.aliases:
            if value not in self.values:
                raise InputError(
                    f"alias '{alias}' of issue '{self.name}' stands for '{value}', "
                    "which is not one of its values",
                    field=f"issues.{self.name}.aliases",
                    expected="alias: value, the value as the issue lists it",
                )

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("integer", "real") or (
            self.kind == "ordered"
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.values)
        )

    def numeric_values(self) -> tuple[float, ...]:
        """Values as floats; ordinal positions for non-numeric issues."""
        if self.is_numeric:
            return tuple(float(v) for v in self.values)
        return tuple(float(i) for i in range(self.n))

    def index(self, value: Value) -> int:
        """Index of `value`, tolerant to float noise and to text for numbers."""
        try:
            return self.values.index(value)
        except ValueError:
            pass
        if self.kind == "addon":
            parsed = _parse_bool(value)
            if parsed is not None:
                return int(parsed)
        elif self.is_numeric:
            x = _to_float(value)
            if x is not None:
                for i, v in enumerate(self.values):
                    if math.isclose(float(v), x, rel_tol=1e-9, abs_tol=1e-9):
                        return i
        else:
            text = str(value)
            for i, v in enumerate(self.values):
                if str(v) == text:
                    return i
        shown = ", ".join(map(str, self.values[:8])) + (", ..." if self.n > 8 else "")
        raise InputError(
            f"'{value}' is not a value of issue '{self.name}'",
            field=self.name,
            expected=f"one of: {shown}",
        )

    # constructors -----------------------------------------------------------

    @classmethod
    def categorical(cls, name: str, values: Sequence[Value]) -> Issue:
        return cls(name, tuple(values), "categorical")

    @classmethod
    def ordered(cls, name: str, values: Sequence[Value], unit: str = "") -> Issue:
        return cls(name, tuple(values), "ordered", unit=unit)

    @classmethod
    def integer(cls, name: str, low: float, high: float, step: float = 1, unit: str = "") -> Issue:
        """Whole numbers low, low+step, ..., high; a step that misses `high` is refused."""
        _check_range(name, low, high, step)
        if any(float(x) != int(x) for x in (low, high, step)):
            raise InputError(
                f"integer issue '{name}' has a fractional bound or step",
                field=f"issues.{name}",
                expected="whole numbers for low, high and step (use a real issue otherwise)",
            )
        _steps_to_high(name, low, high, step)
        return cls(name, tuple(range(int(low), int(high) + 1, int(step))), "integer", unit=unit)

    @classmethod
    def real(cls, name: str, low: float, high: float, step: float, unit: str = "") -> Issue:
        """A real grid: low, low+step, ..., high; a step that misses `high` is refused."""
        _check_range(name, low, high, step)
        count = _steps_to_high(name, low, high, step) + 1
        grid = tuple(float(f"{low + k * step:.12g}") for k in range(count))  # drop float noise
        return cls(name, grid, "real", unit=unit)

    @classmethod
    def addon(cls, name: str, giver: Role) -> Issue:
        if giver not in ("A", "B"):
            raise InputError(
                f"add-on '{name}' has giver '{giver}'",
                field=f"issues.{name}.giver",
                expected="'A' or 'B'",
            )
        return cls(name, (False, True), "addon", giver=giver)


def _check_range(name: str, low: float, high: float, step: float) -> None:
    field = f"issues.{name}"
    if not step > 0:
        raise InputError(f"step {step} is not positive", field=f"{field}.step", expected="step > 0")
    if high < low:
        raise InputError(
            f"range [{low}, {high}] is empty", field=f"{field}.high", expected=f"high >= {low}"
        )
    if (high - low) / step + 1 > MAX_ISSUE_VALUES:
        raise InputError(
            "the grid has too many points",
            field=f"{field}.step",
            expected=f"at most {MAX_ISSUE_VALUES:,} values per issue",
        )


def _steps_to_high(name: str, low: float, high: float, step: float) -> int:
    """How many steps lead from `low` to `high`. A grid must end on its own `high`: a
    step that overshoots it would silently drop the bound a person wrote (the list
    price), so it is refused with the fixes. Float noise is forgiven: a billionth of a
    step, plus what the bounds' own size can hold (1e8 + 0.3 is not exact)."""
    steps = (high - low) / step
    whole = round(steps)
    noise = 1e-9 * step + 1e-12 * max(abs(low), abs(high))
    if abs(low + whole * step - high) <= noise:
        return whole
    end = low + math.floor(steps) * step
    span = high - low
    fits = _steps_dividing(span, step)
    divides = (
        f"use a step that divides {_plain(span)} ({', '.join(map(_plain, fits))}), " if fits else ""
    )
    raise InputError(
        f"{_plain(low)} to {_plain(high)} in steps of {_plain(step)} ends at {_plain(end)}, "
        f"not {_plain(high)}: {divides}or set high: {_plain(end)}",
        field=f"issues.{name}.step",
    )


def _plain(x: float) -> str:
    """A number as it is written in the file: 120, 0.25 (no float noise, no separators)."""
    return f"{float(x):.12g}"


def _steps_dividing(span: float, step: float, shown: int = 8) -> list[float]:
    """Up to `shown` steps that divide `span`, the closest to `step` first chosen, in order:
    whole numbers for a whole span, else at one decimal more than the step has."""
    decimals = 0 if float(step).is_integer() and float(span).is_integer() else 1 + _decimals(step)
    scale = 10**decimals
    units = round(span * scale)
    if units <= 0 or units > 10**12 or not math.isclose(units, span * scale, abs_tol=1e-6):
        return []
    found = {d for k in range(1, math.isqrt(units) + 1) if units % k == 0 for d in (k, units // k)}
    found = {d for d in found if units // d <= MAX_ISSUE_VALUES}
    if len(found) > 2:
        found.discard(1)  # the smallest unit always divides: say it only when little else does
    target = step * scale
    closest = sorted(found, key=lambda d: abs(math.log(d / target)))[:shown]
    return [d / scale for d in sorted(closest)]


def _decimals(x: float) -> int:
    text = _plain(x)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _to_float(value: Value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _parse_bool(value: Value) -> bool | None:
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "y", "on"):
        return True
    if text in ("false", "no", "0", "n", "off"):
        return False
    return None
