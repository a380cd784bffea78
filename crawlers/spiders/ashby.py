"""Ashby job boards: ``/posting-api/job-board/{org}?includeCompensation=true``, every job and its pay in one answer.

No paging; a conditional request is sent when the last answer carried an ETag or Last-Modified.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from crawlers.companies import CareerSite
from crawlers.spiders.base import OneAnswerSpider


class AshbySpider(OneAnswerSpider):
    name = "ashby"
    ats = "ashby"
    expected = "{'jobs': [...]}"

    def board_url(self, company: CareerSite) -> str:
        return f"{company.api}/posting-api/job-board/{quote(company.token, safe='')}?includeCompensation=true"

    def jobs_in(self, data: Any) -> tuple[list[Any], dict[str, Any]] | None:
        jobs = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(jobs, list):
            return None
        # Ashby's API also returns jobs the company keeps off its board (``isListed: false``): not public postings,
        # so they count as absent, and one that was listed before is archived.
        jobs = [job for job in jobs if not (isinstance(job, dict) and job.get("isListed") is False)]
        return jobs, {"apiVersion": data.get("apiVersion")} if data.get("apiVersion") else {}
