"""Analysis of a scenario: what `accord analyze` shows, with the outcome space drawn.

`/scenarios/{name}/analysis` shows the chart (`accord.web.chart.outcome_chart`:
hovering a point shows its terms), the bargaining points (Nash,
Kalai-Smorodinsky, max welfare) as packages of terms with both utilities, the
ZOPA, and the logrolling and value-adding tables. `GET /api/scenarios/{name}/analysis`
is `accord analyze --json`: `ScenarioAnalysis.to_json()`. Both read the same
`accord.analysis.report.analyse(scenario, seed=...)`, kept per scenario file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from accord.model.units import show_terms, show_value
from accord.web import guard
from accord.web.chart import analysed, outcome_chart
from accord.web.pages import render
from accord.web.workspace import Workspace

if TYPE_CHECKING:
    from accord.analysis.report import ScenarioAnalysis

router = APIRouter()
Ws = Annotated[Workspace, Depends(guard.workspace)]
Seed = Annotated[int, Query(ge=0, description="Seed for sampling very large spaces.")]


@router.get("/scenarios/{name}/analysis", response_class=HTMLResponse)
def analysis_page(request: Request, ws: Ws, name: str, seed: Seed = 0) -> HTMLResponse:
    found = ws.scenario_file(name)
    scenario = ws.scenario(name)
    a = analysed(scenario, seed)
    return render(
        request,
        "analysis/page.html",
        file=found,
        scenario=scenario,
        chart=outcome_chart(scenario, a, seed=seed),
        frontier_size=len(a.frontier),
        points=_points(a),
        zopa=a.zopa,
        logrolls=_logrolls(a),
        value_adds=_value_adds(a),
    )


@router.get("/api/scenarios/{name}/analysis")
def api_analysis(ws: Ws, name: str, seed: Seed = 0) -> dict[str, Any]:
    """The analysis as `accord analyze --json` prints it: frontier, points, ZOPA, trades."""
    return analysed(ws.scenario(name), seed).to_json()


def _points(a: ScenarioAnalysis) -> list[dict[str, Any]]:
    issues = a.scenario.space.issues
    out = []
    for label, p in (
        ("Nash", a.nash),
        ("Kalai-Smorodinsky", a.kalai_smorodinsky),
        ("max welfare", a.max_welfare),
    ):
        out.append(
            {
                "label": label,
                "utilities": p.utilities if p else None,
                "terms": [(i.name, show_value(i, p.outcome[i.name])) for i in issues]
                if p
                else None,
            }
        )
    return out


def _logrolls(a: ScenarioAnalysis) -> list[dict[str, Any]]:
    issues = a.scenario.space.issues
    return [
        {
            "a_gets": r.a_gets,
            "b_gets": r.b_gets,
            "terms": show_terms(issues, r.terms),
            "gain_a": r.gain_a,
            "gain_b": r.gain_b,
        }
        for r in a.logrolls
    ]


def _value_adds(a: ScenarioAnalysis) -> list[dict[str, Any]]:
    """Per side that can give, its value-adding moves (P8, P11) with units."""
    s = a.scenario
    out = []
    for role, adds in a.value_adds.items():
        if not adds:
            continue
        giver, other = (s.a, s.b) if role == "A" else (s.b, s.a)
        rows = []
        for v in adds:
            issue = s.space.issues[s.space.issue_index(v.issue)]
            rows.append(
                {
                    "issue": v.issue + (" (add-on)" if v.is_addon else ""),
                    "move": f"{show_value(issue, v.from_value)} → {show_value(issue, v.to_value)}",
                    "cost": v.cost,
                    "value": v.value,
                    "net": v.net,
                }
            )
        out.append({"giver": giver.name, "receiver": other.name, "rows": rows})
    return out
