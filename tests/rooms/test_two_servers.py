"""Two servers on one rooms store, in process (issue 16): what one process keeps in memory
never hides what the other stored."""

from __future__ import annotations

from pathlib import Path

from tests.rooms.test_rooms import FIRST, HERE

from accord.rooms import Rooms, RoomSettings, open_rooms


def test_a_closing_chosen_on_the_other_server_is_made_at_agreement(tmp_path: Path) -> None:
    from accord.formats import load_scenario

    one, two = (Rooms(open_rooms(tmp_path / "rooms.db")) for _ in range(2))
    key = one.create(
        load_scenario(HERE / "private.yaml"), owner=1, settings=RoomSettings(rounds=6)
    ).key
    one.move(key, "A", FIRST, 0)  # `one` keeps the room in memory from here
    two.set_closing(key, "B", "modest")  # chosen through the other server
    moved = one.move(key, "B", "accept", 1)
    assert [(e.kind, e.actor) for e in moved] == [("accept", "B"), ("display", "B")]
