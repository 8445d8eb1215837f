"""negmas agents through the CLI: as opponents in a tournament and as a side in negotiate."""

from __future__ import annotations

import json

from tests.conftest import RIVER
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def test_tournament_against_negmas_opponents() -> None:
    result = runner.invoke(
        app,
        ["tournament", str(RIVER), "--strategies", "diplomat", "--rounds", "30", "--json",
         "--workers", "1", "--opponents",
         "negmas:BoulwareTBNegotiator,negmas:NaiveTitForTatNegotiator"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    games = data["negotiations"]
    assert len(games) == 4
    assert {g["a"] for g in games} == {"diplomat", *data["config"]["opponents"]}
    for g in games:  # nobody signs below its walk-away
        if g["agreement"]:
            assert all(u >= r for u, r in zip(g["utilities"], g["reservations"], strict=True))


def test_negotiate_with_a_negmas_side_and_bad_negmas_names() -> None:
    ok = runner.invoke(
        app, ["negotiate", str(RIVER), "--a", "diplomat", "--b", "negmas:MiCRONegotiator", "--json"]
    )
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["strategies"]["B"] == "negmas:MiCRONegotiator"
    bad = runner.invoke(
        app, ["tournament", str(RIVER), "--strategies", "diplomat", "--opponents", "negmas:Nope"]
    )
    assert bad.exit_code == 2
    assert "--opponents" in bad.stderr and "negmas:" in bad.stderr
    assert "Traceback" not in bad.stderr
