"""Parameter sweeps: how a series tournament's ranking depends on the model's numbers.

DESIGN.md: every parameter can be swept and reports show sensitivity. A sweep is
a list of points; each point overrides some of the relationship model's
parameters (`RelationshipParams`), the circumstances' (`CircumstanceParams`) or
`honour` (the true probability a condition is met), and leaves the rest at
their defaults. Specs, combined as a grid (every combination):

- `alpha=0.5:2:5`: 5 values evenly from 0.5 to 2 (`numpy.linspace`);
- `alpha=0.5,1,2`: those values; `alpha=2`: one value;
- `sweep.yaml`: a file holding a list of points (mappings of name to value),
  or a mapping of names to lists of values or range strings (a grid).

A file is read as every person's file is (`read_yaml_file`: a repeated key or deep
nesting is an error), and each value is checked against its parameter's range,
naming the file, before a grid is built; a grid's size is known from its axes'
lengths, so one too large is refused without being built.

>>> [point_label(p) for p in points(["alpha=0.5:1.5:3"])]
['alpha=0.5', 'alpha=1', 'alpha=1.5']
>>> len(points(["alpha=1,2", "kappa=0.5,1,2"]))
6
"""

from __future__ import annotations

import itertools
import math
import reprlib
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.formats.paths import is_file
from accord.formats.strict_yaml import read_yaml_file
from accord.relationship.circumstances import CircumstanceParams
from accord.relationship.params import RelationshipParams, parameter_table
from accord.relationship.series import HONOUR
from accord.tournament.tasks import Point, point_label

_RELATIONSHIP = tuple(f.name for f in fields(RelationshipParams))
_CIRCUMSTANCE = tuple(f.name for f in fields(CircumstanceParams))
#: Every name a sweep may set.
NAMES = (*_RELATIONSHIP, *_CIRCUMSTANCE, "honour")
#: Each name's documented range, to check a file's values one by one, naming the file,
#: before a grid is built: the params' own, [0, 1] for circumstances and honour.
_BOUNDS: dict[str, tuple[float, float]] = {
    **{p.name: (p.low, p.high) for p in parameter_table()},
    **dict.fromkeys((*_CIRCUMSTANCE, "honour"), (0.0, 1.0)),
}
_MAX_POINTS = 10_000


def points(specs: Sequence[str]) -> list[Point]:
    """The sweep points of `specs` (see the module doc); [()] for no specs."""
    axes: list[list[Point]] = []
    for spec in specs:
        path = Path(spec)
        if "=" not in spec and path.suffix.lower() in (".yaml", ".yml", ".json"):
            axes.append(_from_file(path))
        else:
            name, values = _range(spec, "--sweep")
            axes.append([((name, v),) for v in values])
    grid: list[Point] = []
    _check_size([len(axis) for axis in axes], "--sweep")
    for combo in itertools.product(*axes):
        merged: dict[str, float] = {}
        for part in combo:
            for k, v in part:
                if k in merged:
                    raise InputError(
                        f"'{k}' is swept twice", field="--sweep", expected="each name once"
                    )
                merged[k] = v
        point = tuple(sorted(merged.items()))
        settings(point)  # fails early, naming the field
        grid.append(point)
    return list(dict.fromkeys(grid)) or [()]


def settings(
    point: Point, source: str | None = None
) -> tuple[RelationshipParams, CircumstanceParams, float]:
    """The relationship params, circumstance params and honour a point stands for."""
    given = dict(point)
    rel = {k: v for k, v in given.items() if k in _RELATIONSHIP}
    circ = {k: v for k, v in given.items() if k in _CIRCUMSTANCE}
    honour = given.get("honour", HONOUR)
    unknown = set(given) - set(NAMES)
    if unknown:
        raise InputError(
            f"unknown parameter '{sorted(unknown)[0]}'",
            source=source,
            field="--sweep",
            expected="one of: " + ", ".join(NAMES),
        )
    if not 0.0 <= honour <= 1.0:
        raise InputError(
            f"honour = {honour:g}", source=source, field="honour", expected="a number in [0, 1]"
        )
    try:
        return RelationshipParams(**rel), CircumstanceParams(**circ), float(honour)
    except InputError as e:
        raise (e.located(source) if source else e) from None


