"""Plans (P1): the six elements and the numbers as a form, with the derived packages live.

A plan is a file, `folder/plans/NAME.plan.yaml`, as on the command line, whose
`scenario:` is the absolute path of one of the person's scenarios, so
`accord.plan.load_plan` and `CoachSession.start(store, path)` read it unchanged;
every save also appends a version in the store (`accord.store.plans`). The
shipped example plans are listed too and open as any plan; saving one keeps the
person's own copy under the same name.

What the page shows beside the form (the opening, target, fair deal and
walk-away, the concession schedule as packages of terms, the warnings) is
`accord.plan.derive.check_plan`, as `accord plan check` shows it. Saving
validates first and refuses a plan whose numbers break a principle outright (a
walk-away below the BATNA, a target below the walk-away); nothing is written
then.

For other modules: `plan_path(ws, name)` is the file of a plan, and
`default_plan(ws, scenario, side)` writes (once) a plan from the template, so a
practice can start before the person writes one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from accord.errors import InputError
from accord.formats.strict_yaml import parse_yaml, yaml_problem
from accord.model.issues import Role
from accord.plan.core import TACTICS
from accord.plan.derive import PlanReport, check_plan
from accord.plan.schema import PlanSpec, build_plan
from accord.plan.template import template
from accord.store.plans import plan_versions, save_plan
from accord.validation import input_error
from accord.web import guard, plan_form, plan_view
from accord.web.pages import is_htmx, render
from accord.web.workspace import ScenarioFile, Workspace, check_name, shipped_folder

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]

SUFFIX = ".plan.yaml"
#: Names the pages use for themselves (`/plans/new`).
RESERVED = ("new", "check")
#: The warnings that stop a save, and the field each is about.
REFUSED = {"walk_away_below_batna": "walk_away", "target_below_walk_away": "target"}
MAX_YAML = 200_000


@dataclass(frozen=True)
class PlanFile:
    """A plan the person can open: its name, its file, whether it shipped with accord."""

    name: str
    path: Path
    shipped: bool


def plan_files(ws: Workspace) -> list[PlanFile]:
    """The shipped example plans (unless the person has their own of that name), then
    the person's own, each by name."""
    own = {}
    if ws.plan_folder.is_dir():
        own = {p.name.removesuffix(SUFFIX): p for p in sorted(ws.plan_folder.glob("*" + SUFFIX))}
    shipped = [
        PlanFile(p.name.removesuffix(SUFFIX), p, True)
        for p in sorted(shipped_folder().glob("*" + SUFFIX))
        if p.name.removesuffix(SUFFIX) not in own
    ]
    return shipped + [PlanFile(n, p, False) for n, p in own.items()]


def plan_file(ws: Workspace, name: str) -> PlanFile:
    """The plan called `name`, or an InputError listing the plans there are."""
    for f in plan_files(ws):
        if f.name == name:
            return f
    known = ", ".join(f.name for f in plan_files(ws)) or "none yet"
    raise InputError(f"no plan '{name}'", field="plan", expected=f"one of: {known}")


def plan_path(ws: Workspace, name: str) -> Path:
    """The file of the plan called `name` (the person's own, else a shipped example),
    for `CoachSession.start(ws.store, path, ...)`; an InputError if there is none."""
    return plan_file(ws, name).path


def default_plan(ws: Workspace, scenario_name: str, side: str = "A") -> Path:
    """The file of the plan `SCENARIO practice SIDE`, written from the template the
    first time (`accord plan new`: the scenario's BATNA, the target and opening
    derived, their preferences unknown, every tactic allowed, our add-ons kept for
    the close) and saved as a version, so practice can start without a plan
    written first. A plan of that name the person has edited is kept as it is."""
    found = ws.scenario_file(scenario_name)
    if side.strip().upper() not in ("A", "B"):
        raise InputError(f"side '{side}'", field="side", expected="A or B")
    role: Role = "B" if side.strip().upper() == "B" else "A"
    name = check_name(f"{found.name[:68].strip()} practice {role}", "plan")
    path = ws.plan_folder / f"{name}{SUFFIX}"
    with ws.lock:
        if not path.exists():
            ref = str(found.path.absolute())
            text = template(ws.scenario(found.name), ref, role, {"name": name})
            _write(path, text)
            save_plan(ws.store, name, parse_yaml(text))
    return path


# Reading, checking and saving -----------------------------------------------------


