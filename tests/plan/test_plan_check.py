"""`check_plan`: the derived numbers, and each warning on a plan that earns it."""

from __future__ import annotations

import json

import pytest
from tests.advisor.helpers import make_plan
from tests.conftest import PLAN

from accord.plan import load_plan
from accord.plan.derive import check_plan


def codes(**fields: object) -> dict[str, str]:
    return {w.code: w.severity for w in check_plan(make_plan(**fields)).warnings}


def test_the_example_numbers() -> None:
    report = check_plan(load_plan(PLAN))
    assert report.batna == 0.3 and report.walk_away == 0.32 and report.opening == 0.8
    assert report.target_derived and report.nash is not None
    assert report.target == pytest.approx(report.nash[0] + 0.05)
    assert report.budget == pytest.approx(0.8 - 0.32)
    floors = [s.floor for s in report.schedule]
    assert floors[0] == 0.8 and floors[-1] == pytest.approx(0.32)
    assert floors == sorted(floors, reverse=True)
    assert report.zopa is not None and report.zopa.exists
    assert any(v.issue == "co_marketing" for v in report.give)  # P8: cheap for us
    assert any(v.issue == "stock" for v in report.ask)
    assert report.close[0].issue == "co_marketing" and report.close[0].cost == pytest.approx(0.05)
    assert report.warnings == ()
    data = json.loads(json.dumps(report.to_json()))
    assert data["target"] == report.target and data["warnings"] == []


def test_a_complete_plan_with_scenario_numbers_has_only_the_incomplete_note() -> None:
    assert codes() == {"incomplete": "note"}


def test_no_batna() -> None:
    assert codes(batna=None)["no_batna"] == "warning"


def test_walk_away_below_the_batna() -> None:
    assert codes(walk_away=0.2)["walk_away_below_batna"] == "error"
    assert check_plan(make_plan(walk_away=0.2)).walk_away == 0.3  # the advisor uses the BATNA


def test_target_below_the_walk_away() -> None:
    assert codes(target=0.25)["target_below_walk_away"] == "error"


def test_an_opening_that_panders() -> None:
    assert codes(opening=0.5, target=0.6)["opening_panders"] == "warning"
    assert codes(opening=0.45)["opening_panders"] == "warning"  # below the fair deal (~0.5)


def test_a_plan_that_needs_them_to_care_more() -> None:
    found = codes(target=0.75)
    assert found["depends_on_them_caring_more"] == "warning"


def test_a_target_that_leaves_them_below_their_batna() -> None:
    assert "target_exploits" in codes(target=0.9)


def test_no_zopa() -> None:
    found = codes(walk_away=0.95)
    assert found["no_zopa"] == "warning"


def test_fit() -> None:
    found = codes(fit={"better_served_elsewhere": True, "notes": "they need a distributor"})
    assert found["fit"] == "warning"
    w = next(w for w in check_plan(make_plan(fit={"better_served_elsewhere": True})).warnings)
    assert w.principles == ("P4",)


def test_unknown_counterpart() -> None:
    report = check_plan(make_plan(their_preferences="unknown"))
    assert report.zopa is None and report.nash is None and report.give == ()
    assert report.target == report.opening  # nothing to derive it from yet
    assert "unknown_counterpart" in {w.code for w in report.warnings}


def test_warnings_come_most_serious_first() -> None:
    report = check_plan(make_plan(walk_away=0.2, target=0.25, batna=None))
    severities = [w.severity for w in report.warnings]
    assert severities == sorted(severities, key=["error", "warning", "note"].index)


def test_the_default_stance_is_diplomats() -> None:
    """The advisor and the debrief judge by the same numbers Diplomat plays with:
    Diplomat's defaults are read from the doctrine's stance, not written again."""
    import inspect

    from accord.doctrine import Stance
    from accord.strategies.diplomat import Diplomat

    played = {k: p.default for k, p in inspect.signature(Diplomat.__init__).parameters.items()}
    stance = Stance()
    names = ("edge", "reciprocity", "late", "band", "windfall", "settle", "decay")
    for name in (*names, "repair", "overshoot", "fragile", "early", "resolve"):
        assert getattr(stance, name) == played[name], name
    assert stance.exponent == played["e"]
