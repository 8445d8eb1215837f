"""Rich rendering of the advice: the recommendation with its reasons, the candidates,
their tactics and our warnings (`accord advise`, and the coach's `advice`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.cli.formatting import cite, warning_line

if TYPE_CHECKING:
    from rich.console import Console

    from accord.advisor import Advice, Candidate
    from accord.model.issues import Issue


def render_advice(advice: Advice, console: Console) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    s, rec = advice.situation, advice.recommendation
    when = f"turn {s.turn}, round {s.turn // 2 + 1} of {s.rounds} ({s.time:.0%} of the time)"
    lines = [f"[bold]{escape(describe(rec, issues=advice.plan.space.issues))}[/bold]", ""]
    lines += [f"{escape(cite(r.principles))} {escape(r.text)}" for r in rec.reasons]
    numbers = [
        f"walk-away {s.walk_away:.3f}",
        f"target now {s.target:.3f}",
        f"fair deal + edge {s.goal:.3f}",
        f"schedule floor {s.floor:.3f}",
    ]
    if s.offered is not None:
        numbers.append(f"their offer {s.offered:.3f}")
    lines += ["", "  ".join(numbers)]
    lines += [escape(line) for line in package_lines(advice)]
    console.print(
        Panel("\n".join(lines), title=f"Advice for {advice.plan.side}, {when}", expand=False)
    )
    if len(advice.candidates) > 1:
        console.print(_candidates(advice))
    for t in advice.tactics:
        rounds = ", ".join(str(r) for r in dict.fromkeys(turn // 2 + 1 for turn in t.turns))
        console.print(
            f"[bold]{t.name}[/bold] {escape(cite(t.principles))} (round {rounds}): "
            f"{escape(' '.join(filter(None, (t.meaning, advice.answer(t)))))}",
            soft_wrap=True,
        )
    for w in advice.warnings:
        console.print(warning_line(w.severity, w.principles, w.message), soft_wrap=True)


def _candidates(advice: Advice) -> object:
    from rich.markup import escape
    from rich.table import Table

    their = "their u (est.)" if advice.informed else "their u"
    t = Table(title="Candidates", title_justify="left")
    for col in ("move", "our u", their, "to frontier", "concession", "verdict"):
        left = col in ("move", "verdict")
        t.add_column(col, justify="left" if left else "right", overflow="fold")
    for c in advice.candidates:
        verdict = c.verdict.replace(" ", "\u00a0")  # "not advised" on one line
        if c.warnings:
            verdict += "\n" + ", ".join(w.code.replace("_", " ") for w in c.warnings)
        t.add_row(
            escape(describe(c, terms=False)),
            _num(c.our_utility),
            _num(c.their_utility),
            _num(c.frontier_distance),
            _num(c.concession, signed=True),
            verdict,
        )
    return t


#: The advice's numbers that stand for a package, as the panel names them.
NUMBERS = (
    ("target", "target now"),
    ("goal", "fair deal + edge"),
    ("schedule_floor", "schedule floor"),
    ("walk_away", "walk-away"),
)


def package_lines(advice: Advice, keys: tuple[str, ...] = ()) -> list[str]:
    """Each number of the advice (those of `keys`, else all) as the terms it stands for
    now, numbers with the same package on one line: 'target now 0.575, fair deal + edge
    0.575: rebate=1.75%, ...'; then their offer's terms. With `keys` (a short advice),
    a package that is the recommended offer itself is not repeated."""
    from accord.cli.formatting import fmt_package
    from accord.model.units import show_terms

    issues = advice.plan.space.issues
    packages = advice.packages()
    grouped: dict[str, list[str]] = {}
    for key, name in NUMBERS:
        if not keys or key in keys:
            p = packages[key]
            if keys and p.values == advice.recommendation.terms:
                continue
            grouped.setdefault(fmt_package(issues, p), []).append(f"{name} {p.level:.3f}")
    lines = [f"  {', '.join(names)}: {terms}" for terms, names in grouped.items()]
    s = advice.situation
    if s.theirs is not None and s.offered is not None and not keys:
        offer = show_terms(issues, advice.plan.space.outcome(s.theirs.outcome))
        lines.append(f"  their offer {s.offered:.3f}: {offer}")
    return lines


def describe(c: Candidate, terms: bool = True, issues: tuple[Issue, ...] = ()) -> str:
    """A candidate in words: 'counter: rebate=1.5%, stock=2x, ...', with the units of
    `issues` (the plan's) when given."""
    from accord.advisor.advice import KIND_WORDS
    from accord.cli.formatting import fmt_outcome
    from accord.model.units import show_terms
    from accord.protocol.moves import AddOn, ConsultAuthority, Offer, Ultimatum

    text = KIND_WORDS.get(c.kind, c.kind)
    move = c.move
    if isinstance(move, AddOn):
        text += f" '{move.issue}'"
    elif isinstance(move, ConsultAuthority):
        text += f" ({move.rounds} round{'s' if move.rounds > 1 else ''})"
    shown = ""
    if c.terms is not None:
        shown = show_terms(issues, c.terms) if issues else fmt_outcome(c.terms)
    if terms and isinstance(move, Offer | Ultimatum) and c.terms is not None:
        text += ": " + shown
        if move.condition is not None:
            text += f", if {move.condition.text}"
    elif terms and c.kind == "accept" and c.terms is not None:
        text += ": " + shown
    return text


def _num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    return f"{x:+.3f}" if signed else f"{x:.3f}"
