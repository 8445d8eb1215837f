"""Scenarios: the shipped examples and the person's own; upload, build in a form, read, download.

Pages: `/scenarios` (the list and the upload form), `/scenarios/new` (the form,
`?start=NAME` to start from a scenario), `/scenarios/{name}` (issues, each
side's weights, value scores and BATNA), `/scenarios/{name}/edit`,
`/scenarios/{name}/yaml` (the file, as a download), `/scenarios/{name}/delete`.
The form re-renders itself (`/scenarios/form`: add or remove an issue, a kind
or value function changed) and checks itself as the person types
(`/scenarios/check`).

API: `GET /api/scenarios`, `POST /api/scenarios` (`{"name": ..., "yaml": ...}`),
`GET /api/scenarios/{name}` (the scenario as data: `formats.yaml_out.scenario_data`),
`GET /api/scenarios/{name}/yaml`, `DELETE /api/scenarios/{name}`.

Every new scenario goes through `scenario_files`, which loads it with
`accord.formats.load_scenario` before keeping it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from accord.errors import InputError
from accord.model.issues import ROLES
from accord.model.units import show_value
from accord.web import guard, scenario_files
from accord.web.pages import render
from accord.web.scenario_form import (
    FUNCTIONS,
    KIND_WORDS,
    MAX_TABLE,
    SOURCE,
    ScenarioForm,
    control_for,
)
from accord.web.workspace import ScenarioFile, Workspace, check_name

if TYPE_CHECKING:
    from accord.model.issues import Issue, Value
    from accord.model.scenario import Party, Scenario

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]
#: Values of an issue listed in full on its page; longer grids show their ends.
SHOWN_VALUES = 12
YAML_TYPE = "application/yaml; charset=utf-8"


# the list and uploads ----------------------------------------------------------------


@router.get("/scenarios", response_class=HTMLResponse)
def scenario_list(request: Request, ws: Ws) -> HTMLResponse:
    return _list_page(request, ws)


@router.post("/scenarios/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    ws: Ws,
    file: Annotated[UploadFile | None, File()] = None,
    name: Annotated[str, Form()] = "",
) -> Response:
    """Keep an uploaded scenario once it loads; else the list again, the error inline beside
    the file control, which takes the focus (so the page opens there)."""
    limit: int = request.app.state.settings.max_upload
    filename = (file.filename if file is not None else "") or "the upload"
    try:
        if file is None or not file.filename:
            raise InputError("no file chosen", field="file", expected="a .yaml file or a .zip")
        data = file.file.read(limit + 1)
        kept = scenario_files.add_upload(ws, filename, data, name, limit)
    except InputError as e:
        return _list_page(request, ws, upload_error=e, status=422, typed_name=name)
    return RedirectResponse(f"/scenarios/{quote(kept.name)}", status_code=303)


def _list_page(
    request: Request,
    ws: Ws,
    *,
    upload_error: InputError | None = None,
    status: int = 200,
    typed_name: str = "",
) -> HTMLResponse:
    rows = [_listed(ws, s) for s in ws.scenarios()]
    return render(
        request,
        "scenarios/list.html",
        status=status,
        shipped=[r for r in rows if r["shipped"]],
        own=[r for r in rows if not r["shipped"]],
        upload_error=upload_error.describe() if upload_error else None,
        typed_name=typed_name,
        limit=request.app.state.settings.max_upload,
    )


def _listed(ws: Workspace, s: ScenarioFile) -> dict[str, Any]:
    """A row of the list: the file's name and, when it loads, what it holds."""
    row: dict[str, Any] = {
        "name": s.name,
        "shipped": s.shipped,
        "kind": "GENIUS folder" if s.path.is_dir() else "YAML",
    }
    try:
        loaded = ws.scenario(s.name)
    except InputError as e:
        return row | {"error": e.describe()}
    return row | {
        "title": loaded.name,
        "parties": f"{loaded.a.name} (A) and {loaded.b.name} (B)",
        "issues": len(loaded.space.issues),
        "outcomes": loaded.space.n_outcomes,
    }


# the form ------------------------------------------------------------------------------------


@router.get("/scenarios/new", response_class=HTMLResponse)
def new_form(request: Request, ws: Ws, start: Annotated[str, Query()] = "") -> HTMLResponse:
    """A blank form, or one filled from the scenario `start` (to copy it)."""
    form = _form_of(ws, start) if start else ScenarioForm.blank()
    if start:
        form.name = f"{form.name} (copy)"
    return _form_page(request, form, original="")


@router.get("/scenarios/{name}/edit", response_class=HTMLResponse)
def edit_form(request: Request, ws: Ws, name: str) -> HTMLResponse:
    """The form filled from `name`; saving replaces the person's own scenario of that name
    (a shipped example is copied instead)."""
    found = ws.scenario_file(name)
    form = _form_of(ws, name)
    form.name = name if not found.shipped else f"{name} (copy)"
    return _form_page(request, form, original="" if found.shipped else name)


