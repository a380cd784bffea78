"""From raw boards to posting files, raw archives, the run report and the search index.

This is where normalization happens (through ``parsers``), and where a
company's previous crawl is compared with the new one: postings missing from
a complete answer are archived, never deleted; an incomplete answer archives
nothing.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawlers.errors import StoreError
from crawlers.items import Board
from crawlers.report import CompanyResult, CrawlReport, new_run_id
from crawlers.store import PostingStore, RawStore, ValidatorStore, safe_name
from jobboard.errors import JobboardError
from jobboard.settings import Settings, get_settings
from parsers import ParseError, parse_recruitee_offer, parse_text
from parsers.record import Posting

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_SAMPLE_TITLE = re.compile(r"\(\s*sample\s*\)|\bsandbox\b", re.IGNORECASE)


@dataclass
class Normalized:
    """A board's postings by file slug, and what could not be used."""

    postings: dict[str, Posting] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # slugs of offers that failed to parse: never archived for that
    samples: int = 0
    problems: list[str] = field(default_factory=list)


def is_sample(title: str) -> bool:
    """Sandbox tenants fill their boards with demo offers titled '... (Sample)' or '... Sandbox ...'."""
    return bool(_SAMPLE_TITLE.search(title))


def normalize_board(board: Board) -> Normalized:
    result = Normalized()
    for position, offer in enumerate(board.offers):
        raw_slug = str(offer.get("slug") or offer.get("id") or "") if isinstance(offer, dict) else ""
        label = raw_slug or f"#{position}"
        try:
            record = parse_recruitee_offer(offer)
        except ParseError as exc:
            result.problems.append(f"offer {label}: {exc}")
            if raw_slug:
                result.unreadable.add(safe_name(raw_slug, raw_slug))
            continue
        if is_sample(record.title):
            result.samples += 1
            continue
        slug = safe_name(raw_slug or _slug_of(record.url), record.id)
        result.postings[slug] = record
    for url, html in sorted(board.pages.items()):
        slug = safe_name(_slug_of(url), "")
        try:
            records = parse_text(html)
        except ParseError as exc:
            result.problems.append(f"{url}: {exc}")
            if slug:
                result.unreadable.add(slug)
            continue
        for record in records:
            if is_sample(record.title):
                result.samples += 1
                continue
            result.postings[slug or safe_name(_slug_of(record.url), record.id)] = record
    return result


def kept_body(board: Board) -> bytes:
    """The offers response as kept on disk: as received, less the offers' ``mailbox_email`` (never stored)."""
    if not any(isinstance(offer, dict) and "mailbox_email" in offer for offer in board.offers):
        return board.body or b""
    offers = [
        {key: value for key, value in offer.items() if key != "mailbox_email"} if isinstance(offer, dict) else offer
        for offer in board.offers
    ]
    return json.dumps({"offers": offers}, ensure_ascii=False).encode("utf-8")


def _slug_of(url: str | None) -> str:
    path = urlsplit(url or "").path.rstrip("/")
    return path.rsplit("/", 1)[-1] if "/o/" in path else ""


