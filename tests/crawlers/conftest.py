"""The crawler's two test tiers and what they share.

In process, most tests: ``Replay`` runs the real spider and pipeline on recorded answers, with no network and no
reactor. Each request the spider makes is answered from a table of responses (or download failures) by URL, the
way Scrapy would hand them over, and its boards go through ``BoardPipeline`` into a temporary data folder: posting
files, raw responses, validators, the run report and a real tantivy index.

End to end, marked ``e2e``: what needs a real process and a real network (retry timing, robots.txt, body caps,
timeouts, redirects, ``kill -9``, locks, ``scrapy crawl``). Career sites run on loopback (pytest-httpserver) and
each crawl is a ``jobboard crawl`` subprocess, as users run it: Scrapy's reactor cannot restart inside one test
process. Every test here that serves a site (the ``site`` or ``crawl`` fixture) is marked ``e2e`` at collection.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import json
import os
import subprocess
import sys
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import scrapy
from pytest_httpserver import HTTPServer
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure
from werkzeug import Request, Response

from core.settings import Settings
from crawlers.pipelines import BoardPipeline
from crawlers.report import CompanyResult, CrawlReport
from crawlers.settings import crawl_settings
from crawlers.spiders.base import BoardSpider
from index import SearchQuery, open_index
from parsers import parse_file

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "recruitee"
REPO = Path(__file__).resolve().parents[2]
SOURCES = REPO / "tests" / "sources"  # each ATS's real-shaped answers, shared with the parsers' tests


def source_bytes(ats: str, name: str) -> bytes:
    return (SOURCES / ats / name).read_bytes()


def source_json(ats: str, name: str) -> Any:
    return json.loads(source_bytes(ats, name))


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_board(name: str = "offers.json") -> dict[str, Any]:
    board: dict[str, Any] = json.loads(fixture_text(name))
    return board


def base_url(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def company_key(server: HTTPServer) -> str:
    return f"127.0.0.1_{server.port}"


def json_body(data: object) -> Response:
    return Response(json.dumps(data), status=200, content_type="application/json; charset=utf-8")


class Recorder:
    """A handler that answers from a list of responses (the last one repeats) and notes when each request came."""

    def __init__(self, *responses: Response | Callable[[Request], Response]) -> None:
        self.responses = list(responses)
        self.times: list[float] = []
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.times.append(time.monotonic())
        self.requests.append(request)
        answer = self.responses[min(len(self.times), len(self.responses)) - 1]
        return answer(request) if callable(answer) and not isinstance(answer, Response) else answer


@pytest.fixture
def site() -> Iterator[Callable[..., HTTPServer]]:
    """Start a career site; robots.txt allows everything unless told otherwise."""
    servers: list[HTTPServer] = []

    def start(robots: str = "User-agent: *\nAllow: /\n") -> HTTPServer:
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        server.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.clear()
        if server.is_running():
            server.stop()


@dataclass
class CrawlRun:
    returncode: int
    report: dict[str, Any]
    stdout: str
    stderr: str
    data_dir: Path

    def result(self, company: str) -> dict[str, Any]:
        for result in self.report["results"]:
            if result["company"] == company:
                return dict(result)
        raise AssertionError(f"{company} not in the report: {[r['company'] for r in self.report['results']]}")

    def postings(self, company: str) -> dict[str, str]:
        return posting_files(self.data_dir, company)


def jobboard_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("JOBBOARD_")}
    env.update(
        {
            "JOBBOARD_DATA_DIR": str(data_dir),
            "JOBBOARD_CRAWL_POLITE": "false",
            "JOBBOARD_CRAWL_BACKOFF_S": "0.2",
            "JOBBOARD_CRAWL_TIMEOUT_S": "5",
            "NO_PROXY": "*",
        }
    )
    env.update(extra)
    return env


@pytest.fixture
def crawl(tmp_path: Path) -> Callable[..., CrawlRun]:
    """Run ``jobboard crawl --json ARGS`` with its data under ``tmp_path/data``; every call shares that folder."""
    data_dir = tmp_path / "data"

    def run(*args: str, env: dict[str, str] | None = None, json_report: bool = True, timeout: float = 120) -> CrawlRun:
        command = [sys.executable, "-m", "jobboard", "crawl", *(["--json"] if json_report else []), *args]
        done = subprocess.run(
            command,
            cwd=tmp_path,
            env=jobboard_env(data_dir, **(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        report: dict[str, Any] = {}
        if json_report and done.returncode in (0, 1) and done.stdout.strip():
            report = json.loads(done.stdout.strip().splitlines()[-1])
        return CrawlRun(done.returncode, report, done.stdout, done.stderr, data_dir)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test here that serves a loopback career site crawls it in a real process: it is ``e2e``."""
    for item in items:
        if item.path.is_relative_to(HERE) and {"site", "crawl"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


# ---------------------------------------------------------------- what a crawl leaves in the data folder


def posting_files(data_dir: Path, company: str) -> dict[str, str]:
    """A company's posting files: file name (without ``.md``) -> text."""
    folder = data_dir / "postings" / company
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def on_disk(data_dir: Path, company: str) -> dict[str, bool]:
    """Every posting file of a company: id -> archived."""
    records = [record for path in (data_dir / "postings" / company).glob("*.md") for record in parse_file(path)]
    return {record.id: record.archived for record in records}


def settings_for(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, index_backend="tantivy", index_dir=None)


def indexed(data_dir: Path) -> dict[str, bool]:
    """Every posting the index holds (archived ones too): id -> archived."""
    index = open_index(settings_for(data_dir))
    found: dict[str, bool] = {}
    cursor: str | None = None
    try:
        while True:
            page = index.search(SearchQuery(include_archived=True, sort="date", size=100, facet_size=0, cursor=cursor))
            found.update({hit.record.id: hit.record.archived for hit in page.items})
            if not page.next_cursor:
                return found
            cursor = page.next_cursor
    finally:
        index.close()


def journal_lines(data_dir: Path) -> list[str]:
    path = data_dir / "crawls" / "index-journal.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


_ENGLISH = fixture_board()["offers"][:3]


def generated_offer(number: int, version: int = 0, slug: str | None = None) -> dict[str, Any]:
    """An offer shaped like the fixture's (a real Recruitee answer), told apart by ``number``; ``version`` changes it."""
    offer = copy.deepcopy(_ENGLISH[number % len(_ENGLISH)])
    slug = slug or f"{offer['slug']}-{number}"
    title = f"{offer['title']} {number}" + (f" revision {version}" if version else "")
    url = f"https://tulpwerk.recruitee.com/o/{slug}"
    offer.update(id=2_000_000 + number, slug=slug, title=title, careers_url=url, careers_apply_url=f"{url}/c/new")
    offer["translations"]["en"]["title"] = title
    return offer


# ---------------------------------------------------------------- the in-process tier: recorded answers


@dataclass(frozen=True)
class Answer:
    """A recorded answer to one request: what the career site sent, or the failure its download ended in."""

    body: bytes = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    failure: Exception | None = None


def json_answer(data: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Answer:
    body = json.dumps(data).encode("utf-8")
    return Answer(body, status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def html_answer(text: str, status: int = 200) -> Answer:
    return Answer(text.encode("utf-8"), status, {"Content-Type": "text/html; charset=utf-8"})


def failed(exc: Exception) -> Answer:
    """A download that ended in ``exc`` before any response reached the spider (timeout, refused redirect...)."""
    return Answer(failure=exc)


Answers = Mapping[str, Answer | Callable[[scrapy.Request], Answer]]
"""Recorded answers by URL; a callable answers from the request (its headers, say)."""


def _failure(exc: Exception, request: scrapy.Request) -> Failure:
    failure = Failure(exc)
    failure.request = request  # type: ignore[attr-defined]  # as Scrapy hands every failed download to an errback
    return failure


def _outputs(handler: Callable[..., Any] | None, argument: object) -> list[Any]:
    assert handler is not None, "every request of the spider names its callback and its errback"
    return list(handler(argument) or ())


async def _listed(requests: AsyncIterator[scrapy.Request]) -> list[scrapy.Request]:
    return [request async for request in requests]


class Replay:
    """Crawls of a temporary data folder without a network or a reactor: the real spider and pipeline, each
    request the spider makes answered from recorded answers.

    ``asked`` lists every request the spider made, over all runs, in order.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.settings = settings_for(data_dir)
        self.asked: list[scrapy.Request] = []

    def spider(self, *companies: str, companies_file: Path | None = None, **scrapy_settings: Any) -> BoardSpider:
        """The spider as ``jobboard crawl`` makes it, on a crawler with the project's Scrapy settings and these.

        ``JOBBOARD_CONDITIONAL=False`` is ``--full``.
        """
        crawler = get_crawler(BoardSpider, crawl_settings(self.settings, **scrapy_settings))
        spider = BoardSpider.from_crawler(crawler, companies=list(companies) or None, companies_file=companies_file)
        crawler.spider = spider  # as Crawler.crawl does before the engine starts
        return spider

    def start(self, spider: BoardSpider) -> list[scrapy.Request]:
        return asyncio.run(_listed(spider.start()))

    def answer(self, request: scrapy.Request, answers: Answers) -> list[Any]:
        """What the spider makes of the recorded answer to ``request``: boards and further requests.

        Like Scrapy's HttpErrorMiddleware, an answer outside 2xx reaches the errback unless the request handles
        its status; a URL without a recorded answer fails the test: the spider asked for something unexpected.
        """
        self.asked.append(request)
        recorded = answers.get(request.url)
        if recorded is None:
            raise AssertionError(f"the spider asked for {request.url}, which has no recorded answer")
        answer = recorded if isinstance(recorded, Answer) else recorded(request)
        if answer.failure is not None:
            return _outputs(request.errback, _failure(answer.failure, request))
        headers = Headers(dict(answer.headers))
        kind = responsetypes.from_args(headers=headers, url=request.url, body=answer.body)
        response = kind(url=request.url, status=answer.status, headers=headers, body=answer.body, request=request)
        if 200 <= answer.status < 300 or answer.status in request.meta.get("handle_httpstatus_list", ()):
            return _outputs(request.callback, response)
        return _outputs(request.errback, _failure(HttpError(response, "Ignoring non-200 response"), request))

    def crawl(self, *companies: str, answers: Answers, companies_file: Path | None = None, **scrapy_settings: Any) -> CrawlReport:
        """One crawl run: every request answered, every board through ``BoardPipeline``; its saved run report."""
        spider = self.spider(*companies, companies_file=companies_file, **scrapy_settings)
        crawler = spider.crawler
        pipeline = BoardPipeline.from_crawler(crawler)
        pipeline.open_spider()
        pending = deque(self.start(spider))
        while pending:
            request = pending.popleft()
            assert crawler.stats is not None
            crawler.stats.inc_value("downloader/request_count")
            for output in self.answer(request, answers):
                if isinstance(output, scrapy.Request):
                    pending.append(output)
                else:
                    pipeline.process_item(output)
        pipeline.close_spider()
        return pipeline.report


@pytest.fixture
def replay(tmp_path: Path) -> Replay:
    return Replay(tmp_path / "data")


def result_of(report: CrawlReport, company: str) -> CompanyResult:
    for result in report.results:
        if result.company == company:
            return result
    raise AssertionError(f"{company} not in the report: {[r.company for r in report.results]}")


def search_titles(settings: Settings, **filters: Any) -> list[str]:
    """Titles the index answers for ``filters``, sorted."""
    index = open_index(settings)
    try:
        found = index.search(SearchQuery(size=100, facet_size=0, **filters))
    finally:
        index.close()
    return sorted(hit.record.title for hit in found.items)


# ---------------------------------------------------------------- boards of the other ATS, in process


def crawled(replay: Replay, spec: str, answers: Answers, **scrapy_settings: Any) -> CompanyResult:
    """Crawl one company with ``answers``; its line of the run report."""
    report = replay.crawl(spec, answers=answers, **scrapy_settings)
    (result,) = report.results
    return result


def kept_board(data_dir: Path, key: str) -> dict[str, Any]:
    """The newest raw answer kept for ``key``, decoded."""
    (latest,) = sorted((data_dir / "raw" / key).glob("*.json.gz"))[-1:]
    kept: dict[str, Any] = json.loads(gzip.decompress(latest.read_bytes()))
    return kept


def active(data_dir: Path, key: str) -> int:
    return sum(1 for archived in on_disk(data_dir, key).values() if not archived)
