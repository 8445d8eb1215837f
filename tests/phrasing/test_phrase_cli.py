"""`accord phrase PLAN TEXT` end to end: a reading in moves-file form, a question with
its options, a refusal (exit 2), the speaker and standing offers the coach would give."""

from __future__ import annotations

import json
from typing import Any

import yaml
from tests.conftest import EXAMPLES, PLAN
from typer.testing import CliRunner

from accord.cli.main import app

runner = CliRunner()
SAAS = EXAMPLES / "saas_renewal.plan.yaml"


def run(*args: object) -> tuple[int, str, str]:
    result = runner.invoke(app, ["phrase", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: object) -> tuple[int, dict[str, Any]]:
    code, out, err = run(*args, "--json")
    assert err == ""
    return code, json.loads(out)


def test_a_reading_prints_as_moves_file_entries() -> None:
    code, out, err = run(PLAN, "they offer rebate=1.5 stock=1.25")
    assert code == 0, err
    entries = [line for line in out.splitlines() if line.startswith("- ")]
    assert yaml.safe_load("\n".join(entries)) == [
        {"they": {"offer": {"rebate": 1.5, "stock": 1.25}}}
    ]
    assert "#   rebate=1.5%, stock=1.25x" in out  # the terms with their units


def test_a_reading_with_a_claim_is_two_entries() -> None:
    code, shown = as_json(PLAN, "they offer 2% but need an answer by Friday")
    assert code == 0
    assert shown["kind"] == "reading" and shown["speaker"] == "they"
    assert shown["move"] == {"offer": {"rebate": 2.0}}
    assert shown["claim"] == {"deadline": "need an answer by Friday"}
    assert shown["entries"] == [{"they": shown["move"]}, {"they": shown["claim"]}]
    assert shown["question"] is None and shown["reason"] is None


def test_a_line_without_a_speaker_is_asked_unless_given() -> None:
    code, shown = as_json(SAAS, "we: {offer: {price_per_seat: 108}}")
    assert (code, shown["move"]) == (0, {"offer": {"price_per_seat": 108}})
    code, shown = as_json(PLAN, "final offer: rebate=2 days=60")
    assert code == 0 and shown["kind"] == "question"
    assert [o["answer"] for o in shown["options"]] == ["we", "they"]
    code, shown = as_json(PLAN, "final offer: rebate=2 days=60", "--speaker", "they")
    assert (code, shown["kind"], shown["speaker"]) == (0, "reading", "they")
    assert shown["move"] == {"ultimatum": {"rebate": 2.0, "payment_days": 60}}


def test_a_question_prints_its_options() -> None:
    code, out, _ = run(PLAN, "we offer 1.5 and 2")  # which number goes to which issue?
    assert code == 0
    assert out.startswith("asked: ")
    options = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(options) >= 2 and all(": we offer " in o for o in options)


def test_standing_offers_are_the_coach_context() -> None:
    """A condition's fallback is the speaker's standing value, as in the coach."""
    line = "we offer rebate=2 if you stock 1.5x"
    code, shown = as_json(PLAN, line)
    assert (code, shown["kind"]) == (0, "question")  # which rebate otherwise?
    standing = "rebate=1, stock=2, payment_days=30, co_marketing=no, term_years=3"
    code, shown = as_json(PLAN, line, "--standing-we", standing)
    assert code == 0 and shown["kind"] == "reading"
    assert shown["move"]["if"]["else"] == 1.0


def test_a_refusal_exits_2_with_its_reason() -> None:
    code, shown = as_json(PLAN, "we walk away and accept")
    assert code == 2 and shown["kind"] == "refusal" and shown["reason"]
    code, out, _ = run(PLAN, "we walk away and accept")
    assert code == 2 and out.startswith("refused: ")


def test_bad_input_names_the_file_or_the_option() -> None:
    code, _, err = run(EXAMPLES / "missing.plan.yaml", "we accept")
    assert code == 2 and "missing.plan.yaml" in err and "Traceback" not in err
    code, _, err = run(SAAS, "we accept", "--standing-they", "price_per_seat=121")
    assert code == 2 and "--standing-they" in err and "84, 90" in err
    code, _, err = run(SAAS, "we accept", "--standing-we", "price=120")
    assert code == 2 and "price_per_seat" in err


def test_a_relative_figure_shows_how_it_was_worked_out() -> None:
    """5% off our standing $120/seat is $114/seat, and the output says so."""
    args = (SAAS, "we offer 5% off", "--standing-we", "price_per_seat=120")
    code, shown = as_json(*args)
    assert code == 0 and shown["move"] == {"offer": {"price_per_seat": 114}}
    assert shown["working"] and "$114/seat" in shown["working"][0]
    code, out, _ = run(*args)
    assert out.startswith("# read as: ") and "- we: {offer: {price_per_seat: 114}}" in out
