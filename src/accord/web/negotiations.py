"""Negotiate: practise against a strategy or log a real negotiation, with the advice
pushed after every move; the pages and the JSON API (`/api/negotiations/...`).

Everything goes through the coach (`accord.coach.CoachSession`), as `accord coach`
does: a move from the offer builder or a button is the line a person would have
typed (`we: {offer: {...}}`, `we accept`), read by the same parser, reviewed by
the advisor (cautions wait for a yes) and committed to the store before the
answer is sent; "follow the advice" is the coach's Enter. A move is one POST
that holds the workspace's lock and answers every panel at once (HTMX
out-of-band swaps); it also publishes an update (`accord.web.live`) so that
other pages showing the negotiation reload their panels through server-sent
events. Reloading a page or restarting the server loses nothing: a session
not in memory is resumed from the store (`Workspace.session`), an ended one
replayed from its stored events.

What is per negotiation and costly (the advice on the current position, the
scenario's analysis for the chart) is kept between requests, never recomputed
for a page that only shows it again.
"""

from __future__ import annotations

import asyncio
import json
import threading
import weakref
from collections.abc import AsyncIterator  # at run time: FastAPI reads the stream's type
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from markupsafe import Markup, escape
from pydantic import BaseModel, Field

from accord.advisor.advice import KIND_WORDS
from accord.coach import CoachSession, Reply
from accord.doctrine import PRINCIPLES
from accord.errors import InputError
from accord.model.units import show_terms, show_value
from accord.protocol.moves import Accept, AddOn, ConsultAuthority, Offer, Ultimatum
from accord.web import guard
from accord.web.live import Channel, Hub
from accord.web.pages import NegotiationId, is_htmx, render
from accord.web.workspace import Workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accord.advisor import Advice, Candidate
    from accord.model.issues import Issue, Value
    from accord.plan.core import Plan
    from accord.plan.package import Package
    from accord.store.coached import Saved
    from accord.store.negotiations import NegotiationInfo

router = APIRouter()
WS = Annotated[Workspace, Depends(guard.workspace)]

#: How long one server-sent events stream stays open (seconds); the browser
#: reconnects with the last id it saw, and gets the state at once if it changed.
STREAM_SECONDS = 25.0
#: The browser's wait before reconnecting a closed stream (milliseconds).
RETRY_MS = 1000
#: The moves a button makes, as the coach reads them typed ("we accept").
ACTIONS = {
    "accept": "accept",
    "silent": "are silent",
    "consult": "consult authority",
    "walk": "walk away",
}
#: The package a strategy family needs, by its prefix (else the package of its name);
#: the form lists a family only when it is installed, without importing it.
FAMILY_PACKAGES = {"genius": "negmas_genius_agents"}
#: Suggested strategies of each family for the form (typing any other name works too):
#: negmas's SAO negotiators, and the ANAC winners 2010-2019 among the GENIUS agents.
FAMILY_EXAMPLES = {
    "negmas": (
        "BoulwareTBNegotiator",
        "LinearTBNegotiator",
        "ConcederTBNegotiator",
        "NaiveTitForTatNegotiator",
        "MiCRONegotiator",
        "AspirationNegotiator",
    ),
    "genius": (
        "AgentK",
        "HardHeaded",
        "CUHKAgent",
        "TheFawkes",
        "AgentM",
        "Atlas3",
        "Caduceus",
        "PonPokoAgent",
        "AgreeableAgent2018",
        "AgentGG",
    ),
}
#: The advice's numbers that stand for a package, as the panel names them.
NUMBERS = (
    ("target", "target now"),
    ("goal", "fair deal + edge"),
    ("schedule_floor", "schedule floor"),
    ("walk_away", "walk-away"),
)


# the negotiation as the pages keep it -------------------------------------------------


@dataclass
class Shown:
    """What the pages keep of a session besides the store: the last reply (a question
    waiting, cautions, an error) and the advice on the current position (computed
    once per position, whoever asks)."""

    last: Reply = field(default_factory=Reply)
    advice: Advice | None = None
    position: tuple[object, int, int] | None = None  # (engine, events, claims) advised
    counterparty: str | None = None
    counterparty_known: bool = False  # looked up (a session another page resumed: not yet)


_SHOWN: weakref.WeakKeyDictionary[CoachSession, Shown] = weakref.WeakKeyDictionary()
_SHOWN_LOCK = threading.Lock()
_HUB_LOCK = threading.Lock()


def shown_of(session: CoachSession) -> Shown:
    with _SHOWN_LOCK:
        found = _SHOWN.get(session)
        if found is None:
            found = _SHOWN[session] = Shown()
        return found


def _position(session: CoachSession) -> tuple[object, int, int]:
    return (session.neg, len(session.transcript.events), len(session.saved.claims))


def _same(a: tuple[object, int, int] | None, b: tuple[object, int, int]) -> bool:
    return a is not None and a[0] is b[0] and a[1:] == b[1:]


def advice_of(session: CoachSession) -> Advice | None:
    """The advice on our move now (kept per position), or None at their move or the end."""
    if session.ended or session.neg.actor != session.plan.side:
        return None
    shown = shown_of(session)
    now = _position(session)
    if shown.advice is None or not _same(shown.position, now):
        shown.advice, shown.position = session.advisor.advise(session.history()), now
    return shown.advice


def _remember(session: CoachSession, reply: Reply) -> None:
    shown = shown_of(session)
    shown.last = reply
    if reply.advice is not None:
        shown.advice, shown.position = reply.advice, _position(session)


def open_session(ws: Workspace, negotiation_id: int, strict: bool = False) -> CoachSession:
    """Coached negotiation `negotiation_id` of this workspace: in memory, resumed from the
    store, or (ended) replayed from its events; 404 when there is none. `strict` (a
    server with accounts): its files must be the workspace's or the shipped examples."""
    from accord.store import coached, negotiations

    with ws.lock:
        found = ws.sessions.get(negotiation_id)
        if found is None:
            try:
                info = negotiations.info(ws.store, negotiation_id)
            except InputError:
                raise HTTPException(404, f"no negotiation {negotiation_id}") from None
            if not coached.is_coached(ws.store, negotiation_id):
                raise HTTPException(404, f"negotiation {negotiation_id} was not coached")
            if strict:
                _check_files(ws, info, coached.load(ws.store, negotiation_id))
            found = ws.session(negotiation_id) if info.open else _replayed(ws, info)
            ws.sessions[negotiation_id] = found
            shown_of(found).counterparty = info.counterparty
            shown_of(found).counterparty_known = True
        _settle(found)
        return found


