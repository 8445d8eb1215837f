"""Rich rendering of a debrief: the result, efficiency, concessions, tactics, the
relationship, the principles checklist and our moves against the advice.
`render_debrief(d, console, brief=True)` prints only the result and the checklist
(for the end of a coached negotiation)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from accord.debrief.model import Debrief, Step, TacticUse
from accord.model.issues import Value
from accord.model.units import show_terms
from accord.plan.package import seat_package
from accord.relationship import Grievance

#: Most concession rows shown; the rest are counted.
MAX_STEPS = 24
_MARK = {
    "kept": "[green]✓ kept[/green]",
    "broken": "[bold red]✗ broken[/bold red]",
    "not applicable": "[dim]· n/a[/dim]",
}


def render_debrief(d: Debrief, console: Console, brief: bool = False) -> None:
    console.print(_result_panel(d))
    if not brief:
        console.print(_efficiency_panel(d))
        console.print(_concessions_table(d))
        if d.their_tactics:
            console.print(_their_tactics_table(d))
        if d.our_tactics:
            console.print(_our_tactics_table(d))
        console.print(_relationship_panel(d))
    console.print(_checklist_table(d))
    if not brief and d.advice:
        console.print(_advice_table(d))


def _names(d: Debrief) -> tuple[str, str]:
    """(we, they) as people read them."""
    k = 0 if d.side == "A" else 1
    return f"{d.parties[k]} (we, {d.side})", f"{d.parties[1 - k]} (they, {d.other})"


def _round(turn: int | None) -> str:
    return "-" if turn is None else str(turn // 2 + 1)


def _result_panel(d: Debrief) -> Panel:
    r = d.result
    k = 0 if d.side == "A" else 1
    we, they = _names(d)
    if r.agreement:
        head = f"[bold green]Agreement[/bold green] in round {d.rounds_used} of {d.rounds}"
    else:
        why = r.reason.replace("_", " ")
        head = f"[bold red]No agreement[/bold red] ({why}) in round {d.rounds_used} of {d.rounds}"
    body: list[RenderableType] = [head]
    if r.terms is not None:
        body.append(f"Terms: {escape(_terms(d, r.terms))}")
    if r.condition is not None:
        body.append(f"Condition: {escape(r.condition)} (utilities are expected values)")
    t = Table(box=None, padding=(0, 2), pad_edge=False)
    t.add_column("")
    t.add_column(escape(we), justify="right")
    t.add_column(escape(they), justify="right")
    nash = r.nash.utilities if r.nash is not None else None
    ours, theirs = r.utilities[k], r.utilities[1 - k]
    t.add_row("utility", f"{ours:.3f}", f"{theirs:.3f}")
    t.add_row(
        "BATNA",
        f"{r.reservations[k]:.3f}  ({ours - r.reservations[k]:+.3f})",
        f"{r.reservations[1 - k]:.3f}  ({theirs - r.reservations[1 - k]:+.3f})",
    )
    t.add_row("our walk-away", f"{r.walk_away:.3f}  ({ours - r.walk_away:+.3f})", "")
    t.add_row(r.target_label, f"{r.target:.3f}  ({ours - r.target:+.3f})", "")
    if nash is not None:
        t.add_row(
            "Nash point",
            f"{nash[k]:.3f}  ({ours - nash[k]:+.3f})",
            f"{nash[1 - k]:.3f}  ({theirs - nash[1 - k]:+.3f})",
        )
    shares, fair = r.shares, r.fair_shares
    t.add_row(
        "surplus share",
        "-" if shares is None else f"{shares[k]:.0%}",
        "-" if shares is None else f"{shares[1 - k]:.0%}",
    )
    t.add_row(
        "fair share (Nash)",
        "-" if fair is None else f"{fair[k]:.0%}",
        "-" if fair is None else f"{fair[1 - k]:.0%}",
    )
    body += ["", t, *_packages(d)]
    if nash is None:
        body.append(
            "[red]No outcome is at least as good as both BATNAs: there was no deal to make.[/red]"
        )
    title = f"Debrief: {escape(d.scenario)}, seen by {escape(we)}"
    return Panel(Group(*body), title=title, expand=False)


def _terms(d: Debrief, terms: dict[str, Value]) -> str:
    """Terms with their units: 'rebate=1.5%, stock=2x, payment_days=45 days, ...'."""
    return show_terms(d.analysis.scenario.space.issues, terms)


def _packages(d: Debrief) -> list[str]:
    """What our target and the Nash point stood for as terms. The target's package is
    read on the true frontier (hindsight knows their utility): at the target for us,
    the best for them."""
    r = d.result
    k = 0 if d.side == "A" else 1
    lines = []
    a = d.analysis
    if len(a.frontier):
        p = seat_package(a.scenario.space, a.frontier, a.frontier_digits, k, r.target)
        worth = f"{p.ours:.3f} to us, {p.theirs:.3f} to them"
        lines.append(
            f"Our target {r.target:.3f} as terms, the best for them there: "
            f"{escape(_terms(d, p.values))} ({worth})"
        )
    if r.nash is not None and r.nash.terms is not None:
        lines.append(
            f"The Nash point {r.nash.utilities[k]:.3f} as terms: {escape(_terms(d, r.nash.terms))}"
        )
    return ["", *lines] if lines else []


def _efficiency_panel(d: Debrief) -> Panel:
    e = d.efficiency
    k = 0 if d.side == "A" else 1
    lines = [f"Distance to the Pareto frontier: {e.distance_to_frontier:.3f}"]
    if e.face_value:  # not the headline utility, which weighs the condition by belief
        pt = e.point
        lines[0] += (
            f" (the conditional deal's terms as stated: we {pt[k]:.3f}, they {pt[1 - k]:.3f}; "
            "what follows compares with those)"
        )
    welfare = f"Joint utility: {e.welfare:.3f}"
    if e.max_welfare is not None:
        welfare += f" (the most available: {e.max_welfare:.3f})"
    lines.append(welfare)
    if e.better is None:
        lines.append("[green]No deal was better for both sides.[/green]")
    else:
        b = e.better.utilities
        what = "The Nash point" if e.kind == "nash" else "A better deal for both"
        how = "was available" if e.reachable else "was better for both"
        lines.append(
            f"{what} {how}: we {b[k]:.3f}, they {b[1 - k]:.3f}"
            + ("" if e.better.terms is None else f"\n  {escape(_terms(d, e.better.terms))}")
        )
        if e.why is not None:
            colour = "yellow" if e.reachable else "dim"
            lines.append(f"[{colour}]{escape(e.why[:1].upper() + e.why[1:])}.[/{colour}]")
        left = e.left_on_table
        paper = "" if e.reachable else ", on paper"
        lines.append(
            f"Left on the table{paper}: we {left[k]:.3f}, they {left[1 - k]:.3f} "
            f"(joint {e.joint_left:.3f})"
        )
    return Panel("\n".join(lines), title="Pareto efficiency (P8)", expand=False)


def _concessions_table(d: Debrief) -> Table:
    """Each side's opening and every offer below all its earlier ones: the concessions
    that moved the talks (every offer, with retractions, is in the JSON)."""
    we, they = _names(d)
    who: dict[str, str] = {d.side: escape(we), d.other: escape(they)}
    total = d.outcome.concessions
    shown, taken_back = _new_lows(d)
    back = ", ".join(f"{who[r]} {n}x" for r, n in taken_back.items() if n)
    t = Table(
        title="Concessions over time",
        title_justify="left",
        caption=(
            f"conceded in all (every drop between offers): {who[d.side]} {total[d.side]:.3f}, "
            f"{who[d.other]} {total[d.other]:.3f}. Rows: openings and new lows"
            + (f"; took some back: {back}" if back else "")
        ),
        caption_justify="left",
    )
    for col in ("rd", "who", "move", "own u", "below its best", "other's u"):
        t.add_column(col, justify="left" if col in ("who", "move") else "right")
    for s, below in shown[:MAX_STEPS]:
        t.add_row(
            str(s.round),
            who[s.side],
            s.kind.replace("_", "-"),
            f"{s.own:.3f}",
            "opens" if below is None else f"[red]{below:.3f}[/red]",
            f"{s.other:.3f}",
        )
    if len(shown) > MAX_STEPS:
        t.add_row("", f"... {len(shown) - MAX_STEPS} more", "", "", "", "")
    return t


def _new_lows(d: Debrief) -> tuple[list[tuple[Step, float | None]], dict[str, int]]:
    """Openings and offers below all earlier ones of their side (with how far below the
    opening), in turn order; and how often each side took something back."""
    first: dict[str, float] = {}
    low: dict[str, float] = {}
    back = {"A": 0, "B": 0}
    rows: list[tuple[Step, float | None]] = []
    for s in d.concessions:
        if s.side not in first:
            first[s.side] = low[s.side] = s.own
            rows.append((s, None))
        elif s.own < low[s.side] - 1e-9:
            low[s.side] = s.own
            rows.append((s, first[s.side] - s.own))
        elif s.conceded < 0:
            back[s.side] += 1
    return rows, back


def _their_tactics_table(d: Debrief) -> Table:
    """Their tactics and our answers, judged against our principles."""
    t = Table(title="Tactics they used, and how we answered", title_justify="left")
    for col in ("tactic", "rounds", "principles", "we answered", "verdict"):
        t.add_column(col, justify="left", overflow="fold")
    for u in d.their_tactics:
        t.add_row(
            u.name.replace("_", " "),
            _rounds(u.turns),
            ", ".join(u.principles),
            escape(_answers(u)),
            _tactic_verdict(u),
        )
    return t


def _our_tactics_table(d: Debrief) -> Table:
    """Our tactics and their answers, described: their answer is not a principle of
    ours kept or broken (how we used our tactics is judged in the checklist)."""
    t = Table(
        title="Tactics we used, and how they answered",
        title_justify="left",
        caption="their answers are described, not judged: the principles are ours",
        caption_justify="left",
    )
    for col in ("tactic", "rounds", "they answered"):
        t.add_column(col, justify="left", overflow="fold")
    for u in d.our_tactics:
        t.add_row(u.name.replace("_", " "), _rounds(u.turns), escape(_answers(u)))
    return t


def _rounds(turns: tuple[int, ...], most: int = 8) -> str:
    shown = ", ".join(_round(x) for x in turns[:most])
    return shown if len(turns) <= most else f"{shown}, ... ({len(turns)} in all)"


def _answers(u: TacticUse) -> str:
    if not u.answers:
        return "-"
    counts = Counter(a.reply for a in u.answers)
    parts = [f"{text} (x{n})" if n > 1 else text for text, n in counts.most_common(3)]
    if len(counts) > 3:
        parts.append(f"... {len(counts) - 3} more")
    return "; ".join(parts)


def _tactic_verdict(u: TacticUse) -> str:
    if u.broken:
        first = u.broken[0]
        return (
            f"[bold red]✗ broke {', '.join(first.principles)}[/] (round {_round(first.reply_turn)})"
        )
    if any(a.verdict == "kept" for a in u.answers):
        return "[green]✓ kept[/green]"
    return "[dim]-[/dim]"


def _relationship_panel(d: Debrief) -> Panel:
    r = d.relationship
    k = 0 if d.side == "A" else 1
    we, they = _names(d)
    t = Table(box=None, padding=(0, 2), pad_edge=False)
    t.add_column("")
    t.add_column(escape(we), justify="right")
    t.add_column(escape(they), justify="right")
    t.add_row(
        "resentment",
        f"{r.resentment_before[k]:.3f} -> {r.resentment_after[k]:.3f}",
        f"{r.resentment_before[1 - k]:.3f} -> {r.resentment_after[1 - k]:.3f}",
    )
    g = r.grievances
    for label, name in Grievance.labelled():
        t.add_row(
            f"  {label}",
            f"{getattr(g[k], name):.3f}",
            f"{getattr(g[1 - k], name):.3f}",
        )
    t.add_row("comes back next time", f"{r.stay[k]:.0%}", f"{r.stay[1 - k]:.0%}")
    trust = f"Trust: {r.trust_before:.3f} -> {r.trust_after:.3f}"
    body = Group(t, "", trust)
    return Panel(body, title="The relationship after it (P14, resentment both ways)", expand=False)


def _checklist_table(d: Debrief) -> Table:
    kept = sum(v.status == "kept" for v in d.checklist)
    broken = len(d.broken)
    t = Table(
        title=f"Principles: {kept} kept, {broken} broken",
        title_justify="left",
    )
    for col in ("", "principle", "verdict", "rd", "why"):
        t.add_column(col, justify="right" if col == "rd" else "left", overflow="fold")
    for v in d.checklist:
        t.add_row(v.principle, v.name, _MARK[v.status], _round(v.turn), escape(v.reason))
    return t


def _advice_table(d: Debrief) -> Table:
    """Our moves where we departed from the advice, or the advisor would have warned."""
    followed = sum(m.followed for m in d.advice)
    t = Table(
        title=f"Against the advice: {followed} of {len(d.advice)} of our moves followed it",
        title_justify="left",
        caption=(
            "only the moves that departed from the advice or drew a warning; u: ours; "
            "warnings then: what the coach would have said at that move, from its estimate "
            "of them (the result above is in hindsight)"
        ),
        caption_justify="left",
    )
    for col in ("rd", "we did", "u", "advised", "u ", "warnings then", "advice cited"):
        t.add_column(col, justify="right" if col.strip() in ("rd", "u") else "left")
    for m in d.advice:
        if m.followed and not m.warnings:
            continue
        t.add_row(
            _round(m.turn),
            m.did.replace("_", " "),
            "" if m.did_utility is None else f"{m.did_utility:.3f}",
            m.advised.replace("_", " "),
            "" if m.advised_utility is None else f"{m.advised_utility:.3f}",
            ", ".join(w.replace("_", " ") for w in m.warnings),
            ", ".join(m.principles),
        )
    return t
