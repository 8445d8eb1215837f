"""Live updates of a negotiation to every page showing it: publish after a move,
subscribe from a server-sent events stream.

A `Hub` keeps, per channel (a workspace and a negotiation id), how many updates
were published and who is listening. `publish` is called from the request
threads (a move, an undo) and wakes every subscriber's event loop;
`Subscription.wait` is awaited by the `/negotiations/{id}/events` stream. It is
in-process on purpose and small: one server process holds the negotiations in
memory. A server with several processes would put PostgreSQL LISTEN/NOTIFY
behind the same `publish`/`subscribe` (issue 16).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: A channel: the workspace's folder and the negotiation's id.
Channel = tuple[str, int]


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
        self._lock = threading.Lock()
        self._counts: dict[Channel, int] = {}
        self._listeners: dict[Channel, set[Subscription]] = {}

    def count(self, channel: Channel) -> int:
        """How many updates `channel` has had since the server started."""
        with self._lock:
            return self._counts.get(channel, 0)

    def publish(self, channel: Channel) -> int:
        """Tell every subscriber of `channel` that it changed; returns the new count."""
        with self._lock:
            n = self._counts[channel] = self._counts.get(channel, 0) + 1
            listeners = list(self._listeners.get(channel, ()))
        for s in listeners:
            s._wake()
        return n

    def close(self) -> None:
        """End every subscription now (the server is stopping, so that open streams do not
        hold it up). Safe in a signal handler: it takes no lock."""
        self.closed = True
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
