"""The debrief of a stored negotiation, as `accord debrief ID` shows it.

- `/negotiations/{id}/debrief`: the result against the BATNAs, our walk-away and
  target and the Nash point (with the packages of terms they stand for), the
  figure, Pareto efficiency (a better deal, "reachable" or on paper only), the
  concessions, the tactics both ways, the relationship after it, the principles
  checklist by round, the moves against the advice, and every move with its terms.
- `/negotiations/{id}/debrief.csv` and `/negotiations/{id}/debrief.html`: the CSV
  and the standalone printable page of `accord debrief ID --csv/--html`
  (`accord.export.debrief`).
- `GET /api/negotiations/{id}/debrief`: `Debrief.to_json()`, what `accord debrief
  ID --json` prints.

Every figure comes from one call, `accord.debrief.sources.from_store(...)
.debrief(side)`, the CLI's; a coached negotiation is judged by the plan it was
coached with, and one that ended in this server's memory (its ending is stored
when the coach finishes) is read as the coach holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from accord.errors import InputError
from accord.web import guard
from accord.web.pages import NegotiationId, render
from accord.web.workspace import Workspace, shipped_folder

if TYPE_CHECKING:
    from accord.debrief.model import Debrief, TacticUse
    from accord.model.issues import Value
    from accord.protocol.transcript import Transcript
    from accord.store.negotiations import NegotiationInfo

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]
Side = Annotated[
    str | None,
    Query(description="Which side we were: A or B (default: the plan's, else A)."),
]


def debrief_of(request: Request, ws: Workspace, negotiation_id: int, side: str | None) -> Debrief:
    """Stored negotiation `negotiation_id` debriefed from `side`'s seat: the library's
    `from_store(...).debrief(side)`, as `accord debrief ID --side SIDE`."""
    from accord.debrief import sources
    from accord.store import negotiations

    if side is not None and side.strip().upper() not in ("A", "B"):
        raise InputError(f"side '{side}'", field="side", expected="A or B")
    info = negotiations.info(ws.store, negotiation_id)
    if info.kind == "manual":
        where = "/ledger" if info.counterparty is None else _ledger_url(info.counterparty)
        raise InputError(
            f"negotiation {negotiation_id} was entered by hand: it has no moves to debrief",
            field="negotiation",
            expected=f"a negotiation held move by move; its record is in the ledger at {where}",
        )
    if request.app.state.settings.accounts:
        _check_files(ws, info)
    held = _held(ws, info)
    role = None if side is None else side.strip().upper()
    events = None if held is None else len(held.events)

    def compute() -> Debrief:
        return sources.from_store(ws.store, negotiation_id, held=held).debrief(role)

    return ws.remembered(("debrief", negotiation_id, role, events), compute)


def _ledger_url(name: str) -> str:
    from urllib.parse import quote

    return "/ledger/" + quote(name, safe="")


def _held(ws: Workspace, info: NegotiationInfo) -> Transcript | None:
    """A coached negotiation that ended but whose coach has not finished it (its ending
    is stored then): its transcript as the coach holds it, as the CLI coach's debrief
    reads it. None for anything else."""
    from accord.store import coached

    if coached.COACHED not in info.strategies or not info.open:
        return None
    with ws.lock:
        session = ws.session(info.id)
        if not session.ended:
            raise InputError(
                f"negotiation {info.id} has not ended yet",
                field="negotiation",
                expected=f"a finished negotiation: continue it at /negotiations/{info.id}",
            )
        return session.transcript


def _check_files(ws: Workspace, info: NegotiationInfo) -> None:
    """On a server with accounts, a stored negotiation names only the person's own files
    or the shipped examples (a backup imported by hand could name any file)."""
    from accord.store import coached

    allowed = (ws.folder.resolve(), shipped_folder().resolve())
    names: list[Path] = [Path(p) for p in (info.path, *(info.profiles or ())) if p is not None]
    if coached.COACHED in info.strategies:  # the plan it was coached with names its scenario
        saved = coached.load(ws.store, info.id)
        named = saved.plan_body.get("scenario")
        if isinstance(named, str):
            names.append(Path(saved.plan_path).parent / named)
    for name in names:
        where = name.resolve()
        if not any(where.is_relative_to(a) for a in allowed):
            raise InputError(
                f"negotiation {info.id} names a scenario file outside this workspace",
                field="scenario",
                expected="a scenario of this workspace or a shipped example",
            )


# pages ----------------------------------------------------------------------------------


@router.get("/negotiations/{negotiation_id}/debrief", response_class=HTMLResponse)
def debrief_page(
    request: Request, ws: Ws, negotiation_id: NegotiationId, side: Side = None
) -> HTMLResponse:
    from accord.store import negotiations

    d = debrief_of(request, ws, negotiation_id, side)
    counterparty = negotiations.info(ws.store, negotiation_id).counterparty
    return render(
        request,
        "debriefs/debrief.html",
        d=d,
        v=view(d),
        negotiation_id=negotiation_id,
        side=side,
        figure=ws.remembered(
            ("figure", negotiation_id, d.side, len(d.transcript.events)), lambda: figure(d)
        ),
        counterparty=counterparty,
        ledger_url=None if counterparty is None else _ledger_url(counterparty),
    )


@router.get("/negotiations/{negotiation_id}/debrief.csv")
def debrief_csv(
    request: Request, ws: Ws, negotiation_id: NegotiationId, side: Side = None
) -> Response:
    """The CSV of `accord debrief ID --csv` (columns in docs/debrief.md)."""
    from accord.export import debrief as export

    d = debrief_of(request, ws, negotiation_id, side)
    return Response(
        export.csv(d),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="debrief-{negotiation_id}.csv"'},
    )


@router.get("/negotiations/{negotiation_id}/debrief.html", response_class=HTMLResponse)
def debrief_report(
    request: Request, ws: Ws, negotiation_id: NegotiationId, side: Side = None
) -> Response:
    """The standalone printable page of `accord debrief ID --html` (figure embedded)."""
    from accord.export import debrief as export

    d = debrief_of(request, ws, negotiation_id, side)
    return HTMLResponse(export.html(d))


@router.get("/api/negotiations/{negotiation_id}/debrief")
def debrief_api(
    request: Request, ws: Ws, negotiation_id: NegotiationId, side: Side = None
) -> JSONResponse:
    """The debrief as `accord debrief ID --json` prints it (`Debrief.to_json()`)."""
    return JSONResponse(debrief_of(request, ws, negotiation_id, side).to_json())


# the figure -----------------------------------------------------------------------------


def figure(d: Debrief) -> Markup:
    """The debrief's figure, as `accord debrief --plot` draws it, in the page's own SVG:
    the offers over the outcome space (`web.chart.outcome_chart`: hovering a point shows
    its terms) with the agreement ringed, and each side's own utility of its offers
    round by round (the concessions), with both BATNAs and our target."""
    from accord.protocol.moves import AddOn, Offer, Ultimatum
    from accord.web.chart import outcome_chart
    from accord.web.ledger import Series, line_chart

    who = {d.side: "we", d.other: "they"}
    offers = [
        (e.actor, e.outcome, f"round {e.turn // 2 + 1}: {who[e.actor]} ({e.actor}) offer")
        for e in d.transcript.events
        if e.outcome is not None and isinstance(e.move, Offer | Ultimatum | AddOn)
    ]
    space = outcome_chart(
        d.analysis.scenario,
        d.analysis,
        offers=offers,
        deal=d.outcome.outcome if d.result.agreement else None,
        seed=d.transcript.seed,
    )
    k = 0 if d.side == "A" else 1
    colours = {"A": "#b03a2e", "B": "#2e7d32"}
    series = [
        Series(
            f"{who[role]} ({role}) offers",
            colours[role],
            [
                (
                    s.round,
                    s.own,
                    f"round {s.round}: {who[role]} {s.kind.replace('_', '-')} "
                    f"{s.own:.3f} to {who[role]}, conceded {s.conceded:+.3f}",
                )
                for s in d.steps(role)
            ],
            "square" if role == d.side else "circle",
        )
        for role in (d.side, d.other)
    ]
    r = d.result
    rules = [
        (r.reservations[k], colours[d.side], f"our BATNA {r.reservations[k]:.3f}"),
        (r.reservations[1 - k], colours[d.other], f"their BATNA {r.reservations[1 - k]:.3f}"),
        (r.target, "#1f5fbf", f"our target {r.target:.3f}"),
    ]
    step = max(1, d.rounds // 10)
    time = line_chart(
        series,
        title="Concessions: each side's own utility of its offers, round by round",
        ticks=[(x, str(x)) for x in range(1, d.rounds + 1, step)],
        x_label="round (dashed: our BATNA, their BATNA, our target)",
        rules=rules,
        width=520,
        height=320,
    )
    return Markup(f'<div class="grid2 debrief-figures">{space}{time}</div>')


# what the template shows ------------------------------------------------------------------


def _u(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _cell(x: object) -> str:
    """A utility of an export row to 3 decimals; blank when the row has none."""
    return f"{x:.3f}" if isinstance(x, float) else ""


def _diff(ours: float, ref: float) -> str:
    return f"{ours - ref:+.3f}"


def view(d: Debrief) -> dict[str, Any]:
    """The debrief's numbers as the terminal shows them (3 decimals, shares in %), with
    terms in their units, ready for the template."""
    from accord.doctrine import PRINCIPLES
    from accord.export.debrief import rows as export_rows
    from accord.model.units import show_terms
    from accord.plan.package import seat_package

    issues = d.analysis.scenario.space.issues
    k = 0 if d.side == "A" else 1
    r, e = d.result, d.efficiency

    def terms(values: dict[str, Value] | None) -> str:
        return "" if values is None else show_terms(issues, values)

    ours, theirs = r.utilities[k], r.utilities[1 - k]
    table: list[tuple[str, str, str, str, str]] = [
        ("utility", _u(ours), "", _u(theirs), ""),
        (
            "BATNA",
            _u(r.reservations[k]),
            _diff(ours, r.reservations[k]),
            _u(r.reservations[1 - k]),
            _diff(theirs, r.reservations[1 - k]),
        ),
        ("our walk-away", _u(r.walk_away), _diff(ours, r.walk_away), "", ""),
        (
            r.target_label,
            _u(r.target),
            _diff(ours, r.target),
            "",
            "",
        ),
    ]
    if r.nash is not None:
        n = r.nash.utilities
        table.append(
            ("Nash point", _u(n[k]), _diff(ours, n[k]), _u(n[1 - k]), _diff(theirs, n[1 - k]))
        )
    for label, pair in (("surplus share", r.shares), ("fair share (Nash)", r.fair_shares)):
        table.append(
            (
                label,
                "-" if pair is None else f"{pair[k]:.0%}",
                "",
                "-" if pair is None else f"{pair[1 - k]:.0%}",
                "",
            )
        )
    packages = []
    a = d.analysis
    if len(a.frontier):
        p = seat_package(a.scenario.space, a.frontier, a.frontier_digits, k, r.target)
        packages.append(
            (
                f"Our target {r.target:.3f} as terms, the best for them there",
                terms(p.values),
                f"{p.ours:.3f} to us, {p.theirs:.3f} to them",
            )
        )
    if r.nash is not None and r.nash.terms is not None:
        packages.append(
            (f"The Nash point {r.nash.utilities[k]:.3f} as terms", terms(r.nash.terms), "")
        )
    better = None
    if e.better is not None:
        b = e.better.utilities
        better = {
            "what": "The Nash point" if e.kind == "nash" else "A better deal for both",
            "how": "was available" if e.reachable else "was better for both, on paper only",
            "ours": _u(b[k]),
            "theirs": _u(b[1 - k]),
            "terms": terms(e.better.terms),
            "why": None if e.why is None else e.why[:1].upper() + e.why[1:] + ".",
            "left_ours": _u(e.left_on_table[k]),
            "left_theirs": _u(e.left_on_table[1 - k]),
            "left_joint": _u(e.joint_left),
        }
    from accord.relationship import Grievance

    rel = d.relationship
    grievances = [
        (label, _u(getattr(rel.grievances[k], name)), _u(getattr(rel.grievances[1 - k], name)))
        for label, name in Grievance.labelled()
    ]
    we = f"{d.parties[k]} (we, {d.side})"
    they = f"{d.parties[1 - k]} (they, {d.other})"
    return {
        "we": we,
        "they": they,
        "who": {d.side: "we", d.other: "they"},
        "terms": terms(r.terms),
        "table": table,
        "packages": packages,
        "efficiency": {
            "distance": _u(e.distance_to_frontier),
            "welfare": _u(e.welfare),
            "max_welfare": None if e.max_welfare is None else _u(e.max_welfare),
            "face_value": e.face_value,
            "point": (_u(e.point[k]), _u(e.point[1 - k])),
            "reachable": e.reachable,
            "better": better,
        },
        "concessions": [
            {
                "round": s.round,
                "who": "we" if s.side == d.side else "they",
                "kind": s.kind.replace("_", "-"),
                "own": _u(s.own),
                "other": _u(s.other),
                "conceded": f"{s.conceded:+.3f}",
                "total": _u(s.total),
            }
            for s in d.concessions
        ],
        "conceded_total": (
            _u(d.outcome.concessions[d.side]),
            _u(d.outcome.concessions[d.other]),
        ),
        "their_tactics": [_tactic(u) for u in d.their_tactics],
        "our_tactics": [_tactic(u) for u in d.our_tactics],
        "relationship": {
            "resentment": (
                f"{rel.resentment_before[k]:.3f} → {rel.resentment_after[k]:.3f}",
                f"{rel.resentment_before[1 - k]:.3f} → {rel.resentment_after[1 - k]:.3f}",
            ),
            "grievances": grievances,
            "stay": (f"{rel.stay[k]:.0%}", f"{rel.stay[1 - k]:.0%}"),
            "trust": f"{rel.trust_before:.3f} → {rel.trust_after:.3f}",
        },
        "kept": sum(v.status == "kept" for v in d.checklist),
        "broken": len(d.broken),
        "checklist": [
            {
                "principle": v.principle,
                "text": PRINCIPLES.get(v.principle, ("", ""))[1],
                "name": v.name,
                "status": v.status,
                "round": "-" if v.turn is None else str(v.turn // 2 + 1),
                "rounds": ", ".join(str(t // 2 + 1) for t in v.turns),
                "basis": v.basis,
                "reason": v.reason,
            }
            for v in d.checklist
        ],
        "followed": sum(m.followed for m in d.advice),
        "advice": [
            {
                "round": m.turn // 2 + 1,
                "did": m.did.replace("_", " "),
                "did_u": "" if m.did_utility is None else _u(m.did_utility),
                "advised": m.advised.replace("_", " "),
                "advised_u": "" if m.advised_utility is None else _u(m.advised_utility),
                "warnings": ", ".join(w.replace("_", " ") for w in m.warnings),
                "principles": ", ".join(m.principles),
            }
            for m in d.advice
            if not m.followed or m.warnings
        ],
        "moves": [
            {
                "round": row.get("round"),
                "who": row.get("who"),
                "what": row.get("what"),
                "our_u": _cell(row.get("our_u")),
                "their_u": _cell(row.get("their_u")),
                "terms": row.get("terms") or "",
                "note": row.get("detail") or "",
            }
            for row in export_rows(d)
            if row["section"] == "move"
        ],
    }


def _tactic(u: TacticUse) -> dict[str, Any]:
    broken = u.broken
    verdict = ""
    if broken:
        first = broken[0]
        rd = "-" if first.reply_turn is None else str(first.reply_turn // 2 + 1)
        verdict = f"broke {', '.join(first.principles)} (round {rd})"
    elif any(a.verdict == "kept" for a in u.answers):
        verdict = "kept"
    return {
        "name": u.name.replace("_", " "),
        "rounds": ", ".join(str(t // 2 + 1) for t in u.turns),
        "principles": ", ".join(u.principles),
        "meaning": u.meaning,
        "answers": [
            {
                "round": a.round,
                "reply_round": "-" if a.reply_turn is None else str(a.reply_turn // 2 + 1),
                "reply": a.reply,
                "verdict": a.verdict,
            }
            for a in u.answers
        ],
        "verdict": verdict,
        "broken": bool(broken),
    }