@router.post("/scenarios/new", response_model=None)
async def submit_form(request: Request, ws: Ws) -> Response:
    """Save (or download) the form's scenario; a shape button re-renders the form."""
    fields = await _fields(request)
    form = ScenarioForm.read(fields)
    action = fields.get("action", "save")
    original = fields.get("original", "")
    if action not in ("save", "download"):
        form.act(action)
        return await run_in_threadpool(_form_page, request, form, original=original)
    try:
        text = _yaml_of(form)
        if action == "download":
            await run_in_threadpool(scenario_files.check_yaml, text, SOURCE)
            return _yaml_download(form.name.strip() or "scenario", text)
        kept = await run_in_threadpool(
            scenario_files.add_yaml,
            ws,
            form.name,
            text,
            SOURCE,
            replace=bool(original) and form.name.strip() == original,
        )
    except InputError as e:
        return await run_in_threadpool(
            _form_page, request, form, original=original, error=e, status=422
        )
    return RedirectResponse(f"/scenarios/{quote(kept.name)}", status_code=303)


@router.post("/scenarios/form", response_class=HTMLResponse)
async def form_fragment(request: Request, ws: Ws) -> HTMLResponse:
    """The form re-rendered (HTMX): an issue added or removed, a kind or function changed."""
    fields = await _fields(request)
    form = ScenarioForm.read(fields)
    form.act(fields.get("action", ""))
    original = fields.get("original", "")
    return await run_in_threadpool(_form_page, request, form, original=original, fragment=True)


@router.post("/scenarios/check", response_class=HTMLResponse)
async def check_form(request: Request, ws: Ws) -> HTMLResponse:
    """The form's errors (or what it holds), as the person types (HTMX)."""
    form = ScenarioForm.read(await _fields(request))
    checked = await run_in_threadpool(_checked, form)
    return render(request, "scenarios/_check.html", **checked)


async def _fields(request: Request) -> dict[str, str]:
    got = await request.form()
    return {k: v for k, v in got.items() if isinstance(v, str)}


def _form_of(ws: Workspace, name: str) -> ScenarioForm:
    """The form of the scenario `name` (an InputError, as its loader words it, if it
    does not load)."""
    from accord.formats.accord_yaml import ScenarioSpec
    from accord.formats.strict_yaml import parse_yaml

    ws.scenario(name)  # a file that does not load says why, here
    spec = ScenarioSpec.model_validate(parse_yaml(scenario_files.yaml_text(ws, name)))
    form = ScenarioForm.from_spec(spec)
    form.fit()
    return form


def _yaml_of(form: ScenarioForm) -> str:
    from accord.formats.yaml_out import dump_yaml

    return dump_yaml(form.data())


def _checked(form: ScenarioForm, error: InputError | None = None) -> dict[str, Any]:
    """The form's state in words: its first error (and the control it is about), or the
    scenario it makes."""
    scenario = None
    if error is None:
        try:
            check_name(form.name, "scenario")
            scenario = scenario_files.check_yaml(_yaml_of(form), SOURCE)
        except InputError as e:
            error = e
    return {
        "check_error": error.describe() if error else None,
        "check_control": control_for(form, error.field) if error else None,
        "checked": scenario,
    }


def _form_page(
    request: Request,
    form: ScenarioForm,
    *,
    original: str,
    error: InputError | None = None,
    status: int = 200,
    fragment: bool = False,
) -> HTMLResponse:
    form.fit()
    grids = [row.grid() for row in form.issues]
    units = [_unit_issue(row.unit) for row in form.issues]
    shown = [  # every value in its unit where the form scores them one by one
        [show_value(u, v) for v in grid] if grid and len(grid) <= MAX_TABLE else []
        for u, grid in zip(units, grids, strict=True)
    ]
    return render(
        request,
        "scenarios/_form.html" if fragment else "scenarios/form.html",
        status=status,
        form=form,
        original=original,
        grids=grids,
        shown=shown,
        previews=[_preview(u, g) for u, g in zip(units, grids, strict=True)],
        numeric=[_numeric(g) for g in grids],
        kinds=KIND_WORDS,
        functions=FUNCTIONS,
        max_table=MAX_TABLE,
        roles=ROLES,
        **_checked(form, error),
    )


def _preview(unit: Issue, grid: tuple[Value, ...] | None) -> str:
    """'7 values: $84/seat, $90/seat, ..., $120/seat' (the ends of a long grid)."""
    if not grid:
        return ""
    ends = grid if len(grid) <= 8 else (*grid[:6], None, *grid[-2:])
    words = ", ".join("…" if v is None else show_value(unit, v) for v in ends)
    return f"{len(grid):,} value{'s' if len(grid) != 1 else ''}: {words}"


def _numeric(grid: tuple[Value, ...] | None) -> bool:
    return grid is not None and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in grid
    )