def session_of(request: Request, ws: Workspace, negotiation_id: int) -> CoachSession:
    """`open_session` for a request: strict on a server with accounts."""
    return open_session(ws, negotiation_id, strict=request.app.state.settings.accounts)


def _check_files(ws: Workspace, info: NegotiationInfo, saved: Saved) -> None:
    """A stored negotiation names only the person's own files or the shipped examples (a
    backup imported by hand could name any file): else it is not opened."""
    from pathlib import Path

    from accord.web.workspace import shipped_folder

    allowed = (ws.folder.resolve(), shipped_folder().resolve())
    scenario = saved.plan_body.get("scenario")
    for name in (info.path, saved.plan_path, scenario if isinstance(scenario, str) else None):
        if name is not None and not any(Path(name).resolve().is_relative_to(a) for a in allowed):
            raise InputError(
                f"negotiation {info.id} names a file outside this workspace",
                field="negotiation",
                expected="a plan and scenario of this workspace or a shipped example",
            )


def _replayed(ws: Workspace, info: NegotiationInfo) -> CoachSession:
    """An ended negotiation rebuilt from its stored events (read-only: its outcome is
    stored), so that its page shows it as it was played."""
    from accord.coach.typed import stand_in, strategies_for
    from accord.model.issues import ROLES
    from accord.protocol.engine import Negotiation
    from accord.protocol.replay import ENGINE_NOTES
    from accord.store import coached, live, negotiations

    saved = coached.load(ws.store, info.id)
    plan = saved.plan()
    scenario = plan.scenario or stand_in(plan)
    a, b = strategies_for(plan, saved.against)
    stored = negotiations.events(ws.store, info.id)
    moves = {
        role: [e.move for e in stored if e.actor == role and e.note not in ENGINE_NOTES]
        for role in ROLES
    }
    neg = Negotiation(
        scenario,
        live.Following(a, moves["A"]),
        live.Following(b, moves["B"]),
        seed=info.seed or 0,
        rounds=info.rounds,
    )
    while not neg.ended and len(neg.transcript.events) < len(stored):
        neg.step()
    recorder = live.Recorder(ws.store, info.id, written=len(stored))
    session = CoachSession(ws.store, plan, scenario, saved, neg, recorder)
    session.finished = True
    return session


def _settle(session: CoachSession) -> None:
    """Once the talks have ended, store how (the coach's quit does it in a terminal)."""
    if session.ended and not session.finished:
        from accord.store import negotiations

        if negotiations.info(session.store, session.negotiation_id).open:
            session.finish()
        session.finished = True


def hub_of(app: Any) -> Hub:
    """The app's publish/subscribe hub (made on first use)."""
    state = app.state
    with _HUB_LOCK:
        found = getattr(state, "live", None)
        if not isinstance(found, Hub):
            found = state.live = Hub()
        return found


def close_streams(app: Any) -> None:
    """End the open event streams at once (the server is stopping). Called from a signal
    handler: it takes no lock."""
    found = getattr(app.state, "live", None)
    if isinstance(found, Hub):
        found.close()


def channel_of(ws: Workspace, negotiation_id: int) -> Channel:
    return (str(ws.folder), negotiation_id)


def act(
    request: Request, ws: Workspace, negotiation_id: int, line: str | None, *, undo: bool = False
) -> tuple[CoachSession, Reply]:
    """One line through the coach (or an undo) under the workspace's lock; others
    showing the negotiation are told when it changed."""
    with ws.lock:
        session = session_of(request, ws, negotiation_id)
        before = _position(session)
        reply = _undo(session) if undo else _handled(session, line or "")
        _settle(session)
        _remember(session, reply)
        changed = not _same(before, _position(session))
    if changed:
        hub_of(request.app).publish(channel_of(ws, negotiation_id))
    return session, reply


def _handled(session: CoachSession, line: str) -> Reply:
    if session.finished and line.strip():
        word = line.strip().lower()
        if word not in ("help", "?", "moves", "history"):
            return Reply(error="The talks have ended and the outcome is saved: see the debrief.")
    reply = session.handle(line)
    if reply.quit:  # nothing to save: every move is stored as it is made
        return Reply(info=("Everything is saved as it happens: come back to this page any time.",))
    return reply


def _undo(session: CoachSession) -> Reply:
    if session.finished:
        return Reply(error="The talks have ended and the outcome is saved: nothing to undo.")
    try:
        return session.undo()
    except InputError as e:
        return Reply(error=e.describe())


# what the coach answers, as data ----------------------------------------------------------


def describe(c: Candidate, issues: tuple[Issue, ...]) -> str:
    """A candidate in words: 'counter: rebate=1.5%, stock=2x, ...'."""
    text = KIND_WORDS.get(c.kind, c.kind.replace("_", " "))
    move = c.move
    if isinstance(move, AddOn):
        text += f" '{move.issue}'"
    elif isinstance(move, ConsultAuthority):
        text += f" ({move.rounds} round{'s' if move.rounds > 1 else ''})"
    if c.terms is not None and (isinstance(move, Offer | Ultimatum) or c.kind == "accept"):
        text += ": " + show_terms(issues, c.terms)
        if isinstance(move, Offer | Ultimatum) and move.condition is not None:
            text += f", if {move.condition.text}"
    return text


def _package_text(issues: tuple[Issue, ...], p: Package) -> str:
    text = show_terms(issues, p.values)
    worth = []
    if f"{p.ours:.3f}" != f"{p.level:.3f}":
        worth.append(f"{p.ours:.3f} to us")
    if p.theirs is not None:
        worth.append(f"about {p.theirs:.3f} to them")
    return text + (f" ({', '.join(worth)})" if worth else "")


