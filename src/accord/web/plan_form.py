"""The plan form: a plan file's body as the form's controls, and the form back as a body.

Each control is named by the plan's dotted field (`our_position.wants`,
`batna.utility`, `their_preferences.weights.price_per_seat`, `stance.edge`), so
an `InputError` from the schema lands next to the control its field names
(`control_for`). Numbers are passed on as typed when they are not plain numbers
(`30%` is read by the schema's fraction parser, `abc` is refused there, naming
the field); a number left empty is left out, and the plan derives it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from accord.doctrine import Stance
from accord.errors import InputError
from accord.formats.strict_yaml import parse_yaml, yaml_problem
from accord.model.issues import Role
from accord.model.scenario import Scenario
from accord.plan.core import ELEMENTS, TACTICS
from accord.plan.questions import their_estimate
from accord.plan.schema import StanceSpec
from accord.plan.template import ELEMENT_NOTES

#: The stance's fields, each with what it does (`accord.doctrine.Stance`).
STANCE_NOTES = {
    "edge": "aim this far above the estimated fair deal (P3)",
    "reciprocity": "before the late phase, concede at most this times what they concede",
    "late": "from this share of the time, concede towards the walk-away",
    "exponent": "the shape of the late concession (above 1: slow, then fast)",
    "band": "offers within this of the target count as at the target (P8)",
    "windfall": "decline deals this far above the fair deal (P14)",
    "settle": "after this many offers of theirs, ask no windfall either",
    "decay": "weight of each later offer of theirs in the estimate of them",
    "resentment_alert": "warn when a deal's projected resentment exceeds this",
}
SOURCES = {
    "unknown": "unknown: learn from their offers",
    "scenario": "the scenario's other party, as our estimate",
    "estimate": "our own estimate (weights below)",
}
NUMBERS = ("walk_away", "target", "opening", "rounds")
FLAG = "fit.better_served_elsewhere"


@dataclass(frozen=True)
class FormState:
    """What the form shows: each control's text by name, and the checked boxes."""

    values: dict[str, str]
    tactics: tuple[str, ...]
    keep_for_close: tuple[str, ...]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


def elements() -> list[dict[str, Any]]:
    """The six elements, each with its note and its questions, for the template."""
    return [
        {"name": e, "note": ELEMENT_NOTES[e], "fields": list(questions.items())}
        for e, questions in ELEMENTS.items()
    ]


def stance_fields() -> list[tuple[str, str, str]]:
    """(name, what it does, default) of each stance field the schema has."""
    return [(k, STANCE_NOTES.get(k, ""), str(getattr(Stance, k))) for k in StanceSpec.model_fields]


def controls(scenario: Scenario) -> list[str]:
    """Every control's name on the form for `scenario` (to place an error)."""
    names = ["name", "scenario", "side", "counterpart", "bargain.tactics", "keep_for_close"]
    names += [f"{e}.{k}" for e, qs in ELEMENTS.items() for k in qs]
    names += ["batna.description", "batna.utility", "batna.terms", *NUMBERS]
    names += ["their_preferences.source", "their_preferences.batna"]
    names += ["their_preferences.confidence", "their_preferences.values"]
    names += [f"their_preferences.weights.{n}" for n in scenario.space.names]
    names += [f"stance.{k}" for k in StanceSpec.model_fields]
    return [*names, FLAG, "fit.notes"]


def control_for(field: str | None, names: Iterable[str]) -> str | None:
    """The control an error's `field` belongs to: the same name, the longest name it
    starts with (`keep_for_close.0`), or the first inside it (`batna`)."""
    if not field:
        return None
    names = list(names)
    holding = [n for n in names if field == n or field.startswith(n + ".")]
    if holding:
        return max(holding, key=len)
    return next((n for n in names if n.startswith(field + ".")), None)


# The body as the form -------------------------------------------------------------


def state_of(body: Mapping[str, Any], name: str) -> FormState:
    """The form's controls for a plan `body` (a plan file's mapping) called `name`."""
    v: dict[str, str] = {"name": name, "side": str(body.get("side", "A"))}
    v["counterpart"] = _text(body.get("counterpart"))
    for element, questions in ELEMENTS.items():
        section = _section(body, element)
        for key in questions:
            v[f"{element}.{key}"] = _text(section.get(key))
    batna = body.get("batna")
    if isinstance(batna, Mapping):
        v["batna.description"] = _text(batna.get("description"))
        v["batna.utility"] = _text(batna.get("utility"))
        v["batna.terms"] = _flow(batna.get("terms"))
    else:
        v["batna.utility"] = _text(batna)
    for key in NUMBERS:
        v[key] = _text(body.get(key))
    v.update(_theirs(body.get("their_preferences")))
    for key, value in _section(body, "stance").items():
        v[f"stance.{key}"] = _text(value)
    fit = _section(body, "fit")
    v[FLAG] = "on" if fit.get("better_served_elsewhere") else ""
    v["fit.notes"] = _text(fit.get("notes"))
    tactics = _section(body, "bargain").get("tactics", list(TACTICS))
    keep = body.get("keep_for_close")
    return FormState(v, _names(tactics), _names(keep if keep is not None else ()))


