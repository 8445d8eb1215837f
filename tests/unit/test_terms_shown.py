"""Terms beside every number (issue 13, item 1): the package a utility stands for, and
the screens that show it with units."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.model.units import show, show_terms
from accord.plan import Plan, load_plan
from accord.plan.derive import check_plan
from accord.plan.estimate import TheirEstimate
from accord.plan.package import package_at, prior_frontier

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _fresh_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI makes its consoles once, at the width COLUMNS had then: each test here
    sets its own width, so each gets new consoles (else the suite's order decides)."""
    from accord.cli import common

    monkeypatch.setattr(common, "_consoles", {})


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN)


def test_package_is_at_the_level_and_best_for_them_there(plan: Plan) -> None:
    """Brute force over the whole space: the package is at least the level for us and no
    outcome at least that good for us is better for them by our estimate."""
    space = plan.space
    everything = np.arange(space.n_outcomes)
    ours = plan.ours.utility.all()
    theirs = TheirEstimate(plan).of_digits(space.digits(everything))
    frontier = prior_frontier(plan)
    for level in np.linspace(0.0, 1.0, 41):
        p = package_at(plan, float(level), frontier)
        assert p.ours == pytest.approx(ours[p.outcome], abs=1e-12)
        assert p.theirs == pytest.approx(theirs[p.outcome], abs=1e-12)
        assert p.values == space.outcome(p.outcome)
        at_least = ours >= min(level, ours.max()) - 1e-9
        assert p.ours >= min(level, ours.max()) - 1e-9
        assert p.theirs >= theirs[at_least].max() - 1e-12


def test_without_an_estimate_the_package_is_the_closest_above(plan: Plan) -> None:
    ours = plan.ours.utility.all()
    for level in (0.1, 0.5, 0.77, 2.0):
        p = package_at(plan, level, None)
        assert p.theirs is None
        above = ours[ours >= level - 1e-9]
        assert p.ours == pytest.approx(above.min() if above.size else ours.max())


def test_money_shows_cents_only_when_fractional() -> None:
    assert show(102.5, "$/seat") == "$102.50/seat"
    assert show(102.0, "$/seat") == "$102/seat"
    assert show(1200, "seats") == "1,200 seats"


def _numbers(text: str) -> dict[str, tuple[float, str]]:
    """'  target 0.575: rebate=1.75%, ...' lines of `plan check`, by name."""
    found = {}
    for m in re.finditer(
        r"^  (opening|target|est\. fair deal|walk-away) ([0-9.]+): (.*)$", text, re.M
    ):
        found[m.group(1)] = (float(m.group(2)), m.group(3))
    return found


