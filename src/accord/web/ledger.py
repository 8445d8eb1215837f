"""The ledger: counterparties, each relationship's health and history, conditions to
check, real deals recorded by their terms, export and import.

Pages:

- `/ledger`: every counterparty with the figures of `accord ledger` (trust,
  resentment both ways, the last negotiation, the long-term value), the open
  conditions with those due highlighted (past their check-by day, due within
  `SOON` days, or with no day), exports and the import form.
- `/ledger/{counterparty}`: what `accord ledger show` shows, a chart of trust and
  both resentments over the relationship's states, its negotiations (linked to
  their debriefs), the open conditions with a form to resolve each (met / not
  met, `ledger resolve --honoured/--broken`), and a form to record a real deal by
  its terms: one <select> per issue of the chosen plan (`ledger record --plan
  --terms --else-terms`).
- Exports through `accord.export.ledger` (CSV, standalone HTML) and the JSON
  backup of `accord ledger export` (`accord.store.backup`); an import is
  validated whole before anything is stored (`backup.parse_export`).

The JSON API calls the same functions: `GET /api/ledger` (`ledger --json`),
`GET /api/ledger/counterparties/{counterparty}` (`ledger show --json`), `POST
/api/ledger/counterparties/{counterparty}/deals`, `POST
/api/ledger/conditions/{negotiation}/resolve` (a condition is known by the id of the
negotiation whose deal it belongs to, as in the store), `GET /api/ledger/export`,
`POST /api/ledger/import`. A counterparty's paths are under `counterparties/`, so
that any name, "export" too, reaches its counterparty (the first paths,
`/api/ledger/{counterparty}`, still answer, out of the schema).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as Uploaded

from accord.errors import InputError
from accord.web import guard, plans
from accord.web.pages import NegotiationId, is_htmx, render
from accord.web.workspace import Workspace

if TYPE_CHECKING:
    from accord.export.ledger import Counterparty
    from accord.plan.core import Plan
    from accord.relationship import RelationshipState
    from accord.store.health import Health
    from accord.store.ledger import HistoryEntry, OpenCondition
    from accord.store.manual import Terms
    from accord.store.negotiations import NegotiationInfo

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]
Party = Literal["us", "them"]
Urgency = Literal["overdue", "today", "soon", "undated", "later"]

#: A condition whose check-by day is this many days away or less is "due soon".
SOON = 14


# reading the ledger (what `accord ledger` and `ledger show` read) --------------------------


@dataclass(frozen=True)
class Due:
    """An open condition and how urgent it is: overdue (its day has passed), today, soon
    (within SOON days), undated (no day: due now, as the store counts it) or later."""

    counterparty: str
    condition: OpenCondition
    urgency: Urgency

    @property
    def label(self) -> str:
        c = self.condition
        if c.check_by is None:
            return "due (no check-by day)"
        if self.urgency == "overdue":
            days = (dt.date.today() - c.check_by).days
            return f"overdue by {days} day{'s' if days != 1 else ''}"
        if self.urgency == "today":
            return "due today"
        days = (c.check_by - dt.date.today()).days
        return f"due in {days} day{'s' if days != 1 else ''}"


def urgency(c: OpenCondition, today: dt.date) -> Urgency:
    if c.check_by is None:
        return "undated"
    if c.check_by < today:
        return "overdue"
    if c.check_by == today:
        return "today"
    return "soon" if (c.check_by - today).days <= SOON else "later"


def conditions_due(ws: Workspace, rows: Sequence[Health]) -> list[Due]:
    """Every open condition of every counterparty, the most urgent first."""
    from accord.store import ledger as repo

    today = dt.date.today()
    found = [
        Due(h.name, c, urgency(c, today))
        for h in rows
        if h.open_conditions
        for c in repo.open_conditions(ws.store, h.name)
    ]
    order = {"overdue": 0, "today": 1, "undated": 2, "soon": 3, "later": 4}
    return sorted(
        found, key=lambda d: (order[d.urgency], d.condition.check_by or today, d.counterparty)
    )


@dataclass(frozen=True)
class Shown:
    """One counterparty as `accord ledger show` reads it."""

    health: Health
    steps: list[HistoryEntry]
    conditions: list[OpenCondition]
    negotiations: list[NegotiationInfo]  # held with it, oldest first
    terms: dict[int, Terms]
    start: RelationshipState  # before the first negotiation: the chart's first point
    agreed: dict[int, str]  # the terms of the deals made in accord, in the scenario's units

    def to_json(self) -> dict[str, Any]:
        """What `accord ledger show NAME --json` prints."""
        today = dt.date.today()
        return {
            "health": self.health.to_json(),
            "history": [s.to_json() for s in self.steps],
            "open_conditions": [c.to_json(today) for c in self.conditions],
            "open_negotiations": [n.id for n in self.negotiations if n.open],
            "terms": {str(k): t.to_json() for k, t in sorted(self.terms.items())},
            "agreed_terms": {str(k): v for k, v in sorted(self.agreed.items())},
        }


def shown(ws: Workspace, name: str) -> Shown:
    """The relationship with `name` (in any case): the store's reads of `ledger show`."""
    from accord.relationship import RelationshipState
    from accord.store import ledger as repo
    from accord.store import negotiations
    from accord.store.manual import entered_terms

    store = ws.store
    steps = repo.history(store, name)
    conditions = repo.open_conditions(store, name)
    stored = repo.stored_name(store, name)
    health = next(h for h in repo.health(store) if h.name == stored)
    _, params = repo.relationship(store, name)
    held = [n for n in negotiations.listing(store) if n.counterparty == stored]
    ids = [s.negotiation_id for s in steps if s.negotiation_id is not None]
    return Shown(
        health,
        steps,
        conditions,
        held,
        entered_terms(store, ids),
        RelationshipState.start(params),
        negotiations.agreed_terms(store, ids),
    )


