"""GENIUS XML import and export, so the ANAC domains and their literature can be reused.

A GENIUS scenario is a folder with one domain file (the issues) and one profile
per party (weights, value evaluations, reservation value). Utilities follow
GENIUS exactly: weights are normalised to sum 1 and each evaluation is divided
by the largest evaluation of its issue, so the best value of every issue scores 1.
Every problem with a file is raised as `InputError` naming the file and field.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from accord.errors import InputError
from accord.model.issues import Issue
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences

#: A GENIUS real issue is continuous; accord puts it on a grid of this many
#: intervals (so REAL_INTERVALS + 1 points from lowerbound to upperbound).
REAL_INTERVALS = 10


# reading ---------------------------------------------------------------------


def _root(path: Path) -> ET.Element:
    """Parsed root element; a missing or malformed file becomes an InputError."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        line, col = e.position
        raise InputError(
            f"malformed XML at line {line}, column {col}", source=str(path), field="xml",
            expected="a well-formed GENIUS XML file",
        ) from None
    except OSError as e:
        raise InputError(
            f"cannot read the file ({e.strerror or e})", source=str(path), field="file",
            expected="an existing, readable XML file",
        ) from None


def _number(el: ET.Element, attr: str, path: Path, field: str, default: float | None) -> float:
    """A finite float attribute; `default` when absent (None: the attribute is required)."""
    text = el.get(attr)
    if text is None:
        if default is None:
            raise InputError(
                f"missing attribute '{attr}'", source=str(path), field=field, expected="a number"
            )
        return default
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        raise InputError(
            f"'{text}' is not a number", source=str(path), field=field, expected="a finite number"
        )
    return x


def _kind(el: ET.Element) -> str:
    """GENIUS issue type; older files give only `type`, some give neither (discrete)."""
    return (el.get("vtype") or el.get("type") or "discrete").lower()


def _issue_name(el: ET.Element, path: Path, position: int) -> str:
    name = el.get("name")
    if not name:
        raise InputError(
            f"issue number {position} has no name", source=str(path),
            field=f"issue {position} name", expected="a name attribute",
        )
    return name


def _items(el: ET.Element) -> list[ET.Element]:
    """Direct <item> children only: nested similarity functions also hold items."""
    return el.findall("item")


def _build_issue(el: ET.Element, path: Path, position: int) -> Issue:
    name = _issue_name(el, path, position)
    kind, field = _kind(el), f"issue '{name}'"
    try:
        if kind == "discrete":
            return Issue.categorical(name, _discrete_values(el, path, field))
        low = _number(el, "lowerbound", path, f"{field} lowerbound", None)
        high = _number(el, "upperbound", path, f"{field} upperbound", None)
        if kind == "integer":
            return Issue.integer(name, int(low), int(high))
        if kind == "real":
            step = (high - low) / REAL_INTERVALS if high > low else 1.0
            return Issue.real(name, low, high, step)
    except InputError as e:
        if e.source:
            raise
        raise InputError(e.message, source=str(path), field=field, expected=e.expected) from None
    raise InputError(
        f"unknown issue type '{kind}'", source=str(path), field=f"{field} vtype",
        expected="discrete, integer or real",
    )


def _discrete_values(el: ET.Element, path: Path, field: str) -> list[str]:
    values = []
    for k, item in enumerate(_items(el), 1):
        value = item.get("value")
        if value is None:
            raise InputError("an item has no value", source=str(path),
                             field=f"{field} item {item.get('index', k)}",
                             expected="a value attribute")
        values.append(value)
    if not values:
        raise InputError("the issue has no values", source=str(path), field=field,
                         expected="at least one <item>")
    return values


def load_genius_domain(path: Path) -> OutcomeSpace:
    """The outcome space of a GENIUS domain file (issues anywhere under the objectives)."""
    path = Path(path)
    root = _root(path)
    issues = [_build_issue(el, path, k) for k, el in enumerate(root.iter("issue"), 1)]
    try:
        return OutcomeSpace(tuple(issues))
    except InputError as e:
        raise e.located(str(path)) from None


def is_genius_profile(path: Path) -> bool:
    """Profiles carry weights or evaluations; a domain file lists values only."""
    root = _root(Path(path))
    if root.find(".//weight") is not None:
        return True
    return any(item.get("evaluation") is not None
               for el in root.iter("issue") for item in _items(el))


def genius_discount(path: Path) -> float:
    """The profile's discount factor (1.0 when absent); accord's analysis ignores it."""
    path = Path(path)
    el = _root(path).find(".//discount_factor")
    return 1.0 if el is None else _number(el, "value", path, "discount_factor value", 1.0)


