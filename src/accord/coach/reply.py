"""What the coach answers a line with, and the help it gives."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from accord.advisor import Advice
from accord.model.issues import Issue, Value
from accord.model.units import show_value
from accord.phrasing import Context, Lexicon, Parsed, Question, parse
from accord.plan.core import Caution, Plan


@dataclass(frozen=True)
class Reply:
    """What the coach says after a line: the events recorded (in words), cautions about
    our move, a question to answer, an error (nothing recorded), the advice when it is
    our move, whose move we wait for, and whether the talks have ended or we quit."""

    said: tuple[str, ...] = ()
    cautions: tuple[Caution, ...] = ()
    question: Question | None = None
    error: str | None = None
    advice: Advice | None = None
    waiting: str | None = None
    ended: bool = False
    info: tuple[str, ...] = ()
    quit: bool = False
    full: bool = False  # show the advice with every candidate

    def joined(self, later: Reply) -> Reply:
        """This reply followed by `later` (two moves recorded from one answer)."""
        return Reply(
            self.said + later.said,
            self.cautions + later.cautions,
            later.question,
            later.error,
            later.advice,
            later.waiting,
            later.ended,
            self.info + later.info,
        )


@dataclass
class Confirm:
    """A move waiting for `yes`: after warnings, or after a silence to record first."""

    parsed: Parsed
    before: Parsed | None = None
    question: Question = field(default_factory=lambda: Question("yes or no?"))


#: What every coach understands, whatever the plan; `help_text` adds the plan's own.
GENERAL = """\
  we accept  /  they walk away  /  they are silent
  they need to consult their director   a pause (consult authority [rounds])
  they say they need an answer by Friday
                                        a deadline claim (takes no turn)
  Enter, or ok (at our move)            record the advised move, as if typed"""
COMMANDS = """\
Commands: advice (again, every candidate), moves (so far), undo, help, quit.
Anything ambiguous is asked back: answer with an option, or retype the line.
Everything is saved as it happens: `accord coach --resume` continues after
a quit or a crash."""
#: Most values listed for one issue; a longer grid shows its ends.
MOST_VALUES = 8
#: The help fits a terminal this wide; examples take this many columns before their meaning.
WIDTH = 79
EXAMPLE_WIDTH = 40


def help_text(plan: Plan, lexicon: Lexicon) -> str:
    """The help for this plan: examples built from its own issues and values (each one
    read by the parser before it is shown), its issues with their values, units,
    add-ons and aliases, and the commands; lines fit 80 columns."""
    issues = plan.space.issues
    lines = ['Type what happens, one move per line, for us ("we ...") and them ("they ..."):']
    for example, meaning in _examples(plan, lexicon):
        if len(example) + 4 <= EXAMPLE_WIDTH and EXAMPLE_WIDTH + len(meaning) <= WIDTH:
            lines.append(f"  {example.ljust(EXAMPLE_WIDTH - 2)}{meaning}")
        else:
            lines += [f"  {example}", f"{'':{EXAMPLE_WIDTH}}{meaning}"]
    lines.append(GENERAL)
    lines.append("This plan's issues (values as they may be typed; name=value always works):")
    indent = " " * (max(len(i.name) for i in issues) + 4)
    for i in issues:
        head = f"  {i.name}".ljust(len(indent))
        lines.append(_wrap(_values(i, plan), head, indent))
        if i.aliases:
            lines.append(_wrap(_aliases(i), indent + "also ", indent + "  "))
    lines.append(COMMANDS)
    return "\n".join(lines)


def _wrap(text: str, first: str, rest: str) -> str:
    """`text` wrapped at spaces only (never inside a word or at a hyphen)."""
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _values(issue: Issue, plan: Plan) -> str:
    if issue.kind == "addon":
        who = "us" if issue.giver == plan.side else "them"
        how = "we add" if issue.giver == plan.side else "they add"
        return f"add-on granted by {who} (`{how} {issue.name}`)"
    shown = [show_value(issue, v) for v in issue.values]
    if len(shown) > MOST_VALUES:
        shown = [*shown[:3], "...", *shown[-2:]]
    return ", ".join(shown)


def _aliases(issue: Issue) -> str:
    """'annually, annual, upfront for annual upfront; monthly billing for monthly'."""
    by_value: dict[Value, list[str]] = {}
    for alias, value in issue.aliases:
        by_value.setdefault(value, []).append(alias)
    return "; ".join(f"{', '.join(words)} for {value}" for value, words in by_value.items())


def _examples(plan: Plan, lexicon: Lexicon) -> list[tuple[str, str]]:
    """Example lines from the plan's issues, each kept only if the parser reads it as
    the move it illustrates (so the help never shows a line the coach would refuse);
    of the ways to write one, the first that reads and fits the line."""
    terms = [i for i in plan.space.issues if i.kind != "addon"]
    numeric = [i for i in terms if i.is_numeric]
    addons = [i for i in plan.space.issues if i.kind == "addon"]
    grants = [f"{'we' if i.giver == plan.side else 'they'} add {i.name}" for i in addons[:1]]
    if not terms:  # add-ons alone
        return [(g, "grant an add-on") for g in grants if _reads(g, lexicon, "add")]
    a = (numeric or terms)[0]
    b = next((i for i in terms if i is not a), None)
    out: list[tuple[str, str]] = []

    def keep(meaning: str, kind: str, *lines: str) -> None:
        read = [line for line in lines if _reads(line, lexicon, kind)]
        short = [line for line in read if len(line) + 2 <= WIDTH]  # units first, if they fit
        if read:
            out.append(((short or sorted(read, key=len))[0], meaning))

    va, lo = _middle(a), a.values[0]
    pair = [(a, va)] if b is None else [(a, va), (b, _middle(b))]
    named = " ".join(f"{i.name}={_typed(v)}" for i, v in pair)
    keep("issues named; the rest as last offered", "offer", f"they offer {named}")
    shown = " and ".join(show_value(i, v) for i, v in pair)
    bare = " and ".join(_typed(v) for _, v in pair)
    keep(
        "issues found by unit and by value",
        "offer",
        f"we can do {shown}",
        f"we can do {bare}",
    )
    if b is not None:
        vb = b.values[-1]
        keep(
            "a conditional offer (else: if not met)",
            "if",
            *(
                f"we offer {show(a, va)} if you {verb} {show(b, vb)}, else {show(a, lo)}"
                for show in (show_value, _bare)
                for verb in ("take", "stock", "pay", "accept")
            ),
        )
    keep(
        'an ultimatum ("take it or leave it")',
        "ultimatum",
        f"we make a final offer: {shown}",
        f"we make a final offer: {bare}",
    )
    for grant in grants:
        keep("grant an add-on", "add", grant)
    out.append((f"they: {{offer: {{{a.name}: {_typed(va)}}}}}", "a moves-file entry as it is"))
    return out


def _reads(line: str, lexicon: Lexicon, kind: str) -> bool:
    read = parse(line, lexicon, Context())
    return isinstance(read, Parsed) and isinstance(read.move, dict) and kind in read.move


def _bare(_: Issue, v: Value) -> str:
    return _typed(v)


def _middle(issue: Issue) -> Value:
    return issue.values[len(issue.values) // 2]


def _typed(v: Value) -> str:
    """A value as typed after `=`: numbers plain (no thousands separators)."""
    return f"{v:g}" if isinstance(v, float) else str(v)
