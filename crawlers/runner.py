"""Run crawls and re-normalize kept responses; what ``jobboard crawl`` and ``jobboard reparse`` call.

A crawl runs Scrapy's reactor, which cannot be restarted: call ``run_crawl``
once per process (the scheduler starts a subprocess per crawl).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.companies import Company, parse_companies, read_companies_file
from crawlers.errors import CompanyListError, CrawlError, InvalidCompany
from crawlers.items import Board
from crawlers.pipelines import BoardApplier
from crawlers.report import CompanyResult, CrawlReport, new_run_id
from jobboard.settings import Settings, get_settings


@dataclass
class CompanyList:
    companies: list[Company]
    invalid: list[InvalidCompany]


def company_list(names: list[str], companies_file: str | Path | None, settings: Settings | None = None) -> CompanyList:
    """Companies named on the command line plus those of the file (the default file when neither is given)."""
    settings = settings or get_settings()
    specs = list(names)
    if companies_file is not None:
        specs += read_companies_file(companies_file)
    elif not names:
        default = settings.companies_path
        if not default.exists():
            raise CompanyListError(f"no companies to crawl: name some, or list them in {default} (one per line)")
        specs += read_companies_file(default)
    companies, invalid = parse_companies(specs)
    if not companies and not invalid:
        raise CompanyListError("no companies to crawl: the list is empty")
    return CompanyList(companies, invalid)


def run_crawl(
    companies: CompanyList,
    *,
    full: bool = False,
    update_index: bool = True,
    progress: bool = False,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Crawl the companies in this process and return the run report (as saved under ``data/crawls/``)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings as ScrapySettings

    from crawlers.spiders.recruitee import RecruiteeSpider

    scrapy_settings = ScrapySettings()
    scrapy_settings.setmodule("crawlers.settings", priority="project")
    overrides: dict[str, Any] = {
        "JOBBOARD_CONDITIONAL": not full,
        "JOBBOARD_UPDATE_INDEX": update_index,
        "JOBBOARD_PROGRESS": progress,
    }
    run_id = run_id or new_run_id()
    overrides["JOBBOARD_RUN_ID"] = run_id
    scrapy_settings.setdict(overrides, priority="cmdline")
    scrapy_settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # logging is the caller's (jobboard.logs)
    process = CrawlerProcess(scrapy_settings)
    crawler = process.create_crawler(RecruiteeSpider)
    specs = [company.spec for company in companies.companies] + [bad.spec for bad in companies.invalid]
    process.crawl(crawler, companies=specs)
    process.start()
    saved = get_settings().crawls_dir / f"{run_id}.json"
    try:
        report: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise CrawlError(f"the crawl stopped before it could report ({saved}); run again with --verbose to see why") from None
    return report


def reparse(companies: list[str], *, update_index: bool = True, settings: Settings | None = None) -> CrawlReport:
    """Normalize each company's newest kept response again (after a parser change), without fetching."""
    settings = settings or get_settings()
    started = datetime.now(UTC)
    report = CrawlReport(run_id=f"reparse-{started:%Y%m%dT%H%M%SZ}", started_at=started)
    applier = BoardApplier(settings, report, update_index=update_index)
    keys = companies or applier.raw.companies()
    for key in keys:
        path = applier.raw.latest(key)
        if path is None:
            report.companies.append(
                CompanyResult(company=key, base_url=None, status="failed", reason="no kept response to reparse")
            )
            continue
        try:
            board = _board_from_raw(key, path)
        except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
            report.companies.append(
                CompanyResult(company=key, base_url=None, status="failed", reason=f"{path}: unreadable ({exc})")
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
        return Board(company=company, base_url="", status="ok", source="html", pages={str(k): str(v) for k, v in pages.items()})
    data = json.loads(body)
    offers = data.get("offers") if isinstance(data, dict) else None
    if not isinstance(offers, list):
        raise ValueError("not an offers response")
    return Board(company=company, base_url="", status="ok" if offers else "empty", body=body, offers=offers)
