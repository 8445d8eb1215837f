"""The phrasing parser on a table of lines: strict syntax, natural phrases, and the
lines it must ask back or refuse (never guess)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import EXAMPLES

from accord.formats import load_scenario
from accord.phrasing import Context, Lexicon, Parsed, Question, Refusal, parse
from accord.plan import load_plan

DEALER = Lexicon.of_plan(load_plan(EXAMPLES / "dealer_rebate.plan.yaml"))
_JAPAN = load_scenario(EXAMPLES / "japan_supplier.yaml")
JAPAN = Lexicon(_JAPAN.space, (_JAPAN.a.name,), (_JAPAN.b.name,))
OUR_TERMS = {
    "rebate": 1.0,
    "stock": 2.0,
    "payment_days": 30,
    "co_marketing": False,
    "term_years": 3,
}
STANDING = Context(standing={"we": OUR_TERMS})


def ask(fragment: str) -> tuple[str, str]:
    return ("ask", fragment)


def refuse(fragment: str) -> tuple[str, str]:
    return ("refuse", fragment)


# line, expected entries (or ask / refuse with a fragment of the text)
DEALER_TABLE: list[tuple[str, Any]] = [
    # strict syntax
    ("they offer rebate=1.5 stock=1.25", [{"they": {"offer": {"rebate": 1.5, "stock": 1.25}}}]),
    ("we accept", [{"we": "accept"}]),
    ("they walk away", [{"they": "walk away"}]),
    ("we are silent", [{"we": "silent"}]),
    ("they consult authority", [{"they": "consult authority"}]),
    ("they consult authority 2", [{"they": {"consult authority": 2}}]),
    (
        "they: ultimatum rebate=2 days=60",
        [{"they": {"ultimatum": {"rebate": 2.0, "payment_days": 60}}}],
    ),
    ("we add co_marketing", [{"we": {"add": "co_marketing"}}]),
    ("they: {offer: {rebate: 1.5}}", [{"they": {"offer": {"rebate": 1.5}}}]),
    ("- we: silent", [{"we": "silent"}]),
    (
        "they: {deadline: the board meets Friday}",
        [{"they": {"deadline": "the board meets Friday"}}],
    ),
    (
        "we offer rebate 2 stock 1.5 payment 60 term 2",
        [{"we": {"offer": {"rebate": 2.0, "stock": 1.5, "payment_days": 60, "term_years": 2}}}],
    ),
    ("we offer payment-days=45", [{"we": {"offer": {"payment_days": 45}}}]),
    ("we offer co_marketing=no", [{"we": {"offer": {"co_marketing": False}}}]),
    # natural phrases
    (
        "we can do 1.5% if you stock 1.5x, else 1%",
        [
            {
                "we": {
                    "offer": {"rebate": 1.5, "stock": 1.5},
                    "if": {"issue": "rebate", "else": 1.0, "by": "they", "text": "stock 1.5x"},
                }
            }
        ],
    ),
    (
        "they: final offer: 2% and 60 days",
        [{"they": {"ultimatum": {"rebate": 2.0, "payment_days": 60}}}],
    ),
    ("they take it or leave it: 1.75%", [{"they": {"ultimatum": {"rebate": 1.75}}}]),
    ("they give us an ultimatum", [{"they": {"ultimatum": {}}}]),
    ("they are silent", [{"they": "silent"}]),
    ("they said nothing", [{"they": "silent"}]),
    ("they are quiet", [{"they": "silent"}]),
    ("they need to consult their director", [{"they": "consult authority"}]),
    ("they need 2 rounds to consult the board", [{"they": {"consult authority": 2}}]),
    ("they have to check with head office", [{"they": "consult authority"}]),
    (
        "they say they need an answer by Friday",
        [{"they": {"deadline": "they need an answer by Friday"}}],
    ),
    ("they need an answer by Friday", [{"they": {"deadline": "need an answer by Friday"}}]),
    (
        "they offer 2% but need an answer by Friday",
        [{"they": {"offer": {"rebate": 2.0}}}, {"they": {"deadline": "need an answer by Friday"}}],
    ),
    ("they say the fees went up", [{"they": {"note": "the fees went up"}}]),
    ("no answer for two weeks from them", [{"they": {"delay": "for two weeks"}}]),
    ("they postpone the meeting", [{"they": {"delay": "the meeting"}}]),
    (
        "they want 2%, 90 days and a 2-year term",
        [{"they": {"offer": {"term_years": 2, "rebate": 2.0, "payment_days": 90}}}],
    ),
    (
        "we: 1.25% rebate, 2x stock, 45 days, 3 years",
        [{"we": {"offer": {"rebate": 1.25, "stock": 2.0, "payment_days": 45, "term_years": 3}}}],
    ),
    ("we counter with 1.25% and 1.75x", [{"we": {"offer": {"rebate": 1.25, "stock": 1.75}}}]),
    ("they come down to 1.75%", [{"they": {"offer": {"rebate": 1.75}}}]),
    ("we propose 1.25% for three years", [{"we": {"offer": {"rebate": 1.25, "term_years": 3}}}]),
    ("we offer 45", [{"we": {"offer": {"payment_days": 45}}}]),
    (
        "we offer 2% in exchange for 1.5x stock",  # a package, not a condition
        [{"we": {"offer": {"stock": 1.5, "rebate": 2.0}}}],
    ),
    ("the dealer offers 2%", [{"they": {"offer": {"rebate": 2.0}}}]),
    ("the manufacturer offers 1%", [{"we": {"offer": {"rebate": 1.0}}}]),
    ("I accept their offer", [{"we": "accept"}]),
    ("they agreed", [{"they": "accept"}]),
    ("they say it's a deal", [{"they": "accept"}]),
    ("it's a deal, they said", [{"they": "accept"}]),
    ("they repeat their offer", [{"they": {"offer": {}}}]),
    ("we hold firm", [{"we": {"offer": {}}}]),
    ("we throw in co-marketing", [{"we": {"add": "co_marketing"}}]),
    ("we offer co-marketing", [{"we": {"add": "co_marketing"}}]),
    (
        "they offer 2% with co-marketing",
        [{"they": {"offer": {"co_marketing": True, "rebate": 2.0}}}],
    ),
    (
        "they offer 2% without co-marketing",
        [{"they": {"offer": {"co_marketing": False, "rebate": 2.0}}}],
    ),
    ("they walk away because we are too expensive", [{"they": "walk away"}]),
    ("They'll walk out", [{"they": "walk away"}]),
    # asked back, never guessed
    ("final offer: 2% and 60 days", ask("Who made this move")),
    ("offer 1.5%", ask("Who made this move")),
    ("we offer 1.5 and 2", ask("could go to more than one issue")),
    ("we go up to 1.25", ask("could go to more than one issue")),
    ("they accept 1.5%", ask("Accepting takes the other side's standing offer")),
    ("they don't accept", ask("reads as a refusal")),
    ("they reject our offer", ask("reads as a refusal")),
    ("they might do 1.75%", ask("sounds tentative")),
    ("we offer rebat=1.5", ask("did you mean 'rebate'")),
    ("we add stock_support", ask("I do not know the word 'stock_support'")),
    ("blah", ask("I do not know the word 'blah'")),
    ("we make an offer", ask("Which terms did we offer")),
    ("we add", ask("Add what?")),
    ("they offer 2% if we pay in 45 days", ask("What rebate applies if we do not meet")),
    ("we offer 1.5% and 60 days if you stock 1.5x", ask("Which term depends on the condition")),
    # refused, with what was expected
    ("they offer rebate=1.5 stock=1.2", refuse("1.2 is not a value of 'stock'")),
    ("we offer 1.3%", refuse("1.3% is not a value of 'rebate'")),
    ("they offer 100 days", refuse("not a value of 'payment_days'")),
    ("we offer 7", refuse("no issue takes the value 7")),
    ("they offer 5 euros", refuse("no issue is in €")),
    ("they offer 2% and 2%", refuse("not every number fits an issue of its own")),
    ("they offer rebate 2 and rebate 1.5", refuse("'rebate' is given two values")),
    ("we walk away and accept", refuse("reads as both")),
    ("they offer 2% and consult the board", refuse("reads as both")),
    ("we offer 2%, else 1%", refuse("'else' needs a condition")),
    ("we offer 2% if you stock 1.5x, else 2%", refuse("the fallback equals the offered rebate")),
    ("we offer 2% if you stock 1.5x, else 45", refuse("is not a value of the offered terms")),
    ("we offer rebate", refuse("no value given for 'rebate'")),
    ("we: {offer: [1, 2", refuse("malformed entry")),
    ("we and they accept", refuse("names both sides")),
    ("ok, we accept", [{"we": "accept"}]),
    ("we give them 1.25%", [{"we": {"offer": {"rebate": 1.25}}}]),
    ("", refuse("nothing to read")),
]


def _check(reading: object, expected: Any) -> None:
    if isinstance(expected, tuple):
        kind, fragment = expected
        wanted = Question if kind == "ask" else Refusal
        assert isinstance(reading, wanted), reading
        assert fragment in reading.text, reading.text
    else:
        assert isinstance(reading, Parsed), reading
        assert reading.entries == expected


@pytest.mark.parametrize(
    ("line", "expected"), DEALER_TABLE, ids=[r[0] or "empty" for r in DEALER_TABLE]
)
def test_dealer_phrasings(line: str, expected: Any) -> None:
    _check(parse(line, DEALER, STANDING), expected)


JAPAN_TABLE: list[tuple[str, Any]] = [
    (
        "we offer 10,500 yen, 30k units, weekly just-in-time, two instalments, "
        "with quarterly reports",
        [
            {
                "we": {
                    "offer": {
                        "quarterly_reports": True,
                        "price_yen": 10500,
                        "volume": 30000,
                        "delivery": "weekly just-in-time",
                        "payment": "two instalments",
                    }
                }
            }
        ],
    ),
    (
        "they want 9500 yen and quarterly over a year payment",
        [{"they": {"offer": {"payment": "quarterly over a year", "price_yen": 9500}}}],
    ),
    ("we add consulting hours", [{"we": {"add": "consulting_hours"}}]),
    ("they need to consult headquarters", [{"they": "consult authority"}]),
    ("they want biweekly delivery", [{"they": {"offer": {"delivery": "bi-weekly"}}}]),
    ("they want bi weekly delivery", [{"they": {"offer": {"delivery": "bi-weekly"}}}]),
    ("the machine-tool maker offers 11000", [{"they": {"offer": {"price_yen": 11000}}}]),
    (
        "they offer 10,000 and 20,000",
        [{"they": {"offer": {"price_yen": 10000, "volume": 20000}}}],
    ),
    ("we offer 10200 yen", refuse("10200 ¥ is not a value of 'price_yen'")),
    ("they want fortnightly delivery", ask("I do not know the word 'fortnightly'")),
]


@pytest.mark.parametrize(("line", "expected"), JAPAN_TABLE, ids=[r[0] for r in JAPAN_TABLE])
def test_japan_phrasings(line: str, expected: Any) -> None:
    _check(parse(line, JAPAN), expected)


def test_a_default_speaker_fills_in_only_when_none_is_named() -> None:
    practice = Context(speaker="we")
    assert parse("final offer: 1.75%", DEALER, practice).entries == [
        {"we": {"ultimatum": {"rebate": 1.75}}}
    ]
    assert parse("they walk away", DEALER, practice).entries == [{"they": "walk away"}]


def test_a_condition_falls_back_to_our_standing_terms() -> None:
    reading = parse("we can do 1.5% if you stock 1.5x", DEALER, STANDING)
    assert isinstance(reading, Parsed)
    assert reading.move["if"]["else"] == 1.0
    unknown = parse("we can do 1.5% if you stock 1.5x", DEALER)  # no standing terms: ask
    assert isinstance(unknown, Question) and "What rebate applies" in unknown.text


def test_a_condition_on_us_and_free_text() -> None:
    reading = parse("they offer 2% if we sign this week, else 1.5%", DEALER)
    assert isinstance(reading, Parsed)
    assert reading.move["if"] == {
        "issue": "rebate",
        "else": 1.5,
        "by": "we",
        "text": "sign this week",
    }


@pytest.mark.parametrize(
    ("line", "answer", "expected"),
    [
        (
            "final offer: 2% and 60 days",
            "they",
            {"they": {"ultimatum": {"rebate": 2.0, "payment_days": 60}}},
        ),
        ("we offer 1.5 and 2", "3", {"we": {"offer": {"stock": 1.5, "rebate": 2.0}}}),
        ("we go up to 1.25", "1", {"we": {"offer": {"rebate": 1.25}}}),
        ("they accept 1.5%", "offer", {"they": {"offer": {"rebate": 1.5}}}),
        ("they don't accept", "silent", {"they": "silent"}),
        ("we offer rebat=1.5", "yes", {"we": {"offer": {"rebate": 1.5}}}),
        ("they might do 1.75%", "yes", {"they": {"offer": {"rebate": 1.75}}}),
        (
            "they offer 2% if we pay in 45 days",
            "1.5",
            {
                "they": {
                    "offer": {"rebate": 2.0, "payment_days": 45},
                    "if": {"issue": "rebate", "else": 1.5, "by": "we", "text": "pay in 45 days"},
                }
            },
        ),
    ],
)
def test_answering_a_question_reads_the_reworded_line(
    line: str, answer: str, expected: dict[str, Any]
) -> None:
    question = parse(line, DEALER)
    assert isinstance(question, Question)
    reworded = question.answer(answer)
    assert reworded is not None, question.options
    reading = parse(reworded, DEALER)
    assert isinstance(reading, Parsed), reading
    assert reading.entries == [expected]


def test_an_answer_that_is_no_option_is_none() -> None:
    question = parse("we offer 1.5 and 2", DEALER)
    assert isinstance(question, Question)
    assert question.answer("9") is None
    assert question.answer("maybe") is None


def test_entries_are_what_parse_moves_reads() -> None:
    """The entries go straight into the advisor's moves reader."""
    from accord.advisor.moves import parse_moves

    plan = load_plan(EXAMPLES / "dealer_rebate.plan.yaml")
    lines = [
        "we offer rebate=1 stock=2 payment_days=30 term_years=3",
        "they want 2%, 1x, 90 days and a 2-year term",
        "we can do 1.5% if you stock 1.5x, else 1%",
        "they say they need an answer by Friday",
        "they accept",
    ]
    entries = []
    for line in lines:
        reading = parse(line, DEALER)
        assert isinstance(reading, Parsed), reading
        entries += reading.entries
    history = parse_moves(entries, plan)
    assert history.ending is not None and history.ending.reason == "agreement"
    assert history.ending.condition is not None and history.claims[0].kind == "deadline"