# recording a real deal by its terms (`ledger record --plan --terms`) ------------------------


def load_plan(ws: Workspace, name: str) -> Plan:
    """The plan called `name`, found as the plan pages find it (`plans.plan_path`: the
    person's own, else a shipped example); an InputError lists the plans there are."""
    from accord.plan import load_plan as load

    return load(plans.plan_path(ws, name))


class DealIn(BaseModel):
    """A real deal entered by its terms, as `accord ledger record NAME --plan PLAN --terms
    ...` takes it. `terms` gives every issue's value (as the plan's scenario writes it,
    units allowed: '1.5%', '45 days'); `else_terms` only those that change if the
    condition is not met."""

    plan: str = Field(
        description="The plan that values the terms (ours by it, theirs by its estimate)."
    )
    terms: dict[str, str | int | float | bool] = Field(description="Issue -> value, every issue.")
    else_terms: dict[str, str | int | float | bool] | None = Field(
        None, description="Issue -> value for the terms a breach of the condition changes."
    )
    condition: str | None = Field(None, description="A condition attached to the deal (P12).")
    obligor: Party = Field("them", description="Who must meet the condition.")
    belief: float = Field(0.9, description="Probability the condition will be met.")
    check_by: dt.date | None = Field(None, description="Day to check the condition.")
    held_on: dt.date | None = Field(None, description="Day it was held (default: today).")
    scenario: str = Field("", description="What was negotiated, e.g. '2025 rebate'.")
    fair_us: float = Field(0.5, description="Our fair share of the joint surplus.")
    conceded_us: float = Field(0.0, description="Utility we gave up from our opening offer.")
    conceded_them: float = Field(0.0, description="Utility they gave up from theirs.")
    triumph: Party | None = Field(None, description="Who displayed triumph at the close (P13).")
    ultimatum_by: Party | None = Field(None, description="Who issued an ultimatum (P7).")


@dataclass(frozen=True)
class Recorded:
    negotiation_id: int
    counterparty: str
    terms: Terms

    def to_json(self, ws: Workspace) -> dict[str, Any]:
        from accord.store import ledger as repo

        health = next(h for h in repo.health(ws.store) if h.name == self.counterparty)
        return {
            "negotiation": self.negotiation_id,
            "counterparty": self.counterparty,
            "terms": self.terms.to_json(),
            "health": health.to_json(),
        }


def _text(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_word(v)}" for k, v in values.items())


