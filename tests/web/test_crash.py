"""Kill the server with SIGKILL in the middle of a negotiation and start it again on the
same files: the page and the API show every move made (each is committed when made)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

TOKEN = re.compile(r'"X-CSRF-Token": "([^"]+)"')
#: Longest wait for the server to answer after it starts (seconds).
STARTUP = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def server(tmp: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`accord serve` on a free port over `tmp`'s ledger and folder, until it answers."""
    port = free_port()
    accord = Path(sys.executable).with_name("accord")
    command = [str(accord), "serve", "--port", str(port)]
    command += ["--db", str(tmp / "accord.db"), "--data", str(tmp / "web")]
    log = (tmp / f"serve-{port}.log").open("wb")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            assert proc.poll() is None, (tmp / f"serve-{port}.log").read_text()
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"accord serve did not answer in {STARTUP:.0f} s")
            time.sleep(0.1)
        yield proc, url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        log.close()


@contextmanager
def session(url: str) -> Iterator[httpx.Client]:
    """A client with the page's CSRF token, as the browser sends it with HTMX."""
    with httpx.Client(base_url=url, timeout=20, follow_redirects=False) as client:
        found = TOKEN.search(client.get("/negotiations").text)
        assert found, "no CSRF token on the page"
        client.headers.update({"X-CSRF-Token": found.group(1), "HX-Request": "true"})
        yield client


def test_a_killed_server_loses_no_move(tmp_path: Path) -> None:
    with server(tmp_path) as (proc, url), session(url) as client:
        r = client.post(
            "/negotiations",
            data={"plan": "dealer_rebate", "mode": "practice", "against": "hardliner"},
        )
        assert r.status_code == 204, r.text  # HTMX: HX-Redirect to the page
        page_url = r.headers["HX-Redirect"]
        nid = int(page_url.rsplit("/", 1)[1])
        assert client.post(f"{page_url}/follow").status_code == 200
        r = client.post(f"{page_url}/line", data={"line": "we can do 45 days and 1.5%"})
        if "make this move anyway?" in r.text:
            client.post(f"{page_url}/answer", data={"answer": "yes"})
        before = client.get(f"/api/negotiations/{nid}").json()
        assert len(before["events"]) == 4
        os.killpg(proc.pid, signal.SIGKILL)  # no shutdown, no flush: killed mid-negotiation
        proc.wait(timeout=10)
    with server(tmp_path) as (_, url), session(url) as client:
        after = client.get(f"/api/negotiations/{nid}").json()
        assert after["moves"] == before["moves"] and not after["ended"]
        page = client.get(f"/negotiations/{nid}").text
        for line in before["moves"]:
            assert line in page
        r = client.post(f"/negotiations/{nid}/follow")  # and it goes on
        assert r.status_code == 200
        assert len(client.get(f"/api/negotiations/{nid}").json()["events"]) == 6