def _theirs(theirs: Any) -> dict[str, str]:
    if theirs is None or isinstance(theirs, str):
        return {"their_preferences.source": theirs or "unknown"}
    if not isinstance(theirs, Mapping):
        return {"their_preferences.source": "estimate"}
    v = {"their_preferences.source": _text(theirs.get("source", "estimate"))}
    for key in ("batna", "confidence"):
        v[f"their_preferences.{key}"] = _text(theirs.get(key))
    v["their_preferences.values"] = _flow(theirs.get("values"))
    weights = theirs.get("weights")
    if isinstance(weights, Mapping):
        for issue, w in weights.items():
            v[f"their_preferences.weights.{issue}"] = _text(w)
    return v


def _section(body: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    found = body.get(key)
    return found if isinstance(found, Mapping) else {}


def _names(items: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in items) if isinstance(items, list | tuple) else ()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip() if isinstance(value, str) else str(value)


def _flow(value: Any) -> str:
    """A mapping as YAML lines the person can edit: `issue: {linear: low}` (JSON is YAML)."""
    if not isinstance(value, Mapping) or not value:
        return ""
    return "\n".join(f"{k}: {json.dumps(x, ensure_ascii=False)}" for k, x in value.items())


# The form as a body ---------------------------------------------------------------


def body_of(state: FormState, scenario_ref: str, scenario: Scenario) -> dict[str, Any]:
    """The plan body the form describes, for the scenario file `scenario_ref`."""
    v = state.get
    body: dict[str, Any] = {"name": v("name").strip(), "scenario": scenario_ref}
    body["side"] = v("side").strip().upper() or "A"
    if v("counterpart").strip():
        body["counterpart"] = v("counterpart").strip()
    for element, questions in ELEMENTS.items():
        body[element] = {k: v(f"{element}.{k}").strip() for k in questions}
    body["bargain"]["tactics"] = list(state.tactics)
    body["batna"] = _batna(state)
    for key in NUMBERS:
        if v(key).strip():
            body[key] = number(v(key))
    body["their_preferences"] = _their_body(state, scenario, "B" if body["side"] == "B" else "A")
    stance = {k: number(v(f"stance.{k}")) for k in StanceSpec.model_fields if v(f"stance.{k}")}
    if stance:
        body["stance"] = stance
    givers = {i.name: i.giver for i in scenario.space.issues if i.kind == "addon"}
    # The boxes list every add-on; those the other side gives are not ours to keep (P11).
    body["keep_for_close"] = [
        k for k in state.keep_for_close if givers.get(k, body["side"]) == body["side"]
    ]
    body["fit"] = {"better_served_elsewhere": bool(v(FLAG)), "notes": v("fit.notes").strip()}
    return body


def _batna(state: FormState) -> dict[str, Any]:
    out: dict[str, Any] = {"description": state.get("batna.description").strip()}
    terms = state.get("batna.terms").strip()
    if terms:
        out["terms"] = mapping(terms, "batna.terms", "issue: value lines, e.g. rebate: 1.5")
    if state.get("batna.utility").strip() or not terms:
        out["utility"] = number(state.get("batna.utility") or "0")
    return out


def _their_body(state: FormState, scenario: Scenario, side: Role) -> Any:
    source = state.get("their_preferences.source").strip() or "unknown"
    out: dict[str, Any] = {"source": source}
    if source == "estimate":
        out["weights"] = {
            n: number(state.get(f"their_preferences.weights.{n}") or "0")
            for n in scenario.space.names
        }
        values = state.get("their_preferences.values").strip()
        expected = "issue: value function lines, e.g. price: {linear: low}"
        out["values"] = (
            mapping(values, "their_preferences.values", expected)
            if values  # else what --ask writes: the scenario's account of the other party
            else their_estimate(scenario, side, {})["values"]
        )
    for key in ("batna", "confidence"):
        if state.get(f"their_preferences.{key}").strip():
            out[key] = number(state.get(f"their_preferences.{key}"))
    return out if len(out) > 1 else source


def number(text: str) -> Any:
    """A plain number as a number; anything else as typed, for the schema to read
    (`30%`) or refuse naming the field (`abc`)."""
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def mapping(text: str, field: str, expected: str) -> dict[str, Any]:
    """YAML `key: value` lines typed in a text area, as a mapping."""
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as e:
        raise InputError(yaml_problem(e), field=field, expected=expected) from None
    if not isinstance(data, dict):
        raise InputError("not a list of `key: value` lines", field=field, expected=expected)
    return data


def read_form(fields: Mapping[str, str], tactics: list[str], keep: list[str]) -> FormState:
    """The form as posted: each control's text (a browser sends line breaks as CRLF),
    and the boxes ticked."""
    texts = {k: v.replace("\r\n", "\n") for k, v in fields.items()}
    return FormState(texts, tuple(tactics), tuple(keep))
