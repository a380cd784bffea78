"""How /jobs and the page say the free text was read, and what a search that found nothing could drop: through the
real app over a real tantivy index, and the page in a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from tests.api.conftest import ARTIFACTS

CHARTMOGUL_TITLE = "Senior Backend Engineer"  # the seed's remote Rails posting (archived)


def _state(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_jobs_answer_says_how_q_was_read(client: TestClient) -> None:
    body = client.get("/jobs", params={"q": "rails remote #ruby", "include_archived": "true"}).json()
    assert body["interpretation"] == {
        "terms": [
            {"text": "rails", "kind": "field", "field": "hashtags", "value": "rails", "filterable": True, "near": False},
            {"text": "remote", "kind": "field", "field": "workplace", "value": "remote", "filterable": True, "near": False},
            {"text": "#ruby", "kind": "tag", "field": "hashtags", "value": "ruby", "filterable": True, "near": False},
        ]
    }
    assert body["items"][0]["title"] == CHARTMOGUL_TITLE
    assert body["suggestions"] == []
    assert client.get("/jobs", params={"hashtag": "python"}).json()["interpretation"] is None  # no q, nothing read


def test_rails_remote_finds_the_remote_rails_job_first(client: TestClient) -> None:
    items = client.get("/jobs", params={"q": "rails remote", "include_archived": "true"}).json()["items"]
    assert items[0]["title"] == CHARTMOGUL_TITLE
    assert items[0]["company"]["name"].startswith("ChartMogul")


def test_literal_keeps_words_as_text(client: TestClient) -> None:
    body = client.get("/jobs", params=[("q", "rails remote"), ("literal", "remote"), ("include_archived", "true")]).json()
    assert [(t["text"], t["kind"]) for t in body["interpretation"]["terms"]] == [("rails", "field"), ("remote", "literal")]


def test_no_results_suggests_what_to_drop(client: TestClient) -> None:
    params = {"q": "quokka #zoology", "location": "Berlin", "employment_type": "part_time"}
    body = client.get("/jobs", params=params).json()
    assert body["total"] == 0
    relax = {(s["parameter"], s["value"]): s["total"] for s in body["suggestions"]}
    # Every filter, with what the search finds without it (the quokka keepers are in Lisbon).
    assert relax[("location", "Berlin")] == client.get("/jobs", params={**params, "location": ""}).json()["total"] > 0
    assert relax[("employment_type", "part_time")] == 0
    assert relax[("q", "#zoology")] == 0
    assert ("include_archived", "false") in relax
    assert [s["total"] for s in body["suggestions"]] == sorted(relax.values(), reverse=True)


def test_page_shows_the_reading_as_chips_with_links(client: TestClient) -> None:
    html = client.get("/", params={"q": "rails remote", "include_archived": "true"}).text
    assert "Your search was read as" in html
    assert "skill: #rails" in html and "workplace: Remote" in html
    assert "/?q=rails&amp;workplace=remote&amp;include_archived=true" in html  # "remote" as a filter
    assert "literal=remote" in html  # ... or as text
    empty = client.get("/", params={"q": "quokka", "location": "Berlin"}).text
    assert "Jobs you would find" in empty and "without location Berlin" in empty


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    yield opened
    context.close()
    assert not errors, errors


def test_chips_turn_a_word_into_a_filter_or_back_into_text(served: str, page: Page) -> None:
    page.goto(served + "/?include_archived=true")
    box = page.get_by_label("What")
    box.fill("rails remote")
    box.press("Enter")
    page.wait_for_url("**q=rails+remote*")
    expect(page.locator(".card h2 a").first).to_have_text(CHARTMOGUL_TITLE)
    remote = page.locator('.chip.read[data-reading="remote"]')
    expect(remote).to_contain_text("workplace: Remote")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-reading.png"))
    # "remote" becomes the workplace filter: it leaves the text, the picker shows it.
    remote.get_by_role("link", name="filter").click()
    page.wait_for_url("**workplace=remote*")
    assert _state(page.url) == {"q": ["rails"], "workplace": ["remote"], "include_archived": ["true"]}
    expect(page.get_by_label("Workplace")).to_have_value("remote")
    expect(page.locator(".card h2 a").first).to_have_text(CHARTMOGUL_TITLE)
    # "rails" back into plain text: its chip says so and offers to read it again.
    page.locator('.chip.read[data-reading="rails"]').get_by_role("link", name="as text").click()
    page.wait_for_url("**literal=rails*")
    literal = page.locator(".chip.read.literal")
    expect(literal).to_contain_text("as text")
    literal.get_by_role("link", name="again").click()
    page.wait_for_url(lambda url: "literal" not in url)
    expect(page.locator('.chip.read[data-reading="rails"]')).to_be_visible()


def test_no_results_page_links_to_what_would_be_found(served: str, page: Page) -> None:
    page.goto(served + "/?q=quokka&location=Berlin")
    expect(page.locator(".total")).to_contain_text("0 jobs")
    link = page.locator(".relax-list a", has_text="without location Berlin")
    link.click()
    page.wait_for_url(lambda url: "location" not in url)
    expect(page.locator(".total")).to_contain_text("24 jobs")


def test_what_real_searchers_type_reads_as_meant(client: TestClient) -> None:
    """A gender marker is no word, a hyphenated title reads as its parts, a real word is no misspelled skill."""
    terms = client.get("/jobs", params={"q": "Python-Entwickler (m/w/d)"}).json()["interpretation"]["terms"]
    assert [(t["text"], t["field"], t["value"]) for t in terms if t["kind"] == "field"][:2] == [
        ("Python", "hashtags", "python"),
        ("Python-Entwickler", "role", "backend"),
    ]
    assert not [t for t in terms if t["text"].lower() in ("m", "w", "d")]
    sprint = client.get("/jobs", params={"q": "sprint"}).json()["interpretation"]["terms"]
    assert sprint == [{"text": "sprint", "kind": "text", "field": None, "value": None, "filterable": False, "near": False}]


def test_remote_europe_finds_remote_postings_in_europe_first(client: TestClient) -> None:
    """A region reads as its countries and the remote postings open to it as a whole (index.terms.location_keys)."""
    items = client.get("/jobs", params={"q": "remote europe"}).json()["items"][:3]
    assert len(items) == 3 and all("remote" in item["location"]["workplace"] for item in items)
    europe = {"EU", "Europe", "EMEA"}
    for item in items:
        codes = {place["country_code"] for place in item["location"]["places"]}
        assert item["location"]["remote_scope"] in europe or codes & {"DE", "PT", "CH", "NL", "PL", "FR", "ES", "IT"}, item


def test_a_salary_wish_ranks_and_its_chip_makes_it_the_salary_filter(client: TestClient) -> None:
    """A wish ("python 80k") is read (field salary), ranks postings paying at least that first without leaving out
    the others, and its chip offers the salary_min filter, the words leaving q."""
    body = client.get("/jobs", params={"q": "python 80k", "include_archived": "true", "size": "50"}).json()
    salary = [t for t in body["interpretation"]["terms"] if t["field"] == "salary"]
    assert salary == [{"text": "80k", "kind": "field", "field": "salary", "value": "80000", "filterable": True, "near": False}]
    plain = client.get("/jobs", params={"q": "python", "include_archived": "true", "size": "50"}).json()
    assert body["total"] == plain["total"]  # it ranks, it does not select

    def pays(item: dict[str, Any]) -> bool:
        top = (item.get("salary") or {}).get("yearly_max") or (item.get("salary") or {}).get("yearly_min")
        return top is not None and top >= 80000

    ranked = [pays(item) for item in body["items"]]
    assert any(ranked) and not all(ranked)
    assert ranked[0]
    paying = [i for i, paid in enumerate(ranked) if paid]
    others = [i for i, paid in enumerate(ranked) if not paid]
    assert sum(paying) / len(paying) < sum(others) / len(others)  # the paying ones first, on the whole
    before = [pays(item) for item in plain["items"]]
    assert sum(before[: len(paying)]) < len(paying)  # ... which "python" alone does not do
    html = client.get("/", params={"q": "python 80k"}).text
    assert "salary: at least 80,000 a year" in html
    assert "/?q=python&amp;salary_min=80000" in html  # the chip's filter link
