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
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from accord.errors import InputError
from accord.formats.paths import exists, is_dir
from accord.model.issues import ROLES, Issue
from accord.model.scenario import Party, Scenario
from accord.model.space import OutcomeSpace
from accord.preferences.utility import LinearAdditiveUtility, Preferences

#: A GENIUS real issue is continuous; accord puts it on a grid of this many
#: intervals (so REAL_INTERVALS + 1 points from lowerbound to upperbound).
REAL_INTERVALS = 10


# reading ---------------------------------------------------------------------


def _err(path: Path, field: str, message: str, expected: str) -> InputError:
    return InputError(message, source=str(path), field=field, expected=expected)


def _root(path: Path) -> ET.Element:
    """Parsed root element; a missing or malformed file becomes an InputError.

    Entity declarations are refused rather than expanded (a "billion laughs"
    file, a reference to a local file or a URL): GENIUS files never hold them.
    """
    try:
        return SafeET.fromstring(path.read_bytes())
    except DefusedXmlException as e:
        raise _err(
            path,
            "xml",
            f"the file declares XML entities or external references ({type(e).__name__})",
            "a GENIUS XML file without <!ENTITY> declarations",
        ) from None
    except ET.ParseError as e:
        line, col = e.position
        raise _err(
            path,
            "xml",
            f"malformed XML at line {line}, column {col}",
            "a well-formed GENIUS XML file",
        ) from None
    except OSError as e:
        raise _err(
            path,
            "file",
            f"cannot read the file ({e.strerror or e})",
            "an existing, readable XML file",
        ) from None


def _number(
    el: ET.Element,
    attr: str,
    path: Path,
    field: str,
    default: float | None,
    nonnegative: bool = False,
) -> float:
    """A finite float attribute; `default` when absent (None: the attribute is required)."""
    text = el.get(attr)
    if text is None:
        if default is None:
            raise _err(path, field, f"missing attribute '{attr}'", "a number")
        return default
    try:
        x = float(text)
    except ValueError:
        x = math.nan
    if not math.isfinite(x) or (nonnegative and x < 0):
        raise _err(
            path,
            field,
            f"{attr} '{text}' is invalid",
            "a number >= 0" if nonnegative else "a finite number",
        )
    return x


def _kind(el: ET.Element) -> str:
    """GENIUS issue type; older files give only `type`, some give neither (discrete)."""
    return (el.get("vtype") or el.get("type") or "discrete").lower()


def _issue_name(el: ET.Element, path: Path, position: int) -> str:
    if not el.get("name"):
        raise _err(path, f"issue {position} name", "an issue has no name", "a name attribute")
    return el.get("name", "")


def _items(el: ET.Element) -> list[ET.Element]:
    """Direct <item> children only: nested similarity functions also hold items."""
    return el.findall("item")


def _item_value(item: ET.Element, path: Path, field: str) -> str:
    value = item.get("value")
    if value is None:
        raise _err(path, field, "an item has no value", "a value attribute")
    return value


def _build_issue(el: ET.Element, path: Path, position: int) -> Issue:
    name = _issue_name(el, path, position)
    kind, field = _kind(el), f"issue '{name}'"
    try:
        if kind == "discrete":
            values = [
                _item_value(it, path, f"{field} item {it.get('index', k)}")
                for k, it in enumerate(_items(el), 1)
            ]
            if not values:
                raise _err(path, field, "the issue has no values", "at least one <item>")
            return Issue.categorical(name, values)
        low = _number(el, "lowerbound", path, f"{field} lowerbound", None)
        high = _number(el, "upperbound", path, f"{field} upperbound", None)
        if kind == "integer":
            return Issue.integer(name, int(low), int(high))
        if kind == "real":
            return Issue.real(name, low, high, (high - low) / REAL_INTERVALS if high > low else 1.0)
    except InputError as e:  # the Issue constructors know no file
        raise e if e.source else _err(path, field, e.message, e.expected or "") from None
    raise _err(path, f"{field} vtype", f"unknown issue type '{kind}'", "discrete, integer or real")


def load_genius_domain(path: Path) -> OutcomeSpace:
    """The outcome space of a GENIUS domain file (issues anywhere under the objectives)."""
    path = Path(path)
    issues = [_build_issue(el, path, k) for k, el in enumerate(_root(path).iter("issue"), 1)]
    try:
        return OutcomeSpace(tuple(issues))
    except InputError as e:
        raise e.located(str(path)) from None


def is_genius_profile(path: Path) -> bool:
    """Profiles carry weights or evaluations; a domain file lists values only."""
    root = _root(Path(path))
    return root.find(".//weight") is not None or any(
        item.get("evaluation") is not None for el in root.iter("issue") for item in _items(el)
    )


