"""Rooms (issue 16): turn order, invitations, stale and racing moves, crash and resume,
what each seat may see, and the owner's ledger."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from accord.formats import load_scenario
from accord.phrasing import Question
from accord.rooms import Proposal, RoomError, Rooms, RoomSettings, StaleMoveError, open_rooms
from accord.store import negotiations, open_store

HERE = Path(__file__).parent
#: Each side's private figures and names in tests/rooms/private.yaml.
SECRETS = {
    "A": ("0.3571", "0.2953", "0.1888", "0.1588", "0.7243", "0.5819", "0.2913", "0.9137",
          "Marlowe", "Ouroboros"),
    "B": ("0.4137", "0.2719", "0.2367", "0.0777", "0.6173", "0.9431", "0.3847", "0.8629",
          "Zephyrine", "Quetzalcoatl"),
}  # fmt: skip
FIRST = {"offer": {"price": 20, "delivery": "slow", "warranty": 1, "training": False}}


@pytest.fixture
def rooms(tmp_path: Path) -> Rooms:
    return Rooms(open_rooms(tmp_path / "rooms.db"))


def new_room(rooms: Rooms, **settings: object) -> tuple[str, dict[str, str]]:
    scenario = load_scenario(HERE / "private.yaml")
    given = {"rounds": 6, "owner_side": "A", **settings}
    created = rooms.create(scenario, owner=1, settings=RoomSettings(**given))  # type: ignore[arg-type]
    return created.key, dict(created.tokens)


def n_events(rooms: Rooms, key: str) -> int:
    return int(rooms.view(key, "A").data["events"])


def test_turn_order_is_the_engines(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    with pytest.raises(RoomError, match="other side's move"):
        rooms.move(key, "B", FIRST, 0)
    with pytest.raises(RoomError, match="protocol refuses"):
        rooms.move(key, "A", "accept", 0)  # nothing on the table to accept
    assert n_events(rooms, key) == 0  # a refused move stores nothing
    rooms.move(key, "A", FIRST, 0)
    with pytest.raises(RoomError, match="other side's move"):
        rooms.move(key, "A", "silent", 1)
    with pytest.raises(RoomError, match="not an add-on"):
        rooms.move(key, "B", {"add": "training"}, 1)  # A gives the training, not B
    rooms.move(key, "B", {"offer": {"price": 10, "delivery": "fast", "warranty": 3}}, 1)
    rooms.move(key, "A", {"add": "training"}, 2)
    moved = rooms.move(key, "B", "accept", 3)
    assert [e.kind for e in moved] == ["accept"]
    view = rooms.view(key, "B").data
    assert view["ended"] and view["ending"]["reason"] == "agreement"
    assert view["ending"]["terms"]["training"] == "yes"
    with pytest.raises(RoomError, match="ended"):
        rooms.move(key, "A", "silent", 4)


def test_consulting_authority_pauses_and_the_deadline_ends(rooms: Rooms) -> None:
    key, _ = new_room(rooms, rounds=3)
    rooms.move(key, "A", FIRST, 0)
    moved = rooms.move(key, "B", "consult authority 1", 1)
    assert [e.kind for e in moved] == ["consult_authority"]
    moved = rooms.move(key, "A", "silent", 2)
    assert [(e.actor, e.note) for e in moved] == [("A", ""), ("B", "consulting authority")]
    rooms.move(key, "A", "silent", 4)
    rooms.move(key, "B", "silent", 5)
    view = rooms.view(key, "A").data
    assert view["ended"] and view["ending"]["reason"] == "deadline"


def test_closing_display_made_at_agreement(rooms: Rooms) -> None:
    key, tokens = new_room(rooms)
    rooms.set_closing(key, "B", "modest")
    assert rooms.seat_of(tokens["B"]) == (key, "B")  # the link still opens the seat
    with pytest.raises(RoomError, match="closing"):
        rooms.set_closing(key, "A", "gloating")
    rooms.move(key, "A", FIRST, 0)
    moved = rooms.move(key, "B", "accept", 1)
    assert [(e.kind, e.actor) for e in moved] == [("accept", "B"), ("display", "B")]


def test_invitations_are_hashed_and_revocable(rooms: Rooms, tmp_path: Path) -> None:
    key, tokens = new_room(rooms)
    assert rooms.seat_of(tokens["A"]) == (key, "A")
    assert rooms.seat_of(tokens["B"]) == (key, "B")
    assert tokens["A"] != tokens["B"] and len(tokens["A"]) >= 32
    with pytest.raises(RoomError, match="not valid"):
        rooms.seat_of("not-a-token")
    new = rooms.reissue(key, "B")
    with pytest.raises(RoomError, match="replaced"):
        rooms.seat_of(tokens["B"])
    assert rooms.seat_of(new) == (key, "B")
    assert rooms.holds(key, "B", new) and not rooms.holds(key, "A", new)
    rooms.store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("rooms.db*"))
    for token in (*tokens.values(), new):
        assert token.encode() not in raw  # only hashes are stored


def test_a_stale_move_is_refused_with_the_count_now(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    rooms.move(key, "A", FIRST, 0)
    with pytest.raises(StaleMoveError, match="moved first") as caught:
        rooms.move(key, "B", "accept", 0)
    assert caught.value.events == 1
    assert n_events(rooms, key) == 1


def test_racing_moves_give_one_transcript(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []

    def send(price: int) -> None:
        barrier.wait()
        try:
            rooms.move(key, "A", {"offer": {**FIRST["offer"], "price": price}}, 0)
            outcomes.append("ok")
        except StaleMoveError as e:
            outcomes.append(e.message)

    threads = [threading.Thread(target=send, args=(p,)) for p in (10, 12, 14, 16, 18, 20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert all("moved first" in o for o in outcomes if o != "ok")
    stored = negotiations.events(rooms.store, rooms.room(key).negotiation_id)
    assert len(stored) == 1 and stored == rooms.room(key).events


def test_two_processes_racing_on_one_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two servers on one rooms store: each sees the other's moves; when both check the
    room before either commits, the second to commit is refused (the stored position
    is taken), forgets its copy and sees the winner's move."""
    first = Rooms(open_rooms(tmp_path / "rooms.db"))
    key, _ = new_room(first)
    second = Rooms(open_rooms(tmp_path / "rooms.db"))
    second.room(key)  # both hold the room in memory
    first.move(key, "A", FIRST, 0)
    assert second.view(key, "B").data["events"] == 1  # the other server's move is seen
    first.move(key, "B", "silent", 1)
    with monkeypatch.context() as m:
        m.setattr(second, "_stored", lambda room: len(room.events))  # checked before it
        with pytest.raises(StaleMoveError, match="another server"):
            second.move(key, "B", "accept", 1)
    assert second.view(key, "A").data["events"] == 2
    assert [e.kind for e in second.room(key).events] == ["offer", "silence"]