def read_body(ws: Workspace, f: PlanFile) -> dict[str, Any]:
    """The plan file's mapping, its `scenario:` made the absolute path of the scenario."""
    try:
        data = parse_yaml(f.path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        problem = yaml_problem(e) if not isinstance(e, OSError) else "cannot read the file"
        raise InputError(problem, source=f.path.name) from None
    if not isinstance(data, dict):
        raise InputError("the file is not a YAML mapping", source=f.path.name)
    return located(ws, data, f.path.parent)


def located(ws: Workspace, body: dict[str, Any], base: Path | None = None) -> dict[str, Any]:
    """`body` with its scenario the absolute path of one of the person's scenarios,
    named by its name, its file name, or its path (relative to `base`, the plan's
    folder); any other file is refused, so a plan never reads outside the workspace."""
    ref = body.get("scenario")
    if not isinstance(ref, str) or not ref.strip():
        names = ", ".join(s.name for s in ws.scenarios())
        raise InputError("a plan here is for a scenario", field="scenario", expected=names)
    return {**body, "scenario": str(scenario_for(ws, ref, base).path.absolute())}


def scenario_for(ws: Workspace, ref: str, base: Path | None = None) -> ScenarioFile:
    """The person's scenario a plan's `scenario:` names (see `located`)."""
    ref = ref.strip()
    wanted = {Path(ref).resolve()} if Path(ref).is_absolute() else set()
    if base is not None and not Path(ref).is_absolute():
        wanted.add((base / ref).resolve())
    for s in ws.scenarios():
        if ref in (s.name, s.path.name) or s.path.resolve() in wanted:
            return s
    names = ", ".join(s.name for s in ws.scenarios())
    raise InputError(f"no scenario '{ref}'", field="scenario", expected=f"one of: {names}")


def derive(body: dict[str, Any], source: str) -> PlanReport:
    """Validate and build the plan `body` (scenario already `located`) and derive its
    numbers, as `accord plan check` does; every problem is an InputError on `source`."""
    try:
        spec = PlanSpec.model_validate(body)
    except ValidationError as e:
        raise input_error(e, source, body) from None
    try:
        plan = build_plan(spec, Path("."), source)
    except InputError as e:
        raise e.located(source) from None
    return check_plan(plan)


def refuse_broken(report: PlanReport, source: str) -> None:
    """An InputError for the first warning that breaks a principle outright."""
    for w in report.warnings:
        if w.severity == "error":
            field = REFUSED.get(w.code)
            expected = {
                "walk_away": f"at least the BATNA's utility ({report.batna:.3f})",
                "target": f"at least the walk-away ({report.walk_away:.3f})",
            }.get(field or "")
            raise InputError(w.message, source=source, field=field, expected=expected)


def save(ws: Workspace, name: str, body: dict[str, Any], original: str | None) -> PlanReport:
    """Validate `body` and save it as plan `name`: the file and a new version in the
    store. A name taken by another plan is refused unless it is `original` (the plan
    being edited). Nothing is written when anything is wrong."""
    name = check_name(name, "plan")
    if name.lower() in RESERVED:
        raise InputError(f"'{name}' is a word the pages use", field="name", expected="another name")
    body = located(ws, {**body, "name": name})
    source = f"{name}{SUFFIX}"
    report = derive(body, source)
    refuse_broken(report, source)
    try:
        stored = json.loads(json.dumps(body, default=str, allow_nan=False))
    except ValueError:
        raise InputError(
            "a number is infinite or not a number", source=source, expected="finite numbers"
        ) from None
    with ws.lock:
        taken = any(f.name == name for f in plan_files(ws))
        if taken and name != original:
            raise InputError(
                f"a plan called '{name}' exists",
                field="name",
                expected="another name, or open that plan to change it",
            )
        _write(ws.plan_folder / source, dump(stored))
        save_plan(ws.store, name, stored)
    return report


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a block (`|`), as a person writes it."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def dump(body: dict[str, Any], note: str = "") -> str:
    """A plan body as the YAML file `accord plan check` reads."""
    head = "# Preparation plan (P1), saved by accord's web app. Check it with:\n"
    head += "#   accord plan check THIS_FILE\n" + (f"# {note}\n" if note else "")
    return head + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def download_text(ws: Workspace, f: PlanFile) -> str:
    """The plan as a person downloads it: its scenario named by file name, to sit beside it."""
    body = read_body(ws, f)
    scenario = scenario_for(ws, body["scenario"])
    note = f"The scenario ({scenario.path.name}) is expected in the same folder."
    return dump({**body, "scenario": scenario.path.name}, note)


# Listing ---------------------------------------------------------------------------


def listing(ws: Workspace) -> list[dict[str, Any]]:
    """Each plan: name, scenario, side, when it was last saved (None for examples)."""
    out = []
    for f in plan_files(ws):
        row: dict[str, Any] = {"name": f.name, "shipped": f.shipped, "scenario": None}
        try:
            body = read_body(ws, f)
            row["scenario"] = scenario_for(ws, body["scenario"]).name
            row["side"] = str(body.get("side", "A"))
        except InputError as e:
            row["problem"] = e.describe()
        stamp = dt.datetime.fromtimestamp(f.path.stat().st_mtime, dt.UTC)
        row["saved"] = None if f.shipped else stamp.isoformat(timespec="seconds")
        out.append(row)
    return out


# Pages ----------------------------------------------------------------------------


@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request, ws: Ws) -> HTMLResponse:
    return render(
        request, "plans/list.html", plans=listing(ws), scenarios=[s.name for s in ws.scenarios()]
    )


