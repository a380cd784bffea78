"""Recruitee career sites: the keyless offers endpoint, with the offer pages' JSON-LD as a fallback.

A careers site given by URL (not on a known ATS host) is read here too. What all board spiders share
(tenant states, failures, conditional requests) is ``crawlers.spiders.base``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.companies import CareerSite
from crawlers.items import Board, CompanyState
from crawlers.spiders.base import BoardSpider, header

_OFFER_PATH = re.compile(r"^/o/[^/?#]+/?$")


@dataclass
class _Pages:
    """One company's HTML fallback: offer pages not asked for yet, and those read so far, until the last answers.

    Pages are asked for a few at a time, so that a cap or a refusal stops the rest from being fetched at all.
    """

    todo: deque[str]
    linked: int  # offer pages the careers page links, beyond the cap too
    waiting: int = 0
    kept_bytes: int = 0
    over_bytes: bool = False
    pages: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    refused: str | None = None  # a page the crawler would not fetch: the company is blocked, nothing kept


class RecruiteeSpider(BoardSpider):
    name = "recruitee"
    ats = "recruitee"

    def prepare(self) -> None:
        self._fallbacks: dict[str, _Pages] = {}

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        yield self.offers_request(company)

    def offers_request(self, company: CareerSite) -> scrapy.Request:
        return self.request(company, company.offers_url, self.parse_offers, conditional=True)

    def parse_offers(self, response: Response) -> Iterator[Board | scrapy.Request]:
        company: CareerSite = response.meta["company"]
        status = response.status
        if status == 200:
            yield from self._offers_body(company, response)
        elif status == 304:
            yield self.board(company, CompanyState.not_modified, "unchanged since the last crawl (HTTP 304)", http_status=304)
        elif status in (404, 410):
            yield self.careers_request(company, f"the offers endpoint answered HTTP {status}")
        else:
            yield self.board(company, CompanyState.failed, self.http_failure(response), http_status=status)

    def _offers_body(self, company: CareerSite, response: Response) -> Iterator[Board | scrapy.Request]:
        content_type = (header(response, b"Content-Type") or "").lower()
        try:
            data = json.loads(response.body)
        except (ValueError, RecursionError) as exc:
            if "html" in content_type:  # a careers site without the offers endpoint (or a catch-all page)
                yield self.careers_request(company, "the offers endpoint answered with an HTML page")
                return
            reason = (
                f"invalid JSON from the offers endpoint ({exc})"[:300] if response.body else "empty body from the offers endpoint"
            )
            yield self.board(company, CompanyState.failed, reason, http_status=200)
            return
        offers = data.get("offers") if isinstance(data, dict) else None
        if not isinstance(offers, list):
            found = type(data).__name__ if not isinstance(data, dict) else "an object with keys " + ", ".join(sorted(data)[:5])
            yield self.board(
                company, CompanyState.failed, f"unexpected shape: expected {{'offers': [...]}}, got {found}", http_status=200
            )
            return
        yield self.board(
            company,
            CompanyState.ok if offers else CompanyState.empty,
            None if offers else "the board has no open offers",
            http_status=200,
            body=response.body,
            offers=offers,
            etag=header(response, b"ETag"),
            last_modified=header(response, b"Last-Modified"),
        )

    def careers_request(self, company: CareerSite, why: str) -> scrapy.Request:
        return self.request(company, company.api + "/", self.parse_careers, stage="careers", accept="text/html,*/*", why=why)

    def parse_careers(self, response: Response) -> Iterator[Board | scrapy.Request]:
        company: CareerSite = response.meta["company"]
        why = response.meta["why"]
        if response.status in (404, 410):
            yield self.board(
                company, CompanyState.unknown, f"no such career site: {why}, the careers page HTTP {response.status}"
            )
            return
        if response.status != 200:
            yield self.board(company, CompanyState.failed, f"{why}; careers page: {self.http_failure(response)}")
            return
        host = urlsplit(response.url).netloc
        links: list[str] = []
        if isinstance(response, scrapy.http.TextResponse):
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href).split("#", 1)[0]
                parts = urlsplit(url)
                if parts.netloc == host and _OFFER_PATH.match(parts.path) and url not in links:
                    links.append(url)
        if not links:
            yield self.board(company, CompanyState.unknown, f"{why} and the careers page links no offer pages")
            return
        limit = self.crawler.settings.getint("FALLBACK_MAX_PAGES")
        self._fallbacks[company.key] = _Pages(todo=deque(links[:limit]), linked=len(links))
        yield from self._next_pages(company)

    def _next_pages(self, company: CareerSite) -> Iterator[Board | scrapy.Request]:
        """Ask for more offer pages, as many at a time as a host gets requests; the board once all have answered."""
        pending = self._fallbacks[company.key]
        window = max(1, self.crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))
        while pending.todo and pending.waiting < window:
            pending.waiting += 1
            yield scrapy.Request(
                pending.todo.popleft(),
                callback=self.parse_offer_page,
                errback=self.fetch_failed,
                meta={"company": company, "stage": "page"},
            )
        if pending.waiting:
            return
        del self._fallbacks[company.key]
        if pending.refused:  # pages from a site that points the crawler inwards are not kept, not even the others
            yield self.board(company, CompanyState.blocked, pending.refused, source="html")
            return
        cap = self._cap_reached(pending)
        problems = [cap] if cap else []
        if pending.errors:
            problems.append(f"{len(pending.errors)} offer pages failed, e.g. {pending.errors[0]}")
        if problems:  # what was read is kept, and nothing is archived: the answer is incomplete
            yield self.board(company, CompanyState.failed, "; ".join(problems), source="html", pages=pending.pages)
        else:
            yield self.board(
                company, CompanyState.ok, "read from the offer pages (no offers endpoint)", source="html", pages=pending.pages
            )

    def _cap_reached(self, pending: _Pages) -> str | None:
        """Which cap, if any, kept offer pages from being read: the answer is then incomplete."""
        settings = self.crawler.settings
        if pending.over_bytes:
            limit_mb = settings.getint("FALLBACK_MAX_BYTES") / 1048576
            return (
                f"the offer pages add up to more than {limit_mb:g} MB (JOBBOARD_CRAWL_MAX_PAGES_MB): "
                f"{len(pending.pages)} were kept, the rest not read"
            )
        limit = settings.getint("FALLBACK_MAX_PAGES")
        if pending.linked > limit:
            return (
                f"the careers page links {pending.linked} offer pages, more than the limit of {limit} "
                f"(JOBBOARD_CRAWL_MAX_PAGES); only the first {limit} were read"
            )
        return None

    def parse_offer_page(self, response: Response) -> Iterator[Board | scrapy.Request]:
        company: CareerSite = response.meta["company"]
        pending = self._fallbacks[company.key]
        pending.waiting -= 1
        limit = self.crawler.settings.getint("FALLBACK_MAX_BYTES")
        if not isinstance(response, scrapy.http.TextResponse):
            pending.errors.append(f"{response.url}: not a text page")
        elif pending.over_bytes or pending.kept_bytes + len(response.body) > limit:
            pending.over_bytes = True
            pending.todo.clear()
        else:
            pending.kept_bytes += len(response.body)
            pending.pages[response.url] = response.text  # the text only: the response and its body are let go
        yield from self._next_pages(company)

    def fetch_failed(self, failure: Failure) -> Iterator[Board | scrapy.Request]:
        request = failure.request  # type: ignore[attr-defined]
        company: CareerSite = request.meta["company"]
        pending = self._fallbacks.get(company.key) if request.meta.get("stage") == "page" else None
        if pending is None:
            yield from super().fetch_failed(failure)
            return
        status, reason = self.classify(failure)
        pending.waiting -= 1
        if status is CompanyState.blocked:
            pending.refused = pending.refused or reason
            pending.todo.clear()
        else:
            pending.errors.append(f"{request.url}: {reason}")
        yield from self._next_pages(company)

    def off_site(self, company: CareerSite, target: str) -> tuple[CompanyState, str] | None:
        if urlsplit(target).path.rstrip("/").endswith("/api/offers"):
            return None  # the offers endpoint of another site: a refused redirect
        # Recruitee sends tenants it no longer hosts to its own pages: a marketing page is not a board.
        return CompanyState.not_hosted, f"redirected to {target}, not a careers site; not followed"
