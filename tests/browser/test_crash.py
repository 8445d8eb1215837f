"""Journey 10: SIGKILL the server in the middle of a negotiation and start it again on
the same files: the page shows every move made, and the negotiation carries on.

It has a server of its own (the session's is never killed), on its own ledger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import Server, Shots, Watch, open_page


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    found = Server(tmp_path / "crashed")
    found.start()
    yield found
    found.stop()


def test_killed_mid_negotiation(
    browser: Browser, own_server: Server, watch: Watch, shot: Shots
) -> None:
    page: Page = open_page(browser, own_server, watch)
    page.goto("/negotiations/new")
    page.get_by_label("Scenario", exact=True).select_option("dealer_rebate")
    page.get_by_label("Strategy", exact=True).select_option("hardliner")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/negotiations/\d+$"))
    rows = page.locator("#moves tbody tr")
    follow = page.get_by_role("button", name="Follow the advice")
    for n in (2, 4, 6):
        follow.click()
        expect(rows).to_have_count(n)
    made = rows.all_inner_texts()
    shot(page, "before-kill")

    own_server.kill()
    own_server.start()  # the same port, ledger and files

    page.reload()
    expect(rows).to_have_count(len(made))
    assert rows.all_inner_texts() == made
    expect(page.locator("#status")).to_contain_text("Round 4 of 20: our move")
    shot(page, "after-restart")
    follow.click()  # and it carries on from where it was
    expect(rows).to_have_count(len(made) + 2)
    expect(rows.filter(has_text="round 4: we")).to_have_count(1)
    shot(page, "carried-on")
    page.context.close()
    assert not watch.problems, "\n".join(watch.problems)
