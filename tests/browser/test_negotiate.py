"""Journeys 4-6: practise a whole negotiation against hardliner (following the
advice, overriding it in the offer builder, typing a phrase and answering the
question it asks back, undoing), then read its debrief and find it in the ledger.

The debrief and ledger journeys need the practised negotiation: they take it from
`practised`, which is the practice journey's result if it ran first in this
session, and otherwise plays that journey itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from tests.browser.conftest import Server, Shots, Watch, open_page

COUNTERPARTY = "Dealer Co"
#: More moves than any 20-round negotiation can take: the loop that follows the advice
#: to the end is bounded by it.
MOST_MOVES = 45


@dataclass(frozen=True)
class Practised:
    """The negotiation the practice journey played: its page, and its moves as shown."""

    url: str
    moves: tuple[str, ...]


_played: list[Practised] = []


def moves(page: Page) -> Locator:
    return page.locator("#moves tbody tr")


def acted(page: Page, before: int) -> None:
    """Wait until a move lands in the transcript (the page swaps it in place)."""
    expect(moves(page)).not_to_have_count(before)


def confirmed(page: Page, before: int, shot: Shots, name: str) -> bool:
    """Wait for the move to land; if the advisor first asks us to confirm it (a move
    against its cautions), show the question and confirm. Whether it asked."""
    confirm = page.get_by_role("button", name="yes, make this move")
    expect(confirm.or_(moves(page).nth(before))).to_be_visible()
    asked = confirm.is_visible()
    if asked:
        expect(page.locator("#reply .caution").first).to_be_visible()
        shot(page, name)
        confirm.click()
    acted(page, before)
    return asked


def start_practice(page: Page, shot: Shots) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Negotiations").click()
    shot(page, "negotiations")
    page.goto("/negotiations/new")
    expect(page.get_by_role("heading", name="Start a negotiation")).to_be_visible()
    page.get_by_label("Scenario", exact=True).select_option("dealer_rebate")
    page.get_by_label("Our side").select_option("A")
    page.get_by_label("Practise against a strategy").check()
    page.get_by_label("Strategy", exact=True).select_option("hardliner")
    page.get_by_label("Counterparty (kept in the ledger").fill(COUNTERPARTY)
    page.get_by_label("Seed (of the practice strategy)").fill("7")
    shot(page, "start")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/negotiations/\d+$"))


def practise(page: Page, shot: Shots) -> Practised:
    """Journey 4, played in `page`; the expectations on the way are the journey's."""
    start_practice(page, shot)
    status = page.locator("#status")
    expect(status).to_contain_text("Round 1 of 20: our move")
    expect(status).to_contain_text("hardliner")
    advice = page.locator("#advice")
    # The advice is pushed: one recommendation, as terms with units, and its reasons.
    expect(advice.locator(".recommendation")).to_contain_text("payment_days=")
    expect(advice.get_by_role("rowheader", name="payment_days")).to_be_visible()
    expect(advice).to_contain_text(re.compile(r"\d+ days"))
    # A principle cited in a reason opens its text; the candidates are there on demand.
    cited = advice.locator(".reasons details.principle").first
    cited.locator("summary").click()
    expect(cited.locator(".principle-text")).to_be_visible()
    advice.get_by_text(re.compile(r"Every move open to us")).click()
    expect(advice.locator("details.candidates table")).to_be_visible()
    shot(page, "advice")
    # On a narrow window the candidates scroll in their own box; the panel keeps its width.
    wide = page.viewport_size
    page.set_viewport_size({"width": 400, "height": 800})
    box = advice.locator(".table-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # wider than the box: scrolls
    right = "e => e.getBoundingClientRect().right"
    assert box.evaluate(right) <= advice.evaluate(right)
    assert advice.evaluate("a => a.scrollWidth <= a.clientWidth")
    # Every menu link stays inside the window (the menu wraps).
    links = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert max(links.evaluate_all(f"ls => ls.map({right})")) <= 400
    shot(page, "advice-narrow")
    if wide is not None:
        page.set_viewport_size(wide)
    # Nothing to accept before their first offer.
    expect(page.get_by_role("button", name=re.compile("^Accept"))).to_have_count(0)

    # 1. Follow the advice: our offer, then hardliner's answer, in the transcript.
    page.get_by_role("button", name="Follow the advice").click()
    acted(page, 0)
    expect(moves(page).filter(has_text="round 1: we offer")).to_have_count(1)
    expect(moves(page).filter(has_text="round 1: they")).to_have_count(1)
    expect(status).to_contain_text("Round 2 of 20: our move")
    shot(page, "followed")

    # 2. Override the advice in the offer builder (prefilled with the advised terms).
    builder = page.locator("#builder")
    advised = builder.get_by_label("payment_days").input_value()
    assert advised, "the offer builder is not prefilled"
    builder.get_by_label("rebate").select_option(label="1.25%")
    before = moves(page).count()
    builder.get_by_role("button", name="Make this offer").click()
    confirmed(page, before, shot, "override-confirm")
    expect(moves(page).filter(has_text="round 2: we offer rebate=1.25%")).to_have_count(1)
    shot(page, "overridden")

    # 3. A phrase typed in words; the parser asks back which term the condition moves.
    before = moves(page).count()
    page.get_by_label("Or type the move in words").fill(
        "we offer 1.5% and 60 days if you stock 1.5x"
    )
    page.get_by_role("button", name="Read it").click()
    reply = page.locator("#reply")
    expect(reply).to_contain_text("Which term depends on the condition")
    expect(moves(page)).to_have_count(before)  # nothing is recorded until answered
    shot(page, "asked-back")
    reply.get_by_role("button", name=re.compile(r"^rebate")).click()
    confirmed(page, before, shot, "answered-confirm")
    ours = moves(page).filter(has_text="round 3: we offer rebate=1.5%")
    expect(ours).to_contain_text("if they meet 'stock 1.5x', else rebate=1.25%")
    shot(page, "answered")

    # 4. Undo takes back our move and their answer to it.
    page.get_by_role("button", name="Undo the last move").click()
    expect(ours).to_have_count(0)
    expect(moves(page)).to_have_count(before)
    expect(reply).to_contain_text("Undone")
    expect(status).to_contain_text("Round 3 of 20: our move")
    shot(page, "undone")

    # Every move is stored as it is made: a reload shows the same transcript.
    page.reload()
    expect(moves(page)).to_have_count(before)

    # 5. Follow the advice to the end.
    ended = page.get_by_role("heading", name="The talks have ended")
    for _ in range(MOST_MOVES):
        if ended.is_visible():
            break
        before = moves(page).count()
        page.get_by_role("button", name="Follow the advice").click()
        acted(page, before)
    expect(ended).to_be_visible()
    expect(status).to_contain_text(re.compile(r"\d+ of 20 rounds used"))
    expect(page.get_by_role("button", name="Follow the advice")).to_have_count(0)
    for gone in ("Read it", "Undo the last move", "Make this offer"):  # no more moves
        expect(page.get_by_role("button", name=gone)).to_have_count(0)
    expect(page.locator("#charts svg").first).to_be_visible()
    shot(page, "ended")
    shown = tuple(moves(page).all_inner_texts())
    assert len(shown) > before
    return Practised(page.url, shown)


def test_practise_hardliner(page: Page, shot: Shots) -> None:
    found = practise(page, shot)
    assert any("rebate=1.25%" in m for m in found.moves)
    _played.append(found)


@pytest.fixture
def practised(browser: Browser, server: Server) -> Practised:
    """The practice journey's negotiation (played now if the journey has not run)."""
    if not _played:
        watch = Watch()
        page = open_page(browser, server, watch)
        _played.append(practise(page, Shots("practise_hardliner", watch)))
        page.context.close()
        assert not watch.problems, "\n".join(watch.problems)
    return _played[0]


def test_debrief(page: Page, shot: Shots, practised: Practised) -> None:
    page.goto(practised.url)
    page.get_by_role("link", name="Debrief").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Debrief"), level=1)).to_be_visible()
    result = page.locator("#result")
    expect(result).to_contain_text(re.compile(r"No agreement|Agreement"))
    expect(result).to_contain_text(re.compile(r"as terms: rebate=[\d.]+%"))
    expect(page.locator("#figure svg").first).to_be_visible()
    # Our override in round 2 is the move that departed from the advice.
    against = page.get_by_role("region", name=re.compile(r"^Against the advice"))
    departed = against.get_by_role("row").filter(has=page.get_by_role("cell", name="2", exact=True))
    expect(departed).to_have_count(1)
    expect(
        page.get_by_role("heading", name=re.compile(r"Principles: \d+ kept, \d+ broken"))
    ).to_be_visible()
    shot(page, "debrief")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.path().read_text().count("\n") > 5
    with page.context.expect_page() as printable:
        page.get_by_role("link", name="printable report").click()
    report = printable.value
    expect(report.get_by_role("heading", level=1)).to_contain_text("Dealer rebate renewal")
    shot(report, "printable")
    report.close()

    page.get_by_label("Seen from side").select_option("B")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"side=B"))
    shot(page, "seen-from-b")


def test_ledger_shows_it(page: Page, shot: Shots, practised: Practised) -> None:
    number = practised.url.rsplit("/", 1)[1]
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ledger").click()
    expect(page.get_by_role("heading", name="Ledger", level=1)).to_be_visible()
    shot(page, "ledger")
    page.get_by_role("link", name=COUNTERPARTY, exact=True).click()
    expect(page.get_by_role("heading", name=f"Relationship with {COUNTERPARTY}")).to_be_visible()
    held = page.locator("section", has=page.get_by_role("heading", name="Negotiations"))
    row = held.get_by_role("row").filter(has=page.get_by_role("cell", name=number, exact=True))
    expect(row).to_contain_text("practice")
    expect(row).to_contain_text("Dealer rebate renewal")
    expect(row).to_contain_text("ultimatum refused")
    expect(page.locator("figure svg")).to_be_visible()
    shot(page, "relationship")
    row.get_by_role("link", name="Debrief").click()
    expect(page).to_have_url(re.compile(rf"/negotiations/{number}/debrief"))