def _word(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def record_deal(ws: Workspace, name: str, deal: DealIn) -> Recorded:
    """Store a real deal with `name` entered by its terms, as `accord ledger record NAME
    --plan P --terms ... [--condition C --else-terms ...]` does: the terms valued by the
    plan (`manual.valued`), the walk-aways the plan's, the record the relationship
    model's (`manual.record`), stored in one transaction (`ledger.record_entered`)."""
    from accord.store import ledger as repo
    from accord.store.manual import Entered, record, valued

    if not " ".join(name.split()):
        raise InputError("a counterparty needs a name", field="counterparty")
    plan = load_plan(ws, deal.plan)
    condition = (deal.condition or "").strip() or None
    changed = {k: v for k, v in (deal.else_terms or {}).items() if str(v).strip()}
    if changed and condition is None:
        raise InputError(
            "terms for a breach of the condition, but no condition",
            field="condition",
            expected="the condition whose breach the 'if not met' terms are",
        )
    if not deal.terms:
        raise InputError("no terms", field="terms", expected="a value for every issue")
    terms = valued(plan, _text(deal.terms), _text(changed) if changed else None)
    entered = Entered(
        agreement=True,
        utility_us=terms.ours,
        utility_them=terms.theirs,
        reservation_us=plan.batna,
        reservation_them=0.0 if plan.their_batna is None else plan.their_batna,
        fair_us=deal.fair_us,
        conceded_us=deal.conceded_us,
        conceded_them=deal.conceded_them,
        triumph=deal.triumph,
        ultimatum_by=deal.ultimatum_by,
        condition=condition,
        obligor=deal.obligor,
        belief=deal.belief,
        if_broken_us=terms.else_ours,
        if_broken_them=terms.else_theirs,
        scenario=deal.scenario.strip() or "entered by hand",
    )
    rec = record(entered)
    with ws.lock:
        neg = repo.record_entered(
            ws.store,
            name,
            rec,
            held_on=deal.held_on,
            check_by=deal.check_by if condition is not None else None,
            metrics=terms.to_json(),
        )
        stored = repo.stored_name(ws.store, name)
    return Recorded(neg, stored, terms)


def resolve_condition(ws: Workspace, negotiation_id: int, met: bool) -> dict[str, Any]:
    """Check the open condition of negotiation `negotiation_id`'s deal, as `accord
    ledger resolve NAME ID --honoured/--broken` does (`ledger.resolve`); trust moves."""
    from accord.store import ledger as repo
    from accord.store import negotiations

    info = negotiations.info(ws.store, negotiation_id)
    if info.counterparty is None:
        raise InputError(
            f"negotiation {negotiation_id} was held with no counterparty: it has no condition "
            "in the ledger",
            field="negotiation",
            expected="the id of a deal with an open condition (# on the counterparty's page)",
        )
    with ws.lock:
        state = repo.resolve(ws.store, info.counterparty, negotiation_id, met)
    return {
        "negotiation": negotiation_id,
        "counterparty": info.counterparty,
        "met": met,
        "trust": state.trust,
        "resentment": {"us": state.resentment[0], "them": state.resentment[1]},
    }


# export and import ------------------------------------------------------------------------


def report_parties(ws: Workspace, name: str | None) -> list[Counterparty]:
    """The counterparties `accord ledger export [NAME] --csv/--html` reports on."""
    from accord.export.ledger import Counterparty
    from accord.store import ledger as repo

    every = {h.name: h for h in repo.health(ws.store)}
    names = list(every) if name is None else [repo.stored_name(ws.store, name)]
    if not names:
        raise InputError(
            "no counterparties in the ledger yet",
            field="counterparty",
            expected="a ledger with a counterparty: record a deal first",
        )
    out = []
    for n in names:
        s = shown(ws, n)
        out.append(Counterparty(s.health, s.steps, s.conditions, s.start, s.terms))
    return out


def _csv(ws: Workspace, name: str | None, filename: str) -> Response:
    from accord.export import ledger as export

    return Response(
        export.csv(report_parties(ws, name)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _html(ws: Workspace, name: str | None) -> HTMLResponse:
    from accord.export import ledger as export

    def chart(p: Counterparty, path: Path) -> None:
        export.plot_relationship(p.steps, p.start, p.health.name, path)

    parties = report_parties(ws, name)
    return HTMLResponse(export.html(parties, chart, "this ledger"))


def backup_text(ws: Workspace) -> str:
    """The whole store as `accord ledger export FILE.json` writes it."""
    from accord.store.backup import export_text

    return export_text(ws.store)


def import_backup(ws: Workspace, data: bytes, source: str) -> dict[str, int]:
    """A file written by `accord ledger export`, validated whole, then stored in one
    transaction (`accord ledger import`); what was added. A bad file raises an
    InputError naming `source`, the field and what was expected; nothing is stored."""
    from accord.store.backup import import_store, parse_export

    if not data.strip():
        raise InputError(
            "the file is empty",
            source=source,
            expected="a JSON file written by `accord ledger export` or this page's backup",
        )
    parsed = parse_export(data, source)
    with ws.lock:
        return import_store(ws.store, parsed, source)


# the relationship chart ----------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One line of a chart: its name, colour, and points (x, y, tooltip)."""

    name: str
    colour: str
    points: Sequence[tuple[float, float, str]]
    marker: str = "circle"


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    ticks: Sequence[tuple[float, str]],
    x_label: str,
    rules: Sequence[tuple[float, str, str]] = (),
    marks: Sequence[float] = (),
    width: int = 640,
    height: int = 320,
) -> Markup:
    """A small line chart as an `<svg role="img">` (no script): each series a line
    with markers whose `<title>` shows the value on hover; `rules` horizontal lines
    (y, colour, label), `marks` dotted vertical lines at x. y runs from 0."""
    left, right, top, bottom = 44, 16, 28, 96
    xs = [x for s in series for x, _, _ in s.points] + [t for t, _ in ticks]
    ys = [y for s in series for _, y, _ in s.points] + [y for y, _, _ in rules]
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    if x_hi <= x_lo:
        x_hi = x_lo + 1
    y_hi = max([1.0, *ys]) if ys else 1.0
    w, h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return round(left + (x - x_lo) / (x_hi - x_lo) * w, 1)

    def py(y: float) -> float:
        return round(top + (1 - y / y_hi) * h, 1)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart rel-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}" font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(6):
        y = y_hi * k / 5
        out.append(
            f'<line class="grid" x1="{left}" x2="{left + w}" y1="{py(y)}" y2="{py(y)}" '
            'stroke="#e3e7ed"/>'
            f'<text x="{left - 6}" y="{py(y) + 4}" text-anchor="end" fill="#5b6473">'
            f"{y:.2f}</text>"
        )
    for x, label in ticks:
        out.append(
            f'<text x="{px(x)}" y="{top + h + 14}" text-anchor="end" fill="#5b6473" '
            f'transform="rotate(-30 {px(x)} {top + h + 14})">{escape(label)}</text>'
        )
    out.append(
        f'<text x="{left + w / 2}" y="{height - 6}" text-anchor="middle" fill="#5b6473">'
        f"{escape(x_label)}</text>"
    )
    for x in marks:
        out.append(
            f'<line class="checked" x1="{px(x)}" x2="{px(x)}" y1="{top}" y2="{top + h}" '
            'stroke="#aab2bf" stroke-dasharray="2 3"/>'
        )
    for y, colour, label in rules:
        out.append(
            f'<line x1="{left}" x2="{left + w}" y1="{py(y)}" y2="{py(y)}" stroke="{colour}" '
            f'stroke-dasharray="5 4"><title>{escape(label)}</title></line>'
        )
    legend_x = left
    for s in series:
        pts = " ".join(f"{px(x)},{py(y)}" for x, y, _ in s.points)
        out.append(f'<g class="series" fill="{s.colour}">')
        if len(s.points) > 1:
            out.append(
                f'<polyline points="{pts}" fill="none" stroke="{s.colour}" stroke-width="2"/>'
            )
        for x, y, tip in s.points:
            title = f"<title>{escape(tip)}</title>"
            if s.marker == "square":
                out.append(
                    f'<rect x="{px(x) - 4}" y="{py(y) - 4}" width="8" height="8">{title}</rect>'
                )
            else:
                out.append(f'<circle cx="{px(x)}" cy="{py(y)}" r="4">{title}</circle>')
        out.append("</g>")
        out.append(
            f'<rect x="{legend_x}" y="8" width="12" height="4" fill="{s.colour}"/>'
            f'<text x="{legend_x + 16}" y="14" fill="#1d2430">{escape(s.name)}</text>'
        )
        legend_x += 22 + 7 * len(s.name)
    out.append(
        f'<line class="axis" x1="{left}" x2="{left}" y1="{top}" y2="{top + h}" '
        'stroke="#aab2bf"/>'
        f'<line class="axis" x1="{left}" x2="{left + w}" y1="{top + h}" y2="{top + h}" '
        'stroke="#aab2bf"/>'
    )
    out.append("</svg>")
    return Markup("".join(out))


def relationship_chart(s: Shown) -> Markup:
    """Trust and both resentments from the start through each state of the relationship
    (the chart of `accord ledger show --plot`), the resentment alert as a dashed line,
    a condition checked as a dotted one."""
    from accord.doctrine import STANCE

    states = [s.start, *(step.state for step in s.steps)]
    labels = ["start"]
    for step in s.steps:
        if step.cause == "condition":
            labels.append("condition checked")
        else:
            day = "" if step.held_on is None else f" {step.held_on.isoformat()}"
            labels.append(f"#{step.negotiation_id}{day}")

    def points(name: str, values: list[float]) -> list[tuple[float, float, str]]:
        return [(k, v, f"{labels[k]}: {name} {v:.2f}") for k, v in enumerate(values)]

    alert = STANCE.resentment_alert
    return line_chart(
        [
            Series("trust", "#2a7ab9", points("trust", [x.trust for x in states])),
            Series(
                "our resentment",
                "#d9822b",
                points("our resentment", [x.resentment[0] for x in states]),
                "square",
            ),
            Series(
                "their resentment",
                "#c23b22",
                points("their resentment", [x.resentment[1] for x in states]),
            ),
        ],
        title=f"Trust and resentment with {s.health.name} over time",
        ticks=list(enumerate(labels)),
        x_label="states of the relationship (dotted: a condition checked)",
        rules=[(alert, "#b3261e", f"resentment alert ({alert})")],
        marks=[k for k, step in enumerate(s.steps, start=1) if step.cause == "condition"],
    )


# forms ----------------------------------------------------------------------------------------


def _field(e: InputError) -> InputError:
    """A library error on a command-line option ('--fair-us') named by the form's and the
    API's field instead ('fair_us')."""
    if e.field == "NAME":  # the counterparty's name, an argument on the command line
        return e.at("name")
    if e.field is None or not e.field.startswith("--"):
        return e
    return e.at(e.field[2:].replace("-", "_"))


def _number(form: FormData, name: str, default: float) -> float:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError(f"'{raw}' is not a number", field=name, expected="a number") from None


def _day(form: FormData, name: str) -> dt.date | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"'{raw}' is not a date", field=name, expected="YYYY-MM-DD") from None