class BoardApplier:
    """Normalize boards, write their files and remember what the index needs; shared by crawls and ``reparse``."""

    FLUSH_EVERY = 1000  # changed records handed to the index at a time, so a big crawl does not hold them all

    def __init__(self, settings: Settings, report: CrawlReport, update_index: bool = True) -> None:
        self.settings = settings
        self.report = report
        self.update_index = update_index
        self.postings = PostingStore(settings.postings_dir, max_bytes=int(settings.max_file_mb * 1048576))
        self.raw = RawStore(settings.raw_dir)
        self.validators = ValidatorStore(settings.crawls_dir / "validators.json")
        self.changed: dict[str, Posting] = {}

    def apply(self, board: Board, from_crawl: bool = True) -> CompanyResult:
        """Store one board; ``from_crawl=False`` (reparse) neither keeps raw responses nor touches validators."""
        result = CompanyResult(company=board.company, base_url=board.base_url, status=board.status, reason=board.reason)
        self.report.companies.append(result)
        now = datetime.now(UTC)
        try:
            if from_crawl and board.body is not None and board.complete:
                self.raw.save_api(board.company, kept_body(board), now)
            if from_crawl and board.pages:
                self.raw.save_pages(board.company, board.pages, now)
            if board.status == "not_modified":
                folder = self.postings.folder(board.company)
                result.postings = {"unchanged": sum(1 for _ in folder.glob("*.md")) if folder.is_dir() else 0}
                return result
            normalized = normalize_board(board)
            result.problems = normalized.problems
            if normalized.samples and not normalized.postings and not normalized.unreadable:
                result.status = "sandbox"
                result.reason = f"all {normalized.samples} offers are samples (a sandbox tenant); nothing stored"
                return result
            # Archive only on a complete answer, and never the postings whose offer we could not read.
            keep = normalized.unreadable - normalized.postings.keys()
            changes = self.postings.apply(board.company, normalized.postings, complete=board.complete, keep=keep)
        except StoreError as exc:
            result.status = "failed"
            result.reason = str(exc)
            self.report.broken = str(exc)
            return result
        result.problems += changes.problems
        result.postings = {**changes.as_dict(), "skipped": normalized.samples}
        if self.update_index:
            for record in changes.records:
                self.changed[record.id] = record
            if len(self.changed) >= self.FLUSH_EVERY:
                self.flush_index()
        if from_crawl:
            if board.complete and not normalized.problems:
                self.validators.remember(board.company, board.etag, board.last_modified)
            else:
                self.validators.forget(board.company)  # the next crawl must fetch it whole
        return result

    def flush_index(self) -> None:
        """Upsert the changed records gathered so far; an index failure is reported, the files stay written."""
        if not self.changed or self.report.index_error:
            self.changed.clear()
            return
        from index import open_index

        try:
            index = open_index(self.settings)
            try:
                self.report.indexed += index.upsert(self.changed.values())
            finally:
                index.close()
        except JobboardError as exc:
            self.report.index_error = f"index not updated: {exc}; posting files are written, run `jobboard index`"
        self.changed.clear()

    def finish(self, save_validators: bool = True) -> None:
        """Push the last changed records into the index and persist the validators."""
        if save_validators:
            try:
                self.validators.save()
            except StoreError as exc:
                self.report.broken = str(exc)
        self.flush_index()


class BoardPipeline:
    """Scrapy item pipeline around ``BoardApplier``; saves the run report when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = get_settings()
        run_id = crawler.settings.get("JOBBOARD_RUN_ID") or new_run_id()
        self.report = CrawlReport(run_id=run_id, started_at=datetime.now(UTC))
        self.applier = BoardApplier(
            self.settings, self.report, update_index=crawler.settings.getbool("JOBBOARD_UPDATE_INDEX", True)
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        for invalid in getattr(self.crawler.spider, "invalid", []):
            self.report.companies.append(
                CompanyResult(company=invalid.spec, base_url=None, status="invalid", reason=invalid.reason)
            )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Board):
            result = self.applier.apply(item)
            log = logger.warning if result.status == "failed" else logger.info
            log("%s: %s%s", result.company, result.status, f" ({result.reason})" if result.reason else "")
        return item

    def close_spider(self, spider: Any = None) -> None:
        report = self.report
        stats = self.crawler.stats
        seen = {result.company for result in report.companies}
        for company in getattr(self.crawler.spider, "targets", []):
            if company.key not in seen:  # the run stopped before this company was answered
                report.companies.append(
                    CompanyResult(
                        company=company.key,
                        base_url=company.base_url,
                        status="failed",
                        reason="not fetched: the run stopped early",
                    )
                )
        self.applier.finish()
        if stats is not None:
            report.requests = int(stats.get_value("downloader/request_count", 0) or 0)
            report.retries = int(stats.get_value("retry/count", 0) or 0)
        report.finished_at = datetime.now(UTC)
        try:
            path = report.save(self.settings.crawls_dir)
            logger.info("crawl report saved to %s", path)
        except StoreError as exc:
            report.broken = str(exc)
