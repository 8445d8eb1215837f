"""A scenario written as YAML reads back as the same scenario (examples, GENIUS folders)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from accord.formats import load_scenario
from accord.formats.strict_yaml import parse_yaml
from accord.formats.yaml_out import scenario_data, scenario_yaml
from accord.model.issues import Issue
from accord.model.scenario import Scenario
from accord.preferences.utility import LinearAdditiveUtility

DATA = Path(__file__).parents[1] / "data"
EXAMPLES = Path(str(files("accord") / "examples"))
SOURCES = [
    *sorted(p for p in EXAMPLES.glob("*.yaml") if p.name.count(".") == 1),
    *sorted((DATA / "genius").iterdir()),
]


def same(a: Scenario, b: Scenario) -> None:
    assert (a.name, a.context, a.deadline_rounds) == (b.name, b.context, b.deadline_rounds)
    assert a.space.issues == b.space.issues
    for pa, pb in zip(a.parties, b.parties, strict=True):
        assert (pa.name, pa.description) == (pb.name, pb.description)
        ua, ub = pa.preferences.utility, pb.preferences.utility
        assert isinstance(ua, LinearAdditiveUtility) and isinstance(ub, LinearAdditiveUtility)
        assert np.allclose(ua.weights, ub.weights, atol=1e-11)
        for ta, tb in zip(ua.tables, ub.tables, strict=True):
            assert np.allclose(ta, tb, atol=1e-11)
        p, q = pa.preferences, pb.preferences
        assert (p.reservation, p.aspiration, p.batna) == (q.reservation, q.aspiration, q.batna)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_round_trip(source: Path, tmp_path: Path) -> None:
    original = load_scenario(source)
    path = tmp_path / "again.yaml"
    path.write_text(scenario_yaml(original))
    same(original, load_scenario(path))


def test_grids_stay_grids_and_text_that_looks_like_data_is_quoted(tmp_path: Path) -> None:
    dealer = load_scenario(EXAMPLES / "dealer_rebate.yaml")
    issues = {i["name"]: i for i in scenario_data(dealer)["issues"]}
    assert issues["rebate"] == {
        "name": "rebate",
        "type": "real",
        "low": 1.0,
        "high": 2.0,
        "step": 0.25,
        "unit": "% of annual sales",
    }
    assert issues["term_years"]["step"] == 1 and issues["co_marketing"]["giver"] == "A"
    assert "unit" not in issues["co_marketing"]
    odd = Issue.categorical("answer", ["yes", "no", "1.10", "on"])
    text = scenario_yaml(_with_issue(dealer, odd))
    answer = next(i for i in parse_yaml(text)["issues"] if i["name"] == "answer")
    assert answer["values"] == ["yes", "no", "1.10", "on"]
    path = tmp_path / "odd.yaml"
    path.write_text(text)
    assert load_scenario(path).space.issues[-1] == odd


def test_a_grid_that_cannot_be_rebuilt_is_written_as_its_values() -> None:
    uneven = Issue("days", (30, 45, 90), "integer", unit="days")
    from accord.formats.yaml_out import issue_data

    assert issue_data(uneven) == {
        "name": "days",
        "type": "ordered",
        "values": [30, 45, 90],
        "unit": "days",
    }


def _with_issue(s: Scenario, issue: Issue) -> Scenario:
    from dataclasses import replace

    from accord.model.space import OutcomeSpace
    from accord.preferences.utility import Preferences

    space = OutcomeSpace((*s.space.issues, issue))
    parties = []
    for p in s.parties:
        u = p.preferences.utility
        assert isinstance(u, LinearAdditiveUtility)
        tables = (*u.tables, np.linspace(0, 1, issue.n))
        weights = np.append(u.weights, 0.1)
        prefs = replace(p.preferences, utility=LinearAdditiveUtility(space, weights, tables))
        assert isinstance(prefs, Preferences)
        parties.append(replace(p, preferences=prefs))
    return replace(s, space=space, a=parties[0], b=parties[1])
