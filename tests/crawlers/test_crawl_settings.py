"""In-process: a crawler takes its values from the settings object it is given, and retries through Scrapy's public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler, get_reactor_settings

from core.settings import Settings
from crawlers.middlewares import BackoffRetryMiddleware
from crawlers.settings import SHARED_HOST_CONCURRENCY, crawl_settings, jobboard_settings
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


def test_an_ats_api_host_shared_by_its_companies_takes_more_requests_at_a_time(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, personio_api_base="http://127.0.0.1:8080", crawl_polite=True
    )
    values = crawler_for(settings).settings
    slots = values.getdict("DOWNLOAD_SLOTS")

    # Hosts that answer for every company of their ATS, a region's too; a loopback base without {token} is one.
    for host in ("apply.workable.com", "api.smartrecruiters.com", "boards-api.greenhouse.io", "api.eu.lever.co", "127.0.0.1"):
        assert slots[host] == {"concurrency": SHARED_HOST_CONCURRENCY}, host
    assert not any(host.endswith((".teamtailor.com", ".recruitee.com")) for host in slots)  # a company's own host
    # Politeness is the same for them: no delay of their own, so the 1 s delay and AutoThrottle pace them too.
    assert values.getfloat("DOWNLOAD_DELAY") == 1.0 and values.getbool("AUTOTHROTTLE_ENABLED")
    assert values.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    more = Settings(_env_file=None, data_dir=tmp_path, crawl_concurrency_per_host=8)  # type: ignore[call-arg]
    assert crawler_for(more).settings.getdict("DOWNLOAD_SLOTS")["apply.workable.com"] == {"concurrency": 8}


def test_components_a_crawl_never_uses_are_not_even_listed(tmp_path: Path) -> None:
    """Scrapy imports every component its lists name, disabled or not: the telnet console, the remote-control server
    (aiohttp) and cookies (tldextract, requests) would cost every crawl's start-up for nothing."""
    values = crawler_for(ours(tmp_path)).settings
    extensions = build_component_list(values.get_component_priority_dict_with_base("EXTENSIONS"))
    downloader = build_component_list(values.get_component_priority_dict_with_base("DOWNLOADER_MIDDLEWARES"))

    assert "crawlers.extensions.Progress" in extensions and "scrapy.extensions.throttle.AutoThrottle" in extensions
    assert not any(name.endswith(("TelnetConsole", "RemoteControl", "FeedExporter")) for name in extensions)
    ours_first = ["AddressGuardMiddleware", "RobotsTxtMiddleware", "BackoffRetryMiddleware", "OnSiteRedirectMiddleware"]
    assert [name.rsplit(".", 1)[1] for name in downloader if name.endswith(tuple(ours_first))] == ours_first
    replaced = ("CookiesMiddleware", "MetaRefreshMiddleware", "RetryMiddleware", "RedirectMiddleware")
    assert not any(name.startswith("scrapy.") and name.endswith(replaced) for name in downloader)
