"""Journey 9: a whole negotiation with the keyboard alone (Tab, Enter, Space and typing;
no click, no programmatic focus), every page's controls labelled (each `shot` checks).
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from tests.browser.conftest import Shots

#: Most Tab presses to reach a control: more than any page here has stops before it.
MOST_TABS = 200
#: More moves than any 20-round negotiation can take.
MOST_MOVES = 45


def focused(control: Locator) -> bool:
    found: bool = control.evaluate("e => e === document.activeElement")
    return found


def tab_to(page: Page, control: Locator) -> None:
    """Press Tab until `control` has the focus (bounded), as a keyboard user moves."""
    expect(control).to_be_visible()
    for _ in range(MOST_TABS):
        if focused(control):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{MOST_TABS} Tabs never reached {control}")


def test_keyboard_negotiation(page: Page, shot: Shots) -> None:
    keys = page.keyboard
    page.goto("/")
    shot(page, "front")
    tab_to(
        page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Negotiations")
    )
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Negotiations", level=1)).to_be_visible()
    shot(page, "negotiations")
    tab_to(page, page.get_by_role("link", name="Start a negotiation"))
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Start a negotiation")).to_be_visible()

    scenario = page.get_by_label("Scenario", exact=True)
    tab_to(page, scenario)
    keys.type("dealer")  # a closed select takes the option its typed name starts with
    expect(scenario).to_have_value("dealer_rebate")
    practise = page.get_by_label("Practise against a strategy")
    tab_to(page, practise)
    keys.press("Space")
    expect(practise).to_be_checked()
    strategy = page.get_by_label("Strategy", exact=True)
    tab_to(page, strategy)
    keys.type("hardliner")
    expect(strategy).to_have_value("hardliner")
    shot(page, "start")
    tab_to(page, page.get_by_role("button", name="Start"))
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/negotiations/\d+$"))
    status = page.locator("#status")
    expect(status).to_contain_text("Round 1 of 20: our move")
    rows = page.locator("#moves tbody tr")
    shot(page, "negotiation")

    # Follow the advice (Enter); the page keeps the focus on that button after a move.
    follow = page.get_by_role("button", name="Follow the advice")
    tab_to(page, follow)
    keys.press("Enter")
    expect(rows).to_have_count(2)
    expect(follow).to_be_focused()

    # Type a line; the question asked back takes the focus, and Enter answers it.
    line = page.get_by_label("Or type the move in words")
    tab_to(page, line)
    keys.type("we offer 1.5% and 60 days if you stock 1.5x")
    keys.press("Enter")
    first_answer = page.locator("#reply .answers button").first
    expect(first_answer).to_be_focused()
    expect(first_answer).to_contain_text(re.compile(r"^rebate"))
    shot(page, "asked-back")
    keys.press("Enter")
    confirm = page.get_by_role("button", name="yes, make this move")
    expect(confirm.or_(rows.nth(2))).to_be_visible()
    if confirm.is_visible():  # a move against the advisor's cautions is confirmed first
        expect(confirm).to_be_focused()
        keys.press("Enter")
    expect(rows.filter(has_text="round 2: we offer rebate=1.5%")).to_have_count(1)

    # Undo it with Space.
    undo = page.get_by_role("button", name="Undo the last move")
    tab_to(page, undo)
    keys.press("Space")
    expect(rows).to_have_count(2)
    expect(status).to_contain_text("Round 2 of 20: our move")
    shot(page, "undone")

    # Then Enter on "Follow the advice" until the talks end.
    ended = page.get_by_role("heading", name="The talks have ended")
    for _ in range(MOST_MOVES):
        if ended.is_visible():
            break
        before = rows.count()
        tab_to(page, follow)
        keys.press("Enter")
        expect(rows).not_to_have_count(before)
    expect(ended).to_be_visible()
    shot(page, "ended")

    tab_to(page, page.get_by_role("link", name="Debrief"))
    keys.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"^Debrief"), level=1)).to_be_visible()
    shot(page, "debrief")
