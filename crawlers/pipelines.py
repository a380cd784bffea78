"""From raw boards to posting files, raw archives, the run report and the search index.

This is where normalization happens (through ``parsers``), and where a
company's previous crawl is compared with the new one: postings missing from
a complete answer are archived, never deleted; an incomplete answer, one with
an offer that could not be read, or a sharp shrink not yet seen twice archives
nothing. The index journal keeps the index in step with the files across crashes.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from core.errors import JobboardError
from core.settings import Settings
from crawlers.errors import StoreError
from crawlers.items import Board, CompanyState
from crawlers.report import CompanyResult, CrawlReport, new_run_id
from crawlers.settings import jobboard_settings
from crawlers.sources import job_id
from crawlers.store import (
    IndexJournal,
    OfferHashes,
    PostingStore,
    RawStore,
    ShrinkMemory,
    ValidatorStore,
    answer_digest,
    offer_hash,
    parser_stamp,
)
from parsers import ParseError, parse_jobs, parse_recruitee_offer, parse_text
from parsers.record import Posting

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_SAMPLE_TITLE = re.compile(r"\(\s*sample\s*\)|\bsandbox\b", re.IGNORECASE)


@dataclass
class Normalized:
    """A board's postings by their slug on the board, and what could not be used."""

    postings: dict[str, Posting] = field(default_factory=dict)
    unreadable: int = 0  # offers or pages that failed to parse: while there are any, nothing is archived
    samples: int = 0
    problems: list[str] = field(default_factory=list)

    def keep(self, records: list[Posting], slug: str) -> None:
        """Keep the postings one job or page made under its slug (else their URL's, else their id); samples are counted."""
        for record in records:
            if is_sample(record.title):
                self.samples += 1
            else:
                self.add(slug or _slug_of(record.url) or record.id, record)

    def add(self, slug: str, record: Posting) -> None:
        """Keep a posting under its slug; a second, different posting with the same slug gets its own key."""
        if slug in self.postings and self.postings[slug].id != record.id:
            slug = f"{slug}#{record.id}"
        self.postings[slug] = record


def is_sample(title: str) -> bool:
    """Sandbox tenants fill their boards with demo offers titled '... (Sample)' or '... Sandbox ...'."""
    return bool(_SAMPLE_TITLE.search(title))


def _parse_rows(board: Board, rows: list[Any]) -> list[Posting]:
    """One job's rows (an ATS may list a job once per place) as postings, by the parser of the board's ATS."""
    if board.kind == "recruitee":
        return [parse_recruitee_offer(offer) for offer in rows]
    return parse_jobs(board.kind, rows, board.context)


def normalize_board(board: Board, skip: frozenset[str] = frozenset()) -> Normalized:
    """Parse the board's offers and pages; offers whose raw slug is in ``skip`` are known unchanged: not parsed."""
    result = Normalized()
    jobs: dict[str, list[Any]] = {}
    for position, offer in enumerate(board.offers):
        raw_slug = job_id(board.kind, offer)
        if raw_slug and raw_slug in skip:
            continue
        # Rows with one id are one job (Workable lists a job once per country); a row without an id is its own.
        jobs.setdefault(raw_slug if raw_slug and board.kind != "recruitee" else f"{raw_slug}\0#{position}", []).append(offer)
    for label, rows in jobs.items():
        raw_slug = label.split("\0", 1)[0]
        try:
            records = _parse_rows(board, rows)
        except ParseError as exc:
            result.problems.append(f"offer {raw_slug or label.split(chr(0))[-1]}: {exc}")
            result.unreadable += 1
            continue
        result.keep(records, raw_slug)
    for url, html in sorted(board.pages.items()):
        try:
            records = parse_text(html)
        except ParseError as exc:
            result.problems.append(f"{url}: {exc}")
            result.unreadable += 1
            continue
        result.keep(records, _slug_of(url))
    return result


def offer_hashes(board: Board, stamp: str, known: dict[str, str] | None = None) -> dict[str, str]:
    """Raw slug -> hash of each offer that has a slug of its own on the board (a slug listed twice has none).

    What the board says besides its jobs (``context``) goes into every hash: it changes what a job parses to.
    ``known``: hashes already made of these very offers (``OfferHashes.known``), taken instead of made again.
    """
    slugs = Counter(job_id(board.kind, offer) for offer in board.offers)
    if board.context:
        stamp = f"{stamp}\n{json.dumps(board.context, sort_keys=True, default=str)}"
    known = known or {}
    return {
        slug: known.get(slug) or offer_hash(offer, stamp)
        for offer in board.offers
        if isinstance(offer, dict | str) and slugs[slug := job_id(board.kind, offer)] == 1 and slug and "\0" not in slug
    }