def _party(form: FormData, name: str, default: Party | None) -> Party | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return default
    if raw not in ("us", "them"):
        raise InputError(f"'{raw}'", field=name, expected="us or them")
    return "us" if raw == "us" else "them"


def deal_from_form(form: FormData) -> DealIn:
    """The record form's fields (plan, term-ISSUE, else-ISSUE, condition, ...) as a deal."""
    terms: dict[str, str | int | float | bool] = {
        k.removeprefix("term-"): str(v) for k, v in form.items() if k.startswith("term-")
    }
    changed: dict[str, str | int | float | bool] = {
        k.removeprefix("else-"): str(v)
        for k, v in form.items()
        if k.startswith("else-") and str(v).strip()
    }
    return DealIn(
        plan=str(form.get("plan") or ""),
        terms=terms,
        else_terms=changed or None,
        condition=str(form.get("condition") or "").strip() or None,
        obligor=_party(form, "obligor", "them") or "them",
        belief=_number(form, "belief", 0.9),
        check_by=_day(form, "check_by"),
        held_on=_day(form, "held_on"),
        scenario=str(form.get("scenario") or ""),
        fair_us=_number(form, "fair_us", 0.5),
        conceded_us=_number(form, "conceded_us", 0.0),
        conceded_them=_number(form, "conceded_them", 0.0),
        triumph=_party(form, "triumph", None),
        ultimatum_by=_party(form, "ultimatum_by", None),
    )


