"""The engine enforces the protocol: typed errors, atomic moves, pauses, ultimatums,
add-ons, conditional agreements, the deadline, closing displays, private views,
and transcripts that round-trip through JSON and replay move for move."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import DEALER

from accord.errors import InputError
from accord.formats import load_scenario
from accord.model.issues import Role
from accord.model.scenario import Scenario
from accord.protocol import (
    Accept,
    AddOn,
    Condition,
    ConsultAuthority,
    Display,
    IllegalMoveError,
    Move,
    Negotiation,
    NegotiationOverError,
    Offer,
    OutOfTurnError,
    OutsideSpaceError,
    ProtocolError,
    Silence,
    Transcript,
    Ultimatum,
    View,
    WalkAway,
)
from accord.protocol.engine import MAX_CONSULT_ROUNDS
from accord.protocol.replay import Scripted, load_transcript, replay
from accord.strategies import make
from accord.testing import Silent


@pytest.fixture(scope="module")
def s() -> Scenario:
    return load_scenario(DEALER)


def outcome(s: Scenario, **values: Any) -> int:
    """An outcome of the dealer scenario; unnamed issues take their first value."""
    base = {i.name: i.values[0] for i in s.space.issues}
    return s.space.index_of(base | values)


def talks(s: Scenario, rounds: int = 20, a: Any = None, b: Any = None) -> Negotiation:
    return Negotiation(s, a or Silent(), b or Silent(), rounds=rounds)


def snapshot(neg: Negotiation) -> tuple[int, int, str, Any, Any]:
    return (
        len(neg.transcript.events),
        neg.turn,
        neg.transcript.dumps(),
        neg.view("A").mine,
        neg.view("B").mine,
    )


# typed errors -------------------------------------------------------------------


def test_move_out_of_turn(s: Scenario) -> None:
    neg = talks(s)
    with pytest.raises(OutOfTurnError):
        neg.submit("B", Offer(0))
    neg.submit("A", Offer(0))
    with pytest.raises(OutOfTurnError):
        neg.submit("A", Offer(1))


@pytest.mark.parametrize("bad", [-1, -600, 600, 10**12, True, 2.0, "3"])
def test_offer_outside_the_space(s: Scenario, bad: Any) -> None:
    neg = talks(s)
    for move in (Offer(bad), Ultimatum(bad)):
        with pytest.raises(OutsideSpaceError):
            neg.submit("A", move)


def test_condition_fallback_outside_the_issue(s: Scenario) -> None:
    neg = talks(s)
    for fallback in (-1, 5, 1.5, True):
        with pytest.raises(OutsideSpaceError):
            neg.submit("A", Offer(0, Condition("rebate", fallback, "B")))  # type: ignore[arg-type]
    with pytest.raises(IllegalMoveError):
        neg.submit("A", Offer(0, Condition("colour", 0, "B")))


def test_numpy_outcomes_are_stored_as_int(s: Scenario) -> None:
    neg = talks(s)
    neg.submit("A", Offer(np.int64(7), Condition("rebate", np.int64(0), "B")))  # type: ignore[arg-type]
    move = neg.transcript.events[0].move
    assert isinstance(move, Offer) and type(move.outcome) is int
    assert move.condition is not None and type(move.condition.fallback) is int
    assert json.loads(neg.transcript.dumps())["events"][0]["outcome"] == 7


@pytest.mark.parametrize("ender", [WalkAway(), Accept()])
def test_move_after_the_end(s: Scenario, ender: Move) -> None:
    neg = talks(s)
    neg.submit("A", Offer(0))
    neg.submit("B", ender)
    assert neg.ended
    for role, move in (("A", Offer(0)), ("B", Offer(0)), ("A", Accept())):
        with pytest.raises(NegotiationOverError):
            neg.submit(role, move)  # type: ignore[arg-type]


def test_accept_with_nothing_on_the_table(s: Scenario) -> None:
    neg = talks(s)
    with pytest.raises(IllegalMoveError):
        neg.submit("A", Accept())
    neg.submit("A", Offer(0))
    neg.submit("B", Silence())
    with pytest.raises(IllegalMoveError):  # only A's own offer stands
        neg.submit("A", Accept())


def test_illegal_add_ons(s: Scenario) -> None:
    neg = talks(s)
    with pytest.raises(IllegalMoveError, match="no offer"):
        neg.submit("A", AddOn("co_marketing"))
    neg.submit("A", Offer(outcome(s, co_marketing=True)))
    neg.submit("B", Offer(0))
    with pytest.raises(IllegalMoveError, match="already"):
        neg.submit("A", AddOn("co_marketing"))
    for name in ("rebate", "nothing"):
        with pytest.raises(IllegalMoveError):
            neg.submit("A", AddOn(name))
    neg.submit("A", Silence())
    with pytest.raises(IllegalMoveError, match="not an add-on that B"):
        neg.submit("B", AddOn("co_marketing"))


@pytest.mark.parametrize("rounds", [0, -1, MAX_CONSULT_ROUNDS + 1])
def test_consult_authority_limits(s: Scenario, rounds: int) -> None:
    with pytest.raises(IllegalMoveError):
        talks(s).submit("A", ConsultAuthority(rounds))


def test_a_display_is_not_a_move(s: Scenario) -> None:
    with pytest.raises(IllegalMoveError):
        talks(s).submit("A", Display())


def test_zero_rounds_is_refused(s: Scenario) -> None:
    with pytest.raises(ValueError):
        talks(s, rounds=0)


def test_a_failed_move_changes_nothing(s: Scenario) -> None:
    neg = talks(s)
    neg.submit("A", Offer(outcome(s, rebate=2.0)))
    neg.submit("B", Offer(3))
    before = snapshot(neg)
    failures: list[tuple[Role, Move]] = [
        ("B", Offer(0)),
        ("A", Offer(-1)),
        ("A", Ultimatum(600)),
        ("A", Offer(0, Condition("rebate", 9, "B"))),
        ("A", AddOn("rebate")),
        ("A", ConsultAuthority(MAX_CONSULT_ROUNDS + 1)),
        ("A", Display()),
    ]
    for role, move in failures:
        with pytest.raises(ProtocolError):
            neg.submit(role, move)
        assert snapshot(neg) == before


# pauses, ultimatums, add-ons, conditions -----------------------------------------


@pytest.mark.parametrize("k", range(1, MAX_CONSULT_ROUNDS + 1))
def test_consulting_authority_pauses_k_own_turns(s: Scenario, k: int) -> None:
    a = Scripted([ConsultAuthority(k), Offer(5), WalkAway()])
    t = Negotiation(s, a, Silent(), rounds=20).run()
    mine = [e for e in t.events if e.actor == "A"]
    assert [e.turn for e in mine] == [2 * j for j in range(k + 3)]
    assert all(e.note == "consulting authority" and e.move == Silence() for e in mine[1 : k + 1])
    assert [e.note for e in mine if e.note] == ["consulting authority"] * k
    assert mine[k + 1].move == Offer(5) and mine[k + 2].move == WalkAway()
    theirs = [e for e in t.events if e.actor == "B"]
    assert [e.turn for e in theirs] == [2 * j + 1 for j in range(k + 2)]


def test_pause_counts_towards_the_deadline(s: Scenario) -> None:
    t = Negotiation(s, Scripted([ConsultAuthority(3)]), Silent(), rounds=2).run()
    assert t.ending is not None and (t.ending.reason, t.ending.turn) == ("deadline", 4)
    assert len(t.events) == 4


@pytest.mark.parametrize("answer", [Offer(3), Silence(), Ultimatum(4), WalkAway()])
def test_a_refused_ultimatum_ends_the_talks(s: Scenario, answer: Move) -> None:
    neg = talks(s)
    neg.submit("A", Ultimatum(2))
    neg.submit("B", answer)
    ending = neg.transcript.ending
    assert ending is not None
    assert (ending.reason, ending.by, ending.turn, ending.agreement) == (
        "ultimatum_refused",
        "B",
        1,
        None,
    )
    assert neg.transcript.events[-1].note == "refused the ultimatum"


def test_an_accepted_ultimatum_is_an_agreement(s: Scenario) -> None:
    neg = talks(s)
    neg.submit("A", Offer(1))
    neg.submit("B", Ultimatum(9))
    neg.submit("A", Accept())
    ending = neg.transcript.ending
    assert ending is not None
    assert (ending.reason, ending.by, ending.agreement, ending.turn) == ("agreement", "A", 9, 2)


def test_an_add_on_sets_only_its_digit(s: Scenario) -> None:
    start = outcome(s, rebate=1.5, stock=1.75, payment_days=60, term_years=2)
    neg = talks(s)
    neg.submit("A", Offer(start))
    neg.submit("B", Offer(0))
    event = neg.submit("A", AddOn("co_marketing"))
    k = s.space.issue_index("co_marketing")
    before, after = s.space.digits([start, event.outcome])
    assert after[k] == 1 and before[k] == 0
    assert np.array_equal(np.delete(before, k), np.delete(after, k))
    assert neg.view("B").theirs is not None and neg.view("B").theirs.outcome == event.outcome
    neg.submit("B", Accept())
    assert neg.transcript.ending is not None and neg.transcript.ending.agreement == event.outcome


class Believer(Silent):
    """Silent, with a fixed belief that any condition will be met; remembers what it was asked."""

    def __init__(self, belief: float) -> None:
        self.value = belief
        self.asked: list[tuple[Condition, Role]] = []

    def belief(self, condition: Condition, view: View) -> float:
        self.asked.append((condition, view.role))
        return self.value


def test_conditional_agreement_records_both_beliefs(s: Scenario) -> None:
    a, b = Believer(0.25), Believer(0.8)
    neg = talks(s, a=a, b=b)
    condition = Condition("rebate", 0, "B", "stock >= 1.5x monthly shipments")
    neg.submit("A", Offer(outcome(s, rebate=2.0), condition))
    neg.submit("B", Accept())
    ending = neg.transcript.ending
    assert ending is not None and ending.condition == condition
    assert ending.beliefs == (0.25, 0.8)
    assert a.asked == [(condition, "A")] and b.asked == [(condition, "B")]


def test_beliefs_are_clipped_and_default_by_obligor(s: Scenario) -> None:
    neg = talks(s, a=Believer(1.7), b=Silent())
    neg.submit("A", Offer(3, Condition("rebate", 0, "B")))
    neg.submit("B", Accept())
    assert neg.transcript.ending is not None
    assert neg.transcript.ending.beliefs == (1.0, 0.9)  # B is the obligor: base belief 0.9


@pytest.mark.parametrize("rounds", [1, 3, 20])
def test_the_deadline_ends_at_exactly_2_rounds_turns(s: Scenario, rounds: int) -> None:
    t = talks(s, rounds=rounds).run()
    assert t.ending is not None
    assert (t.ending.reason, t.ending.turn, t.ending.by) == ("deadline", 2 * rounds, None)
    assert [e.turn for e in t.events] == list(range(2 * rounds))


class Closer(Silent):
    """Silent, closing with a fixed display."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def close(self, view: View) -> Display | None:
        return Display(self.kind)  # type: ignore[arg-type]


