"""Live updates between server processes that share a rooms store on PostgreSQL:
`NOTIFY` and `LISTEN` behind the hub's `publish` and subscriptions.

`share(hub, store)` gives the hub a `PostgresBus` when the rooms store is a
PostgreSQL database (with SQLite there is one process, and its hub is all there
is). Each process then runs two threads, each with a connection of its own
(autocommit, outside the store's pool):

- the sender: `send(channel)` only queues the channel, so neither a request
  thread nor the event loop waits for the database; the thread sends what is
  queued (each channel once) with `pg_notify` on one PostgreSQL channel,
  `CHANNEL`, in one statement. `publish` is called after the move's commit, so
  the notification always follows the data it announces.
- the listener: `LISTEN CHANNEL`; each notification from another process wakes
  this process's subscribers of its channel (`Hub.deliver`, which tells no one
  else). A process's own notifications come back to it too and are skipped
  (the payload starts with the process's id): `publish` woke its subscribers
  already. When the connection drops (TCP keepalives notice a silent one) it
  reconnects (after 0.1 s, doubling to 2 s), and once listening again wakes
  every subscriber of a shared channel (`Hub.deliver_all`): notifications sent
  in the gap are lost, and a woken stream reads the store.

`stop()` (from `Hub.close`, or the app's shutdown) sets a flag the threads look at every
`POLL` seconds; they are daemons, so they never hold up the process's exit.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

from accord.errors import InputError
from accord.web.live import Channel, Hub

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import URL

    from accord.store.database import Store

#: The PostgreSQL channel every accord process on a rooms store listens on.
CHANNEL = "accord_live"
#: How often (seconds) the threads look at the stop flag; the listener's longest wait.
POLL = 0.5
#: TCP keepalives on both connections, so that a silently dead one (a network cut) raises
#: an error within about 25 s instead of waiting forever (libpq's options).
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
#: Longest pause (seconds) between attempts to reconnect.
MAX_DELAY = 2.0
log = logging.getLogger("accord.web.bus")


def open_shared(where: Path | str, hub: Hub) -> Store:
    """The rooms store at `where` (`accord.rooms.open_rooms`), shared with the other
    processes on it through `hub` (`share`)."""
    from accord.rooms import open_rooms

    store = open_rooms(where)
    try:
        share(hub, store)
    except BaseException:
        store.close()
        raise
    return store


def share(hub: Hub, store: Store, *, timeout: float = 10.0) -> None:
    """Give `hub` a bus to the other processes on `store`, when it is PostgreSQL and the hub
    has none yet; returns once this process listens (else an `InputError`)."""
    if store.location.path is not None or hub.bus is not None:
        return
    bus = PostgresBus(connect_args(store.location.url), hub)
    bus.start(timeout, shown=store.shown)
    hub.bus = bus


def connect_args(url: URL) -> dict[str, Any]:
    """psycopg's `connect` arguments for the store's SQLAlchemy URL.

    >>> from sqlalchemy.engine import make_url
    >>> args = connect_args(make_url("postgresql+psycopg://me:pw@db.example:5433/rooms"))
    >>> args["host"], args["port"], args["dbname"], args["user"], args["autocommit"]
    ('db.example', 5433, 'rooms', 'me', True)
    """
    args: dict[str, Any] = dict(url.query)
    args.update(url.translate_connect_args(username="user", database="dbname"))
    return {**args, **KEEPALIVES, "autocommit": True, "connect_timeout": 5}


def payload(origin: str, channel: Channel) -> str:
    """A notification's text: the sending process, then the channel.

    >>> payload("p1", ("room:k3y", 0))
    'p1 ["room:k3y", 0]'
    """
    return f"{origin} {json.dumps(list(channel))}"


def read_payload(text: str) -> tuple[str, Channel] | None:
    """The process and channel of a notification's text, or None when it is not one.

    >>> read_payload('p1 ["room:k3y", 0]'), read_payload("garbled")
    (('p1', ('room:k3y', 0)), None)
    """
    origin, _, body = text.partition(" ")
    try:
        name, number = json.loads(body)
    except ValueError:
        return None
    if not isinstance(name, str) or not isinstance(number, int):
        return None
    return origin, (name, number)


class PostgresBus:
    """This process's sender and listener on `CHANNEL` (see the module's doc)."""

    def __init__(self, args: dict[str, Any], hub: Hub) -> None:
        self.args = args
        self.hub = hub
        #: This process's id in the payloads (its own notifications are skipped).
        self.origin = uuid.uuid4().hex[:16]
        #: The listener connection's server process (a test ends it to check reconnecting).
        self.listener_pid: int | None = None
        self._stopping = False
        self._queue: queue.SimpleQueue[Channel | None] = queue.SimpleQueue()
        self._listening = threading.Event()
        self._error = ""
        self._threads = [
            threading.Thread(target=self._listen, name="accord-bus-listen", daemon=True),
            threading.Thread(target=self._send_all, name="accord-bus-send", daemon=True),
        ]

    def start(self, timeout: float, *, shown: str) -> None:
        """Start both threads; return once the listener listens, else stop and raise."""
        for t in self._threads:
            t.start()
        if not self._listening.wait(timeout):
            self.stop()
            raise InputError(
                f"cannot listen for the other server processes' updates ({self._error})",
                source=shown,
                expected="a PostgreSQL server that accepts LISTEN from this user",
            )

    def send(self, channel: Channel) -> None:
        self._queue.put(channel)

    def stop(self) -> None:
        """Stop both threads within `POLL` seconds. Safe in a signal handler (a flag and a
        reentrant queue's put)."""
        self._stopping = True
        self._queue.put(None)

    def join(self, timeout: float) -> bool:
        """Wait for both threads to end (after `stop`); whether they did."""
        for t in self._threads:
            t.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    # the threads ------------------------------------------------------------------------------

    def _listen(self) -> None:
        import psycopg

        delay, lost = 0.1, False
        while not self._stopping:
            try:
                with psycopg.connect(**self.args) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listener_pid = conn.info.backend_pid
                    self._listening.set()
                    if lost:
                        log.info("listening again for the other processes' updates")
                        self.hub.deliver_all()
                    delay, lost = 0.1, False
                    self._receive(conn)
            except psycopg.Error as e:
                self._error = _first_line(e, self.args.get("password"))
                if self._stopping:
                    return
                log.warning("lost the other processes' updates, reconnecting: %s", self._error)
                lost = True
                time.sleep(delay)
                delay = min(2 * delay, MAX_DELAY)

    def _receive(self, conn: Any) -> None:
        while not self._stopping:
            for note in conn.notifies(timeout=POLL):
                found = read_payload(note.payload)
                if found is None:
                    log.warning("ignored a notification that is not accord's: %r", note.payload)
                elif found[0] != self.origin:
                    self.hub.deliver(found[1])

    def _send_all(self) -> None:
        import psycopg

        pending: dict[Channel, None] = {}  # in order, each channel once
        conn: Any = None
        delay = 0.1
        while not self._stopping:
            try:
                first = self._queue.get(timeout=POLL) if not pending else self._queue.get_nowait()
            except queue.Empty:
                first = None
            for channel in (first, *_drained(self._queue)):
                if channel is not None:
                    pending[channel] = None
            if not pending or self._stopping:
                continue
            try:
                if conn is None or conn.closed:
                    conn = psycopg.connect(**self.args)
                texts = [payload(self.origin, c) for c in pending]
                conn.execute(
                    "SELECT pg_notify(%s, p) FROM unnest(%s::text[]) AS p", (CHANNEL, texts)
                )
                pending.clear()
                delay = 0.1
            except psycopg.Error as e:
                log.warning(
                    "cannot tell the other processes yet, retrying: %s", _first_line(e, None)
                )
                if conn is not None:
                    conn.close()
                conn = None
                time.sleep(delay)
                delay = min(2 * delay, MAX_DELAY)
        if conn is not None:
            conn.close()


def _drained(q: queue.SimpleQueue[Channel | None]) -> list[Channel | None]:
    out = []
    while True:
        try:
            out.append(q.get_nowait())
        except queue.Empty:
            return out


def _first_line(e: Exception, password: object) -> str:
    text = (str(e).strip().splitlines() or [type(e).__name__])[0]
    return text.replace(str(password), "***") if password else text
