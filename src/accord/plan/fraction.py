"""A fraction as a person writes it: `0.3` or `30%`, read by one function.

The plan file and `accord plan new --ask` both read fractions (utilities, the
walk-away, the target, confidence, the stance's edge) through `parse_fraction`,
so `30%` means the same wherever a fraction is meant, and a bad one ("130%",
"abc") is refused with the same words, naming the field.
"""

from __future__ import annotations

import math
import numbers

from accord.errors import InputError

#: What every refusal says is expected.
EXPECTED = "a fraction in [0, 1], e.g. 0.3 or 30%"


def parse_fraction(value: object, field: str) -> float:
    """`value` (a number, or text such as "0.3" or "30%") as a float in [0, 1].

    >>> parse_fraction("30%", "target"), parse_fraction(" 0.3 ", "target"), parse_fraction(1, "x")
    (0.3, 0.3, 1.0)
    >>> parse_fraction("130%", "walk_away")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: at field 'walk_away': '130%' is above 100% (expected ...)
    """
    x = _number(value, field)
    if not 0.0 <= x <= 1.0:
        side = "above 100%" if x > 1.0 else "below 0"
        raise InputError(f"{_shown(value)} is {side}", field=field, expected=EXPECTED)
    return x


def text_fraction(value: object) -> object:
    """A fraction written as text ("30%", "0.3") as a float; any other value unchanged,
    for the schema's own checks. Bad text raises ValueError, which pydantic reports
    on the field: the plan file then says "'130%' is above 100%"."""
    if not isinstance(value, str):
        return value
    try:
        return parse_fraction(value, "")
    except InputError as e:
        raise ValueError(f"{e.message} (expected {EXPECTED})") from None


def _number(value: object, field: str) -> float:
    if isinstance(value, str):
        text = value.strip()
        scale = 1.0
        if text.endswith("%"):
            text, scale = text[:-1].strip(), 100.0
        try:
            x = float(text) / scale
        except ValueError:
            x = math.nan
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        x = float(value)
    else:
        x = math.nan
    if not math.isfinite(x):
        raise InputError(f"{_shown(value)} is not a fraction", field=field, expected=EXPECTED)
    return x


def _shown(value: object) -> str:
    return repr(value.strip()) if isinstance(value, str) else repr(value)
