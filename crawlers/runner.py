"""Run crawls and re-normalize kept responses; what ``jobboard crawl`` and ``jobboard reparse`` call.

A crawl runs Scrapy's reactor, which cannot be restarted: call ``crawl_in_process``
once per process (``crawlers.launch`` starts a subprocess per crawl). The process
records itself through ``RecordedRun``: the lock of its companies and its row
in the run history, both for exactly as long as it lives.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from core.errors import JobboardError
from core.files import os_reason
from core.settings import Settings
from crawlers.companies import CareerSite, parse_companies, read_companies_file
from crawlers.errors import CompanyListError, InvalidCompany, StoreError
from crawlers.items import Board, CompanyState
from crawlers.pipelines import BoardApplier, BoardPipeline
from crawlers.report import CompanyResult, CrawlReport
from crawlers.runs import EXIT_BUSY, EXIT_INTERRUPTED, CrawlBusy, CrawlLock, RunHistoryError, RunStatus, RunStore, Trigger
from crawlers.sources import ATS

if TYPE_CHECKING:
    from typing import Self


class ReportError(StoreError):
    """The crawl's run report cannot be written, or the crawl stopped before it was made."""


@dataclass
class CompanyList:
    companies: list[CareerSite]
    invalid: list[InvalidCompany]


@dataclass
class CrawlOutcome:
    """The run report, and whether SIGTERM/SIGINT stopped the crawl before it was done."""

    report: CrawlReport
    interrupted: bool = False


def company_list(names: list[str], companies_file: str | Path | None, settings: Settings) -> CompanyList:
    """Companies named on the command line plus those of the file (the default file when neither is given)."""
    specs = list(names)
    if companies_file is not None:
        specs += read_companies_file(companies_file)
    elif not names:
        default = settings.companies_path
        if not default.exists():
            raise CompanyListError(f"no companies to crawl: name some, or list them in {default} (one per line)")
        specs += read_companies_file(default)
    companies, invalid = parse_companies(specs, settings.api_bases())
    if not companies and not invalid:
        raise CompanyListError("no companies to crawl: the list is empty")
    return CompanyList(companies, invalid)


def crawl_in_process(
    companies: CompanyList,
    settings: Settings,
    run_id: str,
    *,
    full: bool = False,
    update_index: bool = True,
    progress: bool = False,
) -> CrawlOutcome:
    """Crawl the companies in this process and return its run report (also saved under ``data/crawls/``).

    Raises ``ReportError`` before fetching anything when the reports folder is not writable, and after
    the crawl when it stopped before its report was made.
    """
    from scrapy.crawler import CrawlerProcess

    from crawlers.settings import crawl_settings
    from crawlers.spiders.base import BoardSpider

    _check_writable(settings.crawls_dir)  # no point fetching every board if the run cannot be reported
    scrapy_settings = crawl_settings(
        settings,
        JOBBOARD_CONDITIONAL=not full,
        JOBBOARD_UPDATE_INDEX=update_index,
        JOBBOARD_PROGRESS=progress,
        JOBBOARD_RUN_ID=run_id,
        LOG_INSTALL_ROOT_HANDLER=False,  # logging is the caller's (core.logs)
    )
    process = CrawlerProcess(scrapy_settings)
    crawler = process.create_crawler(BoardSpider)  # each company is read by the spider of its ATS
    specs = [company.spec for company in companies.companies] + [bad.spec for bad in companies.invalid]
    process.crawl(crawler, companies=specs)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        process.start()  # Scrapy's handlers: the first SIGTERM/SIGINT closes the spider gracefully (its report is saved)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)  # Scrapy's would now call into a stopped reactor
    try:
        pipeline = crawler.get_item_pipeline(BoardPipeline)
    except RuntimeError:  # the crawl stopped before its engine (and so its pipeline) was made
        pipeline = None
    report = pipeline.report if pipeline is not None else None
    if report is None or report.finished_at is None:
        raise ReportError(f"crawl {run_id} stopped before it made its run report; run again with --verbose to see why")
    interrupted = crawler.stats is not None and crawler.stats.get_value("finish_reason") == "shutdown"
    return CrawlOutcome(report, interrupted)


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ReportError(f"cannot write run reports in {folder}: {os_reason(exc)}") from None


def exit_status(exc: BaseException) -> int:
    """``jobboard crawl``'s exit status for what stopped it; its run row records the same."""
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(exc, CrawlBusy):
        return EXIT_BUSY
    if isinstance(exc, StoreError | RunHistoryError) or not isinstance(exc, JobboardError):
        return 1  # files, reports or the run history could not be written (or a bug)
    return 2  # a usage problem: no companies file, no companies


