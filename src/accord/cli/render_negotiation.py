"""Rich rendering of a negotiation: the transcript table and the outcome panel."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from accord.analysis.outcome import TACTICS, NegotiationOutcome
from accord.analysis.report import ScenarioAnalysis
from accord.cli.formatting import fmt_value
from accord.model.issues import ROLES, Role, other
from accord.model.space import OutcomeSpace
from accord.model.units import show_terms, show_value
from accord.protocol.moves import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)
from accord.protocol.transcript import Event, Transcript

_SIDE_STYLE = {"A": "red", "B": "green"}
_TACTIC_LABELS = {
    "consult_authority": "consults authority",
    "add_on": "add-on",
    "walk_away": "walks away",
    "display_modest": "modest close",
    "display_triumphant": "triumphant close",
}


def render_negotiation(
    analysis: ScenarioAnalysis,
    transcript: Transcript,
    outcome: NegotiationOutcome,
    console: Console,
) -> None:
    table = None
    if len(analysis.scenario.space.issues) <= MAX_ISSUE_COLUMNS:
        table = _transcript_table(analysis, transcript, per_issue=True)
        wide = console.options.update_width(10_000)
        if console.measure(table, options=wide).maximum > console.width:
            table = None  # too wide for this console: one column of issue=value pairs
    console.print(table or _transcript_table(analysis, transcript, per_issue=False))
    console.print(_outcome_panel(analysis, outcome))


def condition_text(condition: Condition, space: OutcomeSpace) -> str:
    """The condition's text, who must meet it and the fallback value, for the outcome panel."""
    issue = space.issues[space.issue_index(condition.issue)]
    fallback = f"{issue.name}={fmt_value(issue.values[condition.fallback])}"
    text = condition.text or f"a condition on {issue.name}"
    return escape(f"{text} ({condition.obligor} to meet it; if not, {fallback})")


def move_label(event: Event, space: OutcomeSpace) -> str:
    """A short, readable label of a move: the tactic it is, not just its kind."""
    m = event.move
    if isinstance(m, Silence):
        label = "(waiting)" if event.note == "consulting authority" else "silence"
    elif isinstance(m, ConsultAuthority):
        label = f"consults authority ({m.rounds} round{'s' if m.rounds != 1 else ''})"
    elif isinstance(m, Ultimatum | Offer):
        condition = None if m.condition is None else escape(m.condition.text or "?")
        conditional = "" if condition is None else f"conditional: {condition}"
        if isinstance(m, Ultimatum):
            label = "[bold]ULTIMATUM[/bold]" + (f"; {conditional}" if conditional else "")
        else:
            label = conditional or "offer"
    elif isinstance(m, AddOn):
        label = f"adds {escape(m.issue)}"
    elif isinstance(m, Accept):
        label = "[bold]ACCEPTS[/bold]"
    elif isinstance(m, WalkAway):
        label = "[bold]walks away[/bold]"
    elif isinstance(m, Display):
        label = f"closing: {m.kind}"
    else:  # pragma: no cover - every move kind is handled above
        label = event.kind
    if event.note and event.note not in ("consulting authority", "closing"):
        label += f" [italic]({escape(event.note)})[/italic]"
    return label


def _who(analysis: ScenarioAnalysis, transcript: Transcript, role: Role) -> str:
    party = analysis.scenario.a if role == "A" else analysis.scenario.b
    strategy = transcript.strategies[ROLES.index(role)]
    return f"[{_SIDE_STYLE[role]}]{role} {escape(party.name)}[/] ({escape(strategy)})"


#: Up to this many issues, when the console is wide enough, the transcript has one column
#: per issue; otherwise one "offer" column of `issue=value` pairs.
MAX_ISSUE_COLUMNS = 8


def _transcript_table(analysis: ScenarioAnalysis, transcript: Transcript, per_issue: bool) -> Table:
    s = analysis.scenario
    ua, ub = s.a.preferences.utility, s.b.preferences.utility
    t = Table(
        title=escape(
            f"{s.name}: {s.a.name} ({transcript.strategies[0]}) vs "
            f"{s.b.name} ({transcript.strategies[1]}), seed {transcript.seed}, "
            f"{transcript.rounds} rounds"
        ),
        title_justify="left",
        caption=(
            "u A, u B: each side's utility of the offer as stated (any condition met); "
            "dim terms: the same offer as before"
        ),
        caption_justify="left",
    )
    t.add_column("rd", justify="right")
    t.add_column("who")
    t.add_column("move", max_width=32 if per_issue else None)
    for name in s.space.names if per_issue else ("offer",):
        t.add_column(escape(name), justify="right" if per_issue else "left")
    t.add_column("u A", justify="right")
    t.add_column("u B", justify="right")
    blank = [""] * (len(s.space.issues) if per_issue else 1)
    last: dict[str, int | None] = {"A": None, "B": None}
    for e in transcript.events:
        terms, u_a, u_b = blank, "", ""
        if e.outcome is not None:
            u_a, u_b = f"{ua.at(e.outcome):.3f}", f"{ub.at(e.outcome):.3f}"
            values = s.space.outcome(e.outcome)
            same = isinstance(e.move, Accept) or e.outcome == last[e.actor]
            if per_issue:
                pairs = zip(s.space.issues, values.values(), strict=True)
                shown = [escape(show_value(issue, v)) for issue, v in pairs]
                terms = [f"[dim]{x}[/dim]" for x in shown] if same else shown
            elif isinstance(e.move, Accept):
                other = s.b.name if e.actor == "A" else s.a.name
                terms = [f"[dim]{escape(other)}'s offer[/dim]"]
            else:
                terms = ["[dim]same[/dim]" if same else escape(show_terms(s.space.issues, values))]
            if not isinstance(e.move, Accept):
                last[e.actor] = e.outcome
        who = _who(analysis, transcript, e.actor)
        t.add_row(str(e.round + 1), who, move_label(e, s.space), *terms, u_a, u_b)
    return t


