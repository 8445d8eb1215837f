"""The harness itself, and a tour: every page of the app, each checked for labels."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import Server, Shots, broken_references, unlabelled

#: Every page a person reaches from the menu, the shipped examples' own pages included.
PAGES = [
    ("front", "/"),
    ("scenarios", "/scenarios"),
    ("scenario-new", "/scenarios/new"),
    ("scenario-copy", "/scenarios/new?start=saas_renewal"),
    ("scenario", "/scenarios/saas_renewal"),
    ("analysis", "/scenarios/saas_renewal/analysis"),
    ("plans", "/plans"),
    ("plan-choose", "/plans/new"),
    ("plan-example", "/plans/saas_renewal"),
    ("negotiations", "/negotiations"),
    ("negotiation-new", "/negotiations/new"),
    ("ledger", "/ledger"),
]


def test_front_page(page: Page, server: Server, shot: Shots) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    shot(page, "front")
    assert shot.taken[0].stat().st_size > 1000


def test_unlabelled_controls_are_found(page: Page) -> None:
    page.set_content(
        '<label for="b">B</label><input id="b"><input id="a"><button></button>'
        '<input aria-label="named"><label>wrapped <select></select></label>'
        '<span id="n">by</span><textarea aria-labelledby="n"></textarea>'
        '<input type="hidden"><input type="submit" value="Go"><textarea></textarea>'
    )
    assert unlabelled(page) == ['<input id="a">', "<button></button>", "<textarea></textarea>"]


def test_broken_references_are_found(page: Page) -> None:
    page.set_content(
        '<label for="x">X</label><input id="x"><p id="x">again</p>'
        '<label for="gone">G</label><input aria-describedby="x help">'
    )
    assert broken_references(page) == [
        "id 'x' twice",
        "for='gone' names no element",
        "aria-describedby='help' names no element",
    ]


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[n for n, _ in PAGES])
def test_tour(page: Page, shot: Shots, name: str, url: str) -> None:
    """Each page renders with its heading; `shot` fails it on an unlabelled control."""
    answer = page.goto(url)
    assert answer is not None and answer.status == 200, url
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, name)
