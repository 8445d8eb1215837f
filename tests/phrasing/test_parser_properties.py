"""Whatever is typed, the parser answers (a reading, a question or a refusal) and never
raises; a reading is a move the coach turns into an engine move or refuses cleanly."""

from __future__ import annotations

from contextlib import suppress

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLES

from accord.coach.entries import is_claim, to_move
from accord.errors import InputError
from accord.phrasing import Lexicon, Parsed, Question, Refusal, parse
from accord.phrasing.vocabulary import VOCABULARY
from accord.plan import load_plan

PLAN = load_plan(EXAMPLES / "dealer_rebate.plan.yaml")
LEX = Lexicon.of_plan(PLAN)
WORDS = [
    *sorted(VOCABULARY),
    "rebate",
    "stock",
    "payment_days",
    "co-marketing",
    "term",
    "1.5%",
    "2x",
    "60 days",
    "1.25",
    "3 years",
    "=",
    ",",
    "blorp",
    "if",
    "else",
    "we",
    "they",
]
STANDING = {"rebate": 1.0, "stock": 2.0, "payment_days": 30, "co_marketing": False, "term_years": 3}


def _check(line: str) -> None:
    reading = parse(line, LEX)
    assert isinstance(reading, Parsed | Question | Refusal)
    if isinstance(reading, Question):
        for _, reworded in reading.options:
            assert isinstance(reworded, str)
    if isinstance(reading, Parsed) and reading.move is not None and not is_claim(reading.move):
        role = PLAN.side if reading.speaker == "we" else PLAN.other
        with suppress(InputError):  # a clear refusal is fine; anything else is a bug
            to_move(reading.move, reading.speaker, role, PLAN, dict(STANDING))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gets_an_answer(line: str) -> None:
    _check(line)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9))
def test_any_word_salad_gets_an_answer(words: list[str]) -> None:
    _check(" ".join(words))
