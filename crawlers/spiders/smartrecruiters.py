"""SmartRecruiters: the postings list, ``/v1/companies/{company}/postings``, page by page (``offset``/``limit``),
then each posting's own ``/postings/{id}``, which alone carries the job ad's text.

The list is read to ``totalFound``; the postings are then asked for a few at a time (as many as a host gets
requests), but for those whose list entry is unchanged since their ad was kept (``--full`` asks for every one). A posting gone between the list and its own request (404) is simply no longer on the board; any
other failure leaves the board incomplete: nothing is archived. Paged, so no conditional requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from crawlers.companies import CareerSite
from crawlers.items import Board
from crawlers.spiders.base import BoardSpider, Outputs, Paged, listed_alike

PAGE_SIZE = 100  # the most the postings list gives at a time


class SmartRecruitersSpider(BoardSpider):
    name = "smartrecruiters"
    ats = "smartrecruiters"
    conditional_requests = False

    def postings_url(self, company: CareerSite) -> str:
        return f"{company.api}/v1/companies/{quote(company.token, safe='')}/postings"

    def page_request(self, company: CareerSite, offset: int) -> scrapy.Request:
        url = f"{self.postings_url(company)}?offset={offset}&limit={PAGE_SIZE}"
        return self.request(company, url, self.parse_page, stage="more" if offset else "api", offset=offset)

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        self.paged.pop(company.key, None)
        yield self.page_request(company, 0)

    def parse_page(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        offset: int = response.meta["offset"]
        board = self.unanswered(response, first=offset == 0)
        if board is not None:
            self.paged.pop(company.key, None)
            yield board
            return
        data, problem = self.json_of(response)
        if problem is not None:
            yield self.incomplete(company, problem)
            return
        content = data.get("content") if isinstance(data, dict) else None
        total = data.get("totalFound") if isinstance(data, dict) else None
        if not isinstance(content, list) or not isinstance(total, int):
            self.paged.pop(company.key, None)
            yield self.unexpected(company, "{'content': [...], 'totalFound': N}", data)
            return
        state = self.paged.setdefault(company.key, Paged())
        state.items.extend(content)
        following = offset + len(content)
        if content and following < total:
            stop = self.new_page(company, str(following))
            if stop is not None:
                yield self.incomplete(company, stop)
                return
            yield self.page_request(company, following)
            return
        listed = state.items
        state.items = []
        if not any(isinstance(posting, dict) and posting.get("id") for posting in listed):
            del self.paged[company.key]
            yield self.finished(company, response, [])
            return
        # A posting whose list entry is as it was when its ad was kept is not asked for again.
        kept = {str(job.get("id")): job for job in self.kept_jobs(company)}
        entries = {str(posting["id"]): posting for posting in listed if isinstance(posting, dict) and posting.get("id")}
        state.items = [kept[key] for key, entry in entries.items() if listed_alike(entry, kept.get(key))]
        fetch = [key for key, entry in entries.items() if not listed_alike(entry, kept.get(key))]
        urls = [f"{self.postings_url(company)}/{quote(posting_id, safe='')}" for posting_id in fetch]
        yield from self.job_requests(company, urls, self.parse_posting)

    def parse_posting(self, response: Response) -> Outputs:
        yield from self.job_answer(response, "id")

    def jobs_done(self, company: CareerSite, state: Paged) -> Board:
        return self.jobs_board(company, state, state.items)
