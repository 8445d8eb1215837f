"""A classroom exercise in a real browser (issue 16): the instructor opens a session, two
students (each in their own browser context, no account) join with the code and wait;
the roster grows live; Start sends both waiting pages to their rooms by themselves, each
with its own brief; the monitor follows the pair live; a pause refuses a move with a
clear message; after the agreement the instructor opens the class debrief."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import Server, Shots, Watch, open_page
from tests.browser.test_keyboard import tab_to


def test_a_class_negotiates_while_the_instructor_watches(
    page: Page, browser: Browser, server: Server, watch: Watch, shot: Shots
) -> None:
    page.goto("/classroom")
    page.get_by_label("Case", exact=True).select_option("dealer_rebate")
    page.get_by_label("Deadline in rounds").fill("8")
    page.get_by_role("button", name="Open the session").click()
    expect(page).to_have_url(re.compile(r"/classroom/[2-9A-Z]{6}$"))
    code = page.locator("#join-code").inner_text().strip()
    shot(page, "instructor-open")

    ann, bo = open_page(browser, server, watch), open_page(browser, server, watch)
    try:
        ann.goto("/join")
        ann.get_by_label("Join code").fill(code.lower())
        ann.get_by_label("Your name").fill("Ann")
        ann.get_by_role("button", name="Join").click()
        expect(ann.locator("#waiting")).to_contain_text("Welcome, Ann")
        bo.goto("/join")  # with the keyboard alone: a wrong code first, shown by its field
        tab_to(bo, bo.get_by_label("Join code"))
        bo.keyboard.type("0OIL11")
        tab_to(bo, bo.get_by_label("Your name"))
        bo.keyboard.type("Bo")
        bo.keyboard.press("Enter")
        expect(bo.locator("#code-error")).to_contain_text("not a join code")
        tab_to(bo, bo.get_by_label("Join code"))
        bo.keyboard.press("ControlOrMeta+a")
        bo.keyboard.type(code)
        tab_to(bo, bo.get_by_role("button", name="Join"))
        bo.keyboard.press("Enter")
        expect(bo.locator("#waiting")).to_contain_text("Welcome, Bo")
        expect(page.locator("#roster-title")).to_have_text("Roster (2)")  # pushed, no reload
        shot(ann, "student-waiting")

        page.get_by_role("button", name="Start: pair the students").click()
        expect(page.locator("#monitor-title")).to_be_visible()
        for student, side in ((ann, "side A"), (bo, "side B")):  # sent there by themselves
            expect(student).to_have_url(re.compile(rf"/classroom/{code}/room$"))
            expect(student.locator("h1")).to_contain_text(side)
            expect(student.locator("details.brief")).to_contain_text("Your confidential brief")
        expect(ann.locator("details.brief")).to_contain_text("manufacturer")
        shot(ann, "student-room")

        ann.locator("#builder").get_by_role("button", name="Make this offer").click()
        expect(bo.locator("#moves tr[id^='event-']")).to_have_count(1)
        expect(page.locator("tr.pair-negotiating")).to_have_count(1)  # the monitor, live

        page.get_by_role("button", name="Pause every room").click()
        expect(bo.locator("#class-banner")).to_contain_text("paused by the instructor")
        bo.get_by_role("button", name="Accept the offer on the table").click()
        expect(bo.locator("#flash")).to_contain_text("paused by the instructor")
        shot(bo, "student-paused")
        page.get_by_role("button", name="Resume").click()
        expect(bo.locator("#class-banner")).not_to_contain_text("paused")
        bo.get_by_role("button", name="Accept the offer on the table").click()
        for student in (ann, bo):
            expect(student.locator("#debrief")).to_contain_text("Your debrief")
        expect(page.locator("tr.pair-agreed")).to_have_count(1)
        shot(page, "instructor-monitor")

        page.get_by_role("link", name="The class debrief").click()
        expect(page.locator("#deal-rate")).to_contain_text("1 of 1 pairs (100%)")
        expect(page.locator("svg.outcome-chart")).to_be_visible()
        shot(page, "class-debrief")
    finally:
        ann.context.close()
        bo.context.close()
    assert not watch.problems, "\n".join(watch.problems)
