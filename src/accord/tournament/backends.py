"""Where tournament tasks run: in this process, on local processes, or on a Ray cluster.

Every backend runs the same pure `play_chunk` on the same tasks, so results are
identical whichever runs them; only the order they finish in differs. Tasks are
pulled lazily and at most a few chunks per worker are in flight, so a plan of a
million tasks never sits in a queue, and a crash loses only those in flight.
"""

from __future__ import annotations

import ipaddress
import logging
import multiprocessing
import os
import socket
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any, ClassVar

from accord.errors import InputError
from accord.tournament.runner import TaskResult, default_workers, play, play_chunk
from accord.tournament.tasks import Task

Indexed = tuple[int, Task]


class Backend:
    """Runs (index, task) pairs and yields (index, result) pairs as they finish."""

    name: ClassVar[str] = "serial"

    def __init__(self, workers: int = 1) -> None:
        self.workers = max(1, workers)

    def imap(
        self, tasks: Iterable[Indexed], total: int | None = None
    ) -> Generator[tuple[int, TaskResult], None, None]:
        """Results of `tasks` in the order they finish; `total` (if known) sizes the chunks."""
        for index, task in tasks:
            yield index, play(task)

    def describe(self) -> str:
        return self.name


class SerialBackend(Backend):
    """Every task in this process, in order."""


class ProcessBackend(Backend):
    """Local processes (one per worker); one worker runs in this process.

    The workers start from a fork server, not by forking this process: forking one that
    runs threads (a web server's, or Ray's after an in-process Ray run) can crash the
    child (a segfault in Ray's library was seen), and it is the default from Python
    3.14 on."""

    name = "processes"

    def imap(
        self, tasks: Iterable[Indexed], total: int | None = None
    ) -> Generator[tuple[int, TaskResult], None, None]:
        if self.workers <= 1 or (total is not None and total <= 1):
            yield from super().imap(tasks, total)
            return
        size = chunk_size(total, self.workers)
        window = 4 * self.workers  # chunks in flight: keeps every worker busy
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=context) as pool:
            pending: set[Future[list[tuple[int, TaskResult]]]] = set()
            try:
                for chunk in chunks(tasks, size):
                    pending.add(pool.submit(play_chunk, chunk))
                    while len(pending) >= window:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            yield from future.result()
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield from future.result()
            finally:
                for future in pending:
                    future.cancel()

    def describe(self) -> str:
        return f"{self.workers} local process(es)"