def test_moves_are_committed_before_the_answer_and_resume(tmp_path: Path) -> None:
    rooms = Rooms(open_rooms(tmp_path / "rooms.db"))
    key, _ = new_room(rooms)
    rooms.move(key, "A", FIRST, 0)
    rooms.move(key, "B", "consult authority 2", 1)
    neg_id = rooms.room(key).negotiation_id
    with open_store(str(tmp_path / "rooms.db")) as other:  # as after kill -9: read from disk
        kinds = [e.kind for e in negotiations.events(other, neg_id)]
    assert kinds == ["offer", "consult_authority"]
    again = Rooms(open_rooms(tmp_path / "rooms.db"))  # a new server on the same data
    moved = again.move(key, "A", "silent", 2)
    assert [e.note for e in moved] == ["", "consulting authority"]  # the pause survived
    assert again.view(key, "A").data["events"] == 4


def test_a_typed_sentence_is_proposed_not_recorded(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    found = rooms.propose(key, "A", "we offer price 18, slow delivery, warranty 1, no training")
    assert isinstance(found, Proposal)
    assert found.text.startswith("we offer price=18 k$")
    assert n_events(rooms, key) == 0
    rooms.move(key, "A", found.what, 0)
    assert rooms.view(key, "B").data["offers"]["theirs"]["terms"]["delivery"] == "slow"
    with pytest.raises(RoomError, match="only your own moves"):
        rooms.propose(key, "B", "they accept")
    with pytest.raises(RoomError, match=r"cannot read .* not a value of 'price'"):
        rooms.propose(key, "B", "we offer price 19")
    with pytest.raises(RoomError, match="no value"):
        rooms.propose(key, "B", "we offer warranty 3")  # a first offer names every issue
    asked = rooms.propose(key, "B", "xyzzy plugh")
    assert isinstance(asked, Question) and "xyzzy" in asked.text


def test_each_seat_sees_only_its_own_side(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    seen: dict[str, list[str]] = {"A": [], "B": []}

    def look() -> None:
        for role in ("A", "B"):
            v = rooms.view(key, role)
            seen[role].append(json.dumps(v.data))
            if v.advice is not None:
                seen[role].append(json.dumps(v.advice.to_json()))

    look()
    rooms.move(key, "A", FIRST, 0)
    look()
    rooms.move(key, "B", {"offer": {"price": 10, "delivery": "fast", "warranty": 3}}, 1)
    look()
    rooms.move(key, "A", {"offer": {"price": 16, "delivery": "normal", "warranty": 2}}, 2)
    look()
    for role, them in (("A", "B"), ("B", "A")):
        text = "\n".join(seen[role])
        for secret in SECRETS[them]:
            assert secret not in text, f"{role} saw {them}'s {secret}"
        for own in SECRETS[role]:
            assert own in text, f"{role} does not see its own {own}"
    rooms.move(key, "B", "walk away", 3)
    debrief = rooms.view(key, "B").debrief
    assert debrief is not None and debrief.side == "B" and not debrief.result.agreement


def test_the_owners_ledger_gets_the_relationship(rooms: Rooms, tmp_path: Path) -> None:
    from accord.store.ledger import history

    key, _ = new_room(rooms, counterparty="Dana at Buyer Inc")
    ledger = open_store(str(tmp_path / "ledger.db"))
    assert not rooms.record_in_ledger(key, ledger)  # not ended yet
    rooms.move(key, "A", FIRST, 0)
    rooms.move(key, "B", "accept", 1)
    assert rooms.record_in_ledger(key, ledger)
    assert not rooms.record_in_ledger(key, ledger)  # once
    assert len(history(ledger, "Dana at Buyer Inc")) == 1
    (info,) = negotiations.listing(ledger)
    assert info.counterparty == "Dana at Buyer Inc" and not info.open


def test_an_owner_at_b_keeps_the_talks_seen_from_b(rooms: Rooms, tmp_path: Path) -> None:
    """The ledger keeps us as side A: talks the owner held at B are stored mirrored, so
    the relationship is the owner's (their surplus first) and A is the counterparty."""
    from accord.protocol import mirror
    from accord.relationship import record_of
    from accord.store.ledger import history

    key, _ = new_room(rooms, owner_side="B")
    ledger = open_store(str(tmp_path / "ledger.db"))
    rooms.move(key, "A", FIRST, 0)
    rooms.move(key, "B", "accept", 1)
    assert rooms.record_in_ledger(key, ledger)
    room = rooms.room(key)
    (info,) = negotiations.listing(ledger)
    assert info.counterparty == room.scenario.a.name  # the other chair
    stored = negotiations.transcript(ledger, info.id)
    assert [e.actor for e in stored.events] == ["B", "A"]  # their offer, our acceptance
    assert stored.ending is not None and stored.ending.by == "A"
    assert mirror.transcript(stored).events == room.neg.transcript.events
    (entry,) = history(ledger, room.scenario.a.name)
    (kept,) = entry.state.history
    seen_from_a = record_of(rooms.analysis(room), room.neg.transcript)
    assert kept == seen_from_a.mirrored() and kept.mirrored() == seen_from_a
    assert stored.ending.agreement is not None
    ours = room.scenario.b.preferences.utility.at(stored.ending.agreement)
    assert (
        kept.utilities[0] == pytest.approx(ours) and kept.strategies[0] == seen_from_a.strategies[1]
    )


def test_bad_settings_and_unknown_rooms(rooms: Rooms) -> None:
    with pytest.raises(RoomError, match="rounds"):
        new_room(rooms, rounds=0)
    with pytest.raises(RoomError, match="no room"):
        rooms.view("nope", "A")


def test_a_proposal_carries_the_advisors_cautions(rooms: Rooms) -> None:
    key, _ = new_room(rooms, advisor=(True, False))
    found = rooms.propose(key, "A", "we offer price 10, fast delivery, warranty 3, no training")
    assert isinstance(found, Proposal)  # our worst terms: below our walk-away
    assert any(c.severity in ("error", "warning") for c in found.cautions)
    rooms.move(key, "A", FIRST, 0)
    theirs = rooms.propose(key, "B", "we offer price 20, slow delivery, warranty 1, no training")
    assert isinstance(theirs, Proposal) and theirs.cautions == ()  # B has no advisor


def test_the_ledger_is_written_once_even_by_two_servers(
    rooms: Rooms, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.errors import InputError
    from accord.store.ledger import history

    key, _ = new_room(rooms, counterparty="Dana")
    rooms.move(key, "A", FIRST, 0)
    rooms.move(key, "B", "walk away", 1)
    ledger = open_store(str(tmp_path / "ledger.db"))

    def broken(*_: object) -> None:
        raise InputError("the ledger is busy")

    with monkeypatch.context() as m:
        m.setattr(Rooms, "_to_ledger", broken)
        with pytest.raises(InputError, match="busy"):
            rooms.record_in_ledger(key, ledger)
    other = Rooms(open_rooms(tmp_path / "rooms.db"))  # a second server on the same store
    assert [other.record_in_ledger(key, ledger), rooms.record_in_ledger(key, ledger)] == [
        True,
        False,
    ]
    assert len(history(ledger, "Dana")) == 1


def test_a_gate_refuses_moves_while_it_says_so(tmp_path: Path) -> None:
    """A classroom session paused by its instructor: the gate refuses every move."""
    from sqlalchemy.orm import Session

    from accord.errors import InputError

    paused = {"yes": True}

    def gate(key: str, s: Session) -> None:
        assert s.in_transaction()  # the move's own write transaction
        if paused["yes"]:
            raise InputError("not recorded: the session is paused by the instructor")

    rooms = Rooms(open_rooms(tmp_path / "rooms.db"), gate=gate)
    key, _ = new_room(rooms)
    with pytest.raises(RoomError, match="paused by the instructor"):
        rooms.move(key, "A", FIRST, 0)
    assert n_events(rooms, key) == 0
    paused["yes"] = False
    assert [e.kind for e in rooms.move(key, "A", FIRST, 0)] == ["offer"]


def test_time_called_ends_the_talks_and_the_ending_is_stored(tmp_path: Path) -> None:
    rooms = Rooms(open_rooms(tmp_path / "rooms.db"))
    key, _ = new_room(rooms)
    rooms.move(key, "A", FIRST, 0)
    assert rooms.stop(key) is True and rooms.stop(key) is False
    assert rooms.room(key).neg.transcript.ending.reason == "time_limit"  # type: ignore[union-attr]
    with pytest.raises(RoomError, match="ended"):
        rooms.move(key, "B", "silent", 1)
    again = Rooms(open_rooms(tmp_path / "rooms.db"))  # a server started again
    room = again.room(key)
    assert room.ended and room.finished and len(room.events) == 1
    assert again.info(key).ended
    with pytest.raises(RoomError, match="ended"):
        again.move(key, "B", "silent", 1)


def test_time_called_on_one_server_is_seen_by_another_holding_the_room(tmp_path: Path) -> None:
    """Calling time adds no event: the other server notices by the stored ending."""
    one = Rooms(open_rooms(tmp_path / "rooms.db"))
    two = Rooms(open_rooms(tmp_path / "rooms.db"))
    key, _ = new_room(one)
    one.move(key, "A", FIRST, 0)
    assert not two.room(key).ended  # held in memory by the second server
    assert one.stop(key)
    assert two.room(key).ended and two.view(key, "B").data["ending"]["reason"] == "time_limit"
    with two.scope():  # one read per request: the version counts the ending too
        assert two.room(key).ended
    held = two.room(key)
    assert two.room(key) is held  # an ended room is not rebuilt at every request


def test_info_tells_a_monitor_when_the_last_move_was(rooms: Rooms) -> None:
    import datetime as dt

    key, _ = new_room(rooms)
    before = rooms.info(key)
    assert before.events == 0 and before.last_move_at is None and not before.ended
    rooms.move(key, "A", FIRST, 0)
    rooms.move(key, "B", "walk away", 1)
    after = rooms.info(key)
    assert after.events == 2 and after.ended and after.reason == "walk_away"
    assert after.last_move_at is not None and after.last_move_at.tzinfo is not None
    assert before.created_at <= after.last_move_at <= dt.datetime.now(dt.UTC)
    assert [r.key for r in rooms.listing(1)] == [key]
    with pytest.raises(RoomError, match="no room"):
        rooms.info("nope")


def test_a_streams_view_works_out_no_advice(rooms: Rooms) -> None:
    key, _ = new_room(rooms)
    light = rooms.view(key, "A", full=False)
    assert light.advice is None and rooms.room(key).advice == {}
    assert light.data == rooms.view(key, "A").data
    assert rooms.view(key, "A").advice is not None


def test_a_scope_reads_the_store_once_and_sees_other_servers_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within `scope()` (one request) the token and the stored events are read once, its
    own moves and new tokens count; the next scope sees another server's move."""
    first = Rooms(open_rooms(tmp_path / "rooms.db"))
    key, tokens = new_room(first)
    second = Rooms(open_rooms(tmp_path / "rooms.db"))
    first.room(key)
    reads: list[int] = []
    read = first.store.read
    monkeypatch.setattr(first.store, "read", lambda fn: reads.append(1) or read(fn))
    with first.scope():
        assert first.seat_of(tokens["A"]) == (key, "A")
        first.move(key, "A", FIRST, 0)
        assert first.seat_of(tokens["A"]) == (key, "A")
        assert n_events(first, key) == 1 and len(reads) == 1
        second.move(key, "B", "silent", 1)  # another server, during this request
        new = first.reissue(key, "A")
        with pytest.raises(RoomError, match="not valid"):
            first.seat_of(tokens["A"])  # read again after the seat changed
        assert first.seat_of(new) == (key, "A")
    with first.scope():
        assert first.seat_of(new) == (key, "A")
        assert n_events(first, key) == 2  # the other server's move