class RecordedRun:
    """This crawl process's run: its companies' lock for the process's whole life, and its row from start to end.

    Entering takes the lock (``CrawlBusy`` when another crawl of the same companies holds it), marks
    runs left 'running' by dead processes as failed, inserts this run's row and, when a parent
    waits on ``ready_fd``, writes ``locked RUN_ID`` to it. Leaving records how the run ended if
    ``finish`` was not called (an exception: failed; SIGTERM/SIGINT: interrupted) and frees the lock.
    """

    def __init__(
        self,
        settings: Settings,
        key: str,
        trigger: Trigger,
        run_id: str,
        log_path: str | None = None,
        ready_fd: int | None = None,
    ) -> None:
        self.settings = settings
        self.key = key
        self.trigger = trigger
        self.run_id = run_id
        self.log_path = log_path
        self.ready_fd = ready_fd
        self.lock = CrawlLock(settings, key)
        self.store: RunStore | None = None
        self.finished = False
        self._sigterm: Any = None

    def __enter__(self) -> Self:
        # Until Scrapy installs its own handlers, SIGTERM stops the run like Ctrl-C does.
        self._sigterm = signal.signal(signal.SIGTERM, _interrupt)
        try:
            self.lock.acquire(self.run_id)
            try:
                self.store = RunStore.of(self.settings)
                self.store.mark_abandoned(self.key)  # we hold the lock: a 'running' run of these companies died with its process
                self.store.start(self.run_id, self.key, self.trigger, log_path=self.log_path)
            except BaseException:
                self.lock.release()
                raise
        except BaseException:
            signal.signal(signal.SIGTERM, self._sigterm)
            raise
        self._notify_parent()
        return self

    def _notify_parent(self) -> None:
        if self.ready_fd is None:
            return
        with contextlib.suppress(OSError):  # a parent that went away does not stop the crawl
            os.write(self.ready_fd, f"locked {self.run_id}\n".encode())
        with contextlib.suppress(OSError):
            os.close(self.ready_fd)

    def finish(self, outcome: CrawlOutcome) -> int:
        """Record the run, with its report, as the report says it ended; the process's exit status."""
        report = outcome.report
        status: RunStatus
        if outcome.interrupted:
            status, code, error = "interrupted", EXIT_INTERRUPTED, "stopped by SIGTERM/SIGINT before it finished"
        elif report.failed:
            status, code, error = "failed", 1, report.failed
        else:
            status, code, error = "ok", 0, None
        self._record(status, code, error, report)
        return code

    def _record(self, status: RunStatus, code: int, error: str | None, stats: CrawlReport | None) -> None:
        if self.store is not None and not self.finished:
            self.store.finish(self.run_id, status, exit_code=code, error=error, stats=stats)
        self.finished = True

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if exc is not None and not self.finished:
                interrupted = isinstance(exc, KeyboardInterrupt)
                error = "stopped by SIGTERM/SIGINT before it finished" if interrupted else str(exc) or type(exc).__name__
                if not isinstance(exc, JobboardError | KeyboardInterrupt):
                    error = f"{type(exc).__name__}: {error}"
                self._record("interrupted" if interrupted else "failed", exit_status(exc), error, None)
        finally:
            self.lock.release()
            signal.signal(signal.SIGTERM, self._sigterm)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def reparse(companies: list[str], settings: Settings, *, update_index: bool = True) -> CrawlReport:
    """Normalize each company's newest kept response again (after a parser change), without fetching."""
    started = datetime.now(UTC)
    report = CrawlReport(run_id=f"reparse-{started:%Y%m%dT%H%M%SZ}", started_at=started)
    applier = BoardApplier(settings, report, update_index=update_index)
    applier.replay_journal()
    keys = companies or applier.raw.companies()
    for key in keys:
        path = applier.raw.latest(key)
        if path is None:
            report.results.append(
                CompanyResult(company=key, base_url=None, status=CompanyState.failed, reason="no kept response to reparse")
            )
            continue
        try:
            board = _board_from_raw(key, path)
        except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
            report.results.append(
                CompanyResult(company=key, base_url=None, status=CompanyState.failed, reason=f"{path}: unreadable ({exc})")
            )
            continue
        applier.apply(board, from_crawl=False)
    applier.finish(save_validators=False)
    report.finished_at = datetime.now(UTC)
    return report


def _board_from_raw(company: str, path: Path) -> Board:
    body = gzip.decompress(path.read_bytes())
    if path.name.endswith(".pages.json.gz"):
        pages = json.loads(body)
        if not isinstance(pages, dict):
            raise ValueError("not a map of offer pages")
        pages = {str(k): str(v) for k, v in pages.items()}
        return Board(company=company, base_url="", status=CompanyState.ok, source="html", pages=pages)
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("jobs"), list) and data.get("kind") in ATS:
        context = data.get("context")
        jobs = data["jobs"]
        status = CompanyState.ok if jobs else CompanyState.empty
        kind = str(data["kind"])
        return Board(company, "", status, kind=kind, body=body, offers=jobs, context=context if isinstance(context, dict) else {})
    offers = data.get("offers") if isinstance(data, dict) else None
    if not isinstance(offers, list):
        raise ValueError("neither an offers response nor a board's jobs")
    status = CompanyState.ok if offers else CompanyState.empty
    return Board(company=company, base_url="", status=status, body=body, offers=offers)
