"""`accord plan new` and `accord plan check` end to end; templates round-trip through check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import DEALER, PLAN
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()


def run(*args: object, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_check_the_example() -> None:
    code, out, err = run("plan", "check", PLAN)
    assert code == 0, err
    for text in ("walk-away", "0.320", "Concession schedule", "Estimated ZOPA", "co_marketing"):
        assert text in out


@pytest.mark.parametrize("side", ["A", "B"])
def test_a_new_template_passes_check(tmp_path: Path, side: str) -> None:
    out_file = tmp_path / "plans" / "mine.plan.yaml"
    out_file.parent.mkdir()
    code, out, err = run("plan", "new", "--scenario", DEALER, "--side", side, "--out", out_file)
    assert code == 0, err
    text = out_file.read_text()
    assert "our_position:" in text and "# What do we want?" in text
    assert "../" in text.split("scenario:")[1].splitlines()[0]  # relative to the plan
    code, out, err = run("plan", "check", out_file, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["side"] == side and data["batna"]["utility"] == (0.3 if side == "A" else 0.4)
    assert {w["code"] for w in data["warnings"]} == {"incomplete", "unknown_counterpart"}
    assert data["keep_for_close"] == (
        [{"issue": "co_marketing", "cost": 0.05, "value": None}] if side == "A" else []
    )


def test_a_template_without_a_scenario_is_printed() -> None:
    code, out, _ = run("plan", "new")
    assert code == 0 and out.startswith("# Preparation plan (P1)")
    assert "scenario: scenario.yaml" in out


def test_questions_fill_the_plan(tmp_path: Path) -> None:
    out_file = tmp_path / "asked.plan.yaml"
    numbers = ["0.3", "0.35", *[""] * 4]  # BATNA, walk-away; target to tactics: defaults
    answers = ["Renew for three years", *[""] * 13, "the second dealer", *numbers, "no", ""]
    code, _, err = run(
        "plan",
        "new",
        "--scenario",
        DEALER,
        "--out",
        out_file,
        "--ask",
        input="\n".join(answers) + "\n",
    )
    assert code == 0, err
    code, out, err = run("plan", "check", out_file, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["walk_away"] == 0.35 and data["batna"]["description"] == "the second dealer"
    assert "our_position.wants" not in next(
        w["message"] for w in data["warnings"] if w["code"] == "incomplete"
    )


def test_bad_input_exits_2_with_one_paragraph(tmp_path: Path) -> None:
    out_file = tmp_path / "exists.yaml"
    out_file.write_text("x")
    code, _, err = run("plan", "new", "--out", out_file)
    assert code == 2 and "--force" in err
    code, _, err = run("plan", "new", "--side", "C")
    assert code == 2 and "--side" in err
    bad = tmp_path / "bad.plan.yaml"
    text = PLAN.read_text().replace("keep_for_close: [co_marketing]", "keep_for_close: [x]")
    bad.write_text(text.replace("scenario: dealer_rebate.yaml", f"scenario: {DEALER}"))
    code, out, err = run("plan", "check", bad)
    assert code == 2 and out == ""
    assert "bad.plan.yaml" in err and "keep_for_close.0" in err and "Traceback" not in err
    code, _, err = run("coach", DEALER)  # a scenario where a plan is asked: say so
    assert code == 2 and "is a scenario" in err and f"plan new --scenario {DEALER}" in err