def deal_form(
    ws: Workspace,
    plan_name: str | None,
    given: Mapping[str, Any] | None = None,
    earlier: Sequence[Terms] = (),
) -> dict[str, Any]:
    """What the record form shows: the plans, and for the chosen one a <select> per issue
    (values with their units) with what was chosen, else the terms of the last deal
    `earlier` valued by the same plan (a renewal starts from them), and the other
    fields as typed."""
    from accord.model.units import show_value

    files = [f.name for f in plans.plan_files(ws)]
    chosen = plan_name if plan_name in files else next(iter(files), None)
    out: dict[str, Any] = {
        "plans": files,
        "plan": chosen,
        "issues": [],
        "plan_error": None,
        "values": {} if given is None else {k: str(v) for k, v in given.items()},
    }
    if chosen is None:
        return out
    try:
        plan = load_plan(ws, chosen)
    except InputError as e:
        out["plan_error"] = e.describe()
        return out
    values = out["values"]
    last = next((e.values for e in reversed(earlier) if e.plan == plan.name), {})
    for issue in plan.space.issues:
        options = [show_value(issue, v) for v in issue.values]
        before = last.get(issue.name)
        default = options[0] if before is None else show_value(issue, before)
        out["issues"].append(
            {
                "name": issue.name,
                "options": options,
                "selected": values.get(f"term-{issue.name}", default),
                "else_selected": values.get(f"else-{issue.name}", ""),
            }
        )
    out["side"] = plan.side
    return out


