"""Two server processes on one PostgreSQL database (issue 16): `accord serve` started twice
as real processes with `--rooms-db` on one throwaway database (and one data folder, for
the cookies' signing key and the scenarios). A room made on one is joined on both, each
side's move reaches the other side's event stream on the other process (LISTEN/NOTIFY)
with the right rows, and a classroom's students joining by code on either process are
paired into one room, whose moves reach the instructor's monitor on the other process."""

from __future__ import annotations

import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).parent
ACCORD = Path(sys.executable).parent / "accord"
#: Longest wait for a move to reach the other process's stream (typically ~10 ms).
PROMPT = 5.0
#: A's first offer in `private.yaml`.
TERMS = {"price": 20, "delivery": "slow", "warranty": 1, "training": False}
#: The manufacturer's (A's) first offer in the dealer rebate case.
REBATE = {"rebate": 1.0, "stock": 1.5, "payment_days": 45, "co_marketing": False, "term_years": 3}
#: How long each move took to reach the other process's stream (printed with -s).
LATENCIES: list[float] = []


class Server:
    """`accord serve` on a free port of loopback, as its own process."""

    def __init__(self, tmp: Path, name: str, rooms_db: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        env = {**os.environ, "XDG_DATA_HOME": str(tmp / "xdg"), "ACCORD_ROOMS_DB": rooms_db}
        env.pop("ACCORD_DB", None)
        command = [str(ACCORD), "serve", "--port", str(self.port), "--data", str(tmp / "web"),
                   "--db", str(tmp / "accord.db")]  # fmt: skip
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
        self._wait_ready()

    def _wait_ready(self) -> None:
        until = time.monotonic() + 60
        while time.monotonic() < until:
            if self.process.poll() is not None:
                raise AssertionError(f"accord serve ended: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise AssertionError(f"accord serve did not answer: {self.log.read_text()}")

    def client(self) -> httpx.Client:
        """A browser of its own (its own cookies) on this process."""
        return httpx.Client(base_url=self.url, timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


class Stream:
    """A server-sent events stream read in a thread: each event with when it arrived."""

    def __init__(self, client: httpx.Client, url: str, headers: dict[str, str] | None = None):
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._connected = threading.Event()
        self._thread = threading.Thread(
            target=self._read, args=(client, url, headers or {}), daemon=True
        )
        self._thread.start()
        assert self._connected.wait(PROMPT), "the stream did not connect"

    def _read(self, client: httpx.Client, url: str, headers: dict[str, str]) -> None:
        try:
            self._lines(client, url, headers)
        except httpx.HTTPError:  # the server stopped at the end of the test
            return

    def _lines(self, client: httpx.Client, url: str, headers: dict[str, str]) -> None:
        event: dict[str, Any] = {}
        with client.stream("GET", url, headers=headers, timeout=None) as r:
            if r.status_code != 200:
                return  # never connected: the test says so
            for line in r.iter_lines():
                if line.startswith(": connected"):
                    self._connected.set()
                elif line.startswith(("event:", "data:", "id:")):
                    field, _, value = line.partition(":")
                    event[field] = value.strip()
                elif not line and "event" in event:
                    self.events.put({**event, "at": time.monotonic()})
                    event = {}

    def next(self, kind: str) -> dict[str, Any]:
        """The next event of `kind` (others skipped), within `PROMPT` seconds."""
        until = time.monotonic() + PROMPT
        while (left := until - time.monotonic()) > 0:
            try:
                found = self.events.get(timeout=left)
            except queue.Empty:
                break
            if found["event"] == kind:
                return found
        raise AssertionError(f"no '{kind}' event within {PROMPT} s")


@pytest.fixture
def servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    if not ACCORD.exists():
        pytest.skip(f"no accord command beside {sys.executable} (pip install -e .)")
    scenarios = tmp_path / "web" / "scenarios"
    scenarios.mkdir(parents=True)
    shutil.copy(HERE / "private.yaml", scenarios / "supply.yaml")
    started: list[Server] = []
    try:
        for name in ("one", "two"):
            started.append(Server(tmp_path, name, postgres_url))
        yield started[0], started[1]
    finally:
        for s in started:
            s.stop()
    if LATENCIES:
        shown = ", ".join(f"{t * 1000:.0f} ms" for t in LATENCIES)
        print(f"\nmove -> the other process's stream: {shown}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _moved(stream: Stream, sent: float) -> dict[str, Any]:
    found = stream.next("moved")
    LATENCIES.append(found["at"] - sent)
    return dict(json.loads(found["data"]))


def test_a_room_on_two_processes_gets_each_move_live(servers: tuple[Server, Server]) -> None:
    one, two = servers
    owner, a, b = one.client(), one.client(), two.client()
    r = owner.post("/api/rooms", json={"scenario": "supply"})
    assert r.status_code == 201, r.text
    key, tokens = r.json()["key"], r.json()["tokens"]
    assert a.post(f"/api/rooms/join/{tokens['A']}", json={}).json() == {"room": key, "side": "A"}
    assert b.post(f"/api/rooms/join/{tokens['B']}", json={}).json() == {"room": key, "side": "B"}

    b_stream = Stream(b, f"/api/rooms/{key}/events")  # B on process two
    r = a.post(f"/api/rooms/{key}/moves", json={"move": {"offer": TERMS}, "expected": 0})
    sent = time.monotonic()
    assert r.status_code == 200, r.text
    data = _moved(b_stream, sent)
    assert data["events"] == 1
    [row] = data["rows"]
    assert (row["seq"], row["who"], row["kind"]) == (0, "they", "offer")
    assert row["terms"] == {
        "price": "20 k$",
        "delivery": "slow",
        "warranty": "1 year",
        "training": "no",
    }

    a_stream = Stream(a, f"/api/rooms/{key}/events")  # A on process one
    counter = {**TERMS, "price": 12}
    r = b.post(f"/api/rooms/{key}/moves", json={"move": {"offer": counter}, "expected": 1})
    sent = time.monotonic()
    assert r.status_code == 200, r.text
    data = _moved(a_stream, sent)
    assert data["events"] == 2
    assert [(x["seq"], x["who"], x["kind"]) for x in data["rows"]] == [(1, "they", "offer")]
    assert data["rows"][0]["terms"]["price"].startswith("12")

    # the move that lost a race across processes is refused with the state now
    r = b.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})
    assert r.status_code in (400, 409) and r.json()["state"]["events"] == 2
    # both processes show the same room, and a seat's cookie works on either
    for c in (a, b):
        assert c.get(f"/api/rooms/{key}").json()["events"] == 2
    b_on_one = one.client()
    b_on_one.cookies = b.cookies
    assert b_on_one.get(f"/api/rooms/{key}").json()["side"] == "B"


def test_students_joining_on_either_process_are_paired(servers: tuple[Server, Server]) -> None:
    one, two = servers
    teacher = one.client()
    r = teacher.post("/api/classroom", json={"case": "dealer_rebate", "practice": False})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    ann, bo = one.client(), two.client()
    assert ann.post("/api/classroom/join", json={"code": code, "name": "Ann"}).is_success
    assert bo.post("/api/classroom/join", json={"code": code.lower(), "name": "Bo"}).is_success
    assert teacher.get(f"/api/classroom/{code}").json()["students"] == ["Ann", "Bo"]
    monitor = Stream(teacher, f"/api/classroom/{code}/events?monitor=true")
    assert two.client().post(f"/api/classroom/{code}/start", json={}).status_code == 200
    monitor.next("changed")  # the start, on process two, reached the monitor on one

    seats = {c: c.get(f"/api/classroom/{code}/me").json() for c in (ann, bo)}
    assert seats[ann]["room"] == seats[bo]["room"]
    assert {seats[ann]["side"], seats[bo]["side"]} == {"A", "B"}
    key = seats[ann]["room"]
    first = ann if seats[ann]["side"] == "A" else bo
    other = bo if first is ann else ann
    other_stream = Stream(other, f"/api/rooms/{key}/events")
    r = first.post(f"/api/rooms/{key}/moves", json={"move": {"offer": REBATE}, "expected": 0})
    sent = time.monotonic()
    assert r.status_code == 200, r.text
    assert _moved(other_stream, sent)["rows"][0]["who"] == "they"
    monitor.next("changed")  # the move, wherever it was made, reached the monitor

    assert teacher.post(f"/api/classroom/{code}/pause", json={}).status_code == 200
    r = other.post(f"/api/rooms/{key}/moves", json={"move": "silent", "expected": 1})
    assert r.status_code == 400 and "paused" in r.text
