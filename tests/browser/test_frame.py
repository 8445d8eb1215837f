"""The harness itself: the served app answers, and the front page is labelled."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from tests.browser.conftest import Server, Shots


def test_front_page(page: Page, server: Server, shot: Shots) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    shot(page, "front")
    assert shot.taken[0].stat().st_size > 1000
