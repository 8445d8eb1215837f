"""`accord scenario check`: a scenario as its author wrote it, read back in words.

`summary` is the JSON form; `render` writes the text from it, so the two never
disagree. Grids and values are shown with their units (`accord.model.units`).
A party's value function is read from the scores the scenario compiles to, so
a GENIUS profile reads the same way as a YAML one: "the higher the better",
"best at 1,200 seats", or the values from best to worst.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from accord.model.issues import Issue
    from accord.model.scenario import Party, Scenario

#: Columns of the text form; descriptions and long lists wrap at this width.
WIDTH = 80
#: Values of a table shown in words before "...".
SHOWN_VALUES = 8
#: Largest grid whose scores the JSON lists value by value.
LISTED_SCORES = 100


def summary(scenario: Scenario) -> dict[str, Any]:
    """The scenario's issues, grids, parties and outcome count, as `--json` prints them."""
    space = scenario.space
    names: dict[str, str] = {p.role: p.name for p in scenario.parties}
    return {
        "name": scenario.name,
        "source": scenario.source,
        "context": " ".join(scenario.context.split()),
        "deadline_rounds": scenario.deadline_rounds,
        "outcomes": space.n_outcomes,
        "issues": [_issue(i, names) for i in space.issues],
        "parties": [_party(p, scenario) for p in scenario.parties],
    }


def render(s: dict[str, Any]) -> str:
    """The text form of `summary(...)`: one block per issue list and per party."""
    lines = [s["name"]] + ([f"from {s['source']}"] if s["source"] else [])
    count = len(s["issues"])
    lines.append(
        f"{s['deadline_rounds']} rounds; {count} issue{'s' * (count != 1)}; "
        f"{s['outcomes']:,} outcomes"
    )
    if s["context"]:
        lines += textwrap.wrap(s["context"], WIDTH)
    width = max(len(i["name"]) for i in s["issues"])
    lines += ["", "Issues"]
    for issue in s["issues"]:
        kind = "add-on" if issue["kind"] == "addon" else issue["kind"]
        head = f"  {issue['name']:<{width}}  {kind:<11}  "
        lines += _wrapped(head, issue["grid"])
        if issue.get("aliases"):
            lines += _wrapped(" " * len(head), "aliases: " + _aliases(issue["aliases"]))
    for party in s["parties"]:
        lines += ["", f"{party['role']}: {party['name']}"]
        if party["description"]:
            lines += textwrap.wrap(party["description"], WIDTH, initial_indent="  ",
                                   subsequent_indent="  ")  # fmt: skip
        batna = f"BATNA: utility {party['batna']['utility']:.2f}"
        if party["batna"]["description"]:
            batna += " - " + party["batna"]["description"]
        lines += _wrapped("  ", batna)
        lines.append(f"  aspiration: utility {party['aspiration']:.2f}")
        lines.append("  weight and value of each issue:")
        for value in party["values"]:
            head = f"    {value['issue']:<{width}}  {value['weight']:>4.0%}  "
            lines += _wrapped(head, value["reads"])
    return "\n".join(lines) + "\n"


def _aliases(aliases: dict[str, Any]) -> str:
    """'annually, upfront for annual upfront; monthly billing for monthly'."""
    by_value: dict[str, list[str]] = {}
    for alias, value in aliases.items():
        by_value.setdefault(str(value), []).append(alias)
    return "; ".join(f"{', '.join(said)} for {value}" for value, said in by_value.items())


def _wrapped(head: str, text: str) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=head, subsequent_indent=" " * len(head), break_on_hyphens=False
    ) or [head.rstrip()]


# issues ---------------------------------------------------------------------------------


