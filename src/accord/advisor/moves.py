"""Reading the talks so far from a file: a transcript, or a list of moves written by hand.

Three shapes are accepted:

- the JSON `accord negotiate --json` prints (the transcript is under "transcript");
- a bare transcript JSON (`Transcript.to_json()`: "events", "rounds", ...);
- a moves file (YAML or JSON), for a person to write: a list of entries, or a
  mapping with `moves:` and optionally `rounds:` (the deadline). Each entry is
  one turn, `we` and `they` alternating::

      - they: {offer: {rebate: 2.0, stock: 1.0, payment_days: 90, term_years: 2}}
      - we: {offer: {rebate: 1.0, stock: 2.0, payment_days: 30, term_years: 3}}
      - they: silent                        # or: silence
      - we: silent
      - they: consult authority             # or {consult authority: 2} (rounds)
      - they: {delay: no answer for two weeks}   # a turn without a move
      - they: {deadline: our board decides on Friday}   # a claim: takes no turn
      - we: {offer: {rebate: 1.25}}         # unnamed issues keep our last offer's values
      - they: {ultimatum: {rebate: 1.75}}
      - we: {add: co_marketing}             # grant an add-on
      - we: {offer: {rebate: 2.0}, if: {issue: rebate, else: 1.0, by: they, text: stock >= 1.5x}}
      - they: accept                        # or: walk away
      - we: {display: modest}               # after an agreement

A side's first offer names every issue (add-ons may be left out: not granted).
Every problem is an `InputError` naming the file and the entry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from accord.advisor.history import Claim, History
from accord.errors import InputError
from accord.formats.paths import is_file
from accord.model.issues import Role, other
from accord.plan.core import Plan
from accord.plan.schema import read_yaml
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Move,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Ending, Event, Transcript, check_fits

EXPECTED = "a transcript JSON (accord negotiate --json) or a moves list as in docs/advisor.md"
WORDS: dict[str, Move] = {
    "silent": Silence(),
    "silence": Silence(),
    "accept": Accept(),
    "walk away": WalkAway(),
    "consult authority": ConsultAuthority(1),
}
MAPPED = ("offer", "ultimatum", "add", "consult authority", "consult_authority", "delay")
CLAIMS = ("deadline", "note")


def load_history(path: Path, plan: Plan) -> History:
    """The history in `path` (any of the three shapes), checked against the plan."""
    source = str(path)
    data = _read_json(path) if path.suffix.lower() == ".json" else read_yaml(path, EXPECTED)
    if isinstance(data, dict) and ("transcript" in data or "events" in data):
        return _from_transcript(data.get("transcript", data), plan, source)
    if isinstance(data, dict) and "moves" in data:
        extra = sorted(set(data) - {"moves", "rounds"})
        if extra:
            raise InputError(
                f"unknown key '{extra[0]}'",
                source=source,
                field=extra[0],
                expected="'moves' and optionally 'rounds'",
            )
        return parse_moves(data["moves"], plan, source, rounds=_rounds(data.get("rounds"), source))
    if isinstance(data, list):
        return parse_moves(data, plan, source)
    raise InputError("not a transcript or a list of moves", source=source, expected=EXPECTED)


def _read_json(path: Path) -> Any:
    if not is_file(path):
        raise InputError("no such file", source=str(path), expected=EXPECTED)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InputError(f"malformed JSON: {e}", source=str(path), expected=EXPECTED) from None


def _rounds(value: Any, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError(
            f"rounds is {value!r}",
            source=source,
            field="rounds",
            expected="a whole number of rounds >= 1",
        )
    return value


def _from_transcript(data: Any, plan: Plan, source: str) -> History:
    if not isinstance(data, dict):
        raise InputError("the transcript is not a JSON object", source=source, expected=EXPECTED)
    t = Transcript.from_json(data, source=source)
    if plan.scenario is not None and t.scenario != plan.scenario.name:
        raise InputError(
            f"the transcript is of scenario '{t.scenario}', the plan of '{plan.scenario.name}'",
            source=source,
            field="scenario",
            expected="a transcript of the plan's scenario",
        )
    check_fits(t, plan.space, source, whose="plan")
    return History(tuple(t.events), t.rounds, t.ending)


def parse_moves(
    entries: Any, plan: Plan, source: str = "moves", rounds: int | None = None
) -> History:
    """A `History` from hand-written entries (see the module docstring)."""
    if not isinstance(entries, list):
        raise InputError("'moves' is not a list", source=source, field="moves", expected=EXPECTED)
    reader = _Reader(plan, source)
    for k, entry in enumerate(entries, start=1):
        reader.entry(k, entry)
    if rounds is not None and reader.turn > 2 * rounds:
        raise InputError(
            f"{reader.turn} turns run past the deadline of {rounds} rounds",
            source=source,
            field="rounds",
            expected=f"at most {2 * rounds} turns (two per round)",
        )
    return History(tuple(reader.events), rounds, reader.ending, tuple(reader.claims))


class _Reader:
    """Turns entries into events, keeping each side's standing terms."""

    def __init__(self, plan: Plan, source: str) -> None:
        self.plan, self.source = plan, source
        self.events: list[Event] = []
        self.claims: list[Claim] = []
        self.terms: dict[Role, dict[str, Any] | None] = {"A": None, "B": None}
        self.standing: dict[Role, int | None] = {"A": None, "B": None}
        self.ending: Ending | None = None
        self.turn = 0
        self.field = ""

    def fail(self, message: str, expected: str | None = None) -> InputError:
        return InputError(message, source=self.source, field=self.field, expected=expected)

    def entry(self, k: int, entry: Any) -> None:
        self.field = f"moves[{k}]"
        if (
            not isinstance(entry, dict)
            or len(entry) != 1
            or next(iter(entry)) not in ("we", "they")
        ):
            raise self.fail(
                f"entry {k} is not '- we: ...' or '- they: ...'",
                "one key, 'we' or 'they', per entry",
            )
        who, what = next(iter(entry.items()))
        actor = self.plan.side if who == "we" else self.plan.other
        self.field = f"moves[{k}].{who}"
        if isinstance(what, dict) and len(what) == 1 and next(iter(what)) in CLAIMS:
            kind, text = next(iter(what.items()))
            self.claims.append(Claim(self.turn, actor, kind, str(text or "")))
            return
        move, note = self._move(actor, what)
        self.field = f"moves[{k}].{who}"
        self._record(k, who, actor, move, note)

    def _move(self, actor: Role, what: Any) -> tuple[Move, str]:
        if isinstance(what, str):
            word = " ".join(what.lower().replace("_", " ").split())
            if word == "delay":
                return Silence(), "delay"
            if word.startswith("consult authority") and word[17:].strip().isdigit():
                return ConsultAuthority(int(word[17:])), ""
            if word in WORDS:
                return WORDS[word], ""
            raise self.fail(f"unknown move '{what}'", _KNOWN)
        if not isinstance(what, dict) or not what:
            raise self.fail(f"unknown move {what!r}", _KNOWN)
        if set(what) - {"if"} in ({"offer"}, {"ultimatum"}):
            return self._proposal(actor, what), ""
        if len(what) != 1 or next(iter(what)) not in (*MAPPED, "display"):
            raise self.fail(f"unknown move {what!r}", _KNOWN)
        kind, arg = next(iter(what.items()))
        if kind == "add":
            return AddOn(str(arg)), ""
        if kind == "delay":
            return Silence(), f"delay: {arg}" if arg else "delay"
        if kind == "display":
            if arg not in ("modest", "triumphant"):
                raise self.fail(f"display '{arg}'", "modest or triumphant")
            return Display(arg), "closing"
        if isinstance(arg, bool) or not isinstance(arg, int) or not 1 <= arg <= 3:
            raise self.fail(f"consult authority for {arg!r} rounds", "1, 2 or 3 rounds")
        return ConsultAuthority(arg), ""

    def _proposal(self, actor: Role, what: dict[str, Any]) -> Move:
        kind = "ultimatum" if "ultimatum" in what else "offer"
        terms = what[kind]
        self.field += f".{kind}"
        if not isinstance(terms, dict):
            raise self.fail("the terms are not a mapping", "{issue: value, ...}")
        outcome = self._outcome(actor, terms)
        condition = self._condition(what["if"]) if "if" in what else None
        return Offer(outcome, condition) if kind == "offer" else Ultimatum(outcome, condition)

    def _outcome(self, actor: Role, terms: dict[str, Any]) -> int:
        space = self.plan.space
        before = self.terms[actor]
        full: dict[str, Any] = (
            dict(before) if before else {i.name: False for i in space.issues if i.kind == "addon"}
        )
        full.update(terms)
        try:
            outcome = space.index_of(full)
        except InputError as e:
            field = f"{self.field}.{e.field}" if e.field else self.field
            hint = e.expected
            if before is None and e.message.startswith("no value"):
                hint = "every issue in a side's first offer; later ones may leave out the rest"
            raise InputError(e.message, source=self.source, field=field, expected=hint) from None
        self.terms[actor] = full
        return outcome

    def _condition(self, spec: Any) -> Condition:
        self.field += ".if"
        if not isinstance(spec, dict) or set(spec) - {"issue", "else", "by", "text"}:
            raise self.fail("a condition is {issue, else, by, text}", _CONDITION)
        if "issue" not in spec or "else" not in spec:
            raise self.fail("a condition needs 'issue' and 'else'", _CONDITION)
        space = self.plan.space
        try:
            issue = space.issues[space.issue_index(str(spec["issue"]))]
            fallback = issue.index(spec["else"])
        except InputError as e:
            raise self.fail(e.message, e.expected) from None
        by = spec.get("by", "they")
        if by not in ("we", "they"):
            raise self.fail(f"by '{by}'", "'we' or 'they': who must meet the condition")
        obligor = self.plan.side if by == "we" else self.plan.other
        return Condition(issue.name, fallback, obligor, str(spec.get("text", "")))

    def _record(self, k: int, who: str, actor: Role, move: Move, note: str) -> None:
        if isinstance(move, Display):
            if self.ending is None or self.ending.reason != "agreement":
                raise self.fail("a display comes only after an agreement")
            self.events.append(Event(self.ending.turn, actor, move, None, note))
            return
        if self.ending is not None:
            raise self.fail(f"entry {k} comes after the talks ended ({self.ending.reason})")
        last = self.events[-1] if self.events else None
        if last is not None and last.actor == actor:
            other = "they" if who == "we" else "we"
            hint = f"turns to alternate: write '- {other}: silent' between them"
            raise self.fail(f"two moves by '{who}' in a row", hint)
        outcome = self._outcome_after(actor, move)
        self.events.append(Event(self.turn, actor, move, outcome, note))
        if isinstance(move, Accept):
            other = self.plan.other if actor == self.plan.side else self.plan.side
            cond = self._standing_condition(other)
            self.ending = Ending("agreement", self.turn, actor, outcome, cond)
        elif isinstance(move, WalkAway):
            self.ending = Ending("walk_away", self.turn, actor)
        self.turn += 1

    def _outcome_after(self, actor: Role, move: Move) -> int | None:
        if isinstance(move, Offer | Ultimatum):
            self.standing[actor] = move.outcome
            return move.outcome
        if isinstance(move, Accept):
            theirs = self.standing[other(actor)]
            if theirs is None:
                raise self.fail("accepted, but the other side has no offer on the table")
            return theirs
        if isinstance(move, AddOn):
            return self._add_on(actor, move.issue)
        return None

    def _add_on(self, actor: Role, name: str) -> int:
        space = self.plan.space
        if name not in space.names or space.issues[space.issue_index(name)].giver != actor:
            givers = [i.name for i in space.issues if i.kind == "addon" and i.giver == actor]
            raise self.fail(
                f"'{name}' is not an add-on this side can grant",
                "one of: " + (", ".join(givers) or "(none)"),
            )
        terms = self.terms[actor]
        if terms is None:
            raise self.fail("an add-on needs an offer of this side on the table to sweeten")
        terms = dict(terms, **{name: True})
        self.terms[actor] = terms
        outcome = self.standing[actor] = space.index_of(terms)
        return outcome

    def _standing_condition(self, role: Role) -> Condition | None:
        for e in reversed(self.events):
            if e.actor == role and isinstance(e.move, Offer | Ultimatum):
                return e.move.condition
        return None


_KNOWN = (
    "silent, accept, walk away, consult authority [rounds], delay, or a mapping: "
    "{offer: {...}}, {ultimatum: {...}}, {add: ADDON}, {delay: TEXT}, {deadline: TEXT}, "
    "{note: TEXT}, {display: modest}"
)
_CONDITION = "{issue: ISSUE, else: VALUE, by: they|we, text: TEXT}"
