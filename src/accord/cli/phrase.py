"""`accord phrase PLAN "TEXT"`: what the coach would record for a typed line.

The same parser and the same context as the coach (`accord.coach.session`): the
plan's lexicon, the speaker the line is read as when it names none, and each
side's standing offer (what relative phrases such as `5% off` and a condition's
fallback are read against). `read_line` is the one entry point, shared with the
phrasing corpus test and the parse-speed benchmark.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from accord.cli.common import AsJson, friendly_errors, literal
from accord.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from accord.model.issues import Issue, Value
    from accord.phrasing import Lexicon, Reading
    from accord.plan import Plan

Side = Literal["we", "they"]
Standing = Annotated[
    str | None,
    typer.Option(
        help="That side's standing offer, as 'issue=value, ...' (for '5% off', 'else').",
        show_default=False,
    ),
]


@friendly_errors
def phrase(
    plan: Annotated[Path, typer.Argument(help="The plan file (.yaml).")],
    text: Annotated[str, typer.Argument(help="The line, as typed in the coach.")],
    speaker: Annotated[
        Side | None,
        typer.Option(help="Who said it, when the line does not say.", show_default=False),
    ] = None,
    standing_we: Standing = None,
    standing_they: Standing = None,
    as_json: AsJson = False,
) -> None:
    """Show how a line would be read: the move in moves-file form, the question asked
    back with its options, or why it is refused (exit code 2)."""
    from accord.phrasing import Lexicon
    from accord.plan import load_plan

    loaded = load_plan(plan)
    standing = {
        side: terms_of(loaded, given, f"--standing-{side}")
        for side, given in (("we", standing_we), ("they", standing_they))
        if given is not None
    }
    reading = read_line(text, Lexicon.of_plan(loaded), speaker, standing)
    shown = as_dict(reading)
    if as_json:
        sys.stdout.write(json.dumps(shown, indent=2) + "\n")
    else:
        from accord.cli.common import out

        for line in render(shown, loaded.space.issues):
            literal(out, line)
    if shown["kind"] == "refusal":
        raise typer.Exit(2)


def read_line(
    text: str,
    lexicon: Lexicon,
    speaker: Side | None = None,
    standing: Mapping[str, Mapping[str, Value]] | None = None,
) -> Reading:
    """The coach's reading of `text`: `speaker` when the line names none, and each
    side's standing terms ('we'/'they' to `issue: value`)."""
    from accord.phrasing import Context, parse

    return parse(text, lexicon, Context(speaker, dict(standing or {})))


def terms_of(plan: Plan, text: str, option: str) -> dict[str, Value]:
    """'price_per_seat=120, seats=1200' as the plan's values (checked against the grid)."""
    issues = {i.name: i for i in plan.space.issues}
    terms: dict[str, Value] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, eq, value = (s.strip() for s in part.partition("="))
        if not eq or name not in issues:
            raise InputError(
                f"cannot read '{part}' as a term",
                field=option,
                expected=f"issue=value, ... with issues {', '.join(issues)}",
            )
        issue = issues[name]
        try:
            terms[name] = issue.values[issue.index(value)]
        except InputError as e:
            raise InputError(e.message, field=option, expected=e.expected) from None
    return terms


def as_dict(reading: Reading) -> dict[str, Any]:
    """The reading as `accord phrase --json` prints it (every key, None when it does
    not apply; `entries` is the reading as moves-file entries, `working` how a relative
    figure was worked out)."""
    from accord.phrasing import Parsed, Question

    shown: dict[str, Any] = dict.fromkeys(
        ("kind", "speaker", "move", "claim", "entries", "working", "question", "options")
    )
    shown["reason"] = None
    if isinstance(reading, Parsed):
        claim = None if reading.claim is None else {reading.claim[0]: reading.claim[1]}
        shown.update(kind="reading", speaker=reading.speaker, move=reading.move, claim=claim)
        shown.update(entries=reading.entries, working=list(reading.working))
    elif isinstance(reading, Question):
        options = [{"answer": key, "line": line} for key, line in reading.options]
        shown.update(kind="question", question=reading.text, options=options)
    else:
        shown.update(kind="refusal", reason=reading.text)
    return shown


def render(shown: Mapping[str, Any], issues: tuple[Issue, ...] = ()) -> list[str]:
    """Moves-file lines for a reading (how a relative figure was worked out, and the
    offer's terms with their units, as comments), else the question with its options,
    else the reason."""
    if shown["kind"] == "question":
        options = [f"  {o['answer']}: {o['line']}" for o in shown["options"] if o["line"]]
        return [f"asked: {shown['question']}", *options]
    if shown["kind"] == "refusal":
        return [f"refused: {shown['reason']}"]
    lines = [f"# read as: {w}" for w in shown["working"]]
    for entry in shown["entries"]:
        speaker, move = next(iter(entry.items()))
        lines.append(f"- {speaker}: {flow(move)}")
    terms = _terms(shown["move"])
    if terms and issues:
        from accord.model.units import show_terms

        known = {i.name for i in issues}
        lines.append("#   " + show_terms(issues, {k: v for k, v in terms.items() if k in known}))
    return lines


def _terms(move: Any) -> dict[str, Any]:
    if not isinstance(move, dict):
        return {}
    for kind in ("offer", "ultimatum"):
        if isinstance(move.get(kind), dict):
            return dict(move[kind])
    return {}


def flow(value: Any) -> str:
    """A value in YAML flow style, on one line: `{offer: {rebate: 1.5}}`."""
    import yaml

    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    text: str = yaml.safe_dump(value, default_flow_style=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()
