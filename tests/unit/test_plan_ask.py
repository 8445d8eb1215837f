"""`accord plan new --ask` (issue 12, item 6): their priorities as a ranking, our target,
opening and tactics, one question at a time; `30%` wherever a fraction is meant."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import DEALER, PLAN
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import InputError
from accord.plan import load_plan
from accord.plan.fraction import parse_fraction
from accord.plan.questions import parse_tactics, parse_yes_no
from accord.plan.ranking import centroid_weights, ranking_weights

runner = CliRunner()
ISSUES = ["rebate", "stock", "payment_days", "co_marketing", "term_years"]
#: The six elements' thirteen texts after the first, answered with their default.
TEXTS = ["Renew the dealer", *[""] * 13, "the second dealer"]


def ask(tmp_path: Path, answers: list[str], *extra: str) -> tuple[Path, str, str]:
    out_file = tmp_path / "asked.plan.yaml"
    args = ["plan", "new", "--scenario", str(DEALER), "--out", str(out_file), "--ask", *extra]
    result = runner.invoke(app, args, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    return out_file, result.stdout, result.stderr


def test_every_answer_reaches_the_plan_and_bad_ones_are_asked_again(tmp_path: Path) -> None:
    answers = [
        *TEXTS,
        "30%",  # BATNA
        "130%",  # walk-away: refused
        "35%",
        "abc",  # target: refused
        "0.3",  # below the walk-away: refused
        "65%",
        "0.6",  # opening below the target: refused
        "0.8",
        "price > rebate",  # not an issue: refused
        "Rebate > co_marketing = stock, payment_days",  # term_years left out: last
        "silence, bluff",  # not a tactic: refused
        "silence add_on CONDITIONAL",
        "maybe",  # refused
        "no",
        "a long-standing dealer",
    ]
    out_file, prompts, told = ask(tmp_path, answers)
    assert prompts.count("Our walk-away utility") == 2 and prompts.count("Our target") == 3
    for refused in ("'130%' is above 100%", "'abc' is not a fraction", "below the walk-away",
                    "below the target", "'price' is not an issue", "'bluff' is not a tactic",
                    "'maybe' is not yes or no"):  # fmt: skip
        assert refused in told
    assert told.count("Try again.") == 7

    plan = load_plan(out_file)
    assert (plan.batna, plan.walk_away, plan.target, plan.opening) == (0.3, 0.35, 0.65, 0.8)
    assert plan.tactics == {"silence", "add_on", "conditional"}
    assert plan.elements["our_position"]["wants"] == "Renew the dealer"
    assert plan.fit.notes == "a long-standing dealer" and not plan.fit.better_served_elsewhere
    prior = plan.their_prior
    assert prior is not None and prior.source == "estimate" and prior.confidence == 0.5
    weights = dict(zip(ISSUES, (float(c.max()) for c in prior.contributions), strict=True))
    expected = ranking_weights("rebate > co_marketing = stock > payment_days", ISSUES, "x")
    assert weights == pytest.approx(expected, abs=1e-3)
    assert weights["rebate"] > weights["stock"] == pytest.approx(weights["co_marketing"])
    assert weights["stock"] > weights["payment_days"] > weights["term_years"] > 0
    # On every issue they want what the scenario says the other party wants (the dealer
    # prefers 2 years, 2% and 90 days), weighted by our ranking.
    other = plan.scenario.b.preferences.utility.tables  # type: ignore[union-attr]
    for k, name in enumerate(ISSUES):
        theirs = prior.contributions[k] / prior.contributions[k].max()
        assert theirs == pytest.approx(other[k] / other[k].max()), name


def test_enter_keeps_every_default(tmp_path: Path) -> None:
    out_file, _, told = ask(tmp_path, [*TEXTS, *[""] * 8])
    assert told == ""
    plan = load_plan(out_file)
    assert plan.walk_away == plan.batna == 0.3  # the scenario's reservation
    assert plan.target is None and plan.opening is None  # derived
    assert plan.their_prior is None  # unknown: learn from their offers
    assert plan.tactics == {"silence", "consult_authority", "add_on", "conditional", "ultimatum"}


def test_no_tactics_at_all(tmp_path: Path) -> None:
    out_file, _, _ = ask(tmp_path, [*TEXTS, *[""] * 5, "none", "", ""])
    assert load_plan(out_file).tactics == frozenset()


def test_a_plan_file_takes_percentages_and_names_the_field_of_a_bad_one(tmp_path: Path) -> None:
    text = PLAN.read_text().replace("scenario: dealer_rebate.yaml", f"scenario: {DEALER}")
    assert "walk_away: 0.32" in text and "confidence: 0.5 " in text
    good = tmp_path / "percent.plan.yaml"
    good.write_text(text.replace("walk_away: 0.32", 'walk_away: "32%"').replace(
        "confidence: 0.5 ", "confidence: 50% "))  # fmt: skip
    plan = load_plan(good)
    assert plan.walk_away == 0.32 and plan.their_prior is not None
    assert plan.their_prior.confidence == 0.5
    for bad, words in (("130%", "'130%' is above 100%"), ("abc", "'abc' is not a fraction")):
        path = tmp_path / "bad.plan.yaml"
        path.write_text(text.replace("walk_away: 0.32", f"walk_away: {bad}"))
        with pytest.raises(InputError) as info:
            load_plan(path)
        assert info.value.field == "walk_away" and words in str(info.value)
        assert "30%" in str(info.value)  # says how to write one


@pytest.mark.parametrize(
    ("text", "value"), [("30%", 0.3), (" 30 % ", 0.3), ("0.3", 0.3), (0.3, 0.3), ("100%", 1.0)]
)
def test_one_parser_reads_a_fraction_either_way(text: object, value: float) -> None:
    assert parse_fraction(text, "f") == pytest.approx(value)


@pytest.mark.parametrize("text", ["130%", "-1%", "1.5", "abc", "", "nan", True, None])
def test_a_bad_fraction_is_refused_naming_the_field(text: object) -> None:
    with pytest.raises(InputError) as info:
        parse_fraction(text, "target")
    assert info.value.field == "target" and "0.3 or 30%" in str(info.value)


def test_rank_order_centroid_weights() -> None:
    w = centroid_weights([["a"], ["b"], ["c"], ["d"]])
    assert sum(w.values()) == pytest.approx(1.0, abs=1e-3)
    assert w["a"] == pytest.approx((1 + 1 / 2 + 1 / 3 + 1 / 4) / 4, abs=1e-4)
    assert w["d"] == pytest.approx(1 / 16, abs=1e-4)
    tied = centroid_weights([["a"], ["b", "c"], ["d"]])
    assert tied["b"] == tied["c"] == pytest.approx((w["b"] + w["c"]) / 2, abs=1e-4)


@pytest.mark.parametrize(
    ("text", "words"),
    [("rebate >> stock", "empty place"), ("rebate > rebate", "ranked twice"), ("fee", "'fee'")],
)
def test_a_bad_ranking_says_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as info:
        ranking_weights(text, ISSUES, "their_preferences")
    assert "rebate, stock" in str(info.value)  # the issues to choose from


def test_tactics_and_yes_no_parse_strictly() -> None:
    assert parse_tactics("ultimatum, SILENCE") == ["silence", "ultimatum"]
    assert parse_yes_no(" Yes ") and not parse_yes_no("n")
    with pytest.raises(InputError, match="'walk' is not a tactic"):
        parse_tactics("walk")


def test_ranked_weights_are_positive_and_ordered() -> None:
    w = np.array(list(ranking_weights("term_years", ISSUES, "x").values()))
    assert (w > 0).all() and w[0] > w[1:].max()  # the named one first, the rest tied
    assert len(set(w[1:])) == 1