def _discrete_scores(el: ET.Element, issue: Issue, path: Path) -> np.ndarray:
    raw = np.zeros(issue.n)  # values the profile does not evaluate score 0
    for k, item in enumerate(_items(el), 1):
        field = f"issue '{issue.name}' item {item.get('index', k)}"
        value = item.get("value")
        if value is None:
            raise InputError("an item has no value", source=str(path), field=field,
                             expected="a value attribute")
        try:
            v = issue.index(value)
        except InputError as e:
            raise InputError(e.message, source=str(path), field=f"{field} value",
                             expected=e.expected) from None
        raw[v] = _evaluation(item, "evaluation", path, f"{field} evaluation", 0.0)
    return raw


def _evaluation(el: ET.Element, attr: str, path: Path, field: str, default: float | None) -> float:
    x = _number(el, attr, path, field, default)
    if x < 0:
        raise InputError(f"negative {attr} {x}", source=str(path), field=field,
                         expected="a number >= 0")
    return x


def _linear_scores(el: ET.Element, issue: Issue, path: Path) -> np.ndarray:
    """GENIUS linear evaluator: slope/offset, or utilities at the lower and upper bound."""
    field = f"issue '{issue.name}' evaluator"
    ev = el.find("evaluator")
    if ev is None or (ev.get("ftype") or "linear").lower() != "linear":
        raise InputError("no linear evaluator", source=str(path), field=field,
                         expected="<evaluator ftype='linear' .../>")
    x = np.asarray(issue.numeric_values(), dtype=float)
    if ev.get("slope") is not None:
        slope = _number(ev, "slope", path, f"{field} slope", None)
        raw = _number(ev, "offset", path, f"{field} offset", 0.0) + slope * x
    else:
        at_low = _number(ev, "lowerbound", path, f"{field} lowerbound", None)
        at_high = _number(ev, "upperbound", path, f"{field} upperbound", None)
        span = x[-1] - x[0]
        raw = at_low + (at_high - at_low) * ((x - x[0]) / span if span > 0 else 0.0 * x)
    if (raw < -1e-12).any():
        raise InputError("the evaluator gives negative scores", source=str(path), field=field,
                         expected="scores >= 0 over the issue's range")
    return np.clip(raw, 0.0, None)


def _profile_issues(root: ET.Element, space: OutcomeSpace, path: Path) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for k, el in enumerate(root.iter("issue"), 1):
        name = _issue_name(el, path, k)
        if name not in space.names:
            raise InputError(f"unknown issue '{name}'", source=str(path), field=f"issue '{name}'",
                             expected="one of the domain's issues: " + ", ".join(space.names))
        found[name] = el
    missing = [n for n in space.names if n not in found]
    if missing:
        raise InputError(f"no evaluations for issue '{missing[0]}'", source=str(path),
                         field=f"issue '{missing[0]}'", expected="every issue of the domain")
    return found


def _weights(root: ET.Element, found: dict[str, ET.Element], space: OutcomeSpace,
             path: Path) -> np.ndarray:
    """Weights keyed by the issues' `index` attribute; others (e.g. of objectives) are ignored."""
    position = {el.get("index", str(k)): name
                for k, (name, el) in enumerate(found.items(), 1)}
    raw: dict[str, float] = {}
    for w in root.iter("weight"):
        name = position.get(w.get("index", ""))
        if name is not None:
            raw[name] = _evaluation(w, "value", path, f"weight of issue '{name}'", None)
    missing = [n for n in space.names if n not in raw]
    if missing:
        index = found[missing[0]].get("index", "?")
        raise InputError(f"no weight for issue '{missing[0]}'", source=str(path),
                         field=f"weight index {index}", expected="a <weight> for every issue")
    w = np.array([raw[n] for n in space.names])
    if w.sum() <= 0:
        raise InputError("all weights are zero", source=str(path), field="weight",
                         expected="a positive sum of weights")
    return w / w.sum()


def load_genius_profile(path: Path, space: OutcomeSpace) -> Preferences:
    """A party's preferences from a GENIUS profile over `space`, with GENIUS's normalisation."""
    path = Path(path)
    root = _root(path)
    found = _profile_issues(root, space, path)
    tables = []
    for issue in space.issues:
        el = found[issue.name]
        raw = (_discrete_scores(el, issue, path) if _kind(el) == "discrete"
               else _linear_scores(el, issue, path))
        top = raw.max()
        tables.append(raw / top if top > 0 else raw)
    weights = _weights(root, found, space, path)
    res = root.find(".//reservation")
    reservation = 0.0 if res is None else _number(res, "value", path, "reservation value", 0.0)
    try:
        utility = LinearAdditiveUtility(space, weights, tuple(tables))
        return Preferences(utility, reservation=reservation, aspiration=1.0)
    except InputError as e:
        raise e.located(str(path)) from None


