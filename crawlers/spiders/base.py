"""What every board spider shares: the companies list, tenant states, conditional requests, paging and failures.

Each ATS has its own thin spider (``crawlers/spiders/{ats}.py``) that says which URLs to ask and what a
complete answer is; everything else is here. A crawl is one spider and one run report: each company is
read by the spider of its ATS, so ``BoardSpider`` itself (``scrapy crawl boards``) or any ATS's spider
crawls a mixed list, handing a company of another ATS to that ATS's spider (made once, sharing the crawler).

Spiders only fetch and say how each fetch ended; they yield one raw ``Board`` per company and never
normalize (the pipeline does, through ``parsers``). A board is complete (``ok`` or ``empty``, and so may
archive postings) only when every page of it was read.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from crawlers.companies import CareerSite, parse_companies, read_companies_file
from crawlers.errors import CompanyListError
from crawlers.items import Board, CompanyState
from crawlers.middlewares import OffSiteRedirect, Refused, TooManyRedirects
from crawlers.settings import jobboard_settings
from crawlers.sources import ATS
from crawlers.store import RawStore, ValidatorStore

REDIRECTS = {301, 302, 303, 307, 308}
# Every answer but a redirect reaches the callbacks; redirects are followed (on the company's site only) by
# crawlers.middlewares.OnSiteRedirectMiddleware, the one place that decides where a request may go.
ANSWERS = [status for status in range(300, 600) if status not in REDIRECTS]

Outputs = Iterator[Board | scrapy.Request]


@dataclass
class Paged:
    """One company's answer while it comes in pages (or a listing, then a request per job): until the last page.

    Only a board whose every page answered is complete; one that failed half-way keeps what it read and
    archives nothing.
    """

    items: list[Any] = field(default_factory=list)  # the jobs so far, as received
    related: list[Any] = field(default_factory=list)  # what the pages say besides their jobs (JSON:API ``included``)
    pages: int = 0
    seen: set[str] = field(default_factory=set)  # cursors or offsets asked already: a server that loops is stopped
    todo: deque[str] = field(default_factory=deque)  # job URLs not asked for yet
    waiting: int = 0
    errors: list[str] = field(default_factory=list)
    refused: str | None = None
    callback: Callable[[Response], Iterator[Board | scrapy.Request]] | None = None  # where each job's answer goes
    accept: str = "application/json"  # what each job's own request asks for
    max_bytes: int | None = None  # what the jobs' answers kept may add up to (offer pages held as text); None: no cap
    kept_bytes: int = 0
    over_bytes: bool = False  # an answer went past ``max_bytes``: dropped, and no more asked for
    etag: str | None = None
    last_modified: str | None = None


class BoardSpider(scrapy.Spider):
    """Crawls any companies list; each company is read by its ATS's spider. ``scrapy crawl boards -a companies=...``"""

    name = "boards"
    ats: ClassVar[str | None] = None  # the ATS this spider reads itself; None: it only hands companies on
    conditional_requests: ClassVar[bool] = True  # the ATS answers If-None-Match / If-Modified-Since (one-page boards)
    noun: ClassVar[str] = "jobs"  # what the ATS calls its jobs, in the reasons a report gives
    answered_by: ClassVar[str | None] = None  # what answers the board, in failure reasons; None: the ATS by its name

    def __init__(
        self,
        companies: str | list[str] | None = None,
        companies_file: str | None = None,
        api_bases: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        specs: list[str] = []
        if isinstance(companies, str):
            specs += [part for part in re.split(r"[,\s]+", companies) if part]
        elif companies:
            specs += list(companies)
        if companies_file:
            specs += read_companies_file(companies_file)
        self.targets, self.invalid = parse_companies(specs, api_bases)
        if not self.targets and not self.invalid:
            raise CompanyListError("no companies to crawl: name some, or give a companies file")
        self.conditional: dict[str, dict[str, str]] = {}  # company -> If-None-Match / If-Modified-Since
        self.paged: dict[str, Paged] = {}
        self._readers: dict[str, BoardSpider] = {}
        self.prepare()

    def prepare(self) -> None:
        """Set up what this ATS's spider keeps during a crawl (also for one made by ``reader``)."""

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BoardSpider:
        settings = jobboard_settings(crawler.settings)
        kwargs.setdefault("api_bases", settings.api_bases())
        spider: BoardSpider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.getbool("JOBBOARD_CONDITIONAL", True):
            validators = ValidatorStore.of(settings.crawls_dir)
            spider.conditional = {company.key: validators.headers(company.key) for company in spider.targets}
        return spider

    # ------------------------------------------------------------ who reads which company

    def reader(self, company: CareerSite) -> BoardSpider:
        """The spider of the company's ATS: this one, or another made once for this crawl and sharing its crawler."""
        if company.ats == self.ats:
            return self
        found = self._readers.get(company.ats)
        if found is None:
            from crawlers.spiders import SPIDERS

            kind = SPIDERS[company.ats]
            found = kind.__new__(kind)
            found.crawler = self.crawler
            found.settings = self.settings
            found.targets, found.invalid = self.targets, []
            found.conditional, found.paged, found._readers = self.conditional, self.paged, self._readers
            found.prepare()
            self._readers[company.ats] = found
        return found

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for company in self.targets:
            for request in self.reader(company).first_requests(company):
                yield request

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        """The company's first request(s); each ATS's spider says which."""
        raise NotImplementedError(f"{type(self).__name__} reads no ATS of its own")

    # ------------------------------------------------------------ requests and boards

    def request(
        self,
        company: CareerSite,
        url: str,
        callback: Callable[[Response], Outputs],
        *,
        stage: str = "api",
        conditional: bool = False,
        accept: str = "application/json",
        json_body: object = None,
        **meta: Any,
    ) -> scrapy.Request:
        """A GET (a POST of ``json_body`` when given: a read-only search some ATS only answer that way) for the
        company that reaches ``callback`` whatever the status (but redirects, followed on its site)."""
        headers = {"Accept": accept}
        if conditional and self.conditional_requests:
            headers.update(self.conditional.get(company.key, {}))
        if json_body is not None:
            headers["Content-Type"] = "application/json"
        return scrapy.Request(
            url,
            method="GET" if json_body is None else "POST",
            body=None if json_body is None else json.dumps(json_body).encode("utf-8"),
            headers=headers,
            callback=callback,
            errback=self.fetch_failed,
            dont_filter=True,
            meta={"company": company, "stage": stage, "handle_httpstatus_list": ANSWERS, **meta},
        )

    def board(self, company: CareerSite, status: CompanyState, reason: str | None = None, **extra: Any) -> Board:
        extra.setdefault("kind", company.ats)
        if company.token and "offers" in extra:  # an answered board: its token names the company when the ATS does not
            extra["context"] = {**extra.get("context", {}), "token": company.token}
        return Board(company=company.key, base_url=company.base_url, status=status, reason=reason, **extra)

    def not_there(self, response: Response, asked: str | None = None) -> str | None:
        """Why the board's first answer says the endpoint ``asked`` is not there (a 404 or 410, or an HTML page where
        JSON was asked for: a site without it), so that an ATS with another way to read the board takes it; or None."""
        source = asked or self.answered_by or ATS[response.meta["company"].ats].label
        if response.status in (404, 410):
            return f"{source} answered HTTP {response.status}"
        if response.status == 200 and "html" in (header(response, b"Content-Type") or "").lower():
            try:
                json.loads(response.body)
            except (ValueError, RecursionError):
                return f"{source} answered with an HTML page"
        return None

    def unanswered(self, response: Response, first: bool = True) -> Board | None:
        """The board a non-200 answer makes (None for a 200, whose body the caller reads).

        Only the first request of a board can say the board is unknown or unchanged: a later page that is
        missing is a failure.
        """
        company: CareerSite = response.meta["company"]
        status = response.status
        if status == 200:
            return None
        if first and status == 304:
            return self.board(company, CompanyState.not_modified, "unchanged since the last crawl (HTTP 304)", http_status=304)
        if first and status in (404, 410):
            label = ATS[company.ats].label
            return self.board(company, CompanyState.unknown, f"no such {label} board (HTTP {status})", http_status=status)
        return self.board(company, CompanyState.failed, self.http_failure(response), http_status=status)

    def finished(self, company: CareerSite, response: Response, jobs: list[Any], context: dict[str, Any] | None = None) -> Board:
        """The complete board: ``ok`` with its jobs, or ``empty``. Only a board read in one response keeps its
        validators: a later page's change would not show in the first page's ETag."""
        one_page = response.meta.get("stage") == "api"
        return self.board(
            company,
            CompanyState.ok if jobs else CompanyState.empty,
            None if jobs else f"the board has no open {self.noun}",
            http_status=200,
            body=response.body,
            offers=jobs,
            context=context or {},
            etag=header(response, b"ETag") if one_page else None,
            last_modified=header(response, b"Last-Modified") if one_page else None,
        )

    def unexpected(self, company: CareerSite, expected: str, data: object) -> Board:
        found = type(data).__name__ if not isinstance(data, dict) else "an object with keys " + ", ".join(sorted(data)[:5])
        return self.board(company, CompanyState.failed, f"unexpected shape: expected {expected}, got {found}", http_status=200)

    def json_of(self, response: Response) -> tuple[Any, str | None]:
        """The decoded body, or the reason it is not JSON."""
        try:
            return json.loads(response.body), None
        except (ValueError, RecursionError) as exc:
            source = self.answered_by or ATS[response.meta["company"].ats].label
            if not response.body:
                return None, f"empty body from {source}"
            return None, f"invalid JSON from {source} ({exc})"[:300]

    def new_page(self, company: CareerSite, marker: str) -> str | None:
        """Count one more page of a paged board; why to stop (a loop, or past the page cap), or None."""
        state = self.paged.setdefault(company.key, Paged())
        if marker in state.seen:
            return f"the board sent the same page twice ({marker}); stopped"
        state.seen.add(marker)
        state.pages += 1
        limit = self.crawler.settings.getint("FALLBACK_MAX_PAGES")
        if state.pages > limit:
            return f"the board has more than {limit} pages (JOBBOARD_CRAWL_MAX_PAGES); not read to the end"
        return None

    def incomplete(self, company: CareerSite, reason: str) -> Board:
        """A board that stopped half-way: failed, nothing archived (what was read is not stored either)."""
        self.paged.pop(company.key, None)
        return self.board(company, CompanyState.failed, reason)

    # ------------------------------------------------------------ a request per job, a few at a time

    def kept_jobs(self, company: CareerSite) -> list[Any]:
        """The jobs of the company's last complete answer as kept (``data/raw``), so that a job whose listing is
        unchanged need not be asked for again; none with ``--full``."""
        if not self.crawler.settings.getbool("JOBBOARD_CONDITIONAL", True):
            return []
        path = RawStore(jobboard_settings(self.crawler.settings).raw_dir).latest(company.key)
        if path is None or path.name.endswith(".pages.json.gz"):
            return []
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
        except (OSError, EOFError, ValueError, zlib.error):
            return []  # a damaged file: every job is asked for again
        jobs = data.get("jobs") if isinstance(data, dict) and data.get("kind") == company.ats else None
        return [job for job in jobs if isinstance(job, dict)] if isinstance(jobs, list) else []

    def job_requests(
        self,
        company: CareerSite,
        urls: list[str],
        callback: Callable[[Response], Outputs],
        *,
        accept: str = "application/json",
        max_bytes: int | None = None,
    ) -> Outputs:
        """Ask for the jobs' own pages, as many at a time as their host gets requests (so a cap or a refusal stops
        the rest from being fetched at all); ``jobs_done`` once all answered. ``max_bytes`` caps what is kept."""
        state = self.paged.setdefault(company.key, Paged())
        state.todo.extend(urls)
        state.callback, state.accept, state.max_bytes = callback, accept, max_bytes
        yield from self._next_jobs(company)

    def host_concurrency(self, url: str) -> int:
        """Requests the crawl sends to ``url``'s host at a time: its ``DOWNLOAD_SLOTS`` entry (an ATS's shared API
        host, ``crawlers.settings.api_slots``), else ``CONCURRENT_REQUESTS_PER_DOMAIN``."""
        settings = self.crawler.settings
        slot = settings.getdict("DOWNLOAD_SLOTS").get(urlsplit(url).hostname or "", {})
        given = slot.get("concurrency") if isinstance(slot, dict) else None
        return max(1, int(given) if isinstance(given, int) else settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"))

    def _next_jobs(self, company: CareerSite) -> Outputs:
        state = self.paged[company.key]
        window = self.host_concurrency(state.todo[0]) if state.todo else 1
        while state.todo and state.waiting < window and state.refused is None and state.callback is not None:
            state.waiting += 1
            yield self.request(company, state.todo.popleft(), state.callback, stage="job", accept=state.accept)
        if state.waiting:
            return
        del self.paged[company.key]
        yield self.jobs_done(company, state)

    def job_answered(self, response: Response, item: Any | None, error: str | None = None) -> Outputs:
        """One job's own answer came: ``item`` to keep (None: gone since the listing), or ``error``. Past the
        board's ``max_bytes`` the answer is dropped and no more are asked for: the board is then incomplete."""
        company: CareerSite = response.meta["company"]
        state = self.paged[company.key]
        state.waiting -= 1
        if error:
            state.errors.append(f"{response.url}: {error}")
        elif (
            item is not None
            and state.max_bytes is not None
            and (state.over_bytes or state.kept_bytes + len(response.body) > state.max_bytes)
        ):
            state.over_bytes = True
            state.todo.clear()
        elif item is not None:
            state.kept_bytes += len(response.body)
            state.items.append(item)
        yield from self._next_jobs(company)

    def jobs_done(self, company: CareerSite, state: Paged) -> Board:
        """The board once every job's own request answered; each ATS that fetches jobs one by one says how."""
        raise NotImplementedError

    def jobs_board(self, company: CareerSite, state: Paged, jobs: list[Any]) -> Board:
        """The board of ``jobs`` when every job's own request answered (a 404 one is gone, not failed); blocked or
        failed, archiving nothing, when one was refused or failed."""
        if state.refused:
            return self.board(company, CompanyState.blocked, state.refused)
        if state.errors:
            count = len(state.errors)
            reason = f"{count} job{'s' if count > 1 else ''} could not be fetched, e.g. {state.errors[0]}"
            return self.board(company, CompanyState.failed, reason[:500])
        return self.board(
            company,
            CompanyState.ok if jobs else CompanyState.empty,
            None if jobs else "the board has no open jobs",
            http_status=200,
            body=b"",
            offers=jobs,
        )

    def job_answer(self, response: Response, key: str) -> Outputs:
        """A job's own answer: kept when it is a JSON object with ``key``; a 404 means gone since the listing."""
        if response.status in (404, 410):
            yield from self.job_answered(response, None)
            return
        if response.status != 200:
            yield from self.job_answered(response, None, self.http_failure(response))
            return
        data, problem = self.json_of(response)
        if problem is None and not (isinstance(data, dict) and data.get(key)):
            problem = f"not a job (no {key!r})"
        yield from self.job_answered(response, None if problem else data, problem)

    # ------------------------------------------------------------ failed downloads

    def fetch_failed(self, failure: Failure) -> Outputs:
        request = failure.request  # type: ignore[attr-defined]
        company: CareerSite = request.meta["company"]
        status, reason = self.classify(failure)
        if request.meta.get("stage") == "job" and company.key in self.paged:
            state = self.paged[company.key]
            state.waiting -= 1
            if status is CompanyState.blocked:
                state.refused = state.refused or reason
                state.todo.clear()
            else:
                state.errors.append(f"{request.url}: {reason}")
            yield from self._next_jobs(company)
            return
        self.paged.pop(company.key, None)
        if request.meta.get("stage") == "more" and status is not CompanyState.blocked:
            status = CompanyState.failed  # a later page that cannot be had: the board is incomplete, not unknown
        yield self.board(company, status, reason)

    def off_site(self, company: CareerSite, target: str) -> tuple[CompanyState, str] | None:
        """What a redirect of the board's first request off its site means; None: a refusal like any other."""
        return CompanyState.not_hosted, f"redirected to {target}, away from the board; not followed"

    def classify(self, failure: Failure) -> tuple[CompanyState, str]:
        """Turn a download failure into a tenant state and words a user can act on."""
        exc = failure.value
        request = failure.request  # type: ignore[attr-defined]
        if isinstance(exc, OffSiteRedirect) and request.meta.get("stage") == "api":
            meaning = self.off_site(request.meta["company"], exc.target)
            if meaning is not None:
                return meaning
        if isinstance(exc, Refused):
            return CompanyState.blocked, str(exc)
        if isinstance(exc, TooManyRedirects):
            return CompanyState.failed, str(exc)
        if isinstance(exc, HttpError):
            status = exc.response.status
            if status in REDIRECTS:
                return CompanyState.failed, f"HTTP {status} without a usable Location header"
            return CompanyState.failed, self.http_failure(exc.response)
        if isinstance(exc, IgnoreRequest) and "robots" in str(exc).lower():
            return CompanyState.robots, "robots.txt forbids fetching the board; skipped"
        if isinstance(exc, CannotResolveHostError | DNSLookupError):
            return CompanyState.unknown, "host not found (DNS)"
        if isinstance(exc, DownloadTimeoutError | TimeoutError):
            timeout = self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT")
            return CompanyState.failed, f"timed out after {timeout:g} s"
        if isinstance(exc, DownloadCancelledError | CancelledError):
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE") / 1048576
            return CompanyState.failed, f"response larger than the {limit:g} MB limit; dropped"
        if isinstance(exc, ResponseDataLossError):
            return CompanyState.failed, "truncated body: the connection closed before the end of the response"
        if isinstance(exc, DownloadConnectionRefusedError):
            return CompanyState.failed, "connection refused"
        return CompanyState.failed, f"{type(exc).__name__}: {exc}"[:300]

    def http_failure(self, response: Response) -> str:
        gave_up = response.meta.get("retry_gave_up")
        if gave_up:
            return f"HTTP {response.status}: {gave_up}"
        tries = int(response.meta.get("retry_times", 0)) + 1
        return f"HTTP {response.status} after {tries} attempt{'s' if tries > 1 else ''}"


def listed_alike(listed: object, kept: object) -> bool:
    """Whether a job's listing entry says what it said when its kept answer was fetched (every field it has)."""
    return isinstance(listed, dict) and isinstance(kept, dict) and all(kept.get(k) == v for k, v in listed.items())


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class OneAnswerSpider(BoardSpider):
    """An ATS whose board is one JSON answer: the spider says where it is and which part of it is the jobs."""

    name = ""  # a base, not a spider Scrapy lists
    expected: ClassVar[str] = "a job board"

    def board_url(self, company: CareerSite) -> str:
        raise NotImplementedError

    def jobs_in(self, data: Any) -> tuple[list[Any], dict[str, Any]] | None:
        """The jobs of a decoded answer and what it says besides that the parser needs; None: not a board."""
        raise NotImplementedError

    def first_requests(self, company: CareerSite) -> Iterator[scrapy.Request]:
        yield self.request(company, self.board_url(company), self.parse_board, conditional=True)

    def elsewhere(self, company: CareerSite, why: str) -> scrapy.Request | None:
        """Where else to read the board when its endpoint is not there (``why``, from ``not_there``); None: the
        board is unknown, or failed, as the answer says."""
        return None

    def parse_board(self, response: Response) -> Outputs:
        company: CareerSite = response.meta["company"]
        why = self.not_there(response)
        board = (self.elsewhere(company, why) if why else None) or self.unanswered(response)
        if board is not None:
            yield board
            return
        data, problem = self.json_of(response)
        found = self.jobs_in(data) if problem is None else None
        if problem is not None:
            yield self.board(company, CompanyState.failed, problem, http_status=200)
        elif found is None:
            yield self.unexpected(company, self.expected, data)
        else:
            yield self.finished(company, response, *found)
