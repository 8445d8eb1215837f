"""The outcome-space chart: valid SVG, the frontier whole, the cloud bounded, terms on hover."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from accord.formats import load_scenario
from accord.model.scenario import Scenario
from accord.model.units import show_terms
from accord.web.chart import MAX_POINTS, analysed, outcome_chart
from accord.web.workspace import shipped_folder

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def circles(root: ET.Element, group: str) -> list[ET.Element]:
    found = [g for g in root.iter(f"{SVG}g") if g.get("class") == group]
    return [c for g in found for c in g.iter(f"{SVG}circle")]


def title(e: ET.Element) -> str:
    t = e.find(f"{SVG}title")
    assert t is not None and t.text
    return t.text


def scenario_file(tmp: Path, *, name: str = "Grid", sizes: tuple[int, int] = (10, 10)) -> Path:
    """A scenario of sizes[0] prices x sizes[1] volumes x 10 colours."""
    text = f"""
name: '{name}'
issues:
  - {{name: price, type: integer, low: 0, high: {sizes[0] - 1}, unit: "$/unit"}}
  - {{name: volume, type: integer, low: 0, high: {sizes[1] - 1}, unit: units}}
  - {{name: colour, type: categorical, values: [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9]}}
parties:
  A:
    name: 'Seller <b>&amp;</b>'
    weights: {{price: 0.5, volume: 0.3, colour: 0.2}}
    values:
      price: {{linear: high}}
      volume: {{linear: high}}
      colour: {{c0: 0, c1: 0.1, c2: 0.2, c3: 0.3, c4: 0.4, c5: 0.5, c6: 0.6, c7: 0.7,
               c8: 0.8, c9: 0.9}}
    batna: 0.3
  B:
    name: Buyer
    weights: {{price: 0.6, volume: 0.1, colour: 0.3}}
    values:
      price: {{linear: low}}
      volume: {{peak: {sizes[1] // 2}}}
      colour: {{c0: 0.9, c1: 0.1, c2: 0.5, c3: 0.3, c4: 0.4, c5: 0.5, c6: 0.1, c7: 0.7,
               c8: 0.2, c9: 0}}
    batna: 0.25
"""
    path = tmp / "grid.yaml"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def dealer() -> Scenario:
    return load_scenario(shipped_folder() / "dealer_rebate.yaml")


def test_svg_parses_and_names_itself(dealer: Scenario) -> None:
    root = parse(outcome_chart(dealer))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    label = root.get("aria-label") or ""
    assert dealer.name in label and "Nash" in label
    assert title(root) == label
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert f"utility of A: {dealer.a.name}" in texts and f"utility of B: {dealer.b.name}" in texts
    for word in ("Pareto frontier", "Nash", "Kalai-Smorodinsky", "max welfare", "BATNA", "ZOPA"):
        assert word in texts


def test_frontier_is_kept_whole_with_its_terms(dealer: Scenario) -> None:
    a = analysed(dealer)
    root = parse(outcome_chart(dealer, a, max_points=50))
    front = circles(root, "frontier")
    assert len(front) == len(a.frontier) < 50
    issues = dealer.space.issues
    for c, digits in zip(front, a.frontier_digits, strict=True):
        assert title(c).startswith(show_terms(issues, dealer.space.named(digits)))
    line = next(e for e in root.iter(f"{SVG}polyline") if e.get("class") == "frontier-line")
    assert len((line.get("points") or "").split()) == len(a.frontier)


def test_named_points_show_terms_and_both_utilities(dealer: Scenario) -> None:
    a = analysed(dealer)
    root = parse(outcome_chart(dealer, a))
    tips = [title(c) for c in circles(root, "points")]
    assert a.nash is not None
    nash = next(t for t in tips if "Nash" in t)
    assert show_terms(dealer.space.issues, a.nash.outcome) in nash
    assert f"{a.nash.utilities[0]:.3f}" in nash and f"{a.nash.utilities[1]:.3f}" in nash


def test_cloud_is_thinned_and_fast_on_a_large_space(tmp_path: Path) -> None:
    s = load_scenario(scenario_file(tmp_path, sizes=(100, 100)))  # 10^5 outcomes
    assert s.space.n_outcomes == 100_000
    a = analysed(s)
    start = time.perf_counter()
    svg = outcome_chart(s, a)
    took = time.perf_counter() - start
    root = parse(svg)
    cloud, front = circles(root, "cloud"), circles(root, "frontier")
    assert len(front) == len(a.frontier)
    assert len(cloud) + len(front) <= MAX_POINTS and len(cloud) > MAX_POINTS // 2
    assert "$" in title(cloud[0]) and "units" in title(cloud[0])
    assert took < 2.0, took
    start = time.perf_counter()
    again = outcome_chart(s, a, offers=[("A", 5, "round 1")])
    assert time.perf_counter() - start < 0.05  # the scenario's drawing is kept
    assert str(svg)[:200] == str(again)[:200]


def test_a_space_too_large_to_enumerate_is_sampled(tmp_path: Path) -> None:
    s = load_scenario(scenario_file(tmp_path, sizes=(1000, 300)))  # 3 * 10^6 outcomes
    root = parse(outcome_chart(s, max_points=300))
    assert len(circles(root, "cloud")) + len(circles(root, "frontier")) <= 300


def test_offers_and_deal_are_drawn_with_their_labels(dealer: Scenario) -> None:
    offers = [("A", 0, "round 1: A opens"), ("B", 10, "round 1: B"), ("A", 20, "round 2: A")]
    root = parse(outcome_chart(dealer, offers=offers, deal=20))
    a_marks, b_marks = circles(root, "offers-A"), circles(root, "offers-B")
    assert len(a_marks) == 2 and len(b_marks) == 1
    assert title(a_marks[0]).startswith("round 1: A opens: ")
    assert show_terms(dealer.space.issues, dealer.space.outcome(20)) in title(a_marks[1])
    (deal,) = circles(root, "deal")
    assert title(deal).startswith("deal: ")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "A's offers" in texts and "B's offers" in texts and "the deal" in texts
    assert "A's offers" not in " ".join(t.text or "" for t in parse(outcome_chart(dealer)).iter())


def test_names_are_escaped(tmp_path: Path) -> None:
    s = load_scenario(scenario_file(tmp_path, name="<script>alert(1)</script>"))
    svg = str(outcome_chart(s))
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert "<script>alert(1)</script>" in (root.get("aria-label") or "")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "utility of A: Seller <b>&amp;</b>" in texts


def test_no_zopa_draws_no_zone(tmp_path: Path) -> None:
    path = scenario_file(tmp_path)
    path.write_text(path.read_text().replace("batna: 0.3", "batna: 0.95"))
    s = load_scenario(path)
    root = parse(outcome_chart(s))
    assert not [e for e in root.iter(f"{SVG}polygon") if e.get("class") == "zopa"]
    assert "no ZOPA" in (root.get("aria-label") or "")


def test_a_frontier_longer_than_the_bound_is_spread_evenly(dealer: Scenario) -> None:
    a = analysed(dealer)
    root = parse(outcome_chart(dealer, a, max_points=10))
    front = circles(root, "frontier")
    assert len(front) == 10 and len(circles(root, "cloud")) == 0
    first, last = (
        show_terms(dealer.space.issues, dealer.space.named(d)) for d in a.frontier_digits[[0, -1]]
    )
    assert title(front[0]).startswith(first) and title(front[-1]).startswith(last)
