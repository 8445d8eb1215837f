"""Journeys 1, 2 and 8: build a scenario in the form, analyse it (the chart's points
show their terms on hover), and upload a bad file (an inline error; nothing kept).

The analysis journey analyses the scenario the build journey made: `built` is it
if that journey ran first in this session, and otherwise builds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from tests.browser.conftest import Server, Shots, Watch, open_page, settled

NAME = "Office cleaning"
_built: list[str] = []


def issue(page: Page, n: int) -> Locator:
    return page.get_by_role("group", name=re.compile(rf"^Issue {n}\b"))


def side(page: Page, role: str) -> Locator:
    return page.locator("#sides").get_by_role("group", name=re.compile(rf"^{role}\b"))


def redrawn(page: Page, control: Locator, value: str) -> None:
    """Type `value` in a control whose change redraws the form (or each side's part of
    it), and wait for that: one redraw at a time, as a person tabbing through would."""
    with page.expect_response(lambda r: r.url.endswith("/scenarios/form")):
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
            control.press("Tab")
    settled(page)


def build(page: Page, shot: Shots) -> str:
    """Journey 1, played in `page`: the scenario's name once saved."""
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scenarios").click()
    expect(page.get_by_role("heading", name="Scenarios", level=1)).to_be_visible()
    shot(page, "scenarios")
    page.get_by_role("link", name="Build a new scenario").click()
    expect(page.get_by_role("heading", name="Build a scenario")).to_be_visible()
    check = page.locator("#form-check")
    expect(check).to_contain_text("cannot name a scenario")  # checked before anything is typed
    shot(page, "blank")

    page.get_by_label("Name (also the file's name)").fill(NAME)
    page.get_by_label("Deadline: rounds before the talks end without a deal").fill("12")
    # Issue 1: a price in steps (choosing the kind redraws the issue's own fields).
    redrawn(page, issue(page, 1).get_by_label("Kind"), "real")
    redrawn(page, issue(page, 1).get_by_label("Name", exact=True), "price")
    redrawn(page, issue(page, 1).get_by_label("Unit"), "$/month")
    redrawn(page, issue(page, 1).get_by_label("From"), "1000")
    redrawn(page, issue(page, 1).get_by_label("To"), "2000")
    redrawn(page, issue(page, 1).get_by_label("In steps of"), "250")
    expect(
        side(page, "A").get_by_role("group", name="price").get_by_label("Scores")
    ).to_be_visible()
    # Issue 2: named options, each scored by each side.
    redrawn(page, issue(page, 2).get_by_label("Name", exact=True), "contract")
    redrawn(page, issue(page, 2).get_by_label("Values, separated by commas"), "monthly, annual")
    expect(
        side(page, "B").get_by_role("group", name="contract").get_by_label("annual")
    ).to_be_visible()
    # Issue 3: an add-on the cleaner gives.
    with page.expect_response(lambda r: r.url.endswith("/scenarios/form")):
        page.get_by_role("button", name="Add an issue").click()
    settled(page)
    redrawn(page, issue(page, 3).get_by_label("Kind"), "addon")
    redrawn(page, issue(page, 3).get_by_label("Name", exact=True), "deep_clean")
    redrawn(page, issue(page, 3).get_by_label("Given by"), "B")
    expect(side(page, "A").get_by_role("group", name="deep_clean")).to_be_visible()
    shot(page, "issues")

    for role, name, batna in (("A", "Facilities", "0.3"), ("B", "Cleaner", "0.25")):
        s = side(page, role)
        s.get_by_label("Name", exact=True).fill(name)
        s.get_by_label("BATNA: what walking away is worth, 0 to 1").fill(batna)
    a, b = side(page, "A"), side(page, "B")
    # A weight set on its slider moves its number box too (and only the box is posted).
    price_a = a.get_by_role("group", name="price")
    price_a.get_by_role("slider").fill("60")
    expect(price_a.get_by_role("spinbutton", name=re.compile("Weight of price"))).to_have_value(
        "60"
    )
    b.get_by_role("group", name="price").get_by_role("slider").fill("30")
    # Scores: a price line for each side (A pays, B is paid), and a table for the contract.
    for s, best in ((a, "low"), (b, "high")):
        redrawn(page, s.get_by_role("group", name="price").get_by_label("Scores"), best)
        expect(s.get_by_role("group", name="price").get_by_label("Scores")).to_have_value(best)
    for s, monthly, annual in ((a, "1", "0.4"), (b, "0.2", "1")):
        contract = s.get_by_role("group", name="contract")
        contract.get_by_label("monthly").fill(monthly)
        contract.get_by_label("annual").fill(annual)
    expect(check).to_contain_text(re.compile(r"The scenario loads: 3 issues, 20 outcomes"))
    expect(check).to_contain_text("Facilities (A) walks away below 0.30")
    shot(page, "checked")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download as YAML").click()
    text = download.value.path().read_text()
    assert "name: price" in text and "$/month" in text and "deep_clean" in text

    page.get_by_role("button", name="Save the scenario").click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    price = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="price"))
    expect(price.first).to_contain_text("$1,000/month")
    expect(page.get_by_role("region", name="A: Facilities")).to_contain_text(
        "75%"
    )  # 60 of 60 + 10 + 10
    expect(page.get_by_text("20 outcomes")).to_be_visible()
    shot(page, "saved")
    return NAME