def _unit_issue(unit: str) -> Issue:
    from accord.model.issues import Issue

    return Issue("shown", ("x",), unit=unit)


def _yaml_download(name: str, text: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "scenario"
    return Response(
        text,
        media_type=YAML_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{safe}.yaml"'},
    )


# one scenario ----------------------------------------------------------------------------


@router.get("/scenarios/{name}", response_class=HTMLResponse)
def scenario_page(request: Request, ws: Ws, name: str) -> HTMLResponse:
    found = ws.scenario_file(name)
    s = ws.scenario(name)
    return render(
        request,
        "scenarios/view.html",
        file=found,
        scenario=s,
        issues=[_issue_view(i) for i in s.space.issues],
        sides=[_side_view(s, p) for p in s.parties],
    )


@router.get("/scenarios/{name}/yaml")
def download_yaml(ws: Ws, name: str) -> Response:
    """The scenario's YAML file (a GENIUS folder written as YAML), as a download."""
    return _yaml_download(name, scenario_files.yaml_text(ws, name))


@router.post("/scenarios/{name}/delete")
def delete_page(ws: Ws, name: str) -> Response:
    scenario_files.delete(ws, name)
    return RedirectResponse("/scenarios", status_code=303)


def _issue_view(issue: Issue) -> dict[str, Any]:
    shown = [show_value(issue, v) for v in issue.values]
    if len(shown) > SHOWN_VALUES:
        shown = [*shown[:3], "…", *shown[-2:]]
    kind: str = issue.kind if issue.kind != "addon" else f"add-on (given by {issue.giver})"
    return {"name": issue.name, "kind": kind, "n": issue.n, "shown": shown, "unit": issue.unit}


def _side_view(s: Scenario, p: Party) -> dict[str, Any]:
    """A party's weights (as percentages) and value scores per issue, with units."""
    from accord.preferences.utility import LinearAdditiveUtility

    u = p.preferences.utility
    rows = []
    if isinstance(u, LinearAdditiveUtility):
        for issue, w, table in zip(s.space.issues, u.weights.tolist(), u.tables, strict=True):
            scores = table.tolist()
            best, worst = scores.index(max(scores)), scores.index(min(scores))
            listed = (
                [(show_value(issue, v), x) for v, x in zip(issue.values, scores, strict=True)]
                if issue.n <= SHOWN_VALUES
                else []
            )
            rows.append(
                {
                    "issue": issue.name,
                    "weight": w,
                    "best": show_value(issue, issue.values[best]),
                    "worst": show_value(issue, issue.values[worst]),
                    "scores": listed,
                }
            )
    prefs = p.preferences
    return {
        "role": p.role,
        "name": p.name,
        "description": p.description,
        "rows": rows,
        "batna": prefs.reservation,
        "batna_text": prefs.batna,
        "aspiration": prefs.aspiration,
    }


# the JSON API -------------------------------------------------------------------------------


class NewScenario(BaseModel):
    """A scenario to keep: its name (the file name) and its accord YAML text."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="1-80 letters, digits, spaces, '_', '-' or '.'")
    yaml: str = Field(description="the scenario as accord YAML (docs/scenarios.md)")


@router.get("/api/scenarios")
def api_list(ws: Ws) -> list[dict[str, Any]]:
    """Every scenario: name, shipped or own, kind; and when it loads, its title, parties,
    number of issues and outcomes."""
    return [_listed(ws, s) for s in ws.scenarios()]


@router.post("/api/scenarios", status_code=201)
def api_create(request: Request, ws: Ws, body: NewScenario) -> dict[str, Any]:
    """Keep a scenario given as YAML once it loads (400 naming the field otherwise)."""
    limit: int = request.app.state.settings.max_upload
    data = body.yaml.encode()
    if len(data) > limit:
        raise scenario_files.too_big(f"{body.name}.yaml", limit)
    kept = scenario_files.add_yaml(ws, body.name, data, f"{body.name.strip()}.yaml")
    return _listed(ws, kept)


@router.get("/api/scenarios/{name}")
def api_scenario(ws: Ws, name: str) -> dict[str, Any]:
    """The scenario as data, in the shape of its YAML file (value functions as tables)."""
    from accord.formats.yaml_out import scenario_data

    found = ws.scenario_file(name)
    s = ws.scenario(name)
    return {
        "name": found.name,
        "shipped": found.shipped,
        "n_outcomes": s.space.n_outcomes,
        "scenario": scenario_data(s),
    }


@router.get("/api/scenarios/{name}/yaml")
def api_yaml(ws: Ws, name: str) -> Response:
    return Response(scenario_files.yaml_text(ws, name), media_type=YAML_TYPE)


@router.delete("/api/scenarios/{name}")
def api_delete(ws: Ws, name: str) -> JSONResponse:
    scenario_files.delete(ws, name)
    return JSONResponse({"deleted": name})