@router.get("/plans/new", response_class=HTMLResponse)
def new_page(
    request: Request, ws: Ws, scenario: str = "", side: Annotated[str, Query()] = "A"
) -> HTMLResponse:
    if not scenario:
        return render(request, "plans/choose.html", scenarios=[s.name for s in ws.scenarios()])
    found = ws.scenario_file(scenario)
    role: Role = "B" if side.strip().upper() == "B" else "A"
    name = _free_name(ws, f"{found.name[:70].strip()} plan")
    text = template(ws.scenario(found.name), str(found.path.absolute()), role, {"name": name})
    state = plan_form.state_of(parse_yaml(text), name)
    return _form_page(request, ws, state, found.name, original=None)


@router.get("/plans/{name}", response_class=HTMLResponse)
def plan_page(request: Request, ws: Ws, name: str, saved: int = 0) -> HTMLResponse:
    f = plan_file(ws, name)
    body = read_body(ws, f)
    state = plan_form.state_of(body, f.name)
    scenario = scenario_for(ws, body["scenario"]).name
    return _form_page(request, ws, state, scenario, original=f.name, saved=bool(saved))


@router.get("/plans/{name}/yaml")
def plan_yaml(ws: Ws, name: str) -> Response:
    return _yaml_response(ws, plan_file(ws, name))


@router.post("/plans/check", response_class=HTMLResponse)
async def check_form(request: Request, ws: Ws) -> HTMLResponse:
    """The derived panel for the form as typed (nothing is saved); without HTMX, the page."""
    state, scenario, original = await _posted(request)
    if not is_htmx(request):
        return await run_in_threadpool(_form_page, request, ws, state, scenario, original)
    panel = await run_in_threadpool(_panel, ws, state, scenario)
    return render(request, "plans/_derived.html", status=200 if panel["d"] else 422, **panel)


@router.post("/plans", response_model=None)
async def save_form(request: Request, ws: Ws) -> Response:
    state, scenario, original = await _posted(request)
    try:
        await run_in_threadpool(_save_state, ws, state, scenario, original)
    except InputError as e:
        return _form_page(request, ws, state, scenario, original, failed=e)
    url = f"/plans/{_quote(state.get('name').strip())}?saved=1"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


async def _posted(request: Request) -> tuple[plan_form.FormState, str, str | None]:
    form = await request.form()
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    tactics = [str(t) for t in form.getlist("bargain.tactics")]
    keep = [str(k) for k in form.getlist("keep_for_close")]
    state = plan_form.read_form(fields, tactics, keep)
    return state, fields.get("scenario", ""), fields.get("original") or None


def _save_state(
    ws: Workspace, state: plan_form.FormState, scenario: str, original: str | None
) -> None:
    found = ws.scenario_file(scenario)
    body = plan_form.body_of(state, str(found.path.absolute()), ws.scenario(found.name))
    save(ws, state.get("name"), body, original)


def _panel(ws: Workspace, state: plan_form.FormState, scenario: str) -> dict[str, Any]:
    """The derived panel's context: the view, or the problem and the control it is about."""
    found = ws.scenario_file(scenario)
    loaded = ws.scenario(found.name)
    name = state.get("name").strip() or "plan"
    try:
        body = plan_form.body_of(state, str(found.path.absolute()), loaded)
        report = derive({**body, "name": name}, f"{name}{SUFFIX}")
    except InputError as e:
        control = plan_form.control_for(e.field, plan_form.controls(loaded))
        return {"d": None, "problem": e.describe(), "problem_control": control}
    return {"d": plan_view.view(report), "problem": None, "problem_control": None}


