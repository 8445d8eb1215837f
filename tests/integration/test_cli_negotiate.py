"""End-to-end tests of `accord negotiate`: report, JSON, determinism, plot and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DEALER
from typer.testing import CliRunner

from accord.cli.common import default_strategies
from accord.cli.main import app
from accord.formats import load_scenario

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["negotiate", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict[str, Any]:
    code, out, err = run(str(DEALER), "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_readable_report_has_transcript_and_outcome_panel() -> None:
    code, out, err = run(str(DEALER), "--a", "boulware", "--b", "conceder")
    assert code == 0, err
    assert "Manufacturer" in out and "Dealer" in out and "boulware" in out
    assert "ACCEPTS" in out and "u A" in out
    for words in ("Outcome", "Agreement", "surplus", "share", "Welfare"):
        assert words in out
    for words in ("Distance to Pareto frontier", "Distance to Nash", "Rounds used"):
        assert words in out


def test_default_strategies_are_used() -> None:
    data = run_json()
    a, b = default_strategies()
    assert data["strategies"] == {"A": a, "B": b}
    assert data["transcript"]["strategies"] == [a, b]


@pytest.mark.parametrize("pair", [("boulware", "conceder"), None])
def test_json_numbers_are_consistent(pair: tuple[str, str] | None) -> None:
    args = ["--a", pair[0], "--b", pair[1]] if pair else []
    data = run_json(*args)
    assert set(data) == {"scenario", "strategies", "transcript", "outcome"}
    transcript, o = data["transcript"], data["outcome"]
    assert transcript["events"] and transcript["ending"]["reason"] == o["reason"]
    for key in (
        "agreement",
        "utilities",
        "reservations",
        "surplus",
        "surplus_share",
        "welfare",
        "distance_to_pareto",
        "distance_to_nash",
        "distance_to_kalai_smorodinsky",
        "rounds_used",
        "offers",
        "concessions",
        "tactics",
    ):
        assert key in o, key
    scenario = load_scenario(DEALER)
    ua, ub = (p.preferences.utility for p in scenario.parties)
    if o["agreement"]:
        index = o["outcome"]
        assert index == transcript["ending"]["agreement"]
        assert o["values"] == scenario.space.outcome(index)
        if o["condition"] is None:
            assert o["utilities"] == pytest.approx([ua.at(index), ub.at(index)])
        else:
            fallback = scenario.space.index_of(o["condition"]["fallback_values"])
            ba, bb = o["beliefs"]
            assert o["utilities"] == pytest.approx(
                [
                    ba * ua.at(index) + (1 - ba) * ua.at(fallback),
                    bb * ub.at(index) + (1 - bb) * ub.at(fallback),
                ]
            )
    else:
        assert o["utilities"] == o["reservations"]
    surplus = [u - r for u, r in zip(o["utilities"], o["reservations"], strict=True)]
    assert o["surplus"] == pytest.approx(surplus)
    assert o["welfare"] == pytest.approx(sum(o["utilities"]))
    if min(surplus) > 0:
        assert sum(o["surplus_share"]) == pytest.approx(1.0)
    assert o["distance_to_pareto"] >= 0
    assert 1 <= o["rounds_used"] <= transcript["rounds"]
    # Each side's offers carry both utilities, matching the events of that side.
    for role, u in (("A", ua), ("B", ub)):
        k = 0 if role == "A" else 1
        for offer in o["offers"][role]:
            assert offer["utilities"][k] == pytest.approx(u.at(offer["outcome"]))
        made = [
            e
            for e in transcript["events"]
            if e["actor"] == role and e["move"]["kind"] in ("offer", "ultimatum", "add_on")
        ]
        assert len(o["offers"][role]) == len([e for e in made if e["outcome"] is not None])


def test_known_agreement_boulware_vs_conceder() -> None:
    o = run_json("--a", "boulware", "--b", "conceder")["outcome"]
    assert o["agreement"] is True
    assert all(s > 0 for s in o["surplus"])
    assert sum(o["surplus_share"]) == pytest.approx(1.0)


def test_same_seed_gives_identical_json() -> None:
    first = run(str(DEALER), "--json", "--seed", "7")
    second = run(str(DEALER), "--json", "--seed", "7")
    assert first[0] == 0 and first == second


def test_other_seed_runs_and_is_recorded() -> None:
    data = run_json("--seed", "8")
    assert data["transcript"]["seed"] == 8  # the moves themselves may or may not differ


def test_rounds_option_caps_the_negotiation() -> None:
    data = run_json("--a", "boulware", "--b", "boulware", "--rounds", "3")
    assert data["transcript"]["rounds"] == 3
    assert data["outcome"]["rounds_used"] <= 3
    assert all(e["turn"] < 6 for e in data["transcript"]["events"])


def test_plot_is_written(tmp_path: Path) -> None:
    target = tmp_path / "negotiation.png"
    code, out, err = run(str(DEALER), "--a", "boulware", "--b", "conceder", "--plot", str(target))
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Plot written" in out


def test_bad_strategy_name_lists_the_known_ones() -> None:
    code, out, err = run(str(DEALER), "--b", "bulldozer")
    assert code == 2
    assert "Traceback" not in out + err
    assert "bulldozer" in err and "--b" in err
    for name in ("boulware", "conceder", "linear"):
        assert name in err


@pytest.mark.parametrize(
    "args",
    [("--rounds", "0"), ("--seed", "-1"), ("--plot", "out.pdf")],
)
def test_bad_options_exit_2(args: tuple[str, str]) -> None:
    code, out, err = run(str(DEALER), *args)
    assert code == 2
    assert "Traceback" not in out + err
    assert args[0] in err


def test_missing_scenario_exits_2(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "missing.yaml" in err and "no such file" in err
    assert "Traceback" not in out + err
