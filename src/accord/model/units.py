"""How a value reads with its issue's unit: `$102/seat`, `1,200 seats`, `3%`, `2x`.

One function, so that every place that shows terms (plan, advice, coach,
debrief, ledger, plots, exports) shows them the same way. The unit is the
scenario's free text (docs/scenarios.md); its first word decides the form:

- a currency sign (`$`, `€`, `£`, `¥`) goes before the number, the rest after:
  unit `$/seat` gives `$102/seat`, `$ per seat` gives `$102 per seat`;
- `%` and `x` attach to the number: `% of list` gives `3%`, `x monthly` gives `2x`;
- anything else follows after a space: `seats` gives `1,200 seats`, and `1 seat`
  for one (a unit ending in `s` loses it for the value 1).

Whole numbers of 1,000 or more get thousands separators; fractional money two
decimals (`$102.50`); add-ons read yes/no.
"""

from __future__ import annotations

from accord.model.issues import Issue, Value

#: Signs written before the amount.
CURRENCY_SIGNS = ("$", "€", "£", "¥")
#: Units written right after the number, without a space.
ATTACHED = ("%", "x")


def number(v: float | int) -> str:
    """1200 -> '1,200'; 102.5 -> '102.5'; 0.1 -> '0.1' (no float noise)."""
    if isinstance(v, int) or float(v).is_integer():
        n = int(v)
        return f"{n:,}" if abs(n) >= 1000 else str(n)
    return f"{float(v):.10g}"


def show(v: Value, unit: str = "") -> str:
    """A value as a person reads it with its unit (see the module docstring)."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if not isinstance(v, int | float):
        return str(v)
    text = number(v)
    unit = unit.strip()
    if not unit:
        return text
    for sign in CURRENCY_SIGNS:
        if unit.startswith(sign):
            if not float(v).is_integer():
                text = f"{float(v):,.2f}"  # money: cents, never '$102.5'
            return sign + text + unit[len(sign) :]
    first = unit.split()[0]
    if first in ATTACHED:
        return text + first
    last = unit.split()[-1]
    if v == 1 and last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        unit = unit[:-1]  # 1 year, 1 seat, 1 training day: a plural unit read for one
    return f"{text} {unit}"


def show_value(issue: Issue, v: Value) -> str:
    """`v` of `issue`, with the issue's unit."""
    return show(v, issue.unit)


def show_terms(issues: tuple[Issue, ...], values: dict[str, Value]) -> str:
    """'price_per_seat=$102/seat, seats=1,200 seats, term=3 years'."""
    by_name = {i.name: i for i in issues}
    return ", ".join(f"{k}={show_value(by_name[k], v)}" for k, v in values.items())
