"""Journey 3: write a plan in the form; its warnings update live as we type."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from tests.browser.conftest import Shots


def test_write_plan(page: Page, shot: Shots) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    expect(page.get_by_role("heading", name="Plans", level=1)).to_be_visible()
    shot(page, "plans")

    page.get_by_label("For the scenario").select_option("dealer_rebate")
    page.get_by_label("We are side").select_option("A")
    page.get_by_role("button", name="New plan").click()
    expect(page.get_by_role("heading", name="New plan", level=1)).to_be_visible()
    implied = page.get_by_role("complementary", name="What the plan implies")
    # The derived numbers are packages of terms, with units, not bare utilities.
    expect(implied.get_by_role("heading", name="What the plan implies")).to_be_visible()
    opening = implied.locator("#derived-opening")
    expect(opening).to_contain_text(re.compile(r"rebate: [\d.]+%"))
    expect(opening).to_contain_text(re.compile(r"term_years: \d years?"))
    warnings = implied.locator("ul.warnings")
    expect(warnings).to_contain_text("and 8 more are empty")
    expect(warnings).to_contain_text("their preferences are unknown")
    shot(page, "new")

    # Each answer typed and each choice made updates the warnings, live.
    page.get_by_label("What do we want?").fill("A renewal that keeps the dealer stocked")
    expect(warnings).to_contain_text("and 7 more are empty")
    page.get_by_label("Our estimate of them").select_option("scenario")
    expect(warnings).not_to_contain_text("their preferences are unknown")
    expect(implied).not_to_contain_text("ZOPA: unknown")
    page.get_by_label("Our BATNA's utility").fill("0.3")
    page.get_by_label("Walk-away").fill("0.2")
    below = implied.get_by_text(re.compile(r"walk-away \(0\.20\) is below the BATNA \(0\.30\)"))
    expect(below).to_be_visible()
    shot(page, "walk-away-below-batna")
    page.get_by_label("Walk-away").fill("0.35")
    expect(below).to_have_count(0)
    expect(implied.locator("#derived-walk_away")).to_contain_text("0.350")
    shot(page, "walk-away-fixed")

    page.get_by_label("Name", exact=True).fill("Dealer browser plan")
    page.get_by_label("Counterpart").fill("Dealer Co")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("heading", name="Plan: Dealer browser plan")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Saved \(version 1\)"))).to_be_visible()
    expect(page.get_by_label("Walk-away")).to_have_value("0.35")
    shot(page, "saved")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as YAML").click()
    text = download.value.path().read_text()
    assert download.value.suggested_filename == "Dealer browser plan.plan.yaml"
    assert "walk_away: 0.35" in text and "Dealer Co" in text

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    expect(page.get_by_role("link", name="Dealer browser plan")).to_be_visible()
    shot(page, "listed")


def test_plan_refused_inline(page: Page, shot: Shots) -> None:
    page.goto("/plans/new?scenario=dealer_rebate&side=A")
    page.get_by_label("Name", exact=True).fill("Refused plan")
    page.get_by_label("Walk-away").fill("lots")
    # Live, the panel says what is wrong and links to the field.
    implied = page.get_by_role("complementary", name="What the plan implies")
    expect(implied).to_contain_text("'lots' is not a fraction")
    expect(implied.get_by_role("link", name="Go to the field")).to_have_attribute(
        "href", "#f-walk_away"
    )
    page.get_by_role("button", name="Save plan").click()
    # Saving refuses it: the message beside the field (file, field, what was expected).
    field = page.get_by_label("Walk-away")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("lots")  # what was typed is kept to correct
    inline = page.locator("#f-walk_away-error")
    expect(inline).to_contain_text("at field 'walk_away'")
    expect(inline).to_contain_text("expected a fraction in [0, 1]")
    shot(page, "refused")
    page.goto("/plans")
    expect(page.get_by_role("heading", name="Plans", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Refused plan")).to_have_count(0)  # nothing saved
