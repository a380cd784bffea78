"""Teamtailor careers sites: the public job feed, ``/jobs.json`` (JSON:API, or a JSON Feed), else ``/jobs.rss``.

A JSON:API answer may name a next page (``links.next``), followed to the end; related resources (locations,
departments) come in ``included`` and go to the parser with the jobs. A site without ``jobs.json`` (a 404, or an
HTML page) is read from its RSS feed. A conditional request is sent for the first answer when the last one-page
answer carried an ETag or Last-Modified.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from crawlers.companies import CareerSite
from crawlers.items import CompanyState
from crawlers.spiders.base import BoardSpider, Outputs, Paged
from parsers.errors import ParseError
from parsers.formats.ats_common import child_text, local, xml_root

_JSONFEED = "https://jsonfeed.org/version/"


class TeamtailorSpider(BoardSpider):
    name = "teamtailor"
    ats = "teamtailor"

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        self.paged.pop(company.key, None)
        yield self.request(company, f"{company.api}/jobs.json", self.parse_json, conditional=True)

    def rss_request(self, company: CareerSite, why: str) -> scrapy.Request:
        return self.request(
            company, f"{company.api}/jobs.rss", self.parse_rss, stage="feed", accept="application/rss+xml, */*", why=why
        )

    def parse_json(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        first = response.meta.get("stage") == "api"
        why = self.not_there(response, "jobs.json") if first else None
        if why:
            yield self.rss_request(company, why)
            return
        board = self.unanswered(response, first=first)
        if board is not None:
            self.paged.pop(company.key, None)
            yield board
            return
        data, problem = self.json_of(response)
        if problem is not None:
            yield self.incomplete(company, problem)
            return
        if first and isinstance(data, dict) and str(data.get("version", "")).startswith(_JSONFEED):
            items = data.get("items")
            if isinstance(items, list):
                context = {"form": "jsonfeed", "version": data["version"], "title": data.get("title")}
                yield self.finished(company, response, items, context)
                return
        jobs = data.get("data") if isinstance(data, dict) else None
        if not isinstance(jobs, list):
            self.paged.pop(company.key, None)
            yield self.unexpected(company, "JSON:API {'data': [...]} or a JSON Feed", data)
            return
        state = self.paged.setdefault(company.key, Paged())
        state.items.extend(jobs)
        included = data.get("included")
        state.related.extend(included if isinstance(included, list) else [])
        links = data.get("links")
        following = links.get("next") if isinstance(links, dict) else None
        if isinstance(following, str) and following and jobs:
            url = urljoin(response.url, following)
            stop = self.new_page(company, url)
            if stop is not None:
                yield self.incomplete(company, stop)
                return
            yield self.request(company, url, self.parse_json, stage="more")
            return
        del self.paged[company.key]
        related = list({(str(r.get("type")), str(r.get("id"))): r for r in state.related if isinstance(r, dict)}.values())
        yield self.finished(company, response, state.items, {"form": "jsonapi", "included": related})

    def parse_rss(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        if response.status in (404, 410):
            reason = f"no such Teamtailor site: {response.meta['why']}, jobs.rss HTTP {response.status}"
            yield self.board(company, CompanyState.unknown, reason, http_status=response.status)
            return
        board = self.unanswered(response, first=False)
        if board is not None:
            yield board
            return
        try:
            root = xml_root(response.body)
        except ParseError as exc:
            yield self.board(company, CompanyState.failed, f"{response.meta['why']}; jobs.rss: {exc}"[:300], http_status=200)
            return
        channel = next((e for e in root.iter() if local(e.tag) == "channel"), None) if root is not None else None
        if root is None or channel is None:
            reason = f"unexpected shape: {response.meta['why']}, and jobs.rss is no RSS feed"
            yield self.board(company, CompanyState.failed, reason, http_status=200)
            return
        items: list[Any] = [ET.tostring(item, encoding="unicode") for item in channel if local(item.tag) == "item"]
        yield self.finished(company, response, items, {"form": "rss", "title": child_text(channel, "title")})
