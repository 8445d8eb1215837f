"""A writing process for the crash and concurrency tests (run as a script).

python writer.py events DB LABEL COUNT   start a negotiation, print "id N", then
                                         append COUNT events, printing "ack I"
                                         after event I is committed
python writer.py coach DB LABEL COUNT    the same, and every 10th event also
                                         records a negotiation with "Shared Co"
python writer.py kill-after K ARGS...    `accord ARGS...`, killed (SIGKILL) right
                                         after its K-th event is committed
"""

from __future__ import annotations

import os
import signal
import sys

from accord.protocol.moves import Accept, Offer, Silence
from accord.protocol.transcript import Event


def expected(label: str, i: int) -> Event:
    """Event `i` of the negotiation labelled `label`: varied kinds, huge outcome indices."""
    base = 10**20 + 1000 * (sum(map(ord, label)) % 997)
    actor = "A" if i % 2 == 0 else "B"
    if i % 7 == 3:
        return Event(i, actor, Silence(), None)
    if i % 11 == 5:
        return Event(i, actor, Accept(), base + i - 1, note=f"{label} #{i}")
    return Event(i, actor, Offer(base + i), base + i)


def write_events(db: str, label: str, count: int, *, coach: bool) -> None:
    from accord.store import ledger, negotiations, open_store
    from accord.store.manual import Entered, record

    def busy(message: str) -> None:
        print(f"busy {message}", file=sys.stderr, flush=True)

    with open_store(db, on_busy=busy, patience=60) as store:
        neg_id = negotiations.start(store, scenario=label, strategies=("a", "b"), seed=0, rounds=9)
        print(f"id {neg_id}", flush=True)
        if coach:
            sys.stdin.readline()  # start together with the other coach
        for i in range(count):
            negotiations.append_event(store, neg_id, i, expected(label, i))
            print(f"ack {i}", flush=True)
            if coach and i % 10 == 9:
                # a utility in [0, 1] however many events (the retries write 1600)
                deal = Entered(True, 0.5 + i % 500 / 1000, 0.6, 0.3, 0.4, scenario=f"{label}-{i}")
                ledger.record_entered(store, "Shared Co", record(deal))


def kill_after(k: int, args: list[str]) -> None:
    """Run the CLI and SIGKILL this process right after the k-th committed event."""
    from accord.cli.main import app
    from accord.store import negotiations

    append = negotiations.append_event
    written = 0

    def append_then_maybe_die(*a: object, **kw: object) -> None:
        nonlocal written
        append(*a, **kw)  # type: ignore[arg-type]
        written += 1
        if written >= k:
            os.kill(os.getpid(), signal.SIGKILL)

    negotiations.append_event = append_then_maybe_die  # type: ignore[assignment]
    app(args)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "kill-after":
        kill_after(int(sys.argv[2]), sys.argv[3:])
    else:
        write_events(sys.argv[2], sys.argv[3], int(sys.argv[4]), coach=mode == "coach")
