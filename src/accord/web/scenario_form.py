"""The scenario form: what a person types, kept as typed, and the YAML it stands for.

`ScenarioForm.read(fields)` reads the posted form (every control is named
`issue-{i}-...`, `{R}-...`, `weight-{R}-{i}`, `fn-{R}-{i}`, `score-{R}-{i}-{j}`
for role R in A, B) into strings exactly as typed, so a form with a mistake
re-renders with the person's text and the error beside it. `data()` turns it
into the mapping docs/scenarios.md describes (an `InputError` naming the
control when a number is not one), and `from_spec` fills the form from a
scenario file's `ScenarioSpec` (to edit one, or start from an example). The
saved file is that mapping as YAML, checked by `load_scenario` before it is kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from accord.errors import InputError
from accord.model.issues import ROLES, Issue, Value

KINDS = ("categorical", "ordered", "integer", "real", "addon")
KIND_WORDS = {
    "categorical": "categorical: named options, in no order",
    "ordered": "ordered: values in order (numbers or words)",
    "integer": "integer: whole numbers low to high",
    "real": "real: numbers low to high in steps",
    "addon": "add-on: yes or no, granted by one side",
}
#: Value functions a numeric issue can have; a table is always possible.
FUNCTIONS = {
    "high": "the higher the better",
    "low": "the lower the better",
    "peak": "best at a value",
    "table": "a score per value",
}
#: Issues with more values than this get no per-value score table in the form.
MAX_TABLE = 40
SOURCE = "the scenario form"


@dataclass
class IssueRow:
    """One issue as typed: its values as a comma-separated list, or its grid."""

    name: str = ""
    kind: str = "categorical"
    values: str = ""
    low: str = ""
    high: str = ""
    step: str = ""
    unit: str = ""
    giver: str = "A"
    aliases: str = ""
    description: str = ""

    def grid(self) -> tuple[Value, ...] | None:
        """The values this row stands for, or None while it does not make an issue."""
        try:
            return self.issue().values
        except (InputError, ValueError):
            return None

    def issue(self) -> Issue:
        """The issue this row makes (an InputError or ValueError while it makes none);
        kept for the rows typed last, as a form renders a row's grid several times."""
        return _issue(
            self.name.strip() or "issue",
            self.kind,
            self.values,
            self.low,
            self.high,
            self.step,
            self.giver,
        )


@lru_cache(maxsize=64)
def _issue(name: str, kind: str, values: str, low: str, high: str, step: str, giver: str) -> Issue:
    if kind in ("categorical", "ordered"):
        return Issue(name, tuple(split_values(values)), kind)  # type: ignore[arg-type]
    if kind == "addon":
        return Issue.addon(name, giver)  # type: ignore[arg-type]
    if kind == "integer":
        return Issue.integer(name, float(low), float(high), float(step or 1))
    return Issue.real(name, float(low), float(high), float(step))


@dataclass
class Side:
    """One party as typed; per issue (by position) a weight, a value function, scores."""

    name: str = ""
    description: str = ""
    batna: str = ""
    batna_text: str = ""
    aspiration: str = "1"
    weights: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    peaks: list[str] = field(default_factory=list)
    peak_lows: list[str] = field(default_factory=list)
    peak_highs: list[str] = field(default_factory=list)
    scores: list[dict[str, str]] = field(default_factory=list)

    def columns(self) -> tuple[list[Any], ...]:
        """What the side holds per issue, in the issues' order."""
        return (
            self.weights,
            self.functions,
            self.peaks,
            self.peak_lows,
            self.peak_highs,
            self.scores,
        )

    def fit(self, n: int) -> None:
        """One entry per issue, new issues weighted 10 and scored by a table."""
        for column, blank in (
            (self.weights, "10"),
            (self.functions, "table"),
            (self.peaks, ""),
            (self.peak_lows, ""),
            (self.peak_highs, ""),
        ):
            column.extend([blank] * (n - len(column)))
            del column[n:]
        self.scores.extend({} for _ in range(n - len(self.scores)))
        del self.scores[n:]