def _cited(principles: Sequence[str]) -> list[dict[str, str]]:
    return [
        {"id": p, "name": PRINCIPLES.get(p, ("", ""))[0], "text": PRINCIPLES.get(p, ("", ""))[1]}
        for p in principles
    ]


def advice_view(advice: Advice) -> dict[str, Any]:
    """The advice panel's content: the recommendation in words with its terms, its
    reasons (principles with their text), the packages, tactics, warnings, candidates."""
    issues = advice.plan.space.issues
    rec = advice.recommendation
    packages = advice.packages()
    numbers: dict[str, list[str]] = {}
    for key, name in NUMBERS:
        p = packages[key]
        numbers.setdefault(_package_text(issues, p), []).append(f"{name} {p.level:.3f}")
    s = advice.situation
    return {
        "kind": rec.kind,
        "text": describe(rec, issues),
        "terms": [] if rec.terms is None else _terms_rows(issues, rec.terms),
        "standing": rec.kind in ("silence", "consult_authority", "wait"),
        "our_utility": rec.our_utility,
        "their_utility": rec.their_utility,
        "reasons": [{"cited": _cited(r.principles), "text": r.text} for r in rec.reasons],
        "packages": [{"names": ", ".join(n), "terms": t} for t, n in numbers.items()],
        "their_offer": s.offered,
        "tactics": [
            {
                "name": t.name.replace("_", " "),
                "cited": _cited(t.principles),
                "text": " ".join(filter(None, (t.meaning, advice.answer(t)))),
            }
            for t in advice.tactics
        ],
        "warnings": [
            {"severity": w.severity, "cited": _cited(w.principles), "text": w.message}
            for w in advice.warnings
        ],
        "candidates": [
            {
                "text": describe(c, issues),
                "verdict": c.verdict,
                "ours": _num(c.our_utility),
                "theirs": _num(c.their_utility),
                "frontier": _num(c.frontier_distance),
                "concession": _num(c.concession, signed=True),
                "warnings": ", ".join(w.code.replace("_", " ") for w in c.warnings),
                "cited": _cited(c.principles),
            }
            for c in advice.candidates
        ],
        "their_known": advice.informed,
    }


def _terms_rows(issues: tuple[Issue, ...], terms: dict[str, Value]) -> list[dict[str, str]]:
    by_name = {i.name: i for i in issues}
    return [{"issue": k, "value": show_value(by_name[k], v)} for k, v in terms.items()]


def _num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    return f"{x:+.3f}" if signed else f"{x:.3f}"


def reply_view(reply: Reply, issues: tuple[Issue, ...] = ()) -> dict[str, Any]:
    """What the last line did: recorded moves, notes, cautions, an error, a question
    (each option's line with its terms in units, as the moves are shown)."""
    q = reply.question
    confirm = q is not None and q.text.endswith("(yes / no)")
    return {
        "said": [s.strip() for s in reply.said],
        "info": list(reply.info),
        "cautions": [
            {"severity": c.severity, "cited": _cited(c.principles), "text": c.message}
            for c in reply.cautions
        ],
        "error": reply.error,
        "question": None
        if q is None
        else {
            "text": with_units(q.text, issues),
            "options": [{"key": k, "line": with_units(line, issues)} for k, line in q.options],
            "confirm": confirm,
        },
    }


def with_units(line: str, issues: tuple[Issue, ...]) -> str:
    """A line the parser offers as an answer (`we offer rebate=1.75, else stock=2`)
    with each `issue=value` shown in the issue's unit (`rebate=1.75%`, `stock=2x`)."""
    import re

    from accord.phrasing.clauses import fmt

    by_name = {i.name: i for i in issues}

    def shown(m: re.Match[str]) -> str:
        issue = by_name.get(m.group(1))
        if issue is None:
            return m.group(0)
        found = next((v for v in issue.values if fmt(v) == m.group(2)), None)
        if found is None:
            return m.group(0)
        return f"{issue.name}={show_value(issue, found)}"

    return re.sub(r"\b([A-Za-z_][\w]*)=([^\s,;]+)", shown, line)


def reply_json(reply: Reply) -> dict[str, Any]:
    return {
        "recorded": [s.strip() for s in reply.said],
        "info": list(reply.info),
        "cautions": [c.to_json() for c in reply.cautions],
        "error": reply.error,
        "question": None
        if reply.question is None
        else {
            "text": reply.question.text,
            "options": [k for k, _ in reply.question.options],
        },
        "ended": reply.ended,
    }


# the page's panels -------------------------------------------------------------------------


def _whose(session: CoachSession) -> str | None:
    """'we' or 'they' (whose move it is), None once ended."""
    if session.ended:
        return None
    return "we" if session.neg.actor == session.plan.side else "they"


def status_view(session: CoachSession) -> dict[str, Any]:
    from accord.coach.ending import summary

    plan, saved = session.plan, session.saved
    whose = _whose(session)
    events = session.transcript.events
    shown = shown_of(session)
    if not shown.counterparty_known:
        from accord.store import negotiations

        info = negotiations.info(session.store, session.negotiation_id)
        shown.counterparty, shown.counterparty_known = info.counterparty, True
    counterparty = shown.counterparty
    return {
        "id": session.negotiation_id,
        "title": _title(session, counterparty),
        "plan": plan.name,
        "side": plan.side,
        "counterpart": plan.counterpart or "the counterpart",
        "practice": session.practice,
        "against": saved.against,
        "counterparty": counterparty,
        "whose": whose,
        "round": session.neg.turn // 2 + 1,
        "rounds": session.neg.rounds,
        "events": len(events),
        "ended": session.ended,
        "outcome": list(summary(session)) if session.ended else [],
        "debrief": session.plan.scenario is not None,
    }