def test_displays_only_after_agreement(s: Scenario) -> None:
    neg = talks(s, a=Closer("triumphant"), b=Closer("modest"))
    neg.submit("A", Offer(4))
    neg.submit("B", Accept())
    tail = neg.transcript.events[-2:]
    assert [(e.actor, e.move, e.note, e.turn) for e in tail] == [
        ("A", Display("triumphant"), "closing", 1),
        ("B", Display("modest"), "closing", 1),
    ]
    assert neg.transcript.events[-3].move == Accept()
    walked = talks(s, a=Closer("triumphant"), b=Closer("modest"))
    walked.submit("A", WalkAway())
    deadline = talks(s, rounds=2, a=Closer("triumphant"), b=Closer("modest")).run()
    for t in (walked.transcript, deadline):
        assert not any(e.kind == "display" or e.note == "closing" for e in t.events)


# views ------------------------------------------------------------------------


def reachable(obj: Any, seen: set[int] | None = None) -> list[Any]:
    """Every object reachable from `obj` through dataclass fields, sequences and dicts."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, str | int | float | np.ndarray | np.random.Generator):
        return []
    seen.add(id(obj))
    found = [obj]
    if dataclasses.is_dataclass(obj):
        children: Any = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
    elif isinstance(obj, dict):
        children = list(obj.values())
    elif isinstance(obj, list | tuple) or type(obj).__name__ == "_ReadOnly":
        children = list(obj)
    else:
        children = []
    for child in children:
        found += reachable(child, seen)
    return found


@pytest.mark.parametrize("role", ["A", "B"])
def test_a_view_holds_only_its_own_preferences(s: Scenario, role: Role) -> None:
    neg = talks(s)
    neg.submit("A", Offer(5, Condition("rebate", 0, "B")))
    neg.submit("B", Offer(7))
    mine, other = (s.a, s.b) if role == "A" else (s.b, s.a)
    view = neg.view(role)
    assert view.preferences is mine.preferences
    objects = reachable(view)
    assert any(o is mine.preferences.utility for o in objects)  # the walk reaches utilities
    assert not any(o is other.preferences or o is other.preferences.utility for o in objects)
    assert not any(o is other or o is s for o in objects)


def test_a_view_cannot_change_the_transcript(s: Scenario) -> None:
    neg = talks(s)
    neg.submit("A", Offer(5))
    events = neg.view("B").events
    with pytest.raises((TypeError, AttributeError)):
        events.append(events[0])  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        neg.view("B").turn = 0  # type: ignore[misc]


# transcripts: JSON and replay -------------------------------------------------------


def rich(s: Scenario) -> Transcript:
    """A transcript with every kind of move, a pause, a condition, beliefs and displays."""
    condition = Condition("rebate", 0, "B", "stock >= 1.5x")
    a = Scripted(
        [Offer(outcome(s, rebate=2.0), condition), Silence(), AddOn("co_marketing")],
        Display("modest"),
        0.7,
    )
    b = Scripted([ConsultAuthority(1), Accept()], Display("triumphant"), 0.85)
    return Negotiation(s, a, b, seed=11, rounds=10).run()


def test_json_round_trip(s: Scenario) -> None:
    t = rich(s)
    assert {e.kind for e in t.events} >= {"offer", "silence", "add_on", "accept", "display"}
    assert t.ending is not None and t.ending.beliefs == (0.7, 0.85)
    for u in (t, make_run(s, "linear", "conceder"), make_run(s, "boulware", "boulware")):
        assert Transcript.from_json(json.loads(u.dumps())).dumps() == u.dumps()


def make_run(s: Scenario, a: str, b: str) -> Transcript:
    return Negotiation(s, make(a), make(b), seed=3).run()


GARBAGE: list[Any] = [
    {},
    [],
    "transcript",
    42,
    {"scenario": "x"},
    {"scenario": "x", "strategies": ["a"], "seed": 0, "rounds": 1, "events": []},
    {"scenario": "x", "strategies": ["a", "b"], "seed": "zero", "rounds": 1, "events": []},
    {"scenario": "x", "strategies": ["a", "b"], "seed": 0, "rounds": 1, "events": [{}]},
    {
        "scenario": "x",
        "strategies": ["a", "b"],
        "seed": 0,
        "rounds": 1,
        "events": [{"turn": 0, "actor": "A", "move": {"kind": "dance"}}],
    },
    {"scenario": "x", "strategies": ["a", "b"], "seed": 0, "rounds": 1, "events": [], "ending": {}},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_from_json_rejects_garbage(data: Any) -> None:
    with pytest.raises(InputError, match="not a valid transcript"):
        Transcript.from_json(data)


def test_from_json_rejects_a_list_for_an_event() -> None:
    data = {"scenario": "x", "strategies": ["a", "b"], "seed": 0, "rounds": 1, "events": [[0]]}
    with pytest.raises(InputError):
        Transcript.from_json(data)


def test_replay_reproduces_transcripts(s: Scenario) -> None:
    for t in (rich(s), make_run(s, "linear", "conceder"), make_run(s, "conceder", "boulware")):
        assert replay(s, t).dumps() == t.dumps()


def test_replay_of_a_time_limited_transcript(s: Scenario) -> None:
    t = Negotiation(s, Silent(), Silent(), rounds=20, time_limit=1e-9).run()
    assert t.ending is not None and t.ending.reason == "time_limit"
    assert replay(s, t).dumps() == t.dumps()


def tampered(t: Transcript, change: Any) -> Transcript:
    data = json.loads(t.dumps())
    change(data)
    return Transcript.from_json(data)


TAMPERS = {
    "offer outside the space": lambda d: d["events"][0]["move"].update(outcome=600),
    "outcome of an offer": lambda d: d["events"][0].update(outcome=1),
    "actor": lambda d: d["events"][0].update(actor="B"),
    "agreed outcome": lambda d: d["ending"].update(agreement=0),
    "note": lambda d: d["events"][3].update(note=""),
    "accept removed": lambda d: d["events"].pop(5),
    "extra move": lambda d: d["events"].append(d["events"][1]),
    "add-on by B": lambda d: d["events"][4].update(actor="B"),
    "deadline": lambda d: d.update(rounds=2),
}


@pytest.mark.parametrize("change", TAMPERS.values(), ids=TAMPERS.keys())
def test_replay_rejects_a_tampered_transcript(s: Scenario, change: Any) -> None:
    t = rich(s)
    kinds = ["offer", "consult_authority", "silence", "silence", "add_on", "accept"]
    assert [e.kind for e in t.events] == [*kinds, "display", "display"]
    with pytest.raises(ProtocolError):
        replay(s, tampered(t, change))


def test_replay_of_another_scenario(s: Scenario) -> None:
    t = tampered(rich(s), lambda d: d.update(scenario="Another"))
    with pytest.raises(InputError, match="Another"):
        replay(s, t)


NESTED = '{"scenario": "x", "strategies": ["a", "b"], "seed": 0, "rounds": 1, "events": [[0]]}'


def test_load_transcript(s: Scenario, tmp_path: Path) -> None:
    t = rich(s)
    good = tmp_path / "t.json"
    good.write_text(t.dumps())
    assert load_transcript(good).dumps() == t.dumps()
    cases = {"bad.json": "{not json", "list.json": "[1, 2]", "nested.json": NESTED}
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(InputError, match=re.escape(name)):
            load_transcript(tmp_path / name)
    with pytest.raises(InputError, match=r"missing\.json"):
        load_transcript(tmp_path / "missing.json")


def test_a_refused_ultimatum_records_a_walk_away_not_the_invalid_move(s: Scenario) -> None:
    n = Negotiation(s, make("boulware"), make("boulware"), rounds=5)
    n.submit("A", Ultimatum(3))
    n.submit("B", Offer(-7))  # would be outside the space: never recorded
    last = n.transcript.events[-1]
    assert isinstance(last.move, WalkAway) and last.note == "refused the ultimatum"
    assert n.transcript.ending is not None and n.transcript.ending.reason == "ultimatum_refused"


def test_a_pause_lets_a_pending_ultimatum_lapse(s: Scenario) -> None:
    n = Negotiation(s, make("boulware"), make("boulware"), rounds=5)
    n.submit("A", ConsultAuthority(1))
    n.submit("B", Ultimatum(3))
    n.step()  # A is still consulting: the ultimatum lapses
    assert n.transcript.ending is not None and n.transcript.ending.reason == "ultimatum_refused"
    assert "lapse" in n.transcript.events[-1].note


def test_a_paused_side_cannot_move(s: Scenario) -> None:
    n = Negotiation(s, make("boulware"), make("boulware"), rounds=5)
    n.submit("A", ConsultAuthority(2))
    n.submit("B", Offer(1))
    with pytest.raises(IllegalMoveError, match="consulting"):
        n.submit("A", Offer(2))
