"""A practice partner on several server processes (issue 16): a strategy whose turns are
played by two processes in turn makes the moves one process playing every turn makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from accord.coach.advised import entry
from accord.formats import load_scenario
from accord.rooms import Rooms, RoomSettings, open_rooms
from accord.rooms.practice import Partners, caught_up
from accord.strategies import make

HERE = Path(__file__).parent
#: A's offers, turn by turn: the price coming down, the rest moving about.
OFFERS = [
    {"price": p, "delivery": d, "warranty": w, "training": t}
    for p, d, w, t in [(20, "slow", 1, False), (18, "normal", 1, False), (18, "slow", 2, False),
                       (16, "normal", 2, True), (16, "fast", 1, False), (14, "normal", 3, True)]
]  # fmt: skip
STRATEGY = "diplomat"

#: Who plays a turn: the rooms and partners of one process.
Process = tuple[Rooms, Partners]


def play(processes: list[Process], pick: Callable[[int], int], act: Callable[..., object]) -> list:
    """A practice room: A's offers, each answered by B's strategy on process `pick(turn)`;
    B's stored moves."""
    scenario = load_scenario(HERE / "private.yaml")
    settings = RoomSettings(rounds=len(OFFERS))
    key = processes[0][0].create(scenario, owner=1, settings=settings).key
    for turn, offer in enumerate(OFFERS):
        rooms, partners = processes[pick(turn)]
        room = rooms.room(key)
        if room.ended:
            break
        rooms.move(key, "A", {"offer": offer}, len(room.events))
        room = rooms.room(key)
        if room.ended:
            break
        with room.lock:
            what = entry(act(partners, room), room.plans["B"]) or "silent"  # type: ignore[arg-type]
            n = len(room.events)
        rooms.move(key, "B", what, n)
    return [(e.kind, e.outcome) for e in processes[0][0].room(key).events if e.actor == "B"]


def _act(partners: Partners, room: object) -> object:
    return partners.act(room, STRATEGY, "B")  # type: ignore[arg-type]


def test_two_processes_play_as_one(tmp_path: Path) -> None:
    one = [(Rooms(open_rooms(tmp_path / "one.db")), Partners())]
    alone = play(one, lambda turn: 0, _act)
    two = [(Rooms(open_rooms(tmp_path / "two.db")), Partners()) for _ in range(2)]
    shared = play(two, lambda turn: turn % 2, _act)
    assert len(alone) >= 3 and shared == alone

    # a strategy made afresh on the process whose turn it is (as one process alone did
    # before) misses the turns the other played
    def fresh(partners: Partners, room: object) -> object:
        strategy = make(STRATEGY)
        strategy.reset(room.neg.view("B"))  # type: ignore[attr-defined]
        return strategy.act(room.neg.view("B"))  # type: ignore[attr-defined]

    three = [(Rooms(open_rooms(tmp_path / "three.db")), Partners()) for _ in range(2)]
    assert play(three, lambda turn: turn % 2, fresh) != alone


def test_a_strategy_is_caught_up_until_its_seat_moves_elsewhere(tmp_path: Path) -> None:
    rooms = Rooms(open_rooms(tmp_path / "rooms.db"))
    scenario = load_scenario(HERE / "private.yaml")
    key = rooms.create(scenario, owner=1, settings=RoomSettings(rounds=6)).key
    rooms.move(key, "A", {"offer": OFFERS[0]}, 0)
    rooms.move(key, "B", "silent", 1)  # B's move at 1: a strategy that made it saw 2
    rooms.move(key, "A", {"offer": OFFERS[1]}, 2)
    room = rooms.room(key)
    assert caught_up(room, "B", 2) and not caught_up(room, "B", 1)
    assert not caught_up(room, "B", 4)  # its move was never stored