class RayBackend(Backend):
    """A Ray cluster at `address`, or (without one) a local Ray started on loopback.

    Ray is imported only here (`pip install 'accord[ray]'`). On a remote cluster
    every node needs accord installed and the domain files at the same paths.
    """

    name = "ray"

    def __init__(self, workers: int = 1, address: str | None = None) -> None:
        super().__init__(workers)
        self.address = address

    def imap(
        self, tasks: Iterable[Indexed], total: int | None = None
    ) -> Generator[tuple[int, TaskResult], None, None]:
        ray = _import_ray()
        started = not ray.is_initialized()
        restore = self._start(ray) if started else _nothing
        try:
            cpus = max(1, int(ray.cluster_resources().get("CPU", self.workers)))
            remote = ray.remote(play_chunk)
            size, window = chunk_size(total, cpus), 4 * cpus
            pending: list[Any] = []
            try:
                for chunk in chunks(tasks, size):
                    pending.append(remote.remote(chunk))
                    while len(pending) >= window:
                        done, pending = ray.wait(pending, num_returns=1)
                        yield from ray.get(done[0])
                while pending:
                    done, pending = ray.wait(pending, num_returns=1)
                    yield from ray.get(done[0])
            finally:
                for ref in pending:
                    ray.cancel(ref, force=True)
        finally:
            if started:
                ray.shutdown()
            restore()

    def _start(self, ray: Any) -> Callable[[], None]:
        """Start a local Ray on loopback, or connect to `address`; returns an undo."""
        quiet = {"logging_level": logging.WARNING, "log_to_driver": False}
        if self.address is None:
            undo = _loopback(ray)
            options: dict[str, Any] = {
                "num_cpus": self.workers,
                "include_dashboard": False,
                "object_store_memory": 200 * 1024 * 1024,
            }
        else:
            host = _reachable(self.address)
            undo = _loopback(ray) if host is not None and _is_loopback(host) else _nothing
            options = {"address": self.address}
        try:
            ray.init(**options, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as e:
            undo()
            if self.address is None:
                raise
            raise _address_error(self.address, f"cannot connect to a Ray cluster: {e}") from None
        except BaseException:
            undo()
            raise
        return undo

    def describe(self) -> str:
        where = self.address or f"a local cluster of {self.workers} CPU(s) on loopback"
        return f"Ray ({where})"


BACKENDS: dict[str, type[Backend]] = {
    "serial": SerialBackend,
    "processes": ProcessBackend,
    "ray": RayBackend,
}


def make_backend(name: str, workers: int | None = None, address: str | None = None) -> Backend:
    """A backend by name; `workers` defaults to all cores (serial: one)."""
    cls = BACKENDS.get(name.strip().lower())
    if cls is None:
        raise InputError(
            f"unknown backend '{name}'", field="--backend", expected="one of " + ", ".join(BACKENDS)
        )
    if address is not None and cls is not RayBackend:
        raise InputError(
            "an address needs the Ray backend",
            field="--address",
            expected="--backend ray with --address, or no --address",
        )
    n = 1 if cls is SerialBackend else (workers or default_workers())
    return RayBackend(n, address) if cls is RayBackend else cls(n)


def chunk_size(total: int | None, workers: int) -> int:
    """Tasks per chunk: about four chunks per worker, at most 32 tasks each."""
    if total is None:
        return 32
    return max(1, min(32, total // (4 * workers)))


def chunks(tasks: Iterable[Indexed], size: int) -> Iterator[list[Indexed]]:
    """`tasks` in lists of `size`, pulled lazily."""
    it = iter(tasks)
    while chunk := list(islice(it, size)):
        yield chunk


def _import_ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never report usage
    try:
        import ray
    except ImportError:
        raise InputError(
            "the Ray backend needs Ray, which is not installed",
            field="--backend",
            expected="pip install 'accord[ray]'",
        ) from None
    return ray


def _loopback(ray: Any) -> Callable[[], None]:
    """Have a local Ray take 127.0.0.1 as its address, so it listens on loopback only.

    Ray otherwise picks the host's network address; this is the switch it uses on
    macOS and Windows (RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER), read when a node
    starts. Returns an undo, for connecting to a real cluster later.
    """
    try:
        from ray._private import ray_constants
    except ImportError:  # pragma: no cover - another Ray layout
        return lambda: None
    before = getattr(ray_constants, "ENABLE_RAY_CLUSTER", None)
    if before is None:  # pragma: no cover - another Ray version
        return lambda: None
    ray_constants.ENABLE_RAY_CLUSTER = False

    def undo() -> None:
        ray_constants.ENABLE_RAY_CLUSTER = before

    return undo


def _nothing() -> None:
    pass


def _reachable(address: str) -> str | None:
    """The host of a Ray `address` once something answers there (None for "auto")."""
    if address == "auto":
        return None
    where = address.removeprefix("ray://").rstrip("/")
    host, _, port = where.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit():
        raise _address_error(address, "not a host:port address")
    try:
        socket.create_connection((host, int(port)), timeout=5).close()
    except OSError as e:
        raise _address_error(address, f"nothing answers there ({e.strerror or e})") from None
    return host


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return host == "::1"


def _address_error(address: str, message: str) -> InputError:
    return InputError(
        message,
        source=address,
        field="--address",
        expected="a running Ray cluster's address, e.g. 127.0.0.1:6379 or ray://host:10001; "
        "a cluster with token authentication also needs RAY_AUTH_MODE=token",
    )
