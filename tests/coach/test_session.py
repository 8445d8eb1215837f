"""The coach's session without a terminal: live and practice negotiations, questions,
warnings before our move, undo, and resume from the store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES

from accord.coach import CoachSession, Reply
from accord.coach.ending import debrief_of, summary
from accord.errors import InputError
from accord.protocol.moves import AddOn, ConsultAuthority, Offer, Silence, WalkAway
from accord.store import Store, negotiations, open_store
from accord.store import coached as saved

PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
OPENING = "we offer rebate=1 stock=2 payment_days=30 term_years=3"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "coach.db")) as s:
        yield s


def play(session: CoachSession, *lines: str) -> Reply:
    reply = Reply()
    for line in lines:
        reply = session.handle(line)
        assert reply.error is None, (line, reply.error)
    return reply


def stored(store: Store, session: CoachSession) -> list[object]:
    return negotiations.events(store, session.negotiation_id)


def test_a_live_negotiation_is_stored_move_by_move(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    assert s.status().advice is not None  # we are A: our move first
    reply = play(s, OPENING)
    assert reply.waiting is not None and reply.said[0].startswith("round 1: we offer rebate=1%")
    assert len(stored(store, s)) == 1  # committed before the next line is read
    reply = play(s, "they want 2%, 1x, 90 days and a 2-year term")
    assert reply.advice is not None and reply.advice.recommendation.kind == "counter"
    reply = play(s, "they say they need an answer by Friday")
    assert reply.advice is not None
    assert reply.advice.recommendation.kind == "consult_authority"  # P6, P9
    assert [t.name for t in reply.advice.tactics] == ["time_pressure", "anchoring"]
    reply = play(s, "we can do 1.5% if you stock 1.5x")
    # P3 and P9: asked before it is made
    assert [c.code for c in reply.cautions] == ["unreciprocated", "deadline_concession"]
    play(s, "yes")
    reply = play(s, "they accept")
    assert reply.ended and stored(store, s) == s.transcript.events
    ending = s.transcript.ending
    assert ending is not None and ending.reason == "agreement" and ending.condition is not None
    assert ending.condition.text == "stock 1.5x"
    assert summary(s)[0].startswith("Agreement: rebate=1.5%")
    shown = debrief_of(s)
    assert shown is not None  # the summary's figure is the debrief's: the expected worth
    assert summary(s)[1].startswith(f"our expected utility {shown.result.utilities[0]:.3f} ")
    assert summary(s)[2].startswith("to us ") and "at our belief" in summary(s)[2]
    assert negotiations.info(store, s.negotiation_id).open  # until we leave: undo stays possible
    assert play(s, "quit").quit
    s.finish()
    info = negotiations.info(store, s.negotiation_id)
    assert not info.open and info.reason == "agreement"
    assert info.strategies == ("coach", "counterpart")
    assert info.path == str((EXAMPLES / "dealer_rebate.yaml").absolute())
    with pytest.raises(InputError, match="already ended"):
        CoachSession.resume(store, s.negotiation_id)


def test_resume_rebuilds_moves_claims_and_advice(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING, "they offer 2% 1x 90 days 2 years", "they say they need an answer by Friday")
    before = s.status().advice
    again = CoachSession.resume(store, s.negotiation_id)
    assert again.transcript.events == s.transcript.events
    assert again.moves() == s.moves()
    assert "they claim a deadline: they need an answer by Friday" in again.moves()[-1]
    after = again.status().advice
    assert before is not None and after is not None
    assert after.recommendation.move == before.recommendation.move == ConsultAuthority(1)
    assert saved.latest_open(store) == s.negotiation_id


def test_practice_against_a_strategy_and_undo(store: Store) -> None:
    s = CoachSession.start(store, PLAN, against="hardliner", seed=3)
    reply = play(s, OPENING)
    assert [line.split(":")[1].split()[0] for line in reply.said] == ["we", "they"]
    reply = s.handle("they offer 2%")
    assert reply.error is not None and "hardliner plays their side" in reply.error
    play(s, "we offer 1.25% and 45 days")
    events = list(s.transcript.events)
    reply = s.handle("undo")  # takes back our move and the strategy's reply
    assert [u.split(": ", 1)[1].split(" ")[0] for u in reply.info] == ["round", "round"]
    assert s.transcript.events == events[:2] == stored(store, s)
    play(s, "we offer 1.25% and 45 days")  # the same move again: the same reply (seeded)
    assert s.transcript.events == events == stored(store, s)
    assert negotiations.info(store, s.negotiation_id).strategies == ("coach", "hardliner")
    again = CoachSession.resume(store, s.negotiation_id)
    assert again.transcript.events == events and again.practice


def test_a_strategy_moving_first_and_undo_with_nothing_typed(store: Store, tmp_path: Path) -> None:
    plan = tmp_path / "b.plan.yaml"
    text = (
        PLAN.read_text()
        .replace("side: A", "side: B")
        .replace("scenario: dealer_rebate.yaml", f"scenario: {EXAMPLES / 'dealer_rebate.yaml'}")
    )
    plan.write_text(text.replace("keep_for_close: [co_marketing]", "keep_for_close: []"))
    s = CoachSession.start(store, plan, against="boulware")
    assert len(s.transcript.events) == 1 and s.transcript.events[0].actor == "A"
    assert s.handle("undo").error == "Nothing to undo."


def test_a_move_out_of_turn_asks_whether_the_other_side_was_silent(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING)
    reply = s.handle("we offer 1.25%")  # their move: did they stay silent?
    assert reply.question is not None and "did they stay silent first" in reply.question.text
    assert len(s.transcript.events) == 1
    reply = s.handle("yes")
    assert reply.said[0].startswith("round 1: they stay silent")
    assert reply.question is not None and "make this move anyway" in reply.question.text  # P5
    assert [c.code for c in reply.cautions] == ["fills_silence"]
    reply = s.handle("no")
    assert reply.info == ("Not recorded.",) and len(s.transcript.events) == 2


def test_warnings_wait_for_yes(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING, "they offer 2% 1x 90 days 2 years")
    reply = s.handle("we accept")
    assert reply.question is not None
    assert reply.cautions[0].code == "below_walk_away" and reply.cautions[0].severity == "error"
    assert not s.ended
    reply = s.handle("yes")
    assert reply.ended and s.transcript.ending is not None


def test_a_refused_ultimatum_ends_the_talks_after_a_warning(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING, "they: final offer: 1.5% 2x 45 days 2 years")  # above our walk-away
    reply = s.handle("we offer 1.25%")
    assert [c.code for c in reply.cautions] == ["refuses_ultimatum"]  # the walk-away it is
    reply = s.handle("yes")
    assert reply.ended and s.transcript.events[-1].move == WalkAway()
    assert s.transcript.ending is not None and s.transcript.ending.reason == "ultimatum_refused"


def test_consulting_authority_pauses_that_side(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING, "they need to consult their director")
    reply = play(s, "we are silent")  # their next turn passes in the pause
    assert reply.said[-1] == "round 2: they stay silent (consulting authority)"
    assert reply.advice is not None and s.transcript.events[-1].move == Silence()
    play(s, "we add co_marketing", "yes")  # early: P11 asks first
    assert s.transcript.events[-1].move == AddOn("co_marketing")


def test_bad_input_records_nothing(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    for line in ("blorp", "we offer 1.3%", "they accept", "we offer rebate=1.5"):
        reply = s.handle(line)
        assert reply.error is not None or reply.question is not None, line
        assert reply.said == ()
    assert "first offer names every issue" not in (s.handle("we offer rebate=1.5").error or "x")
    assert "every issue in a side's first offer" in (s.handle("we offer rebate=1.5").error or "")
    assert s.transcript.events == [] == stored(store, s)


def test_an_answer_completes_the_question(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING)
    assert s.handle("final offer: 2% 1.25x 60 days 2 years").question is not None
    reply = s.handle("they")
    assert reply.said[0].startswith("round 1: they make a final offer: rebate=2%")


def test_undo_a_claim_then_a_move(store: Store) -> None:
    s = CoachSession.start(store, PLAN)
    play(s, OPENING, "they offer 2% 1x 90 days 2 years", "they need an answer by Friday")
    reply = s.handle("undo")
    assert reply.info == ("Undone: they claim a deadline: need an answer by Friday",)
    assert reply.advice is not None and reply.advice.recommendation.kind == "counter"
    assert CoachSession.resume(store, s.negotiation_id).history().claims == ()
    s.handle("undo")
    assert len(s.transcript.events) == 1 == len(stored(store, s))
    play(s, "they are silent")
    assert isinstance(s.transcript.events[0].move, Offer) and len(stored(store, s)) == 2


def test_a_plan_without_a_scenario(store: Store, tmp_path: Path) -> None:
    plan = tmp_path / "own.plan.yaml"
    plan.write_text(
        "name: bare\nside: A\ncounterpart: Acme\nissues:\n"
        "  - {name: price, type: integer, low: 10, high: 20, unit: $}\n"
        "  - {name: term, type: ordered, values: [1, 2, 3], unit: years}\n"
        "our_preferences:\n  weights: {price: 0.7, term: 0.3}\n"
        "  values: {price: {linear: high}, term: {linear: high}}\n"
        "batna: {utility: 0.2}\n"
    )
    with pytest.raises(InputError, match="practice needs a scenario"):
        CoachSession.start(store, plan, against="hardliner")
    with pytest.raises(InputError, match="the ledger keeps relationships on a scenario"):
        CoachSession.start(store, plan, counterparty="Acme")
    s = CoachSession.start(store, plan)
    play(s, "we offer $20 for 3 years", "Acme offers 12 and 1 year")
    assert play(s, "we accept").question is not None  # below our walk-away
    assert play(s, "yes").ended
    s.finish()
    assert negotiations.info(store, s.negotiation_id).reason == "agreement"
    assert debrief_of(s) is None and summary(s)[0] == "Agreement: price=$12, term=1 year"


def test_resume_refuses_what_the_coach_did_not_hold(store: Store) -> None:
    neg = negotiations.start(
        store, scenario="x", strategies=("boulware", "conceder"), seed=0, rounds=5
    )
    with pytest.raises(InputError, match="not held with `accord coach`"):
        CoachSession.resume(store, neg)
    with pytest.raises(InputError, match="no coached negotiation is open"):
        saved.latest_open(store)
    with pytest.raises(InputError, match=r"--against"):
        CoachSession.start(store, PLAN, against="nobody")


def test_a_counterparty_gets_its_relationship_updated(store: Store) -> None:
    from accord.store import ledger

    s = CoachSession.start(store, PLAN, against="conceder", counterparty="Dealer Co")
    play(s, OPENING)
    while not s.ended:
        reply = s.handle("we accept")
        if reply.question is not None:
            s.handle("yes")
    s.finish()
    assert [h.name for h in ledger.health(store)] == ["Dealer Co"]
    assert negotiations.info(store, s.negotiation_id).counterparty == "Dealer Co"


def test_negotiate_resume_sends_a_coached_negotiation_to_the_coach(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli.main import app

    db = tmp_path / "coach.db"
    with open_store(str(db)) as store:
        s = CoachSession.start(store, PLAN)
        play(s, OPENING)
    result = CliRunner().invoke(
        app, ["negotiate", "--resume", str(s.negotiation_id), "--db", str(db)]
    )
    assert result.exit_code == 2
    assert f"accord coach --resume {s.negotiation_id}" in result.output


def test_a_relative_figure_is_recorded_with_its_working(store: Store) -> None:
    """'5% off' is worked out on our standing price, and the coach says how."""
    s = CoachSession.start(store, EXAMPLES / "saas_renewal.plan.yaml", against="boulware")
    opening = (
        "we offer $120 per seat, 1200 seats, 3 years, 3% cap, annual upfront, standard support"
    )
    play(s, opening)
    reply = s.handle("we can do 5% off")
    assert reply.info[0] == "read as: $120/seat less 5% is $114/seat"
    if reply.question is not None:  # a warning first: the move waits for yes
        reply = s.handle("yes")
    assert "price_per_seat=$114/seat" in reply.said[0]


def test_a_buyer_at_side_b_keeps_the_relationship_seen_from_their_chair(
    store: Store, tmp_path: Path
) -> None:
    """Procurement often sits at B: the ledger keeps us first, so the relationship's
    record is the talks seen from B's chair (the transcript stays as it was held)."""
    from accord.analysis.outcome import evaluate
    from accord.analysis.report import analyse
    from accord.relationship import record_of
    from accord.store import ledger

    plan = tmp_path / "b.plan.yaml"
    text = PLAN.read_text().replace("side: A", "side: B")
    text = text.replace(
        "scenario: dealer_rebate.yaml", f"scenario: {EXAMPLES / 'dealer_rebate.yaml'}"
    )
    plan.write_text(text.replace("keep_for_close: [co_marketing]", "keep_for_close: []"))
    s = CoachSession.start(store, plan, against="boulware", seed=1, counterparty="Maker Co")
    for _ in range(100):
        if s.ended:
            break
        reply = s.handle("ok")
        if reply.question is not None:
            s.handle("yes")
    assert s.ended
    s.finish()
    held = record_of(
        analyse(s.scenario, seed=s.transcript.seed), evaluate(analyse(s.scenario), s.transcript)
    )
    [step] = ledger.history(store, "Maker Co")
    kept = step.state.history[-1]
    assert kept.utilities == held.utilities[::-1] and kept.reservations == held.reservations[::-1]
    assert kept == held.mirrored() and held.agreement
    assert negotiations.transcript(store, s.negotiation_id).events == s.transcript.events
