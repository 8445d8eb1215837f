"""Strategy specs: a registered name with parameters, `diplomat(edge=0.1)`.

A spec is text, so a variant needs no registration and travels to any worker;
its parameters are checked against the class's constructor and type hints,
with an error naming the parameter.
"""

from __future__ import annotations

import inspect
import re
import typing
from typing import TYPE_CHECKING, Any

import yaml

from accord.errors import InputError

if TYPE_CHECKING:
    from accord.protocol.strategy import Strategy

_SPEC = re.compile(r"^\s*([^()\s]+)\s*(?:\((.*)\))?\s*$", re.DOTALL)


def parse_spec(text: str) -> tuple[str, dict[str, Any]]:
    """`name(k=v, ...)` as (lower-case name, {k: v}); values are YAML scalars.

    >>> parse_spec("Diplomat(edge=0.1, conditional=false)")
    ('diplomat', {'edge': 0.1, 'conditional': False})
    """
    m = _SPEC.match(text)
    if m is None:
        raise InputError(
            f"'{text}' is not a strategy", field="strategy", expected="NAME or NAME(key=value, ...)"
        )
    name, inner = m.group(1).lower(), m.group(2)
    kwargs: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in (inner or "").split(","))):
        key, sep, value = part.partition("=")
        if not sep or not key.strip().isidentifier():
            raise InputError(
                f"'{part}' in '{text}' is not key=value",
                field="strategy",
                expected="NAME(key=value, ...)",
            )
        try:
            kwargs[key.strip()] = yaml.safe_load(value) if value.strip() else None
        except yaml.YAMLError:
            raise InputError(
                f"'{value.strip()}' in '{text}' is not a value",
                field="strategy",
                expected="numbers, true/false or words",
            ) from None
    return name, kwargs


def split_specs(text: str) -> list[str]:
    """Comma-separated strategy specs, keeping the commas inside parentheses.

    >>> split_specs("diplomat(edge=0.1, late=0.9), boulware")
    ['diplomat(edge=0.1, late=0.9)', 'boulware']
    """
    return [p.strip() for p in re.split(r",(?![^()]*\))", text) if p.strip()]


def checked_arguments(cls: type[Strategy], key: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """`kwargs` checked against `cls`'s constructor: each a parameter it takes, of its
    annotated type (ints widen to floats); an `InputError` naming the first that is not."""
    hints = typing.get_type_hints(cls.__init__)
    accepted = {
        p.name: hints.get(p.name, inspect.Parameter.empty)
        for p in inspect.signature(cls.__init__).parameters.values()
        if p.name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    checked: dict[str, Any] = {}
    for k, v in kwargs.items():
        if k not in accepted:
            raise InputError(
                f"{key} has no parameter '{k}'",
                field="strategy",
                expected=f"parameters of {key}: " + (", ".join(accepted) or "none"),
            )
        checked[k] = _typed(key, k, v, accepted[k])
    return checked


def _typed(strategy: str, name: str, value: Any, hint: Any) -> Any:
    """`value` checked against the parameter's annotation (ints widen to floats)."""
    allowed = set(typing.get_args(hint)) if typing.get_args(hint) else {hint}
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if value is None and type(None) in allowed:
        return value
    if float in allowed and number:
        return float(value)
    if (int in allowed and number and float(value).is_integer()) or any(
        t in (bool, str) and isinstance(value, t) for t in allowed
    ):
        return int(value) if int in allowed and number else value
    if hint is inspect.Parameter.empty or hint is Any:
        return value
    raise InputError(
        f"{strategy}({name}={value!r})",
        field="strategy",
        expected=f"{name} of type {getattr(hint, '__name__', hint)}",
    )
