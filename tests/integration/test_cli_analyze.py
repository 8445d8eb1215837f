"""End-to-end tests of `accord analyze`: reports, JSON, plots and every bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, LAPTOP, RIVER
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["dealer_rebate.yaml", "japan_supplier.yaml"])
def test_examples_report(name: str) -> None:
    code, out, _ = run("analyze", str(EXAMPLES / name))
    assert code == 0
    assert "Nash" in out and "Kalai-Smorodinsky" in out and "ZOPA" in out


def test_json_has_the_documented_fields() -> None:
    code, out, _ = run("analyze", str(EXAMPLES / "dealer_rebate.yaml"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["n_outcomes"] == 5 * 5 * 4 * 2 * 3
    pareto = data["pareto"]
    assert pareto == sorted(pareto)
    assert all(len(p) == 2 for p in pareto)
    for key in ("nash", "kalai_smorodinsky", "max_welfare"):
        point = data[key]
        assert len(point["utilities"]) == 2
        assert set(point["outcome"]) == set(data["issues"])
        assert point["utilities"] in pareto
    zopa = data["zopa"]
    assert zopa["n_outcomes"] >= zopa["n_strict"] > 0
    # The Nash point beats both BATNAs.
    ra, rb = data["reservations"]
    assert data["nash"]["utilities"][0] > ra and data["nash"]["utilities"][1] > rb


def test_zopa_line_shows_the_strict_count_where_it_differs() -> None:
    """The dealer's ZOPA holds outcomes worth exactly a BATNA (at least as good, one rule
    with the Nash point), so the strictly-better count is shown beside it."""
    data = json.loads(run("analyze", str(EXAMPLES / "dealer_rebate.yaml"), "--json")[1])
    zopa = data["zopa"]
    assert zopa["n_outcomes"] > zopa["n_strict"]
    out = " ".join(run("analyze", str(EXAMPLES / "dealer_rebate.yaml"))[1].split())
    assert f"{zopa['n_outcomes']} outcomes" in out
    assert f"are at least as good as both BATNAs ({zopa['n_strict']} strictly better)" in out


def test_dealer_logroll_trades_stock_for_rebate() -> None:
    """Seed 001's deal: the dealer gets a higher rebate, we get a higher stocking requirement."""
    data = json.loads(run("analyze", str(EXAMPLES / "dealer_rebate.yaml"), "--json")[1])
    pairs = {(t["a_gets"], t["b_gets"]) for t in data["logrolling"]}
    assert ("stock", "rebate") in pairs
    for t in data["logrolling"]:
        assert t["gain_a"] > 0 and t["gain_b"] > 0


def test_plot_is_written(tmp_path: Path) -> None:
    target = tmp_path / "space.png"
    code, _, _ = run("analyze", str(EXAMPLES / "japan_supplier.yaml"), "--plot", str(target))
    assert code == 0
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_genius_folder_json() -> None:
    code, out, _ = run("analyze", str(RIVER), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["n_outcomes"] == 576
    assert data["parties"] == {"A": "Downstream", "B": "Upstream"}


def test_genius_profiles_option(tmp_path: Path) -> None:
    folder = tmp_path / "three"
    shutil.copytree(LAPTOP, folder)
    shutil.copy(folder / "buyer.xml", folder / "buyer2.xml")
    code, _, err = run("analyze", str(folder))
    assert code == 2 and "--profiles" in err
    code, out, _ = run(
        "analyze",
        str(folder),
        "--json",
        "--profiles",
        str(folder / "seller.xml"),
        str(folder / "buyer2.xml"),
    )
    assert code == 0
    assert json.loads(out)["parties"] == {"A": "seller", "B": "buyer2"}


DEALER = (EXAMPLES / "dealer_rebate.yaml").read_text()
BAD_YAML = {
    "malformed": ("name: [unclosed\nissues: {", ["line"]),
    "unknown_issue": (
        DEALER.replace("      rebate: 0.35", "      rebate: 0.35\n      royalty: 0.1"),
        ["royalty", "parties.A.weights.royalty"],
    ),
    "unknown_value": (
        DEALER.replace("{30: 1.0, 45: 0.8", "{30: 1.0, 47: 0.8"),
        ["47", "parties.A.values.payment_days"],
    ),
    "negative_weight": (
        DEALER.replace("      stock: 0.30", "      stock: -0.30"),
        ["parties.A.weights.stock", "0"],
    ),
    "missing_batna": (
        DEALER.replace("      utility: 0.30\n", ""),
        ["parties.A.batna.utility"],
    ),
    "bad_type": (DEALER.replace("type: integer", "type: whole"), ["issues.term_years.type"]),
    "not_a_mapping": ("- just\n- a list\n", ["mapping"]),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
def test_bad_yaml_gets_a_clear_error(case: str, tmp_path: Path) -> None:
    text, words = BAD_YAML[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    code, out, err = run("analyze", str(path))
    assert code == 2
    assert "Traceback" not in out + err
    assert path.name in err
    for word in words:
        assert word in err, (word, err)


def test_bad_paths_and_options(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err and "no such file" in err
    bad_xml = tmp_path / "dom"
    bad_xml.mkdir()
    (bad_xml / "domain.xml").write_text("<utility_space><objective>")
    code, _, err = run("analyze", str(bad_xml))
    assert code == 2 and "domain.xml" in err
    lonely = tmp_path / "lonely"
    shutil.copytree(RIVER, lonely)
    (lonely / "Upstream.xml").unlink()
    code, _, err = run("analyze", str(lonely))
    assert code == 2 and "lonely" in err
    code, _, err = run("analyze", str(EXAMPLES / "dealer_rebate.yaml"), "--plot", "x.pdf")
    assert code == 2 and "--plot" in err


def test_installed_command_exits_2_without_traceback(tmp_path: Path) -> None:
    """The real entry point, in a subprocess: exit code 2 and one paragraph on stderr."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nissues: []\nparties: {}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "accord.cli.main", "analyze", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "bad.yaml" in proc.stderr and "issues" in proc.stderr
