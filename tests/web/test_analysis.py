"""The analysis page and API: the figures of `accord analyze`, the chart, terms with units."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

import pytest
from tests.web.conftest import Client

from accord.analysis.report import analyse
from accord.formats import load_scenario
from accord.model.units import show_value
from accord.web.workspace import shipped_folder

DEALER = shipped_folder() / "dealer_rebate.yaml"


def svg_of(page: str) -> ET.Element:
    start, end = page.index("<svg"), page.index("</svg>") + len("</svg>")
    return ET.fromstring(page[start:end])


def test_page_shows_chart_points_zopa_and_trades(client: Client) -> None:
    r = client.get("/scenarios/dealer_rebate/analysis")
    assert r.status_code == 200
    page = html.unescape(re.sub(r"<[^>]+>", "", r.text))
    a = analyse(load_scenario(DEALER))
    svg = svg_of(r.text)
    assert svg.get("role") == "img" and "Dealer rebate renewal" in (svg.get("aria-label") or "")
    assert a.nash is not None and a.kalai_smorodinsky is not None
    for p in (a.nash, a.kalai_smorodinsky):
        assert f"{p.utilities[0]:.3f}" in page and f"{p.utilities[1]:.3f}" in page
    issues = {i.name: i for i in a.scenario.space.issues}
    nash_terms = [f"{k}: {show_value(issues[k], v)}" for k, v in a.nash.outcome.items()]
    assert all(t in page for t in nash_terms) and "payment_days: 45 days" in page
    z = a.zopa
    assert f"ZOPA: {z.n_outcomes:,} outcomes ({z.fraction:.1%} of the space)" in page
    assert "Logrolling" in page and f"{a.logrolls[0].gain_a:+.3f}" in page
    assert "Value-adding moves Manufacturer can offer Dealer" in page
    assert "1% → 2%" in page and "no → yes" in page
    for href in ("/plans/new?scenario=dealer_rebate", "/negotiations/new?scenario=dealer_rebate"):
        assert f'href="{href}"' in r.text


def test_api_is_analyze_json(client: Client) -> None:
    r = client.get("/api/scenarios/dealer_rebate/analysis")
    assert r.status_code == 200
    expected = json.loads(json.dumps(analyse(load_scenario(DEALER)).to_json()))
    assert r.json() == expected
    seeded = client.get("/api/scenarios/saas_renewal/analysis?seed=3").json()
    assert seeded["scenario"] == load_scenario(shipped_folder() / "saas_renewal.yaml").name


@pytest.mark.parametrize(
    "url", ["/api/scenarios/nope/analysis", "/api/scenarios/dealer_rebate/analysis?seed=-1"]
)
def test_api_bad_requests(client: Client, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 400 and r.json()["error"]["message"]


def test_unknown_scenario_page(client: Client) -> None:
    r = client.get("/scenarios/nope/analysis")
    assert r.status_code == 422 and "no scenario" in html.unescape(r.text)


def upload_text(client: Client, name: str, text: str) -> None:
    r = client.post("/api/scenarios", json={"name": name, "yaml": text})
    assert r.status_code == 201, r.text


def test_no_zopa_is_said(client: Client) -> None:
    text = DEALER.read_text().replace("utility: 0.30", "utility: 0.95")
    text = text.replace("aspiration: 0.80", "aspiration: 0.97")
    upload_text(client, "hopeless", text)
    page = html.unescape(client.get("/scenarios/hopeless/analysis").text)
    assert "No ZOPA" in page and "no outcome is at least as good as both BATNAs" in page
    assert "no ZOPA" in (
        svg_of(client.get("/scenarios/hopeless/analysis").text).get("aria-label") or ""
    )


def test_names_are_escaped(client: Client) -> None:
    text = DEALER.read_text().replace("name: Manufacturer", 'name: "<script>alert(1)</script>"')
    upload_text(client, "escaped", text)
    r = client.get("/scenarios/escaped/analysis")
    assert r.status_code == 200
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    svg_of(r.text)  # still well-formed
