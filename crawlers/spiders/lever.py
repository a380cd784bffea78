"""Lever postings: ``/v0/postings/{company}?mode=json``, every published posting in one JSON array.

The EU boards (``jobs.eu.lever.co``) answer at ``api.eu.lever.co``. Lever takes ``skip``/``limit`` but returns the
whole board without them, so one request reads it; a conditional request is sent when the last answer
carried an ETag or Last-Modified.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from crawlers.companies import CareerSite
from crawlers.spiders.base import OneAnswerSpider


class LeverSpider(OneAnswerSpider):
    name = "lever"
    ats = "lever"
    expected = "a JSON array of postings"

    def board_url(self, company: CareerSite) -> str:
        return f"{company.api}/v0/postings/{quote(company.token, safe='')}?mode=json"

    def jobs_in(self, data: Any) -> tuple[list[Any], dict[str, Any]] | None:
        if not isinstance(data, list):
            return None
        if data and all(isinstance(group, dict) and isinstance(group.get("postings"), list) for group in data):
            return [posting for group in data for posting in group["postings"]], {}  # a grouped answer
        return data, {}
