"""The page in a real headless Chromium (Debian's, driven by Playwright) against a real `jobboard serve`.

Chromium is required: without /usr/bin/chromium (or JOBBOARD_TEST_CHROMIUM) these tests fail, they do not skip.
Screenshots go to tests/artifacts/ (git-ignored); their paths are printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.conftest import ARTIFACTS, HOSTILE_ID


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert not errors, errors


def _state(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_search_chip_posting_and_back(served: str, page: Page) -> None:
    page.goto(served + "/")
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    # Type a query and submit with the keyboard.
    box = page.get_by_label("What")
    box.fill("quokka")
    box.press("Enter")
    page.wait_for_url("**/?q=quokka*")
    assert _state(page.url) == {"q": ["quokka"]}  # empty fields stay out of the URL
    expect(page.locator(".total")).to_contain_text("24 jobs")
    # Click a hashtag chip: the filter joins the URL and narrows the results.
    page.locator('.chip[data-tag="python"]').click()
    page.wait_for_url("**hashtag=python*")
    assert _state(page.url) == {"q": ["quokka"], "hashtag": ["python"]}
    expect(page.locator(".total")).to_contain_text("8 jobs")
    expect(page.locator(".chip.on")).to_have_text("#python ×")
    # Pick a location with the keyboard-usable select and search again.
    page.get_by_label("Where").select_option("PT")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**location=PT*")
    assert _state(page.url) == {"q": ["quokka"], "location": ["PT"], "hashtag": ["python"]}
    _shot(page, "search-results")
    # Open a posting: the detail page keeps the search state for the way back.
    page.locator(".card h2 a").first.click()
    page.wait_for_url("**/postings/**")
    assert _state(page.url) == {"q": ["quokka"], "hashtag": ["python"], "location": ["PT"]}
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quokka Keeper")
    expect(page.locator(".description")).to_contain_text("Feed the quokkas")
    _shot(page, "posting")
    page.get_by_role("link", name="← Back to results").click()
    page.wait_for_url("**/?**")
    assert _state(page.url) == {"q": ["quokka"], "hashtag": ["python"], "location": ["PT"]}
    # A shared URL shows the same search in a fresh tab.
    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.locator(".total")).to_contain_text("8 jobs")
    shared.close()


def test_keyboard_only(served: str, page: Page) -> None:
    page.goto(served + "/?q=quokka")
    page.keyboard.press("/")  # the shortcut focuses the search box
    expect(page.get_by_label("What")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Where")).to_be_focused()
    # Tab on to the first result's link and follow it with Enter.
    first = page.locator(".card h2 a").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/postings/**")


def test_hostile_posting_runs_no_script(served: str, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{served}/postings/{HOSTILE_ID}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Zyxwv Hostile <b>Engineer</b>")  # shown as text
    for link in page.locator("a").all():
        link.focus()
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript:"), href
    page.locator(".description a", has_text="about us").click(modifiers=["Control"])  # a safe link stays a link
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".description script, .description img, .description iframe, .description svg").count() == 0
    assert page.get_by_role("link", name="Apply").count() == 0  # its URL was javascript:, so no button
    assert not dialogs
    _shot(page, "hostile-posting")


def test_small_screen(served: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    small = context.new_page()
    small.goto(served + "/?q=python")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways at 360 px ({width} px wide)"
    expect(small.get_by_role("button", name="Search")).to_be_visible()
    _shot(small, "search-360px")
    small.goto(f"{served}/postings/{HOSTILE_ID}")
    assert small.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
