"""Journey 7: record a real deal by its terms, with a condition, and resolve it."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect
from tests.browser.conftest import Shots, settled

WHO = "Harbour Supplies"


def trust(page: Page) -> float:
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="trust"))
    return float(row.get_by_role("cell").inner_text())


def test_record_deal_and_resolve(page: Page, shot: Shots) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ledger").click()
    add = page.get_by_role("region", name="Add a counterparty")
    add.get_by_label("Name").fill(WHO)
    add.get_by_label("Notes").fill("Regional dealer, renewal every spring")
    add.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name=f"Relationship with {WHO}")).to_be_visible()
    before = trust(page)
    shot(page, "added")

    record = page.get_by_role("region", name="Record a real deal by its terms")
    # Choosing the plan redraws the form with that plan's issues.
    with page.expect_response(lambda r: "/deal-form" in r.url):
        record.get_by_label("Plan (values the terms").select_option("dealer_rebate")
    settled(page)
    # What was typed survives a change of plan (the whole form goes with the request).
    record.get_by_label("What was negotiated").fill("2027 rebate renewal")
    for plan in ("saas_renewal", "dealer_rebate"):
        with page.expect_response(lambda r: "/deal-form" in r.url):
            record.get_by_label("Plan (values the terms").select_option(plan)
        settled(page)
    expect(record.get_by_label("What was negotiated")).to_have_value("2027 rebate renewal")
    terms = record.get_by_role("group", name="The terms agreed")
    for issue, value in (
        ("rebate", "2%"),
        ("stock", "1.5x"),
        ("payment days", "60 days"),
        ("co marketing", "yes"),
        ("term years", "2 years"),
    ):
        terms.get_by_label(issue, exact=True).select_option(label=value)
    record.get_by_label("What was negotiated").fill("2027 rebate renewal")
    today = date.today()
    record.get_by_label("Held on").fill((today - timedelta(days=10)).isoformat())
    condition = record.get_by_role("group", name=re.compile("A condition attached"))
    condition.get_by_label("Condition", exact=True).fill("stock at least 1.5x monthly shipments")
    condition.get_by_label("To be met by").select_option("them")
    condition.get_by_label("Probability it is met").fill("0.8")
    condition.get_by_label("Check by").fill((today - timedelta(days=1)).isoformat())
    condition.get_by_label("rebate if not met").select_option(label="1%")
    shot(page, "filled")
    record.get_by_role("button", name="Record the deal").click()

    recorded = page.get_by_role("status").filter(has_text="Recorded negotiation")
    expect(recorded).to_contain_text(re.compile(rf"Recorded negotiation #\d+ with {WHO}"))
    number = re.search(r"#(\d+)", recorded.inner_text())
    assert number
    history = page.get_by_role("region", name="History")
    expect(history).to_contain_text("Terms: rebate=2%")  # terms as agreed, with their units
    expect(history).to_contain_text("payment_days=60 days")
    expect(history).to_contain_text("If the condition is not met: rebate=1%")
    conditions = page.get_by_role("region", name="Open conditions (P12)")
    due = conditions.get_by_role("listitem").filter(has_text=f"#{number[1]}")
    expect(due).to_contain_text("stock at least 1.5x monthly shipments")
    expect(due).to_have_class(re.compile(r"\boverdue\b"))  # its check day has passed
    shot(page, "recorded")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ledger").click()
    listed = page.get_by_role("region", name="Conditions to check (P12)").get_by_role("listitem")
    expect(listed.filter(has_text=WHO)).to_have_class(re.compile(r"\boverdue\b"))
    shot(page, "due-in-ledger")
    listed.filter(has_text=WHO).get_by_role("link", name=WHO).click()

    resolve = page.get_by_role("form", name=f"Resolve the condition of #{number[1]}")
    resolve.get_by_role("button", name="Met", exact=True).click()
    checked = page.get_by_role("status").filter(has_text="checked")
    expect(checked).to_contain_text(f"Condition of negotiation #{number[1]} checked")
    expect(page.get_by_role("region", name="Open conditions (P12)")).to_contain_text(
        "No open conditions"
    )
    assert trust(page) > before  # a condition met raises trust (P12)
    expect(page.get_by_role("region", name="History")).to_contain_text(
        f"condition of #{number[1]} checked"
    )
    shot(page, "resolved")


def test_export_and_import(page: Page, shot: Shots, tmp_path: Path) -> None:
    page.goto("/ledger")
    io = page.get_by_role("region", name="Export and import")
    with page.expect_download() as download:
        io.get_by_role("link", name="JSON").click()
    backup = tmp_path / download.value.suggested_filename
    download.value.save_as(backup)
    assert re.fullmatch(r"accord-ledger-\d{4}-\d{2}-\d{2}\.json", backup.name)
    exported = json.loads(backup.read_text())
    assert exported["format"] == "accord-store"  # as `accord ledger export` writes it

    # A broken backup: named inline with what was expected, and nothing imported.
    broken = tmp_path / "ledger backup.json"
    broken.write_text(json.dumps({**exported, "counterparties": [{"name": 3}]}))
    before = page.get_by_role("region", name="Counterparties").inner_text()
    field = io.get_by_label("Import a backup")
    field.set_input_files(broken)
    io.get_by_role("button", name="Import", exact=True).click()
    error = page.locator("#import-error")
    expect(error).to_contain_text("ledger backup.json")
    expect(error).to_contain_text("counterparties")
    expect(error).to_contain_text("Nothing was imported")
    expect(page.get_by_label("Import a backup")).to_have_attribute(
        "aria-describedby", re.compile(r"\bimport-error\b")
    )
    shot(page, "bad-import")
    page.goto("/ledger")
    assert page.get_by_role("region", name="Counterparties").inner_text() == before

    # Its own export imports cleanly: what the ledger already holds is skipped.
    page.get_by_label("Import a backup").set_input_files(backup)
    io = page.get_by_role("region", name="Export and import")
    io.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Imported from")).to_contain_text(backup.name)
    assert page.get_by_role("region", name="Counterparties").inner_text() == before
    shot(page, "imported")