def load_genius_scenario(folder: Path, profiles: Sequence[Path] | None = None) -> Scenario:
    """A scenario from a GENIUS folder; the first profile (by file name) is party A."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", source=str(folder), field="folder",
                         expected="a folder with a GENIUS domain and two profiles")
    files = sorted(folder.glob("*.xml"), key=lambda p: p.name)
    kinds = {p: is_genius_profile(p) for p in files}
    domains = [p for p in files if not kinds[p]]
    if len(domains) != 1:
        raise InputError(f"{len(domains)} domain files: " + ", ".join(p.name for p in domains),
                         source=str(folder), field="domain",
                         expected="exactly one XML file without weights or evaluations")
    if profiles is None:
        chosen = [p for p in files if kinds[p]]
        if len(chosen) > 2:
            names = " ".join(p.name for p in chosen)
            raise InputError(f"{len(chosen)} profiles: {names}", source=str(folder),
                             field="profiles", expected="a choice: pass --profiles A.xml B.xml")
    else:
        chosen = [Path(p) if Path(p).exists() else folder / p for p in profiles]
    if len(chosen) != 2:
        raise InputError(f"{len(chosen)} profiles", source=str(folder), field="profiles",
                         expected="exactly two profiles, one per party")
    space = load_genius_domain(domains[0])
    prefs = [load_genius_profile(p, space) for p in chosen]
    a = Party(chosen[0].stem, "A", prefs[0])
    b = Party(chosen[1].stem, "B", prefs[1])
    return Scenario(folder.name, space, a, b, deadline_rounds=100, context="", source=str(folder))


# writing ---------------------------------------------------------------------


def _label(issue: Issue, value: object) -> str:
    """Value as GENIUS text: add-ons become false/true, numbers their str() (export discretises)."""
    if issue.kind == "addon":
        return "true" if value else "false"
    return str(value)


def _utility_space(parent: ET.Element | None, scenario: Scenario) -> ET.Element:
    n = str(len(scenario.space.issues))
    if parent is None:
        return ET.Element("utility_space", number_of_issues=n)
    return ET.SubElement(parent, "utility_space", number_of_issues=n)


def _objective(utility_space: ET.Element, scenario: Scenario) -> ET.Element:
    return ET.SubElement(utility_space, "objective", index="0", etype="objective",
                         type="objective", description="", name=scenario.name)


def _issue_element(objective: ET.Element, k: int, issue: Issue) -> ET.Element:
    return ET.SubElement(objective, "issue", index=str(k), etype="discrete", type="discrete",
                         vtype="discrete", name=issue.name)


def _write(root: ET.Element, path: Path) -> Path:
    ET.indent(root)
    try:
        ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    except OSError as e:
        raise InputError(f"cannot write the file ({e.strerror or e})", source=str(path),
                         field="file", expected="a writable folder") from None
    return path


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "scenario"


def save_genius(scenario: Scenario, folder: Path) -> list[Path]:
    """Write `<name>_domain.xml` and `<party>.xml` per party; returns [domain, A, B].

    Integer and real issues are written as discrete items (their str() values),
    so a reload gives categorical issues with the same labels and utilities.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    template = ET.Element("negotiation_template")
    objective = _objective(_utility_space(template, scenario), scenario)
    for k, issue in enumerate(scenario.space.issues, 1):
        el = _issue_element(objective, k, issue)
        for j, value in enumerate(issue.values, 1):
            ET.SubElement(el, "item", index=str(j), value=_label(issue, value))
    paths = [_write(template, folder / f"{_file_stem(scenario.name)}_domain.xml")]
    stems = [_file_stem(p.name) for p in scenario.parties]
    if stems[0] == stems[1]:
        stems = [f"{s}_{p.role}" for s, p in zip(stems, scenario.parties, strict=True)]
    for stem, party in zip(stems, scenario.parties, strict=True):
        paths.append(_write(_profile_element(scenario, party), folder / f"{stem}.xml"))
    return paths


def _profile_element(scenario: Scenario, party: Party) -> ET.Element:
    utility = party.preferences.utility
    if not isinstance(utility, LinearAdditiveUtility):
        raise InputError(f"the utility of '{party.name}' is not linear additive",
                         source=scenario.source, field=f"parties.{party.role}",
                         expected="a linear additive utility (GENIUS has no other kind)")
    root = _utility_space(None, scenario)
    objective = _objective(root, scenario)
    for k, (issue, table) in enumerate(zip(scenario.space.issues, utility.tables, strict=True), 1):
        el = _issue_element(objective, k, issue)
        for j, (value, score) in enumerate(zip(issue.values, table, strict=True), 1):
            ET.SubElement(el, "item", index=str(j), value=_label(issue, value),
                          evaluation=repr(float(score)))
    for k, w in enumerate(utility.weights, 1):
        ET.SubElement(objective, "weight", index=str(k), value=repr(float(w)))
    ET.SubElement(root, "reservation", value=repr(float(party.preferences.reservation)))
    return root
