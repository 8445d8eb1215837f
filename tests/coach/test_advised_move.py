"""Enter (an empty line) or `ok` at our move records the advised move through the path a
typed move takes; anywhere else they record nothing. And `help` is the plan's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from accord.coach import CoachSession
from accord.phrasing import Context, Parsed, parse
from accord.protocol.moves import ConsultAuthority, Offer
from accord.store import Store, negotiations, open_store

DEALER = EXAMPLES / "dealer_rebate.plan.yaml"
SAAS = EXAMPLES / "saas_renewal.plan.yaml"
OPENING = "we offer rebate=1 stock=2 payment_days=30 term_years=3"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "coach.db")) as s:
        yield s


@pytest.mark.parametrize("line", ["", "ok", "OK.", "  "])
def test_enter_or_ok_records_the_recommendation(store: Store, line: str) -> None:
    s = CoachSession.start(store, DEALER, against="boulware")
    advice = s.status().advice
    assert advice is not None and isinstance(advice.recommendation.move, Offer)
    reply = s.handle(line)
    assert reply.error is None and reply.question is None
    assert reply.info == ("The advised move (counter):",)
    assert reply.said[0].startswith("round 1: we offer rebate=1.25%")  # what was recorded
    first = negotiations.events(store, s.negotiation_id)[0]
    assert first.actor == "A" and first.move == advice.recommendation.move  # stored


def test_the_advised_move_follows_the_talks(store: Store) -> None:
    s = CoachSession.start(store, DEALER)
    s.handle(OPENING)
    s.handle("they want 2%, 1x, 90 days and a 2-year term")
    advice = s.handle("they say they need an answer by Friday").advice
    assert advice is not None and advice.recommendation.kind == "consult_authority"
    reply = s.handle("")
    assert reply.said == ("round 2: we consult our authority (1 round)",)
    assert isinstance(s.transcript.events[-1].move, ConsultAuthority)
    assert reply.waiting is not None  # their move now


def test_nothing_is_recorded_off_our_move(store: Store) -> None:
    s = CoachSession.start(store, DEALER)
    s.handle(OPENING)
    assert s.handle("") == type(s.handle(""))()  # their move: an empty line is nothing
    assert len(s.transcript.events) == 1
    reply = s.handle("ok")  # their move: `ok` is read as a line, never our advice
    assert "The advised move (counter):" not in reply.info


def test_a_longer_line_with_ok_is_parsed(store: Store) -> None:
    s = CoachSession.start(store, DEALER, against="boulware")
    reply = s.handle("ok, we offer rebate=1 stock=2 payment_days=30 term_years=3")
    assert "The advised move (counter):" not in reply.info


def test_a_pending_question_is_not_answered_by_enter(store: Store) -> None:
    s = CoachSession.start(store, DEALER)
    s.handle(OPENING)
    s.handle("they want 2%, 1x, 90 days and a 2-year term")
    s.handle("they say they need an answer by Friday")
    asked = s.handle("we can do 1.5% if you stock 1.5x")
    assert asked.question is not None and asked.cautions  # warned: asked before it is made
    events = len(s.transcript.events)
    assert s.handle("").said == ()
    assert len(s.transcript.events) == events
    assert s.handle("yes").said  # the question still stands


def test_help_shows_the_plans_own_issues_values_and_examples(store: Store) -> None:
    s = CoachSession.start(store, SAAS)
    text = s.handle("help").info[0]
    for shown in ("price_per_seat", "$84/seat", "$120/seat", "1,200 seats", "premium 24x7"):
        assert shown in text
    assert "annually" in text and "24/7" in text  # the scenario's aliases
    assert "add-on granted by us (`we add training_days`)" in text
    assert "rebate" not in text and "co_marketing" not in text  # not the dealer's
    assert all(len(line) <= 80 for line in text.splitlines())
    examples = [
        re.split(r"\s{2,}", line.strip())[0]
        for line in text.splitlines()
        if line.startswith(("  we ", "  they "))
    ]
    moves = [e for e in examples if not e.startswith(("they: {", "we accept"))]
    assert any(e.startswith("they offer price_per_seat=") for e in moves)
    for example in moves:  # every example shown is read as a move
        if "need" in example:
            continue
        assert isinstance(parse(example, s.lexicon, Context()), Parsed), example
