"""A scenario written back as accord YAML: the data `accord_yaml` reads, and its text.

`scenario_data(scenario)` is a mapping in the shape docs/scenarios.md describes
(issues as a list, each party's weights, value tables, BATNA and aspiration), so
`load_yaml_scenario` reads it back into the same scenario: the same issues,
grids, units and aliases, the same normalised weights and value scores, the
same BATNAs. Value functions come back as the tables they compile to
(`{linear: high}` becomes its scores), and an issue's `description` is not kept
in a loaded scenario, so it is not written. A GENIUS folder becomes a YAML file
this way. Only linear additive utilities can be written.
"""

from __future__ import annotations

from typing import Any

import yaml

from accord.errors import InputError
from accord.model.issues import ROLES, Issue, Value
from accord.model.scenario import Party, Scenario
from accord.preferences.utility import LinearAdditiveUtility

#: Digits kept of a weight or a score (more than any file writes, fewer than float noise).
DIGITS = 12


def scenario_yaml(scenario: Scenario) -> str:
    """`scenario` as the text of an accord YAML file."""
    return dump_yaml(scenario_data(scenario))


def dump_yaml(data: dict[str, Any]) -> str:
    """Scenario data as YAML text: keys in the order given, strings quoted where YAML
    would read them as something else (`"yes"`, `"1.10"`)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The mapping `accord.formats.accord_yaml` reads back into `scenario`."""
    data: dict[str, Any] = {"name": scenario.name}
    if scenario.context:
        data["context"] = scenario.context
    data["deadline"] = {"rounds": scenario.deadline_rounds}
    data["issues"] = [issue_data(i) for i in scenario.space.issues]
    data["parties"] = {role: _party(p) for role, p in zip(ROLES, scenario.parties, strict=True)}
    return data


def issue_data(issue: Issue) -> dict[str, Any]:
    """One issue as the file writes it: a grid by `low`, `high`, `step` when it is one."""
    out: dict[str, Any] = {"name": issue.name, "type": issue.kind}
    if issue.kind == "addon":
        out["giver"] = issue.giver
    elif issue.kind in ("integer", "real") and _grid(issue) is not None:
        out.update(_grid(issue) or {})
    else:
        out["type"] = "ordered" if issue.kind in ("integer", "real") else issue.kind
        out["values"] = list(issue.values)
    if issue.unit and issue.kind != "addon":
        out["unit"] = issue.unit
    if issue.aliases:
        out["aliases"] = dict(issue.aliases)
    return out


def _grid(issue: Issue) -> dict[str, Value] | None:
    """`low`, `high`, `step` that rebuild exactly this issue's values, else None."""
    v = issue.values
    low, high = v[0], v[-1]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in v):
        return None
    step: float | int = float(f"{float(v[1]) - float(v[0]):.{DIGITS}g}") if len(v) > 1 else 1
    try:
        if issue.kind == "integer":
            step = int(step)
            again = Issue.integer(issue.name, float(low), float(high), step).values
        else:
            again = Issue.real(issue.name, float(low), float(high), step).values
    except InputError:
        return None
    if again != v:
        return None
    return {"low": low, "high": high, "step": step}


def _party(p: Party) -> dict[str, Any]:
    u = p.preferences.utility
    if not isinstance(u, LinearAdditiveUtility):
        raise InputError(
            f"the preferences of '{p.name}' are not linear additive",
            field=f"parties.{p.role}",
            expected="weights and value scores per issue, the only utilities YAML can hold",
        )
    issues = u.space.issues
    out: dict[str, Any] = {"name": p.name}
    if p.description:
        out["description"] = p.description
    out["weights"] = {i.name: _num(w) for i, w in zip(issues, u.weights.tolist(), strict=True)}
    values: dict[str, Any] = {}
    for issue, table in zip(issues, u.tables, strict=True):
        scores = [_num(x) for x in table.tolist()]
        if issue.kind == "addon" and scores == _addon_default(issue, p):
            continue
        values[issue.name] = {"table": _table(issue.values, scores)}
    out["values"] = values
    prefs = p.preferences
    batna: dict[str, Any] = {"utility": _num(prefs.reservation)}
    if prefs.batna:
        batna["description"] = prefs.batna
    out["batna"] = batna
    out["aspiration"] = _num(prefs.aspiration)
    return out


def _table(values: tuple[Value, ...], scores: list[float]) -> dict[Value, float]:
    return dict(zip(values, scores, strict=True))


def _addon_default(issue: Issue, p: Party) -> list[float]:
    """What the loader gives an add-on without a value function: 1 to the receiver."""
    receives = issue.giver != p.role
    return [float(not receives), float(receives)]


def _num(x: float) -> float:
    """A float without its noise: 0.35000000000000003 is written 0.35."""
    return float(f"{x:.{DIGITS}g}")


__all__ = ["dump_yaml", "issue_data", "scenario_data", "scenario_yaml"]
