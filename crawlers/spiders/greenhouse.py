"""Greenhouse job boards: ``/v1/boards/{token}/jobs?content=true``, the whole board with each job's text in one answer.

No paging; a conditional request is sent when the last answer carried an ETag or Last-Modified.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from crawlers.companies import CareerSite
from crawlers.spiders.base import OneAnswerSpider


class GreenhouseSpider(OneAnswerSpider):
    name = "greenhouse"
    ats = "greenhouse"
    expected = "{'jobs': [...]}"

    def board_url(self, company: CareerSite) -> str:
        return f"{company.api}/v1/boards/{quote(company.token, safe='')}/jobs?content=true"

    def jobs_in(self, data: Any) -> tuple[list[Any], dict[str, Any]] | None:
        jobs = data.get("jobs") if isinstance(data, dict) else None
        return (jobs, {}) if isinstance(jobs, list) else None
