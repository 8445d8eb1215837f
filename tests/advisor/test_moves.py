"""Reading the talks from a file: hand-written moves, transcripts, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.advisor.helpers import FAIR, OURS, THEIRS, make_plan, offer
from tests.conftest import DEALER, MOVES

from accord.advisor.moves import load_history, parse_moves
from accord.errors import InputError
from accord.formats import load_scenario
from accord.protocol import AddOn, ConsultAuthority, Negotiation, Offer, Silence
from accord.strategies import make


def test_the_example_moves_file() -> None:
    plan = make_plan()
    h = load_history(MOVES, plan)
    assert h.rounds == 20 and len(h.events) == 8 and h.ending is None
    assert [e.actor for e in h.events] == ["A", "B"] * 4
    assert h.events[5].move == ConsultAuthority(1)
    assert h.claims[0].kind == "deadline" and h.claims[0].actor == "B"
    last = plan.space.outcome(h.events[7].move.outcome)  # a partial offer, completed
    assert last == {
        "rebate": 2.0,
        "stock": 1.25,
        "payment_days": 60,
        "co_marketing": False,
        "term_years": 2,
    }


def test_words_mappings_conditions_and_the_end() -> None:
    plan = make_plan()
    h = parse_moves(
        [
            {"we": offer(**OURS)},
            {"they": "Silence"},
            {"we": {"add": "co_marketing"}},
            {"they": {"consult authority": 2}},
            {
                "we": {
                    "offer": {"rebate": 2.0},
                    "if": {"issue": "rebate", "else": 1.0, "by": "they", "text": "stock >= 1.5x"},
                }
            },
            {"they": "accept"},
            {"we": {"display": "modest"}},
        ],
        plan,
    )
    kinds = [e.kind for e in h.events]
    assert kinds == [
        "offer",
        "silence",
        "add_on",
        "consult_authority",
        "offer",
        "accept",
        "display",
    ]
    assert h.events[2].move == AddOn("co_marketing")
    assert plan.space.outcome(h.events[2].outcome)["co_marketing"] is True
    c = h.events[4].move.condition
    assert c.obligor == "B" and c.text == "stock >= 1.5x" and c.fallback == 0
    assert h.ending.reason == "agreement" and h.ending.agreement == h.events[4].outcome
    assert h.ending.condition == c
    assert h.events[6].note == "closing"


def test_a_delay_is_a_turn_without_a_move() -> None:
    plan = make_plan()
    h = parse_moves(
        [{"we": offer(**OURS)}, {"they": {"delay": "two weeks"}}, {"we": "silent"}], plan
    )
    assert h.events[1].move == Silence() and h.events[1].note == "delay: two weeks"


BAD = {
    "alternation": ([{"we": offer(**OURS)}, {"we": offer(**FAIR)}], "moves[2].we", "silent"),
    "first offer": ([{"they": offer(rebate=2.0)}], "moves[1].they.offer.stock", "first offer"),
    "issue": ([{"they": offer(**THEIRS, bonus=1)}], "moves[1].they.offer.bonus", "one of"),
    "value": ([{"they": offer(**THEIRS | {"rebate": 9})}], "moves[1].they.offer.rebate", "one of"),
    "word": ([{"they": "shrug"}], "moves[1].they", "silent, accept"),
    "side": ([{"us": "silent"}], "moves[1]", "'we' or 'they'"),
    "add-on": (
        [{"they": offer(**THEIRS)}, {"we": {"add": "stock"}}],
        "moves[2].we",
        "co_marketing",
    ),
    "accept": ([{"we": "accept"}], "moves[1].we", None),
    "ended": ([{"we": "walk away"}, {"they": "silent"}], "moves[2].they", None),
    "display": ([{"we": {"display": "modest"}}], "moves[1].we", None),
    "condition": (
        [{"we": {"offer": OURS, "if": {"issue": "rebate"}}}],
        "moves[1].we.offer.if",
        "else",
    ),
    "pause": ([{"they": {"consult authority": 9}}], "moves[1].they", "1, 2 or 3"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_moves_name_the_entry(case: str) -> None:
    entries, field, expected = BAD[case]
    with pytest.raises(InputError) as info:
        parse_moves(entries, make_plan(), "talks.yaml")
    assert info.value.source == "talks.yaml" and info.value.field == field
    if expected is not None:
        assert expected in (info.value.expected or "") + info.value.message


def test_files_of_every_shape(tmp_path: Path) -> None:
    plan = make_plan()
    scenario = load_scenario(DEALER)
    t = Negotiation(scenario, make("diplomat"), make("boulware"), seed=1).run()
    negotiate = tmp_path / "negotiate.json"
    negotiate.write_text(json.dumps({"scenario": scenario.name, "transcript": t.to_json()}))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(t.to_json()))
    listed = tmp_path / "moves.json"
    listed.write_text(json.dumps([{"we": {"offer": OURS}}]))
    for path in (negotiate, bare):
        h = load_history(path, plan)
        assert list(h.events) == t.events and h.rounds == t.rounds and h.ending == t.ending
    assert isinstance(load_history(listed, plan).events[0].move, Offer)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("moves: [1, 2", None, "malformed YAML"),
        ("moves: {we: silent}", "moves", "not a list"),
        ("rounds: 0\nmoves: []", "rounds", "rounds is 0"),
        ("rounds: 1\nmoves: [{we: silent}, {they: silent}, {we: silent}]", "rounds", "past"),
        ("moves: []\nspeed: 2", "speed", "unknown key"),
        ("42", None, "not a transcript"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, field: str | None, message: str) -> None:
    path = tmp_path / "talks.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_history(path, make_plan())
    assert info.value.source == str(path) and info.value.field == field
    assert message in info.value.message


def test_a_transcript_of_another_scenario_is_refused(tmp_path: Path) -> None:
    plan = make_plan()
    t = Negotiation(load_scenario(DEALER), make("linear"), make("linear"), seed=1).run()
    data = t.to_json() | {"scenario": "Another scenario"}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="scenario 'Another scenario'") as info:
        load_history(path, plan)
    assert info.value.field == "scenario"
    path.write_text("{not json")
    with pytest.raises(InputError, match="malformed JSON"):
        load_history(path, plan)
