"""Plan files: the example loads with its numbers; every bad field is named with its file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.conftest import DEALER, PLAN

from accord.errors import InputError
from accord.formats import load_scenario
from accord.plan import default_plan, load_plan


def test_the_example_plan() -> None:
    plan = load_plan(PLAN)
    assert plan.side == "A" and plan.other == "B" and plan.rounds == 20
    assert plan.batna == 0.3 and plan.walk_away == 0.32 and plan.batna_given
    assert plan.target is None and plan.derived_opening == 0.8
    assert plan.keep_for_close == ("co_marketing",)
    assert plan.their_prior is not None and plan.their_prior.source == "estimate"
    assert plan.their_batna == 0.4 and plan.counterpart == "the regional dealer"
    assert plan.elements["their_position"]["pressures"].startswith("Regional retail fees")
    assert plan.stance.late == 0.85


def write(tmp_path: Path, data: dict, name: str = "p.plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def base(**fields: object) -> dict:
    return {"scenario": str(DEALER), "side": "A", "batna": {"utility": 0.3}} | fields


BAD = {
    "unknown field": (base(targett=0.5), "targett", "only the fields"),
    "side": (base(side="C"), "side", None),
    "walk-away range": (base(walk_away=1.5), "walk_away", "1"),
    "batna both": (base(batna={"utility": 0.3, "terms": {"rebate": 1.0}}), "batna", None),
    "batna terms": (base(batna={"terms": {"rebat": 1.0}}), "batna.terms.rebat", "one of"),
    "estimate without weights": (base(their_preferences={"batna": 0.3}), "their_preferences", None),
    "estimate weight": (
        base(their_preferences={"weights": {"rebate": -1}}),
        "their_preferences.weights.rebate",
        None,
    ),
    "estimate issues": (
        base(their_preferences={"weights": {"rebate": 1}}),
        "their_preferences.weights.stock",
        None,
    ),
    "keep for close": (base(keep_for_close=["stock"]), "keep_for_close.0", "co_marketing"),
    "tactic": (base(bargain={"tactics": ["bluff"]}), "bargain.tactics.0", None),
    "no scenario": ({"side": "A"}, None, None),
    "missing scenario": (base(scenario="nowhere.yaml"), "scenario", "relative to the plan"),
    "scenario and issues": (base(issues=[]), None, None),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_plans_name_file_and_field(tmp_path: Path, case: str) -> None:
    data, field, expected = BAD[case]
    path = write(tmp_path, data)
    with pytest.raises(InputError) as info:
        load_plan(path)
    e = info.value
    assert e.source == str(path)
    if field is not None:
        assert e.field == field
    if expected is not None:
        assert expected in (e.expected or "") + e.message


def test_malformed_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("scenario: [unclosed")
    with pytest.raises(InputError, match="malformed YAML at line"):
        load_plan(path)
    path.write_text("- a list\n")
    with pytest.raises(InputError, match="not a YAML mapping"):
        load_plan(path)
    with pytest.raises(InputError, match="no such file"):
        load_plan(tmp_path / "missing.yaml")


def test_a_plan_that_embeds_the_issues(tmp_path: Path) -> None:
    data = {
        "name": "price talk",
        "issues": [
            {"name": "price", "type": "integer", "low": 10, "high": 20},
            {"name": "support", "type": "addon", "giver": "A"},
        ],
        "our_preferences": {
            "weights": {"price": 0.9, "support": 0.1},
            "values": {"price": {"linear": "high"}},
        },
        "batna": {"terms": {"price": 12, "support": True}},
        "rounds": 8,
    }
    plan = load_plan(write(tmp_path, data))
    assert plan.scenario is None and plan.rounds == 8 and plan.their_prior is None
    assert plan.batna == pytest.approx(0.9 * 0.2)  # price 12 of 10-20, support given
    assert plan.keep_for_close == ("support",)


def test_their_preferences_from_the_scenario_are_an_estimate(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, base(their_preferences="scenario")))
    dealer = load_scenario(DEALER).b.preferences
    assert plan.their_batna == dealer.reservation
    assert plan.their_prior is not None and plan.their_prior.confidence == 0.5
    for mine, theirs in zip(
        plan.their_prior.contributions, dealer.utility.contributions(), strict=True
    ):
        assert (mine == theirs).all()


def test_empty_sections_take_their_defaults(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(f"scenario: {DEALER}\nstance:\nfit:\nbatna: {{utility: 0.3}}\n")
    plan = load_plan(path)
    assert plan.stance.edge == 0.05 and not plan.fit.better_served_elsewhere


def test_the_default_plan_of_a_strategy() -> None:
    scenario = load_scenario(DEALER)
    plan = default_plan(scenario.space, scenario.b.preferences, "B", 20)
    assert plan.walk_away == plan.batna == 0.4 and plan.their_prior is None
    assert plan.our_addons == () and plan.keep_for_close == ()


def test_tournaments_do_not_take_plans_and_moves_files_for_scenarios() -> None:
    from accord.tournament import find_domains

    found = {p.name for p in find_domains([PLAN.parent])}
    assert "dealer_rebate.yaml" in found
    assert not any(n.endswith((".plan.yaml", ".moves.yaml")) for n in found)
