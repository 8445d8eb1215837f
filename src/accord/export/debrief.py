"""A debrief as CSV rows and as a printable page.

The CSV has one header and one kind of row per `section` (docs/debrief.md):
`result` (each measure: utility, BATNA, walk-away, target, Nash point, shares),
`checklist` (each principle), `move` (every event of the talks, with both
utilities and the terms), `point` (the figure's marked points: agreement, Nash,
the better deal) and `frontier` (the figure's Pareto frontier). Utilities are
ours and theirs ("we" is the debrief's side), terms with their units.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from accord.debrief.model import Debrief
from accord.export.page import (
    Cell,
    Section,
    Table,
    csv_text,
    png,
    render_html,
    write_csv,
    write_text,
)
from accord.model.issues import Role, Value
from accord.model.units import show_terms
from accord.plan.package import seat_package
from accord.protocol.moves import (
    Accept,
    AddOn,
    ConsultAuthority,
    Display,
    Offer,
    Silence,
    Ultimatum,
    WalkAway,
)

#: The CSV's columns, in order.
COLUMNS = (
    "section",
    "round",
    "who",
    "what",
    "status",
    "our_u",
    "their_u",
    "conceded",
    "terms",
    "detail",
)
_KIND = {
    Offer: "offer",
    Ultimatum: "ultimatum",
    Accept: "accept",
    WalkAway: "walk away",
    Silence: "silence",
    ConsultAuthority: "consult authority",
    AddOn: "add-on",
    Display: "closing",
}
Row = dict[str, Cell]


def rows(d: Debrief) -> list[Row]:
    """Every row of the CSV, section by section."""
    return [*_result_rows(d), *_checklist_rows(d), *_move_rows(d), *_figure_rows(d)]


def write_csv_file(d: Debrief, path: Path) -> None:
    write_csv(path, COLUMNS, rows(d))


def csv(d: Debrief) -> str:
    """The CSV `write_csv_file` writes, as text."""
    return csv_text(COLUMNS, rows(d))


def write_html_file(d: Debrief, path: Path) -> None:
    """The debrief as one standalone page, its figure embedded."""
    write_text(path, html(d))


def html(d: Debrief) -> str:
    """The standalone page `write_html_file` writes, as text."""
    from accord.debrief.figure import plot_debrief

    figure = png(lambda p: plot_debrief(d, p))
    return render_html(_title(d), _subtitle(d), _sections(d, figure))


# rows -------------------------------------------------------------------------------


def _k(d: Debrief) -> int:
    return 0 if d.side == "A" else 1


def _who(d: Debrief, role: Role) -> str:
    return "we" if role == d.side else "they"


def _terms(d: Debrief, terms: dict[str, Value] | None) -> str:
    if terms is None:
        return ""
    return show_terms(d.analysis.scenario.space.issues, terms)


def _outcome_terms(d: Debrief, outcome: int | None) -> str:
    if outcome is None:
        return ""
    return _terms(d, d.analysis.scenario.space.outcome(outcome))


def _result_rows(d: Debrief) -> list[Row]:
    r, k = d.result, _k(d)
    out: list[Row] = [
        {
            "section": "result",
            "round": d.rounds_used,
            "what": "outcome",
            "status": "agreement" if r.agreement else r.reason.replace("_", " "),
            "our_u": r.utilities[k],
            "their_u": r.utilities[1 - k],
            "terms": _terms(d, r.terms),
            "detail": r.condition or "",
        },
        {
            "section": "result",
            "what": "BATNA",
            "our_u": r.reservations[k],
            "their_u": r.reservations[1 - k],
        },
        {"section": "result", "what": "our walk-away", "our_u": r.walk_away},
        {"section": "result", "what": f"our target ({r.target_source})", "our_u": r.target},
    ]
    out[-1] |= _target_package(d)
    if r.nash is not None:
        u = r.nash.utilities
        nash_terms = _terms(d, r.nash.terms)
        out.append(
            {
                "section": "result",
                "what": "Nash point",
                "our_u": u[k],
                "their_u": u[1 - k],
                "terms": nash_terms,
            }
        )
    for what, pair in (("surplus share", r.shares), ("fair share (Nash)", r.fair_shares)):
        if pair is not None:
            out.append(
                {"section": "result", "what": what, "our_u": pair[k], "their_u": pair[1 - k]}
            )
    return out


def _target_package(d: Debrief) -> Row:
    """Our target as terms, as the terminal's debrief reads it: on the true frontier
    (hindsight knows their utility), at the target for us, the best for them."""
    a = d.analysis
    if not len(a.frontier):
        return {}
    p = seat_package(a.scenario.space, a.frontier, a.frontier_digits, _k(d), d.result.target)
    return {
        "their_u": p.theirs,
        "terms": _terms(d, p.values),
        "detail": f"the best for them at our target (worth {p.ours:.3f} to us)",
    }


def _checklist_rows(d: Debrief) -> list[Row]:
    return [
        {
            "section": "checklist",
            "round": None if v.turn is None else v.turn // 2 + 1,
            "what": f"{v.principle} {v.name}",
            "status": v.status,
            "detail": v.reason,
        }
        for v in d.checklist
    ]


def _move_rows(d: Debrief) -> list[Row]:
    k = _k(d)
    conceded = {s.turn: s.conceded for s in d.concessions}
    utility = (d.analysis.scenario.a.preferences.utility, d.analysis.scenario.b.preferences.utility)
    out: list[Row] = []
    for e in d.transcript.events:
        row: Row = {
            "section": "move",
            "round": e.turn // 2 + 1,
            "who": _who(d, e.actor),
            "what": _KIND.get(type(e.move), type(e.move).__name__.lower()),
            "conceded": conceded.get(e.turn),
            "detail": e.note,
        }
        if e.outcome is not None:
            at = np.array([e.outcome])
            u = (float(utility[0](at)[0]), float(utility[1](at)[0]))
            row |= {"our_u": u[k], "their_u": u[1 - k], "terms": _outcome_terms(d, e.outcome)}
        condition = getattr(e.move, "condition", None)
        if condition is not None:
            row["detail"] = f"if {condition.text}" + (f"; {e.note}" if e.note else "")
        if isinstance(e.move, AddOn):
            row["what"] = f"add-on {e.move.issue}"
        out.append(row)
    return out


def _figure_rows(d: Debrief) -> list[Row]:
    k, e = _k(d), d.efficiency
    out: list[Row] = [
        {
            "section": "point",
            "what": "agreement" if d.result.agreement else "no agreement (BATNAs)",
            "our_u": e.point[k],
            "their_u": e.point[1 - k],
        }
    ]
    if e.better is not None:
        b = e.better.utilities
        out.append(
            {
                "section": "point",
                "what": "Nash point" if e.kind == "nash" else "better deal",
                "status": "available" if e.reachable else "on paper only",
                "our_u": b[k],
                "their_u": b[1 - k],
                "terms": _terms(d, e.better.terms),
                "detail": e.why or "",
            }
        )
    for pair in d.analysis.frontier:
        out.append({"section": "frontier", "our_u": float(pair[k]), "their_u": float(pair[1 - k])})
    return out


# the page ---------------------------------------------------------------------------


def _title(d: Debrief) -> str:
    return f"Debrief: {d.scenario}"


def _subtitle(d: Debrief) -> str:
    k = _k(d)
    how = "agreement" if d.result.agreement else d.result.reason.replace("_", " ")
    return (
        f"Seen by {d.parties[k]} (we, side {d.side}) against {d.parties[1 - k]}; "
        f"{how} in round {d.rounds_used} of {d.rounds}."
    )


def _u(x: Cell, share: bool = False) -> str:
    """A utility to 3 decimals (a share as a percentage); blank when there is none."""
    if not isinstance(x, float):
        return "" if x is None else str(x)
    return f"{x:.0%}" if share else f"{x:.3f}"


def _sections(d: Debrief, figure: str) -> list[Section]:
    r, k = d.result, _k(d)
    facts: list[str] = []
    if r.terms is not None:
        facts.append(f"Terms: {_terms(d, r.terms)}.")
    if r.condition is not None:
        facts.append(f"Condition: {r.condition} (utilities are expected values).")
    if r.nash is None:
        facts.append("No outcome was at least as good as both BATNAs: there was no deal to make.")
    sections = [
        Section(
            "Result",
            tuple(facts),
            Table(
                ("", "we", "they", "terms"),
                [
                    (
                        str(x["what"]),
                        _u(x.get("our_u"), share="share" in str(x["what"])),
                        _u(x.get("their_u"), share="share" in str(x["what"])),
                        str(x.get("terms") or ""),
                    )
                    for x in _result_rows(d)
                ],
                numeric=(1, 2),
            ),
        ),
        _efficiency(d, k),
        _checklist(d),
        _moves(d),
    ]
    tactics = _tactics(d)
    if tactics is not None:
        sections.append(tactics)
    sections.append(_relationship(d, k))
    advice = _advice(d)
    if advice is not None:
        sections.append(advice)
    sections.append(
        Section(
            "Figure: offers over the outcome space, and concessions over time",
            figure=figure,
            caption="Left: each side's offers over every possible deal (grey) and the Pareto "
            "frontier; right: each side's own utility of its offers, round by round.",
        )
    )
    return sections


def _efficiency(d: Debrief, k: int) -> Section:
    e = d.efficiency
    lines = [f"Distance to the Pareto frontier: {e.distance_to_frontier:.3f}."]
    if e.better is None:
        lines.append("No deal was better for both sides.")
    else:
        b = e.better.utilities
        what = "The Nash point" if e.kind == "nash" else "A better deal for both"
        how = "was available" if e.reachable else "was better for both, on paper"
        terms = "" if e.better.terms is None else f": {_terms(d, e.better.terms)}"
        lines.append(f"{what} {how} (we {b[k]:.3f}, they {b[1 - k]:.3f}){terms}.")
        if e.why is not None:
            lines.append(e.why[:1].upper() + e.why[1:] + ".")
        left = e.left_on_table
        lines.append(f"Left on the table: we {left[k]:.3f}, they {left[1 - k]:.3f}.")
    return Section("Pareto efficiency (P8)", tuple(lines))


def _checklist(d: Debrief) -> Section:
    kept = sum(v.status == "kept" for v in d.checklist)
    table = Table(
        ("principle", "", "verdict", "round", "why"),
        [
            (
                v.principle,
                v.name,
                v.status,
                "-" if v.turn is None else str(v.turn // 2 + 1),
                v.reason,
            )
            for v in d.checklist
        ],
        marks=[v.status if v.status != "not applicable" else "" for v in d.checklist],
        numeric=(3,),
    )
    return Section(f"Principles: {kept} kept, {len(d.broken)} broken", table=table)


def _moves(d: Debrief) -> Section:
    moves = _move_rows(d)
    table = Table(
        ("round", "who", "move", "our u", "their u", "terms", "note"),
        [
            (
                str(m["round"]),
                str(m["who"]),
                str(m["what"]),
                _u(m.get("our_u")),
                _u(m.get("their_u")),
                str(m.get("terms") or ""),
                str(m.get("detail") or ""),
            )
            for m in moves
        ],
        numeric=(0, 3, 4),
    )
    return Section("The talks, move by move", table=table)


def _tactics(d: Debrief) -> Section | None:
    if not d.tactics:
        return None
    rows: list[tuple[str, ...]] = []
    for u in d.tactics:
        rounds = ", ".join(str(t // 2 + 1) for t in u.turns[:8])
        answers = "; ".join(dict.fromkeys(a.reply for a in u.answers)) or "-"
        broken = u.broken if u.side == d.other else ()
        verdict = f"broke {', '.join(broken[0].principles)}" if broken else ""
        rows.append((_who(d, u.side), u.name.replace("_", " "), rounds, answers, verdict))
    table = Table(
        ("used by", "tactic", "rounds", "answered with", "our answer"),
        rows,
        marks=["broken" if row[4] else "" for row in rows],
    )
    return Section("Tactics and answers", table=table)


def _relationship(d: Debrief, k: int) -> Section:
    r = d.relationship
    table = Table(
        ("", "we", "they"),
        [
            (
                "resentment",
                f"{r.resentment_before[k]:.3f} → {r.resentment_after[k]:.3f}",
                f"{r.resentment_before[1 - k]:.3f} → {r.resentment_after[1 - k]:.3f}",
            ),
            ("comes back next time", f"{r.stay[k]:.0%}", f"{r.stay[1 - k]:.0%}"),
        ],
        numeric=(1, 2),
    )
    trust = f"Trust: {r.trust_before:.3f} → {r.trust_after:.3f}."
    return Section("The relationship after it (P14)", (trust,), table)


def _advice(d: Debrief) -> Section | None:
    if not d.advice:
        return None
    followed = sum(m.followed for m in d.advice)
    rows = [
        (
            str(m.turn // 2 + 1),
            m.did.replace("_", " "),
            _u(m.did_utility),
            m.advised.replace("_", " "),
            _u(m.advised_utility),
            ", ".join(w.replace("_", " ") for w in m.warnings),
        )
        for m in d.advice
        if not m.followed or m.warnings
    ]
    table = Table(
        ("round", "we did", "our u", "advised", "our u", "warnings"), rows, numeric=(0, 2, 4)
    )
    title = f"Against the advice: {followed} of {len(d.advice)} of our moves followed it"
    return Section(title, table=table if rows else None)
