"""`accord ledger export [NAME] --csv FILE --html FILE`: the relationships for a person, as
CSV rows with the documented columns and as a standalone page with a chart per
counterparty; `ledger export FILE.json` is still the whole store's backup."""

from __future__ import annotations

import base64
import csv
import json
import re
from pathlib import Path

import pytest
from tests.conftest import DEALER, PLAN
from typer.testing import CliRunner

from accord.cli.main import app
from accord.export.ledger import COLUMNS

runner = CliRunner()


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two negotiations with the dealer, and a deal with a condition entered by hand."""
    path = tmp_path_factory.mktemp("ledger") / "ledger.db"
    for seed in (1, 2):
        code, _, err = run(
            "negotiate", DEALER, "--a", "diplomat", "--b", "boulware", "--seed", seed,
            "--counterparty", "Dealer Co", "--db", path,
        )  # fmt: skip
        assert code == 0, err
    code, _, err = run(
        "ledger", "record", "Acme", "--utility-us", 0.62, "--utility-them", 0.71,
        "--reservation-us", 0.4, "--condition", "2% if stock >= 1.5x",
        "--check-by", "2026-03-31", "--db", path,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(
        "ledger", "record", "Acme", "--plan", PLAN, "--terms",
        "rebate=2%, stock=1.5x, payment_days=45, co_marketing=yes, term_years=3", "--db", path,
    )  # fmt: skip
    assert code == 0, err
    return path


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        return list(reader)


def test_every_counterparty_with_its_history_and_conditions(db: Path, tmp_path: Path) -> None:
    out_csv, out_html = tmp_path / "ledger.csv", tmp_path / "ledger.html"
    code, out, err = run("ledger", "export", "--csv", out_csv, "--html", out_html, "--db", db)
    assert code == 0, err
    assert f"Written to {out_csv}" in out and f"Written to {out_html}" in out
    rows = rows_of(out_csv)
    assert {r["counterparty"] for r in rows if r["section"] == "counterparty"} == {
        "Acme",
        "Dealer Co",
    }
    dealer = [r for r in rows if r["section"] == "history" and r["counterparty"] == "Dealer Co"]
    assert [r["id"] for r in dealer] == ["1", "2"] and all(r["deal"] == "yes" for r in dealer)
    code, shown, _ = run("ledger", "show", "Dealer Co", "--json", "--db", db)
    history = json.loads(shown)["history"]
    for row, step in zip(dealer, history, strict=True):  # the numbers `ledger show` gives
        assert float(row["trust"]) == pytest.approx(step["trust"], abs=1e-4)
        assert float(row["u_us"]) == pytest.approx(step["record"]["utilities"][0], abs=1e-4)
    acme = [r for r in rows if r["section"] == "history" and r["counterparty"] == "Acme"]
    assert [r["terms"] for r in acme] == [
        "",  # entered as utilities
        "rebate=2%, stock=1.5x, payment_days=45 days, co_marketing=yes, term_years=3 years",
    ]
    (condition,) = [r for r in rows if r["section"] == "condition"]
    assert condition["what"] == "2% if stock >= 1.5x" and condition["day"] == "2026-03-31"

    page = out_html.read_text(encoding="utf-8")
    titles = re.findall(r"<h2>([^<]*)</h2>", page)
    assert titles[0] == "Counterparties"
    assert any("Dealer Co" in t for t in titles) and any("Acme" in t for t in titles)
    assert "@media print" in page and "<link" not in page and "<script" not in page
    assert "co_marketing=yes, term_years=3 years" in page  # the deal entered by its terms
    assert not re.search(r"""(src|href)=["']?https?://""", page)
    figures = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(figures) == 2  # a chart per counterparty
    assert all(base64.b64decode(f).startswith(b"\x89PNG") for f in figures)


def test_one_counterparty_by_name(db: Path, tmp_path: Path) -> None:
    out_csv = tmp_path / "dealer.csv"
    code, _, err = run("ledger", "export", "dealer co", "--csv", out_csv, "--db", db)
    assert code == 0, err
    assert {r["counterparty"] for r in rows_of(out_csv)} == {"Dealer Co"}
    code, _, err = run("ledger", "export", "Nobody", "--csv", out_csv, "--db", db)
    assert code == 2 and "Nobody" in err


def test_the_json_backup_is_unchanged_and_a_path_is_needed(db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    code, out, err = run("ledger", "export", backup, "--db", db)
    assert code == 0, err
    assert f"Exported to {backup}" in out
    assert json.loads(backup.read_text())
    code, _, err = run("ledger", "export", "--db", db)
    assert code == 2 and "--csv" in err
    code, _, err = run("ledger", "export", "--html", tmp_path / "page.htm", "--db", db)
    assert code == 2 and ".html" in err
