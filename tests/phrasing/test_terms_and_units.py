"""Issue 13's phrasings: money and units, number words, discounts worked out on the price,
counts on add-ons, values with digits and punctuation, the scenario's aliases, notes that
name an authority, everyday forms; and what must be asked back instead of guessed."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import EXAMPLES

from accord.model.issues import Value
from accord.phrasing import Context, Lexicon, Parsed, Question, Refusal, parse
from accord.phrasing.numerals import read_words
from accord.phrasing.tokens import tokenize
from accord.plan import load_plan

SAAS = Lexicon.of_plan(load_plan(EXAMPLES / "saas_renewal.plan.yaml"))
DEALER = Lexicon.of_plan(load_plan(EXAMPLES / "dealer_rebate.plan.yaml"))
OURS: dict[str, Value] = {"price_per_seat": 120, "term": 3, "payment_terms": "monthly"}
TABLE = Context(standing={"we": OURS, "they": {"price_per_seat": 96}})


def offer(who: str, **terms: Any) -> list[dict[str, Any]]:
    return [{who: {"offer": terms}}]


UNDERSTOOD: list[tuple[str, list[dict[str, Any]]]] = [
    # money and units
    ("we offer $120 per seat", offer("we", price_per_seat=120)),
    ("we offer 120 a seat", offer("we", price_per_seat=120)),
    ("we offer 120 dollars a seat", offer("we", price_per_seat=120)),
    ("we offer $114/seat", offer("we", price_per_seat=114)),
    ("we propose USD 108 per user", offer("we", price_per_seat=108)),
    ("we open at $120", offer("we", price_per_seat=120)),
    ("we lower the price to $108", offer("we", price_per_seat=108)),
    ("they want 24 months", offer("they", term=2)),
    ("they want a one-year contract", offer("they", term=1)),
    # number words
    ("they want twelve hundred seats", offer("they", seats=1200)),
    ("they want a thousand seats", offer("they", seats=1000)),
    ("they want one thousand two hundred seats", offer("they", seats=1200)),
    # values with digits and punctuation, aliases, a word only one value has
    ("they want premium 24x7", offer("they", support="premium 24x7")),
    ("they want support=premium 24x7", offer("they", support="premium 24x7")),
    ("they want 24/7 support", offer("they", support="premium 24x7")),
    ("they want monthly billing", offer("they", payment_terms="monthly")),
    ("we want them to pay annually", offer("we", payment_terms="annual upfront")),
    # percentages relative to the price on the table, and the issue's own words
    ("we offer 5% off", offer("we", price_per_seat=114)),
    ("they want a 10% discount", offer("they", price_per_seat=108)),
    ("we can do $6 off list", offer("we", price_per_seat=114)),
    ("we cut the price by 5%", offer("we", price_per_seat=114)),
    ("they want a 10% price cut", offer("they", price_per_seat=108)),
    ("we offer ten percent off", offer("we", price_per_seat=108)),
    ("we'll cap the uplift at 3%", offer("we", uplift_cap=3)),
    ("they want a 3% ceiling on increases", offer("they", uplift_cap=3)),
    ("we'll cap annual increases at 5%", offer("we", uplift_cap=5)),
    ("they want no price increases", offer("they", uplift_cap=0)),
    # conditions
    (
        "we can do 5% off if you sign for 3 years",
        [
            {
                "we": {
                    "offer": {"price_per_seat": 114, "term": 3},
                    "if": {
                        "issue": "price_per_seat",
                        "else": 120,
                        "by": "they",
                        "text": "sign for 3 years",
                    },
                }
            }
        ],
    ),
    (
        "we'll do $114 if you pay annually upfront",
        [
            {
                "we": {
                    "offer": {"price_per_seat": 114, "payment_terms": "annual upfront"},
                    "if": {
                        "issue": "price_per_seat",
                        "else": 120,
                        "by": "they",
                        "text": "pay annually upfront",
                    },
                }
            }
        ],
    ),
    (
        "if you sign for 3 years we can do $108",
        [
            {
                "we": {
                    "offer": {"price_per_seat": 108, "term": 3},
                    "if": {
                        "issue": "price_per_seat",
                        "else": 120,
                        "by": "they",
                        "text": "sign for 3 years",
                    },
                }
            }
        ],
    ),
    # add-ons: only the giver grants one
    ("we throw in training", [{"we": {"add": "training_days"}}]),
    ("they want training included", offer("they", training_days=True)),
    # notes and authorities
    ("they say the CFO mandated 15% savings", [{"they": {"note": "the CFO mandated 15% savings"}}]),
    ("their CFO wants $100", [{"they": {"note": "their CFO wants $100"}}]),
    (
        "they say the competitor offered 20% off",
        [{"they": {"note": "the competitor offered 20% off"}}],
    ),
    ("let me run it by my VP", [{"we": "consult authority"}]),
    ("they need to check with their CFO", [{"they": "consult authority"}]),
    # everyday forms
    ("we stay quiet", [{"we": "silent"}]),
    ("they need their CFO to sign off", [{"they": "consult authority"}]),
    ("we have until Friday", [{"they": {"deadline": "have until Friday"}}]),
    ("we start at list", offer("we", price_per_seat=120)),
    ("this is our final offer: $108", [{"we": {"ultimatum": {"price_per_seat": 108}}}]),
    ("they want to sleep on it", [{"they": "delay"}]),
    ("they must ask their boss", [{"they": "consult authority"}]),
    ("no answer from the customer procurement", [{"they": "silent"}]),
    (
        "our offer is valid until the end of the month",
        [{"we": {"deadline": "our offer is valid until the end of the month"}}],
    ),
]


@pytest.mark.parametrize(("line", "expected"), UNDERSTOOD, ids=[r[0] for r in UNDERSTOOD])
def test_understood(line: str, expected: list[dict[str, Any]]) -> None:
    reading = parse(line, SAAS, TABLE)
    assert isinstance(reading, Parsed), reading
    assert reading.entries == expected


def test_ok_deal_is_an_acceptance_by_whoever_speaks() -> None:
    for line in ("ok, deal", "ok deal", "deal", "ok, we have a deal"):
        reading = parse(line, SAAS, Context(speaker="they"))
        assert isinstance(reading, Parsed) and reading.entries == [{"they": "accept"}], line


ASKED: list[tuple[str, str]] = [
    ("we'll throw in 5 training days", "is an add-on, granted or not"),
    ("they ask for a week of training", "is an add-on, granted or not"),
    ("we can do 5%", "uplift_cap=5, or 5% off"),
    ("we offer 3% off", "which price?"),
    ("we offer rebat=1.5", "did you mean"),
]


@pytest.mark.parametrize(("line", "fragment"), ASKED, ids=[r[0] for r in ASKED])
def test_asked_back_never_guessed(line: str, fragment: str) -> None:
    lex = DEALER if "rebat" in line else SAAS
    reading = parse(line, lex, TABLE)
    assert isinstance(reading, Question), reading
    assert fragment in reading.text


def test_a_count_on_an_add_on_is_never_moved_to_another_issue() -> None:
    question = parse("we'll throw in 5 training days", SAAS, TABLE)
    assert isinstance(question, Question)
    reworded = question.answer("yes")
    assert reworded is not None
    assert parse(reworded, SAAS, TABLE).entries == [{"we": {"add": "training_days"}}]  # type: ignore[union-attr]


def test_a_discount_shows_its_working_and_snaps_only_when_asked() -> None:
    reading = parse("we offer 5% off", SAAS, TABLE)
    assert isinstance(reading, Parsed)
    assert reading.working == ("$120/seat less 5% is $114/seat",)
    question = parse("we offer 3% off", SAAS, TABLE)
    assert isinstance(question, Question)
    assert "$114/seat" in question.text
    answered = question.answer("114")
    assert answered is not None
    assert parse(answered, SAAS, TABLE).entries == offer("we", price_per_seat=114)  # type: ignore[union-attr]
    unknown = parse("we offer 5% off", SAAS, Context())  # no price on the table: asked
    assert isinstance(unknown, Question) and "no price is on the table" in unknown.text


def test_a_discount_needs_a_price_in_money() -> None:
    reading = parse("we offer 5% off", DEALER, TABLE)
    assert isinstance(reading, Refusal) and "in money" in reading.text


def test_a_percentage_named_for_its_issue_is_not_asked() -> None:
    assert parse("we want a 5% cap", SAAS, TABLE).entries == offer("we", uplift_cap=5)  # type: ignore[union-attr]
    assert parse("we offer 1.5%", DEALER, TABLE).entries == offer("we", rebate=1.5)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "wrong"),
    [
        ("we opne at $120", "nope"),
        ("we stya quiet", "say"),
        ("they want monthly biling", "willing"),
    ],
)
def test_suggestions_come_from_the_scenario_and_the_moves_only(line: str, wrong: str) -> None:
    reading = parse(line, SAAS, TABLE)
    assert isinstance(reading, Question)
    assert f"'{wrong}'" not in reading.text


def test_a_discount_on_another_issue_is_not_taken_off_the_price() -> None:
    for line in ("they want 10% less seats", "they want seats reduced by 5%"):
        assert not isinstance(parse(line, SAAS, TABLE), Parsed), line


def test_a_value_word_qualifying_a_noun_in_a_condition_is_no_term() -> None:
    reading = parse("we can do $108 if you sign a standard contract", SAAS, TABLE)
    assert isinstance(reading, Parsed)
    assert reading.move["offer"] == {"price_per_seat": 108}


def test_a_wish_to_walk_or_accept_is_not_the_act() -> None:
    for line in ("they want to walk away", "they want to accept"):
        assert not isinstance(parse(line, SAAS, TABLE), Parsed), line


def test_a_typo_is_one_edit_away() -> None:
    weak = parse("they say the yen is weak", SAAS, TABLE)
    assert isinstance(weak, Parsed) and weak.claim == ("note", "the yen is weak")
    opne = parse("we opne at $120", SAAS, TABLE)
    assert isinstance(opne, Question) and "'open'" in opne.text


def test_an_unknown_word_is_asked_not_skipped() -> None:
    reading = parse("we offer $114 per seet", SAAS, TABLE)
    assert isinstance(reading, Question) and "did you mean 'seat'" in reading.text
    assert isinstance(parse("118 users", SAAS, Context(speaker="we")), Refusal)


def test_number_words() -> None:
    assert read_words(["twelve", "hundred"]) == (1200.0, 2)
    assert read_words(["one", "hundred", "and", "twenty"]) == (120.0, 4)
    assert read_words(["two", "and", "a", "half"]) == (2.5, 4)
    assert read_words(["five", "five"]) == (5.0, 1)
    assert [t.number for t in tokenize("12 hundred seats") if t.kind == "num"] == [1200.0]
    assert [t.text for t in tokenize("two seats")] == ["two", "seats"]  # a single word stays


def test_role_words_follow_the_side_that_sells() -> None:
    for lex in (SAAS, DEALER):  # we sell in both
        assert parse("the supplier accepts", lex).entries == [{"we": "accept"}]  # type: ignore[union-attr]
        assert parse("the customer accepts", lex).entries == [{"they": "accept"}]  # type: ignore[union-attr]


def test_no_cap_is_no_limit_and_the_deal_is_not_an_acceptance() -> None:
    assert isinstance(parse("we offer $108, no uplift cap", SAAS, TABLE), Refusal)
    assert parse("they want no uplift", SAAS, TABLE).entries == offer("they", uplift_cap=0)  # type: ignore[union-attr]
    assert not isinstance(parse("they say the deal is off", SAAS, TABLE), Parsed)
    assert not isinstance(parse("they want over 40,000 units", SAAS, TABLE), Parsed)
