"""`accord ledger record NAME --plan P --terms ...` (issue 13, item 6): a real deal entered by
its terms, valued with the plan, stored with its terms and shown by `ledger show`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import PLAN
from typer.testing import CliRunner, Result

from accord.cli.main import app
from accord.errors import InputError
from accord.model.issues import Issue
from accord.model.space import OutcomeSpace
from accord.plan import load_plan
from accord.plan.estimate import TheirEstimate
from accord.store.manual import parse_terms

runner = CliRunner()
TERMS = "rebate=2%, stock=1.5x, payment_days=45 days, co_marketing=yes, term_years=3 years"
SHOWN = "rebate=2%, stock=1.5x, payment_days=45 days, co_marketing=yes, term_years=3 years"
VALUES = {"rebate": 2.0, "stock": 1.5, "payment_days": 45, "co_marketing": True, "term_years": 3}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger.db"
    monkeypatch.setenv("ACCORD_DB", str(path))
    return path


def accord(*args: str) -> Result:
    return runner.invoke(app, list(args))


def worth(values: dict[str, object]) -> tuple[float, float]:
    """Ours by the plan, theirs by the plan's estimate: what the record must say."""
    plan = load_plan(PLAN)
    index = plan.space.index_of(values)
    theirs = TheirEstimate(plan).of_digits(np.array(plan.space.digits_of(values)))
    return float(plan.ours.utility.at(index)), float(theirs[0])


def test_a_deal_entered_by_its_terms_is_valued_stored_and_shown(db: Path) -> None:
    result = accord("ledger", "record", "Dealer Co", "--plan", str(PLAN), "--terms", TERMS,
                    "--condition", "stock audited", "--else-terms", "rebate=1%")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    ours, theirs = worth(VALUES)
    else_ours, else_theirs = worth(VALUES | {"rebate": 1.0})
    assert f"Terms: {SHOWN}: {ours:.3f} to us" in result.stdout
    assert f"about {theirs:.3f} to them" in result.stdout
    assert "If the condition is not met: rebate=1%, stock=1.5x" in result.stdout
    assert f"{else_ours:.3f} to us, about {else_theirs:.3f} to them" in result.stdout

    shown = accord("ledger", "show", "Dealer Co")
    assert shown.exit_code == 0, shown.stderr
    flat = " ".join(shown.stdout.split())
    assert f"#1 Terms: {SHOWN}: {ours:.3f} to us" in flat
    data = json.loads(accord("ledger", "show", "Dealer Co", "--json").stdout)
    stored = data["terms"]["1"]
    assert stored["terms"] == VALUES and stored["utilities"] == pytest.approx([ours, theirs])
    assert stored["else_terms"]["rebate"] == 1.0
    condition = data["history"][0]["record"]["condition"]
    assert condition["met"] == pytest.approx([ours, theirs])
    assert condition["fallback"] == pytest.approx([else_ours, else_theirs])


def test_the_record_holds_the_terms_worth_and_the_plans_batnas(db: Path) -> None:
    accord("ledger", "record", "Plain Co", "--plan", str(PLAN), "--terms", TERMS)
    record = json.loads(accord("ledger", "show", "Plain Co", "--json").stdout)["history"][0]
    plan = load_plan(PLAN)
    assert record["record"]["utilities"] == pytest.approx(worth(VALUES))
    assert record["record"]["reservations"] == pytest.approx([plan.batna, plan.their_batna])


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["--terms", TERMS], "--plan", "needs the plan"),
        (["--plan", str(PLAN), "--terms", "rebate=1.1%"], "--terms", "rebate is one of: 1%"),
        (["--plan", str(PLAN), "--terms", "rebat=1"], "--terms", "did you mean 'rebate'"),
        (["--plan", str(PLAN), "--terms", "rebate=1"], "--terms", "no value for issues stock"),
        (["--plan", str(PLAN), "--terms", TERMS, "--utility-us", "0.5"], "--utility-us", "both"),
        (["--plan", str(PLAN), "--terms", TERMS, "--else-terms", "rebate=1"], "--condition", ""),
    ],
)
def test_errors_name_the_option_the_issue_and_the_values(
    db: Path, args: list[str], field: str, words: str
) -> None:
    result = accord("ledger", "record", "Dealer Co", *args)
    assert result.exit_code == 2
    assert f"'{field}'" in result.stderr and words in result.stderr


SPACE = OutcomeSpace(
    (
        Issue.integer("price_per_seat", 84, 120, 6, unit="$/seat"),
        Issue.integer("seats", 1000, 1600, 200, unit="seats"),
        Issue.integer("uplift_cap", 0, 7, unit="% cap"),
        Issue(
            "payment_terms",
            ("monthly", "annual upfront"),
            aliases=(("annually", "annual upfront"),),
        ),
        Issue.categorical("support", ("standard", "premium 24x7")),
    )
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("price_per_seat=$108, seats=1,200, uplift_cap=3%, payment_terms=annually, "
         "support=premium 24x7", (108, 1200, 3, "annual upfront", "premium 24x7")),
        ("Price per seat = 108 dollars a seat, seats=1200 seats, uplift_cap=3, "
         "payment_terms=Annual Upfront, support=Premium 24x7", (108, 1200, 3, "annual upfront",
                                                                "premium 24x7")),
        ("price_per_seat=$108/seat, seats=1,200 seats, uplift_cap=3% cap, "
         "payment_terms=monthly, support=standard", (108, 1200, 3, "monthly", "standard")),
    ],
)  # fmt: skip
def test_terms_read_units_aliases_and_separators(text: str, expected: tuple[object, ...]) -> None:
    assert tuple(parse_terms(SPACE, text).values()) == expected


@pytest.mark.parametrize(
    "text",
    [
        "price_per_seat=108 widgets, seats=1200, uplift_cap=3, payment_terms=monthly, support=x",
        "price_per_seat=107, seats=1200, uplift_cap=3, payment_terms=monthly, support=standard",
        "price_per_seat=108, seats=1200, uplift_cap=3, payment_terms=weekly, support=standard",
    ],
)
def test_terms_never_guess(text: str) -> None:
    with pytest.raises(InputError) as e:
        parse_terms(SPACE, text)
    assert e.value.field == "--terms" and "is one of" in str(e.value.expected)