def _done(request: Request, url: str) -> Response:
    """After a change: HTMX is told to load `url`, a plain form post is redirected."""
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def _url(name: str) -> str:
    from urllib.parse import quote

    return "/ledger/" + quote(name, safe="")


# pages ----------------------------------------------------------------------------------------


def _index(request: Request, ws: Workspace, status: int = 200, **extra: Any) -> HTMLResponse:
    from accord.doctrine import STANCE
    from accord.store import ledger as repo

    rows = repo.health(ws.store)
    extra.setdefault("import_error", None)
    extra.setdefault("imported", None)
    extra.setdefault("add_error", None)
    return render(
        request,
        "ledger/index.html",
        status,
        rows=rows,
        due=conditions_due(ws, rows),
        alert=STANCE.resentment_alert,
        soon=SOON,
        **extra,
    )


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, ws: Ws) -> HTMLResponse:
    return _index(request, ws)


@router.post("/ledger", response_class=HTMLResponse, response_model=None)
def add_counterparty(
    request: Request,
    ws: Ws,
    name: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
) -> Response:
    """Add a counterparty before any negotiation with it (`accord ledger add`)."""
    from accord.store import ledger as repo

    try:
        if not " ".join(name.split()):
            raise InputError("a counterparty needs a name", field="name", expected="its name")
        with ws.lock:
            repo.add_counterparty(ws.store, name, notes)
    except InputError as e:
        return _index(request, ws, 422, add_error=_field(e).describe(), add_name=name)
    return _done(request, _url(" ".join(name.split())))


@router.get("/ledger.csv")
def ledger_csv(ws: Ws) -> Response:
    """Every counterparty as `accord ledger export --csv` writes it."""
    return _csv(ws, None, "ledger.csv")


@router.get("/ledger.html", response_class=HTMLResponse)
def ledger_html(ws: Ws) -> HTMLResponse:
    """The standalone printable page of `accord ledger export --html`."""
    return _html(ws, None)


@router.get("/ledger.json")
def ledger_backup(ws: Ws) -> Response:
    """The whole store as `accord ledger export FILE.json` writes it (a backup)."""
    day = dt.date.today().isoformat()
    return Response(
        backup_text(ws),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="accord-ledger-{day}.json"'},
    )


@router.post("/ledger/import", response_class=HTMLResponse)
async def import_page(
    request: Request, ws: Ws, file: Annotated[UploadFile | None, File()] = None
) -> HTMLResponse:
    """Upload a backup: validated whole first; a bad file changes nothing and is named
    inline with the field and what was expected."""
    source = "the upload"
    try:
        if file is None or not file.filename:
            raise InputError("no file chosen", field="file", expected="a JSON backup to import")
        source = file.filename
        data = await file.read()
        added = await run_in_threadpool(import_backup, ws, data, source)
    except InputError as e:
        located = e.located(source)
        return await run_in_threadpool(
            lambda: _index(request, ws, 422, import_error=located.describe())
        )
    return await run_in_threadpool(lambda: _index(request, ws, imported=(source, added)))