def kept_body(board: Board) -> bytes:
    """The board's answer as kept on disk, for ``reparse``.

    Recruitee's offers response as received, less the offers' ``mailbox_email`` (never stored). Any other ATS:
    ``{"kind", "context", "jobs"}``, its jobs as received from every page (each XML job as its own text) and
    what the parser needs besides; ``jobboard parse`` reads that too.
    """
    if board.kind != "recruitee":
        kept = {"kind": board.kind, "context": board.context, "jobs": board.offers}
        return json.dumps(kept, ensure_ascii=False).encode("utf-8")
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


def index_journal(settings: Settings) -> IndexJournal:
    """The journal of posting files the index may lag behind; crawls, ``reparse`` and ``jobboard index`` share it."""
    return IndexJournal(settings.crawls_dir / "index-journal.txt", settings.postings_dir, max_bytes=_max_bytes(settings))


def _max_bytes(settings: Settings) -> int:
    return int(settings.max_file_mb * 1048576)


class BoardApplier:
    """Normalize boards, write their files and remember what the index needs; shared by crawls and ``reparse``."""

    FLUSH_EVERY = 1000  # changed records handed to the index at a time, so a big crawl does not hold them all

    def __init__(self, settings: Settings, report: CrawlReport, update_index: bool = True, skip_unchanged: bool = True) -> None:
        self.settings = settings
        self.skip_unchanged = skip_unchanged  # False for ``--full``: every offer is parsed again
        self.report = report
        self.update_index = update_index
        self.journal = index_journal(settings)
        self.postings = PostingStore(settings.postings_dir, max_bytes=_max_bytes(settings), journal=self.journal)
        self.raw = RawStore(settings.raw_dir)
        self.validators = ValidatorStore.of(settings.crawls_dir)
        self.shrinks = ShrinkMemory(settings.crawls_dir / "state" / "shrinks.json")  # not a run report: kept apart
        self.offers = OfferHashes.of(settings.crawls_dir)
        self.stamp = parser_stamp()
        self.changed: dict[str, Posting] = {}
        self.journaled: list[str] = []  # journal lines of the records in ``changed``

    def replay_journal(self) -> None:
        """Bring the index in step with what a killed run left in the files, before this run adds to them."""
        if not self.update_index:
            return
        from index import open_index

        try:
            entries = self.journal.entries()
            if not entries:
                return
            index = open_index(self.settings)
            try:
                replayed = self.journal.replay(index, entries)
            finally:
                index.close()
        except JobboardError as exc:
            self.report.index_error = (
                f"index not updated: {exc}; it may lag behind the posting files, which are listed in "
                f"{self.journal.path} for the next run (or run `jobboard index`)"
            )
            return
        self.report.indexed += replayed.indexed
        logger.info("index journal: %d postings a previous run left behind brought into the index", replayed.indexed)
        for problem in replayed.problems:
            logger.warning("index journal: %s", problem)

    def apply(self, board: Board, from_crawl: bool = True) -> CompanyResult:
        """Store one board; ``from_crawl=False`` (reparse) neither keeps raw responses nor touches validators."""
        result = CompanyResult(company=board.company, base_url=board.base_url, status=board.status, reason=board.reason)
        self.report.results.append(result)
        now = datetime.now(UTC)
        try:
            if from_crawl and board.body is not None and board.complete:
                self.raw.save_api(board.company, kept_body(board), now)
            if from_crawl and board.pages:
                self.raw.save_pages(board.company, board.pages, now)
            if board.status is CompanyState.not_modified:
                folder = self.postings.folder(board.company)
                result.postings = {"unchanged": sum(1 for _ in folder.glob("*.md")) if folder.is_dir() else 0}
                return result
            # An answer byte for byte the one its offers' hashes were recorded from has those same offers.
            answer = answer_digest(board.kind, board.context, board.body, self.stamp) if from_crawl and board.body else None
            known = self.offers.known(board.company, answer) if self.skip_unchanged else {}
            hashes = offer_hashes(board, self.stamp, known)
            folder = self.postings.folder(board.company)
            kept = self.offers.unchanged(board.company, hashes, folder) if from_crawl and self.skip_unchanged else {}
            normalized = normalize_board(board, frozenset(kept))
            if kept and normalized.postings.keys() & kept.keys():  # a parsed offer took a skipped one's slug
                kept = {}
                normalized = normalize_board(board)
            result.problems = normalized.problems
            if normalized.samples and not normalized.postings and not normalized.unreadable and not kept:
                result.status = CompanyState.sandbox
                result.reason = f"all {normalized.samples} offers are samples (a sandbox tenant); nothing stored"
                return result
            # Archive only on a complete answer whose every offer could be read: an offer we cannot read,
            # or one without a usable slug, is not known to be gone.
            if board.complete and normalized.unreadable:
                offers = "1 offer" if normalized.unreadable == 1 else f"{normalized.unreadable} offers"
                result.problems.append(f"{offers} could not be read: nothing archived this time")
            changes = self.postings.apply(
                board.company,
                normalized.postings,
                complete=board.complete and not normalized.unreadable,
                shrinks=self.shrinks if from_crawl else None,  # only a new fetch confirms a shrink
                kept=kept,
            )
            # Only now, with the files in place, may their offers be skipped next time.
            self.offers.record(board.company, hashes, changes.files, complete=board.complete, answer=answer)
        except StoreError as exc:
            result.status = CompanyState.failed
            result.reason = str(exc)
            self.report.broken = str(exc)
            return result
        result.problems += changes.problems
        result.postings = {**changes.as_dict(), "skipped": normalized.samples}
        if self.update_index:
            for record in changes.records:
                self.changed[record.id] = record
            self.journaled += changes.journal
            if len(self.changed) >= self.FLUSH_EVERY:
                self.flush_index()
        if from_crawl:
            if board.complete and not normalized.problems and not changes.held:
                self.validators.remember(board.company, board.etag, board.last_modified)
            else:
                self.validators.forget(board.company)  # the next crawl must fetch it whole
        return result

    def flush_index(self) -> None:
        """Upsert the changed records gathered so far, then drop their journal lines.

        An index failure is reported; the files stay written and their lines stay in the journal, so the
        next run (or ``jobboard index``) brings the index in step.
        """
        changed, journaled = list(self.changed.values()), self.journaled
        self.changed, self.journaled = {}, []
        if not changed or self.report.index_error:
            return
        from index import open_index

        try:
            index = open_index(self.settings)
            try:
                self.report.indexed += index.upsert(changed)
            finally:
                index.close()
        except JobboardError as exc:
            self.report.index_error = (
                f"index not updated: {exc}; the posting files are written and listed in {self.journal.path}: "
                "the next crawl or `jobboard index` brings the index in step"
            )
            return
        try:
            self.journal.remove(journaled)
        except StoreError as exc:  # the lines stay: the next run upserts those files once more, no harm done
            logger.warning("%s", exc)

    def finish(self, save_validators: bool = True) -> None:
        """Push the last changed records into the index and persist the validators and held shrinks."""
        if save_validators:
            try:
                self.validators.save()
                if self.shrinks.dirty:
                    self.shrinks.save()
                if self.offers.dirty:
                    self.offers.save()
            except StoreError as exc:
                self.report.broken = str(exc)
        self.flush_index()


