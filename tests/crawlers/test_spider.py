"""The spider on recorded answers, in process: what each answer (or failed download) makes of a company.

The spider only fetches and says how each fetch ended: one ``Board`` per company, or the next request. These
tests call its callbacks the way Scrapy does (``Replay.answer``) and look at what it yields; what the boards
then do to the data folder is test_pipeline.py's subject.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import DownloadConnectionRefusedError, ResponseDataLossError
from twisted.internet.error import DNSLookupError

from crawlers.companies import parse_company
from crawlers.errors import CompanyListError
from crawlers.items import Board, CompanyState
from crawlers.middlewares import OffSiteRedirect
from tests.crawlers.conftest import Answer, Replay, failed, fixture_board, fixture_text, html_answer, json_answer

COMPANY = "tulpwerk"
SITE = parse_company(COMPANY).base_url
OFFERS = parse_company(COMPANY).offers_url


def answered(replay: Replay, answer: Answer, **scrapy_settings: Any) -> list[Any]:
    """What the spider yields for ``answer`` to its first request, the offers endpoint."""
    spider = replay.spider(COMPANY, **scrapy_settings)
    (request,) = replay.start(spider)
    assert request.url == OFFERS and request.method == "GET"
    return replay.answer(request, {OFFERS: answer})


def only_board(outputs: list[Any]) -> Board:
    (board,) = outputs
    assert isinstance(board, Board), board
    return board


def test_the_offers_answer_is_one_board_as_received(replay: Replay) -> None:
    data = fixture_board()
    answer = json_answer(data, headers={"ETag": '"v7"', "Last-Modified": "Mon, 23 Nov 2026 08:00:00 GMT"})

    board = only_board(answered(replay, answer))

    assert (board.company, board.base_url, board.status, board.reason) == (COMPANY, SITE, CompanyState.ok, None)
    assert board.source == "api" and board.http_status == 200
    assert board.offers == data["offers"]  # untouched: normalizing is the pipeline's job
    assert board.body == json.dumps(data).encode("utf-8")
    assert (board.etag, board.last_modified) == ('"v7"', "Mon, 23 Nov 2026 08:00:00 GMT")
    assert board.complete


def test_a_board_without_offers_is_empty_and_still_complete(replay: Replay) -> None:
    board = only_board(answered(replay, json_answer({"offers": []})))

    assert board.status is CompanyState.empty and board.reason == "the board has no open offers"
    assert board.complete  # an empty board is an answer: its postings are gone


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (Answer(b'{"offers": [{"title": "Backend', headers={"Content-Type": "application/json"}), "invalid JSON"),
        (Answer(b"<html>Bad gateway</html>", headers={"Content-Type": "text/plain"}), "invalid JSON"),
        (Answer(b"", headers={"Content-Type": "application/json"}), "empty body from the offers endpoint"),
        (json_answer({"jobs": []}), "unexpected shape: expected {'offers': [...]}, got an object with keys jobs"),
        (json_answer([{"title": "x"}]), "unexpected shape: expected {'offers': [...]}, got list"),
        (Answer(b"oops", status=500), "HTTP 500 after 1 attempt"),
        (Answer(b"", status=403), "HTTP 403 after 1 attempt"),
    ],
    ids=["truncated-json", "not-json", "empty", "other-object", "bare-list", "server-error", "forbidden"],
)
def test_answers_that_are_not_a_board_fail_the_company(replay: Replay, answer: Answer, reason: str) -> None:
    board = only_board(answered(replay, answer))

    assert board.status is CompanyState.failed and board.reason is not None and reason in board.reason, board.reason
    assert board.offers == [] and not board.complete


def test_a_304_says_nothing_changed(replay: Replay) -> None:
    board = only_board(answered(replay, Answer(status=304, headers={"ETag": '"v1"'})))

    assert board.status is CompanyState.not_modified and board.http_status == 304
    assert not board.complete  # postings missing from a 304 are not gone: there is no list to compare


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (Answer(b"Not found", status=404), "the offers endpoint answered HTTP 404"),
        (Answer(b"Gone", status=410), "the offers endpoint answered HTTP 410"),
        (html_answer("<html><body>Welcome</body></html>"), "the offers endpoint answered with an HTML page"),
    ],
    ids=["404", "410", "html"],
)
def test_without_an_offers_endpoint_the_careers_page_is_asked_next(replay: Replay, answer: Answer, why: str) -> None:
    (request,) = answered(replay, answer)

    assert isinstance(request, scrapy.Request)
    assert request.url == f"{SITE}/" and request.method == "GET"
    assert request.meta["why"] == why and request.meta["company"].key == COMPANY


def careers_answer(replay: Replay, page: Answer, **scrapy_settings: Any) -> list[Any]:
    """What the spider yields for ``page`` as the careers page, after the offers endpoint answered 404."""
    (careers,) = answered(replay, Answer(b"Not found", status=404), **scrapy_settings)
    return replay.answer(careers, {f"{SITE}/": page})


def test_the_careers_page_links_decide_which_offer_pages_are_asked_for(replay: Replay) -> None:
    requests = careers_answer(replay, html_answer(fixture_text("careers.html")), CONCURRENT_REQUESTS_PER_DOMAIN=4)

    # The site's own offer pages, each once, without fragments; another site's offer, mailto: and /about are not.
    assert [request.url for request in requests] == [f"{SITE}/o/data-engineer-aberdeen", f"{SITE}/o/frontend-developer-remote"]
    assert all(isinstance(request, scrapy.Request) and request.method == "GET" for request in requests)


def test_offer_pages_are_asked_for_no_faster_than_a_host_takes_requests(replay: Replay) -> None:
    (first,) = careers_answer(replay, html_answer(fixture_text("careers.html")), CONCURRENT_REQUESTS_PER_DOMAIN=1)
    page = html_answer(fixture_text("offer_data_engineer.html"))

    (second,) = replay.answer(first, {first.url: page})  # the next page only once the first has answered

    assert second.url == f"{SITE}/o/frontend-developer-remote"
    board = only_board(replay.answer(second, {second.url: html_answer(fixture_text("offer_frontend_developer.html"))}))
    assert board.status is CompanyState.ok and board.source == "html"
    assert sorted(board.pages) == [first.url, second.url]


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (html_answer("<html><h1>Page not found</h1></html>", status=404), "no such career site"),
        (html_answer('<html><a href="/about">About us</a></html>'), "the careers page links no offer pages"),
    ],
    ids=["no-site", "no-offer-links"],
)
def test_a_careers_page_without_offers_makes_the_company_unknown(replay: Replay, page: Answer, reason: str) -> None:
    board = only_board(careers_answer(replay, page))

    assert board.status is CompanyState.unknown and board.reason is not None and reason in board.reason


@pytest.mark.parametrize(
    ("failure", "status", "reason"),
    [
        (ResponseDataLossError(), CompanyState.failed, "truncated body: the connection closed before the end of the response"),
        (DNSLookupError(), CompanyState.unknown, "host not found (DNS)"),
        (DownloadConnectionRefusedError(), CompanyState.failed, "connection refused"),
        (
            OffSiteRedirect(OFFERS, "https://recruitee.com/?utm_source=not_hosted"),
            CompanyState.not_hosted,
            "redirected to https://recruitee.com/?utm_source=not_hosted, not a careers site; not followed",
        ),
        (
            OffSiteRedirect(OFFERS, "https://elsewhere.example/api/offers/"),
            CompanyState.blocked,
            f"refused: {OFFERS} redirected to https://elsewhere.example/api/offers/, off the company's site",
        ),
    ],
    ids=["truncated", "dns", "refused", "moved-away", "off-site"],
)
def test_failed_downloads_are_named_in_words_a_person_can_act_on(
    replay: Replay, failure: Exception, status: CompanyState, reason: str
) -> None:
    board = only_board(answered(replay, failed(failure)))

    assert (board.status, board.reason) == (status, reason)


def test_a_companies_list_without_companies_is_refused(replay: Replay) -> None:
    with pytest.raises(CompanyListError, match="no companies to crawl"):
        replay.spider()
