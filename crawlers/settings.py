"""Scrapy settings: polite defaults for crawling career sites that are not ours.

Values a user tunes come from the project's ``Settings`` (``JOBBOARD_*`` variables), filled in by
``JobboardAddon`` when a crawler is made, never at import: ``jobboard crawl`` hands its own settings
object over (``crawl_settings``, also what in-process tests build a crawler from), ``scrapy crawl
recruitee`` reads the environment then. Both behave the same.
"""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from scrapy.settings import BaseSettings, default_settings

from core.settings import Settings, get_settings
from crawlers.sources import shared_hosts

try:
    _version = version("jobboard")
except PackageNotFoundError:  # running from a checkout that was not installed
    _version = "0"

BOT_NAME = "jobboard"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Who we are and how we behave on other people's servers.
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
CONCURRENT_REQUESTS = 16
# What one answer's callback yields (a board, or a few requests) is handled in order: Scrapy would otherwise start
# CONCURRENT_ITEMS (100) asyncio tasks for every response, most of a crawl's own overhead, for a pipeline that
# never waits.
CONCURRENT_ITEMS = 1
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# An ATS's API host that answers for every company of it (``crawlers.sources.shared_hosts``) takes this many
# requests at a time, where a company's own host takes JOBBOARD_CRAWL_CONCURRENCY_PER_HOST: one at a time, a
# crawl of many boards on one ATS (a request per job on Workable and SmartRecruiters) would queue behind one
# connection. When polite, the delay and AutoThrottle still pace that host like any other.
SHARED_HOST_CONCURRENCY = 4

# Faults: every request times out and bodies are capped (``tuned``); 429/5xx are retried after a pause.
RETRY_ENABLED = True
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.AddressGuardMiddleware": 50,  # before robots.txt is asked for
    "crawlers.middlewares.BackoffRetryMiddleware": 550,  # in place of Scrapy's (left out of its base list below)
    "crawlers.middlewares.OnSiteRedirectMiddleware": 600,
}

# Other people's servers must not turn the crawler against ours: redirects stay on the company's site and
# internal addresses are refused (crawlers.middlewares). A meta refresh would be a redirect nobody checks, and
# the spider never needs one.
ADDRESS_GUARD_ENABLED = True
METAREFRESH_ENABLED = False

# Development (JOBBOARD_CRAWL_HTTP_CACHE): replay responses from disk instead of asking again.
HTTPCACHE_IGNORE_HTTP_CODES = [304, 408, 429, 500, 502, 503, 504]

ITEM_PIPELINES = {"crawlers.pipelines.BoardPipeline": 300}
# Only the components a crawl uses: core stats, log counts and stats, close-spider limits, memory usage and
# AutoThrottle. The telnet console and the remote-control server would run code sent to a loopback port during
# every crawl; cookies are off; feed exports, spider state (JOBDIR) and the memory debugger are not used.
# They are left out of Scrapy's base lists rather than switched off there: Scrapy imports every component a list
# names, even one set to None or one that then finds itself disabled, and these import aiohttp (remote control)
# and tldextract with requests (cookies), about a third of a crawl's start-up.
_UNUSED = frozenset(
    {
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.remote_control.RemoteControl",
        "scrapy.extensions.feedexport.FeedExporter",
        "scrapy.extensions.spiderstate.SpiderState",
        "scrapy.extensions.memdebug.MemoryDebugger",
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware",  # off: METAREFRESH_ENABLED above
        # Replaced by crawlers.middlewares' own (DOWNLOADER_MIDDLEWARES above).
        "scrapy.downloadermiddlewares.retry.RetryMiddleware",
        "scrapy.downloadermiddlewares.redirect.RedirectMiddleware",
    }
)
EXTENSIONS_BASE = {path: order for path, order in default_settings.EXTENSIONS_BASE.items() if path not in _UNUSED}
DOWNLOADER_MIDDLEWARES_BASE = {
    path: order for path, order in default_settings.DOWNLOADER_MIDDLEWARES_BASE.items() if path not in _UNUSED
}
TELNETCONSOLE_ENABLED = False  # and off should a base list name them again
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {"crawlers.extensions.Progress": 500}

LOG_LEVEL = "INFO"
ADDONS = {"crawlers.settings.JobboardAddon": 0}


def tuned(settings: Settings) -> dict[str, Any]:
    """The Scrapy settings that follow the project's: who we are, politeness, timeouts, caps, retries, the cache.

    ``JOBBOARD_SETTINGS`` carries the settings object itself, for the spider and the pipeline (folders, index).
    """
    max_body = int(settings.crawl_max_body_mb * 1024 * 1024)
    return {
        "JOBBOARD_SETTINGS": settings,
        "USER_AGENT": f"jobboard/{_version} (+{settings.contact_url})",
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.crawl_concurrency_per_host,
        "DOWNLOAD_SLOTS": api_slots(settings),
        "DOWNLOAD_DELAY": 1.0 if settings.crawl_polite else 0.0,
        "AUTOTHROTTLE_ENABLED": settings.crawl_polite,
        "DOWNLOAD_TIMEOUT": settings.crawl_timeout_s,
        "DOWNLOAD_MAXSIZE": max_body,
        "DOWNLOAD_WARNSIZE": max_body // 2,
        "RETRY_TIMES": settings.crawl_retries,
        "RETRY_BACKOFF_BASE": settings.crawl_backoff_s,
        "RETRY_BACKOFF_MAX": settings.crawl_max_wait_s,
        # The HTML fallback holds a company's offer pages until the last one answers: bounded in number and size.
        "FALLBACK_MAX_PAGES": settings.crawl_max_pages,
        "FALLBACK_MAX_BYTES": int(settings.crawl_max_pages_mb * 1024 * 1024),
        "HTTPCACHE_ENABLED": settings.crawl_http_cache,
        "HTTPCACHE_DIR": str((settings.data_dir / "httpcache").resolve()),
    }


def api_slots(settings: Settings) -> dict[str, dict[str, Any]]:
    """Scrapy's ``DOWNLOAD_SLOTS``: the ATS API hosts shared by all their companies, with their concurrency (no
    delay of their own: ``DOWNLOAD_DELAY`` and AutoThrottle apply as to every host)."""
    concurrency = max(settings.crawl_concurrency_per_host, SHARED_HOST_CONCURRENCY)
    return {host: {"concurrency": concurrency} for host in sorted(shared_hosts(settings.api_bases()))}


class JobboardAddon:
    """Fills ``tuned`` into a crawler's settings as it is made, from ``JOBBOARD_SETTINGS`` or else the environment.

    At add-on priority: a ``-s NAME=VALUE`` on Scrapy's command line still wins.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        for name, value in tuned(jobboard_settings(settings)).items():
            settings.set(name, value, priority="addon")


def jobboard_settings(settings: BaseSettings) -> Settings:
    """The project's settings a crawler runs with (the environment's for a crawler made without them)."""
    given = settings.get("JOBBOARD_SETTINGS")
    return given if isinstance(given, Settings) else get_settings()


def crawl_settings(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """Scrapy's project settings for a crawl with ``settings``: this module's, then ``overrides``
    (``JOBBOARD_RUN_ID=...``); ``JobboardAddon`` derives the rest when the crawler is made."""
    project = BaseSettings()
    project.setmodule(sys.modules[__name__])
    return {**project, "JOBBOARD_SETTINGS": settings, **overrides}