def test_build_scenario(page: Page, shot: Shots) -> None:
    _built.append(build(page, shot))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scenarios").click()
    expect(page.get_by_role("link", name=NAME, exact=True)).to_be_visible()
    shot(page, "listed")


@pytest.fixture
def built(browser: Browser, server: Server) -> str:
    """The build journey's scenario (built now if that journey has not run)."""
    if not _built:
        watch = Watch()
        page = open_page(browser, server, watch)
        _built.append(build(page, Shots("build_scenario", watch)))
        page.context.close()
        assert not watch.problems, "\n".join(watch.problems)
    return _built[0]


def test_analyse(page: Page, shot: Shots, built: str) -> None:
    page.goto("/scenarios")
    page.get_by_role("link", name=built, exact=True).click()
    page.get_by_role("link", name="Analyse").click()
    expect(page.get_by_role("heading", name=f"Analysis: {built}")).to_be_visible()
    chart = page.locator("figure svg.outcome-chart")
    expect(chart).to_be_visible()
    expect(chart.locator(".frontier-line")).to_have_count(1)
    expect(chart.locator("polygon.zopa")).to_have_count(1)
    # Hovering a point: its title (the browser's tooltip) gives the terms with units.
    point = chart.locator("circle:has(title)").first
    point.hover()
    tip = point.locator("title").text_content() or ""
    assert re.search(r"price=\$[12],[0-9]{3}/month, contract=\w+, deep_clean=(yes|no)", tip), tip
    assert re.search(r"Facilities \(A\): [01]\.\d{3} · Cleaner \(B\): [01]\.\d{3}", tip), tip
    nash = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile("Nash"))
    )
    expect(nash).to_contain_text(re.compile(r"price: \$[\d,]+/month"))
    zopa = page.get_by_role("paragraph").filter(has_text=re.compile(r"^ZOPA"))
    expect(zopa).to_contain_text(re.compile(r"\d+ outcomes \([\d.]+% of the space\)"))
    shot(page, "analysis")


def test_bad_upload(page: Page, shot: Shots, tmp_path: Path) -> None:
    bad = tmp_path / "broken deal.yaml"
    bad.write_text("name: Broken\nissues:\n  - name: price\n    type: real\n    low: high\n")
    page.goto("/scenarios")
    before = page.locator("main table tbody tr").count()
    field = page.get_by_label("An accord scenario (.yaml) or a GENIUS folder as a .zip")
    field.set_input_files(bad)
    page.get_by_role("button", name="Upload").click()
    # Inline, by the field it is about: the file, the field in it and what was expected.
    field = page.get_by_label("An accord scenario (.yaml) or a GENIUS folder as a .zip")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bupload-error\b"))
    error = page.locator("#upload-error")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("broken deal.yaml")
    expect(error).to_contain_text("issues.price.low")
    expect(error).to_contain_text("expected")
    shot(page, "error")
    listed = page.request.get("/api/scenarios")
    assert listed.ok and "broken" not in listed.text().lower()
    page.goto("/scenarios")
    expect(page.locator("main table tbody tr")).to_have_count(before)
    expect(page.get_by_role("link", name=re.compile("broken", re.IGNORECASE))).to_have_count(0)
    shot(page, "nothing-kept")
