"""The hub's bus to other server processes (issue 16): which channels it carries, that a
notification from another process wakes this one's subscribers once (and its own are not
delivered twice), that a dropped listener reconnects and wakes everyone, that it stops;
and `--rooms-db`, with its errors. The two-process test is tests/rooms/test_processes.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app
from accord.errors import InputError
from accord.rooms import open_rooms
from accord.store.database import Store
from accord.web.bus import PostgresBus, share
from accord.web.live import Channel, Hub
from accord.web.settings import Settings

ROOM: Channel = ("room:k3y", 0)
NEGOTIATION: Channel = ("/data/users/1", 4)
#: Longest wait for a notification (they take milliseconds).
PROMPT = 5.0


class Recorded:
    """A bus that records what it was given."""

    def __init__(self) -> None:
        self.sent: list[Channel] = []
        self.stopped = False

    def send(self, channel: Channel) -> None:
        self.sent.append(channel)

    def stop(self) -> None:
        self.stopped = True


def test_the_bus_carries_rooms_and_classes_only_and_never_what_it_delivered() -> None:
    hub, bus = Hub(), Recorded()
    hub.bus = bus
    assert hub.publish(ROOM) == 1 and hub.publish(("classroom:ABC123", 1)) == 1
    assert hub.publish(NEGOTIATION) == 1  # a negotiation is in this process's memory only
    assert hub.deliver(ROOM) == 2  # from another process: counted, not sent on
    assert bus.sent == [ROOM, ("classroom:ABC123", 1)]
    hub.close()
    assert bus.stopped


def test_after_a_gap_every_shared_subscriber_is_woken() -> None:
    hub = Hub()

    async def listen() -> tuple[int | None, int | None]:
        with hub.subscribe(ROOM) as room, hub.subscribe(NEGOTIATION) as neg:
            hub.deliver_all()
            return await room.wait(1), await neg.wait(0.05)

    assert asyncio.run(listen()) == (1, None)


def test_sqlite_needs_no_bus(tmp_path: Path) -> None:
    hub = Hub()
    with open_rooms(tmp_path / "rooms.db") as store:
        share(hub, store)
    assert hub.bus is None
    assert Settings(data=tmp_path).rooms_store == tmp_path / "rooms.db"


# on PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture
def two(postgres_url: str) -> Iterator[tuple[tuple[Hub, Store], tuple[Hub, Store]]]:
    """Two processes' hubs, each with its bus on one rooms store."""
    out = []
    for _ in range(2):
        hub, store = Hub(), open_rooms(postgres_url)
        share(hub, store)
        assert isinstance(hub.bus, PostgresBus)
        out.append((hub, store))
    yield out[0], out[1]
    for hub, store in out:
        hub.close()
        assert isinstance(hub.bus, PostgresBus) and hub.bus.join(PROMPT)
        store.close()


def _woken(
    hub: Hub, channel: Channel, act: Callable[[], object], wait: float = PROMPT
) -> int | None:
    """What a subscriber of `channel` on `hub` is woken with after `act()` runs (None: not
    within `wait` seconds)."""

    async def listen() -> int | None:
        with hub.subscribe(channel) as sub:
            await asyncio.get_running_loop().run_in_executor(None, act)
            return await sub.wait(wait)

    return asyncio.run(listen())


def test_a_publish_wakes_the_other_process_once(two: tuple[tuple[Hub, Store], ...]) -> None:
    (one, _), (other, _) = two
    started = time.monotonic()
    assert _woken(other, ROOM, lambda: one.publish(ROOM)) == 1
    assert time.monotonic() - started < 1.0
    time.sleep(0.3)  # its own notification came back to `one` too, and was skipped
    assert (one.count(ROOM), other.count(ROOM)) == (1, 1)
    assert _woken(one, NEGOTIATION, lambda: other.publish(NEGOTIATION), wait=0.3) is None


def test_a_dropped_listener_reconnects(
    two: tuple[tuple[Hub, Store], ...], postgres_admin: str
) -> None:
    import psycopg

    (one, _), (other, _) = two
    bus = other.bus
    assert isinstance(bus, PostgresBus) and bus.listener_pid is not None
    dropped = bus.listener_pid
    admin = postgres_admin.replace("postgresql+psycopg://", "postgresql://") + "postgres"

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (dropped,))

    # reconnected, it wakes every subscriber (what it missed is read from the store)
    assert _woken(other, ROOM, drop) == 1
    assert bus.listener_pid != dropped
    assert _woken(other, ROOM, lambda: one.publish(ROOM)) == 2


def test_bad_rooms_db_names_the_option(tmp_path: Path) -> None:
    for bad in ("mysql://me@db/rooms", ":memory:", str(tmp_path / "missing" / "rooms.db")):
        with pytest.raises(InputError) as e:
            Settings.for_host("127.0.0.1", 8000, None, tmp_path, rooms_db=bad)
        assert e.value.field == "--rooms-db"
    assert Settings.for_host("127.0.0.1", 8000, None, tmp_path, rooms_db=" ").rooms_db is None
    args = ["serve", "--data", str(tmp_path), "--db", str(tmp_path / "accord.db")]
    result = CliRunner().invoke(app, [*args, "--rooms-db", "mysql://me@db/rooms"])
    assert result.exit_code == 2 and "--rooms-db" in result.output
    assert "unsupported database 'mysql'" in result.output and "Traceback" not in result.output
    unreachable = "postgresql://me:s3cret@127.0.0.1:1/rooms"
    result = CliRunner().invoke(app, args, env={"ACCORD_ROOMS_DB": unreachable})
    assert result.exit_code == 2 and "--rooms-db" in result.output
    assert "cannot use the PostgreSQL server" in result.output and "s3cret" not in result.output


def test_the_app_shares_its_rooms_and_stops_its_bus(postgres_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from accord.web.app import create_app

    settings = Settings(
        data=tmp_path / "web", db=str(tmp_path / "accord.db"), rooms_db=postgres_url
    )
    with TestClient(create_app(settings)) as client:
        r = client.post("/api/rooms", json={"scenario": "dealer_rebate"})
        assert r.status_code == 201, r.text
        bus = client.app.state.live.bus  # type: ignore[attr-defined]
        assert isinstance(bus, PostgresBus)
    assert bus.join(PROMPT)  # the app stopped: so did the bus's threads