@router.post("/ledger/conditions/{negotiation_id}/resolve", response_model=None)
def resolve_page(
    request: Request, ws: Ws, negotiation_id: NegotiationId, met: Annotated[str, Form()] = ""
) -> Response:
    """Met or not met, from a condition's form on the counterparty's page."""
    if met not in ("yes", "no"):
        raise InputError(f"'{met}'", field="met", expected="yes (met) or no (not met)")
    done = resolve_condition(ws, negotiation_id, met == "yes")
    return _done(request, _url(done["counterparty"]) + f"?resolved={negotiation_id}")


@router.get("/ledger/{name:path}/report.csv")
def counterparty_csv(ws: Ws, name: str) -> Response:
    """One counterparty as `accord ledger export NAME --csv` writes it."""
    return _csv(ws, name, "ledger-counterparty.csv")


@router.get("/ledger/{name:path}/report.html", response_class=HTMLResponse)
def counterparty_html(ws: Ws, name: str) -> HTMLResponse:
    """One counterparty as `accord ledger export NAME --html` writes it."""
    return _html(ws, name)


@router.get("/ledger/{name:path}/deal-form", response_class=HTMLResponse)
def deal_form_fragment(
    request: Request, ws: Ws, name: str, plan: str | None = None
) -> HTMLResponse:
    """The record form for another plan (HTMX swaps it in when the plan changes, sending
    the whole form: what was typed is kept, terms too where the new plan has them)."""
    s = shown(ws, name)
    earlier = [s.terms[k] for k in sorted(s.terms)]
    given = {k: v for k, v in request.query_params.items() if k not in ("plan", guard.FIELD)}
    return render(
        request,
        "ledger/_record.html",
        name=s.health.name,
        url=_url(s.health.name),
        form=deal_form(ws, plan, given or None, earlier),
    )


@router.post("/ledger/{name:path}/deals", response_class=HTMLResponse, response_model=None)
async def record_page(request: Request, ws: Ws, name: str) -> Response:
    """Record a real deal by its terms; a bad field is shown next to it, nothing stored."""
    form = await request.form()
    try:
        deal = deal_from_form(form)
        done = await run_in_threadpool(record_deal, ws, name, deal)
    except InputError as e:
        error = _field(e)
        plan = str(form.get("plan") or "") or None
        known = await run_in_threadpool(_known, ws, name)
        if known is None:  # a new counterparty: no page of its own yet
            raise error from None
        if is_htmx(request):
            stored = known
            ctx = await run_in_threadpool(deal_form, ws, plan, form)
            return render(
                request,
                "ledger/_record.html",
                422,
                name=stored,
                url=_url(stored),
                form=ctx,
                form_error={"field": error.field, "text": error.describe()},
            )
        return await run_in_threadpool(
            lambda: _counterparty(request, ws, name, plan, 422, given=form, form_error=error)
        )
    return _done(request, _url(done.counterparty) + f"?recorded={done.negotiation_id}")


def _known(ws: Workspace, name: str) -> str | None:
    """The counterparty's stored name, or None when the ledger has no `name`."""
    from accord.store import ledger as repo

    wanted = " ".join(name.split()).casefold()
    return next((h.name for h in repo.health(ws.store) if h.name.casefold() == wanted), None)


def _counterparty(
    request: Request,
    ws: Workspace,
    name: str,
    plan: str | None,
    status: int = 200,
    *,
    given: FormData | None = None,
    form_error: InputError | None = None,
    recorded: int | None = None,
    resolved: int | None = None,
) -> HTMLResponse:
    from accord.doctrine import STANCE
    from accord.store.coached import kind_of

    s = shown(ws, name)
    today = dt.date.today()
    steps = []
    checked: dict[int, int | None] = {}  # a record's position -> its negotiation's id
    for k, step in enumerate(s.steps):
        snap = step.state
        row: dict[str, Any] = {
            "trust": snap.trust,
            "resentment": snap.resentment,
            "alert": max(snap.resentment) > STANCE.resentment_alert,
        }
        if step.cause != "negotiation":
            row["checked"] = _checked(s.steps[k - 1].state if k else None, snap, checked)
        else:
            rec = snap.history[-1]
            checked[len(snap.history) - 1] = step.negotiation_id
            row |= {"id": step.negotiation_id, "day": step.held_on, "rec": rec}
            row["terms"] = s.terms.get(step.negotiation_id or 0)
            row["agreed"] = s.agreed.get(step.negotiation_id or 0)
        steps.append(row)
    held = [
        {
            "info": n,
            "kind": kind_of(n.strategies, n.kind),
            "debrief": n.kind == "engine" and not n.open,
        }
        for n in s.negotiations
    ]
    return render(
        request,
        "ledger/counterparty.html",
        status,
        s=s,
        h=s.health,
        name=s.health.name,
        url=_url(s.health.name),
        steps=steps,
        held=held,
        due=[Due(s.health.name, c, urgency(c, today)) for c in s.conditions],
        chart=relationship_chart(s),
        alert=STANCE.resentment_alert,
        form=deal_form(ws, plan, given, [s.terms[k] for k in sorted(s.terms)]),
        form_error=None
        if form_error is None
        else {"field": form_error.field, "text": form_error.describe()},
        recorded=recorded,
        resolved=resolved,
    )


