"""Workable careers pages: the v3 jobs listing, ``/api/v3/accounts/{account}/jobs``, page by page along ``nextPage``,
then each job's ``/api/v2/accounts/{account}/jobs/{shortcode}``, which alone carries its text.

The listing only answers a POST of a search (an empty one lists every job): the one kind of request that is not a
GET, and it changes nothing. Each page names the next one's cursor until the last (``nextPage`` null). Each job's
text is then asked for a few at a time and added to its listing rows (a job may be listed once per country);
a job whose own request answers 404 is gone, any other failure leaves the board incomplete. A job whose listing
rows are unchanged since its text was kept is not asked for again (``--full`` asks for every one). Paged, so no
conditional requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from crawlers.companies import CareerSite
from crawlers.items import Board
from crawlers.spiders.base import BoardSpider, Outputs, Paged, listed_alike

_TEXTS = ("description", "requirements", "benefits")  # what a job's own answer adds to its listing rows


class WorkableSpider(BoardSpider):
    name = "workable"
    ats = "workable"
    conditional_requests = False

    def prepare(self) -> None:
        self.listed: dict[str, list[Any]] = {}  # company -> its listing rows, while their jobs' texts come in

    def jobs_url(self, company: CareerSite) -> str:
        return f"{company.api}/api/v3/accounts/{quote(company.token, safe='')}/jobs"

    def page_request(self, company: CareerSite, cursor: str | None) -> scrapy.Request:
        search: dict[str, Any] = {"query": "", "location": [], "department": [], "worktype": [], "remote": []}
        if cursor:
            search["token"] = cursor
        return self.request(company, self.jobs_url(company), self.parse_page, stage="more" if cursor else "api", json_body=search)

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        self.paged.pop(company.key, None)
        yield self.page_request(company, None)

    def parse_page(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        first = response.meta.get("stage") == "api"
        board = self.unanswered(response, first=first)
        if board is not None:
            self.paged.pop(company.key, None)
            yield board
            return
        data, problem = self.json_of(response)
        results = data.get("results") if isinstance(data, dict) else None
        if problem is not None:
            yield self.incomplete(company, problem)
            return
        if not isinstance(results, list):
            self.paged.pop(company.key, None)
            yield self.unexpected(company, "{'results': [...], 'nextPage': ...}", data)
            return
        state = self.paged.setdefault(company.key, Paged())
        state.items.extend(results)
        cursor = data.get("nextPage")
        if isinstance(cursor, str) and cursor and results:
            stop = self.new_page(company, cursor)
            if stop is not None:
                yield self.incomplete(company, stop)
                return
            yield self.page_request(company, cursor)
            return
        listed, state.items = state.items, []
        codes = [str(row["shortcode"]) for row in listed if isinstance(row, dict) and row.get("shortcode")]
        if not codes:
            del self.paged[company.key]
            yield self.finished(company, response, listed)
            return
        self.listed[company.key] = listed
        # A job whose listing rows are as they were when its text was kept is not asked for again.
        kept: dict[str, list[dict[str, Any]]] = {}
        for job in self.kept_jobs(company):
            kept.setdefault(str(job.get("shortcode")), []).append(job)
        fetch = []
        for code in dict.fromkeys(codes):
            rows = [row for row in listed if isinstance(row, dict) and str(row.get("shortcode")) == code]
            before = kept.get(code, [])
            if before and len(rows) == len(before) and all(map(listed_alike, rows, before)):
                state.items.append({"shortcode": code, **{key: before[0][key] for key in _TEXTS if key in before[0]}})
            else:
                fetch.append(code)
        account = f"{company.api}/api/v2/accounts/{quote(company.token, safe='')}/jobs"
        urls = [f"{account}/{quote(code, safe='')}" for code in fetch]
        yield from self.job_requests(company, urls, self.parse_job)

    def parse_job(self, response: Response) -> Outputs:
        yield from self.job_answer(response, "shortcode")

    def jobs_done(self, company: CareerSite, state: Paged) -> Board:
        texts = {str(job["shortcode"]): job for job in state.items}
        rows = []
        for row in self.listed.pop(company.key, []):
            job = texts.get(str(row.get("shortcode"))) if isinstance(row, dict) else None
            if job is not None:
                rows.append({**row, **{key: job[key] for key in _TEXTS if key in job}})
        return self.jobs_board(company, state, rows)