def _reason_line(analysis: ScenarioAnalysis, o: NegotiationOutcome) -> str:
    s = analysis.scenario
    name = {"A": escape(s.a.name), "B": escape(s.b.name)}
    if o.agreement:
        assert o.by is not None
        return (
            f"[bold green]Agreement[/bold green] in round {o.rounds_used} of {o.rounds}: "
            f"{name[o.by]} accepted {name[other(o.by)]}'s offer."
        )
    why = {
        "walk_away": f"{name.get(o.by or '', 'a side')} walked away in round {o.rounds_used}",
        "ultimatum_refused": (
            f"{name.get(o.by or '', 'a side')} refused the ultimatum in round {o.rounds_used}"
        ),
        "deadline": f"the deadline passed after {o.rounds} rounds",
        "time_limit": f"the time limit ran out in round {o.rounds_used}",
    }.get(o.reason, escape(o.reason))
    return f"[bold red]No agreement[/bold red]: {why}; both sides live on their BATNA."


def _fmt(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _outcome_panel(analysis: ScenarioAnalysis, o: NegotiationOutcome) -> Panel:
    s = analysis.scenario
    body: list[RenderableType] = [_reason_line(analysis, o)]
    if o.values is not None:
        body.append(f"Terms: {escape(show_terms(s.space.issues, o.values))}")
    if o.condition is not None:
        body.append(f"Condition: {condition_text(o.condition, s.space)}")
        if o.beliefs is not None:
            body.append(
                escape(
                    f"Beliefs it will be met: {s.a.name} {o.beliefs[0]:.2f}, "
                    f"{s.b.name} {o.beliefs[1]:.2f} (utilities below are expected values)"
                )
            )
    sides = Table(box=None, padding=(0, 1), pad_edge=False)
    for col in ("side", "strategy", "utility", "BATNA", "surplus", "share", "conceded"):
        left = col in ("side", "strategy")
        sides.add_column(col, justify="left" if left else "right", no_wrap=True)
    shares = o.surplus_share or (None, None)
    tactics = []
    for k, role in enumerate(ROLES):
        party = s.a if role == "A" else s.b
        sides.add_row(
            f"[{_SIDE_STYLE[role]}]{role} {escape(party.name)}[/]",
            escape(o.strategies[k]),
            f"{o.utilities[k]:.3f}",
            f"{o.reservations[k]:.3f}",
            f"{o.surplus[k]:+.3f}",
            "-" if shares[k] is None else f"{shares[k]:.0%}",
            f"{o.concessions[role]:.3f}",
        )
        used = [
            _TACTIC_LABELS.get(name, name) + (f" x{n}" if n > 1 else "")
            for name in TACTICS
            if (n := o.tactics[role][name])
        ]
        tactics.append(escape(f"{party.name}: {', '.join(used) or 'none'}"))
    body += ["", sides, "", "Tactics: " + "; ".join(tactics), ""]
    facts = Table.grid(padding=(0, 2))
    best = analysis.max_welfare
    welfare = f"{o.welfare:.3f}"
    if best is not None:
        welfare += f" (max {sum(best.utilities):.3f})"
    facts.add_row("Welfare", welfare)
    facts.add_row("Distance to Pareto frontier", f"{o.distance_to_pareto:.3f}")
    nash = analysis.nash
    facts.add_row(
        "Distance to Nash",
        _fmt(o.distance_to_nash)
        + ("" if nash is None else f" (Nash: {nash.utilities[0]:.3f}, {nash.utilities[1]:.3f})"),
    )
    facts.add_row("Distance to Kalai-Smorodinsky", _fmt(o.distance_to_kalai_smorodinsky))
    facts.add_row("Rounds used", f"{o.rounds_used} of {o.rounds}")
    body.append(facts)
    return Panel(Group(*body), title="Outcome", expand=False)
