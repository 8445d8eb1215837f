"""Live updates to every page showing a negotiation, a room or a classroom session:
publish after a change, subscribe from a server-sent events stream.

A `Hub` keeps, per channel (a workspace and a negotiation id; a room; a session),
how many updates this process published and who is listening. `publish` is
called from the request threads (a move, an undo) and wakes every subscriber's
event loop; `Subscription.wait` is awaited by the event streams.

Several server processes may share one rooms store on PostgreSQL
(docs/rooms.md). Then the hub has a `Bus` (`accord.web.bus`): `publish` on a
shared channel (a room's or a classroom session's, see `shared`) also tells the
other processes, whose listener wakes their own subscribers through `deliver`,
which never tells anyone else. A negotiation's channel stays in its process,
which holds the negotiation in memory. Counts are per process, so no stream
shows one to a browser that may reconnect to another process: a room's stream
numbers its events by the store's count of the room's events, and a classroom
stream's `changed` only asks the page to look again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

#: A channel: the workspace's folder and the negotiation's id (or a room's or a
#: classroom session's name, and a number).
Channel = tuple[str, int]
#: Channels of what the rooms store holds, which every process on that store shares.
SHARED = ("room:", "classroom:")


def shared(channel: Channel) -> bool:
    """Whether other server processes on the same rooms store are told of `channel`.

    >>> shared(("room:k3y", 0)), shared(("/data/users/1", 4))
    (True, False)
    """
    return channel[0].startswith(SHARED)


class Bus(Protocol):
    """How a hub tells the other server processes (`accord.web.bus.PostgresBus`)."""

    def send(self, channel: Channel) -> None:
        """Tell the other processes that `channel` changed (never blocks)."""

    def stop(self) -> None:
        """Stop (the server is stopping); safe in a signal handler."""


class Subscription:
    """One listener on one channel, woken on its own event loop."""

    def __init__(self, hub: Hub, channel: Channel, loop: asyncio.AbstractEventLoop) -> None:
        self.hub, self.channel, self.loop = hub, channel, loop
        self._woken = asyncio.Event()

    def _wake(self) -> None:  # any thread
        self.loop.call_soon_threadsafe(self._woken.set)

    async def wait(self, timeout: float) -> int | None:
        """The channel's count after the next publish, or None after `timeout` seconds
        or once the hub is closed (the server is stopping)."""
        try:
            await asyncio.wait_for(self._woken.wait(), timeout)
        except TimeoutError:
            return None
        self._woken.clear()
        return None if self.hub.closed else self.hub.count(self.channel)


class Hub:
    """Publish and subscribe, per channel; safe to call from any thread."""

    def __init__(self) -> None:
        self.closed = False
        #: The other server processes, when they share the rooms store (else None).
        self.bus: Bus | None = None
        self._lock = threading.Lock()
        self._counts: dict[Channel, int] = {}
        self._listeners: dict[Channel, set[Subscription]] = {}

    def count(self, channel: Channel) -> int:
        """How many updates `channel` has had since the server started."""
        with self._lock:
            return self._counts.get(channel, 0)

    def publish(self, channel: Channel) -> int:
        """Tell every subscriber of `channel` that it changed, in this process and (for a
        shared channel, with a bus) in the others; returns this process's new count."""
        n = self.deliver(channel)
        bus = self.bus
        if bus is not None and shared(channel):
            bus.send(channel)
        return n

    def deliver(self, channel: Channel) -> int:
        """Wake this process's subscribers of `channel` (another process changed it, or
        this one did); returns the new count."""
        with self._lock:
            n = self._counts[channel] = self._counts.get(channel, 0) + 1
            listeners = list(self._listeners.get(channel, ()))
        for s in listeners:
            s._wake()
        return n

    def deliver_all(self) -> None:
        """Wake every subscriber of a shared channel (after the bus lost its connection for
        a while: what it missed meanwhile is read from the store)."""
        with self._lock:
            channels = [c for c in self._listeners if shared(c)]
        for c in channels:
            self.deliver(c)

    def close(self) -> None:
        """End every subscription now (the server is stopping, so that open streams do not
        hold it up), and the bus. Safe in a signal handler: it takes no lock."""
        self.closed = True
        if self.bus is not None:
            self.bus.stop()
        for listeners in list(self._listeners.values()):
            for s in list(listeners):
                s._wake()

    def listeners(self, channel: Channel) -> int:
        with self._lock:
            return len(self._listeners.get(channel, ()))

    @contextmanager
    def subscribe(self, channel: Channel) -> Iterator[Subscription]:
        """A subscription to `channel` for the running event loop, while the block runs
        (on a closed hub, one whose first wait returns None)."""
        sub = Subscription(self, channel, asyncio.get_running_loop())
        if self.closed:
            sub._woken.set()
        with self._lock:
            self._listeners.setdefault(channel, set()).add(sub)
        try:
            yield sub
        finally:
            with self._lock:
                found = self._listeners.get(channel)
                if found is not None:
                    found.discard(sub)
                    if not found:
                        del self._listeners[channel]
