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

>>> [point_label(p) for p in points(["alpha=0.5:1.5:3"])]
['alpha=0.5', 'alpha=1', 'alpha=1.5']
>>> len(points(["alpha=1,2", "kappa=0.5,1,2"]))
6
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from accord.errors import InputError
from accord.relationship.circumstances import CircumstanceParams
from accord.relationship.params import RelationshipParams
from accord.relationship.series import HONOUR
from accord.tournament.tasks import Point, point_label

_RELATIONSHIP = tuple(f.name for f in fields(RelationshipParams))
_CIRCUMSTANCE = tuple(f.name for f in fields(CircumstanceParams))
#: Every name a sweep may set.
NAMES = (*_RELATIONSHIP, *_CIRCUMSTANCE, "honour")
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
    total = 1
    for axis in axes:
        total *= len(axis)
    if total > _MAX_POINTS:
        raise InputError(
            f"the sweep has {total} points", field="--sweep", expected=f"at most {_MAX_POINTS}"
        )
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


def _range(spec: str, where: str, source: str | None = None) -> tuple[str, list[float]]:
    name, sep, text = spec.partition("=")
    name = name.strip()
    if not sep or not name:
        raise InputError(
            f"'{spec}' is not a sweep",
            source=source,
            field=where,
            expected="NAME=LOW:HIGH:COUNT, NAME=V1,V2,... or a sweep .yaml file",
        )
    if name not in NAMES:
        raise InputError(
            f"unknown parameter '{name}'",
            source=source,
            field=where,
            expected="one of: " + ", ".join(NAMES),
        )
    try:
        if ":" in text:
            low, high, count = text.split(":")
            n = int(count)
            if n < 1:
                raise ValueError
            values = np.linspace(float(low), float(high), n).tolist()
        else:
            values = [float(v) for v in text.split(",")]
    except ValueError:
        raise InputError(
            f"'{spec}' has bad values",
            source=source,
            field=name,
            expected="LOW:HIGH:COUNT (numbers, COUNT >= 1) or comma-separated numbers",
        ) from None
    return name, [float(f"{v:.12g}") for v in values]  # 0.5:2:4 gives 1.0, not 0.9999...


def _from_file(path: Path) -> list[Point]:
    source = str(path)
    if not path.is_file():
        raise InputError("no such sweep file", source=source, field="--sweep", expected="a file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise InputError(f"not YAML ({e})", source=source, expected="a sweep in YAML") from None
    if isinstance(data, list) and data:
        found = []
        for i, entry in enumerate(data):
            if not isinstance(entry, Mapping):
                raise InputError(
                    f"entry {i} is a {type(entry).__name__}",
                    source=source,
                    field=f"[{i}]",
                    expected="a mapping of parameter names to numbers",
                )
            point = tuple(sorted((str(k), _number(v, source, str(k))) for k, v in entry.items()))
            settings(point, source)
            found.append(point)
        return found
    if isinstance(data, Mapping) and data:
        axes = []
        for k, v in data.items():
            if isinstance(v, list):
                text = ",".join(str(_number(x, source, str(k))) for x in v)
            else:
                text = str(v)
            name, values = _range(f"{k}={text}", str(k), source)
            axes.append([(name, x) for x in values])
        return [tuple(sorted(combo)) for combo in itertools.product(*axes)]
    raise InputError(
        "empty or not a sweep",
        source=source,
        expected="a list of parameter mappings, or a mapping of names to value lists",
    )


def _number(x: Any, source: str, name: str) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise InputError(f"{name} = {x!r}", source=source, field=name, expected="a number")
    return float(x)


__all__ = ["NAMES", "point_label", "points", "settings"]