@dataclass
class ScenarioForm:
    """Everything the form holds, as typed."""

    name: str = ""
    context: str = ""
    rounds: str = "20"
    issues: list[IssueRow] = field(default_factory=list)
    sides: dict[str, Side] = field(default_factory=lambda: {r: Side() for r in ROLES})

    @classmethod
    def blank(cls) -> ScenarioForm:
        form = cls(issues=[IssueRow(), IssueRow()])
        form.sides["A"].name, form.sides["B"].name = "We", "They"
        form.fit()
        return form

    def fit(self) -> None:
        for side in self.sides.values():
            side.fit(len(self.issues))

    # reading the posted form ------------------------------------------------------

    @classmethod
    def read(cls, f: Mapping[str, str]) -> ScenarioForm:
        count = _count(f)
        form = cls(
            name=f.get("name", ""),
            context=f.get("context", ""),
            rounds=f.get("rounds", ""),
            issues=[_read_issue(f, i) for i in range(count)],
        )
        for role in ROLES:
            form.sides[role] = _read_side(f, role, count)
        return form

    def act(self, action: str) -> None:
        """A button that changes the form's shape: add an issue, remove issue i."""
        if action == "add-issue":
            self.issues.append(IssueRow())
            for side in self.sides.values():
                side.fit(len(self.issues))
        elif action.startswith("remove-issue-") and action[13:].isdigit():
            k = int(action[13:])
            if 0 <= k < len(self.issues):
                del self.issues[k]
                for side in self.sides.values():
                    for column in side.columns():
                        del column[k]

    # the data it stands for ----------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The scenario mapping (docs/scenarios.md); InputError naming a control whose
        text is not the number it must be."""
        out: dict[str, Any] = {"name": self.name.strip()}
        if self.context.strip():
            out["context"] = self.context.strip() + "\n"
        out["deadline"] = {"rounds": _int(self.rounds, "deadline.rounds")}
        out["issues"] = [_issue_data(row, i) for i, row in enumerate(self.issues)]
        out["parties"] = {r: _side_data(self, r) for r in ROLES}
        return out

    # filling it from a scenario file -----------------------------------------------------

    @classmethod
    def from_spec(cls, spec: Any) -> ScenarioForm:
        """The form of a validated `ScenarioSpec` (a scenario file's contents)."""
        form = cls(
            name=spec.name,
            context=spec.context.strip(),
            rounds=str(spec.deadline.rounds),
            issues=[_row_of(i) for i in spec.issues],
        )
        for role in ROLES:
            form.sides[role] = _side_of(spec.parties[role], form.issues)
        return form


# reading -------------------------------------------------------------------------------


def _count(f: Mapping[str, str]) -> int:
    found = [int(m.group(1)) for k in f if (m := re.fullmatch(r"issue-(\d+)-name", k))]
    return min(max(found, default=-1) + 1, 200)


def _read_issue(f: Mapping[str, str], i: int) -> IssueRow:
    got = {k: f.get(f"issue-{i}-{k}", "") for k in IssueRow.__dataclass_fields__}
    row = IssueRow(**got)
    if row.kind not in KINDS:
        row.kind = "categorical"
    return row


def _read_side(f: Mapping[str, str], role: str, count: int) -> Side:
    side = Side(
        name=f.get(f"{role}-name", ""),
        description=f.get(f"{role}-description", ""),
        batna=f.get(f"{role}-batna", ""),
        batna_text=f.get(f"{role}-batna_text", ""),
        aspiration=f.get(f"{role}-aspiration", ""),
    )
    for i in range(count):
        side.weights.append(f.get(f"weight-{role}-{i}", ""))
        side.functions.append(f.get(f"fn-{role}-{i}", "table") or "table")
        side.peaks.append(f.get(f"peak-{role}-{i}", ""))
        side.peak_lows.append(f.get(f"peaklow-{role}-{i}", ""))
        side.peak_highs.append(f.get(f"peakhigh-{role}-{i}", ""))
        scores = {}
        for j in range(MAX_TABLE):
            value = f.get(f"scorefor-{role}-{i}-{j}")
            if value is None:
                break
            scores[value] = f.get(f"score-{role}-{i}-{j}", "")
        side.scores.append(scores)
    return side


# to data -------------------------------------------------------------------------------


def split_values(text: str) -> list[Value]:
    """'30, 45, 60' -> [30, 45, 60]; 'monthly, annual upfront' -> two words."""
    return [_value(t.strip()) for t in text.split(",") if t.strip()]


def _value(text: str) -> Value:
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", text):
        return float(text)
    return text


def _number(text: str, where: str, expected: str = "a number") -> float:
    try:
        x = float(text.strip())
    except ValueError:
        x = math.nan
    if not math.isfinite(x):
        raise InputError(f"'{text}' is not a number", source=SOURCE, field=where, expected=expected)
    return x


def _int(text: str, where: str) -> int:
    x = _number(text, where, "a whole number")
    if not x.is_integer():
        raise InputError(
            f"'{text}' is not a whole number", source=SOURCE, field=where, expected="a whole number"
        )
    return int(x)


def _issue_data(row: IssueRow, i: int) -> dict[str, Any]:
    name = row.name.strip()
    where = f"issues.{name or i}"
    out: dict[str, Any] = {"name": name, "type": row.kind}
    if row.kind in ("categorical", "ordered"):
        out["values"] = split_values(row.values)
    elif row.kind == "addon":
        out["giver"] = row.giver
    else:
        for key in ("low", "high", "step"):
            text = getattr(row, key).strip()
            if text or key != "step" or row.kind == "real":
                x = _number(text, f"{where}.{key}")
                out[key] = int(x) if row.kind == "integer" and x.is_integer() else x
    if row.unit.strip() and row.kind != "addon":
        out["unit"] = row.unit.strip()
    if row.description.strip():
        out["description"] = row.description.strip()
    aliases = _aliases(row.aliases, where)
    if aliases:
        out["aliases"] = aliases
    try:  # a grid that misses its end, a value listed twice: said before the parties' errors
        row.issue()
    except InputError as e:
        raise e.located(SOURCE) from None
    return out


def _aliases(text: str, where: str) -> dict[str, Value]:
    """'annually = annual upfront, 24/7 = premium 24x7' as a mapping."""
    out: dict[str, Value] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        alias, eq, value = part.partition("=")
        if not eq or not alias.strip() or not value.strip():
            raise InputError(
                f"'{part}' is not an alias",
                source=SOURCE,
                field=f"{where}.aliases",
                expected="other word = value, separated by commas",
            )
        out[alias.strip()] = _value(value.strip())
    return out


def _side_data(form: ScenarioForm, role: str) -> dict[str, Any]:
    side = form.sides[role]
    where = f"parties.{role}"
    out: dict[str, Any] = {"name": side.name.strip()}
    if side.description.strip():
        out["description"] = side.description.strip()
    weights, values = {}, {}
    for i, row in enumerate(form.issues):
        name = row.name.strip()
        weights[name] = _number(side.weights[i], f"{where}.weights.{name}")
        if row.kind != "addon":
            values[name] = _function(side, i, row, f"{where}.values.{name}")
    out["weights"] = weights
    out["values"] = values
    batna: dict[str, Any] = {"utility": _number(side.batna, f"{where}.batna.utility", "0 to 1")}
    if side.batna_text.strip():
        batna["description"] = side.batna_text.strip()
    out["batna"] = batna
    if side.aspiration.strip():
        out["aspiration"] = _number(side.aspiration, f"{where}.aspiration", "0 to 1")
    return out


def _function(side: Side, i: int, row: IssueRow, where: str) -> dict[str, Any]:
    fn = side.functions[i]
    if fn in ("high", "low"):
        return {"linear": fn}
    if fn == "peak":
        out = {"peak": _number(side.peaks[i], f"{where}.peak")}
        for key, text in (("low", side.peak_lows[i]), ("high", side.peak_highs[i])):
            if text.strip():
                out[key] = _number(text, f"{where}.{key}")
        return out
    table: dict[Value, float] = {}
    grid = row.grid() or ()
    if len(grid) > MAX_TABLE:
        raise InputError(
            f"{len(grid):,} values are too many to score one by one",
            source=SOURCE,
            field=where,
            expected="a line (the higher or the lower the better) or a peak",
        )
    for value in grid:
        text = side.scores[i].get(str(value), "")
        if not text.strip():
            raise InputError(
                f"no score for '{value}'",
                source=SOURCE,
                field=f"{where}.{value}",
                expected="a score >= 0 for every value (the best scores 1)",
            )
        table[value] = _number(text, f"{where}.{value}", "a score >= 0")
    return {"table": table}


# from a spec ---------------------------------------------------------------------------------


def _plain(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else f"{x:.10g}"


def _row_of(spec: Any) -> IssueRow:
    return IssueRow(
        name=spec.name,
        kind=spec.type,
        values=", ".join(str(v) for v in spec.values or ()),
        low=_plain(spec.low),
        high=_plain(spec.high),
        step=_plain(spec.step),
        unit=spec.unit,
        giver=spec.giver or "A",
        aliases=", ".join(f"{k} = {v}" for k, v in spec.aliases.items()),
        description=spec.description,
    )


def _side_of(party: Any, rows: list[IssueRow]) -> Side:
    total = sum(party.weights.values()) or 1.0
    side = Side(
        name=party.name,
        description=party.description,
        batna=_plain(party.batna.utility),
        batna_text=party.batna.description.strip(),
        aspiration=_plain(party.aspiration),
    )
    for row in rows:
        side.weights.append(_plain(100 * party.weights.get(row.name, 0.0) / total))
        fn = party.values.get(row.name)
        side.peaks.append("")
        side.peak_lows.append(_plain(fn.low) if fn is not None else "")
        side.peak_highs.append(_plain(fn.high) if fn is not None else "")
        side.scores.append({})
        if fn is None or fn.table is not None:
            side.functions.append("table")
            table = fn.table if fn is not None else {}
            grid = row.grid() or ()
            side.scores[-1] = {str(v): _plain(_score(table, v)) for v in grid}
        elif fn.linear is not None:
            side.functions.append(fn.linear)
        else:
            side.functions.append("peak")
            side.peaks[-1] = _plain(fn.peak)
    return side


def _score(table: Mapping[Any, float], v: Value) -> float | None:
    for key, score in table.items():
        if key == v or str(key) == str(v):
            return score
    return None


# where an error points ------------------------------------------------------------------------


def control_for(form: ScenarioForm, where: str | None) -> str | None:
    """The id of the control an error's field names ('parties.A.weights.rebate' is
    'weight-A-0'), or None when no one control holds it."""
    if not where:
        return None
    head, _, rest = where.partition(".")
    if head in ("name", "context"):
        return head
    if head == "deadline":
        return "rounds"
    names = [r.name.strip() for r in form.issues]
    if head == "issues":
        i, tail = _issue_in(rest, names)
        if i is None:
            return None
        key = {"type": "kind"}.get(tail.split(".")[0], tail.split(".")[0])
        return f"issue-{i}-{key if key in IssueRow.__dataclass_fields__ else 'name'}"
    if head == "parties" and rest[:1] in ROLES:
        return _party_control(form, rest[0], rest[2:], names)
    return None


def _issue_in(path: str, names: list[str]) -> tuple[int | None, str]:
    """The issue a path starts with (by name, longest first, or by position), and the rest."""
    for k, name in sorted(enumerate(names), key=lambda x: -len(x[1])):
        if name and (path == name or path.startswith(name + ".")):
            return k, path[len(name) + 1 :]
    first, _, tail = path.partition(".")
    if first.isdigit() and int(first) < len(names):
        return int(first), tail
    return None, ""


def _party_control(form: ScenarioForm, role: str, path: str, names: list[str]) -> str:
    section, _, rest = path.partition(".")
    if section in ("weights", "values"):
        i, tail = _issue_in(rest, names)
        if i is None:
            return f"{role}-name"
        if section == "weights":
            return f"weight-{role}-{i}"
        values = form.issues[i].grid() or ()
        grid = [str(v) for v in values] if len(values) <= MAX_TABLE else []
        if tail in grid and form.sides[role].functions[i] == "table":
            return f"score-{role}-{i}-{grid.index(tail)}"
        return f"peak-{role}-{i}" if form.sides[role].functions[i] == "peak" else f"fn-{role}-{i}"
    if section in ("batna", "aspiration", "name", "description"):
        return f"{role}-{section}"
    return f"{role}-name"
