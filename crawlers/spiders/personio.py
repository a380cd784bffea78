"""Personio: the company's XML job feed, ``https://{company}.jobs.personio.de/xml`` (or ``.com``), in one answer.

Each ``<position>`` is handed on as its own XML text; the job links are made from the company's public host
(``context.origin``), whatever ``JOBBOARD_PERSONIO_API_BASE`` points at. A conditional request is sent when the
last answer carried an ETag or Last-Modified; there is no paging.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from scrapy.http import Response

from crawlers.companies import CareerSite
from crawlers.items import CompanyState
from crawlers.spiders.base import OneAnswerSpider, Outputs
from parsers.errors import ParseError
from parsers.formats.ats_common import children, local, xml_root

_ROOTS = ("workzag-jobs", "jobs")


class PersonioSpider(OneAnswerSpider):
    name = "personio"
    ats = "personio"

    def board_url(self, company: CareerSite) -> str:
        return f"{company.api}/xml"

    def parse_board(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        board = self.unanswered(response)
        if board is not None:
            yield board
            return
        if b"<html" in response.body[:2048].lower():
            yield self.board(company, CompanyState.failed, "unexpected shape: an HTML page, not the XML feed", http_status=200)
            return
        try:
            root = xml_root(response.body)
        except ParseError as exc:  # truncated, or hostile (entity declarations are refused)
            yield self.board(company, CompanyState.failed, f"{exc} from Personio"[:300], http_status=200)
            return
        if root is None or local(root.tag) not in _ROOTS:
            reason = "unexpected shape: expected <workzag-jobs>, got " + (local(root.tag) if root is not None else "no XML")
            yield self.board(company, CompanyState.failed, reason, http_status=200)
            return
        positions: list[Any] = [ET.tostring(position, encoding="unicode") for position in children(root, "position")]
        yield self.finished(company, response, positions, {"origin": company.public_root})