class BoardPipeline:
    """Scrapy item pipeline around ``BoardApplier``; saves the run report when the spider closes.

    Whoever runs the crawl in this process gets the report itself from here (``crawler.get_item_pipeline``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = jobboard_settings(crawler.settings)
        run_id = crawler.settings.get("JOBBOARD_RUN_ID") or new_run_id()
        self.report = CrawlReport(run_id=run_id, started_at=datetime.now(UTC))
        self.applier = BoardApplier(
            self.settings,
            self.report,
            update_index=crawler.settings.getbool("JOBBOARD_UPDATE_INDEX", True),
            skip_unchanged=crawler.settings.getbool("JOBBOARD_CONDITIONAL", True),  # ``--full`` parses everything
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Any = None) -> None:
        self.applier.replay_journal()
        for invalid in getattr(self.crawler.spider, "invalid", []):
            self.report.results.append(
                CompanyResult(company=invalid.spec, base_url=None, status=CompanyState.invalid, reason=invalid.reason)
            )

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, Board):
            self._apply(item)
        return item

    def _apply(self, board: Board) -> None:
        result = self.applier.apply(board)
        board.body, board.offers, board.pages = None, [], {}  # stored: let the answer go before Scrapy drops the item
        log = logger.warning if result.status is CompanyState.failed else logger.info
        log("%s: %s%s", result.company, result.status, f" ({result.reason})" if result.reason else "")

    def close_spider(self, spider: Any = None) -> None:
        report = self.report
        stats = self.crawler.stats
        seen = {result.company for result in report.results}
        for company in getattr(self.crawler.spider, "targets", []):
            if company.key not in seen:  # the run stopped before this company was answered
                report.results.append(
                    CompanyResult(
                        company=company.key,
                        base_url=company.base_url,
                        status=CompanyState.failed,
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
        except StoreError as exc:  # the run's row still gets the report
            report.broken = f"run report not saved: {exc}"
