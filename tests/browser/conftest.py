"""End-to-end journeys in a real headless Chromium against a real `accord serve`.

One server per session (`server`): `accord serve --port P --db <tmp>/accord.db
--data <tmp>/web` in a subprocess, ready when `GET /healthz` answers, killed at
the end. Playwright's Python package drives Debian's Chromium at
`/usr/bin/chromium` (`.ci/run` installs it); no browser is ever downloaded.
Without that binary the journeys are skipped with one reason, unless
`ACCORD_REQUIRE_BROWSER=1` (CI), where they fail instead.

Every journey keeps a full-page screenshot of each page it visits in
`tests/artifacts/screenshots/<journey>/<NN>-<name>.png` (`shot(page, name)`),
and every screenshot also checks the page: each form control has an accessible
label. A page that throws a JavaScript error or a response of 500 or more fails
the journey that saw it, with the server's log attached to the report.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "artifacts" / "screenshots"
#: How long a server may take to answer /healthz after it starts (seconds).
START_TIMEOUT = 30.0
#: Default wait for a locator or an expectation (milliseconds): generous, for 2 busy cores.
WAIT_MS = 15_000

_LOG_START = pytest.StashKey[int]()

#: The form controls on the page that have no accessible name: no <label> (for= or
#: wrapping) with text, no aria-label, no aria-labelledby naming an element with text.
UNLABELLED_JS = """() => {
  const named = (el) => {
    if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (by.some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
    if (el.tagName === 'BUTTON') return el.textContent.trim() !== '';
    if (['submit', 'reset', 'button'].includes(el.type)) return (el.value || '').trim() !== '';
    return false;
  };
  return [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => el.type !== 'hidden' && !named(el))
    .map((el) => el.outerHTML.slice(0, 160));
}"""

#: Ids given twice (a label or a description then names the wrong element), and labels
#: or descriptions that point at an id the page does not have.
BROKEN_REFERENCES_JS = """() => {
  const seen = {};
  for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;
  const out = Object.keys(seen).filter((id) => seen[id] > 1).map((id) => `id '${id}' twice`);
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby], label[for]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby', 'for']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) out.push(`${attr}='${id}' names no element`);
      }
    }
  }
  return out;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def accord_command() -> list[str]:
    """The `accord` script of the Python running the tests (the venv's)."""
    beside = Path(sys.executable).parent / "accord"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("accord")
    assert found, "no `accord` command: install the package (pip install -e '.[test]')"
    return [found]


@dataclass
class Server:
    """`accord serve` on a free loopback port, its ledger and files in `folder`."""

    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        args = ["serve", "--port", str(self.port)]
        args += ["--db", str(self.folder / "accord.db"), "--data", str(self.folder / "web")]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("ACCORD_DB", None)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                accord_command() + args, stdout=out, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise AssertionError(f"accord serve exited ({code}):\n{self.tail()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        else:
            self.stop()
            raise AssertionError(f"no /healthz in {START_TIMEOUT}s:\n{self.tail()}")
        address = re.search(rb"http://\S+", self.log.read_bytes())
        assert address and address.group().decode().rstrip("/") == self.url, self.tail()

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing, as a crash or a power cut."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def tail(self, start: int = 0) -> str:
        if not self.log.exists():
            return ""
        return self.log.read_bytes()[start:].decode(errors="replace")[-6000:]

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One `accord serve` for the browser tests, on a fresh ledger."""
    found = Server(tmp_path_factory.mktemp("served"))
    found.start()
    yield found
    found.stop()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright (the test extra's Python package), if Debian's Chromium is there."""
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (Debian's `chromium` package; .ci/run installs it)"
        if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ACCORD_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium (never a downloaded one)."""
    found = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
    yield found
    found.close()


@dataclass
class Watch:
    """What went wrong in a page: JavaScript errors, server errors, unlabelled controls."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda e: self.problems.append(f"JavaScript error: {e}"))
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.status} from {r.request.method} {r.url}")
                if r.status >= 500
                else None
            ),
        )


def open_page(browser: Browser, server: Server, watch: Watch) -> Page:
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    found = context.new_page()
    watch.attach(found)
    return found


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Browser, server: Server, watch: Watch) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the session's server; the journey fails
    if the page threw a JavaScript error or the server answered 500 or more."""
    found = open_page(browser, server, watch)
    yield found
    found.context.close()
    assert not watch.problems, "\n".join(watch.problems)


def settled(page: Page) -> None:
    """Wait until HTMX has no request in flight and nothing left to swap or settle (a
    form that redraws part of itself must be still before the next control is typed in)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def unlabelled(page: Page) -> list[str]:
    """The form controls on `page` without an accessible name."""
    found: list[str] = page.evaluate(UNLABELLED_JS)
    return found


def broken_references(page: Page) -> list[str]:
    """Ids on `page` given twice, and labels or descriptions naming a missing id."""
    found: list[str] = page.evaluate(BROKEN_REFERENCES_JS)
    return found


class Shots:
    """`shot(page, name)`: a full-page screenshot in the journey's folder, numbered in
    the order taken; every page shot is also checked for unlabelled controls, ids
    given twice and labels or descriptions that name no element."""

    def __init__(self, journey: str, watch: Watch) -> None:
        self.folder = SHOTS / journey
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.watch = watch
        self.taken: list[Path] = []

    def __call__(self, page: Page, name: str) -> Path:
        page.wait_for_load_state()
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        self.watch.problems.extend(
            f"unlabelled control on {page.url}: {html}" for html in unlabelled(page)
        )
        self.watch.problems.extend(f"on {page.url}: {p}" for p in broken_references(page))
        return path


@pytest.fixture
def shot(request: pytest.FixtureRequest, watch: Watch) -> Shots:
    """Screenshots for this journey, in a folder named after its test without `test_`
    (`test_tour[plans]` → `tour-plans`)."""
    name = request.node.name.removeprefix("test_")
    return Shots(re.sub(r"[^\w.-]+", "-", name).strip("-"), watch)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is marked `browser` (`-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    served = getattr(item, "funcargs", {}).get("server")
    item.stash[_LOG_START] = served.log_size() if isinstance(served, Server) else 0
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    """A failing journey's report carries what the server logged meanwhile."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    served = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(served, Server):
        logged = served.tail(item.stash.get(_LOG_START, 0))
        if logged.strip():
            report.sections.append(("accord serve log", logged))