def _issue(issue: Issue, names: dict[str, str]) -> dict[str, Any]:
    from accord.model.units import show

    out: dict[str, Any] = {"name": issue.name, "kind": issue.kind, "unit": issue.unit}
    out["count"] = issue.n
    if issue.kind == "addon":
        out["giver"] = issue.giver
        out["grid"] = f"yes or no, given by {issue.giver} ({names[str(issue.giver)]})"
    elif issue.kind in ("integer", "real"):
        low, high = issue.values[0], issue.values[-1]
        step = _step(issue)
        out |= {"low": low, "high": high, "step": step}
        steps = f" in steps of {show(step, issue.unit)}" if step not in (None, 1) else ""
        out["grid"] = (
            f"{show(low, issue.unit)} to {show(high, issue.unit)}{steps} ({issue.n:,} values)"
        )
    else:
        out["values"] = list(issue.values)
        shown = ", ".join(show(v, issue.unit) for v in issue.values[:SHOWN_VALUES])
        more = f", ... ({issue.n:,} values)" if issue.n > SHOWN_VALUES else ""
        out["grid"] = shown + more + (" (in this order)" if issue.kind == "ordered" else "")
    if issue.aliases:
        out["aliases"] = dict(issue.aliases)
    return out


def _step(issue: Issue) -> float | int | None:
    if issue.n < 2:
        return None
    step = float(f"{float(issue.values[1]) - float(issue.values[0]):.12g}")  # no float noise
    return int(step) if issue.kind == "integer" else step


# parties --------------------------------------------------------------------------------


def _party(party: Party, scenario: Scenario) -> dict[str, Any]:
    prefs = party.preferences
    out: dict[str, Any] = {
        "role": party.role,
        "name": party.name,
        "description": " ".join(party.description.split()),
        "batna": {
            "utility": prefs.reservation,
            "description": " ".join(prefs.batna.split()),
        },
        "aspiration": prefs.aspiration,
    }
    weights = getattr(prefs.utility, "weights", None)
    tables = getattr(prefs.utility, "tables", None)
    if weights is None or tables is None:  # pragma: no cover - every format is linear additive
        out["values"] = []
        return out
    out["values"] = [
        _value(issue, float(w), t, party)
        for issue, w, t in zip(scenario.space.issues, weights, tables, strict=True)
    ]
    return out


def _value(issue: Issue, weight: float, scores: np.ndarray, party: Party) -> dict[str, Any]:
    out: dict[str, Any] = {"issue": issue.name, "weight": weight, "reads": _reads(issue, scores)}
    if issue.n <= LISTED_SCORES:
        out["scores"] = {
            str(v): round(float(x), 6) for v, x in zip(issue.values, scores, strict=True)
        }
    return out


def _reads(issue: Issue, scores: np.ndarray) -> str:
    """The value function in words, from its scores (best 1)."""
    import numpy as np

    from accord.model.units import show

    s = np.asarray(scores, dtype=float)
    if np.ptp(s) < 1e-9:
        return "indifferent (every value scores the same)"
    if issue.kind == "addon":
        return "wants it (yes is better)" if s[1] > s[0] else "would rather not (no is better)"
    if issue.is_numeric and issue.n > 1:
        x = np.asarray(issue.numeric_values())
        steps = np.diff(s)
        if (steps >= -1e-9).all() or (steps <= 1e-9).all():
            best = "higher" if s[-1] > s[0] else "lower"
            share = (x - x[0]) / (x[-1] - x[0])
            linear = np.allclose(s, share, atol=1e-6) or np.allclose(s, 1 - share, atol=1e-6)
            return f"the {best} the better" + ("" if linear else " (not in a straight line)")
        top = int(np.argmax(s))
        if (steps[:top] >= -1e-9).all() and (steps[top:] <= 1e-9).all():
            return f"best at {show(issue.values[top], issue.unit)}, {_ends(issue, s)}"
    return _ranked(issue, s)


def _ends(issue: Issue, s: np.ndarray) -> str:
    from accord.model.units import show

    low, high = show(issue.values[0], issue.unit), show(issue.values[-1], issue.unit)
    if s[0] == s[-1]:
        return f"falling to {s[0]:.2g} at {low} and at {high}"
    return f"falling to {s[0]:.2g} at {low} and to {s[-1]:.2g} at {high}"


def _ranked(issue: Issue, s: np.ndarray) -> str:
    """Values from best to worst with their scores: 'annual upfront 1, quarterly 0.5, ...'."""
    from accord.model.units import show

    order = sorted(range(issue.n), key=lambda k: -s[k])
    said = [f"{show(issue.values[k], issue.unit)} {s[k]:.2g}" for k in order[:SHOWN_VALUES]]
    more = f", ... ({issue.n - SHOWN_VALUES} more)" if issue.n > SHOWN_VALUES else ""
    return "best to worst: " + ", ".join(said) + more
