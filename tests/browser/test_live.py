"""Two more journeys on the negotiation page: a move made in one tab is pushed to
another tab on the same negotiation (server-sent events, no reload); and a real
negotiation logged as it happens (both sides' moves typed), ending in a deal with
a condition that the ledger then holds open.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from tests.browser.conftest import Shots

WHO = "Northwind Retail"


def start(page: Page, *, practice: bool, counterparty: str = "") -> None:
    page.goto("/negotiations/new")
    page.get_by_label("Scenario", exact=True).select_option("dealer_rebate")
    if practice:
        page.get_by_label("Practise against a strategy").check()
        page.get_by_label("Strategy", exact=True).select_option("hardliner")
    else:
        page.get_by_label("Log a real negotiation").check()
    page.get_by_label("Counterparty (kept in the ledger").fill(counterparty)
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/negotiations/\d+$"))


def test_moves_pushed_to_another_tab(page: Page, shot: Shots) -> None:
    start(page, practice=True)
    other = page.context.new_page()  # the same person, a second tab
    other.goto(page.url)
    theirs = other.locator("#moves tbody tr")
    expect(theirs).to_have_count(0)
    expect(other.locator("#status")).to_contain_text("Round 1 of 20")
    redraws = {"this": 0, "other": 0}
    for tab, name in ((page, "this"), (other, "other")):
        tab.on(
            "request",
            lambda r, name=name: (
                redraws.update({name: redraws[name] + 1}) if r.url.endswith("/panels") else None
            ),
        )
    page.get_by_role("button", name="Follow the advice").click()
    expect(page.locator("#moves tbody tr")).to_have_count(2)
    # The other tab is told, and redraws itself: no reload.
    expect(theirs).to_have_count(2)
    expect(other.locator("#status")).to_contain_text("Round 2 of 20: our move")
    # The tab that moved already shows the move: the stream's news does not redraw it
    # (a redraw would wipe what is being typed in its phrase box).
    page.get_by_label("Or type the move in words").fill("we stay silent")
    page.wait_for_timeout(1500)
    assert redraws == {"this": 0, "other": 1}
    expect(page.get_by_label("Or type the move in words")).to_have_value("we stay silent")
    shot(other, "other-tab")
    other.close()


def confirm_if_asked(page: Page, rows: int) -> None:
    confirm = page.get_by_role("button", name="yes, make this move")
    moves = page.locator("#moves tbody tr")
    expect(confirm.or_(moves.nth(rows))).to_be_visible()
    if confirm.is_visible():
        confirm.click()
    expect(moves).to_have_count(rows + 1)


def test_log_real_negotiation(page: Page, shot: Shots) -> None:
    start(page, practice=False, counterparty=WHO)
    status = page.locator("#status")
    expect(status).to_contain_text(f"ledger: {WHO}")
    moves = page.locator("#moves tbody tr")
    shot(page, "started")

    page.get_by_role("button", name="Follow the advice").click()
    expect(moves).to_have_count(1)
    expect(status).to_contain_text("their move")
    # Their move, typed in words as they said it.
    page.get_by_label("Or type the move in words (ours or theirs)").fill(
        "they offer 2% rebate, 1.25x stock, 90 days, co-marketing, 2 years"
    )
    page.get_by_role("button", name="Read it").click()
    expect(moves).to_have_count(2)
    expect(moves.nth(1)).to_contain_text("they offer rebate=2%, stock=1.25x, payment_days=90 days")
    expect(status).to_contain_text("Round 2 of 20: our move")
    shot(page, "their-offer")

    # Our counter from the builder: the rebate they want, if they stock 1.5x (P12).
    builder = page.locator("#builder")
    builder.get_by_label("rebate").select_option(label="2%")
    builder.get_by_label("stock").select_option(label="1.5x")
    builder.get_by_text("Attach a condition").click()
    builder.get_by_label("If (the condition, in words)").fill("stock is at least 1.5x")
    builder.get_by_label("Else (the term that applies if it is not met)").select_option(index=1)
    builder.get_by_role("button", name="Make this offer").click()
    confirm_if_asked(page, 2)
    expect(moves.nth(2)).to_contain_text("if they meet 'stock is at least 1.5x'")
    shot(page, "conditional-offer")

    # They accept it: their move, from the buttons.
    buttons = page.get_by_role("group", name="Or another move")
    buttons.get_by_label("Whose move").select_option("they")
    buttons.get_by_role("button", name=re.compile("^Accept")).click()
    expect(page.get_by_role("heading", name="The talks have ended")).to_be_visible()
    expect(status).to_contain_text(f"{WHO}'s relationship updated")
    shot(page, "agreed")

    status.get_by_role("link", name="ledger").click()
    due = page.get_by_role("region", name="Conditions to check (P12)")
    expect(due.get_by_role("listitem").filter(has_text=WHO)).to_contain_text(
        "stock is at least 1.5x"
    )
    shot(page, "ledger")
    counterparties = page.get_by_role("region", name="Counterparties")
    counterparties.get_by_role("link", name=WHO, exact=True).click()
    open_conditions = page.get_by_role("region", name="Open conditions (P12)")
    expect(open_conditions).to_contain_text("stock is at least 1.5x")
    shot(page, "in-ledger")
