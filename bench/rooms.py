"""Rooms under load (issue 16): a class of simulated participants against a real server.

A real `accord serve` runs in a subprocess on a free loopback port, on a fresh
ledger and data folder in a temporary directory (no accounts: loopback). The
owner makes `--rooms` rooms through the JSON API (`POST /api/rooms`, each with
its two invitation links), on a shipped scenario. Then two simulated
participants per room (an `httpx.AsyncClient` each, all in one asyncio loop)
take their seats by their links (`POST /api/rooms/join/TOKEN`: the seat goes
into the participant's own session cookie), keep the room's server-sent events
stream open (`GET /api/rooms/KEY/events`, reconnecting with `Last-Event-ID`
when the server ends it), and negotiate each room to an end with a bounded
script: offers alternate, each side conceding from its own preferences (the
only ones its state shows it), then the side to move accepts; every
`--deadline-every`-th room never accepts and runs into its deadline of
`--rounds` rounds instead. The class starts once every seat has joined with
its stream open. A participant moves only once its screen shows the other
side's move, after a think time drawn from `--think` (0.3 to 1 s by default: a
stress pace; people take tens of seconds).

Timed for every move, from its `POST /api/rooms/KEY/moves` being sent:

- **event**: until the partner's stream delivers the `moved` event carrying it;
- **screen**: until the partner's page has the new panels too (what the page does
  on `moved`: `GET /rooms/KEY/panels` as HTMX sends it), the partner's screen;
- **answer**: until the mover's own POST is answered.

Race moves: a share (`--races`) of the moves is sent twice at once, as a
double-click or a second tab would. Exactly one copy must be stored and the
other refused (409, the other side moved first); the refusals are counted.

Checked at the end: every room ended, and each seat's transcript from the API
(`GET /api/rooms/KEY`) is exactly the moves its participants sent (who, what,
which terms), in order, none lost and none twice. Any deviation is an error,
and any error (or a room not completed) makes the exit status 1.

Bounded in count (`--rooms`, default 60: 120 participants) and in time
(`--timeout`, seconds). The machine has 2 cores shared by the server, this
load generator and whoever else runs: the load average is printed with the
result, and so is the CPU time the server and the generator each used.

With `--processes 2` (or more) the servers share one database on a throwaway
PostgreSQL server (`--rooms-db`, made as the tests make theirs), and seat A of
every room is on the first process and seat B on the next: every move reaches
the partner through PostgreSQL's NOTIFY and the other process (docs/rooms.md,
"Several processes"). The CPU time printed is all the servers' together.

    .venv/bin/python bench/rooms.py [--rooms 60] [--think 0.3 1.0] [--timeout 180]
                                    [--processes 1] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import resource
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

#: Each offered issue's values: as a move sends them, as the transcript shows them.
Values = dict[str, list[tuple[Any, str]]]
#: One TLS context for every client (making one per client costs ~30 ms of CPU each;
#: the server is plain HTTP on loopback anyway).
TLS = ssl.create_default_context()
#: A connection idle for 2 s is not used again: uvicorn closes one idle for 5 s, and a
#: request sent on it just then fails (browsers retry it; httpx does not).
LIMITS = httpx.Limits(keepalive_expiry=2.0)
#: How long the server may take to answer /healthz after it starts (seconds).
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """`accord serve` on a free loopback port with a fresh ledger in `folder` (as
    tests/browser/conftest.py's Server starts, polls and stops it)."""

    def __init__(self, folder: Path, rooms_db: str | None = None) -> None:
        self.folder = folder
        self.rooms_db = rooms_db
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def start(self) -> None:
        accord = Path(sys.executable).parent / "accord"
        args = [str(accord), "serve", "--port", str(self.port)]
        args += ["--db", str(self.folder / "accord.db"), "--data", str(self.folder / "web")]
        if self.rooms_db is not None:
            args += ["--rooms-db", self.rooms_db]
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("ACCORD_DB", None)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + START_TIMEOUT
        with httpx.Client(timeout=2, verify=TLS) as poll:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    code = self.proc.returncode
                    raise RuntimeError(f"accord serve exited ({code}):\n{self.tail()}")
                try:
                    if poll.get(self.url + "/healthz").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"no /healthz in {START_TIMEOUT}s:\n{self.tail()}")

    def cpu_seconds(self) -> float:
        """The server process's CPU time so far (user + system), from /proc."""
        assert self.proc is not None
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def tail(self) -> str:
        if not self.log.exists():
            return ""
        return self.log.read_bytes().decode(errors="replace")[-4000:]


