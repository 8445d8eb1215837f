"""The commented plan template `accord plan new` writes (filled by `--ask`'s answers).

The template is written as text (YAML with comments), so that it explains each
field where it is filled in; every value in it is valid, so a fresh template
passes `accord plan check` (with notes on what is still empty). The questions
of `--ask` are in `accord.plan.questions`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from accord.doctrine import Stance
from accord.model.issues import Role
from accord.model.scenario import Scenario
from accord.plan.core import ELEMENTS, TACTICS

#: What each element is for, as the template's comment above it.
ELEMENT_NOTES = {
    "our_position": "Our position: what we want and why.",
    "their_position": "Their position: what they want, and the pressures they face.",
    "analysis": "Analysis: gaps, trade-offs, risks and priorities.",
    "present": "What we present: the story and the evidence behind our offer.",
    "bargain": "How we bargain: sequencing, concessions, and the tactics we allow ourselves.",
    "agreement": "What goes in the agreement: structure and safeguards.",
}


def template(
    scenario: Scenario | None,
    scenario_ref: str | None,
    side: Role = "A",
    answers: Mapping[str, Any] | None = None,
) -> str:
    """The plan template as YAML text; `answers` fill fields by dotted name
    ("our_position.wants", "batna.utility", ...)."""
    given = dict(answers or {})
    lines = [
        "# Preparation plan (P1). Check it and derive the numbers with:",
        "#   accord plan check THIS_FILE",
        "# Text fields may stay empty; `plan check` lists what is missing.",
        f"name: {_text(given.get('name', scenario.name + ' plan' if scenario else 'my plan'))}",
    ]
    lines += _domain(scenario, scenario_ref, side)
    lines += ["", "# --- the six elements (P1) ---"]
    for element, questions in ELEMENTS.items():
        lines += ["", f"# {ELEMENT_NOTES[element]}", f"{element}:"]
        for key, question in questions.items():
            lines.append(f"  {key}: {_text(given.get(f'{element}.{key}', ''))}  # {question}")
        if element == "bargain":
            tactics = ", ".join(given.get("bargain.tactics", TACTICS))
            lines.append(
                f"  tactics: [{tactics}]  # moves we allow ourselves: {', '.join(TACTICS)}"
            )
    lines += _numbers(scenario, side, given)
    return "\n".join(lines) + "\n"


def _domain(scenario: Scenario | None, ref: str | None, side: Role) -> list[str]:
    if scenario is None or ref is None:
        return [
            "scenario: scenario.yaml  # the scenario file, relative to this plan (see examples/)",
            "side: A                  # which party we are in it: A or B",
            "# Without a scenario file, replace the two lines above with `issues:` (as in a",
            "# scenario) and `our_preferences: {weights: ..., values: ...}`.",
        ]
    party = scenario.a if side == "A" else scenario.b
    other = scenario.b if side == "A" else scenario.a
    return [
        f"scenario: {_text(ref)}  # relative to this plan",
        f"side: {side}  # we are {_text(party.name)}",
        f"counterpart: {_text(other.name)}",
    ]


def _numbers(scenario: Scenario | None, side: Role, given: Mapping[str, Any]) -> list[str]:
    party = None if scenario is None else (scenario.a if side == "A" else scenario.b)
    utility = given.get("batna.utility", party.preferences.reservation if party else 0.0)
    described = given.get("batna.description", party.preferences.batna if party else "")
    lines = [
        "",
        "# --- the numbers ---",
        "# Our BATNA (P2): what we do if there is no deal, and its utility to us in [0, 1]",
        "# (or `terms: {issue: value, ...}` for an outcome it is equivalent to).",
        "batna:",
        f"  description: {_text(' '.join(str(described).split()))}",
        f"  utility: {float(utility):.4g}",
    ]
    walk = given.get("walk_away")
    if walk is None:
        lines.append("# walk_away: 0.35  # default: the BATNA's utility; never below it")
    else:
        lines.append(f"walk_away: {float(walk):.4g}  # never below the BATNA")
    lines += [
        _optional(
            given, "target", "0.6", "derived from the estimated fair deal (Nash) plus an edge"
        ),
        _optional(given, "opening", "0.8", "our aspiration in the scenario"),
    ]
    return lines + _theirs(scenario, given) + _stance_and_close(scenario, side, given)


def _optional(given: Mapping[str, Any], key: str, example: str, default: str) -> str:
    """A number the plan may derive: written when answered, else an example commented out."""
    if key in given:
        return f"{key}: {float(given[key]):.4g}  # default: {default}"
    return f"# {key}: {example}  # default: {default}"


def _theirs(scenario: Scenario | None, given: Mapping[str, Any]) -> list[str]:
    estimate = given.get("their_preferences")
    if isinstance(estimate, Mapping):
        return _estimate(estimate)
    lines = [
        "# Our estimate of their preferences: unknown (learn from their offers), scenario",
        "# (the scenario's other party, as our estimate), or our own estimate (below).",
        f"their_preferences: {given.get('their_preferences', 'unknown')}",
        "# their_preferences:",
    ]
    if scenario is not None:
        names = ", ".join(f"{n}: 0.0" for n in scenario.space.names)
        lines.append(f"#   weights: {{{names}}}")
    lines += [
        "#   values: {ISSUE: {linear: high}, ...}   # as in the scenario's format",
        "#   batna: 0.4       # their BATNA's utility to them, as we estimate it",
        "#   confidence: 0.5  # how far to trust this against their offers (0 to 1)",
    ]
    return lines


def _estimate(estimate: Mapping[str, Any]) -> list[str]:
    """Our estimate of them, from the ranking `--ask` took (`accord.plan.questions`)."""
    lines = [
        "# Our estimate of their preferences: weights from our ranking of their priorities",
        "# (rank-order centroid); on every issue, what they want is the scenario's account",
        "# of the other party: edit `values` where we know better.",
        "their_preferences:",
        f"  weights: {json.dumps(estimate['weights'])}",
        "  values:",
    ]
    lines += [f"    {name}: {json.dumps(v)}" for name, v in estimate["values"].items()]
    return [
        *lines,
        "  # batna: 0.4     # their BATNA's utility to them, as we estimate it",
        f"  confidence: {estimate['confidence']}  # how far to trust this against their offers",
    ]


def _stance_and_close(scenario: Scenario | None, side: Role, given: Mapping[str, Any]) -> list[str]:
    s = Stance()
    lines = [
        "# How we concede (Diplomat's defaults); uncomment to change.",
        "stance:",
        f"#   edge: {s.edge}          # aim this far above the estimated fair deal (P3)",
        f"#   late: {s.late}          # from this share of the time, concede to the walk-away",
        f"#   reciprocity: {s.reciprocity}   # before then, concede this times what they concede",
        f"#   windfall: {s.windfall}      # decline deals this far above fair (P14)",
    ]
    addons = (
        []
        if scenario is None
        else [i.name for i in scenario.space.issues if i.kind == "addon" and i.giver == side]
    )
    lines += [
        "# Add-ons we keep for the close (P11): most concessions happen at the end.",
        f"keep_for_close: [{', '.join(addons)}]",
        "# Fit (P4): is this counterpart better served elsewhere?",
        "fit:",
        f"  better_served_elsewhere: {_flag(given.get('fit.better_served_elsewhere', False))}",
        f"  notes: {_text(given.get('fit.notes', ''))}",
    ]
    return lines


def _flag(value: Any) -> str:
    return "true" if value else "false"


def _text(value: Any) -> str:
    """A YAML scalar that is always read back as this exact string (JSON is YAML)."""
    return json.dumps(str(value), ensure_ascii=False)
