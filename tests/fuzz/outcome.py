"""The one rule of the fuzz suite: a reader either loads, or refuses with one paragraph.

`read` runs one reader call under a time bound (SIGALRM) and an address-space
bound (RLIMIT_AS), so a hang or a runaway allocation fails the case instead of
the machine; it counts the case under the reader's name for the summary
`conftest.py` prints. Anything but a return or an `InputError` propagates, and
Hypothesis reports it with the input that caused it.
"""

from __future__ import annotations

import resource
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, settings

from accord.errors import InputError

T = TypeVar("T")

#: Cases each reader took in this session, for the terminal summary.
CASES: Counter[str] = Counter()

#: A case taking longer than this is a hang, whatever the machine's load.
SECONDS = 10.0
#: A case may map this much more memory than the test process already holds.
EXTRA_BYTES = 2 << 30


def fuzz_settings(examples: int) -> settings:
    """Reproducible settings: a fixed derandomised search, no example database, no
    per-example deadline (the alarm in `bounded` is the hard bound)."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


class HangError(Exception):
    """A reader ran past `SECONDS`."""


def _alarm(*_: object) -> None:
    raise HangError(f"the reader ran for more than {SECONDS} s")


@contextmanager
def bounded() -> Iterator[None]:
    """Run the body with a wall-clock alarm and a cap on further memory."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    statm = Path("/proc/self/statm")  # Linux; elsewhere the alarm alone bounds a case
    if statm.exists():
        cap = int(statm.read_text().split()[0]) * resource.getpagesize() + EXTRA_BYTES
        limit = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def read(reader: str, call: Callable[[], T]) -> T | InputError:
    """`call()`'s result, or the `InputError` it raised after checking it is one
    paragraph that names its source; every other exception propagates."""
    CASES[reader] += 1
    try:
        with bounded():
            return call()
    except InputError as e:
        assert_user_error(e)
        return e


def assert_user_error(e: InputError) -> None:
    """What the CLI prints: one paragraph, attributed to the file it is about."""
    text = e.describe()
    assert e.source, f"the error names no file: {text}"
    assert "\n\n" not in text and "Traceback" not in text, text
