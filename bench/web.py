"""The web app's speed on a 10^5-outcome scenario (issue 15): server time per request.

The app runs in process (FastAPI's TestClient, no network), on a fresh ledger, with
`bench/advisor.py`'s seeded random scenario (5 issues of 10 values) saved in the
workspace as YAML. Timed, each request from sent to its whole answer read:

- **move to advice**: "Follow the advice" on the negotiation page as HTMX posts it,
  with the practice opponent's reply and every panel re-rendered (the advice, the
  chart with the offers, the utilities over time): what a person waits for;
- the same move through the JSON API;
- **page renders**: the negotiation page, the analysis, the plan, the debrief, the
  ledger, the scenarios and the home page.

The first request that loads and analyses the scenario, and the first debrief of a
negotiation (it replays the advisor at each of our moves), are reported on their own:
both are kept after, while the scenario file and the ledger are unchanged. Quote the
p50 and p95; the machine is noisy.

    .venv/bin/python bench/web.py [--moves 120] [--pages 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from advisor import random_scenario

TOKEN = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def timed(call: Callable[..., Any], *args: Any, **kw: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    found = call(*args, **kw)
    return (time.perf_counter() - start) * 1000, found


def quantiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ms), "p50": statistics.median(ms), "p95": p95, "max": ordered[-1]}


def run(moves: int, pages: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from accord.formats.yaml_out import scenario_yaml
    from accord.web.app import create_app
    from accord.web.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="accord-bench-web-"))
    folder = tmp / "web" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "random.yaml").write_text(scenario_yaml(random_scenario()))
    app = create_app(Settings(data=tmp / "web", db=str(tmp / "accord.db")))
    results: dict[str, Any] = {}
    with TestClient(app) as c:
        found = TOKEN.search(c.get("/").text)
        assert found, "no CSRF token on the home page"
        htmx = {"X-CSRF-Token": found.group(1), "HX-Request": "true"}

        def start() -> int:
            body = {"scenario": "random", "against": "boulware"}
            r = c.post("/api/negotiations", json=body)
            assert r.status_code == 201, r.text
            return int(r.json()["id"])

        first, r = timed(c.get, "/scenarios/random/analysis")
        assert r.status_code == 200, r.text
        results["first analysis (load + analyse, then cached)"] = first
        via_page: list[float] = []
        via_api: list[float] = []
        played: list[int] = []
        while len(via_page) < moves or len(via_api) < moves:
            nid = start()
            played.append(nid)
            c.get(f"/negotiations/{nid}")
            page = len(via_page) < moves
            for _ in range(200):
                if page:
                    ms, r = timed(c.post, f"/negotiations/{nid}/follow", headers=htmx)
                else:
                    body = {"follow_advice": True}
                    ms, r = timed(c.post, f"/api/negotiations/{nid}/moves", json=body)
                if r.status_code != 200:
                    break  # the talks ended: "there is no advice to follow now"
                (via_page if page else via_api).append(ms)
                if not page and r.json()["state"]["ended"]:
                    break
        results["move to advice (page, HTMX)"] = quantiles(via_page[:moves])
        results["move to advice (JSON API)"] = quantiles(via_api[:moves])
        nid = played[0]
        first, r = timed(c.get, f"/negotiations/{nid}/debrief")
        assert r.status_code == 200, r.text[:300]
        results["first debrief (replays the advice, then kept)"] = first
        results["rounds of the negotiation debriefed"] = c.get(f"/api/negotiations/{nid}").json()[
            "round"
        ]
        urls = {
            "negotiation page": f"/negotiations/{nid}",
            "debrief": f"/negotiations/{nid}/debrief",
            "analysis": "/scenarios/random/analysis",
            "scenarios": "/scenarios",
            "ledger": "/ledger",
            "home": "/",
        }
        for label, url in urls.items():
            ms_list = []
            for _ in range(pages):
                ms, r = timed(c.get, url)
                assert r.status_code == 200, (url, r.status_code, r.text[:300])
                ms_list.append(ms)
            results[f"page: {label}"] = quantiles(ms_list)
        results["negotiations played"] = len(played)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=120, help="moves timed per path")
    parser.add_argument("--pages", type=int, default=30, help="renders timed per page")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args()
    results = run(args.moves, args.pages)
    machine = f"{platform.python_version()} on {platform.machine()}, {platform.system()}"
    print(f"web app on a 10^5-outcome scenario (Python {machine}); ms per request")
    print(f"{'':48} {'n':>4} {'p50':>8} {'p95':>8} {'max':>8}")
    for label, value in results.items():
        if isinstance(value, dict):
            row = f"{value['n']:>4} {value['p50']:>8.1f} {value['p95']:>8.1f} {value['max']:>8.1f}"
            print(f"{label:48} {row}")
        else:
            print(
                f"{label:48} {value:>8.1f}" if isinstance(value, float) else f"{label:48} {value}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