# one room's script ----------------------------------------------------------------------------


@dataclass
class Options:
    scenario: str
    rounds: int
    think: tuple[float, float]
    races: float
    deadline_every: int
    seed: int


@dataclass
class Start:
    """The class starts when every room's two seats have joined with their streams open."""

    rooms: int
    seated: int = 0
    go: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Sent:
    """A move as its participant sent it, and when (perf_counter seconds)."""

    who: str
    kind: str
    terms: dict[str, str] | None
    at: float


@dataclass
class Room:
    """One room: its key, its seats' tokens, how many offers before the accept (None:
    offers until the deadline), what was sent, keyed by the events seen before it."""

    key: str
    tokens: dict[str, str]
    offers: int | None
    sent: dict[int, Sent] = field(default_factory=dict)
    ended: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Tally:
    event_ms: list[float] = field(default_factory=list)
    screen_ms: list[float] = field(default_factory=list)
    move_ms: list[float] = field(default_factory=list)
    refused_races: int = 0
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)
    completed: int = 0

    def error(self, text: str) -> None:
        if len(self.errors) < 200:
            self.errors.append(text)


class Participant:
    """One seat's person: its own cookie, its stream, its moves."""

    def __init__(
        self, base: str, room: Room, role: str, opts: Options, tally: Tally, rng: random.Random
    ) -> None:
        self.base, self.room, self.role, self.opts = base, room, role, opts
        self.tally, self.rng = tally, rng
        self.http = httpx.AsyncClient(base_url=base, timeout=60.0, verify=TLS, limits=LIMITS)
        self.connected = asyncio.Event()  # the stream is open
        self.events = 0  # the events this seat has seen
        self.rows: dict[int, dict[str, Any]] = {}
        self.changed = asyncio.Event()
        self.done = False
        self.screened = -1  # the last event this seat's screen shows
        #: each offered issue's values (as sent, as shown), this seat's best first
        self.ranked: list[tuple[str, list[tuple[Any, str]]]] = []
        self.shown: list[str] = []  # the issues offers name

    async def join(self, values: Values) -> None:
        r = await self.http.post(f"/api/rooms/join/{self.room.tokens[self.role]}", json={})
        r.raise_for_status()
        assert r.json() == {"room": self.room.key, "side": self.role}, r.text
        state = (await self.http.get(f"/api/rooms/{self.room.key}")).json()
        for issue in state["preferences"]["issues"]:
            if issue["name"] not in values:  # an add-on: granted, never offered
                continue
            scores = [v["score"] for v in issue["values"]]
            order = sorted(range(len(scores)), key=lambda j: -scores[j])
            self.ranked.append((issue["name"], [values[issue["name"]][j] for j in order]))
            self.shown.append(issue["name"])
        self.events = int(state["events"])

    def offer(self, k: int, of: int) -> dict[str, tuple[Any, str]]:
        """This seat's `k`-th offer of `of`: conceding from its best package, issue by
        issue, a little more each time (a different package every time)."""
        terms = {}
        for i, (name, best_first) in enumerate(self.ranked):
            step = (k * len(best_first)) // max(of, 1) + (1 if i < k % 3 else 0)
            terms[name] = best_first[min(step, len(best_first) - 1) // 2]
        return terms

    # the stream -------------------------------------------------------------------------------

    async def listen(self) -> None:
        """The room's stream, reconnecting with `Last-Event-ID` until the room has ended."""
        last = str(self.events)
        first = True
        while not self.done:
            if not first:
                self.tally.reconnects += 1
            first = False
            headers = {"Last-Event-ID": last, "Accept": "text/event-stream"}
            url = f"/api/rooms/{self.room.key}/events"
            try:
                async with self.http.stream("GET", url, headers=headers) as r:
                    if r.status_code != 200:
                        self.tally.error(f"{self.room.key} {self.role}: stream {r.status_code}")
                        await asyncio.sleep(1)
                        continue
                    self.connected.set()
                    kind, data, ident = "message", "", None
                    async for line in r.aiter_lines():
                        if line == "":
                            if kind == "moved" and data:
                                await self.moved(json.loads(data))
                            if ident is not None:
                                last = ident
                            kind, data, ident = "message", "", None
                            if self.done:
                                return
                        elif line.startswith("event:"):
                            kind = line[6:].strip()
                        elif line.startswith("data:"):
                            data += line[5:].strip()
                        elif line.startswith("id:"):
                            ident = line[3:].strip()
            except httpx.HTTPError as e:
                self.tally.error(f"{self.room.key} {self.role}: stream {type(e).__name__}")
                await asyncio.sleep(0.5)

    async def moved(self, data: dict[str, Any]) -> None:
        arrived = time.perf_counter()
        theirs = []
        for row in data["rows"]:
            seq = int(row["seq"])
            if seq in self.rows and self.rows[seq] != row:
                self.tally.error(f"{self.room.key} {self.role}: event {seq} changed")
            if seq not in self.rows and row["who"] == "they":
                theirs.append(seq)
        timed = [self.room.sent[s] for s in theirs if s in self.room.sent]
        for sent in timed:
            self.tally.event_ms.append((arrived - sent.at) * 1000)
        # the page's refresh on `moved`: every panel, as HTMX asks for it
        url = f"/rooms/{self.room.key}/panels"
        try:
            r = await self.http.get(url, headers={"HX-Request": "true"})
            status = str(r.status_code)
        except httpx.HTTPError as e:
            status = type(e).__name__
        shown = time.perf_counter()
        if status != "200":
            self.tally.error(f"{self.room.key} {self.role}: panels {status}")
        else:
            for sent in timed:
                self.tally.screen_ms.append((shown - sent.at) * 1000)
        # the person sees the move (and may answer it) once the screen shows it
        for row in data["rows"]:
            self.rows.setdefault(int(row["seq"]), row)
        self.events = max(self.events, int(data["events"]))
        self.screened = max(self.screened, *self.rows)
        self.changed.set()

    # the moves --------------------------------------------------------------------------------

    def my_turn(self) -> bool:
        if not self.rows:
            return self.role == "A"
        return self.rows[max(self.rows)]["who"] == "they"

    def sees_end(self) -> bool:
        """Whether this seat's screen shows the talks ended: an accept, or the deadline
        reached (the sender's answer may come later than the partner's screen)."""
        kinds = [r["kind"] for r in self.rows.values()]
        return "accept" in kinds or kinds.count("offer") >= 2 * self.opts.rounds

    async def play(self) -> None:
        """Move when it is this seat's turn, until the script or the talks end."""
        room, k = self.room, 0
        of = room.offers if room.offers is not None else self.opts.rounds
        while not room.ended.is_set():
            while not self.my_turn() and not room.ended.is_set():
                self.changed.clear()
                if self.my_turn():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.changed.wait(), 1.0)
            if room.ended.is_set() or self.sees_end():
                break
            await asyncio.sleep(self.rng.uniform(*self.opts.think))
            accept = room.offers is not None and len(self.rows) >= room.offers
            await self.send(None if accept else self.offer(k, of))
            k += 1

    async def send(self, offer: dict[str, tuple[Any, str]] | None) -> None:
        """An offer of these terms (each as sent, as shown), or None: accept."""
        room, expected = self.room, self.events
        if offer is None:
            sent = Sent(self.role, "accept", None, 0.0)
            what: Any = "accept"
        else:
            sent = Sent(self.role, "offer", {k: v[1] for k, v in offer.items()}, 0.0)
            what = {"offer": {k: v[0] for k, v in offer.items()}}
        body = {"move": what, "expected": expected}
        twice = self.rng.random() < self.opts.races
        sent.at = time.perf_counter()
        room.sent[expected] = sent
        url = f"/api/rooms/{room.key}/moves"
        if twice:
            answers = await asyncio.gather(
                self.http.post(url, json=body), self.http.post(url, json=body)
            )
        else:
            answers = [await self.http.post(url, json=body)]
        self.tally.move_ms.append((time.perf_counter() - sent.at) * 1000)
        codes = sorted(a.status_code for a in answers)
        if codes not in ([200], [200, 409]):
            detail = " / ".join(refusal(a) for a in answers if a.status_code != 200)
            detail += f" (sent {what} after {expected} events)"
            self.tally.error(f"{room.key} {self.role}: move answered {codes}: {detail}")
            room.ended.set()
            return
        self.tally.refused_races += codes.count(409)
        state = next(a for a in answers if a.status_code == 200).json()["state"]
        for row in state["transcript"]:
            self.rows.setdefault(int(row["seq"]), row)
        self.events = int(state["events"])
        if state["ended"]:
            room.ended.set()