def genius_discount(path: Path) -> float:
    """The profile's discount factor (1.0 when absent); accord's analysis ignores it."""
    path = Path(path)
    el = _root(path).find(".//discount_factor")
    return 1.0 if el is None else _number(el, "value", path, "discount_factor value", 1.0)


def _discrete_scores(el: ET.Element, issue: Issue, path: Path) -> np.ndarray:
    raw = np.zeros(issue.n)  # values the profile does not evaluate score 0
    for k, item in enumerate(_items(el), 1):
        field = f"issue '{issue.name}' item {item.get('index', k)}"
        value = _item_value(item, path, field)
        try:
            v = issue.index(value)
        except InputError as e:
            raise _err(path, f"{field} value", e.message, e.expected or "") from None
        raw[v] = _number(item, "evaluation", path, f"{field} evaluation", 0.0, nonnegative=True)
    return raw


def _linear_scores(el: ET.Element, issue: Issue, path: Path) -> np.ndarray:
    """GENIUS linear evaluator: slope/offset, or the scores at the lower and upper bound."""
    field = f"issue '{issue.name}' evaluator"
    ev = el.find("evaluator")
    if ev is None or (ev.get("ftype") or "linear").lower() != "linear":
        raise _err(path, field, "no linear evaluator", "<evaluator ftype='linear' .../>")
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
        raise _err(path, field, "the evaluator gives negative scores", "scores >= 0")
    return np.clip(raw, 0.0, None)


def _profile_issues(root: ET.Element, space: OutcomeSpace, path: Path) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for k, el in enumerate(root.iter("issue"), 1):
        name = _issue_name(el, path, k)
        if name not in space.names:
            raise _err(
                path,
                f"issue '{name}'",
                f"unknown issue '{name}'",
                "one of the domain's issues: " + ", ".join(space.names),
            )
        found[name] = el
    missing = [n for n in space.names if n not in found]
    if missing:
        raise _err(
            path,
            f"issue '{missing[0]}'",
            f"no evaluations for issue '{missing[0]}'",
            "every issue of the domain",
        )
    return found


def _weights(root: ET.Element, found: dict[str, ET.Element], path: Path) -> dict[str, float]:
    """Weights matched by the issues' `index`; others (of objectives, or stray) are ignored."""
    by_index = {el.get("index", str(k)).strip(): n for k, (n, el) in enumerate(found.items(), 1)}
    weights: dict[str, float] = {}
    for w in root.iter("weight"):
        name = by_index.get(w.get("index", "").strip())
        if name is not None:
            weights[name] = _number(w, "value", path, f"weight of issue '{name}'", None, True)
    missing = [n for n in found if n not in weights]
    if missing:
        raise _err(
            path,
            f"weight index {found[missing[0]].get('index', '?')}",
            f"no weight for issue '{missing[0]}'",
            "a <weight> for every issue",
        )
    return weights


def load_genius_profile(path: Path, space: OutcomeSpace) -> Preferences:
    """A party's preferences from a GENIUS profile over `space`, with GENIUS's normalisation."""
    path = Path(path)
    root = _root(path)
    found = _profile_issues(root, space, path)
    tables = []
    for issue in space.issues:
        el = found[issue.name]
        raw = (
            _discrete_scores(el, issue, path)
            if _kind(el) == "discrete"
            else _linear_scores(el, issue, path)
        )
        tables.append(raw / raw.max() if raw.max() > 0 else raw)
    named = _weights(root, found, path)
    weights = np.array([named[n] for n in space.names])
    if weights.sum() <= 0:
        raise _err(path, "weight", "all weights are zero", "a positive sum of weights")
    res = root.find(".//reservation")
    reservation = 0.0 if res is None else _number(res, "value", path, "reservation value", 0.0)
    try:
        utility = LinearAdditiveUtility(space, weights / weights.sum(), tuple(tables))
        return Preferences(utility, reservation=reservation, aspiration=1.0)
    except InputError as e:
        raise e.located(str(path)) from None


