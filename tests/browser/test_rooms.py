"""Rooms in a real browser (issue 16): the owner makes a room and two people, each in their
own browser context (their own cookies, no account), negotiate with each other to an
agreement; each offer reaches the other page live, and each side gets its own debrief."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import Server, Shots, Watch, open_page


def test_two_people_negotiate_to_agreement(
    page: Page, browser: Browser, server: Server, watch: Watch, shot: Shots
) -> None:
    page.goto("/rooms")
    page.get_by_label("Scenario (a snapshot").select_option("dealer_rebate")
    page.get_by_label("Deadline in rounds").fill("6")
    page.get_by_label("Side B gets the advisor").uncheck()
    page.get_by_role("button", name="Make the room").click()
    expect(page).to_have_url(re.compile(r"/rooms/[\w-]+/manage$"))
    links = [page.get_by_label(f"Link for side {s}").input_value() for s in "AB"]
    assert all("/rooms/join/" in link for link in links) and links[0] != links[1]
    shot(page, "owner-links")

    a, b = open_page(browser, server, watch), open_page(browser, server, watch)
    try:
        a.goto(links[0])
        b.goto(links[1])
        expect(a.locator("h1")).to_contain_text("side A")
        expect(b.locator("h1")).to_contain_text("side B")
        expect(a.locator("#status")).to_contain_text("your move")
        expect(a.locator("#advice")).to_contain_text("Advice")
        expect(b.locator("#advice")).to_contain_text("turned the advisor off")
        shot(a, "seat-a")

        # A's offer from the builder (prefilled with the advised counter) reaches B live,
        # and what B was typing meanwhile in the phrase box is still there.
        b.get_by_label("Or say it in words").fill("we offer 2% rebate")
        a.locator("#builder").get_by_role("button", name="Make this offer").click()
        expect(a.locator("#moves tr[id^='event-']")).to_have_count(1)
        expect(b.locator("#moves tr[id^='event-']")).to_have_count(1)  # no reload: pushed
        expect(b.get_by_label("Or say it in words")).to_have_value("we offer 2% rebate")
        expect(b.locator("#status")).to_contain_text("your move")
        shot(b, "seat-b-their-offer")

        # B says it in words, confirms, then A accepts B's offer.
        b.get_by_label("Or say it in words").fill(
            "we offer 2% rebate, 1.25x stock, 90 days, co-marketing, 2 years"
        )
        b.get_by_role("button", name="Read it").click()
        b.get_by_role("button", name="Yes, make this move").click()
        expect(b.locator("#moves tr[id^='event-']")).to_have_count(2)
        expect(a.locator("#moves tr[id^='event-']")).to_have_count(2)
        a.get_by_role("button", name="Accept the offer on the table").click()
        for seat in (a, b):
            expect(seat.locator("#status")).to_contain_text("The talks have ended")
            expect(seat.locator("#debrief")).to_contain_text("Your debrief")
        shot(a, "seat-a-debrief")
        shot(b, "seat-b-debrief")
        page.reload()
        expect(page.locator("main")).to_contain_text("The talks have ended (agreement)")
    finally:
        a.context.close()
        b.context.close()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[Server]:
    found = Server(tmp_path / "killed")
    found.start()
    yield found
    found.stop()


def test_killed_mid_room_and_reconnected(
    browser: Browser, own_server: Server, watch: Watch, shot: Shots
) -> None:
    """SIGKILL the server between two moves, start it again on the same files: neither
    page is reloaded, both reconnect by themselves, and the talks carry on with every
    acknowledged move there once."""
    owner = open_page(browser, own_server, watch)
    owner.goto("/rooms")
    owner.get_by_label("Scenario (a snapshot").select_option("dealer_rebate")
    owner.get_by_role("button", name="Make the room").click()
    links = [owner.get_by_label(f"Link for side {s}").input_value() for s in "AB"]
    a, b = open_page(browser, own_server, watch), open_page(browser, own_server, watch)
    try:
        a.goto(links[0])
        b.goto(links[1])
        rows = {seat: seat.locator("#moves tr[id^='event-']") for seat in (a, b)}
        a.locator("#builder").get_by_role("button", name="Make this offer").click()
        expect(rows[b]).to_have_count(1)
        b.locator("#builder").get_by_role("button", name="Make this offer").click()
        expect(rows[a]).to_have_count(2)
        made = rows[a].all_inner_texts()

        own_server.kill()
        own_server.start()  # the same port, files and signing key

        a.get_by_role("button", name="Stay silent").click()  # the page as it was
        expect(rows[a]).to_have_count(3)
        expect(rows[b]).to_have_count(3)  # b's stream reconnected by itself
        assert rows[a].all_inner_texts()[:2] == made
        b.get_by_role("button", name="Accept the offer on the table").click()
        for seat in (a, b):
            expect(seat.locator("#status")).to_contain_text("The talks have ended")
            expect(rows[seat]).to_have_count(4)
        shot(b, "after-restart")
    finally:
        for p in (owner, a, b):
            p.context.close()
    assert not watch.problems, "\n".join(watch.problems)