def refusal(answer: httpx.Response) -> str:
    """A refused move's message, with the room as its sender now sees it."""
    try:
        found = answer.json()
        state = found.get("state") or {}
        rows = [f"{r['seq']}:{r['who']}:{r['kind']}" for r in state.get("transcript", [])]
        return f"{found['error']['message']}; room now: {rows}, ending {state.get('ending')}"
    except (ValueError, KeyError, TypeError):
        return answer.text[:300]


async def run_room(
    bases: list[str], room: Room, values: Values, opts: Options, tally: Tally, start: Start
) -> None:
    """Both seats join and open their streams, seat A on the first server and seat B on
    the next (with one server, both on it); once the whole class is seated (`start`),
    they negotiate; the room is then checked."""
    rng = random.Random(f"{opts.seed}:{room.key}")
    seats = [
        Participant(bases[k % len(bases)], room, role, opts, tally, rng)
        for k, role in enumerate(("A", "B"))
    ]
    listeners: list[asyncio.Task[None]] = []
    try:
        for p in seats:
            await p.join(values)
        listeners = [asyncio.create_task(p.listen()) for p in seats]
        for p in seats:
            await p.connected.wait()
        start.seated += 1
        if start.seated == start.rooms:
            start.go.set()
        await start.go.wait()
        await asyncio.gather(*(p.play() for p in seats))
        # the partner's stream delivers the last move, then the room is checked
        last = max(room.sent) if room.sent else -1
        async with asyncio.timeout(30):
            while any(p.screened < last for p in seats):
                await asyncio.sleep(0.05)
        for p in seats:
            p.done = True
        for t in listeners:
            t.cancel()
        await check(room, seats, tally)
    except TimeoutError:
        tally.error(f"{room.key}: the last move never reached both streams")
    except Exception as e:  # a room's failure is counted; the class goes on
        tally.error(f"{room.key}: {type(e).__name__}: {e}")
    finally:
        for t in listeners:
            t.cancel()
        for p in seats:
            await p.http.aclose()