def _form_page(
    request: Request,
    ws: Workspace,
    state: plan_form.FormState,
    scenario: str,
    original: str | None,
    saved: bool = False,
    failed: InputError | None = None,
) -> HTMLResponse:
    found = ws.scenario_file(scenario)
    loaded = ws.scenario(found.name)
    panel = _panel(ws, state, found.name)
    control = (
        None if failed is None else plan_form.control_for(failed.field, plan_form.controls(loaded))
    )
    versions = len(plan_versions(ws.store, original)) if original else 0
    return render(
        request,
        "plans/form.html",
        status=422 if failed else 200,
        state=state,
        scenario=loaded,
        scenario_name=found.name,
        original=original,
        saved=saved,
        versions=versions,
        shipped=original is not None and plan_file(ws, original).shipped,
        error=None if failed is None else failed.describe(),
        error_control=control,
        elements=plan_form.elements(),
        stance=plan_form.stance_fields(),
        sources=plan_form.SOURCES,
        tactics=TACTICS,
        addons=[(i.name, i.giver) for i in loaded.space.issues if i.kind == "addon"],
        quote=_quote,
        **panel,
    )


def _free_name(ws: Workspace, base: str) -> str:
    taken = {f.name for f in plan_files(ws)}
    name, k = base, 2
    while name in taken:
        name, k = f"{base} {k}", k + 1
    return name


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _yaml_response(ws: Workspace, f: PlanFile) -> Response:
    return Response(
        download_text(ws, f),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{f.name}{SUFFIX}"'},
    )


# The JSON API ---------------------------------------------------------------------


class PlanIn(BaseModel):
    """A plan to save or check: `plan` (the file's mapping; `scenario` by name, here or
    in it) or `yaml` (the file's text)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = ""
    scenario: str | None = None
    plan: dict[str, Any] | None = None
    text: str | None = Field(default=None, alias="yaml", max_length=MAX_YAML)


def _body_in(given: PlanIn) -> tuple[str, dict[str, Any]]:
    if (given.plan is None) == (given.text is None):
        raise InputError("give either 'plan' or 'yaml'", field="plan", expected="one of the two")
    if given.text is not None:
        try:
            data = parse_yaml(given.text)
        except yaml.YAMLError as e:
            raise InputError(yaml_problem(e), field="yaml", expected="a plan's YAML") from None
        if not isinstance(data, dict):
            raise InputError("not a YAML mapping", field="yaml", expected="a plan's YAML")
    else:
        data = dict(given.plan or {})
    if given.scenario is not None:
        data["scenario"] = given.scenario
    name = given.name or str(data.get("name") or "")
    return name, data


@router.get("/api/plans")
def api_plans(ws: Ws) -> list[dict[str, Any]]:
    return listing(ws)


@router.post("/api/plans/check")
def api_check(ws: Ws, given: PlanIn) -> dict[str, Any]:
    """The plan's derived numbers, packages and warnings; nothing is saved."""
    name, body = _body_in(given)
    body = located(ws, body)
    return plan_view.report_json(
        derive({**body, "name": name or "plan"}, f"{name or 'plan'}{SUFFIX}")
    )


@router.post("/api/plans", status_code=201)
def api_save(ws: Ws, given: PlanIn) -> JSONResponse:
    name, body = _body_in(given)
    if not name:
        raise InputError("a plan needs a name", field="name", expected="a name")
    report = save(ws, name, body, original=check_name(name, "plan"))
    return JSONResponse(_plan_json(ws, plan_file(ws, check_name(name, "plan")), report), 201)


@router.get("/api/plans/{name}")
def api_plan(ws: Ws, name: str) -> dict[str, Any]:
    f = plan_file(ws, name)
    return _plan_json(ws, f)


@router.get("/api/plans/{name}/yaml")
def api_plan_yaml(ws: Ws, name: str) -> Response:
    return _yaml_response(ws, plan_file(ws, name))


def _plan_json(ws: Workspace, f: PlanFile, report: PlanReport | None = None) -> dict[str, Any]:
    body = read_body(ws, f)
    if report is None:
        report = derive(body, f.path.name)
    return {
        "name": f.name,
        "shipped": f.shipped,
        "scenario": scenario_for(ws, body["scenario"]).name,
        "versions": len(plan_versions(ws.store, f.name)),
        "plan": body,
        "report": plan_view.report_json(report),
        "negotiate": f"/negotiations/new?plan={_quote(f.name)}",
    }