def _title(session: CoachSession, counterparty: str | None) -> str:
    """The page's title: a practice by its plan; a real negotiation by whom it is with
    (a default plan's name, `SCENARIO practice A`, says nothing of them)."""
    plan = session.plan
    if session.practice:
        return plan.name
    default = f" practice {plan.side}"
    scenario = plan.name.removesuffix(default) if plan.name.endswith(default) else None
    who = counterparty or plan.counterpart
    if who:
        return f"with {who}" + ("" if scenario is not None else f" ({plan.name})")
    return f"real, {scenario}" if scenario is not None else plan.name


def builder_view(session: CoachSession, advice: Advice | None) -> dict[str, Any]:
    """The offer builder: one control per issue, prefilled with the advised counter at our
    move (their standing offer at theirs), whose move it is, the add-ons a side can grant."""
    plan = session.plan
    issues = plan.space.issues
    whose = _whose(session) or "we"
    speaker = "we" if session.practice else whose
    prefill = _prefill(session, advice, speaker)
    role = plan.side if speaker == "we" else plan.other
    return {
        "speaker": speaker,
        "speakers": ["we"] if session.practice else ["we", "they"],
        **issue_controls(issues, prefill),
        "addons": [i.name for i in issues if i.kind == "addon" and i.giver == role],
        # accepting needs an offer of the other side on the table (none in round 1)
        "can_accept": not session.ended and session.neg.view(role).theirs is not None,
        "ended": session.ended,
        "advised": advice is not None and _advisable(advice),
    }


def issue_controls(issues: Sequence[Issue], prefill: dict[str, Value]) -> dict[str, Any]:
    """The offer builder's controls (the negotiate page's and a room's): a <select> per
    issue with `prefill`'s value chosen, and the values a condition's "else" may take."""
    rows = [
        {
            "id": f"issue-{k}",
            "name": issue.name,
            "unit": issue.unit or "",
            "options": [
                {"value": j, "text": show_value(issue, v), "selected": v == prefill.get(issue.name)}
                for j, v in enumerate(issue.values)
            ],
        }
        for k, issue in enumerate(issues)
    ]
    fallbacks = [
        {"value": f"{k}:{j}", "text": f"{issue.name}={show_value(issue, v)}"}
        for k, issue in enumerate(issues)
        if issue.kind != "addon"
        for j, v in enumerate(issue.values)
    ]
    return {"issues": rows, "fallbacks": fallbacks}


def _advisable(advice: Advice) -> bool:
    from accord.coach.advised import entry

    return entry(advice.recommendation.move, advice.plan) is not None


