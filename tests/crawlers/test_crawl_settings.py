"""In-process: a crawler takes its values from the settings object it is given, and retries through Scrapy's public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler, get_reactor_settings

from core.settings import Settings
from crawlers.middlewares import BackoffRetryMiddleware
from crawlers.settings import crawl_settings, jobboard_settings
from crawlers.spiders.recruitee import RecruiteeSpider

REPO = Path(__file__).resolve().parents[2]


def crawler_for(settings: Settings, **overrides: object) -> Crawler:
    """A crawler made as ``jobboard crawl`` makes it (``crawl_settings``), on the reactor this test process has."""
    return get_crawler(RecruiteeSpider, {**crawl_settings(settings), **get_reactor_settings(), **overrides})


def ours(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path,
        crawl_timeout_s=7,
        crawl_retries=2,
        crawl_polite=False,
        crawl_max_pages=3,
        contact_url="https://jobs.example.org/contact",
    )


def test_a_crawler_takes_the_settings_object_it_is_given_not_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBBOARD_CRAWL_TIMEOUT_S", "99")  # what get_settings() would say
    crawler = crawler_for(ours(tmp_path))
    values = crawler.settings

    assert values.getfloat("DOWNLOAD_TIMEOUT") == 7
    assert values.getint("RETRY_TIMES") == 2
    assert values.getfloat("DOWNLOAD_DELAY") == 0 and not values.getbool("AUTOTHROTTLE_ENABLED")
    assert values.getint("FALLBACK_MAX_PAGES") == 3
    assert values["USER_AGENT"].endswith("(+https://jobs.example.org/contact)")
    assert values["HTTPCACHE_DIR"] == str((tmp_path / "httpcache").resolve())
    assert jobboard_settings(values).data_dir == tmp_path


def test_a_scrapy_setting_given_outright_wins_over_the_derived_one(tmp_path: Path) -> None:
    crawler = crawler_for(ours(tmp_path), DOWNLOAD_TIMEOUT=3)
    assert crawler.settings.getfloat("DOWNLOAD_TIMEOUT") == 3
    assert crawler.settings.getint("RETRY_TIMES") == 2


def test_the_settings_module_reads_nothing_at_import() -> None:
    """A bad JOBBOARD_* value fails the crawl that uses it (one clear line), not every import of the module."""
    done = subprocess.run(
        [sys.executable, "-c", "import crawlers.settings, crawlers.pipelines, crawlers.spiders.recruitee"],
        cwd=REPO,
        env={"JOBBOARD_CRAWL_TIMEOUT_S": "soon", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_retries_go_through_scrapys_public_retry_request(tmp_path: Path) -> None:
    crawler = crawler_for(ours(tmp_path))
    crawler.spider = RecruiteeSpider.from_crawler(crawler, companies="acme")
    middleware = BackoffRetryMiddleware.from_crawler(crawler)
    request = Request("https://acme.recruitee.com/api/offers/")

    first = middleware.retry(request, "HTTP 503")
    assert first is not None and first.meta["retry_times"] == 1 and first.dont_filter
    second = middleware.retry(first, "HTTP 503")
    assert second is not None and second.meta["retry_times"] == 2
    assert middleware.retry(second, "HTTP 503") is None  # RETRY_TIMES (2) spent
    assert crawler.stats is not None
    assert crawler.stats.get_value("retry/count") == 2 and crawler.stats.get_value("retry/max_reached") == 1


def test_each_ats_api_base_is_an_origin_or_a_token_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBBOARD_PERSONIO_API_BASE", "http://127.0.0.1:8080/")
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    bases = settings.api_bases()

    assert set(bases) == {"recruitee", "greenhouse", "lever", "ashby", "workable", "smartrecruiters", "personio", "teamtailor"}
    assert bases["personio"] == "http://127.0.0.1:8080" and bases["teamtailor"] == "https://{token}.teamtailor.com"
    crawler = crawler_for(settings)
    spider = RecruiteeSpider.from_crawler(crawler, companies="personio:clark")
    assert spider.targets[0].api == "http://127.0.0.1:8080/clark"  # the spider reaches it where the setting says
    for bad in ("ftp://mirror.example", "https://{company}.jobs.personio.de", "mirror.example"):
        with pytest.raises(ValueError, match="personio_api_base"):
            Settings(_env_file=None, personio_api_base=bad)  # type: ignore[call-arg]