def test_plan_check_shows_each_number_as_terms_with_units(plan: Plan) -> None:
    result = runner.invoke(app, ["plan", "check", str(PLAN)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    shown = _numbers(result.output)
    assert set(shown) == {"opening", "target", "est. fair deal", "walk-away"}
    report = check_plan(plan)
    keys = {"opening": "opening", "target": "target", "est. fair deal": "estimated_nash",
            "walk-away": "walk_away"}  # fmt: skip
    packages = report.packages()
    for name, (level, text) in shown.items():
        p = packages[keys[name]]
        assert level == pytest.approx(p.level, abs=5e-4)
        assert text.startswith(show_terms(plan.space.issues, p.values))
        assert "%" in text and "x" in text and "days" in text and "years" in text
        assert plan.ours.utility.at(p.outcome) == pytest.approx(p.ours)
        if f"{p.ours:.3f}" != f"{level:.3f}":  # the package's own worth is said
            assert f"{p.ours:.3f} to us" in text
    assert "[dim]" not in result.output


def test_plan_check_json_adds_packages_beside_the_numbers(plan: Plan) -> None:
    result = runner.invoke(app, ["plan", "check", str(PLAN), "--json"])
    data = json.loads(result.output)
    assert set(data["packages"]) == {"walk_away", "opening", "target", "estimated_nash"}
    for key in ("walk_away", "opening", "target"):
        p = data["packages"][key]
        assert p["our_utility"] >= data[key] - 1e-9
        assert plan.ours.utility.at(plan.space.index_of(p["terms"])) == pytest.approx(
            p["our_utility"]
        )
    for row in data["schedule"]:
        assert row["package"]["our_utility"] >= row["floor"] - 1e-9
    nash = data["packages"]["estimated_nash"]
    assert nash["our_utility"] == pytest.approx(data["estimated_nash"][0])
    assert nash["their_utility_estimated"] == pytest.approx(data["estimated_nash"][1])


MOVES = EXAMPLES / "dealer_rebate.moves.yaml"


def test_advice_json_adds_the_package_of_each_number(plan: Plan) -> None:
    result = runner.invoke(app, ["advise", str(PLAN), str(MOVES), "--json"])
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)["numbers"]
    assert set(numbers["packages"]) == {"walk_away", "target", "goal", "schedule_floor"}
    for key, p in numbers["packages"].items():
        assert p["our_utility"] >= numbers[key] - 1e-9
        outcome = plan.space.index_of(p["terms"])
        assert p["outcome"] == outcome
        assert plan.ours.utility.at(outcome) == pytest.approx(p["our_utility"])


def test_advice_panel_shows_the_numbers_as_terms_with_units(plan: Plan) -> None:
    result = runner.invoke(app, ["advise", str(PLAN), str(MOVES)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    text = " ".join(line.strip("│ ") for line in result.output.splitlines())
    data = json.loads(runner.invoke(app, ["advise", str(PLAN), str(MOVES), "--json"]).output)
    target = data["numbers"]["packages"]["target"]
    shown = show_terms(plan.space.issues, plan.space.outcome(target["outcome"]))
    assert f"target now {data['numbers']['target']:.3f}" in text
    assert shown in text and "days" in shown and "%" in shown
    assert "their offer" in text


def test_the_coach_words_terms_with_units(plan: Plan) -> None:
    from accord.coach import words

    outcome = plan.space.index_of(
        {"rebate": 1.5, "stock": 2.0, "payment_days": 45, "co_marketing": False, "term_years": 3}
    )
    assert words.terms(plan, outcome) == (
        "rebate=1.5%, stock=2x, payment_days=45 days, co_marketing=no, term_years=3 years"
    )


def test_analyze_shows_the_bargaining_points_terms_with_units() -> None:
    scenario = EXAMPLES / "dealer_rebate.yaml"
    text = runner.invoke(app, ["analyze", str(scenario)], env={"COLUMNS": "300"}).output
    nash = json.loads(runner.invoke(app, ["analyze", str(scenario), "--json"]).output)["nash"]
    plan = load_plan(PLAN)
    assert show_terms(plan.space.issues, nash["outcome"]) in text


def test_the_plots_label_points_with_their_terms(tmp_path: Path) -> None:
    from accord.analysis.report import analyse
    from accord.plots import labelled

    plan = load_plan(PLAN)
    assert plan.scenario is not None
    a = analyse(plan.scenario)
    assert a.nash is not None
    label = labelled("Nash", plan.space.issues, a.nash.outcome)
    assert label.splitlines()[0] == "Nash"
    assert " ".join(label.splitlines()[1:]) == show_terms(plan.space.issues, a.nash.outcome)
    assert max(len(line) for line in label.splitlines()) <= 46  # a legend stays readable
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "dealer_rebate.yaml"), "--plot",
                                 str(tmp_path / "space.png")])  # fmt: skip
    assert result.exit_code == 0 and (tmp_path / "space.png").stat().st_size > 0