async def check(room: Room, seats: list[Participant], tally: Tally) -> None:
    """Each seat's final transcript against what was sent: in order, none lost or twice."""
    sent = [room.sent[k] for k in sorted(room.sent)]
    want = [(s.who, s.kind, s.terms) for s in sent]
    ok = True
    for p in seats:
        state = (await p.http.get(f"/api/rooms/{room.key}")).json()
        rows = state["transcript"]
        if [r["seq"] for r in rows] != list(range(len(rows))):
            tally.error(f"{room.key} {p.role}: transcript out of order")
            ok = False
        moves = [r for r in rows if r["kind"] in ("offer", "accept")]
        got = [
            (
                p.role if r["who"] == "you" else ("B" if p.role == "A" else "A"),
                r["kind"],
                None if r["kind"] == "accept" else {k: r["terms"][k] for k in p.shown},
            )
            for r in moves
        ]
        if got != want:
            tally.error(f"{room.key} {p.role}: transcript {got} != sent {want}")
            ok = False
        if not state["ended"]:
            tally.error(f"{room.key} {p.role}: not ended")
            ok = False
    if ok:
        tally.completed += 1


# the class ------------------------------------------------------------------------------------


def quantiles(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {"n": 0}
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def machine() -> dict[str, Any]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


async def make_rooms(base: str, n: int, opts: Options) -> list[Room]:
    rooms = []
    async with httpx.AsyncClient(base_url=base, timeout=60.0, verify=TLS) as owner:
        for i in range(n):
            body = {"scenario": opts.scenario, "rounds": opts.rounds, "owner_side": None}
            r = await owner.post("/api/rooms", json=body)
            if r.status_code != 201:
                raise RuntimeError(f"POST /api/rooms answered {r.status_code}: {r.text[:300]}")
            made = r.json()
            assert set(made["links"]) == {"A", "B"}, made
            deadline = (
                opts.deadline_every > 0 and i % opts.deadline_every == opts.deadline_every - 1
            )
            offers = None if deadline else 4 + i % 7  # 4 to 10 offers, then the accept
            rooms.append(Room(made["key"], made["tokens"], offers))
    return rooms


async def run_class(bases: list[str], n: int, opts: Options, timeout: float) -> dict[str, Any]:
    from accord.formats import load_scenario
    from accord.model.units import show_value
    from accord.web.workspace import shipped_folder

    scenario = load_scenario(shipped_folder() / f"{opts.scenario}.yaml")
    values = {
        i.name: [(v, show_value(i, v)) for v in i.values]
        for i in scenario.space.issues
        if i.kind != "addon"
    }
    start = time.perf_counter()
    rooms = await make_rooms(bases[0], n, opts)
    made = time.perf_counter() - start
    tally = Tally()
    begin = time.perf_counter()
    start = Start(len(rooms))
    tasks = [
        asyncio.create_task(run_room(bases, room, values, opts, tally, start)) for room in rooms
    ]
    try:
        async with asyncio.timeout(timeout):  # every seat joined, every stream open
            await start.go.wait()
    except TimeoutError:
        tally.error(f"only {start.seated} of {len(rooms)} rooms seated in {timeout:g} s")
        start.go.set()
    seated = time.perf_counter() - begin
    start_class = time.perf_counter()
    _, pending = await asyncio.wait(tasks, timeout=max(0.0, timeout - seated))
    for t in pending:
        t.cancel()
    if pending:
        await asyncio.wait(pending, timeout=10)
        tally.error(f"{len(pending)} rooms still negotiating after --timeout {timeout:g} s")
    wall = time.perf_counter() - start_class
    return {
        "rooms": n,
        "participants": 2 * n,
        "create_s": round(made, 2),
        "seat_s": round(seated, 2),
        "wall_s": round(wall, 2),
        "moves": sum(len(r.sent) for r in rooms),
        "move_to_partner_screen_ms": quantiles(tally.screen_ms),
        "move_to_partner_event_ms": quantiles(tally.event_ms),
        "move_answer_ms": quantiles(tally.move_ms),
        "rooms_completed": tally.completed,
        "refused_race_moves": tally.refused_races,
        "stream_reconnects": tally.reconnects,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=60, help="rooms (2 participants each)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds, in all")
    parser.add_argument("--scenario", default="dealer_rebate", help="a shipped scenario")
    parser.add_argument("--rounds", type=int, default=8, help="each room's deadline")
    parser.add_argument("--think", type=float, nargs=2, default=(0.3, 1.0), metavar=("MIN", "MAX"))
    parser.add_argument("--races", type=float, default=0.1, help="share of moves sent twice")
    parser.add_argument("--deadline-every", type=int, default=6, help="every Nth room: no accept")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--json", type=Path, help="also write the result here")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="server processes; more than 1 share one throwaway PostgreSQL database "
        "(--rooms-db), seat A of every room on one process and seat B on another",
    )
    args = parser.parse_args()
    opts = Options(
        args.scenario, args.rounds, tuple(args.think), args.races, args.deadline_every, args.seed
    )
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="accord-bench-rooms-") as tmp,
        rooms_store(args.processes) as rooms_db,
    ):
        servers = [Server(Path(tmp) / f"p{k}", rooms_db) for k in range(args.processes)]
        try:
            for server in servers:
                server.start()
            cpu0 = sum(server.cpu_seconds() for server in servers)
            own0 = resource.getrusage(resource.RUSAGE_SELF)
            urls = [server.url for server in servers]
            result = asyncio.run(run_class(urls, args.rooms, opts, args.timeout))
            own1 = resource.getrusage(resource.RUSAGE_SELF)
            cpu = sum(server.cpu_seconds() for server in servers) - cpu0
            result["server_cpu_s"] = round(cpu, 1)
            own = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
            result["generator_cpu_s"] = round(own, 1)
        finally:
            for server in servers:
                server.stop()
        if result["errors"]:
            result["server_log"] = "\n".join(server.tail()[-2000:] for server in servers)
    result["processes"] = args.processes
    result["rooms_store"] = "sqlite" if rooms_db is None else "postgresql"
    result["settings"] = {
        "scenario": opts.scenario,
        "rounds": opts.rounds,
        "think_s": list(opts.think),
        "races": opts.races,
        "deadline_every": opts.deadline_every,
        "timeout_s": args.timeout,
    }
    result["machine"] = machine()
    result["load_average"] = {
        "before": [round(x, 2) for x in load_before],
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if result["errors"] or result["rooms_completed"] != args.rooms:
        sys.exit(1)


@contextlib.contextmanager
def rooms_store(processes: int) -> Iterator[str | None]:
    """None (each server's own SQLite rooms file) for one process; for more, a database
    on a throwaway PostgreSQL server (the tests' `tests/store/postgres.py`)."""
    if processes <= 1:
        yield None
        return
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.store import postgres

    reason = postgres.why_not()
    if reason is not None:
        raise SystemExit(f"--processes {processes} needs PostgreSQL: {reason}")
    with postgres.server() as admin:
        yield postgres.create_database(admin, "bench_rooms")


def report(r: dict[str, Any]) -> None:
    m = r["machine"]
    print(f"machine: nproc {m['nproc']}, {m['cpu']}, Python {m['python']}")
    print(f"{r['processes']} server process(es), rooms on {r['rooms_store']}")
    print(f"load average before {r['load_average']['before']}, after {r['load_average']['after']}")
    print(
        f"{r['rooms']} rooms, {r['participants']} participants, {r['moves']} moves; "
        f"rooms made in {r['create_s']} s, all seated with streams open in {r['seat_s']} s, "
        f"class wall time {r['wall_s']} s"
    )
    for name in ("move_to_partner_screen_ms", "move_to_partner_event_ms", "move_answer_ms"):
        q = r[name]
        if q["n"]:
            print(f"{name}: n {q['n']}, p50 {q['p50']}, p95 {q['p95']}, max {q['max']}")
        else:
            print(f"{name}: n 0")
    print(
        f"rooms completed {r['rooms_completed']}/{r['rooms']}, refused race moves "
        f"{r['refused_race_moves']}, stream reconnects {r['stream_reconnects']}, "
        f"errors {r['errors']}"
    )
    print(f"CPU: server {r['server_cpu_s']} s, this generator {r['generator_cpu_s']} s")
    for e in r["first_errors"]:
        print("  error:", e)


if __name__ == "__main__":
    main()
