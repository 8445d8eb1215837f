"""An honest debrief (issue 12, item 4): their answers to our tactics are not our
principles, every claim is dated to the round it was said in, and a better deal is
called available only when this counterpart's behaviour put it within reach."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from tests.conftest import EXAMPLES
from tests.debrief.helpers import NEAR, OURS, THEIRS, analysis, o, play, scenario

from accord.advisor.moves import load_history
from accord.advisor.tactics import Tactic
from accord.analysis.outcome import evaluate
from accord.cli.render_debrief import render_debrief
from accord.coach import CoachSession
from accord.debrief import Answer, Debrief, debrief
from accord.debrief.sources import from_store
from accord.debrief.tactics import tactics
from accord.debrief.talks import Talks, plans_for
from accord.plan import load_plan
from accord.protocol.engine import Negotiation
from accord.protocol.moves import Offer, Silence, Ultimatum, WalkAway
from accord.protocol.transcript import Transcript
from accord.store import open_store
from accord.strategies import make

PLAN = EXAMPLES / "dealer_rebate.plan.yaml"
#: 0.375 to us: better for us than their opening (0.075).
ABOVE = {**THEIRS, "stock": 1.75, "payment_days": 60}
#: 0.72 to us: more for us than the Nash point (0.495).
FAIR_FOR_A = {"rebate": 1.5, "stock": 2.0, "payment_days": 45, "term_years": 2}


def shown(d: Debrief) -> str:
    console = Console(record=True, width=200)
    render_debrief(d, console)
    return console.export_text()


# 1. our tactics and their answers ---------------------------------------------------------


def our_silence_filled() -> Transcript:
    """We go quiet; they answer with a concession; our ultimatum is refused."""
    return play(
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Silence()),
        ("B", Offer(o(ABOVE))),
        ("A", Ultimatum(o(OURS))),
        ("B", WalkAway()),
    )


def test_their_answer_to_our_tactic_is_described_not_our_broken_principle() -> None:
    d = debrief(analysis(), our_silence_filled(), "A")
    ours = {u.name: u for u in d.our_tactics}
    filled = ours["silence"].answers[0]
    assert filled.kind == "concede" and "conceded" in filled.reply
    assert filled.verdict is None and filled.principles == ()
    assert all(a.verdict is None for u in d.our_tactics for a in u.answers)
    assert {u.side for u in d.our_tactics} == {"A"} and {u.side for u in d.their_tactics} <= {"B"}
    # From their seat the same silence is their tactic, and their concession is judged.
    theirs = {u.name: u for u in debrief(analysis(), our_silence_filled(), "B").their_tactics}
    assert theirs["silence"].answers[0].verdict == "broken"
    assert theirs["silence"].answers[0].principles == ("P5",)


def test_json_keeps_theirs_and_ours_apart_with_verdicts_only_on_our_answers() -> None:
    d = debrief(analysis(), our_silence_filled(), "A")
    data = json.loads(json.dumps(d.to_json()))["tactics"]
    assert set(data) == {"theirs", "ours"}
    assert [u["side"] for u in data["theirs"]] == ["B"] * len(data["theirs"])
    assert {u["name"] for u in data["ours"]} >= {"silence", "ultimatum"}
    answers = [a for u in data["ours"] for a in u["answers"]]
    assert answers and all("verdict" not in a and "principles" not in a for a in answers)
    assert {a["kind"] for a in answers} >= {"concede"}
    judged = [a for u in data["theirs"] for a in u["answers"]]
    assert judged and all("verdict" in a for a in judged)
    silence = next(u for u in data["ours"] if u["name"] == "silence")
    assert silence["rounds"] == [2] and silence["answers"][0]["reply_round"] == 2


def test_the_terminal_shows_two_tables_and_never_scores_their_answers() -> None:
    text = shown(debrief(analysis(), our_silence_filled(), "A"))
    assert "Tactics they used, and how we answered" in text
    ours = text[text.index("Tactics we used, and how they answered") :]
    ours = ours[: ours.index("The relationship")]
    assert "conceded" in ours and "✗" not in ours and "broke" not in ours


# 2. claims dated to the round they were said in --------------------------------------------


def coached_with_a_late_deadline(db: Path) -> tuple[CoachSession, tuple[Tactic, ...]]:
    """Three rounds of both sides repeating themselves, then at the start of our
    round-4 turn (turn 6) they claim a deadline, and we concede."""
    lines = [
        "we offer rebate=1 stock=2 payment_days=30 term_years=3",
        "they want 2%, 1x, 90 days and a 2-year term",
    ] * 3
    lines += [
        "they say they need an answer by Friday",
        "we can do 1.5% if you stock 1.5x",
        "they accept",
    ]
    store = open_store(str(db))
    s = CoachSession.start(store, PLAN)
    tactics: tuple[Tactic, ...] = ()
    for line in lines:
        reply = s.handle(line)
        while reply.question is not None:  # the coach asks before a warned move
            reply = s.handle("yes")
        assert reply.error is None, (line, reply.error)
        if line.startswith("they say") and reply.advice is not None:
            tactics = reply.advice.tactics
    return s, tactics


def test_a_deadline_typed_at_round_4_is_listed_at_round_4(tmp_path: Path) -> None:
    s, tactics = coached_with_a_late_deadline(tmp_path / "coach.db")
    pressed = next(t for t in tactics if t.name == "time_pressure")
    assert pressed.turns == (6,)  # the coach's advice read it at our round-4 turn
    assert s.handle("quit").quit
    s.finish()
    loaded = from_store(s.store, s.negotiation_id)
    assert [c.turn for c in loaded.claims] == [6]
    d = debrief(loaded.scenario, loaded.transcript, "A", claims=loaded.claims)
    use = next(u for u in d.their_tactics if u.name == "time_pressure")
    assert [t // 2 + 1 for t in use.turns] == [4]
    answer = use.answers[0]
    assert answer.reply_turn == 6 and answer.kind == "concede"  # our very next move
    assert answer.verdict == "broken" and "P9" in answer.principles
    data = d.to_json()["tactics"]["theirs"]
    assert next(u for u in data if u["name"] == "time_pressure")["rounds"] == [4]


def test_a_moves_file_dates_a_claim_as_the_coach_does(tmp_path: Path) -> None:
    moves = tmp_path / "talks.moves.yaml"
    ours = "{offer: {rebate: 1.0, stock: 2.0, payment_days: 30, term_years: 3}}"
    theirs = "{offer: {rebate: 2.0, stock: 1.0, payment_days: 90, term_years: 2}}"
    body = [f"  - we: {ours}\n  - they: {theirs}\n"] * 3
    moves.write_text("rounds: 20\nmoves:\n" + "".join(body) + "  - they: {deadline: by Friday}\n")
    history = load_history(moves, load_plan(PLAN))
    assert [(c.turn, c.actor) for c in history.claims] == [(6, "B")]


# 3. a better deal: within reach, or only on paper --------------------------------------------


def test_against_a_hardliner_who_never_moved_the_nash_point_is_only_on_paper() -> None:
    neg = Negotiation(scenario(), make("diplomat"), make("hardliner"), seed=1)
    neg.run()
    d = debrief(analysis(), neg.transcript, "A")
    e = d.efficiency
    assert not d.result.agreement and e.kind == "nash"
    assert len({p.outcome for p in d.outcome.offers["B"]}) == 1  # they never moved
    assert e.reachable is False and e.why is not None and "never moved" in e.why
    data = d.to_json()["efficiency"]
    assert data["reachable"] is False and "never moved" in data["reachable_why"]
    text = shown(d)
    assert "The Nash point was available" not in text
    assert "Only the numbers made it available: they never moved" in text
    assert "Left on the table, on paper" in text


def test_a_counterpart_that_moved_made_the_nash_point_reachable() -> None:
    t = play(
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Offer(o(OURS))),
        ("B", Offer(o(ABOVE))),
        ("A", Offer(o(OURS))),
        ("B", WalkAway()),
    )
    e = debrief(analysis(), t, "A").efficiency
    assert e.kind == "nash" and e.reachable is True
    assert e.why == "within reach: their offers rose from 0.075 to 0.375 for us"


def test_a_counterpart_that_offered_as_much_made_it_reachable() -> None:
    t = play(("A", Offer(o(OURS))), ("B", Offer(o(FAIR_FOR_A))), ("A", WalkAway()))
    d = debrief(analysis(), t, "A")
    assert d.efficiency.kind == "nash" and d.efficiency.reachable is True
    assert d.efficiency.why == "within reach: they offered us as much (0.720, round 1)"
    assert "The Nash point was available" in shown(d)


def test_a_better_deal_after_an_agreement_is_within_reach() -> None:
    neg = Negotiation(scenario(), make("diplomat"), make("panderer"), seed=1)
    neg.run()
    e = debrief(analysis(), neg.transcript, "A").efficiency
    assert e.kind == "dominating" and e.reachable is True
    assert e.why is not None and e.why.startswith("within reach: no worse for them")


def test_reachability_is_read_from_our_counterpart_for_each_seat() -> None:
    t = play(
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Offer(o(OURS))),
        ("B", Offer(o(ABOVE))),
        ("A", WalkAway()),
    )
    ours, theirs = debrief(analysis(), t, "A").efficiency, debrief(analysis(), t, "B").efficiency
    assert ours.better == theirs.better and ours.kind == theirs.kind == "nash"
    assert ours.reachable is True  # B moved
    assert theirs.reachable is False and "never moved" in (theirs.why or "")  # A did not


def test_our_answers_follow_the_advisors_review_when_it_is_given() -> None:
    """With the review's warnings (as the coach showed them), a concession after their
    silence is broken only where the review warned, so the table agrees with the
    checklist; their answers to our tactics stay undescribed by any verdict."""
    t = play(
        ("A", Offer(o(OURS))),
        ("B", Offer(o(THEIRS))),
        ("A", Offer(o(OURS))),
        ("B", Silence()),
        ("A", Offer(o(NEAR))),
        ("B", WalkAway()),
    )
    talks = Talks(analysis(), t, evaluate(analysis(), t), "A", plans_for(analysis(), "A", None))

    def silence(warned: dict[int, frozenset[str]]) -> Answer:
        use = next(u for u in tactics(talks, warned) if u.side == "B" and u.name == "silence")
        return use.answers[0]

    broken = silence({4: frozenset({"P5", "P3"})})
    assert (broken.verdict, broken.principles) == ("broken", ("P5",))
    kept = silence({4: frozenset()})  # reviewed, not warned: kept, as the checklist says
    assert kept.verdict == "kept" and kept.principles == ("P5", "P2")
    assert silence({}).verdict is None  # no reviewed reply of ours
    ours = [a for u in tactics(talks, {4: frozenset({"P5"})}) if u.side == "A" for a in u.answers]
    assert all(a.verdict is None for a in ours)
