"""Recruitee career sites: the keyless offers endpoint, with the offer pages' JSON-LD as a fallback.

A careers site given by URL (not on a known ATS host) is read here too. The offers endpoint is one JSON answer
like most boards (``crawlers.spiders.base.OneAnswerSpider``); a site without it (a 404 or 410, or an HTML page)
is read from the offer pages its careers page links, asked for a few at a time like any ATS's jobs one by one,
at most ``JOBBOARD_CRAWL_MAX_PAGES`` pages and ``JOBBOARD_CRAWL_MAX_PAGES_MB`` of them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from crawlers.companies import CareerSite
from crawlers.items import Board, CompanyState
from crawlers.spiders.base import OneAnswerSpider, Outputs, Paged

_OFFER_PATH = re.compile(r"^/o/[^/?#]+/?$")
_PAGES = "text/html,*/*"


class RecruiteeSpider(OneAnswerSpider):
    name = "recruitee"
    ats = "recruitee"
    expected = "{'offers': [...]}"
    noun = "offers"
    answered_by = "the offers endpoint"

    def prepare(self) -> None:
        self._cut: dict[str, str] = {}  # company -> why its offer pages cannot all be read (more links than the cap)

    def board_url(self, company: CareerSite) -> str:
        return company.offers_url

    def jobs_in(self, data: Any) -> tuple[list[Any], dict[str, Any]] | None:
        offers = data.get("offers") if isinstance(data, dict) else None
        return (offers, {}) if isinstance(offers, list) else None

    def elsewhere(self, company: CareerSite, why: str) -> scrapy.Request:
        """The careers page, whose offer page links are read instead of the missing offers endpoint."""
        return self.request(company, company.api + "/", self.parse_careers, stage="careers", accept=_PAGES, why=why)

    def parse_careers(self, response: Response) -> Outputs:
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
        settings = self.crawler.settings
        limit = settings.getint("FALLBACK_MAX_PAGES")
        if len(links) > limit:
            self._cut[company.key] = (
                f"the careers page links {len(links)} offer pages, more than the limit of {limit} "
                f"(JOBBOARD_CRAWL_MAX_PAGES); only the first {limit} were read"
            )
        self.paged.pop(company.key, None)
        max_bytes = settings.getint("FALLBACK_MAX_BYTES")
        yield from self.job_requests(company, links[:limit], self.parse_offer_page, accept=_PAGES, max_bytes=max_bytes)

    def parse_offer_page(self, response: Response) -> Outputs:
        """An offer page: its text is kept (the response and its body are let go), counted against the byte cap."""
        if not 200 <= response.status < 300:
            yield from self.job_answered(response, None, self.http_failure(response))
        elif not isinstance(response, scrapy.http.TextResponse):
            yield from self.job_answered(response, None, "not a text page")
        else:
            yield from self.job_answered(response, (response.url, response.text))

    def jobs_done(self, company: CareerSite, state: Paged) -> Board:
        """The board read from the offer pages: failed, keeping what was read and archiving nothing, when a cap
        was reached or a page failed; blocked, keeping nothing, when a page was refused."""
        cut = self._cut.pop(company.key, None)
        if state.refused:  # pages from a site that points the crawler inwards are not kept, not even the others
            return self.board(company, CompanyState.blocked, state.refused, source="html")
        pages: dict[str, str] = dict(state.items)
        if state.over_bytes:
            limit_mb = self.crawler.settings.getint("FALLBACK_MAX_BYTES") / 1048576
            cut = (
                f"the offer pages add up to more than {limit_mb:g} MB (JOBBOARD_CRAWL_MAX_PAGES_MB): "
                f"{len(pages)} were kept, the rest not read"
            )
        problems = [cut] if cut else []
        if state.errors:
            problems.append(f"{len(state.errors)} offer pages failed, e.g. {state.errors[0]}")
        if problems:
            return self.board(company, CompanyState.failed, "; ".join(problems), source="html", pages=pages)
        return self.board(company, CompanyState.ok, "read from the offer pages (no offers endpoint)", source="html", pages=pages)

    def off_site(self, company: CareerSite, target: str) -> tuple[CompanyState, str] | None:
        if urlsplit(target).path.rstrip("/").endswith("/api/offers"):
            return None  # the offers endpoint of another site: a refused redirect
        # Recruitee sends tenants it no longer hosts to its own pages: a marketing page is not a board.
        return CompanyState.not_hosted, f"redirected to {target}, not a careers site; not followed"
