"""End-to-end tests of `accord tournament`: table, JSON, determinism and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
Y2010 = ROOT.parent / "shared" / "domains" / "anac" / "y2010"
DEALER = ROOT / "examples" / "dealer_rebate.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["tournament", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict[str, Any]:
    code, out, err = run("--json", "--workers", "1", *args)
    assert code == 0, err
    return json.loads(out)


def test_table_ranks_strategies_and_marks_the_field() -> None:
    code, out, err = run(
        str(DEALER),
        "--strategies",
        "diplomat,boulware",
        "--opponents",
        "conceder",
        "--workers",
        "1",
    )
    assert code == 0, err
    assert "Tournament: 6 negotiations on 1 domain(s)" in out
    for column in ("strategy", "own", "opp", "agree", "welfare", "Pareto d", "Nash d"):
        assert column in out
    assert "conceder *" in out and "diplomat" in out and "boulware" in out


def test_json_has_every_pairing_both_orders_on_every_domain() -> None:
    data = run_json(
        "--domains", str(Y2010 / "EnglandZimbabwe"), str(DEALER),
        "--strategies", "diplomat,boulware", "--opponents", "linear",
        "--repeat", "2", "--rounds", "30",
    )  # fmt: skip
    games = data["negotiations"]
    assert len(games) == 6 * 2 * 2  # ordered pairs x domains x repeats
    pairs = {(g["a"], g["b"]) for g in games}
    assert pairs == {
        ("diplomat", "boulware"), ("boulware", "diplomat"), ("diplomat", "linear"),
        ("linear", "diplomat"), ("boulware", "linear"), ("linear", "boulware"),
    }  # fmt: skip
    assert len({g["scenario"] for g in games}) == 2
    assert all(g["rounds_used"] <= 30 for g in games)
    table = {r["strategy"]: r for r in data["standings"]}
    assert table["linear"]["n"] == 16 and table["diplomat"]["n"] == 16
    mine = [g for g in games if "diplomat" in (g["a"], g["b"])]
    own = sum(g["utilities"][0 if g["a"] == "diplomat" else 1] for g in mine) / len(mine)
    assert table["diplomat"]["own"] == pytest.approx(own)
    assert data["config"]["repeat"] == 2 and data["config"]["opponents"] == ["linear"]


def test_same_seed_same_result_on_any_number_of_workers() -> None:
    args = ("--domains", str(Y2010), "--strategies", "micro,boulware,tit_for_tat", "--seed", "5")
    one = run_json(*args)
    code, out, err = run("--json", "--workers", "2", *args)
    assert code == 0, err
    assert json.loads(out) == one


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--strategies", "diplomat,nobody"), ["--strategies", "unknown strategy 'nobody'"]),
        (("--strategies", "diplomat", "--opponents", "ghost"), ["--opponents", "'ghost'"]),
        (("--strategies", "diplomat,diplomat"), ["--strategies", "twice"]),
        (("--strategies", "diplomat"), ["nobody to negotiate with"]),
        (("--strategies", " , "), ["--strategies", "no strategy names"]),
    ],
)
def test_bad_strategies_are_clear_errors(args: tuple[str, ...], words: list[str]) -> None:
    code, out, err = run(str(DEALER), *args)
    assert code == 2
    assert "Traceback" not in err + out
    for w in words:
        assert w in err


def test_bad_domains_are_clear_errors(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "missing.yaml"), "--strategies", "diplomat,boulware")
    assert code == 2 and "missing.yaml" in err and "--domains" in err
    code, _, err = run("--strategies", "diplomat,boulware")
    assert code == 2 and "no domains given" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("issues: [1, 2\n")
    code, _, err = run(str(broken), "--strategies", "diplomat,boulware")
    assert code == 2 and "broken.yaml" in err and "Traceback" not in err
    code, _, err = run(str(DEALER), "--strategies", "diplomat,boulware", "--repeat", "0")
    assert code == 2 and "--repeat" in err