def _prefill(session: CoachSession, advice: Advice | None, speaker: str) -> dict[str, Value]:
    from accord.model.issues import Role

    plan = session.plan
    if speaker == "we" and advice is not None:
        for c in (advice.recommendation, *advice.candidates):
            if c.terms is not None and c.kind in ("counter", "conditional", "ultimatum"):
                return dict(c.terms)
        if advice.recommendation.terms is not None:
            return dict(advice.recommendation.terms)
    first: Role = plan.side if speaker == "we" else plan.other
    for role in (first, plan.other if first == plan.side else plan.side):
        mine = session.neg.view(role).mine
        if mine is not None:
            return plan.space.outcome(mine.outcome)
    return {i.name: i.values[len(i.values) // 2] for i in plan.space.issues}


def transcript_view(session: CoachSession) -> list[dict[str, Any]]:
    """Every event and claim in words, with what an offer on the table is worth to each."""
    from accord.coach import words

    plan = session.plan
    worth = _worth(session)
    rows: list[dict[str, Any]] = []
    claims = list(session.saved.claims)
    for k, e in enumerate(session.transcript.events):
        while claims and claims[0].after <= k:
            rows.append({"text": words.claim(plan, claims.pop(0)), "claim": True})
        ours = theirs = None
        if e.outcome is not None:
            ours, theirs = worth(e.outcome)
        rows.append(
            {
                "text": words.event(plan, e),
                "who": words.who(plan, e.actor),
                "claim": False,
                "ours": _num(ours),
                "theirs": _num(theirs),
            }
        )
    rows += [{"text": words.claim(plan, c), "claim": True} for c in claims]
    return rows


def _worth(session: CoachSession) -> Any:
    """outcome -> (our utility, theirs or None when the plan has no scenario)."""
    plan, scenario = session.plan, session.scenario
    ours = (scenario.a if plan.side == "A" else scenario.b).preferences.utility
    theirs = (scenario.b if plan.side == "A" else scenario.a).preferences.utility
    known = plan.scenario is not None

    def worth(outcome: int) -> tuple[float, float | None]:
        return ours.at(outcome), theirs.at(outcome) if known else None

    return worth


def utility_chart(session: CoachSession) -> Markup:
    """Our and their utility of each side's offers over the rounds, with our walk-away:
    a small SVG line chart drawn on the server (each side's colour as on the outcome
    chart; solid: to us, dashed: to them)."""
    from accord.web.chart import OFFER_COLOURS

    plan = session.plan
    worth = _worth(session)
    rounds = max(session.neg.rounds, 1)
    width, left, top, right = 520, 44, 10, 14
    pw, ph = width - left - right, 170
    series: dict[tuple[str, int], list[tuple[float, float, str]]] = {}

    def at(position: float) -> float:  # round r is centred on r (ours before, theirs after)
        return round(left + pw * min(position, rounds + 0.5) / (rounds + 0.5), 1)

    def x(turn: int) -> float:
        return at(turn / 2 + 0.75)

    def y(u: float) -> float:
        return round(top + ph * (1 - max(0.0, min(1.0, u))), 1)

    for e in session.transcript.events:
        if e.outcome is None or not isinstance(e.move, Offer | Ultimatum | AddOn | Accept):
            continue
        for k, u in enumerate(worth(e.outcome)):
            if u is not None:
                tip = f"round {e.turn // 2 + 1}: {u:.3f} {('to us', 'to them')[k]}"
                series.setdefault((e.actor, k), []).append((x(e.turn), y(u), tip))
    parts = [
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#888"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#888"/>',
    ]
    for u in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="{left}" y1="{y(u)}" x2="{left + pw}" y2="{y(u)}" stroke="#eee"/>'
            f'<text x="{left - 6}" y="{y(u) + 4}" text-anchor="end">{u:.1f}</text>'
        )
    for r in sorted({1, rounds, *range(5, rounds + 1, 5)}):
        parts.append(f'<text x="{at(r)}" y="{top + ph + 14}" text-anchor="middle">{r}</text>')
    parts.append(f'<text x="{left + pw / 2}" y="{top + ph + 30}" text-anchor="middle">round</text>')
    wa = y(plan.walk_away)
    parts.append(
        f'<line class="walk-away" x1="{left}" y1="{wa}" x2="{left + pw}" y2="{wa}" '
        f'stroke="#b3261e" stroke-dasharray="2 3"><title>our walk-away '
        f"{plan.walk_away:.3f}</title></line>"
    )
    legend = [("our walk-away", "#b3261e", "2 3")]
    for (role, k), points in sorted(series.items()):
        colour = OFFER_COLOURS.get(role, "#555")
        dash = "" if k == 0 else "6 4"
        whose = "our" if role == plan.side else "their"
        label = f"{whose} offers, {('to us', 'to them')[k]}"
        path = " ".join(f"{px},{py}" for px, py, _ in points)
        parts.append(
            f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash or "none"}"><title>{label}</title>'
            "</polyline>"
        )
        parts += [
            f'<circle cx="{px}" cy="{py}" r="3" fill="{colour}"><title>{whose} offer, '
            f"{tip}</title></circle>"
            for px, py, tip in points
        ]
        legend.append((label, colour, dash))
    row = top + ph + 48
    for n, (label, colour, dash) in enumerate(legend):
        lx, ly = left + (n % 3) * 160, row + (n // 3) * 18
        parts.append(
            f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 22}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="2" stroke-dasharray="{dash or "none"}"/>'
            f'<text x="{lx + 27}" y="{ly}">{label}</text>'
        )
    height = row + 18 * ((len(legend) + 2) // 3)
    label = escape(f"Utility of the offers over the rounds, {plan.name}")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart utility-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{label}" font-family="system-ui, sans-serif" font-size="11">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )


def outcome_view(session: CoachSession) -> Markup | None:
    """The offers so far on the outcome-space chart (`accord.web.chart`), when the plan
    has a scenario (both sides' preferences)."""
    if session.plan.scenario is None:
        return None
    from accord.coach import words
    from accord.web.chart import outcome_chart

    plan = session.plan
    offers: list[tuple[str, int, str]] = []
    for e in session.transcript.events:
        if e.outcome is not None and isinstance(e.move, Offer | Ultimatum | AddOn):
            offers.append((e.actor, e.outcome, words.event(plan, e).split(": ", 1)[0]))
    ending = session.transcript.ending
    deal = None if ending is None else ending.agreement
    return outcome_chart(session.scenario, offers=offers, deal=deal)


def panels(session: CoachSession) -> dict[str, Any]:
    """Everything the negotiation page shows (computed once per request)."""
    advice = advice_of(session)
    return {
        "state": status_view(session),
        "reply": reply_view(shown_of(session).last, session.plan.space.issues),
        "advice": None if advice is None else advice_view(advice),
        "builder": builder_view(session, advice),
        "moves": transcript_view(session),
        "utility_chart": utility_chart(session),
        "outcome_chart": outcome_view(session),
    }


def state_json(session: CoachSession) -> dict[str, Any]:
    """The negotiation as the API shows it."""
    from accord.protocol.transcript import move_json

    advice = advice_of(session)
    ending = session.transcript.ending
    status = status_view(session)
    return {
        **{k: status[k] for k in ("id", "plan", "side", "practice", "against", "counterparty")},
        "whose_move": status["whose"],
        "round": status["round"],
        "rounds": status["rounds"],
        "moves": list(session.moves()),
        "events": [
            {
                "turn": e.turn,
                "round": e.turn // 2 + 1,
                "actor": e.actor,
                "move": move_json(e.move),
                "outcome": e.outcome,
                "terms": None if e.outcome is None else session.plan.space.outcome(e.outcome),
                "note": e.note,
            }
            for e in session.transcript.events
        ],
        "claims": [c.to_json() for c in session.saved.claims],
        "advice": None if advice is None else _advice_json(advice),
        "ended": session.ended,
        "outcome": {
            "reason": ending.reason,
            "agreement": ending.agreement,
            "summary": status["outcome"],
        }
        if ending is not None
        else None,
        "debrief": f"/negotiations/{session.negotiation_id}/debrief" if session.ended else None,
    }


def _advice_json(advice: Advice) -> dict[str, Any]:
    body = advice.to_json()
    body["recommendation"]["text"] = describe(advice.recommendation, advice.plan.space.issues)
    return body


# starting one ----------------------------------------------------------------------------------


def listing(ws: Workspace) -> list[dict[str, Any]]:
    """The coached negotiations (practice and real), open ones first, newest first."""
    from accord.store import coached, negotiations

    rows: list[dict[str, Any]] = []
    for n in negotiations.listing(ws.store):
        kind = coached.kind_of(n.strategies, n.kind)
        if kind not in ("coached", "practice"):
            continue
        other = next((s for s in n.strategies if s != coached.COACHED), None)
        rows.append(
            {
                "id": n.id,
                "scenario": n.scenario,
                "kind": "practice" if kind == "practice" else "real",
                "against": other if kind == "practice" else None,
                "counterparty": n.counterparty,
                "events": n.events,
                "open": n.open,
                "reason": (n.reason or "").replace("_", " "),
                "started": n.started_at.strftime("%Y-%m-%d %H:%M"),
            }
        )
    rows.sort(key=lambda r: (not r["open"], -r["id"]))
    return rows


def strategy_names() -> list[str]:
    """The practice strategies (`accord.strategies`), without importing them."""
    from accord.strategies import names

    return names()


def families() -> list[str]:
    """Strategy families whose package is installed (`negmas:` ...): any of their
    strategies can be typed as `prefix:Name`."""
    from importlib.metadata import entry_points
    from importlib.util import find_spec

    from accord.strategies.catalog import FAMILIES

    found = []
    for point in entry_points(group=FAMILIES):
        module = FAMILY_PACKAGES.get(point.name.lower(), point.name.lower())
        try:
            installed = find_spec(module) is not None
        except (ImportError, ValueError):
            installed = False
        if installed:
            found.append(point.name.lower())
    return sorted(found)


@dataclass(frozen=True)
class Start:
    """What the new-negotiation form asks."""

    plan: str = ""
    scenario: str = ""
    side: str = "A"
    mode: str = "practice"
    against: str = "hardliner"
    other: str = ""
    counterparty: str = ""
    seed: str = "0"


#: The coach's command-line options as the form's fields (an error names the field).
_FIELDS = {"--against": "against", "--counterparty": "counterparty", "--seed": "seed"}


def start(ws: Workspace, form: Start) -> CoachSession:
    """A new coached negotiation from the form (a plan, or a scenario and side for a
    default plan), stored before any move; InputError names the field."""
    from accord.web import plans

    if not form.plan.strip() and not form.scenario.strip():
        raise InputError(
            "no plan and no scenario chosen",
            field="plan",
            expected="a plan, or a scenario and our side (a default plan is written)",
        )
    try:
        seed = int(form.seed.strip() or "0")
    except ValueError:
        raise InputError(
            f"seed '{form.seed}'", field="seed", expected="a whole number, 0 or more"
        ) from None
    if seed < 0:
        raise InputError(f"seed {seed}", field="seed", expected="a whole number, 0 or more")
    if form.mode not in ("practice", "real"):
        raise InputError(f"mode '{form.mode}'", field="mode", expected="practice or real")
    against: str | None = None
    counterparty = form.counterparty.strip() or None  # practice may be kept in the ledger too
    if form.mode == "practice":
        against = (form.other.strip() or form.against.strip()) or None
        if against is None:
            raise InputError("no strategy chosen", field="against", expected="a strategy")
    with ws.lock:
        if form.plan.strip():
            path = plans.plan_path(ws, form.plan.strip())
        else:
            if form.side not in ("A", "B"):
                raise InputError(f"side '{form.side}'", field="side", expected="A or B")
            path = plans.default_plan(ws, form.scenario.strip(), form.side)
        try:
            session = CoachSession.start(ws.store, path, against, seed, counterparty)
        except InputError as e:
            raise InputError(
                e.message,
                source=e.source,
                field=_FIELDS.get(e.field or "", e.field),
                expected=e.expected,
            ) from None
        ws.sessions[session.negotiation_id] = session
        shown_of(session).counterparty = counterparty
        shown_of(session).counterparty_known = True
        _settle(session)
        return session


def _new_page(
    request: Request, ws: Workspace, form: Start, error: InputError | None = None
) -> HTMLResponse:
    from accord.web import plans

    return render(
        request,
        "negotiations/new.html",
        status=200 if error is None else 422,
        form=form,
        plans=[f.name for f in plans.plan_files(ws)],
        scenarios=[s.name for s in ws.scenarios()],
        strategies=strategy_names(),
        families=families(),
        suggested=[f"{f}:{name}" for f in families() for name in FAMILY_EXAMPLES.get(f, ())],
        problem=None if error is None else error.describe(),
        problem_field=None if error is None else error.field,
    )


# pages -----------------------------------------------------------------------------------------


@router.get("/negotiations", response_class=HTMLResponse)
def negotiations_page(request: Request, ws: WS) -> HTMLResponse:
    return render(request, "negotiations/list.html", rows=listing(ws))


@router.get("/negotiations/new", response_class=HTMLResponse)
def new_page(
    request: Request, ws: WS, plan: str = "", scenario: str = "", side: str = "A"
) -> HTMLResponse:
    return _new_page(request, ws, Start(plan=plan, scenario=scenario, side=side))


@router.post("/negotiations", response_model=None)
def create(
    request: Request,
    ws: WS,
    plan: Annotated[str, Form()] = "",
    scenario: Annotated[str, Form()] = "",
    side: Annotated[str, Form()] = "A",
    mode: Annotated[str, Form()] = "practice",
    against: Annotated[str, Form()] = "",
    other: Annotated[str, Form()] = "",
    counterparty: Annotated[str, Form()] = "",
    seed: Annotated[str, Form()] = "0",
) -> Response:
    form = Start(plan, scenario, side, mode, against, other, counterparty, seed)
    try:
        session = start(ws, form)
    except InputError as e:  # the ledger's NAME is this form's counterparty
        return _new_page(request, ws, form, e.at("counterparty") if e.field == "NAME" else e)
    url = f"/negotiations/{session.negotiation_id}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


@router.get("/negotiations/{negotiation_id}", response_class=HTMLResponse)
def negotiation_page(request: Request, ws: WS, negotiation_id: NegotiationId) -> HTMLResponse:
    with ws.lock:
        session = session_of(request, ws, negotiation_id)
        shown = panels(session)
    return render(request, "negotiations/page.html", **shown)


@router.get("/negotiations/{negotiation_id}/panels", response_class=HTMLResponse)
def panels_fragment(request: Request, ws: WS, negotiation_id: NegotiationId) -> HTMLResponse:
    """Every panel as out-of-band swaps (a page told by the event stream that it moved)."""
    with ws.lock:
        session = session_of(request, ws, negotiation_id)
        shown = panels(session)
    return render(request, "negotiations/_moved.html", **shown)


def _answer(
    request: Request, session: CoachSession, reply: Reply, ws: Workspace, typed: str = ""
) -> Response:
    """After an action: every panel (HTMX swaps them out of band); a line not recorded
    (an error, a question) stays in the phrase box as `typed`. A form posted without
    HTMX is sent back to the page, which shows the reply kept with the session."""
    if not is_htmx(request):
        return RedirectResponse(f"/negotiations/{session.negotiation_id}", status_code=303)
    with ws.lock:
        shown = panels(session)
    status = 422 if reply.error is not None else 200
    kept = typed if reply.error is not None or reply.question is not None else ""
    return render(request, "negotiations/_moved.html", status=status, typed=kept, **shown)


@router.post("/negotiations/{negotiation_id}/line", response_model=None)
def line_action(
    request: Request, ws: WS, negotiation_id: NegotiationId, line: Annotated[str, Form()] = ""
) -> Response:
    """The phrase box: a line as typed in the coach."""
    if not line.strip():
        session = session_of(request, ws, negotiation_id)
        _remember(session, Reply(error="Type a move first (help shows examples)."))
        return _answer(request, session, shown_of(session).last, ws)
    session, reply = act(request, ws, negotiation_id, line)
    return _answer(request, session, reply, ws, typed=line)


@router.post("/negotiations/{negotiation_id}/follow", response_model=None)
def follow_action(request: Request, ws: WS, negotiation_id: NegotiationId) -> Response:
    """Follow the advice: the coach's Enter at our move."""
    session, reply = follow(request, ws, negotiation_id)
    return _answer(request, session, reply, ws)


def follow(request: Request, ws: Workspace, negotiation_id: int) -> tuple[CoachSession, Reply]:
    """The advised move recorded as if typed (reviewed, confirmed, stored)."""
    session = session_of(request, ws, negotiation_id)
    problem = None
    if _whose(session) != "we":
        problem = "There is no advice to follow now: " + (
            "the talks have ended." if session.ended else "it is their move."
        )
    elif shown_of(session).last.question is not None:
        problem = "Answer the question first (or type the move again)."
    if problem is None:
        return act(request, ws, negotiation_id, "")
    reply = Reply(error=problem, question=shown_of(session).last.question)
    with ws.lock:
        _remember(session, reply)
    return session, reply


@router.post("/negotiations/{negotiation_id}/answer", response_model=None)
def answer_action(
    request: Request, ws: WS, negotiation_id: NegotiationId, answer: Annotated[str, Form()] = ""
) -> Response:
    """An answer to the question asked (an option's button, or yes/no after cautions)."""
    session, reply = _answered(request, ws, negotiation_id, answer)
    return _answer(request, session, reply, ws)


def _answered(
    request: Request, ws: Workspace, negotiation_id: int, answer: str
) -> tuple[CoachSession, Reply]:
    session = session_of(request, ws, negotiation_id)
    question = shown_of(session).last.question
    if question is None:
        reply = Reply(error="No question is waiting for an answer.")
        _remember(session, reply)
        return session, reply
    if not answer.strip():
        return session, shown_of(session).last
    return act(request, ws, negotiation_id, answer)


@router.post("/negotiations/{negotiation_id}/undo", response_model=None)
def undo_action(request: Request, ws: WS, negotiation_id: NegotiationId) -> Response:
    session, reply = act(request, ws, negotiation_id, None, undo=True)
    return _answer(request, session, reply, ws)


@router.post("/negotiations/{negotiation_id}/move", response_model=None)
def move_action(
    request: Request,
    ws: WS,
    negotiation_id: int,
    action: Annotated[str, Form()] = "",
    speaker: Annotated[str, Form()] = "we",
    addon: Annotated[str, Form()] = "",
) -> Response:
    """A button: accept, stay silent, consult authority, walk away, grant an add-on."""
    who = _speaker(speaker)
    if action == "add":
        line = f"{who}: {json.dumps({'add': addon})}"
    elif action in ACTIONS:
        line = f"{who} {ACTIONS[action]}"
    else:
        known = ", ".join((*ACTIONS, "add"))
        session = session_of(request, ws, negotiation_id)
        reply = Reply(error=f"Not recorded: unknown action '{action}' (one of: {known}).")
        _remember(session, reply)
        return _answer(request, session, reply, ws)
    session, reply = act(request, ws, negotiation_id, line)
    return _answer(request, session, reply, ws)


def _speaker(speaker: str) -> str:
    return "they" if speaker == "they" else "we"


@router.post("/negotiations/{negotiation_id}/offer", response_model=None)
async def offer_action(request: Request, ws: WS, negotiation_id: NegotiationId) -> Response:
    """The offer builder: one value per issue, as an offer or a final offer, with an
    optional condition (a conditional offer)."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}

    def run() -> Response:
        session = session_of(request, ws, negotiation_id)
        try:
            line = offer_line(session.plan, fields)
        except InputError as e:
            reply = Reply(error=f"Not recorded: {e.describe()}")
            with ws.lock:
                _remember(session, reply)
            return _answer(request, session, reply, ws)
        session, reply = act(request, ws, negotiation_id, line)
        return _answer(request, session, reply, ws)

    return await run_in_threadpool(run)


def offer_line(plan: Plan, fields: dict[str, str]) -> str:
    """The builder's fields as the line the coach reads: `we: {"offer": {...}, "if": ...}`."""
    issues = plan.space.issues
    terms: dict[str, Any] = {}
    for k, issue in enumerate(issues):
        picked = fields.get(f"issue-{k}", "").strip()
        if not picked:
            continue
        terms[issue.name] = _value_at(issue, picked, f"issue-{k}")
    if not terms:
        raise InputError("no terms chosen", field="issue-0", expected="a value for each issue")
    kind = fields.get("kind", "offer")
    if kind not in ("offer", "ultimatum"):
        raise InputError(f"kind '{kind}'", field="kind", expected="offer or ultimatum")
    entry: dict[str, Any] = {kind: terms}
    fallback = fields.get("if_else", "").strip()
    if fallback:
        k_text, _, j_text = fallback.partition(":")
        if not k_text.isdigit() or not 0 <= int(k_text) < len(issues):
            raise InputError(f"'{fallback}'", field="if_else", expected="an issue's value")
        issue = issues[int(k_text)]
        by = fields.get("if_by", "they")
        said = fields.get("if_text", "").strip()
        if not said:  # P12: a condition is a commitment both sides can check, in words
            raise InputError(
                "a condition with no words",
                field="if_text",
                expected="what must be done, e.g. 'stock at least 1.5x monthly shipments'",
            )
        entry["if"] = {
            "issue": issue.name,
            "else": _value_at(issue, j_text, "if_else"),
            "by": "we" if by == "we" else "they",
            "text": said,
        }
    return f"{_speaker(fields.get('speaker', 'we'))}: {json.dumps(entry)}"


def _value_at(issue: Issue, picked: str, field_name: str) -> Value:
    if not picked.isdigit() or not 0 <= int(picked) < len(issue.values):
        shown = ", ".join(show_value(issue, v) for v in issue.values)
        raise InputError(
            f"no value '{picked}' of {issue.name}", field=field_name, expected=f"one of: {shown}"
        )
    return issue.values[int(picked)]


def _stream_of(request: Request, ws: WS, negotiation_id: int) -> int:
    """The negotiation a stream follows, checked before the stream starts (once it has,
    a 404 can no longer be sent)."""
    session_of(request, ws, negotiation_id)
    return negotiation_id


@router.get("/negotiations/{negotiation_id}/events", response_class=EventSourceResponse)
async def events_stream(
    request: Request,
    ws: WS,
    negotiation_id: Annotated[int, Depends(_stream_of)],
    since: str | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """Server-sent events: `moved` each time the negotiation changes (id: the number of
    its events so far); reconnecting with a `Last-Event-ID` (first: `since`, the count
    the page was drawn at) that is no longer the current count gets a `moved` at once."""
    from starlette.concurrency import run_in_threadpool

    def count() -> int:
        with ws.lock:
            return len(session_of(request, ws, negotiation_id).transcript.events)

    hub = hub_of(request.app)
    channel = channel_of(ws, negotiation_id)
    last = request.headers.get("last-event-id") or since
    with hub.subscribe(channel) as sub:  # first: a move made while counting still wakes it
        now = await run_in_threadpool(count)
        if last is not None and last != str(now):
            yield ServerSentEvent(event="moved", data=now, id=str(now), retry=RETRY_MS)
        else:
            yield ServerSentEvent(comment="connected", id=str(now), retry=RETRY_MS)
        loop = asyncio.get_running_loop()
        until = loop.time() + STREAM_SECONDS
        while (left := until - loop.time()) > 0:
            if await sub.wait(left) is None:
                break
            now = await run_in_threadpool(count)
            yield ServerSentEvent(event="moved", data=now, id=str(now))


# the JSON API ------------------------------------------------------------------------------------


class StartBody(BaseModel):
    """A new coached negotiation: a plan by name, or a scenario and our side (a default
    plan is written); `against` a strategy to practise, or a `counterparty` to keep it
    in the ledger as a real negotiation."""

    plan: str = ""
    scenario: str = ""
    side: Literal["A", "B"] = "A"
    against: str | None = None
    counterparty: str | None = None
    seed: int = Field(default=0, ge=0)


class MoveBody(BaseModel):
    """One move: a `line` as typed in the coach, `follow_advice`, or an `offer` of terms
    (`{issue: value}`; issues left out keep the standing offer's) by `speaker`, as an
    offer or an ultimatum."""

    line: str | None = None
    follow_advice: bool = False
    offer: dict[str, Any] | None = None
    kind: Literal["offer", "ultimatum"] = "offer"
    speaker: Literal["we", "they"] = "we"


class AnswerBody(BaseModel):
    answer: str


def _api_reply(session: CoachSession, reply: Reply) -> JSONResponse:
    body: dict[str, Any] = {"reply": reply_json(reply)}
    with_state = state_json(session)
    body["state"] = with_state
    if reply.error is not None:
        body["error"] = {"message": reply.error, "text": reply.error}
        return JSONResponse(body, status_code=400)
    return JSONResponse(body)


@router.get("/api/negotiations")
def api_list(ws: WS) -> list[dict[str, Any]]:
    """The coached negotiations, open ones first."""
    return listing(ws)


@router.post("/api/negotiations", status_code=201)
def api_start(ws: WS, body: StartBody) -> dict[str, Any]:
    """Start a coached negotiation (stored before any move)."""
    form = Start(
        plan=body.plan,
        scenario=body.scenario,
        side=body.side,
        mode="practice" if body.against else "real",
        against=body.against or "",
        counterparty=body.counterparty or "",
        seed=str(body.seed),
    )
    session = start(ws, form)
    with ws.lock:
        return state_json(session)


@router.get("/api/negotiations/{negotiation_id}")
def api_state(request: Request, ws: WS, negotiation_id: NegotiationId) -> dict[str, Any]:
    """Whose move, the moves in words and as data, the advice, the outcome once ended."""
    with ws.lock:
        return state_json(session_of(request, ws, negotiation_id))


@router.post("/api/negotiations/{negotiation_id}/moves")
def api_move(
    request: Request, ws: WS, negotiation_id: NegotiationId, body: MoveBody
) -> JSONResponse:
    """Make a move; answers what the coach said (recorded, cautions, a question, an
    error: 400, nothing recorded) and the state after it."""
    given = sum((body.line is not None, body.follow_advice, body.offer is not None))
    if given != 1:
        raise InputError(
            "one move at a time", field="body", expected="one of: line, follow_advice, offer"
        )
    if body.follow_advice:
        session, reply = follow(request, ws, negotiation_id)
    else:
        if body.offer is not None:
            line = f"{body.speaker}: {json.dumps({body.kind: body.offer})}"
        else:
            line = body.line or ""
        session, reply = act(request, ws, negotiation_id, line)
    return _api_reply(session, reply)


@router.post("/api/negotiations/{negotiation_id}/undo")
def api_undo(request: Request, ws: WS, negotiation_id: NegotiationId) -> JSONResponse:
    """Take back the last move typed (and the strategy's reply to it)."""
    session, reply = act(request, ws, negotiation_id, None, undo=True)
    return _api_reply(session, reply)


@router.post("/api/negotiations/{negotiation_id}/answer")
def api_answer(
    request: Request, ws: WS, negotiation_id: NegotiationId, body: AnswerBody
) -> JSONResponse:
    """Answer the question the last move asked (an option, or yes / no)."""
    session, reply = _answered(request, ws, negotiation_id, body.answer)
    return _api_reply(session, reply)