def _check_size(lengths: Sequence[int], where: str, source: str | None = None) -> None:
    """Refuse a grid of more than `_MAX_POINTS` points from its axes' lengths, before
    the product (which would hold them all) is built."""
    total = math.prod(lengths)
    if total > _MAX_POINTS:
        raise InputError(
            f"the sweep has {total} points",
            source=source,
            field=where,
            expected=f"at most {_MAX_POINTS}",
        )


def _range(spec: str, where: str, source: str | None = None) -> tuple[str, list[float]]:
    name, sep, text = spec.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(
            f"{reprlib.repr(spec)} is not a sweep",
            source=source,
            field=where,
            expected="NAME=LOW:HIGH:COUNT, NAME=V1,V2,... or a sweep .yaml file",
        )
    _known(name, where, source)
    try:
        if ":" in text:
            low, high, count = text.split(":")
            ends, n = (float(low), float(high)), int(count)
            if n < 1 or not all(map(math.isfinite, ends)):
                raise ValueError
            _check_size([n], name, source)
            values = np.linspace(*ends, n).tolist()
        else:
            values = [float(v) for v in text.split(",")]
    except InputError:  # too many values: a ValueError too, but its own message
        raise
    except ValueError:
        raise InputError(
            f"{reprlib.repr(spec)} has bad values",
            source=source,
            field=name,
            expected="LOW:HIGH:COUNT (numbers, COUNT >= 1) or comma-separated numbers",
        ) from None
    return name, [_rounded(v) for v in values]


def _known(name: str, where: str, source: str | None = None) -> str:
    if name not in NAMES:
        raise InputError(
            f"unknown parameter {reprlib.repr(name)}",
            source=source,
            field=where,
            expected="one of: " + ", ".join(NAMES),
        )
    return name


def _from_file(path: Path) -> list[Point]:
    source = str(path)
    if not is_file(path):
        raise InputError("no such sweep file", source=source, field="--sweep", expected="a file")
    data = read_yaml_file(path, "a sweep in YAML")
    if isinstance(data, list) and data:
        return [_listed(entry, f"[{i}]", source) for i, entry in enumerate(data)]
    if isinstance(data, Mapping) and data:
        axes = [_axis(str(k), v, source) for k, v in data.items()]
        _check_size([len(axis) for axis in axes], "--sweep", source)
        grid = [tuple(sorted(combo)) for combo in itertools.product(*axes)]
        for point in grid:
            settings(point, source)  # what no single value shows: circumstances summing past 1
        return grid
    raise InputError(
        "empty or not a sweep",
        source=source,
        expected="a list of parameter mappings, or a mapping of names to value lists",
    )


def _listed(entry: Any, where: str, source: str) -> Point:
    """A list form's point: a mapping of names to values."""
    if not isinstance(entry, Mapping):
        raise InputError(
            f"entry {where} is a {type(entry).__name__}",
            source=source,
            field=where,
            expected="a mapping of parameter names to numbers",
        )
    given = {_known(str(k), str(k), source): v for k, v in entry.items()}
    point = tuple(sorted((k, _value(k, v, source)) for k, v in given.items()))
    settings(point, source)
    return point


def _axis(name: str, given: Any, source: str) -> list[tuple[str, float]]:
    """A grid form's axis: a list of numbers, or a range or value string as on the command line."""
    _known(name, name, source)
    values = given if isinstance(given, list) else _range(f"{name}={given}", name, source)[1]
    if not values:
        raise InputError(
            "no values", source=source, field=name, expected="a non-empty list of numbers"
        )
    return [(name, _value(name, x, source, rounded=True)) for x in values]


def _value(name: str, x: Any, source: str, rounded: bool = False) -> float:
    """`x` as `name`'s value: a finite number within the parameter's documented range
    (checked after rounding when `rounded`, as a grid's values are)."""
    low, high = _BOUNDS[name]
    value = _finite(x)
    if value is not None and rounded:
        value = _rounded(value)
    if value is None or not low <= value <= high:
        expected = f"a number in [{low:g}, {high:g}]" if high < math.inf else f"a number >= {low:g}"
        raise InputError(
            f"{name} = {reprlib.repr(x)}", source=source, field=name, expected=expected
        )
    return value


def _finite(x: Any) -> float | None:
    """`x` as a finite float, or None: not a number (YAML's booleans included), NaN,
    infinite, or an integer beyond floats."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    try:
        value = float(x)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def _rounded(x: float) -> float:
    """`x` to 12 significant digits, as values read from text are (0.5:2:4 gives 1.0)."""
    return float(f"{x:.12g}")


__all__ = ["NAMES", "point_label", "points", "settings"]