def test_before_the_late_phase_packages_keep_the_close_add_ons(plan: Plan) -> None:
    """Brute force: the held package is the best for them among the outcomes at the
    level that do not grant an add-on kept for the close; the plan's opening is the
    advisor's first counter."""
    from accord.advisor import advise
    from accord.plan.package import held_frontier

    space = plan.space
    k = space.issue_index("co_marketing")
    assert plan.keep_for_close == ("co_marketing",)
    everything = np.arange(space.n_outcomes)
    digits = space.digits(everything)
    ours = plan.ours.utility.all()
    theirs = TheirEstimate(plan).of_digits(digits)
    plain = digits[:, k] == 0
    held = held_frontier(plan, TheirEstimate(plan))
    for level in np.linspace(0.0, ours[plain].max(), 31):
        p = package_at(plan, float(level), held, held=True)
        assert p.values["co_marketing"] is False and p.ours >= level - 1e-9
        assert p.theirs == pytest.approx(theirs[p.outcome], abs=1e-12)
        assert p.theirs >= theirs[plain & (ours >= level - 1e-9)].max() - 1e-12
        assert not package_at(plan, float(level), None, held=True).values["co_marketing"]
    report = check_plan(plan)
    assert report.packages()["opening"].values == advise(plan, []).recommendation.terms
    late = [r for r in report.schedule if r.time >= plan.stance.late]
    assert all(report.step_package(r) == report.package(r.floor) for r in late)


def test_a_conditional_agreement_says_its_fallback_with_units(plan: Plan) -> None:
    from accord.coach import words
    from accord.protocol.moves import Condition
    from accord.protocol.transcript import Ending

    values = {"rebate": 2.0, "stock": 1.5, "payment_days": 45, "co_marketing": True,
              "term_years": 3}  # fmt: skip
    condition = Condition("rebate", plan.space.issues[0].index(1.0), "B", "stock >= 1.5x")
    ending = Ending("agreement", 30, agreement=plan.space.index_of(values), condition=condition)
    assert words.ending(plan, ending) == (
        "Agreement: rebate=2%, stock=1.5x, payment_days=45 days, co_marketing=yes, "
        "term_years=3 years (conditional: 'stock >= 1.5x', else rebate=1%)"
    )


def test_the_coachs_short_advice_shows_the_offer_and_the_walk_away_as_terms(plan: Plan) -> None:
    from rich.console import Console

    from accord.advisor import advise
    from accord.cli.coach import _advice

    advice = advise(plan, [])
    console = Console(width=400, record=True)
    _advice(advice, console)
    text = console.export_text()
    offer = show_terms(plan.space.issues, advice.recommendation.terms or {})
    walk = advice.packages()["walk_away"]
    assert f"advice counter: {offer}" in text
    assert f"walk-away {walk.level:.3f}: {show_terms(plan.space.issues, walk.values)}" in text
    assert "target now" not in text  # the target's package is the offer itself: said once


@pytest.mark.parametrize("k", [0, 1])
def test_the_debriefs_target_package_from_either_seat(plan: Plan, k: int) -> None:
    """With hindsight (both true utilities): at the level for side k, the best for the other."""
    from accord.analysis.report import analyse
    from accord.plan.package import seat_package

    assert plan.scenario is not None
    a = analyse(plan.scenario)
    utils = [p.preferences.utility.all() for p in plan.scenario.parties]
    ours, theirs = utils[k], utils[1 - k]
    for level in np.linspace(0.0, 1.0, 21):
        p = seat_package(plan.space, a.frontier, a.frontier_digits, k, float(level))
        assert p.ours == pytest.approx(ours[p.outcome]) and p.theirs == pytest.approx(
            theirs[p.outcome]
        )
        if level <= ours.max():
            assert p.ours >= level - 1e-9
            assert p.theirs >= theirs[ours >= level - 1e-9].max() - 1e-12


def test_the_debrief_shows_the_result_and_the_target_as_terms(plan: Plan, tmp_path: Path) -> None:
    scenario = EXAMPLES / "dealer_rebate.yaml"
    talks = runner.invoke(app, ["negotiate", str(scenario), "--a", "diplomat", "--b", "panderer",
                                "--json"]).output  # fmt: skip
    path = tmp_path / "talks.json"
    path.write_text(talks)
    text = runner.invoke(app, ["debrief", str(path), "--plan", str(PLAN)],
                         env={"COLUMNS": "400"}).output  # fmt: skip
    data = json.loads(
        runner.invoke(app, ["debrief", str(path), "--plan", str(PLAN), "--json"]).output
    )
    terms = data["result"]["terms"]
    assert terms is not None and f"Terms: {show_terms(plan.space.issues, terms)}" in text
    assert f"Our target {data['result']['target']:.3f} as terms" in text