def load_genius_scenario(folder: Path, profiles: Sequence[Path] | None = None) -> Scenario:
    """A scenario from a GENIUS folder; without `profiles`, the first by file name is party A."""
    folder = Path(folder)
    if not is_dir(folder):
        raise _err(folder, "folder", "not a folder", "a folder with a GENIUS domain and profiles")
    files = sorted(folder.glob("*.xml"), key=lambda p: p.name)
    kinds = {p: is_genius_profile(p) for p in files}
    domains = [p for p in files if not kinds[p]]
    if len(domains) != 1:
        raise _err(
            folder,
            "domain",
            f"{len(domains)} domain files: " + ", ".join(p.name for p in domains),
            "exactly one XML file without weights or evaluations",
        )
    if profiles is None:
        chosen = [p for p in files if kinds[p]]
        if len(chosen) > 2:
            raise _err(
                folder,
                "profiles",
                f"{len(chosen)} profiles: " + " ".join(p.name for p in chosen),
                "a choice of two: pass --profiles A.xml B.xml",
            )
    else:  # names relative to the folder are fine
        chosen = [Path(p) if exists(Path(p)) else folder / p for p in profiles]
    if len(chosen) != 2:
        raise _err(folder, "profiles", f"{len(chosen)} profiles", "exactly two, one per party")
    space = load_genius_domain(domains[0])
    a, b = (
        Party(p.stem, role, load_genius_profile(p, space))
        for p, role in zip(chosen, ROLES, strict=True)
    )
    return Scenario(folder.name, space, a, b, deadline_rounds=100, context="", source=str(folder))


# writing ---------------------------------------------------------------------


def _label(issue: Issue, value: object) -> str:
    """Value as GENIUS text: add-ons become false/true, numbers their str()."""
    return ("true" if value else "false") if issue.kind == "addon" else str(value)


def _skeleton(root: ET.Element, scenario: Scenario) -> tuple[ET.Element, list[ET.Element]]:
    """The utility_space/objective/issue elements shared by domain and profiles."""
    space = root if root.tag == "utility_space" else ET.SubElement(root, "utility_space")
    space.set("number_of_issues", str(len(scenario.space.issues)))
    objective = ET.SubElement(
        space,
        "objective",
        index="0",
        etype="objective",
        type="objective",
        description="",
        name=scenario.name,
    )
    issues = [
        ET.SubElement(
            objective,
            "issue",
            index=str(k),
            etype="discrete",
            type="discrete",
            vtype="discrete",
            name=issue.name,
        )
        for k, issue in enumerate(scenario.space.issues, 1)
    ]
    return objective, issues


def _domain_element(scenario: Scenario) -> ET.Element:
    root = ET.Element("negotiation_template")
    _, elements = _skeleton(root, scenario)
    for el, issue in zip(elements, scenario.space.issues, strict=True):
        for j, value in enumerate(issue.values, 1):
            ET.SubElement(el, "item", index=str(j), value=_label(issue, value))
    return root


def _profile_element(scenario: Scenario, party: Party) -> ET.Element:
    utility = party.preferences.utility
    if not isinstance(utility, LinearAdditiveUtility):
        raise InputError(
            f"the utility of '{party.name}' is not linear additive",
            source=scenario.source or None,
            field=f"parties.{party.role}",
            expected="a linear additive utility (GENIUS has no other kind)",
        )
    root = ET.Element("utility_space")
    objective, elements = _skeleton(root, scenario)
    for el, issue, table in zip(elements, scenario.space.issues, utility.tables, strict=True):
        for j, (value, score) in enumerate(zip(issue.values, table, strict=True), 1):
            ET.SubElement(
                el, "item", index=str(j), value=_label(issue, value), evaluation=repr(float(score))
            )
    for k, w in enumerate(utility.weights, 1):
        ET.SubElement(objective, "weight", index=str(k), value=repr(float(w)))
    ET.SubElement(root, "reservation", value=repr(float(party.preferences.reservation)))
    return root


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "scenario"


def save_genius(scenario: Scenario, folder: Path) -> list[Path]:
    """Write `<name>_domain.xml` and `<party name>.xml` per party; returns [domain, A, B].

    Export discretises: integer and real issues are written as discrete items
    (their str() values), add-ons as "false"/"true", so a reload gives categorical
    issues with the same labels and the same utilities. Scores are written exactly.
    """
    folder = Path(folder)
    stems = [_file_stem(p.name) for p in scenario.parties]
    if stems[0] == stems[1]:
        stems = [f"{s}_{p.role}" for s, p in zip(stems, scenario.parties, strict=True)]
    trees = [(_domain_element(scenario), f"{_file_stem(scenario.name)}_domain.xml")]
    trees += [
        (_profile_element(scenario, p), f"{s}.xml")
        for s, p in zip(stems, scenario.parties, strict=True)
    ]
    paths = []
    for root, name in trees:
        path = folder / name
        ET.indent(root)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
        except OSError as e:
            raise _err(
                path, "file", f"cannot write the file ({e.strerror or e})", "a writable folder"
            ) from None
        paths.append(path)
    return paths