def _checked(
    before: RelationshipState | None, after: RelationshipState, ids: dict[int, int | None]
) -> int | None:
    """The id of the negotiation whose condition was checked between two states."""
    from accord.relationship.state import condition_checked

    k = condition_checked(before, after)
    return None if k is None else ids.get(k)


@router.get("/ledger/{name:path}", response_class=HTMLResponse)
def counterparty_page(
    request: Request,
    ws: Ws,
    name: str,
    plan: str | None = None,
    recorded: int | None = None,
    resolved: int | None = None,
) -> HTMLResponse:
    return _counterparty(request, ws, name, plan, recorded=recorded, resolved=resolved)


# the JSON API ----------------------------------------------------------------------------------


class ResolveIn(BaseModel):
    met: bool = Field(description="Whether the condition was met (honoured) or not (broken).")


@router.get("/api/ledger")
def api_ledger(ws: Ws) -> list[dict[str, Any]]:
    """Every counterparty's health, as `accord ledger --json` prints it."""
    from accord.store import ledger as repo

    return [h.to_json() for h in repo.health(ws.store)]


@router.get("/api/ledger/export")
def api_export(ws: Ws) -> Response:
    """The whole store as `accord ledger export FILE.json` writes it."""
    return Response(backup_text(ws), media_type="application/json")


@router.post("/api/ledger/import")
async def api_import(request: Request, ws: Ws) -> dict[str, Any]:
    """A backup written by `accord ledger export` (the JSON as the request body, or a
    multipart upload in field `file`), validated whole, stored all or nothing."""
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    source = "the request body"
    if kind == "multipart/form-data":
        upload = (await request.form()).get("file")
        if not isinstance(upload, Uploaded):
            raise InputError("no file", field="file", expected="the backup JSON in field 'file'")
        source = upload.filename or "the upload"
        data = await upload.read()
    else:
        data = await request.body()
    added = await run_in_threadpool(import_backup, ws, data, source)
    return {"imported": added}


@router.post("/api/ledger/conditions/{negotiation_id}/resolve")
def api_resolve(ws: Ws, negotiation_id: NegotiationId, given: ResolveIn) -> dict[str, Any]:
    """Check the open condition of negotiation `negotiation_id`'s deal (`ledger resolve`)."""
    return resolve_condition(ws, negotiation_id, given.met)


@router.post("/api/ledger/counterparties/{name:path}/deals", status_code=201)
def api_record(ws: Ws, name: str, deal: DealIn) -> dict[str, Any]:
    """Record a real deal with `name` by its terms (`ledger record --plan --terms`)."""
    try:
        done = record_deal(ws, name, deal)
    except InputError as e:
        raise _field(e) from None
    return done.to_json(ws)


@router.get("/api/ledger/counterparties/{name:path}")
def api_counterparty(ws: Ws, name: str) -> dict[str, Any]:
    """One relationship, as `accord ledger show NAME --json` prints it."""
    return shown(ws, name).to_json()


# The first paths, `/api/ledger/NAME` and `/api/ledger/NAME/deals`, kept for scripts
# written against them (out of the schema: a counterparty called "export" or "import"
# is not reachable there; the paths above always are).
router.add_api_route(
    "/api/ledger/{name:path}/deals",
    api_record,
    methods=["POST"],
    status_code=201,
    include_in_schema=False,
)
router.add_api_route(
    "/api/ledger/{name:path}", api_counterparty, methods=["GET"], include_in_schema=False
)
