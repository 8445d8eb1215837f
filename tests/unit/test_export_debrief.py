"""`accord debrief NEG --csv FILE --html FILE`: the rows parse as CSV with the documented
columns and hold the debrief's numbers; the page is standalone (inline CSS, the figure
embedded as PNG data, no address of an asset) and has the debrief's sections."""

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
from accord.export.debrief import COLUMNS

runner = CliRunner()


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    folder = tmp_path_factory.mktemp("export")
    code, out, err = run("negotiate", DEALER, "--a", "diplomat", "--b", "boulware", "--json")
    assert code == 0, err
    talks = folder / "talks.json"
    talks.write_text(out)
    csv_path, html_path = folder / "debrief.csv", folder / "debrief.html"
    code, out, err = run("debrief", talks, "--plan", PLAN, "--csv", csv_path, "--html", html_path)
    assert code == 0, err
    assert f"Written to {csv_path}" in out and f"Written to {html_path}" in out
    code, out, err = run("debrief", talks, "--plan", PLAN, "--json")
    assert code == 0, err
    return csv_path, html_path, json.loads(out)


def test_the_csv_has_the_documented_columns_and_the_debriefs_numbers(
    exported: tuple[Path, Path, dict],
) -> None:
    csv_path, _, data = exported
    with csv_path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    sections = {r["section"] for r in rows}
    assert sections == {"result", "checklist", "move", "point", "frontier"}
    outcome = next(r for r in rows if r["section"] == "result" and r["what"] == "outcome")
    assert float(outcome["our_u"]) == pytest.approx(data["result"]["utilities"][0], abs=1e-4)
    assert "rebate=" in outcome["terms"] and "%" in outcome["terms"]  # terms with units
    target = next(r for r in rows if r["what"].startswith("our target"))
    assert "stock=" in target["terms"] and float(target["their_u"]) > 0  # what it stood for
    checklist = {r["what"].split()[0]: r["status"] for r in rows if r["section"] == "checklist"}
    assert checklist == {c["principle"]: c["status"] for c in data["checklist"]}
    moves = [r for r in rows if r["section"] == "move"]
    talks = json.loads((csv_path.parent / "talks.json").read_text())
    assert len(moves) == len(talks["transcript"]["events"])  # every event, one row each
    assert {m["who"] for m in moves} == {"we", "they"}
    frontier = [r for r in rows if r["section"] == "frontier"]
    assert frontier and all(0 <= float(r["our_u"]) <= 1 for r in frontier)


def test_the_page_is_standalone_with_the_sections_and_the_figure(
    exported: tuple[Path, Path, dict],
) -> None:
    page = exported[1].read_text(encoding="utf-8")
    titles = re.findall(r"<h2>([^<]*)</h2>", page)
    for part in ("Result", "Pareto efficiency", "Principles:", "move by move", "relationship"):
        assert any(part in t for t in titles), (part, titles)
    assert "<style>" in page and "@media print" in page
    assert not re.search(r"""(src|href)=["']?https?://""", page)  # no asset from the network
    assert "<link" not in page and "<script" not in page
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page)
    assert data is not None
    assert base64.b64decode(data.group(1)).startswith(b"\x89PNG\r\n\x1a\n")


def test_a_wrong_suffix_is_refused_before_any_work(tmp_path: Path) -> None:
    code, _, err = run("debrief", "1", "--csv", tmp_path / "rows.txt", "--db", tmp_path / "x.db")
    assert code == 2 and "--csv" in err and ".csv" in err
    assert not (tmp_path / "x.db").exists()
